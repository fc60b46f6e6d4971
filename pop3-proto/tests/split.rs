//! The RFC 1939 §10 example session, each side's byte stream decoded by one
//! session at every split point and byte by byte (all commands pipelined,
//! so every reply is framed by the client's queue alone).

use pop3_proto::client;
use pop3_proto::parse;
use pop3_proto::server;
use pop3_proto::session::State;
use pop3_proto::types::{Command, Response};

const MSG1: &[u8] = b"From: a\r\n\r\n.\r\nline two\r\n";
const MSG2: &[u8] = b"From: b\r\n\r\n\xe9t\xe9\r\n..\r\n";

const COMMANDS: [&str; 9] = [
    "APOP mrose c4c9334bac560ecc979e58001b3e22fb",
    "STAT",
    "LIST",
    "RETR 1",
    "DELE 1",
    "RETR 2",
    "DELE 2",
    "TOP 1 0",
    "QUIT",
];

fn server_stream() -> Vec<u8> {
    let mut s = Vec::new();
    s.extend_from_slice(b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n");
    s.extend_from_slice(b"+OK mrose's maildrop has 2 messages (320 octets)\r\n");
    s.extend_from_slice(b"+OK 2 320\r\n");
    s.extend_from_slice(b"+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n");
    s.extend_from_slice(b"+OK 120 octets\r\nFrom: a\r\n\r\n..\r\nline two\r\n.\r\n");
    s.extend_from_slice(b"+OK message 1 deleted\r\n");
    s.extend_from_slice(b"+OK 200 octets\r\nFrom: b\r\n\r\n\xe9t\xe9\r\n...\r\n.\r\n");
    s.extend_from_slice(b"+OK message 2 deleted\r\n");
    s.extend_from_slice(b"-ERR message 1 is deleted\r\n");
    s.extend_from_slice(b"+OK dewey POP3 server signing off (maildrop empty)\r\n");
    s
}

fn cuts(len: usize) -> impl Iterator<Item = Vec<usize>> {
    (0..=len).map(|c| vec![c]).chain([(1..len).collect()])
}

fn pieces<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut from = 0;
    for &c in cuts.iter().chain([&bytes.len()]) {
        out.push(&bytes[from..c]);
        from = c;
    }
    out
}

/// Client side: greeting, then all commands at once; the server stream in
/// the given pieces. Returns one line per event.
fn run_client(stream: &[u8], cuts: &[usize]) -> (Vec<String>, Vec<u8>, State) {
    let config = client::Config {
        assume_pipelining: true,
        ..client::Config::default()
    };
    let mut c = client::Session::new(config);
    let mut log = Vec::new();
    let mut body = Vec::new();
    let mut sent = false;
    for piece in pieces(stream, cuts) {
        c.receive(piece);
        loop {
            match c.next_event() {
                Ok(None) => break,
                Ok(Some(client::Event::BodyChunk(b))) => body.extend_from_slice(b),
                Ok(Some(client::Event::BodyEnd)) => {
                    log.push(format!("body {:?}", std::mem::take(&mut body)));
                }
                Ok(Some(client::Event::Response { response, command })) => {
                    log.push(format!("{command:?} {:?}", response.status()));
                }
                Ok(Some(ev)) => log.push(format!("{ev:?}")),
                Err(e) => log.push(format!("error {e}")),
            }
            if !sent && c.state() != State::START {
                sent = true;
                for line in COMMANDS {
                    let wire = format!("{line}\r\n");
                    c.send(&parse::command(wire.as_bytes()).unwrap()).unwrap();
                }
            }
        }
    }
    (log, c.take_transmit().to_vec(), c.state())
}

