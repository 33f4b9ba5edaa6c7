//! Throughput of layer 1 and layer 2, and the cost of building rules.
//!
//! Ids are `area/input/size`: `raw_scan` (a bare regex over digit runs,
//! every match taken: the yardstick), `raw_ends` (the same regex counting
//! its matches, which finds only where they end), `quantities` (layer 1),
//! `extract` (layer 2, the thread's `Scratch`), `extract_with` (layer 2
//! reusing `Scratch` and the output `Vec`) and `rules_build` (compiling
//! rules, not throughput). A corpus input (`notes`) is timed document by
//! document.
//! Inputs are described in `inputs/mod.rs`; every count is asserted before
//! timing.
//!
//! `cargo bench --bench extract -- --test` runs every bench once;
//! `cargo bench --bench extract -- --quick quantities/` gives quick numbers.

mod inputs;

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use narrative_metrics::{Extractor, Lexicon, RuleSet, Scratch};
use regex::Regex;

use crate::inputs::{raw_matches, Area, Input, RAW_PATTERN};

/// Inputs this large are timed with few flat samples.
const LARGE: usize = 5 * inputs::MB;

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20)
        .configure_from_args();
    let all = Inputs::new();
    guard_rates(&all);
    raw_scan(&mut c, &all);
    raw_ends(&mut c, &all);
    quantities(&mut c, &all);
    extract(&mut c, &all);
    extract_with(&mut c, &all);
    rules_build(&mut c);
    languages(&mut c);
    c.final_summary();
}

/// Every input, built once.
struct Inputs {
    /// The report fixture, 1 KB to 10 MB.
    sizes: Vec<Input>,
    /// `prose`, `mixed`, `dense` and `dense-utf8`.
    densities: Vec<Input>,
    adversarial: Vec<Input>,
}

impl Inputs {
    fn new() -> Inputs {
        Inputs {
            sizes: inputs::report_sizes(10 * inputs::MB),
            densities: inputs::densities(),
            adversarial: inputs::adversarial(),
        }
    }

    /// Every input, or every input up to 1 MB.
    fn iter(&self, large: bool) -> impl Iterator<Item = &Input> {
        self.sizes
            .iter()
            .chain(&self.densities)
            .chain(&self.adversarial)
            .filter(move |i| large || i.text.len() < LARGE)
    }
}

/// Sets throughput, and few flat samples for the largest inputs.
fn bench_input<'t, M: criterion::measurement::Measurement>(
    g: &mut BenchmarkGroup<'_, M>,
    input: &'t Input,
    mut f: impl FnMut(&'t str) -> usize,
) {
    g.throughput(Throughput::Bytes(input.text.len() as u64));
    if input.text.len() >= LARGE {
        g.sampling_mode(SamplingMode::Flat).sample_size(10);
    } else {
        g.sampling_mode(SamplingMode::Auto).sample_size(20);
    }
    g.bench_function(BenchmarkId::new(input.name, input.size), |b| {
        b.iter(|| input.docs().map(|doc| f(black_box(doc))).sum::<usize>())
    });
}

/// How many times slower than the raw scan layer 1 and full extraction
/// may be on an input of 100 KB to 1 MB before the bench refuses to run:
/// about two and a half times the worst ratio measured (layer 1 2.4 on
/// `dense`, full extraction 11 on `report` and `dense` since the meaning
/// fields, README), so a loaded CI machine passes and a pathological
/// input (70 times) does not.
const MAX_SLOWER: (f64, f64) = (6.0, 28.0);

