//! The crates a user would pick instead, driven the way their documentation
//! and their own servers use them, on the same bytes as ours.

pub mod naive_pop3;
pub mod stalwart;
