//! smtp-proto: framer drivers.

pub mod frame;

/// Decodes `$input` strictly and with `$quirks`, and holds the result to
/// the decoding promises (as [`crate::pop3_check_line`] does for POP3):
/// what the strict decoder accepts the lenient one accepts equally and
/// without warnings; errors and warnings point inside the input; whatever
/// was decoded encodes to `$lines` CRLF lines (a function of the value)
/// that decode strictly to the same value. Evaluates to the lenient
/// result.
#[macro_export]
macro_rules! smtp_check {
    ($input:expr, $strict:path, $with:path, $quirks:expr, $lines:expr) => {{
        use smtp_proto::encode::Encode as _;
        let input: &[u8] = $input;
        let strict = $strict(input);
        let mut warnings = Vec::new();
        let lenient = $with(input, &$quirks, &mut warnings);
        for w in &warnings {
            assert!(
                w.offset <= input.len(),
                "warning {w:?} outside {} bytes",
                input.len()
            );
        }
        if let Ok(v) = &strict {
            assert_eq!(
                lenient.as_ref().ok(),
                Some(v),
                "quirks changed a strict decode"
            );
            assert!(warnings.is_empty(), "warnings {warnings:?} on strict input");
        }
        if let Err(e) = &strict {
            assert!(
                e.offset <= input.len(),
                "error {e:?} outside {} bytes",
                input.len()
            );
        }
        if let Ok(v) = &lenient {
            let bytes = v.to_vec();
            let lines: usize = $lines(v);
            assert!(bytes.ends_with(b"\r\n"), "encoding without CRLF: {bytes:?}");
            assert_eq!(
                $crate::pop3::memchr_count(&bytes),
                lines,
                "encoding is not {lines} lines: {:?}",
                bytes.escape_ascii().to_string()
            );
            match $strict(&bytes) {
                Ok(back) => {
                    assert_eq!(
                        &back,
                        v,
                        "re-encoded {:?}",
                        bytes.escape_ascii().to_string()
                    )
                }
                Err(e) => panic!(
                    "{v:?} encodes to {:?}, which does not decode: {e}",
                    bytes.escape_ascii().to_string()
                ),
            }
        }
        lenient
    }};
}

/// Groups framed reply lines into whole replies: a reply ends at a line
/// whose fourth octet is not `-` (RFC 5321 §4.2.1). Over-long lines end
/// the reply they are in. Lines of a reply left unfinished are returned
/// last, as they are.
pub fn group_replies(lines: &[frame::Line]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in lines {
        match line {
            frame::Line::Line(l, _) => {
                cur.extend_from_slice(l);
                if l.get(3) != Some(&b'-') {
                    out.push(std::mem::take(&mut cur));
                }
            }
            frame::Line::TooLong(_) => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
