//! Record planning and writing: what is decided for each figure of a part
//! (exclusion, change partner, indicator rule, subject, period), then
//! the record (or the two records of a range) written from that plan.

use rust_decimal::Decimal;

use crate::quantity::Quantity;
use crate::record::{
    Change, Direction, Period, Qualifier, Record, Span, Status, Unit,
};
use crate::rules::{Compiled, KindChoice, Lookback, SubjectMode, Units};
use crate::segment;

use super::bare_money::bare_money;
use super::change::{
    amount_direction, link_changes, link_levels, mark_amounts, DIRECTION_REACH,
};
use super::exclusion::{
    find_hints, group_region, inside, scan_line, scan_sentence,
};
use super::label_unit;
use super::period::period;
use super::status::status;
use super::subject::{
    after_partitive, lookback, names_state, np_forward, Subject,
};
use super::Scratch;

/// What the engine decided for one quantity before writing its records.
#[derive(Clone, Copy, Debug)]
pub(super) struct Plan {
    pub(super) excluded: bool,
    pub(super) unit: Unit,
    /// The window (capped sentence) of the figure.
    pub(super) window: Span,
    /// Index of the other figure of a stated change, and whether this one
    /// is its `from` side.
    pub(super) pair: Option<(usize, bool)>,
    pub(super) direction: Option<Direction>,
    /// The rule that linked its change splits a year range dating both
    /// figures between them.
    pub(super) split_range: bool,
    pub(super) indicator: usize,
    pub(super) subject: Option<Subject>,
    pub(super) period: Option<Span>,
    /// The period is a year right after the figure's phrase.
    pub(super) period_linked: bool,
    /// The status its clause or label gives it (a change's earlier figure
    /// is a baseline whatever this says).
    pub(super) status: Status,
    /// A change word makes its unsigned value negative.
    pub(super) negate: bool,
    /// It is the amount of a change in this direction.
    pub(super) amount: Option<Direction>,
    /// It is the level a change in this direction reached.
    pub(super) level: Option<Direction>,
    /// The scale its change partner wrote, which this bare figure shares
    /// ("from 18 to 25 million euros": 18 million).
    pub(super) shared_scale: Option<Decimal>,
}

