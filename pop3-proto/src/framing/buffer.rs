//! The receive buffer a session's framers read from.

use alloc::vec::Vec;

/// Above this capacity a buffer with a few bytes left moves them to a
/// smaller one.
const KEEP: usize = 4 * 1024;

/// Above this capacity a drained buffer gives its memory back: an idle
/// session keeps no read's worth of memory, only enough for the short
/// lines fed a byte or a few at a time, which would otherwise reallocate
/// at every line.
const KEEP_DRAINED: usize = 256;

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
    /// Stream offset of the first byte [`InputBuffer::push_within`]
    /// refused, until taken.
    overflow: Option<u64>,
}

impl InputBuffer {
    /// An empty buffer at stream offset 0.
    pub const fn new() -> Self {
        InputBuffer {
            buf: Vec::new(),
            start: 0,
            offset: 0,
            overflow: None,
        }
    }

    /// Appends received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start.saturating_mul(2) >= self.buf.len() {
            // Moving the (smaller) rest keeps the total work linear.
            self.buf.drain(..self.start.min(self.buf.len()));
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// Appends received bytes unless more than `limit` bytes are already
    /// waiting (or bytes were refused before and not yet reported): then
    /// they are not kept, and [`InputBuffer::take_overflow`] names the
    /// stream offset of the first one. So the buffer never holds more than
    /// `limit` plus one push.
    pub fn push_within(&mut self, bytes: &[u8], limit: usize) {
        if bytes.is_empty() {
            return;
        }
        if self.overflow.is_none() && self.len() <= limit {
            self.push(bytes);
        } else if self.overflow.is_none() {
            self.overflow = Some(self.offset.saturating_add(self.len() as u64));
        }
    }

    /// The stream offset of the first byte [`InputBuffer::push_within`]
    /// refused, once; then the buffer takes bytes again.
    pub fn take_overflow(&mut self) -> Option<u64> {
        self.overflow.take()
    }

    /// The unconsumed bytes.
    pub fn data(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// How many bytes are left to consume.
    pub fn len(&self) -> usize {
        self.buf.len().saturating_sub(self.start)
    }

    /// Bytes of heap the buffer holds: it grows on demand and gives memory
    /// back when drained.
    pub fn capacity(&self) -> usize {
        self.buf.capacity()
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
        let n = n.min(self.len());
        self.start = self.start.saturating_add(n);
        self.offset = self.offset.saturating_add(n as u64);
        let rest = self.len();
        if rest == 0 {
            self.start = 0;
            if self.buf.capacity() > KEEP_DRAINED {
                self.buf = Vec::new();
            } else {
                self.buf.clear();
            }
        } else if self.buf.capacity() > KEEP && rest <= KEEP / 4 {
            // A large buffer with a few bytes left (the start of the next
            // line after a big body): move them to a small one, so an idle
            // session does not keep the peak. At most KEEP / 4 bytes are
            // copied, and only after the buffer grew past KEEP.
            let mut small = Vec::with_capacity(KEEP / 4);
            small.extend_from_slice(self.data());
            self.buf = small;
            self.start = 0;
        }
    }

    /// Drops everything unconsumed (after a fatal error).
    pub fn clear(&mut self) {
        self.consume(self.len());
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
    fn a_few_bytes_left_do_not_keep_a_large_buffer() {
        let mut b = InputBuffer::new();
        b.push(&[b'x'; 100_000]);
        b.consume(100_000 - 3);
        assert_eq!(b.data(), b"xxx");
        assert!(b.capacity() <= KEEP, "{}", b.capacity());
        assert_eq!(b.offset(), 100_000 - 3);
    }

    #[test]
    fn a_drained_read_is_given_back_but_a_short_line_keeps_its_room() {
        let mut b = InputBuffer::new();
        b.push(&[b'x'; 1460]);
        b.consume(1460);
        assert_eq!(b.capacity(), 0);
        b.push(b"+OK\r\n");
        let room = b.capacity();
        assert!((6..=KEEP_DRAINED).contains(&room), "{room}");
        b.consume(6);
        assert_eq!(b.capacity(), room);
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
