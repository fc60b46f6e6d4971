//! Domains, mailboxes, paths and strings.

use bytes::BufMut;

use super::Encode;
use crate::types::{
    AddressLiteral, Domain, DomainName, ForwardPath, LocalPart, Mailbox, Path, ReversePath,
    SmtpString,
};

impl Encode for DomainName<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.as_str().as_bytes());
    }
}

impl Encode for AddressLiteral<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        out.put_u8(b'[');
        out.put_slice(self.as_str().as_bytes());
        out.put_u8(b']');
    }
}

impl Encode for Domain<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        match self {
            Domain::Name(n) => n.encode(out),
            Domain::AddressLiteral(l) => l.encode(out),
        }
    }
}

impl Encode for LocalPart<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.as_str().as_bytes());
    }
}

impl Encode for Mailbox<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        self.local_part.encode(out);
        out.put_u8(b'@');
        self.domain.encode(out);
    }
}

impl Encode for Path<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        out.put_u8(b'<');
        for (n, d) in self.source_route().iter().enumerate() {
            out.put_slice(if n == 0 { b"@" } else { b",@" });
            d.encode(out);
        }
        if self.has_source_route() {
            out.put_u8(b':');
        }
        self.mailbox().encode(out);
        out.put_u8(b'>');
    }
}

impl Encode for ReversePath<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        match self {
            ReversePath::Null => out.put_slice(b"<>"),
            ReversePath::Path(p) => p.encode(out),
        }
    }
}

impl Encode for ForwardPath<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        match self {
            ForwardPath::Postmaster => out.put_slice(b"<Postmaster>"),
            ForwardPath::Path(p) => p.encode(out),
        }
    }
}

impl Encode for SmtpString<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.as_str().as_bytes());
    }
}
