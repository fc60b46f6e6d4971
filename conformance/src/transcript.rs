//! Reader for the transcript format of DESIGN.md ("Transcripts").
//!
//! ```text
//! @protocol smtp
//! @source RFC 5321 appendix D.1
//! # a comment
//! S: 220 foo.com Simple Mail Transfer Service Ready
//! C: EHLO bar.com
//! C~ NOOP\r\n
//! ! reject
//! ! tls
//! ```
//!
//! - `@protocol NAME` is the first line that is not a comment or blank;
//!   `@source TEXT` must follow before the first chunk.
//! - `C: text` / `S: text`: `text` (UTF-8) then CRLF; `C:` alone is CRLF.
//! - `C~ text` / `S~ text`: exactly these bytes, with the escapes `\r`,
//!   `\n`, `\t`, `\\`, `\0` and `\xHH`; nothing is appended.
//! - `! reject`: the chunk just above must be refused by its receiver.
//! - `! tls`: the transport is upgraded here.
//!
//! Blank lines are ignored. A trailing CR at the end of a file line (a file
//! saved with CRLF line ends) is not part of the text. Every error names the
//! file and the line.

use std::fmt;
use std::path::{Path, PathBuf};

/// Which peer sent a chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The client (lines `C:` / `C~`).
    Client,
    /// The server (lines `S:` / `S~`).
    Server,
}

impl Side {
    /// `"client"` or `"server"`.
    pub fn name(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

/// The protocol a transcript speaks (`@protocol`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolName {
    /// SMTP (RFC 5321).
    Smtp,
    /// LMTP (RFC 2033).
    Lmtp,
    /// IMAP (RFC 9051 / 3501).
    Imap,
    /// POP3 (RFC 1939).
    Pop3,
}

impl ProtocolName {
    /// Parses the name used after `@protocol` (lower case).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "smtp" => Some(Self::Smtp),
            "lmtp" => Some(Self::Lmtp),
            "imap" => Some(Self::Imap),
            "pop3" => Some(Self::Pop3),
            _ => None,
        }
    }

    /// The name used after `@protocol`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Smtp => "smtp",
            Self::Lmtp => "lmtp",
            Self::Imap => "imap",
            Self::Pop3 => "pop3",
        }
    }
}

impl fmt::Display for ProtocolName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Bytes one peer sent, as one transcript line gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Who sent them.
    pub side: Side,
    /// The bytes, CRLF included for `C:`/`S:` lines.
    pub bytes: Vec<u8>,
    /// Line number (1-based) in the transcript file.
    pub line: usize,
    /// `! reject` follows: the receiver must refuse this chunk.
    pub reject: bool,
}

/// One step of a conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Bytes sent by one peer.
    Chunk(Chunk),
    /// `! tls`: the transport is upgraded at this line.
    Tls {
        /// Line number of the `! tls` line.
        line: usize,
    },
}

impl Step {
    /// The transcript line this step comes from.
    pub fn line(&self) -> usize {
        match self {
            Step::Chunk(c) => c.line,
            Step::Tls { line } => *line,
        }
    }
}

/// A parsed transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transcript {
    /// The file it was read from (or the name given to [`Transcript::parse`]).
    pub path: PathBuf,
    /// `@protocol`.
    pub protocol: ProtocolName,
    /// Line of the `@protocol` header.
    pub protocol_line: usize,
    /// `@source`.
    pub source: String,
    /// The conversation, in order.
    pub steps: Vec<Step>,
}

/// A transcript that cannot be read: names the file and the line.
#[derive(Debug)]
pub struct ReadError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line number; 0 when the file itself could not be read.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(
                f,
                "{}: line {}: {}",
                self.path.display(),
                self.line,
                self.message
            )
        }
    }
}

impl std::error::Error for ReadError {}

