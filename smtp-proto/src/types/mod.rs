//! The vocabulary: commands, replies and their parts.
