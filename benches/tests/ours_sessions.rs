//! The session drivers carry whole conversations: every reply reaches the
//! client and every content octet the other side, in any piece size.

use mailwire_benches::corpus::{body, pop3};
use mailwire_benches::ours::pop3_session::{self, Mailbox};
use mailwire_benches::ours::smtp_session;
use mailwire_benches::pieces::Pieces;

#[test]
fn smtp_transaction_delivers_the_content_and_every_reply() {
    let b = body::body(3_000);
    let pair = smtp_session::conversation(&b.plain);
    assert_eq!(pair.body_octets, b.plain.len());
    // Greeting, one per command, the final 250.
    assert_eq!(pair.replies, 1 + smtp_session::CONVERSATION.len() + 1);
    assert_eq!(pair.client.outstanding(), 0);
    assert!(!pair.server.awaits_reply());
}

#[test]
fn smtp_server_session_reads_content_in_every_piece_size() {
    let b = body::body(3_000);
    for pieces in Pieces::ALL {
        let mut server = smtp_session::server_awaiting_content();
        assert_eq!(
            smtp_session::server_content(&mut server, &b.wire, pieces),
            b.plain.len(),
            "{pieces:?}"
        );
    }
}

#[test]
fn pop3_conversation_delivers_listings_and_the_message() {
    let b = body::body(3_000);
    let (list, uidl) = (pop3::list_reply(), pop3::uidl_reply());
    let mailbox = Mailbox {
        body: &b,
        list: &list,
        uidl: &uidl,
        capa: pop3::CAPA_REPLY,
    };
    let pair = pop3_session::conversation(&mailbox);
    assert_eq!(pair.body_octets, b.plain.len());
    // 10,000 LIST lines and 10,000 UIDL lines at least.
    assert!(pair.client_events > 2 * pop3::MAILDROP_MESSAGES);
    assert_eq!(pair.client.outstanding(), 0);
    assert_eq!(pair.client.capabilities().map(<[_]>::len), Some(12));
}

#[test]
fn pop3_client_session_reads_retr_in_every_piece_size() {
    let b = body::body(3_000);
    let retr = pop3::retr_reply(&b);
    for pieces in Pieces::ALL {
        let mut client = pop3_session::client_awaiting_retr();
        assert_eq!(
            pop3_session::client_retr(&mut client, &retr, pieces),
            b.plain.len(),
            "{pieces:?}"
        );
    }
}
