//! Two parallel changes stated across one comparison cue ("8.1 million
//! people in 39 emergencies, against 6.1 million people in 24
//! emergencies"): each figure after the cue is the earlier value of its
//! counterpart before it. `change` asks, once a reversed comparison is
//! found.

use crate::quantity::Quantity;
use crate::record::{Direction, Unit};
use crate::rules::Compiled;

use super::change::fits;
use super::token::roles_of;
use super::Scratch;

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
pub(super) fn parallel_pairs(
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
