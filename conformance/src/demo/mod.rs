//! `mailwire demo`: a message submitted over SMTP and read back over POP3,
//! on 127.0.0.1, with servers and clients built from `smtp-proto` and
//! `pop3-proto` sessions driven by blocking `std::net` sockets.
//!
//! Every command and reply is printed as the receiving session decodes it:
//! `C>` lines are what a server decoded, `S>` lines what a client decoded.

mod net;
mod pop3;
mod smtp;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{Context, bail};

/// The message the demo submits. One line starts with a dot, so the SMTP
/// client must stuff it and both the SMTP server and the POP3 client must
/// unstuff it.
pub const MESSAGE: &[u8] = b"From: Alice <alice@example.org>\r\n\
To: Bob <bob@example.org>\r\n\
Subject: mailwire demo\r\n\
\r\n\
Hello Bob,\r\n\
.this line starts with a dot and travels dot-stuffed.\r\n\
..and this one with two.\r\n\
Bye.\r\n";

/// Messages stored by the SMTP server, read by the POP3 server.
pub type Mailbox = Arc<Mutex<Vec<Vec<u8>>>>;

/// Where the demo's parts report what they decoded.
#[derive(Clone)]
pub struct Log(mpsc::Sender<String>);

impl Log {
    /// A message the server of `protocol` decoded from its client.
    pub fn from_client(&self, protocol: &str, rendering: impl std::fmt::Display) {
        let _ = self.0.send(format!("{protocol:<4} C> {rendering}"));
    }

    /// A message the client of `protocol` decoded from its server.
    pub fn from_server(&self, protocol: &str, rendering: impl std::fmt::Display) {
        let _ = self.0.send(format!("{protocol:<4} S> {rendering}"));
    }

    /// A note of the demo itself.
    pub fn note(&self, text: impl std::fmt::Display) {
        let _ = self.0.send(format!("---- {text}"));
    }
}

/// Runs the demonstration, printing to `out`.
pub fn run(out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let started = Instant::now();
    let mailbox: Mailbox = Arc::default();
    let (tx, rx) = mpsc::channel();
    let log = Log(tx);

    let smtp_listener = net::listen()?;
    let pop3_listener = net::listen()?;
    let smtp_addr = smtp_listener.local_addr()?;
    let pop3_addr = pop3_listener.local_addr()?;

    let (mut commands, mut replies) = (0usize, 0usize);
    let outcome = std::thread::scope(|scope| -> anyhow::Result<Vec<u8>> {
        let smtp_server = {
            let (log, mailbox) = (log.clone(), mailbox.clone());
            scope.spawn(move || smtp::serve(&smtp_listener, &mailbox, &log))
        };
        let pop3_server = {
            let (log, mailbox) = (log.clone(), mailbox.clone());
            scope.spawn(move || pop3::serve(&pop3_listener, &mailbox, &log))
        };
        let clients = {
            let log = log.clone();
            scope.spawn(move || -> anyhow::Result<Vec<u8>> {
                log.note(format!("SMTP server on {smtp_addr}, submitting a message"));
                smtp::submit(smtp_addr, MESSAGE, &log).context("SMTP client")?;
                log.note(format!("POP3 server on {pop3_addr}, reading it back"));
                pop3::fetch(pop3_addr, &log).context("POP3 client")
            })
        };
        drop(log);
        // Print as the parts decode, until every part has hung up.
        for line in rx {
            if line.contains(" C> ") {
                commands += 1;
            } else if line.contains(" S> ") {
                replies += 1;
            }
            writeln!(out, "{line}")?;
        }
        let joined = |r: std::thread::Result<anyhow::Result<()>>, what: &str| match r {
            Ok(r) => r.with_context(|| what.to_string()),
            Err(_) => bail!("{what} panicked"),
        };
        joined(smtp_server.join(), "SMTP server")?;
        joined(pop3_server.join(), "POP3 server")?;
        match clients.join() {
            Ok(r) => r,
            Err(_) => bail!("the clients panicked"),
        }
    })?;

    let elapsed = started.elapsed();
    writeln!(out)?;
    writeln!(out, "summary:")?;
    writeln!(
        out,
        "  decoded  {commands} client messages and {replies} server messages (replies and body parts)"
    )?;
    writeln!(out, "  sent     {} octets over SMTP", MESSAGE.len())?;
    writeln!(out, "  received {} octets over POP3", outcome.len())?;
    if outcome != MESSAGE {
        bail!(
            "the message read back differs from the one sent:\n  sent     \"{}\"\n  received \"{}\"",
            crate::transcript::escape(MESSAGE),
            crate::transcript::escape(&outcome)
        );
    }
    writeln!(
        out,
        "  the message read back is byte for byte the message sent (in {} ms)",
        elapsed.as_millis()
    )?;
    Ok(())
}
