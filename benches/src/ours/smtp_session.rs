//! A whole SMTP transaction between our client and server sessions, for
//! the idle-memory measurement and the session-level DATA benchmark: every
//! byte reaches the other side in 1460-byte pieces, as from a socket.

use crate::corpus::smtp as corpus;
use crate::pieces::Pieces;
use smtp_proto::client;
use smtp_proto::parse;
use smtp_proto::server;
use smtp_proto::types::Reply;

/// A client and a server session that have talked.
#[derive(Debug)]
pub struct Pair {
    /// The client role.
    pub client: client::Session,
    /// The server role.
    pub server: server::Session,
    /// Replies the client decoded.
    pub replies: usize,
    /// Content octets the server received as chunks.
    pub body_octets: usize,
}

/// The commands before the content, in order, each with the reply it gets.
pub const CONVERSATION: &[(&[u8], &[u8])] = &[
    (b"EHLO client.example.com\r\n", corpus::EHLO_REPLY),
    (
        b"MAIL FROM:<alice@example.org> BODY=8BITMIME SIZE=14000000\r\n",
        b"250 2.1.0 Sender OK\r\n",
    ),
    (
        b"RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com\r\n",
        corpus::SINGLE_REPLY,
    ),
    (
        b"RCPT TO:<carol@example.net> NOTIFY=NEVER\r\n",
        corpus::SINGLE_REPLY,
    ),
    (
        b"DATA\r\n",
        b"354 Start mail input; end with <CRLF>.<CRLF>\r\n",
    ),
];

/// The reply to the end of the content.
pub const QUEUED: &[u8] = b"250 2.0.0 Ok: queued as 4F1C2A0B3\r\n";

fn reply(bytes: &[u8]) -> Reply<'_> {
    parse::reply(bytes).unwrap_or_else(|e| panic!("corpus reply: {e}"))
}

fn drain_client(pair: &mut Pair) {
    loop {
        match pair.client.next_event() {
            Ok(Some(client::Event::Reply { .. } | client::Event::Greeting(_))) => pair.replies += 1,
            Ok(Some(_)) => {}
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

/// Feeds the client's output to the server in 1460-byte pieces; returns
/// true when the server has something to answer (a command or the end of
/// the content).
fn client_to_server(pair: &mut Pair) -> bool {
    let out = pair.client.take_transmit();
    let mut due = false;
    for piece in Pieces::Segment.split(&out) {
        pair.server.receive(piece);
        loop {
            match pair.server.next_event() {
                Ok(Some(server::Event::DataChunk(c))) => pair.body_octets += c.len(),
                Ok(Some(server::Event::Command(_) | server::Event::DataEnd)) => due = true,
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => panic!("our server refused the client: {e:?}"),
            }
        }
    }
    due
}

/// Greeting, EHLO, MAIL, two RCPT, DATA with `content`, the final 250;
/// returns the sessions idle (no QUIT).
pub fn conversation(content: &[u8]) -> Pair {
    let mut pair = Pair {
        client: client::Session::new(client::Config::default()),
        server: server::Session::new(server::Config::default()),
        replies: 0,
        body_octets: 0,
    };
    let greeting = reply(b"220 mx.example.org ESMTP ready\r\n");
    if let Err(e) = pair.server.send(&greeting) {
        panic!("greeting refused: {e:?}");
    }
    server_to_client(&mut pair);
    for (line, answer) in CONVERSATION {
        let command = parse::command(line).unwrap_or_else(|e| panic!("corpus command: {e}"));
        if let Err(e) = pair.client.send(&command) {
            panic!("our client refused to send {command:?}: {e:?}");
        }
        assert!(
            client_to_server(&mut pair),
            "the server did not decode {line:?}"
        );
        if let Err(e) = pair.server.send(&reply(answer)) {
            panic!("our server refused to answer {line:?}: {e:?}");
        }
        server_to_client(&mut pair);
    }
    for chunk in content.chunks(64 * 1024) {
        if let Err(e) = pair.client.send_data(chunk) {
            panic!("our client refused the content: {e:?}");
        }
        // Sent as it is produced, so no buffer holds the whole message.
        client_to_server(&mut pair);
    }
    if let Err(e) = pair.client.end_data() {
        panic!("our client refused to end the content: {e:?}");
    }
    assert!(
        client_to_server(&mut pair),
        "the server did not see the end of data"
    );
    if let Err(e) = pair.server.send(&reply(QUEUED)) {
        panic!("our server refused to answer the content: {e:?}");
    }
    server_to_client(&mut pair);
    pair
}

/// A server session that has answered greeting, EHLO, MAIL, RCPT and DATA
/// and waits for content, and the bytes that brought it there consumed.
pub fn server_awaiting_content() -> server::Session {
    let mut s = server::Session::new(server::Config::default());
    let sent = s.send(&reply(b"220 mx.example.org ESMTP ready\r\n"));
    assert!(sent.is_ok(), "greeting refused");
    for (line, answer) in CONVERSATION {
        s.receive(line);
        match s.next_event() {
            Ok(Some(server::Event::Command(_))) => {}
            other => panic!("our server did not decode {line:?}: {other:?}"),
        }
        if let Err(e) = s.send(&reply(answer)) {
            panic!("our server refused to answer {line:?}: {e:?}");
        }
    }
    drop(s.take_transmit());
    s
}

/// Feeds a terminated DATA body to `server` in `pieces`, counting the
/// content octets of its `DataChunk` events up to `DataEnd`.
pub fn server_content(server: &mut server::Session, wire: &[u8], pieces: Pieces) -> usize {
    let mut octets = 0;
    for piece in pieces.split(wire) {
        server.receive(piece);
        loop {
            match server.next_event() {
                Ok(Some(server::Event::DataChunk(c))) => octets += c.len(),
                Ok(Some(server::Event::DataEnd)) => return octets,
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => panic!("our server refused the content: {e:?}"),
            }
        }
    }
    panic!("our server did not see the end of data");
}
