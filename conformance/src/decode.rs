//! `mailwire decode`: the raw bytes one side of a connection sent, decoded
//! into one typed message per line with the protocol crates' stateless
//! entry points and framers.
//!
//! Without the other side's bytes some framing must be inferred, and each
//! inference is stated in the output (lines starting with `#`):
//! - SMTP client: after `DATA` the dot-stuffed message follows, after
//!   `BDAT n` exactly n octets; after `AUTH` without an initial response
//!   the lines that are not commands are SASL responses.
//! - POP3 server: whether a `+OK` starts a multi-line body depends on the
//!   command it answers; the rule used is RFC 1939 section 3's: a `+OK` line
//!   followed by a line that is not itself a status line starts a body that
//!   ends at a lone `.`.

use std::fmt;

use crate::render;
use crate::transcript::escape;

/// The protocol of the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeProtocol {
    /// SMTP.
    Smtp,
    /// LMTP.
    Lmtp,
    /// POP3.
    Pop3,
}

/// Who sent the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeSide {
    /// The client: commands (and message data).
    Client,
    /// The server: replies.
    Server,
}

/// Bad input: where and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure {
    /// Byte offset in the whole input.
    pub offset: usize,
    /// What was expected there.
    pub expected: String,
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: expected {}", self.offset, self.expected)
    }
}

impl std::error::Error for DecodeFailure {}

fn failure(offset: usize, expected: impl Into<String>) -> DecodeFailure {
    DecodeFailure {
        offset,
        expected: expected.into(),
    }
}

/// Decodes `input`, calling `out` with one line per decoded message.
pub fn decode(
    protocol: DecodeProtocol,
    side: DecodeSide,
    input: &[u8],
    out: &mut dyn FnMut(&str),
) -> Result<(), DecodeFailure> {
    match (protocol, side) {
        (DecodeProtocol::Smtp | DecodeProtocol::Lmtp, DecodeSide::Client) => {
            smtp_client(input, out)
        }
        (DecodeProtocol::Smtp | DecodeProtocol::Lmtp, DecodeSide::Server) => {
            smtp_server(input, out)
        }
        (DecodeProtocol::Pop3, DecodeSide::Client) => pop3_client(input, out),
        (DecodeProtocol::Pop3, DecodeSide::Server) => pop3_server(input, out),
    }
}

/// Splits off the CRLF line at `input[at..]`: its end (exclusive).
fn line_end(input: &[u8], at: usize) -> Result<usize, DecodeFailure> {
    let rest = input.get(at..).unwrap_or_default();
    match memchr_lf(rest) {
        Some(i) if i > 0 && rest.get(i - 1) == Some(&b'\r') => Ok(at + i + 1),
        Some(i) => Err(failure(
            at + i,
            "CRLF at the end of the line, not a bare LF",
        )),
        None => Err(failure(input.len(), "the rest of the line and its CRLF")),
    }
}

