//! EHLO capability lines.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::param::put_u64;
use crate::types::{Capability, Word};

fn with_words<'w>(kw: &str, words: impl IntoIterator<Item = &'w str>) -> Vec<u8> {
    let mut v = Vec::from(kw.as_bytes());
    for w in words {
        v.push(b' ');
        v.extend_from_slice(w.as_bytes());
    }
    v
}

fn words<'a>(w: &'a [Word<'_>]) -> impl Iterator<Item = &'a str> {
    w.iter().map(Word::as_str)
}

/// The text of one capability line (after `250-` or `250 `).
pub(crate) fn capability_line<'c>(c: &'c Capability<'_>) -> Cow<'c, [u8]> {
    use Capability as C;
    let flag = |s: &'static str| Cow::Borrowed(s.as_bytes());
    match c {
        C::Size(None) => flag("SIZE"),
        C::Size(Some(n)) => {
            let mut v = Vec::from(&b"SIZE "[..]);
            put_u64(&mut v, *n);
            Cow::Owned(v)
        }
        C::EightBitMime => flag("8BITMIME"),
        C::Pipelining => flag("PIPELINING"),
        C::Dsn => flag("DSN"),
        C::Etrn => flag("ETRN"),
        C::EnhancedStatusCodes => flag("ENHANCEDSTATUSCODES"),
        C::StartTls => flag("STARTTLS"),
        C::Auth { mechanisms, legacy } => {
            let mut v = Vec::from(if *legacy { &b"AUTH="[..] } else { &b"AUTH"[..] });
            for (n, m) in mechanisms.iter().enumerate() {
                if n > 0 || !*legacy {
                    v.push(b' ');
                }
                v.extend_from_slice(m.as_str().as_bytes());
            }
            Cow::Owned(v)
        }
        C::Chunking => flag("CHUNKING"),
        C::BinaryMime => flag("BINARYMIME"),
        C::SmtpUtf8 => flag("SMTPUTF8"),
        C::DeliverBy(None) => flag("DELIVERBY"),
        C::DeliverBy(Some(n)) => {
            let mut v = Vec::from(&b"DELIVERBY "[..]);
            put_u64(&mut v, u64::from(*n));
            Cow::Owned(v)
        }
        C::Burl(w) => Cow::Owned(with_words("BURL", words(w))),
        C::Checkpoint => flag("CHECKPOINT"),
        C::Conneg => flag("CONNEG"),
        C::Expn => flag("EXPN"),
        C::Help => flag("HELP"),
        C::MtPriority(w) => Cow::Owned(with_words("MT-PRIORITY", w.iter().map(Word::as_str))),
        C::FutureRelease {
            max_interval,
            max_datetime,
        } => {
            let mut v = Vec::from(&b"FUTURERELEASE "[..]);
            put_u64(&mut v, u64::from(*max_interval));
            v.push(b' ');
            v.extend_from_slice(max_datetime.as_str().as_bytes());
            Cow::Owned(v)
        }
        C::NoSoliciting(w) => Cow::Owned(with_words("NO-SOLICITING", w.iter().map(Word::as_str))),
        C::RequireTls => flag("REQUIRETLS"),
        C::Rrvs => flag("RRVS"),
        C::Mtrk => flag("MTRK"),
        C::Verb => flag("VERB"),
        C::Onex => flag("ONEX"),
        C::Send => flag("SEND"),
        C::Soml => flag("SOML"),
        C::Saml => flag("SAML"),
        C::Turn => flag("TURN"),
        C::Atrn => flag("ATRN"),
        C::Xusr => flag("XUSR"),
        C::Utf8Smtp => flag("UTF8SMTP"),
        C::Limits(l) => {
            let mut v = Vec::from(&b"LIMITS"[..]);
            for limit in l {
                v.push(b' ');
                v.extend_from_slice(limit.name().as_bytes());
                v.push(b'=');
                put_u64(&mut v, limit.value());
            }
            Cow::Owned(v)
        }
        C::Xclient(w) => Cow::Owned(with_words("XCLIENT", words(w))),
        C::Xforward(w) => Cow::Owned(with_words("XFORWARD", words(w))),
        C::Prdr => flag("PRDR"),
        C::PipeConnect => flag("PIPECONNECT"),
        C::Other(o) => Cow::Borrowed(o.line().as_bytes()),
    }
}
