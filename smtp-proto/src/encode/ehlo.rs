//! EHLO capability lines and whole EHLO replies.

use alloc::vec::Vec;
use bytes::BufMut;

use super::Encode;
use super::param::put_u64;
use crate::types::{Capability, EhloReply, ReplyCode, Word};

fn put_words<'w>(
    out: &mut impl BufMut,
    keyword: &str,
    words: impl IntoIterator<Item = &'w Word<'w>>,
) {
    out.put_slice(keyword.as_bytes());
    for w in words {
        out.put_u8(b' ');
        out.put_slice(w.as_str().as_bytes());
    }
}

/// The keyword of a capability without parameters ("" for the others).
pub(crate) fn flag_keyword(c: &Capability<'_>) -> &'static str {
    use Capability as C;
    match c {
        C::EightBitMime => "8BITMIME",
        C::Pipelining => "PIPELINING",
        C::Dsn => "DSN",
        C::Etrn => "ETRN",
        C::EnhancedStatusCodes => "ENHANCEDSTATUSCODES",
        C::StartTls => "STARTTLS",
        C::Chunking => "CHUNKING",
        C::BinaryMime => "BINARYMIME",
        C::SmtpUtf8 => "SMTPUTF8",
        C::Checkpoint => "CHECKPOINT",
        C::Conneg => "CONNEG",
        C::Expn => "EXPN",
        C::Help => "HELP",
        C::RequireTls => "REQUIRETLS",
        C::Rrvs => "RRVS",
        C::Mtrk => "MTRK",
        C::Verb => "VERB",
        C::Onex => "ONEX",
        C::Send => "SEND",
        C::Soml => "SOML",
        C::Saml => "SAML",
        C::Turn => "TURN",
        C::Atrn => "ATRN",
        C::Xusr => "XUSR",
        C::Utf8Smtp => "UTF8SMTP",
        C::Prdr => "PRDR",
        C::PipeConnect => "PIPECONNECT",
        C::Size(_)
        | C::DeliverBy(_)
        | C::Auth { .. }
        | C::Burl(_)
        | C::MtPriority(_)
        | C::NoSoliciting(_)
        | C::FutureRelease { .. }
        | C::Limits(_)
        | C::Xclient(_)
        | C::Xforward(_)
        | C::Other(_) => "",
    }
}

/// Writes the text of one capability line (what follows `250-` or `250 `).
pub(crate) fn put_capability(out: &mut impl BufMut, c: &Capability<'_>) {
    use Capability as C;
    let keyword = match c {
        C::Size(None) => "SIZE",
        C::DeliverBy(None) => "DELIVERBY",
        C::Size(Some(n)) => {
            out.put_slice(b"SIZE ");
            return put_u64(out, *n);
        }
        C::DeliverBy(Some(n)) => {
            out.put_slice(b"DELIVERBY ");
            return put_u64(out, u64::from(*n));
        }
        C::Auth { mechanisms, legacy } => {
            out.put_slice(if *legacy { b"AUTH=" } else { b"AUTH" });
            for (n, m) in mechanisms.iter().enumerate() {
                if n > 0 || !*legacy {
                    out.put_u8(b' ');
                }
                out.put_slice(m.as_str().as_bytes());
            }
            return;
        }
        C::Burl(w) => return put_words(out, "BURL", w),
        C::MtPriority(w) => return put_words(out, "MT-PRIORITY", w),
        C::NoSoliciting(w) => return put_words(out, "NO-SOLICITING", w),
        C::Xclient(w) => return put_words(out, "XCLIENT", w),
        C::Xforward(w) => return put_words(out, "XFORWARD", w),
        C::FutureRelease {
            max_interval,
            max_datetime,
        } => {
            out.put_slice(b"FUTURERELEASE ");
            put_u64(out, u64::from(*max_interval));
            out.put_u8(b' ');
            return out.put_slice(max_datetime.as_str().as_bytes());
        }
        C::Limits(l) => {
            out.put_slice(b"LIMITS");
            for limit in l {
                out.put_u8(b' ');
                out.put_slice(limit.name().as_bytes());
                out.put_u8(b'=');
                put_u64(out, limit.value());
            }
            return;
        }
        C::Other(o) => return out.put_slice(o.line().as_bytes()),
        flag => flag_keyword(flag),
    };
    out.put_slice(keyword.as_bytes());
}

/// The text of one capability line, as a vector.
pub(crate) fn capability_line(c: &Capability<'_>) -> Vec<u8> {
    let mut v = Vec::new();
    put_capability(&mut v, c);
    v
}

/// A 250 reply: the greeting line, then one line per capability.
impl Encode for EhloReply<'_> {
    fn encode(&self, out: &mut impl BufMut) {
        let code = ReplyCode::OK.digits();
        let last = self.capabilities.len();
        out.put_slice(&code);
        match (last, self.greeting.is_empty()) {
            (0, true) => {}
            (0, false) => out.put_u8(b' '),
            _ => out.put_u8(b'-'),
        }
        out.put_slice(self.greeting.as_bytes());
        out.put_slice(b"\r\n");
        for (k, c) in self.capabilities.iter().enumerate() {
            out.put_slice(&code);
            // RFC 5321 §4.2: a last line without text is the code alone.
            let empty = matches!(c, Capability::Other(o) if o.line().is_empty());
            match (k + 1 == last, empty) {
                (true, true) => {}
                (true, false) => out.put_u8(b' '),
                (false, _) => out.put_u8(b'-'),
            }
            put_capability(out, c);
            out.put_slice(b"\r\n");
        }
    }
}