fn memchr_lf(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

fn smtp_client(input: &[u8], out: &mut dyn FnMut(&str)) -> Result<(), DecodeFailure> {
    use smtp_proto::framing::{BdatDecoder, BdatStep, DataDecoder, DataStep};
    use smtp_proto::types::Command;
    let quirks = smtp_proto::quirks::Quirks::server_default();
    let mut at = 0;
    let mut in_sasl = false;
    let mut noted = false;
    while at < input.len() {
        let end = line_end(input, at)?;
        let line = input.get(at..end).unwrap_or_default();
        let mut warnings = Vec::new();
        let parsed = smtp_proto::parse::command_with(line, &quirks, &mut warnings);
        let command = match parsed {
            Ok(c) if !(in_sasl && matches!(c, Command::Unknown { .. })) => c,
            other => {
                if in_sasl {
                    let r = smtp_proto::parse::auth_response(line)
                        .map_err(|e| failure(at + e.offset, e.expected))?;
                    out(&format!("C> {r:?}"));
                    at = end;
                    continue;
                }
                match other {
                    Err(e) => return Err(failure(at + e.offset, e.expected)),
                    Ok(c) => c,
                }
            }
        };
        for w in &warnings {
            out(&format!("warning at byte {}: {:?}", at + w.offset, w.quirk));
        }
        out(&format!("C> {}", render::smtp_command(&command)));
        in_sasl = matches!(
            command,
            Command::Auth {
                initial_response: None,
                ..
            }
        );
        at = end;
        match command {
            Command::Data => {
                if !noted {
                    noted = true;
                    out(
                        "# the bytes after DATA are read as the message, as if the server had answered 354",
                    );
                }
                let mut decoder = DataDecoder::new(smtp_proto::framing::BareLinePolicy::Reject);
                let mut message = Vec::new();
                let body_start = at;
                loop {
                    let rest = input.get(at..).unwrap_or_default();
                    let (n, step) = decoder.decode(rest);
                    at += n;
                    match step {
                        DataStep::Chunk(c) => message.extend_from_slice(c),
                        DataStep::Bare(b) => {
                            return Err(failure(
                                body_start + b.offset,
                                format!("CRLF, not a {} in the message", bare_name(b.kind)),
                            ));
                        }
                        DataStep::End => break,
                        DataStep::NeedMore => {
                            return Err(failure(
                                input.len(),
                                "the rest of the message and <CRLF>.<CRLF>",
                            ));
                        }
                    }
                }
                out(&format!("C> {}", render::body(&message)));
            }
            Command::Bdat { size, last } => {
                let mut decoder = BdatDecoder::new(size, last);
                let mut chunk = Vec::new();
                loop {
                    let rest = input.get(at..).unwrap_or_default();
                    let (n, step) = decoder.decode(rest);
                    at += n;
                    match step {
                        BdatStep::Chunk(c) => chunk.extend_from_slice(c),
                        BdatStep::End { .. } => break,
                        BdatStep::NeedMore => {
                            return Err(failure(
                                input.len(),
                                format!("{} more octets of the BDAT chunk", decoder.remaining()),
                            ));
                        }
                    }
                }
                out(&format!("C> {}", render::body(&chunk)));
            }
            _ => {}
        }
    }
    Ok(())
}

fn bare_name(kind: smtp_proto::framing::BareKind) -> &'static str {
    match kind {
        smtp_proto::framing::BareKind::Cr => "bare CR",
        smtp_proto::framing::BareKind::Lf => "bare LF",
    }
}

fn smtp_server(input: &[u8], out: &mut dyn FnMut(&str)) -> Result<(), DecodeFailure> {
    let quirks = smtp_proto::quirks::Quirks::client_default();
    let mut at = 0;
    let mut start = 0;
    while at < input.len() {
        let end = line_end(input, at)?;
        let line = input.get(at..end).unwrap_or_default();
        let reply_line = smtp_proto::parse::reply_line_with(line, &quirks, &mut Vec::new())
            .map_err(|e| failure(at + e.offset, e.expected))?;
        at = end;
        if !reply_line.last {
            continue;
        }
        let bytes = input.get(start..end).unwrap_or_default();
        let mut warnings = Vec::new();
        let reply = smtp_proto::parse::reply_with(bytes, &quirks, &mut warnings)
            .map_err(|e| failure(start + e.offset, e.expected))?;
        for w in &warnings {
            out(&format!(
                "warning at byte {}: {:?}",
                start + w.offset,
                w.quirk
            ));
        }
        out(&format!("S> {}", render::smtp_reply(&reply)));
        start = end;
    }
    if start < input.len() {
        return Err(failure(
            input.len(),
            "the last line of the multi-line reply",
        ));
    }
    Ok(())
}

