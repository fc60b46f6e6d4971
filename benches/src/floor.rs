//! The floors for bulk data: what no decoder can beat by much. A body
//! decoder must at least look at every byte (a `memchr` pass that only
//! counts line feeds) and, if it hands out owned bytes, move them (a
//! `memcpy` of the same length).

/// Counts the line feeds of `bytes` with `memchr`, touching nothing else.
pub fn memchr_count(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// Copies `bytes` into `out` (whose capacity is kept between calls, so this
/// is one `memcpy` and no allocation once warm).
pub fn memcpy(bytes: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    out.extend_from_slice(bytes);
    out.len()
}
