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
        // Nothing yet (a driver calls again after each line): as `search`
        // would answer, without the call.
        if input.is_empty() && limit > 0 {
            self.scanned = 0;
            return LineStep::NeedMore;
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
        self.search(input, limit)
    }

    /// [`LineFramer::poll`] past the one-octet case: kept out of line so
    /// that the inlined part, run once per octet when fed octet by octet,
    /// stays small (as a whole it made the caller save more registers on
    /// every call).
    #[inline(never)]
    fn search(&mut self, input: &[u8], limit: usize) -> LineStep {
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

/// The first LF in `bytes`. Lines framed and parsed here are short
/// (commands, status and listing lines), and a `memchr` call costs more
/// than finding their end: the first 64 octets are looked at eight at a
/// time in a register, only the rest of a longer line goes to `memchr`.
#[inline(always)]
pub(crate) fn find_lf(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Octets equal to LF become zero; the lowest flagged octet is the
    // first zero one (a borrow can only flag octets after it).
    let first_lf = |word: &[u8; 8]| {
        let x = u64::from_le_bytes(*word) ^ (ONES * u64::from(b'\n'));
        let zero = x.wrapping_sub(ONES) & !x & HIGH;
        (zero != 0).then(|| usize::try_from(zero.trailing_zeros() / 8).unwrap_or(0))
    };
    let mut at = 0;
    while at < 64 {
        let Some(word) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) else {
            // Fewer than eight left: the last eight octets, of which those
            // before `at` hold no LF, or a plain loop for a short line.
            return match bytes.len().checked_sub(8).zip(bytes.last_chunk::<8>()) {
                Some((start, word)) => first_lf(word).map(|i| start + i),
                None => bytes.iter().position(|&b| b == b'\n'),
            };
        };
        if let Some(i) = first_lf(word) {
            return Some(at + i);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    memchr::memchr(b'\n', rest).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_lf_agrees_with_a_plain_search() {
        // Every length up to past the register part, LF at every place or
        // nowhere, among octets one bit away from LF and with the high bit.
        let fill = [b'a', 0x0b, 0x08, 0x8a, 0x09, 0x00, 0xff, b'\r'];
        for len in 0..90 {
            for lf in (0..len).map(Some).chain([None]) {
                let mut bytes: alloc::vec::Vec<u8> =
                    (0..len).map(|k| fill[k % fill.len()]).collect();
                if let Some(at) = lf {
                    bytes[at] = b'\n';
                    if let Some(after) = bytes.get_mut(at + 1) {
                        *after = b'\n';
                    }
                }
                let want = bytes.iter().position(|&b| b == b'\n');
                assert_eq!(find_lf(&bytes), want, "{bytes:?}");
            }
        }
    }

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
