//! Error types: decoding errors (the bytes were wrong), protocol errors (the
//! peer broke the rules) and send errors (the local caller misused the API).

mod decode;
mod session;

pub use decode::*;
pub use session::*;
