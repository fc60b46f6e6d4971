//! Named leniencies for real peers' deviations.
//!
//! Each leniency the decoder may grant is a field of [`Quirks`]; when it is
//! used, the decoder reports a [`Warning`] with the byte offset and the
//! [`Quirk`]. Every quirk normalizes: the value it yields encodes strictly
//! and decodes again without the quirk.

/// One leniency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Quirk {
    /// `MAIL FROM:user@example.org`: a path without angle brackets
    /// (Postfix with its default `strict_rfc821_envelopes = no`, and Exim,
    /// accept it).
    PathWithoutBrackets,
    /// `MAIL FROM: <user@example.org>`: spaces after the colon (Postfix and
    /// Exim accept them; RFC 5321 §3.3 notes such clients exist).
    SpaceAfterColon,
    /// Spaces or tabs before the CRLF of a command (Postfix and Exim
    /// ignore them).
    TrailingWhitespace,
    /// More than one space, or a tab, between arguments or parameters
    /// (Postfix splits on any run of white space).
    ExtraWhitespace,
    /// `334 \r\n`: a reply line with a space but no text (RFC 5321 §4.2
    /// `textstring` needs at least one character), as servers send for an
    /// empty SASL challenge; read as a code-only line.
    SpaceWithoutText,
    /// `334\r\n`: an empty SASL challenge without the space that RFC 4954
    /// §4 requires (`"334" SP [base64] CRLF`); valid as an RFC 5321 reply
    /// line, so it is read as the empty challenge.
    ChallengeWithoutSpace,
    /// A multi-line reply whose last line still has `-` (`250-SIZE` then
    /// nothing): in a complete buffer handed to [`crate::parse::reply_with`],
    /// the last line ends the reply.
    LastLineContinued,
    /// A `DATA` content line longer than [`crate::limits::Limits::text_line`]
    /// (RFC 5321 §4.5.3.1.6: 1000 octets with CRLF). Real mail oversteps it
    /// and Postfix and Exim accept it; the server session reports it under
    /// [`crate::server::TextLinePolicy::Warn`], its default, and refuses
    /// the message under `Reject`. The content is delivered unchanged.
    LongTextLine,
    /// A line ended by LF alone. RFC 5321 §2.3.8 forbids it, and accepting
    /// it in commands opens SMTP smuggling (CVE-2023-51764), so it is off in
    /// every default.
    BareLf,
}

/// A quirk used while decoding, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Warning {
    /// Byte offset in the decoded input where the deviation starts.
    pub offset: usize,
    /// Which leniency was used.
    pub quirk: Quirk,
}

/// Which leniencies the decoder grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools)]
pub struct Quirks {
    /// [`Quirk::PathWithoutBrackets`].
    pub path_without_brackets: bool,
    /// [`Quirk::SpaceAfterColon`].
    pub space_after_colon: bool,
    /// [`Quirk::TrailingWhitespace`].
    pub trailing_whitespace: bool,
    /// [`Quirk::ExtraWhitespace`].
    pub extra_whitespace: bool,
    /// [`Quirk::SpaceWithoutText`].
    pub space_without_text: bool,
    /// [`Quirk::ChallengeWithoutSpace`].
    pub challenge_without_space: bool,
    /// [`Quirk::LastLineContinued`].
    pub last_line_continued: bool,
    /// [`Quirk::BareLf`].
    pub bare_lf: bool,
}

impl Quirks {
    /// Nothing but the RFC grammar.
    pub const fn strict() -> Self {
        Quirks {
            path_without_brackets: false,
            space_after_colon: false,
            trailing_whitespace: false,
            extra_whitespace: false,
            space_without_text: false,
            challenge_without_space: false,
            last_line_continued: false,
            bare_lf: false,
        }
    }

    /// For a server decoding commands: what Postfix and Exim accept out of
    /// the box (unbracketed paths, space after the colon, extra and
    /// trailing white space). Bare LF stays refused.
    pub const fn server_default() -> Self {
        Quirks {
            path_without_brackets: true,
            space_after_colon: true,
            trailing_whitespace: true,
            extra_whitespace: true,
            ..Quirks::strict()
        }
    }

    /// For a client decoding replies: `250 ` without text, `334` without
    /// its space, and a last line still marked `-`. Bare LF stays refused.
    pub const fn client_default() -> Self {
        Quirks {
            space_without_text: true,
            challenge_without_space: true,
            last_line_continued: true,
            ..Quirks::strict()
        }
    }
}

impl Default for Quirks {
    /// [`Quirks::strict`]; sessions pick the default for their role.
    fn default() -> Self {
        Quirks::strict()
    }
}
