//! The server session fed a client's byte stream, split at every point:
//! what it decodes, what it refuses with which reply, and that it stays
//! usable after a refusal.

mod session;
mod split;

use session::{EHLO_FULL, reply, run_server};
use smtp_proto::error::ProtocolErrorKind;
use smtp_proto::framing::BareLinePolicy;
use smtp_proto::limits::Limits;
use smtp_proto::server::{Config, Event, Session, TextLinePolicy};
use smtp_proto::session::State;
use split::same_for_all_splits;

fn run(config: Config, ehlo: &[&'static str], input: &[u8]) -> session::ServerRun {
    same_for_all_splits(input, |p| run_server(config, ehlo, p))
}

fn codes(transmit: &[u8]) -> Vec<u16> {
    transmit
        .split(|&b| b == b'\n')
        .filter(|l| l.len() > 3 && matches!(l[3], b' ' | b'\r'))
        .map(|l| std::str::from_utf8(&l[..3]).unwrap().parse().unwrap())
        .collect()
}

#[test]
fn pipelined_transaction_with_dot_stuffing() {
    let input = b"EHLO client.example.org\r\nMAIL FROM:<a@example.org>\r\n\
RCPT TO:<b@example.org>\r\nRCPT TO:<reject@example.org>\r\nDATA\r\n\
Subject: hi\r\n\r\n..leading dot\r\nend\r\n.\r\nQUIT\r\n";
    let out = run(Config::default(), EHLO_FULL, input);
    assert_eq!(
        out.log,
        vec![
            "cmd EHLO client.example.org",
            "cmd MAIL FROM:<a@example.org>",
            "cmd RCPT TO:<b@example.org>",
            "cmd RCPT TO:<reject@example.org>",
            "cmd DATA",
            "content \"Subject: hi\\r\\n\\r\\n.leading dot\\r\\nend\\r\\n\"",
            "end",
            "cmd QUIT",
        ]
    );
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 550, 354, 250, 221]
    );
}

#[test]
fn empty_message_body() {
    let input = b"HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<b@x.org>\r\nDATA\r\n.\r\n";
    let out = run(Config::default(), EHLO_FULL, input);
    assert_eq!(out.messages, vec![Vec::<u8>::new()]);
    assert_eq!(codes(&out.transmit), vec![220, 250, 250, 250, 354, 250]);
}

#[test]
fn commands_out_of_sequence_get_503_and_the_session_goes_on() {
    let input = b"MAIL FROM:<a@x.org>\r\nEHLO c\r\nRCPT TO:<b@x.org>\r\nDATA\r\n\
MAIL FROM:<a@x.org>\r\nDATA\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nNOOP\r\n";
    let out = run(Config::default(), EHLO_FULL, input);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 503, 250, 503, 503, 250, 554, 503, 250, 250]
    );
    assert_eq!(out.log[0], "error BadSequence 503");
}

#[test]
fn data_without_recipients_goes_to_the_driver_and_can_only_be_refused() {
    // RFC 5321 §3.3 / RFC 2920 §4: the server may answer 503, 554, or 354
    // and then 554 after the content; it can never accept that content.
    let mut s = Session::new(Config::default());
    s.send(&reply(220, "mx")).unwrap();
    s.receive(b"HELO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nDATA\r\n.\r\nDATA\r\n");
    for code in [250, 250, 550] {
        assert!(matches!(s.next_event(), Ok(Some(Event::Command(_)))));
        s.send(&reply(code, "x")).unwrap();
    }
    assert_eq!(s.recipients(), 0);
    let Ok(Some(Event::Command(c))) = s.next_event() else {
        panic!("DATA not handed over")
    };
    assert_eq!(c.verb(), "DATA");
    assert!(s.send(&reply(250, "no")).is_err());
    s.send(&reply(354, "go ahead")).unwrap();
    assert_eq!(s.next_event(), Ok(Some(Event::DataEnd)));
    assert!(
        s.send(&reply(250, "queued")).is_err(),
        "accepted a message with no recipient"
    );
    assert_eq!(s.state(), State::Data);
    s.send(&reply(554, "no valid recipients")).unwrap();
    assert_eq!(s.state(), State::Ready);
    // Outside a transaction DATA is still refused by the session itself.
    let e = s.next_event().unwrap_err();
    assert_eq!(e.reply.map(|r| r.code), Some(503));
}

