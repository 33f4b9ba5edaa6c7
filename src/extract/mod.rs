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
//!    figure inherits its partner's currency; a bare scaled amount that
//!    its words make money ("loans totalling 500 million") takes the
//!    currency of the money figure before it;
//! 3. the first matching indicator rule decides how its subject is read
//!    and how its kind is decided;
//! 4. the subject is the noun phrase after the figure (or after a
//!    partitive word: "79 of the poorest countries", "40 percent of them
//!    women"; or the subject of the figure before, for "49 of them"; or
//!    found by a look-back pattern), without evaluative words, and its
//!    head noun gives the kind;
//! 5. the period is the year of the figure's clause (not a comparison
//!    base, an open range or another event's date), else of the heading
//!    its line sits under; the section is looked up;
//! 6. the status is read from the cues of the figure's clause, else from
//!    its table column's header or its list's heading.
//!
//! A range gives two records (lower bound `at_least`, upper `at_most`).
//!
//! Where each step lives: this file holds [`Extractor`] and its builder;
//! `scratch` the reusable buffers; `parts` the cutting of a document into
//! parts; `records` the plan of each figure and the records written from
//! it; `exclusion` the exclusion and period scans and their hints;
//! `change` the linking of "from X to Y" pairs; `direction` the change
//! word that gives an amount its direction;
//! `bare_money` the currency of bare amounts that words make money;
//! `figure_subject` where a subject comes from when no noun follows the
//! figure (look-backs, implied nouns, headings, row labels); `token`
//! the tokenizer and the roles of words; `subject` the reading of noun
//! phrases and their kinds; `period` the year of a figure; `status` the status of a figure.

mod bare_money;
mod change;
mod direction;
mod document;
mod exclusion;
mod figure_subject;
mod label_unit;
mod later_value;
mod level;
mod lookback;
mod parallel;
mod parts;
mod period;
mod records;
mod scratch;
mod status;
mod subject;
mod subject_kind;
mod table_label;
#[cfg(test)]
pub(crate) mod testing;
mod token;

use crate::quantity::Quantities;
use crate::record::Record;
use crate::rules::RuleSet;

