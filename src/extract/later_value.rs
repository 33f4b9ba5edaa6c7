//! Which figure is the later value of a reversed comparison ("1,250 …,
//! up from 830") when the figure right before the cue is not: an aside, a
//! target, a restatement, an amount of the change or a figure of another
//! unit set beside the later value. Each look-back asks for a free figure
//! (in no change and no range) in the same window.

use crate::quantity::Quantity;
use crate::record::{Status, Unit};
use crate::rules::Compiled;

use super::change::fits;
use super::records::{pick_indicator, Plan};
use super::token::{key_of, next_token, roles_at};
use super::Scratch;

/// The figure before `i` that is the later value of a reversed comparison
/// whose cue stands between `i` and a figure of unit `earlier` (the
/// earlier value), when `i` is not that later value; `None` when `i` is.
pub(super) fn later_value(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    earlier: Unit,
) -> Option<usize> {
    let pa = s.plans[i];
    // "grants of £5.0m in 2011 (after £0.3m of awards …), against
    // £5.7m in 2010": a figure in a bracket that closes before the
    // comparison is an aside; the later value is the one before it.
    let aside = aside_before(s, text, qs, i)
        .filter(|&j| fits(s.plans[j].unit, earlier));
    // "reached 5,300 people, against a target of 2,300, up from 3,600
    // in 2018": a target set beside a result is no later value of a
    // past figure; the result before it is.
    let target = |p: Plan| p.status_cued && p.status == Status::Target;
    let aside = aside.or_else(|| {
        target(pa)
            .then(|| free_before(s, qs, i))
            .flatten()
            .filter(|&j| fits(s.plans[j].unit, earlier) && !target(s.plans[j]))
    });
    // "51% of commitments, or EUR 5.4bn, ..., up from 29%": the later
    // figure of a comparison is the one before a restatement of it
    // when the restatement's unit does not fit.
    let restated = aside.or_else(|| {
        (!fits(pa.unit, earlier) || bare_count(pa.unit, earlier))
            .then(|| {
                restated_before(c, s, text, qs, i)
                    .or_else(|| level_before(c, s, text, qs, i))
                    .or_else(|| money_before(s, qs, i, earlier))
                    .or_else(|| apposed_money_before(c, s, text, qs, i))
            })
            .flatten()
            .filter(|&j| fits(s.plans[j].unit, earlier))
    });
    // "US$2.23 billion, US$69.0 million or 3.2 per cent more than the
    // US$2.16 billion": the percentage restates the amount of a
    // change; the later value is the level before that amount.
    let restated = restated.map(|x| {
        amount_level_before(c, s, text, qs, x, i)
            .filter(|&k| fits(s.plans[k].unit, earlier))
            .unwrap_or(x)
    });
    // "672 787 tonnes …, pour une valeur de 172,99 milliards de F CFA,
    // contre 537 011 tonnes": a bare figure that a noun of measure
    // follows is no money; its later value is the figure before with
    // the same noun.
    restated.or_else(|| {
        matches!(pa.unit, Unit::Currency(_))
            .then(|| same_measure_before(c, s, text, qs, i))
            .flatten()
    })
}

/// Whether a figure of unit `later` is a bare count set against money
/// (`earlier`): "502 projects (2019: EUR 10.6 billion)": a bare count is
/// never the later value of an earlier money amount; the money figure
/// just before the count is ("EUR 12.4 billion for 502 projects").
pub(super) fn bare_count(later: Unit, earlier: Unit) -> bool {
    later == Unit::Number && matches!(earlier, Unit::Currency(_))
}

/// Whether figure `j` is free: not excluded, in no change and no range.
fn is_free(s: &Scratch, qs: &[Quantity<'_>], j: usize) -> bool {
    let p = s.plans[j];
    !p.excluded && p.pair.is_none() && qs[j].range_end.is_none()
}

/// The figure just before figure `i`, in `i`'s window and ending before
/// it, when it is free.
fn free_before(s: &Scratch, qs: &[Quantity<'_>], i: usize) -> Option<usize> {
    let j = i.checked_sub(1)?;
    let q = &qs[j];
    (is_free(s, qs, j)
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
            is_free(s, qs, j)
                && s.plans[j].unit == Unit::Number
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
    (s.plans[i].unit == Unit::Number
        && s.plans[j].unit == unit
        && is_free(s, qs, j)
        && qs[j].span.start >= s.plans[i].window.start)
        .then_some(j)
}

/// The most bytes between an amount of money and the figure of another
/// unit set beside it after a comma ("996,8 milliards de FCFA, soit un
/// taux de réalisation de 47,95 %").
const APPOSED_GAP: usize = 80;

/// The amount of money before figure `i` when `i` is set beside it in
/// apposition: the words between them hold a comma, no comma before a
/// `coordinator` word (", and") and no bracket, colon, semicolon or other
/// figure ("US$996 million in 2023, a completion rate of 48%, against
/// US$883 million"). Only money: two counts with a share between them may
/// count different things.
fn apposed_money_before(
    c: &Compiled,
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
    let gap = &text[qs[j].span.end..qs[i].span.start];
    // ", and" opens a new item with its own amount ("JRP 2018 was 69%
    // funded against $950 million, and JRP 2017 around 64% against $434
    // million"): no apposition.
    (gap.contains(',')
        && !gap.bytes().any(|b| b"();:[]".contains(&b))
        && !coordinated(c, gap))
    .then_some(j)
}

/// Whether a comma in `gap` is followed by a `coordinator` word.
fn coordinated(c: &Compiled, gap: &str) -> bool {
    gap.split(',').skip(1).any(|item| {
        let word = item
            .trim_start()
            .split(|ch: char| !ch.is_alphabetic())
            .next()
            .unwrap_or("");
        // Lower-cased only when it is not already (a copy per capital).
        !word.is_empty()
            && if word.chars().any(char::is_uppercase) {
                c.words.coordinator.contains(word.to_lowercase().as_str())
            } else {
                c.words.coordinator.contains(word)
            }
    })
}
