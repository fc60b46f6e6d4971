//! The client session: what it refuses to send, how it matches replies to
//! commands, and its handling of the server's byte stream split at every
//! point.

mod session;
mod split;

use session::{client_log, cmd};
use smtp_proto::client::{Config, Event, Session};
use smtp_proto::error::{ProtocolErrorKind, SendError};
use smtp_proto::session::{Answers, CommandKind, State};
use smtp_proto::types::{AuthResponse, SaslData};

const GREETING: &[u8] = b"220 mx.example.org ESMTP\r\n";
const EHLO_PIPE: &[u8] = b"250-mx.example.org\r\n250-PIPELINING\r\n250-CHUNKING\r\n\
250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n";

/// A client that has been greeted and got this EHLO reply.
fn greeted(ehlo_reply: &[u8]) -> Session {
    let mut c = Session::new(Config::default());
    c.receive(GREETING);
    assert!(matches!(c.next_event(), Ok(Some(Event::Greeting(_)))));
    c.send(&cmd("EHLO client.example.org")).unwrap();
    c.receive(ehlo_reply);
    assert!(matches!(c.next_event(), Ok(Some(Event::Reply { .. }))));
    c.take_transmit();
    c
}

#[test]
fn nothing_is_sent_before_the_greeting() {
    let mut c = Session::new(Config::default());
    let e = c.send(&cmd("EHLO c")).unwrap_err();
    assert!(matches!(e, SendError::IllegalInState { .. }));
    assert!(c.take_transmit().is_empty());
}

#[test]
fn commands_out_of_sequence_are_refused_and_change_nothing() {
    let mut c = greeted(b"250 mx.example.org\r\n");
    let e = c.send(&cmd("RCPT TO:<b@x.org>")).unwrap_err();
    assert_eq!(
        e,
        SendError::IllegalInState {
            command: "RCPT",
            state: "Ready"
        }
    );
    assert_eq!(
        c.send(&cmd("STARTTLS")).unwrap_err(),
        SendError::NotOffered {
            extension: "STARTTLS"
        }
    );
    assert_eq!(
        c.send(&cmd("BDAT 3 LAST")).unwrap_err(),
        SendError::IllegalInState {
            command: "BDAT",
            state: "Ready"
        }
    );
    assert!(c.take_transmit().is_empty());
    assert_eq!(c.state(), State::Ready);
    assert_eq!(c.outstanding(), 0);
}

#[test]
fn without_pipelining_each_command_waits_for_its_reply() {
    let mut c = greeted(b"250 mx.example.org\r\n");
    c.send(&cmd("MAIL FROM:<a@x.org>")).unwrap();
    assert_eq!(
        c.send(&cmd("RCPT TO:<b@x.org>")).unwrap_err(),
        SendError::MustWaitForReplies
    );
    c.receive(b"250 ok\r\n");
    c.next_event().unwrap();
    c.send(&cmd("RCPT TO:<b@x.org>")).unwrap();
}

#[test]
fn pipelining_groups_end_at_data_ehlo_noop_quit() {
    let mut c = greeted(EHLO_PIPE);
    c.send(&cmd("MAIL FROM:<a@x.org>")).unwrap();
    c.send(&cmd("RCPT TO:<b@x.org>")).unwrap();
    c.send(&cmd("RCPT TO:<c@x.org>")).unwrap();
    c.send(&cmd("DATA")).unwrap();
    // RFC 2920 §3.1: DATA ends the group.
    assert_eq!(
        c.send(&cmd("NOOP")).unwrap_err(),
        SendError::MustWaitForReplies
    );
    assert_eq!(c.projected_state(), State::Data);
    assert_eq!(
        &c.take_transmit()[..],
        b"MAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nRCPT TO:<c@x.org>\r\nDATA\r\n"
    );
}

