//! Stalwart's `smtp-proto` 0.2 (the SMTP parser of Stalwart Mail Server),
//! renamed `stalwart_smtp_proto` because our crate has the same name.
//!
//! Its API: `Request::parse` decodes one command from a byte iterator;
//! `RequestReceiver` frames a command stream across reads; `ResponseReceiver`
//! and `EhloResponse::parse` decode replies; `DataReceiver` undoes dot
//! stuffing into a caller's `Vec<u8>` (it searches for `\n.` with `memmem`
//! and copies whole runs); `Response::write`/`EhloResponse::write` encode.

use crate::pieces::Pieces;
use std::borrow::Cow;
use std::hint::black_box;

pub use stalwart_smtp_proto as crate_;
use stalwart_smtp_proto::request::receiver::{DataReceiver, RequestReceiver};
use stalwart_smtp_proto::response::parser::ResponseReceiver;
use stalwart_smtp_proto::{EhloResponse, Error, Request, Response};

/// Decodes one complete command line.
pub fn decode_command(line: &[u8]) -> Request<Cow<'_, str>> {
    match Request::parse(&mut line.iter()) {
        Ok(request) => request,
        Err(e) => panic!("stalwart refused {:?}: {e}", String::from_utf8_lossy(line)),
    }
}

/// Frames and decodes a pipelined command stream fed in `pieces`; returns
/// the number of commands.
pub fn command_stream(input: &[u8], pieces: Pieces) -> usize {
    let mut receiver = RequestReceiver::default();
    let mut count = 0;
    for piece in pieces.split(input) {
        let mut bytes = piece.iter();
        while bytes.len() > 0 {
            match receiver.ingest(&mut bytes) {
                Ok(request) => {
                    black_box(&request);
                    count += 1;
                }
                Err(Error::NeedsMoreData { .. }) => break,
                Err(e) => panic!("stalwart refused the command stream: {e}"),
            }
        }
    }
    count
}

/// Decodes a complete EHLO reply into Stalwart's capability summary.
pub fn decode_ehlo(reply: &[u8]) -> EhloResponse<String> {
    match EhloResponse::parse(&mut reply.iter()) {
        Ok(ehlo) => ehlo,
        Err(e) => panic!("stalwart refused the EHLO reply: {e}"),
    }
}

/// Decodes one complete reply (any number of lines).
pub fn decode_reply(reply: &[u8]) -> Response<String> {
    match ResponseReceiver::default().parse(&mut reply.iter()) {
        Ok(response) => response,
        Err(e) => panic!("stalwart refused {:?}: {e}", String::from_utf8_lossy(reply)),
    }
}

/// Frames and decodes a stream of replies fed in `pieces`; returns the
/// number of replies.
pub fn reply_stream(input: &[u8], pieces: Pieces) -> usize {
    let mut receiver = ResponseReceiver::default();
    let mut count = 0;
    for piece in pieces.split(input) {
        let mut bytes = piece.iter();
        while bytes.len() > 0 {
            match receiver.parse(&mut bytes) {
                Ok(response) => {
                    black_box(&response);
                    receiver.reset();
                    count += 1;
                }
                Err(Error::NeedsMoreData { .. }) => break,
                Err(e) => panic!("stalwart refused the reply stream: {e}"),
            }
        }
    }
    count
}

/// The single-line reply of the corpus as Stalwart's value.
pub fn single_reply_value() -> Response<&'static str> {
    Response::new(250, 2, 1, 5, "Recipient <bob.example@example.com> OK")
}

/// The EHLO reply of the corpus as Stalwart's value (same capabilities).
pub fn ehlo_reply_value() -> EhloResponse<&'static str> {
    use stalwart_smtp_proto::*;
    let mut ehlo = EhloResponse::new("mx.example.org");
    ehlo.capabilities = EXT_PIPELINING
        | EXT_SIZE
        | EXT_8BIT_MIME
        | EXT_START_TLS
        | EXT_ENHANCED_STATUS_CODES
        | EXT_AUTH
        | EXT_DSN
        | EXT_CHUNKING;
    ehlo.auth_mechanisms = AUTH_PLAIN | AUTH_LOGIN;
    ehlo.size = 35_882_577;
    ehlo
}

/// Encodes a reply into `out` (cleared first).
pub fn encode_reply(reply: &Response<&str>, out: &mut Vec<u8>) {
    out.clear();
    if let Err(e) = reply.write(&mut *out) {
        panic!("writing to a Vec failed: {e}");
    }
}

/// Encodes an EHLO reply into `out` (cleared first).
pub fn encode_ehlo(ehlo: &EhloResponse<&str>, out: &mut Vec<u8>) {
    out.clear();
    if let Err(e) = ehlo.write(&mut *out) {
        panic!("writing to a Vec failed: {e}");
    }
}

/// Undoes dot stuffing of a terminated body fed in `pieces`, into `out`
/// (cleared first; its capacity is kept between calls, as a server reusing
/// its buffer would). Returns the body length; panics if the terminator is
/// not found.
pub fn data_body(wire: &[u8], pieces: Pieces, out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut receiver = DataReceiver::new();
    for piece in pieces.split(wire) {
        let mut bytes = piece.iter();
        if receiver.ingest(&mut bytes, out) {
            return out.len();
        }
    }
    panic!("stalwart did not find the end of the body");
}
