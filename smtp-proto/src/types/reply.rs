//! Replies: RFC 5321 §4.2, with RFC 3463 enhanced status codes.

use alloc::format;
use alloc::vec::Vec;
use core::fmt;

use super::{IntoBytes, Text};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::parse;

/// A reply code: three digits, the first 2 to 5 (RFC 5321 §4.2, §4.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplyCode(u16);

impl ReplyCode {
    /// `220` service ready.
    pub const SERVICE_READY: ReplyCode = ReplyCode(220);
    /// `221` closing.
    pub const CLOSING: ReplyCode = ReplyCode(221);
    /// `235` authentication succeeded (RFC 4954).
    pub const AUTH_OK: ReplyCode = ReplyCode(235);
    /// `250` OK.
    pub const OK: ReplyCode = ReplyCode(250);
    /// `334` SASL challenge (RFC 4954).
    pub const AUTH_CHALLENGE: ReplyCode = ReplyCode(334);
    /// `354` start mail input.
    pub const START_MAIL_INPUT: ReplyCode = ReplyCode(354);
    /// `421` service not available, closing.
    pub const SERVICE_NOT_AVAILABLE: ReplyCode = ReplyCode(421);
    /// `500` syntax error, command unrecognized.
    pub const SYNTAX_ERROR: ReplyCode = ReplyCode(500);
    /// `501` syntax error in parameters.
    pub const PARAM_SYNTAX_ERROR: ReplyCode = ReplyCode(501);
    /// `502` command not implemented.
    pub const NOT_IMPLEMENTED: ReplyCode = ReplyCode(502);
    /// `503` bad sequence of commands.
    pub const BAD_SEQUENCE: ReplyCode = ReplyCode(503);

    /// A code from 200 to 599.
    pub fn new(code: u16) -> Result<Self, DecodeError> {
        if (200..=599).contains(&code) {
            Ok(ReplyCode(code))
        } else {
            Err(DecodeError::new(
                0,
                "reply code 200 to 599",
                DecodeErrorKind::OutOfRange,
            ))
        }
    }

    /// The number.
    pub fn get(self) -> u16 {
        self.0
    }

    /// The first digit: 2 positive completion, 3 positive intermediate,
    /// 4 transient negative, 5 permanent negative.
    pub fn class(self) -> u8 {
        (self.0 / 100) as u8
    }

    /// 2xx.
    pub fn is_positive_completion(self) -> bool {
        self.class() == 2
    }
    /// 3xx.
    pub fn is_positive_intermediate(self) -> bool {
        self.class() == 3
    }
    /// 4xx.
    pub fn is_transient_negative(self) -> bool {
        self.class() == 4
    }
    /// 5xx.
    pub fn is_permanent_negative(self) -> bool {
        self.class() == 5
    }

    pub(crate) fn digits(self) -> [u8; 3] {
        let c = self.0;
        [
            b'0' + (c / 100) as u8,
            b'0' + (c / 10 % 10) as u8,
            b'0' + (c % 10) as u8,
        ]
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An enhanced status code, RFC 3463 §2: `class "." subject "." detail`,
/// class 2, 4 or 5, subject and detail 0 to 999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnhancedCode {
    class: u8,
    subject: u16,
    detail: u16,
}

impl EnhancedCode {
    /// Validates the three numbers.
    #[inline]
    pub fn new(class: u8, subject: u16, detail: u16) -> Result<Self, DecodeError> {
        if !matches!(class, 2 | 4 | 5) {
            return Err(DecodeError::new(
                0,
                "class 2, 4 or 5",
                DecodeErrorKind::OutOfRange,
            ));
        }
        if subject > 999 || detail > 999 {
            return Err(DecodeError::new(
                2,
                "1 to 3 digits",
                DecodeErrorKind::OutOfRange,
            ));
        }
        Ok(EnhancedCode {
            class,
            subject,
            detail,
        })
    }
    /// The class (2, 4 or 5).
    pub fn class(self) -> u8 {
        self.class
    }
    /// The subject.
    pub fn subject(self) -> u16 {
        self.subject
    }
    /// The detail.
    pub fn detail(self) -> u16 {
        self.detail
    }
}

impl fmt::Display for EnhancedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

/// One line of a reply (RFC 5321 §4.2 `Reply-line`), for sessions that
/// assemble multi-line replies as lines arrive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReplyLine<'a> {
    /// The code.
    pub code: ReplyCode,
    /// Whether this is the last line (`code SP` or code alone) rather
    /// than a continuation (`code "-"`).
    pub last: bool,
    /// The text after the separator (empty for a code-only line).
    pub text: Text<'a>,
}

impl ReplyLine<'_> {
    /// An owned copy.
    pub fn into_static(self) -> ReplyLine<'static> {
        ReplyLine {
            code: self.code,
            last: self.last,
            text: self.text.into_static(),
        }
    }
}

