//! Amounts of a change and the levels they reached, once the "from X to
//! Y" pairs are linked (`change`): a figure a change rule reads as the
//! amount by itself ("grew by 6.6 million", a signed or change-worded
//! percentage), and the figure next to it that is the level that change
//! reached ("rose 55 percent, to 210,000").

use rust_decimal::Decimal;

use crate::quantity::Quantity;
use crate::record::{Direction, Span, Unit};
use crate::rules::{Compiled, Units};

use super::change::fits;
use super::direction::{amount_direction, direction_reach, nearest_direction};
use super::records::Plan;
use super::Scratch;

/// Marks the figures that are the amount of a change or the level one
/// reached by themselves: a percentage its indicator reads as a change
/// (signed, or worded: the sign of its value gives the direction), and a
/// count or money figure that an `[[amount]]` rule matches. Runs once the
/// indicators are picked; a figure of a "from X to Y" pair is neither.
pub(super) fn mark_amounts(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
) {
    for (i, q) in qs.iter().enumerate() {
        let plan = s.plans[i];
        if plan.excluded || plan.pair.is_some() {
            continue;
        }
        let indicator = &c.indicators[plan.indicator];
        if indicator.direction || indicator.signed == Some(true) {
            let value = if plan.negate { -q.value } else { q.value };
            s.plans[i].amount = match value.cmp(&Decimal::ZERO) {
                std::cmp::Ordering::Less => Some(Direction::Decrease),
                std::cmp::Ordering::Greater => Some(Direction::Increase),
                std::cmp::Ordering::Equal => None,
            };
            continue;
        }
        let amounts = &c.amounts;
        if amounts.rules.is_empty() {
            continue;
        }
        // A share is never the amount of a change here (a change-worded
        // one is a percent_change above), but it may be a level one
        // reached ("1.6%, roughly half the 2018 level").
        let share = indicator.units == Units::PERCENT
            || matches!(plan.unit, Unit::Percent | Unit::PercentagePoints);
        let w = plan.window;
        let before = &text[w.start..q.span.start];
        let after = &text[q.span.end..w.end];
        let Some(rule) = amounts.first_match(before, after, q.signed) else {
            continue;
        };
        if share && !rule.level {
            continue;
        }
        let near = direction_reach(q.span, w);
        // A signed figure states its direction ("soit +22").
        let sign = (rule.signed && q.signed).then(|| {
            if q.value < Decimal::ZERO {
                Direction::Decrease
            } else {
                Direction::Increase
            }
        });
        let direction = rule
            .direction
            .or(sign)
            .or_else(|| amount_direction(c, text, near, q.span, &mut s.key))
            .or_else(|| {
                // The change verb of the rule's own words, however long
                // its object ("lifting the agricultural sales of supported
                // farmers by more than $800 million"): asked only when no
                // change word lies near, so one search a rare figure.
                let m = rule.before.as_ref()?.find(before)?;
                let start = w.start + m.start();
                (start < near.start)
                    .then(|| {
                        let words = Span { start, end: q.span.end };
                        nearest_direction(c, text, words, q.span, &mut s.key)
                    })
                    .flatten()
            });
        if rule.level {
            s.plans[i].level = direction;
        } else {
            s.plans[i].amount = direction;
        }
    }
}