#[test]
fn lmtp_data_without_recipients_is_refused_with_503() {
    let input = b"LHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<reject@x.org>\r\nDATA\r\n";
    let out = run(Config::lmtp(), &["mx"], input);
    assert_eq!(codes(&out.transmit), vec![220, 250, 250, 550, 503]);
}

#[test]
fn unknown_verbs_get_502_and_bad_parameters_501_and_garbage_500() {
    let input = b"EHLO c\r\nXYZZY plugh\r\nMAIL FROM:<<bad>\r\n\r\nNOOP\r\n";
    let out = run(Config::default(), EHLO_FULL, input);
    assert_eq!(codes(&out.transmit), vec![220, 250, 502, 501, 500, 250]);
    assert_eq!(out.log[1], "error NotImplemented 502");
}

#[test]
fn lhlo_is_refused_in_smtp_and_ehlo_in_lmtp() {
    let out = run(Config::default(), EHLO_FULL, b"LHLO c\r\n");
    assert_eq!(codes(&out.transmit), vec![220, 502]);
    let out = run(Config::lmtp(), EHLO_FULL, b"EHLO c\r\nHELO c\r\nLHLO c\r\n");
    assert_eq!(codes(&out.transmit), vec![220, 502, 502, 250]);
}

#[test]
fn over_long_command_line_gets_500_and_the_stream_stays_in_sync() {
    let mut input = b"EHLO c\r\nNOOP ".to_vec();
    input.extend(std::iter::repeat_n(b'a', 700));
    input.extend_from_slice(b"\r\nNOOP\r\n");
    let out = run(Config::default(), &["mx"], &input);
    assert_eq!(codes(&out.transmit), vec![220, 250, 500, 250]);
    assert_eq!(out.log[1], "error LineTooLong 500");
}

#[test]
fn offered_extensions_raise_the_line_limit() {
    // 512 + 26 (SIZE, RFC 1870) is allowed once SIZE is offered.
    let mut line = b"NOOP ".to_vec();
    line.extend(std::iter::repeat_n(b'a', 520));
    line.extend_from_slice(b"\r\n");
    let with = [b"EHLO c\r\n".as_slice(), &line].concat();
    let out = run_server(Config::default(), &["mx", "SIZE 100"], &[&with]);
    assert_eq!(codes(&out.transmit), vec![220, 250, 250]);
    let out = run_server(Config::default(), &["mx"], &[&with]);
    assert_eq!(codes(&out.transmit), vec![220, 250, 500]);
}

#[test]
fn bare_lf_command_line_gets_500() {
    let out = run(Config::default(), &["mx"], b"EHLO c\nNOOP\r\n");
    assert_eq!(codes(&out.transmit), vec![220, 500, 250]);
    assert_eq!(out.log[0], "error BareLineEnding 500");
}

#[test]
fn too_many_recipients_get_452() {
    let config = Config {
        limits: Limits {
            max_recipients: 2,
            ..Limits::default()
        },
        ..Config::default()
    };
    let input = b"HELO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nRCPT TO:<c@x.org>\r\n\
RCPT TO:<d@x.org>\r\nDATA\r\nhi\r\n.\r\n";
    let out = run(config, &["mx"], input);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 250, 452, 354, 250]
    );
    assert!(out.transmit.windows(5).any(|w| w == b"4.5.3"));
}

#[test]
fn message_too_big_gets_552_after_the_content_and_nothing_of_it_is_delivered_late() {
    let config = Config {
        limits: Limits {
            max_message_size: Some(10),
            ..Limits::default()
        },
        ..Config::default()
    };
    let input = b"HELO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nDATA\r\n\
0123456789abcdef\r\n.\r\nMAIL FROM:<a@x.org> SIZE=11\r\nMAIL FROM:<a@x.org> SIZE=9\r\n";
    let out = run(config, &["mx", "SIZE 10"], input);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 354, 552, 552, 250]
    );
    assert!(out.transmit.windows(5).any(|w| w == b"5.3.4"));
    assert!(out.messages.is_empty());
}

