//! pop3-proto: framer drivers and value builders.

pub mod frame;
pub mod values;

/// Decodes one line strictly and with `quirks`, and holds the result to
/// the decoding promises:
///
/// - what the strict decoder accepts, the lenient one accepts equally and
///   without warnings;
/// - warnings point inside the line;
/// - whatever was decoded encodes to bytes that decode strictly to the
///   same value (one line, nothing left over).
///
/// `$strict` and `$with` are a pop3-proto entry point pair such as
/// `parse::command` / `parse::command_with`.
#[macro_export]
macro_rules! pop3_check_line {
    ($line:expr, $strict:path, $with:path, $quirks:expr) => {{
        use pop3_proto::encode::Encode as _;
        let line: &[u8] = $line;
        let strict = $strict(line);
        let mut warnings = Vec::new();
        let lenient = $with(line, &$quirks, &mut warnings);
        for w in &warnings {
            assert!(
                w.offset <= line.len(),
                "warning {w:?} outside a line of {}",
                line.len()
            );
        }
        if let Ok(v) = &strict {
            assert_eq!(
                lenient.as_ref().ok(),
                Some(v),
                "quirks changed a strict decode"
            );
            assert!(
                warnings.is_empty(),
                "warnings {warnings:?} on a strict line"
            );
        }
        if let Err(e) = &strict {
            assert!(
                e.offset <= line.len(),
                "error {e:?} outside a line of {}",
                line.len()
            );
        }
        if let Ok(v) = &lenient {
            let bytes = v.to_vec();
            assert!(bytes.ends_with(b"\r\n"), "encoding without CRLF: {bytes:?}");
            assert_eq!(
                $crate::pop3::memchr_count(&bytes),
                1,
                "encoding is not one line: {:?}",
                bytes.escape_ascii().to_string()
            );
            // The one documented exception to strict re-encoding: text that
            // begins with `[` without a code (RFC 2449 §3 forbids it, no
            // escape exists) is written as it came and must read back equal
            // under the same quirks (pop3-proto `Response` docs).
            let bracket_only = warnings
                .iter()
                .any(|w| w.quirk == pop3_proto::quirks::Quirk::TextStartsWithBracket);
            match $strict(&bytes) {
                Ok(back) => assert_eq!(
                    &back,
                    v,
                    "re-encoded {:?}",
                    bytes.escape_ascii().to_string()
                ),
                Err(_) if bracket_only => {
                    let again = $with(&bytes, &$quirks, &mut Vec::new());
                    assert_eq!(
                        again.as_ref().ok(),
                        Some(v),
                        "bracket text re-encoded {:?}",
                        bytes.escape_ascii().to_string()
                    );
                }
                Err(e) => panic!(
                    "{v:?} encodes to {:?}, which does not decode: {e}",
                    bytes.escape_ascii().to_string()
                ),
            }
        }
        let accepted: bool = lenient.is_ok();
        accepted
    }};
}

/// How many LF bytes `bytes` holds.
pub fn memchr_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}