#[test]
fn client_decodes_the_example_at_every_split_point() {
    let stream = server_stream();
    let (log, sent, state) = run_client(&stream, &[]);
    let want_sent: String = COMMANDS.iter().map(|c| format!("{c}\r\n")).collect();
    assert_eq!(sent, want_sent.as_bytes());
    assert_eq!(state, State::Closed);
    assert_eq!(log.len(), 15, "{log:#?}");
    assert!(log[0].starts_with("Greeting("));
    assert_eq!(log[1], "Apop Ok");
    assert_eq!(
        log[4],
        "BodyLine(Scan(ScanListing { msg: MessageNumber(1), octets: 120, extra: Text(\"\") }))"
    );
    assert_eq!(log[8], format!("body {:?}", MSG1.to_vec()));
    assert_eq!(log[11], format!("body {:?}", MSG2.to_vec()));
    assert_eq!(log[13], "Top Err");
    assert_eq!(log[14], "Quit Ok");
    for c in cuts(stream.len()) {
        assert_eq!(
            run_client(&stream, &c),
            (log.clone(), sent.clone(), state),
            "{c:?}"
        );
    }
}

/// Server side: the client stream in the given pieces, answered by a
/// scripted maildrop. Returns what the server sent and its events.
fn run_server(stream: &[u8], cuts: &[usize]) -> (Vec<u8>, Vec<String>, State) {
    let mut s = server::Session::new(server::Config::default());
    let ok = |t: &'static [u8]| Response::ok(t).unwrap();
    s.send(&ok(b"POP3 server ready <1896.697170952@dbc.mtview.ca.us>"))
        .unwrap();
    let mut log = Vec::new();
    let mut deleted = [false; 2];
    for piece in pieces(stream, cuts) {
        s.receive(piece);
        loop {
            let c = match s.next_event() {
                Ok(Some(server::Event::Command(c))) => c.into_static(),
                Ok(None) => break,
                other => panic!("{other:?}"),
            };
            log.push(c.keyword().to_string());
            match c {
                Command::Apop { .. } => {
                    s.send(&ok(b"mrose's maildrop has 2 messages (320 octets)"))
                }
                Command::Stat => s.send(&ok(b"2 320")),
                Command::List(None) => {
                    s.send(&ok(b"2 messages (320 octets)")).unwrap();
                    for l in [&b"1 120\r\n"[..], b"2 200\r\n"] {
                        let l = parse::scan_listing(l).unwrap();
                        s.send_body_line(&pop3_proto::session::BodyLine::Scan(l))
                            .unwrap();
                    }
                    s.end_body()
                }
                Command::Retr(n) | Command::Top { msg: n, .. } if deleted[n.get() as usize - 1] => {
                    s.send(&Response::err(&b"message 1 is deleted"[..]).unwrap())
                }
                Command::Retr(n) => {
                    let (text, msg): (&[u8], _) = match n.get() {
                        1 => (b"120 octets", MSG1),
                        _ => (b"200 octets", MSG2),
                    };
                    s.send(&ok(text)).unwrap();
                    s.send_body(msg).unwrap();
                    s.end_body()
                }
                Command::Dele(n) => {
                    deleted[n.get() as usize - 1] = true;
                    s.send(&Response::ok(format!("message {n} deleted").into_bytes()).unwrap())
                }
                Command::Quit => s.send(&ok(b"dewey POP3 server signing off (maildrop empty)")),
                other => panic!("{other:?}"),
            }
            .unwrap();
        }
    }
    (s.take_transmit().to_vec(), log, s.state())
}

#[test]
fn server_decodes_the_example_at_every_split_point() {
    let stream: String = COMMANDS.iter().map(|c| format!("{c}\r\n")).collect();
    let (out, log, state) = run_server(stream.as_bytes(), &[]);
    assert_eq!(out, server_stream());
    assert_eq!(
        log,
        [
            "APOP", "STAT", "LIST", "RETR", "DELE", "RETR", "DELE", "TOP", "QUIT"
        ]
    );
    assert_eq!(state, State::Closed);
    for c in cuts(stream.len()) {
        assert_eq!(
            run_server(stream.as_bytes(), &c),
            (out.clone(), log.clone(), state),
            "{c:?}"
        );
    }
}
