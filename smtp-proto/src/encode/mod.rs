//! Encoding: the exact inverse of [`crate::parse`].
//!
//! Values are valid by construction, so encoding cannot fail; the bytes
//! it writes decode (with [`crate::parse::command`], [`crate::parse::reply`]
//! and the like) to an equal value. Verbs and keywords are written in upper
//! case, one SP between items.

mod command;
pub(crate) mod ehlo;
mod param;
mod path;
mod reply;

use alloc::vec::Vec;
use bytes::BufMut;

/// Writes a value in its wire form.
pub trait Encode {
    /// Appends the wire form to `out`.
    fn encode(&self, out: &mut impl BufMut);

    /// The wire form as a new vector.
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

impl<T: Encode + ?Sized> Encode for &T {
    fn encode(&self, out: &mut impl BufMut) {
        (**self).encode(out);
    }
}
