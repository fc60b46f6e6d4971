//! Incremental framers that find message boundaries before any parsing.
