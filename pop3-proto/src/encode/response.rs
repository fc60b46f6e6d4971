//! Status lines (RFC 2449 §3 `single-line`, §8 response codes).

use bytes::BufMut;

use super::{CRLF, Encode};
use crate::types::Response;

impl Encode for Response<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.status().as_str().as_bytes());
        let text = self.text().as_bytes();
        match self.code() {
            Some(code) => {
                out.put_slice(b" [");
                out.put_slice(code.as_str().as_bytes());
                out.put_u8(b']');
                if !text.is_empty() {
                    out.put_u8(b' ');
                    out.put_slice(text);
                }
            }
            None if !text.is_empty() => {
                out.put_u8(b' ');
                out.put_slice(text);
            }
            None => {}
        }
        out.put_slice(CRLF);
    }
}
