//! The pipeline: quantities, then a bounded context window, then rules,
//! then records.
//!
//! For each document: layer 1 finds the quantities; the sentence bounds
//! and the section codes are indexed once; then every quantity is looked
//! at through a window of its own sentence, clipped to 400 bytes on each
//! side, so that no rule ever scans the whole document. A large document
//! goes through layer 2 in parts of about a thousand figures, each cut
//! between two sentences and two lines, which no rule reads across. The
//! steps, per quantity:
//!
//! 1. exclusions (figures that are not results) drop it;
//! 2. change pairs ("from X to Y") link it to its neighbour, and a bare
//!    figure inherits its partner's currency;
//! 3. the first matching indicator rule decides how its subject is read
//!    and how its kind is decided;
//! 4. the subject is the noun phrase after the figure (or after "of",
//!    or found by a look-back pattern), and its head noun gives the kind;
//! 5. period and section are looked up.
//!
//! A range gives two records (lower bound `at_least`, upper `at_most`).

use std::cell::RefCell;

use rust_decimal::Decimal;

use crate::quantity::{is_alphanumeric, Quantities, Quantity};
use crate::record::{Change, Direction, Qualifier, Record, Span, Unit};
use crate::rules::RuleSet;
use crate::rules::{
    self, is_word_char, pack, pack_in, pack_parts, Compiled, Ends, Hint,
    HintScratch, KindChoice, Roles, Scope, SubjectMode, Units,
};
use crate::segment::{self, WINDOW_CAP};

/// Extracts indicator records (layer 2) and quantities (layer 1) from text.
///
/// Cheap to clone; `Send + Sync`, so one extractor serves every thread.
///
/// # Example
///
/// ```
/// use narrative_metrics::Extractor;
///
/// let extractor = Extractor::new();
/// let records = extractor.extract("note-1", "We trained 40 midwives in 2023.");
/// assert_eq!(records[0].value.to_string(), "40");
/// ```
#[derive(Clone, Debug)]
pub struct Extractor {
    rules: RuleSet,
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor with the embedded English rule set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let extractor = Extractor::new();
    /// assert_eq!(extractor.quantities("5 wells").count(), 1);
    /// ```
    pub fn new() -> Extractor {
        Extractor { rules: RuleSet::english() }
    }

    /// A builder to choose the rule set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, RuleSet};
    ///
    /// let extractor = Extractor::builder().rules(RuleSet::english()).build();
    /// assert_eq!(extractor.quantities("5 wells").count(), 1);
    /// ```
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder { rules: None }
    }

    /// The rule set in use.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// assert!(Extractor::new().rules().kinds().count() > 0);
    /// ```
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Layer 1: every quantity of `text`, in text order.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let q: Vec<_> = Extractor::new().quantities("about 1.6 billion views").collect();
    /// assert_eq!(q[0].value().to_string(), "1600000000");
    /// ```
    pub fn quantities<'t>(&self, text: &'t str) -> Quantities<'t> {
        Quantities::new(self.rules.lexicon(), text)
    }

    /// A copy of this extractor for another thread: the same rules, with
    /// regex scratch space of its own.
    ///
    /// An `Extractor` is `Send + Sync` and may be shared as it is, but its
    /// regexes then share one pool of scratch space, which every thread
    /// but the first takes from behind a lock on each search. A worker
    /// that runs many documents does better with its own copy; the
    /// compiled automata are shared, so a copy costs little memory.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let shared = Extractor::new();
    /// std::thread::scope(|s| {
    ///     for _ in 0..2 {
    ///         let mine = shared.for_thread();
    ///         s.spawn(move || assert_eq!(mine.extract("d", "7 wells").len(), 1));
    ///     }
    /// });
    /// ```
    // PERF: batch tool, `--threads 2` on 200 MB: regex's pool lookups
    // (`Pool::get_slow`, `put_value`) were ~3% of the profile.
    pub fn for_thread(&self) -> Extractor {
        Extractor { rules: self.rules.with_own_scratch() }
    }

    /// Layer 2: the indicator records of one document.
    ///
    /// Working buffers are reused from call to call on the same thread.
    /// A document is read in parts of about a thousand figures, so they
    /// stay small; they are released after a document that grew one of
    /// them past 32,768 entries (sentences, section codes, hint matches,
    /// or figures in one part, which only one sentence holding that many
    /// does). For full control over them, see [`Extractor::extract_with`].
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let extractor = Extractor::new();
    /// let records = extractor.extract("d", "We held 3 workshops.");
    /// assert_eq!(records[0].kind, "events");
    /// assert_eq!(records[0].subject, Some("workshops"));
    /// ```
    pub fn extract<'a>(
        &'a self,
        doc: &'a str,
        text: &'a str,
    ) -> Vec<Record<'a>> {
        let mut out = Vec::new();
        // PERF: a per-thread `Scratch` instead of a fresh one per call: a
        // large document no longer allocates (and pages in) every working
        // buffer again (a loop over one 1 MB report document: 50 -> 90
        // MB/s; criterion extract/report/1MB: 49 -> 87 MiB/s).
        let reused = SCRATCH
            .try_with(|cell| match cell.try_borrow_mut() {
                Ok(mut scratch) => {
                    self.extract_with(&mut scratch, doc, text, &mut out);
                    scratch.trim();
                    true
                }
                Err(_) => false,
            })
            .unwrap_or(false);
        if !reused {
            self.extract_with(&mut Scratch::new(), doc, text, &mut out);
        }
        out
    }

    /// Layer 2 with caller-owned buffers: appends the records of one
    /// document to `out`, reusing `scratch` between calls.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, Scratch};
    ///
    /// let extractor = Extractor::new();
    /// let mut scratch = Scratch::new();
    /// let mut out = Vec::new();
    /// for (id, text) in [("a", "3 wells"), ("b", "4 wells")] {
    ///     out.clear();
    ///     extractor.extract_with(&mut scratch, id, text, &mut out);
    ///     assert_eq!(out.len(), 1);
    /// }
    /// ```
    pub fn extract_with<'a>(
        &'a self,
        scratch: &mut Scratch,
        doc: &'a str,
        text: &'a str,
        out: &mut Vec<Record<'a>>,
    ) {
        extract_in_parts(self, scratch, doc, text, out, PART_FIGURES);
    }
}

/// The most figures layer 2 takes at a time, about 64 KB of report text:
/// a larger document is read in parts of this many figures or a few more,
/// each cut where a sentence and a line end (see [`apart`]).
// PERF: a part's working buffers (quantities, plans, hint matches) stay in
// the processor's caches while layer 2 walks them again and again, where
// a whole document's were read back from memory on each walk.
// `examples/passes <fixture> l2 <MB> <passes>`, three rounds interleaved
// with the build before, MB/s: one 10 MB document of `report` 59-62 ->
// 77-78, of `dense` 29 -> 41-43, of `dense-utf8` 46-47 -> 60-63, of
// `mixed` 209-216 -> 266-274; one 1 MB `report` document 83 -> 86-89; a
// corpus of 1 KB notes (`notes`) unchanged at 80-82. Parts of 256
// figures read the 10 MB documents 2-5% slower, parts of 4,096 no
// faster.
const PART_FIGURES: usize = 1024;

/// [`Extractor::extract_with`], in parts of `part` figures or a few more:
/// the records are the same for any `part` (a test runs 1, 2, 3, ... and
/// compares).
fn extract_in_parts<'a>(
    ex: &'a Extractor,
    scratch: &mut Scratch,
    doc: &'a str,
    text: &'a str,
    out: &mut Vec<Record<'a>>,
    part: usize,
) {
    let compiled = ex.rules.compiled();
    // The quantity buffer keeps its allocation between documents: it is
    // empty here and when it goes back (see `recycle`).
    let mut qs = recycle(std::mem::take(&mut scratch.quantities));
    let mut found = Quantities::new(&compiled.lexicon, text);
    // PERF: filled by `extend` rather than tested figure by figure: a test
    // of each figure for a place to cut cost 1-2% on 1 KB notes
    // (`examples/passes notes l2 10 3`, four interleaved rounds).
    let part = part.max(1);
    qs.extend(found.by_ref().take(part));
    // PERF: a document with no figure needs no sentence, section or
    // exclusion index (bench extract/adv-seps: 39 -> 528 MiB/s).
    if !qs.is_empty() {
        index_document(compiled, scratch, text);
    }
    let mut sentences = segment::Cursor::default();
    while let Some(last) = qs.last() {
        // The part goes on to the first figure that can start another.
        let mut next = found.next();
        let mut last = last.span.start;
        while let Some(q) = next.take_if(|q| {
            !apart(compiled, scratch, text, &mut sentences, last, q)
        }) {
            last = q.span.start;
            qs.push(q);
            next = found.next();
        }
        // PERF: most figures give one record; growing the output by
        // doubling copied every record of a large document again (a loop
        // over the 10 MB report document: about 53 -> 56 MB/s). Reserved
        // a part at a time, or for a whole document's worth at once, 1
        // and 10 MB documents read the same (`examples/passes`).
        out.reserve(qs.len());
        records(compiled, scratch, doc, text, &qs, out);
        qs.clear();
        qs.extend(next);
        qs.extend(found.by_ref().take(part - 1));
    }
    scratch.quantities = recycle(qs);
}

/// Whether two successive figures of `text`, the one that starts at `a`
/// and `b`, lie in different sentences and, where some exclusion reads
/// lines, on different lines: then no rule that reads one sees the other
/// or its sentence, and the figures up to `a` can be taken apart from
/// those from `b` on.
fn apart(
    c: &Compiled,
    s: &Scratch,
    text: &str,
    sentences: &mut segment::Cursor,
    a: usize,
    b: &Quantity<'_>,
) -> bool {
    let b = b.span.start;
    sentences.sentence_at(&s.sentences, text.len(), a)
        != sentences.sentence_at(&s.sentences, text.len(), b)
        && (!c.line_scoped
            || memchr::memchr(b'\n', &text.as_bytes()[a..b]).is_some())
}

/// Indexes the sentences and the section codes of a document.
fn index_document(c: &Compiled, s: &mut Scratch, text: &str) {
    segment::sentence_starts(text, &c.words.abbreviation, &mut s.sentences);
    segment::index_sections(&c.sections, text, &mut s.sections);
    s.section = segment::SectionCursor::default();
}

