//! Whole dialogues from the RFCs: every command and reply decodes, and
//! encodes back to the same bytes (the examples are all in canonical form).

use smtp_proto::encode::Encode;
use smtp_proto::parse;
use smtp_proto::types::*;

/// `C:` lines are commands; consecutive `S:` lines form one reply each
/// time a final line (`NNN ` or `NNN`) ends it.
fn dialogue(lines: &[&str]) -> (Vec<Command<'static>>, Vec<Reply<'static>>) {
    let mut commands = Vec::new();
    let mut replies = Vec::new();
    let mut pending = Vec::new();
    for l in lines {
        let (who, text) = l.split_at(3);
        let wire = format!("{text}\r\n").into_bytes();
        match who {
            "C: " => {
                let c = parse::command(&wire).unwrap_or_else(|e| panic!("{text:?}: {e}"));
                assert_eq!(c.to_vec(), wire, "re-encoding {text:?}");
                commands.push(c.into_static());
            }
            "S: " => {
                pending.extend_from_slice(&wire);
                let line = parse::reply_line(&wire).unwrap_or_else(|e| panic!("{text:?}: {e}"));
                if line.last {
                    let r = parse::reply(&pending).unwrap_or_else(|e| panic!("{text:?}: {e}"));
                    assert_eq!(r.to_vec(), pending, "re-encoding reply ending {text:?}");
                    replies.push(r.into_static());
                    pending.clear();
                }
            }
            _ => panic!("bad test line {l:?}"),
        }
    }
    assert!(pending.is_empty(), "unfinished reply");
    (commands, replies)
}

#[test]
fn rfc5321_d1_typical_transaction() {
    let (c, r) = dialogue(&[
        "S: 220 foo.com Simple Mail Transfer Service Ready",
        "C: EHLO bar.com",
        "S: 250-foo.com greets bar.com",
        "S: 250-8BITMIME",
        "S: 250-SIZE",
        "S: 250-DSN",
        "S: 250 HELP",
        "C: MAIL FROM:<Smith@bar.com>",
        "S: 250 OK",
        "C: RCPT TO:<Jones@foo.com>",
        "S: 250 OK",
        "C: RCPT TO:<Green@foo.com>",
        "S: 550 No such user here",
        "C: RCPT TO:<Brown@foo.com>",
        "S: 250 OK",
        "C: DATA",
        "S: 354 Start mail input; end with <CRLF>.<CRLF>",
        "S: 250 OK",
        "C: QUIT",
        "S: 221 foo.com Service closing transmission channel",
    ]);
    assert_eq!(c.len(), 7);
    assert_eq!(r.len(), 9);
    let ehlo = r[1].ehlo().unwrap();
    assert_eq!(ehlo.domain(), b"foo.com");
    assert_eq!(
        ehlo.capabilities,
        [
            Capability::EightBitMime,
            Capability::Size(None),
            Capability::Dsn,
            Capability::Help
        ]
    );
    assert!(r[3].code().is_positive_completion());
    assert!(r[4].code().is_permanent_negative());
    assert!(r[6].code().is_positive_intermediate());
}

#[test]
fn rfc5321_d2_aborted_transaction() {
    let (c, _) = dialogue(&[
        "C: MAIL FROM:<Smith@bar.com>",
        "S: 250 OK",
        "C: RSET",
        "S: 250 OK",
    ]);
    assert_eq!(c[1], Command::Rset);
}

#[test]
fn rfc5321_d3_relayed_single_line_ehlo() {
    let (_, r) = dialogue(&["S: 250 xyz.com is on the air"]);
    let e = r[0].ehlo().unwrap();
    assert_eq!(e.domain(), b"xyz.com");
    assert!(e.capabilities.is_empty());
}

#[test]
fn rfc3461_10_1_dsn_submission() {
    let (c, r) = dialogue(&[
        "S: 220 Example.ORG SMTP server here",
        "C: EHLO Example.ORG",
        "S: 250-Example.ORG",
        "S: 250-DSN",
        "S: 250-EXPN",
        "S: 250 SIZE",
        "C: MAIL FROM:<Alice@Example.ORG> RET=HDRS ENVID=QQ314159",
        "C: RCPT TO:<Bob@Example.COM> NOTIFY=SUCCESS ORCPT=rfc822;Bob@Example.COM",
        "C: RCPT TO:<Dana@Ivory.EDU> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Dana@Ivory.EDU",
        "C: RCPT TO:<Fred@Bombs.AF.MIL> NOTIFY=NEVER",
    ]);
    assert_eq!(
        r[1].ehlo().unwrap().capabilities,
        [Capability::Dsn, Capability::Expn, Capability::Size(None)]
    );
    let Command::Mail { params, .. } = &c[1] else {
        panic!()
    };
    assert_eq!(params.get("RET"), Some(&Param::Ret(Ret::Hdrs)));
    let Some(Param::EnvId(id)) = params.get("envid") else {
        panic!()
    };
    assert_eq!(&*id.decode(), b"QQ314159");
    let Command::Rcpt { params, .. } = &c[3] else {
        panic!()
    };
    let Some(Param::Notify(n)) = params.get("NOTIFY") else {
        panic!()
    };
    assert!(n.success() && n.failure() && !n.delay());
    let Some(Param::Orcpt(o)) = params.get("ORCPT") else {
        panic!()
    };
    assert_eq!((o.addr_type(), o.addr()), ("rfc822", "Dana@Ivory.EDU"));
    let Command::Rcpt { params, .. } = &c[4] else {
        panic!()
    };
    assert_eq!(params.get("NOTIFY"), Some(&Param::Notify(Notify::NEVER)));
}

