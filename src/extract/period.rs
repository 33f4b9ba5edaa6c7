//! The period of a figure: the year or year range of its clause that the
//! figure is tied to, else the year of the heading its line sits under.
//!
//! Years are found once per sentence (`scan_years`, run with the sentence
//! scans of `exclusion`) and classified there by the rule data: a year
//! that is no period at all ("since 2000", "higher than in 2016") is left
//! out; a year of another event ("founded in 1966") is kept, marked, for
//! the one figure its `event_link` ties it to. Then, per figure:
//!
//! 1. a year right after the figure's phrase (the rule's `link` matches
//!    the gap) is the figure's own;
//! 2. else the nearest year before the figure in its clause (a year
//!    across a ';' only if it opens the sentence; not the year of a
//!    comparison figure before it, "compared with 9,173 in March 2019");
//! 3. else the nearest year after the figure in its clause: the rule's
//!    `clause` does not match the gap ("reached 48,700 people in 2017",
//!    but not "$42 million already given, which ..., and appealed for
//!    $66 million more through 2014");
//! 4. else the year of a heading: the nearest line above the figure's,
//!    with no blank line between, that ends in a colon ("Results in
//!    2023:\n- 1,200 in Kayes").

use crate::quantity::{denominator_end, Quantity};
use crate::record::{Period, Span};
use crate::rules::{Compiled, PeriodRule};
use crate::segment::{self, WINDOW_CAP};

use super::exclusion::inside;
use super::token::key_of;
use super::Scratch;

/// A year expression found in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Year {
    pub(super) span: Span,
    /// The index of the `[[period]]` rule that found it.
    pub(super) rule: usize,
    /// It dates another event: only a figure that its rule's
    /// `event_link` ties to it takes it.
    pub(super) event: bool,
}

/// How far before a year its `skip` and `event` patterns look, in bytes:
/// the words that make a year a comparison base or another event's date
/// stand right before it.
const YEAR_CONTEXT: usize = 64;

/// How far above a figure's line its heading is looked for, in bytes: a
/// list under a heading is a few dozen lines at most.
const HEADING_REACH: usize = 4096;

/// Where the heading of a list was last looked for: the figure at `at`,
/// on the line that starts at `line`, and the lines from there up sit
/// under the heading year `year` (or none) for a walk from a line that
/// is prose (`prose`) or not; `None` when the walk ended before that
/// mattered, so that its answer holds for both.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct HeadingCache {
    at: usize,
    line: Option<usize>,
    year: Option<Span>,
    prose: Option<bool>,
}

