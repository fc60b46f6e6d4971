//! SMTP smuggling: only `<CRLF>.<CRLF>` ends `DATA` (RFC 5321 §4.1.1.4),
//! whatever bare CR, bare LF or NUL surrounds a dot. Every vector is run at
//! every split point and under each [`BareLinePolicy`].

mod split;

use smtp_proto::framing::{BareKind, BareLinePolicy};
use split::{DataOutcome, count_data_calls, run_data, same_for_all_splits};

const HEAD: &[u8] = b"Subject: hi\r\n\r\nbody";
const INJECTED: &[u8] = b"MAIL FROM:<evil@example.org>\r\n";
const REAL_END: &[u8] = b"\r\n.\r\n";

/// HEAD + vector + INJECTED + the real end, then a command after it.
fn message(vector: &[u8]) -> Vec<u8> {
    [HEAD, vector, INJECTED, REAL_END, b"QUIT\r\n"].concat()
}

fn decode(vector: &[u8], policy: BareLinePolicy) -> DataOutcome {
    let input = message(vector);
    same_for_all_splits(&input, |p| run_data(policy, p))
}

/// The vector is not an end of data: the data ends at the real end only,
/// the injected command is content, and under Reject each bare octet is
/// reported at its offset.
fn assert_smuggling_fails(vector: &[u8], bare: &[(usize, BareKind)]) {
    let input = message(vector);
    let real_end = input.len() - b"QUIT\r\n".len();
    for policy in [
        BareLinePolicy::Reject,
        BareLinePolicy::Normalize,
        BareLinePolicy::Pass,
    ] {
        let out = decode(vector, policy);
        assert_eq!(out.end_at, Some(real_end), "{vector:?} under {policy:?}");
        assert_eq!(out.rest, b"QUIT\r\n");
        let injected_at = out
            .content
            .windows(INJECTED.len())
            .position(|w| w == INJECTED);
        assert!(injected_at.is_some(), "injected command kept as content");
        let found: Vec<(usize, BareKind)> = out.bares.iter().map(|b| (b.offset, b.kind)).collect();
        let expected: Vec<(usize, BareKind)> = bare
            .iter()
            .map(|&(at, kind)| (HEAD.len() + at, kind))
            .collect();
        assert_eq!(found, expected, "{vector:?} under {policy:?}");
    }
}

use BareKind::{Cr, Lf};

#[test]
fn lf_dot_lf_is_not_end_of_data() {
    assert_smuggling_fails(b"\n.\n", &[(0, Lf), (2, Lf)]);
}

#[test]
fn lf_dot_crlf_is_not_end_of_data() {
    assert_smuggling_fails(b"\n.\r\n", &[(0, Lf)]);
}

#[test]
fn crlf_dot_lf_is_not_end_of_data() {
    assert_smuggling_fails(b"\r\n.\n", &[(3, Lf)]);
}

#[test]
fn cr_dot_cr_is_not_end_of_data() {
    assert_smuggling_fails(b"\r.\r", &[(0, Cr), (2, Cr)]);
}

#[test]
fn cr_dot_lf_is_not_end_of_data() {
    assert_smuggling_fails(b"\r.\n", &[(0, Cr), (2, Lf)]);
}

#[test]
fn lf_dot_cr_is_not_end_of_data() {
    assert_smuggling_fails(b"\n.\r", &[(0, Lf), (2, Cr)]);
}

#[test]
fn cr_dot_crlf_is_not_end_of_data() {
    assert_smuggling_fails(b"\r.\r\n", &[(0, Cr)]);
}

#[test]
fn crlf_dot_cr_is_not_end_of_data() {
    assert_smuggling_fails(b"\r\n.\r", &[(3, Cr)]);
}

#[test]
fn nul_before_the_dot_is_not_end_of_data() {
    assert_smuggling_fails(b"\r\n\0.\r\n", &[]);
}

#[test]
fn nul_after_the_dot_is_not_end_of_data() {
    assert_smuggling_fails(b"\r\n.\0\r\n", &[]);
}

#[test]
fn nul_in_place_of_cr_is_not_end_of_data() {
    assert_smuggling_fails(b"\r\n.\0\n", &[(4, Lf)]);
    assert_smuggling_fails(b"\0\n.\r\n", &[(1, Lf)]);
}

#[test]
fn lf_lf_dot_lf_lf_is_not_end_of_data() {
    assert_smuggling_fails(b"\n\n.\n\n", &[(0, Lf), (1, Lf), (3, Lf), (4, Lf)]);
}