#[test]
fn bare_lf_in_content_is_refused_under_reject_after_the_real_end() {
    let input = b"HELO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nDATA\r\n\
hi\n.\nMAIL FROM:<evil@x.org>\r\n.\r\nNOOP\r\n";
    let out = run(Config::default(), &["mx"], input);
    // The smuggled MAIL is content; the message is refused; NOOP is next.
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 354, 550, 250]
    );
    assert!(out.log.iter().any(|l| l == "error BareLineEnding 550"));
    assert!(!out.log.iter().any(|l| l.contains("evil")));
}

#[test]
fn bare_lf_in_content_is_normalized_and_reported_under_normalize() {
    let config = Config {
        bare_line_policy: BareLinePolicy::Normalize,
        ..Config::default()
    };
    let input = b"HELO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nDATA\r\na\nb\r\n.\r\n";
    let out = run(config, &["mx"], input);
    assert_eq!(out.messages, vec![b"a\r\nb\r\n".to_vec()]);
    let body_start = input.len() - b"a\nb\r\n.\r\n".len();
    assert!(out.log.contains(&format!("bare Lf at {}", body_start + 1)));
}

#[test]
fn bdat_chunks_are_counted_not_scanned() {
    let input = b"EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\n\
BDAT 8\r\n.\r\nQUIT\rBDAT 3 LAST\r\n\n.\nQUIT\r\n";
    let out = run(Config::default(), EHLO_FULL, input);
    assert_eq!(out.messages, vec![b".\r\nQUIT\r\n.\n".to_vec()]);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 250, 250, 221]
    );
}

#[test]
fn bdat_without_chunking_is_refused_and_its_chunk_skipped() {
    let input = b"EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\n\
BDAT 12 LAST\r\nQUIT\r\nQUIT\r\nNOOP\r\n";
    let out = run(Config::default(), &["mx"], input);
    assert_eq!(codes(&out.transmit), vec![220, 250, 250, 250, 502, 250]);
}

#[test]
fn starttls_only_when_offered() {
    let out = run(Config::default(), &["mx"], b"EHLO c\r\nSTARTTLS\r\n");
    assert_eq!(codes(&out.transmit), vec![220, 250, 502]);
}

#[test]
fn bytes_after_starttls_are_an_injection_error() {
    // CVE-2011-0411: the MAIL must not be taken as if sent over TLS.
    let input = b"EHLO c\r\nSTARTTLS\r\nMAIL FROM:<evil@x.org>\r\n";
    for pieces in split::splits(input) {
        let out = run_server(Config::default(), EHLO_FULL, &pieces);
        assert_eq!(
            out.log.last().unwrap(),
            "error StartTlsInjection 0",
            "{pieces:?}"
        );
        assert!(!out.log.iter().any(|l| l.contains("evil")));
    }
}

#[test]
fn after_tls_the_server_forgets_and_wants_ehlo_again() {
    let mut s = Session::new(Config::default());
    let mut app = session::App::new(EHLO_FULL);
    s.send(&reply(220, "mx")).unwrap();
    s.receive(b"EHLO c\r\nSTARTTLS\r\n");
    app.run(&mut s);
    assert_eq!(s.state(), State::StartTls);
    assert!(app.log.contains(&"starttls".to_string()));
    assert!(s.extensions().starttls);
    s.tls_established().unwrap();
    assert_eq!(s.state(), State::Hello);
    assert!(!s.extensions().starttls);
    s.receive(b"MAIL FROM:<a@x.org>\r\n");
    let e = s.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::BadSequence);
    s.send_error(&e).unwrap();
    s.receive(b"EHLO c\r\n");
    assert!(matches!(s.next_event(), Ok(Some(Event::Command(_)))));
}

