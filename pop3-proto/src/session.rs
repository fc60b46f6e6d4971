//! The session state enum and its one transition table.