#[test]
fn rfc3030_4_2_pipelined_binarymime() {
    let (c, r) = dialogue(&[
        "S: 220 cnri.reston.va.us SMTP service ready",
        "C: EHLO ymir.claremont.edu",
        "S: 250-cnri.reston.va.us says hello",
        "S: 250-PIPELINING",
        "S: 250-BINARYMIME",
        "S: 250 CHUNKING",
        "C: MAIL FROM:<ned@ymir.claremont.edu> BODY=BINARYMIME",
        "C: RCPT TO:<gvaudre@cnri.reston.va.us>",
        "C: RCPT TO:<jstewart@cnri.reston.va.us>",
        "S: 250 <ned@ymir.claremont.edu>... Sender and BINARYMIME ok",
        "S: 250 <gvaudre@cnri.reston.va.us>... Recipient ok",
        "S: 250 <jstewart@cnri.reston.va.us>... Recipient ok",
        "C: BDAT 100000",
        "C: BDAT 324",
        "C: BDAT 0 LAST",
        "S: 250 100000 octets received",
        "S: 250 324 octets received",
        "S: 250 Message OK, 100324 octets received",
        "C: QUIT",
        "S: 221 Goodbye",
    ]);
    assert_eq!(
        r[1].ehlo().unwrap().capabilities,
        [
            Capability::Pipelining,
            Capability::BinaryMime,
            Capability::Chunking
        ]
    );
    let Command::Mail { params, .. } = &c[1] else {
        panic!()
    };
    assert_eq!(params.body(), Some(Body::BinaryMime));
    assert_eq!(
        c[4],
        Command::Bdat {
            size: 100000,
            last: false
        }
    );
    assert_eq!(
        c[6],
        Command::Bdat {
            size: 0,
            last: true
        }
    );
}

#[test]
fn rfc2920_helo_and_pipelined_commands() {
    let (c, _) = dialogue(&[
        "S: 220 Innosoft.com SMTP service ready",
        "C: HELO dbc.mtview.ca.us",
        "S: 250 Innosoft.com",
        "C: MAIL FROM:<mrose@dbc.mtview.ca.us>",
        "C: RCPT TO:<ned@innosoft.com>",
        "S: 250 sender <mrose@dbc.mtview.ca.us> OK",
        "S: 250 recipient <ned@innosoft.com> OK",
    ]);
    assert!(matches!(&c[0], Command::Helo(Domain::Name(d)) if d.as_str() == "dbc.mtview.ca.us"));
}

#[test]
fn rfc2033_lmtp_lhlo_and_per_recipient_replies() {
    // RFC 2033 §4.2 example.
    let (c, r) = dialogue(&[
        "S: 220 foo.edu LMTP server ready",
        "C: LHLO foo.edu",
        "S: 250-foo.edu",
        "S: 250-PIPELINING",
        "S: 250 SIZE",
        "C: MAIL FROM:<chris@bar.com>",
        "S: 250 OK",
        "C: RCPT TO:<pat@foo.edu>",
        "S: 250 OK",
        "C: RCPT TO:<jones@foo.edu>",
        "S: 550 No such user here",
        "C: DATA",
        "S: 354 Start mail input; end with <CRLF>.<CRLF>",
        "S: 250 OK",
        "S: 452 <lee@foo.edu> is temporarily over quota",
        "C: QUIT",
        "S: 221 foo.edu closing connection",
    ]);
    assert!(matches!(&c[0], Command::Lhlo(_)));
    assert_eq!(
        r[1].ehlo().unwrap().capabilities,
        [Capability::Pipelining, Capability::Size(None)]
    );
    assert!(r[7].code().is_transient_negative());
}

#[test]
fn rfc4954_auth_exchange() {
    // RFC 4954 §7 examples.
    let (c, r) = dialogue(&[
        "S: 250-smtp.example.com Hello client.example.com",
        "S: 250-AUTH GSSAPI DIGEST-MD5",
        "S: 250-ENHANCEDSTATUSCODES",
        "S: 250 STARTTLS",
        "C: STARTTLS",
        "S: 220 Ready to start TLS",
        "C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=",
        "S: 235 2.7.0 Authentication successful",
        "C: AUTH GSSAPI",
        // RFC 4954 §4: `"334" SP [base64]`; the RFC's text drops the
        // trailing space of this empty challenge.
        "S: 334 ",
        "C: AUTH EXTERNAL =",
    ]);
    let e = r[0].ehlo().unwrap();
    let mechs: Vec<_> = e.auth_mechanisms().map(|m| m.as_str().to_owned()).collect();
    assert_eq!(mechs, ["GSSAPI", "DIGEST-MD5"]);
    assert_eq!(c[0], Command::StartTls);
    assert_eq!(
        r[2].enhanced_code().map(|e| e.to_string()),
        Some("2.7.0".into())
    );
    assert!(parse::auth_challenge(&r[3]).unwrap().is_empty());
    let Command::Auth {
        initial_response: Some(ir),
        ..
    } = &c[3]
    else {
        panic!()
    };
    assert!(ir.is_empty());
    let lines: [&[u8]; 2] = [
        b"YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=\r\n",
        b"*\r\n",
    ];
    assert!(matches!(
        parse::auth_response(lines[0]),
        Ok(AuthResponse::Data(_))
    ));
    assert_eq!(parse::auth_response(lines[1]), Ok(AuthResponse::Cancel));
}

#[test]
fn rfc6531_smtputf8_transaction() {
    let (c, _) = dialogue(&[
        "C: MAIL FROM:<用户@例子.广告> SMTPUTF8",
        "C: RCPT TO:<θσερ@παράδειγμα.δοκιμή>",
    ]);
    let Command::Mail { params, .. } = &c[0] else {
        panic!()
    };
    assert!(params.smtputf8());
    assert!(c[0].requires_smtputf8() && c[1].requires_smtputf8());
}