impl Transcript {
    /// Reads and parses a transcript file.
    pub fn read(path: &Path) -> Result<Self, ReadError> {
        let bytes = std::fs::read(path).map_err(|e| ReadError {
            path: path.to_path_buf(),
            line: 0,
            message: format!("cannot read: {e}"),
        })?;
        Self::parse(path, &bytes)
    }

    /// Parses transcript text; `path` is only used in errors.
    pub fn parse(path: &Path, text: &[u8]) -> Result<Self, ReadError> {
        let err = |line: usize, message: String| ReadError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let mut protocol: Option<(ProtocolName, usize)> = None;
        let mut source: Option<String> = None;
        let mut steps: Vec<Step> = Vec::new();

        // A final newline does not start one more (empty) line.
        let text = text.strip_suffix(b"\n").unwrap_or(text);
        for (index, raw) in text.split(|&b| b == b'\n').enumerate() {
            let line_no = index + 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let line = std::str::from_utf8(raw).map_err(|e| {
                err(
                    line_no,
                    format!("not UTF-8 at column {}", e.valid_up_to() + 1),
                )
            })?;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if protocol.is_none() && !line.starts_with("@protocol") {
                return Err(err(
                    line_no,
                    "expected `@protocol NAME` as the first line that is not a comment".into(),
                ));
            }
            if let Some(rest) = line.strip_prefix('@') {
                let (key, value) = rest.split_once(' ').unwrap_or((rest, ""));
                let value = value.trim();
                if !steps.is_empty() {
                    return Err(err(
                        line_no,
                        format!("header `@{key}` after the conversation started"),
                    ));
                }
                match key {
                    "protocol" => {
                        if protocol.is_some() {
                            return Err(err(line_no, "second `@protocol` header".into()));
                        }
                        let name = ProtocolName::from_name(value).ok_or_else(|| {
                            err(
                                line_no,
                                format!(
                                    "unknown protocol `{value}`: expected smtp, lmtp, imap or pop3"
                                ),
                            )
                        })?;
                        protocol = Some((name, line_no));
                    }
                    "source" => {
                        if source.is_some() {
                            return Err(err(line_no, "second `@source` header".into()));
                        }
                        if value.is_empty() {
                            return Err(err(
                                line_no,
                                "`@source` needs a text saying where this comes from".into(),
                            ));
                        }
                        source = Some(value.to_string());
                    }
                    _ => {
                        return Err(err(
                            line_no,
                            format!("unknown header `@{key}`: expected @protocol or @source"),
                        ));
                    }
                }
                continue;
            }
            if let Some(directive) = line.strip_prefix('!') {
                match directive.trim() {
                    "reject" => match steps.last_mut() {
                        Some(Step::Chunk(chunk)) if !chunk.reject => chunk.reject = true,
                        Some(Step::Chunk(_)) => {
                            return Err(err(line_no, "second `! reject` for one chunk".into()));
                        }
                        _ => {
                            return Err(err(
                                line_no,
                                "`! reject` must follow a C:/S:/C~/S~ line".into(),
                            ));
                        }
                    },
                    "tls" => steps.push(Step::Tls { line: line_no }),
                    other => {
                        return Err(err(
                            line_no,
                            format!(
                                "unknown directive `! {other}`: expected `! reject` or `! tls`"
                            ),
                        ));
                    }
                }
                continue;
            }
            let side = match line.as_bytes().first() {
                Some(b'C') => Side::Client,
                Some(b'S') => Side::Server,
                _ => {
                    return Err(err(
                        line_no,
                        "expected `C:`, `S:`, `C~`, `S~`, `!`, `@` or `#` at the start of the line"
                            .into(),
                    ));
                }
            };
            let rest = &line[1..];
            let bytes = if let Some(text) = rest.strip_prefix(':') {
                let text = if text.is_empty() {
                    ""
                } else {
                    text.strip_prefix(' ')
                        .ok_or_else(|| err(line_no, "expected a space after `C:`/`S:`".into()))?
                };
                let mut bytes = text.as_bytes().to_vec();
                bytes.extend_from_slice(b"\r\n");
                bytes
            } else if let Some(text) = rest.strip_prefix('~') {
                let text = text.strip_prefix(' ').ok_or_else(|| {
                    err(
                        line_no,
                        "expected a space and at least one byte after `C~`/`S~`".into(),
                    )
                })?;
                let bytes = unescape(text).map_err(|(column, what)| {
                    // Column counts from the start of the file line.
                    err(line_no, format!("column {}: {what}", column + 4))
                })?;
                if bytes.is_empty() {
                    return Err(err(
                        line_no,
                        "a `C~`/`S~` chunk needs at least one byte".into(),
                    ));
                }
                bytes
            } else {
                return Err(err(line_no, "expected `:` or `~` after `C`/`S`".into()));
            };
            steps.push(Step::Chunk(Chunk {
                side,
                bytes,
                line: line_no,
                reject: false,
            }));
        }
        let Some((protocol, protocol_line)) = protocol else {
            return Err(err(0, "no `@protocol` header".into()));
        };
        let Some(source) = source else {
            return Err(err(protocol_line, "no `@source` header".into()));
        };
        Ok(Transcript {
            path: path.to_path_buf(),
            protocol,
            protocol_line,
            source,
            steps,
        })
    }
}

