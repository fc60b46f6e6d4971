//! pop3-proto values built from raw bytes, two ways.
//!
//! - [`arbitrary_value`]: the crate's own `Arbitrary` impls (feature
//!   `arbitrary`), which fold raw bytes into each value's octet class.
//! - [`value`]: independent builders that draw the parts with [`Gen`] from
//!   wider classes (8-bit octets, DEL, brackets, known names with odd
//!   parameters) and assemble them through the crate's public validating
//!   constructors (`Param::new`, `Response::new`, ...). A part that a
//!   constructor refuses makes the builder give up ([`Option::None`]): the
//!   round trip is held to every value the crate lets exist, not only to
//!   those its own generators think of.

use std::borrow::Cow;

use arbitrary::Result;
use pop3_proto::types::{
    ApopDigest, AuthRequest, AuthResponse, CapaTag, Capability, Command, Continuation,
    ExpirePolicy, Keyword, LangListing, LanguageRange, LanguageTag, Mechanism, MessageNumber,
    Param, Response, ResponseCode, SaslData, ScanListing, Secret, Stat, Status, Text, UniqueId,
    UniqueIdListing, UnknownCapability,
};

use crate::draw::{ALNUM, BASE64, Gen, LDH, VCHAR};

/// A value of any kind that pop3-proto encodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A command line.
    Command(Command<'static>),
    /// A status line.
    Response(Response<'static>),
    /// An AUTH challenge line.
    Continuation(Continuation<'static>),
    /// An AUTH client line.
    AuthResponse(AuthResponse<'static>),
    /// A CAPA line.
    Capability(Capability<'static>),
    /// A LIST line.
    Scan(ScanListing<'static>),
    /// A UIDL line.
    UniqueId(UniqueIdListing<'static>),
    /// A LANG listing line.
    Lang(LangListing<'static>),
    /// The text of a STAT reply.
    Stat(Stat<'static>),
}

/// Any [`Value`], from the crate's `Arbitrary` impls.
pub fn arbitrary_value(u: &mut arbitrary::Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0u8..=8)? {
        0 => Value::Command(u.arbitrary()?),
        1 => Value::Response(u.arbitrary()?),
        2 => Value::Continuation(u.arbitrary()?),
        3 => Value::AuthResponse(u.arbitrary()?),
        4 => Value::Capability(u.arbitrary()?),
        5 => Value::Scan(u.arbitrary()?),
        6 => Value::UniqueId(u.arbitrary()?),
        7 => Value::Lang(u.arbitrary()?),
        _ => Value::Stat(Stat {
            count: u.arbitrary()?,
            octets: u.arbitrary()?,
            extra: u.arbitrary()?,
        }),
    })
}

/// Unwraps a constructor's result into "skip this input" on refusal.
macro_rules! ok {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(_) => return Ok(None),
        }
    };
}

/// Builds any [`Value`].
pub fn value(g: &mut Gen<'_, '_>) -> Result<Option<Value>> {
    Ok(Some(match g.len(0, 8)? {
        0 => Value::Command(ok!(command(g)?.ok_or(()))),
        1 => Value::Response(ok!(response(g)?.ok_or(()))),
        2 => Value::Continuation(Continuation {
            data: ok!(sasl(g)?.ok_or(())),
        }),
        3 => Value::AuthResponse(if g.flag()? {
            AuthResponse::Cancel
        } else {
            AuthResponse::Data(ok!(sasl(g)?.ok_or(())))
        }),
        4 => Value::Capability(ok!(capability(g)?.ok_or(()))),
        5 => Value::Scan(ScanListing {
            msg: ok!(msg(g)?.ok_or(())),
            octets: g.number64()?,
            extra: ok!(extra(g)?.ok_or(())),
        }),
        6 => Value::UniqueId(UniqueIdListing {
            msg: ok!(msg(g)?.ok_or(())),
            uid: ok!(UniqueId::new(g.ascii(VCHAR, 1, 72)?)),
        }),
        7 => Value::Lang(LangListing {
            tag: ok!(lang_tag(g)?.ok_or(())),
            description: ok!(Text::new(g.text(40)?)),
        }),
        _ => Value::Stat(Stat {
            count: g.number()?,
            octets: g.number64()?,
            extra: ok!(extra(g)?.ok_or(())),
        }),
    }))
}

/// A message number (never 0, which has no `MessageNumber`).
pub fn msg(g: &mut Gen<'_, '_>) -> Result<Option<MessageNumber>> {
    Ok(MessageNumber::new(g.number()?))
}

/// Text after the numbers of a listing: empty, or starting with a space.
fn extra(g: &mut Gen<'_, '_>) -> Result<Option<Text<'static>>> {
    let mut t = g.text(20)?;
    if !t.is_empty() && g.u.ratio(7, 8)? {
        t.insert(0, b' ');
    }
    Ok(Text::new(t).ok())
}

fn param(g: &mut Gen<'_, '_>) -> Result<Option<Param<'static>>> {
    let mut p = g.vchars(1, 24)?;
    if g.u.ratio(1, 8)? {
        p.push(g.u.int_in_range(0x80..=0xFF)?);
    }
    Ok(Param::new(p).ok())
}

fn sasl(g: &mut Gen<'_, '_>) -> Result<Option<SaslData<'static>>> {
    if g.u.ratio(1, 4)? {
        let raw = g.text(30)?;
        return Ok(Some(SaslData::encode(&raw)));
    }
    let mut b = g.from_class(BASE64, 0, 40)?;
    let pad = g.len(0, 2)?;
    b.extend(std::iter::repeat_n(b'=', pad));
    Ok(SaslData::new(b).ok())
}

fn mechanism(g: &mut Gen<'_, '_>) -> Result<Option<Mechanism<'static>>> {
    const CLASS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_abc";
    Ok(Mechanism::new(g.ascii(CLASS, 1, 21)?).ok())
}

