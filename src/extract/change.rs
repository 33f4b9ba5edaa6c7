//! How a figure takes part in a stated change: "from X to Y" pairs
//! (successive figures of one sentence joined by a change rule's gap
//! pattern), and the change word nearest to a figure, which gives a
//! change or a percentage its direction (`direction`'s). Amounts of a
//! change and the levels they reached are `level`'s.

use rust_decimal::Decimal;

use crate::quantity::{denominator_end, Quantity};
use crate::record::{Direction, Qualifier, Span, Status, Unit};
use crate::rules::{Compiled, Units};

use super::direction::nearest_direction;
use super::label_unit;
use super::records::{pick_indicator, range_years, Plan};
use super::status::label_cue;
use super::token::{key_of, next_token, roles_at, roles_of};
use super::Scratch;

/// Links successive figures of one sentence that state a change, sets the
/// direction, and gives a bare figure its partner's currency. A figure
/// that ends a change may start the next one of a chain ("to 25 in 2019
/// and 12 in 2022"), through a `chain` rule only; it keeps the change
/// that ends at it, and the next figure takes the new one.
pub(super) fn link_changes(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
) {
    if c.changes.is_empty() {
        return;
    }
    let skips = c.changes.iter().any(|r| r.skip_excluded);
    let mut i = 0;
    while i + 1 < qs.len() {
        // A rate's denominator between two levels ("de 18 décès pour 1000
        // cas à 13 décès"): the figure after it may be the later level,
        // through a rule that passes over an excluded figure.
        let skipped = skips
            && i + 2 < qs.len()
            && s.plans[i + 1].excluded
            && !s.plans[i].excluded;
        let j = if skipped { i + 2 } else { i + 1 };
        let (a, b) = (&qs[i], &qs[j]);
        let (pa, pb) = (s.plans[i], s.plans[j]);
        let same =
            pa.window.start <= b.span.start && b.span.end <= pa.window.end;
        // Cells of one table row are sentences of their own.
        let row = if !skipped && !same && b.span.start >= a.span.end {
            year_columns(s, text, qs, i)
                .or_else(|| baseline_columns(c, s, text, qs, i))
        } else {
            None
        };
        if b.span.start < a.span.end
            || pa.excluded
            || pb.excluded
            || !(same || row.is_some())
            || a.range_end.is_some()
            || b.range_end.is_some()
        {
            i += 1;
            continue;
        }
        // "from 34:1 in 2003/04 to 36:1": a rate's or ratio's denominator
        // is part of the level, not of the words between the levels.
        let gap_start = denominator_end(text.as_bytes(), a.span.end)
            .filter(|&e| e <= b.span.start)
            .unwrap_or(a.span.end);
        let gap = &text[gap_start..b.span.start];
        let before = &text[pa.window.start..a.span.start];
        // A figure of a change continues it only through a chain: a
        // forward one from the change's later figure ("to 25 in 2019 and
        // 12 in 2022"), a reversed one from its earlier figure, each new
        // value older still ("(previous year: 8.8; 2013: 6.7)").
        let chained = pa.pair.is_some();
        let after = &text[b.span.end..pb.window.end.max(b.span.end)];
        // A comparison between places or groups at one date matches
        // first and links nothing ("X en milieu rural contre Y en zone
        // urbaine").
        let linked = c
            .change_rule(gap, before, after, chained)
            .filter(|rule| !rule.none);
        if skipped && !linked.is_some_and(|r| r.skip_excluded && !chained) {
            i += 1;
            continue;
        }
        if chained
            && linked.is_none_or(|rule| {
                rule.reversed != matches!(pa.pair, Some((_, true)))
            })
        {
            i += 1;
            continue;
        }
        // "51% of commitments, or EUR 5.4bn, ..., up from 29%": the later
        // figure of a comparison is the one before a restatement of it
        // when the restatement's unit does not fit.
        // "502 projects (2019: EUR 10.6 billion)": a bare count is never
        // the later value of an earlier money amount; the money figure just
        // before the count is ("EUR 12.4 billion for 502 projects").
        let bare = |p: Plan| {
            p.unit == Unit::Number && matches!(pb.unit, Unit::Currency(_))
        };
        // "grants of £5.0m in 2011 (after £0.3m of awards …), against
        // £5.7m in 2010": a figure in a bracket that closes before the
        // comparison is an aside; the later value is the one before it.
        let aside = match linked {
            Some(rule) if rule.reversed && !chained => {
                aside_before(s, text, qs, i)
                    .filter(|&j| fits(s.plans[j].unit, pb.unit))
            }
            _ => None,
        };
        // "reached 5,300 people, against a target of 2,300, up from 3,600
        // in 2018": a target set beside a result is no later value of a
        // past figure; the result before it is.
        let target = |p: Plan| p.status_cued && p.status == Status::Target;
        let aside = aside.or(match linked {
            Some(rule) if rule.reversed && !chained && target(pa) => {
                free_before(s, qs, i).filter(|&j| {
                    fits(s.plans[j].unit, pb.unit) && !target(s.plans[j])
                })
            }
            _ => None,
        });
        let restated = aside.or(match linked {
            Some(rule)
                if rule.reversed
                    && !chained
                    && (!fits(pa.unit, pb.unit) || bare(pa)) =>
            {
                restated_before(c, s, text, qs, i)
                    .or_else(|| level_before(c, s, text, qs, i))
                    .or_else(|| money_before(s, qs, i, pb.unit))
                    .or_else(|| apposed_money_before(s, text, qs, i))
                    .filter(|&j| fits(s.plans[j].unit, pb.unit))
            }
            _ => None,
        });
        // "US$2.23 billion, US$69.0 million or 3.2 per cent more than the
        // US$2.16 billion": the percentage restates the amount of a
        // change; the later value is the level before that amount.
        let restated = restated.map(|x| {
            amount_level_before(c, s, text, qs, x, i)
                .filter(|&k| fits(s.plans[k].unit, pb.unit))
                .unwrap_or(x)
        });
        // "672 787 tonnes …, pour une valeur de 172,99 milliards de F CFA,
        // contre 537 011 tonnes": a bare figure that a noun of measure
        // follows is no money; its later value is the figure before with
        // the same noun.
        let restated = restated.or_else(|| match linked {
            Some(rule)
                if rule.reversed
                    && !chained
                    && matches!(pa.unit, Unit::Currency(_)) =>
            {
                same_measure_before(c, s, text, qs, i)
            }
            _ => None,
        });
        let x = restated.unwrap_or(i);
        let (a, pa) = (&qs[x], s.plans[x]);
        let bare_later = bare(pa);
        let reversed = match linked {
            Some(rule)
                if fits(pa.unit, pb.unit)
                    && !(rule.reversed && bare_later) =>
            {
                rule.reversed
            }
            Some(rule)
                if !rule.reversed && !chained && bare_percent_level(a, b) =>
            {
                false
            }
            None if !chained => {
                match row
                    .or_else(|| year_columns(s, text, qs, i))
                    .or_else(|| baseline_columns(c, s, text, qs, i))
                {
                    Some(later_first) => later_first,
                    None => {
                        i += 1;
                        continue;
                    }
                }
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // "1,250 ..., up from 830": the first figure is the later one.
        let (from, to) = if reversed { (b, a) } else { (a, b) };
        let unit = if pa.unit == Unit::Number { pb.unit } else { pa.unit };
        // The direction: a change word between the two figures ("77%, up
        // from 63%"), else the values, else the nearest change word
        // around them.
        let between = Span { start: a.span.end, end: a.span.end };
        let gap_span = Span { start: a.span.end, end: b.span.start };
        let outer = Span { start: pa.window.start, end: pb.window.end };
        // A bare level compares at the scale it shares with its partner:
        // "from 350 to 200 million" falls.
        let level = |q: &Quantity<'_>, other: &Quantity<'_>| {
            shared_scale(q, other)
                .and_then(|f| q.value.checked_mul(f))
                .unwrap_or(q.value)
        };
        let (from_level, to_level) = (level(from, to), level(to, from));
        let direction =
            nearest_direction(c, text, gap_span, between, &mut s.key)
                .or(match from_level.cmp(&to_level) {
                    std::cmp::Ordering::Less => Some(Direction::Increase),
                    std::cmp::Ordering::Greater => Some(Direction::Decrease),
                    std::cmp::Ordering::Equal => None,
                })
                .or_else(|| {
                    nearest_direction(
                        c,
                        text,
                        outer,
                        Span { start: a.span.start, end: b.span.end },
                        &mut s.key,
                    )
                });
        if reversed && !chained && restated.is_none() {
            if let Some(d) = parallel_pairs(c, s, text, qs, i, direction) {
                i += d;
                continue;
            }
        }
        for (k, other, is_from) in [(x, j, !reversed), (j, x, reversed)] {
            if chained && !reversed && k == x {
                // It keeps the change that ends at it; in a reversed chain
                // it takes the older pair, which ends at it.
                continue;
            }
            let p = &mut s.plans[k];
            p.unit = unit;
            p.pair = Some((other, is_from));
            p.direction = direction;
            p.split_range = linked.is_some_and(|r| r.split_range);
            p.chain_subject =
                chained && linked.is_some_and(|r| r.chain_subject);
            // "from 18 to 25 million" (a reversed pair, "8.4m from
            // five", is too often no change to share a scale; nor does a
            // pair that states no direction at that scale, "from 1 to 1m").
            p.shared_scale = if reversed || direction.is_none() {
                None
            } else {
                shared_scale(&qs[k], &qs[other])
            };
        }
        // "… nouveaux cas dans le monde ; ce nombre est aujourd'hui tombé
        // à 200 000": a later figure whose clause says nothing of its
        // status takes the status of the statistic it continues.
        if linked.is_some_and(|r| r.shares_status) {
            let (later, earlier) = if reversed { (x, j) } else { (j, x) };
            if !s.plans[later].status_cued && s.plans[earlier].status_cued {
                s.plans[later].status = s.plans[earlier].status;
                s.plans[later].status_cued = true;
            }
        }
        // "In 2021, 640 midwives ..., compared with 410 the year before",
        // "SEK 410 million in 2022 (previous year: SEK 380 million)": a
        // year before the earlier value's cue (its bracket, or the last
        // comma or semicolon before it) dates the later value only; the
        // earlier one keeps a year after it or its own label ("(2019: EUR
        // 10.6 billion)", "; 2013: EUR 6.7 billion") (rule sets that ask).
        if reversed && linked.is_some_and(|r| r.undated_base) {
            let b = &qs[j];
            let cue = text[a.span.end..b.span.start]
                .rfind(['(', ';', ','])
                .map_or(b.span.start, |o| a.span.end + o);
            if s.plans[j].period.is_some_and(|y| y.end <= cue) {
                s.plans[j].period = None;
            }
        } else if !reversed && linked.is_some_and(|r| r.undated_base) {
            // "In 2015, enrolment rose from 40% to 55%": a year both
            // figures share, stated for neither, dates the later one; a
            // range of two years written in words ("fell from 154.5 to
            // 104.7 between 2011 and 2021") dates each with its end, also
            // when the range is right after the later level's phrase.
            let (p, q) = (s.plans[x], s.plans[j]);
            let shared = p.period == q.period || q.period_linked;
            let ends = q
                .period
                .filter(|_| shared && !p.period_linked)
                .and_then(|sp| word_range_ends(text, sp));
            if let Some((first, last)) = ends {
                s.plans[x].period = Some(first);
                s.plans[j].period = Some(last);
            } else if p.period.is_some()
                && p.period == q.period
                && !p.period_linked
            {
                s.plans[x].period = None;
            }
        }
        i += 1;
    }
}

/// The two years of a range written with one word between them ("2011
/// and 2021", "2015 to 2017"; the period rules decided it is a range),
/// each as a span of its own; `None` for any other year expression (a
/// dash or a slash, financial years, "2014 and into early 2015").
fn word_range_ends(text: &str, sp: Span) -> Option<(Span, Span)> {
    let (first, last) = range_years(text, sp)?;
    let mid = text.get(first.end..last.start)?;
    let word = mid.trim();
    let spaced = mid.starts_with(char::is_whitespace)
        && mid.ends_with(char::is_whitespace);
    let whole = first.start == sp.start && last.end == sp.end;
    (whole
        && spaced
        && !word.is_empty()
        && word.chars().all(char::is_alphabetic))
    .then_some((first, last))
}

/// The scale word's factor that the bare level `q` of a change shares with
/// its partner `other`: "from 18 to 25 million" is 18 million. Only a
/// figure in digits with no scale, qualifier or range of its own, below 1,000 and
/// within a hundredfold of the partner's numeral, shares it: "from 500 to
/// 2 million people" keeps its 500.
fn shared_scale(q: &Quantity<'_>, other: &Quantity<'_>) -> Option<Decimal> {
    let factor = other.scale.filter(|f| *f >= Decimal::ONE_THOUSAND)?;
    let numeral = other.value.checked_div(factor)?;
    let hundred = Decimal::ONE_HUNDRED;
    let bare = q.scale.is_none()
        && q.text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && q.range_end.is_none()
        && q.qualifier == Qualifier::Exact
        && q.value > Decimal::ZERO
        && q.value < Decimal::ONE_THOUSAND;
    (bare
        && q.value.checked_mul(hundred)? >= numeral
        && q.value <= numeral.checked_mul(hundred)?)
    .then_some(factor)
}

/// Whether figures `i` and `i + 1` are successive cells of one table row
/// under two year columns, in a row that goes on to a signed cell
/// ("Turnover | 1,224.0 | 1,447.0 | + 18.2" under "| 2008 | 2009 | Change
/// in %"): the row states the change between them. `Some(true)` when the
/// later year comes first ("| 2014 | 2013 | Change", the layout of annual
/// reports that print the current year first).
fn year_columns(
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<bool> {
    let (a, b) = (&qs[i], &qs[i + 1]);
    // Both figures dated by a header above them: checked first, as most
    // pairs have no such dates.
    let header_year = |k: usize| {
        let p = s.plans[k].period?;
        (p.end <= a.span.start).then(|| &text[p.start..p.end])
    };
    let (ya, yb) = (header_year(i)?, header_year(i + 1)?);
    if ya.len() != 4 || yb.len() != 4 || ya == yb {
        return None;
    }
    let gap = &text.as_bytes()[a.span.end..b.span.start];
    // Two neighbouring cells: a rule and some spaces between them.
    let cell_rule = gap.len() <= 16
        && gap.iter().filter(|&&c| c == b'|').count() == 1
        && gap.iter().all(|&c| matches!(c, b'|' | b' ' | b'\t'));
    if !cell_rule || !fits(s.plans[i].unit, s.plans[i + 1].unit) {
        return None;
    }
    let line = crate::segment::line_of(text, a.span.start);
    // The years are the column headers', on lines above the row.
    let above =
        |k: usize| s.plans[k].period.is_some_and(|p| p.end <= line.start);
    if !above(i) || !above(i + 1) {
        return None;
    }
    // The cells after the second figure: one starts with a sign.
    let end = line.end.max(b.span.end);
    text[b.span.end..end]
        .split('|')
        .skip(1)
        .any(|cell| cell.trim_start().starts_with(['+', '-', '−', '–']))
        .then_some(ya > yb)
}

/// Whether figures `i` and `i + 1` are neighbouring cells of a table row
/// whose first cell sits under a baseline column and whose next one under
/// a later column, in a table with a change column ("Cases at baseline |
/// Cases during implementation | … | Change from baseline": a change per
/// row, README decision 36): `Some(false)`, the earlier figure first. The
/// change column is a later header cell that reads as a baseline itself
/// ("Change from baseline"), or a later cell of the row written with a
/// sign. A results table with no change column states no change
/// ("Baseline | 2023 | Target", decision 37).
fn baseline_columns(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<bool> {
    let (pa, pb) = (s.plans[i], s.plans[i + 1]);
    // Checked first: most pairs are not under a baseline header.
    if pa.status != Status::Baseline
        || !pa.status_cued
        || matches!(pb.status, Status::Baseline | Status::Target)
        || pa.unit != pb.unit
    {
        return None;
    }
    let (a, b) = (&qs[i], &qs[i + 1]);
    let gap = &text.as_bytes()[a.span.end..b.span.start];
    let cell_rule = gap.len() <= 16
        && gap.iter().filter(|&&c| c == b'|').count() == 1
        && gap.iter().all(|&c| matches!(c, b'|' | b' ' | b'\t'));
    if !cell_rule {
        return None;
    }
    let (header, column) =
        label_unit::header_of(&mut s.label_units, text, b.span)?;
    let line = crate::segment::line_of(text, b.span.start);
    let signed = text[b.span.end..line.end.max(b.span.end)]
        .split('|')
        .skip(1)
        .any(|cell| cell.trim_start().starts_with(['+', '-', '−', '–']));
    // The header cells after the later figure's that read as a baseline
    // themselves: the change column ("Change from baseline").
    let change_columns = text[header.start..header.end]
        .split('|')
        .enumerate()
        .skip(column + 1)
        .filter(|(_, cell)| {
            label_cue(c, cell, Units::ALL) == Some(Status::Baseline)
        })
        .map(|(k, _)| k);
    let mut found = false;
    for k in change_columns {
        found = true;
        // The row's figure in that column: the amount of its change, of
        // the status of the row's later value.
        let Some(j) = (i + 2..qs.len())
            .take_while(|&j| qs[j].span.start < line.end)
            .find(|&j| {
                column
                    + memchr::memchr_iter(
                        b'|',
                        &text.as_bytes()[b.span.end..qs[j].span.start],
                    )
                    .count()
                    == k
            })
        else {
            continue;
        };
        let p = &mut s.plans[j];
        p.change_cell = true;
        p.status = pb.status;
        p.status_cued = true;
    }
    (signed || found).then_some(false)
}

/// Whether two figures' units can be the two sides of one change (a bare
/// number takes its partner's currency; for a percent sign see
/// [`bare_percent_level`]).
pub(super) fn fits(x: Unit, y: Unit) -> bool {
    x == y
        || matches!(
            (x, y),
            (Unit::Currency(_), Unit::Number)
                | (Unit::Number, Unit::Currency(_))
        )
}

/// Whether the bare figure `a` is the earlier level of a change to the
/// percentage `b` written with its sign ("from 18 to 25 percent"): in
/// text order, at most 100 and written plain. A count before a share in
/// any other shape is a count ("2,565 … 16.2%", "44 factories … 146%").
fn bare_percent_level(a: &Quantity<'_>, b: &Quantity<'_>) -> bool {
    a.unit == Unit::Number
        && b.unit == Unit::Percent
        && a.scale.is_none()
        && a.range_end.is_none()
        && a.value <= Decimal::ONE_HUNDRED
        && a.text.bytes().all(|x| x.is_ascii_digit() || x == b'.')
}

/// The figure just before figure `i`, in `i`'s window and ending before
/// it, when it is free: not excluded, in no change and no range.
fn free_before(s: &Scratch, qs: &[Quantity<'_>], i: usize) -> Option<usize> {
    let j = i.checked_sub(1)?;
    let (p, q) = (s.plans[j], &qs[j]);
    (!p.excluded
        && p.pair.is_none()
        && q.range_end.is_none()
        && q.span.start >= s.plans[i].window.start
        && qs[i].span.start >= q.span.end)
        .then_some(j)
}

/// The most figures of one aside passed over to the figure before it.
const ASIDE_FIGURES: usize = 3;

/// The free figure before figure `i` when `i` is an aside: it sits in a
/// bracket opened after that figure and closed before the figure after
/// `i` ("£5.0m in 2011 (after £0.3m of awards …), against £5.7m"), with
/// any other figures of the bracket ("2,558 candidates (415 of them
/// women, 16.2%), down from 2,565").
fn aside_before(
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<usize> {
    let next = qs.get(i + 1)?;
    let gap = text.get(qs[i].span.end..next.span.start)?.as_bytes();
    let close = memchr::memchr(b')', gap)?;
    if memchr::memchr(b'(', &gap[..close]).is_some() {
        return None;
    }
    let mut k = i;
    for _ in 0..ASIDE_FIGURES {
        let j = free_before(s, qs, k)?;
        let between = text.get(qs[j].span.end..qs[k].span.start)?.as_bytes();
        match memchr::memrchr(b'(', between) {
            Some(open) => {
                return memchr::memchr(b')', &between[open..])
                    .is_none()
                    .then_some(j)
                    .filter(|&j| qs[j].span.start >= s.plans[i].window.start);
            }
            // Another figure of the aside, unless a bracket closes first.
            None if memchr::memchr(b')', between).is_none() => k = j,
            None => return None,
        }
    }
    None
}

/// The most bytes between a figure and its restatement ("51%, or EUR
/// 5.4bn"; "NOK 6.25 billion (USD 811 million)").
const RESTATED_GAP: usize = 24;

/// The figure before figure `i` when `i` restates it: the text between
/// them ends with a `restatement` word ("or") or an opening bracket, and
/// is short; the earlier figure is free (in no change, no range).
fn restated_before(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<usize> {
    let j = free_before(s, qs, i)?;
    let q = &qs[j];
    if qs[i].span.start - q.span.end > RESTATED_GAP {
        return None;
    }
    let gap = text[q.span.end..qs[i].span.start].trim_end();
    let restates = gap.ends_with('(')
        || gap.ends_with('[')
        || ends_on_restating(c, gap, &mut s.key);
    restates.then_some(j)
}

/// Whether `gap` ends with a whole `restatement` word ("51%, or EUR
/// 5.4bn").
fn ends_on_restating(c: &Compiled, gap: &str, key: &mut String) -> bool {
    let gap = gap.trim_end();
    let word = gap.rsplit([' ', ',', '\n', '\t']).next().unwrap_or(gap);
    !word.is_empty() && c.words.restatement.contains(key_of(key, word))
}

/// The level before figure `x` when `x` is the amount of a change that
/// percentage `i`, right after it, restates after a `restatement` word ("US$2.23
/// billion, US$69.0 million or 3.2 per cent more than …"): free, and
/// joined to `x` as a level to its amount (a `level_first` gap).
fn amount_level_before(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    x: usize,
    i: usize,
) -> Option<usize> {
    if x + 1 != i
        || s.plans[i].unit != Unit::Percent
        || s.plans[x].unit == Unit::Percent
        || !ends_on_restating(
            c,
            &text[qs[x].span.end..qs[i].span.start],
            &mut s.key,
        )
    {
        return None;
    }
    let k = free_before(s, qs, x)?;
    let gap = &text[qs[k].span.end..qs[x].span.start];
    (fits(s.plans[k].unit, s.plans[x].unit)
        && c.levels
            .iter()
            .any(|rule| rule.level_first && rule.gap.is_match(gap)))
    .then_some(k)
}

/// The noun of measure right after figure `q` ("537 011 tonnes"), if
/// one follows it before `end`.
fn measure_after<'t>(
    c: &Compiled,
    text: &'t str,
    q: &Quantity<'_>,
    end: usize,
    key: &mut String,
) -> Option<&'t str> {
    let w = next_token(text, q.span.end, end)?.ok()?;
    (!w.number && roles_at(c, text, w, key).measure)
        .then(|| w.span.slice(text))
}

/// The nearest free bare figure before figure `i` that the same noun of
/// measure follows as figure `i + 1`, in `i + 1`'s window: the later value
/// of a comparison whose figure `i` is money.
fn same_measure_before(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<usize> {
    let pb = s.plans[i + 1];
    if pb.unit != Unit::Number {
        return None;
    }
    let noun = measure_after(c, text, &qs[i + 1], pb.window.end, &mut s.key)?;
    (0..i).rev().take_while(|&j| qs[j].span.start >= pb.window.start).find(
        |&j| {
            let p = s.plans[j];
            !p.excluded
                && p.pair.is_none()
                && p.unit == Unit::Number
                && qs[j].range_end.is_none()
                && measure_after(c, text, &qs[j], qs[i].span.start, &mut s.key)
                    .is_some_and(|m| m.eq_ignore_ascii_case(noun))
        },
    )
}

/// The figure before percentage `i` when `i` is the change that figure
/// reached, as a `level_first` rule joins them ("GBP 99.1m, up 8 per
/// cent on 2013 (GBP 92.2m)": the bracketed base is the earlier value of
/// the level, not of the percentage); the earlier figure is free.
fn level_before(
    c: &Compiled,
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<usize> {
    let j = free_before(s, qs, i)?;
    let q = &qs[j];
    // Percentage points, read as a plain number until their indicator is
    // picked ("42,8 %, en baisse de 1,6 point par rapport au troisième
    // trimestre 2023 (44,4 %)"), qualify a level as a percentage does;
    // the indicator check below keeps plain counts out.
    // Points written out ("0.3 percentage points lower than February's
    // 10.4%") qualify it the same way.
    if !matches!(
        s.plans[i].unit,
        Unit::Percent | Unit::PercentagePoints | Unit::Number
    ) {
        return None;
    }
    let gap = &text[q.span.end..qs[i].span.start];
    // PERF: the gap is asked first; the indicator only where it joins.
    let joined =
        c.levels.iter().any(|rule| rule.level_first && rule.gap.is_match(gap));
    // The percentage is a change ("99.1m, up 8 per cent", "183 million, a
    // two per cent increase"), not a share ("415 of them, 16.2%").
    let (p, q) = (s.plans[i], &qs[i]);
    let change = || {
        pick_indicator(c, text, q, p.unit, p.window).is_some_and(|k| {
            c.indicators[k].direction || c.indicators[k].signed == Some(true)
        })
    };
    (joined && change()).then_some(j)
}

/// The figure before count `i` when it is an amount in `unit` that the
/// count goes with ("EUR 12.4 billion for 502 projects"): free, in the
/// same window.
fn money_before(
    s: &Scratch,
    qs: &[Quantity<'_>],
    i: usize,
    unit: Unit,
) -> Option<usize> {
    let j = i.checked_sub(1)?;
    let p = s.plans[j];
    (s.plans[i].unit == Unit::Number
        && p.unit == unit
        && !p.excluded
        && p.pair.is_none()
        && qs[j].range_end.is_none()
        && qs[j].span.start >= s.plans[i].window.start)
        .then_some(j)
}

/// The most bytes between an amount of money and the figure of another
/// unit set beside it after a comma ("996,8 milliards de FCFA, soit un
/// taux de réalisation de 47,95 %").
const APPOSED_GAP: usize = 80;

/// The amount of money before figure `i` when `i` is set beside it in
/// apposition: the words between them hold a comma and no bracket, colon,
/// semicolon or other figure ("US$996 million in 2023, a completion rate
/// of 48%, against US$883 million"). Only money: two counts with a share
/// between them may count different things.
fn apposed_money_before(
    s: &Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<usize> {
    let j = free_before(s, qs, i)?;
    if !matches!(s.plans[j].unit, Unit::Currency(_))
        || qs[i].span.start - qs[j].span.end > APPOSED_GAP
    {
        return None;
    }
    let gap = &text.as_bytes()[qs[j].span.end..qs[i].span.start];
    (gap.contains(&b',') && !gap.iter().any(|b| b"();:[]".contains(b)))
        .then_some(j)
}

/// The most bytes between the two figures of each side of a parallel
/// comparison ("8.1 million people in 39 emergencies").
const PARALLEL_GAP: usize = 40;

/// Two parallel changes across a comparison cue ("8.1 million people in
/// 39 emergencies, against 6.1 million people in 24 emergencies"): when
/// the figures `i - 1` and `i` before the cue and `i + 1` and `i + 2`
/// after it are joined by the same last word, of fitting units, each
/// figure after the cue is the earlier value of its counterpart before
/// it. So are sides whose figures a coordinating word joins, the earlier
/// side by that word alone, in order ("64 % chez les filles et celui des
/// garçons 71 %, contre respectivement 58 % et 69 %"), and sides whose
/// figures the same two nouns follow, in order ("2 480 cas dont 31 décès,
/// contre 3 150 cas et 44 décès"). Links both pairs and returns how
/// many figures they cover past `i`, else `None`. Each pair takes the
/// direction its values give, else the cue's; a year closing the earlier
/// side dates both its figures.
fn parallel_pairs(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    cue: Option<Direction>,
) -> Option<usize> {
    if i == 0 || i + 2 >= qs.len() {
        return None;
    }
    let ks = [i - 1, i, i + 1, i + 2];
    for &k in &ks {
        let p = s.plans[k];
        let w = s.plans[i].window;
        if p.excluded
            || (k != i && k != i + 1 && p.pair.is_some())
            || qs[k].range_end.is_some()
            || qs[k].span.start < w.start
            || qs[k].span.end > w.end
        {
            return None;
        }
    }
    let units: [Unit; 4] = ks.map(|k| s.plans[k].unit);
    let unit = |k: usize| units[k + 1 - i];
    if !fits(unit(i - 1), unit(i + 1)) || !fits(unit(i), unit(i + 2)) {
        return None;
    }
    // The words joining each side's two figures, the same last one on
    // both ("people in" / "people in", "vaccine doses to" / "doses to").
    let join = |a: usize, b: usize| -> Option<&str> {
        let (end, start) = (qs[a].span.end, qs[b].span.start);
        if start < end || start - end > PARALLEL_GAP {
            return None;
        }
        let gap = text[end..start].trim();
        let words = !gap.is_empty()
            && gap
                .chars()
                .all(|ch| ch.is_alphabetic() || ch == ' ' || ch == '-');
        words.then(|| gap.rsplit(' ').next().unwrap_or(gap))
    };
    let same_join = matches!(
        (join(i - 1, i), join(i + 1, i + 2)),
        (Some(left), Some(right)) if left.eq_ignore_ascii_case(right)
    );
    // The word right after a figure, when a word comes right after it.
    let noun = |k: usize| {
        let rest = text[qs[k].span.end..].trim_start();
        let word = rest.split(|ch: char| !ch.is_alphabetic()).next()?;
        (word.len() >= 3).then_some(word)
    };
    let near = |a: usize, b: usize| {
        qs[b].span.start.saturating_sub(qs[a].span.end) <= PARALLEL_GAP
    };
    // "4,310 cases including 52 deaths, against 5,020 cases and 77
    // deaths": each side names its two figures by the same two nouns, in
    // order.
    let same_nouns = near(i - 1, i)
        && near(i + 1, i + 2)
        && matches!(
            (noun(i - 1), noun(i), noun(i + 1), noun(i + 2)),
            (Some(a), Some(b), Some(c), Some(d))
                if a.eq_ignore_ascii_case(c)
                    && b.eq_ignore_ascii_case(d)
                    && !a.eq_ignore_ascii_case(b)
        );
    if !same_join && !same_nouns {
        let gap = |a: usize, b: usize| {
            let (end, start) = (qs[a].span.end, qs[b].span.start);
            text.get(end..start).map_or("", str::trim)
        };
        let (later, earlier) = (gap(i - 1, i), gap(i + 1, i + 2));
        let coordinated = !earlier.is_empty()
            && !earlier.contains(' ')
            && later.split(' ').any(|w| w == earlier)
            && roles_of(c, earlier, earlier.is_ascii(), &mut s.key)
                .continuation;
        if !coordinated {
            return None;
        }
    }
    for (later, earlier) in [(i - 1, i + 1), (i, i + 2)] {
        let direction = match qs[earlier].value.cmp(&qs[later].value) {
            std::cmp::Ordering::Less => Some(Direction::Increase),
            std::cmp::Ordering::Greater => Some(Direction::Decrease),
            std::cmp::Ordering::Equal => cue,
        };
        let unit = if unit(later) == Unit::Number {
            unit(earlier)
        } else {
            unit(later)
        };
        for (k, other, is_from) in
            [(later, earlier, false), (earlier, later, true)]
        {
            let p = &mut s.plans[k];
            p.unit = unit;
            p.pair = Some((other, is_from));
            p.direction = direction;
        }
    }
    // A year closing the earlier side dates both its figures ("6.1
    // million people in 24 emergencies in 2013-14").
    let last = s.plans[i + 2];
    if let Some(y) = last.period.filter(|y| y.start >= qs[i + 2].span.end) {
        s.plans[i + 1].period = Some(y);
        s.plans[i + 1].period_linked = last.period_linked;
    }
    Some(2)
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{money, n, pct, run, Q};
    use crate::record::{Direction, Qualifier, Unit};

    #[test]
    fn a_money_change_links_both_figures() {
        let text = "Income fell from 7.318.450 USD in 2022 to 5.489.002 \
                    in 2023 (-25% decrease).";
        let r = run(
            text,
            vec![
                money("7.318.450 USD", "7318450", "USD"),
                n("5.489.002", "5489002"),
                pct("-25%", "-25"),
            ],
        );
        assert_eq!(r.len(), 3);
        for x in &r[..2] {
            assert_eq!(x.kind, "funding");
            assert_eq!(x.unit.as_str(), "USD");
            let c = x.change.as_ref().unwrap();
            assert_eq!(c.direction, Direction::Decrease);
            assert_eq!(c.from.unwrap_or_default().to_string(), "7318450");
            assert_eq!(c.to.unwrap_or_default().to_string(), "5489002");
            assert_eq!(
                c.from_period.map(|p| p.to_string()).as_deref(),
                Some("2022")
            );
            assert_eq!(
                c.to_period.map(|p| p.to_string()).as_deref(),
                Some("2023")
            );
        }
        assert_eq!(
            r[0].period.map(|p| p.to_string()).as_deref(),
            Some("2022")
        );
        assert_eq!(
            r[1].period.map(|p| p.to_string()).as_deref(),
            Some("2023")
        );
        assert_eq!(r[0].subject, None);
        assert_eq!(r[2].kind, "percent_change");
        assert_eq!(r[2].value.to_string(), "-25");
        // SPEC: a signed percent is the amount of a change.
        let amount = r[2].change.as_ref().unwrap();
        assert_eq!(amount.direction, Direction::Decrease);
        assert_eq!((amount.from, amount.to), (None, None));
    }

    #[test]
    fn a_count_change_shares_its_subject() {
        let text =
            "The bureau grew its partnerships from 9 to over 20 in two years.";
        let r = run(
            text,
            vec![
                n("9", "9"),
                Q { qualifier: Qualifier::MoreThan, ..n("over 20", "20") },
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
                (
                    c.from.unwrap_or_default().to_string(),
                    c.to.unwrap_or_default().to_string()
                ),
                ("830".into(), "1250".into())
            );
            assert_eq!(
                c.from_period.map(|p| p.to_string()).as_deref(),
                Some("2022")
            );
            assert_eq!(
                c.to_period.map(|p| p.to_string()).as_deref(),
                Some("2023")
            );
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
        assert_eq!(
            r[1].period.map(|p| p.to_string()).as_deref(),
            Some("2022")
        );
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
}
