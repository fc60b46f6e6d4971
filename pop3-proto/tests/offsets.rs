//! Sessions report warnings and errors at byte offsets in the stream they
//! received (DESIGN: "the decoder reports it as a warning with its byte
//! offset"), not within a line or a body; `parse` stays line-relative.

use pop3_proto::client;
use pop3_proto::error::ProtocolError;
use pop3_proto::parse;
use pop3_proto::quirks::{Quirk, Quirks, Warning};
use pop3_proto::server;
use pop3_proto::types::{Command, Response};

fn ok(text: &str) -> Response<'static> {
    Response::ok(text.as_bytes().to_vec()).unwrap()
}

/// Feeds `input` to a client that sends `commands` after the greeting;
/// collects the warnings and errors.
fn client_run(
    config: client::Config,
    commands: &[&str],
    input: &[u8],
) -> (Vec<Warning>, Vec<ProtocolError>) {
    let mut c = client::Session::new(config);
    let (mut warnings, mut errors) = (Vec::new(), Vec::new());
    // Byte by byte too: offsets must not depend on how input is cut.
    for piece in input.chunks(1) {
        c.receive(piece);
        loop {
            match c.next_event() {
                Ok(None) => break,
                Ok(Some(client::Event::Warning(w))) => warnings.push(w),
                Ok(Some(client::Event::Greeting(_))) => {
                    for line in commands {
                        let wire = format!("{line}\r\n");
                        let cmd = parse::command(wire.as_bytes()).unwrap().into_static();
                        c.send(&cmd).unwrap();
                    }
                }
                Ok(Some(_)) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    (warnings, errors)
}

fn pipelining() -> client::Config {
    client::Config {
        assume_pipelining: true,
        ..client::Config::default()
    }
}

#[test]
fn client_status_line_warnings_are_stream_offsets() {
    let (w, e) = client_run(
        pipelining(),
        &["USER a", "PASS b", "STAT"],
        b"+OK hi\r\n+OK\r\n+OK\r\n+ok 2 320\r\n",
    );
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(
        w,
        [Warning {
            offset: 18,
            quirk: Quirk::LowercaseStatus
        }]
    );
    // The greeting itself: the line starts at 0, so both agree there.
    let (w, _) = client_run(pipelining(), &[], b"+okhi\r\n");
    assert_eq!(w.first().map(|w| w.offset), Some(0));
    assert_eq!(
        w.get(1).map(|w| (w.offset, w.quirk)),
        Some((3, Quirk::MissingSpaceAfterStatus))
    );
}

#[test]
fn client_body_line_warnings_are_stream_offsets() {
    // The CAPA body's second line has two spaces: the warning sits at the
    // second space, counted from the start of the stream.
    let input = b"+OK hi\r\n+OK\r\nTOP\r\nSASL  PLAIN\r\n.\r\n";
    let (w, e) = client_run(pipelining(), &["CAPA"], input);
    assert!(e.is_empty(), "{e:?}");
    let line_start = 8 + 5 + 5;
    assert_eq!(
        w,
        [Warning {
            offset: line_start + 5,
            quirk: Quirk::MultipleSpaces
        }]
    );
    // A stuffed listing line: the stuffing dot counts.
    let input = b"+OK hi\r\n+OK\r\n+OK\r\n+OK\r\n1 abc \r\n.\r\n";
    let (w, e) = client_run(pipelining(), &["USER a", "PASS b", "UIDL"], input);
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(
        w,
        [Warning {
            offset: 23 + 5,
            quirk: Quirk::TrailingWhitespace
        }]
    );
}

#[test]
fn client_message_body_warnings_are_stream_offsets() {
    let input = b"+OK hi\r\n+OK\r\n+OK\r\n+OK 9\r\nab\r\ncd\nef\r\n.\r\n";
    let (w, e) = client_run(pipelining(), &["USER a", "PASS b", "RETR 1"], input);
    assert!(e.is_empty(), "{e:?}");
    let body_start = 8 + 5 + 5 + 7;
    assert_eq!(
        w,
        [Warning {
            offset: body_start + 6,
            quirk: Quirk::BareLf
        }]
    );
}

#[test]
fn client_errors_are_stream_offsets() {
    let strict = client::Config {
        quirks: Quirks::strict(),
        ..pipelining()
    };
    let bad = b"+OK [a b] x\r\n";
    let in_line = parse::response(bad).unwrap_err().offset as u64;
    assert!(in_line > 0);
    let input = [&b"+OK hi\r\n+OK\r\n.\r\n"[..], bad].concat();
    let (_, e) = client_run(strict, &["CAPA", "CAPA"], &input);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].offset, 16 + in_line);
    assert!(e[0].is_fatal());
    // A bad listing line inside a body is skipped, reported in the stream.
    let input = b"+OK hi\r\n+OK\r\n+OK\r\n+OK\r\n1 x\r\n2 20\r\n.\r\n";
    let (_, e) = client_run(pipelining(), &["USER a", "PASS b", "LIST"], input);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].offset, 23 + 2);
}