#[test]
fn pipelined_replies_are_matched_in_order_at_every_split() {
    let replies = b"250 2.1.0 ok\r\n550 5.1.1 no\r\n250-2.1.5 ok\r\n250 2.1.5 really\r\n354 go\r\n\
250 2.0.0 queued\r\n221 bye\r\n";
    let log = split::same_for_all_splits(replies, |pieces| {
        let mut c = greeted(EHLO_PIPE);
        c.send(&cmd("MAIL FROM:<a@x.org>")).unwrap();
        c.send(&cmd("RCPT TO:<b@x.org>")).unwrap();
        c.send(&cmd("RCPT TO:<c@x.org>")).unwrap();
        c.send(&cmd("DATA")).unwrap();
        let mut log = Vec::new();
        for p in pieces {
            c.receive(p);
            loop {
                let entry = client_log_one(&mut c);
                let Some(entry) = entry else { break };
                if entry.starts_with("reply 354") {
                    c.send_data(b"Subject: x\r\n\r\n.dot\r\nno newline")
                        .unwrap();
                    c.end_data().unwrap();
                }
                if entry.contains("to Data") {
                    c.send(&cmd("QUIT")).unwrap();
                }
                log.push(entry);
            }
        }
        (log, c.take_transmit().to_vec(), c.state())
    });
    assert_eq!(
        log.0,
        vec![
            "reply 250 to Command(Mail) #1 None",
            "reply 550 to Command(Rcpt) #2 None",
            "reply 250 to Command(Rcpt) #3 None",
            "reply 354 to Command(Data) #4 None",
            "reply 250 to Data #5 None",
            "reply 221 to Command(Quit) #6 None",
        ]
    );
    let sent = [
        b"MAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nRCPT TO:<c@x.org>\r\nDATA\r\n".as_slice(),
        b"Subject: x\r\n\r\n..dot\r\nno newline\r\n.\r\nQUIT\r\n",
    ]
    .concat();
    assert_eq!(log.1, sent);
    assert_eq!(log.2, State::Closed);
}

fn client_log_one(c: &mut Session) -> Option<String> {
    let mut log = Vec::new();
    match c.next_event() {
        Ok(None) => return None,
        Ok(Some(Event::Reply {
            reply,
            answers,
            id,
            recipient,
        })) => log.push(format!(
            "reply {} to {answers:?} #{} {recipient:?}",
            reply.code(),
            id.0
        )),
        Ok(Some(Event::StartTls)) => log.push("starttls".into()),
        Ok(Some(other)) => log.push(format!("{other:?}")),
        Err(e) => log.push(format!("error {:?}", e.kind)),
    }
    log.pop()
}

#[test]
fn failed_mail_makes_the_pipelined_rest_fail_too() {
    let mut c = greeted(EHLO_PIPE);
    c.send(&cmd("MAIL FROM:<a@x.org>")).unwrap();
    c.send(&cmd("RCPT TO:<b@x.org>")).unwrap();
    c.send(&cmd("DATA")).unwrap();
    c.receive(b"451 4.3.0 try later\r\n503 5.5.1 no MAIL\r\n503 5.5.1 no RCPT\r\n");
    let log = client_log(&mut c);
    assert_eq!(log.len(), 3);
    assert_eq!(c.state(), State::Ready);
    assert!(matches!(c.send_data(b"x"), Err(SendError::NotSendingData)));
    c.send(&cmd("RSET")).unwrap();
}

#[test]
fn a_reply_with_no_command_is_fatal_but_an_unsolicited_421_closes() {
    let mut c = greeted(EHLO_PIPE);
    c.receive(b"250 what?\r\n");
    let e = c.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::UnexpectedReply);
    assert!(c.is_closed());
    assert_eq!(c.next_event().unwrap_err(), e);

    let mut c = greeted(EHLO_PIPE);
    c.receive(b"421 4.4.2 idle too long\r\n");
    assert!(matches!(c.next_event(), Ok(Some(Event::Shutdown(_)))));
    assert_eq!(c.state(), State::Closed);
    assert_eq!(c.send(&cmd("NOOP")).unwrap_err(), SendError::Closed);
}

#[test]
fn a_reply_that_does_not_fit_is_fatal() {
    let mut c = greeted(EHLO_PIPE);
    c.send(&cmd("MAIL FROM:<a@x.org>")).unwrap();
    c.receive(b"354 go ahead\r\n");
    let e = c.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::UnexpectedReply);
}

