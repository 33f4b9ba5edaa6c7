//! Exclusion regions and their hints: which parts of a sentence or a line
//! the exclusion and year patterns are run on, where the one-pattern
//! hints say they may match, and the caches of what they found.

use crate::quantity::Quantity;
use crate::record::Span;
use crate::rules::{self, Compiled, Hint, HintScratch, Scope};
use crate::segment::{self, WINDOW_CAP};

use super::period::scan_years;
use super::Scratch;

/// The part of `bounds` (a sentence or a line) that the rules of the
/// figures from `i` on that lie inside it may look at: from the first one
/// minus the window cap to the last one plus the cap.
pub(super) fn group_region(
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

/// The widest gap between two regions that one hint search spans.
const HINT_JOIN: usize = 256;

/// The average sentence length, in bytes, under which the period hint is
/// searched: each sentence's search for years costs a few hundred
/// instructions however short the sentence, the hint a few per byte, so
/// the hint pays where sentences are table cells, not in prose.
// PERF: in documents of short sentences the period patterns run only where the
// period hint overlaps (cachegrind, layer 2, dense 1 MB: -6%).
pub(super) const SHORT_SENTENCE: usize = 64;

/// Fills the hint caches: the matches of the exclusion hint (and, in a
/// document of short sentences, of the period hint) over every region
/// that the exclusions of the figures' sentences and lines may be run on
/// (see `group_region`), merged; or, where the sentences that hold
/// figures cover half the text or more, from the first figure's region
/// to the last one's.
// PERF: one pass of one hint pattern per document; the exclusions run only
// where it matches (batch tool, 20 MB: dense +50%, prose +24%).
// PERF: where figures are sparse the hint reads only their sentences
// (cachegrind, full extraction, prose: -18%); why exact: DESIGN.md 7.
pub(super) fn find_hints(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity],
) {
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
    // PERF: the figures' sentences, not their count, decide (cachegrind, full
    // extraction, mixed 1 MB: -8%; report and dense +0.4%).
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
// PERF: the patterns run once per sentence or line, not once per figure (one
// `extract_with`, 0.9 MB: one-sentence text 9x, table 1.6x).
pub(super) fn scan_sentence(
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
    if may {
        scan_years(c, &mut s.years, text, qs, &s.excluded_in_sentence, region);
    }
    s.years.sort_unstable();
}

/// Fills the line cache: matches of the line-scoped exclusions.
pub(super) fn scan_line(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    region: Span,
) {
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
pub(super) fn inside(matches: &[Span], span: Span) -> bool {
    let k = matches.partition_point(|m| m.start <= span.start);
    matches[..k]
        .iter()
        .rev()
        .take_while(|m| m.start + WINDOW_CAP >= span.start)
        .any(|m| span.end <= m.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::parts::index_document;
    use crate::extract::records::records;
    use crate::extract::testing::{n, pct, run};
    use crate::quantity::Quantities;
    use crate::rules::RuleSet;

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
    fn header_figures_are_excluded() {
        let text = "i-icon Human Development Index:0.482 HDI ranks countries.\n\
                    i-icon Population:31,208,112 Source: UN Male:15,400,977 (49.3%)\n\
                    Showing 1 - 5 of 9\n\
                    During the 16 Days of Activism we met 7 mayors.";
        let r = run(
            text,
            vec![
                n("0.482", "0.482"),
                n("31,208,112", "31208112"),
                n("15,400,977", "15400977"),
                pct("49.3%", "49.3"),
                n("1 - 5", "1"),
                n("9", "9"),
                n("16", "16"),
                n("7", "7"),
            ],
        );
        assert_eq!(r.len(), 1, "{:?}", r);
        assert_eq!(r[0].value.to_string(), "7");
    }
}
