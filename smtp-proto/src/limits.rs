//! Limits, with the RFC defaults.
//!
//! Memory and work are bounded by these numbers, never by a number the peer
//! announced (a `SIZE=` parameter or a `BDAT` count is checked against them,
//! not trusted).

/// Configurable limits of one session. `Limits::default()` gives the RFC
/// minimums and defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest command line, `<CRLF>` included (RFC 5321 §4.5.3.1.4: 512).
    /// Offered extensions add to it: see [`extension_allowance`].
    pub command_line: usize,
    /// Longest reply line, `<CRLF>` included (RFC 5321 §4.5.3.1.5: 512).
    /// A client accepts this much; real servers send longer lines, so the
    /// client default is raised by [`Limits::client`].
    pub reply_line: usize,
    /// Longest text line of message content, `<CRLF>` included and the
    /// transparency dot not counted (RFC 5321 §4.5.3.1.6: 1000). Real mail
    /// oversteps it and servers accept it, so a server session reports the
    /// first longer line of a `DATA` message as a [`crate::quirks::Warning`]
    /// ([`crate::quirks::Quirk::LongTextLine`]) before its `DataEnd`, or
    /// refuses the message, as [`crate::server::TextLinePolicy`] says. `BDAT`
    /// content is not made of lines (RFC 3030) and is not checked. A sender
    /// can compare [`crate::framing::DotStuffer::longest_line`] with it.
    pub text_line: usize,
    /// Longest line of an `AUTH` exchange (RFC 4954 §4: 12288).
    pub auth_line: usize,
    /// Most lines in one multi-line reply.
    pub reply_lines: usize,
    /// Most recipients of one transaction (RFC 5321 §4.5.3.1.8: at least 100
    /// must be accepted).
    pub max_recipients: usize,
    /// Largest message content accepted, in octets (`None`: no limit;
    /// RFC 5321 §4.5.3.1.7 asks for at least 64K when set).
    pub max_message_size: Option<u64>,
    /// Most octets buffered but not yet consumed by the session. A server
    /// checks it while a reply is due (a client pipelining past its
    /// replies, RFC 2920 §3.2), a client on all the input it holds (one
    /// multi-line reply, or replies to a pipelined group). Going over it is
    /// a fatal `BufferFull` error; the server's carries `421 4.7.0`.
    /// Message content is streamed and does not count.
    pub buffer: usize,
}

impl Limits {
    /// RFC 5321 §4.5.3.1.4: command line, `<CRLF>` included.
    pub const COMMAND_LINE: usize = 512;
    /// RFC 5321 §4.5.3.1.5: reply line, `<CRLF>` included.
    pub const REPLY_LINE: usize = 512;
    /// RFC 5321 §4.5.3.1.6: text line, `<CRLF>` included.
    pub const TEXT_LINE: usize = 1000;
    /// RFC 4954 §4: a line of the AUTH exchange.
    pub const AUTH_LINE: usize = 12288;
    /// RFC 5321 §4.5.3.1.8: recipients that must be buffered.
    pub const RECIPIENTS: usize = 100;

    /// Limits suited to a client talking to real servers: reply lines up to
    /// 4096 octets, since servers overstep the 512 of RFC 5321 §4.5.3.1.5
    /// in their text.
    pub fn client() -> Self {
        Limits {
            reply_line: 4096,
            ..Self::default()
        }
    }

    /// The command line limit once the extensions named by `keywords` are
    /// offered: [`Limits::command_line`] plus each one's
    /// [`extension_allowance`].
    pub fn command_line_with<'k>(&self, keywords: impl IntoIterator<Item = &'k [u8]>) -> usize {
        keywords
            .into_iter()
            .map(extension_allowance)
            .fold(self.command_line, usize::saturating_add)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            command_line: Self::COMMAND_LINE,
            reply_line: Self::REPLY_LINE,
            text_line: Self::TEXT_LINE,
            auth_line: Self::AUTH_LINE,
            reply_lines: 256,
            max_recipients: Self::RECIPIENTS,
            max_message_size: None,
            buffer: 64 * 1024,
        }
    }
}

/// How many octets an offered ESMTP extension adds to the longest command
/// line (by its EHLO keyword, any case):
/// `SIZE` 26 (RFC 1870 §5 (5)), `BINARYMIME` 16 (RFC 3030 §3 (8)),
/// `SMTPUTF8` 10 (RFC 6531 §3.4 (5)), `DSN` 100 + 500 for `ENVID` and
/// `ORCPT` (RFC 3461 §4.2, §4.4), `AUTH` 500 for `AUTH=` (RFC 4954 §5),
/// `8BITMIME` 16 for `BODY=8BITMIME` (RFC 6152, like `BINARYMIME`).
pub fn extension_allowance(keyword: &[u8]) -> usize {
    const TABLE: &[(&[u8], usize)] = &[
        (b"SIZE", 26),
        (b"BINARYMIME", 16),
        (b"8BITMIME", 16),
        (b"SMTPUTF8", 10),
        (b"DSN", 600),
        (b"AUTH", 500),
    ];
    TABLE
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(keyword))
        .map_or(0, |(_, n)| *n)
}

/// The timeouts of RFC 5321 §4.5.3.2, for drivers: the sessions have no
/// clock. A client waits at least this long for each reply; a server waits
/// [`timeouts::SERVER`] for the next command.
pub mod timeouts {
    use core::time::Duration;

    const MINUTE: u64 = 60;

    /// §4.5.3.2.1: waiting for the 220 greeting.
    pub const GREETING: Duration = Duration::from_secs(5 * MINUTE);
    /// §4.5.3.2.2: waiting for the reply to MAIL.
    pub const MAIL: Duration = Duration::from_secs(5 * MINUTE);
    /// §4.5.3.2.3: waiting for the reply to RCPT.
    pub const RCPT: Duration = Duration::from_secs(5 * MINUTE);
    /// §4.5.3.2.4: waiting for the 354 reply to DATA.
    pub const DATA_INITIATION: Duration = Duration::from_secs(2 * MINUTE);
    /// §4.5.3.2.5: for each TCP send of message content.
    pub const DATA_BLOCK: Duration = Duration::from_secs(3 * MINUTE);
    /// §4.5.3.2.6: waiting for the reply to the end of data.
    pub const DATA_TERMINATION: Duration = Duration::from_secs(10 * MINUTE);
    /// §4.5.3.2.7: a server waiting for the next command.
    pub const SERVER: Duration = Duration::from_secs(5 * MINUTE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_rfc_numbers() {
        let l = Limits::default();
        assert_eq!(l.command_line, 512);
        assert_eq!(l.reply_line, 512);
        assert_eq!(l.text_line, 1000);
        assert_eq!(l.auth_line, 12288);
        assert_eq!(l.max_recipients, 100);
        assert_eq!(l.max_message_size, None);
    }

    #[test]
    fn extensions_raise_the_command_line() {
        let l = Limits::default();
        let kws: [&[u8]; 3] = [b"size", b"PIPELINING", b"SMTPUTF8"];
        assert_eq!(l.command_line_with(kws), 512 + 26 + 10);
    }
}
