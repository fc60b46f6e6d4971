//! Named leniencies for real peers' deviations.
//!
//! Each field of [`Quirks`] switches one deviation on. When a decoder
//! accepts input only because a quirk is on, it reports a [`Warning`] with
//! the byte offset and the [`Quirk`]. Clients accept the known deviations
//! of servers by default ([`Quirks::client_default`]); servers decode
//! strictly except where the major servers are lenient out of the box
//! ([`Quirks::server_default`]).
//!
//! Not quirks, because the grammar allows them: a status line with no
//! text at all (`+OK\r\n`, RFC 2449 §3 `single-line = status [SP text]
//! CRLF`, which also covers a bare `+OK` greeting), lower-case command
//! keywords (RFC 1939 §3), anything after the size in a scan listing or a
//! STAT reply (RFC 1939 §5), leading zeros in numbers.

/// Which deviations a decoder accepts. Each switch is named after the
/// deviation; see [`Quirk`] for who sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Quirks {
    /// A line ended by LF alone instead of CRLF.
    pub bare_lf: bool,
    /// `+ok`, `-Err`: RFC 1939 §3 writes status indicators upper-case.
    pub lowercase_status: bool,
    /// `+OKtext`: no space between the status and the text.
    pub missing_space_after_status: bool,
    /// `-ERR [not a code`: text beginning with `[` that is no response
    /// code (RFC 2449 §3 forbids it; servers older than RFC 2449 send it).
    pub text_starts_with_bracket: bool,
    /// Spaces or tabs before the CRLF of a command, a CAPA line or a
    /// unique-id listing.
    pub trailing_whitespace: bool,
    /// More than one space between arguments, or between the fields of a
    /// listing or capability line.
    pub multiple_spaces: bool,
    /// `+\r\n` as an empty SASL challenge instead of `+ \r\n`
    /// (RFC 5034 §4).
    pub continuation_without_space: bool,
    /// An APOP digest in upper-case hex (RFC 1939 §7 says lower-case).
    pub uppercase_apop_digest: bool,
}

impl Quirks {
    /// Nothing but the RFCs.
    pub const fn strict() -> Self {
        Self {
            bare_lf: false,
            lowercase_status: false,
            missing_space_after_status: false,
            text_starts_with_bracket: false,
            trailing_whitespace: false,
            multiple_spaces: false,
            continuation_without_space: false,
            uppercase_apop_digest: false,
        }
    }

    /// What a client accepts from servers by default: every deviation
    /// listed here that a server may send. None of them changes what a
    /// reply means, so losing mail over one is the worse outcome.
    pub const fn client_default() -> Self {
        Self {
            bare_lf: true,
            lowercase_status: true,
            missing_space_after_status: true,
            text_starts_with_bracket: true,
            trailing_whitespace: true,
            multiple_spaces: true,
            continuation_without_space: true,
            uppercase_apop_digest: false,
        }
    }

    /// What a server accepts from clients by default: what Dovecot
    /// 2.3.19 POP3 was seen to accept here (`tests/parse_dovecot.rs`) —
    /// bare LF line ends (`STAT\n`), repeated spaces between arguments
    /// (`LIST  1`, `TOP 1  0`), trailing whitespace (`STAT \r\n`; Dovecot
    /// refuses it after a message number, this crate takes it there too)
    /// — and upper-case APOP digests, which change no meaning.
    pub const fn server_default() -> Self {
        Self {
            bare_lf: true,
            lowercase_status: false,
            missing_space_after_status: false,
            text_starts_with_bracket: false,
            trailing_whitespace: true,
            multiple_spaces: true,
            continuation_without_space: false,
            uppercase_apop_digest: true,
        }
    }

    /// True when `quirk` is switched on.
    pub const fn allows(&self, quirk: Quirk) -> bool {
        match quirk {
            Quirk::BareLf => self.bare_lf,
            Quirk::LowercaseStatus => self.lowercase_status,
            Quirk::MissingSpaceAfterStatus => self.missing_space_after_status,
            Quirk::TextStartsWithBracket => self.text_starts_with_bracket,
            Quirk::TrailingWhitespace => self.trailing_whitespace,
            Quirk::MultipleSpaces => self.multiple_spaces,
            Quirk::ContinuationWithoutSpace => self.continuation_without_space,
            Quirk::UppercaseApopDigest => self.uppercase_apop_digest,
            // No switch: a line never takes a bare CR, and in a body the
            // `BareLf` policy decides.
            Quirk::BareCr => false,
        }
    }
}

impl Default for Quirks {
    /// [`Quirks::strict`].
    fn default() -> Self {
        Self::strict()
    }
}

/// One deviation a decoder accepted; see the field of [`Quirks`] with the
/// same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Quirk {
    /// [`Quirks::bare_lf`]: `STAT\n`, from peers that write Unix line ends.
    /// Also reported for a bare LF inside a message body, which the body's
    /// `BareLf` policy governs.
    BareLf,
    /// [`Quirks::lowercase_status`]: `+ok`, `-Err`.
    LowercaseStatus,
    /// [`Quirks::missing_space_after_status`]: `+OKready`.
    MissingSpaceAfterStatus,
    /// [`Quirks::text_starts_with_bracket`]: `-ERR [no code here`.
    TextStartsWithBracket,
    /// [`Quirks::trailing_whitespace`]: `STAT \r\n`, `TOP \r\n` in CAPA.
    TrailingWhitespace,
    /// [`Quirks::multiple_spaces`]: `RETR  1`.
    MultipleSpaces,
    /// [`Quirks::continuation_without_space`]: `+\r\n` in AUTH.
    ContinuationWithoutSpace,
    /// [`Quirks::uppercase_apop_digest`]: `APOP mrose C4C9...`.
    UppercaseApopDigest,
    /// A CR not followed by LF inside a message body, from servers that
    /// store mail with old Mac line ends. No [`Quirks`] switch: the body's
    /// `BareLf` policy (`client::Config::bare_lf`) passes, normalizes or
    /// refuses it, and under the first two it is reported with this.
    BareCr,
}

/// A deviation the decoder accepted, and where.
///
/// The stateless `parse::*_with` functions count `offset` from the start
/// of the line (or text) they were given. Sessions report it in the
/// stream: bytes from the first byte the session ever received, as
/// [`crate::error::ProtocolError::offset`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Warning {
    /// Where the deviation is: a byte offset in the line for `parse`, in
    /// the stream received so far for a session's `Event::Warning`
    /// (saturating at `usize::MAX` where `usize` is narrower than the
    /// stream).
    pub offset: usize,
    /// Which deviation.
    pub quirk: Quirk,
}

impl Warning {
    /// The same warning for a line that starts at stream offset
    /// `line_start`: what a session does with the line-relative warnings
    /// of `parse::*_with`.
    pub fn in_stream(self, line_start: u64) -> Warning {
        let at = line_start.saturating_add(u64::try_from(self.offset).unwrap_or(u64::MAX));
        Warning {
            offset: usize::try_from(at).unwrap_or(usize::MAX),
            quirk: self.quirk,
        }
    }
}
