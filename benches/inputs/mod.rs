//! Bench inputs: deterministic haystacks built from our own fixture
//! paragraphs (never the seed documents), with the counts every bench
//! asserts before it is timed.
//!
//! A fixture corpus is a text file of paragraphs separated by blank lines.
//! An input of a given size is those paragraphs, cycled in order, joined by
//! blank lines, up to the first paragraph boundary at or past the size. Its
//! expected count for any area is the per-paragraph count (computed once,
//! on each paragraph alone) times the number of times the paragraph was
//! used: a bench cannot get fast by finding nothing, and an area whose
//! count stops scaling linearly with the input fails before it is timed.
//! Adversarial inputs are single pathological patterns with fixed counts
//! determined once and written down here.

// Each bench binary uses a different subset of this module.
#![allow(dead_code)]

/// Report-style paragraphs: counts, money, percentages, number words,
/// years, codes, ranges, qualifiers.
pub const REPORT: &str = include_str!("report.txt");
/// Prose with very few figures.
pub const PROSE: &str = include_str!("prose.txt");
/// Tables of figures.
pub const DENSE: &str = include_str!("dense.txt");
/// Tables of figures as reports write them past ASCII: box-drawing rules,
/// `€` and `£` signs, curly quotes, dashes, accented names, spaced
/// thousands.
pub const DENSE_UTF8: &str = include_str!("dense-utf8.txt");

/// The yardstick: digit runs with optional groups and decimals.
pub const RAW_PATTERN: &str =
    r"\d{1,3}(?:[,. ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

/// The raw scan: every match `find_iter` yields, span and all, as layer 1
/// yields each quantity with its span.
///
/// Not `find_iter(t).count()`: `regex` specializes `count` to find only
/// where each match ends, skipping the reverse search for where it starts
/// (its source says "up to 2x faster"; here 2.1 times on `dense` and 1.6
/// on `report`, the same on prose). No scanner that reports spans gets that
/// discount, so the bench's `raw_ends` times it apart and the README shows
/// both.
pub fn raw_matches(re: &regex::Regex, t: &str) -> usize {
    re.find_iter(t).fold(0, |n, m| {
        std::hint::black_box(m);
        n + 1
    })
}

pub const KB: usize = 1_000;
pub const MB: usize = 1_000_000;

