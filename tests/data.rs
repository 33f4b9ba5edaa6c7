//! Data-driven tests: the JSONL corpora under `tests/data/`.
//!
//! This is the regex-test runner (regex/regex-test/lib.rs) rebuilt on a
//! small scale. Each folder below holds `*.jsonl` files, one case a line;
//! every file is read (a new file needs no code change), every case is run,
//! every failure is collected as `file:line [name]: expected … got …`, and
//! the test panics once at the end with the count. A folder with no file,
//! a malformed line (bad JSON, a missing field, an unknown field such as a
//! misspelt `qualifer`) or a duplicate case name (within a folder) is a
//! failure, never a skip. Blank lines are allowed.
//!
//! - `quantities/`: layer 1 alone.
//!   `{"name", "text", "quantities": [{"text", "occurrence"?, "value",
//!   "unit", "qualifier"?, "range_end"?}]}`. The list is complete and in
//!   text order. `qualifier` defaults to `exact`, `range_end` to null.
//! - `negative/`: `{"name", "text", "why"}`. Neither layer may find
//!   anything in `text`.
//! - `records/`: layer 2 with the embedded rules of the case's `lang`
//!   (English without one).
//!   `{"name", "lang"?, "text", "records": [{"text", "occurrence"?,
//!   "section", "kind", "value", "unit", "qualifier", "subject", "change",
//!   "period", "status", "rule"?}]}`. The list is complete and in span
//!   order; every field is compared with the record's SPEC JSON, `rule`
//!   only when the case gives it. A record may have more fields than the case names (SPEC lets
//!   fields be added); those are not compared.
//!
//! Cases never count byte offsets: a figure's `text` is looked up in the
//! case's `text`, and the span found is compared exactly. A text that
//! occurs more than once (overlapping matches counted, so "6" occurs in
//! "41146") needs `"occurrence": n`, 1-based; without it, it must be
//! unique.
//!
//! Values are the normalized decimal strings SPEC fixes (`"1950000"`,
//! `"0.5"`, `"-25"`); a case value that is not normalized is a failure of
//! the case itself.
//!
//! Environment, as `REGEX_TEST` in regex-test:
//!
//! - `NM_TEST=substr,-other`: run only the cases whose full name
//!   (`folder/file/name`, e.g. `quantities/money/money_dollar_symbol`)
//!   contains `substr`, minus those containing `other`. Terms apply in
//!   order and the last one that matches decides; with only `-` terms,
//!   every other case runs.
//! - `NM_TEST_VERBOSE=1`: list each case as it runs (on standard error,
//!   so add `-- --nocapture` to see it for a passing test).
//! - `NM_BLESS=1`: a `records/` case line without a `records` key (or
//!   with `"records": null`) is a failure; with `NM_BLESS=1` it is
//!   rewritten in place, before the cases run, as the complete line with
//!   the records the extractor gives today, in this file format (a
//!   figure's `occurrence` added where its text repeats). Review the
//!   result with `git diff` before committing: blessing records what the
//!   code does, not what it should do. Lines that have records are never
//!   touched.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use narrative_metrics::{Extractor, RuleSet};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

#[test]
fn quantities_corpus() {
    run_folder("quantities", check_quantities);
}

#[test]
fn negative_corpus() {
    let extractor = Extractor::new();
    run_folder("negative", |case: &NegativeCase, problems| {
        check_negative(&extractor, case, problems)
    });
}

#[test]
fn records_corpus() {
    let extractor = Extractor::new();
    if std::env::var("NM_BLESS").is_ok_and(|v| v == "1") {
        bless_records(&extractor);
    }
    run_folder("records", |case: &RecordCase, problems| {
        check_records(&extractor, case, problems)
    });
}

// ---------------------------------------------------------------------
// Case formats
// ---------------------------------------------------------------------

