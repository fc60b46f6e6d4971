//! Capabilities in a reply to EHLO or LHLO: RFC 5321 §4.1.1.1
//! `ehlo-line = ehlo-keyword *( SP ehlo-param )`, with the parameters of
//! each registered keyword.

use alloc::vec::Vec;

use super::{all, number};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{
    Capability, DateTime, EhloReply, Limit, Mechanism, OtherCapability, Reply, ReplyCode, Text,
    Word,
};

/// Decodes a whole reply to EHLO or LHLO (all lines, CRLF included).
pub fn ehlo_reply(bytes: &[u8]) -> Result<EhloReply<'_>, DecodeError> {
    // Each line goes straight to its capability: no list of lines is built
    // on the way.
    let mut greeting = None;
    let mut capabilities = Vec::new();
    let code = super::reply::reply_lines(
        bytes,
        &crate::quirks::Quirks::strict(),
        &mut Vec::new(),
        |text| match greeting {
            None => greeting = Some(text),
            Some(_) => {
                if capabilities.is_empty() {
                    capabilities.reserve(12);
                }
                capabilities.push(capability_text(text));
            }
        },
    )?;
    if code != ReplyCode::OK {
        return Err(DecodeError::new(
            0,
            "reply code 250",
            DecodeErrorKind::Syntax,
        ));
    }
    Ok(EhloReply {
        greeting: greeting.unwrap_or_default(),
        capabilities,
    })
}

/// The capabilities announced by a reply to EHLO or LHLO (the same as
/// [`Reply::ehlo`]); the reply must be a 250.
pub fn ehlo_capabilities<'r>(reply: &'r Reply<'_>) -> Result<EhloReply<'r>, DecodeError> {
    ehlo_from_reply(reply)
}

/// The capabilities of `reply`, borrowing from it.
pub(crate) fn ehlo_from_reply<'r>(reply: &'r Reply<'_>) -> Result<EhloReply<'r>, DecodeError> {
    if reply.code() != ReplyCode::OK {
        return Err(DecodeError::new(
            0,
            "reply code 250",
            DecodeErrorKind::Syntax,
        ));
    }
    let mut lines = reply.lines().iter();
    let greeting = lines
        .next()
        .map(|t| Text::borrowed(t.as_bytes()))
        .unwrap_or_default();
    let capabilities = lines.map(|t| capability(t.as_bytes())).collect();
    Ok(EhloReply {
        greeting,
        capabilities,
    })
}

/// A line kept as `Text` (owned or borrowed) when it is not typed.
fn capability_text(t: Text<'_>) -> Capability<'_> {
    match t.as_borrowed() {
        Some(b) => capability(b),
        None => match capability(t.as_bytes()) {
            Capability::Other(_) => Capability::Other(OtherCapability::from_text(t)),
            c => c.into_static(),
        },
    }
}

/// RFC 5321 §4.1.1.1 `ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`.
fn is_ehlo_keyword(k: &[u8]) -> bool {
    k.first().is_some_and(u8::is_ascii_alphanumeric)
        && k.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// One capability line's text. Never fails: what cannot be typed is
/// [`Capability::Other`].
pub(crate) fn capability(line: &[u8]) -> Capability<'_> {
    typed(line)
        .unwrap_or_else(|| Capability::Other(OtherCapability::from_text(Text::borrowed(line))))
}

/// The space-separated words of `args`, each checked as a [`Word`].
fn words(args: &[u8]) -> impl Iterator<Item = Option<Word<'_>>> {
    args.split(|&b| b == b' ')
        .filter(|w| !w.is_empty())
        .map(|w| core::str::from_utf8(w).ok().and_then(|s| Word::new(s).ok()))
}

/// How many words `args` holds; `None` when one is not a [`Word`].
fn count_words(args: &[u8]) -> Option<usize> {
    words(args).try_fold(0usize, |n, w| w.map(|_| n + 1))
}

/// The first word of `args` (already counted, so all are valid).
fn first_word(args: &[u8]) -> Option<Word<'_>> {
    words(args).next().flatten()
}

/// All the words, when some parameter keeps the list.
fn word_vec(args: &[u8]) -> Option<Vec<Word<'_>>> {
    words(args).collect()
}