/// Decodes the escapes of a `C~`/`S~` line. On error, returns the 0-based
/// character column within `text` and what was expected.
pub fn unescape(text: &str) -> Result<Vec<u8>, (usize, String)> {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let Some(&e) = bytes.get(i + 1) else {
            return Err((
                i,
                "a lone `\\` at the end: expected one of \\r \\n \\t \\\\ \\0 \\xHH".into(),
            ));
        };
        let value = match e {
            b'r' => b'\r',
            b'n' => b'\n',
            b't' => b'\t',
            b'\\' => b'\\',
            b'0' => 0,
            b'x' => {
                let hex = bytes.get(i + 2..i + 4).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                let Some(v) = hex else {
                    return Err((i, "expected two hex digits after `\\x`".into()));
                };
                out.push(v);
                i += 4;
                continue;
            }
            _ => {
                return Err((
                    i,
                    format!(
                        "unknown escape `\\{}`: expected one of \\r \\n \\t \\\\ \\0 \\xHH",
                        char::from(e)
                    ),
                ));
            }
        };
        out.push(value);
        i += 2;
    }
    Ok(out)
}

/// Escapes bytes the way `C~`/`S~` lines write them (the inverse of
/// [`unescape`]): printable ASCII stays, everything else is escaped.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\\' => out.push_str("\\\\"),
            0 => out.push_str("\\0"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out
}

