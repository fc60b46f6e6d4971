//! CAPA lines (RFC 2449 §3 `capability = capa-tag *(SP param) CRLF`).

use bytes::BufMut;

use super::{CRLF, Encode, put_decimal};
use crate::types::{Capability, ExpirePolicy};

impl Encode for Capability<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        match self {
            Capability::Top => out.put_slice(b"TOP"),
            Capability::User => out.put_slice(b"USER"),
            Capability::Sasl(mechs) => {
                out.put_slice(b"SASL");
                for m in mechs {
                    out.put_u8(b' ');
                    out.put_slice(m.as_str().as_bytes());
                }
            }
            Capability::RespCodes => out.put_slice(b"RESP-CODES"),
            Capability::LoginDelay { seconds, per_user } => {
                out.put_slice(b"LOGIN-DELAY ");
                put_decimal(out, (*seconds).into());
                put_user(out, *per_user);
            }
            Capability::Pipelining => out.put_slice(b"PIPELINING"),
            Capability::Expire { policy, per_user } => {
                out.put_slice(b"EXPIRE ");
                match policy {
                    ExpirePolicy::Never => out.put_slice(b"NEVER"),
                    ExpirePolicy::Days(d) => put_decimal(out, (*d).into()),
                }
                put_user(out, *per_user);
            }
            Capability::Uidl => out.put_slice(b"UIDL"),
            Capability::Implementation(text) => {
                out.put_slice(b"IMPLEMENTATION");
                if !text.is_empty() {
                    out.put_u8(b' ');
                    out.put_slice(text.as_bytes());
                }
            }
            Capability::Stls => out.put_slice(b"STLS"),
            Capability::AuthRespCode => out.put_slice(b"AUTH-RESP-CODE"),
            Capability::Utf8 { user: on } => {
                out.put_slice(b"UTF8");
                put_user(out, *on);
            }
            Capability::Lang => out.put_slice(b"LANG"),
            Capability::Unknown(u) => {
                out.put_slice(u.tag().as_str().as_bytes());
                for p in u.params() {
                    out.put_u8(b' ');
                    out.put_slice(p.as_bytes());
                }
            }
        }
        out.put_slice(CRLF);
    }
}

fn put_user(out: &mut impl BufMut, on: bool) {
    if on {
        out.put_slice(b" USER");
    }
}