fn num<T: TryFrom<u64>>(w: &Word<'_>, digits: usize) -> Option<T> {
    all(
        w.as_str().as_bytes(),
        |i| number::<T>(i, digits, "number"),
        "",
    )
    .ok()
}

fn typed<'a>(line: &'a [u8]) -> Option<Capability<'a>> {
    // The pre-standard `AUTH=mech ...` (RFC 4954 §8 notes clients look for it).
    if let Some(rest) = line
        .get(..5)
        .filter(|h| h.eq_ignore_ascii_case(b"AUTH="))
        .and(line.get(5..))
    {
        let mut mechanisms = Vec::new();
        for w in words(rest) {
            mechanisms.push(mechanism(&w?)?);
        }
        return Some(Capability::Auth {
            mechanisms,
            legacy: true,
        });
    }
    let n = line.iter().position(|&b| b == b' ').unwrap_or(line.len());
    let (kw, args) = line.split_at(n);
    if !is_ehlo_keyword(kw) {
        return None;
    }
    // Counted first, so that a flag or a one-number parameter needs no
    // list; only parameters that keep their words collect them.
    let count = count_words(args)?;
    let mut buf = [0u8; 20];
    use Capability as C;
    let flag = |c: Capability<'a>| (count == 0).then_some(c);
    let one = || first_word(args);
    match super::upper(kw, &mut buf) {
        b"8BITMIME" => flag(C::EightBitMime),
        b"PIPELINING" => flag(C::Pipelining),
        b"DSN" => flag(C::Dsn),
        b"ETRN" => flag(C::Etrn),
        b"ENHANCEDSTATUSCODES" => flag(C::EnhancedStatusCodes),
        b"STARTTLS" => flag(C::StartTls),
        b"CHUNKING" => flag(C::Chunking),
        b"BINARYMIME" => flag(C::BinaryMime),
        b"SMTPUTF8" => flag(C::SmtpUtf8),
        b"CHECKPOINT" => flag(C::Checkpoint),
        b"CONNEG" => flag(C::Conneg),
        b"EXPN" => flag(C::Expn),
        b"HELP" => flag(C::Help),
        b"REQUIRETLS" => flag(C::RequireTls),
        b"RRVS" => flag(C::Rrvs),
        b"MTRK" => flag(C::Mtrk),
        b"VERB" => flag(C::Verb),
        b"ONEX" => flag(C::Onex),
        b"SEND" => flag(C::Send),
        b"SOML" => flag(C::Soml),
        b"SAML" => flag(C::Saml),
        b"TURN" => flag(C::Turn),
        b"ATRN" => flag(C::Atrn),
        b"XUSR" => flag(C::Xusr),
        b"UTF8SMTP" => flag(C::Utf8Smtp),
        b"PRDR" => flag(C::Prdr),
        b"PIPECONNECT" => flag(C::PipeConnect),
        // RFC 1870 §4: `"SIZE" [SP number]`
        b"SIZE" => match count {
            0 => Some(C::Size(None)),
            1 => Some(C::Size(Some(num(&one()?, 20)?))),
            _ => None,
        },
        // RFC 4954 §3: `"AUTH" 1*(SP sasl-mech)` (none is kept, too)
        b"AUTH" => {
            let mut mechanisms = Vec::with_capacity(count);
            for w in words(args) {
                mechanisms.push(mechanism(&w?)?);
            }
            Some(C::Auth {
                mechanisms,
                legacy: false,
            })
        }
        // RFC 2852 §3: `"DELIVERBY" [SP min-by-time]`
        b"DELIVERBY" => match count {
            0 => Some(C::DeliverBy(None)),
            1 => Some(C::DeliverBy(Some(num(&one()?, 10)?))),
            _ => None,
        },
        b"BURL" => Some(C::Burl(word_vec(args)?)),
        b"MT-PRIORITY" if count <= 1 => Some(C::MtPriority(one())),
        b"NO-SOLICITING" if count <= 1 => Some(C::NoSoliciting(one())),
        // RFC 4865 §3: `"FUTURERELEASE" SP max-future-release-interval SP
        // max-future-release-date-time`
        b"FUTURERELEASE" if count == 2 => {
            let mut w = words(args);
            Some(C::FutureRelease {
                max_interval: num(&w.next().flatten()?, 10)?,
                max_datetime: datetime(&w.next().flatten()?)?,
            })
        }
        // RFC 9422 §4: `"LIMITS" *(SP limit)`
        b"LIMITS" => {
            let mut limits = Vec::with_capacity(count);
            for w in words(args) {
                limits.push(limit(&w?)?);
            }
            Some(C::Limits(limits))
        }
        b"XCLIENT" => Some(C::Xclient(word_vec(args)?)),
        b"XFORWARD" => Some(C::Xforward(word_vec(args)?)),
        _ => None,
    }
}

