//! Octet classes of the POP3 grammars (RFC 2449 §3, RFC 1939 §3).

/// `VCHAR` (RFC 5234): visible ASCII.
pub(crate) const fn is_vchar(b: u8) -> bool {
    matches!(b, 0x21..=0x7E)
}

/// A parameter octet: `VCHAR`, or an 8-bit octet, which RFC 6856 §2 lets
/// through for UTF-8 user names and passwords.
pub(crate) const fn is_param_char(b: u8) -> bool {
    is_vchar(b) || b >= 0x80
}

/// An octet of free text: anything but NUL, CR and LF. 8-bit octets are
/// kept as bytes (RFC 6856 UTF-8 text).
pub(crate) const fn is_text_char(b: u8) -> bool {
    !matches!(b, 0 | b'\r' | b'\n')
}

/// `rchar` (RFC 2449 §3): `%x21-2E / %x30-5C / %x5E-7F`.
pub(crate) const fn is_rchar(b: u8) -> bool {
    matches!(b, 0x21..=0x2E | 0x30..=0x5C | 0x5E..=0x7F)
}

/// `cchar` (RFC 2449 §3): `%x21-2D / %x2F-7F`.
pub(crate) const fn is_cchar(b: u8) -> bool {
    matches!(b, 0x21..=0x2D | 0x2F..=0x7F)
}

/// `mech-char` (RFC 4422 §3.1), letters of both cases since mechanism
/// names are compared case-insensitively in practice.
pub(crate) const fn is_mech_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// The base64 alphabet (RFC 4648 §4), padding excluded.
pub(crate) const fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Offset of the first octet of `b` that `ok` refuses.
pub(crate) fn first_bad(b: &[u8], ok: fn(u8) -> bool) -> Option<usize> {
    b.iter().position(|&c| !ok(c))
}
