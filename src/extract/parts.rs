//! A document read in parts: layer 2 takes about a thousand figures at a
//! time, each part cut between two figures that no rule reads across, so
//! its working buffers stay small and in the caches.

use crate::quantity::{Quantities, Quantity};
use crate::record::{Currency, Record};
use crate::rules::{Compiled, RuleSet};
use crate::segment;

use super::records::records;
use super::Scratch;

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
pub(super) const PART_FIGURES: usize = 1024;

/// [`Extractor::extract_with`], in parts of `part` figures or a few more:
/// the records are the same for any `part` (a test runs 1, 2, 3, ... and
/// compares).
pub(super) fn extract_in_parts<'a>(
    rules: &RuleSet,
    scratch: &mut Scratch,
    doc: &'a str,
    text: &'a str,
    currency: Option<Currency>,
    out: &mut Vec<Record<'a>>,
    part: usize,
) {
    let compiled = rules.compiled();
    // The quantity buffer keeps its allocation between documents: it is
    // empty here and when it goes back (see `recycle`).
    let mut qs = recycle(std::mem::take(&mut scratch.quantities));
    let mut found =
        Quantities::with_currency(&compiled.lexicon, text, currency);
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
        extract_in_parts(
            ex.rules(),
            &mut Scratch::new(),
            "d",
            text,
            None,
            &mut out,
            part,
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
