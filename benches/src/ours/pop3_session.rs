//! A whole POP3 conversation between our client and server sessions, for
//! the idle-memory measurement (and the session benchmarks): every byte the
//! server sends reaches the client in 1460-byte pieces, as from a socket.

use crate::corpus::body::Body;
use crate::pieces::Pieces;
use pop3_proto::client;
use pop3_proto::parse;
use pop3_proto::server;
use pop3_proto::session::BodyLine;
use pop3_proto::types::{Command, Response};

/// A client and a server session that have talked.
#[derive(Debug)]
pub struct Pair {
    /// The client role.
    pub client: client::Session,
    /// The server role.
    pub server: server::Session,
    /// Client events seen.
    pub client_events: usize,
    /// Message body octets the client received as chunks.
    pub body_octets: usize,
}

/// What the server's mailbox answers with.
#[derive(Debug, Clone, Copy)]
pub struct Mailbox<'a> {
    /// The message `RETR 1` returns.
    pub body: &'a Body,
    /// A whole multi-line LIST reply (its lines are re-sent typed).
    pub list: &'a [u8],
    /// A whole multi-line UIDL reply.
    pub uidl: &'a [u8],
    /// A whole CAPA reply.
    pub capa: &'a [u8],
}

/// The commands of the conversation, in order (no QUIT: the sessions stay
/// open and idle).
pub const CONVERSATION: &[&[u8]] = &[
    b"CAPA\r\n",
    b"USER alice.example\r\n",
    b"PASS correct horse battery staple\r\n",
    b"STAT\r\n",
    b"LIST\r\n",
    b"UIDL\r\n",
    b"RETR 1\r\n",
    b"DELE 1\r\n",
    b"NOOP\r\n",
];

fn ok(text: &str) -> Response<'_> {
    match Response::ok(text.as_bytes()) {
        Ok(r) => r,
        Err(e) => panic!("bad response text {text:?}: {e}"),
    }
}

fn body_lines(reply: &[u8]) -> impl Iterator<Item = &[u8]> {
    reply
        .split_inclusive(|&b| b == b'\n')
        .skip(1)
        .take_while(|l| *l != b".\r\n")
}

fn drain_client(pair: &mut Pair) {
    loop {
        match pair.client.next_event() {
            Ok(Some(client::Event::BodyChunk(c))) => {
                pair.body_octets += c.len();
                pair.client_events += 1;
            }
            Ok(Some(_)) => pair.client_events += 1,
            Ok(None) => return,
            Err(e) => panic!("our client refused the server: {e:?}"),
        }
    }
}

fn server_to_client(pair: &mut Pair) {
    let out = pair.server.take_transmit();
    for piece in Pieces::Segment.split(&out) {
        pair.client.receive(piece);
        drain_client(pair);
    }
}

fn answer(server: &mut server::Session, command: &Command<'_>, mailbox: &Mailbox<'_>) {
    let sent = match command {
        Command::Capa => server.send(&ok("Capability list follows")).and_then(|()| {
            for line in body_lines(mailbox.capa) {
                let c = parse::capability(line).unwrap_or_else(|e| panic!("corpus CAPA: {e}"));
                server.send_body_line(&BodyLine::Capability(c))?;
            }
            server.end_body()
        }),
        Command::Stat => server.send(&ok("10000 25000000000")),
        Command::List(None) => server.send(&ok("10000 messages")).and_then(|()| {
            for line in body_lines(mailbox.list) {
                let l = parse::scan_listing(line).unwrap_or_else(|e| panic!("corpus LIST: {e}"));
                server.send_body_line(&BodyLine::Scan(l))?;
            }
            server.end_body()
        }),
        Command::Uidl(None) => server.send(&ok("")).and_then(|()| {
            for line in body_lines(mailbox.uidl) {
                let l =
                    parse::unique_id_listing(line).unwrap_or_else(|e| panic!("corpus UIDL: {e}"));
                server.send_body_line(&BodyLine::UniqueId(l))?;
            }
            server.end_body()
        }),
        Command::Retr(_) => {
            let octets = format!("{} octets", mailbox.body.plain.len());
            server.send(&ok(&octets)).and_then(|()| {
                for chunk in mailbox.body.plain.chunks(64 * 1024) {
                    server.send_body(chunk)?;
                }
                server.end_body()
            })
        }
        _ => server.send(&ok("done")),
    };
    if let Err(e) = sent {
        panic!("our server refused to answer {command:?}: {e:?}");
    }
}

/// Runs greeting, CAPA, USER, PASS, STAT, LIST, UIDL, RETR, DELE, NOOP
/// between fresh sessions, one command at a time, and returns them idle.
pub fn conversation(mailbox: &Mailbox<'_>) -> Pair {
    let mut pair = Pair {
        client: client::Session::new(client::Config::default()),
        server: server::Session::new(server::Config::default()),
        client_events: 0,
        body_octets: 0,
    };
    if let Err(e) = pair.server.send(&ok("POP3 server ready")) {
        panic!("greeting refused: {e:?}");
    }
    server_to_client(&mut pair);
    for line in CONVERSATION {
        let command = parse::command(line).unwrap_or_else(|e| panic!("corpus command: {e}"));
        if let Err(e) = pair.client.send(&command) {
            panic!("our client refused to send {command:?}: {e:?}");
        }
        let bytes = pair.client.take_transmit();
        pair.server.receive(&bytes);
        let received = match pair.server.next_event() {
            Ok(Some(server::Event::Command(c))) => c.into_static(),
            other => panic!("our server did not decode {line:?}: {other:?}"),
        };
        answer(&mut pair.server, &received, mailbox);
        server_to_client(&mut pair);
    }
    pair
}

/// A client session logged in (greeting, USER, PASS answered) that has
/// sent `RETR 1` and waits for the reply.
pub fn client_awaiting_retr() -> client::Session {
    let mut c = client::Session::new(client::Config::default());
    let exchange = |c: &mut client::Session, reply: &[u8]| {
        c.receive(reply);
        loop {
            match c.next_event() {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => panic!("our client refused {reply:?}: {e:?}"),
            }
        }
    };
    exchange(&mut c, b"+OK POP3 server ready\r\n");
    for line in [
        &b"USER alice.example\r\n"[..],
        b"PASS secret\r\n",
        b"RETR 1\r\n",
    ] {
        let command = parse::command(line).unwrap_or_else(|e| panic!("corpus command: {e}"));
        if let Err(e) = c.send(&command) {
            panic!("our client refused to send {command:?}: {e:?}");
        }
        drop(c.take_transmit());
        if !line.starts_with(b"RETR") {
            exchange(&mut c, b"+OK\r\n");
        }
    }
    c
}

/// Feeds a whole RETR reply to `client` in `pieces`, counting the octets of
/// its `BodyChunk` events up to `BodyEnd`.
pub fn client_retr(client: &mut client::Session, retr: &[u8], pieces: Pieces) -> usize {
    let mut octets = 0;
    for piece in pieces.split(retr) {
        client.receive(piece);
        loop {
            match client.next_event() {
                Ok(Some(client::Event::BodyChunk(c))) => octets += c.len(),
                Ok(Some(client::Event::BodyEnd)) => return octets,
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => panic!("our client refused the RETR reply: {e:?}"),
            }
        }
    }
    panic!("our client did not see the end of the body");
}
