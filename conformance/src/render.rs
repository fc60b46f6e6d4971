//! Compact typed renderings of decoded messages, one line each, for the
//! demo, `replay --verbose` and `decode`.

use crate::decode::short_bytes;

/// A POP3 command (its `Debug` form: typed, secrets redacted).
pub fn pop3_command(command: &pop3_proto::types::Command<'_>) -> String {
    format!("{command:?}")
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
