//! Server status lines (RFC 1939 §3, RFC 2449 §3 and §8).

use super::code::ResponseCode;
use super::value::{IntoOctets, Text};
use crate::error::{DecodeError, DecodeErrorKind};

/// The status indicator of a response (RFC 1939 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// `+OK`
    Ok,
    /// `-ERR`
    Err,
}

impl Status {
    /// The indicator as written: `+OK` or `-ERR`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "+OK",
            Status::Err => "-ERR",
        }
    }
}

/// A status line: `status [SP [resp-code] text] CRLF` (RFC 2449 §3).
///
/// The text is bytes: in UTF-8 mode (RFC 6856) it may be 8-bit.
///
/// # Text that begins with `[`
///
/// RFC 2449 §3 says the text begins with `[` only when it is a response
/// code (`text = *schar / resp-code *CHAR`, `schar` excluding `[`). So
/// [`Response::new`] refuses text beginning with `[` when no code is
/// given, rather than escaping it: no escape would read back as the same
/// text. A parser run with
/// [`Quirks::text_starts_with_bracket`](crate::quirks::Quirks) may still
/// produce such a value from a peer that broke the rule; it is encoded as
/// it came, and reads back equal under the same quirk.
///
/// After a code, one space separates it from the text; that space is not
/// part of [`Response::text`], and it is written only when there is text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Response<'a> {
    status: Status,
    code: Option<ResponseCode<'a>>,
    text: Text<'a>,
}

impl<'a> Response<'a> {
    /// A response, refusing text that would read back as a response code
    /// (see [the type's documentation](Response)).
    pub fn new(
        status: Status,
        code: Option<ResponseCode<'a>>,
        text: Text<'a>,
    ) -> Result<Self, DecodeError> {
        if code.is_none() && text.as_bytes().first() == Some(&b'[') {
            return Err(DecodeError::new(
                0,
                "text not beginning with '[' (or a response code)",
                DecodeErrorKind::Ambiguous,
            ));
        }
        Ok(Self { status, code, text })
    }

    /// `+OK text`.
    pub fn ok(text: impl IntoOctets<'a>) -> Result<Self, DecodeError> {
        Self::new(Status::Ok, None, Text::new(text)?)
    }

    /// `-ERR text`.
    pub fn err(text: impl IntoOctets<'a>) -> Result<Self, DecodeError> {
        Self::new(Status::Err, None, Text::new(text)?)
    }

    /// `-ERR [code] text`.
    pub fn err_with_code(
        code: ResponseCode<'a>,
        text: impl IntoOctets<'a>,
    ) -> Result<Self, DecodeError> {
        Self::new(Status::Err, Some(code), Text::new(text)?)
    }

    /// Built by the parser, which has checked the `[` rule or applied a
    /// quirk that waives it.
    pub(crate) fn from_parts(
        status: Status,
        code: Option<ResponseCode<'a>>,
        text: Text<'a>,
    ) -> Self {
        Self { status, code, text }
    }

    /// `+OK` or `-ERR`.
    pub fn status(&self) -> Status {
        self.status
    }
    /// True for `+OK`.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }
    /// The response code, if the text began with one.
    pub fn code(&self) -> Option<&ResponseCode<'a>> {
        self.code.as_ref()
    }
    /// The text after the status (and after the code and its space).
    pub fn text(&self) -> &Text<'a> {
        &self.text
    }

    /// The APOP timestamp of a greeting (RFC 1939 §7), angle brackets
    /// included as the digest needs them: the first `<`, up to the next
    /// `>`, when what lies between is visible ASCII with an `@` (an
    /// RFC 822 msg-id, RFC 2449 §3 `timestamp`).
    pub fn apop_timestamp(&self) -> Option<&[u8]> {
        let t = self.text.as_bytes();
        let start = memchr::memchr(b'<', t)?;
        let rest = t.get(start.checked_add(1)?..)?;
        let len = memchr::memchr(b'>', rest)?;
        let inner = rest.get(..len)?;
        let ok = !inner.is_empty()
            && inner.iter().all(|&c| matches!(c, 0x21..=0x7E) && c != b'<')
            && inner.contains(&b'@');
        if ok {
            t.get(start..start.checked_add(len)?.checked_add(2)?)
        } else {
            None
        }
    }

    /// An owned copy that outlives the input.
    pub fn into_static(self) -> Response<'static> {
        Response {
            status: self.status,
            code: self.code.map(ResponseCode::into_static),
            text: self.text.into_static(),
        }
    }
}