/// Links the amount of a change to the level it reached, two successive
/// figures of one window joined by a `[[level]]` rule's gap: the level
/// takes the amount's direction.
pub(super) fn link_levels(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
) {
    if c.levels.is_empty() {
        return;
    }
    for i in 0..qs.len().saturating_sub(1) {
        // A rate's denominator between a level and its amount is passed
        // over ("315 décès pour 100 000 naissances, en baisse de 43 %"),
        // as a change rule's `skip_excluded` passes it between two levels.
        let mut next = i + 1;
        while next + 1 < qs.len()
            && s.plans[next].excluded
            && !s.plans[i].excluded
        {
            next += 1;
        }
        let (a, b) = (&qs[i], &qs[next]);
        let (pa, pb) = (s.plans[i], s.plans[next]);
        let same =
            pa.window.start <= b.span.start && b.span.end <= pa.window.end;
        if !same
            || b.span.start < a.span.end
            || pa.excluded
            || pb.excluded
            || pa.pair.is_some()
            || pb.pair.is_some()
        {
            continue;
        }
        // "8.3 million children in 33 countries, bringing the total to 14
        // million children", "5.6 million children (51% girls), … to over
        // 11 million": the amount of a level after it is the figure just
        // before that counts what the level counts, when the nearer one
        // counts something else or is no part of the total.
        // PERF: asked once a pair, not once a rule.
        let earlier = (pa.amount.is_none()
            && (other_noun(text, pa, pb) || !fits(pa.unit, pb.unit)))
        .then(|| {
            i.checked_sub(1).filter(|&k| {
                let pk = s.plans[k];
                qs[k].span.start >= pb.window.start
                    && !pk.excluded
                    && pk.pair.is_none()
                    && pk.amount.is_none()
                    && pk.level.is_none()
                    && pk.subject.is_some()
                    && fits(pk.unit, pb.unit)
                    && !other_noun(text, pk, pb)
            })
        })
        .flatten();
        for rule in &c.levels {
            let (mut amount, level) =
                if rule.level_first { (next, i) } else { (i, next) };
            let pl = s.plans[level];
            if pl.amount.is_some() || pl.level.is_some() {
                continue;
            }
            if !rule.level_first {
                if let Some(k) = earlier {
                    amount = k;
                }
            }
            let pm = s.plans[amount];
            let Some(direction) = pm.amount.or(rule.direction) else {
                continue;
            };
            // A figure that is no amount by itself becomes one only in its
            // level's unit ("5.6 million children (51% girls), bringing the
            // number to 11 million": the share is no part of the total;
            // "131 projects, for a total of EUR 7.2 billion": a count of
            // things is no part of a sum of money).
            let counted_money = pm.unit == Unit::Number
                && pm.subject.is_some()
                && matches!(pl.unit, Unit::Currency(_));
            if pm.amount.is_none()
                && (!fits(pm.unit, pl.unit) || counted_money)
            {
                continue;
            }
            let (ends, starts) = if rule.level_first {
                (qs[level].span.end, qs[amount].span.start)
            } else {
                (qs[amount].span.end, qs[level].span.start)
            };
            if !rule.gap.is_match(&text[ends..starts]) {
                continue;
            }
            s.plans[amount].amount = Some(direction);
            s.plans[level].level = Some(direction);
            // "125,000 surgeries, bringing the total to 830,000": a level
            // with no noun of its own counts what its amount counts.
            let same_mode = c.indicators[pm.indicator].subject
                == c.indicators[pl.indicator].subject;
            if pl.subject.is_none() && same_mode && fits(pm.unit, pl.unit) {
                s.plans[level].subject = pm.subject;
            }
            if rule.level_first {
                base_after(c, s, text, qs, amount, level, direction);
            }
            if !rule.level_first {
                // "grew by 3.4% to GBP 5,210 million in 2023": the year
                // stated for the level dates the change that reached it.
                if pl.period_linked && !pm.period_linked {
                    s.plans[amount].period = pl.period;
                }
                start_before(c, s, text, qs, amount, level, direction);
            }
            break;
        }
    }
}

