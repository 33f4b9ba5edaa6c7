//! Scales and fractions after a numeral: a glued scale letter with no
//! currency ("4.2m people"), a scale word across a line wrap or after a
//! bracketed pair ("$12.5 (€11.9) million"), chains of digit and word
//! scales ("4 thousand 3 hundred and 21"), and slash fractions ("3/4").

use rust_decimal::Decimal;

use super::super::digits;
use super::super::lexicon::{Alone, WordClass};
use super::super::text::{
    ascii_word_end, is_digit_at, is_letter_at, line_break_len, skip_spaces,
};
use super::super::words;
use super::{is_one, Cx, Fig};
use crate::record::Unit;

impl Cx<'_> {
    /// Whether a glued money-only scale ending at `e`, after a numeral
    /// worth `value`, applies with no currency ("10M", "4.2m people",
    /// "13m" ending its line, "10m people" before a word of the scale's
    /// `alone_before`; never "1.5m high").
    pub(super) fn scale_alone(
        &self,
        alone: Alone,
        value: Decimal,
        e: usize,
    ) -> bool {
        let s = self.s;
        let ok = match alone {
            Alone::Never => return false,
            Alone::Always => true,
            Alone::Decimals => {
                value.scale() > 0
                    || matches!(
                        s.get(self.gap_after(e)),
                        None | Some(b'\n' | b'\r' | b'|')
                    )
                    || self
                        .fwd(&self.lx.scale_alone_before, self.gap_after(e))
                        .is_some()
            }
        };
        ok && self.fwd(&self.lx.measures, self.gap_after(e)).is_none()
    }

    /// Whether a spaced money-only scale ending at `e` applies with no
    /// currency: one that is never a unit of measure ("M", `alone =
    /// "always"`) before a word of the scale's `alone_before` ("12.1 M
    /// people", "2.7 M people targeted"; "5 M" alone stays five).
    pub(super) fn spaced_alone(&self, alone: Alone, e: usize) -> bool {
        alone == Alone::Always
            && self
                .fwd(&self.lx.scale_alone_before, self.gap_after(e))
                .is_some()
    }

    /// Folds a slash fraction into the plain integer `f`: "3/4" is 0.75,
    /// "2 1/4" is 2.25. Only a reduced proper fraction whose decimal is
    /// exact and whose denominator has one or two digits: "3/15" and
    /// "24/7" are ratios, "2/3" has no exact decimal, "1/4/2023" is a date.
    pub(super) fn slash_fraction(&self, f: &mut Fig) {
        let s = self.s;
        if f.scale.is_some() || f.unit != Unit::Number || f.plain_digits > 2 {
            return;
        }
        let (num_at, whole) = if s.get(f.end) == Some(&b'/') {
            (f.core_start, None)
        } else {
            let at = skip_spaces(s, f.end);
            (at, Some(f.raw))
        };
        let Some((num, den, end)) = small_fraction(s, num_at) else {
            return;
        };
        if whole.is_none() && f.core_end != num_at + digits_len(s, num_at) {
            return;
        }
        let part = Decimal::from(num).checked_div(Decimal::from(den));
        let value = match (part, whole) {
            (Some(p), Some(w)) => w.checked_add(p),
            (p, _) => p,
        };
        if let Some(v) = value {
            f.raw = v;
            f.plain_digits = 0;
            f.core_end = end;
            f.end = end;
        }
    }

    /// Whether `at..e` is a number word that scales ("thousand"), not a
    /// letter ("k").
    pub(super) fn is_scale_word(&self, at: usize, e: usize) -> bool {
        words::lookup(self.lx, self.s, at, e).is_some_and(|w| {
            matches!(w.class, WordClass::Scale | WordClass::Multiplier)
        })
    }

    /// Continues digits with a word scale by smaller parts: "4 thousand
    /// 3 hundred and 21", "6 crore and two hundred". A part is digits with
    /// a smaller word scale, or, after the connector, a word numeral below
    /// the last scale or digits below 100. Folds the total into `f` and
    /// returns where the numeral ends.
    pub(super) fn scale_chain(
        &self,
        f: &mut Fig,
        scale: Decimal,
        end: usize,
    ) -> usize {
        let (s, lx) = (self.s, self.lx);
        let Some(mut total) = f.raw.checked_mul(scale) else { return end };
        let (mut last, mut end) = (scale, end);
        // Bounded: each step needs a smaller scale than the last.
        for _ in 0..8 {
            let mut at = self.gap_after(end);
            if at == end {
                break;
            }
            let we = ascii_word_end(s, at);
            let joined = words::lookup(lx, s, at, we)
                .is_some_and(|w| w.class == WordClass::Connector);
            if joined {
                at = self.gap_after(we);
            }
            let part = if is_digit_at(s, at) {
                let Ok(n) = digits::read(s, at, false) else { break };
                if !n.plain || (n.end - at > 1 && s[at] == b'0') {
                    break;
                }
                let sa = self.gap_after(n.end);
                let scaled = self.fwd(&lx.scales, sa).filter(|&(se, _)| {
                    sa > n.end && self.is_scale_word(sa, se)
                });
                match scaled {
                    // "3 hundred and 2 hundred" is two numbers.
                    Some((_, sc)) if sc.value >= last => None,
                    Some((se, sc)) => {
                        let Some(v) = n.value.checked_mul(sc.value) else {
                            break;
                        };
                        if v >= last {
                            break;
                        }
                        last = sc.value;
                        Some((v, se, false))
                    }
                    // "and 0" joins nothing.
                    // "$4 million and 50 cents" is two amounts.
                    _ if joined
                        && !n.value.is_zero()
                        && n.value < Decimal::ONE_HUNDRED
                        && !is_letter_at(s, n.end)
                        && self.tail_ends_amount(f, sa) =>
                    {
                        Some((n.value, n.end, true))
                    }
                    _ => None,
                }
            } else if joined {
                let we = ascii_word_end(s, at);
                words::trigger(lx, s, at, we)
                    .and_then(|_| words::read(lx, s, at, we))
                    .filter(|w| {
                        let after = self.gap_after(w.end);
                        w.value < last
                            && w.value.fract().is_zero()
                            && self.tail_ends_amount(f, after)
                    })
                    .map(|w| (w.value, w.end, true))
            } else {
                None
            };
            let Some((v, e, last_part)) = part else { break };
            let Some(t) = total.checked_add(v) else { break };
            total = t;
            end = e;
            if last_part {
                break;
            }
        }
        if end > f.core_end {
            f.raw = total;
            f.scale = Some(Decimal::ONE);
        }
        end
    }

    /// Whether the last part of a scale chain, followed by `at`, belongs
    /// to the amount: not before a percent, nor before a currency when the
    /// amount has one already or the currency is a subunit ("$4 million
    /// and 50 cents" is two amounts; "3 hundred and 21 yuan" is one).
    pub(super) fn tail_ends_amount(&self, f: &Fig, at: usize) -> bool {
        let lx = self.lx;
        let money = self.currency_after(at).map(|(_, c)| c);
        self.fwd(&lx.percent, at).is_none()
            && money.is_none_or(|c| f.currency.is_none() && is_one(c.factor))
    }

    /// Applies a spaced scale word after `e` to `f` ("30+ million").
    pub(super) fn scale_after(&self, f: &mut Fig, e: usize) {
        let at = self.gap_after(e);
        if at == e {
            return;
        }
        if let Some((se, sc)) = self.fwd(&self.lx.scales, at) {
            let money = f.currency.is_some() || self.currency_follows(se);
            if sc.spaced && (!sc.money_only || money) {
                f.scale = Some(sc.value);
                f.end = se;
            }
        }
    }

    /// The gap after `pos` as `gap_after` reads it, or across one line
    /// break when the line ends there: a figure wrapped before its scale
    /// word ("EUR 3\nmillion") is one figure.
    // PERF: the line break is looked for only where the numeral ends its
    // line; every other figure pays one byte test.
    pub(super) fn gap_or_wrap(&self, pos: usize) -> usize {
        let at = self.gap_after(pos);
        let s = self.s;
        let brk = match line_break_len(s, at) {
            0 => return at,
            n => n,
        };
        let next = skip_spaces(s, at + brk);
        if is_letter_at(s, next) {
            next
        } else {
            at
        }
    }

    /// Whether `f` is a year with a footnote call glued to it ("in
    /// 2019.3"): a year-range integer, a dot, one or two digits not
    /// starting with 0 (no note is numbered 0: "1900.0" is a decimal), and
    /// no scale, currency or percent.
    pub(super) fn year_with_call(&self, f: &Fig) -> bool {
        let s = self.s;
        let len = f.core_end - f.core_start;
        if f.words
            || f.signed
            || f.unit != Unit::Number
            || f.scale.is_some()
            || !(6..=7).contains(&len)
            || s.get(f.core_start + 4) != Some(&b'.')
            || s.get(f.core_start + 5) == Some(&b'0')
            || !(f.core_start..f.core_start + 4).all(|i| is_digit_at(s, i))
        {
            return false;
        }
        let year = f.raw.trunc();
        let (lo, hi) = self.lx.years;
        year >= Decimal::from(lo) && year <= Decimal::from(hi)
    }

    /// Whether a currency follows the scale word ending at `e`.
    pub(super) fn currency_follows(&self, e: usize) -> bool {
        let at = self.gap_after(e);
        self.currency_after(at).is_some()
    }
}