#[test]
fn auth_exchange_and_cancel() {
    let input = b"EHLO c\r\nAUTH LOGIN\r\ndXNlcg==\r\nMAIL FROM:<a@x.org>\r\n";
    let out = run(Config::default(), EHLO_FULL, input);
    assert_eq!(codes(&out.transmit), vec![220, 250, 334, 235, 250]);
    assert_eq!(out.log[2], "auth data");
    // RFC 4954 §4: an empty challenge is `334 `, with its space.
    let text = String::from_utf8(out.transmit).unwrap();
    assert!(text.contains("\r\n334 \r\n235 "), "{text:?}");
    let input = b"EHLO c\r\nAUTH LOGIN\r\n*\r\nAUTH PLAIN AGFAYg==\r\nAUTH PLAIN AGFAYg==\r\n";
    let out = run(Config::default(), EHLO_FULL, input);
    // A second AUTH after success is a bad sequence (RFC 4954 §4).
    assert_eq!(codes(&out.transmit), vec![220, 250, 334, 501, 235, 503]);
    let input = b"EHLO c\r\nAUTH LOGIN\r\nnot base64!\r\nNOOP\r\n";
    let out = run(Config::default(), EHLO_FULL, input);
    assert_eq!(codes(&out.transmit), vec![220, 250, 334, 501, 250]);
}

#[test]
fn auth_lines_may_be_longer_than_commands() {
    let mut input = b"EHLO c\r\nAUTH PLAIN\r\n".to_vec();
    input.extend(std::iter::repeat_n(b'A', 4000));
    input.extend_from_slice(b"\r\n");
    let out = run_server(Config::default(), EHLO_FULL, &[&input]);
    assert_eq!(codes(&out.transmit), vec![220, 250, 334, 235]);
}

#[test]
fn rejected_greeting_accepts_only_quit() {
    let mut s = Session::new(Config::default());
    s.send(&reply(554, "5.3.2 no service")).unwrap();
    s.receive(b"EHLO c\r\nQUIT\r\n");
    let e = s.next_event().unwrap_err();
    assert_eq!(e.reply.unwrap().code, 503);
    s.send_error(&e).unwrap();
    assert!(matches!(s.next_event(), Ok(Some(Event::Command(_)))));
    s.send(&reply(221, "bye")).unwrap();
    assert!(s.is_closed());
}

#[test]
fn replies_that_do_not_fit_are_refused_and_change_nothing() {
    let mut s = Session::new(Config::default());
    assert!(s.send(&reply(250, "not a greeting")).is_err());
    s.send(&reply(220, "mx")).unwrap();
    assert!(s.send(&reply(250, "nothing asked")).is_err());
    s.receive(b"HELO c\r\nMAIL FROM:<a@x.org>\r\n");
    s.next_event().unwrap();
    assert!(s.send(&reply(354, "go")).is_err());
    assert!(s.send(&reply(334, "")).is_err());
    assert_eq!(s.state(), State::Hello);
    s.send(&reply(250, "hi")).unwrap();
    assert_eq!(s.state(), State::Ready);
    assert!(s.next_event().unwrap().is_some());
    // A reply must wait for the command before the next is decoded.
    assert!(s.awaits_reply());
    assert!(s.next_event().unwrap().is_none());
}

#[test]
fn lmtp_gets_one_reply_per_accepted_recipient() {
    let input = b"LHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\n\
RCPT TO:<reject@x.org>\r\nRCPT TO:<c@x.org>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n";
    let out = run(Config::lmtp(), &["mx"], input);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 550, 250, 354, 250, 250, 221]
    );
}

#[test]
fn lmtp_refused_content_gets_one_reply_per_accepted_recipient() {
    // RFC 2033 §4.2: whatever the replies say, one per accepted recipient.
    let input = b"LHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\n\
RCPT TO:<reject@x.org>\r\nRCPT TO:<c@x.org>\r\nDATA\r\nbare\nLF\r\n.\r\nQUIT\r\n";
    let out = run(Config::lmtp(), &["mx"], input);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 550, 250, 354, 550, 550, 221]
    );
    let mut s = Session::new(Config::lmtp());
    s.send(&reply(220, "mx")).unwrap();
    s.receive(
        b"LHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nRCPT TO:<c@x.org>\r\nDATA\r\n",
    );
    for code in [250, 250, 250, 250, 354] {
        assert!(matches!(s.next_event(), Ok(Some(Event::Command(_)))));
        s.send(&reply(code, "ok")).unwrap();
    }
    s.receive(b"x\ny\r\n.\r\n");
    let e = loop {
        match s.next_event() {
            Ok(Some(Event::DataChunk(_))) => {}
            Ok(other) => panic!("{other:?} instead of the refusal"),
            Err(e) => break e,
        }
    };
    assert_eq!(e.kind, ProtocolErrorKind::BareLineEnding);
    assert_eq!(s.replies_due(), 2);
    s.send_error(&e).unwrap();
    assert_eq!(s.state(), State::Data);
    assert!(s.send(&reply(250, "not after a refusal")).is_err());
    s.send_error(&e).unwrap();
    assert_eq!((s.replies_due(), s.state()), (0, State::Ready));
}