fn mechanism<'a>(w: &Word<'a>) -> Option<Mechanism<'a>> {
    let s = w.as_borrowed_str()?;
    all(s.as_bytes(), super::sasl::sasl_mech, "").ok()?;
    Some(Mechanism::borrowed(s))
}

fn datetime<'a>(w: &Word<'a>) -> Option<DateTime<'a>> {
    let s = w.as_borrowed_str()?;
    all(s.as_bytes(), super::datetime::date_time, "").ok()?;
    Some(DateTime::borrowed(s))
}

/// RFC 9422 §4 `limit = limit-name "=" limit-value`.
fn limit<'a>(w: &Word<'a>) -> Option<Limit<'a>> {
    let s = w.as_borrowed_str()?;
    let (name, value) = s.split_once('=')?;
    all(name.as_bytes(), super::param::esmtp_keyword, "").ok()?;
    let value = all(value.as_bytes(), |i| number::<u64>(i, 20, "limit"), "").ok()?;
    Some(Limit::borrowed(name, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Capability as C;

    #[test]
    fn rfc5321_appendix_d_ehlo() {
        let r = ehlo_reply(
            b"250-foo.com greets bar.com\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250 HELP\r\n",
        )
        .unwrap();
        assert_eq!(r.domain(), b"foo.com");
        assert_eq!(
            r.capabilities,
            [C::EightBitMime, C::Size(None), C::Dsn, C::Help]
        );
        assert!(r.has("dsn"));
    }

    #[test]
    fn typical_postfix_reply() {
        let r = ehlo_reply(
            b"250-mail.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n\
250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250-AUTH=PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n\
250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n",
        )
        .unwrap();
        assert_eq!(r.size(), Some(10_240_000));
        assert!(matches!(&r.capabilities[2], C::Other(o) if o.keyword() == b"VRFY"));
        assert!(
            matches!(&r.capabilities[5], C::Auth { legacy: false, mechanisms } if mechanisms.len() == 2)
        );
        assert!(matches!(&r.capabilities[6], C::Auth { legacy: true, .. }));
        assert_eq!(r.auth_mechanisms().count(), 4);
        assert_eq!(r.capabilities[10], C::SmtpUtf8);
    }

    #[test]
    fn parameters_of_extensions() {
        assert_eq!(capability(b"DELIVERBY 240"), C::DeliverBy(Some(240)));
        assert!(
            matches!(capability(b"LIMITS RCPTMAX=50 MAILMAX=10"), C::Limits(l) if l[0].name() == "RCPTMAX" && l[1].value() == 10)
        );
        assert!(matches!(
            capability(b"FUTURERELEASE 604800 2026-12-31T23:59:59Z"),
            C::FutureRelease {
                max_interval: 604800,
                ..
            }
        ));
        assert!(matches!(
            capability(b"MT-PRIORITY MIXER"),
            C::MtPriority(Some(_))
        ));
        assert!(
            matches!(capability(b"XCLIENT NAME ADDR PROTO HELO"), C::Xclient(v) if v.len() == 4)
        );
        assert!(matches!(capability(b"BURL imap"), C::Burl(v) if v.len() == 1));
        assert_eq!(capability(b"pipelining"), C::Pipelining);
        assert_eq!(capability(b"SIZE  100 "), C::Size(Some(100)));
    }

    #[test]
    fn unreadable_lines_are_kept() {
        for line in [
            &b"SIZE big"[..],
            b"PIPELINING now",
            b"X-EXPS GSSAPI",
            b"LIMITS RCPTMAX",
            b"",
            b"caf\xe9",
        ] {
            let C::Other(o) = capability(line) else {
                panic!("{line:?}")
            };
            assert_eq!(o.line().as_bytes(), line);
        }
    }

    #[test]
    fn non_250_is_refused() {
        assert_eq!(
            ehlo_reply(b"502 no\r\n").unwrap_err().expected,
            "reply code 250"
        );
    }
}
