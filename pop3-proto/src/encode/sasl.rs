//! SASL lines of AUTH (RFC 5034 §4).

use bytes::BufMut;

use super::{CRLF, Encode};
use crate::types::{AuthResponse, Continuation};

impl Encode for Continuation<'_> {
    /// `"+" SP [base64] CRLF`.
    fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(b"+ ");
        out.put_slice(self.data.as_base64());
        out.put_slice(CRLF);
    }
}

impl Encode for AuthResponse<'_> {
    /// `[base64] CRLF` or `"*" CRLF`.
    fn encode(&self, out: &mut impl BufMut) {
        match self {
            AuthResponse::Data(d) => out.put_slice(d.as_base64()),
            AuthResponse::Cancel => out.put_u8(b'*'),
        }
        out.put_slice(CRLF);
    }
}