#[test]
fn input_after_quit_is_an_error() {
    let out = run(Config::default(), &["mx"], b"QUIT\r\nNOOP\r\n");
    assert_eq!(out.log.last().unwrap(), "error Closed 0");
}

#[test]
fn idle_session_is_small() {
    let size = std::mem::size_of::<Session>();
    assert!(size < 600, "server session is {size} bytes");
}

#[test]
fn quirks_come_as_warnings_before_their_command() {
    // Postfix and Exim accept a path without brackets: on by default, with
    // a warning naming the offset.
    let input = b"HELO c\r\nMAIL FROM:a@x.org\r\n";
    let out = run(Config::default(), &["mx"], input);
    assert_eq!(
        out.log,
        vec![
            "cmd HELO c",
            "warning PathWithoutBrackets",
            "cmd MAIL FROM:<a@x.org>"
        ]
    );
    let strict = Config {
        quirks: smtp_proto::quirks::Quirks::strict(),
        ..Config::default()
    };
    let out = run(strict, &["mx"], input);
    assert_eq!(codes(&out.transmit), vec![220, 250, 501]);
}

#[test]
fn warning_offsets_count_from_the_start_of_the_stream() {
    let mut s = Session::new(Config::default());
    s.send(&reply(220, "mx")).unwrap();
    s.receive(b"HELO c\r\n");
    s.next_event().unwrap();
    s.send(&reply(250, "hi")).unwrap();
    s.receive(b"MAIL FROM:a@x.org\r\n");
    let Ok(Some(Event::Warning(w))) = s.next_event() else {
        panic!()
    };
    assert_eq!(w.offset, 8 + 10);
}

#[test]
fn bdat_over_the_size_limit_is_refused_at_once_and_skipped() {
    let config = Config {
        limits: Limits {
            max_message_size: Some(4),
            ..Limits::default()
        },
        ..Config::default()
    };
    let input = b"EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\n\
BDAT 3\r\nabcBDAT 3 LAST\r\nxyzRSET\r\n";
    let out = run(config, EHLO_FULL, input);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 250, 552, 250]
    );
    assert!(out.messages.is_empty());
}

#[test]
fn auth_with_a_long_initial_response_fits_but_other_long_lines_do_not() {
    // RFC 4954 §4: AUTH lines up to 12288 octets.
    let mut input = b"EHLO c\r\nAUTH PLAIN ".to_vec();
    input.extend(std::iter::repeat_n(b'A', 3000));
    input.extend_from_slice(b"\r\nNOOP ");
    input.extend(std::iter::repeat_n(b'a', 3000));
    input.extend_from_slice(b"\r\nNOOP\r\n");
    let out = run_server(Config::default(), EHLO_FULL, &[&input]);
    assert_eq!(codes(&out.transmit), vec![220, 250, 235, 500, 250]);
}

#[test]
fn offered_size_is_enforced_too() {
    let input = b"EHLO c\r\nMAIL FROM:<a@x.org> SIZE=11\r\nMAIL FROM:<a@x.org>\r\n\
RCPT TO:<b@x.org>\r\nDATA\r\n0123456789abc\r\n.\r\n";
    let out = run(Config::default(), &["mx", "SIZE 10"], input);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 552, 250, 250, 354, 552]
    );
    // SIZE 0: no fixed limit (RFC 1870).
    let out = run(Config::default(), &["mx", "SIZE 0"], input);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 503, 250, 354, 250]
    );
}