#[test]
fn undecodable_or_over_long_replies_are_fatal_with_offset() {
    let mut c = Session::new(Config::default());
    c.receive(b"220 ok\r\n2x0 bad\r\n");
    c.next_event().unwrap();
    c.send(&cmd("HELO c")).unwrap();
    let e = c.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::Syntax);
    assert_eq!(e.offset, 9);

    let mut c = Session::new(Config::default());
    let mut long = b"220 ".to_vec();
    long.extend(std::iter::repeat_n(b'x', 5000));
    c.receive(&long);
    assert_eq!(
        c.next_event().unwrap_err().kind,
        ProtocolErrorKind::LineTooLong
    );
}

#[test]
fn greeting_other_than_220_or_negative_is_fatal() {
    // RFC 5321 §4.3.2: 220 opens the session, 554 (or another negative
    // code) refuses it; no other positive code is a greeting.
    for greeting in [&b"250 mx.example.org ready\r\n"[..], b"221 bye\r\n"] {
        let mut c = Session::new(Config::default());
        c.receive(greeting);
        let e = c.next_event().unwrap_err();
        assert_eq!(
            (e.offset, e.kind, e.expected),
            (
                0,
                ProtocolErrorKind::UnexpectedReply,
                "220 as the greeting (RFC 5321 §4.3.2)"
            )
        );
        assert!(c.send(&cmd("EHLO c")).is_err());
    }
    let mut c = Session::new(Config::default());
    c.receive(b"220-mx.example.org\r\n220 ready\r\n");
    assert!(matches!(c.next_event(), Ok(Some(Event::Greeting(_)))));
    assert_eq!(c.state(), State::Hello);
}

#[test]
fn greeting_554_allows_only_quit() {
    let mut c = Session::new(Config::default());
    c.receive(b"554 5.3.2 go away\r\n");
    assert!(matches!(c.next_event(), Ok(Some(Event::Greeting(_)))));
    assert_eq!(c.state(), State::Rejected);
    assert!(c.send(&cmd("EHLO c")).is_err());
    c.send(&cmd("QUIT")).unwrap();
}

#[test]
fn starttls_reply_with_injected_bytes_is_fatal_at_every_split() {
    let stream = b"220 2.0.0 go ahead\r\n250 injected\r\n";
    for pieces in split::splits(stream) {
        let mut c = greeted(EHLO_PIPE);
        c.send(&cmd("STARTTLS")).unwrap();
        let mut log = Vec::new();
        for p in &pieces {
            c.receive(p);
            log.extend(client_log(&mut c));
        }
        assert!(
            log.last().unwrap().starts_with("error StartTlsInjection"),
            "{pieces:?}: {log:?}"
        );
    }
}

#[test]
fn starttls_then_the_capabilities_are_forgotten() {
    let mut c = greeted(EHLO_PIPE);
    assert!(c.capabilities().is_some());
    c.send(&cmd("STARTTLS")).unwrap();
    assert_eq!(
        c.send(&cmd("NOOP")).unwrap_err(),
        SendError::MustWaitForReplies
    );
    c.receive(b"220 2.0.0 go ahead\r\n");
    assert!(matches!(c.next_event(), Ok(Some(Event::Reply { .. }))));
    assert!(matches!(c.next_event(), Ok(Some(Event::StartTls))));
    assert_eq!(c.send(&cmd("EHLO c")).unwrap_err(), SendError::TlsPending);
    c.tls_established().unwrap();
    assert_eq!(c.state(), State::Hello);
    assert!(c.capabilities().is_none());
    assert!(!c.extensions().pipelining);
    assert!(c.send(&cmd("MAIL FROM:<a@x.org>")).is_err());
    c.send(&cmd("EHLO c")).unwrap();
}

