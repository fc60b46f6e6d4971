//! The server-role session.