fn pop3_client(input: &[u8], out: &mut dyn FnMut(&str)) -> Result<(), DecodeFailure> {
    use pop3_proto::types::Command;
    let quirks = pop3_proto::quirks::Quirks::server_default();
    let mut at = 0;
    let mut in_sasl = false;
    while at < input.len() {
        let end = line_end(input, at)?;
        let line = input.get(at..end).unwrap_or_default();
        let mut warnings = Vec::new();
        let command = pop3_proto::parse::command_with(line, &quirks, &mut warnings);
        match command {
            Ok(cmd) if !(in_sasl && matches!(cmd, Command::Unknown { .. })) => {
                for w in &warnings {
                    out(&format!("warning at byte {}: {:?}", at + w.offset, w.quirk));
                }
                in_sasl =
                    matches!(cmd, Command::Auth(Some(ref a)) if !render::pop3_auth_has_initial(a));
                out(&format!("C> {}", render::pop3_command(&cmd)));
            }
            result => {
                if in_sasl {
                    match pop3_proto::parse::auth_response(line) {
                        Ok(r) => {
                            out(&format!("C> {r:?}"));
                            at = end;
                            continue;
                        }
                        Err(e) => return Err(failure(at + e.offset, e.expected)),
                    }
                }
                if let Err(e) = result {
                    return Err(failure(at + e.offset, e.expected));
                }
            }
        }
        at = end;
    }
    Ok(())
}

fn is_status_line(line: &[u8]) -> bool {
    line.starts_with(b"+OK") || line.starts_with(b"-ERR") || line.starts_with(b"+ ")
}

fn pop3_server(input: &[u8], out: &mut dyn FnMut(&str)) -> Result<(), DecodeFailure> {
    use pop3_proto::framing::{BareLf, BodyDecoder, BodyStep};
    out(
        "# POP3 server bytes: whether +OK starts a multi-line body depends on the command; \
         read by RFC 1939 section 3: a body follows +OK when the next line is not a status line, \
         and ends at a lone \".\"",
    );
    let quirks = pop3_proto::quirks::Quirks::client_default();
    let mut at = 0;
    while at < input.len() {
        let end = line_end(input, at)?;
        let line = input.get(at..end).unwrap_or_default();
        if line.starts_with(b"+ ") || line == b"+\r\n" {
            match pop3_proto::parse::continuation(line) {
                Ok(c) => out(&format!("S> {c:?}")),
                Err(e) => return Err(failure(at + e.offset, e.expected)),
            }
            at = end;
            continue;
        }
        let mut warnings = Vec::new();
        let response = pop3_proto::parse::response_with(line, &quirks, &mut warnings)
            .map_err(|e| failure(at + e.offset, e.expected))?;
        for w in &warnings {
            out(&format!("warning at byte {}: {:?}", at + w.offset, w.quirk));
        }
        out(&format!("S> {}", render::pop3_response(&response)));
        let ok = response.is_ok();
        at = end;
        let next = input.get(at..).unwrap_or_default();
        if !ok || next.is_empty() || is_status_line(next) {
            continue;
        }
        // A multi-line body, dot-unstuffed.
        let mut decoder = BodyDecoder::new(64 * 1024, u64::MAX, BareLf::Reject);
        let mut body = Vec::new();
        loop {
            let rest = input.get(at..).unwrap_or_default();
            let step = decoder
                .decode(rest)
                .map_err(|e| failure(at, e.expected()))?;
            match step {
                BodyStep::Data(n) => {
                    body.extend_from_slice(rest.get(..n).unwrap_or_default());
                    at += n;
                }
                BodyStep::Crlf => {
                    body.extend_from_slice(b"\r\n");
                    at += 1;
                }
                BodyStep::Skip(n) => at += n,
                BodyStep::End(n) => {
                    at += n;
                    break;
                }
                BodyStep::NeedMore => {
                    return Err(failure(
                        input.len(),
                        "the rest of the multi-line body and its terminating \".\" line",
                    ));
                }
            }
        }
        out(&format!("S> {}", render::body(&body)));
    }
    Ok(())
}

/// Renders bytes for one output line (escaped, shortened when long).
pub fn short_bytes(bytes: &[u8]) -> String {
    const MAX: usize = 160;
    if bytes.len() <= MAX {
        escape(bytes)
    } else {
        format!(
            "{}... ({} more octets)",
            escape(bytes.get(..MAX).unwrap_or_default()),
            bytes.len() - MAX
        )
    }
}
