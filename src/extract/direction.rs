//! The direction of a change amount: the change word nearest to its
//! figure ("increased their income by 40%", "a 12% rise"), or the
//! direction of the amount it is coordinated with ("lower costs by 10%
//! and clearance times by 30%").

use rust_decimal::Decimal;

use crate::quantity::Quantity;
use crate::record::{Direction, Span};
use crate::rules::{Compiled, Roles};

use super::token::{next_token, prev_token, roles_at, roles_of};
use super::Scratch;

/// How far the direction of a change amount looks for its change word, in
/// bytes on each side ("fell by about 5%", "a 5% drop").
const DIRECTION_REACH: usize = 40;

/// Where the change word of the amount at `span` is looked for: within
/// [`DIRECTION_REACH`] of it on each side, inside its `window`.
pub(super) fn direction_reach(span: Span, window: Span) -> Span {
    Span {
        start: span.start.saturating_sub(DIRECTION_REACH).max(window.start),
        end: span.end.saturating_add(DIRECTION_REACH).min(window.end),
    }
}

/// The direction of the change whose amount is at `span`: the change word
/// before it within `near` ("increased their income by 40%"), else the
/// one after it ("a 12% rise").
pub(super) fn amount_direction(
    c: &Compiled,
    text: &str,
    near: Span,
    span: Span,
    key: &mut String,
) -> Option<Direction> {
    let before = Span { start: near.start, end: span.end };
    nearest_direction(c, text, before, span, key)
        .or_else(|| nearest_direction(c, text, near, span, key))
}

/// The change word that the `after` words of indicator rule `ind` hold,
/// for a rule with `direction_from_after` ("3 percent below the
/// five-year average", whatever change word stands before the figure).
fn after_direction(
    c: &Compiled,
    key: &mut String,
    text: &str,
    span: Span,
    ind: usize,
    window: Span,
) -> Option<Direction> {
    let indicator = &c.indicators[ind];
    if !indicator.direction_from_after {
        return None;
    }
    let m = indicator.after.as_ref()?.find(text.get(span.end..window.end)?)?;
    let words = Span { start: span.end + m.start(), end: span.end + m.end() };
    nearest_direction(c, text, words, span, key)
}

/// The direction of figure `i`, an amount read by indicator rule `ind`
/// in `window`: the change word before it, else the direction of the
/// amount it is coordinated with, else (a rule with
/// `direction_from_before`) the change word its `before` words hold
/// however far back they start ("raised the delivery of its technical
/// cooperation by 14% and cut …"), else the nearest change word.
pub(super) fn amount_direction_of(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    ind: usize,
    window: Span,
) -> Option<Direction> {
    let span = qs[i].span;
    let near = direction_reach(span, window);
    let before = Span { start: near.start, end: span.end };
    after_direction(c, &mut s.key, text, span, ind, window)
        .or_else(|| nearest_direction(c, text, before, span, &mut s.key))
        .or_else(|| coordinated_direction(c, s, text, qs, i))
        .or_else(|| {
            let indicator = &c.indicators[ind];
            if !indicator.direction_from_before {
                return None;
            }
            let m = indicator
                .before
                .as_ref()?
                .find(text.get(window.start..span.start)?)?;
            let start = window.start + m.start();
            let words = Span { start, end: span.end };
            (start < near.start)
                .then(|| nearest_direction(c, text, words, span, &mut s.key))
                .flatten()
        })
        .or_else(|| nearest_direction(c, text, near, span, &mut s.key))
}

/// The direction of the amount of a change `i` that has no change word
/// before it, coordinated with the amount right before it ("to lower
/// trade costs by 10% and clearance times by 30%"): that amount's, when
/// the words between them open on a continuation word and hold no figure
/// (so the nearer change word after it, "and to lift exports by 15%",
/// does not decide).
fn coordinated_direction(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
) -> Option<Direction> {
    let j = i.checked_sub(1)?;
    let p = s.plans[j];
    let (end, start) = (qs[j].span.end, qs[i].span.start);
    if p.excluded
        || p.unit != s.plans[i].unit
        || !c.indicators[p.indicator].direction
        || start < end
        || start - end > DIRECTION_REACH
    {
        return None;
    }
    let gap = &text[end..start];
    let first = gap.split_whitespace().next()?;
    if gap.bytes().any(|b| b.is_ascii_digit())
        || !roles_of(c, first, first.is_ascii(), &mut s.key).continuation
    {
        return None;
    }
    Some(if p.negate || qs[j].value < Decimal::ZERO {
        Direction::Decrease
    } else {
        Direction::Increase
    })
}

/// The change word nearest to `span` within `near`: words after the
/// figure first when they are as close as the ones before.
pub(super) fn nearest_direction(
    c: &Compiled,
    text: &str,
    near: Span,
    span: Span,
    key: &mut String,
) -> Option<Direction> {
    let classify = |roles: Roles| {
        if roles.increase {
            Some(Direction::Increase)
        } else if roles.decrease {
            Some(Direction::Decrease)
        } else {
            None
        }
    };
    let mut before: Option<(usize, Direction)> = None;
    let mut i = span.start;
    while let Some(tok) = prev_token(text, i, near.start) {
        let word = match tok {
            Ok(word) => word,
            Err(e) => {
                i = prev_char(text, e);
                continue;
            }
        };
        i = word.span.start;
        if let Some(d) = classify(roles_at(c, text, word, key)) {
            before = Some((span.start - word.span.end, d));
            break;
        }
    }
    let mut after: Option<(usize, Direction)> = None;
    let mut i = span.end;
    while let Some(tok) = next_token(text, i, near.end) {
        let word = match tok {
            Ok(word) => word,
            Err(e) => {
                i = next_char(text, e);
                continue;
            }
        };
        i = word.span.end;
        // PERF: words come in text order: the window is read only until one
        // lies too far to win (callgrind, layer 2, report 1 MB: -1.3%).
        if before.is_some_and(|(db, _)| word.span.start - span.end > db) {
            break;
        }
        if let Some(d) = classify(roles_at(c, text, word, key)) {
            after = Some((word.span.start - span.end, d));
            break;
        }
    }
    match (before, after) {
        (Some((db, b)), Some((da, a))) => Some(if da <= db { a } else { b }),
        (Some((_, b)), None) => Some(b),
        (None, Some((_, a))) => Some(a),
        (None, None) => None,
    }
}

/// The byte after the character at `i`, or the end of `text`.
pub(super) fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(text.len(), |c| i + c.len_utf8())
}

fn prev_char(text: &str, i: usize) -> usize {
    text[..i].chars().next_back().map_or(0, |c| i - c.len_utf8())
}
