//! Gold evaluation: hand-annotated paragraphs under `tests/gold/`, every
//! `*.jsonl` file at any depth (`corpus.jsonl`, `en/a-un.jsonl`, …), one
//! case a line in the format `tests/gold/README.md` describes:
//! `{"name", "doc"?, "lang"?, "publisher"?, "source"?, "currency"?,
//! "text", "records": [{"text", "occurrence"?, "kind", "value", "unit",
//! "qualifier"?, "subject"?, "change"?, "period"?, "section"?,
//! "status"?}]}`. Unknown keys are errors (a misspelt `stauts` would
//! otherwise be silently unscored).
//!
//! An expected record is located by its `text` (the `occurrence`-th
//! match, 1-based, overlapping matches counted; a text that occurs more
//! than once must give its occurrence) and matched one to one
//! with an extracted record of the same value and unit whose span
//! overlaps it: expected records in span order, each taking the first
//! free candidate in span order, one with exactly its span first.
//! Predicted fields are read from the record's serde JSON, so a field
//! the library adds later (`status`, `lang`) is scored as soon as it
//! appears; until then it counts as wrong. A field is scored only on
//! expected records that carry the key (old lines have no `status`).
//!
//! The test prints, per language and overall, value+unit precision,
//! recall and F1, exact-span agreement, and over the matched pairs the
//! accuracy of kind, qualifier, subject, subject head, section and
//! status, period F1, change direction F1, change pair accuracy and a
//! status F1 per status. It fails when a case is malformed (bad JSON, an
//! unknown key, a duplicate name, a text not found or out of text order,
//! a value not normalized, an unknown status) and when any overall figure
//! falls below its floor (`FLOOR_*` below).
//!
//! `cargo test --test integration gold -- --nocapture` shows the table;
//! `NM_GOLD_VERBOSE=1` also lists every mismatch as `file:line [name]`;
//! `NM_GOLD_FLOORS=1` prints the floor constants today's scores allow;
//! `NM_GOLD_COUNTS=1` prints what the corpus holds (paragraphs,
//! publishers, records by kind, status, unit and qualifier).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use narrative_metrics::{Document, Extractor, RuleSet};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

