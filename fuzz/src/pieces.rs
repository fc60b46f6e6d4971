//! Piece sizes from the input: how a target cuts its message before
//! feeding a framer, so that the fuzzer explores every split.
//!
//! Layout of a target input: byte 0 holds `n` (its low 3 bits), the next
//! `n` bytes are piece sizes (each plus one), the rest is the message.
//! With `n == 0` the message is fed whole. The sizes repeat in turn until
//! the message is used up. Seeds start with a `0x00` byte.

/// The piece sizes read from the front of a fuzz input.
#[derive(Debug, Clone, Copy)]
pub struct Pieces<'a> {
    sizes: &'a [u8],
}

/// Splits a fuzz input into its piece sizes and its message.
pub fn split_input(data: &[u8]) -> (Pieces<'_>, &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return (Pieces { sizes: &[] }, &[]);
    };
    let n = usize::from(first & 7).min(rest.len());
    let (sizes, msg) = rest.split_at(n);
    (Pieces { sizes }, msg)
}

impl<'a> Pieces<'a> {
    /// Pieces that feed the message whole.
    pub const WHOLE: Pieces<'static> = Pieces { sizes: &[] };

    /// Pieces of the sizes in `sizes` (each plus one), repeating.
    pub fn new(sizes: &'a [u8]) -> Self {
        Pieces { sizes }
    }

    /// Cuts `msg` into pieces; they concatenate to `msg`.
    pub fn cut<'m>(&self, msg: &'m [u8]) -> Vec<&'m [u8]> {
        // An empty message is one empty piece, however it is cut, as it is
        // whole: a framer that can end without input (BDAT 0) still gets
        // its one call.
        if self.sizes.is_empty() || msg.is_empty() {
            return vec![msg];
        }
        let mut out = Vec::new();
        let mut rest = msg;
        for &s in self.sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (piece, tail) = rest.split_at((usize::from(s) + 1).min(rest.len()));
            out.push(piece);
            rest = tail;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_concatenate_to_the_message() {
        let (p, msg) = split_input(b"\x02\x00\x02hello world");
        assert_eq!(msg, b"hello world");
        let cut = p.cut(msg);
        assert_eq!(cut[0], b"h");
        assert_eq!(cut[1], b"ell");
        assert_eq!(cut.concat(), msg);
    }

    #[test]
    fn zero_count_is_whole() {
        let (p, msg) = split_input(b"\x08abc");
        assert_eq!(p.cut(msg), vec![&b"abc"[..]]);
    }
}