/// An empty vector of quantities of any lifetime, reusing the allocation
/// of `v` (cleared first): collecting an empty `vec::IntoIter` into a
/// vector of a same-layout type reuses its buffer.
// `filter_map` is what changes the element type; nothing ever passes it.
#[allow(clippy::unnecessary_filter_map)]
fn recycle<'x, 'y>(mut v: Vec<Quantity<'x>>) -> Vec<Quantity<'y>> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// Builds an [`Extractor`].
///
/// # Example
///
/// ```
/// use narrative_metrics::{Extractor, RuleSet};
///
/// let e = Extractor::builder().rules(RuleSet::english()).build();
/// assert!(e.rules().kinds().count() > 0);
/// ```
#[derive(Clone, Debug)]
pub struct ExtractorBuilder {
    rules: Option<RuleSet>,
}

impl ExtractorBuilder {
    /// Uses `rules` instead of the embedded English set.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, RuleSet};
    ///
    /// let e = Extractor::builder().rules(RuleSet::english()).build();
    /// assert!(e.rules().kinds().any(|k| k == "funding"));
    /// ```
    pub fn rules(&mut self, rules: RuleSet) -> &mut ExtractorBuilder {
        self.rules = Some(rules);
        self
    }

    /// The extractor.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// let e = Extractor::builder().build();
    /// assert_eq!(e.quantities("7 schools").count(), 1);
    /// ```
    pub fn build(&self) -> Extractor {
        Extractor {
            rules: self.rules.clone().unwrap_or_else(RuleSet::english),
        }
    }
}

/// Reusable buffers for [`Extractor::extract_with`]: the quantity list,
/// sentence bounds, section index and per-figure working state. One per
/// thread; reusing it makes extraction allocation-free once warm.
///
/// # Example
///
/// ```
/// use narrative_metrics::Scratch;
///
/// let scratch = Scratch::new();
/// # let _ = scratch;
/// ```
#[derive(Debug, Default)]
pub struct Scratch {
    pub(crate) quantities: Vec<Quantity<'static>>,
    sentences: Vec<usize>,
    sections: Vec<Span>,
    years: Vec<Span>,
    excluded_in_sentence: Vec<Span>,
    excluded_in_line: Vec<Span>,
    /// Where the exclusion hint and the period hint may match in the
    /// part, and their working memory.
    hints: HintScratch,
    period_hints: HintScratch,
    /// Whether the period hint was searched in this document (see
    /// [`SHORT_SENTENCE`]).
    period_hinted: bool,
    /// The regions of the figures' sentences and of their lines, each in
    /// text order: where the hint is searched.
    sentence_regions: Vec<Span>,
    line_regions: Vec<Span>,
    /// The place in `sections` of the last record written.
    section: segment::SectionCursor,
    plans: Vec<Plan>,
    key: String,
}

thread_local! {
    /// The buffers [`Extractor::extract`] reuses on this thread.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

/// The most entries (figures of a part, hint matches, sentences) whose
/// working buffers the per-thread scratch of [`Extractor::extract`] keeps
/// after a document (at most about 6 MB): larger buffers are released, so
/// one huge text does not pin its memory to the thread.
const SCRATCH_KEEP: usize = 1 << 15;

impl Scratch {
    /// Releases the buffers if a document grew them past
    /// [`SCRATCH_KEEP`] figures, hint matches or sentences.
    fn trim(&mut self) {
        if self.quantities.capacity() > SCRATCH_KEEP
            || self.plans.capacity() > SCRATCH_KEEP
            || self.sentences.capacity() > SCRATCH_KEEP
            || self.sections.capacity() > SCRATCH_KEEP
            || self.hints.capacity() > SCRATCH_KEEP
            || self.period_hints.capacity() > SCRATCH_KEEP
        {
            *self = Scratch::new();
        }
    }

    /// Empty buffers.
    ///
    /// # Example
    ///
    /// ```
    /// let scratch = narrative_metrics::Scratch::new();
    /// # let _ = scratch;
    /// ```
    pub fn new() -> Scratch {
        Scratch::default()
    }
}

/// The most words a subject may have; a longer run of words is not a
/// noun phrase but a clause the stop words missed.
const MAX_SUBJECT_WORDS: usize = 6;

/// How far the sign of a change-worded percentage looks for its change
/// word, in bytes on each side ("fell by about 5%", "a 5% drop").
const DIRECTION_REACH: usize = 40;

/// What the engine decided for one quantity before writing its records.
#[derive(Clone, Copy, Debug)]
struct Plan {
    excluded: bool,
    unit: Unit,
    /// The window (capped sentence) of the figure.
    window: Span,
    /// Index of the other figure of a stated change, and whether this one
    /// is its `from` side.
    pair: Option<(usize, bool)>,
    direction: Option<Direction>,
    indicator: usize,
    subject: Option<Subject>,
    period: Option<Span>,
    /// The period is a year right after the figure's phrase.
    period_linked: bool,
}

/// The subject of a figure: its noun phrase and the kind its nouns name.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Subject {
    span: Span,
    kind: Option<usize>,
}

/// Writes the records of one document: see the module docs.
fn records<'a>(
    c: &'a Compiled,
    s: &mut Scratch,
    doc: &'a str,
    text: &'a str,
    qs: &[Quantity<'a>],
    out: &mut Vec<Record<'a>>,
) {
    s.plans.clear();
    let Some(first) = qs.first() else { return };
    find_hints(c, s, text, qs);
    // The sentence and the line whose matches the caches hold.
    let none = Span { start: usize::MAX, end: usize::MAX };
    let (mut cached_sentence, mut cached_line) = (none, none);
    // PERF: the figures come in text order, so their sentences are found
    // by walking the sentence index once rather than by a binary search
    // per figure (~170 instructions a figure of a table). With the empty
    // haystack check of `is_match`: callgrind, layer-2 instructions per
    // MB: report 93.2M -> 90.3M, dense 165.8M -> 154.2M.
    let mut sentences = segment::Cursor::near(&s.sentences, first.span.start);
    for (i, q) in qs.iter().enumerate() {
        let sentence =
            sentences.sentence_at(&s.sentences, text.len(), q.span.start);
        let window = segment::window(text, sentence, q.span);
        if sentence != cached_sentence {
            cached_sentence = sentence;
            let region = group_region(text, qs, i, sentence);
            scan_sentence(c, s, text, qs, region);
        }
        let mut excluded = inside(&s.excluded_in_sentence, q.span);
        if !excluded && c.line_scoped {
            let pos = q.span.start;
            if !(cached_line.start <= pos && pos < cached_line.end) {
                // Looked up once per line: a line is scanned for its
                // bounds once, however many figures it holds.
                cached_line = segment::line_of(text, pos);
                let region = group_region(text, qs, i, cached_line);
                scan_line(c, s, text, region);
            }
            excluded = inside(&s.excluded_in_line, q.span);
        }
        let (period, period_linked) = period(c, s, text, qs, i, window);
        s.plans.push(Plan {
            excluded,
            unit: q.unit,
            window,
            pair: None,
            direction: None,
            indicator: usize::MAX,
            subject: None,
            period,
            period_linked,
        });
    }
    link_changes(c, s, text, qs);
    // A figure of a change does not take its partner's own year ("$2.4
    // million, compared with $1.9 million in 2022": 2022 is the year of
    // the second figure only).
    for i in 0..qs.len() {
        if let Some((j, _)) = s.plans[i].pair {
            let (a, b) = (s.plans[i], s.plans[j]);
            if a.period.is_some()
                && a.period == b.period
                && b.period_linked
                && !a.period_linked
            {
                s.plans[i].period = None;
            }
        }
    }
    for i in 0..qs.len() {
        if s.plans[i].excluded {
            continue;
        }
        let plan = s.plans[i];
        let q = &qs[i];
        let Some(ind) = pick_indicator(c, text, q, plan.unit, plan.window)
        else {
            s.plans[i].excluded = true;
            continue;
        };
        let indicator = &c.indicators[ind];
        let next = qs.get(i + 1).map_or(usize::MAX, |n| n.span.start);
        let subject = match indicator.subject {
            SubjectMode::None => None,
            SubjectMode::After => {
                let end = plan.window.end.min(next);
                np_forward(c, text, q.span.end, end, false, &mut s.key)
                    .or_else(|| {
                        lookback(
                            c,
                            text,
                            plan.window.start,
                            q.span.start,
                            &mut s.key,
                        )
                    })
            }
            SubjectMode::Of => {
                let end = plan.window.end.min(next);
                after_of(text, q.span.end, end).and_then(|from| {
                    np_forward(c, text, from, end, true, &mut s.key)
                })
            }
        };
        let p = &mut s.plans[i];
        p.indicator = ind;
        p.subject = subject;
    }
    // The two figures of a change share a subject when only one has one
    // ("its partnerships from 12 to over 25").
    for i in 0..qs.len() {
        if let Some((j, true)) = s.plans[i].pair {
            let (a, b) = (s.plans[i], s.plans[j]);
            if a.excluded || b.excluded {
                continue;
            }
            let (sa, sb) =
                (&c.indicators[a.indicator], &c.indicators[b.indicator]);
            if sa.subject == sb.subject {
                match (a.subject, b.subject) {
                    (Some(x), None) => s.plans[j].subject = Some(x),
                    (None, Some(x)) => s.plans[i].subject = Some(x),
                    _ => {}
                }
            }
        }
    }
    for i in 0..qs.len() {
        if !s.plans[i].excluded {
            write_records(c, s, doc, text, qs, i, out);
        }
    }
}

/// Writes the record (or the two records of a range) of figure `i`.
fn write_records<'a>(
    c: &'a Compiled,
    s: &mut Scratch,
    doc: &'a str,
    text: &'a str,
    qs: &[Quantity<'a>],
    i: usize,
    out: &mut Vec<Record<'a>>,
) {
    let (q, plan) = (&qs[i], s.plans[i]);
    let indicator = &c.indicators[plan.indicator];
    let (kind, rule) = match indicator.kind {
        KindChoice::Fixed(k) => (k, &*indicator.id),
        KindChoice::Subject { fallback } => {
            match plan.subject.and_then(|sub| sub.kind) {
                Some(k) => (k, &*c.kinds[k].rule),
                None => (fallback, &*indicator.id),
            }
        }
    };
    let mut value = q.value;
    if indicator.direction && !q.signed && value > Decimal::ZERO {
        let near = Span {
            start: q
                .span
                .start
                .saturating_sub(DIRECTION_REACH)
                .max(plan.window.start),
            end: q
                .span
                .end
                .saturating_add(DIRECTION_REACH)
                .min(plan.window.end),
        };
        if nearest_direction(c, text, near, q.span, &mut s.key)
            == Some(Direction::Decrease)
        {
            value = -value;
        }
    }
    let slice = |sp: Option<Span>| sp.map(|sp| &text[sp.start..sp.end]);
    let change = plan.pair.and_then(|(j, is_from)| {
        let direction = plan.direction?;
        let other = &qs[j];
        let other_period = slice(s.plans[j].period);
        let this_period = slice(plan.period);
        Some(if is_from {
            Change {
                direction,
                from: value,
                to: other.value,
                from_period: this_period,
                to_period: other_period,
            }
        } else {
            Change {
                direction,
                from: other.value,
                to: value,
                from_period: other_period,
                to_period: this_period,
            }
        })
    });
    let unit = match (indicator.unit, plan.unit) {
        (Some(u), _) => u,
        (None, Unit::Number) => Unit::Count,
        (None, u) => u,
    };
    let section = s.section.before(&s.sections, q.span.start);
    let record = Record {
        doc,
        section: slice(section),
        kind: &c.kinds[kind].id,
        value,
        unit,
        qualifier: q.qualifier,
        subject: slice(plan.subject.map(|sub| sub.span)),
        change,
        period: slice(plan.period),
        span: q.span,
        text: q.text,
        rule,
    };
    match q.range_end {
        Some(end) if plan.pair.is_none() => {
            out.push(Record { qualifier: Qualifier::AtLeast, ..record });
            out.push(Record {
                qualifier: Qualifier::AtMost,
                value: end,
                ..record
            });
        }
        _ => out.push(record),
    }
}

/// The part of `bounds` (a sentence or a line) that the rules of the
/// figures from `i` on that lie inside it may look at: from the first one
/// minus the window cap to the last one plus the cap.
fn group_region(
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    bounds: Span,
) -> Span {
    let last = qs[i..]
        .iter()
        .take_while(|q| q.span.start < bounds.end)
        .last()
        .map_or(qs[i].span.end, |q| q.span.end);
    let start = bounds.start.max(qs[i].span.start.saturating_sub(WINDOW_CAP));
    let end = bounds.end.min(last.saturating_add(WINDOW_CAP)).max(start);
    Span { start: segment::ceil(text, start), end: segment::floor(text, end) }
}

// PERF: the sentence-scoped exclusions and the year patterns run once per
// sentence (over the part of it its figures can see), and the line-scoped
// exclusions once per line, not once per figure: each byte is scanned
// once per pattern however many figures share its sentence. Measured on
// the 2-core dev machine (release, one cold `extract_with`, whole
// pipeline): a 0.9 MB single "sentence" of 58,755 figures went from 2.3
// to about 20 MB/s, a 0.9 MB table of 119,748 figures (six a line) from
// 7.3 to about 12 MB/s; prose (the seed notes repeated to 0.97 MB) runs
// at about 95 MB/s. A criterion bench of these belongs in
// benches/extract.rs.

/// Fills the hint caches: the matches of the exclusion hint (and, in a
/// document of short sentences, of the period hint) over every region
/// that the exclusions of the figures' sentences and lines may be run on
/// (see `group_region`), merged; or, where the sentences that hold
/// figures cover half the text or more, from the first figure's region
/// to the last one's.
// PERF: one pass of one pattern per document instead of every exclusion
// pattern on every sentence and line; the exclusions then run only where
// the hint matches (rare in prose and tables alike). `extract --threads 1
// -o /dev/null`, best of 3, on 20 MB of examples/sample repeated (dense)
// and of the seed notes and gold paragraphs repeated (prose): dense 27.3
// -> 40.9 MB/s, prose 39.2 -> 48.8 MB/s, outputs byte-identical.
// PERF: where figures are sparse, the hint runs over their regions only:
// sentences with no figure are not read (cachegrind, instructions per MB
// of full extraction: prose fixture 30.8 -> 25.3 M, where the hint pass
// was 9.0 of layer 2's 14.7 M; report and dense unchanged).
//
// Why a search over a span that contains a region is enough: an exclusion
// match inside the region is also a match of the hint (a relaxed superset
// of every exclusion pattern, never matching the empty string), so the
// leftmost-first, non-overlapping hint matches of the span cannot all
// miss it: one of them overlaps the region.
/// The widest gap between two regions that one hint search spans.
const HINT_JOIN: usize = 256;

/// The average sentence length, in bytes, under which the period hint is
/// searched: each sentence's search for years costs a few hundred
/// instructions however short the sentence, the hint a few per byte, so
/// the hint pays where sentences are table cells, not in prose.
// PERF: the period patterns run only on the sentences the period hint
// (built as the exclusion hint is) overlaps, in documents of short
// sentences. Cachegrind instructions per MB of layer 2 (`examples/passes
// <fixture> l2 1 3` minus `... 1 1`, halved, minus the same for `l1`):
// dense 150.3M -> 141.5M; report and prose (sentences of ~150 bytes:
// the hint is not searched) unchanged. Searched in every document, the
// hint cost report 3M more than it saved.
const SHORT_SENTENCE: usize = 64;

fn find_hints(c: &Compiled, s: &mut Scratch, text: &str, qs: &[Quantity]) {
    s.hints.runs.clear();
    s.period_hints.runs.clear();
    s.sentence_regions.clear();
    s.line_regions.clear();
    s.period_hinted = c.period_hint.is_some()
        && s.sentences.len().saturating_mul(SHORT_SENTENCE) > text.len();
    let (Some(first), Some(last)) = (qs.first(), qs.last()) else {
        return;
    };
    let period_hint = c.period_hint.as_ref().filter(|_| s.period_hinted);
    let hints = (c.exclusion_hint.as_ref(), period_hint);
    if hints.0.is_none() && hints.1.is_none() {
        return;
    }
    // Where the sentences that hold figures cover half the text from the
    // first figure's region to the last one's or more, so do, roughly,
    // the regions (below) that are cut from them: one search over it all
    // costs less than many over their parts.
    // PERF: the sentences, not the count of figures, decide: at a real
    // report's density figures cluster in some paragraphs, whose
    // sentences are all the hints need. Cachegrind instructions per MB
    // of full extraction (`examples/passes <fixture> l2`, 3 passes minus
    // 1, halved): bench input `mixed` 42.9M -> 39.4M; report 151.5M ->
    // 152.0M and dense 262.8M -> 263.8M for the walk over the figures'
    // sentences.
    let from =
        segment::ceil(text, first.span.start.saturating_sub(WINDOW_CAP));
    let to = segment::floor(text, last.span.end.saturating_add(WINDOW_CAP));
    let none = Span { start: usize::MAX, end: usize::MAX };
    let mut sentence = none;
    let mut sentences = segment::Cursor::near(&s.sentences, first.span.start);
    let mut covered = 0usize;
    for q in qs {
        let at = sentences.sentence_at(&s.sentences, text.len(), q.span.start);
        if at != sentence {
            sentence = at;
            covered += at.end - at.start;
        }
    }
    if covered.saturating_mul(2) >= to.saturating_sub(from) {
        let span = Span { start: from, end: to.max(from) };
        search_hints(hints, text, span, &mut s.hints, &mut s.period_hints);
        return;
    }
    // The regions `records` may scan: one per sentence and one per line
    // that holds figures, each from its first figure (a later figure of
    // the same sentence or line gives a region inside it). Each list comes
    // out in text order.
    let (mut sentence, mut line) = (none, none);
    let mut sentences = segment::Cursor::near(&s.sentences, first.span.start);
    for (i, q) in qs.iter().enumerate() {
        let at = sentences.sentence_at(&s.sentences, text.len(), q.span.start);
        if at != sentence {
            sentence = at;
            s.sentence_regions.push(group_region(text, qs, i, sentence));
        }
        let pos = q.span.start;
        if c.line_scoped && !(line.start <= pos && pos < line.end) {
            line = segment::line_of(text, pos);
            s.line_regions.push(group_region(text, qs, i, line));
        }
    }
    // Both lists merged by start, and regions close together searched as
    // one: a search has a cost of its own, worth a few hundred bytes of
    // scanning.
    let (a, b) = (&s.sentence_regions, &s.line_regions);
    let (mut i, mut j) = (0, 0);
    let mut merged: Option<Span> = None;
    while i < a.len() || j < b.len() {
        let next = if j == b.len() || (i < a.len() && a[i].start <= b[j].start)
        {
            i += 1;
            a[i - 1]
        } else {
            j += 1;
            b[j - 1]
        };
        merged = match merged {
            Some(m) if next.start <= m.end.saturating_add(HINT_JOIN) => {
                Some(Span { start: m.start, end: m.end.max(next.end) })
            }
            Some(m) => {
                search_hints(
                    hints,
                    text,
                    m,
                    &mut s.hints,
                    &mut s.period_hints,
                );
                Some(next)
            }
            None => Some(next),
        };
    }
    if let Some(m) = merged {
        search_hints(hints, text, m, &mut s.hints, &mut s.period_hints);
    }
}

/// Appends where the exclusion hint and the period hint (those searched)
/// may match in `span` of `text` to `hints` and `period_hints`.
fn search_hints(
    (exclusion, period): (Option<&Hint>, Option<&Hint>),
    text: &str,
    span: Span,
    hints: &mut HintScratch,
    period_hints: &mut HintScratch,
) {
    if let Some(hint) = exclusion {
        hint.search(hints, text, span);
    }
    if let Some(hint) = period {
        hint.search(period_hints, text, span);
    }
}

/// Whether a pattern whose hint is `hint`, with runs `hints` found in the
/// document, may match inside `region` (always, with no hint pattern).
fn may_match(hint: &Option<Hint>, hints: &[Span], region: Span) -> bool {
    hint.is_none() || rules::may_match(hints, region)
}

/// Fills the sentence caches: exclusion matches and years of `region`.
fn scan_sentence(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    region: Span,
) {
    let hay = &text[region.start..region.end];
    s.excluded_in_sentence.clear();
    let may = may_match(&c.exclusion_hint, &s.hints.runs, region);
    for ex in c.exclusions.iter().filter(|x| may && x.scope == Scope::Sentence)
    {
        s.excluded_in_sentence.extend(ex.regex.find_iter(hay).map(|m| Span {
            start: region.start + m.start(),
            end: region.start + m.end(),
        }));
    }
    s.excluded_in_sentence.sort_unstable();
    s.years.clear();
    let may = !s.period_hinted
        || may_match(&c.period_hint, &s.period_hints.runs, region);
    for rule in c.periods.iter().filter(|_| may) {
        for m in rule.pattern.find_iter(hay) {
            let y = Span {
                start: region.start + m.start(),
                end: region.start + m.end(),
            };
            // A year that overlaps a figure is the figure.
            let k = qs.partition_point(|x| x.span.end <= y.start);
            if qs.get(k).is_some_and(|x| x.span.start < y.end) {
                continue;
            }
            s.years.push(y);
        }
    }
    s.years.sort_unstable();
}

/// Fills the line cache: matches of the line-scoped exclusions.
fn scan_line(c: &Compiled, s: &mut Scratch, text: &str, region: Span) {
    let hay = &text[region.start..region.end];
    s.excluded_in_line.clear();
    let may = may_match(&c.exclusion_hint, &s.hints.runs, region);
    for ex in c.exclusions.iter().filter(|x| may && x.scope == Scope::Line) {
        s.excluded_in_line.extend(ex.regex.find_iter(hay).map(|m| Span {
            start: region.start + m.start(),
            end: region.start + m.end(),
        }));
    }
    s.excluded_in_line.sort_unstable();
}

/// Whether `span` lies inside one of `matches` (sorted by start) that
/// starts at most the window cap before it.
fn inside(matches: &[Span], span: Span) -> bool {
    let k = matches.partition_point(|m| m.start <= span.start);
    matches[..k]
        .iter()
        .rev()
        .take_while(|m| m.start + WINDOW_CAP >= span.start)
        .any(|m| span.end <= m.end)
}

/// Links successive figures of one sentence that state a change, sets the
/// direction, and gives a bare figure its partner's currency.
fn link_changes(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
) {
    if c.changes.is_empty() {
        return;
    }
    let mut i = 0;
    while i + 1 < qs.len() {
        let (a, b) = (&qs[i], &qs[i + 1]);
        let (pa, pb) = (s.plans[i], s.plans[i + 1]);
        let same =
            pa.window.start <= b.span.start && b.span.end <= pa.window.end;
        if b.span.start < a.span.end
            || pa.excluded
            || pb.excluded
            || !same
            || a.range_end.is_some()
            || b.range_end.is_some()
        {
            i += 1;
            continue;
        }
        let gap = &text[a.span.end..b.span.start];
        // PERF: the byte gates of the gap patterns (src/rules/gate.rs),
        // then one pass of their set, rule out most pairs at once: for
        // the set, interleaved A/B, `extract --threads 1`, best of 5:
        // dense 450 -> 434 ms, prose 353 -> 349 ms (20 MB each); for the
        // gates, see the note on `Pattern`.
        let ends = Ends::of(gap);
        if gap.is_empty()
            || !c.changes.iter().any(|r| r.gap.admits(ends))
            || c.change_gaps.as_ref().is_some_and(|set| !set.is_match(gap))
        {
            i += 1;
            continue;
        }
        let before = &text[pa.window.start..a.span.start];
        let linked = c.changes.iter().find(|r| {
            r.gap.admits(ends)
                && r.gap.regex_matches(gap)
                && r.before.as_ref().is_none_or(|p| p.is_match(before))
        });
        let units_fit = match (pa.unit, pb.unit) {
            (x, y) if x == y => true,
            (Unit::Currency(_), Unit::Number)
            | (Unit::Number, Unit::Currency(_)) => true,
            _ => false,
        };
        let Some(rule) = linked.filter(|_| units_fit) else {
            i += 1;
            continue;
        };
        // "1,250 ..., up from 830": the first figure is the later one.
        let (from, to) = if rule.reversed { (b, a) } else { (a, b) };
        let unit = if pa.unit == Unit::Number { pb.unit } else { pa.unit };
        let outer = Span { start: pa.window.start, end: pb.window.end };
        let direction = nearest_direction(
            c,
            text,
            outer,
            Span { start: a.span.start, end: b.span.end },
            &mut s.key,
        )
        .or(match from.value.cmp(&to.value) {
            std::cmp::Ordering::Less => Some(Direction::Increase),
            std::cmp::Ordering::Greater => Some(Direction::Decrease),
            std::cmp::Ordering::Equal => None,
        });
        for (k, is_from) in [(i, !rule.reversed), (i + 1, rule.reversed)] {
            let p = &mut s.plans[k];
            p.unit = unit;
            p.pair = Some((if k == i { i + 1 } else { i }, is_from));
            p.direction = direction;
        }
        i += 2;
    }
}

/// The first indicator rule that applies to `q`.
fn pick_indicator(
    c: &Compiled,
    text: &str,
    q: &Quantity<'_>,
    unit: Unit,
    window: Span,
) -> Option<usize> {
    let class = match unit {
        Unit::Currency(_) => Units::MONEY,
        Unit::Percent => Units::PERCENT,
        Unit::PercentagePoints => Units::POINTS,
        _ => Units::NUMBER,
    };
    let before = &text[window.start..q.span.start];
    let after = &text[q.span.end..window.end];
    // PERF: both byte gates before either regex: a rule with a common
    // `before` (a change verb) and a rare `after` ("points") is ruled out
    // by the second gate without running the first regex. Cachegrind,
    // full extraction, instructions per MB (`examples/passes <fixture>
    // l2`, 3 passes minus 1, halved): report 149.4M -> 147.3-147.9M;
    // dense, mixed and prose unchanged (within the 1M by which one build
    // varies between runs).
    c.indicators.iter().position(|ind| {
        ind.units.contains(class)
            && ind.signed.is_none_or(|x| x == q.signed)
            && ind.before.as_ref().is_none_or(|p| p.may_match(before))
            && ind.after.as_ref().is_none_or(|p| p.may_match(after))
            && ind.before.as_ref().is_none_or(|p| p.regex_matches(before))
            && ind.after.as_ref().is_none_or(|p| p.regex_matches(after))
    })
}

/// A word of `text`: its span, whether it is a number, whether it is all
/// ASCII.
#[derive(Clone, Copy, Debug)]
struct Word {
    span: Span,
    number: bool,
    ascii: bool,
}

/// Byte classes of [`BYTE_CLASS`]: an ASCII byte that `char::is_whitespace`
/// accepts, one that [`is_word_char`] accepts, a letter or digit, and a
/// byte of a non-ASCII char.
const SPACE: u8 = 1;
const WORD: u8 = 2;
const ALNUM: u8 = 4;
const HIGH: u8 = 8;

/// The class bits of every byte value.
static BYTE_CLASS: [u8; 256] = byte_classes();

const fn byte_classes() -> [u8; 256] {
    let mut t = [HIGH; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        t[b] = if matches!(c, b' ' | b'\t'..=b'\r') {
            SPACE
        } else if c.is_ascii_alphanumeric() {
            WORD | ALNUM
        } else if matches!(c, b'-' | b'/' | b'\'' | b'&') {
            WORD
        } else {
            0
        };
        b += 1;
    }
    t
}

/// Whether the trimmed run of word chars `text[s..e]` is a word, by the
/// rule shared by [`next_token`] and [`prev_token`]: it is not empty and
/// holds a letter or a digit (`alnum`), or it is a lone "&" (the grammar
/// may list it as a continuation).
fn word_at(text: &str, s: usize, e: usize, alnum: bool) -> bool {
    s < e && (alnum || &text[s..e] == "&")
}

/// The next token at or after `i`, before `end`: `Some(Ok(word))`, or
/// `Some(Err(at))` for punctuation at `at`, or `None` at the end.
// PERF: ASCII bytes are classified by a table; a non-ASCII char takes the
// Unicode path, as before. See `roles_of` for the measurement.
fn next_token(
    text: &str,
    i: usize,
    end: usize,
) -> Option<Result<Word, usize>> {
    text.get(i..end)?;
    let b = &text.as_bytes()[..end];
    // The first char that is not white space.
    let mut i = i;
    loop {
        let &c = b.get(i)?;
        let class = BYTE_CLASS[usize::from(c)];
        if class & SPACE != 0 {
            i += 1;
        } else if class & HIGH == 0 {
            break;
        } else {
            let ch = text[i..end].chars().next()?;
            if !ch.is_whitespace() {
                break;
            }
            i += ch.len_utf8();
        }
    }
    let mut e = i;
    let mut alnum = false;
    let mut ascii = true;
    while let Some(&c) = b.get(e) {
        let class = BYTE_CLASS[usize::from(c)];
        if class & WORD != 0 {
            alnum |= class & ALNUM != 0;
            e += 1;
        } else if class & HIGH == 0 {
            break;
        } else {
            let Some(ch) = text[e..end].chars().next() else { break };
            if !is_word_char(ch) {
                break;
            }
            ascii = false;
            alnum |= is_alphanumeric(ch);
            e += ch.len_utf8();
        }
    }
    if e == i {
        // Not a word char.
        return Some(Err(i));
    }
    // A word ends with no trailing apostrophe or hyphen ("partners'").
    let mut e2 = e;
    loop {
        match b[e2 - 1] {
            b'-' | b'\'' | b'/' => e2 -= 1,
            0x99 if b[i..e2].ends_with("’".as_bytes()) => e2 -= "’".len(),
            _ => break,
        }
        if e2 == i {
            break;
        }
    }
    if !word_at(text, i, e2, alnum) {
        return Some(Err(i));
    }
    let number = b[i].is_ascii_digit();
    Some(Ok(Word { span: Span { start: i, end: e2 }, number, ascii }))
}

/// The previous word ending at or before `i`, after `lo`.
fn prev_token(text: &str, i: usize, lo: usize) -> Option<Result<Word, usize>> {
    let rest = text.get(lo..i)?;
    let trimmed = rest.trim_end();
    if trimmed.is_empty() {
        return None;
    }
    let e = lo + trimmed.len();
    let b = text.as_bytes();
    let mut s = e;
    let mut ascii = true;
    while s > lo {
        let class = BYTE_CLASS[usize::from(b[s - 1])];
        if class & WORD != 0 {
            s -= 1;
        } else if class & HIGH == 0 {
            break;
        } else {
            let Some(ch) = text[lo..s].chars().next_back() else { break };
            if !is_word_char(ch) {
                break;
            }
            ascii = false;
            s -= ch.len_utf8();
        }
    }
    if s == e {
        // The last char is no word char.
        return Some(Err(e));
    }
    let word = &text[s..e];
    let lead =
        word.len() - word.trim_start_matches(['-', '\'', '’', '/']).len();
    let s = s + lead;
    let alnum = s < e
        && if ascii {
            b[s..e].iter().any(u8::is_ascii_alphanumeric)
        } else {
            text[s..e].chars().any(is_alphanumeric)
        };
    if !word_at(text, s, e, alnum) {
        return Some(Err(e));
    }
    let number = b[s].is_ascii_digit();
    Some(Ok(Word { span: Span { start: s, end: e }, number, ascii }))
}

/// Lower-cases `word` into `key`.
fn key_of<'k>(key: &'k mut String, word: &str) -> &'k str {
    key.clear();
    push_lower(key, word);
    key
}