// Floors, per language (`[en, fr]`, the order of `LANGS`): each figure as
// the library scores it on the whole corpus, rounded down to three
// decimals; `NM_GOLD_FLOORS=1` prints them again. They are floors to raise
// as issues 18 (meaning) and 20 (French) land, never to lower without
// saying why. A figure with no data scores 0 (see `Score`). Both languages
// meet issue 18's thresholds, so their floors assert them: kind >= 0.92,
// direction F1 >= 0.85, period F1 >= 0.88, subject head >= 0.92, status
// >= 0.85 with target, baseline and context F1 >= 0.60, value+unit F1
// >= 0.95 (issue 20 asks French 0.90 of it). English kind and
// status floors went down a little when the blind set en/e-changes.jsonl
// joined the corpus (its statistics read as results; see
// en/e-DECISIONS.md); its change and value figures raised theirs. English
// recall went down a little when en/f-status.jsonl joined, then back up once
// its layer-1 misses were read ("10m people", cells under a "(NZ$000)"
// header; en/f-DECISIONS.md). English subject, period, change pair and
// status floors went down by at most 0.005 when the blind set
// en/h-sitreps.jsonl joined (situation reports: elliptical figures,
// "U.S. states", coordinated subjects sharing a verb after them, a pair
// stated as "62% more than the 12,161 shipments of 2018"; see
// en/h-DECISIONS.md); the rest of the corpus scores as before.
// French kind, subject, period and target floors went down when the blind
// set gold-fr-121..128 joined (humanitarian key-figures blocks and appeals:
// bare bracketed breakdowns, a heading year over prose; fr/DECISIONS.md,
// "Sixth blind round"); the 120 older paragraphs score as before.
// The blind sets en/i-status.jsonl and gold-fr-129..140 joined with their
// rules (i-DECISIONS.md; fr/DECISIONS.md, "Seventh blind round"), then
// en/j-periods.jsonl and gold-fr-141..152 (j-DECISIONS.md; "Eighth blind
// round"), then en/k-status.jsonl and gold-fr-153..160 (k-DECISIONS.md;
// "Ninth blind round"): every floor level or up in both languages,
// re-measured with all six sets in. The tenth and eleventh rounds
// (en/l-results, m-mixed, n-needs, o-changes; gold-fr-161..170,
// fr/l-fresh, fr/m-fresh) joined with their rules, and three records were
// corrected to README decision 51: re-measured with all of them in,
// every floor is level or up in both languages.
// English floors went down by at most 0.014 (change pair; status 0.008)
// when the blind set en/u-sector.jsonl joined (sector performance reports:
// ratios written "34:1" that layer 1 does not read, East African "18bn/-"
// and Malawian "K23.5 million", "by 2 per cent to 60%" read as a range,
// bracketed earlier values with no year, amounts of change beyond the
// sector cue's reach; en/u-DECISIONS.md); with it set aside, every English
// floor holds at its earlier value. Re-measured with the fourteenth round's
// four sets in (en/t, en/u, fr/r, fr/s) and their rules merged: every
// French floor level or up, every English floor level or up from the
// lowered values.
// English floors went down by at most 0.005 (status achieved F1; status
// 0.004, context F1 0.004, direction F1 0.003, change pair and baseline F1
// 0.001) when the blind set en/v-health-agri.jsonl joined with its rules
// (health- and agriculture-sector reports: a crop table and a share of a
// national plan with no cue, farms as the actor of production, a chain's
// third link after a rate's denominator, a pair across "last year",
// levels against a base with no figure; en/v-DECISIONS.md); with it set
// aside, every English floor holds at its earlier value. Re-measured with
// the fifteenth round's four sets in (en/v, en/w, fr/t, fr/u) and their
// rules merged, with the lead's ratio and range rules: every floor is level
// or up in both languages from those values.
// Four English floors went down by at most 0.004 (target F1 0.910 -> 0.906,
// period F1 0.968 -> 0.966, exact span and context F1 0.001) when the blind
// set en/x-social-protection.jsonl joined with its rules (cash-transfer
// reports: one-letter currency symbols that turn missed amounts into
// records with a wrong status, a bracketed month range, a year inside a
// relative clause; en/x-DECISIONS.md); with it set aside, every English
// floor holds at its earlier value. Re-measured with the sixteenth round's
// four sets in (en/x, en/y, fr/v, fr/w) and the lead's change rules: every
// other floor is level or up in both languages.
// Five French floors went down by at most 0.002 (direction F1 0.972 ->
// 0.971, pair 0.926 -> 0.924, status 0.939 -> 0.937, achieved F1 0.945 ->
// 0.944, context F1 0.911 -> 0.909) when listed amounts ("recevront 10
// millions d'euros, la coordination 2 millions") became money (French
// value+unit F1 0.976 -> 0.981): the eleven amounts they found are scored
// on every field now, and four of them take the wrong status or change
// of the item before them; no figure scored before changed.
// The French target F1 floor went down by 0.002 (0.945 -> 0.943) when the
// blind set fr/y-finance.jsonl joined with its rules (microfinance reports:
// an investor's portfolio on a list line that does not say it is invested,
// and a count in a clause joined by ", et" after a budget, both read
// `target`; fr/y-DECISIONS.md); its rules change no record of the other
// French paragraphs but one subject, now as annotated, so with the set
// aside every French floor holds at its earlier value.
// Ten English floors went down by at most 0.008 (subject 0.961 -> 0.953,
// subject head 0.966 -> 0.957, status 0.920 -> 0.916, achieved F1 0.938 ->
// 0.934, baseline F1 0.975 -> 0.971, kind 0.985 -> 0.983, change pair
// 0.881 -> 0.879, context F1, period F1 and direction F1 0.001 or 0.002)
// when the blind set en/aa-governance.jsonl joined with its rules
// (governance, justice and election reports: key-figures blocks whose
// cells set their label before the figure, a flattened turnout table
// whose column header is a bracket, "N of M" rows that name their noun on
// the first row only, bracketed shares after a category, an auditor's
// findings beyond the finding's sentence; en/aa-DECISIONS.md); with it set
// aside, every English floor holds at its earlier value and the French
// scores are unchanged.
// Twelve English floors went down by at most 0.005 (subject 0.961 ->
// 0.957, context F1 0.858 -> 0.853, kind 0.985 -> 0.983 …) when the blind
// set en/z-finance.jsonl joined with its rules (financial inclusion and
// microfinance reports: sector bulletins with no programme acting, taka
// amounts grouped the South Asian way after "Tk", shares whose noun comes
// after the verb, a line-wrapped "per\ncent"; en/z-DECISIONS.md); with it
// set aside, every English floor holds at its earlier value and no other
// paragraph's records change.
// With both English sets of the seventeenth round in (aa, z), their drops
// add up: subject head 0.966 -> 0.953, subject 0.961 -> 0.949, kind 0.985
// -> 0.981, status 0.920 -> 0.915, context F1 0.858 -> 0.851. The French
// floors were re-measured with both French sets of the round in (x, y)
// and the listed amounts: their drops add up as the English ones do
// (context F1 0.911 -> 0.900, pair 0.926 -> 0.919, status 0.939 ->
// 0.934), and value+unit precision, recall and F1 rose (F1 0.976 ->
// 0.982).
// Four English floors went down by at most 0.002 (subject, status,
// baseline and context F1) when a dash glued between two percentages
// joined a range ("41% [38%-46%], against 23%"): the four interval ends
// it found are scored on every field and take no subject, and the 23%
// lost the pair it had formed with the misread "-46%".
// The English subject head floor went down by 0.001 (0.953 -> 0.952) when
// a percent word wrapped over a line ("11.6 per\ncent") joined its figure:
// the share it found is scored on every field, its pair is right, and it
// names no subject (gold-en-z-004).
// Eight French floors went down by at most 0.009 (context F1 0.911 ->
// 0.902, change pair 0.926 -> 0.918, kind 0.991 -> 0.987, subject and
// subject head 0.957 -> 0.952, direction F1, status and achieved F1 by
// 0.004-0.005) when the blind set fr/x-education.jsonl joined with its
// rules (education reports: a ministry's enrolment table by cycle whose
// only national cue is the paragraph, its cells' noun in the heading and
// their bracketed signed percentages after a bare level, a yearly series
// of label cells under a heading, survey results under a "résultats"
// heading; fr/x-DECISIONS.md); with it set aside, every French floor holds
// at its earlier value, and no other gold record changed with its rules.

