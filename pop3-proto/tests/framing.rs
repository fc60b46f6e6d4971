//! Framer tests; every input is also decoded at every split point.

use pop3_proto::framing::{
    BareLf, BodyDecoder, BodyStep, DotStuffer, FrameError, FrameErrorKind, LineFramer, LineStep,
};
use proptest::prelude::*;

/// What decoding one body produced.
#[derive(Debug, PartialEq, Eq)]
struct Decoded {
    content: Vec<u8>,
    errors: Vec<FrameError>,
    /// Input bytes consumed through the terminator, if it was reached.
    end: Option<usize>,
}

/// Feeds `input` to a decoder in the chunks `cuts` delimit, as a session
/// would: a buffer that grows on receive and shrinks by what each step names.
fn decode_chunked(input: &[u8], cuts: &[usize], mut dec: BodyDecoder) -> Decoded {
    let mut buf: Vec<u8> = Vec::new();
    let mut out = Decoded {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
    };
    let mut fed = 0;
    let mut dropped = 0;
    let mut bounds: Vec<usize> = cuts.to_vec();
    bounds.push(input.len());
    for &b in &bounds {
        buf.extend_from_slice(&input[fed..b]);
        fed = b;
        loop {
            match dec.decode(&buf) {
                Ok(BodyStep::Data(n)) => {
                    assert!(n > 0, "empty data step");
                    out.content.extend_from_slice(&buf[..n]);
                    buf.drain(..n);
                    dropped += n;
                }
                Ok(BodyStep::Crlf) => {
                    out.content.extend_from_slice(b"\r\n");
                    buf.drain(..1);
                    dropped += 1;
                }
                Ok(BodyStep::Skip(n)) => {
                    assert!(n > 0 || buf.is_empty(), "stalled skip");
                    buf.drain(..n);
                    dropped += n;
                    if n == 0 {
                        break;
                    }
                }
                Ok(BodyStep::End(n)) => {
                    dropped += n;
                    out.end = Some(dropped);
                    return out;
                }
                Ok(BodyStep::NeedMore) => break,
                Err(e) => out.errors.push(e),
            }
        }
    }
    out
}

fn decoder() -> BodyDecoder {
    BodyDecoder::new(1000, 1 << 20, BareLf::Pass)
}

/// Decodes whole, then at every split point, and at every byte; all must agree.
fn decode_all_ways(input: &[u8], make: impl Fn() -> BodyDecoder) -> Decoded {
    let whole = decode_chunked(input, &[], make());
    let bytewise: Vec<usize> = (1..input.len()).collect();
    let splits = (0..=input.len()).map(|cut| vec![cut]).chain([bytewise]);
    for cuts in splits {
        let got = decode_chunked(input, &cuts, make());
        assert_eq!(got.errors, whole.errors, "cuts {cuts:?} of {input:?}");
        assert_eq!(got.end, whole.end, "cuts {cuts:?} of {input:?}");
        if whole.errors.is_empty() {
            assert_eq!(got.content, whole.content, "cuts {cuts:?} of {input:?}");
        } else {
            // An error abandons the body; what came before it depends on
            // where the input was split, and is a prefix of the body.
            let lax = BodyDecoder::new(usize::MAX, u64::MAX, BareLf::Pass);
            let full = decode_chunked(input, &[], lax).content;
            assert!(
                full.starts_with(&got.content),
                "cuts {cuts:?}: not a prefix"
            );
        }
    }
    whole
}

fn stuffed(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut s = DotStuffer::new();
    s.stuff(body, &mut out);
    s.finish(&mut out);
    out
}

#[test]
fn top_zero_gives_headers_and_blank_line() {
    let wire = b"Subject: hi\r\nFrom: a@example.org\r\n\r\n.\r\n+OK next\r\n";
    let d = decode_all_ways(wire, decoder);
    assert_eq!(d.content, b"Subject: hi\r\nFrom: a@example.org\r\n\r\n");
    assert_eq!(d.end, Some(wire.len() - b"+OK next\r\n".len()));
    assert!(d.errors.is_empty());
}

#[test]
fn empty_body_is_the_terminator_alone() {
    let d = decode_all_ways(b".\r\n+OK", decoder);
    assert_eq!(d.content, b"");
    assert_eq!(d.end, Some(3));
    assert_eq!(stuffed(b""), b".\r\n");
}

#[test]
fn stuffed_dot_lines_are_unstuffed_first_line_too() {
    let wire = b"..\r\n..x\r\na\r\n...\r\n.\r\n";
    let d = decode_all_ways(wire, decoder);
    assert_eq!(d.content, b".\r\n.x\r\na\r\n..\r\n");
    assert_eq!(d.end, Some(wire.len()));
    assert_eq!(stuffed(b".\r\n.x\r\na\r\n..\r\n"), wire);
}

