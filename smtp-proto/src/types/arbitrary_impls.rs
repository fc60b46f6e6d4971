//! `arbitrary::Arbitrary` for the values a fuzzer round-trips: built with
//! the validating constructors from generated pieces that are valid by
//! construction, so every value produced encodes and decodes back.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use ::arbitrary::{Arbitrary, Error, Result, Unstructured};

use super::*;

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ATEXT: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";

fn chars(u: &mut Unstructured<'_>, set: &[u8], min: usize, max: usize) -> Result<String> {
    let n = u.int_in_range(min..=max)?;
    let mut s = String::with_capacity(n);
    for _ in 0..n {
        s.push(char::from(*u.choose(set)?));
    }
    Ok(s)
}

fn label(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 10)? {
        return Ok(String::from(*u.choose(&[
            "bücher",
            "例子",
            "παράδειγμα",
        ])?));
    }
    let mut s = chars(u, ALNUM, 1, 1)?;
    if u.arbitrary()? {
        s.push_str(&chars(u, b"abc0123-", 0, 6)?);
        s.push_str(&chars(u, ALNUM, 1, 1)?);
    }
    Ok(s)
}

fn domain_name(u: &mut Unstructured<'_>) -> Result<DomainName<'static>> {
    let n = u.int_in_range(1..=4)?;
    let mut labels = Vec::with_capacity(n);
    for _ in 0..n {
        labels.push(label(u)?);
    }
    DomainName::new(labels.join(".")).map_err(|_| Error::IncorrectFormat)
}

fn ok<T, E>(r: core::result::Result<T, E>) -> Result<T> {
    r.map_err(|_| Error::IncorrectFormat)
}

impl<'a> Arbitrary<'a> for DomainName<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        domain_name(u)
    }
}

impl<'a> Arbitrary<'a> for AddressLiteral<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0..=2)? {
            0 => AddressLiteral::ipv4(u32::arbitrary(u)?.into()),
            1 => AddressLiteral::ipv6(u128::arbitrary(u)?.into()),
            _ => {
                let tag = format!("x{}", chars(u, ALNUM, 0, 6)?);
                let content = chars(u, b"abc123.-_!~", 1, 12)?;
                ok(AddressLiteral::new(format!("{tag}:{content}")))?
            }
        })
    }
}

impl<'a> Arbitrary<'a> for Domain<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if u.ratio(1, 4)? {
            Domain::AddressLiteral(u.arbitrary()?)
        } else {
            Domain::Name(u.arbitrary()?)
        })
    }
}

impl<'a> Arbitrary<'a> for LocalPart<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let value = if u.arbitrary()? {
            chars(u, ATEXT, 1, 20)?
        } else {
            let printable: Vec<u8> = (b' '..=b'~').collect();
            chars(u, &printable, 0, 20)?
        };
        ok(LocalPart::new(&value))
    }
}

impl<'a> Arbitrary<'a> for Mailbox<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Mailbox::new(u.arbitrary()?, u.arbitrary()?))
    }
}

impl<'a> Arbitrary<'a> for Path<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let n = if u.ratio(1, 8)? {
            u.int_in_range(1..=2)?
        } else {
            0
        };
        let mut route = Vec::with_capacity(n);
        for _ in 0..n {
            route.push(domain_name(u)?);
        }
        ok(Path::with_route(route, u.arbitrary()?))
    }
}

impl<'a> Arbitrary<'a> for ReversePath<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if u.ratio(1, 5)? {
            ReversePath::Null
        } else {
            ReversePath::Path(u.arbitrary()?)
        })
    }
}

impl<'a> Arbitrary<'a> for ForwardPath<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if u.ratio(1, 5)? {
            ForwardPath::Postmaster
        } else {
            ForwardPath::Path(u.arbitrary()?)
        })
    }
}

