//! The invariants every fuzz target checks, shared by the libFuzzer
//! targets (`fuzz_targets/`) and the stable mutation loop
//! (`src/bin/stable.rs`), plus the seed corpus.
//!
//! A check panics when an invariant breaks; both drivers treat a panic as
//! a crash and keep the input.

mod carry;

use std::path::{Path, PathBuf};

use narrative_metrics::{
    Document, Extractor, Lexicon, Quantity, Record, RuleSet, Span,
};

/// A fuzz target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Layer 1: `narrative_metrics::quantities`.
    Quantities,
    /// Layer 2: `Extractor::extract` and `extract_with`.
    Extract,
    /// Rule loading: `RuleSet::from_toml` and `Lexicon::from_toml` on
    /// arbitrary text.
    RulesLoad,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 3] =
        [Target::Quantities, Target::Extract, Target::RulesLoad];

    /// The target's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Target::Quantities => "quantities",
            Target::Extract => "extract",
            Target::RulesLoad => "rules_load",
        }
    }

    /// The target named `name`.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// Runs `target` on raw bytes: text targets see valid UTF-8 only (the
/// library takes `&str`), so other bytes are decoded lossily.
pub fn check_bytes(target: Target, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check(target, &text);
}

/// Runs `target` on `text`, panicking if an invariant breaks.
pub fn check(target: Target, text: &str) {
    match target {
        Target::Quantities => {
            check_quantities(text);
        }
        Target::Extract => check_extract(text),
        Target::RulesLoad => check_rules_load(text),
    }
}

/// A span is non-empty, in bounds, on char boundaries, and covers exactly
/// the text the item reports.
fn check_span(
    text: &str,
    span: Span,
    written: &str,
    what: &dyn std::fmt::Debug,
) {
    assert!(span.start < span.end, "empty span: {what:?}");
    assert!(
        span.end <= text.len(),
        "span past the end ({}): {what:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "span off a char boundary: {what:?}"
    );
    assert_eq!(
        &text[span.start..span.end],
        written,
        "text != slice: {what:?}"
    );
}

/// Layer 1: spans in bounds, on char boundaries, matching `text()`, in
/// order and disjoint; a range's end is present only with a value.
pub fn check_quantities(text: &str) -> Vec<Quantity<'_>> {
    let found: Vec<Quantity<'_>> =
        narrative_metrics::quantities(text).collect();
    for q in &found {
        check_span(text, q.span(), q.text(), q);
    }
    for w in found.windows(2) {
        assert!(
            w[0].span().end <= w[1].span().start,
            "quantities out of order or overlapping: {:?} then {:?}",
            w[0],
            w[1]
        );
    }
    found
}

/// Layer 2: record spans as for layer 1 (a range's two records share
/// one), each inside a layer-1 quantity's span, with that quantity's value
/// or range end, or their negation (a signed change), or in a table row
/// (or a count written "214.606", or a level of a stated change) that
/// times a whole scale; `extract_with`
/// agrees with `extract`, and both are deterministic. The same for the
/// text read as French and as its detected language.
pub fn check_extract(text: &str) {
    let extractor = extractor();
    let found = check_quantities(text);
    let records = extractor.extract("fuzz", text);
    check_records(text, &found, &records);
    let mut scratch = narrative_metrics::Scratch::new();
    let mut out = Vec::new();
    // Dirty the scratch first: leftovers must not leak into the next doc.
    extractor.extract_with(&mut scratch, "fuzz", PRIMER, &mut out);
    out.clear();
    extractor.extract_with(&mut scratch, "fuzz", text, &mut out);
    assert_eq!(records, out, "extract_with differs from extract");
    // The same text read by the French rules, and by whichever language
    // detection picks: the same invariants, with layer 1 of that language.
    let both = bilingual();
    for lang in [Some("fr"), None] {
        let doc = Document::new("fuzz", text).with_lang(lang);
        let found: Vec<Quantity<'_>> =
            both.document_quantities(&doc).collect();
        for q in &found {
            check_span(text, q.span(), q.text(), q);
        }
        let records = both.extract_document(&doc);
        check_records(text, &found, &records);
        out.clear();
        both.extract_document_with(&mut scratch, &doc, &mut out);
        assert_eq!(records, out, "extract_document_with differs ({lang:?})");
    }
}