/// Every `*.txt` file under `path` (recursively, sorted), or `path` itself
/// when it is a file.
pub fn collect_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            if entry.is_dir() {
                out.extend(collect_files(&entry)?);
            } else if entry.extension().is_some_and(|e| e == "txt") {
                out.push(entry);
            }
        }
    } else {
        // Check that it exists so the error names it.
        std::fs::metadata(path)?;
        out.push(path.to_path_buf());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Transcript, ReadError> {
        Transcript::parse(Path::new("t.txt"), text.as_bytes())
    }

    #[test]
    fn reads_every_kind_of_line() {
        let t = parse(
            "# comment\n@protocol smtp\n@source here\n\nS: 220 hi\nC:\nC~ a\\r\\n\\t\\\\\\0\\xff\n! reject\n! tls\n",
        )
        .unwrap();
        assert_eq!(t.protocol, ProtocolName::Smtp);
        assert_eq!(t.protocol_line, 2);
        assert_eq!(t.source, "here");
        assert_eq!(
            t.steps,
            vec![
                Step::Chunk(Chunk {
                    side: Side::Server,
                    bytes: b"220 hi\r\n".to_vec(),
                    line: 5,
                    reject: false
                }),
                Step::Chunk(Chunk {
                    side: Side::Client,
                    bytes: b"\r\n".to_vec(),
                    line: 6,
                    reject: false
                }),
                Step::Chunk(Chunk {
                    side: Side::Client,
                    bytes: b"a\r\n\t\\\0\xff".to_vec(),
                    line: 7,
                    reject: true
                }),
                Step::Tls { line: 9 },
            ]
        );
    }

    #[test]
    fn crlf_files_and_text_spaces() {
        let t = parse("@protocol pop3\r\n@source x\r\nC:  two\r\n").unwrap();
        assert_eq!(
            t.steps,
            vec![Step::Chunk(Chunk {
                side: Side::Client,
                bytes: b" two\r\n".to_vec(),
                line: 3,
                reject: false
            })]
        );
    }

    fn error_of(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_file_and_line() {
        assert_eq!(
            error_of("C: x\n"),
            "t.txt: line 1: expected `@protocol NAME` as the first line that is not a comment"
        );
        assert_eq!(
            error_of("@protocol nntp\n"),
            "t.txt: line 1: unknown protocol `nntp`: expected smtp, lmtp, imap or pop3"
        );
        assert_eq!(
            error_of("@protocol smtp\n"),
            "t.txt: line 1: no `@source` header"
        );
        assert_eq!(error_of(""), "t.txt: no `@protocol` header");
        assert_eq!(
            error_of("@protocol smtp\n@source s\n! reject\n"),
            "t.txt: line 3: `! reject` must follow a C:/S:/C~/S~ line"
        );
        assert_eq!(
            error_of("@protocol smtp\n@source s\nC: a\n! reject\n! reject\n"),
            "t.txt: line 5: second `! reject` for one chunk"
        );
        assert_eq!(
            error_of("@protocol smtp\n@source s\nC: a\n! tls\n! reject\n"),
            "t.txt: line 5: `! reject` must follow a C:/S:/C~/S~ line"
        );
        assert_eq!(
            error_of("@protocol smtp\n@source s\nC~ ab\\q\n"),
            "t.txt: line 3: column 6: unknown escape `\\q`: expected one of \\r \\n \\t \\\\ \\0 \\xHH"
        );
        assert_eq!(
            error_of("@protocol smtp\n@source s\nC~ \\x4\n"),
            "t.txt: line 3: column 4: expected two hex digits after `\\x`"
        );
        assert_eq!(
            error_of("@protocol smtp\n@source s\nC~\n"),
            "t.txt: line 3: expected a space and at least one byte after `C~`/`S~`"
        );
        assert_eq!(
            error_of("@protocol smtp\n@source s\nC:x\n"),
            "t.txt: line 3: expected a space after `C:`/`S:`"
        );
        assert_eq!(
            error_of("@protocol smtp\n@source s\nX: x\n"),
            "t.txt: line 3: expected `C:`, `S:`, `C~`, `S~`, `!`, `@` or `#` at the start of the line"
        );
        assert_eq!(
            error_of("@protocol smtp\n@source s\nC: a\n@source t\n"),
            "t.txt: line 4: header `@source` after the conversation started"
        );
        assert_eq!(
            error_of("@protocol smtp\n@source s\n! starttls\n"),
            "t.txt: line 3: unknown directive `! starttls`: expected `! reject` or `! tls`"
        );
        let mut bad = b"@protocol smtp\n@source s\nC: \xff\n".to_vec();
        bad.push(b'\n');
        assert_eq!(
            Transcript::parse(Path::new("t.txt"), &bad)
                .unwrap_err()
                .to_string(),
            "t.txt: line 3: not UTF-8 at column 4"
        );
    }

    #[test]
    fn escape_is_the_inverse_of_unescape() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(unescape(&escape(&all)).unwrap(), all);
        assert_eq!(escape(b"a\r\n\0\x80\\"), "a\\r\\n\\0\\x80\\\\");
    }
}