fn xtext(u: &mut Unstructured<'_>, min: usize) -> Result<XText<'static>> {
    let n = u.int_in_range(min..=16)?;
    Ok(XText::encode(u.bytes(n)?))
}

fn datetime(u: &mut Unstructured<'_>) -> Result<DateTime<'static>> {
    let (y, mo, d) = (
        u.int_in_range(1970..=2999)?,
        u.int_in_range(1..=12)?,
        u.int_in_range(1..=28)?,
    );
    let (h, mi, s) = (
        u.int_in_range(0..=23)?,
        u.int_in_range(0..=59)?,
        u.int_in_range(0..=59)?,
    );
    let z = *u.choose(&["Z", "+02:00", "-08:00", ".5Z"])?;
    ok(DateTime::new(format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{z}"
    )))
}

impl<'a> Arbitrary<'a> for Param<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0..=15)? {
            0 => Param::Size(u.arbitrary()?),
            1 => Param::Body(*u.choose(&[Body::SevenBit, Body::EightBitMime, Body::BinaryMime])?),
            2 => Param::SmtpUtf8,
            3 => Param::Ret(*u.choose(&[Ret::Full, Ret::Hdrs])?),
            4 => Param::EnvId(xtext(u, 1)?),
            5 => Param::Notify(
                Notify::on(u.arbitrary()?, u.arbitrary()?, u.arbitrary()?).unwrap_or(Notify::NEVER),
            ),
            6 => Param::Orcpt(ok(Orcpt::new(
                chars(u, b"rfc822x-!#$%&'*+/?^_`{|}~", 1, 8)?,
                String::from(xtext(u, 1)?.as_str()),
            ))?),
            7 => Param::Auth(xtext(u, 1)?),
            8 => Param::RequireTls,
            9 => Param::MtPriority(ok(MtPriority::new(u.int_in_range(-9..=9)?).ok_or(()))?),
            10 => Param::HoldFor(u.arbitrary()?),
            11 => Param::HoldUntil(datetime(u)?),
            12 => Param::By(By {
                time: u.arbitrary()?,
                mode: *u.choose(&[ByMode::Notify, ByMode::Return])?,
                trace: u.arbitrary()?,
            }),
            13 => Param::Rrvs(Rrvs {
                time: datetime(u)?,
                action: *u.choose(&[None, Some(RrvsAction::Continue), Some(RrvsAction::Reject)])?,
            }),
            14 => Param::Mtrk(ok(Mtrk::new(
                chars(u, b"AZaz09+/", 1, 24)?,
                u.arbitrary()?,
            ))?),
            _ => {
                let keyword = format!("X-{}", chars(u, ALNUM, 1, 8)?);
                let value: Vec<u8> = (b'!'..=b'~').filter(|b| *b != b'=').collect();
                let value = if u.arbitrary()? {
                    Some(Cow::Owned(chars(u, &value, 1, 12)?))
                } else {
                    None
                };
                Param::Other(ok(OtherParam::new(keyword, value))?)
            }
        })
    }
}

impl<'a> Arbitrary<'a> for Params<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut p = Params::new();
        for _ in 0..u.int_in_range(0..=4)? {
            // A repeated keyword is refused and left out.
            let _ = p.push(u.arbitrary()?);
        }
        Ok(p)
    }
}

fn smtp_string(u: &mut Unstructured<'_>) -> Result<SmtpString<'static>> {
    let s = if u.arbitrary()? {
        chars(u, ATEXT, 1, 12)?
    } else {
        format!("\"{}\"", chars(u, b"abc XYZ 09!#", 0, 12)?)
    };
    ok(SmtpString::parse(s))
}

fn mechanism(u: &mut Unstructured<'_>) -> Result<Mechanism<'static>> {
    ok(Mechanism::new(chars(
        u,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
        1,
        20,
    )?))
}

fn word(u: &mut Unstructured<'_>) -> Result<Word<'static>> {
    let vchar: Vec<u8> = (b'!'..=b'~').collect();
    ok(Word::new(chars(u, &vchar, 1, 16)?))
}

fn text(u: &mut Unstructured<'_>) -> Result<Text<'static>> {
    let n = u.int_in_range(0..=40)?;
    let bytes: Vec<u8> = u
        .bytes(n)?
        .iter()
        .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b })
        .collect();
    ok(Text::new(bytes))
}

fn xattrs(u: &mut Unstructured<'_>) -> Result<Vec<XAttr<'static>>> {
    let n = u.int_in_range(0..=4)?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(ok(XAttr::new(
            chars(u, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ_", 1, 8)?,
            xtext(u, 0)?,
        ))?);
    }
    Ok(v)
}

impl<'a> Arbitrary<'a> for Command<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0..=19)? {
            0 => Command::Helo(u.arbitrary()?),
            1 => Command::Ehlo(u.arbitrary()?),
            2 => Command::Lhlo(u.arbitrary()?),
            3 => Command::Mail {
                from: u.arbitrary()?,
                params: u.arbitrary()?,
            },
            4 => Command::Rcpt {
                to: u.arbitrary()?,
                params: u.arbitrary()?,
            },
            5 => Command::Data,
            6 => Command::Bdat {
                size: u.arbitrary()?,
                last: u.arbitrary()?,
            },
            7 => Command::Rset,
            8 => Command::Vrfy(smtp_string(u)?),
            9 => Command::Expn(smtp_string(u)?),
            10 => Command::Help(if u.arbitrary()? {
                Some(smtp_string(u)?)
            } else {
                None
            }),
            11 => Command::Noop(if u.arbitrary()? {
                Some(smtp_string(u)?)
            } else {
                None
            }),
            12 => Command::Quit,
            13 => Command::StartTls,
            14 => Command::Auth {
                mechanism: mechanism(u)?,
                initial_response: if u.arbitrary()? {
                    let n = u.int_in_range(0..=48)?;
                    Some(SaslData::encode(u.bytes(n)?))
                } else {
                    None
                },
            },
            15 => Command::Etrn(match u.int_in_range(0..=2)? {
                0 => EtrnArg::Domain(domain_name(u)?),
                1 => EtrnArg::Subdomains(domain_name(u)?),
                _ => EtrnArg::Queue(ok(Atom::new(chars(u, ATEXT, 1, 10)?))?),
            }),
            16 => Command::Burl {
                url: ok(BurlUrl::new(String::from(word(u)?.as_str())))?,
                last: u.arbitrary()?,
            },
            17 => Command::Xclient(xattrs(u)?),
            18 => Command::Xforward(xattrs(u)?),
            _ => {
                let verb = ok(Verb::new(
                    format!("X{}", chars(u, ALNUM, 0, 8)?).into_bytes(),
                ))?;
                let args = if u.arbitrary()? { Some(text(u)?) } else { None };
                Command::Unknown { verb, args }
            }
        })
    }
}

