//! ESMTP parameters of MAIL and RCPT (RFC 5321 §4.1.2 `esmtp-param`) and
//! the typed values of the registered ones.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

use super::XText;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::parse;

/// RFC 1652 / RFC 6152 / RFC 3030 `BODY=` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    /// `7BIT`.
    SevenBit,
    /// `8BITMIME` (RFC 6152).
    EightBitMime,
    /// `BINARYMIME` (RFC 3030).
    BinaryMime,
}

/// RFC 3461 §4.3 `RET=` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ret {
    /// `FULL`: return the whole message.
    Full,
    /// `HDRS`: return the headers only.
    Hdrs,
}

/// RFC 3461 §4.1 `NOTIFY=`: `NEVER`, or a non-empty set of `SUCCESS`,
/// `FAILURE` and `DELAY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Notify(u8);

impl Notify {
    const SUCCESS: u8 = 1;
    const FAILURE: u8 = 2;
    const DELAY: u8 = 4;

    /// `NEVER`.
    pub const NEVER: Notify = Notify(0);

    /// A set of conditions; `None` when all are false (that is `NEVER`,
    /// which has its own constant).
    pub fn on(success: bool, failure: bool, delay: bool) -> Option<Notify> {
        let v = (u8::from(success) * Self::SUCCESS)
            | (u8::from(failure) * Self::FAILURE)
            | (u8::from(delay) * Self::DELAY);
        (v != 0).then_some(Notify(v))
    }

    /// Whether it is `NEVER`.
    pub fn is_never(self) -> bool {
        self.0 == 0
    }
    /// Notify on success.
    pub fn success(self) -> bool {
        self.0 & Self::SUCCESS != 0
    }
    /// Notify on failure.
    pub fn failure(self) -> bool {
        self.0 & Self::FAILURE != 0
    }
    /// Notify on delay.
    pub fn delay(self) -> bool {
        self.0 & Self::DELAY != 0
    }
}

/// RFC 3461 §4.2 `ORCPT=addr-type;xtext` (RFC 6533 §3 `utf-8-addr-xtext`
/// when the type is `utf-8`).
#[derive(Clone)]
pub struct Orcpt<'a>(Pair<'a, &'a str>);

/// Two texts kept together: borrowed ones (what decoding gives) side by
/// side, anything else behind one pointer, so a [`Param`] stays small and
/// quick to move and drop.
#[derive(Clone)]
enum Pair<'a, B> {
    Borrowed(&'a str, B),
    Other(alloc::boxed::Box<(Cow<'a, str>, Option<Cow<'a, str>>)>),
}

impl<'a> Pair<'a, &'a str> {
    fn new(first: Cow<'a, str>, second: Cow<'a, str>) -> Self {
        match (first, second) {
            (Cow::Borrowed(f), Cow::Borrowed(s)) => Pair::Borrowed(f, s),
            (f, s) => Pair::Other(alloc::boxed::Box::new((f, Some(s)))),
        }
    }

    fn second(&self) -> &str {
        match self {
            Pair::Borrowed(_, s) => s,
            Pair::Other(b) => b.1.as_deref().unwrap_or(""),
        }
    }

    fn into_static(self) -> Pair<'static, &'static str> {
        let (f, s) = self.into_parts();
        Pair::Other(alloc::boxed::Box::new((
            Cow::Owned(f.into_owned()),
            Some(Cow::Owned(s.into_owned())),
        )))
    }

    fn into_parts(self) -> (Cow<'a, str>, Cow<'a, str>) {
        match self {
            Pair::Borrowed(f, s) => (Cow::Borrowed(f), Cow::Borrowed(s)),
            Pair::Other(b) => {
                let (f, s) = *b;
                (f, s.unwrap_or(Cow::Borrowed("")))
            }
        }
    }
}

