//! `mailwire demo`: a message submitted over SMTP and read back over POP3.

/// Runs the demonstration, printing to `out`.
pub fn run(out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    writeln!(out, "mailwire demo: waiting for the protocol crates")?;
    anyhow::bail!("the smtp-proto and pop3-proto sessions are not merged yet")
}