fn check_records(text: &str, found: &[Quantity<'_>], records: &[Record<'_>]) {
    for r in records {
        check_span(text, r.span, r.text, r);
        let q = carry::quantity_of(text, found, r);
        let Some(q) = q else {
            panic!("record outside every quantity: {r:?}");
        };
        assert!(
            carry::carries(text, q, r),
            "record {r:?} does not carry quantity {q:?}"
        );
    }
    for w in records.windows(2) {
        assert!(
            w[0].span.start <= w[1].span.start,
            "records out of order: {:?} then {:?}",
            w[0],
            w[1]
        );
    }
}

/// Rule loading never panics: an error displays, a rule set that builds
/// keeps every extraction invariant on a sample paragraph. The first
/// byte picks the source name, so the text is read as layer-2 rules or
/// as a lexicon.
pub fn check_rules_load(text: &str) {
    let name = if text.as_bytes().first().is_some_and(|b| b % 2 == 1) {
        "lexicon.toml"
    } else {
        "fuzz.toml"
    };
    match RuleSet::from_toml(name, text) {
        Ok(rules) => {
            let extractor = Extractor::builder().rules(rules).build();
            let found: Vec<Quantity<'_>> =
                extractor.quantities(SAMPLE).collect();
            let records = extractor.extract("fuzz", SAMPLE);
            check_records(SAMPLE, &found, &records);
        }
        Err(e) => {
            assert!(!e.to_string().is_empty(), "empty error message");
        }
    }
    match Lexicon::from_toml(name, text) {
        Ok(lexicon) => {
            let found: Vec<Quantity<'_>> =
                lexicon.quantities(SAMPLE).collect();
            for q in &found {
                check_span(SAMPLE, q.span(), q.text(), q);
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty(), "empty error message");
        }
    }
}

/// The shared English extractor (built once per process).
fn extractor() -> &'static Extractor {
    static EXTRACTOR: std::sync::OnceLock<Extractor> =
        std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(Extractor::new)
}

/// The shared extractor of French and English (built once per process).
fn bilingual() -> &'static Extractor {
    static EXTRACTOR: std::sync::OnceLock<Extractor> =
        std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        Extractor::builder()
            .languages([RuleSet::english(), RuleSet::french()])
            .build()
    })
}

/// A short document with a section code, a period, a range and a change.
const PRIMER: &str = "Output XM-DAC-41146-KEN_O_1.2: between 40 and 55 \
    officials; funds fell from $3.2m in 2022 to $2.9m in 2023 (-9%).";

/// A paragraph a loaded rule set is tried on.
pub const SAMPLE: &str = include_str!("../../benches/inputs/report.txt");

/// The repository root (the fuzz crate's parent).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Seed inputs for `target`: for text targets, the bench fixture
/// paragraphs and every `text` of `tests/data/**/*.jsonl` and
/// `tests/gold/**`; for `rules_load`, every `.toml` under `rules/` and
/// `tests/data/`. Missing folders are skipped.
pub fn seeds(target: Target) -> Vec<String> {
    let root = repo_root();
    let mut out = Vec::new();
    match target {
        Target::Quantities | Target::Extract => {
            for fixture in ["report.txt", "prose.txt", "dense.txt"] {
                let path = root.join("benches/inputs").join(fixture);
                if let Ok(text) = std::fs::read_to_string(path) {
                    out.extend(text.split("\n\n").map(str::to_string));
                }
            }
            for path in files(&root.join("tests"), &["jsonl"]) {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                for line in text.lines() {
                    let v: Result<serde_json::Value, _> =
                        serde_json::from_str(line);
                    if let Some(t) = v
                        .ok()
                        .and_then(|v| v["text"].as_str().map(str::to_string))
                    {
                        out.push(t);
                    }
                }
            }
            for path in files(&root.join("tests/gold"), &["txt", "md"]) {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    out.push(text);
                }
            }
        }
        Target::RulesLoad => {
            for dir in ["rules", "tests/data"] {
                for path in files(&root.join(dir), &["toml"]) {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        out.push(text);
                    }
                }
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out.sort();
    out.dedup();
    out
}

/// Files under `dir` with one of `exts`, in path order.
fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.contains(&x))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
