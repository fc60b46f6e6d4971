//! `arbitrary::Arbitrary` for the vocabulary (feature `arbitrary`), for
//! round-trip fuzzing: every value is built through the validating
//! constructors, so it always encodes and decodes back equal.
//!
//! Raw fuzz bytes are folded into each value's octet class, rather than
//! rejected, so that little input is wasted.

use alloc::string::String;
use alloc::vec::Vec;

use ::arbitrary::{Arbitrary, Error, Result, Unstructured};

use super::*;

/// `len` octets in `min..=max`, each folded into the class by `fold`.
fn octets(u: &mut Unstructured<'_>, min: usize, max: usize, fold: fn(u8) -> u8) -> Result<Vec<u8>> {
    let len = u.int_in_range(min..=max)?;
    (0..len).map(|_| u8::arbitrary(u).map(fold)).collect()
}

fn ascii(u: &mut Unstructured<'_>, min: usize, max: usize, fold: fn(u8) -> u8) -> Result<String> {
    String::from_utf8(octets(u, min, max, fold)?).map_err(|_| Error::IncorrectFormat)
}

const fn vchar(b: u8) -> u8 {
    0x21 + b % 94
}
const fn param_char(b: u8) -> u8 {
    if b >= 0x80 { b } else { vchar(b) }
}
const fn text_char(b: u8) -> u8 {
    match b {
        0 | b'\r' | b'\n' => b' ',
        _ => b,
    }
}
const fn rchar(b: u8) -> u8 {
    match vchar(b) {
        b'/' | b']' => b'_',
        c => c,
    }
}
const fn cchar(b: u8) -> u8 {
    match vchar(b) {
        b'.' => b'-',
        c => c,
    }
}
const fn alpha(b: u8) -> u8 {
    b'a' + b % 26
}
const fn alnum(b: u8) -> u8 {
    match b % 36 {
        d @ 0..=9 => b'0' + d,
        l => b'a' + (l - 10),
    }
}
const fn mech_char(b: u8) -> u8 {
    match b % 38 {
        36 => b'-',
        37 => b'_',
        n => alnum(n).to_ascii_uppercase(),
    }
}

fn fmt<T>(r: core::result::Result<T, crate::error::DecodeError>) -> Result<T> {
    r.map_err(|_| Error::IncorrectFormat)
}

impl<'a> Arbitrary<'a> for MessageNumber {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        MessageNumber::new(u.int_in_range(1..=u32::MAX)?).ok_or(Error::IncorrectFormat)
    }
}

impl<'a> Arbitrary<'a> for Param<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        fmt(Param::new(octets(u, 1, 24, param_char)?))
    }
}

impl<'a> Arbitrary<'a> for Text<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        fmt(Text::new(octets(u, 0, 48, text_char)?))
    }
}

impl<'a> Arbitrary<'a> for Secret<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        fmt(Secret::new(octets(u, 1, 32, text_char)?))
    }
}

impl<'a> Arbitrary<'a> for ApopDigest {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(ApopDigest(<[u8; 16]>::arbitrary(u)?))
    }
}

impl<'a> Arbitrary<'a> for Mechanism<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        fmt(Mechanism::new(ascii(u, 1, 20, mech_char)?))
    }
}

impl<'a> Arbitrary<'a> for SaslData<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(SaslData::encode(&Vec::<u8>::arbitrary(u)?))
    }
}

impl<'a> Arbitrary<'a> for LanguageTag<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut tag = ascii(u, 1, 8, alpha)?;
        for _ in 0..u.int_in_range(0..=3)? {
            tag.push('-');
            tag.push_str(&ascii(u, 1, 8, alnum)?);
        }
        fmt(LanguageTag::new(tag))
    }
}

impl<'a> Arbitrary<'a> for LanguageRange<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if u.ratio(1, 5)? {
            LanguageRange::Any
        } else {
            LanguageRange::Tag(LanguageTag::arbitrary(u)?)
        })
    }
}

impl<'a> Arbitrary<'a> for Keyword<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let k = ascii(u, 3, 4, vchar)?;
        // A known keyword gets an "X" in front, which no known one has.
        Keyword::new(k.clone()).or_else(|_| {
            fmt(Keyword::new(alloc::format!(
                "X{}",
                k.get(..3).unwrap_or("YZ")
            )))
        })
    }
}

impl<'a> Arbitrary<'a> for AuthRequest<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(AuthRequest {
            mechanism: Mechanism::arbitrary(u)?,
            initial_response: Option::<SaslData<'static>>::arbitrary(u)?,
        })
    }
}

