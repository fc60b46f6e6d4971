//! SMTP (RFC 5321), its ESMTP extensions and LMTP (RFC 2033) as a codec and
//! two session state machines, without I/O: no sockets, clocks or threads.
//! Any runtime drives it by moving bytes in and out.
//!
//! A client and a server session back to back, with a `Vec` for a wire:
//!
//! ```
//! use smtp_proto::{client, server, parse};
//! use smtp_proto::types::Reply;
//!
//! let mut srv = server::Session::new(server::Config::default());
//! let mut cli = client::Session::new(client::Config::default());
//! let reply = |code, text: &'static str| Reply::new(code, text.as_bytes()).unwrap();
//!
//! // The server speaks first.
//! srv.send(&reply(220, "mx.example.org ESMTP"))?;
//! cli.receive(&srv.take_transmit());
//! assert!(matches!(cli.next_event()?, Some(client::Event::Greeting(_))));
//!
//! // The client sends, the server decodes and answers, the client matches
//! // the reply to its command.
//! for line in ["HELO client.example.net", "MAIL FROM:<a@example.net>", "RCPT TO:<b@example.org>", "DATA"] {
//!     let id = cli.send(&parse::command(format!("{line}\r\n").as_bytes())?)?;
//!     srv.receive(&cli.take_transmit());
//!     let Some(server::Event::Command(c)) = srv.next_event()? else { return Err("no command".into()) };
//!     let (code, text) = if c.verb() == "DATA" { (354, "go ahead") } else { (250, "ok") };
//!     srv.send(&reply(code, text))?;
//!     cli.receive(&srv.take_transmit());
//!     let Some(client::Event::Reply { id: answered, reply, .. }) = cli.next_event()? else {
//!         return Err("no reply".into());
//!     };
//!     assert_eq!((answered, reply.code().get()), (id, code));
//! }
//!
//! // Content is dot-stuffed on the way out and unstuffed on the way in.
//! cli.send_data(b"Subject: hi\r\n\r\n.leading dot\r\n")?;
//! let end = cli.end_data()?;
//! srv.receive(&cli.take_transmit());
//! let mut body = Vec::new();
//! loop {
//!     match srv.next_event()? {
//!         Some(server::Event::DataChunk(chunk)) => body.extend_from_slice(chunk),
//!         Some(server::Event::DataEnd) => break,
//!         other => return Err(format!("{other:?}").into()),
//!     }
//! }
//! assert_eq!(body, b"Subject: hi\r\n\r\n.leading dot\r\n");
//! srv.send(&reply(250, "queued"))?;
//! cli.receive(&srv.take_transmit());
//! let Some(client::Event::Reply { id, .. }) = cli.next_event()? else { return Err("no reply".into()) };
//! assert_eq!(id, end);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Modules
//!
//! - [`types`]: the vocabulary ([`types::Command`], [`types::Reply`], paths,
//!   domains, parameters, EHLO capabilities, SASL data). Values borrow from
//!   the input, `into_static()` keeps them; constructors validate, so any
//!   value can be encoded. SASL data and BURL tokens redact themselves in
//!   `Debug`.
//! - [`parse`]: the `nom` grammar, one function per ABNF rule, and the
//!   stateless entry points [`parse::command`], [`parse::reply`],
//!   [`parse::ehlo_capabilities`], [`parse::auth_response`]... Errors are
//!   [`error::DecodeError`]s naming the byte offset and what was expected.
//! - [`encode`]: the exact inverse of `parse`, through the [`encode::Encode`]
//!   trait into any `bytes::BufMut`.
//! - [`framing`]: resumable framers: CRLF lines with a limit, the `DATA`
//!   body (dot-unstuffing, ending only at `<CRLF>.<CRLF>`), `BDAT` chunks,
//!   and the dot-stuffer for sending.
//! - [`session`]: the one [`session::State`] enum and its transition table,
//!   shared by both roles.
//! - [`client`] and [`server`]: the sessions. Input: `receive(&[u8])` then
//!   `next_event()` until `Ok(None)`; output: `send(..)` (and on the client
//!   `send_data`, `end_data`, `send_bdat`, `send_auth_response`), then
//!   `take_transmit()`. Everything else is a getter.
//! - [`limits`], [`quirks`], [`error`]: limits with the RFC defaults, the
//!   named leniencies, and the error types.
//!
//! # Errors
//!
//! A [`error::ProtocolError`] is the peer's fault. Its `offset` counts bytes
//! in the whole stream the session received. On the server it carries the
//! reply to answer with ([`server::Session::send_error`]) and the session
//! goes on, except for fatal errors (input after the end, bytes injected
//! after STARTTLS, a flood past [`limits::Limits::buffer`], whose `421` may
//! still be sent once). On the client every protocol error is fatal: after
//! a reply it cannot decode or place, it cannot know what the server did.
//! A [`error::SendError`] is the local caller's fault (a command illegal in
//! this state, a reply with nothing to answer) and changes nothing.
//!
//! # Decoding policy and quirks
//!
//! Encoding is strict, always. Decoding follows the grammar, and each
//! deviation of real peers that is accepted is a named [`quirks::Quirk`],
//! switchable in [`quirks::Quirks`] and reported as a [`quirks::Warning`]
//! with its stream offset, as an event just before the one it concerns. A
//! quirk never changes what the grammar reads. Clients accept servers'
//! known deviations by default ([`quirks::Quirks::client_default`]: `250 `
//! with no text, `334` without its space, a last line still marked `-`);
//! servers accept what Postfix and Exim accept out of the box
//! ([`quirks::Quirks::server_default`]: `MAIL FROM:a@b` without brackets,
//! a space after the colon, extra and trailing white space). A bare LF
//! ending a command or reply is refused in every default (SMTP smuggling,
//! CVE-2023-51764). In `DATA` content, a bare CR or LF is reported and the
//! [`framing::BareLinePolicy`] rejects (default), normalizes or passes it;
//! the end of data is `<CRLF>.<CRLF>` and nothing else.
//!
//! # Limits and memory
//!
//! [`limits::Limits`] holds the RFC 5321 §4.5.3.1 numbers: 512-octet command
//! and reply lines (raised by offered extensions, and to 4096 for replies by
//! [`limits::Limits::client`]), 12288-octet AUTH lines (RFC 4954), 100
//! recipients, the 1000-octet text line (the server warns about longer
//! content lines, or refuses them: [`server::TextLinePolicy`]), an optional
//! message size, and a buffer limit on undecoded input. Nothing is sized by
//! a number the peer announced: `SIZE=` and `BDAT` counts are checked, and
//! content streams through as chunks borrowed from the input. Buffers grow
//! on demand and give memory back once drained, so an idle session holds a
//! few hundred bytes ([`server::Session::heap_capacity`]).
//!
//! # STARTTLS
//!
//! After the 220 to STARTTLS, each session yields `Event::StartTls`: write
//! out the transmit buffer, run the TLS handshake, then call
//! `tls_established()`. Plain-text bytes already buffered past that point
//! are a fatal `StartTlsInjection` error (CVE-2011-0411), and after the
//! upgrade the session is back before EHLO with the capabilities forgotten
//! (RFC 3207 §4.2).
//!
//! # Pipelining
//!
//! With PIPELINING offered (RFC 2920), the client sends MAIL, RCPT, RSET and
//! BDAT without waiting, and a group ends with DATA, EHLO, NOOP, QUIT or the
//! like (§3.1); [`client::Session::send`] refuses to go past the end of a
//! group. Replies are matched to commands in order, each
//! [`client::Event::Reply`] naming the [`client::CommandId`] it answers. The
//! server answers one command at a time; pipelined commands wait in its
//! buffer. A DATA whose recipients were all refused is handed to the server
//! driver (RFC 5321 §3.3: 503, 554, or 354 and 554 after the content as in
//! RFC 2920 §4); the session never lets such content be accepted.
//!
//! # LMTP
//!
//! With [`session::Mode::Lmtp`] (`client::Config::lmtp()`,
//! `server::Config::lmtp()`), LHLO replaces EHLO and HELO, and the end of the
//! content gets one reply per accepted recipient (RFC 2033 §4.2), refused
//! content included: the client names each one's recipient index, the
//! server waits for all of them ([`server::Session::replies_due`]). DATA
//! without an accepted recipient is refused with 503, as RFC 2033 §4.2 says.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod client;
pub mod encode;
pub mod error;
pub mod framing;
pub mod limits;
pub mod parse;
pub mod quirks;
pub mod server;
pub mod session;
pub mod types;

