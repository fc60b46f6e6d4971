//! Transcripts, the replay oracle and the pieces of the `mailwire` tool.
pub mod interop;
