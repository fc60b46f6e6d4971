//! Real clients run as child processes: swaks, curl, and Python's smtplib
//! and poplib (through the scripts in `conformance/peers/clients/`).

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::template::peers_dir;
use super::tools::{Requirement, program};

/// What swaks needs (Net::SSLeay for its STARTTLS).
pub const SWAKS: [Requirement; 2] = [
    Requirement::Program {
        name: "swaks",
        package: "swaks",
    },
    Requirement::PerlModule {
        name: "Net::SSLeay",
        package: "libnet-ssleay-perl",
    },
];

/// What curl needs.
pub const CURL: [Requirement; 1] = [Requirement::Program {
    name: "curl",
    package: "curl",
}];

/// What the Python clients need (smtplib and poplib are in the standard
/// library).
pub const PYTHON: [Requirement; 1] = [Requirement::Program {
    name: "python3",
    package: "python3",
}];

/// How long a client may take before the test counts it as hung.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);

/// The outcome of a client run.
#[derive(Debug)]
pub struct Run {
    /// What ran.
    pub command: String,
    /// Its output.
    pub output: Output,
}

impl Run {
    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Fails with everything the client said unless it exited 0.
    pub fn expect_success(&self) -> anyhow::Result<&Self> {
        if self.output.status.success() {
            Ok(self)
        } else {
            anyhow::bail!(
                "{} failed ({})\n--- stdout\n{}\n--- stderr\n{}",
                self.command,
                self.output.status,
                self.stdout(),
                String::from_utf8_lossy(&self.output.stderr)
            )
        }
    }
}