/// `<CR><CR><LF>.<CR><LF>` holds a real `<CRLF>.<CRLF>`: by RFC 5321
/// §4.1.1.4 it ends the data, as it does at every other receiver (ending
/// later than they do would itself be a smuggling gap). The bare CR before
/// it is reported, so under Reject the message is refused.
#[test]
fn cr_before_a_real_end_is_reported_and_the_real_end_ends() {
    let input = [HEAD, b"\r\r\n.\r\n", INJECTED].concat();
    for policy in [
        BareLinePolicy::Reject,
        BareLinePolicy::Normalize,
        BareLinePolicy::Pass,
    ] {
        let out = same_for_all_splits(&input, |p| run_data(policy, p));
        assert_eq!(out.end_at, Some(HEAD.len() + 6));
        assert_eq!(out.rest, INJECTED);
        assert_eq!(out.bares.len(), 1);
        assert_eq!((out.bares[0].offset, out.bares[0].kind), (HEAD.len(), Cr));
    }
}

#[test]
fn real_end_ends_and_leaves_the_rest() {
    let input = b"hello\r\n.\r\nQUIT\r\n";
    let out = same_for_all_splits(input, |p| run_data(BareLinePolicy::Reject, p));
    assert_eq!(out.content, b"hello\r\n");
    assert_eq!(out.end_at, Some(10));
    assert_eq!(out.rest, b"QUIT\r\n");
    assert!(out.bares.is_empty());
}

#[test]
fn empty_body_ends_at_the_first_dot_line() {
    // The dot right after the 354 reply is at a line start.
    let out = same_for_all_splits(b".\r\nQUIT\r\n", |p| run_data(BareLinePolicy::Reject, p));
    assert_eq!(out.content, b"");
    assert_eq!(out.end_at, Some(3));
    assert_eq!(out.rest, b"QUIT\r\n");
}

#[test]
fn empty_body_variants_with_bare_octets_do_not_end() {
    for v in [&b".\n"[..], b".\r", b"\n.\r\n"] {
        let input = [v, b"x\r\n.\r\n"].concat();
        let out = same_for_all_splits(&input, |p| run_data(BareLinePolicy::Reject, p));
        assert_eq!(out.end_at, Some(input.len()), "{v:?}");
        assert!(!out.bares.is_empty());
    }
}

#[test]
fn stuffed_dots_are_removed() {
    let input = b"..a\r\n...\r\nb.c\r\n.\r\n";
    let out = same_for_all_splits(input, |p| run_data(BareLinePolicy::Reject, p));
    assert_eq!(out.content, b".a\r\n..\r\nb.c\r\n");
    assert_eq!(out.end_at, Some(input.len()));
}

#[test]
fn normalize_turns_bare_octets_into_crlf_without_making_line_starts() {
    let input = b"a\nb\r.c\r\n.\r\n";
    let out = same_for_all_splits(input, |p| run_data(BareLinePolicy::Normalize, p));
    // The dot after the bare CR is content: it was not at a line start.
    assert_eq!(out.content, b"a\r\nb\r\n.c\r\n");
    assert_eq!(out.bares.len(), 2);
}

#[test]
fn pass_keeps_bare_octets() {
    let input = b"a\nb\r.c\r\n.\r\n";
    let out = same_for_all_splits(input, |p| run_data(BareLinePolicy::Pass, p));
    assert_eq!(out.content, b"a\nb\r.c\r\n");
    assert_eq!(out.bares.len(), 2);
}

#[test]
fn reject_drops_bare_octets_but_keeps_the_rest() {
    let input = b"a\nb\r\n.\r\n";
    let out = same_for_all_splits(input, |p| run_data(BareLinePolicy::Reject, p));
    assert_eq!(out.content, b"ab\r\n");
    assert_eq!(out.bares.len(), 1);
}

#[test]
fn one_byte_at_a_time_costs_a_constant_number_of_calls_per_byte() {
    let mut input = Vec::new();
    for _ in 0..500 {
        input.extend_from_slice(b"..line\r\n\r\n.x\r");
    }
    input.extend_from_slice(b"\n.\r\n");
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    let calls = count_data_calls(BareLinePolicy::Reject, &bytes);
    // At most one call that consumes a byte plus one NeedMore per byte, and
    // a few extra per line for the static CRLF pieces.
    assert!(
        calls <= 3 * input.len(),
        "{calls} calls for {} bytes",
        input.len()
    );
    let whole = count_data_calls(BareLinePolicy::Reject, &[&input]);
    assert!(whole <= 4 * 1500, "{whole} calls");
}
