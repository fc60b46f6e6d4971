//! The client-role session.