#[test]
fn dot_followed_by_other_octets_is_stripped() {
    // RFC 1939 §3: the dot is stripped whenever something other than CRLF
    // follows, even a lone CR.
    let d = decode_all_ways(b".\rX\r\n.\r\n", decoder);
    assert_eq!(d.content, b"\rX\r\n");
}

#[test]
fn dots_inside_lines_are_content() {
    let d = decode_all_ways(b"a.b\r\n x.\r\n.\r\n", decoder);
    assert_eq!(d.content, b"a.b\r\n x.\r\n");
}

#[test]
fn body_without_final_crlf_gets_one() {
    let wire = stuffed(b"no newline");
    assert_eq!(wire, b"no newline\r\n.\r\n");
    let d = decode_all_ways(&wire, decoder);
    assert_eq!(d.content, b"no newline\r\n");
    // A trailing lone CR is a bare CR: it is sent as the line's CRLF.
    assert_eq!(stuffed(b"x\r"), b"x\r\n.\r\n");
}

#[test]
fn eight_bit_and_nul_bytes_pass() {
    let body: Vec<u8> = (0u8..=255)
        .filter(|b| *b != b'\n' && *b != b'\r')
        .chain(*b"\r\n")
        .collect();
    let wire = stuffed(&body);
    let d = decode_all_ways(&wire, decoder);
    assert_eq!(d.content, body);
}

#[test]
fn crlf_dot_crlf_split_anywhere_ends_the_body_once() {
    let wire = b"a\r\n..\r\n.\r\n.\r\n";
    let d = decode_all_ways(wire, decoder);
    assert_eq!(d.content, b"a\r\n.\r\n");
    assert_eq!(d.end, Some(10));
}

#[test]
fn over_long_body_line_is_reported_and_body_skipped_to_its_end() {
    let mut wire = b"short\r\n".to_vec();
    wire.extend(std::iter::repeat_n(b'x', 50));
    wire.extend_from_slice(b"\r\n..\r\nmore\r\n.\r\n+OK after\r\n");
    let d = decode_all_ways(&wire, || BodyDecoder::new(20, 1 << 20, BareLf::Pass));
    assert_eq!(d.errors.len(), 1);
    assert_eq!(
        d.errors[0].kind,
        FrameErrorKind::BodyLineTooLong { limit: 20, line: 2 }
    );
    assert_eq!(d.errors[0].offset, 7);
    assert_eq!(d.end, Some(wire.len() - b"+OK after\r\n".len()));
}

#[test]
fn over_long_body_is_reported_once() {
    let body = b"0123456789\r\n".repeat(10);
    let wire = stuffed(&body);
    let d = decode_all_ways(&wire, || BodyDecoder::new(100, 50, BareLf::Pass));
    assert_eq!(
        d.errors,
        vec![FrameError {
            kind: FrameErrorKind::BodyTooLong { limit: 50 },
            offset: 50
        }]
    );
    assert_eq!(d.end, Some(wire.len()));
    assert!(d.content.len() <= 50);
}

#[test]
fn bare_lf_policies() {
    let wire = b"a\nb\r\n\n\r\n.\r\n";
    let pass = decode_all_ways(wire, || BodyDecoder::new(100, 100, BareLf::Pass));
    assert_eq!(pass.content, b"a\nb\r\n\n\r\n");
    let norm = decode_all_ways(wire, || BodyDecoder::new(100, 100, BareLf::Normalize));
    assert_eq!(norm.content, b"a\r\nb\r\n\r\n\r\n");
    assert_eq!(norm.end, Some(wire.len()));
    let rej = decode_all_ways(wire, || BodyDecoder::new(100, 100, BareLf::Reject));
    assert_eq!(
        rej.errors,
        vec![FrameError {
            kind: FrameErrorKind::BodyBareLf { line: 1 },
            offset: 0
        }]
    );
    assert_eq!(rej.end, Some(wire.len()));
}

#[test]
fn bare_lf_never_ends_the_body() {
    // Only CRLF.CRLF ends a body: "\n.\r\n" is content under every policy.
    let wire = b"a\n.\r\nb\r\n.\r\n";
    for policy in [BareLf::Pass, BareLf::Normalize, BareLf::Reject] {
        let d = decode_all_ways(wire, || BodyDecoder::new(100, 100, policy));
        assert_eq!(d.end, Some(wire.len()), "{policy:?}");
    }
}

