//! Writing a [`Recording`] as a transcript (DESIGN.md, "Transcripts") under
//! `conformance/transcripts/captured/`, so the replay oracle holds our codecs
//! to real traffic.
//!
//! Consecutive bytes from one side are joined, then cut into CRLF lines:
//! a line of printable UTF-8 is written `C: text` / `S: text`; anything else
//! (bare CR or LF, control or invalid bytes, trailing blanks that an editor
//! would strip, a piece without CRLF at the end) as `C~` / `S~` with escapes.
//! Dates, queue ids and the like stay as they came: the oracle compares
//! structure, not these values. Test credentials only, so nothing is redacted.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::record::{Entry, Recording, Side};

/// Where captured transcripts go.
pub fn captured_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/captured")
}

/// The transcript text of `recording`. `protocol` is `smtp`, `lmtp`,
/// `pop3` or `imap`; `source` says who talked to whom.
pub fn transcript(protocol: &str, source: &str, recording: &Recording) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Captured by conformance/tests/interop_*.rs; rewritten when its structure changes."
    );
    let _ = writeln!(out, "@protocol {protocol}");
    let _ = writeln!(out, "@source {source}");
    let mut pending: Option<(Side, Vec<u8>)> = None;
    for entry in recording.entries() {
        match entry {
            Entry::Data(side, bytes) => match &mut pending {
                Some((s, buf)) if *s == side => buf.extend_from_slice(&bytes),
                _ => {
                    if let Some((s, buf)) = pending.take() {
                        write_side(&mut out, s, &buf);
                    }
                    pending = Some((side, bytes));
                }
            },
            Entry::Tls => {
                if let Some((s, buf)) = pending.take() {
                    write_side(&mut out, s, &buf);
                }
                out.push_str("! tls\n");
            }
        }
    }
    if let Some((s, buf)) = pending.take() {
        write_side(&mut out, s, &buf);
    }
    out
}

/// Writes `text` to `captured_dir()/<name>.txt` and returns the path.
///
/// A file already there that differs only in volatile values (dates, queue
/// ids, session ids: see [`volatile_masked`]) is left as it is, so running
/// the tests does not dirty the work tree with every new timestamp; a
/// change of structure rewrites it.
pub fn save(name: &str, text: &str) -> anyhow::Result<PathBuf> {
    let dir = captured_dir();
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.txt"));
    let same = std::fs::read_to_string(&path)
        .is_ok_and(|old| volatile_masked(&old) == volatile_masked(text));
    if !same {
        std::fs::write(&path, text)?;
    }
    Ok(path)
}

/// Writes `recording` as transcript `name` (see [`transcript`] and
/// [`save`]) and replays this conversation (not an older file's) through
/// the oracle ([`crate::replay::replay`]): the capture must be a valid
/// transcript, and our codecs must decode and re-encode every step of it.
/// Returns the path.
pub fn save_and_replay(
    name: &str,
    protocol: &str,
    source: &str,
    recording: &Recording,
) -> anyhow::Result<PathBuf> {
    let text = transcript(protocol, source, recording);
    let path = save(name, &text)?;
    let parsed = crate::transcript::Transcript::parse(&path, text.as_bytes())
        .map_err(|e| anyhow::anyhow!("captured transcript does not read back: {e}"))?;
    crate::replay::replay(&parsed, &mut |_| {}).map_err(|e| {
        anyhow::anyhow!(
            "{}: the oracle refused the capture: {e}\n--- capture\n{text}",
            path.display()
        )
    })?;
    Ok(path)
}

/// `text` with every word that holds a digit (dates, times, queue ids,
/// UIDL values) or looks like a random id (ten letters or more, with both
/// cases at least twice: Dovecot's session ids) replaced by `#`: what stays
/// is the structure of the conversation.
pub fn volatile_masked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let upper = word.chars().filter(char::is_ascii_uppercase).count();
        let lower = word.chars().filter(char::is_ascii_lowercase).count();
        let random_id = word.len() >= 10 && upper >= 2 && lower >= 2;
        if random_id || word.chars().any(|c| c.is_ascii_digit()) {
            out.push('#');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        // `+` and `/` belong to base64 ids.
        if c.is_ascii_alphanumeric() || c == '+' || c == '/' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn write_side(out: &mut String, side: Side, bytes: &[u8]) {
    let tag = match side {
        Side::Client => 'C',
        Side::Server => 'S',
    };
    let mut rest = bytes;
    while !rest.is_empty() {
        let (line, next) = match memchr_crlf(rest) {
            Some(i) => (&rest[..i], &rest[i + 2..]),
            None => {
                let _ = writeln!(out, "{tag}~ {}", escape(rest));
                return;
            }
        };
        match plain_text(line) {
            Some("") => {
                let _ = writeln!(out, "{tag}:");
            }
            Some(text) => {
                let _ = writeln!(out, "{tag}: {text}");
            }
            None => {
                let _ = writeln!(out, "{tag}~ {}", escape(&rest[..line.len() + 2]));
            }
        }
        rest = next;
    }
}

fn memchr_crlf(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|w| w == b"\r\n")
}

/// `line` as text if a `C:`/`S:` line can carry it unchanged.
fn plain_text(line: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(line).ok()?;
    let printable = text.chars().all(|c| !c.is_control() || c == '\t');
    let trailing_blank = text.ends_with([' ', '\t']);
    (printable && !trailing_blank).then_some(text)
}

/// The escapes the transcript reader knows: `\r \n \t \\ \0 \xHH`.
fn escape(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\\' => s.push_str("\\\\"),
            0 => s.push_str("\\0"),
            0x20..=0x7e => s.push(char::from(b)),
            _ => {
                let _ = write!(s, "\\x{b:02x}");
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_volatile_words_only() {
        assert_eq!(
            volatile_masked("S: 250 2.0.0 Ok: queued as 4108798C667 at 01:33:18 today"),
            "S: # #.#.# Ok: queued as # at #:#:# today"
        );
        assert_ne!(volatile_masked("C: RETR 1"), volatile_masked("C: LIST 1"));
        assert_eq!(
            volatile_masked("S: 250 <bob@example.org> +FfVOVncDGsYZAAAg+zDdQ:R3 Saved"),
            "S: # <bob@example.org> #:# Saved"
        );
        assert_eq!(
            volatile_masked("S: 235 Authentication successful"),
            "S: # Authentication successful"
        );
    }

    #[test]
    fn writes_lines_marks_and_raw_chunks() {
        let rec = Recording::new();
        rec.data(Side::Server, b"220 mx ESMTP\r\n");
        rec.data(Side::Client, b"EHLO a");
        rec.data(Side::Client, b"\r\nSTARTTLS\r\n");
        rec.data(Side::Server, b"250 ok\r\n220 go\r\n");
        rec.tls();
        rec.data(Side::Client, b"DATA\r\n");
        rec.data(Side::Server, b"354 \r\n");
        rec.data(Side::Client, b"x\n\xff\r\n\r\n.\r\nQUIT");
        let text = transcript("smtp", "test", &rec);
        let body: Vec<&str> = text.lines().skip(3).collect();
        assert_eq!(
            body,
            [
                "S: 220 mx ESMTP",
                "C: EHLO a",
                "C: STARTTLS",
                "S: 250 ok",
                "S: 220 go",
                "! tls",
                "C: DATA",
                "S~ 354 \\r\\n",
                "C~ x\\n\\xff\\r\\n",
                "C:",
                "C: .",
                "C~ QUIT",
            ]
        );
        assert_eq!(text.lines().nth(1), Some("@protocol smtp"));
    }
}
