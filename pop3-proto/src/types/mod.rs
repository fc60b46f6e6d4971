//! The vocabulary: commands, responses and their parts.
//!
//! Values borrow from the input (`Cow`) and become owned with
//! `into_static()`. Constructors validate, so that every value that
//! exists can be encoded, and decodes back equal. Secrets (the PASS
//! argument, SASL data) redact themselves in `Debug`.

#[cfg(feature = "arbitrary")]
mod arbitrary_impls;
mod capability;
pub(crate) mod chars;
mod code;
mod command;
mod language;
mod listing;
mod response;
mod sasl;
mod value;

pub use capability::{CapaTag, Capability, ExpirePolicy, UnknownCapability};
pub use code::{KnownCode, ResponseCode};
pub use command::{Command, KNOWN_KEYWORDS, Keyword};
pub use language::{LanguageRange, LanguageTag};
pub use listing::{LangListing, ScanListing, Stat, UniqueId, UniqueIdListing};
pub use response::{Response, Status};
pub use sasl::{AuthRequest, AuthResponse, Continuation, Mechanism, SaslData};
pub use value::{ApopDigest, IntoOctets, MessageNumber, Param, Secret, Text};