#[test]
fn bare_cr_policies() {
    // A CR not followed by LF is content that framing never treats as a
    // line end, and each policy reports or changes it, never silently.
    let wire = b"ab\rcd\r\n\r.x\r\n.\r\n";
    let pass = decode_all_ways(wire, || BodyDecoder::new(100, 100, BareLf::Pass));
    assert_eq!(pass.content, b"ab\rcd\r\n\r.x\r\n");
    assert_eq!(pass.end, Some(wire.len()));
    let norm = decode_all_ways(wire, || BodyDecoder::new(100, 100, BareLf::Normalize));
    assert_eq!(norm.content, b"ab\r\ncd\r\n\r\n.x\r\n");
    assert_eq!(norm.end, Some(wire.len()));
    let rej = decode_all_ways(wire, || BodyDecoder::new(100, 100, BareLf::Reject));
    assert_eq!(
        rej.errors,
        vec![FrameError {
            kind: FrameErrorKind::BodyBareCr { line: 1 },
            offset: 0
        }]
    );
    assert_eq!(rej.end, Some(wire.len()));
    // The second line's bare CR: the first line is handed out first.
    let wire = b"ok\r\nx\ry\r\n.\r\n";
    let rej = decode_all_ways(wire, || BodyDecoder::new(100, 100, BareLf::Reject));
    assert_eq!(rej.content, b"ok\r\n");
    assert_eq!(
        rej.errors,
        vec![FrameError {
            kind: FrameErrorKind::BodyBareCr { line: 2 },
            offset: 4
        }]
    );
}

#[test]
fn the_first_bare_cr_is_reported_once_at_its_offset() {
    for policy in [BareLf::Pass, BareLf::Normalize] {
        let wire = b"abc\rd\re\r\n.\r\n";
        for cut in 0..=wire.len() {
            let mut dec = BodyDecoder::new(100, 100, policy);
            let mut buf = Vec::new();
            let mut seen = Vec::new();
            for piece in [&wire[..cut], &wire[cut..]] {
                buf.extend_from_slice(piece);
                loop {
                    let step = dec.decode(&buf).unwrap();
                    if let Some(at) = dec.take_bare_cr() {
                        seen.push(at);
                    }
                    match step {
                        BodyStep::Data(n) | BodyStep::Skip(n) => drop(buf.drain(..n)),
                        BodyStep::Crlf => drop(buf.drain(..1)),
                        BodyStep::End(_) | BodyStep::NeedMore => break,
                    }
                }
            }
            assert_eq!(seen, [3], "{policy:?} cut {cut}");
            assert!(dec.is_done());
        }
    }
}

#[test]
fn a_cr_at_the_end_of_the_input_waits_for_the_next_byte() {
    let mut dec = BodyDecoder::new(100, 100, BareLf::Normalize);
    assert_eq!(dec.decode(b"ab\r"), Ok(BodyStep::Data(2)));
    assert_eq!(dec.decode(b"\r"), Ok(BodyStep::NeedMore));
    assert_eq!(dec.decode(b"\rz"), Ok(BodyStep::Crlf));
    assert_eq!(dec.decode(b"z\r\n.\r\n"), Ok(BodyStep::Data(3)));
}

#[test]
fn stuffer_normalizes_bare_cr_unless_told_to_pass() {
    // The bare CR becomes CRLF, so the dot after it starts a line.
    assert_eq!(stuffed(b"a\r.b\r\nc"), b"a\r\n..b\r\nc\r\n.\r\n");
    for cut in 0..=4 {
        let body = b"a\r.b";
        let mut out = Vec::new();
        let mut s = DotStuffer::new();
        s.stuff(&body[..cut], &mut out);
        s.stuff(&body[cut..], &mut out);
        s.finish(&mut out);
        assert_eq!(out, b"a\r\n..b\r\n.\r\n", "cut {cut}");
    }
    let mut out = Vec::new();
    let mut s = DotStuffer::passing_bare_lf();
    s.stuff(b"a\r.b", &mut out);
    s.finish(&mut out);
    assert_eq!(out, b"a\r.b\r\n.\r\n");
}

#[test]
fn stuffer_normalizes_bare_lf_unless_told_to_pass() {
    assert_eq!(stuffed(b"a\n.b\n"), b"a\r\n..b\r\n.\r\n");
    let mut out = Vec::new();
    let mut s = DotStuffer::passing_bare_lf();
    s.stuff(b"a\n.b\n", &mut out);
    s.finish(&mut out);
    assert_eq!(out, b"a\n.b\n\r\n.\r\n");
}

#[test]
fn stuffer_handles_dots_and_crlf_across_chunks() {
    let body = b"x\r\n.\r\n..y\r\n.";
    let whole = stuffed(body);
    for cut in 0..=body.len() {
        for cut2 in cut..=body.len() {
            let mut out = Vec::new();
            let mut s = DotStuffer::new();
            s.stuff(&body[..cut], &mut out);
            s.stuff(&body[cut..cut2], &mut out);
            s.stuff(&body[cut2..], &mut out);
            s.finish(&mut out);
            assert_eq!(out, whole, "cuts {cut} {cut2}");
        }
    }
    assert_eq!(whole, b"x\r\n..\r\n...y\r\n..\r\n.\r\n");
}