#[test]
fn auth_exchange() {
    let mut c = greeted(EHLO_PIPE);
    let id = c.send(&cmd("AUTH LOGIN")).unwrap();
    // Nothing may be pipelined after AUTH.
    assert_eq!(
        c.send(&cmd("NOOP")).unwrap_err(),
        SendError::MustWaitForReplies
    );
    c.receive(b"334 VXNlcm5hbWU6\r\n");
    let Some(Event::Reply {
        answers, id: got, ..
    }) = c.next_event().unwrap()
    else {
        panic!()
    };
    assert_eq!((answers, got), (Answers::Command(CommandKind::Auth), id));
    assert_eq!(c.state(), State::Auth);
    assert!(c.send(&cmd("NOOP")).is_err());
    c.take_transmit();
    c.send_auth_response(&AuthResponse::Data(SaslData::encode(b"user")))
        .unwrap();
    assert_eq!(&c.take_transmit()[..], b"dXNlcg==\r\n");
    c.receive(b"334 UGFzc3dvcmQ6\r\n");
    c.next_event().unwrap();
    c.send_auth_response(&AuthResponse::Cancel).unwrap();
    assert_eq!(&c.take_transmit()[..], b"*\r\n");
    c.receive(b"501 5.7.0 cancelled\r\n");
    c.next_event().unwrap();
    assert_eq!(c.state(), State::Ready);
    assert!(!c.is_authenticated());
    c.send(&cmd("AUTH PLAIN AGFAYg==")).unwrap();
    c.receive(b"235 2.7.0 ok\r\n");
    c.next_event().unwrap();
    assert!(c.is_authenticated());
    assert!(c.send(&cmd("AUTH PLAIN AGFAYg==")).is_err());
}

#[test]
fn data_content_is_stuffed_and_bare_line_endings_normalized() {
    let mut c = greeted(EHLO_PIPE);
    for line in ["MAIL FROM:<a@x.org>", "RCPT TO:<b@x.org>", "DATA"] {
        c.send(&cmd(line)).unwrap();
    }
    c.receive(b"250 ok\r\n250 ok\r\n354 go\r\n");
    client_log(&mut c);
    c.take_transmit();
    c.send_data(b".a\nb\r").unwrap();
    c.send_data(b"\n.").unwrap();
    c.end_data().unwrap();
    assert_eq!(&c.take_transmit()[..], b"..a\r\nb\r\n..\r\n.\r\n");
    assert!(matches!(c.send_data(b"x"), Err(SendError::NotSendingData)));
}

#[test]
fn bdat_chunk_is_sent_as_is_and_counted() {
    let mut c = greeted(EHLO_PIPE);
    c.send(&cmd("MAIL FROM:<a@x.org>")).unwrap();
    c.send(&cmd("RCPT TO:<b@x.org>")).unwrap();
    c.send(&cmd("BDAT 5 LAST")).unwrap();
    assert!(c.send(&cmd("QUIT")).is_err());
    assert!(c.send_data(b"123456").is_err());
    c.send_data(b"1.\r\n").unwrap();
    c.send_data(b"x").unwrap();
    assert_eq!(c.bdat_remaining(), 0);
    assert_eq!(
        &c.take_transmit()[..],
        b"MAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nBDAT 5 LAST\r\n1.\r\nx"
    );
    c.receive(b"250 ok\r\n250 ok\r\n250 2.0.0 queued\r\n");
    assert_eq!(client_log(&mut c).len(), 3);
    assert_eq!(c.state(), State::Ready);
}

#[test]
fn lmtp_replies_name_their_recipient() {
    let mut c = Session::new(Config::lmtp());
    c.receive(b"220 lmtp ready\r\n");
    c.next_event().unwrap();
    assert!(c.send(&cmd("EHLO c")).is_err());
    c.send(&cmd("LHLO c")).unwrap();
    c.receive(b"250-lmtp\r\n250 PIPELINING\r\n");
    c.next_event().unwrap();
    for l in [
        "MAIL FROM:<a@x.org>",
        "RCPT TO:<b@x.org>",
        "RCPT TO:<c@x.org>",
        "DATA",
    ] {
        c.send(&cmd(l)).unwrap();
    }
    c.receive(b"250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n");
    client_log(&mut c);
    c.send_data(b"hi\r\n").unwrap();
    c.end_data().unwrap();
    c.receive(b"250 2.1.5 b ok\r\n452 4.2.2 c full\r\n");
    let log = client_log(&mut c);
    assert_eq!(
        log,
        vec![
            "reply 250 to Data #5 Some(0)",
            "reply 452 to Data #5 Some(1)"
        ]
    );
    assert_eq!(c.state(), State::Ready);
}

