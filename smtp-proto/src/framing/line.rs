//! CRLF-terminated lines with a length limit (RFC 5321 §2.3.8, §4.5.3.1.4,
//! §4.5.3.1.5).

use memchr::memchr;

/// How a line ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineEnding {
    /// `<CRLF>`, as RFC 5321 §2.3.8 requires.
    CrLf,
    /// A bare `<LF>`: a deviation the caller accepts or refuses by its quirks.
    BareLf,
}

/// What [`LineFramer::next_line`] found at the front of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineStep {
    /// A complete line of `len` octets, its ending included, starts the input.
    Line {
        /// Octets of the line, ending included.
        len: usize,
        /// How it ended.
        ending: LineEnding,
    },
    /// The line is over the limit and goes on: drop these `len` leading
    /// octets and call again with what follows. No line will be produced
    /// for it; [`LineStep::TooLong`] comes when it ends.
    Discard {
        /// Octets to drop.
        len: usize,
    },
    /// An over-long line ended: drop these `len` leading octets. The stream
    /// is in sync again after them.
    TooLong {
        /// Octets to drop (the rest of the line, its LF included).
        len: usize,
        /// Length of the whole line, ending included.
        total: usize,
    },
    /// No complete line yet; call again with the same input and more.
    NeedMore,
}

/// Finds LF-terminated lines of at most `limit` octets. Remembers how far it
/// has scanned, so the input (which must start at the same place until a
/// line or a discard is reported) is never scanned twice.
#[derive(Clone, Debug)]
pub struct LineFramer {
    limit: usize,
    scanned: usize,
    discarded: Option<usize>,
}

impl LineFramer {
    /// A framer for lines of at most `limit` octets, ending included (at
    /// least 2).
    pub fn new(limit: usize) -> Self {
        LineFramer {
            limit: limit.max(2),
            scanned: 0,
            discarded: None,
        }
    }

    /// The current limit.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Changes the limit for the line being framed and the next ones (an
    /// AUTH exchange allows longer lines than commands do).
    pub fn set_limit(&mut self, limit: usize) {
        self.limit = limit.max(2);
    }

    /// Whether an over-long line is being discarded.
    pub fn is_discarding(&self) -> bool {
        self.discarded.is_some()
    }

    /// Looks for the end of the line that starts `input`.
    pub fn next_line(&mut self, input: &[u8]) -> LineStep {
        let from = self.scanned.min(input.len());
        let rest = input.get(from..).unwrap_or_default();
        // Fed a few octets at a time, a plain loop beats memchr's setup;
        // over longer input memchr's wide compares win.
        let found = if rest.len() < 16 {
            rest.iter().position(|&b| b == b'\n')
        } else {
            memchr(b'\n', rest)
        };
        if let Some(k) = found {
            let len = from + k + 1;
            self.scanned = 0;
            if let Some(before) = self.discarded.take() {
                return LineStep::TooLong {
                    len,
                    total: before.saturating_add(len),
                };
            }
            if len > self.limit {
                return LineStep::TooLong { len, total: len };
            }
            let ending = if len >= 2 && input.get(len - 2) == Some(&b'\r') {
                LineEnding::CrLf
            } else {
                LineEnding::BareLf
            };
            return LineStep::Line { len, ending };
        }
        if input.is_empty() {
            return LineStep::NeedMore;
        }
        // Holding `limit` octets without an LF means the line is too long.
        if self.discarded.is_some() || input.len() >= self.limit {
            let before = self.discarded.unwrap_or(0);
            self.discarded = Some(before.saturating_add(input.len()));
            self.scanned = 0;
            return LineStep::Discard { len: input.len() };
        }
        self.scanned = input.len();
        LineStep::NeedMore
    }
}
