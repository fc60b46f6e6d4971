//! The POP3 adapter of the replay oracle.

use super::Conversation;

/// A client-role and a server-role `pop3-proto` session.
pub fn conversation() -> Result<Box<dyn Conversation>, String> {
    Err("pop3: the pop3-proto sessions are not available yet".into())
}
