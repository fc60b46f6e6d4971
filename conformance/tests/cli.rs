//! The `mailwire` command line, run as a program.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn mailwire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mailwire"))
        .args(args)
        .output()
        .expect("mailwire runs")
}

fn mailwire_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailwire"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mailwire runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("stdin takes the input");
    child.wait_with_output().expect("mailwire ends")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn corpus(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("transcripts")
        .join(rel)
        .display()
        .to_string()
}

/// A scratch directory of its own for each test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mailwire-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn help_on_every_subcommand() {
    for sub in [
        &["--help"][..],
        &["demo", "--help"],
        &["replay", "--help"],
        &["decode", "--help"],
    ] {
        let o = mailwire(sub);
        assert!(o.status.success(), "{sub:?}: {}", stderr(&o));
        assert!(stdout(&o).contains("Usage: mailwire"), "{sub:?}");
    }
}

#[test]
fn replay_reports_each_file_and_a_total() {
    let a = corpus("smtp/rfc5321-d1-typical.txt");
    let b = corpus("pop3/rfc1939-10-example-session.txt");
    let o = mailwire(&["replay", &a, &b]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    assert!(out.contains(&format!("ok {a}\n")), "{out}");
    assert!(out.contains(&format!("ok {b}\n")), "{out}");
    assert!(out.ends_with("2 passed, 0 failed\n"), "{out}");
}

#[test]
fn replay_verbose_prints_decoded_messages() {
    let a = corpus("smtp/rfc5321-d2-aborted.txt");
    let o = mailwire(&["replay", "--verbose", &a]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("C> "), "{out}");
    assert!(out.contains("S> "), "{out}");
    assert!(out.contains("Smith@bar.com"), "{out}");
}

#[test]
fn replay_names_the_failing_line_and_exits_1() {
    let dir = scratch("fail");
    std::fs::write(
        dir.join("a-bad-header.txt"),
        "@protocol smtp\n@source test\nX: nonsense\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b-imap.txt"),
        "@protocol imap\n@source test\nS: * OK ready\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("sub/c-unanswered.txt"),
        "@protocol pop3\n@source test\nS: +OK hi\nC: USER a\n",
    )
    .unwrap();
    std::fs::write(dir.join("sub/ignored.md"), "not a transcript").unwrap();
    let o = mailwire(&["replay", dir.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    let d = dir.display();
    assert!(
        out.contains(&format!("FAIL {d}/a-bad-header.txt: line 3: expected `C:`")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "FAIL {d}/b-imap.txt: line 1: imap: the imap-proto crate is not implemented yet"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "FAIL {d}/sub/c-unanswered.txt: line 4: the command of line 4 never had its reply"
        )),
        "{out}"
    );
    assert!(out.ends_with("0 passed, 3 failed\n"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn decode_smtp_client_bytes() {
    let o = mailwire_stdin(
        &["decode", "smtp", "client"],
        b"EHLO a.example\r\nMAIL FROM:<x@a.example>\r\nDATA\r\nhi\r\n..dot\r\n.\r\nQUIT\r\n",
    );
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].contains("a.example"), "{out}");
    assert!(lines[1].contains("x@a.example"), "{out}");
    assert!(lines[3].contains(".dot"), "{out}");
}

#[test]
fn decode_reports_the_offset_of_bad_input() {
    let o = mailwire_stdin(&["decode", "smtp", "server"], b"220 ok\r\n2x0 bad\r\n");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("at byte 9"), "{err}");
    assert!(stdout(&o).lines().count() == 1, "{}", stdout(&o));
}

#[test]
fn decode_pop3_server_bytes_says_how_it_framed() {
    let dir = scratch("pop3");
    let file = dir.join("server.bin");
    std::fs::write(
        &file,
        b"+OK ready\r\n+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n+OK bye\r\n",
    )
    .unwrap();
    let o = mailwire(&["decode", "pop3", "server", file.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    assert!(out.contains("RFC 1939"), "{out}");
    assert!(out.contains("120"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn demo_delivers_the_message_byte_for_byte() {
    let o = mailwire(&["demo"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    for needle in [
        "EHLO", "MAIL", "RCPT", "DATA", "CAPA", "USER", "PASS", "STAT", "LIST", "UIDL", "RETR",
        "DELE", "QUIT",
    ] {
        assert!(
            out.to_uppercase().contains(needle),
            "{needle} missing:\n{out}"
        );
    }
    assert!(out.contains("byte for byte"), "{out}");
    // Without arguments, mailwire runs the demo.
    let o = mailwire(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("byte for byte"));
}
