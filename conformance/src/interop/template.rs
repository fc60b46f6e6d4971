//! Config templates from `conformance/peers/`: `{{NAME}}` placeholders filled
//! in with values, and an error for any placeholder left without one.

use std::path::{Path, PathBuf};

/// `conformance/peers/`, where the configs of the real servers live.
pub fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("peers")
}

/// Values for the placeholders of a template.
#[derive(Clone, Debug, Default)]
pub struct Values {
    pairs: Vec<(String, String)>,
}

impl Values {
    /// No values yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) `{{name}}`'s value.
    pub fn set(&mut self, name: &str, value: impl ToString) -> &mut Self {
        let value = value.to_string();
        match self.pairs.iter_mut().find(|(n, _)| n == name) {
            Some(pair) => pair.1 = value,
            None => self.pairs.push((name.to_string(), value)),
        }
        self
    }

    /// `text` with every `{{NAME}}` replaced. A placeholder with no value is
    /// an error naming it and its line: a config half filled in would fail
    /// later with a far less clear message.
    pub fn fill(&self, text: &str) -> anyhow::Result<String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let close = after.find("}}").ok_or_else(|| {
                anyhow::anyhow!(
                    "line {}: `{{{{` without `}}}}`",
                    line_of(text, text.len() - rest.len() + open)
                )
            })?;
            let name = &after[..close];
            let value = self
                .pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "line {}: no value for `{{{{{name}}}}}`",
                        line_of(text, text.len() - rest.len() + open)
                    )
                })?;
            out.push_str(value);
            rest = &after[close + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Reads template `peers_dir()/rel`, fills it in and writes it to `dest`.
    pub fn render(&self, rel: &str, dest: &Path) -> anyhow::Result<()> {
        let src = peers_dir().join(rel);
        let text =
            std::fs::read_to_string(&src).map_err(|e| anyhow::anyhow!("{}: {e}", src.display()))?;
        let filled = self
            .fill(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", src.display()))?;
        std::fs::write(dest, filled).map_err(|e| anyhow::anyhow!("{}: {e}", dest.display()))
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_every_placeholder() {
        let mut v = Values::new();
        v.set("PORT", 2525).set("DIR", "/tmp/x");
        assert_eq!(
            v.fill("listen {{DIR}}/a:{{PORT}} {{PORT}}\n").unwrap(),
            "listen /tmp/x/a:2525 2525\n"
        );
    }

    #[test]
    fn refuses_a_placeholder_without_value() {
        let v = Values::new();
        let err = v.fill("a\nport = {{PORT}}\n").unwrap_err().to_string();
        assert_eq!(err, "line 2: no value for `{{PORT}}`");
    }

    #[test]
    fn refuses_an_unclosed_placeholder() {
        let err = Values::new().fill("x {{PORT").unwrap_err().to_string();
        assert_eq!(err, "line 1: `{{` without `}}`");
    }

    #[test]
    fn every_peer_template_names_only_known_placeholders() {
        // The placeholders the peer starters fill in; a template that uses
        // another one would fail at start-up.
        let mut v = Values::new();
        for name in [
            "DIR",
            "TAG",
            "PROTOCOLS",
            "POP3_PORT",
            "LMTP_PORT",
            "AUTH_PORT",
            "SMTP_PORT",
            "MAIL_UID",
            "MAIL_GID",
        ] {
            v.set(name, "x");
        }
        let mut checked = 0;
        for sub in ["dovecot", "postfix"] {
            for entry in std::fs::read_dir(peers_dir().join(sub)).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                v.fill(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                checked += 1;
            }
        }
        assert!(checked >= 4, "only {checked} templates found");
    }
}
