//! Drawing protocol bytes from the fuzzer's raw bytes.
//!
//! The protocol crates do not (yet) derive `arbitrary::Arbitrary`, so the
//! round-trip targets build their values here, from raw bytes, through
//! the crates' public validating constructors. The generators draw from
//! the character classes of the grammars (and sometimes just outside
//! them), and a value whose constructor refuses it is skipped: only what
//! the crate itself accepts is ever encoded.

use arbitrary::{Result, Unstructured};

/// A source of protocol-shaped bytes over [`Unstructured`].
pub struct Gen<'u, 'a> {
    /// The raw bytes left.
    pub u: &'u mut Unstructured<'a>,
}

impl<'u, 'a> Gen<'u, 'a> {
    /// Wraps the fuzzer's bytes.
    pub fn new(u: &'u mut Unstructured<'a>) -> Self {
        Gen { u }
    }

    /// A length in `min..=max`.
    pub fn len(&mut self, min: usize, max: usize) -> Result<usize> {
        self.u.int_in_range(min..=max)
    }

    /// A boolean.
    pub fn flag(&mut self) -> Result<bool> {
        self.u.arbitrary()
    }

    /// A `u32`, small more often than large.
    pub fn number(&mut self) -> Result<u32> {
        Ok(match self.u.int_in_range(0u8..=3)? {
            0 => self.u.int_in_range(0..=9)?,
            1 => self.u.int_in_range(0..=9999)?,
            2 => u32::MAX - self.u.int_in_range(0..=2)?,
            _ => self.u.arbitrary()?,
        })
    }

    /// A `u64`, small more often than large.
    pub fn number64(&mut self) -> Result<u64> {
        Ok(match self.u.int_in_range(0u8..=2)? {
            0 => u64::from(self.number()?),
            1 => u64::MAX - self.u.int_in_range(0..=2)?,
            _ => self.u.arbitrary()?,
        })
    }

    /// `min..=max` bytes, each taken from `class`.
    pub fn from_class(&mut self, class: &[u8], min: usize, max: usize) -> Result<Vec<u8>> {
        let n = self.len(min, max)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let i = self.u.choose_index(class.len())?;
            out.push(class.get(i).copied().unwrap_or(b'x'));
        }
        Ok(out)
    }

    /// `min..=max` visible ASCII characters (0x21-0x7E).
    pub fn vchars(&mut self, min: usize, max: usize) -> Result<Vec<u8>> {
        self.from_class(VCHAR, min, max)
    }

    /// Text: any octet but NUL, CR and LF; mostly printable ASCII and space.
    pub fn text(&mut self, max: usize) -> Result<Vec<u8>> {
        let n = self.len(0, max)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let b = match self.u.int_in_range(0u8..=7)? {
                0 => b' ',
                1 => self.u.int_in_range(0x80..=0xFF)?,
                2 => {
                    let b: u8 = self.u.arbitrary()?;
                    if matches!(b, 0 | b'\r' | b'\n') {
                        b'~'
                    } else {
                        b
                    }
                }
                _ => self.u.int_in_range(0x20..=0x7E)?,
            };
            out.push(b);
        }
        Ok(out)
    }

    /// A string as a `String`, from `class` (ASCII only).
    pub fn ascii(&mut self, class: &[u8], min: usize, max: usize) -> Result<String> {
        let v = self.from_class(class, min, max)?;
        Ok(v.into_iter().map(char::from).collect())
    }

    /// Picks one of `choices`.
    pub fn pick<T: Copy>(&mut self, choices: &[T]) -> Result<T> {
        Ok(*self.u.choose(choices)?)
    }
}

/// `VCHAR` (RFC 5234): 0x21-0x7E.
pub const VCHAR: &[u8] = b"!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
/// Letters and digits.
pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Letters, digits and hyphen.
pub const LDH: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-";
/// The base64 alphabet (without padding).
pub const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