// Ten French floors went down by at most 0.005 (subject and subject head
// 0.953 -> 0.948, context F1 0.901 -> 0.896, change pair 0.919 -> 0.914,
// direction F1 0.968 -> 0.964, status 0.934 -> 0.931, target and baseline
// F1 by 0.003, achieved F1 by 0.002, kind by 0.001) when the blind set
// fr/z-gouvernance.jsonl joined with its rules (governance, decentralisation,
// justice and election reports: elliptical counts whose verb follows the
// number, a flattened list whose cells name their noun on the first cell
// only, a turnout table of year cells, an auditor's figure set against the
// government's, a comparison with an earlier election in a bracket;
// fr/z-DECISIONS.md); with it set aside, every French floor holds at its
// earlier value, and its rules change no other gold record but three
// amounts in bare "francs", now money (XOF; two are a Swiss NGO's francs,
// read as XOF where they were read as counts before, missed either way).
// Eight French floors went down by at most 0.005 (change pair 0.915 ->
// 0.910, direction F1 0.965 -> 0.962, status 0.931 -> 0.929, achieved,
// baseline and target F1 by 0.002-0.003, period F1 by 0.001) when the blind
// set fr/zb-environnement.jsonl joined with its rules (environment, climate and
// forest reports: a fund's grants decided for the year beside the national
// system's size, an ERPA's programme area after 'sera mené dans', a national
// forest inventory's species counts after 'dont' and its from-to pair with
// 'à l'hectare' between, elliptical 'et 15 000 mis en défens', shares of
// land and soils; fr/zb-DECISIONS.md); with it set aside, every French
// floor holds at its earlier value, and its rules change no other gold
// record.
/// Value+unit precision.
const FLOOR_PRECISION: [f64; 2] = [0.981, 0.981];
/// Value+unit recall.
const FLOOR_RECALL: [f64; 2] = [0.984, 0.989];
/// Value+unit F1.
const FLOOR_F1: [f64; 2] = [0.983, 0.985];
/// Matched pairs whose spans agree exactly.
const FLOOR_EXACT_SPAN: [f64; 2] = [0.997, 0.998];
/// Kind accuracy over matched pairs.
const FLOOR_KIND: [f64; 2] = [0.982, 0.987];
/// Qualifier accuracy over matched pairs.
const FLOOR_QUALIFIER: [f64; 2] = [0.998, 0.999];
/// Subject accuracy (exact string) over matched pairs.
const FLOOR_SUBJECT: [f64; 2] = [0.950, 0.949];
/// Subject head accuracy (last word, any case) over matched pairs.
const FLOOR_SUBJECT_HEAD: [f64; 2] = [0.955, 0.949];
/// Section accuracy over matched pairs.
const FLOOR_SECTION: [f64; 2] = [1.000, 1.000];
/// Period F1 over matched pairs where either side has a period.
const FLOOR_PERIOD_F1: [f64; 2] = [0.967, 0.964];
/// Change direction F1 over matched pairs where either side has a change.
/// English lowered 0.917 -> 0.914 when the blind set `en/d-fresh.jsonl`
/// joined the corpus: main's rules score it the same (the set's change
/// records include level forms the change rules do not read yet, listed in
/// `en/d-DECISIONS.md`); no rule change lowered it.
const FLOOR_DIRECTION_F1: [f64; 2] = [0.948, 0.962];
/// Change pair (from, to, from_period, to_period) accuracy over matched
/// pairs where either side has a change.
/// English lowered 0.808 -> 0.806 with `en/d-fresh.jsonl`, as above.
const FLOOR_CHANGE_PAIR: [f64; 2] = [0.882, 0.910];
/// Status accuracy over matched pairs.
const FLOOR_STATUS: [f64; 2] = [0.916, 0.929];
/// Status F1 of `achieved`.
const FLOOR_STATUS_ACHIEVED_F1: [f64; 2] = [0.934, 0.936];
/// Status F1 of `target`.
/// English lowered 0.911 -> 0.910 when ratios ("34:1") became records: of
/// the six in en/u-sector.jsonl, "before falling to 29:1" after "the target
/// of 35:1" takes the target cue; value F1, change pair and period rose.
const FLOOR_STATUS_TARGET_F1: [f64; 2] = [0.906, 0.940];
/// Status F1 of `baseline`.
const FLOOR_STATUS_BASELINE_F1: [f64; 2] = [0.972, 0.971];
/// Status F1 of `context`.
const FLOOR_STATUS_CONTEXT_F1: [f64; 2] = [0.857, 0.900];