/// A whole reply: one code and one or more lines of text (RFC 5321 §4.2).
///
/// Text is kept as bytes: 8-bit text is not an error (RFC 5321 §4.2 asks
/// for ASCII, but servers send other bytes, and a client must not lose a
/// reply over them).
#[derive(Clone)]
pub struct Reply<'a> {
    code: ReplyCode,
    // A one-line reply (the usual kind) needs no allocation: its text is
    // `first[0]`. With more lines, `more` holds all of them, in order.
    first: [Text<'a>; 1],
    more: Vec<Text<'a>>,
}

impl core::fmt::Debug for Reply<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Reply")
            .field("code", &self.code)
            .field("lines", &self.lines())
            .finish()
    }
}

impl PartialEq for Reply<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && self.lines() == other.lines()
    }
}

impl Eq for Reply<'_> {}

impl core::hash::Hash for Reply<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state);
        self.lines().hash(state);
    }
}

impl<'a> Reply<'a> {
    /// A one-line reply (`text` may be empty: a code-only line), such as
    /// `Reply::new(250, "OK")`.
    pub fn new(code: u16, text: impl IntoBytes<'a>) -> Result<Self, DecodeError> {
        let code = ReplyCode::new(code)?;
        let text = Text::new(text).map_err(|e| e.shifted(4))?;
        Ok(Reply::one(code, text))
    }

    /// A one-line reply whose text starts with an enhanced status code
    /// (RFC 2034 §4); its class must be the code's first digit.
    pub fn with_enhanced(
        code: u16,
        enhanced: EnhancedCode,
        text: &str,
    ) -> Result<Reply<'static>, DecodeError> {
        let code = ReplyCode::new(code)?;
        if code.class() != enhanced.class() {
            return Err(DecodeError::new(
                4,
                "enhanced code class equal to the reply's first digit",
                DecodeErrorKind::CodeMismatch,
            ));
        }
        let line = if text.is_empty() {
            format!("{enhanced}")
        } else {
            format!("{enhanced} {text}")
        };
        let text = Text::new(line).map_err(|e| e.shifted(4))?;
        Ok(Reply::one(code, text))
    }

    /// A reply of one or more lines.
    pub fn multiline(code: ReplyCode, lines: Vec<Text<'a>>) -> Result<Self, DecodeError> {
        if lines.is_empty() {
            return Err(DecodeError::new(
                0,
                "at least one line",
                DecodeErrorKind::Syntax,
            ));
        }
        Ok(Reply::from_parts(code, lines))
    }

    /// The code.
    pub fn code(&self) -> ReplyCode {
        self.code
    }

    /// The lines' text, at least one.
    pub fn lines(&self) -> &[Text<'a>] {
        if self.more.is_empty() {
            &self.first
        } else {
            &self.more
        }
    }

    /// The first line's text.
    #[inline]
    pub fn text(&self) -> &Text<'a> {
        // `lines` is never empty: every constructor and the parser ensure it.
        static EMPTY: Text<'static> = Text::empty();
        self.lines().first().unwrap_or(&EMPTY)
    }

    /// Whether it has more than one line.
    pub fn is_multiline(&self) -> bool {
        self.more.len() > 1
    }

    /// The enhanced status code at the start of the first line
    /// (RFC 2034 §4, RFC 3463 §2), if there is one.
    #[inline]
    pub fn enhanced_code(&self) -> Option<EnhancedCode> {
        parse::reply::enhanced_prefix(self.text().as_bytes()).map(|(c, _)| c)
    }

    /// Adds a line at the end.
    #[inline]
    pub fn push_line(&mut self, text: Text<'a>) {
        if self.more.is_empty() {
            let [first] = core::mem::replace(&mut self.first, [Text::empty()]);
            self.more.reserve(4);
            self.more.push(first);
        }
        self.more.push(text);
    }

    /// Room for `n` lines in all, when the reply is about to grow past one.
    pub(crate) fn reserve_lines(&mut self, n: usize) {
        if self.more.is_empty() {
            self.more.reserve_exact(n);
        }
    }

    /// An owned copy.
    pub fn into_static(self) -> Reply<'static> {
        let [first] = self.first;
        Reply {
            code: self.code,
            first: [first.into_static()],
            more: self.more.into_iter().map(Text::into_static).collect(),
        }
    }

    /// Decodes the capabilities of a reply to EHLO or LHLO.
    pub fn ehlo(&self) -> Result<super::EhloReply<'_>, DecodeError> {
        parse::ehlo::ehlo_from_reply(self)
    }

    /// A one-line reply, without allocating.
    pub(crate) fn one(code: ReplyCode, text: Text<'a>) -> Self {
        Reply {
            code,
            first: [text],
            more: Vec::new(),
        }
    }

    /// `lines` must not be empty; a single line is kept inline.
    pub(crate) fn from_parts(code: ReplyCode, mut lines: Vec<Text<'a>>) -> Self {
        if lines.len() == 1 {
            if let Some(first) = lines.pop() {
                return Reply::one(code, first);
            }
        }
        Reply {
            code,
            first: [Text::empty()],
            more: lines,
        }
    }
}
