//! EHLO capability lines and whole EHLO replies.

use alloc::vec::Vec;
use bytes::BufMut;

use super::Encode;
use crate::types::{Capability, EhloReply, Word};

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

/// The whole continued line (`250-KEYWORD CRLF`) of a capability without
/// parameters ("" for the others): written with one copy.
fn flag_line(c: &Capability<'_>) -> &'static str {
    use Capability as C;
    match c {
        C::EightBitMime => "250-8BITMIME\r\n",
        C::Pipelining => "250-PIPELINING\r\n",
        C::Dsn => "250-DSN\r\n",
        C::Etrn => "250-ETRN\r\n",
        C::EnhancedStatusCodes => "250-ENHANCEDSTATUSCODES\r\n",
        C::StartTls => "250-STARTTLS\r\n",
        C::Chunking => "250-CHUNKING\r\n",
        C::BinaryMime => "250-BINARYMIME\r\n",
        C::SmtpUtf8 => "250-SMTPUTF8\r\n",
        C::Checkpoint => "250-CHECKPOINT\r\n",
        C::Conneg => "250-CONNEG\r\n",
        C::Expn => "250-EXPN\r\n",
        C::Help => "250-HELP\r\n",
        C::RequireTls => "250-REQUIRETLS\r\n",
        C::Rrvs => "250-RRVS\r\n",
        C::Mtrk => "250-MTRK\r\n",
        C::Verb => "250-VERB\r\n",
        C::Onex => "250-ONEX\r\n",
        C::Send => "250-SEND\r\n",
        C::Soml => "250-SOML\r\n",
        C::Saml => "250-SAML\r\n",
        C::Turn => "250-TURN\r\n",
        C::Atrn => "250-ATRN\r\n",
        C::Xusr => "250-XUSR\r\n",
        C::Utf8Smtp => "250-UTF8SMTP\r\n",
        C::Prdr => "250-PRDR\r\n",
        C::PipeConnect => "250-PIPECONNECT\r\n",
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

/// The keyword of a capability without parameters ("" for the others).
pub(crate) fn flag_keyword(c: &Capability<'_>) -> &'static str {
    let line = flag_line(c);
    line.get(4..line.len().saturating_sub(2)).unwrap_or("")
}

/// The two digits of every number below 100, in order.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// `n` in decimal followed by `suffix` (at most 2 octets), in one write.
fn put_decimal(out: &mut impl BufMut, n: u64, suffix: &[u8]) {
    // u64::MAX has 20 digits.
    let mut buf = [0u8; 22];
    let suffix = suffix.get(..suffix.len().min(2)).unwrap_or_default();
    let end = 20 + suffix.len();
    if let Some(dst) = buf.get_mut(20..end) {
        dst.copy_from_slice(suffix);
    }
    // Two digits per division.
    let mut at = 20;
    let mut n = n;
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        at -= 2;
        if let (Some(dst), Some(src)) = (buf.get_mut(at..at + 2), PAIRS.get(pair..pair + 2)) {
            dst.copy_from_slice(src);
        }
    }
    if n >= 10 {
        let pair = n as usize * 2;
        at -= 2;
        if let (Some(dst), Some(src)) = (buf.get_mut(at..at + 2), PAIRS.get(pair..pair + 2)) {
            dst.copy_from_slice(src);
        }
    } else {
        at -= 1;
        if let Some(d) = buf.get_mut(at) {
            *d = b'0' + n as u8;
        }
    }
    out.put_slice(buf.get(at..end).unwrap_or_default());
}

/// Writes the text of one capability line (what follows `250-` or `250 `).
pub(crate) fn put_capability(out: &mut impl BufMut, c: &Capability<'_>) {
    use Capability as C;
    let keyword = match c {
        C::Size(None) => "SIZE",
        C::DeliverBy(None) => "DELIVERBY",
        C::Size(Some(n)) => {
            out.put_slice(b"SIZE ");
            return put_decimal(out, *n, b"");
        }
        C::DeliverBy(Some(n)) => {
            out.put_slice(b"DELIVERBY ");
            return put_decimal(out, u64::from(*n), b"");
        }
        C::Auth { mechanisms, legacy } => {
            out.put_slice(match (*legacy, mechanisms.is_empty()) {
                (true, _) => b"AUTH=",
                (false, true) => b"AUTH",
                (false, false) => b"AUTH ",
            });
            return out.put_slice(mechanisms.as_str().as_bytes());
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
            put_decimal(out, u64::from(*max_interval), b"");
            out.put_u8(b' ');
            return out.put_slice(max_datetime.as_str().as_bytes());
        }
        C::Limits(l) => {
            out.put_slice(b"LIMITS");
            for limit in l {
                out.put_u8(b' ');
                out.put_slice(limit.name().as_bytes());
                out.put_u8(b'=');
                put_decimal(out, limit.value(), b"");
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
        let last = self.capabilities.len();
        out.put_slice(match (last, self.greeting.is_empty()) {
            (0, true) => b"250",
            (0, false) => b"250 ",
            _ => b"250-",
        });
        out.put_slice(self.greeting.as_bytes());
        out.put_slice(b"\r\n");
        for (k, c) in self.capabilities.iter().enumerate() {
            let is_last = k + 1 == last;
            let line = flag_line(c);
            if !line.is_empty() {
                // A flag: its whole line at once (after `250 ` when last).
                match (is_last, line.get(4..)) {
                    (true, Some(rest)) => {
                        out.put_slice(b"250 ");
                        out.put_slice(rest.as_bytes());
                    }
                    _ => out.put_slice(line.as_bytes()),
                }
                continue;
            }
            match c {
                // Keyword with its code, and the number with CRLF: two writes.
                Capability::Size(Some(n)) => {
                    out.put_slice(if is_last { b"250 SIZE " } else { b"250-SIZE " });
                    put_decimal(out, *n, b"\r\n");
                }
                Capability::Auth {
                    mechanisms,
                    legacy: false,
                } => {
                    out.put_slice(match (is_last, mechanisms.is_empty()) {
                        (true, true) => b"250 AUTH",
                        (true, false) => b"250 AUTH ",
                        (false, true) => b"250-AUTH",
                        (false, false) => b"250-AUTH ",
                    });
                    out.put_slice(mechanisms.as_str().as_bytes());
                    out.put_slice(b"\r\n");
                }
                _ => {
                    // RFC 5321 §4.2: a last line without text is the code alone.
                    let empty = matches!(c, Capability::Other(o) if o.line().is_empty());
                    out.put_slice(match (is_last, empty) {
                        (true, true) => b"250",
                        (true, false) => b"250 ",
                        (false, _) => b"250-",
                    });
                    put_capability(out, c);
                    out.put_slice(b"\r\n");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_flag_lines() {
        for (n, s) in [
            (0, "0\r\n"),
            (7, "7\r\n"),
            (10, "10\r\n"),
            (99, "99\r\n"),
            (100, "100\r\n"),
            (35_882_577, "35882577\r\n"),
        ] {
            let mut v = Vec::new();
            put_decimal(&mut v, n, b"\r\n");
            assert_eq!(v, s.as_bytes());
        }
        let mut v = Vec::new();
        put_decimal(&mut v, u64::MAX, b"");
        assert_eq!(v, b"18446744073709551615");
        assert_eq!(flag_keyword(&Capability::Pipelining), "PIPELINING");
        assert_eq!(flag_keyword(&Capability::Size(None)), "");
    }
}