fn lang_tag(g: &mut Gen<'_, '_>) -> Result<Option<LanguageTag<'static>>> {
    let mut s = g.ascii(b"abcdefghijklmnopqrstuvwxyzEN", 1, 9)?;
    for _ in 0..g.len(0, 3)? {
        s.push('-');
        s.push_str(&g.ascii(ALNUM, 1, 9)?);
    }
    Ok(LanguageTag::new(s).ok())
}

/// Any [`Command`].
pub fn command(g: &mut Gen<'_, '_>) -> Result<Option<Command<'static>>> {
    Ok(Some(match g.len(0, 17)? {
        0 => Command::User(ok!(param(g)?.ok_or(()))),
        1 => Command::Pass(ok!(Secret::new(g.text(40)?))),
        2 => {
            let mut d = [0u8; 16];
            g.u.fill_buffer(&mut d)?;
            Command::Apop {
                name: ok!(param(g)?.ok_or(())),
                digest: ApopDigest(d),
            }
        }
        3 => Command::Auth(if g.flag()? {
            None
        } else {
            let mechanism = ok!(mechanism(g)?.ok_or(()));
            let initial_response = if g.flag()? {
                Some(ok!(sasl(g)?.ok_or(())))
            } else {
                None
            };
            Some(AuthRequest {
                mechanism,
                initial_response,
            })
        }),
        4 => Command::Stat,
        5 => Command::List(msg(g)?),
        6 => Command::Uidl(msg(g)?),
        7 => Command::Retr(ok!(msg(g)?.ok_or(()))),
        8 => Command::Top {
            msg: ok!(msg(g)?.ok_or(())),
            lines: g.number()?,
        },
        9 => Command::Dele(ok!(msg(g)?.ok_or(()))),
        10 => Command::Noop,
        11 => Command::Rset,
        12 => Command::Quit,
        13 => Command::Capa,
        14 => Command::Stls,
        15 => Command::Utf8,
        16 => Command::Lang(match g.len(0, 2)? {
            0 => None,
            1 => Some(LanguageRange::Any),
            _ => Some(LanguageRange::Tag(ok!(lang_tag(g)?.ok_or(())))),
        }),
        _ => {
            let keyword = ok!(Keyword::new(g.ascii(VCHAR, 3, 4)?));
            let mut params = Vec::new();
            for _ in 0..g.len(0, 3)? {
                params.push(ok!(param(g)?.ok_or(())));
            }
            Command::Unknown {
                keyword,
                args: params,
            }
        }
    }))
}

/// Any [`Response`] (a status line).
pub fn response(g: &mut Gen<'_, '_>) -> Result<Option<Response<'static>>> {
    let status = if g.flag()? { Status::Ok } else { Status::Err };
    let code = if g.flag()? {
        let mut levels = Vec::new();
        for _ in 0..g.len(1, 3)? {
            levels.push(g.ascii(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789!.~[\x7f", 1, 12)?);
        }
        Some(ok!(ResponseCode::new(levels.join("/"))))
    } else {
        None
    };
    let text = ok!(Text::new(g.text(60)?));
    Ok(Response::new(status, code, text).ok())
}

/// Any [`Capability`].
pub fn capability(g: &mut Gen<'_, '_>) -> Result<Option<Capability<'static>>> {
    Ok(Some(match g.len(0, 13)? {
        0 => Capability::Top,
        1 => Capability::User,
        2 => {
            let mut m = Vec::new();
            for _ in 0..g.len(0, 4)? {
                m.push(ok!(mechanism(g)?.ok_or(())));
            }
            Capability::Sasl(m)
        }
        3 => Capability::RespCodes,
        4 => Capability::LoginDelay {
            seconds: g.number()?,
            per_user: g.flag()?,
        },
        5 => Capability::Pipelining,
        6 => Capability::Expire {
            policy: if g.flag()? {
                ExpirePolicy::Never
            } else {
                ExpirePolicy::Days(g.number()?)
            },
            per_user: g.flag()?,
        },
        7 => Capability::Uidl,
        8 => Capability::Implementation(ok!(Text::new(g.text(40)?))),
        9 => Capability::Stls,
        10 => Capability::AuthRespCode,
        11 => Capability::Utf8 { user: g.flag()? },
        12 => Capability::Lang,
        _ => {
            let tag = if g.u.ratio(1, 3)? {
                // Known names with odd parameters must stay unknown, or be refused.
                g.pick(&[
                    "TOP",
                    "SASL",
                    "EXPIRE",
                    "LOGIN-DELAY",
                    "UTF8",
                    "user",
                    "Stls",
                ])?
                .to_string()
            } else {
                g.ascii(LDH, 1, 16)?
            };
            let tag = ok!(CapaTag::new(Cow::Owned(tag)));
            let mut params = Vec::new();
            for _ in 0..g.len(0, 3)? {
                params.push(ok!(param(g)?.ok_or(())));
            }
            Capability::Unknown(ok!(UnknownCapability::new(tag, params)))
        }
    }))
}