#[test]
fn a_client_that_floods_without_waiting_gets_421() {
    let config = Config {
        limits: Limits {
            buffer: 100,
            ..Limits::default()
        },
        ..Config::default()
    };
    let mut s = Session::new(config);
    s.send(&reply(220, "mx")).unwrap();
    s.receive(b"HELO c\r\n");
    assert!(matches!(s.next_event(), Ok(Some(Event::Command(_)))));
    // The reply to HELO is not sent yet, and 200 more octets arrive.
    s.receive(&[b'x'; 200]);
    let e = s.next_event().unwrap_err();
    assert_eq!(e.kind, ProtocolErrorKind::BufferFull);
    assert!(e.fatal);
    assert_eq!(e.reply.unwrap().code, 421);
    assert!(s.send(&reply(250, "too late")).is_err());
    s.send_error(&e).unwrap();
    assert!(s.is_closed());
    assert!(
        s.take_transmit()
            .ends_with(b"421 4.7.0 Too much input, closing connection\r\n")
    );
    // Once only: the session is over now.
    assert_eq!(s.send_error(&e), Err(smtp_proto::error::SendError::Closed));
    assert!(s.send(&reply(421, "4.3.2 again")).is_err());
    assert!(s.take_transmit().is_empty());
    assert_eq!(s.next_event().unwrap_err(), e);
}

#[test]
fn a_421_may_be_sent_unasked_even_during_content() {
    let mut s = Session::new(Config::default());
    s.send(&reply(220, "mx")).unwrap();
    s.receive(b"HELO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nDATA\r\n");
    let mut app = session::App::new(&["mx"]);
    app.run(&mut s);
    assert_eq!(s.state(), State::Data);
    s.receive(b"partial content");
    assert!(matches!(s.next_event(), Ok(Some(Event::DataChunk(_)))));
    s.send(&reply(421, "4.3.2 shutting down")).unwrap();
    assert!(s.is_closed());
    assert!(s.send(&reply(421, "again")).is_err());
}

fn long_line_message(len: usize) -> Vec<u8> {
    let mut input =
        b"HELO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@x.org>\r\nDATA\r\nshort\r\n".to_vec();
    input.extend(std::iter::repeat_n(b'y', len - 2));
    input.extend(b"\r\n.\r\nQUIT\r\n");
    input
}

#[test]
fn over_long_content_lines_warn_by_default_at_every_split() {
    // RFC 5321 §4.5.3.1.6: 1000 octets with CRLF is the limit itself.
    let out = run(Config::default(), &["mx"], &long_line_message(1000));
    assert!(!out.log.iter().any(|l| l.contains("LongTextLine")));
    let out = run(Config::default(), &["mx"], &long_line_message(1001));
    let at = out.log.iter().position(|l| l == "warning LongTextLine");
    let end = out.log.iter().position(|l| l == "end");
    assert!(at.is_some() && at < end, "{:?}", out.log);
    assert_eq!(out.messages[0].len(), 7 + 1001);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 354, 250, 221]
    );
}

#[test]
fn over_long_content_line_offset_and_policies() {
    let input = long_line_message(1500);
    let content_start = 8 + 21 + 19 + 6;
    let mut s = Session::new(Config::default());
    s.send(&reply(220, "mx")).unwrap();
    s.receive(&input);
    let mut warning = None;
    while let Ok(Some(ev)) = s.next_event() {
        match ev {
            Event::Command(c) if c.verb() == "DATA" => s.send(&reply(354, "go")).unwrap(),
            Event::Command(_) => s.send(&reply(250, "ok")).unwrap(),
            Event::Warning(w) => warning = Some(w),
            Event::DataEnd => break,
            _ => {}
        }
    }
    let w = warning.expect("no warning");
    assert_eq!(w.quirk, smtp_proto::quirks::Quirk::LongTextLine);
    // The 1001st octet of the line after `short\r\n`.
    assert_eq!(w.offset, content_start + 7 + 1000);

    let reject = Config {
        text_line_policy: TextLinePolicy::Reject,
        ..Config::default()
    };
    let out = run(reject, &["mx"], &input);
    assert_eq!(
        codes(&out.transmit),
        vec![220, 250, 250, 250, 354, 500, 221]
    );
    assert!(out.messages.is_empty());
    let ignore = Config {
        text_line_policy: TextLinePolicy::Ignore,
        ..Config::default()
    };
    let out = run(ignore, &["mx"], &input);
    assert!(!out.log.iter().any(|l| l.contains("LongTextLine")));
    assert_eq!(out.messages.len(), 1);
}