/// "315 décès pour 100 000 naissances, en baisse de 43 % par rapport à 553
/// en 2000": the figure right after a level's percentage amount, joined to
/// it by the gap of a reversed `[[change]]` rule ("par rapport à",
/// "contre"), is the earlier level the change started from: the two make
/// a from-X-to-Y pair. The first reversed or `none` change rule whose gap
/// and `after` match decides, so a comparison a `none` rule reads (two
/// places at one date) links nothing.
fn base_after(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    amount: usize,
    level: usize,
    direction: Direction,
) {
    let k = amount + 1;
    let Some(q) = qs.get(k) else { return };
    let (pk, pl) = (s.plans[k], s.plans[level]);
    if !may_start(s, q, k, amount, level)
        || pl.pair.is_some()
        || q.span.end > pl.window.end
    {
        return;
    }
    let gap = &text[qs[amount].span.end..q.span.start];
    let after = &text[q.span.end..pk.window.end];
    // Only comparisons read backwards (or read as none): a forward rule's
    // "de … à" has no place after an amount.
    let rule = c.changes.iter().find(|r| {
        (r.reversed || r.none)
            && !r.chain
            && r.gap.is_match(gap)
            && r.after.as_ref().is_none_or(|p| p.is_match(after))
    });
    if rule.is_some_and(|r| r.reversed && !r.none) {
        pair_start(s, k, level, direction);
    }
}

/// "Starting from EUR 9.1 billion at year-end 2019, FMO aims to grow its
/// portfolio by 8% to EUR 9.8 billion": the figure just before a
/// percentage amount, behind a change rule's `before` cue ("from"), is the
/// start of the change that amount led to the `level`: the two make a
/// from-X-to-Y pair.
fn start_before(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    amount: usize,
    level: usize,
    direction: Direction,
) {
    let Some(k) = amount.checked_sub(1) else { return };
    let (pk, pl) = (s.plans[k], s.plans[level]);
    let q = &qs[k];
    if !may_start(s, q, k, amount, level) || q.span.start < pl.window.start {
        return;
    }
    let before = &text[pk.window.start..q.span.start];
    let cued = c.changes.iter().any(|r| {
        !r.reversed
            && !r.chain
            && r.before.as_ref().is_some_and(|p| p.is_match(before))
    }) || {
        // "reached USD 507 million in 2016 and rose by nearly 33% to USD
        // 674 million in 2017": the words from the figure to the amount
        // say that the amount started from it.
        let gap = &text[q.span.end..qs[amount].span.start];
        c.change_starts.iter().any(|r| {
            r.gap.is_match(gap)
                && r.before.as_ref().is_none_or(|p| p.is_match(before))
        })
    };
    if cued {
        pair_start(s, k, level, direction);
    }
}

/// Whether figure `k` (`q`) may be the start of the change that the
/// percentage `amount` led to `level`: a plain figure of the level's
/// unit, in no pair, amount or level of its own.
fn may_start(
    s: &Scratch,
    q: &Quantity<'_>,
    k: usize,
    amount: usize,
    level: usize,
) -> bool {
    let (pk, pm, pl) = (s.plans[k], s.plans[amount], s.plans[level]);
    pm.unit == Unit::Percent
        && !pk.excluded
        && pk.pair.is_none()
        && pk.amount.is_none()
        && pk.level.is_none()
        && q.range_end.is_none()
        && fits(pk.unit, pl.unit)
}

/// Makes figure `k` the start of the change that reached `level`.
fn pair_start(s: &mut Scratch, k: usize, level: usize, direction: Direction) {
    s.plans[k].pair = Some((level, true));
    s.plans[k].direction = Some(direction);
    s.plans[level].pair = Some((k, false));
    s.plans[level].direction = Some(direction);
}

/// Whether two figures both name what they count, and not the same
/// thing (their subjects' last words differ).
fn other_noun(text: &str, x: Plan, y: Plan) -> bool {
    // PERF: a byte search for the last space, not `str::rsplit`
    // (cachegrind, layer 2: report 278 -> 275 M instructions per MB).
    let head = |p: Plan| {
        p.subject.map(|sub| {
            let words = &text.as_bytes()[sub.span.start..sub.span.end];
            memchr::memrchr(b' ', words).map_or(words, |i| &words[i + 1..])
        })
    };
    match (head(x), head(y)) {
        (Some(a), Some(b)) => !a.eq_ignore_ascii_case(b),
        _ => false,
    }
}
