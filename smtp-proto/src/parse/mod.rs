//! The `nom` grammar, one function per ABNF rule.
