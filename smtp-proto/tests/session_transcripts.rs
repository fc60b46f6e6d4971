//! RFC example dialogues replayed through both roles, at every split point:
//! the client lines go into a server session that answers with the RFC's
//! replies, and the server lines go into a client session that sends the
//! RFC's commands as soon as it may. Each must reproduce the other side's
//! bytes exactly.

mod split;

use smtp_proto::client;
use smtp_proto::parse;
use smtp_proto::server::{self, Event};
use smtp_proto::session::State;
use smtp_proto::types::Reply;

/// `C:`/`S:` lines, each sent with CRLF.
fn lines(text: &str, who: char) -> Vec<Vec<u8>> {
    text.lines()
        .map(str::trim)
        .filter_map(|l| {
            l.strip_prefix(&format!("{who}: "))
                .or(l.strip_prefix(&format!("{who}:")))
        })
        .map(|l| format!("{l}\r\n").into_bytes())
        .collect()
}

/// Server lines grouped into whole replies.
fn replies(text: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for l in lines(text, 'S') {
        let last = l.get(3) != Some(&b'-');
        cur.extend_from_slice(&l);
        if last {
            out.push(std::mem::take(&mut cur));
        }
    }
    out
}

/// The server role: returns what it transmitted.
fn replay_server(text: &str, pieces: &[&[u8]]) -> Vec<u8> {
    let replies: Vec<Reply<'static>> = replies(text)
        .iter()
        .map(|r| parse::reply(r).unwrap().into_static())
        .collect();
    let mut next = replies.iter();
    let mut s = server::Session::new(server::Config::default());
    s.send(next.next().unwrap()).unwrap();
    let mut out = s.take_transmit().to_vec();
    for p in pieces {
        s.receive(p);
        loop {
            let answer = match s.next_event() {
                Ok(None) => break,
                Ok(Some(Event::Command(c))) => {
                    !matches!(c, smtp_proto::types::Command::Bdat { .. })
                }
                Ok(Some(Event::DataChunk(_) | Event::Warning(_))) => false,
                Ok(Some(_)) => true,
                // The real server's reply answers the refused command.
                Err(e) => {
                    assert!(!e.fatal, "{e}");
                    true
                }
            };
            if answer {
                s.send(next.next().expect("a reply for every command"))
                    .unwrap();
            }
        }
        out.extend_from_slice(&s.take_transmit());
    }
    assert!(next.next().is_none(), "replies left over");
    out
}

enum Item {
    Command(Vec<u8>),
    Content(Vec<u8>),
}

/// The client's commands, and the content of each DATA that got a 354 (the
/// lines up to a `.` line, unstuffed: the transcript shows wire bytes).
fn client_items(text: &str) -> Vec<Item> {
    let all = lines(text, 'C');
    let mut items = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let line = &all[i];
        items.push(Item::Command(line.clone()));
        i += 1;
        if !line.eq_ignore_ascii_case(b"DATA\r\n") {
            continue;
        }
        let Some(end) = all[i..].iter().position(|l| l == b".\r\n") else {
            continue;
        };
        let content: Vec<u8> = all[i..i + end]
            .iter()
            .flat_map(|l| l.strip_prefix(b".").unwrap_or(l).to_vec())
            .collect();
        items.push(Item::Content(content));
        i += end + 1;
    }
    items
}

/// The client role: sends each item as soon as the session allows; returns
/// what it transmitted and its final state.
fn replay_client(text: &str, pieces: &[&[u8]]) -> (Vec<u8>, State) {
    let items = client_items(text);
    let mut next = 0;
    let mut c = client::Session::new(client::Config::default());
    let mut out = Vec::new();
    for p in pieces {
        c.receive(p);
        loop {
            let progressed = match c.next_event() {
                Ok(Some(_)) => true,
                Ok(None) => false,
                Err(e) => panic!("{e}"),
            };
            // Send all that may be sent now.
            while let Some(item) = items.get(next) {
                let sent = match item {
                    Item::Command(line) => {
                        let command = parse::command(line).unwrap();
                        c.send(&command).is_ok()
                    }
                    Item::Content(body) if c.state() == State::Data => {
                        c.send_data(body).unwrap();
                        c.end_data().is_ok()
                    }
                    Item::Content(_) => false,
                };
                if !sent {
                    break;
                }
                next += 1;
            }
            out.extend_from_slice(&c.take_transmit());
            if !progressed {
                break;
            }
        }
    }
    assert_eq!(next, items.len(), "commands left unsent");
    (out, c.state())
}

fn check(text: &str) {
    let client_bytes: Vec<u8> = lines(text, 'C').concat();
    let server_bytes: Vec<u8> = lines(text, 'S').concat();
    let got = split::same_for_all_splits(&client_bytes, |p| replay_server(text, p));
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&server_bytes)
    );
    let (sent, state) = split::same_for_all_splits(&server_bytes, |p| replay_client(text, p));
    assert_eq!(
        String::from_utf8_lossy(&sent),
        String::from_utf8_lossy(&client_bytes)
    );
    assert_eq!(state, State::Closed);
}

