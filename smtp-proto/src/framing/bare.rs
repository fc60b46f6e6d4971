//! Bare CR and bare LF: what they are and what to do with them.

use core::fmt;

/// Which lone line-ending octet was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BareKind {
    /// A CR not followed by LF.
    Cr,
    /// An LF not preceded by CR.
    Lf,
}

/// A bare CR or bare LF in message content (RFC 5321 §2.3.8: "CR and LF
/// MUST only occur together as CRLF"). Reported with its byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BareLineEnding {
    /// Byte offset of the bare octet, counted from where the framer started.
    pub offset: usize,
    /// Which octet it was.
    pub kind: BareKind,
}

impl fmt::Display for BareLineEnding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            BareKind::Cr => "bare CR",
            BareKind::Lf => "bare LF",
        };
        write!(f, "at byte {}: expected CRLF, found {what}", self.offset)
    }
}

/// What a receiver does with a bare CR or LF in `DATA` content. Whatever the
/// policy, a bare octet never ends a line for the purpose of finding the end
/// of data: only `<CRLF>.<CRLF>` does (SMTP smuggling defence).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BareLinePolicy {
    /// Report it and drop the octet; the message must be refused.
    #[default]
    Reject,
    /// Report it and deliver CRLF in its place.
    Normalize,
    /// Report it and deliver it unchanged.
    Pass,
}