/// What every case has: a name unique in its folder and the input text.
trait Case: DeserializeOwned {
    fn name(&self) -> &str;
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantityCase {
    name: String,
    text: String,
    /// The rule set that reads the case (`"fr"`); English when absent.
    #[serde(default)]
    lang: Option<String>,
    quantities: Vec<ExpectedQuantity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedQuantity {
    text: String,
    #[serde(default)]
    occurrence: Option<usize>,
    value: String,
    unit: String,
    #[serde(default = "exact")]
    qualifier: String,
    #[serde(default)]
    range_end: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NegativeCase {
    name: String,
    text: String,
    /// The rule set that reads the case (`"fr"`); English when absent.
    #[serde(default)]
    lang: Option<String>,
    /// Why nothing may be found; required, and quoted in failures.
    why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordCase {
    name: String,
    text: String,
    /// The rule set that reads the case (`"fr"`); English when absent.
    #[serde(default)]
    lang: Option<String>,
    /// `None` for a new case waiting for `NM_BLESS=1`.
    #[serde(default)]
    records: Option<Vec<ExpectedRecord>>,
}

/// An expected record. Fields typed `Value` are required but may be null
/// (serde reports a missing `Value` field as an error).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedRecord {
    text: String,
    #[serde(default)]
    occurrence: Option<usize>,
    section: Value,
    kind: String,
    value: String,
    unit: String,
    qualifier: String,
    subject: Value,
    change: Value,
    period: Value,
    status: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    rule: Option<String>,
}

fn exact() -> String {
    "exact".to_owned()
}

impl Case for QuantityCase {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Case for NegativeCase {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Case for RecordCase {
    fn name(&self) -> &str {
        &self.name
    }
}

// ---------------------------------------------------------------------
// Checks: each pushes one message per problem, in the form
// "expected … got …"; the runner prefixes the location.
// ---------------------------------------------------------------------

/// The key order in which figures are printed in messages.
const FIELD_ORDER: &[&str] = &[
    "text",
    "span",
    "value",
    "unit",
    "qualifier",
    "range_end",
    "kind",
    "subject",
    "change",
    "period",
    "section",
    "doc",
    "rule",
];

fn check_quantities(case: &QuantityCase, problems: &mut Vec<String>) {
    let mut expected = Vec::with_capacity(case.quantities.len());
    for q in &case.quantities {
        let Some(span) = locate(&case.text, &q.text, q.occurrence, problems)
        else {
            continue;
        };
        check_decimal("value", &q.value, problems);
        if let Some(end) = &q.range_end {
            check_decimal("range_end", end, problems);
        }
        let object = json!({
            "text": q.text,
            "span": span,
            "value": q.value,
            "unit": q.unit,
            "qualifier": q.qualifier,
            "range_end": q.range_end,
        });
        expected.push((span, object));
    }
    let Some(ex) = case_extractor(case.lang.as_deref(), problems) else {
        return;
    };
    let actual = ex
        .quantities(&case.text)
        .map(|q| (q.span(), serde_json::to_value(&q)))
        .map(|(s, v)| ([s.start, s.end], v.unwrap_or_else(json_error)))
        .collect();
    compare_figures("quantity", expected, actual, problems);
}

fn check_negative(
    extractor: &Extractor,
    case: &NegativeCase,
    problems: &mut Vec<String>,
) {
    let Some(extractor) = case_own(extractor, case.lang.as_deref(), problems)
    else {
        return;
    };
    let found: Vec<String> = extractor
        .quantities(&case.text)
        .map(|q| render_str(q.text()))
        .collect();
    if !found.is_empty() {
        problems.push(format!(
            "expected no quantity ({}) got {} ({})",
            case.why,
            found.len(),
            found.join(", ")
        ));
    }
    let records = extractor.extract("neg", &case.text);
    if !records.is_empty() {
        let found: Vec<String> = records
            .iter()
            .map(|r| format!("{} {}", render_str(r.text), r.kind))
            .collect();
        problems.push(format!(
            "expected no record ({}) got {} ({})",
            case.why,
            found.len(),
            found.join(", ")
        ));
    }
}

fn check_records(
    extractor: &Extractor,
    case: &RecordCase,
    problems: &mut Vec<String>,
) {
    let Some(records) = &case.records else {
        problems.push(
            "expected a `records` list got none (NM_BLESS=1 fills it in)"
                .to_owned(),
        );
        return;
    };
    let mut expected = Vec::with_capacity(records.len());
    for r in records {
        let Some(span) = locate(&case.text, &r.text, r.occurrence, problems)
        else {
            continue;
        };
        check_decimal("value", &r.value, problems);
        let mut object = json!({
            "doc": case.name,
            "text": r.text,
            "span": span,
            "section": r.section,
            "kind": r.kind,
            "value": r.value,
            "unit": r.unit,
            "qualifier": r.qualifier,
            "subject": r.subject,
            "change": r.change,
            "period": r.period,
            "status": r.status,
        });
        if let Value::Object(map) = &mut object {
            let optional = [("rule", &r.rule), ("lang", &r.lang)];
            for (key, value) in optional {
                if let Some(value) = value {
                    map.insert(key.to_owned(), json!(value));
                }
            }
        }
        expected.push((span, object));
    }
    let Some(extractor) = case_own(extractor, case.lang.as_deref(), problems)
    else {
        return;
    };
    let actual = extractor
        .extract(&case.name, &case.text)
        .iter()
        .map(|r| (r.span, serde_json::to_value(r)))
        .map(|(s, v)| ([s.start, s.end], v.unwrap_or_else(json_error)))
        .collect();
    compare_figures("record", expected, actual, problems);
}

/// The keys of a blessed record, in the order the case files write them.
const BLESSED_KEYS: &[&str] = &[
    "text",
    "section",
    "kind",
    "value",
    "unit",
    "qualifier",
    "subject",
    "change",
    "period",
    "status",
];

/// `NM_BLESS=1`: rewrites every `records/` case line that has no
/// `records` as the complete line with the records found today.
fn bless_records(extractor: &Extractor) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/records");
    let files = jsonl_files(&dir).expect("tests/data/records is listable");
    for path in files {
        let content =
            std::fs::read_to_string(&path).expect("a case file is readable");
        let mut blessed = 0;
        let mut lines: Vec<String> = Vec::new();
        for line in content.lines() {
            match serde_json::from_str::<RecordCase>(line) {
                Ok(case) if case.records.is_none() => {
                    lines.push(blessed_line(extractor, &case));
                    blessed += 1;
                }
                _ => lines.push(line.to_owned()),
            }
        }
        if blessed > 0 {
            let mut out = lines.join("\n");
            if content.ends_with('\n') {
                out.push('\n');
            }
            std::fs::write(&path, out).expect("a case file is writable");
            eprintln!("blessed {blessed} case(s) in {}", path.display());
        }
    }
}

/// The extractor of a case's language: the embedded rule set of `lang`
/// (English when `None`), or a problem for a language with none.
fn case_extractor(
    lang: Option<&str>,
    problems: &mut Vec<String>,
) -> Option<Extractor> {
    let lang = lang.unwrap_or("en");
    match RuleSet::embedded(lang) {
        Some(rules) => Some(Extractor::builder().rules(rules).build()),
        None => {
            problems.push(format!(
                "expected a language with an embedded rule set (en, fr) got \
                 {lang:?}"
            ));
            None
        }
    }
}

/// `shared` for a case in English, else the extractor of its language.
fn case_own(
    shared: &Extractor,
    lang: Option<&str>,
    problems: &mut Vec<String>,
) -> Option<Extractor> {
    match lang {
        None => Some(shared.clone()),
        lang => case_extractor(lang, problems),
    }
}

/// One case line with the extractor's records, in the case file format.
fn blessed_line(extractor: &Extractor, case: &RecordCase) -> String {
    let str_json = |s: &str| Value::from(s).to_string();
    let own = case.lang.as_deref().and_then(RuleSet::embedded);
    let own = own.map(|r| Extractor::builder().rules(r).build());
    let extractor = own.as_ref().unwrap_or(extractor);
    let mut records = Vec::new();
    for r in extractor.extract(&case.name, &case.text) {
        let json = serde_json::to_value(&r).unwrap_or_else(json_error);
        let mut fields = Vec::new();
        for &key in BLESSED_KEYS {
            // The change keeps the library's key order (serde_json's map
            // would sort it).
            let v = match key {
                "change" => serde_json::to_string(&r.change)
                    .unwrap_or_else(|e| json_error(e).to_string()),
                _ => json.get(key).cloned().unwrap_or(Value::Null).to_string(),
            };
            fields.push(format!("{}: {}", str_json(key), v));
            if key == "text" {
                // The same text earlier in the case needs an occurrence.
                let starts = match_starts(&case.text, r.text);
                if starts.len() > 1 {
                    let n = starts.iter().filter(|&&s| s <= r.span.start);
                    fields.push(format!("\"occurrence\": {}", n.count()));
                }
            }
        }
        records.push(format!("{{{}}}", fields.join(", ")));
    }
    let lang = case
        .lang
        .as_deref()
        .map_or(String::new(), |l| format!(", \"lang\": {}", str_json(l)));
    format!(
        "{{\"name\": {}{lang}, \"text\": {}, \"records\": [{}]}}",
        str_json(&case.name),
        str_json(&case.text),
        records.join(", ")
    )
}

/// Compares the expected figures of a case with those found.
///
/// Both lists are keyed by span (several figures may share one: a range
/// gives two records), so one missing figure is reported once instead of
/// shifting every later pair. Where spans agree, only the differing fields
/// are reported; fields the case does not name are not compared.
fn compare_figures(
    what: &str,
    expected: Vec<([usize; 2], Value)>,
    actual: Vec<([usize; 2], Value)>,
    problems: &mut Vec<String>,
) {
    if !is_in_span_order(&expected) {
        problems.push(format!(
            "case error: the expected {what}s are not in span order"
        ));
    }
    if !is_in_span_order(&actual) {
        let got: Vec<String> = actual.iter().map(|(_, v)| render(v)).collect();
        problems.push(format!(
            "expected {what}s in span order got [{}]",
            got.join(", ")
        ));
    }
    let expected = key_by_span(expected);
    let mut actual = key_by_span(actual);
    let mut unmatched = Vec::new();
    for (key, want) in expected {
        match actual.remove(&key) {
            Some(got) => diff_fields(what, &want, &got, problems),
            None => unmatched.push((key, want)),
        }
    }
    // A figure found with a different span than expected ("5 percentage
    // point" for "5 percentage points") is reported as one problem, not
    // as a missing figure plus an unexpected one.
    for ((start, end, _), want) in unmatched {
        let overlapping =
            actual.keys().find(|&&(s, e, _)| s < end && start < e).copied();
        match overlapping.and_then(|key| actual.remove(&key)) {
            Some(got) => problems.push(format!(
                "expected {what} {} got {}",
                render(&want),
                render(&got)
            )),
            None => problems
                .push(format!("expected {what} {} got none", render(&want))),
        }
    }
    for got in actual.into_values() {
        problems
            .push(format!("expected no other {what} got {}", render(&got)));
    }
}

/// Reports the fields of `want` that `got` (a figure on the same span)
/// does not match.
fn diff_fields(
    what: &str,
    want: &Value,
    got: &Value,
    problems: &mut Vec<String>,
) {
    let mut diffs = Vec::new();
    if let (Value::Object(want), Value::Object(got)) = (want, got) {
        for (field, w) in ordered(want) {
            match got.get(field) {
                Some(g) if g == w => {}
                Some(g) => diffs.push(format!("{field} {w} got {g}")),
                None => diffs.push(format!("{field} {w} got no such field")),
            }
        }
    } else {
        diffs.push(format!("{} got {}", render(want), render(got)));
    }
    if !diffs.is_empty() {
        let text = want.get("text").unwrap_or(&Value::Null);
        problems.push(format!(
            "{what} {text}: expected {}",
            diffs.join("; expected ")
        ));
    }
}

/// Keys figures by `(start, end, n)`, `n` counting figures on one span.
fn key_by_span(
    figures: Vec<([usize; 2], Value)>,
) -> BTreeMap<(usize, usize, usize), Value> {
    let mut map = BTreeMap::new();
    for ([start, end], value) in figures {
        let mut n = 0;
        while map.contains_key(&(start, end, n)) {
            n += 1;
        }
        map.insert((start, end, n), value);
    }
    map
}

fn is_in_span_order(figures: &[([usize; 2], Value)]) -> bool {
    figures.windows(2).all(|w| w[0].0 <= w[1].0)
}

/// The span of the `occurrence`-th match of `needle` in `text`.
///
/// Matches may overlap ("11" occurs twice in "111"). A needle that is
/// empty, occurs too few times, or occurs more than once with no
/// `occurrence` given is a case error, reported in `problems`: a bare "6"
/// would otherwise silently match the 6 inside an earlier "41146".
fn locate(
    text: &str,
    needle: &str,
    occurrence: Option<usize>,
    problems: &mut Vec<String>,
) -> Option<[usize; 2]> {
    let starts = match_starts(text, needle);
    let quoted = render_str(needle);
    let index = match occurrence {
        _ if needle.is_empty() => {
            problems.push("case error: a figure's text is empty".to_owned());
            return None;
        }
        None if starts.len() > 1 => {
            problems.push(format!(
                "case error: expected {quoted} to be unique or to have an \
                 occurrence got {} matches",
                starts.len()
            ));
            return None;
        }
        None => 0,
        Some(n) if n >= 1 => n - 1,
        Some(n) => {
            problems.push(format!(
                "case error: expected an occurrence of at least 1 got {n}"
            ));
            return None;
        }
    };
    match starts.get(index) {
        Some(&start) => Some([start, start + needle.len()]),
        None => {
            problems.push(format!(
                "case error: expected {quoted} to occur {} times got {}",
                index + 1,
                starts.len()
            ));
            None
        }
    }
}

/// Where `needle` starts in `text`, overlapping matches included.
fn match_starts(text: &str, needle: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut from = 0;
    while !needle.is_empty() {
        let Some(i) = text[from..].find(needle) else { break };
        let start = from + i;
        starts.push(start);
        // Step one char, not one byte, so the next slice stays valid.
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    starts
}

/// A case value must be a decimal written the way SPEC writes it.
fn check_decimal(field: &str, value: &str, problems: &mut Vec<String>) {
    let normal = Decimal::from_str(value).map(|d| d.normalize().to_string());
    if normal.as_deref() != Ok(value) {
        problems.push(format!(
            "case error: expected {field} as a normalized decimal string \
             got {}",
            render_str(value)
        ));
    }
}

/// The fields of `map` in the order messages print them.
fn ordered(map: &Map<String, Value>) -> impl Iterator<Item = (&str, &Value)> {
    let known = FIELD_ORDER.iter().filter_map(|k| map.get_key_value(*k));
    let others =
        map.iter().filter(|(k, _)| !FIELD_ORDER.contains(&k.as_str()));
    known.chain(others).map(|(k, v)| (k.as_str(), v))
}

/// One figure on one line: `{text: "2,000", span: [20, 25], …}`.
fn render(value: &Value) -> String {
    let Value::Object(map) = value else {
        return value.to_string();
    };
    let mut out = String::from("{");
    for (i, (key, v)) in ordered(map).enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        let _ = write!(out, "{sep}{key}: {v}");
    }
    out.push('}');
    out
}

fn render_str(s: &str) -> String {
    Value::from(s).to_string()
}

fn json_error(err: serde_json::Error) -> Value {
    json!({ "serialization_error": err.to_string() })
}

// ---------------------------------------------------------------------
// The runner
// ---------------------------------------------------------------------

/// Runs every case of every `*.jsonl` file in `tests/data/<folder>/` with
/// `check`, then panics once if anything failed.
fn run_folder<C: Case>(folder: &str, check: impl Fn(&C, &mut Vec<String>)) {
    let filter = Filter::from_env();
    let verbose = std::env::var("NM_TEST_VERBOSE").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    let cases: Vec<Loaded<C>> = load_folder(folder, &mut failures);
    let (mut ran, mut failed) = (0, 0);
    for Loaded { location, full_name, case } in &cases {
        if !filter.accepts(full_name) {
            continue;
        }
        let name = case.name();
        if verbose {
            eprintln!("run {location} [{name}]");
        }
        ran += 1;
        let mut problems = Vec::new();
        // The text path must never panic; if it does, that is one more
        // failure of this case, and the other cases still run.
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            check(case, &mut problems)
        }));
        if let Err(payload) = outcome {
            let message = panic_message(payload.as_ref());
            problems.push(format!("expected no panic got {message}"));
        }
        failed += usize::from(!problems.is_empty());
        for problem in problems {
            failures.push(format!("{location} [{name}]: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "\n{}\n\ntests/data/{folder}: {} failures, {failed} of {ran} cases \
         failed\n",
        failures.join("\n"),
        failures.len(),
    );
}

/// One well-formed case and where it came from.
struct Loaded<C> {
    /// `folder/file.jsonl:line`.
    location: String,
    /// `folder/file/name`, what `NM_TEST` matches.
    full_name: String,
    case: C,
}

/// Reads every case of a folder. A folder with no file, an unreadable
/// file, a malformed line or a duplicate name is pushed to `failures`.
fn load_folder<C: Case>(
    folder: &str,
    failures: &mut Vec<String>,
) -> Vec<Loaded<C>> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(folder);
    let files = match jsonl_files(&dir) {
        Ok(files) => files,
        Err(err) => {
            failures.push(format!("{folder}/: cannot list: {err}"));
            return Vec::new();
        }
    };
    if files.is_empty() {
        failures.push(format!("{folder}/: expected *.jsonl files got none"));
    }
    let mut cases = Vec::new();
    // Case name -> where it first appeared, to report duplicates.
    let mut seen: HashMap<String, String> = HashMap::new();
    for path in files {
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let content = match std::fs::read_to_string(&path) {
            Ok(content) => content,
            Err(err) => {
                failures.push(format!("{folder}/{file}: cannot read: {err}"));
                continue;
            }
        };
        let stem = file.trim_end_matches(".jsonl");
        for (i, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let location = format!("{folder}/{file}:{}", i + 1);
            let case: C = match serde_json::from_str(line) {
                Ok(case) => case,
                Err(err) => {
                    failures
                        .push(format!("{location}: malformed case: {err}"));
                    continue;
                }
            };
            let name = case.name();
            if name.is_empty() {
                failures
                    .push(format!("{location}: malformed case: empty name"));
                continue;
            }
            if let Some(first) = seen.get(name) {
                failures.push(format!(
                    "{location} [{name}]: duplicate name, first at {first}"
                ));
                continue;
            }
            seen.insert(name.to_owned(), location.clone());
            let full_name = format!("{folder}/{stem}/{name}");
            cases.push(Loaded { location, full_name, case });
        }
    }
    cases
}

/// The `*.jsonl` files directly in `dir`, sorted by name.
fn jsonl_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "jsonl") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        render_str(s)
    } else if let Some(s) = payload.downcast_ref::<String>() {
        render_str(s)
    } else {
        "a non-string payload".to_owned()
    }
}

/// `NM_TEST`: comma-separated substrings; a leading `-` excludes.
struct Filter {
    terms: Vec<(bool, String)>,
}

impl Filter {
    fn from_env() -> Filter {
        let spec = std::env::var("NM_TEST").unwrap_or_default();
        let terms = spec
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| match t.strip_prefix('-') {
                Some(rest) => (false, rest.to_owned()),
                None => (true, t.to_owned()),
            })
            .collect();
        Filter { terms }
    }

    /// Whether to run the case with this full name. Terms apply in order;
    /// the last one that matches decides. Before any match, a case runs
    /// only if every term excludes.
    fn accepts(&self, name: &str) -> bool {
        let mut accept = self.terms.iter().all(|(include, _)| !include);
        for (include, term) in &self.terms {
            if name.contains(term.as_str()) {
                accept = *include;
            }
        }
        accept
    }
}
