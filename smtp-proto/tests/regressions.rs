//! Named regressions for fuzz findings (fuzz/regressions/smtp-proto/ in
//! the fuzz worktree): each input as found, and the property it broke.

use smtp_proto::parse;
use smtp_proto::quirks::Quirks;

/// What the grammar reads, quirks read the same, with no warning.
fn strict_and_lenient_agree(line: &[u8]) {
    let strict = parse::command(line).expect("strict decode");
    let mut warnings = Vec::new();
    let lenient = parse::command_with(line, &Quirks::server_default(), &mut warnings);
    assert_eq!(lenient.as_ref().ok(), Some(&strict));
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// `smtp_command-dot-verb-trailing-space`: `. \r\n` is the unknown verb `.`
/// with empty arguments; the trailing-whitespace quirk dropped the space and
/// the arguments, and warned.
#[test]
fn smtp_command_dot_verb_trailing_space() {
    strict_and_lenient_agree(b". \r\n");
}

/// `smtp_command-tab-verb-strict-only`: `\t\r\n` decodes strictly (an unknown
/// verb), but with quirks the tab was trimmed away and nothing was left.
#[test]
fn smtp_command_tab_verb_strict_only() {
    strict_and_lenient_agree(b"\t\r\n");
}
