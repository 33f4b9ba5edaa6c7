//! Record planning and writing: what is decided for each figure of a part
//! (exclusion, change partner, indicator rule, subject, period), then
//! the record (or the two records of a range) written from that plan.

use rust_decimal::Decimal;

use crate::quantity::Quantity;
use crate::record::{
    Change, Direction, Period, Qualifier, Record, Span, Status, Unit,
};
use crate::rules::{Compiled, KindChoice, SubjectMode, Units};
use crate::segment;

use super::bare_money::bare_money;
use super::change::link_changes;
use super::direction::amount_direction_of;
use super::exclusion::{
    find_hints, group_region, inside, scan_line, scan_sentence,
};
use super::figure_subject::{
    counted_whole, elliptical_share, implied_referent,
    named_after_back_reference, of_phrase, part_before, past_bracketed_share,
    referent, row_part, subject_after,
};
use super::label_unit;
use super::level::{link_levels, mark_amounts};
use super::period::{period, period_at};
use super::status::{coordinated_reach, status, After, Figure};
use super::subject::{after_partitive, lone_group, np_forward, Subject};
use super::table_label;
use super::token::key_of;
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
    /// A chain rule that shares subjects linked it to the figure it
    /// continues (its `pair`).
    pub(super) chain_subject: bool,
    /// It sits in a table's change column beside a baseline and a later
    /// value ("Change from baseline | 15.1%"): a percentage there is the
    /// amount of its row's change.
    pub(super) change_cell: bool,
    pub(super) indicator: usize,
    pub(super) subject: Option<Subject>,
    pub(super) period: Option<Span>,
    /// The period is a year right after the figure's phrase.
    pub(super) period_linked: bool,
    /// The status its clause or label gives it (a change's earlier figure
    /// is a baseline whatever this says).
    pub(super) status: Status,
    /// A cue or a label gave it its status (else it is `achieved` by
    /// default, or takes the status of the figure it continues).
    pub(super) status_cued: bool,
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
        // "… who had at least 3 check-ups (%) | 55": a figure inside the
        // indicator's name that labels a table row (rule sets without
        // label look-backs pay nothing).
        if !excluded && !c.label_lookbacks.is_empty() {
            excluded = qs.get(i + 1).is_some_and(|n| {
                table_label::in_indicator_name(
                    &mut s.label_units,
                    text,
                    q.span,
                    n.span,
                )
            });
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
            None
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
                // "470 000 filles et garçons (65 %) auront besoin": nor a
                // bare share in brackets right after the figure's phrase,
                // where the rule set reads such a share as a part of the
                // count (its `bare` lookbacks).
                Some(n)
                    if !c.bare_parts.is_empty()
                        && bare_share_after(text, q.span.end, n) =>
                {
                    i + 2
                }
                // "147,540 families (591,762 persons) have been affected",
                // "1,000 people, 348 of them children, have died", "50,686
                // families or 192,842 persons are sheltering": a figure
                // that restates or breaks down this one is an aside.
                Some(n)
                    if !c.words.restatement.is_empty()
                        && aside_after(c, text, q.span.end, n, &mut s.key) =>
                {
                    i + 2
                }
                _ => i + 1,
            };
            // "120,000 children under 5 need treatment": a number that is
            // no figure (an age, a code) does not end the clause either
            // (looked for within the window, so the walk is bounded).
            let figures = qs[k.min(qs.len())..].iter().filter(|n| {
                n.span.start >= window.end
                    || !inside(&s.excluded_in_sentence, n.span)
            });
            let next =
                figures.clone().next().map_or(usize::MAX, |n| n.span.start);
            let key = &mut s.key;
            let run = || {
                let figures = figures.map(|n| n.span);
                coordinated_reach(
                    c, text, q.span.end, figures, window.end, key,
                )
            };
            status(
                c,
                &mut s.status,
                text,
                sentence,
                window,
                Figure { span: q.span, units: status_class(q) },
                After { next, run },
            )
        };
        s.plans.push(Plan {
            excluded,
            unit: q.unit,
            window,
            pair: None,
            direction: None,
            split_range: false,
            chain_subject: false,
            change_cell: false,
            indicator: usize::MAX,
            subject: None,
            period,
            period_linked,
            status: status.unwrap_or(Status::Achieved),
            status_cued: status.is_some(),
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
                // A list line under a dated heading ("… – troisième
                // trimestre 2024 :" then "20,3 %, contre 19,5 % au même
                // trimestre de 2023") takes the heading's year instead.
                s.plans[i].period =
                    super::period::heading_year(c, s, text, qs[i].span.start)
                        .filter(|y| b.period != Some(*y));
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
        // A share in a change column is a change, as a signed one is.
        let signed = plan.change_cell && plan.unit == Unit::Percent;
        let picked = if signed {
            c.indicator(Units::PERCENT, true, "", "")
        } else {
            pick_indicator(c, text, q, plan.unit, plan.window)
        };
        let Some(ind) = picked else {
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
            part_before(
                c,
                &c.part_lookbacks,
                text,
                plan.window.start,
                q.span.start,
                s,
            )
        } else {
            None
        };
        // Whether the figure's phrase names no whole ("(65 %)", not "(60 %
        // de femmes)").
        let mut no_whole = false;
        let subject = match indicator.subject {
            _ if part.is_some() => part,
            SubjectMode::None => None,
            mode => {
                // "85% | of beneficiaries were women": a share alone in a
                // key-figure line reads its whole in the label cell.
                let label = (mode == SubjectMode::Of)
                    .then(|| table_label::value_label(text, q.span))
                    .flatten();
                let (at, end, wide) = match label {
                    Some(l) => (l.start, l.end, l.end),
                    // "12 of the 40 schools": the phrase goes past the
                    // next figure.
                    None => (
                        q.span.end,
                        plan.window.end.min(next),
                        plan.window.end,
                    ),
                };
                // "over 19,200 (or 25%) of them": past a bracketed aside
                // after the figure, or the bracket the figure closes.
                let partitive = after_partitive(c, text, at, wide, &mut s.key)
                    .or_else(|| {
                        let from = past_aside(text, at, wide)?;
                        after_partitive(c, text, from, wide, &mut s.key)
                    });
                match partitive {
                    Some((from, back)) => {
                        let near = end;
                        let end = wide;
                        let own = match np_forward(
                            c, text, from, end, true, &mut s.key,
                        ) {
                            None if !back => {
                                lone_group(c, text, from, end, &mut s.key)
                            }
                            own => own,
                        };
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
                    None => {
                        // "…, of whom 52% were women".
                        let named = named_after_back_reference(
                            c,
                            s,
                            text,
                            plan.window.start,
                            q.span,
                            end,
                        );
                        no_whole = named.is_none();
                        named
                    }
                }
            }
        };
        // "470 000 filles et garçons (65 %)": a share that names no whole
        // counts a part of the count named before it, or of the people its
        // table row's label names (rule sets without such rules pay
        // nothing).
        let subject = if subject.is_none()
            && no_whole
            && indicator.subject == SubjectMode::Of
            && !c.bare_parts.is_empty()
        {
            part_before(
                c,
                &c.bare_parts,
                text,
                plan.window.start,
                q.span.start,
                s,
            )
            .or_else(|| row_part(c, text, q.span, s))
            // "445 (59%) severe cases": the share counts the noun its count
            // reads after the bracket.
            .or_else(|| {
                let prev = i.checked_sub(1)?;
                past_bracketed_share(text, qs, prev)?;
                s.plans[prev].subject.filter(|_| !s.plans[prev].excluded)
            })
            // "38% of people have …, and 42% have …".
            .or_else(|| {
                let end = s.plans[i].window.end.min(next);
                elliptical_share(c, s, text, qs, i, end)
            })
        } else {
            subject
        };
        let negate = indicator.direction
            && !q.signed
            && q.value > Decimal::ZERO
            && amount_direction_of(c, s, text, qs, i, ind, plan.window)
                == Some(Direction::Decrease);
        let p = &mut s.plans[i];
        p.indicator = ind;
        p.subject = subject;
        p.negate = negate;
    }
    mark_amounts(c, s, text, qs);
    link_levels(c, s, text, qs);
    // The two figures of a change share a subject when only one has one
    // ("its partnerships from 9 to over 20"); where the rule asks, a
    // chain's later figure takes it from the one it continues ("grew from
    // 5.1 million … to 15.5 million in 2015 and 22.9 million by the end of
    // 2019"): figures go in text order, so the subject runs down the chain.
    for i in 0..qs.len() {
        let chained = s.plans[i].chain_subject;
        if let Some((j, from)) =
            s.plans[i].pair.filter(|&(j, from)| from || (chained && j < i))
        {
            let (a, b) = (s.plans[i], s.plans[j]);
            if a.excluded || b.excluded {
                continue;
            }
            let (sa, sb) =
                (&c.indicators[a.indicator], &c.indicators[b.indicator]);
            if sa.subject == sb.subject {
                match (a.subject, b.subject) {
                    (Some(x), None) if from => s.plans[j].subject = Some(x),
                    (None, Some(x)) => s.plans[i].subject = Some(x),
                    _ => {}
                }
            }
        }
    }
    // The amount of a change written right after the pair it restates,
    // naming nothing ("Postes HTB : 67 en 2020 contre 45 en 2011, soit
    // +22"), counts what the pair counts.
    for i in 1..qs.len() {
        let (a, b) = (s.plans[i], s.plans[i - 1]);
        if a.excluded
            || b.excluded
            || a.amount.is_none()
            || a.pair.is_some()
            || a.subject.is_some()
            || b.pair.is_none()
            || qs[i].unit != qs[i - 1].unit
            || c.indicators[a.indicator].subject
                != c.indicators[b.indicator].subject
        {
            continue;
        }
        s.plans[i].subject = b.subject;
    }
    for i in 0..qs.len() {
        if !s.plans[i].excluded {
            write_records(c, s, doc, text, qs, i, out);
        }
    }
}

/// Whether `n` is a share in brackets of its own that opens within a
/// short phrase after a figure ending at `end` ("470 000 filles et garçons
/// de moins de 5 ans (65 %)"): no clause break, no other bracket between.
fn bare_share_after(text: &str, end: usize, n: &Quantity<'_>) -> bool {
    /// The longest phrase between a count and its bracketed share.
    const REACH: usize = 120;
    if n.unit != Unit::Percent
        || n.span.start < end
        || n.span.start - end > REACH
    {
        return false;
    }
    let (Some(gap), Some(after)) =
        (text.get(end..n.span.start), text.get(n.span.end..))
    else {
        return false;
    };
    let gap = gap.trim_end();
    gap.ends_with('(')
        && !gap[..gap.len() - 1].contains(['(', ')', ';', ':', '.'])
        && after.trim_start().starts_with(')')
}

/// Whether figure `n`, right after a figure ending at `end`, is an aside
/// of it that leaves its clause open: a restatement in brackets ("(591,762
/// persons)", "(BDT 700,000)"), a part set off by commas after a partitive
/// and a back-reference word (", 348 of them children,") or a restatement
/// after a `restatement` word ("families or 192,842 persons").
fn aside_after(
    c: &Compiled,
    text: &str,
    end: usize,
    n: &Quantity<'_>,
    key: &mut String,
) -> bool {
    /// The longest noun phrase read on either side of the aside.
    const REACH: usize = 48;
    let (Some(gap), Some(after)) =
        (text.get(end..n.span.start), text.get(n.span.end..))
    else {
        return false;
    };
    // PERF: most gaps (" | ", " and ") end in no bracket, comma or word.
    let last = gap.trim_end().as_bytes().last().copied();
    if gap.len() > REACH
        || !last
            .is_some_and(|b| b == b'(' || b == b',' || b.is_ascii_alphabetic())
    {
        return false;
    }
    let wordy = |s: &str| {
        s.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ' || b == b'-')
    };
    // The words after the aside, up to the byte that closes it.
    let closed_by = |close: u8| {
        let b = after.as_bytes();
        let at = b.iter().take(REACH).position(|&x| x == close);
        at.is_some_and(|at| wordy(&after[..at]))
    };
    let gap = gap.trim_end();
    if let Some(noun) = gap.strip_suffix('(') {
        return wordy(noun) && closed_by(b')');
    }
    let mut words = after.split_whitespace();
    if let Some(noun) = gap.strip_suffix(',') {
        let (Some(of), Some(them)) = (words.next(), words.next()) else {
            return false;
        };
        return wordy(noun)
            && c.words.partitive.contains(key_of(key, of))
            && c.words.back_reference.contains(key_of(key, them))
            && closed_by(b',');
    }
    // "families or 192,842 persons are": one noun on each side.
    let mut before = gap.split_whitespace().rev();
    let (Some(join), Some(noun), None) =
        (before.next(), before.next(), before.next())
    else {
        return false;
    };
    wordy(noun)
        && c.words.restatement.contains(key_of(key, join))
        && words.next().is_some_and(wordy)
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
    // The amount of a change in a count or money is positive whatever its
    // written sign ("soit -3": 3, a decrease; SPEC: the direction says
    // which way); percentages keep their sign, and so do percentage points
    // that the indicator reads from a word after a plain number ("(-2.5
    // points)").
    let value = if q.signed
        && plan.amount.is_some()
        && !matches!(q.unit, Unit::Percent | Unit::PercentagePoints)
        && indicator.unit != Some(Unit::PercentagePoints)
    {
        value.abs()
    } else {
        value
    };
    let slice = |sp: Option<Span>| sp.map(|sp| &text[sp.start..sp.end]);
    let period_of =
        |sp: Option<Span>| sp.and_then(|sp| period_at(c, text, sp));
    let this_period = period_of(plan.period);
    let pair = plan.pair.and_then(|(j, is_from)| {
        let direction = plan.direction?;
        let other = &qs[j];
        let other_period = period_of(s.plans[j].period);
        // One year governing both levels dates neither apart ("In 2019
        // funds rose from 18 to 25 million"): no from/to period. Two
        // dates of one year each date their own ("from 5.1% in March
        // 2024 to 4.7% in June 2024").
        let (this_period, other_period) = if plan.period == s.plans[j].period {
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
    // "en recul de 3,1 points": the unit word its indicator read after the
    // number belongs to the figure's text.
    let span = match (indicator.spans_after, &indicator.after) {
        (true, Some(p)) => {
            let end = plan.window.end.max(q.span.end);
            p.find(&text[q.span.end..end]).map_or(q.span, |m| Span {
                start: q.span.start,
                end: q.span.end + m.end(),
            })
        }
        _ => q.span,
    };
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
        span,
        text: if span == q.span {
            q.text
        } else {
            &text[span.start..span.end]
        },
        rule,
    };
    match q.range_end {
        Some(end) if plan.pair.is_none() => {
            out.push(Record { qualifier: Qualifier::AtLeast, ..record });
            // "fell by 4 to 6 per cent": both bounds of a fall are signed.
            out.push(Record {
                qualifier: Qualifier::AtMost,
                value: if plan.negate { -end } else { end },
                ..record
            });
        }
        _ => out.push(record),
    }
}

/// The value of `q`: times its change partner's scale when it shares it
/// ("from 18 to 25 million"); else read as a whole count where it counts
/// people or things its subject's noun names (a kind's noun) and is
/// written as one dot group ("214.606 returnees"): no one counts a
/// fraction of them, so the dot groups thousands even where the document
/// gave no other sign of it.
fn whole_count(text: &str, q: &Quantity<'_>, plan: &Plan) -> Decimal {
    if let Some(factor) = plan.shared_scale {
        return q.value.checked_mul(factor).map_or(q.value, |v| v.normalize());
    }
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
    if counted && one_dot_group && q.value.scale() > 0 {
        q.value
            .checked_mul(Decimal::ONE_THOUSAND)
            .map_or(q.value, |v| v.normalize())
    } else {
        q.value
    }
}

/// Periods a stated change gives its written figures, where the period
/// rules ask for them (`out` holds the records of `qs`, in order): after
/// the later figure of a pair, `same_period` ("de 21 % à 55,8 % sur la même
/// période") leaves both figures without the years of their sentence (a
/// back-reference dates the change, README decision 25); with
/// `amount_spans_change`, the amount of the change right after the later
/// figure of a pair dated by two years ("de 39 % en 2015 à 62 % en 2016,
/// soit un gain de 23 points"), or right before its earlier figure ("en
/// hausse de 10 %, de 13,1 milliards en 2016 à 14,4 milliards en 2017"),
/// takes both years.
// PERF: one pass over the records written, out of line and called after
// `records` for the rule sets that ask: with the step inside `records`, its
// code grew and cost the English dense fixture 7M instructions per MB
// (cachegrind).
#[cold]
#[inline(never)]
pub(super) fn date_changes(
    c: &Compiled,
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    out: &mut [Record<'_>],
) {
    let spans = c.periods.iter().any(|r| r.amount_spans_change);
    let same = c.periods.iter().filter_map(|r| r.same_period.as_ref());
    let period_of =
        |sp: Option<Span>| sp.and_then(|sp| period_at(c, text, sp));
    for j in 0..qs.len() {
        let (later, Some((i, false))) = (s.plans[j], s.plans[j].pair) else {
            continue;
        };
        let end = later.window.end.max(qs[j].span.end);
        let after = &text[qs[j].span.end..end];
        if same.clone().any(|p| p.is_match(after)) {
            if later.period_linked || s.plans[i].period_linked {
                continue;
            }
            for at in [qs[i].span.start, qs[j].span.start] {
                for r in written_at(out, at) {
                    r.period = None;
                    if let Some(change) = r.change.as_mut() {
                        change.from_period = None;
                        change.to_period = None;
                    }
                }
            }
            continue;
        }
        if !spans || i >= j {
            continue;
        }
        let earlier = s.plans[i];
        // The amount right after the later figure took its year; the one
        // right before the earlier figure ("en hausse de 10 %, de 13,1
        // milliards en 2016 à 14,4 milliards en 2017"), the earlier's.
        let is_amount = |n: &Plan, side: &Plan| {
            n.amount.is_some()
                && n.pair.is_none()
                && n.level.is_none()
                && n.period.is_some()
                && n.period == side.period
                && n.window == side.window
        };
        let next = Some(j + 1).filter(|&n| {
            s.plans.get(n).is_some_and(|p| is_amount(p, &later))
                && !text[qs[j].span.end..qs[n].span.start].contains(';')
        });
        let prev = i.checked_sub(1).filter(|&p| {
            is_amount(&s.plans[p], &earlier)
                && !text[qs[p].span.end..qs[i].span.start].contains(';')
        });
        if next.is_none() && prev.is_none() {
            continue;
        }
        let (Some(from), Some(to)) =
            (period_of(earlier.period), period_of(later.period))
        else {
            continue;
        };
        if from == to {
            continue;
        }
        for k in next.into_iter().chain(prev) {
            for r in written_at(out, qs[k].span.start) {
                r.period = Period::range(from.first(), to.last()).or(r.period);
            }
        }
    }
}

/// The records of `out` (in span order) that start at `at`: found by
/// binary search, so a document of many changes is not read once per
/// change.
fn written_at<'r, 'a>(
    out: &'r mut [Record<'a>],
    at: usize,
) -> &'r mut [Record<'a>] {
    let from = out.partition_point(|r| r.span.start < at);
    let len = out[from..].iter().take_while(|r| r.span.start == at).count();
    &mut out[from..from + len]
}

/// The first and the last year written in the period `p` when they
/// differ ("1988 et 2009", "novembre 2024 à novembre 2025"): four-digit
/// years from 1900 to 2099.
pub(super) fn range_years(text: &str, p: Span) -> Option<(Span, Span)> {
    let b = text.as_bytes();
    let mut years = years_in(text, p);
    let first = years.next()?;
    let last = years.next_back()?;
    (b[first..first + 4] != b[last..last + 4]).then_some((
        Span { start: first, end: first + 4 },
        Span { start: last, end: last + 4 },
    ))
}

/// Where the years written in period `p` start, in order: four digits
/// of 19xx or 20xx that no other digit touches.
pub(super) fn years_in(
    text: &str,
    p: Span,
) -> impl DoubleEndedIterator<Item = usize> + '_ {
    let b = text.as_bytes();
    (p.start..p.end.saturating_sub(3)).filter(move |&k| {
        b[k..k + 4].iter().all(u8::is_ascii_digit)
            && (b[k..k + 2] == *b"19" || b[k..k + 2] == *b"20")
            && (k == 0 || !b[k - 1].is_ascii_digit())
            && b.get(k + 4).is_none_or(|d| !d.is_ascii_digit())
    })
}

/// The class of `q`'s unit as a status cue reads it, before its
/// indicator is known: a plain number with a fraction ("a reculé de 0,6
/// point") measures rather than counts, as percentage points do.
fn status_class(q: &Quantity<'_>) -> Units {
    match Units::of(q.unit) {
        // PERF: a whole number's scale is 0; `fract` only past that.
        Units::NUMBER if q.value.scale() > 0 && !q.value.fract().is_zero() => {
            Units::POINTS
        }
        class => class,
    }
}

/// The first indicator rule that applies to `q`.
pub(super) fn pick_indicator(
    c: &Compiled,
    text: &str,
    q: &Quantity<'_>,
    unit: Unit,
    window: Span,
) -> Option<usize> {
    let class = Units::of(unit);
    let before = &text[window.start..q.span.start];
    let after = &text[q.span.end..window.end];
    c.indicator(class, q.signed, before, after)
}

/// Where the text after a figure ending at `from` goes on past a bracket:
/// the one the figure closes ("(or 25%) of them") or a short one after it
/// that restates it ("over 19,200 (or 25%) of them"), within `end`.
fn past_aside(text: &str, from: usize, end: usize) -> Option<usize> {
    let b = text.as_bytes().get(from..end)?;
    let at = b.iter().position(|&x| x != b' ')?;
    match b[at] {
        b')' => Some(from + at + 1),
        b'(' => {
            let inner = &b[at + 1..b.len().min(at + 1 + ASIDE_LEN)];
            let close = memchr::memchr(b')', inner)?;
            let inner = &inner[..close];
            (inner.iter().any(u8::is_ascii_digit) && !inner.contains(&b'('))
                .then_some(from + at + close + 2)
        }
        _ => None,
    }
}

/// The longest bracketed aside [`past_aside`] passes over, in bytes.
const ASIDE_LEN: usize = 24;

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
