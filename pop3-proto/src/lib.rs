//! POP3 without I/O: the wire format of RFC 1939, with CAPA and pipelining
//! (RFC 2449), STLS (RFC 2595), SASL (RFC 5034), UTF8 and LANG (RFC 6856)
//! and the extended response codes of RFC 3206, as typed values and as
//! client and server session state machines that never touch a socket, a
//! clock or a thread.
//!
//! A client and a server session back to back, the bytes of each handed to
//! the other, through a login, a message retrieval and `QUIT`:
//!
//! ```
//! use pop3_proto::session::State;
//! use pop3_proto::types::{Command, MessageNumber, Param, Response, Secret};
//! use pop3_proto::{client, server};
//!
//! const MESSAGE: &[u8] = b"Subject: hello\r\n\r\n.a line starting with a dot\r\n";
//!
//! /// The server's application: answers every command it decodes.
//! fn serve(srv: &mut server::Session) -> Result<(), Box<dyn std::error::Error>> {
//!     while let Some(event) = srv.next_event()? {
//!         let server::Event::Command(command) = event else { continue };
//!         match command.into_static() {
//!             Command::Retr(_) => {
//!                 srv.send(&Response::ok("message follows")?)?;
//!                 srv.send_body(MESSAGE)?; // dot-stuffed on the way out
//!                 srv.end_body()?;
//!             }
//!             _ => srv.send(&Response::ok("fine")?)?,
//!         }
//!     }
//!     Ok(())
//! }
//!
//! let mut srv = server::Session::new(server::Config::default());
//! let mut cli = client::Session::new(client::Config::default());
//!
//! // The server greets first.
//! srv.send(&Response::ok("POP3 ready")?)?;
//! cli.receive(&srv.take_transmit());
//! assert!(matches!(cli.next_event()?, Some(client::Event::Greeting(_))));
//!
//! let retr = Command::Retr(MessageNumber::new(1).ok_or("message 0")?);
//! let login = [Command::User(Param::new("alice")?), Command::Pass(Secret::new("secret")?)];
//! let mut body = Vec::new();
//! for command in login.into_iter().chain([retr, Command::Quit]) {
//!     cli.send(&command)?; // refused (SendError) if illegal in this state
//!     srv.receive(&cli.take_transmit());
//!     serve(&mut srv)?;
//!     cli.receive(&srv.take_transmit());
//!     while let Some(event) = cli.next_event()? {
//!         match event {
//!             client::Event::Response { response, command } => {
//!                 assert!(response.is_ok(), "{command:?}");
//!             }
//!             client::Event::BodyChunk(chunk) => body.extend_from_slice(chunk),
//!             _ => {}
//!         }
//!     }
//! }
//! assert_eq!(body, MESSAGE); // unstuffed, exactly as sent
//! assert!(cli.is_closed() && srv.is_closed());
//! assert_eq!(cli.state(), State::Closed);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Modules
//!
//! - [`types`]: the vocabulary — [`types::Command`], [`types::Response`]
//!   and their parts. Values borrow from the input and become owned with
//!   `into_static()`; constructors validate, so every value can be encoded;
//!   passwords and SASL data redact themselves in `Debug`.
//! - [`parse`]: the `nom` grammar, one function per ABNF rule, and the
//!   stateless entry points ([`parse::command`], [`parse::response`], ...)
//!   that decode one complete line and report offsets within it.
//! - [`encode`]: the exact inverse of `parse` ([`encode::Encode`]).
//! - [`framing`]: the incremental framers — CRLF lines with a length limit,
//!   multi-line bodies dot-unstuffed as they stream in, the dot-stuffer, and
//!   the session's input buffer.
//! - [`session`]: the one [`session::State`] enum and the one transition
//!   table ([`session::rule`]) both roles consult.
//! - [`client`], [`server`]: the two `Session`s with their `Config` and
//!   `Event`.
//! - [`limits`], [`quirks`], [`error`]: sizes, named leniencies, errors.
//!
//! # Driving a session
//!
//! Input: [`client::Session::receive`] buffers bytes and never fails;
//! `next_event` returns the next typed event, borrowing the session's
//! buffer, or `Ok(None)` when more input is needed (or, on the server,
//! while a command awaits its reply). Output: `send` (and the body and
//! SASL methods) refuse what is illegal in the current state with a
//! [`error::SendError`] that changes nothing; `take_transmit` hands out the
//! bytes to write. Everything else is a getter (`state`, `is_closed`,
//! `capabilities`, `is_utf8`, `wants_input`, ...).
//!
//! The driver reads from its transport only while `wants_input()` is true,
//! and calls `next_event` until `Ok(None)` after each `receive`. Message
//! bodies arrive as [`client::Event::BodyChunk`]s borrowed from the input,
//! so a large message never needs a buffer of its size. On `StartTls` the
//! driver changes the transport and calls `tls_established`; bytes that
//! arrived before the handshake are refused as injection.
//!
//! # Errors
//!
//! - [`error::DecodeError`] (from `parse` and constructors): the byte offset
//!   in the line and what the grammar expected there.
//! - [`error::ProtocolError`] (from `next_event`): the peer's fault, at a
//!   byte offset in the stream the session received. On the server it
//!   carries the `-ERR` to send and the session stays usable unless
//!   [`error::ProtocolError::is_fatal`]; on the client an undecodable status
//!   line is fatal, a bad body line is reported and skipped.
//! - [`error::SendError`] (from `send` and kin): the local caller's misuse.
//!
//! # Decoding policy
//!
//! Encoding is always strict. Decoding accepts the deviations of real peers
//! that [`quirks::Quirks`] switches on, and reports each use as an
//! `Event::Warning` ([`quirks::Warning`]: the [`quirks::Quirk`] and its
//! stream offset) just before the event it concerns. Clients accept every
//! known server deviation by default ([`quirks::Quirks::client_default`]);
//! servers decode strictly except for what Dovecot accepts out of the box
//! ([`quirks::Quirks::server_default`]): bare LF line ends, repeated and
//! trailing spaces, upper-case APOP digests.
//!
//! Bytes that may be 8-bit (response text, user names, passwords, message
//! bodies) stay bytes; `to_str` accessors validate UTF-8 on request, and
//! nothing is replaced with U+FFFD. After `UTF8` succeeds (RFC 6856) the
//! sessions are in UTF-8 mode and user names and passwords must be UTF-8.
//!
//! Inside a message body, a bare LF or bare CR is content: it never ends a
//! line, so it never moves the end of the body. The
//! [`framing::BareLf`] policy in [`client::Config::bare_lf`] passes it
//! (the default), delivers it as CRLF, or refuses the body; passed or
//! normalized, the first of each kind in a body is reported as a warning.
//! Nothing received is silently altered or dropped.
//!
//! # Limits
//!
//! Memory is bounded by [`limits::Limits`], never by what the peer
//! announces or sends: command lines 255 octets (RFC 2449 §4), status lines
//! 512, SASL lines 12 KiB, body lines 64 KiB, bodies 256 MiB (streamed, so
//! the limit guards the caller who collects them), 256 pipelined commands,
//! and 256 KiB of input held undecoded — past that a session stops wanting
//! input and reports an overflow if more is forced on it. Buffers grow on
//! demand and give their memory back when drained, so an idle session holds
//! a few hundred bytes.
//!
//! # Features
//!
//! - `std` (default): `std` for the dependencies; the crate itself is
//!   `no_std` with `alloc`.
//! - `arbitrary`: `arbitrary::Arbitrary` for the vocabulary, for fuzzing.
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
