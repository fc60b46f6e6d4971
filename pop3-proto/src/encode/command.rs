//! Commands (RFC 1939 §5-7 and extensions): `keyword *(SP param) CRLF`.

use bytes::BufMut;

use super::{CRLF, Encode, put_decimal};
use crate::types::{Command, LanguageRange, Param};

impl Encode for Command<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.keyword().as_bytes());
        match self {
            Command::User(name) => put_param(out, name),
            Command::Pass(secret) => {
                out.put_u8(b' ');
                out.put_slice(secret.expose());
            }
            Command::Apop { name, digest } => {
                put_param(out, name);
                out.put_u8(b' ');
                out.put_slice(&digest.to_hex());
            }
            Command::Auth(Some(req)) => {
                out.put_u8(b' ');
                out.put_slice(req.mechanism.as_str().as_bytes());
                if let Some(ir) = &req.initial_response {
                    out.put_u8(b' ');
                    // RFC 5034 §4: an empty initial response is sent as "=".
                    if ir.is_empty() {
                        out.put_u8(b'=');
                    } else {
                        out.put_slice(ir.as_base64());
                    }
                }
            }
            Command::List(Some(msg))
            | Command::Uidl(Some(msg))
            | Command::Retr(msg)
            | Command::Dele(msg) => {
                out.put_u8(b' ');
                put_decimal(out, msg.get().into());
            }
            Command::Top { msg, lines } => {
                out.put_u8(b' ');
                put_decimal(out, msg.get().into());
                out.put_u8(b' ');
                put_decimal(out, (*lines).into());
            }
            Command::Lang(Some(range)) => {
                out.put_u8(b' ');
                match range {
                    LanguageRange::Any => out.put_u8(b'*'),
                    LanguageRange::Tag(tag) => out.put_slice(tag.as_str().as_bytes()),
                }
            }
            Command::Unknown { args, .. } => {
                for p in args {
                    put_param(out, p);
                }
            }
            Command::Auth(None)
            | Command::Stat
            | Command::List(None)
            | Command::Uidl(None)
            | Command::Noop
            | Command::Rset
            | Command::Quit
            | Command::Capa
            | Command::Stls
            | Command::Utf8
            | Command::Lang(None) => {}
        }
        out.put_slice(CRLF);
    }
}

fn put_param(out: &mut impl BufMut, p: &Param<'_>) {
    out.put_u8(b' ');
    out.put_slice(p.as_bytes());
}