/// Feeds `input` to a server that answers every command with `+OK`;
/// collects warnings and errors.
fn server_run(config: server::Config, input: &[u8]) -> (Vec<Warning>, Vec<ProtocolError>) {
    let mut s = server::Session::new(config);
    s.send(&ok("hi")).unwrap();
    let (mut warnings, mut errors) = (Vec::new(), Vec::new());
    for piece in input.chunks(1) {
        s.receive(piece);
        loop {
            match s.next_event() {
                Ok(None) => break,
                Ok(Some(server::Event::Warning(w))) => warnings.push(w),
                Ok(Some(server::Event::Command(c))) => {
                    let multi = c.expects_multi_line();
                    let quit = matches!(c, Command::Quit);
                    s.send(&ok("fine")).unwrap();
                    if multi {
                        s.end_body().unwrap();
                    }
                    if quit {
                        return (warnings, errors);
                    }
                }
                Ok(Some(server::Event::AuthResponse(_))) => s.send(&ok("in")).unwrap(),
                Err(e) => {
                    if let Some(r) = &e.reply {
                        s.send(r).unwrap();
                    }
                    errors.push(e);
                }
            }
        }
    }
    (warnings, errors)
}

#[test]
fn server_warnings_are_stream_offsets() {
    let (w, e) = server_run(
        server::Config::default(),
        b"CAPA\r\nUSER  bob\r\nCAPA\nQUIT\r\n",
    );
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(
        w,
        [
            Warning {
                offset: 6 + 5,
                quirk: Quirk::MultipleSpaces
            },
            Warning {
                offset: 17 + 4,
                quirk: Quirk::BareLf
            },
        ]
    );
}

#[test]
fn server_errors_are_stream_offsets() {
    let bad = b"USER\r\n";
    let in_line = parse::command(bad).unwrap_err().offset as u64;
    let input = [&b"CAPA\r\n"[..], bad, b"QUIT\r\n"].concat();
    let (_, e) = server_run(server::Config::default(), &input);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].offset, 6 + in_line);
    assert!(e[0].reply.is_some() && !e[0].is_fatal());
    // An illegal command is refused at the start of its line.
    let (_, e) = server_run(server::Config::default(), b"CAPA\r\nRETR 1\r\nQUIT\r\n");
    assert_eq!(e.iter().map(|e| e.offset).collect::<Vec<_>>(), [6]);
}

#[test]
fn parse_stays_line_relative() {
    let mut w = Vec::new();
    parse::command_with(b"USER  bob\r\n", &Quirks::server_default(), &mut w).unwrap();
    assert_eq!(w.iter().map(|w| w.offset).collect::<Vec<_>>(), [5]);
    assert_eq!(w[0].in_stream(100).offset, 105);
}
