//! The embedded rule sets, so that the library works with no file at
//! hand, each compiled once on first use: English, the default, and
//! French.
//!
//! The English lexicon (`rules/en/lexicon.toml`) is embedded by layer 1
//! itself ([`Lexicon::english`](crate::Lexicon::english)); this module
//! embeds the English layer-2 files and every French file, lexicon
//! included.

use once_cell::sync::Lazy;

use super::RuleSet;

/// `(name, text)` of every embedded layer-2 rule file, in load order.
pub(crate) const ENGLISH: &[(&str, &str)] = &[
    ("rules/en/changes.toml", include_str!("../../rules/en/changes.toml")),
    (
        "rules/en/exclusions.toml",
        include_str!("../../rules/en/exclusions.toml"),
    ),
    ("rules/en/grammar.toml", include_str!("../../rules/en/grammar.toml")),
    (
        "rules/en/indicators/count.toml",
        include_str!("../../rules/en/indicators/count.toml"),
    ),
    (
        "rules/en/indicators/funding.toml",
        include_str!("../../rules/en/indicators/funding.toml"),
    ),
    (
        "rules/en/indicators/percent.toml",
        include_str!("../../rules/en/indicators/percent.toml"),
    ),
    ("rules/en/kinds.toml", include_str!("../../rules/en/kinds.toml")),
    ("rules/en/periods.toml", include_str!("../../rules/en/periods.toml")),
    ("rules/en/sections.toml", include_str!("../../rules/en/sections.toml")),
    ("rules/en/status.toml", include_str!("../../rules/en/status.toml")),
];

/// `(name, text)` of every embedded French rule file, lexicon first.
pub(crate) const FRENCH: &[(&str, &str)] = &[
    ("rules/fr/lexicon.toml", include_str!("../../rules/fr/lexicon.toml")),
    ("rules/fr/changes.toml", include_str!("../../rules/fr/changes.toml")),
    (
        "rules/fr/exclusions.toml",
        include_str!("../../rules/fr/exclusions.toml"),
    ),
    ("rules/fr/grammar.toml", include_str!("../../rules/fr/grammar.toml")),
    (
        "rules/fr/indicators/count.toml",
        include_str!("../../rules/fr/indicators/count.toml"),
    ),
    (
        "rules/fr/indicators/funding.toml",
        include_str!("../../rules/fr/indicators/funding.toml"),
    ),
    (
        "rules/fr/indicators/percent.toml",
        include_str!("../../rules/fr/indicators/percent.toml"),
    ),
    ("rules/fr/kinds.toml", include_str!("../../rules/fr/kinds.toml")),
    ("rules/fr/periods.toml", include_str!("../../rules/fr/periods.toml")),
    ("rules/fr/sections.toml", include_str!("../../rules/fr/sections.toml")),
    ("rules/fr/status.toml", include_str!("../../rules/fr/status.toml")),
];

/// The compiled embedded French set; unit-tested like the English one.
pub(crate) static FRENCH_RULES: Lazy<RuleSet> = Lazy::new(|| {
    RuleSet::builder()
        .french()
        .build()
        .expect("invariant: the embedded French rules compile")
});

/// The compiled embedded set. A unit test compiles it, so the `expect`
/// never fires in a release.
pub(crate) static ENGLISH_RULES: Lazy<RuleSet> = Lazy::new(|| {
    RuleSet::builder()
        .english()
        .build()
        .expect("invariant: the embedded English rules compile")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_english_rules_compile() {
        let built = RuleSet::builder().english().build();
        assert!(
            built.is_ok(),
            "{}",
            built.err().map_or(String::new(), |e| e.to_string())
        );
    }

    #[test]
    fn embedded_french_rules_compile() {
        let built = RuleSet::builder().french().build();
        assert!(
            built.is_ok(),
            "{}",
            built.err().map_or(String::new(), |e| e.to_string())
        );
    }

    #[test]
    fn every_rules_fr_file_is_embedded() {
        let mut on_disk = files_under("rules/fr");
        on_disk.sort();
        let mut embedded: Vec<_> = FRENCH.iter().map(|(n, _)| *n).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    /// Every `.toml` file under `dir` of the crate, by crate-relative name.
    fn files_under(dir: &str) -> Vec<String> {
        let mut out = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("rules dir is readable") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "toml") {
                    let rel = p
                        .strip_prefix(root)
                        .expect("under the crate")
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push(rel);
                }
            }
        }
        out
    }

    #[test]
    fn every_rules_en_file_is_embedded() {
        let mut on_disk = Vec::new();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/en");
        let mut stack = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("rules/en is readable") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "toml") {
                    let rel = p
                        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                        .expect("under the crate")
                        .to_string_lossy()
                        .replace('\\', "/");
                    if !crate::rules::compile::is_lexicon(&rel) {
                        on_disk.push(rel);
                    }
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<_> = ENGLISH.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, embedded);
    }
}
