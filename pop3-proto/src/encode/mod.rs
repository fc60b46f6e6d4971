//! Encoding: the exact inverse of [`crate::parse`].