/// Times the raw scan, layer 1 and full extraction once per input (the
/// best of three) and fails if one of them is far slower than the raw
/// scan: a smoke test that `cargo bench -- --test` runs too, so that a
/// change that makes some input pathologically slow (a joined pattern
/// that lost its reverse search made `adv-groups` 70 times slower) fails
/// CI instead of waiting for the next full bench run.
fn guard_rates(all: &Inputs) {
    let re = Regex::new(RAW_PATTERN).expect("the yardstick compiles");
    let ex = Extractor::new();
    let best = |f: &dyn Fn() -> usize| {
        (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                black_box(f());
                started.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
            .max(1e-6)
    };
    // Inputs of 100 KB and more: long enough to time in one call.
    for input in all.iter(false).filter(|i| i.text.len() >= 100 * inputs::KB) {
        let t = black_box(input.text.as_str());
        let ratios = || {
            let raw = best(&|| raw_matches(&re, t));
            let l1 = best(&|| narrative_metrics::quantities(t).count());
            let full = best(&|| ex.extract("bench", t).len());
            (l1 / raw, full / raw)
        };
        let within =
            |(n1, n2): (f64, f64)| n1 <= MAX_SLOWER.0 && n2 <= MAX_SLOWER.1;
        // A busy machine can slow one timing for a moment; a slow input is
        // slow every time: it fails only when three rounds all say so.
        let mut measured = ratios();
        for _ in 1..3 {
            if within(measured) {
                break;
            }
            measured = ratios();
        }
        let (n1, n2) = measured;
        assert!(
            within((n1, n2)),
            "{}/{}: layer 1 {n1:.1}x and full extraction {n2:.1}x the raw \
             scan's time; at most {:?}",
            input.name,
            input.size,
            MAX_SLOWER,
        );
    }
}

fn raw_scan(c: &mut Criterion, all: &Inputs) {
    let re = Regex::new(RAW_PATTERN).expect("the yardstick compiles");
    let count = |t: &str| raw_matches(&re, t);
    let mut g = c.benchmark_group("raw_scan");
    for input in all.iter(true) {
        input.check(Area::RawScan, count);
        bench_input(&mut g, input, count);
    }
    g.finish();
}

/// The raw scan's regex counting matches (`Matches::count`), which finds
/// only their ends: shown beside the yardstick, inputs up to 1 MB.
fn raw_ends(c: &mut Criterion, all: &Inputs) {
    let re = Regex::new(RAW_PATTERN).expect("the yardstick compiles");
    let count = |t: &str| re.find_iter(t).count();
    let mut g = c.benchmark_group("raw_ends");
    for input in all.iter(false) {
        input.check(Area::RawScan, count);
        bench_input(&mut g, input, count);
    }
    g.finish();
}

fn quantities(c: &mut Criterion, all: &Inputs) {
    let count = |t: &str| narrative_metrics::quantities(t).count();
    let mut g = c.benchmark_group("quantities");
    for input in all.iter(true) {
        input.check(Area::Quantities, count);
        bench_input(&mut g, input, count);
    }
    g.finish();
}

fn extract(c: &mut Criterion, all: &Inputs) {
    let ex = Extractor::new();
    let count = |t: &str| ex.extract("bench", t).len();
    let mut g = c.benchmark_group("extract");
    for input in all.iter(true) {
        input.check(Area::Records, count);
        bench_input(&mut g, input, count);
    }
    g.finish();
}

fn extract_with(c: &mut Criterion, all: &Inputs) {
    let ex = Extractor::new();
    let mut g = c.benchmark_group("extract_with");
    // The largest input too: with its output vector reused, the 10 MB
    // document shows what is left of `extract`'s drop there once the
    // allocator's part is gone.
    for input in all.iter(true) {
        input.check(Area::Records, |t| ex.extract("bench", t).len());
        let mut scratch = Scratch::new();
        let mut out = Vec::new();
        bench_input(&mut g, input, |t| {
            out.clear();
            ex.extract_with(&mut scratch, "bench", t, &mut out);
            out.len()
        });
    }
    g.finish();
}

/// A small rule file that adds a kind: what a user loads at run time.
const EXTRA_RULES: &str = r#"
[[kind]]
id = "water"
nouns = ["wells", "boreholes", "water points", "latrines"]
"#;

/// Bytes of every rule file under `rules/en/`: what building the English
/// set compiles.
fn english_rule_bytes() -> u64 {
    let mut total = 0;
    // This package's manifest is in `benches/`; the rules are the crate's.
    let bench_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![bench_dir.join("../rules/en")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                total += entry.metadata().map_or(0, |m| m.len());
            }
        }
    }
    total
}

/// Build time (not extraction): the lexicon alone, and the English set
/// plus a small user file. Throughput is the rule text compiled.
/// French prose with few figures, our own sentences (the French twin of
/// `prose`).
const PROSE_FR: &str = include_str!("inputs/prose-fr.txt");

/// Full extraction of English and French prose by an extractor of both
/// languages, each document's language detected: issue 20 asks French
/// within 1.5 times English's time per byte.
fn languages(c: &mut Criterion) {
    let ex = Extractor::builder()
        .languages([RuleSet::english(), RuleSet::french()])
        .build();
    let mut g = c.benchmark_group("languages");
    for (name, corpus, lang) in
        [("prose-en", inputs::PROSE, "en"), ("prose-fr", PROSE_FR, "fr")]
    {
        let mut text = String::new();
        while text.len() < 100 * inputs::KB {
            text.push_str(corpus);
            text.push_str("\n\n");
        }
        let records = ex.extract("bench", &text);
        assert!(
            !records.is_empty() && records.iter().all(|r| r.lang == lang),
            "{name}: expected records read as {lang}"
        );
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::new(name, "100KB"), |b| {
            b.iter(|| ex.extract("bench", black_box(&text)).len())
        });
    }
    g.finish();
}

fn rules_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("rules_build");
    g.sample_size(20);
    let lexicon = Lexicon::ENGLISH_TOML;
    g.throughput(Throughput::Bytes(lexicon.len() as u64));
    g.bench_function(BenchmarkId::new("lexicon", "english"), |b| {
        b.iter(|| {
            Lexicon::from_toml("lexicon.toml", black_box(lexicon))
                .expect("the English lexicon compiles")
        })
    });
    let extra = RuleSet::from_toml("water.toml", EXTRA_RULES);
    assert!(
        extra.as_ref().is_ok_and(|r| r.kinds().any(|k| k == "water")),
        "the bench's rule file must compile: {:?}",
        extra.err().map(|e| e.to_string()),
    );
    let total = english_rule_bytes() + EXTRA_RULES.len() as u64;
    g.throughput(Throughput::Bytes(total));
    g.bench_function(BenchmarkId::new("from_toml", "english+kind"), |b| {
        b.iter(|| RuleSet::from_toml("water.toml", black_box(EXTRA_RULES)))
    });
    g.finish();
}