/// The full grammar without the one-pass readers of the usual lines, so the
/// fuzz targets can check that both read every input the same. Built only
/// under `--cfg fuzzing` (cargo-fuzz sets it); not part of the API.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing {
    use alloc::vec::Vec;

    use crate::error::DecodeError;
    use crate::quirks::Quirks;
    use crate::types::{Command, EhloReply, EnhancedCode, Reply};

    /// [`crate::parse::command`] by the grammar alone.
    pub fn command_by_grammar(line: &[u8]) -> Result<Command<'_>, DecodeError> {
        crate::parse::command::by_grammar(line, &Quirks::strict(), &mut Vec::new())
    }

    /// [`crate::parse::ehlo_reply`] by the reply grammar alone.
    pub fn ehlo_reply_by_grammar(bytes: &[u8]) -> Result<EhloReply<'_>, DecodeError> {
        crate::parse::ehlo::ehlo_reply_checked(bytes)
    }

    /// [`crate::parse::reply`] line by line, without the one-line path.
    pub fn reply_by_lines(bytes: &[u8]) -> Result<Reply<'_>, DecodeError> {
        crate::parse::reply::reply_by_lines(bytes, &Quirks::strict(), &mut Vec::new())
    }

    /// [`Reply::enhanced_code`] of `text` by the grammar alone.
    pub fn enhanced_code_by_grammar(text: &[u8]) -> Option<EnhancedCode> {
        crate::parse::reply::enhanced_prefix_by_grammar(text).map(|(c, _)| c)
    }
}
