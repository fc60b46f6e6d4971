//! Listing lines (RFC 1939 §5 and §7, RFC 6856 §3.2) and the STAT text.

use bytes::BufMut;

use super::{CRLF, Encode, put_decimal};
use alloc::vec::Vec;

use crate::types::{LangListing, Response, ScanListing, Stat, Status, Text, UniqueIdListing};

fn put_extra(out: &mut impl BufMut, extra: &Text<'_>) {
    if !extra.is_empty() {
        out.put_u8(b' ');
        out.put_slice(extra.as_bytes());
    }
}

impl Encode for ScanListing<'_> {
    /// `msg SP octets [SP extra] CRLF`.
    fn encode(&self, out: &mut impl BufMut) {
        put_decimal(out, self.msg.get().into());
        out.put_u8(b' ');
        put_decimal(out, self.octets);
        put_extra(out, &self.extra);
        out.put_slice(CRLF);
    }
}

impl Encode for UniqueIdListing<'_> {
    /// `msg SP unique-id CRLF`.
    fn encode(&self, out: &mut impl BufMut) {
        put_decimal(out, self.msg.get().into());
        out.put_u8(b' ');
        out.put_slice(self.uid.as_str().as_bytes());
        out.put_slice(CRLF);
    }
}

impl Encode for LangListing<'_> {
    /// `tag [SP description] CRLF`.
    fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.tag.as_str().as_bytes());
        put_extra(out, &self.description);
        out.put_slice(CRLF);
    }
}

impl Stat<'_> {
    /// The text of a STAT reply, `count SP octets [SP extra]`, without
    /// status or CRLF: put it in a [`crate::types::Response`].
    pub fn encode_text(&self, out: &mut impl BufMut) {
        put_decimal(out, self.count.into());
        out.put_u8(b' ');
        put_decimal(out, self.octets);
        put_extra(out, &self.extra);
    }

    /// The positive STAT reply carrying this text: `+OK count octets`.
    pub fn to_response(&self) -> Response<'static> {
        let mut text = Vec::new();
        self.encode_text(&mut text);
        Response::from_parts(Status::Ok, None, Text::from_valid(text))
    }
}

/// The listing's line without its CRLF, as the text of a `+OK`.
fn single_line(listing: &impl Encode) -> Response<'static> {
    let mut text = listing.to_vec();
    text.truncate(text.len().saturating_sub(CRLF.len()));
    Response::from_parts(Status::Ok, None, Text::from_valid(text))
}

impl ScanListing<'_> {
    /// The positive reply to `LIST msg` (RFC 1939 §5): `+OK msg octets`.
    pub fn to_response(&self) -> Response<'static> {
        single_line(self)
    }
}

impl UniqueIdListing<'_> {
    /// The positive reply to `UIDL msg` (RFC 1939 §7): `+OK msg uid`.
    pub fn to_response(&self) -> Response<'static> {
        single_line(self)
    }
}
