//! Compact typed renderings of decoded messages, one line each, for the
//! demo, `replay --verbose` and `decode`.

use crate::decode::short_bytes;

/// A POP3 command: its variant and its arguments in wire form
/// (`Retr 1`); `PASS`, `APOP` and `AUTH` in `Debug` form so secrets stay
/// redacted.
pub fn pop3_command(command: &pop3_proto::types::Command<'_>) -> String {
    use pop3_proto::encode::Encode;
    use pop3_proto::types::Command;
    let debug = format!("{command:?}");
    if matches!(
        command,
        Command::Pass(_) | Command::Apop { .. } | Command::Auth(_)
    ) {
        return debug;
    }
    let args = wire_arguments(&command.to_vec());
    if args.is_empty() {
        variant(&debug).to_string()
    } else {
        format!("{} {args}", variant(&debug))
    }
}

/// Whether a POP3 `AUTH` request carries an initial response.
pub fn pop3_auth_has_initial(request: &pop3_proto::types::AuthRequest<'_>) -> bool {
    request.initial_response.is_some()
}

/// A POP3 status line: `+OK [CODE] "text"`, 8-bit bytes escaped.
pub fn pop3_response(response: &pop3_proto::types::Response<'_>) -> String {
    let status = if response.is_ok() { "+OK" } else { "-ERR" };
    let code = response
        .code()
        .map(|c| format!(" [{}]", c.as_str()))
        .unwrap_or_default();
    format!(
        "Response {status}{code} \"{}\"",
        short_bytes(response.text().as_bytes())
    )
}

/// A message or multi-line body: size, lines, and the start of its bytes.
pub fn body(bytes: &[u8]) -> String {
    let lines = bytes.split(|&b| b == b'\n').count().saturating_sub(1);
    format!(
        "Body {{ octets: {}, lines: {lines} }} \"{}\"",
        bytes.len(),
        short_bytes(bytes)
    )
}

/// The name of an enum variant, from its `Debug` form.
fn variant(debug: &str) -> &str {
    let end = debug
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(debug.len());
    debug.get(..end).unwrap_or(debug)
}

/// The arguments of a command line as it is encoded (after the verb,
/// without CRLF).
fn wire_arguments(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\r\n").unwrap_or(line);
    match line.iter().position(|&b| b == b' ') {
        Some(i) => short_bytes(line.get(i + 1..).unwrap_or_default()),
        None => String::new(),
    }
}

/// An SMTP command: its variant and its arguments in wire form
/// (`Mail FROM:<a@example.org> SIZE=10`); `AUTH` in `Debug` form so the
/// SASL data stays redacted.
pub fn smtp_command(command: &smtp_proto::types::Command<'_>) -> String {
    use smtp_proto::encode::Encode;
    let debug = format!("{command:?}");
    if matches!(command, smtp_proto::types::Command::Auth { .. }) {
        return debug;
    }
    let args = wire_arguments(&command.to_vec());
    if args.is_empty() {
        variant(&debug).to_string()
    } else {
        format!("{} {args}", variant(&debug))
    }
}

/// An SMTP reply: `Reply 250 "line" | "line"`, 8-bit bytes escaped.
pub fn smtp_reply(reply: &smtp_proto::types::Reply<'_>) -> String {
    let lines: Vec<String> = reply
        .lines()
        .iter()
        .map(|t| format!("\"{}\"", short_bytes(t.as_bytes())))
        .collect();
    format!("Reply {} {}", reply.code().get(), lines.join(" | "))
}