/// RFC 5321 Appendix D.1.
#[test]
fn rfc5321_d1_typical_transaction() {
    check(
        "S: 220 foo.com Simple Mail Transfer Service Ready
         C: EHLO bar.com
         S: 250-foo.com greets bar.com
         S: 250-8BITMIME
         S: 250-SIZE
         S: 250-DSN
         S: 250 HELP
         C: MAIL FROM:<Smith@bar.com>
         S: 250 OK
         C: RCPT TO:<Jones@foo.com>
         S: 250 OK
         C: RCPT TO:<Green@foo.com>
         S: 550 No such user here
         C: RCPT TO:<Brown@foo.com>
         S: 250 OK
         C: DATA
         S: 354 Start mail input; end with <CRLF>.<CRLF>
         C: Blah blah blah...
         C: ...etc. etc. etc.
         C: .
         S: 250 OK
         C: QUIT
         S: 221 foo.com Service closing transmission channel",
    );
}

/// RFC 5321 Appendix D.2 (aborted transaction).
#[test]
fn rfc5321_d2_aborted_transaction() {
    check(
        "S: 220 foo.com Simple Mail Transfer Service Ready
         C: EHLO bar.com
         S: 250-foo.com greets bar.com
         S: 250-8BITMIME
         S: 250-SIZE
         S: 250-DSN
         S: 250 HELP
         C: MAIL FROM:<Smith@bar.com>
         S: 250 OK
         C: RCPT TO:<Jones@foo.com>
         S: 250 OK
         C: RCPT TO:<Green@foo.com>
         S: 550 No such user here
         C: RSET
         S: 250 OK
         C: QUIT
         S: 221 foo.com Service closing transmission channel",
    );
}

/// RFC 2920 §4, first example: no pipelining.
#[test]
fn rfc2920_without_pipelining() {
    check(
        "S: 220 Innosoft.com SMTP service ready
         C: HELO dbc.mtview.ca.us
         S: 250 Innosoft.com
         C: MAIL FROM:<mrose@dbc.mtview.ca.us>
         S: 250 sender <mrose@dbc.mtview.ca.us> OK
         C: RCPT TO:<ned@innosoft.com>
         S: 250 recipient <ned@innosoft.com> OK
         C: RCPT TO:<dan@innosoft.com>
         S: 250 recipient <dan@innosoft.com> OK
         C: RCPT TO:<kvc@innosoft.com>
         S: 250 recipient <kvc@innosoft.com> OK
         C: DATA
         S: 354 enter mail, end with line containing only \".\"
         C: .
         S: 250 message sent
         C: QUIT
         S: 221 goodbye",
    );
}

/// RFC 2920 §4, second example: the same pipelined, the content and QUIT
/// in one group.
#[test]
fn rfc2920_pipelined() {
    check(
        "S: 220 innosoft.com SMTP service ready
         C: EHLO dbc.mtview.ca.us
         S: 250-innosoft.com
         S: 250 PIPELINING
         C: MAIL FROM:<mrose@dbc.mtview.ca.us>
         C: RCPT TO:<ned@innosoft.com>
         C: RCPT TO:<dan@innosoft.com>
         C: RCPT TO:<kvc@innosoft.com>
         C: DATA
         S: 250 sender <mrose@dbc.mtview.ca.us> OK
         S: 250 recipient <ned@innosoft.com> OK
         S: 250 recipient <dan@innosoft.com> OK
         S: 250 recipient <kvc@innosoft.com> OK
         S: 354 enter mail, end with line containing only \".\"
         C: .
         C: QUIT
         S: 250 message sent
         S: 221 goodbye",
    );
}

/// RFC 2920 §4, third example: every recipient refused, so DATA is too
/// (our server session refuses it as a bad sequence; the RFC's 554 answers
/// in its place).
#[test]
fn rfc2920_pipelined_no_valid_recipients() {
    check(
        "S: 220 innosoft.com SMTP service ready
         C: EHLO dbc.mtview.ca.us
         S: 250-innosoft.com
         S: 250 PIPELINING
         C: MAIL FROM:<mrose@dbc.mtview.ca.us>
         C: RCPT TO:<nsb@thumper.bellcore.com>
         C: RCPT TO:<galvin@tis.com>
         C: DATA
         S: 250 sender <mrose@dbc.mtview.ca.us> OK
         S: 550 remote mail to <nsb@thumper.bellore.com> not allowed
         S: 550 remote mail to <galvin@tis.com> not allowed
         S: 554 no valid recipients given
         C: QUIT
         S: 221 goodbye",
    );
}