/// Appends the years of `region` of `text` to `years`, classified by the
/// rules' `skip` and `event` patterns; years that overlap a figure of
/// `qs` are the figures, not years, unless the figure lies inside one of
/// the exclusion matches `excluded` ("24" of "2022–24").
pub(super) fn scan_years(
    c: &Compiled,
    years: &mut Vec<Year>,
    text: &str,
    qs: &[Quantity<'_>],
    excluded: &[Span],
    region: Span,
) {
    let hay = &text[region.start..region.end];
    for (r, rule) in c.periods.iter().enumerate() {
        for m in rule.pattern.find_iter(hay) {
            let span = Span {
                start: region.start + m.start(),
                end: region.start + m.end(),
            };
            let k = qs.partition_point(|x| x.span.end <= span.start);
            if qs.get(k).is_some_and(|x| {
                x.span.start < span.end && !inside(excluded, x.span)
            }) {
                continue;
            }
            let lo = segment::ceil(
                text,
                span.start.saturating_sub(YEAR_CONTEXT).max(region.start),
            );
            let before = &text[lo..span.start];
            if rule.skip.as_ref().is_some_and(|p| p.is_match(before))
                || skip_after(rule, text, span, region.end)
            {
                continue;
            }
            let event =
                rule.event.as_ref().is_some_and(|p| p.is_match(before));
            years.push(Year { span, rule: r, event });
        }
    }
}

/// Whether the text after the year at `span` (up to `end`) makes it no
/// period by `rule`'s `skip_after` ("the 2023–2026 Strategic Plan").
fn skip_after(rule: &PeriodRule, text: &str, span: Span, end: usize) -> bool {
    rule.skip_after.as_ref().is_some_and(|p| {
        let hi = segment::floor(
            text,
            span.end.saturating_add(YEAR_CONTEXT).min(end),
        );
        p.is_match(&text[span.end..hi.max(span.end)])
    })
}

/// The period of figure `i`: its year or year range, and whether that is
/// a year right after the figure's phrase (see the module docs).
pub(super) fn period(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    window: Span,
) -> (Option<Span>, bool) {
    let q = &qs[i];
    // The years of the figure's window, from the sentence cache.
    let lo = s.years.partition_point(|y| y.span.start < window.start);
    let hi = s.years.partition_point(|y| y.span.end <= window.end);
    let years = s.years.get(lo..hi.max(lo)).unwrap_or(&[]);
    // The next figure that counts: a rate's denominator after the figure
    // ("104 décès pour 1 000 naissances vivantes en 2014") is no figure
    // whose year this one could be taking.
    let next_q = qs[i + 1..]
        .iter()
        .find(|n| !inside(&s.excluded_in_sentence, n.span))
        .map_or(usize::MAX, |n| n.span.start);
    let mut after = years.iter().filter(|y| y.span.start >= q.span.end);
    if let Some(y) = after.clone().next() {
        // "509/100,000 in 2010": the year follows the rate's denominator.
        let end = denominator_end(text.as_bytes(), q.span.end)
            .filter(|&e| e <= y.span.start)
            .unwrap_or(q.span.end);
        if y.span.start <= next_q && linked(c, text, end, y) {
            return (Some(y.span), true);
        }
    }
    // A year in brackets belongs to what it follows ("1 annual report
    // (2022), 19 donor reports": 2022 is not the year of the 19; "Raoul
    // Follereau (1903-1977)": a person's), unless no figure of the
    // sentence comes before it and it follows no name: then what it
    // follows opens the sentence ("Over the life of the project
    // (2016-2021), 340 km were built", "the last SMART survey (2022)").
    // The end of the window's first figure: a figure comes before a year
    // when that one does.
    let first_end = qs[..i]
        .iter()
        .rev()
        .take_while(|p| p.span.start >= window.start)
        .last()
        .map(|p| p.span.end);
    let bracketed = |y: &Year| {
        let open = text[..y.span.start].trim_end();
        open.ends_with('(')
            && text[y.span.end..].trim_start().starts_with(')')
            && (first_end.is_some_and(|e| e <= y.span.start)
                || after_name(&open[..open.len() - 1]))
    };
    // A year before the figure dates it unless a ';' lies between, or a
    // contrast ("halved between 2000 and 2020, yet more than 244 million
    // …"); a year that opens the sentence dates all its clauses ("In
    // 2015 …; …", "In 2015, …, but …": its first words).
    let contrast = |y: &Year| {
        c.periods[y.rule]
            .clause_before
            .as_ref()
            .is_some_and(|p| p.is_match(&text[y.span.end..q.span.start]))
    };
    let first_words = |y: &Year| y.span.start - window.start <= OPENING;
    // A year that labels a bracket ("(2019: EUR 10.6 billion)") dates the
    // figure right after its colon only.
    let label = |y: &Year| {
        text[..y.span.start].trim_end().ends_with('(')
            && text[y.span.end..].trim_start().starts_with(':')
    };
    let own_label = |y: &Year| {
        text.get(y.span.end..q.span.start).map(str::trim) == Some(":")
    };
    // A year in the bracket that ends a label, right before the label's
    // colon and the figure, is the figure's however the label reads as a
    // name ("Baseline (2012): over 10 million", "Target (2020): 20
    // million").
    let label_bracket = |y: &Year| {
        text.get(y.span.end..q.span.start)
            .and_then(|g| g.trim().strip_prefix(')'))
            .is_some_and(|r| r.trim_start() == ":")
    };
    // A year in a closed bracket that a figure written in digits opens
    // ("110 million people (88 million in the 2021 results), over 82
    // million …") is that figure's: it dates no figure after the bracket.
    let figure_bracket = |y: &Year| {
        let gap = &text.as_bytes()[y.span.end..q.span.start];
        if memchr::memchr(b')', gap).is_none() {
            return false;
        }
        let lo = window.start.min(y.span.start);
        let pre = &text.as_bytes()[lo..y.span.start];
        let Some(open) = memchr::memrchr2(b'(', b')', pre) else {
            return false;
        };
        let inner = &text[lo + open + 1..y.span.start];
        let first = inner.trim_start();
        pre[open] == b'('
            && first.starts_with(|ch: char| ch.is_ascii_digit())
            && qs[..i]
                .binary_search_by_key(&(y.span.start - first.len()), |p| {
                    p.span.start
                })
                .is_ok()
    };
    // Another event's year dates a figure that belongs to that event
    // ("Lancé en 2013 avec 50 000 familles").
    let with_event = |y: &Year| {
        c.periods[y.rule].event_with.as_ref().is_some_and(|p| {
            text.get(y.span.end..q.span.start).is_some_and(|g| p.is_match(g))
        })
    };
    let before = years.iter().rev().find(|y| {
        y.span.end <= q.span.start
            && (!bracketed(y) || label_bracket(y))
            && !figure_bracket(y)
            && (!label(y) || own_label(y))
            && (!y.event || with_event(y))
            && (!has_semicolon(text, y.span.end, q.span.start)
                || opens(qs, window, y))
            && (!contrast(y) || first_words(y))
            && !compared_base(c, text, qs, i, window, y)
    });
    if let Some(y) = before {
        return (Some(y.span), false);
    }
    // Nor a figure before it ("EUR 12.4 billion for 502 projects (2019:
    // EUR 10.6 billion)").
    if let Some(y) = after.find(|y| !y.event && !label(y)) {
        if compared_base_after(c, text, qs, i, window, y) {
            // "2 millions contre 1,9 million en 2015, ont reçu en 2016 …":
            // the base's year is its own; the next year of the figure's
            // clause, with no figure but the base between, is the figure's.
            let later = after.find(|z| !z.event && !label(z)).filter(|z| {
                let k = qs.partition_point(|x| x.span.end <= z.span.start);
                k == i + 2
                    && !c.periods[z.rule].clause.as_ref().is_some_and(|p| {
                        p.is_match(&text[q.span.end..z.span.start])
                    })
            });
            return match later {
                Some(z) => (Some(z.span), false),
                None => (heading_year(c, s, text, q.span.start), false),
            };
        }
        let gap = &text[q.span.end..y.span.start];
        let clause = c.periods[y.rule].clause.as_ref();
        // A year after a determiner is an adjective of another noun,
        // unless the rule links it to the figure: the survey or report
        // the figure is quoted from ("48.3%, followed by … 46.6 percent
        // each, according to the 2018 National Nutrition Survey").
        if !clause.is_some_and(|p| p.is_match(gap))
            && (!ends_on_determiner(c, gap, &mut s.key)
                || linked(c, text, q.span.end, y))
        {
            return (Some(y.span), false);
        }
    }
    (heading_year(c, s, text, q.span.start), false)
}

/// Whether `before` ends on a capitalised word that is no acronym, a
/// name ("Raoul Follereau", "the Strategy"), whose date a bracket after
/// it gives.
fn after_name(before: &str) -> bool {
    let word = before.trim_end().rsplit([' ', '\n']).next().unwrap_or("");
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.any(char::is_lowercase)
}

/// Whether `gap` ends on a determiner of the grammar: a year right after
/// it is an adjective of another noun ("…, beyond the 2016 target of
/// 11.4 million"), which it dates, not the figure before it (a year a
/// `link` ties to the figure, "in the 2019 school year", is taken before).
fn ends_on_determiner(c: &Compiled, gap: &str, key: &mut String) -> bool {
    let Some(word) = gap.trim_end().rsplit(' ').next() else {
        return false;
    };
    if word.is_empty() || word.len() > 16 || !gap.ends_with(' ') {
        return false;
    }
    c.words.determiner.contains(key_of(key, word))
}

/// The period the year expression at `span` writes: its years, or both
/// years of a financial year when a rule's `fiscal_end` says the single
/// year ends one ("the year to 31 March 2017": 2016-2017).
pub(super) fn period_at(
    c: &Compiled,
    text: &str,
    span: Span,
) -> Option<Period> {
    let period = Period::from_written(&text[span.start..span.end])?;
    let year = period.first();
    if period.last() != year {
        return Some(period);
    }
    let lo = segment::ceil(text, span.start.saturating_sub(YEAR_CONTEXT));
    let before = &text[lo..span.start];
    let fiscal = c
        .periods
        .iter()
        .any(|r| r.fiscal_end.as_ref().is_some_and(|p| p.is_match(before)));
    let began = year.checked_sub(1).filter(|_| fiscal);
    Some(began.and_then(|y| Period::range(y, year)).unwrap_or(period))
}

/// How far into a sentence a year still opens it, in bytes ("In the
/// course of 2015").
const OPENING: usize = 24;

/// Whether the gap from `end` (a figure's end) to year `y` ties the year
/// to the figure.
fn linked(c: &Compiled, text: &str, end: usize, y: &Year) -> bool {
    let gap = &text[end..y.span.start];
    let rule = &c.periods[y.rule];
    if y.event {
        rule.event_link.as_ref().is_some_and(|p| p.is_match(gap))
    } else {
        rule.link.is_match(gap)
            // A year that opens a bracket after the figure's noun is the
            // figure's only when it is the whole bracket ("41% of Ugandans
            // (2016)"), not a label inside it ("413 projects (2020: 411)").
            && (!gap.trim_end().ends_with('(')
                || text[y.span.end..].trim_start().starts_with(')'))
    }
}

/// Whether year `y` dates a figure before figure `i` that is itself a
/// comparison base (the rule's `skip` matches the words before it): "…,
/// compared with 9,173 in March 2019 (63% decrease), and admitted 1,265":
/// the year is that figure's own, not the period of the figures after it.
fn compared_base(
    c: &Compiled,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    window: Span,
    y: &Year,
) -> bool {
    let Some(j) = qs[..i].iter().rposition(|x| x.span.end <= y.span.start)
    else {
        return false;
    };
    // The earlier level of a change is a base too (`base_before`: "from 3
    // in 2013 to 16, and 33,231 babies …": 2013 is the 3's).
    let rule = &c.periods[y.rule];
    [&rule.skip, &rule.base_before]
        .into_iter()
        .flatten()
        .any(|p| base_of(c, text, &qs[j], window, y, |w| p.is_match(w)))
}

/// Whether year `y`, after figure `i`, is the own year of a comparison
/// base between them (the rule's `base_before` matches the words before
/// that figure): "10 millions de pauvres, pour un taux de 39,4 % contre
/// 44,4 % en 2015" (2015 is the 44,4 %'s, not the period of the figures
/// before it).
fn compared_base_after(
    c: &Compiled,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    window: Span,
    y: &Year,
) -> bool {
    let Some(pattern) = c.periods[y.rule].base_before.as_ref() else {
        return false;
    };
    let k = qs.partition_point(|x| x.span.end <= y.span.start);
    let Some(base) = qs.get(k.wrapping_sub(1)).filter(|_| k > i + 1) else {
        return false;
    };
    base_of(c, text, base, window, y, |w| pattern.is_match(w))
}

/// Whether figure `base`, in `window`, is linked to year `y` and the words
/// before it match (`words`, a rule's pattern): the year is that
/// comparison base's own.
fn base_of(
    c: &Compiled,
    text: &str,
    base: &Quantity<'_>,
    window: Span,
    y: &Year,
    words: impl Fn(&str) -> bool,
) -> bool {
    if base.span.start < window.start || !linked(c, text, base.span.end, y) {
        return false;
    }
    let lo = segment::ceil(
        text,
        base.span.start.saturating_sub(YEAR_CONTEXT).max(window.start),
    );
    words(&text[lo..base.span.start])
}

/// Whether year `y` comes before every figure of its window: it opens the
/// sentence ("In 2015 ...; ...") and dates all its clauses.
fn opens(qs: &[Quantity<'_>], window: Span, y: &Year) -> bool {
    let k = qs.partition_point(|x| x.span.end <= y.span.start);
    k == 0 || qs[k - 1].span.start < window.start
}

/// Whether `text[from..to]` holds a ';' (clauses of a semicolon-joined
/// sentence are dated apart).
fn has_semicolon(text: &str, from: usize, to: usize) -> bool {
    memchr::memchr(b';', &text.as_bytes()[from..to]).is_some()
}

/// The year of the heading that the line holding `pos` sits under: the
/// nearest line above it, with no blank line between and within
/// [`HEADING_REACH`], that ends in a colon; the last year of that line
/// (none if it has none).
// PERF: the lines walked are remembered (`HeadingCache`): the figures of
// a list walk back only to the line of the one before, so a list is
// walked once however many figures it holds.
pub(super) fn heading_year(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    pos: usize,
) -> Option<Span> {
    let b = text.as_bytes();
    // The figure before was on this line: nothing to walk again.
    let cached = s.heading;
    if cached.at <= pos
        && cached.line.is_some()
        && memchr::memchr(b'\n', &b[cached.at..pos]).is_none()
    {
        s.heading.at = pos;
        return cached.year;
    }
    // Every search is bounded: no line start further than the reach
    // above the figure is looked for.
    let lo = pos.saturating_sub(HEADING_REACH);
    let line_start = |to: usize| segment::line_start_within(text, lo, to);
    let Some(line) = line_start(pos) else {
        s.heading = HeadingCache::default();
        return None;
    };
    let mut start = line;
    // A sentence on a line of its own after a list is prose, under no
    // heading: the list ended at its last item (a bullet, or what the
    // rule set's `item` pattern calls one: a table's row). The whole line
    // is asked, so that its figures agree.
    let item = c.periods.iter().find_map(|r| r.item.as_ref());
    let reach = segment::floor(text, pos.saturating_add(HEADING_REACH));
    let own_end =
        memchr::memchr(b'\n', &b[pos..reach]).map_or(reach, |k| pos + k);
    let own = &text[line..own_end];
    // PERF: asked only when the walk needs it: the item pattern reads the
    // whole line, and most walks end at the blank line above.
    let mut prose: Option<bool> = None;
    let mut prose_of = || {
        *prose.get_or_insert_with(|| {
            starts_upper(own) && !item.is_some_and(|p| p.is_match(own))
        })
    };
    let year = loop {
        // A walk that reached this line before answers for it, if it
        // asked the same question (a prose line's walk stops at items).
        if cached.line == Some(start)
            && cached.prose.is_none_or(|was| was == prose_of())
        {
            break cached.year;
        }
        if start <= lo {
            break None;
        }
        // The line above: `prev..start - 1`.
        let end = start - 1;
        let Some(prev) = line_start(end) else { break None };
        let above = text[prev..end].trim_end();
        if above.trim_start().is_empty()
            || (prose_of()
                && (is_item(above) || item.is_some_and(|p| p.is_match(above))))
        {
            break None;
        }
        if above.ends_with(':') {
            // The heading is the line's last sentence ("In 2019 we
            // reached 3 million children. It also:" has no year).
            let end = prev + above.len();
            let k = s.sentences.partition_point(|&x| x < end);
            let sentence = k.checked_sub(1).map_or(0, |k| s.sentences[k]);
            let from = segment::ceil(
                text,
                end.saturating_sub(WINDOW_CAP).max(prev).max(sentence),
            );
            let year = last_year(c, text, Span { start: from, end });
            // A sub-heading of its own line with no year ("GLOBAL
            // INCOME:" under "PLAN INTERNATIONAL IN 2014:") sits in the
            // list of the heading above it: the walk goes on up.
            if year.is_some() || sentence > prev {
                break year;
            }
        }
        start = prev;
    };
    s.heading = HeadingCache { at: pos, line: Some(line), year, prose };
    year
}

/// Whether `line` starts, past its indent, with an upper-case letter: a
/// sentence, not a list item or its wrapped tail.
fn starts_upper(line: &str) -> bool {
    line.trim_start().chars().next().is_some_and(char::is_uppercase)
}

/// Whether `line` is a list item: a bullet ("-", "–", "•", "*") past its
/// indent.
fn is_item(line: &str) -> bool {
    line.trim_start().starts_with(['-', '–', '•', '*'])
}

/// The last year of `region` that is a period (see `scan_years`).
fn last_year(c: &Compiled, text: &str, region: Span) -> Option<Span> {
    let hay = &text[region.start..region.end];
    let mut last: Option<Span> = None;
    for rule in &c.periods {
        for m in rule.pattern.find_iter(hay) {
            let span = Span {
                start: region.start + m.start(),
                end: region.start + m.end(),
            };
            let before = &text[region.start..span.start];
            let skip = rule.skip.as_ref().is_some_and(|p| p.is_match(before))
                || rule.event.as_ref().is_some_and(|p| p.is_match(before))
                || skip_after(rule, text, span, region.end);
            if !skip && last.is_none_or(|l| l.start < span.start) {
                last = Some(span);
            }
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{n, run};

    #[test]
    fn period_prefers_the_year_after_the_phrase() {
        let r = run(
            "In the first semester of 2023, 22 reports were produced for 2024.",
            vec![n("22", "22")],
        );
        assert_eq!(
            r[0].period.map(|p| p.to_string()).as_deref(),
            Some("2024")
        );
        assert_eq!(r[0].kind, "reports");
        let r = run(
            "In 2022-2023, 17 reports were produced.",
            vec![n("17", "17")],
        );
        assert_eq!(
            r[0].period.map(|p| p.to_string()).as_deref(),
            Some("2022-2023")
        );
        let r = run(
            "We trained 40 midwives. In 2023 we did more.",
            vec![n("40", "40")],
        );
        assert_eq!(r[0].period, None);
    }

    fn periods(
        text: &str,
        qs: Vec<crate::extract::testing::Q>,
    ) -> Vec<Option<String>> {
        run(text, qs).iter().map(|r| r.period.map(|p| p.to_string())).collect()
    }

    #[test]
    fn comparison_bases_and_open_ranges_are_no_periods() {
        let got = periods(
            "Sales reached 410 tonnes, 30 tonnes more than in 2016.",
            vec![n("410", "410"), n("30", "30")],
        );
        assert_eq!(got, [None, None]);
        let got = periods(
            "Since 2010 the network has trained 640 teachers.",
            vec![n("640", "640")],
        );
        assert_eq!(got, [None]);
    }

    #[test]
    fn another_events_date_dates_only_its_own_figure() {
        let got = periods(
            "The bank, founded in 1966, has 68 members.",
            vec![n("68", "68")],
        );
        assert_eq!(got, [None]);
        let got = periods(
            "A grant of 4 million, approved in 2008, reached 6 cities.",
            vec![n("4 million", "4000000"), n("6", "6")],
        );
        assert_eq!(got, [Some("2008".into()), None]);
    }

    #[test]
    fn a_year_in_another_clause_does_not_date_a_figure() {
        let got = periods(
            "The office trained 40 nurses; the ministry hired 25 doctors in 2021.",
            vec![n("40", "40"), n("25", "25")],
        );
        assert_eq!(got, [None, Some("2021".into())]);
        let got = periods(
            "In 2021 the office trained 40 nurses; the ministry hired 25 doctors.",
            vec![n("40", "40"), n("25", "25")],
        );
        assert_eq!(got, [Some("2021".into()), Some("2021".into())]);
    }

    #[test]
    fn a_list_takes_the_year_of_its_heading() {
        let text =
            "Results for 2017-2018:\n- 143 clubs\n- 16 fairs\n\n9 more.";
        let got =
            periods(text, vec![n("143", "143"), n("16", "16"), n("9", "9")]);
        assert_eq!(
            got,
            [Some("2017-2018".into()), Some("2017-2018".into()), None]
        );
        // A heading whose last sentence has no year gives none.
        let text = "In 2019 we built 3 wells. It also:\n- trained 45 nurses";
        let got = periods(text, vec![n("3", "3"), n("45", "45")]);
        assert_eq!(got, [Some("2019".into()), None]);
        // A sub-heading of its own line with no year is part of the list
        // of the heading above it.
        let text = "OUR WORK IN 2014:\nGRANTS:\n722 grants\nSTAFF:\n8,408";
        let got = periods(text, vec![n("722", "722"), n("8,408", "8408")]);
        assert_eq!(got, [Some("2014".into()), Some("2014".into())]);
        // A heading with no year and nothing above it gives none.
        let text = "Key figures:\n- 40 wells";
        let got = periods(text, vec![n("40", "40")]);
        assert_eq!(got, [None]);
    }

    #[test]
    fn a_line_walked_before_answers_only_the_same_question() {
        // The prose line's walk stops at the table row above it; the
        // lower-case line under it walks on to the heading, as it does
        // when it is read alone (a document read in parts).
        let text =
            "Results in 2023:\n| Wells | 12 |\nLatrines built 4\nand showers 7";
        let got = periods(text, vec![n("12", "12"), n("4", "4"), n("7", "7")]);
        let alone = periods(text, vec![n("7", "7")]);
        assert_eq!(got, [Some("2023".into()), None, Some("2023".into())]);
        assert_eq!(alone, [Some("2023".into())]);
    }

    #[test]
    fn the_heading_walk_is_bounded() {
        // A heading further above than the reach is not found.
        let filler = "a line of text with no colon at its end\n".repeat(120);
        let text = format!("Results in 2023:\n{filler}- 12 wells");
        let got = periods(&text, vec![n("12", "12")]);
        assert_eq!(got, [None]);
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
        assert_eq!(
            r[0].period.map(|p| p.to_string()).as_deref(),
            Some("2023")
        );
    }
}
