//! Valid lines mutated at random (deterministically): decoders never
//! panic, errors point inside the input, and whatever decodes re-encodes to
//! bytes that decode to the same value. `SMTP_MUTATIONS=2000000` runs a
//! longer loop (it passed in release mode when this was written).

use smtp_proto::encode::Encode;
use smtp_proto::parse;
use smtp_proto::quirks::Quirks;

const SEEDS: &[&[u8]] = &[
    b"MAIL FROM:<a@b.org> SIZE=100 BODY=8BITMIME RET=HDRS ENVID=QQ+2B MT-PRIORITY=-3 BY=120;RT\r\n",
    b"RCPT TO:<@x.org,@y.org:\"a b\"@[IPv6:::1]> NOTIFY=SUCCESS,DELAY ORCPT=utf-8;\xe7\x94\xa8@x RRVS=2014-04-03T23:01:00Z;C MTRK=abc:30\r\n",
    b"AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n",
    b"XCLIENT NAME=a ADDR=1.2.3.4\r\n",
    b"ETRN #q\r\n",
    b"BURL imap://x LAST\r\n",
    b"250-mx\r\n250-AUTH=PLAIN\r\n250-LIMITS RCPTMAX=5\r\n250 FUTURERELEASE 60 2026-01-01T00:00:00Z\r\n",
    b"MAIL FROM:<> HOLDUNTIL=2026-01-01T00:00:00.5+01:00 AUTH=<>\r\n",
];

const INSERTS: &[u8] = b" :<>@=;,.+-\"\\[]0aZ\xc3\r\n";

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng) -> Vec<u8> {
    let mut v = SEEDS[rng.below(SEEDS.len())].to_vec();
    for _ in 0..=rng.below(4) {
        let i = rng.below(v.len());
        match rng.below(4) {
            0 => v[i] = rng.below(256) as u8,
            1 if v.len() > 1 => {
                v.remove(i);
            }
            2 => v.insert(i, INSERTS[rng.below(INSERTS.len())]),
            _ => {
                let j = rng.below(v.len());
                v.swap(i, j);
            }
        }
    }
    v
}

#[test]
fn mutated_input_round_trips_or_errors_in_bounds() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut decoded = 0;
    let rounds = std::env::var("SMTP_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30_000);
    for _ in 0..rounds {
        let v = mutate(&mut rng);
        let shown = || v.escape_ascii().to_string();
        for q in [Quirks::strict(), Quirks::server_default()] {
            match parse::command_with(&v, &q, &mut Vec::new()) {
                Ok(c) => {
                    decoded += 1;
                    let w = c.to_vec();
                    assert_eq!(parse::command(&w).as_ref(), Ok(&c), "{}", shown());
                }
                Err(e) => assert!(e.offset <= v.len(), "{}", shown()),
            }
        }
        match parse::reply_with(&v, &Quirks::client_default(), &mut Vec::new()) {
            Ok(r) => {
                assert_eq!(parse::reply(&r.to_vec()).as_ref(), Ok(&r), "{}", shown());
                if let Ok(e) = r.ehlo() {
                    assert_eq!(
                        parse::ehlo_reply(&e.to_vec()).as_ref(),
                        Ok(&e),
                        "{}",
                        shown()
                    );
                }
            }
            Err(e) => assert!(e.offset <= v.len(), "{}", shown()),
        }
        if let Err(e) = parse::auth_response(&v) {
            assert!(e.offset <= v.len());
        }
    }
    assert!(decoded > rounds / 3, "only {decoded} mutated lines decoded");
}
