//! What a user without a POP3 crate writes instead: split the multi-line
//! reply on line feeds (`<[u8]>::split`) and parse each line with `std`
//! (`str::from_utf8`, `split_once`, `parse::<u64>`). No dot unstuffing
//! beyond the terminator check, no validation beyond what `std` does.

/// One `n size` (LIST) or `n unique-id` (UIDL) entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// Message number.
    pub number: u64,
    /// The rest of the line: size or unique id.
    pub value: &'a str,
}

/// Parses a complete multi-line LIST or UIDL reply (status line, entries,
/// terminator) into `out` (cleared first). Returns `None` on malformed input.
pub fn scan_listing<'a>(reply: &'a [u8], out: &mut Vec<Entry<'a>>) -> Option<()> {
    out.clear();
    let mut lines = reply.split(|&b| b == b'\n');
    let status = lines.next()?;
    if !status.starts_with(b"+OK") {
        return None;
    }
    for line in lines {
        let line = line.strip_suffix(b"\r")?;
        if line == b"." {
            return Some(());
        }
        let text = std::str::from_utf8(line).ok()?;
        let (number, value) = text.split_once(' ')?;
        out.push(Entry {
            number: number.parse().ok()?,
            value,
        });
    }
    None
}

/// Writes a listing back with `write!`: `+OK`, `n value` lines, `.`.
pub fn write_listing(entries: &[Entry<'_>], out: &mut Vec<u8>) {
    use std::io::Write;
    out.clear();
    out.extend_from_slice(b"+OK\r\n");
    for e in entries {
        // Writing to a Vec cannot fail.
        let _ = write!(out, "{} {}\r\n", e.number, e.value);
    }
    out.extend_from_slice(b".\r\n");
}