/// A floor constant with its name, for `NM_GOLD_FLOORS=1`.
macro_rules! floor {
    ($c:ident, $lang:expr) => {
        ($c[$lang], stringify!($c))
    };
}

/// The languages floors are kept for, in the order of each floor array.
const LANGS: [&str; 2] = ["en", "fr"];

/// The statuses SPEC fixes, in the order the table prints them.
const STATUSES: [&str; 4] = ["achieved", "target", "baseline", "context"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    doc: Option<String>,
    /// The language of the paragraph; `en` when absent.
    #[serde(default)]
    lang: Option<String>,
    /// Who published the report the paragraph is modelled on.
    #[serde(default)]
    publisher: Option<String>,
    /// The address of the page the paragraph is modelled on.
    #[serde(default)]
    #[allow(dead_code)]
    source: Option<String>,
    /// The document's default currency for a bare `$`. Not handed to the
    /// extractor yet (`Document::with_currency` takes it): handing it over
    /// changes which figures match, so the floors are measured again when
    /// it is.
    #[serde(default)]
    #[allow(dead_code)]
    currency: Option<String>,
    text: String,
    records: Vec<Expected>,
}

/// An expected record. `Field` keys distinguish a missing key (not
/// scored) from `null` (scored: the extractor must say null too).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    text: String,
    /// Required when `text` occurs more than once (overlapping matches
    /// counted, so "6" occurs in "41146"): a bare "6" would otherwise
    /// silently match inside the code.
    #[serde(default)]
    occurrence: Option<usize>,
    kind: String,
    value: String,
    unit: String,
    #[serde(default, deserialize_with = "present")]
    qualifier: Field,
    #[serde(default, deserialize_with = "present")]
    subject: Field,
    #[serde(default, deserialize_with = "present")]
    change: Field,
    #[serde(default, deserialize_with = "present")]
    period: Field,
    #[serde(default, deserialize_with = "present")]
    section: Field,
    #[serde(default, deserialize_with = "present")]
    status: Field,
}

/// A key of an expected record: `None` when the line does not carry it.
type Field = Option<Value>;

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
    Value::deserialize(d).map(Some)
}

