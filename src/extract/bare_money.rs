//! Bare scaled amounts that their words make money: "two loans totalling
//! 500 million", "of which 20 million for water", "18.3 million of
//! co-financing", "dont 20 milliards pour l'eau". Such a figure is written
//! with a scale word and no currency; a `[[bare_money]]` rule's words
//! around it say it is an amount of money, and it takes the currency of
//! the nearest money figure before it in its paragraph (the amount it
//! breaks down or sits beside), and so does the bare scaled other level
//! of its stated change. Without such a figure it stays a number.

use rust_decimal::Decimal;

use crate::quantity::Quantity;
use crate::record::Unit;
use crate::rules::{Compiled, ListedItem};

use super::token::{key_of, prev_token, roles_at};
use super::Scratch;

/// How far back the money figure that gives the currency is looked for,
/// in bytes (and never past a blank line).
const CURRENCY_REACH: usize = 2000;

/// The smallest scale factor a bare amount must be written with: "20
/// million", not "20" (a bare small number beside money is a count).
const MIN_SCALE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Gives the bare scaled amounts that a `[[bare_money]]` rule reads as
/// money the currency of the money figure before them.
pub(super) fn bare_money(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
) {
    if c.bare_money.is_empty() {
        return;
    }
    // Whether some rule reads figures with no scale word ("470,426,000/=").
    let any_scale = c.bare_money.iter().any(|r| r.any_scale);
    // The figure a rule made money last, and that rule.
    let mut last: Option<(usize, usize)> = None;
    for (i, q) in qs.iter().enumerate() {
        let p = s.plans[i];
        let small = q.scale.is_none_or(|f| f < MIN_SCALE);
        if p.excluded || p.unit != Unit::Number || (small && !any_scale) {
            continue;
        }
        let before = &text[p.window.start..q.span.start];
        let after = &text[q.span.end..p.window.end];
        // The money item before a list item, which gives its currency.
        let mut item_before = None;
        let rule = c
            .bare_money
            .iter()
            .position(|r| {
                (!small || r.any_scale)
                    && match &r.listed {
                        None => r.matches(before, after, q.text),
                        Some(l) => {
                            item_before = r
                                .matches(before, after, q.text)
                                .then(|| listed_item(c, s, text, qs, i, l))
                                .flatten();
                            item_before.is_some()
                        }
                    }
            })
            .or_else(|| {
                if small {
                    return None;
                }
                // The next part of a breakdown: right after a part, with
                // its scale, joined by a comma or a continuation word,
                // and followed as the rule says a part is.
                let (j, r) = last.filter(|&(j, _)| j + 1 == i)?;
                let joined = qs[j].span.start >= p.window.start
                    && qs[j].scale == q.scale
                    && coordinated(c, text, p.window.start, q.span.start, s);
                (joined && c.bare_money[r].after_matches(after)).then_some(r)
            });
        let Some(rule) = rule else { continue };
        let b = text.as_bytes();
        let lo = q.span.start.saturating_sub(CURRENCY_REACH);
        let floor = memchr::memmem::rfind(&b[lo..q.span.start], b"\n\n")
            .map_or(lo, |k| lo + k + 2);
        let money = item_before.map(|j| s.plans[j]).or_else(|| {
            (0..i)
                .rev()
                .take_while(|&j| qs[j].span.start >= floor)
                .map(|j| s.plans[j])
                .find(|pj| {
                    !pj.excluded && matches!(pj.unit, Unit::Currency(_))
                })
        });
        if let Some(m) = money {
            s.plans[i].unit = m.unit;
            // A list item shares the predicate of the item before it
            // ("… recevront 10 millions d'euros, la coordination 2
            // millions"), and so its status, unless a cue of its own says.
            if item_before.is_some() && !s.plans[i].status_cued {
                s.plans[i].status = m.status;
            }
            // The other level of its stated change is the same money ("est
            // tombée de 11 milliards l'an dernier à 2,7 milliards").
            if let Some((j, _)) = s.plans[i].pair {
                let pj = s.plans[j];
                if !pj.excluded
                    && pj.unit == Unit::Number
                    && qs[j].scale.is_some_and(|f| f >= MIN_SCALE)
                {
                    s.plans[j].unit = m.unit;
                }
            }
            last = Some((i, rule));
        }
    }
}

/// The money figure whose list of amounts figure `i` continues, if it
/// does: the figure before it at its own bracket depth, in its window,
/// is money written with the same scale, and the words between end with
/// a list separator (a comma or a continuation word) and then no words,
/// or an item's words that `l` admits ("…, the UK 10 million", "(24,8
/// milliards de dollars), la famille de Johann Rupert (16,1
/// milliards)"). A bracketed aside between the two is passed over ("800
/// millions de dollars (710 millions d'euros) et la santé 200 millions":
/// dollars).
fn listed_item(
    c: &Compiled,
    s: &mut Scratch,
    text: &str,
    qs: &[Quantity<'_>],
    i: usize,
    l: &ListedItem,
) -> Option<usize> {
    let q = &qs[i];
    let lo = s.plans[i].window.start;
    let j = (0..i)
        .rev()
        .take_while(|&j| qs[j].span.start >= lo)
        .filter(|&j| !s.plans[j].excluded)
        // A figure inside a bracket closed before this one is an aside.
        .find(|&j| depth_change(&text[qs[j].span.end..q.span.start]) >= 0)?;
    let gap = &text[qs[j].span.end..q.span.start];
    if depth_change(gap) != 0
        || qs[j].scale != q.scale
        || !matches!(s.plans[j].unit, Unit::Currency(_))
    {
        return None;
    }
    // The words of the gap outside brackets: a ')' that closes the
    // money's own bracket and a '(' that opens the figure's are no aside.
    let mut outside = String::new();
    let mut depth = 0u32;
    for ch in gap.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(ch),
            _ => {}
        }
    }
    if outside.contains([';', ':']) {
        return None;
    }
    // The item's words start after the last separator.
    let mut from = outside.rfind(',').map(|k| k + 1);
    let mut word = None;
    let ends = outside.char_indices().chain([(outside.len(), ' ')]);
    for (k, ch) in ends {
        if ch.is_alphanumeric() {
            word.get_or_insert(k);
        } else if let Some(start) = word.take() {
            let w = &outside[start..k];
            if c.words.continuation.contains(key_of(&mut s.key, w)) {
                from = from.max(Some(k));
            }
        }
    }
    let words = outside[from?..].trim();
    (words.is_empty() || l.admits(words)).then_some(j)
}

/// How much deeper in brackets the end of `gap` is than its start.
fn depth_change(gap: &str) -> i64 {
    gap.bytes().fold(0, |d, b| match b {
        b'(' => d + 1,
        b')' => d - 1,
        _ => d,
    })
}

/// Whether the text before `at` (from `lo`) ends with a comma or a
/// continuation word of the grammar ("and", "et").
fn coordinated(
    c: &Compiled,
    text: &str,
    lo: usize,
    at: usize,
    s: &mut Scratch,
) -> bool {
    if text[lo..at].trim_end().ends_with(',') {
        return true;
    }
    matches!(prev_token(text, at, lo), Some(Ok(w))
        if roles_at(c, text, w, &mut s.key).continuation)
}