/// Appends `word` lower-cased to `key`.
// PERF: ASCII words (nearly all) are copied and lower-cased in place;
// `String::extend<char>` + `ToLowercase::fold` were ~7% of a dense run
// (`perf report` of `extract --threads 1` on 20 MB of examples/sample
// repeated). Other words take the Unicode path, as before. With the
// word hasher (rules/compile.rs), `extract --threads 1`, best of 3: dense
// 26.2 -> 27.3 MB/s, prose 37.2 -> 39.2 MB/s.
fn push_lower(key: &mut String, word: &str) {
    if word.is_ascii() {
        let from = key.len();
        key.push_str(word);
        key[from..].make_ascii_lowercase();
    } else {
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// The roles of `word` (lower-cased) in the rule tables; `key` is
/// scratch space.
// PERF: a short ASCII word (nearly every word) is looked up by its packed
// key (`rules::pack`), built from its bytes: no lower-cased copy, one
// two-word hash, one table for every role. Other words are lower-cased
// into `key` and looked up by string, as before. With the table-driven
// tokenizer above: callgrind, instructions per MB of layer 2 (`perf2
// <input> l2` minus `l1`, 1 MB, per iteration): report 113.3M -> 93.2M,
// dense 173.6M -> 165.8M; outputs byte-identical.
fn roles_of(c: &Compiled, word: &str, ascii: bool, key: &mut String) -> Roles {
    let packed = if ascii { pack(word.as_bytes()) } else { None };
    roles_by(c, packed, word, key)
}

/// The roles of a word of `text`, its key read in place (see `pack_in`).
fn roles_at(c: &Compiled, text: &str, w: Word, key: &mut String) -> Roles {
    let (start, end) = (w.span.start, w.span.end);
    let packed =
        if w.ascii { pack_in(text.as_bytes(), start, end) } else { None };
    roles_by(c, packed, w.span.slice(text), key)
}

/// The roles of `word` by its packed key if it has one, else by its
/// lower-cased form.
#[inline(always)]
fn roles_by(
    c: &Compiled,
    packed: Option<u128>,
    word: &str,
    key: &mut String,
) -> Roles {
    match packed {
        Some(k) => c.packed_roles.get(&k),
        None => c.roles.get(key_of(key, word)),
    }
    .copied()
    .unwrap_or_default()
}

/// Whether `word` lower-cased ends with one of `suffixes` and is longer
/// than it by at least two letters ("used" but not "red").
fn lower_has_suffix(
    suffixes: &[Box<str>],
    word: &str,
    ascii: bool,
    key: &mut String,
) -> bool {
    if !ascii {
        return has_suffix(suffixes, key_of(key, word));
    }
    // An ASCII word lower-cases byte for byte; the suffixes are lower
    // case already.
    let b = word.as_bytes();
    suffixes.iter().any(|s| {
        b.len() >= s.len() + 2
            && b[b.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
    })
}

/// Whether `word` lower-cased reads as a plural: it ends with a plural
/// suffix, but not doubled ("ss" is no plural: "business").
fn is_plural(
    suffixes: &[Box<str>],
    word: &str,
    ascii: bool,
    key: &mut String,
) -> bool {
    if !ascii {
        let k = key_of(key, word);
        return has_suffix(suffixes, k)
            && !k
                .get(..k.len() - 1)
                .is_some_and(|rest| has_suffix(suffixes, rest));
    }
    lower_has_suffix(suffixes, word, true, key)
        && !lower_has_suffix(suffixes, &word[..word.len() - 1], true, key)
}

/// A word with its roles in the rule tables (the default roles for a
/// number, which no caller asks about).
#[derive(Clone, Copy, Debug)]
struct Tok {
    word: Word,
    roles: Roles,
}

/// The token at or after `i` and before `end` (see [`next_token`]), with
/// its roles (the default roles for a number, which no caller asks
/// about).
fn tok_at(
    c: &Compiled,
    text: &str,
    i: usize,
    end: usize,
    key: &mut String,
) -> Option<Result<Tok, usize>> {
    next_token(text, i, end).map(|t| {
        t.map(|word| {
            let roles = if word.number {
                Roles::default()
            } else {
                roles_at(c, text, word, key)
            };
            Tok { word, roles }
        })
    })
}

/// The last [`MAX_SUBJECT_WORDS`] tokens of a phrase, in text order: what
/// its kind is read from.
#[derive(Clone, Copy, Debug)]
struct Tail {
    toks: [Tok; MAX_SUBJECT_WORDS],
    len: usize,
}

impl Tail {
    fn new() -> Tail {
        let word = Word { span: Span::default(), number: false, ascii: true };
        let blank = Tok { word, roles: Roles::default() };
        Tail { toks: [blank; MAX_SUBJECT_WORDS], len: 0 }
    }

    /// Adds `tok` after the others, dropping the first if full.
    fn push(&mut self, tok: Tok) {
        if self.len == self.toks.len() {
            self.toks.rotate_left(1);
            self.len -= 1;
        }
        self.toks[self.len] = tok;
        self.len += 1;
    }

    fn toks(&self) -> &[Tok] {
        &self.toks[..self.len]
    }
}

/// The noun phrase that starts at the first word at or after `from` and
/// ends before `end`, by the grammar of the rule set, with the kind its
/// nouns name (the kind [`kind_of`] gives its span).
// PERF: the kind comes from the words the phrase was read from (`Tail`),
// where `write_records` tokenized the subject and looked its words up
// again (`kind_of` now serves only the rare look-back phrase read
// backwards); a verb form's next word is read once, not twice. Cachegrind
// instructions per MB of layer 2 (`examples/passes <fixture> l2 1 3`
// minus `... 1 1`, halved, minus the same for `l1`): report 87.6M ->
// 83.4M, dense 165.4M -> 164.0M, prose 7.96M -> 7.80M. A memo of the
// last tokens read gained nothing more: the look-aheads are rare, most
// words are read once.
fn np_forward(
    c: &Compiled,
    text: &str,
    from: usize,
    end: usize,
    skip_determiners: bool,
    key: &mut String,
) -> Option<Subject> {
    let w = &c.words;
    let mut first: Option<usize> = None;
    let mut last_end = from;
    let mut words = 0;
    // Most figures are followed by punctuation or another number: no
    // phrase, and no tail to set up.
    let mut read = tok_at(c, text, from, end, key);
    if !matches!(read, Some(Ok(t)) if !t.word.number) {
        return None;
    }
    let mut tail = Tail::new();
    // A continuation word read: part of the phrase once a word follows.
    let mut pending: Option<Tok> = None;
    // Whether the previous word is a counted noun, and its kind.
    let mut prev_noun = false;
    let mut prev_kind: Option<usize> = None;
    let mut i = from;
    // The first token was read above.
    while let Some(Ok(tok)) =
        read.take().or_else(|| tok_at(c, text, i, end, key))
    {
        let (word, role) = (tok.word, tok.roles);
        i = word.span.end;
        if word.number {
            break;
        }
        if first.is_none() && role.determiner {
            // "50% of the staff" reads past "the"; a figure followed by a
            // determiner counts nothing named there ("903 the previous
            // year").
            if skip_determiners {
                continue;
            }
            break;
        }
        if role.stop {
            break;
        }
        if role.continuation {
            // "and" + word continues; "and" + number, stop word or a verb
            // ("views and sparked over ...") ends the phrase.
            let Some(Ok(n)) = tok_at(c, text, i, end, key) else { break };
            if n.word.number || first.is_none() {
                break;
            }
            if !is_content(n.word, n.roles) {
                break;
            }
            let nw = n.word;
            if lower_has_suffix(
                &w.verb_suffix,
                nw.span.slice(text),
                nw.ascii,
                key,
            ) && n.roles.noun.is_none()
                && !next_is_content(c, text, nw.span.end, end, key)
            {
                break;
            }
            // "businesses and women entrepreneurs" joins two phrases of
            // different kinds: the subject is the first ("women and girls",
            // "articles and posts" go on).
            if let Some(kind) = prev_kind {
                if other_kind_follows(c, text, i, end, kind, key) {
                    break;
                }
            }
            pending = Some(tok);
            continue;
        }
        let noun_kind = role.noun;
        let noun = noun_kind.is_some();
        let (ws, ascii) = (word.span.slice(text), word.ascii);
        // A plural word heads a phrase as well as a listed noun does
        // ("districts adopted ..."); "ss" is no plural ("business").
        let head = noun || is_plural(&w.plural_suffix, ws, ascii, key);
        if prev_noun
            && !noun
            && lower_has_suffix(&w.participle_suffix, ws, ascii, key)
        {
            break;
        }
        if !noun
            && first.is_some()
            && lower_has_suffix(&w.verb_suffix, ws, ascii, key)
        {
            // After a counted noun, a verb form is a verb unless a counted
            // noun follows: "girls acquired skills" and "municipalities
            // adopted budgets" end, "women owned businesses" goes on. Before
            // no word at all ("programs strengthened.") it is a verb too.
            let next = tok_at(c, text, word.span.end, end, key);
            let (next_noun, next_content) = match next {
                Some(Ok(n)) => (
                    !n.word.number && n.roles.noun.is_some(),
                    is_content(n.word, n.roles),
                ),
                _ => (false, false),
            };
            if (prev_noun && !next_noun) || !next_content {
                break;
            }
        }
        prev_noun = head;
        prev_kind = noun_kind;
        if first.is_none() {
            first = Some(word.span.start);
        }
        if let Some(and) = pending.take() {
            tail.push(and);
        }
        tail.push(tok);
        last_end = word.span.end;
        words += 1;
        if words >= MAX_SUBJECT_WORDS {
            break;
        }
    }
    let span = Span { start: first?, end: last_end };
    Some(Subject { span, kind: tail_kind(c, text, tail.toks(), key) })
}

/// Whether `key` ends with one of `suffixes` and is longer than it by at
/// least two letters ("used" but not "red").
fn has_suffix(suffixes: &[Box<str>], key: &str) -> bool {
    suffixes.iter().any(|s| key.len() >= s.len() + 2 && key.ends_with(&**s))
}

/// Whether `word`, of `roles`, can be part of a noun phrase: not a
/// number, a stop word or a continuation word.
fn is_content(word: Word, roles: Roles) -> bool {
    !word.number && !roles.stop && !roles.continuation
}

/// Whether the next token after `at` is a content word.
fn next_is_content(
    c: &Compiled,
    text: &str,
    at: usize,
    end: usize,
    key: &mut String,
) -> bool {
    match tok_at(c, text, at, end, key) {
        Some(Ok(n)) => is_content(n.word, n.roles),
        _ => false,
    }
}

/// Whether the phrase after a continuation word at `from` is headed by a
/// counted noun of a kind other than `kind`: its first counted noun within
/// a few words, before a stop word, a number or punctuation.
fn other_kind_follows(
    c: &Compiled,
    text: &str,
    from: usize,
    end: usize,
    kind: usize,
    key: &mut String,
) -> bool {
    let mut i = from;
    for _ in 0..4 {
        let Some(Ok(t)) = tok_at(c, text, i, end, key) else { return false };
        if !is_content(t.word, t.roles) {
            return false;
        }
        if let Some(k) = t.roles.noun {
            return k != kind;
        }
        i = t.word.span.end;
    }
    false
}

/// The noun phrase that ends at the last word before `end`, read
/// backwards down to `lo`; determiners are left out.
fn np_backward(
    c: &Compiled,
    text: &str,
    lo: usize,
    end: usize,
    key: &mut String,
) -> Option<Span> {
    let mut span: Option<Span> = None;
    let mut words = 0;
    let mut i = end;
    while let Some(Ok(word)) = prev_token(text, i, lo) {
        i = word.span.start;
        if word.number {
            break;
        }
        let r = roles_at(c, text, word, key);
        if r.stop || r.determiner {
            break;
        }
        if r.continuation {
            match prev_token(text, i, lo) {
                Some(Ok(p)) if !p.number && span.is_some() => {
                    let pr = roles_at(c, text, p, key);
                    if pr.stop || pr.determiner || pr.continuation {
                        break;
                    }
                    continue;
                }
                _ => break,
            }
        }
        span = Some(match span {
            None => word.span,
            Some(s) => Span { start: word.span.start, end: s.end },
        });
        words += 1;
        if words >= MAX_SUBJECT_WORDS {
            break;
        }
    }
    span
}

/// After a percentage, the position right after "of" if "of" comes next.
fn after_of(text: &str, from: usize, end: usize) -> Option<usize> {
    match next_token(text, from, end)? {
        Ok(w) if w.span.slice(text).eq_ignore_ascii_case("of") => {
            Some(w.span.end)
        }
        _ => None,
    }
}

/// A subject found by a look-back pattern in the text of the figure's
/// clause before it.
fn lookback(
    c: &Compiled,
    text: &str,
    lo: usize,
    at: usize,
    key: &mut String,
) -> Option<Subject> {
    // The clause: after the last ';' of the window before the figure.
    let before = &text[lo..at];
    // PERF: memchr's vectorized search instead of `str::rfind`'s (a
    // figure with no subject after it looks back over its whole window):
    // layer-2 instructions per MB as above, dense 154.7M -> 150.3M,
    // report and prose unchanged.
    let lo =
        memchr::memrchr(b';', before.as_bytes()).map_or(lo, |i| lo + i + 1);
    let hay = &text[lo..at];
    for lb in &c.lookbacks {
        let found = match lb.group {
            // `is_match` first: the captures (and their allocation) only
            // for the rare clause that matches.
            Some(g) if lb.pattern.is_match(hay) => {
                lb.pattern.regex().captures(hay).and_then(|caps| {
                    let m = caps.get(g)?;
                    np_forward(
                        c,
                        text,
                        lo + m.start(),
                        lo + m.end(),
                        true,
                        key,
                    )
                })
            }
            Some(_) => None,
            None if !lb.pattern.may_match(hay) || hay.is_empty() => None,
            None => lb.pattern.regex().find(hay).and_then(|m| {
                let span = np_backward(c, text, lo, lo + m.start(), key)?;
                Some(Subject { span, kind: kind_of(c, text, span, key) })
            }),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The kind named by the nouns of the phrase `subject`, head noun first.
fn kind_of(
    c: &Compiled,
    text: &str,
    subject: Span,
    key: &mut String,
) -> Option<usize> {
    // Keep the last words: the head noun is at the end.
    let mut tail = Tail::new();
    let mut i = subject.start;
    while let Some(Ok(word)) = next_token(text, i, subject.end) {
        tail.push(Tok { word, roles: roles_at(c, text, word, key) });
        i = word.span.end;
    }
    tail_kind(c, text, tail.toks(), key)
}

/// The kind named by the nouns of a phrase whose last words are `toks`,
/// head noun first.
fn tail_kind(
    c: &Compiled,
    text: &str,
    toks: &[Tok],
    key: &mut String,
) -> Option<usize> {
    for last in (0..toks.len()).rev() {
        let Tok { word, roles } = toks[last];
        // Multi-word nouns first, longest first.
        // PERF: only as many words as the longest noun that ends with the
        // last one are looked up together (most words end none): kind_of
        // went from ~330 to ~220 instructions a call. With the section
        // cursor of `write_records`, callgrind, layer-2 instructions per
        // MB: report 90.3M -> 85.9M, dense 154.2M -> 153.1M.
        let most = usize::from(roles.last_of).min(last + 1);
        for len in (2..=most).rev() {
            if let Some(k) =
                noun_of(c, text, &toks[last + 1 - len..=last], key)
            {
                return Some(k);
            }
        }
        if roles.noun.is_some() {
            return roles.noun;
        }
        // A hyphenated head takes the kind of its last part
        // ("micro-enterprises" -> "enterprises", "co-operatives").
        if let Some((_, tail)) = word.span.slice(text).rsplit_once('-') {
            if let Some(k) = roles_of(c, tail, word.ascii, key).noun {
                return Some(k);
            }
        }
    }
    None
}

/// The kind of the noun made of `parts` (words joined by one space,
/// lower-cased), if it is one.
fn noun_of(
    c: &Compiled,
    text: &str,
    parts: &[Tok],
    key: &mut String,
) -> Option<usize> {
    if parts.iter().all(|t| t.word.ascii) {
        let mut bytes: [&[u8]; MAX_SUBJECT_WORDS] = [&[]; MAX_SUBJECT_WORDS];
        for (b, t) in bytes.iter_mut().zip(parts) {
            *b = t.word.span.slice(text).as_bytes();
        }
        if let Some(k) = pack_parts(&bytes[..parts.len()]) {
            return c.packed_roles.get(&k).and_then(|r| r.noun);
        }
    }
    key.clear();
    for (j, t) in parts.iter().enumerate() {
        if j > 0 {
            key.push(' ');
        }
        push_lower(key, t.word.span.slice(text));
    }
    c.nouns.get(key.as_str()).copied()
}

/// The change word nearest to `span` within `near`: words after the
/// figure first when they are as close as the ones before.
fn nearest_direction(
    c: &Compiled,
    text: &str,
    near: Span,
    span: Span,
    key: &mut String,
) -> Option<Direction> {
    let classify = |roles: Roles| {
        if roles.increase {
            Some(Direction::Increase)
        } else if roles.decrease {
            Some(Direction::Decrease)
        } else {
            None
        }
    };
    let mut before: Option<(usize, Direction)> = None;
    let mut i = span.start;
    while let Some(tok) = prev_token(text, i, near.start) {
        let word = match tok {
            Ok(word) => word,
            Err(e) => {
                i = prev_char(text, e);
                continue;
            }
        };
        i = word.span.start;
        if let Some(d) = classify(roles_at(c, text, word, key)) {
            before = Some((span.start - word.span.end, d));
            break;
        }
    }
    let mut after: Option<(usize, Direction)> = None;
    let mut i = span.end;
    while let Some(tok) = next_token(text, i, near.end) {
        let word = match tok {
            Ok(word) => word,
            Err(e) => {
                i = next_char(text, e);
                continue;
            }
        };
        i = word.span.end;
        // PERF: words come in text order, so once a word lies farther
        // than the change word found before the span, no later one can
        // win (a tie goes to the word after): the rest of the window is
        // not read. A change pair's window is its whole sentence.
        // Callgrind, instructions per MB (`perf1 <input> l2`, 3 passes
        // minus 1): report 182.0M -> 180.9M (layer 2 ~94.7M -> ~93.5M);
        // dense unchanged within the run-to-run spread of regex's lazy DFA.
        if before.is_some_and(|(db, _)| word.span.start - span.end > db) {
            break;
        }
        if let Some(d) = classify(roles_at(c, text, word, key)) {
            after = Some((word.span.start - span.end, d));
            break;
        }
    }
    match (before, after) {
        (Some((db, b)), Some((da, a))) => Some(if da <= db { a } else { b }),
        (Some((_, b)), None) => Some(b),
        (None, Some((_, a))) => Some(a),
        (None, None) => None,
    }
}

fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(text.len(), |c| i + c.len_utf8())
}

fn prev_char(text: &str, i: usize) -> usize {
    text[..i].chars().next_back().map_or(0, |c| i - c.len_utf8())
}

/// The year or year range of the sentence tied to figure `i`.
fn period(
    c: &Compiled,
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    window: Span,
) -> (Option<Span>, bool) {
    let q = &qs[i];
    // The years of the figure's window, from the sentence cache.
    let lo = s.years.partition_point(|y| y.start < window.start);
    let hi = s.years.partition_point(|y| y.end <= window.end);
    let Some(years) = s.years.get(lo..hi.max(lo)) else {
        return (None, false);
    };
    let next_q = qs.get(i + 1).map_or(usize::MAX, |n| n.span.start);
    let after = years.iter().copied().find(|y| y.start >= q.span.end);
    if let Some(y) = after {
        if y.start <= next_q {
            let gap = &text[q.span.end..y.start];
            if c.periods.iter().any(|r| r.link.is_match(gap)) {
                return (Some(y), true);
            }
        }
    }
    // A year in brackets belongs to what it follows ("1 annual report
    // (2022), 19 donor reports": 2022 is not the year of the 19).
    let bracketed = |y: &Span| {
        text[..y.start].trim_end().ends_with('(')
            && text[y.end..].trim_start().starts_with(')')
    };
    let before = years
        .iter()
        .copied()
        .rev()
        .find(|y| y.end <= q.span.start && !bracketed(y));
    (before.or(after), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Currency;

    /// A hand-built quantity: `figure` (its `nth` occurrence) in `text`.
    struct Q {
        figure: &'static str,
        nth: usize,
        value: &'static str,
        unit: Unit,
        qualifier: Qualifier,
        signed: bool,
        range_end: Option<&'static str>,
    }

    fn n(figure: &'static str, value: &'static str) -> Q {
        Q {
            figure,
            nth: 0,
            value,
            unit: Unit::Number,
            qualifier: Qualifier::Exact,
            signed: false,
            range_end: None,
        }
    }

    fn money(figure: &'static str, value: &'static str, code: &str) -> Q {
        Q {
            unit: Unit::Currency(Currency::new(code).unwrap()),
            ..n(figure, value)
        }
    }

    fn pct(figure: &'static str, value: &'static str) -> Q {
        Q {
            unit: Unit::Percent,
            signed: figure.starts_with(['+', '-']),
            ..n(figure, value)
        }
    }

    fn run(text: &str, qs: Vec<Q>) -> Vec<crate::record::OwnedRecord> {
        let mut built = Vec::new();
        let mut from = 0;
        for q in qs {
            let mut at = 0;
            for _ in 0..=q.nth {
                at = from
                    + text[from..].find(q.figure).expect("figure in text");
                from = at + q.figure.len();
            }
            let span = Span { start: at, end: at + q.figure.len() };
            built.push(Quantity {
                value: q.value.parse().unwrap(),
                unit: q.unit,
                qualifier: q.qualifier,
                range_end: q.range_end.map(|v| v.parse().unwrap()),
                span,
                text: &text[span.start..span.end],
                signed: q.signed,
                core: span,
            });
        }
        let rules = RuleSet::english();
        let mut s = Scratch::new();
        let mut out = Vec::new();
        index_document(rules.compiled(), &mut s, text);
        records(rules.compiled(), &mut s, "d", text, &built, &mut out);
        out.iter().map(Record::into_owned).collect()
    }

    /// The tokenizers as they were before their byte-table fast path.
    fn next_token_ref(
        text: &str,
        mut i: usize,
        end: usize,
    ) -> Option<Result<Span, usize>> {
        let rest = text.get(i..end)?;
        let (o, ch) =
            rest.char_indices().find(|(_, ch)| !ch.is_whitespace())?;
        i += o;
        if !is_word_char(ch) {
            return Some(Err(i));
        }
        let mut e = i;
        let mut alnum = false;
        for ch in text[i..end].chars() {
            if !is_word_char(ch) {
                break;
            }
            alnum |= ch.is_alphanumeric();
            e += ch.len_utf8();
        }
        let trimmed = text[i..e].trim_end_matches(['-', '\'', '’', '/']);
        let e2 = i + trimmed.len();
        if (!alnum && &text[i..e2] != "&") || e2 == i {
            return Some(Err(i));
        }
        Some(Ok(Span { start: i, end: e2 }))
    }

    fn prev_token_ref(
        text: &str,
        i: usize,
        lo: usize,
    ) -> Option<Result<Span, usize>> {
        let trimmed = text.get(lo..i)?.trim_end();
        let e = lo + trimmed.len();
        let last = trimmed.chars().next_back()?;
        if !is_word_char(last) {
            return Some(Err(e));
        }
        let mut s = e;
        for ch in text[lo..e].chars().rev() {
            if !is_word_char(ch) {
                break;
            }
            s -= ch.len_utf8();
        }
        let word = &text[s..e];
        let s = s + word.len()
            - word.trim_start_matches(['-', '\'', '’', '/']).len();
        if s >= e
            || (!text[s..e].chars().any(char::is_alphanumeric)
                && &text[s..e] != "&")
        {
            return Some(Err(e));
        }
        Some(Ok(Span { start: s, end: e }))
    }

    /// A deterministic xorshift generator: `next(n)` is below `n`.
    fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        }
    }

    #[test]
    fn tokenizers_agree_with_their_unicode_reference() {
        let alphabet = [
            "a", "Z", "7", " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "-", "'",
            "’", "/", "&", ".", ",", "(", "é", "İ", "K", "\u{a0}", "\u{85}",
            "\u{2028}", "٣", "—", "x", "ß",
        ];
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let len = next(9);
            let text: String =
                (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &a in &bounds {
                for &b in &bounds {
                    let got =
                        next_token(&text, a, b).map(|t| t.map(|w| w.span));
                    assert_eq!(
                        got,
                        next_token_ref(&text, a, b),
                        "{text:?} {a}..{b}"
                    );
                    let got =
                        prev_token(&text, b, a).map(|t| t.map(|w| w.span));
                    assert_eq!(
                        got,
                        prev_token_ref(&text, b, a),
                        "{text:?} {a}..{b}"
                    );
                    if let Some(Ok(w)) = next_token(&text, a, b) {
                        assert_eq!(
                            w.number,
                            text[w.span.start..]
                                .starts_with(|c: char| c.is_ascii_digit())
                        );
                        assert!(!w.ascii || w.span.slice(&text).is_ascii());
                    }
                }
            }
        }
    }

    #[test]
    fn a_phrase_kind_is_the_kind_of_its_span() {
        // The kind `np_forward` reads from the words it took is the kind
        // `kind_of` reads from the phrase's text.
        let alphabet = [
            "women",
            "young",
            "Women",
            "field",
            "visits",
            "knowledge",
            "products",
            "and",
            "or",
            "&",
            "the",
            "of",
            "owned",
            "trained",
            "facing",
            "businesses",
            "business",
            "micro-enterprises",
            "co-operatives",
            "partners’",
            "girls'",
            "é",
            "wells",
            "7",
            ",",
            " ",
            " ",
            "  ",
            "\n",
            "-",
            "people",
            "had",
        ];
        let rules = RuleSet::english();
        let c = rules.compiled();
        let mut key = String::new();
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let mut found = 0;
        for _ in 0..20_000 {
            let len = next(12);
            let text: String = (0..len)
                .map(|_| alphabet[next(alphabet.len())])
                .collect::<Vec<_>>()
                .join(if next(3) == 0 { "" } else { " " });
            for skip in [false, true] {
                let Some(sub) =
                    np_forward(c, &text, 0, text.len(), skip, &mut key)
                else {
                    continue;
                };
                found += 1;
                let kind = kind_of(c, &text, sub.span, &mut key);
                assert_eq!(sub.kind, kind, "{text:?} {:?}", sub.span);
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn the_period_hint_changes_no_record() {
        // Short sentences (table cells), so the period hint is searched.
        let text = "| Year | Women | Grants |\n| 2022 | 1,240 | 950 |\n\
                    | FY2023 | 2,405 | 760 in 2023 |\n| 2022-2023 | 815 |\n\
                    | 4 wells in FY2023 | 12 | 9 schools in 2022-2023 |\n\
                    | In 2021, 31 clinics | 1999 | 5 |\n";
        let rules = RuleSet::english();
        let c = rules.compiled();
        let mut bare = c.clone();
        bare.period_hint = None;
        let qs: Vec<Quantity> = Quantities::new(&c.lexicon, text).collect();
        let mut s = Scratch::new();
        let (mut with, mut without) = (Vec::new(), Vec::new());
        index_document(c, &mut s, text);
        records(c, &mut s, "d", text, &qs, &mut with);
        assert!(s.period_hinted);
        records(&bare, &mut s, "d", text, &qs, &mut without);
        assert!(!s.period_hinted);
        assert_eq!(with, without);
        assert_eq!(with.iter().filter(|r| r.period.is_some()).count(), 4);
    }

    #[test]
    fn subject_kind_and_period_of_a_count() {
        let r = run(
            "The project reached 2,000 direct beneficiaries in 2023.",
            vec![n("2,000", "2000")],
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].kind, "beneficiaries");
        assert_eq!(r[0].subject.as_deref(), Some("direct beneficiaries"));
        assert_eq!(r[0].period.as_deref(), Some("2023"));
        assert_eq!(r[0].unit, Unit::Count);
        assert_eq!(r[0].rule, "beneficiaries.noun");
    }

    #[test]
    fn events_and_people() {
        let r = run("We held 3 workshops.", vec![n("3", "3")]);
        assert_eq!(r[0].kind, "events");
        let r = run("We trained 40 midwives.", vec![n("40", "40")]);
        assert_eq!(r[0].subject.as_deref(), Some("midwives"));
        assert_eq!(r[0].period, None);
    }

    #[test]
    fn and_plus_number_ends_a_subject() {
        let r = run(
            "It will enable 2,000 direct beneficiaries and 40,300 indirect \
             beneficiaries to take part.",
            vec![n("2,000", "2000"), n("40,300", "40300")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("direct beneficiaries"));
        assert_eq!(r[1].subject.as_deref(), Some("indirect beneficiaries"));
    }

    #[test]
    fn and_plus_word_continues_and_participles_end() {
        let r = run(
            "Some 100 women and girls facing exclusion found work.",
            vec![n("100", "100")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("women and girls"));
        let r = run(
            "Now fifteen women owned businesses have secured loans.",
            vec![n("fifteen", "15")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("women owned businesses"));
        assert_eq!(r[0].kind, "organizations");
    }

    #[test]
    fn punctuation_ends_a_subject() {
        let r = run(
            "We met 42 women parliamentarians (members of the assembly).",
            vec![n("42", "42")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("women parliamentarians"));
        assert_eq!(r[0].kind, "beneficiaries");
        let r = run(
            "It trained at least 30 journalists, editors and bloggers.",
            vec![Q {
                qualifier: Qualifier::AtLeast,
                ..n("at least 30", "30")
            }],
        );
        assert_eq!(r[0].subject.as_deref(), Some("journalists"));
        assert_eq!(r[0].qualifier, Qualifier::AtLeast);
    }

    #[test]
    fn a_money_change_links_both_figures() {
        let text = "Funds decreased from 12.490.320 USD in 2022 to 9.329.693 \
                    in 2023 (-25% decrease).";
        let r = run(
            text,
            vec![
                money("12.490.320 USD", "12490320", "USD"),
                n("9.329.693", "9329693"),
                pct("-25%", "-25"),
            ],
        );
        assert_eq!(r.len(), 3);
        for x in &r[..2] {
            assert_eq!(x.kind, "funding");
            assert_eq!(x.unit.as_str(), "USD");
            let c = x.change.as_ref().unwrap();
            assert_eq!(c.direction, Direction::Decrease);
            assert_eq!(c.from.to_string(), "12490320");
            assert_eq!(c.to.to_string(), "9329693");
            assert_eq!(c.from_period.as_deref(), Some("2022"));
            assert_eq!(c.to_period.as_deref(), Some("2023"));
        }
        assert_eq!(r[0].period.as_deref(), Some("2022"));
        assert_eq!(r[1].period.as_deref(), Some("2023"));
        assert_eq!(r[0].subject, None);
        assert_eq!(r[2].kind, "percent_change");
        assert_eq!(r[2].value.to_string(), "-25");
        assert!(r[2].change.is_none());
    }

    #[test]
    fn a_count_change_shares_its_subject() {
        let text = "The office more than doubled its partnerships from 12 to over 25.";
        let r = run(
            text,
            vec![
                n("12", "12"),
                Q { qualifier: Qualifier::MoreThan, ..n("over 25", "25") },
            ],
        );
        assert_eq!(r.len(), 2);
        for x in &r {
            assert_eq!(x.subject.as_deref(), Some("partnerships"));
            assert_eq!(x.kind, "agreements");
            assert_eq!(
                x.change.as_ref().unwrap().direction,
                Direction::Increase
            );
        }
        assert_eq!(r[1].qualifier, Qualifier::MoreThan);
    }

    #[test]
    fn a_later_figure_first_is_a_reversed_change() {
        let text =
            "By 2023, 1,250 survivors used shelters, up from 830 in 2022.";
        let r = run(text, vec![n("1,250", "1250"), n("830", "830")]);
        for x in &r {
            let c = x.change.as_ref().unwrap();
            assert_eq!(c.direction, Direction::Increase);
            assert_eq!(
                (c.from.to_string(), c.to.to_string()),
                ("830".into(), "1250".into())
            );
            assert_eq!(c.from_period.as_deref(), Some("2022"));
            assert_eq!(c.to_period.as_deref(), Some("2023"));
            assert_eq!(x.subject.as_deref(), Some("survivors"));
        }
    }

    #[test]
    fn a_partner_year_is_not_shared_and_set_up_is_no_change() {
        let text =
            "Gifts totalled $2.4 million, compared with $1.9 million in 2022.";
        let r = run(
            text,
            vec![
                money("$2.4 million", "2400000", "USD"),
                money("$1.9 million", "1900000", "USD"),
            ],
        );
        assert_eq!(
            r[0].change.as_ref().unwrap().direction,
            Direction::Increase
        );
        assert_eq!(r[0].period, None);
        assert_eq!(r[1].period.as_deref(), Some("2022"));
        let text = "We gave 18,000 kits to women and set up 36 safe spaces.";
        let r = run(text, vec![n("18,000", "18000"), n("36", "36")]);
        assert!(r.iter().all(|x| x.change.is_none()), "{:?}", r);
    }

    #[test]
    fn points_after_a_change_word_are_percentage_points() {
        let r = run("Turnout was down 5 points from 2021.", vec![n("5", "5")]);
        assert_eq!(r[0].kind, "percent_change");
        assert_eq!(r[0].unit, Unit::PercentagePoints);
        assert_eq!(r[0].value.to_string(), "-5");
    }

    #[test]
    fn worded_percentages_are_changes_with_sign() {
        let r =
            run("Enrolment increased by 28% in 2023.", vec![pct("28%", "28")]);
        assert_eq!(r[0].kind, "percent_change");
        assert_eq!(r[0].value.to_string(), "28");
        assert_eq!(r[0].subject, None);
        let r = run(
            "Turnout saw a drop of 3 percentage points.",
            vec![Q {
                unit: Unit::PercentagePoints,
                ..n("3 percentage points", "3")
            }],
        );
        assert_eq!(r[0].kind, "percent_change");
        assert_eq!(r[0].value.to_string(), "-3");
        assert_eq!(r[0].unit, Unit::PercentagePoints);
        let r = run("They posted a 12% rise.", vec![pct("12%", "12")]);
        assert_eq!(
            (r[0].kind.as_str(), r[0].value.to_string()),
            ("percent_change", "12".into())
        );
    }

    #[test]
    fn a_share_reads_its_subject_after_of() {
        let r = run(
            "Women are 50% of professional staff.",
            vec![pct("50%", "50")],
        );
        assert_eq!(r[0].kind, "percentage");
        assert_eq!(r[0].subject.as_deref(), Some("professional staff"));
    }

    #[test]
    fn header_figures_are_excluded() {
        let text = "i-icon Gender Inequality Index:0.575 GII is a metric.\n\
                    i-icon Population:209,497,025 Source: UN Male:19,976,265 (9.5%)\n\
                    Showing 1 - 5 of 9\n\
                    During the 16 Days of Activism we met 7 mayors.";
        let r = run(
            text,
            vec![
                n("0.575", "0.575"),
                n("209,497,025", "209497025"),
                n("19,976,265", "19976265"),
                pct("9.5%", "9.5"),
                n("1 - 5", "1"),
                n("9", "9"),
                n("16", "16"),
                n("7", "7"),
            ],
        );
        assert_eq!(r.len(), 1, "{:?}", r);
        assert_eq!(r[0].value.to_string(), "7");
    }

    #[test]
    fn a_range_gives_two_bounds() {
        let r = run(
            "It reached between 40 and 50 women.",
            vec![Q { range_end: Some("50"), ..n("between 40 and 50", "40") }],
        );
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].qualifier, r[1].qualifier),
            (Qualifier::AtLeast, Qualifier::AtMost)
        );
        assert_eq!(r[1].value.to_string(), "50");
        assert_eq!(r[1].subject.as_deref(), Some("women"));
    }

    #[test]
    fn section_is_the_nearest_code_before() {
        let text = "outcome XM-DAC-41146-MLI_O_2\n\nWe trained 40 midwives.\n\
                    output XM-DAC-41146-MLI_D_1.1\nWe held 3 workshops.";
        let r = run(text, vec![n("40", "40"), n("3", "3")]);
        assert_eq!(r[0].section.as_deref(), Some("XM-DAC-41146-MLI_O_2"));
        assert_eq!(r[1].section.as_deref(), Some("XM-DAC-41146-MLI_D_1.1"));
    }

    #[test]
    fn lookback_finds_a_subject_before_the_figure() {
        let r = run(
            "Overall, the completion rate reached 90.",
            vec![n("90", "90")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("completion rate"));
        assert_eq!(r[0].kind, "count");
        let r = run(
            "The number of women candidates rose from 10 to 14.",
            vec![n("10", "10"), n("14", "14")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("women candidates"));
        assert_eq!(r[1].subject.as_deref(), Some("women candidates"));
        assert_eq!(r[0].kind, "beneficiaries");
    }

    #[test]
    fn a_subject_before_a_change_verb_is_found() {
        let r = run(
            "Partnerships increased from 12 to 25 in 2023.",
            vec![n("12", "12"), n("25", "25")],
        );
        assert_eq!(r[0].subject.as_deref(), Some("Partnerships"));
        assert_eq!(r[1].subject.as_deref(), Some("Partnerships"));
        assert_eq!(r[0].kind, "agreements");
        // 2023 is the later figure's own year, not the earlier one's.
        assert_eq!(
            (r[0].period.as_deref(), r[1].period.as_deref()),
            (None, Some("2023"))
        );
    }

    #[test]
    fn period_prefers_the_year_after_the_phrase() {
        let r = run(
            "In the first semester of 2023, 22 reports were produced for 2024.",
            vec![n("22", "22")],
        );
        assert_eq!(r[0].period.as_deref(), Some("2024"));
        assert_eq!(r[0].kind, "reports");
        let r = run(
            "In 2022-2023, 17 reports were produced.",
            vec![n("17", "17")],
        );
        assert_eq!(r[0].period.as_deref(), Some("2022-2023"));
        let r = run(
            "We trained 40 midwives. In 2023 we did more.",
            vec![n("40", "40")],
        );
        assert_eq!(r[0].period, None);
    }

    #[test]
    fn rules_look_only_at_a_bounded_window() {
        // One endless "sentence": the year is more than the window's cap
        // before the figure, so it is not the figure's period.
        let filler = "and then some more words ".repeat(20);
        let text = format!("In 2023 we worked {}with 40 midwives", filler);
        let r = run(&text, vec![n("40", "40")]);
        assert_eq!(r[0].period, None);
        let text = format!("In 2023 we worked with 40 midwives {}", filler);
        let r = run(&text, vec![n("40", "40")]);
        assert_eq!(r[0].period.as_deref(), Some("2023"));
    }

    #[test]
    fn head_noun_decides_and_multiword_nouns_win() {
        let r = run("They wrote 4 knowledge products.", vec![n("4", "4")]);
        assert_eq!(r[0].kind, "reports");
        let r = run("We made 5 field visits.", vec![n("5", "5")]);
        assert_eq!(r[0].kind, "events");
        let r = run("The page got 5 visits.", vec![n("5", "5")]);
        assert_eq!(r[0].kind, "reach");
        let r = run("We dug 5 wells.", vec![n("5", "5")]);
        assert_eq!(
            (r[0].kind.as_str(), r[0].rule.as_str()),
            ("count", "count.other")
        );
    }

    /// The records of `text` read by `ex` in parts of `part` figures.
    fn parted(
        ex: &Extractor,
        text: &str,
        part: usize,
    ) -> Vec<crate::record::OwnedRecord> {
        let mut out = Vec::new();
        extract_in_parts(ex, &mut Scratch::new(), "d", text, &mut out, part);
        out.iter().map(Record::into_owned).collect()
    }

    #[test]
    fn records_are_the_same_however_a_document_is_parted() {
        // The gold paragraphs (section codes, changes, ranges, periods,
        // exclusions) as one document, and the bench fixtures, read in
        // parts of every small size and whole.
        let gold: String = include_str!("../tests/gold/corpus.jsonl")
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["text"].as_str().unwrap().to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let texts = [
            gold.as_str(),
            include_str!("../benches/inputs/report.txt"),
            include_str!("../benches/inputs/dense.txt"),
            include_str!("../benches/inputs/dense-utf8.txt"),
            include_str!("../benches/inputs/prose.txt"),
        ];
        let ex = Extractor::new();
        for text in texts {
            let whole = parted(&ex, text, usize::MAX);
            assert!(!whole.is_empty());
            for part in [1, 2, 3, 5, 8, 64] {
                assert_eq!(
                    parted(&ex, text, part),
                    whole,
                    "parts of {part} figures"
                );
            }
        }
    }

    #[test]
    fn a_line_read_by_a_line_exclusion_is_never_parted() {
        // A line-scoped exclusion sees the whole line from its first
        // figure on: the first "Total:" reaches the 7, but from more than
        // the window cap away, so the 7 stays; a part starting at the 7
        // would see only the second "Total:" and drop it.
        let rules = RuleSet::builder()
            .english()
            .add_toml(
                "totals.toml",
                "[[exclusion]]\nid = 'x.total'\ndescription = 'totals'\n\
                 scope = 'line'\npattern = '(?i)total:[^\\n]*'\n",
            )
            .build()
            .unwrap();
        let ex = Extractor::builder().rules(rules).build();
        let filler =
            "The teams met in the district office to plan. ".repeat(9);
        let text = format!("Total: 5 wells. {filler}Total: 7 latrines.");
        let read = |part: usize| {
            let records = parted(&ex, &text, part);
            records.into_iter().map(|r| r.text).collect::<Vec<_>>()
        };
        assert_eq!(read(usize::MAX), ["7"]);
        assert_eq!(read(1), ["7"]);
    }

    /// Pieces of documents: figures in every relation layer 2 reads
    /// across (changes, ranges, periods, subjects, exclusions by sentence
    /// and by line, section codes), and every kind of break between them.
    const PIECES: &[&str] = &[
        "outcome XM-DAC-41146-MLI_O_2\n",
        "Output 1.2: ",
        "We trained 1,240 midwives in 2023",
        " and 54 nurses",
        "Funds fell from 12.490.320 USD in 2022 to 9.329.693 in 2023 (-25%)",
        "enrolment rose from 38% to 61%",
        "between 20 and 30 clinics",
        "Population: 12,000",
        " Index: 0.575",
        "Page 2 of 7",
        "the 16 Days of Activism",
        "worth 985,000 euros",
        "two thousand five hundred women",
        "| 2022 | 1,240 | 950 |",
        "a 22-year-old mother of 3",
        ". ",
        ", ",
        "; ",
        "\n",
        "\n\n",
        " ",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn records_are_the_same_in_parts_of_any_size(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
            part in 1usize..6,
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let ex = Extractor::new();
            proptest::prop_assert_eq!(
                parted(&ex, &text, part),
                parted(&ex, &text, usize::MAX),
                "{:?}",
                text
            );
        }
    }
}
