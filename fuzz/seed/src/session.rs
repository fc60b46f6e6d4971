//! Seeds of the session targets: whole conversations as operations.

use conformance::transcript::ProtocolName;

use crate::{Conversation, Seeds};

/// Adds a conversation as a sequence of session-target operations.
pub fn seeds(_protocol: ProtocolName, _conv: &Conversation, _seeds: &mut Seeds) {}
