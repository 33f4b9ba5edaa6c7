//! Gold evaluation: our own annotated paragraphs under `tests/gold/*.jsonl`,
//! one case a line:
//! `{"name", "doc", "text", "records": [{"text", "occurrence"?, "kind",
//! "value", "unit", "qualifier", "subject", "change", "period",
//! "section"}]}`.
//!
//! An expected record is located by its `text` (the `occurrence`-th match,
//! 1-based, default 1, overlapping matches counted) and matched one to one
//! with an extracted record of the same span, value and unit. The test
//! prints precision, recall and F1 over value+unit, and, over the matched
//! records, the accuracy of kind, subject and the other fields; it fails
//! below F1 0.97 or kind accuracy 0.95, and when no gold file exists.
//!
//! `NM_GOLD_VERBOSE=1` lists every mismatch (missed and spurious figures,
//! wrong kinds, subjects and other fields). See the numbers with
//! `cargo test --test integration gold -- --nocapture`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use narrative_metrics::{Extractor, Record};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

/// The agreed bars.
const MIN_F1: f64 = 0.97;
const MIN_KIND_ACCURACY: f64 = 0.95;

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    #[serde(default)]
    doc: Option<String>,
    text: String,
    records: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
struct Expected {
    text: String,
    #[serde(default = "one")]
    occurrence: usize,
    kind: String,
    value: String,
    unit: String,
    #[serde(default)]
    qualifier: Option<String>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    change: Option<Value>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    section: Option<String>,
}

fn one() -> usize {
    1
}

