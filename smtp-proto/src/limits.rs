//! Limits, with the RFC defaults.