/// Writes the records of one document: see the module docs.
pub(super) fn records<'a>(
    c: &Compiled,
    s: &mut Scratch,
    doc: &'a str,
    text: &'a str,
    qs: &[Quantity<'a>],
    out: &mut Vec<Record<'a>>,
) {
    s.plans.clear();
    s.status.reset();
    s.heading = Default::default();
    s.row_subject = None;
    s.heading_walk = None;
    let Some(first) = qs.first() else { return };
    find_hints(c, s, text, qs);
    // The sentence and the line whose matches the caches hold.
    let none = Span { start: usize::MAX, end: usize::MAX };
    let (mut cached_sentence, mut cached_line) = (none, none);
    // PERF: figures come in text order: one walk of the sentence index, not a
    // search per figure (callgrind, layer 2: report -3%, dense -7%).
    let mut sentences = segment::Cursor::near(&s.sentences, first.span.start);
    for (i, q) in qs.iter().enumerate() {
        let mut sentence =
            sentences.sentence_at(&s.sentences, text.len(), q.span.start);
        // "EUR 177\nmillion, a 54% increase": a figure wrapped over a
        // sentence break reads on to the end of its last word's sentence.
        if q.span.end > sentence.end {
            let last = q.span.end - 1;
            sentence.end = segment::Cursor::near(&s.sentences, last)
                .sentence_at(&s.sentences, text.len(), last)
                .end;
        }
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
        // A table figure with no year of its own takes its column's.
        let period = period.or_else(|| {
            label_unit::column_year(
                &c.lexicon,
                &mut s.label_units,
                text,
                q.span,
            )
        });
        let status = if excluded {
            Status::Achieved
        } else {
            // "45% of its roughly 923,000 inhabitants have no …": a figure
            // inside the share's own of-phrase does not end its clause.
            let k = match qs.get(i + 1) {
                Some(n)
                    if of_phrase(
                        c,
                        text,
                        q.span.end,
                        n.span.start,
                        &mut s.key,
                    ) =>
                {
                    i + 2
                }
                _ => i + 1,
            };
            let next = qs.get(k).map_or(usize::MAX, |n| n.span.start);
            status(c, &mut s.status, text, sentence, window, q.span, next)
        };
        s.plans.push(Plan {
            excluded,
            unit: q.unit,
            window,
            pair: None,
            direction: None,
            split_range: false,
            indicator: usize::MAX,
            subject: None,
            period,
            period_linked,
            status,
            negate: false,
            amount: None,
            level: None,
            shared_scale: None,
        });
    }
    link_changes(c, s, text, qs);
    bare_money(c, s, text, qs);
    // A figure of a change does not take its partner's own year ("$2.4
    // million, compared with $1.9 million in 2022": 2022 is the year of
    // the second figure only).
    for i in 0..qs.len() {
        if let Some((j, _)) = s.plans[i].pair {
            let (a, b) = (s.plans[i], s.plans[j]);
            // "EUR 12.4 billion (2019: EUR 10.6 billion)": a year between
            // the two figures dates the later one only.
            let between = a.period.is_some_and(|p| {
                j > i && qs[i].span.end <= p.start && p.end <= qs[j].span.start
            });
            if a.period.is_some()
                && a.period == b.period
                && !a.period_linked
                && (b.period_linked || between)
            {
                s.plans[i].period = None;
            }
        }
    }
    // "Entre 1988 et 2009, … de 27 % à 50 %": a range dating both figures
    // of a change gives the earlier its first year and the later its last
    // (rule sets whose change rules ask for it).
    for i in 0..qs.len() {
        if let Some((j, true)) = s.plans[i].pair {
            let (a, b) = (s.plans[i], s.plans[j]);
            if a.split_range && a.period.is_some() && a.period == b.period {
                if let Some((first, last)) =
                    a.period.and_then(|p| range_years(text, p))
                {
                    s.plans[i].period = Some(first);
                    s.plans[j].period = Some(last);
                }
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
        // "Les femmes représentent 45 % des jeunes": a share whose part is
        // named before it counts the part (rule sets without such rules
        // pay nothing).
        let part = if indicator.subject == SubjectMode::Of
            && !c.part_lookbacks.is_empty()
        {
            part_before(c, text, plan.window.start, q.span.start, s)
        } else {
            None
        };
        let subject = match indicator.subject {
            _ if part.is_some() => part,
            SubjectMode::None => None,
            mode => {
                let end = plan.window.end.min(next);
                // "12 of the 40 schools": the phrase goes past the next
                // figure.
                let wide = plan.window.end;
                match after_partitive(c, text, q.span.end, wide, &mut s.key) {
                    Some((from, back)) => {
                        let near = end;
                        let end = wide;
                        let own =
                            np_forward(c, text, from, end, true, &mut s.key);
                        if back {
                            counted_whole(c, text, own, end, s).or_else(|| {
                                referent(s, qs, i, plan.window.start)
                            })
                        } else if mode == SubjectMode::Of {
                            // A share has a subject only when it is a share
                            // of counted people or things ("45% of senior
                            // staff", not "36% of total investment").
                            counted_whole(c, text, own, end, s)
                        } else if own.is_none() {
                            // "1526 femmes (612 de moins de 35 ans …)": a
                            // partitive word before no noun.
                            implied_referent(c, s, text, qs, i, near)
                        } else {
                            own
                        }
                    }
                    None if mode == SubjectMode::After => {
                        subject_after(c, s, text, qs, i, end)
                    }
                    None => None,
                }
            }
        };
        let negate = indicator.direction
            && !q.signed
            && q.value > Decimal::ZERO
            && amount_direction(
                c,
                text,
                Span {
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
                },
                q.span,
                &mut s.key,
            ) == Some(Direction::Decrease);
        let p = &mut s.plans[i];
        p.indicator = ind;
        p.subject = subject;
        p.negate = negate;
    }
    mark_amounts(c, s, text, qs);
    link_levels(c, s, text, qs);
    // The two figures of a change share a subject when only one has one
    // ("its partnerships from 9 to over 20").
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
    c: &Compiled,
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
        KindChoice::Fixed(k) => (k, indicator.id),
        KindChoice::Subject { fallback } => {
            match plan.subject.and_then(|sub| sub.kind) {
                Some(k) => (k, c.kinds[k].rule),
                None => (fallback, indicator.id),
            }
        }
    };
    let value = whole_count(text, q, &plan);
    let value = if plan.negate { -value } else { value };
    let slice = |sp: Option<Span>| sp.map(|sp| &text[sp.start..sp.end]);
    let period_of =
        |sp: Option<Span>| slice(sp).and_then(Period::from_written);
    let this_period = period_of(plan.period);
    let pair = plan.pair.and_then(|(j, is_from)| {
        let direction = plan.direction?;
        let other = &qs[j];
        let other_period = period_of(s.plans[j].period);
        // One year governing both levels dates neither apart ("In 2019
        // funds rose from 18 to 25 million"): no from/to period.
        let (this_period, other_period) = if this_period == other_period {
            (None, None)
        } else {
            (this_period, other_period)
        };
        Some(if is_from {
            Change {
                direction,
                from: Some(value),
                to: Some(whole_count(text, other, &s.plans[j])),
                from_period: this_period,
                to_period: other_period,
            }
        } else {
            Change {
                direction,
                from: Some(whole_count(text, other, &s.plans[j])),
                to: Some(value),
                from_period: other_period,
                to_period: this_period,
            }
        })
    });
    let change = pair.or_else(|| {
        let (direction, to) = match (plan.level, plan.amount) {
            (Some(d), _) => (d, Some(value)),
            (None, Some(d)) => (d, None),
            (None, None) => return None,
        };
        Some(Change {
            direction,
            from: None,
            to,
            from_period: None,
            to_period: to.and(this_period),
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
        kind: c.kinds[kind].id,
        value,
        unit,
        qualifier: q.qualifier,
        subject: slice(plan.subject.map(|sub| sub.span)),
        change,
        period: this_period,
        // SPEC: the earlier side of a stated change is its baseline.
        status: match plan.pair {
            Some((_, true)) => Status::Baseline,
            // "rose from a baseline of 40% to 65%": the baseline word
            // names the earlier side; the later one is what was reached.
            Some((_, false)) if plan.status == Status::Baseline => {
                Status::Achieved
            }
            _ => plan.status,
        },
        lang: c.lexicon.language(),
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

/// The value of `q`, read as a whole count where it counts people or
/// things its subject's noun names (a kind's noun) and is written as one
/// dot group ("214.606 returnees"): no one counts a
/// fraction of them, so the dot groups thousands even where the document
/// gave no other sign of it.
fn whole_count(text: &str, q: &Quantity<'_>, plan: &Plan) -> Decimal {
    let counted = plan.subject.is_some_and(|sub| sub.kind.is_some())
        && plan.unit == Unit::Number
        && q.range_end.is_none();
    let written = text.as_bytes().get(q.core.start..q.core.end);
    let one_dot_group = written.is_some_and(|w| {
        w.len() >= 5
            && w.len() <= 7
            && w[w.len() - 4] == b'.'
            && w.iter().filter(|&&b| b == b'.').count() == 1
            && w.iter().all(|&b| b == b'.' || b.is_ascii_digit())
    });
    if let Some(factor) = plan.shared_scale {
        return q.value.checked_mul(factor).map_or(q.value, |v| v.normalize());
    }
    if counted && one_dot_group && q.value.scale() > 0 {
        q.value
            .checked_mul(Decimal::ONE_THOUSAND)
            .map_or(q.value, |v| v.normalize())
    } else {
        q.value
    }
}

/// Whether the subject `sub` names counted things: a kind's noun, or a
/// last word that is a plural ("seats", "complaints"), not a mass noun
/// ("investment").
fn counted(c: &Compiled, text: &str, sub: &Subject) -> bool {
    let phrase = &text[sub.span.start..sub.span.end];
    let last = phrase.rsplit(' ').next().unwrap_or(phrase);
    // "88.9 per cent of donations": a whole of money is not counted.
    if !c.words.uncounted.is_empty() {
        let lower;
        let word = if last.bytes().any(|b| b.is_ascii_uppercase())
            || !last.is_ascii()
        {
            lower = last.to_lowercase();
            lower.as_str()
        } else {
            last
        };
        if c.words.uncounted.contains(word) {
            return false;
        }
    }
    if sub.kind.is_some() {
        return true;
    }
    c.words.plural_suffix.iter().any(|x| {
        last.len() > x.len() + 1
            && last.as_bytes()[last.len() - x.len()..]
                .eq_ignore_ascii_case(x.as_bytes())
    })
}

/// How far back the line above a figure is looked for, in bytes.
const LINE_BEFORE_REACH: usize = 512;

/// The subject a `line_before` rule reads on the line above the one at
/// `at` ("Indicateur : nombre de personnes …" above "Valeur de
/// référence : 0 | Cible : 18000").
#[inline(never)]
fn line_before(
    c: &Compiled,
    text: &str,
    at: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    if c.line_before.is_empty() {
        return None;
    }
    let b = text.as_bytes();
    let floor = at.saturating_sub(LINE_BEFORE_REACH);
    let start = floor + memchr::memrchr(b'\n', &b[floor..at])?;
    let prev = memchr::memrchr(b'\n', &b[floor..start])
        .map_or(floor, |i| floor + i + 1);
    let line = text.get(prev..start)?;
    c.line_before.iter().find_map(|lb| {
        let m = lb.pattern.captures(line)?.get(lb.group?)?;
        np_forward(c, text, prev + m.start(), prev + m.end(), true, &mut s.key)
    })
}

/// The first and the last year written in the period `p` when they
/// differ ("1988 et 2009", "novembre 2024 à novembre 2025"): four-digit
/// years from 1900 to 2099.
fn range_years(text: &str, p: Span) -> Option<(Span, Span)> {
    let b = text.as_bytes();
    let mut years = (p.start..p.end.saturating_sub(3)).filter(|&k| {
        b[k..k + 4].iter().all(u8::is_ascii_digit)
            && (b[k..k + 2] == *b"19" || b[k..k + 2] == *b"20")
            && (k == 0 || !b[k - 1].is_ascii_digit())
            && b.get(k + 4).is_none_or(|d| !d.is_ascii_digit())
    });
    let first = years.next()?;
    let last = years.next_back()?;
    (b[first..first + 4] != b[last..last + 4]).then_some((
        Span { start: first, end: first + 4 },
        Span { start: last, end: last + 4 },
    ))
}

/// The part a share counts, named before it by a `[[lookback]]` rule
/// with `part` ("les femmes représentent 45 %" -> "femmes").
// Out of line: rule sets without such rules never call it, and the loop
// over figures stays as it was (cachegrind).
#[inline(never)]
fn part_before(
    c: &Compiled,
    text: &str,
    lo: usize,
    at: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    lookback(c, &c.part_lookbacks, text, lo, at, &mut s.key)
        .filter(|sub| counted(c, text, sub))
}

/// Where the noun phrase after a figure ending at `end` may start: past a
/// footnote call of one or two digits glued to a scale word ("up to 1.6
/// million1 girls"), else at `end`.
fn past_footnote(text: &str, end: usize) -> usize {
    let b = text.as_bytes();
    if end == 0 || !b[end - 1].is_ascii_alphabetic() {
        return end;
    }
    let digits =
        b[end..].iter().take(3).take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&digits) && b.get(end + digits) == Some(&b' ') {
        end + digits
    } else {
        end
    }
}

/// Whether `text[from..to]`, between a figure and the next, holds a
/// partitive word and determiners only ("of its", "of the"): the next
/// figure counts the whole the first one is a part of.
fn of_phrase(
    c: &Compiled,
    text: &str,
    from: usize,
    to: usize,
    key: &mut String,
) -> bool {
    let Some(gap) = text.get(from..to) else { return false };
    if gap.len() > OF_PHRASE_GAP || c.words.partitive.is_empty() {
        return false;
    }
    let mut partitive = false;
    for w in gap.split_whitespace() {
        key.clear();
        key.extend(w.chars().flat_map(char::to_lowercase));
        if c.words.partitive.contains(key.as_str()) {
            partitive = true;
        } else if !c.words.determiner.contains(key.as_str()) {
            return false;
        }
    }
    partitive
}

/// The longest gap read by [`of_phrase`], in bytes ("of their").
const OF_PHRASE_GAP: usize = 24;

/// Whether the text after a figure (from `from` to `end`) matches an
/// implied-noun rule (`[[lookback]]` with `after` alone): a count that
/// names nothing there counts what the figure before it counted.
#[inline(never)]
fn implied(c: &Compiled, text: &str, from: usize, end: usize) -> bool {
    text.get(from..end).is_some_and(|after| {
        c.implied
            .iter()
            .any(|lb| lb.group.is_none() && lb.pattern.is_match(after))
    })
}

/// The counted noun the `subject` group of one of `rules` names in
/// `text[from..end]`: an implied-noun rule after a count that names
/// nothing right after it ("584 were returnees"), or a `part` and `after`
/// rule after a share's whole ("60 % des chômeurs sont des jeunes" ->
/// "jeunes").
fn named_by(
    c: &Compiled,
    rules: &[Lookback],
    text: &str,
    from: usize,
    end: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    let hay = text.get(from..end)?;
    rules.iter().find_map(|lb| {
        let m = lb.pattern.captures(hay)?.get(lb.group?)?;
        np_forward(c, text, from + m.start(), from + m.end(), true, &mut s.key)
            .filter(|sub| counted(c, text, sub))
    })
}

/// The subject after a partitive word when it names counted people or
/// things, or the part a `part` and `after` rule names after it.
fn counted_whole(
    c: &Compiled,
    text: &str,
    own: Option<Subject>,
    end: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    let whole = own.filter(|sub| counted(c, text, sub))?;
    // PERF: a rule set with no such rule (English) makes no call.
    if c.part_afters.is_empty() {
        return Some(whole);
    }
    let part = named_by(c, &c.part_afters, text, whole.span.end, end, s);
    Some(part.unwrap_or(whole))
}

/// The subject of figure `i`, whose indicator reads it after the figure,
/// when no partitive word follows: the noun phrase after it (past a glued
/// footnote call), else the counted noun an implied rule names ("584
/// were returnees"), else a look-back, else what the figure before it
/// counted where an implied rule says so, else its table row's label.
fn subject_after(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    end: usize,
) -> Option<Subject> {
    let (q, lo) = (&qs[i], s.plans[i].window.start);
    let from = past_footnote(text, q.span.end);
    let found = np_forward(c, text, from, end, false, &mut s.key)
        // "1,700,658 were women": the noun the count is said to be.
        .or_else(|| named_by(c, &c.implied, text, from, end, s))
        .or_else(|| {
            lookback(c, &c.lookbacks, text, lo, q.span.start, &mut s.key)
        })
        // "860 à Agadez et 1 135 à Zinder": a count that names nothing.
        .or_else(|| implied_referent(c, s, text, qs, i, end))
        // "… 640 forest projects … . Of these, 314 have been completed":
        // a sentence that opens on a back-reference counts what the last
        // figure before it counted.
        .or_else(|| {
            opens_on_back_reference(c, text, lo, q.span.start, &mut s.key)
                .then(|| {
                    referent(s, qs, i, lo.saturating_sub(BACK_REFERENCE_REACH))
                })
                .flatten()
        })
        .or_else(|| {
            // A table figure counts what its row's label names
            // ("Integrated Experts | 767"), read as the clause before a
            // figure is ("Number of projects | 282" -> "projects").
            let label =
                label_unit::row_label(&mut s.label_units, text, q.span);
            // The figures of one row or one list line share the answer.
            let key = match label {
                Some(l) => (l.start, true),
                None => (line_start(text, q.span.start), false),
            };
            if let Some((at, labelled, sub)) = s.row_subject {
                if (at, labelled) == key {
                    return sub;
                }
            }
            let row = label.and_then(|label| {
                lookback(
                    c,
                    &c.lookbacks,
                    text,
                    label.start,
                    label.end,
                    &mut s.key,
                )
                .or_else(|| {
                    np_forward(
                        c,
                        text,
                        label.start,
                        label.end,
                        true,
                        &mut s.key,
                    )
                })
            });
            // A row label that names no counted thing ("U.S. and Canada |
            // 29,332") gives way to the list's heading ("Individuals
            // served …:"), as a bullet with no noun does.
            let sub = match row {
                Some(sub) if counted(c, text, &sub) => Some(sub),
                _ => heading_subject(c, text, q.span.start, s).or(row),
            };
            s.row_subject = Some((key.0, key.1, sub));
            sub
        })?;
    // "dont 5 989 confirmés", "sur 134 prévues": a state or a label read
    // as the subject names no counted thing; the figure counts what the
    // figure before it counted (rule sets without such words pay nothing).
    if !c.words.state.is_empty() && names_state(c, text, found, &mut s.key) {
        return referent(s, qs, i, lo)
            .or_else(|| line_before(c, text, q.span.start, s));
    }
    // "57 founding Members (37 regional and 20 nonregional)": inside the
    // brackets of a breakdown, a word that names no counted thing (an
    // adjective) leaves the count the total's noun.
    if in_brackets(text, lo, q.span.start) && !counted(c, text, &found) {
        if let Some(total) = referent(s, qs, i, lo) {
            return Some(total);
        }
    }
    Some(found)
}

/// Whether `pos` lies inside a bracket opened after `lo` and not yet
/// closed.
fn in_brackets(text: &str, lo: usize, pos: usize) -> bool {
    let b = &text.as_bytes()[lo..pos];
    memchr::memrchr2(b'(', b')', b).is_some_and(|k| b[k] == b'(')
}

/// What the figure before figure `i` counted, where the text after `i`
/// (to `end`) matches an implied-noun rule (`[[lookback]]` with `after`
/// alone): a count that names nothing there counts the same thing.
fn implied_referent(
    c: &Compiled,
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    end: usize,
) -> Option<Subject> {
    if c.implied.is_empty() || !implied(c, text, qs[i].span.end, end) {
        return None;
    }
    referent(s, qs, i, s.plans[i].window.start)
}

/// The start of the line holding `pos`, looked for within
/// [`HEADING_REACH`] bytes (else that far back).
fn line_start(text: &str, pos: usize) -> usize {
    let floor = pos.saturating_sub(HEADING_REACH);
    memchr::memrchr(b'\n', &text.as_bytes()[floor..pos])
        .map_or(floor, |k| floor + k + 1)
}

/// How far above a figure the heading of its list is looked for, in bytes.
const HEADING_REACH: usize = 2048;

/// The most lines walked up to a list's heading.
const HEADING_LINES: usize = 24;

/// What the heading of the list holding the figure at `pos` names, by the
/// `heading` look-back rules: the nearest line above, with no blank line
/// and no line of prose between, that ends in a colon ("Households
/// reached:" above "- 1,200 in Kayes"). The phrase must name a kind's
/// noun that is no state word ("Results in 2023:" names none).
#[inline(never)]
fn heading_subject(
    c: &Compiled,
    text: &str,
    pos: usize,
    s: &mut Scratch,
) -> Option<Subject> {
    if c.heading_lookbacks.is_empty() {
        return None;
    }
    let b = text.as_bytes();
    let floor = pos.saturating_sub(HEADING_REACH);
    let line_start = |to: usize| match memchr::memrchr(b'\n', &b[floor..to]) {
        Some(k) => Some(floor + k + 1),
        None => (floor == 0).then_some(0),
    };
    let first = line_start(pos)?;
    // PERF: the walk for a line right below the last one walked starts
    // from that one's answer: a list is walked once, not once a line.
    if let Some(w) = s.heading_walk {
        if w.line == first {
            return w.found.map(|f| f.1);
        }
    }
    let mut start = first;
    let mut found = None;
    for steps in 0..HEADING_LINES {
        if start == 0 || start <= floor {
            break;
        }
        let end = start - 1;
        let Some(prev) = line_start(end) else { break };
        let line = text[prev..end].trim_end();
        if line.trim_start().is_empty() {
            break;
        }
        if let Some(head) = line.strip_suffix(':') {
            // Only the heading's last sentence names the list.
            let from = prev + head.rfind(". ").map_or(0, |i| i + 2);
            let hay = &text[from..prev + head.len()];
            let sub = c.heading_lookbacks.iter().find_map(|lb| {
                let m = lb.pattern.captures(hay)?.get(lb.group?)?;
                let at = from + m.start();
                np_forward(c, text, at, from + m.end(), true, &mut s.key)
                    .filter(|sub| {
                        sub.kind.is_some()
                            && !names_state(c, text, *sub, &mut s.key)
                    })
            });
            found = sub.map(|sub| (HeadingFound { at: prev, steps }, sub));
            break;
        }
        let item = line.trim_start().starts_with(['-', '*', '•', '·', '–'])
            || line.contains('|');
        if line.ends_with(['.', '!', '?']) && !item {
            break;
        }
        // The line above was walked last: its answer, one line further.
        if let Some(w) = s.heading_walk {
            if w.line == prev {
                found = w.found.and_then(|(h, sub)| {
                    let steps = h.steps + steps + 1;
                    (steps < HEADING_LINES && (h.at > floor || floor == 0))
                        .then_some((HeadingFound { at: h.at, steps }, sub))
                });
                break;
            }
        }
        start = prev;
    }
    s.heading_walk = Some(HeadingWalk { line: first, found });
    found.map(|f| f.1)
}

/// Where a list's heading was found, and how many lines above the line
/// walked from.
#[derive(Clone, Copy, Debug)]
pub(super) struct HeadingFound {
    at: usize,
    steps: usize,
}

/// The last line whose list heading [`heading_subject`] looked for, and
/// what it found.
#[derive(Clone, Copy, Debug)]
pub(super) struct HeadingWalk {
    line: usize,
    found: Option<(HeadingFound, Subject)>,
}

/// How far back before its sentence the figure a back-reference names is
/// looked for, in bytes.
const BACK_REFERENCE_REACH: usize = 400;

/// Whether `text[lo..at]` is a partitive word and a back-reference word
/// only, with commas ("Of these,", "Of them,"): the clause opens on what
/// the sentence before counted.
fn opens_on_back_reference(
    c: &Compiled,
    text: &str,
    lo: usize,
    at: usize,
    key: &mut String,
) -> bool {
    let Some(gap) = text.get(lo..at) else { return false };
    if gap.len() > 24 || c.words.back_reference.is_empty() {
        return false;
    }
    let mut words = gap
        .split(|ch: char| ch.is_whitespace() || ch == ',')
        .filter(|w| !w.is_empty());
    let mut role = |w: Option<&str>, set: &crate::rules::WordSet| {
        w.is_some_and(|w| {
            key.clear();
            key.extend(w.chars().flat_map(char::to_lowercase));
            set.contains(key.as_str())
        })
    };
    role(words.next(), &c.words.partitive)
        && role(words.next(), &c.words.back_reference)
        && words.next().is_none()
}

/// What the figure before figure `i` in its window (from `lo`) counted:
/// the subject a back-reference with no noun of its own names ("68
/// member countries, 49 of them in the region").
fn referent(
    s: &Scratch,
    qs: &[Quantity<'_>],
    i: usize,
    lo: usize,
) -> Option<Subject> {
    (0..i)
        .rev()
        .take_while(|&j| qs[j].span.start >= lo)
        .find_map(|j| s.plans[j].subject.filter(|_| !s.plans[j].excluded))
}

/// The first indicator rule that applies to `q`.
pub(super) fn pick_indicator(
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
    c.indicator(class, q.signed, before, after)
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{n, run, Q};
    use crate::record::Qualifier;

    #[test]
    fn range_years_are_the_first_and_the_last() {
        use super::range_years;
        use crate::record::Span;
        let text = "entre 1988 et 2009, puis";
        let (a, b) = range_years(text, Span { start: 6, end: 18 }).unwrap();
        assert_eq!(
            (&text[a.start..a.end], &text[b.start..b.end]),
            ("1988", "2009")
        );
        let one = "en 2019";
        assert!(range_years(one, Span { start: 3, end: 7 }).is_none());
        let same = "novembre 2024 à décembre 2024";
        assert!(
            range_years(same, Span { start: 0, end: same.len() }).is_none()
        );
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
}