impl<'a> Pair<'a, Option<&'a str>> {
    fn new_optional(first: Cow<'a, str>, second: Option<Cow<'a, str>>) -> Self {
        match (first, second) {
            (Cow::Borrowed(f), None) => Pair::Borrowed(f, None),
            (Cow::Borrowed(f), Some(Cow::Borrowed(s))) => Pair::Borrowed(f, Some(s)),
            (f, s) => Pair::Other(alloc::boxed::Box::new((f, s))),
        }
    }

    fn second(&self) -> Option<&str> {
        match self {
            Pair::Borrowed(_, s) => *s,
            Pair::Other(b) => b.1.as_deref(),
        }
    }

    fn into_static(self) -> Pair<'static, Option<&'static str>> {
        let (f, s) = match self {
            Pair::Borrowed(f, s) => (Cow::Borrowed(f), s.map(Cow::Borrowed)),
            Pair::Other(b) => *b,
        };
        Pair::Other(alloc::boxed::Box::new((
            Cow::Owned(f.into_owned()),
            s.map(|s| Cow::Owned(s.into_owned())),
        )))
    }
}

impl<B> Pair<'_, B> {
    fn first(&self) -> &str {
        match self {
            Pair::Borrowed(f, _) => f,
            Pair::Other(b) => &b.0,
        }
    }
}

impl PartialEq for Orcpt<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.addr_type(), self.addr()) == (other.addr_type(), other.addr())
    }
}

impl Eq for Orcpt<'_> {}

impl core::hash::Hash for Orcpt<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.addr_type().hash(state);
        self.addr().hash(state);
    }
}

impl<'a> Orcpt<'a> {
    /// Validates the two parts (the address encoded as it goes on the wire).
    pub fn new(
        addr_type: impl Into<Cow<'a, str>>,
        addr: impl Into<Cow<'a, str>>,
    ) -> Result<Self, DecodeError> {
        let (addr_type, addr) = (addr_type.into(), addr.into());
        let t = parse::span(addr_type.as_bytes(), parse::param::is_addr_type_char);
        if addr_type.is_empty() || t != addr_type.len() {
            return Err(DecodeError::new(
                t,
                "address type atom",
                DecodeErrorKind::Syntax,
            ));
        }
        let shift = addr_type.len() + 1;
        if addr.is_empty() {
            return Err(DecodeError::new(shift, "address", DecodeErrorKind::Syntax));
        }
        if addr_type.eq_ignore_ascii_case("utf-8") {
            parse::all(
                addr.as_bytes(),
                parse::xtext::utf8_addr_xtext,
                "utf-8-addr-xtext",
            )
            .map_err(|e| e.shifted(shift))?;
        } else {
            parse::all(addr.as_bytes(), parse::xtext::xtext, "xtext")
                .map_err(|e| e.shifted(shift))?;
        }
        Ok(Orcpt(Pair::new(addr_type, addr)))
    }

    /// The address type, such as `rfc822` or `utf-8`.
    pub fn addr_type(&self) -> &str {
        self.0.first()
    }

    /// The address, encoded as on the wire.
    pub fn addr(&self) -> &str {
        self.0.second()
    }

    /// An owned copy.
    pub fn into_static(self) -> Orcpt<'static> {
        Orcpt(self.0.into_static())
    }

    pub(crate) fn borrowed(addr_type: &'a str, addr: &'a str) -> Self {
        Orcpt(Pair::Borrowed(addr_type, addr))
    }
}

impl fmt::Debug for Orcpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Orcpt({};{})", self.addr_type(), self.addr())
    }
}

/// RFC 6710 §3 `MT-PRIORITY=` value, -9 to 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MtPriority(i8);

impl MtPriority {
    /// A priority between -9 and 9.
    pub fn new(v: i8) -> Option<Self> {
        (-9..=9).contains(&v).then_some(MtPriority(v))
    }
    /// The priority.
    pub fn get(self) -> i8 {
        self.0
    }
}

/// RFC 2852 §4 `by-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByMode {
    /// `N`: notify if not delivered in time.
    Notify,
    /// `R`: return if not delivered in time.
    Return,
}

/// RFC 2852 §4 `BY=by-time;by-mode[T]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct By {
    /// Seconds (may be negative in `N` mode).
    pub time: i32,
    /// What to do when it runs out.
    pub mode: ByMode,
    /// The `T` (trace) modifier.
    pub trace: bool,
}

/// An RFC 3339 §5.6 `date-time`, kept as written (HOLDUNTIL, RRVS,
/// FUTURERELEASE).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DateTime<'a>(Cow<'a, str>);

