//! Line framing, BDAT chunks and dot-stuffing, each test run at every split
//! point of its input.

mod split;

use proptest::prelude::*;
use smtp_proto::framing::{
    BareKind, BareLinePolicy, DotStuffer, LineEnding, LineFramer, LineStep, StuffPolicy,
};
use split::{run_bdat, run_data, run_lines, same_for_all_splits};

#[test]
fn lines_are_split_at_crlf() {
    let input = b"EHLO a\r\nMAIL FROM:<a@b>\r\nRC";
    let out = same_for_all_splits(input, |p| run_lines(512, p));
    assert_eq!(
        out.lines,
        vec![
            Ok(b"EHLO a\r\n".to_vec()),
            Ok(b"MAIL FROM:<a@b>\r\n".to_vec())
        ]
    );
    assert_eq!(out.rest, b"RC");
}

#[test]
fn line_of_exactly_the_limit_passes_and_one_more_fails() {
    // RFC 5321 §4.5.3.1.4: 512 octets including the CRLF.
    let mut ok = vec![b'a'; 510];
    ok.extend_from_slice(b"\r\n");
    let mut long = vec![b'a'; 511];
    long.extend_from_slice(b"\r\n");
    let mut input = ok.clone();
    input.extend_from_slice(&long);
    input.extend_from_slice(b"NOOP\r\n");
    let out = run_lines(512, &[&input]);
    assert_eq!(out.lines, vec![Ok(ok), Err(513), Ok(b"NOOP\r\n".to_vec())]);
    // and split everywhere (smaller example to keep it quick)
    let input = b"abcdefgh\r\nab\r\nabcdefghijk\r\nxy\r\n";
    let out = same_for_all_splits(input, |p| run_lines(10, p));
    assert_eq!(
        out.lines,
        vec![
            Ok(b"abcdefgh\r\n".to_vec()),
            Ok(b"ab\r\n".to_vec()),
            Err(13),
            Ok(b"xy\r\n".to_vec())
        ]
    );
}

#[test]
fn over_long_line_is_discarded_without_holding_it() {
    let mut f = LineFramer::new(16);
    let big = [b'x'; 100];
    // The framer tells the caller to drop what it holds, so memory stays
    // bounded by the limit however long the line is.
    assert_eq!(f.next_line(&big[..10]), LineStep::NeedMore);
    assert_eq!(f.next_line(&big[..20]), LineStep::Discard { len: 20 });
    assert!(f.is_discarding());
    assert_eq!(f.next_line(&big[..80]), LineStep::Discard { len: 80 });
    assert_eq!(
        f.next_line(b"yy\r\nNOOP"),
        LineStep::TooLong { len: 4, total: 104 }
    );
    assert_eq!(f.next_line(b"NOOP"), LineStep::NeedMore);
    assert_eq!(
        f.next_line(b"NOOP\r\n"),
        LineStep::Line {
            len: 6,
            ending: LineEnding::CrLf
        }
    );
}

#[test]
fn bare_lf_ends_a_line_and_is_reported_as_such() {
    let mut f = LineFramer::new(512);
    assert_eq!(
        f.next_line(b"NOOP\nQUIT\r\n"),
        LineStep::Line {
            len: 5,
            ending: LineEnding::BareLf
        }
    );
    let out = same_for_all_splits(b"A\nB\r\n\n", |p| run_lines(512, p));
    assert_eq!(
        out.lines,
        vec![
            Ok(b"A\n".to_vec()),
            Ok(b"B\r\n".to_vec()),
            Ok(b"\n".to_vec())
        ]
    );
}

#[test]
fn long_line_fed_one_byte_at_a_time() {
    let mut input = vec![b'a'; 5000];
    input.extend_from_slice(b"\r\n");
    let pieces: Vec<&[u8]> = input.chunks(1).collect();
    let out = run_lines(6000, &pieces);
    assert_eq!(out.lines, vec![Ok(input.clone())]);
}

#[test]
fn bdat_takes_exactly_the_count() {
    // RFC 3030 §2: CR, LF, dots are plain data in a chunk.
    let input = b"a\r\n.\r\nbcBDAT 0 LAST\r\n";
    let (content, ended, rest) = same_for_all_splits(input, |p| run_bdat(8, p));
    assert_eq!(content, b"a\r\n.\r\nbc");
    assert!(ended);
    assert_eq!(rest, b"BDAT 0 LAST\r\n");
}

#[test]
fn bdat_of_zero_octets_ends_at_once() {
    let (content, ended, rest) = run_bdat(0, &[b"QUIT\r\n"]);
    assert!(content.is_empty());
    assert!(ended);
    assert_eq!(rest, b"QUIT\r\n");
}

#[test]
fn bdat_waits_for_missing_octets() {
    let (content, ended, _) = same_for_all_splits(b"abc", |p| run_bdat(5, p));
    assert_eq!(content, b"abc");
    assert!(!ended);
}

fn stuff_all(
    policy: StuffPolicy,
    pieces: &[&[u8]],
) -> Result<Vec<u8>, smtp_proto::framing::BareLineEnding> {
    let mut s = DotStuffer::new(policy);
    let mut out = Vec::new();
    for p in pieces {
        s.stuff(p, &mut out)?;
    }
    s.finish(&mut out)?;
    Ok(out)
}