/// The number of digits from `at`.
fn digits_len(s: &[u8], at: usize) -> usize {
    let mut i = at;
    while is_digit_at(s, i) {
        i += 1;
    }
    i - at
}

/// A reduced proper fraction "n/d" at `at` whose value has an exact
/// decimal (`d` has no prime factor but 2 and 5), `d` of one or two
/// digits, with nothing joined after it: `(n, d, end)`.
pub(super) fn small_fraction(
    s: &[u8],
    at: usize,
) -> Option<(u32, u32, usize)> {
    let read = |from: usize| -> Option<(u32, usize)> {
        let n = digits_len(s, from);
        if !(1..=2).contains(&n) || s[from] == b'0' {
            return None;
        }
        let v = s[from..from + n]
            .iter()
            .fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
        Some((v, from + n))
    };
    let (num, slash) = read(at)?;
    if s.get(slash) != Some(&b'/') {
        return None;
    }
    let (den, end) = read(slash + 1)?;
    let joined = matches!(s.get(end), Some(b'/' | b':' | b'-' | b'_'))
        || is_letter_at(s, end)
        || (matches!(s.get(end), Some(b'.' | b','))
            && is_digit_at(s, end + 1));
    let mut d = den;
    while d % 2 == 0 {
        d /= 2;
    }
    while d % 5 == 0 {
        d /= 5;
    }
    let gcd = |mut a: u32, mut b: u32| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    (!joined && d == 1 && num < den && gcd(num, den) == 1)
        .then_some((num, den, end))
}

#[cfg(test)]
mod tests {
    use super::small_fraction;

    #[test]
    fn slash_fractions_are_reduced_proper_and_exact() {
        assert_eq!(small_fraction(b"3/4 of", 0), Some((3, 4, 3)));
        assert_eq!(small_fraction(b"x 1/20.", 2), Some((1, 20, 6)));
        assert_eq!(small_fraction(b"2/3", 0), None);
        assert_eq!(small_fraction(b"3/15", 0), None);
        assert_eq!(small_fraction(b"5/4", 0), None);
        assert_eq!(small_fraction(b"1/4/2023", 0), None);
        assert_eq!(small_fraction(b"1/100", 0), None);
        assert_eq!(small_fraction(b"1/4th", 0), None);
    }
}