impl<'a> Arbitrary<'a> for Reply<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let code = ok(ReplyCode::new(u.int_in_range(200..=599)?))?;
        let n = u.int_in_range(1..=4)?;
        let mut lines = Vec::with_capacity(n);
        for _ in 0..n {
            lines.push(text(u)?);
        }
        ok(Reply::multiline(code, lines))
    }
}

impl<'a> Arbitrary<'a> for Capability<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        use Capability as C;
        let flags = [
            C::EightBitMime,
            C::Pipelining,
            C::Dsn,
            C::Etrn,
            C::EnhancedStatusCodes,
            C::StartTls,
            C::Chunking,
            C::BinaryMime,
            C::SmtpUtf8,
            C::Checkpoint,
            C::Conneg,
            C::Expn,
            C::Help,
            C::RequireTls,
            C::Rrvs,
            C::Mtrk,
            C::Verb,
            C::Onex,
            C::Send,
            C::Soml,
            C::Saml,
            C::Turn,
            C::Atrn,
            C::Xusr,
            C::Utf8Smtp,
            C::Prdr,
            C::PipeConnect,
        ];
        let words = |u: &mut Unstructured<'a>| -> Result<Vec<Word<'static>>> {
            let n = u.int_in_range(0..=3)?;
            (0..n).map(|_| word(u)).collect()
        };
        Ok(match u.int_in_range(0..=11)? {
            0 => C::Size(u.arbitrary()?),
            1 => {
                let n = u.int_in_range(0..=3)?;
                C::Auth {
                    mechanisms: (0..n).map(|_| mechanism(u)).collect::<Result<_>>()?,
                    legacy: u.arbitrary()?,
                }
            }
            2 => C::DeliverBy(u.arbitrary()?),
            3 => C::Burl(words(u)?),
            4 => C::MtPriority(if u.arbitrary()? { Some(word(u)?) } else { None }),
            5 => C::FutureRelease {
                max_interval: u.arbitrary()?,
                max_datetime: datetime(u)?,
            },
            6 => C::NoSoliciting(if u.arbitrary()? { Some(word(u)?) } else { None }),
            7 => {
                let n = u.int_in_range(0..=3)?;
                C::Limits(
                    (0..n)
                        .map(|_| {
                            ok(Limit::new(
                                format!("L{}", chars(u, ALNUM, 0, 8)?),
                                u.arbitrary()?,
                            ))
                        })
                        .collect::<Result<_>>()?,
                )
            }
            8 => C::Xclient(words(u)?),
            9 => C::Xforward(words(u)?),
            10 => C::Other(ok(OtherCapability::new(ok(Text::new(
                format!("X-{} {}", chars(u, ALNUM, 1, 8)?, chars(u, ALNUM, 0, 8)?).into_bytes(),
            ))?))?),
            _ => u.choose(&flags)?.clone(),
        })
    }
}

impl<'a> Arbitrary<'a> for EhloReply<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let greeting = text(u)?;
        let n = u.int_in_range(0..=8)?;
        let capabilities = (0..n).map(|_| u.arbitrary()).collect::<Result<_>>()?;
        Ok(EhloReply {
            greeting,
            capabilities,
        })
    }
}

impl<'a> Arbitrary<'a> for AuthResponse<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if u.ratio(1, 8)? {
            AuthResponse::Cancel
        } else {
            let n = u.int_in_range(0..=64)?;
            AuthResponse::Data(SaslData::encode(u.bytes(n)?))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::Encode;
    use crate::parse;

    /// Deterministic pseudo-random bytes, so the test needs no extra crate.
    fn noise(seed: u64, n: usize) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn arbitrary_values_round_trip() {
        let mut made = 0;
        for seed in 0..3000 {
            let data = noise(seed, 512);
            let mut u = Unstructured::new(&data);
            if let Ok(c) = Command::arbitrary(&mut u) {
                let wire = c.to_vec();
                assert_eq!(
                    parse::command(&wire).as_ref(),
                    Ok(&c),
                    "{}",
                    wire.escape_ascii()
                );
                made += 1;
            }
            if let Ok(r) = Reply::arbitrary(&mut u) {
                assert_eq!(parse::reply(&r.to_vec()), Ok(r));
            }
            if let Ok(e) = EhloReply::arbitrary(&mut u) {
                assert_eq!(parse::ehlo_reply(&e.to_vec()), Ok(e));
            }
            if let Ok(a) = AuthResponse::arbitrary(&mut u) {
                assert_eq!(parse::auth_response(&a.to_vec()), Ok(a));
            }
        }
        assert!(made > 2000, "only {made} commands were generated");
    }
}