/// Frames every line of `input` fed in the chunks `cuts` delimit; returns
/// lines and refusals in order.
fn lines_chunked(input: &[u8], cuts: &[usize], limit: usize) -> Vec<Result<Vec<u8>, ()>> {
    let mut f = LineFramer::new();
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut fed = 0;
    let mut bounds = cuts.to_vec();
    bounds.push(input.len());
    for &b in &bounds {
        buf.extend_from_slice(&input[fed..b]);
        fed = b;
        loop {
            match f.poll(&buf, limit) {
                LineStep::Line { len, .. } => {
                    out.push(Ok(buf[..len].to_vec()));
                    buf.drain(..len);
                }
                LineStep::TooLong { skip, .. } => {
                    out.push(Err(()));
                    buf.drain(..skip);
                }
                LineStep::Skip { len, .. } => {
                    buf.drain(..len);
                    if len == 0 {
                        break;
                    }
                }
                LineStep::NeedMore => break,
            }
        }
    }
    out
}

#[test]
fn line_framer_at_every_split_point() {
    let input = b"USER a\r\nAPOP mrose c4c9334bac560ecc979e58001b3e22fb\r\nXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\r\nQUIT\r\n";
    let want: Vec<Result<Vec<u8>, ()>> = vec![
        Ok(b"USER a\r\n".to_vec()),
        Ok(b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n".to_vec()),
        Err(()),
        Ok(b"QUIT\r\n".to_vec()),
    ];
    assert_eq!(lines_chunked(input, &[], 50), want);
    for cut in 0..=input.len() {
        assert_eq!(lines_chunked(input, &[cut], 50), want, "split at {cut}");
    }
    let bytewise: Vec<usize> = (1..input.len()).collect();
    assert_eq!(lines_chunked(input, &bytewise, 50), want);
}

proptest! {
    #[test]
    fn stuff_then_unstuff_round_trips(
        body in proptest::collection::vec(
            prop_oneof![Just(b'.'), Just(b'\r'), Just(b'\n'), any::<u8>()], 0..200),
        cuts in proptest::collection::vec(0usize..400, 0..6),
    ) {
        let mut wire = Vec::new();
        let mut s = DotStuffer::passing_bare_lf();
        // Stuff in the same random chunks the decoder is fed with.
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (body.len() + 1)).collect();
        bounds.sort_unstable();
        let mut from = 0;
        for &b in bounds.iter().chain(std::iter::once(&body.len())) {
            s.stuff(&body[from..b], &mut wire);
            from = b;
        }
        s.finish(&mut wire);
        let mut wire_cuts: Vec<usize> = cuts.iter().map(|c| c % (wire.len() + 1)).collect();
        wire_cuts.sort_unstable();
        let d = decode_chunked(&wire, &wire_cuts, BodyDecoder::new(usize::MAX, u64::MAX, BareLf::Pass));
        let mut want = body.clone();
        if !want.is_empty() && !want.ends_with(b"\r\n") {
            want.extend_from_slice(b"\r\n");
        }
        prop_assert_eq!(d.content, want);
        prop_assert_eq!(d.end, Some(wire.len()));
        prop_assert!(d.errors.is_empty());
    }
}

/// What the normalizing stuffer promises: every bare CR, bare LF and CRLF
/// becomes CRLF, and a non-empty body ends with one.
fn normalized(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        match (b, body.get(i + 1)) {
            (b'\r', Some(b'\n')) => {
                out.extend_from_slice(b"\r\n");
                i += 2;
                continue;
            }
            (b'\r' | b'\n', _) => out.extend_from_slice(b"\r\n"),
            _ => out.push(b),
        }
        i += 1;
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

proptest! {
    #[test]
    fn normalizing_stuffer_output_passes_a_strict_decoder(
        body in proptest::collection::vec(
            prop_oneof![Just(b'.'), Just(b'\r'), Just(b'\n'), any::<u8>()], 0..200),
        cut in 0usize..200,
    ) {
        let cut = cut.min(body.len());
        let mut wire = Vec::new();
        let mut s = DotStuffer::new();
        s.stuff(&body[..cut], &mut wire);
        s.stuff(&body[cut..], &mut wire);
        s.finish(&mut wire);
        let d = decode_chunked(&wire, &[cut.min(wire.len())], BodyDecoder::new(usize::MAX, u64::MAX, BareLf::Reject));
        prop_assert!(d.errors.is_empty(), "{:?}", d.errors);
        prop_assert_eq!(d.end, Some(wire.len()));
        prop_assert_eq!(d.content, normalized(&body));
    }
}