impl<'a> DateTime<'a> {
    /// Validates `s` as an RFC 3339 date-time.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, DecodeError> {
        let s = s.into();
        parse::all(s.as_bytes(), parse::datetime::date_time, "end of date-time")?;
        Ok(DateTime(s))
    }

    /// As written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An owned copy.
    pub fn into_static(self) -> DateTime<'static> {
        DateTime(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn borrowed(s: &'a str) -> Self {
        DateTime(Cow::Borrowed(s))
    }
}

impl fmt::Debug for DateTime<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({})", self.0)
    }
}

/// RFC 7293 §3 what to do when the mailbox changed hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RrvsAction {
    /// `C`: continue (deliver anyway, report).
    Continue,
    /// `R`: reject.
    Reject,
}

/// RFC 7293 §3 `RRVS=date-time[;C|R]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rrvs<'a> {
    /// The time the recipient was last known to own the mailbox.
    pub time: DateTime<'a>,
    /// The action, if given.
    pub action: Option<RrvsAction>,
}

/// RFC 3885 §4 `MTRK=certifier[:timeout]`, the certifier in base64
/// without `=` padding (an `esmtp-value` cannot hold `=`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Mtrk<'a> {
    certifier: Cow<'a, str>,
    timeout: Option<u32>,
}

impl<'a> Mtrk<'a> {
    /// Validates the certifier (base64 characters).
    pub fn new(
        certifier: impl Into<Cow<'a, str>>,
        timeout: Option<u32>,
    ) -> Result<Self, DecodeError> {
        let certifier = certifier.into();
        let n = parse::span(certifier.as_bytes(), parse::param::is_base64_char);
        if certifier.is_empty() || n != certifier.len() {
            return Err(DecodeError::new(
                n,
                "base64 certifier",
                DecodeErrorKind::Syntax,
            ));
        }
        Ok(Mtrk { certifier, timeout })
    }

    /// The certifier (base64).
    pub fn certifier(&self) -> &str {
        &self.certifier
    }

    /// The timeout in seconds, if given.
    pub fn timeout(&self) -> Option<u32> {
        self.timeout
    }

    /// An owned copy.
    pub fn into_static(self) -> Mtrk<'static> {
        Mtrk {
            certifier: Cow::Owned(self.certifier.into_owned()),
            timeout: self.timeout,
        }
    }

    pub(crate) fn borrowed(certifier: &'a str, timeout: Option<u32>) -> Self {
        Mtrk {
            certifier: Cow::Borrowed(certifier),
            timeout,
        }
    }
}

impl fmt::Debug for Mtrk<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mtrk")
            .field("certifier", &"<redacted>")
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// An ESMTP parameter this crate does not type: `esmtp-keyword
/// ["=" esmtp-value]` (RFC 5321 §4.1.2), kept as it came. Keywords without
/// an RFC of their own, such as `TRANSID` or `XVERP`, land here.
#[derive(Clone)]
pub struct OtherParam<'a>(Pair<'a, Option<&'a str>>);

impl PartialEq for OtherParam<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.keyword(), self.value()) == (other.keyword(), other.value())
    }
}

impl Eq for OtherParam<'_> {}

impl core::hash::Hash for OtherParam<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.keyword().hash(state);
        self.value().hash(state);
    }
}

impl<'a> OtherParam<'a> {
    /// Validates the keyword and value; a registered keyword (one that
    /// [`Param`] types) is refused, since it would decode as its own
    /// variant.
    pub fn new(
        keyword: impl Into<Cow<'a, str>>,
        value: Option<Cow<'a, str>>,
    ) -> Result<Self, DecodeError> {
        let keyword = keyword.into();
        parse::all(
            keyword.as_bytes(),
            parse::param::esmtp_keyword,
            "esmtp-keyword",
        )?;
        if parse::param::is_known_keyword(&keyword) {
            return Err(DecodeError::new(
                0,
                "a keyword that is not registered",
                DecodeErrorKind::Ambiguous,
            ));
        }
        if let Some(v) = &value {
            parse::all(v.as_bytes(), parse::param::esmtp_value, "esmtp-value")
                .map_err(|e| e.shifted(keyword.len() + 1))?;
        }
        Ok(OtherParam(Pair::new_optional(keyword, value)))
    }

    /// The keyword as written.
    pub fn keyword(&self) -> &str {
        self.0.first()
    }

    /// The value, if any.
    pub fn value(&self) -> Option<&str> {
        self.0.second()
    }