/// Runs `cmd` to completion, killing it after [`CLIENT_TIMEOUT`].
pub fn run(cmd: &mut Command) -> anyhow::Result<Run> {
    let command = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run {command}: {e}"))?;
    let deadline = Instant::now() + CLIENT_TIMEOUT;
    while child.try_wait()?.is_none() {
        if Instant::now() >= deadline {
            child.kill()?;
            let output = child.wait_with_output()?;
            anyhow::bail!(
                "{command} hung for {CLIENT_TIMEOUT:?}\n--- stdout\n{}\n--- stderr\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output()?;
    Ok(Run { command, output })
}

/// `swaks` with `args`.
pub fn swaks(args: &[&str]) -> anyhow::Result<Run> {
    run(Command::new(program("swaks")?).args(args))
}

/// `curl` with `args` (silent, failing on protocol errors).
pub fn curl(args: &[&str]) -> anyhow::Result<Run> {
    run(Command::new(program("curl")?)
        .args(["--silent", "--show-error", "--max-time", "30"])
        .args(args))
}

/// `python3 conformance/peers/clients/<script>` with `args`.
pub fn python(script: &str, args: &[&str]) -> anyhow::Result<Run> {
    run(Command::new(program("python3")?)
        .arg(peers_dir().join("clients").join(script))
        .args(args))
}

/// `path` as a `&str` argument (test paths are UTF-8 temporary folders).
pub fn arg(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .ok_or_else(|| anyhow::anyhow!("{} is not UTF-8", path.display()))
}

/// A submission job: who sends what to whom, and how to log in.
#[derive(Clone, Copy, Debug)]
pub struct Submission<'a> {
    /// The SMTP port.
    pub port: u16,
    /// STARTTLS, trusting this CA file (the test's certificate); `None`
    /// for plaintext.
    pub tls: Option<&'a Path>,
    /// `(login, password)` for AUTH, if any.
    pub auth: Option<(&'a str, &'a str)>,
    /// `PLAIN` or `LOGIN`.
    pub mechanism: &'a str,
    /// The reverse-path.
    pub from: &'a str,
    /// The recipients.
    pub to: &'a [&'a str],
    /// A file holding the message, CRLF line ends.
    pub message: &'a Path,
}

/// swaks submits the message with PIPELINING. swaks ends the data with one
/// CRLF of its own before the final dot, so the message submitted is the
/// file's bytes and one more CRLF.
pub fn swaks_submit(job: &Submission<'_>) -> anyhow::Result<Run> {
    let server = format!("127.0.0.1:{}", job.port);
    let to = job.to.join(",");
    let mut args = vec![
        "--server",
        server.as_str(),
        "--ehlo",
        "client.example.org",
        "--from",
        job.from,
        "--to",
        to.as_str(),
        "--pipeline",
        "--data",
        arg(job.message)?,
    ];
    if job.tls.is_some() {
        args.push("--tls");
    }
    if let Some((user, password)) = job.auth {
        args.extend([
            "--auth",
            job.mechanism,
            "--auth-user",
            user,
            "--auth-password",
            password,
        ]);
    }
    let run = swaks(&args)?;
    run.expect_success()?;
    Ok(run)
}

/// curl submits the message (`smtp://`, `--upload-file`), verifying the
/// server's certificate against the CA file when TLS is asked for.
pub fn curl_submit(job: &Submission<'_>) -> anyhow::Result<Run> {
    let url = format!("smtp://127.0.0.1:{}/client.example.org", job.port);
    let mut args: Vec<String> = vec![
        url,
        "--mail-from".into(),
        job.from.into(),
        "--upload-file".into(),
        arg(job.message)?.into(),
    ];
    for rcpt in job.to {
        args.extend(["--mail-rcpt".into(), (*rcpt).into()]);
    }
    if let Some(ca) = job.tls {
        args.extend(["--ssl-reqd".into(), "--cacert".into(), arg(ca)?.into()]);
    }
    if let Some((user, password)) = job.auth {
        args.extend([
            "--user".into(),
            format!("{user}:{password}"),
            "--login-options".into(),
            format!("AUTH={}", job.mechanism),
        ]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = curl(&args)?;
    run.expect_success()?;
    Ok(run)
}

/// Python's smtplib submits the message with `BODY=8BITMIME` (and, with
/// `dsn`, `RET=HDRS` / `NOTIFY=SUCCESS,FAILURE`).
pub fn smtplib_submit(job: &Submission<'_>, dsn: bool) -> anyhow::Result<Run> {
    let port = job.port.to_string();
    let mut args = vec![
        "--port",
        port.as_str(),
        "--mail-from",
        job.from,
        "--mail-option",
        "BODY=8BITMIME",
        "--message",
        arg(job.message)?,
    ];
    for rcpt in job.to {
        args.extend(["--rcpt", rcpt]);
    }
    if dsn {
        args.extend([
            "--mail-option",
            "RET=HDRS",
            "--rcpt-option",
            "NOTIFY=SUCCESS,FAILURE",
        ]);
    }
    if let Some(ca) = job.tls {
        args.extend(["--starttls", "--cafile", arg(ca)?]);
    }
    if let Some((user, password)) = job.auth {
        args.extend([
            "--user",
            user,
            "--password",
            password,
            "--auth",
            job.mechanism,
        ]);
    }
    let run = python("smtplib_send.py", &args)?;
    run.expect_success()?;
    Ok(run)
}

/// A POP3 retrieval job: message 1 of a maildrop.
#[derive(Clone, Copy, Debug)]
pub struct Retrieval<'a> {
    /// The POP3 port.
    pub port: u16,
    /// STLS, trusting this CA file; `None` for plaintext.
    pub tls: Option<&'a Path>,
    /// The login.
    pub user: &'a str,
    /// The password.
    pub password: &'a str,
}

/// curl retrieves message 1 (`pop3://.../1`, USER/PASS) and returns it as
/// curl wrote it (dot-unstuffed, without the final `.`).
pub fn curl_retrieve(job: &Retrieval<'_>) -> anyhow::Result<Vec<u8>> {
    let url = format!("pop3://127.0.0.1:{}/1", job.port);
    let user = format!("{}:{}", job.user, job.password);
    let mut args = vec![url.as_str(), "--user", user.as_str()];
    if let Some(ca) = job.tls {
        args.extend(["--ssl-reqd", "--cacert", arg(ca)?]);
    }
    let run = curl(&args)?;
    run.expect_success()?;
    Ok(run.output.stdout)
}

/// Python's poplib runs CAPA, [STLS,] USER/PASS, STAT, LIST, UIDL, TOP,
/// RETR, DELE, RSET and QUIT; returns its report and message 1 as read.
pub fn poplib_session(job: &Retrieval<'_>, out: &Path) -> anyhow::Result<(Run, Vec<u8>)> {
    let port = job.port.to_string();
    let mut args = vec![
        "--port",
        port.as_str(),
        "--user",
        job.user,
        "--password",
        job.password,
        "--out",
        arg(out)?,
    ];
    if let Some(ca) = job.tls {
        args.extend(["--stls", "--cafile", arg(ca)?]);
    }
    let run = python("poplib_fetch.py", &args)?;
    run.expect_success()?;
    let message = std::fs::read(out)?;
    Ok((run, message))
}
