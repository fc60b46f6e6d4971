//! Commands and SASL response lines.

use bytes::BufMut;

use super::Encode;
use super::param::put_u64;
use crate::types::{AuthResponse, Command, EtrnArg, XAttr};

fn xattrs(out: &mut impl BufMut, attrs: &[XAttr<'_>]) {
    for a in attrs {
        out.put_u8(b' ');
        out.put_slice(a.name().as_bytes());
        out.put_u8(b'=');
        out.put_slice(a.value().as_str().as_bytes());
    }
}

/// The line, CRLF included.
impl Encode for Command<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        match self {
            Command::Unknown { verb, args } => {
                out.put_slice(verb.as_bytes());
                if let Some(a) = args {
                    out.put_u8(b' ');
                    out.put_slice(a.as_bytes());
                }
            }
            _ => out.put_slice(self.verb().as_bytes()),
        }
        match self {
            Command::Helo(d) | Command::Ehlo(d) | Command::Lhlo(d) => {
                out.put_u8(b' ');
                d.encode(out);
            }
            Command::Mail { from, params } => {
                out.put_slice(b" FROM:");
                from.encode(out);
                params.encode(out);
            }
            Command::Rcpt { to, params } => {
                out.put_slice(b" TO:");
                to.encode(out);
                params.encode(out);
            }
            Command::Bdat { size, last } => {
                out.put_u8(b' ');
                put_u64(out, *size);
                if *last {
                    out.put_slice(b" LAST");
                }
            }
            Command::Vrfy(s)
            | Command::Expn(s)
            | Command::Help(Some(s))
            | Command::Noop(Some(s)) => {
                out.put_u8(b' ');
                s.encode(out);
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                out.put_u8(b' ');
                out.put_slice(mechanism.as_str().as_bytes());
                if let Some(ir) = initial_response {
                    out.put_u8(b' ');
                    // RFC 4954 §4: an empty initial response is sent as "=".
                    out.put_slice(if ir.is_empty() {
                        b"="
                    } else {
                        ir.as_str().as_bytes()
                    });
                }
            }
            Command::Etrn(arg) => {
                out.put_u8(b' ');
                match arg {
                    EtrnArg::Domain(d) => d.encode(out),
                    EtrnArg::Subdomains(d) => {
                        out.put_u8(b'@');
                        d.encode(out);
                    }
                    EtrnArg::Queue(q) => {
                        out.put_u8(b'#');
                        out.put_slice(q.as_str().as_bytes());
                    }
                }
            }
            Command::Burl { url, last } => {
                out.put_u8(b' ');
                out.put_slice(url.as_str().as_bytes());
                if *last {
                    out.put_slice(b" LAST");
                }
            }
            Command::Xclient(a) | Command::Xforward(a) => xattrs(out, a),
            Command::Data
            | Command::Rset
            | Command::Quit
            | Command::StartTls
            | Command::Help(None)
            | Command::Noop(None)
            | Command::Unknown { .. } => {}
        }
        out.put_slice(b"\r\n");
    }
}

/// The line, CRLF included.
impl Encode for AuthResponse<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        match self {
            AuthResponse::Cancel => out.put_u8(b'*'),
            AuthResponse::Data(d) => out.put_slice(d.as_str().as_bytes()),
        }
        out.put_slice(b"\r\n");
    }
}
