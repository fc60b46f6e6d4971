//! Encoding: the exact inverse of [`crate::parse`].
//!
//! Every value that exists encodes (constructors validated it), and what
//! is written decodes back equal. Encoding is strict: single spaces,
//! upper-case keywords and status indicators, CRLF.

use alloc::vec::Vec;
use bytes::BufMut;

mod capability;
mod command;
mod listing;
mod response;
mod sasl;

/// Writes a value in its wire form.
pub trait Encode {
    /// Appends the wire form, CRLF included, to `out`.
    fn encode(&self, out: &mut impl BufMut);

    /// The wire form in a new vector.
    fn to_vec(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }

    /// The wire form as [`bytes::Bytes`].
    fn to_bytes(&self) -> bytes::Bytes {
        bytes::Bytes::from(self.to_vec())
    }
}

pub(crate) const CRLF: &[u8] = b"\r\n";

/// Writes a number in decimal without allocating.
pub(crate) fn put_decimal(out: &mut impl BufMut, mut n: u64) {
    // u64::MAX has 20 digits.
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    while let Some(next) = at.checked_sub(1) {
        at = next;
        if let Some(slot) = buf.get_mut(at) {
            // n % 10 < 10, so the cast cannot truncate or overflow.
            *slot = b'0' | (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.put_slice(buf.get(at..).unwrap_or_default());
}
