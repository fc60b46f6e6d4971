//! Differential: smtp-proto's `parse::command` against Stalwart's
//! smtp-proto 0.2 (`Request::parse`) on one command line. Where both
//! accept the line they must agree on the verb and its main argument
//! (EHLO/HELO/LHLO host, MAIL and RCPT address, BDAT size and LAST, BURL
//! URL and LAST, the VRFY/EXPN/HELP/NOOP/ETRN argument).
//!
//! A disagreement is not a failure: the first line of each kind (verb and
//! field) is appended to the report file, `$SMTP_DIFF_REPORT` or
//! `fuzz/artifacts/smtp_differential/disagreements.txt`. A panic in our
//! code fails the target; one in Stalwart's is caught and reported.
#![no_main]

use std::collections::HashSet;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use smtp_proto::encode::Encode;
use smtp_proto::parse;
use smtp_proto::types::{Command, EtrnArg, ForwardPath, ReversePath};
use stalwart_smtp_proto::Request;

static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn report(kind: &str, line: &[u8], ours: &str, theirs: &str) {
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if !seen
        .get_or_insert_with(HashSet::new)
        .insert(kind.to_string())
    {
        return;
    }
    let path = std::env::var("SMTP_DIFF_REPORT").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/artifacts/smtp_differential/disagreements.txt"
        )
        .into()
    });
    if let Some(dir) = std::path::Path::new(&path).parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        let _ = writeln!(
            f,
            "{kind}\tline \"{}\"\tours {ours:?}\tstalwart {theirs:?}",
            line.escape_ascii()
        );
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A path without its angle brackets.
fn bare_path(wire: Vec<u8>) -> String {
    let s = text(&wire);
    s.strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(&s)
        .to_string()
}

/// Our view of the fields compared: verb, then the main argument.
fn ours(c: &Command<'_>) -> (String, Option<String>) {
    let arg = match c {
        Command::Helo(d) | Command::Ehlo(d) | Command::Lhlo(d) => Some(text(&d.to_vec())),
        Command::Mail { from, .. } => Some(match from {
            ReversePath::Null => String::new(),
            ReversePath::Path(p) => bare_path(p.to_vec()),
        }),
        Command::Rcpt { to, .. } => Some(match to {
            ForwardPath::Postmaster => "Postmaster".into(),
            ForwardPath::Path(p) => bare_path(p.to_vec()),
        }),
        Command::Bdat { size, last } => Some(format!("{size} {last}")),
        Command::Burl { url, last } => Some(format!("{} {last}", url.as_str())),
        // Stalwart hands out a quoted string's text; ours keeps the wire
        // form and reads the text with `unquoted`.
        Command::Vrfy(s) | Command::Expn(s) => Some(match s.unquoted() {
            Some(t) => t.into_owned(),
            None => text(&s.to_vec()),
        }),
        Command::Help(s) | Command::Noop(s) => {
            Some(s.as_ref().map(|s| text(&s.to_vec())).unwrap_or_default())
        }
        Command::Etrn(a) => Some(match a {
            EtrnArg::Domain(d) => text(&d.to_vec()),
            EtrnArg::Subdomains(d) => format!("@{}", text(&d.to_vec())),
            EtrnArg::Queue(q) => format!("#{}", q.as_str()),
        }),
        _ => None,
    };
    (c.verb().to_ascii_uppercase(), arg)
}

/// Stalwart's view of the same fields.
fn theirs(r: &Request<std::borrow::Cow<'_, str>>) -> (String, Option<String>) {
    let arg = match r {
        Request::Ehlo { host } | Request::Helo { host } | Request::Lhlo { host } => {
            Some(host.to_string())
        }
        Request::Mail { from } => Some(from.address.to_string()),
        Request::Rcpt { to } => Some(to.address.to_string()),
        Request::Bdat {
            chunk_size,
            is_last,
        } => Some(format!("{chunk_size} {is_last}")),
        Request::Burl { uri, is_last } => Some(format!("{uri} {is_last}")),
        Request::Vrfy { value }
        | Request::Expn { value }
        | Request::Help { value }
        | Request::Noop { value } => Some(value.to_string()),
        Request::Etrn { name } => Some(name.to_string()),
        _ => None,
    };
    (r.name().to_string(), arg)
}

fuzz_target!(|line: &[u8]| {
    let Ok(ours_cmd) = parse::command(line) else {
        return;
    };
    // Ours accepted: it must survive its own encoding.
    let wire = ours_cmd.to_vec();
    assert_eq!(
        parse::command(&wire).as_ref(),
        Ok(&ours_cmd),
        "re-encoded {wire:?}"
    );

    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let theirs_res = panic::catch_unwind(AssertUnwindSafe(|| {
        Request::parse(&mut line.iter()).map(|r| theirs(&r)).ok()
    }));
    panic::set_hook(hook);
    let theirs_view = match theirs_res {
        Ok(Some(v)) => v,
        Ok(None) => return,
        Err(_) => {
            report("stalwart panicked", line, &format!("{ours_cmd:?}"), "panic");
            return;
        }
    };
    let ours_view = ours(&ours_cmd);
    if ours_view.0 != theirs_view.0 {
        // One report per pair of verbs; all unknown verbs of ours count as one.
        let ours_kind = match ours_cmd {
            Command::Unknown { .. } => "(unknown verb)",
            _ => ours_view.0.as_str(),
        };
        let kind = format!("verb {ours_kind} vs {}", theirs_view.0);
        report(&kind, line, &ours_view.0, &theirs_view.0);
    } else if ours_view.1 != theirs_view.1 && theirs_view.1.is_some() {
        let (a, b) = (
            ours_view.1.unwrap_or_default(),
            theirs_view.1.unwrap_or_default(),
        );
        let how = if a.eq_ignore_ascii_case(&b) {
            "case"
        } else {
            "value"
        };
        let kind = format!("{} argument ({how})", ours_view.0);
        report(&kind, line, &a, &b);
    }
});
