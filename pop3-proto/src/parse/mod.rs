//! The `nom` grammar, one function per ABNF rule, and the stateless entry
//! points.
//!
//! Each entry point takes one complete line with its CRLF (bytes after
//! the CRLF are an error) and returns the value, borrowing from the
//! line, or a [`DecodeError`] naming the byte offset and what was
//! expected. The plain functions decode strictly; the `_with` functions
//! take [`Quirks`] and report each deviation they accepted as a
//! [`Warning`]. Being stateless, they count every offset from the first
//! byte of the line they were given; the sessions, which know where the
//! line sits in the stream, report stream offsets instead. Line length limits (RFC 2449 §4: 255 octets for a
//! command, 512 for a response line; none for AUTH lines, RFC 5034 §4)
//! belong to `framing`, not to these functions.
//!
//! ```
//! use pop3_proto::encode::Encode;
//! use pop3_proto::parse;
//! use pop3_proto::quirks::{Quirk, Quirks};
//! use pop3_proto::types::{Command, KnownCode};
//!
//! let cmd = parse::command(b"TOP 1 10\r\n")?;
//! assert!(matches!(cmd, Command::Top { lines: 10, .. }));
//! assert_eq!(cmd.to_vec(), b"TOP 1 10\r\n");
//!
//! let r = parse::response(b"-ERR [SYS/TEMP] try again later\r\n")?;
//! assert_eq!(r.code().and_then(|c| c.known()), Some(KnownCode::SysTemp));
//!
//! let mut warnings = Vec::new();
//! let r = parse::response_with(b"+ok 2 320\r\n", &Quirks::client_default(), &mut warnings)?;
//! assert_eq!(r.stat()?.octets, 320);
//! assert_eq!(warnings[0].quirk, Quirk::LowercaseStatus);
//! assert_eq!(parse::response(b"RETR 0\r\n").unwrap_err().to_string(), "at byte 0: expected +OK or -ERR");
//! # Ok::<(), pop3_proto::error::DecodeError>(())
//! ```

use alloc::vec::Vec;

mod capability;
mod command;
mod core;
mod listing;
mod response;

use self::core::{run_line, run_text};
use crate::error::DecodeError;
use crate::quirks::{Quirks, Warning};
use crate::types::{
    AuthResponse, Capability, Command, Continuation, LangListing, Response, ScanListing, Stat,
    UniqueIdListing,
};

macro_rules! entry {
    ($(#[$doc:meta])* $name:ident, $with:ident, $grammar:path, $out:ident) => {
        $(#[$doc])*
        ///
        /// Strict: no quirks.
        pub fn $name(line: &[u8]) -> Result<$out<'_>, DecodeError> {
            $with(line, &Quirks::strict(), &mut Vec::new())
        }

        $(#[$doc])*
        ///
        /// Accepts the deviations `quirks` switches on and appends a
        /// [`Warning`] to `warnings` for each one it used. Offsets (of
        /// warnings and errors) count from the first byte of `line`;
        /// sessions move them into the stream ([`Warning::in_stream`]).
        pub fn $with<'a>(
            line: &'a [u8],
            quirks: &Quirks,
            warnings: &mut Vec<Warning>,
        ) -> Result<$out<'a>, DecodeError> {
            run_line(line, quirks, warnings, $grammar)
        }
    };
}

entry!(
    /// A command line (RFC 1939 §3, RFC 2449 §3 `command`).
    command, command_with, command::command, Command
);
entry!(
    /// A status line (RFC 2449 §3 `single-line`, `greeting`): `+OK` or
    /// `-ERR`, an optional response code (§8), the text.
    response, response_with, response::single_line, Response
);
entry!(
    /// A server challenge during AUTH (RFC 5034 §4): `+ base64`.
    continuation, continuation_with, response::continue_req, Continuation
);
entry!(
    /// A client line answering a challenge (RFC 5034 §4): base64 or `*`.
    auth_response, auth_response_with, response::client_response, AuthResponse
);
entry!(
    /// One line of a CAPA reply (RFC 2449 §3 `capability`, §6).
    capability, capability_with, capability::capability, Capability
);
entry!(
    /// One line of a multi-line LIST reply, or the text of a single-line
    /// one with CRLF (RFC 1939 §5 scan listing).
    scan_listing, scan_listing_with, listing::scan_listing, ScanListing
);
entry!(
    /// One line of a multi-line UIDL reply (RFC 1939 §7 unique-id listing).
    unique_id_listing, unique_id_listing_with, listing::unique_id_listing, UniqueIdListing
);
entry!(
    /// One line of a LANG listing (RFC 6856 §3.2 language listing).
    lang_listing, lang_listing_with, listing::lang_listing, LangListing
);

macro_rules! text_entry {
    ($(#[$doc:meta])* $name:ident, $with:ident, $grammar:path, $out:ident) => {
        $(#[$doc])*
        ///
        /// `text` is [`Response::text`]; offsets in errors count from its
        /// start. Strict: no quirks.
        pub fn $name(text: &[u8]) -> Result<$out<'_>, DecodeError> {
            $with(text, &Quirks::strict(), &mut Vec::new())
        }

        $(#[$doc])*
        ///
        /// `text` is [`Response::text`]; offsets in errors and warnings
        /// count from its start. Accepts the deviations `quirks` switches
        /// on (spaces) and reports each as a [`Warning`].
        pub fn $with<'a>(
            text: &'a [u8],
            quirks: &Quirks,
            warnings: &mut Vec<Warning>,
        ) -> Result<$out<'a>, DecodeError> {
            run_text(text, quirks, warnings, $grammar)
        }
    };
}

text_entry!(
    /// The text of a positive STAT reply (RFC 1939 §5): `count SP octets`,
    /// anything after kept.
    stat_reply, stat_reply_with, listing::stat_text, Stat
);
text_entry!(
    /// The text of a positive single-line `LIST msg` reply (RFC 1939 §5):
    /// a scan listing.
    scan_listing_reply, scan_listing_reply_with, listing::scan_listing, ScanListing
);
text_entry!(
    /// The text of a positive single-line `UIDL msg` reply (RFC 1939 §7):
    /// a unique-id listing.
    unique_id_listing_reply, unique_id_listing_reply_with, listing::unique_id_listing, UniqueIdListing
);
text_entry!(
    /// The text of a LANG reply (RFC 6856 §3.2): the language tag in use,
    /// then the human-readable text (`+OK es Idioma cambiado`).
    lang_reply, lang_reply_with, listing::lang_listing, LangListing
);

impl Response<'_> {
    /// The text of a positive STAT reply, read strictly (see
    /// [`stat_reply`]; [`stat_reply_with`] takes quirks).
    pub fn stat(&self) -> Result<Stat<'_>, DecodeError> {
        stat_reply(self.text().as_bytes())
    }
    /// The text of a positive `LIST msg` reply, read (see
    /// [`scan_listing_reply`]).
    pub fn scan_listing(&self) -> Result<ScanListing<'_>, DecodeError> {
        scan_listing_reply(self.text().as_bytes())
    }
    /// The text of a positive `UIDL msg` reply, read (see
    /// [`unique_id_listing_reply`]).
    pub fn unique_id_listing(&self) -> Result<UniqueIdListing<'_>, DecodeError> {
        unique_id_listing_reply(self.text().as_bytes())
    }
    /// The text of a LANG reply, read (see [`lang_reply`]).
    pub fn lang_reply(&self) -> Result<LangListing<'_>, DecodeError> {
        lang_reply(self.text().as_bytes())
    }
}
