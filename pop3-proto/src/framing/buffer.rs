//! The receive buffer a session's framers read from.

use alloc::vec::Vec;

/// Above this capacity a drained buffer gives its memory back.
const KEEP: usize = 4 * 1024;

/// Bytes received and not yet consumed, with their offset in the stream.
///
/// Consumed bytes are dropped lazily, when more arrive, so events can borrow
/// the buffer; a drained buffer shrinks, so an idle session holds no memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputBuffer {
    buf: Vec<u8>,
    /// Index in `buf` of the first unconsumed byte.
    start: usize,
    /// Stream offset of `buf[start]`.
    offset: u64,
}

impl InputBuffer {
    /// An empty buffer at stream offset 0.
    pub const fn new() -> Self {
        InputBuffer {
            buf: Vec::new(),
            start: 0,
            offset: 0,
        }
    }

    /// Appends received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            // Moving the (smaller) rest keeps the total work linear.
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The unconsumed bytes.
    pub fn data(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// True when nothing is left to consume.
    pub fn is_empty(&self) -> bool {
        self.start >= self.buf.len()
    }

    /// Stream offset of the first unconsumed byte.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Marks `n` bytes consumed (at most all there are).
    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len() - self.start);
        self.start += n;
        self.offset += n as u64;
        if self.start == self.buf.len() {
            self.start = 0;
            if self.buf.capacity() > KEEP {
                self.buf = Vec::new();
            } else {
                self.buf.clear();
            }
        }
    }

    /// Drops everything unconsumed (after a fatal error).
    pub fn clear(&mut self) {
        let rest = self.buf.len() - self.start;
        self.consume(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumes_and_shrinks() {
        let mut b = InputBuffer::new();
        b.push(&[b'x'; 10_000]);
        b.consume(4);
        assert_eq!(b.data().len(), 9_996);
        assert_eq!(b.offset(), 4);
        b.consume(20_000);
        assert!(b.is_empty());
        assert_eq!(b.offset(), 10_000);
        assert_eq!(b.buf.capacity(), 0);
    }

    #[test]
    fn compacts_on_push() {
        let mut b = InputBuffer::new();
        b.push(b"abcdef");
        b.consume(4);
        b.push(b"gh");
        assert_eq!(b.data(), b"efgh");
        assert_eq!(b.start, 0);
    }
}