/// The paragraphs of a fixture corpus.
pub fn paragraphs(corpus: &'static str) -> Vec<&'static str> {
    corpus.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// What an input must give before it is timed.
#[derive(Clone, Debug)]
pub enum Expect {
    /// Built from fixture paragraphs: `uses[i]` copies of `paragraphs[i]`.
    Paragraphs { paragraphs: Vec<&'static str>, uses: Vec<usize> },
    /// A pathological pattern with fixed counts per area.
    Fixed(Counts),
}

/// Fixed counts of an adversarial input, one per area.
#[derive(Clone, Copy, Debug)]
pub struct Counts {
    /// Matches of the yardstick regex.
    pub raw_scan: usize,
    /// Layer-1 quantities.
    pub quantities: usize,
    /// Layer-2 records.
    pub records: usize,
}

/// The area a count belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    RawScan,
    Quantities,
    Records,
}

/// One haystack: one document, or a corpus of documents.
#[derive(Clone, Debug)]
pub struct Input {
    /// `report`, `notes`, `prose`, `dense` or `adv-…`.
    pub name: &'static str,
    /// `1KB`, `10KB`, `100KB`, `1MB`, `10MB`.
    pub size: &'static str,
    pub text: String,
    /// Where each document of a corpus ends in `text`; empty for a single
    /// document.
    pub ends: Vec<usize>,
    pub expect: Expect,
}

impl Input {
    /// Cycles `corpus`'s paragraphs up to `target` bytes: one document.
    pub fn from_corpus(
        name: &'static str,
        size: &'static str,
        corpus: &'static str,
        target: usize,
    ) -> Input {
        let one = Input::notes(name, size, corpus, target, target);
        Input { ends: Vec::new(), ..one }
    }

    /// One paragraph of `figures` followed by `per` paragraphs of
    /// `filler`, each corpus cycled in order, up to `target` bytes: a
    /// figure density between the two.
    pub fn mixed(
        name: &'static str,
        size: &'static str,
        (figures, filler, per): (&'static str, &'static str, usize),
        target: usize,
    ) -> Input {
        let (a, b) = (paragraphs(figures), paragraphs(filler));
        assert!(!a.is_empty() && !b.is_empty(), "{name}: empty fixture");
        // One list of paragraphs: those of `figures`, then `filler`'s.
        let mut uses = vec![0; a.len() + b.len()];
        let mut text = String::with_capacity(target + 4 * KB);
        let (mut i, mut j) = (0, 0);
        let mut push = |text: &mut String, k: usize, p: &str| {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(p);
            uses[k] += 1;
        };
        while text.len() < target {
            push(&mut text, i, a[i]);
            i = (i + 1) % a.len();
            for _ in 0..per {
                if text.len() >= target {
                    break;
                }
                push(&mut text, a.len() + j, b[j]);
                j = (j + 1) % b.len();
            }
        }
        let paragraphs = a.into_iter().chain(b).collect();
        Input {
            name,
            size,
            text,
            ends: Vec::new(),
            expect: Expect::Paragraphs { paragraphs, uses },
        }
    }

    /// `unit` repeated up to `target` bytes (whole units only), with
    /// `prefix` and `suffix` around it.
    pub fn adversarial(
        name: &'static str,
        prefix: &str,
        unit: &str,
        suffix: &str,
        target: usize,
        counts: Counts,
    ) -> Input {
        let mut text = String::with_capacity(target + unit.len());
        text.push_str(prefix);
        while text.len() + unit.len() + suffix.len() <= target {
            text.push_str(unit);
        }
        text.push_str(suffix);
        Input {
            name,
            size: "100KB",
            text,
            ends: Vec::new(),
            expect: Expect::Fixed(counts),
        }
    }

    /// `corpus`'s paragraphs, cycled in order, cut into documents of
    /// about `note` bytes (whole paragraphs, up to the first boundary at
    /// or past `note`), up to `target` bytes in all: a corpus of notes.
    pub fn notes(
        name: &'static str,
        size: &'static str,
        corpus: &'static str,
        note: usize,
        target: usize,
    ) -> Input {
        let paragraphs = paragraphs(corpus);
        assert!(!paragraphs.is_empty(), "{name}: empty fixture");
        let mut uses = vec![0; paragraphs.len()];
        let mut text = String::with_capacity(target + 4 * KB);
        let mut ends = Vec::new();
        let mut i = 0;
        while text.len() < target {
            let start = text.len();
            while text.len() - start < note {
                if text.len() > start {
                    text.push_str("\n\n");
                }
                text.push_str(paragraphs[i]);
                uses[i] += 1;
                i = (i + 1) % paragraphs.len();
            }
            ends.push(text.len());
        }
        Input {
            name,
            size,
            text,
            ends,
            expect: Expect::Paragraphs { paragraphs, uses },
        }
    }

    /// The documents of this input: the text, or each document of a
    /// corpus.
    pub fn docs(&self) -> impl Iterator<Item = &str> + '_ {
        docs(&self.text, &self.ends)
    }

    /// Asserts that `count` finds what this input must give for `area`,
    /// and returns that count. For fixture inputs the per-paragraph count
    /// must also be non-zero in total, except for the layer-2 records of
    /// an area that has none to give.
    pub fn check(&self, area: Area, count: impl Fn(&str) -> usize) -> usize {
        let got = self.docs().map(&count).sum();
        let want = match &self.expect {
            Expect::Fixed(c) => match area {
                Area::RawScan => c.raw_scan,
                Area::Quantities => c.quantities,
                Area::Records => c.records,
            },
            Expect::Paragraphs { paragraphs, uses } => {
                let want: usize = paragraphs
                    .iter()
                    .zip(uses)
                    .map(|(p, &n)| count(p) * n)
                    .sum();
                assert!(
                    want > 0,
                    "{:?} {}/{}: the fixture gives nothing",
                    area,
                    self.name,
                    self.size,
                );
                want
            }
        };
        assert_eq!(
            got, want,
            "{:?} {}/{}: expected {} (per-paragraph count times repeats)",
            area, self.name, self.size, want,
        );
        got
    }
}

/// The documents of `text` that end at `ends` (the whole text when `ends`
/// is empty).
pub fn docs<'t>(
    text: &'t str,
    ends: &'t [usize],
) -> impl Iterator<Item = &'t str> + 't {
    (0..ends.len().max(1)).map(move |k| {
        let start = k.checked_sub(1).map_or(0, |j| ends[j]);
        let end = ends.get(k).copied().unwrap_or(text.len());
        &text[start..end]
    })
}

