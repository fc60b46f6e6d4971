//! Limits on what a session buffers or accepts, with the RFC defaults.
//!
//! Memory is bounded by these numbers, never by anything the peer announces
//! or sends: lines are buffered only up to their limit, bodies are
//! streamed, and the bytes a session holds undecoded are bounded by
//! [`Limits::input_buffer`].

/// Sizes a session accepts. Every line limit counts the terminating CRLF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest command line a server accepts: 255 octets (RFC 2449 §4).
    pub command_line: usize,
    /// Longest status line (greeting, `+OK`/`-ERR` first line) a client
    /// accepts: 512 octets (RFC 1939 §3, unchanged by RFC 2449 §4).
    pub response_line: usize,
    /// Longest `AUTH` command or SASL line (client response, server `+ `
    /// continuation). RFC 5034 lets these exceed the 255 octets of RFC 2449
    /// §4 because they carry base64 data; default 12 KiB.
    pub sasl_line: usize,
    /// Longest line inside a multi-line body (RFC 1939 §3). Mail on the wire
    /// breaks RFC 5322's 1000 octets often enough that the default is 64 KiB.
    pub body_line: usize,
    /// Largest multi-line body, in octets as sent (dot-stuffed). Bodies are
    /// streamed, so this guards the caller who collects them; default 256 MiB.
    pub body: u64,
    /// Most bytes a session keeps received and not yet decoded before it
    /// stops taking more: a session holds at most this plus the last
    /// `receive`. Sessions say `wants_input() == false` from here on;
    /// bytes received anyway (the driver kept reading) are not kept, and
    /// `next_event` reports a fatal `ProtocolErrorKind::InputOverflow`: the
    /// peer sent more than it may have in flight (a server session holds
    /// pipelined commands while a reply is pending). At least the largest
    /// line limit; default 256 KiB, four times `body_line`.
    pub input_buffer: usize,
    /// Commands a client may have outstanding (sent, not yet answered) at
    /// once: bounds its pipeline queue (RFC 2449 §6.6). Default 256. (A
    /// server takes one command at a time.)
    pub pipeline_depth: usize,
}

impl Limits {
    /// The defaults described on each field.
    pub const DEFAULT: Limits = Limits {
        command_line: 255,
        response_line: 512,
        sasl_line: 12 * 1024,
        body_line: 64 * 1024,
        body: 256 * 1024 * 1024,
        input_buffer: 256 * 1024,
        pipeline_depth: 256,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
