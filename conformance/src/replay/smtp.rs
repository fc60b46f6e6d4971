//! The SMTP and LMTP adapter of the replay oracle.

use super::Conversation;

/// A client-role and a server-role `smtp-proto` session (LMTP when `lmtp`).
pub fn conversation(lmtp: bool) -> Result<Box<dyn Conversation>, String> {
    let _ = lmtp;
    Err("smtp: the smtp-proto sessions are not available yet".into())
}
