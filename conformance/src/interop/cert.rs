//! A self-signed certificate for 127.0.0.1 and `localhost`, made with
//! openssl(1) for each test's peers.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::tools::program;

/// A certificate and its key, as PEM files (for the real servers) and DER
/// bytes (for rustls in our drivers and servers).
#[derive(Clone, Debug)]
pub struct TestCert {
    /// `cert.pem`.
    pub cert_pem: PathBuf,
    /// `key.pem` (PKCS#8).
    pub key_pem: PathBuf,
    /// The certificate, DER.
    pub cert_der: Vec<u8>,
    /// The key, PKCS#8 DER.
    pub key_der: Vec<u8>,
}

impl TestCert {
    /// Makes an ECDSA P-256 certificate valid for two days in `dir`.
    pub fn generate(dir: &Path) -> anyhow::Result<Self> {
        let openssl = program("openssl")?;
        let cert_pem = dir.join("cert.pem");
        let key_pem = dir.join("key.pem");
        let cert_der = dir.join("cert.der");
        let key_der = dir.join("key.der");
        run(Command::new(&openssl)
            .args(["req", "-x509", "-nodes", "-days", "2"])
            .args(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"])
            .args(["-subj", "/CN=localhost"])
            .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
            .arg("-keyout")
            .arg(&key_pem)
            .arg("-out")
            .arg(&cert_pem))?;
        run(Command::new(&openssl)
            .args(["x509", "-outform", "DER", "-in"])
            .arg(&cert_pem)
            .arg("-out")
            .arg(&cert_der))?;
        run(Command::new(&openssl)
            .args(["pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in"])
            .arg(&key_pem)
            .arg("-out")
            .arg(&key_der))?;
        Ok(Self {
            cert_der: std::fs::read(&cert_der)?,
            key_der: std::fs::read(&key_der)?,
            cert_pem,
            key_pem,
        })
    }
}

fn run(cmd: &mut Command) -> anyhow::Result<()> {
    let out = cmd.output()?;
    if !out.status.success() {
        anyhow::bail!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