fn gold_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The span of the `occurrence`-th match of `needle` in `text`.
fn locate(text: &str, needle: &str, occurrence: usize) -> Option<[usize; 2]> {
    if needle.is_empty() || occurrence == 0 {
        return None;
    }
    let (mut from, mut seen) = (0, 0);
    while let Some(i) = text[from..].find(needle) {
        let start = from + i;
        seen += 1;
        if seen == occurrence {
            return Some([start, start + needle.len()]);
        }
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[derive(Default)]
struct Tally {
    expected: usize,
    extracted: usize,
    matched: usize,
    kind: usize,
    subject: usize,
    qualifier: usize,
    period: usize,
    section: usize,
    change: usize,
    errors: Vec<String>,
    listing: String,
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

fn same_value(r: &Record<'_>, e: &Expected) -> bool {
    Decimal::from_str(&e.value).is_ok_and(|v| v == r.value)
        && r.unit.as_str() == e.unit
}

fn check_case(
    extractor: &Extractor,
    where_: &str,
    case: &Case,
    t: &mut Tally,
) {
    let doc = case.doc.as_deref().unwrap_or(&case.name);
    let got = extractor.extract(doc, &case.text);
    t.expected += case.records.len();
    t.extracted += got.len();
    let mut used = vec![false; got.len()];
    for e in &case.records {
        let Some(span) = locate(&case.text, &e.text, e.occurrence) else {
            t.errors.push(format!(
                "{} [{}]: case error: {:?} does not occur {} times",
                where_, case.name, e.text, e.occurrence
            ));
            continue;
        };
        let found = got.iter().enumerate().position(|(i, r)| {
            !used[i] && [r.span.start, r.span.end] == span && same_value(r, e)
        });
        let Some(i) = found else {
            let _ = writeln!(
                t.listing,
                "{} [{}]: missed {:?} {} {} ({})",
                where_, case.name, e.text, e.value, e.unit, e.kind
            );
            continue;
        };
        used[i] = true;
        t.matched += 1;
        let r = &got[i];
        let mut field =
            |ok: bool, count: &mut usize, what: &str, w: &str, g: &str| {
                if ok {
                    *count += 1;
                } else {
                    let _ = writeln!(
                        t.listing,
                        "{} [{}]: {:?}: {} expected {} got {}",
                        where_, case.name, e.text, what, w, g
                    );
                }
            };
        let show = |s: Option<&str>| {
            s.map_or("null".to_owned(), |s| format!("{:?}", s))
        };
        field(r.kind == e.kind, &mut t.kind, "kind", &e.kind, r.kind);
        field(
            r.subject == e.subject.as_deref(),
            &mut t.subject,
            "subject",
            &show(e.subject.as_deref()),
            &show(r.subject),
        );
        let q = e.qualifier.as_deref().unwrap_or("exact");
        field(
            r.qualifier.as_str() == q,
            &mut t.qualifier,
            "qualifier",
            q,
            r.qualifier.as_str(),
        );
        let period = r.period.map(|p| p.to_string());
        field(
            period.as_deref() == e.period.as_deref(),
            &mut t.period,
            "period",
            &show(e.period.as_deref()),
            &show(period.as_deref()),
        );
        field(
            r.section == e.section.as_deref(),
            &mut t.section,
            "section",
            &show(e.section.as_deref()),
            &show(r.section),
        );
        let got_change = serde_json::to_value(r.change).unwrap_or(Value::Null);
        let want_change = e.change.clone().unwrap_or(Value::Null);
        field(
            got_change == want_change,
            &mut t.change,
            "change",
            &want_change.to_string(),
            &got_change.to_string(),
        );
    }
    for (i, r) in got.iter().enumerate() {
        if !used[i] {
            let _ = writeln!(
                t.listing,
                "{} [{}]: spurious {:?} {} {} ({}, subject {:?})",
                where_, case.name, r.text, r.value, r.unit, r.kind, r.subject
            );
        }
    }
}

#[test]
fn gold_corpus_scores_above_the_bar() {
    let files = gold_files();
    assert!(
        !files.is_empty(),
        "no gold corpus: tests/gold/*.jsonl is missing (merge the `gold` \
         branch)"
    );
    let extractor = Extractor::new();
    let mut t = Tally::default();
    let mut names = std::collections::HashSet::new();
    for path in &files {
        let file = path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let text =
            std::fs::read_to_string(path).expect("gold file is readable");
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let where_ = format!("{}:{}", file, n + 1);
            match serde_json::from_str::<Case>(line) {
                Ok(case) => {
                    if !names.insert(case.name.clone()) {
                        t.errors.push(format!(
                            "{}: duplicate case name {:?}",
                            where_, case.name
                        ));
                    }
                    check_case(&extractor, &where_, &case, &mut t);
                }
                Err(e) => {
                    t.errors.push(format!("{}: malformed case: {}", where_, e))
                }
            }
        }
    }
    let precision = ratio(t.matched, t.extracted);
    let recall = ratio(t.matched, t.expected);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let acc = |n| ratio(n, t.matched);
    let report = format!(
        "gold: {} expected, {} extracted, {} matched\n\
         precision {:.4}  recall {:.4}  F1 {:.4} (value+unit)\n\
         kind accuracy {:.4}  subject accuracy {:.4}\n\
         qualifier {:.4}  period {:.4}  section {:.4}  change {:.4}",
        t.expected,
        t.extracted,
        t.matched,
        precision,
        recall,
        f1,
        acc(t.kind),
        acc(t.subject),
        acc(t.qualifier),
        acc(t.period),
        acc(t.section),
        acc(t.change),
    );
    eprintln!("{}", report);
    if std::env::var_os("NM_GOLD_VERBOSE").is_some() {
        eprintln!("{}", t.listing);
    }
    assert!(
        t.errors.is_empty(),
        "gold corpus errors:\n{}",
        t.errors.join("\n")
    );
    assert!(
        f1 >= MIN_F1 && acc(t.kind) >= MIN_KIND_ACCURACY,
        "below the bar (F1 >= {}, kind accuracy >= {}):\n{}\n{}",
        MIN_F1,
        MIN_KIND_ACCURACY,
        report,
        t.listing
    );
}
