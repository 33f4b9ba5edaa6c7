//! A document read in parts: layer 2 takes about a thousand figures at a
//! time, each part cut between two figures that no rule reads across, so
//! its working buffers stay small and in the caches.

use crate::quantity::{Quantities, Quantity};
use crate::record::Record;
use crate::rules::{Compiled, RuleSet};
use crate::segment;

use super::label_unit;
use super::records::{date_changes, records};
use super::{Document, Scratch};

/// The most figures layer 2 takes at a time, about 64 KB of report text:
/// a larger document is read in parts of this many figures or a few more,
/// each cut where a sentence and a line end (see [`apart`]).
// PERF: a part's buffers stay in cache while layer 2 walks them again
// (examples/passes l2, 10 MB: report +28%, dense +45%).
pub(super) const PART_FIGURES: usize = 1024;

/// [`Extractor::extract_with`], in parts of `part` figures or a few
/// more: the records are the same for any `part` (a test runs 1, 2, 3,
/// ... and compares). After each part's records are appended to `out`,
/// `each` is called with `out`: [`Extractor::extract_parts_with`] hands
/// them on and clears it, so a document's records are never all held at
/// once.
///
/// [`Extractor::extract_with`]: super::Extractor::extract_with
/// [`Extractor::extract_parts_with`]: super::Extractor::extract_parts_with
pub(super) fn extract_in_parts<'a>(
    rules: &RuleSet,
    scratch: &mut Scratch,
    document: &Document<'a>,
    out: &mut Vec<Record<'a>>,
    part: usize,
    mut each: impl FnMut(&mut Vec<Record<'a>>),
) {
    let compiled = rules.compiled();
    let (doc, text) = (document.id, document.text);
    // The quantity buffer keeps its allocation between documents: it is
    // empty here and when it goes back (see `recycle`).
    let mut qs = recycle(std::mem::take(&mut scratch.quantities));
    let mut found =
        Quantities::with_currency(&compiled.lexicon, text, document.currency);
    // PERF: filled by `extend`, not tested figure by figure for a cut
    // (examples/passes notes l2: the test cost 1-2%).
    let part = part.max(1);
    qs.extend(found.by_ref().take(part));
    // PERF: a document with no figure needs no sentence, section or exclusion
    // index (extract/adv-seps/100KB: 13x).
    if !qs.is_empty() {
        index_document(compiled, scratch, text);
        for q in &qs {
            mend_wrapped(&mut scratch.sentences, text, q);
        }
    }
    let mut sentences = segment::Cursor::default();
    scratch.label_units = Default::default();
    while let Some(last) = qs.last() {
        // The part goes on to the first figure that can start another.
        let mut next = found.next();
        mend_next(&mut scratch.sentences, text, next.as_ref());
        let mut last = last.span.start;
        while let Some(q) = next.take_if(|q| {
            !apart(compiled, scratch, text, &mut sentences, last, q)
        }) {
            last = q.span.start;
            qs.push(q);
            next = found.next();
            mend_next(&mut scratch.sentences, text, next.as_ref());
        }
        // PERF: reserved a part at a time, not grown by doubling, which copied
        // every record again (examples/passes l2, report 10 MB: +6%).
        out.reserve(qs.len());
        label_unit::apply(
            &compiled.lexicon,
            &mut scratch.label_units,
            text,
            &mut qs,
        );
        let written = out.len();
        records(compiled, scratch, doc, text, &qs, out);
        if compiled.change_periods {
            date_changes(compiled, scratch, text, &qs, &mut out[written..]);
        }
        each(out);
        qs.clear();
        qs.extend(next);
        qs.extend(found.by_ref().take(part - 1));
        for q in &qs {
            mend_wrapped(&mut scratch.sentences, text, q);
        }
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

/// Joins the sentences that a line break inside `q` split: a figure
/// wrapped over two lines ("EUR 134.5\nmillion for 50 projects") is one
/// figure of one sentence (README decision 12), so no sentence starts
/// inside it. Only a figure that holds a line break can hold a start;
/// the cursors of the caller sit at or before `q`, so removing a start
/// after `q.span.start` moves none of them.
fn mend_wrapped(sentences: &mut Vec<usize>, text: &str, q: &Quantity<'_>) {
    let span = q.span.start..q.span.end;
    if memchr::memchr(b'\n', &text.as_bytes()[span.clone()]).is_none() {
        return;
    }
    let first = sentences.partition_point(|&s| s <= span.start);
    let past = sentences.partition_point(|&s| s < span.end);
    if first < past {
        sentences.drain(first..past);
    }
}

/// [`mend_wrapped`] for the figure just read, if any.
fn mend_next(
    sentences: &mut Vec<usize>,
    text: &str,
    q: Option<&Quantity<'_>>,
) {
    if let Some(q) = q {
        mend_wrapped(sentences, text, q);
    }
}

/// Indexes the sentences and the section codes of a document.
pub(super) fn index_document(c: &Compiled, s: &mut Scratch, text: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::Extractor;

    /// The records of `text` read by `ex` in parts of `part` figures.
    fn parted(
        ex: &Extractor,
        text: &str,
        part: usize,
    ) -> Vec<crate::record::OwnedRecord> {
        let mut out = Vec::new();
        let mut scratch = Scratch::new();
        extract_in_parts(
            ex.rules(),
            &mut scratch,
            &Document::new("d", text),
            &mut out,
            part,
            |_| {},
        );
        out.iter().map(crate::record::OwnedRecord::from).collect()
    }

    #[test]
    fn records_are_the_same_however_a_document_is_parted() {
        // The gold paragraphs (section codes, changes, ranges, periods,
        // exclusions) as one document, and the bench fixtures, read in
        // parts of every small size and whole.
        let gold: String = include_str!("../../tests/gold/corpus.jsonl")
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["text"].as_str().unwrap().to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let texts = [
            gold.as_str(),
            include_str!("../../benches/inputs/report.txt"),
            include_str!("../../benches/inputs/dense.txt"),
            include_str!("../../benches/inputs/dense-utf8.txt"),
            include_str!("../../benches/inputs/prose.txt"),
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
    fn records_handed_on_by_parts_are_the_records_of_the_whole() {
        // Issue 19: the batch tool writes a large document's records part
        // by part; together they are the records of one call, in order,
        // and no part is larger than a part's figures can make.
        let text = include_str!("../../benches/inputs/dense.txt").repeat(40);
        let ex = Extractor::new();
        let whole = parted(&ex, &text, usize::MAX);
        let mut scratch = Scratch::new();
        let mut buf = Vec::new();
        let mut handed = Vec::new();
        let mut parts = 0;
        ex.extract_parts_with(&mut scratch, "d", &text, &mut buf, |part| {
            assert!(!part.is_empty() && part.len() < 2 * PART_FIGURES);
            handed.extend(part.iter().map(crate::record::OwnedRecord::from));
            parts += 1;
        });
        assert!(parts > 1, "{parts} parts");
        assert!(buf.is_empty());
        assert_eq!(handed, whole);
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
        "Funds fell from 7.318.450 USD in 2022 to 5.489.002 in 2023 (-25%)",
        "enrolment rose from 38% to 61%",
        "between 20 and 30 clinics",
        "Population: 12,000",
        " Index: 0.575",
        "Page 2 of 7",
        "the 16 Days of Activism",
        "worth 640,000 euros",
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