#[test]
fn stuffer_doubles_leading_dots_and_terminates() {
    let body = b".hidden\r\na.b\r\n..\r\n.";
    let out = same_for_all_splits(body, |p| stuff_all(StuffPolicy::Normalize, p));
    assert_eq!(out.unwrap(), b"..hidden\r\na.b\r\n...\r\n..\r\n.\r\n");
}

#[test]
fn stuffer_of_empty_body_sends_only_the_dot() {
    assert_eq!(stuff_all(StuffPolicy::Normalize, &[]).unwrap(), b".\r\n");
    assert_eq!(stuff_all(StuffPolicy::Normalize, &[b""]).unwrap(), b".\r\n");
}

#[test]
fn stuffer_adds_crlf_before_the_final_dot() {
    assert_eq!(
        stuff_all(StuffPolicy::Normalize, &[b"no newline"]).unwrap(),
        b"no newline\r\n.\r\n"
    );
    assert_eq!(
        stuff_all(StuffPolicy::Normalize, &[b"line\r\n"]).unwrap(),
        b"line\r\n.\r\n"
    );
}

#[test]
fn stuffer_normalizes_bare_line_endings() {
    let body = b"a\nb\rc\r\n.d\n.\n";
    let out = same_for_all_splits(body, |p| stuff_all(StuffPolicy::Normalize, p));
    assert_eq!(out.unwrap(), b"a\r\nb\r\nc\r\n..d\r\n..\r\n.\r\n");
    // A CR at the very end is a bare CR too.
    assert_eq!(
        stuff_all(StuffPolicy::Normalize, &[b"x\r"]).unwrap(),
        b"x\r\n.\r\n"
    );
}

#[test]
fn stuffer_rejects_bare_line_endings_with_offset() {
    let e = stuff_all(StuffPolicy::Reject, &[b"ab\r\ncd\nef"]).unwrap_err();
    assert_eq!((e.offset, e.kind), (6, BareKind::Lf));
    let e = stuff_all(StuffPolicy::Reject, &[b"ab\r", b"x"]).unwrap_err();
    assert_eq!((e.offset, e.kind), (2, BareKind::Cr));
    let e = stuff_all(StuffPolicy::Reject, &[b"ab\r"]).unwrap_err();
    assert_eq!((e.offset, e.kind), (2, BareKind::Cr));
    assert_eq!(
        same_for_all_splits(b"ab\r\n.\r\n", |p| stuff_all(StuffPolicy::Reject, p)).unwrap(),
        b"ab\r\n..\r\n.\r\n"
    );
}

#[test]
fn stuffer_reject_writes_nothing_for_a_refused_piece() {
    let mut s = DotStuffer::new(StuffPolicy::Reject);
    let mut out = Vec::new();
    s.stuff(b"good\r\n", &mut out).unwrap();
    assert!(s.stuff(b"bad\n", &mut out).is_err());
    assert_eq!(out, b"good\r\n");
}

/// Reference: what a body means once bare CR/LF are made CRLF, and the last
/// line is ended.
fn normalized(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        match (body[i], body.get(i + 1)) {
            (b'\r', Some(b'\n')) => {
                out.extend_from_slice(b"\r\n");
                i += 2;
            }
            (b'\r', _) | (b'\n', _) => {
                out.extend_from_slice(b"\r\n");
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn body_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            Just(b'.'),
            Just(b'\r'),
            Just(b'\n'),
            Just(b'a'),
            Just(0u8),
            any::<u8>()
        ],
        0..200,
    )
}

proptest! {
    #[test]
    fn stuff_then_unstuff_gives_the_body_back(
        body in body_strategy(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        tail in prop::collection::vec(any::<u8>(), 0..8),
    ) {
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(body.len() + 1)).collect();
        points.sort_unstable();
        let mut pieces = Vec::new();
        let mut last = 0;
        for p in points {
            pieces.push(&body[last..p]);
            last = p;
        }
        pieces.push(&body[last..]);
        let mut wire = stuff_all(StuffPolicy::Normalize, &pieces).unwrap();
        wire.extend_from_slice(&tail);
        let got = run_data(BareLinePolicy::Reject, &[&wire]);
        prop_assert_eq!(&got.content, &normalized(&body));
        prop_assert!(got.bares.is_empty());
        prop_assert_eq!(got.end_at, Some(wire.len() - tail.len()));
        prop_assert_eq!(got.rest, tail);
    }

    #[test]
    fn stuff_reject_refuses_exactly_bodies_with_bare_octets(body in body_strategy()) {
        let res = stuff_all(StuffPolicy::Reject, &[&body]);
        prop_assert_eq!(res.is_err(), first_bare(&body).is_some());
        if let Err(e) = res {
            prop_assert_eq!(Some(e.offset), first_bare(&body));
        }
    }
}

/// Reference: the offset of the first CR or LF that is not part of a CRLF.
fn first_bare(body: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < body.len() {
        match (body[i], body.get(i + 1)) {
            (b'\r', Some(b'\n')) => i += 2,
            (b'\r', _) | (b'\n', _) => return Some(i),
            _ => i += 1,
        }
    }
    None
}
