//! The vocabulary: commands, replies and their parts.
//!
//! Values borrow from the bytes they were decoded from (`Cow`), and
//! `into_static()` makes an owned copy. Every constructor validates with
//! the same grammar function the parser uses, so a value that exists can
//! always be encoded, and encodes to bytes that decode to an equal value
//! (`tests/roundtrip.rs` checks this for generated values).
//!
//! Decisions worth knowing:
//!
//! - **UTF-8 (RFC 6531).** Whether UTF-8 may appear in a path depends on
//!   the `SMTPUTF8` parameter of the transaction and on the server having
//!   offered it: state only the session has. The grammar therefore always
//!   accepts valid UTF-8 where RFC 6531 §3.3 extends it (atoms, quoted
//!   strings, domain labels, `esmtp-value`, ORCPT `utf-8`), refuses invalid
//!   UTF-8 with an error at the bad byte, and every value answers
//!   `requires_smtputf8()` so the session can refuse it (RFC 6531 §3.4:
//!   553/555) when `SMTPUTF8` was not given.
//! - **Lengths (RFC 5321 §4.5.3.1).** Local part 64, domain 255 and path
//!   256 octets are checked by parser and constructors alike; the 512-octet
//!   command line and reply line limits are the framer's.
//! - **Replies** keep their text as bytes: 8-bit text is not an error.
//!   Codes are 200 to 599; all lines of one reply carry the same code.
//! - **Unknowns are kept:** an unknown verb is [`Command::Unknown`], an
//!   unknown ESMTP parameter [`Param::Other`], an unknown or unreadable EHLO
//!   line [`Capability::Other`], an unknown SASL mechanism a [`Mechanism`].
//! - **Secrets** (SASL data, the MTRK certifier) are redacted in `Debug`.

#[cfg(feature = "arbitrary")]
mod arbitrary_impls;
mod command;
mod domain;
mod ehlo;
mod param;
mod path;
mod reply;
mod sasl;
mod text;
pub(crate) mod xtext;

pub use command::{BurlUrl, Command, EtrnArg, Verb, XAttr};
pub(crate) use domain::LiteralKind;
pub use domain::{AddressLiteral, AddressLiteralKind, Domain, DomainName};
pub use ehlo::{Capability, EhloReply, Limit, OtherCapability};
pub use param::{
    Body, By, ByMode, DateTime, MtPriority, Mtrk, Notify, Orcpt, OtherParam, Param, Params, Ret,
    Rrvs, RrvsAction,
};
pub use path::{
    Atom, ForwardPath, LocalPart, LocalPartKind, MAX_PATH, Mailbox, Path, ReversePath, SmtpString,
};
pub use reply::{EnhancedCode, Reply, ReplyCode, ReplyLine};
pub use sasl::{AuthResponse, Mechanism, Mechanisms, SaslData};
pub(crate) use text::is_vchar;
pub use text::{IntoBytes, Text, Word};
pub use xtext::XText;
