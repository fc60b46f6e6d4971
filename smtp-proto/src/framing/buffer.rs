//! The input buffer a session keeps: bytes received and not yet consumed.

use alloc::vec::Vec;

/// Capacity kept when the buffer is drained; more is given back.
const KEEP: usize = 1024;

/// Received bytes not yet consumed, with the stream offset of the first one.
/// Grows on demand and gives memory back once drained, so an idle session
/// holds (almost) nothing.
#[derive(Clone, Debug, Default)]
pub struct InputBuffer {
    data: Vec<u8>,
    start: usize,
    offset: usize,
}

impl InputBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends received bytes.
    pub fn extend(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        // Move the unconsumed tail to the front only when the consumed part
        // is at least as large, so each byte is moved at most once on
        // average.
        if self.start > 0 && self.start >= self.data.len() - self.start {
            self.data.drain(..self.start);
            self.start = 0;
        }
        self.data.extend_from_slice(bytes);
    }

    /// The unconsumed bytes.
    pub fn bytes(&self) -> &[u8] {
        self.data.get(self.start..).unwrap_or_default()
    }

    /// How many bytes are unconsumed.
    pub fn len(&self) -> usize {
        self.data.len() - self.start
    }

    /// Whether everything received was consumed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stream offset of the first unconsumed byte (bytes consumed so far).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Marks `n` bytes consumed (at most what is there).
    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.len());
        self.start += n;
        self.offset = self.offset.saturating_add(n);
        if self.start == self.data.len() {
            // Drained: an idle session holds no buffer at all.
            self.data = Vec::new();
            self.start = 0;
        } else if self.data.capacity() > KEEP && self.len() <= self.data.capacity() / 4 {
            // A small tail (the next command after a large message) must not
            // pin the large allocation; moving it costs at most a quarter of
            // what was consumed.
            self.data.drain(..self.start);
            self.start = 0;
            self.data.shrink_to(self.data.len().max(KEEP));
        }
    }

    /// Octets of heap the buffer holds.
    pub fn capacity(&self) -> usize {
        self.data.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumes_and_gives_memory_back() {
        let mut b = InputBuffer::new();
        b.extend(&[b'x'; 100_000]);
        b.consume(40);
        assert_eq!(b.len(), 100_000 - 40);
        assert_eq!(b.offset(), 40);
        b.extend(b"yz");
        assert_eq!(b.bytes().last(), Some(&b'z'));
        b.consume(usize::MAX);
        assert!(b.is_empty());
        assert_eq!(b.offset(), 100_002);
        assert_eq!(b.data.capacity(), 0);
    }

    #[test]
    fn a_small_tail_does_not_pin_a_large_buffer() {
        let mut b = InputBuffer::new();
        b.extend(&[b'x'; 1_000_000]);
        b.extend(b"QUIT\r\n");
        b.consume(1_000_000);
        assert_eq!(b.bytes(), b"QUIT\r\n");
        assert!(b.capacity() <= 4 * KEEP, "{}", b.capacity());
        assert_eq!(b.offset(), 1_000_000);
    }
}
