//! ESMTP parameters.

use bytes::BufMut;

use super::Encode;
use crate::types::{Body, ByMode, Param, Params, Ret, RrvsAction};

fn put_num(out: &mut impl BufMut, n: u64) {
    // u64::MAX has 20 digits.
    let mut buf = [0u8; 20];
    let mut at = 0;
    let mut n = n;
    for (k, slot) in buf.iter_mut().enumerate().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            at = k;
            break;
        }
    }
    out.put_slice(buf.get(at..).unwrap_or_default());
}

pub(crate) fn put_u64(out: &mut impl BufMut, n: u64) {
    put_num(out, n);
}

impl Encode for Param<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.keyword().as_bytes());
        match self {
            Param::SmtpUtf8 | Param::RequireTls => {}
            Param::Other(o) => {
                if let Some(v) = o.value() {
                    out.put_u8(b'=');
                    out.put_slice(v.as_bytes());
                }
            }
            _ => out.put_u8(b'='),
        }
        match self {
            Param::Size(n) => put_num(out, *n),
            Param::Body(b) => out.put_slice(match b {
                Body::SevenBit => b"7BIT",
                Body::EightBitMime => b"8BITMIME",
                Body::BinaryMime => b"BINARYMIME",
            }),
            Param::Ret(r) => out.put_slice(match r {
                Ret::Full => b"FULL",
                Ret::Hdrs => b"HDRS",
            }),
            Param::EnvId(x) | Param::Auth(x) => out.put_slice(x.as_str().as_bytes()),
            Param::Notify(n) => {
                if n.is_never() {
                    out.put_slice(b"NEVER");
                } else {
                    let mut first = true;
                    for (on, w) in [
                        (n.success(), "SUCCESS"),
                        (n.failure(), "FAILURE"),
                        (n.delay(), "DELAY"),
                    ] {
                        if on {
                            if !first {
                                out.put_u8(b',');
                            }
                            out.put_slice(w.as_bytes());
                            first = false;
                        }
                    }
                }
            }
            Param::Orcpt(o) => {
                out.put_slice(o.addr_type().as_bytes());
                out.put_u8(b';');
                out.put_slice(o.addr().as_bytes());
            }
            Param::MtPriority(p) => {
                if p.get() < 0 {
                    out.put_u8(b'-');
                }
                put_num(out, u64::from(p.get().unsigned_abs()));
            }
            Param::HoldFor(s) => put_num(out, u64::from(*s)),
            Param::HoldUntil(d) => out.put_slice(d.as_str().as_bytes()),
            Param::By(b) => {
                if b.time < 0 {
                    out.put_u8(b'-');
                }
                put_num(out, u64::from(b.time.unsigned_abs()));
                out.put_slice(match b.mode {
                    ByMode::Notify => b";N",
                    ByMode::Return => b";R",
                });
                if b.trace {
                    out.put_u8(b'T');
                }
            }
            Param::Rrvs(r) => {
                out.put_slice(r.time.as_str().as_bytes());
                match r.action {
                    Some(RrvsAction::Continue) => out.put_slice(b";C"),
                    Some(RrvsAction::Reject) => out.put_slice(b";R"),
                    None => {}
                }
            }
            Param::Mtrk(m) => {
                out.put_slice(m.certifier().as_bytes());
                if let Some(t) = m.timeout() {
                    out.put_u8(b':');
                    put_num(out, u64::from(t));
                }
            }
            Param::SmtpUtf8 | Param::RequireTls | Param::Other(_) => {}
        }
    }
}

/// Each parameter preceded by SP.
impl Encode for Params<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        for p in self {
            out.put_u8(b' ');
            p.encode(out);
        }
    }
}