#[test]
fn idle_session_is_small() {
    let size = std::mem::size_of::<Session>();
    assert!(size < 600, "client session is {size} bytes");
}

#[test]
fn raw_lines_are_sent_unchecked_and_their_replies_matched() {
    let mut c = greeted(b"250 mx\r\n");
    // Illegal here, but sent as is; the 503 is matched to it.
    let id = c.send_raw(b"RCPT TO:<b@x.org>\r\n").unwrap();
    assert_eq!(&c.take_transmit()[..], b"RCPT TO:<b@x.org>\r\n");
    c.receive(b"503 5.5.1 need MAIL\r\n");
    let Some(Event::Reply {
        id: got, answers, ..
    }) = c.next_event().unwrap()
    else {
        panic!()
    };
    assert_eq!((got, answers), (id, Answers::Command(CommandKind::Rcpt)));
    assert_eq!(c.state(), State::Ready);
    // Garbage is an unknown command; more than one line is refused.
    c.send_raw(b"\x01\x02\r\n").unwrap();
    c.receive(b"500 5.5.2 what\r\n");
    c.next_event().unwrap();
    assert!(c.send_raw(b"NOOP\r\nQUIT\r\n").is_err());
    assert!(c.send_raw(b"NOOP").is_err());
}

#[test]
fn mail_parameters_need_their_extension() {
    let mut c = greeted(EHLO_PIPE);
    for (line, ext) in [
        ("MAIL FROM:<a@x.org> SIZE=100", "SIZE"),
        ("MAIL FROM:<a@x.org> BODY=8BITMIME", "8BITMIME"),
        ("MAIL FROM:<a@x.org> SMTPUTF8", "SMTPUTF8"),
        ("MAIL FROM:<a@x.org> RET=HDRS", "DSN"),
    ] {
        assert_eq!(
            c.send(&cmd(line)).unwrap_err(),
            SendError::NotOffered { extension: ext }
        );
    }
    let mut c = greeted(b"250-mx\r\n250-SIZE 1000\r\n250 8BITMIME\r\n");
    c.send(&cmd("MAIL FROM:<a@x.org> SIZE=100 BODY=8BITMIME"))
        .unwrap();
}

#[test]
fn auth_challenges_may_be_long() {
    let mut c = greeted(EHLO_PIPE);
    c.send(&cmd("AUTH PLAIN")).unwrap();
    let mut challenge = b"334 ".to_vec();
    challenge.extend(std::iter::repeat_n(b'A', 8000));
    challenge.extend_from_slice(b"\r\n");
    c.receive(&challenge);
    assert!(matches!(c.next_event(), Ok(Some(Event::Reply { .. }))));
    // Outside AUTH the reply line limit holds.
    let mut c = greeted(EHLO_PIPE);
    c.send(&cmd("NOOP")).unwrap();
    let mut long = b"250 ".to_vec();
    long.extend(std::iter::repeat_n(b'A', 8000));
    long.extend_from_slice(b"\r\n");
    c.receive(&long);
    assert_eq!(
        c.next_event().unwrap_err().kind,
        ProtocolErrorKind::LineTooLong
    );
}

#[test]
fn buffered_counts_what_is_received_and_not_yet_decoded() {
    let mut c = Session::new(Config::default());
    assert_eq!(c.buffered(), 0);
    c.receive(b"220 mx.example.org ESMTP\r\n250-partial");
    assert_eq!(c.buffered(), 37);
    assert!(matches!(c.next_event(), Ok(Some(Event::Greeting(_)))));
    assert_eq!(c.buffered(), 11);
    c.receive(b"\r\n");
    assert_eq!(c.buffered(), 13);
}