/// The report fixture at every size, 1 KB (a note) to `max` bytes, and at
/// 10 MB also as a corpus of 1 KB notes.
pub fn report_sizes(max: usize) -> Vec<Input> {
    [
        ("1KB", KB),
        ("10KB", 10 * KB),
        ("100KB", 100 * KB),
        ("1MB", MB),
        ("10MB", 10 * MB),
    ]
    .into_iter()
    .filter(|&(_, n)| n <= max)
    .map(|(size, n)| Input::from_corpus("report", size, REPORT, n))
    .chain((max >= 10 * MB).then(|| notes("10MB", 10 * MB)))
    .collect()
}

/// `target` bytes of notes of about 1 KB cut from the report fixture: a
/// corpus, each note extracted on its own, as the batch tool does.
pub fn notes(size: &'static str, target: usize) -> Input {
    Input::notes("notes", size, REPORT, KB, target)
}

/// How many prose paragraphs follow each report paragraph in the `mixed`
/// input: about 3.5 figures per KB, the density of real progress reports
/// (0.2 to 4 per KB in the documents this project was created from; the
/// report fixture has 21, prose 0.8, dense 66).
pub const MIXED_PROSE: usize = 6;

/// Few numbers, a real report's density, and figure-dense tables in
/// ASCII and past it, 100 KB each.
pub fn densities() -> Vec<Input> {
    vec![
        Input::from_corpus("prose", "100KB", PROSE, 100 * KB),
        Input::mixed("mixed", "100KB", (REPORT, PROSE, MIXED_PROSE), 100 * KB),
        Input::from_corpus("dense", "100KB", DENSE, 100 * KB),
        Input::from_corpus("dense-utf8", "100KB", DENSE_UTF8, 100 * KB),
    ]
}

/// Pathological patterns, 100 KB each, with the counts they give.
pub fn adversarial() -> Vec<Input> {
    let n = 100 * KB;
    let c = |raw_scan, quantities, records| Counts {
        raw_scan,
        quantities,
        records,
    };
    vec![
        // One digit run far past any numeral's bound.
        Input::adversarial("adv-digits", "", "9", "", n, c(1, 0, 0)),
        // Endless comma groups of one digit, then of dots.
        Input::adversarial("adv-commas", "1", ",1", "", n, c(50_000, 0, 0)),
        Input::adversarial("adv-dots", "1", ".1", "", n, c(25_000, 0, 0)),
        // One number grouped with every separator in turn, forever.
        Input::adversarial(
            "adv-groups",
            "1",
            ",000.000'000\u{a0}000\u{202f}000 000",
            "",
            n,
            c(11_110, 7_406, 7_406),
        ),
        // Separators with no digits.
        Input::adversarial("adv-seps", "", ",. '\u{a0}-/", "", n, c(0, 0, 0)),
        // Thousands of currency symbols around a few figures.
        Input::adversarial(
            "adv-dollars",
            "",
            "$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$$ $9 ",
            "",
            n,
            c(2_325, 2_325, 2_325),
        ),
        // A pronoun-like number word over and over.
        Input::adversarial("adv-one", "", "one ", "", n, c(0, 0, 0)),
        // A numeral that never ends.
        Input::adversarial(
            "adv-hundreds",
            "one hundred",
            " and hundred",
            "",
            n,
            c(0, 1, 1),
        ),
    ]
}