/// Every `*.jsonl` file under `dir`, at any depth, sorted by path.
fn gold_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|x| x == "jsonl") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Where `needle` starts in `text`, overlapping matches included.
fn match_starts(text: &str, needle: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut from = 0;
    while !needle.is_empty() {
        let Some(i) = text[from..].find(needle) else { break };
        let start = from + i;
        starts.push(start);
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    starts
}

/// The span of the `occurrence`-th match of `needle` in `text`, or why
/// there is none.
fn locate(
    text: &str,
    needle: &str,
    occurrence: Option<usize>,
) -> Result<[usize; 2], String> {
    let starts = match_starts(text, needle);
    let index = match occurrence {
        None if starts.len() > 1 => {
            return Err(format!(
                "{needle:?} occurs {} times: give its occurrence",
                starts.len()
            ))
        }
        None => 0,
        Some(n) => n.checked_sub(1).ok_or("occurrence 0 (it is 1-based)")?,
    };
    match starts.get(index) {
        Some(&start) => Ok([start, start + needle.len()]),
        None => Err(format!("{needle:?} does not occur {} times", index + 1)),
    }
}

/// Hits over scored items.
#[derive(Clone, Copy, Default)]
struct Acc {
    hits: usize,
    scored: usize,
}

impl Acc {
    fn add(&mut self, hit: bool) {
        self.scored += 1;
        self.hits += usize::from(hit);
    }

    fn merge(&mut self, o: Acc) {
        self.hits += o.hits;
        self.scored += o.scored;
    }
}

/// True positives, predicted positives and gold positives, for an F1.
#[derive(Clone, Copy, Default)]
struct Prf {
    hits: usize,
    predicted: usize,
    gold: usize,
}

impl Prf {
    fn merge(&mut self, o: Prf) {
        self.hits += o.hits;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
}

/// What one language (or the whole corpus) scored.
#[derive(Clone, Default)]
struct Tally {
    cases: usize,
    figures: Prf,
    exact_span: Acc,
    kind: Acc,
    qualifier: Acc,
    subject: Acc,
    subject_head: Acc,
    section: Acc,
    status: Acc,
    period: Prf,
    direction: Prf,
    change_pair: Acc,
    by_status: [Prf; 4],
}

impl Tally {
    fn merge(&mut self, o: &Tally) {
        self.cases += o.cases;
        self.figures.merge(o.figures);
        for (a, b) in [
            (&mut self.exact_span, o.exact_span),
            (&mut self.kind, o.kind),
            (&mut self.qualifier, o.qualifier),
            (&mut self.subject, o.subject),
            (&mut self.subject_head, o.subject_head),
            (&mut self.section, o.section),
            (&mut self.status, o.status),
            (&mut self.change_pair, o.change_pair),
        ] {
            a.merge(b);
        }
        self.period.merge(o.period);
        self.direction.merge(o.direction);
        for (a, b) in self.by_status.iter_mut().zip(o.by_status) {
            a.merge(b);
        }
    }

    /// Every scored figure, in table order, with its floor.
    fn scores(&self, lang: usize) -> Vec<Score> {
        let f = self.figures;
        let mut out = vec![
            Score::ratio(
                "precision",
                f.hits,
                f.predicted,
                floor!(FLOOR_PRECISION, lang),
            ),
            Score::ratio("recall", f.hits, f.gold, floor!(FLOOR_RECALL, lang)),
            Score::f1("F1 (value+unit)", f, floor!(FLOOR_F1, lang)),
            Score::acc(
                "exact span",
                self.exact_span,
                floor!(FLOOR_EXACT_SPAN, lang),
            ),
            Score::acc("kind", self.kind, floor!(FLOOR_KIND, lang)),
            Score::acc(
                "qualifier",
                self.qualifier,
                floor!(FLOOR_QUALIFIER, lang),
            ),
            Score::acc("subject", self.subject, floor!(FLOOR_SUBJECT, lang)),
            Score::acc(
                "subject head",
                self.subject_head,
                floor!(FLOOR_SUBJECT_HEAD, lang),
            ),
            Score::acc("section", self.section, floor!(FLOOR_SECTION, lang)),
            Score::f1("period F1", self.period, floor!(FLOOR_PERIOD_F1, lang)),
            Score::f1(
                "change direction F1",
                self.direction,
                floor!(FLOOR_DIRECTION_F1, lang),
            ),
            Score::acc(
                "change pair",
                self.change_pair,
                floor!(FLOOR_CHANGE_PAIR, lang),
            ),
            Score::acc("status", self.status, floor!(FLOOR_STATUS, lang)),
        ];
        let floors = [
            floor!(FLOOR_STATUS_ACHIEVED_F1, lang),
            floor!(FLOOR_STATUS_TARGET_F1, lang),
            floor!(FLOOR_STATUS_BASELINE_F1, lang),
            floor!(FLOOR_STATUS_CONTEXT_F1, lang),
        ];
        for ((name, prf), floor) in
            STATUSES.iter().zip(self.by_status).zip(floors)
        {
            out.push(
                Score::f1(name, prf, floor).named(format!("status {name} F1")),
            );
        }
        out
    }
}

/// A floor and the name of its constant.
type Floor = (f64, &'static str);

/// One figure of the table.
struct Score {
    name: String,
    /// `None` when nothing was scored (no gold and no prediction).
    value: Option<f64>,
    /// How many items it was computed over, for the table.
    over: String,
    floor: f64,
    /// The name of the floor constant.
    constant: &'static str,
}

impl Score {
    fn ratio(name: &str, n: usize, d: usize, f: Floor) -> Score {
        let value = (d > 0).then(|| n as f64 / d as f64);
        let over = format!("{n}/{d}");
        Score { name: name.to_owned(), value, over, floor: f.0, constant: f.1 }
    }

    fn acc(name: &str, a: Acc, f: Floor) -> Score {
        Score::ratio(name, a.hits, a.scored, f)
    }

    fn f1(name: &str, p: Prf, f: Floor) -> Score {
        let value = (p.predicted + p.gold > 0)
            .then(|| 2.0 * p.hits as f64 / (p.predicted + p.gold) as f64);
        let over = format!(
            "{} hit, {} predicted, {} gold",
            p.hits, p.predicted, p.gold
        );
        Score { name: name.to_owned(), value, over, floor: f.0, constant: f.1 }
    }

    fn named(mut self, name: String) -> Score {
        self.name = name;
        self
    }

    /// The value the floor is checked against: no data scores 0, so its
    /// floor must be 0 until data arrives.
    fn measured(&self) -> f64 {
        self.value.unwrap_or(0.0)
    }
}

/// A record the extractor produced, as its serde JSON.
struct Got {
    span: [usize; 2],
    value: Option<Decimal>,
    unit: String,
    json: Map<String, Value>,
}

impl Got {
    fn new(json: Value) -> Got {
        let json = match json {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let span = match json.get("span").and_then(Value::as_array) {
            Some(a) if a.len() == 2 => [
                a[0].as_u64().unwrap_or(0) as usize,
                a[1].as_u64().unwrap_or(0) as usize,
            ],
            _ => [0, 0],
        };
        let value = json
            .get("value")
            .and_then(Value::as_str)
            .and_then(|v| Decimal::from_str(v).ok());
        let unit =
            json.get("unit").and_then(Value::as_str).unwrap_or("").to_owned();
        Got { span, value, unit, json }
    }

    /// The predicted field, or `None` when the record has no such key.
    fn field(&self, key: &str) -> Option<&Value> {
        self.json.get(key)
    }

    fn text(&self) -> &str {
        self.json.get("text").and_then(Value::as_str).unwrap_or("")
    }
}

/// Where mismatches and case errors go.
#[derive(Default)]
struct Log {
    errors: Vec<String>,
    listing: String,
    /// Scored fields the extractor's records do not have at all (today
    /// `status`), counted instead of listed one by one.
    absent: BTreeMap<String, usize>,
}

fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "(no such field)".to_owned(), Value::to_string)
}

/// The last word of a subject, lower-cased; `null` stays `None`.
fn head(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?;
    s.split_whitespace().last().map(str::to_lowercase)
}

/// A change's direction.
fn direction(c: Option<&Value>) -> Option<&Value> {
    c.and_then(|c| c.get("direction"))
}

/// A change's two values and periods, nulls as absent.
fn pair(c: Option<&Value>) -> [Option<&Value>; 4] {
    ["from", "to", "from_period", "to_period"]
        .map(|k| c.and_then(|c| c.get(k)).filter(|v| !v.is_null()))
}

fn non_null(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// Scores one F1 item: `want` and `got` are the gold and predicted
/// labels (`None` for none); a hit is both present and equal.
fn prf_add<T: PartialEq>(p: &mut Prf, want: Option<T>, got: Option<T>) {
    p.gold += usize::from(want.is_some());
    p.predicted += usize::from(got.is_some());
    p.hits += usize::from(want.is_some() && want == got);
}

fn check_case(
    extractor: &Extractor,
    where_: &str,
    case: &Case,
    t: &mut Tally,
    log: &mut Log,
) {
    let doc = case.doc.as_deref().unwrap_or(&case.name);
    // The language is left to detection, as for an unlabelled corpus;
    // `lang` only says which column the paragraph is scored in.
    let document = Document::new(doc, &case.text);
    let got: Vec<Got> = extractor
        .extract_document(&document)
        .iter()
        .map(|r| Got::new(serde_json::to_value(r).unwrap_or(Value::Null)))
        .collect();
    let at = format!("{} [{}]", where_, case.name);
    t.cases += 1;
    t.figures.gold += case.records.len();
    t.figures.predicted += got.len();
    let mut used = vec![false; got.len()];
    let mut last_start = 0;
    for e in &case.records {
        let span = match locate(&case.text, &e.text, e.occurrence) {
            Ok(span) => span,
            Err(why) => {
                log.errors.push(format!("{at}: case error: {why}"));
                continue;
            }
        };
        if span[0] < last_start {
            log.errors.push(format!(
                "{at}: case error: {:?} is out of text order",
                e.text
            ));
        }
        last_start = span[0];
        let value = Decimal::from_str(&e.value).ok();
        if value.map(|v| v.normalize().to_string()).as_deref()
            != Some(e.value.as_str())
        {
            log.errors.push(format!(
                "{at}: case error: value {:?} is not a normalized decimal",
                e.value
            ));
        }
        if let Some(s) = non_null(e.status.as_ref()) {
            if !s.as_str().is_some_and(|s| STATUSES.contains(&s)) {
                log.errors.push(format!("{at}: case error: status {s}"));
            }
        }
        let overlaps = |g: &Got| g.span[0] < span[1] && span[0] < g.span[1];
        let candidate = |i: usize, g: &Got| {
            !used[i] && g.value == value && g.unit == e.unit && overlaps(g)
        };
        let found = got
            .iter()
            .enumerate()
            .position(|(i, g)| candidate(i, g) && g.span == span)
            .or_else(|| {
                got.iter().enumerate().position(|(i, g)| candidate(i, g))
            });
        let Some(i) = found else {
            let _ = writeln!(
                log.listing,
                "{at}: missed {:?} {} {} ({})",
                e.text, e.value, e.unit, e.kind
            );
            continue;
        };
        used[i] = true;
        t.figures.hits += 1;
        score_pair(&at, e, &got[i], span, t, log);
    }
    for (i, g) in got.iter().enumerate() {
        if !used[i] {
            let _ = writeln!(
                log.listing,
                "{at}: spurious {:?} {} {} ({}, subject {})",
                g.text(),
                g.value.map_or_else(String::new, |v| v.to_string()),
                g.unit,
                show(g.field("kind")),
                show(g.field("subject")),
            );
        }
    }
}

/// Scores the fields of one matched pair.
fn score_pair(
    at: &str,
    e: &Expected,
    g: &Got,
    span: [usize; 2],
    t: &mut Tally,
    log: &mut Log,
) {
    let mut note = |ok: bool, what: &str, want: &str, got: &str| {
        if ok {
        } else if g.field(what).is_none() && what != "span" {
            *log.absent.entry(what.to_owned()).or_default() += 1;
        } else {
            let _ = writeln!(
                log.listing,
                "{at}: {:?}: {what} expected {want} got {got}",
                e.text
            );
        }
        ok
    };
    let exact = note(
        g.span == span,
        "span",
        &format!("{span:?}"),
        &format!("{:?} {:?}", g.span, g.text()),
    );
    t.exact_span.add(exact);
    let kind = Value::from(e.kind.as_str());
    let ok = g.field("kind") == Some(&kind);
    t.kind.add(note(ok, "kind", &kind.to_string(), &show(g.field("kind"))));
    // Plain fields: scored when the line carries the key; a predicted
    // record without the key is wrong.
    for (key, want, acc) in [
        ("qualifier", &e.qualifier, &mut t.qualifier),
        ("subject", &e.subject, &mut t.subject),
        ("section", &e.section, &mut t.section),
        ("status", &e.status, &mut t.status),
    ] {
        if let Some(w) = want {
            let got = g.field(key);
            acc.add(note(got == Some(w), key, &w.to_string(), &show(got)));
        }
    }
    if let Some(w) = &e.subject {
        let (wh, gh) = (head(Some(w)), head(g.field("subject")));
        let ok = g.field("subject").is_some() && wh == gh;
        t.subject_head.add(ok);
    }
    if let Some(w) = &e.period {
        let got = g.field("period");
        prf_add(&mut t.period, non_null(Some(w)), non_null(got));
        note(got == Some(w), "period", &w.to_string(), &show(got));
    }
    if let Some(w) = &e.status {
        let got = g.field("status");
        for (i, s) in STATUSES.iter().enumerate() {
            let is = |v: Option<&Value>| v.and_then(Value::as_str) == Some(*s);
            prf_add(
                &mut t.by_status[i],
                is(Some(w)).then_some(()),
                is(got).then_some(()),
            );
        }
    }
    if let Some(w) = &e.change {
        let got = g.field("change");
        let (wc, gc) = (non_null(Some(w)), non_null(got));
        prf_add(&mut t.direction, direction(wc), direction(gc));
        if wc.is_some() || gc.is_some() {
            let ok = wc.is_some() && gc.is_some() && pair(wc) == pair(gc);
            t.change_pair.add(ok);
        }
        note(got == Some(w), "change", &w.to_string(), &show(got));
    }
}

/// What the corpus holds, for `NM_GOLD_COUNTS=1` and the README.
#[derive(Default)]
struct Counts {
    cases: usize,
    records: usize,
    publishers: BTreeSet<String>,
    kinds: BTreeMap<String, usize>,
    statuses: BTreeMap<String, usize>,
    units: BTreeMap<String, usize>,
    qualifiers: BTreeMap<String, usize>,
    with_period: usize,
    with_change: usize,
    with_section: usize,
}

impl Counts {
    fn add(&mut self, case: &Case) {
        self.cases += 1;
        if let Some(p) = &case.publisher {
            self.publishers.insert(p.clone());
        }
        for e in &case.records {
            self.records += 1;
            *self.kinds.entry(e.kind.clone()).or_default() += 1;
            *self.units.entry(e.unit.clone()).or_default() += 1;
            let label = |f: &Field, absent: &str| match f {
                Some(Value::String(s)) => s.clone(),
                Some(_) => "null".to_owned(),
                None => absent.to_owned(),
            };
            *self.statuses.entry(label(&e.status, "(none)")).or_default() += 1;
            *self
                .qualifiers
                .entry(label(&e.qualifier, "exact"))
                .or_default() += 1;
            self.with_period +=
                usize::from(non_null(e.period.as_ref()).is_some());
            self.with_change +=
                usize::from(non_null(e.change.as_ref()).is_some());
            self.with_section +=
                usize::from(non_null(e.section.as_ref()).is_some());
        }
    }

    fn render(&self, lang: &str) -> String {
        let list = |m: &BTreeMap<String, usize>| {
            let mut v: Vec<_> = m.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v.iter()
                .map(|(k, n)| format!("`{k}` {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "{lang}: {} paragraphs, {} publishers, {} records ({} with a \
             period, {} with a change, {} with a section)\n  kinds: {}\n  \
             statuses: {}\n  units: {}\n  qualifiers: {}",
            self.cases,
            self.publishers.len(),
            self.records,
            self.with_period,
            self.with_change,
            self.with_section,
            list(&self.kinds),
            list(&self.statuses),
            list(&self.units),
            list(&self.qualifiers),
        )
    }
}

fn table(tallies: &BTreeMap<String, Tally>, all: &Tally) -> String {
    let mut columns: Vec<(String, Vec<Score>)> = tallies
        .iter()
        .map(|(lang, t)| (format!("{lang} ({})", t.cases), t.scores(0)))
        .collect();
    columns.push((format!("all ({})", all.cases), all.scores(0)));
    let mut out = String::new();
    let _ = write!(out, "{:<22}", "gold (cases)");
    for (name, _) in &columns {
        let _ = write!(out, " {name:>9}");
    }
    let _ = writeln!(out, "   over (all)");
    for (row, score) in all.scores(0).iter().enumerate() {
        let _ = write!(out, "{:<22}", score.name);
        for (_, scores) in &columns {
            match scores[row].value {
                Some(v) => {
                    let _ = write!(out, " {v:>9.4}");
                }
                None => {
                    let _ = write!(out, " {:>9}", "-");
                }
            }
        }
        let _ = writeln!(out, "   {}", score.over);
    }
    out.push_str("('-': no data; its floor is 0 until there is.)\n");
    out
}

#[test]
fn gold_corpus_scores_above_its_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let files = gold_files(&root);
    assert!(!files.is_empty(), "no gold corpus: tests/gold/**/*.jsonl");
    let extractor = Extractor::builder()
        .languages([RuleSet::english(), RuleSet::french()])
        .build();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut log = Log::default();
    let mut names = HashSet::new();
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut all_counts = Counts::default();
    for path in &files {
        let file =
            path.strip_prefix(&root).unwrap_or(path).display().to_string();
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
                        log.errors.push(format!(
                            "{where_}: duplicate case name {:?}",
                            case.name
                        ));
                    }
                    // Only the English rule set exists today; every
                    // language is read with it until its own lands.
                    let lang =
                        case.lang.clone().unwrap_or_else(|| "en".into());
                    counts.entry(lang.clone()).or_default().add(&case);
                    all_counts.add(&case);
                    let t = tallies.entry(lang).or_default();
                    check_case(&extractor, &where_, &case, t, &mut log);
                }
                Err(e) => {
                    log.errors.push(format!("{where_}: malformed case: {e}"))
                }
            }
        }
    }
    let mut all = Tally::default();
    for t in tallies.values() {
        all.merge(t);
    }
    let report = table(&tallies, &all);
    eprintln!("{report}");
    if std::env::var_os("NM_GOLD_VERBOSE").is_some() {
        eprintln!("{}", log.listing);
        for (field, n) in &log.absent {
            eprintln!("{n} expected records scored wrong: no `{field}` field");
        }
    }
    if std::env::var_os("NM_GOLD_COUNTS").is_some() {
        for (lang, c) in &counts {
            eprintln!("{}", c.render(lang));
        }
        eprintln!("{}", all_counts.render("all"));
    }
    let mut scores = Vec::new();
    for (lang, t) in &tallies {
        match LANGS.iter().position(|l| l == lang) {
            Some(i) => scores.push((i, t.scores(i))),
            None => {
                log.errors.push(format!("no floors for language {lang:?}"))
            }
        }
    }
    if std::env::var_os("NM_GOLD_FLOORS").is_some() {
        let mut by_constant: BTreeMap<&str, [f64; 2]> = BTreeMap::new();
        for (i, list) in &scores {
            for s in list {
                by_constant.entry(s.constant).or_default()[*i] =
                    (s.measured() * 1000.0).floor() / 1000.0;
            }
        }
        for (name, [en, fr]) in by_constant {
            eprintln!("const {name}: [f64; 2] = [{en:.3}, {fr:.3}];");
        }
    }
    assert!(
        log.errors.is_empty(),
        "gold corpus errors:\n{}",
        log.errors.join("\n")
    );
    let below: Vec<String> = scores
        .iter()
        .flat_map(|(i, list)| list.iter().map(move |s| (LANGS[*i], s)))
        .filter(|(_, s)| s.measured() < s.floor)
        .map(|(lang, s)| {
            format!(
                "{lang}: {} {:.4} < floor {}",
                s.name,
                s.measured(),
                s.floor
            )
        })
        .collect();
    assert!(
        below.is_empty(),
        "below the floors:\n{}\n\n{report}\n(NM_GOLD_VERBOSE=1 lists the \
         mismatches)",
        below.join("\n")
    );
}