    /// An owned copy.
    pub fn into_static(self) -> OtherParam<'static> {
        OtherParam(self.0.into_static())
    }

    pub(crate) fn borrowed(keyword: &'a str, value: Option<&'a str>) -> Self {
        OtherParam(Pair::Borrowed(keyword, value))
    }
}

impl fmt::Debug for OtherParam<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value() {
            Some(v) => write!(f, "{}={}", self.keyword(), v),
            None => f.write_str(self.keyword()),
        }
    }
}

/// One ESMTP parameter of MAIL or RCPT.
///
/// Registered keywords decode into their variant (a malformed value is an
/// error, answered 501 by a server); any other keyword is kept as
/// [`Param::Other`]. Which command a parameter belongs to is the
/// session's concern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Param<'a> {
    /// RFC 1870 `SIZE=n`.
    Size(u64),
    /// RFC 6152 / RFC 3030 `BODY=`.
    Body(Body),
    /// RFC 6531 §3.4 `SMTPUTF8`.
    SmtpUtf8,
    /// RFC 3461 §4.3 `RET=`.
    Ret(Ret),
    /// RFC 3461 §4.4 `ENVID=xtext`.
    EnvId(XText<'a>),
    /// RFC 3461 §4.1 `NOTIFY=`.
    Notify(Notify),
    /// RFC 3461 §4.2 `ORCPT=`.
    Orcpt(Orcpt<'a>),
    /// RFC 4954 §5 `AUTH=xtext` (the mailbox, or `<>`).
    Auth(XText<'a>),
    /// RFC 8689 §4.2 `REQUIRETLS`.
    RequireTls,
    /// RFC 6710 §3 `MT-PRIORITY=`.
    MtPriority(MtPriority),
    /// RFC 4865 §4 `HOLDFOR=seconds`.
    HoldFor(u32),
    /// RFC 4865 §4 `HOLDUNTIL=date-time`.
    HoldUntil(DateTime<'a>),
    /// RFC 2852 §4 `BY=`.
    By(By),
    /// RFC 7293 §3 `RRVS=`.
    Rrvs(Rrvs<'a>),
    /// RFC 3885 §4 `MTRK=`.
    Mtrk(Mtrk<'a>),
    /// Any other keyword, as it came.
    Other(OtherParam<'a>),
}

impl<'a> Param<'a> {
    /// The keyword (upper case for registered ones).
    pub fn keyword(&self) -> &str {
        match self {
            Param::Size(_) => "SIZE",
            Param::Body(_) => "BODY",
            Param::SmtpUtf8 => "SMTPUTF8",
            Param::Ret(_) => "RET",
            Param::EnvId(_) => "ENVID",
            Param::Notify(_) => "NOTIFY",
            Param::Orcpt(_) => "ORCPT",
            Param::Auth(_) => "AUTH",
            Param::RequireTls => "REQUIRETLS",
            Param::MtPriority(_) => "MT-PRIORITY",
            Param::HoldFor(_) => "HOLDFOR",
            Param::HoldUntil(_) => "HOLDUNTIL",
            Param::By(_) => "BY",
            Param::Rrvs(_) => "RRVS",
            Param::Mtrk(_) => "MTRK",
            Param::Other(o) => o.keyword(),
        }
    }

    /// Whether it needs `SMTPUTF8` (RFC 6531) to be sent.
    pub fn requires_smtputf8(&self) -> bool {
        match self {
            Param::Orcpt(o) => !o.addr().is_ascii(),
            Param::Other(o) => !o.value().unwrap_or("").is_ascii(),
            _ => false,
        }
    }

    /// An owned copy.
    pub fn into_static(self) -> Param<'static> {
        match self {
            Param::Size(n) => Param::Size(n),
            Param::Body(b) => Param::Body(b),
            Param::SmtpUtf8 => Param::SmtpUtf8,
            Param::Ret(r) => Param::Ret(r),
            Param::EnvId(x) => Param::EnvId(x.into_static()),
            Param::Notify(n) => Param::Notify(n),
            Param::Orcpt(o) => Param::Orcpt(o.into_static()),
            Param::Auth(x) => Param::Auth(x.into_static()),
            Param::RequireTls => Param::RequireTls,
            Param::MtPriority(p) => Param::MtPriority(p),
            Param::HoldFor(s) => Param::HoldFor(s),
            Param::HoldUntil(d) => Param::HoldUntil(d.into_static()),
            Param::By(b) => Param::By(b),
            Param::Rrvs(r) => Param::Rrvs(Rrvs {
                time: r.time.into_static(),
                action: r.action,
            }),
            Param::Mtrk(m) => Param::Mtrk(m.into_static()),
            Param::Other(o) => Param::Other(o.into_static()),
        }
    }
}

/// Parameters held without a heap allocation; MAIL and RCPT rarely carry
/// more.
const INLINE: usize = 2;

/// A placeholder for unused inline slots: a unit variant, nothing to free.
const VACANT: Param<'static> = Param::SmtpUtf8;

/// The parameters of one MAIL or RCPT command, in order, each keyword at
/// most once.
#[derive(Clone)]
pub struct Params<'a>(Repr<'a>);

// Up to `INLINE` parameters live inline (decoding the usual one or two
// costs no allocation); beyond that all of them move to the heap.
#[derive(Clone)]
enum Repr<'a> {
    Inline(u8, [Param<'a>; INLINE]),
    Heap(Vec<Param<'a>>),
}

impl Default for Params<'_> {
    fn default() -> Self {
        Params::new()
    }
}

impl core::fmt::Debug for Params<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("Params").field(&self.as_slice()).finish()
    }
}

impl PartialEq for Params<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Params<'_> {}

impl core::hash::Hash for Params<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl<'a> Params<'a> {
    /// No parameters.
    pub const fn new() -> Self {
        Params(Repr::Inline(0, [VACANT; INLINE]))
    }

    /// Parameters from a list, refusing a keyword given twice.
    pub fn from_vec(list: Vec<Param<'a>>) -> Result<Self, DecodeError> {
        let mut p = Params::new();
        for param in list {
            p.push(param)?;
        }
        Ok(p)
    }

    /// The parameters in order, as a slice.
    pub fn as_slice(&self) -> &[Param<'a>] {
        match &self.0 {
            Repr::Inline(len, inline) => inline.get(..usize::from(*len)).unwrap_or_default(),
            Repr::Heap(heap) => heap,
        }
    }

    /// Adds a parameter, refusing a keyword already present, and an empty
    /// `ENVID` or `AUTH` value (`esmtp-value` is at least one character).
    #[inline]
    pub fn push(&mut self, param: Param<'a>) -> Result<(), DecodeError> {
        if let Param::EnvId(x) | Param::Auth(x) = &param {
            if x.as_str().is_empty() {
                return Err(DecodeError::new(
                    param.keyword().len() + 1,
                    "parameter value",
                    DecodeErrorKind::Syntax,
                ));
            }
        }
        if self.iter().any(|p| same_keyword(p, &param)) {
            return Err(DecodeError::new(
                0,
                "each parameter at most once",
                DecodeErrorKind::Duplicate,
            ));
        }
        match &mut self.0 {
            Repr::Heap(heap) => heap.push(param),
            Repr::Inline(len, inline) => match inline.get_mut(usize::from(*len)) {
                Some(slot) => {
                    *slot = param;
                    *len += 1;
                }
                None => {
                    let mut heap = Vec::with_capacity(INLINE * 3);
                    for slot in inline {
                        heap.push(core::mem::replace(slot, VACANT));
                    }
                    heap.push(param);
                    self.0 = Repr::Heap(heap);
                }
            },
        }
        Ok(())
    }

    /// One parameter.
    pub(crate) fn one(param: Param<'a>) -> Self {
        Params(Repr::Inline(1, [param, VACANT]))
    }

    /// Two parameters the caller knows have different keywords and
    /// non-empty values.
    pub(crate) fn two(first: Param<'a>, second: Param<'a>) -> Self {
        Params(Repr::Inline(2, [first, second]))
    }

    /// The parameter with this keyword (any case).
    pub fn get(&self, keyword: &str) -> Option<&Param<'a>> {
        self.as_slice()
            .iter()
            .find(|p| p.keyword().eq_ignore_ascii_case(keyword))
    }

    /// The parameters in order.
    pub fn iter(&self) -> core::slice::Iter<'_, Param<'a>> {
        self.as_slice().iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// `SIZE`, if given.
    pub fn size(&self) -> Option<u64> {
        self.iter().find_map(|p| match p {
            Param::Size(n) => Some(*n),
            _ => None,
        })
    }

    /// `BODY`, if given.
    pub fn body(&self) -> Option<Body> {
        self.iter().find_map(|p| match p {
            Param::Body(b) => Some(*b),
            _ => None,
        })
    }

    /// Whether `SMTPUTF8` was given.
    pub fn smtputf8(&self) -> bool {
        self.as_slice().contains(&Param::SmtpUtf8)
    }

    /// Whether any value needs `SMTPUTF8`.
    pub fn requires_smtputf8(&self) -> bool {
        self.iter().any(Param::requires_smtputf8)
    }

    /// An owned copy.
    pub fn into_static(self) -> Params<'static> {
        Params(match self.0 {
            Repr::Inline(len, inline) => Repr::Inline(len, inline.map(Param::into_static)),
            Repr::Heap(heap) => Repr::Heap(heap.into_iter().map(Param::into_static).collect()),
        })
    }
}

/// Whether two parameters have the same keyword, as [`Params::get`]
/// compares them: a registered keyword is its variant ([`OtherParam`]
/// refuses those), so only two [`Param::Other`] compare text.
fn same_keyword(a: &Param<'_>, b: &Param<'_>) -> bool {
    match (a, b) {
        (Param::Other(a), Param::Other(b)) => a.keyword().eq_ignore_ascii_case(b.keyword()),
        _ => core::mem::discriminant(a) == core::mem::discriminant(b),
    }
}

impl<'p, 'a> IntoIterator for &'p Params<'a> {
    type Item = &'p Param<'a>;
    type IntoIter = core::slice::Iter<'p, Param<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use core::hash::{Hash, Hasher};

    /// A hasher that keeps what it is fed, to compare two hashings.
    #[derive(Default)]
    struct Fed(Vec<u8>);

    impl Hasher for Fed {
        fn finish(&self) -> u64 {
            0
        }
        fn write(&mut self, bytes: &[u8]) {
            self.0.extend_from_slice(bytes);
        }
    }

    fn fed(v: &impl Hash) -> Vec<u8> {
        let mut h = Fed::default();
        v.hash(&mut h);
        h.0
    }

    #[test]
    fn borrowed_and_owned_texts_are_the_same_value() {
        let line = String::from("rfc822;a@b.example");
        let borrowed = Orcpt::borrowed(&line[..6], &line[7..]);
        let owned = Orcpt::new(String::from("rfc822"), String::from("a@b.example")).unwrap();
        let mixed = Orcpt::new("rfc822", String::from("a@b.example")).unwrap();
        for o in [&owned, &mixed] {
            assert_eq!(&borrowed, o);
            assert_eq!(fed(&borrowed), fed(o));
            assert_eq!(alloc::format!("{borrowed:?}"), alloc::format!("{o:?}"));
        }
        let o = borrowed.clone().into_static();
        assert_eq!((o.addr_type(), o.addr()), ("rfc822", "a@b.example"));
        assert_ne!(borrowed, Orcpt::borrowed("rfc822", "a@c.example"));

        let with = OtherParam::borrowed("X-A", Some("1"));
        let owned =
            OtherParam::new(String::from("X-A"), Some(Cow::Owned(String::from("1")))).unwrap();
        assert_eq!(with, owned);
        assert_eq!(fed(&with), fed(&owned));
        let bare = OtherParam::new("X-A", None).unwrap();
        assert_ne!(with, bare);
        assert_eq!(bare.clone().into_static().value(), None);
        assert_eq!(with.into_static().value(), Some("1"));
    }

    #[test]
    fn repeated_keywords_are_found_by_variant_and_by_text() {
        let mut p = Params::new();
        p.push(Param::Size(1)).unwrap();
        p.push(Param::Other(OtherParam::borrowed("X-A", None)))
            .unwrap();
        p.push(Param::Body(Body::SevenBit)).unwrap();
        let e = p.push(Param::Size(2)).unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::Duplicate);
        let e = p
            .push(Param::Other(OtherParam::borrowed("x-a", Some("v"))))
            .unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::Duplicate);
        p.push(Param::Other(OtherParam::borrowed("X-B", None)))
            .unwrap();
        assert_eq!(p.len(), 4);
    }
}
