//! The vocabulary: commands, replies and their parts.
//!
//! Values borrow from the bytes they were decoded from (`Cow`), and
//! `into_static()` makes an owned copy. Every constructor validates, so a
//! value that exists can always be encoded, and encodes to bytes that
//! decode to an equal value.

mod command;
mod domain;
mod ehlo;
mod param;
mod path;
mod reply;
mod sasl;
mod text;
pub(crate) mod xtext;

pub use command::{Command, EtrnArg, Verb, XAttr};
pub(crate) use domain::LiteralKind;
pub use domain::{AddressLiteral, AddressLiteralKind, Domain, DomainName};
pub use ehlo::{Capability, EhloReply, Limit, OtherCapability};
pub use param::{
    Body, By, ByMode, DateTime, MtPriority, Mtrk, Notify, Orcpt, OtherParam, Param, Params, Ret,
    Rrvs, RrvsAction,
};
pub use path::{
    ForwardPath, LocalPart, LocalPartKind, MAX_PATH, Mailbox, Path, ReversePath, SmtpString,
};
pub use reply::{EnhancedCode, Reply, ReplyCode, ReplyLine};
pub use sasl::{AuthResponse, Mechanism, SaslData};
pub(crate) use text::is_vchar;
pub use text::{Text, Word};
pub use xtext::XText;
