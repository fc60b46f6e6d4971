//! Domains and address literals (RFC 5321 §4.1.2, §4.1.3; RFC 6531 §3.3).

use alloc::borrow::Cow;
use alloc::format;
use core::fmt;
use core::net::{Ipv4Addr, Ipv6Addr};

use crate::error::DecodeError;
use crate::parse;

/// A domain name: RFC 5321 §4.1.2 `Domain`, with the U-labels RFC 6531 §3.3
/// allows.
///
/// The parser accepts UTF-8 labels everywhere; whether they are allowed
/// depends on the `SMTPUTF8` parameter of the transaction, which only the
/// session knows, so it asks [`DomainName::requires_smtputf8`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DomainName<'a>(Cow<'a, str>);

impl<'a> DomainName<'a> {
    /// Validates `s` as a domain of at most 255 octets (RFC 5321 §4.5.3.1.2).
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let s = s.into();
        parse::all(s.as_bytes(), parse::domain::domain, "end of domain")?;
        Ok(DomainName(s))
    }

    /// The name as it was written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the name is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }

    /// Whether the name needs `SMTPUTF8` (RFC 6531) to be sent.
    pub fn requires_smtputf8(&self) -> bool {
        !self.is_ascii()
    }

    /// An owned copy.
    pub fn into_static(self) -> DomainName<'static> {
        DomainName(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(s: &'a str) -> Self {
        DomainName(Cow::Borrowed(s))
    }
}

impl fmt::Debug for DomainName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for DomainName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an address literal holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressLiteralKind<'s> {
    /// `IPv4-address-literal`, RFC 5321 §4.1.3.
    Ipv4(Ipv4Addr),
    /// `IPv6-address-literal`, RFC 5321 §4.1.3.
    Ipv6(Ipv6Addr),
    /// `General-address-literal`: a standardized tag and its content.
    General {
        /// The tag before the colon.
        tag: &'s str,
        /// The content after the colon.
        content: &'s str,
    },
}

/// An address literal, RFC 5321 §4.1.3, kept as written (between the
/// brackets) together with what it holds.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AddressLiteral<'a> {
    text: Cow<'a, str>,
    kind: LiteralKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum LiteralKind {
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
    General { colon: usize },
}

impl<'a> AddressLiteral<'a> {
    /// Validates the text between the brackets, such as `192.0.2.1`,
    /// `IPv6:2001:db8::1` or `x-tag:content`.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let text = text.into();
        let kind = parse::domain::literal_content(text.as_bytes())?;
        Ok(AddressLiteral { text, kind })
    }

    /// An IPv4 literal in its usual dotted form.
    pub fn ipv4(addr: Ipv4Addr) -> AddressLiteral<'static> {
        AddressLiteral {
            text: Cow::Owned(format!("{addr}")),
            kind: LiteralKind::Ipv4(addr),
        }
    }

    /// An IPv6 literal (`IPv6:` and the address in its usual form).
    pub fn ipv6(addr: Ipv6Addr) -> AddressLiteral<'static> {
        AddressLiteral {
            text: Cow::Owned(format!("IPv6:{addr}")),
            kind: LiteralKind::Ipv6(addr),
        }
    }

    /// What the literal holds.
    pub fn kind(&self) -> AddressLiteralKind<'_> {
        match self.kind {
            LiteralKind::Ipv4(a) => AddressLiteralKind::Ipv4(a),
            LiteralKind::Ipv6(a) => AddressLiteralKind::Ipv6(a),
            LiteralKind::General { colon } => {
                let (tag, content) = self.text.split_at(colon);
                AddressLiteralKind::General {
                    tag,
                    content: content.get(1..).unwrap_or(""),
                }
            }
        }
    }

    /// The text between the brackets, as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// An owned copy.
    pub fn into_static(self) -> AddressLiteral<'static> {
        AddressLiteral {
            text: Cow::Owned(self.text.into_owned()),
            kind: self.kind,
        }
    }

    pub(crate) fn from_parts(text: &'a str, kind: LiteralKind) -> Self {
        AddressLiteral {
            text: Cow::Borrowed(text),
            kind,
        }
    }
}

impl fmt::Debug for AddressLiteral<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.text)
    }
}

impl fmt::Display for AddressLiteral<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.text)
    }
}

/// A domain or an address literal: what follows `@` in a mailbox, and the
/// argument of HELO, EHLO and LHLO (RFC 5321 §4.1.1.1, §4.1.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Domain<'a> {
    /// A domain name.
    Name(DomainName<'a>),
    /// An address literal in brackets.
    AddressLiteral(AddressLiteral<'a>),
}

impl<'a> Domain<'a> {
    /// Parses a domain name or a bracketed address literal.
    pub fn parse(s: &'a str) -> Result<Self, DecodeError> {
        parse::all(
            s.as_bytes(),
            parse::domain::domain_or_address_literal,
            "end of domain",
        )
    }

    /// Whether it is all ASCII.
    pub fn is_ascii(&self) -> bool {
        match self {
            Domain::Name(n) => n.is_ascii(),
            Domain::AddressLiteral(_) => true,
        }
    }

    /// Whether it needs `SMTPUTF8` (RFC 6531) to be sent.
    pub fn requires_smtputf8(&self) -> bool {
        !self.is_ascii()
    }

    /// An owned copy.
    pub fn into_static(self) -> Domain<'static> {
        match self {
            Domain::Name(n) => Domain::Name(n.into_static()),
            Domain::AddressLiteral(l) => Domain::AddressLiteral(l.into_static()),
        }
    }
}

impl fmt::Display for Domain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Domain::Name(n) => fmt::Display::fmt(n, f),
            Domain::AddressLiteral(l) => fmt::Display::fmt(l, f),
        }
    }
}

impl<'a> From<DomainName<'a>> for Domain<'a> {
    fn from(n: DomainName<'a>) -> Self {
        Domain::Name(n)
    }
}

impl<'a> From<AddressLiteral<'a>> for Domain<'a> {
    fn from(l: AddressLiteral<'a>) -> Self {
        Domain::AddressLiteral(l)
    }
}