impl<'a> Arbitrary<'a> for Command<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0..=17)? {
            0 => Command::User(Param::arbitrary(u)?),
            1 => Command::Pass(Secret::arbitrary(u)?),
            2 => Command::Apop {
                name: Param::arbitrary(u)?,
                digest: ApopDigest::arbitrary(u)?,
            },
            3 => Command::Auth(Option::<AuthRequest<'static>>::arbitrary(u)?),
            4 => Command::Stat,
            5 => Command::List(Option::<MessageNumber>::arbitrary(u)?),
            6 => Command::Uidl(Option::<MessageNumber>::arbitrary(u)?),
            7 => Command::Retr(MessageNumber::arbitrary(u)?),
            8 => Command::Top {
                msg: MessageNumber::arbitrary(u)?,
                lines: u32::arbitrary(u)?,
            },
            9 => Command::Dele(MessageNumber::arbitrary(u)?),
            10 => Command::Noop,
            11 => Command::Rset,
            12 => Command::Quit,
            13 => Command::Capa,
            14 => Command::Stls,
            15 => Command::Utf8,
            16 => Command::Lang(Option::<LanguageRange<'static>>::arbitrary(u)?),
            _ => Command::Unknown {
                keyword: Keyword::arbitrary(u)?,
                args: arbitrary_vec(u, 4, Param::arbitrary)?,
            },
        })
    }
}

fn arbitrary_vec<'a, T>(
    u: &mut Unstructured<'a>,
    max: usize,
    f: fn(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    (0..u.int_in_range(0..=max)?).map(|_| f(u)).collect()
}

impl<'a> Arbitrary<'a> for ResponseCode<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if u.ratio(1, 2)? {
            return Ok(u
                .choose(&[
                    ResponseCode::SYS_TEMP,
                    ResponseCode::SYS_PERM,
                    ResponseCode::AUTH,
                    ResponseCode::IN_USE,
                    ResponseCode::LOGIN_DELAY,
                    ResponseCode::UTF8,
                ])?
                .clone());
        }
        let mut code = ascii(u, 1, 8, rchar)?;
        for _ in 0..u.int_in_range(0..=2)? {
            code.push('/');
            code.push_str(&ascii(u, 1, 8, rchar)?);
        }
        fmt(ResponseCode::new(code))
    }
}

impl<'a> Arbitrary<'a> for Status {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if bool::arbitrary(u)? {
            Status::Ok
        } else {
            Status::Err
        })
    }
}

impl<'a> Arbitrary<'a> for Response<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let status = Status::arbitrary(u)?;
        let code = Option::<ResponseCode<'static>>::arbitrary(u)?;
        let mut text = octets(u, 0, 48, text_char)?;
        // Without a code, text may not begin with "[" (RFC 2449 §3).
        if code.is_none() {
            if let Some(first @ b'[') = text.first_mut() {
                *first = b'(';
            }
        }
        fmt(Response::new(status, code, fmt(Text::new(text))?))
    }
}

impl<'a> Arbitrary<'a> for CapaTag<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        fmt(CapaTag::new(ascii(u, 1, 16, cchar)?))
    }
}

impl<'a> Arbitrary<'a> for ExpirePolicy {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match Option::<u32>::arbitrary(u)? {
            Some(d) => ExpirePolicy::Days(d),
            None => ExpirePolicy::Never,
        })
    }
}

impl<'a> Arbitrary<'a> for Capability<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0..=13)? {
            0 => Capability::Top,
            1 => Capability::User,
            2 => Capability::Sasl(arbitrary_vec(u, 5, Mechanism::arbitrary)?),
            3 => Capability::RespCodes,
            4 => Capability::LoginDelay {
                seconds: u32::arbitrary(u)?,
                per_user: bool::arbitrary(u)?,
            },
            5 => Capability::Pipelining,
            6 => Capability::Expire {
                policy: ExpirePolicy::arbitrary(u)?,
                per_user: bool::arbitrary(u)?,
            },
            7 => Capability::Uidl,
            8 => Capability::Implementation(Text::arbitrary(u)?),
            9 => Capability::Stls,
            10 => Capability::AuthRespCode,
            11 => Capability::Utf8 {
                user: bool::arbitrary(u)?,
            },
            12 => Capability::Lang,
            _ => {
                let tag = CapaTag::arbitrary(u)?;
                let params = arbitrary_vec(u, 4, Param::arbitrary)?;
                // What would read back as known is made unknown with an "X-".
                match UnknownCapability::new(tag.clone(), params.clone()) {
                    Ok(c) => Capability::Unknown(c),
                    Err(_) => {
                        let tag = fmt(CapaTag::new(alloc::format!("X-{}", tag.as_str())))?;
                        Capability::Unknown(fmt(UnknownCapability::new(tag, params))?)
                    }
                }
            }
        })
    }
}

impl<'a> Arbitrary<'a> for ScanListing<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(ScanListing {
            msg: MessageNumber::arbitrary(u)?,
            octets: u64::arbitrary(u)?,
            extra: Text::arbitrary(u)?,
        })
    }
}

impl<'a> Arbitrary<'a> for UniqueIdListing<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(UniqueIdListing {
            msg: MessageNumber::arbitrary(u)?,
            uid: fmt(UniqueId::new(ascii(u, 1, 70, vchar)?))?,
        })
    }
}

impl<'a> Arbitrary<'a> for LangListing<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(LangListing {
            tag: LanguageTag::arbitrary(u)?,
            description: Text::arbitrary(u)?,
        })
    }
}

impl<'a> Arbitrary<'a> for Continuation<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Continuation {
            data: SaslData::arbitrary(u)?,
        })
    }
}

impl<'a> Arbitrary<'a> for AuthResponse<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if u.ratio(1, 8)? {
            AuthResponse::Cancel
        } else {
            AuthResponse::Data(SaslData::arbitrary(u)?)
        })
    }
}
