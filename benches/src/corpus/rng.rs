//! A tiny deterministic generator (xorshift64*), so the corpus needs no
//! dependency and is identical on every machine.

/// Deterministic pseudo-random source for corpus text.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed` (zero is replaced, xorshift needs a set bit).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (`n` > 0; slight modulo bias is irrelevant here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A lowercase word of `min..=max` letters.
    pub fn word(&mut self, min: usize, max: usize, out: &mut Vec<u8>) {
        let len = min + self.below((max - min + 1) as u64) as usize;
        for _ in 0..len {
            out.push(b'a' + self.below(26) as u8);
        }
    }
}
