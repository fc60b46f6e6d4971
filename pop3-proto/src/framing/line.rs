//! CRLF line framing with a length limit (RFC 1939 §3, RFC 2449 §4).

/// What [`LineFramer::poll`] found at the start of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStep {
    /// `input[..len]` is one whole line, terminator included.
    Line {
        /// Length of the line including its LF.
        len: usize,
        /// The line ends with a bare LF instead of CRLF.
        bare_lf: bool,
    },
    /// No line end within the input yet. The bytes scanned so far are
    /// remembered: the next call scans only what was added.
    NeedMore,
    /// The line is longer than the limit: it is refused. Drop `skip` bytes
    /// now; unless `done`, the framer keeps dropping the rest of the line
    /// with [`LineStep::Skip`] until its LF, so the stream stays in sync.
    TooLong {
        /// Bytes of the refused line to drop now.
        skip: usize,
        /// The LF ending the refused line was among them.
        done: bool,
    },
    /// More of a refused line: drop `len` bytes.
    Skip {
        /// Bytes to drop now.
        len: usize,
        /// The LF ending the refused line was among them.
        done: bool,
    },
}

/// Finds CRLF-terminated lines in a stream, resumably and with a limit.
///
/// The caller owns the buffer and passes the unconsumed input, starting at
/// the first byte of the current line, to each call; after a
/// [`LineStep::Line`], [`LineStep::TooLong`] or [`LineStep::Skip`] it drops
/// the bytes named before calling again. A line is at most `limit` octets
/// including the terminator; longer lines are never buffered whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineFramer {
    /// Bytes at the front of the input already known to hold no LF.
    scanned: usize,
    /// Inside a refused line, dropping bytes up to its LF.
    skipping: bool,
}

impl LineFramer {
    /// A framer at the start of a line.
    pub const fn new() -> Self {
        LineFramer {
            scanned: 0,
            skipping: false,
        }
    }

    /// True while the framer is dropping the rest of a refused line.
    pub fn is_skipping(&self) -> bool {
        self.skipping
    }

    /// True when some bytes of an unfinished line have been scanned.
    pub fn is_mid_line(&self) -> bool {
        self.scanned > 0 || self.skipping
    }

    /// Looks for the end of the line starting at `input[0]`.
    ///
    /// Inlined: fed a byte at a time, the call costs more than the work.
    #[inline]
    pub fn poll(&mut self, input: &[u8], limit: usize) -> LineStep {
        if self.skipping {
            return match memchr::memchr(b'\n', input) {
                Some(i) => {
                    self.skipping = false;
                    LineStep::Skip {
                        len: i.saturating_add(1),
                        done: true,
                    }
                }
                None => LineStep::Skip {
                    len: input.len(),
                    done: false,
                },
            };
        }
        // Fed an octet at a time, only the new last octet is unseen.
        if self.scanned.saturating_add(1) == input.len() && input.len() < limit {
            if input.last() == Some(&b'\n') {
                self.scanned = 0;
                let before = input.len().checked_sub(2).and_then(|b| input.get(b));
                return LineStep::Line {
                    len: input.len(),
                    bare_lf: before != Some(&b'\r'),
                };
            }
            self.scanned = input.len();
            return LineStep::NeedMore;
        }
        let from = self.scanned.min(input.len());
        // Never look further than the limit allows: that bounds both the
        // work and the buffer an endless line can cost.
        let window = input.len().min(limit.max(1));
        let found = input
            .get(from..window)
            .and_then(find_lf)
            .map(|i| from.saturating_add(i));
        match found {
            Some(i) => {
                self.scanned = 0;
                let before = i.checked_sub(1).and_then(|b| input.get(b));
                LineStep::Line {
                    len: i.saturating_add(1),
                    bare_lf: before != Some(&b'\r'),
                }
            }
            None if input.len() >= limit => {
                // `limit` bytes and no LF: the line cannot fit. Drop it up to
                // its LF if that is here already, else drop all and skip on.
                self.scanned = 0;
                let rest = input.get(window..).unwrap_or_default();
                match memchr::memchr(b'\n', rest) {
                    Some(j) => LineStep::TooLong {
                        skip: window.saturating_add(j).saturating_add(1),
                        done: true,
                    },
                    None => {
                        self.skipping = true;
                        LineStep::TooLong {
                            skip: input.len(),
                            done: false,
                        }
                    }
                }
            }
            None => {
                self.scanned = input.len();
                LineStep::NeedMore
            }
        }
    }
}