pub use self::document::Document;
use self::parts::{extract_in_parts, PART_FIGURES};
pub use self::scratch::Scratch;
use self::scratch::SCRATCH;
use std::sync::Arc;

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
    /// One rule set per language, never empty; the first is the default
    /// (module `document`).
    sets: Arc<[RuleSet]>,
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
        Extractor { sets: Arc::from([RuleSet::english()]) }
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
        ExtractorBuilder { sets: Vec::new() }
    }

    /// The default rule set: the first language's.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// assert!(Extractor::new().rules().kinds().count() > 0);
    /// ```
    pub fn rules(&self) -> &RuleSet {
        &self.sets[0]
    }

    /// The rule set that reads `text` when its stated language is `lang`:
    /// the set of that language, else the one detected from the text's
    /// first 4 KB (ties and texts with no known word go to the default).
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, RuleSet};
    ///
    /// let ex = Extractor::builder()
    ///     .languages([RuleSet::english(), RuleSet::french()])
    ///     .build();
    /// assert_eq!(ex.rules_for("deux mille femmes", None).language(), "fr");
    /// assert_eq!(ex.rules_for("two thousand women", None).language(), "en");
    /// assert_eq!(ex.rules_for("two thousand", Some("fr")).language(), "fr");
    /// ```
    pub fn rules_for(&self, text: &str, lang: Option<&str>) -> &RuleSet {
        &self.sets[document::choose(&self.sets, text, lang)]
    }

    /// The rule sets of this extractor, the default first.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Extractor;
    ///
    /// assert_eq!(Extractor::new().languages().count(), 1);
    /// ```
    pub fn languages(&self) -> impl Iterator<Item = &RuleSet> + '_ {
        self.sets.iter()
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
        Quantities::new(self.rules_for(text, None).lexicon(), text)
    }

    /// Layer 1 on a [`Document`]: its quantities, read with the lexicon of
    /// its language and with its default currency.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Currency, Document, Extractor};
    ///
    /// let doc = Document::new("d", "$12").with_currency(Currency::new("NZD"));
    /// let q: Vec<_> = Extractor::new().document_quantities(&doc).collect();
    /// assert_eq!(q[0].unit().to_string(), "NZD");
    /// ```
    pub fn document_quantities<'t>(
        &self,
        doc: &Document<'t>,
    ) -> Quantities<'t> {
        let rules = self.rules_for(doc.text, doc.lang);
        Quantities::with_currency(rules.lexicon(), doc.text, doc.currency)
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
        Extractor {
            sets: self.sets.iter().map(RuleSet::with_own_scratch).collect(),
        }
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
    pub fn extract<'a>(&self, doc: &'a str, text: &'a str) -> Vec<Record<'a>> {
        self.extract_document(&Document::new(doc, text))
    }

    /// Extracts the records of a [`Document`]: the rule set of its stated
    /// or detected language reads it, and its default currency, when
    /// given, is what bare dollars are in.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Document, Extractor, RuleSet};
    ///
    /// let ex = Extractor::builder()
    ///     .languages([RuleSet::english(), RuleSet::french()])
    ///     .build();
    /// let doc = Document::new("fr-1", "Le projet a reçu 450.000 euros.");
    /// let records = ex.extract_document(&doc);
    /// assert_eq!(records[0].value.to_string(), "450000");
    /// assert_eq!(records[0].lang, "fr");
    /// ```
    pub fn extract_document<'a>(&self, doc: &Document<'a>) -> Vec<Record<'a>> {
        let mut out = Vec::new();
        // PERF: a per-thread `Scratch`: a large document does not allocate and
        // page in every buffer again (extract/report/1MB: +78%).
        let reused = SCRATCH
            .try_with(|cell| match cell.try_borrow_mut() {
                Ok(mut scratch) => {
                    self.extract_document_with(&mut scratch, doc, &mut out);
                    scratch.trim();
                    true
                }
                Err(_) => false,
            })
            .unwrap_or(false);
        if !reused {
            self.extract_document_with(&mut Scratch::new(), doc, &mut out);
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
        &self,
        scratch: &mut Scratch,
        doc: &'a str,
        text: &'a str,
        out: &mut Vec<Record<'a>>,
    ) {
        self.extract_document_with(scratch, &Document::new(doc, text), out);
    }

    /// [`Extractor::extract_document`] with the caller's scratch space,
    /// appending to `out`.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Document, Extractor, Scratch};
    ///
    /// let ex = Extractor::new();
    /// let mut scratch = Scratch::new();
    /// let mut out = Vec::new();
    /// let doc = Document::new("d", "12 wells");
    /// ex.extract_document_with(&mut scratch, &doc, &mut out);
    /// assert_eq!(out.len(), 1);
    /// ```
    pub fn extract_document_with<'a>(
        &self,
        scratch: &mut Scratch,
        doc: &Document<'a>,
        out: &mut Vec<Record<'a>>,
    ) {
        let rules = self.rules_for(doc.text, doc.lang);
        extract_in_parts(rules, scratch, doc, out, PART_FIGURES, |_| {});
    }

    /// Layer 2 for a document of any size, part by part: hands the
    /// records of one document to `sink` a part at a time, in text order,
    /// so that they are never all held at once (a figure-dense document
    /// makes about one record per 15 bytes, each several times that
    /// size). `out` is the buffer a part is collected in; it is empty
    /// when this returns.
    ///
    /// The parts are those [`Extractor::extract`] reads a document in:
    /// about a thousand figures each, cut where no rule reads across. All
    /// the parts' records, in order, are the records of
    /// [`Extractor::extract_with`]. A document without records makes no
    /// call.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, Scratch};
    ///
    /// let extractor = Extractor::new();
    /// let text = "We trained 40 midwives. We repaired 12 wells.\n".repeat(2000);
    /// let (mut scratch, mut buf) = (Scratch::new(), Vec::new());
    /// let (mut parts, mut records) = (0, 0);
    /// extractor.extract_parts_with(&mut scratch, "d", &text, &mut buf, |part| {
    ///     parts += 1;
    ///     records += part.len();
    /// });
    /// assert!(parts > 1);
    /// assert_eq!(records, 4000);
    /// ```
    pub fn extract_parts_with<'a>(
        &self,
        scratch: &mut Scratch,
        doc: &'a str,
        text: &'a str,
        out: &mut Vec<Record<'a>>,
        sink: impl FnMut(&[Record<'a>]),
    ) {
        let doc = Document::new(doc, text);
        self.extract_document_parts_with(scratch, &doc, out, sink);
    }

    /// [`Extractor::extract_parts_with`] for a [`Document`]: read by the
    /// rule set of its stated or detected language, with its default
    /// currency.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Document, Extractor, Scratch};
    ///
    /// let ex = Extractor::new();
    /// let doc = Document::new("d", "We repaired 12 wells.");
    /// let (mut scratch, mut buf, mut n) = (Scratch::new(), Vec::new(), 0);
    /// ex.extract_document_parts_with(&mut scratch, &doc, &mut buf, |part| {
    ///     n += part.len();
    /// });
    /// assert_eq!(n, 1);
    /// ```
    pub fn extract_document_parts_with<'a>(
        &self,
        scratch: &mut Scratch,
        doc: &Document<'a>,
        out: &mut Vec<Record<'a>>,
        mut sink: impl FnMut(&[Record<'a>]),
    ) {
        out.clear();
        let each = |records: &mut Vec<Record<'a>>| {
            if !records.is_empty() {
                sink(records);
                records.clear();
            }
        };
        let rules = self.rules_for(doc.text, doc.lang);
        extract_in_parts(rules, scratch, doc, out, PART_FIGURES, each);
    }
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
    sets: Vec<RuleSet>,
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
        self.sets = vec![rules];
        self
    }

    /// Uses one rule set per language, the first being the default: each
    /// document is read by the set of its stated or detected language
    /// (see [`Extractor::rules_for`]).
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::{Extractor, RuleSet};
    ///
    /// let e = Extractor::builder()
    ///     .languages([RuleSet::english(), RuleSet::french()])
    ///     .build();
    /// let r = e.extract("d", "Plus de 2 000 ménages ont reçu 12,5 millions d'euros.");
    /// assert_eq!(r[1].value.to_string(), "12500000");
    /// assert_eq!(r[1].unit.to_string(), "EUR");
    /// ```
    pub fn languages(
        &mut self,
        sets: impl IntoIterator<Item = RuleSet>,
    ) -> &mut ExtractorBuilder {
        self.sets = sets.into_iter().collect();
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
        let sets: Arc<[RuleSet]> = if self.sets.is_empty() {
            Arc::from([RuleSet::english()])
        } else {
            self.sets.iter().cloned().collect()
        };
        Extractor { sets }
    }
}