/// The first LF in `bytes`. Input fed a byte or a few at a time leaves
/// only a few new bytes per call, where a plain loop beats `memchr`'s
/// dispatch and setup.
#[inline]
fn find_lf(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 16 {
        bytes.iter().position(|&b| b == b'\n')
    } else {
        memchr::memchr(b'\n', bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_crlf_line() {
        let mut f = LineFramer::new();
        assert_eq!(
            f.poll(b"NOOP\r\nQUIT\r\n", 255),
            LineStep::Line {
                len: 6,
                bare_lf: false
            }
        );
    }

    #[test]
    fn fed_an_octet_at_a_time_lines_and_bare_lfs_are_found() {
        let input = b"a\nbc\r\n\n\r\nlonger than six\r\nz\r\n";
        let mut f = LineFramer::new();
        let mut seen = alloc::vec::Vec::new();
        let mut start = 0;
        for end in 1..=input.len() {
            let step = f.poll(&input[start..end], 6);
            match step {
                LineStep::Line { len, .. } => start += len,
                LineStep::TooLong { skip, .. } | LineStep::Skip { len: skip, .. } => start += skip,
                LineStep::NeedMore => {}
            }
            if step != LineStep::NeedMore {
                seen.push(step);
            }
        }
        let line = |len, bare_lf| LineStep::Line { len, bare_lf };
        let want = [
            line(2, true),
            line(4, false),
            line(1, true),
            line(2, false),
            LineStep::TooLong {
                skip: 6,
                done: false,
            },
        ];
        assert_eq!(seen.get(..5), Some(&want[..]));
        assert_eq!(seen.last(), Some(&line(3, false)));
    }

    #[test]
    fn bare_lf_is_flagged() {
        let mut f = LineFramer::new();
        assert_eq!(
            f.poll(b"NOOP\n", 255),
            LineStep::Line {
                len: 5,
                bare_lf: true
            }
        );
        assert_eq!(
            f.poll(b"\n", 255),
            LineStep::Line {
                len: 1,
                bare_lf: true
            }
        );
    }

    #[test]
    fn exact_limit_fits_and_one_more_does_not() {
        let mut f = LineFramer::new();
        assert_eq!(
            f.poll(b"abc\r\n", 5),
            LineStep::Line {
                len: 5,
                bare_lf: false
            }
        );
        assert_eq!(
            f.poll(b"abcd\r\nX", 5),
            LineStep::TooLong {
                skip: 6,
                done: true
            }
        );
        assert!(!f.is_skipping());
    }

    #[test]
    fn endless_line_is_skipped_to_its_end() {
        let mut f = LineFramer::new();
        assert_eq!(
            f.poll(b"abcdefg", 5),
            LineStep::TooLong {
                skip: 7,
                done: false
            }
        );
        assert_eq!(
            f.poll(b"hij", 5),
            LineStep::Skip {
                len: 3,
                done: false
            }
        );
        assert_eq!(
            f.poll(b"k\r\nNOOP", 5),
            LineStep::Skip { len: 3, done: true }
        );
        assert_eq!(
            f.poll(b"NOOP\r\n", 255),
            LineStep::Line {
                len: 6,
                bare_lf: false
            }
        );
    }

    #[test]
    fn resumes_without_rescanning() {
        let mut f = LineFramer::new();
        assert_eq!(f.poll(b"NO", 255), LineStep::NeedMore);
        assert_eq!(f.scanned, 2);
        assert_eq!(
            f.poll(b"NOOP\r\n", 255),
            LineStep::Line {
                len: 6,
                bare_lf: false
            }
        );
        assert_eq!(f.scanned, 0);
    }
}
