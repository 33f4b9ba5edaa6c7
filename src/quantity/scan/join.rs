//! Joins of a figure with what completes it: the second bound of a range
//! ("between 40 and 50", "10-20", "$40-50 million"), a subunit, and a
//! restatement of the same amount in brackets.

use rust_decimal::Decimal;

use super::super::lexicon::{RangeBefore, WordClass};
use super::super::text::{
    ascii_word_end, is_digit_at, is_letter_at, is_letter_before, word_start,
};
use super::super::words;
use super::{Cx, Fig};
use crate::record::Unit;

/// How far past an opening bracket its closing one is looked for, in
/// bytes: past any figure written inside.
const PAIR_REACH: usize = 128;

/// The most words of a verb's object between the verb and the word before
/// a first figure, an elided article counted with its noun ("porter le
/// taux d'accès à l'eau potable de 62 % à 80 %").
const OBJECT_WORDS: usize = 6;

/// How far back from a gapped "de X à Y" the change it repeats is looked
/// for, in bytes: a few place complements of the pairs before it.
const GAPPED_REACH: usize = 160;

/// The most words of a gapped repeat's own subject between its "et" and
/// its "de" ("et le taux brut de scolarisation du préscolaire de 8,7 % à
/// 37,2 %").
const GAPPED_SUBJECT_WORDS: usize = 8;
impl Cx<'_> {
    /// Joins `f` with a second figure into a range ("between 40 and 50",
    /// "10-20", "$40-50 million").
    pub(super) fn range(&self, f: &mut Fig, floor: usize) -> RangeStep {
        let (s, lx) = (self.s, self.lx);
        let before = self.gap_before(f.start);
        let opened = self
            .back(&self.lx.range_open, before)
            .filter(|&(st, _)| st >= floor);
        let after = self.gap_after(f.end);
        let joiner = if opened.is_some() {
            // "between 50 and 350", or with a dash: "between 50-350 USD".
            self.fwd(&self.lx.range_join, after)
                .or_else(|| self.fwd(&self.lx.range_dash, after))
        } else {
            // The longest phrase decides: "from" makes a change, "ranged
            // from" keeps the range.
            match self.back(&self.lx.range_not_after, before) {
                Some((_, RangeBefore::Change)) => {
                    // "from 15-19 May": days of a month are a date
                    // whatever word stands before them.
                    if self.days_of_month_after(after) {
                        return RangeStep::Reject;
                    }
                    return RangeStep::None;
                }
                // "rose by 2% to 60%": the change and the level reached.
                Some((_, RangeBefore::Amount)) if f.unit != Unit::Number => {
                    return RangeStep::None;
                }
                _ => {}
            }
            let dash = self.fwd(&self.lx.range_dash, after);
            // "porter la couverture de 75 % à 95 %": a change too (looked
            // for only where a range word follows).
            if dash.is_some_and(|(je, ())| {
                self.changed_object_before(before)
                    || self.gapped_change_before(before, je)
            }) {
                if self.days_of_month_after(after) {
                    return RangeStep::Reject;
                }
                return RangeStep::None;
            }
            dash
        };
        let Some((je, ())) = joiner else { return RangeStep::None };
        let joined =
            after == f.end && s.get(f.end) == Some(&b'-') && je == f.end + 1;
        let fail = if joined { RangeStep::Reject } else { RangeStep::None };
        let mut second = self.gap_after(je);
        if let Some((ce, _)) = self.fwd(&self.lx.currency_before, second) {
            second = self.gap_after(ce);
        }
        let starts_numeral = is_digit_at(s, second)
            || words::trigger(lx, s, second, ascii_word_end(s, second))
                .is_some();
        if !starts_numeral
            || second == je && !joined && is_letter_before(s, second)
        {
            return fail;
        }
        let mut g = Fig::new(second);
        // A dash glued to both ends joins them, and is no sign of the
        // second: "68%-79%" is a range, as "68-79%" is.
        let floor = if joined { je } else { f.end };
        if self.simple_at(second, floor, &mut g).is_err() {
            return fail;
        }
        if g.signed
            || g.plain_digits == 4 && g.unit == Unit::Number && {
                let (lo, hi) = lx.years;
                g.raw >= Decimal::from(lo)
                    && g.raw <= Decimal::from(hi)
                    && f.plain_digits == 4
            }
        {
            return fail;
        }
        // One currency or percent for both ends; a bare end past a hundred
        // is no percentage ("grew enrolment by 8% to 4,000": a change and
        // the level it reached, not a range).
        match (f.unit, g.unit) {
            (a, b) if a == b => {}
            (Unit::Number, _) => {
                f.unit = g.unit;
                f.currency = g.currency;
            }
            (Unit::Percent, Unit::Number)
                if g.value().is_some_and(|v| v > Decimal::ONE_HUNDRED) =>
            {
                return fail;
            }
            (_, Unit::Number) => {
                g.unit = f.unit;
                g.currency = f.currency;
            }
            _ => return fail,
        }
        if f.scale.is_none() && g.scale.is_some() && f.raw < g.raw {
            f.scale = g.scale;
        }
        let (Some(lo), Some(hi)) = (f.value(), g.value()) else { return fail };
        if lo >= hi {
            return fail;
        }
        // "1111-22223333-4444" is an account number, not a range: a joined
        // range has two parts of like size and nothing joined after.
        if joined {
            let digits = |x: &Fig| {
                s[x.core_start..x.core_end]
                    .iter()
                    .filter(|b| b.is_ascii_digit())
                    .count()
            };
            let more = matches!(s.get(g.end), Some(b'-' | b'/'))
                && is_digit_at(s, g.end + 1);
            if more || digits(&g) > digits(f) + 2 {
                return RangeStep::Reject;
            }
        }
        let end_after = self.gap_after(g.end);
        if self.fwd(&self.lx.months, end_after).is_some()
            || (f.unit == Unit::Number
                && self.fwd(&self.lx.exclude_after, end_after).is_some())
            || (s.get(g.end) == Some(&b'-') && is_letter_at(s, g.end + 1))
        {
            return RangeStep::Reject;
        }
        if let Some((st, ())) = opened {
            f.start = st;
        }
        f.range_end = Some(hi);
        f.end = g.end;
        f.core_end = g.core_end;
        RangeStep::Done
    }

    /// Whether an `object_end` word ends at `before` after the object of a
    /// verb of change: one to [`OBJECT_WORDS`] words that follow an
    /// `object_verbs` phrase ("fait passer son enveloppe bilatérale de",
    /// "porter la couverture vaccinale nationale de").
    fn changed_object_before(&self, before: usize) -> bool {
        let (s, lx) = (self.s, self.lx);
        let Some((start, ())) = self.back(&lx.range_object_end, before) else {
            return false;
        };
        let mut end = self.gap_before(start);
        // The object may close on a comma before the levels ("tripler la
        // production de cuiseurs, de 25 000 à 75 000").
        let comma = end > 0 && s[end - 1] == b',';
        if comma {
            end = self.gap_before(end - 1);
        }
        for words in 0..=OBJECT_WORDS {
            // A pronoun standing for a gapped change's subject ("celle du
            // pentavalent, de 49 % à 64 %") asks for the comma.
            if words > 0 {
                if let Some((_, pronoun)) =
                    self.back(&lx.range_object_verbs, end)
                {
                    return !pronoun || comma;
                }
            }
            // One word back, with the elided article or the hyphen that
            // joins it to the next ("l'enveloppe", "non-formelle").
            let mut at = word_start(s, end);
            while at > 0 && at < end {
                match s[..at].last() {
                    Some(b'\'' | b'-') => at = word_start(s, at - 1),
                    _ if s[..at].ends_with("’".as_bytes()) => {
                        at = word_start(s, at - "’".len());
                    }
                    _ => break,
                }
            }
            if at == end {
                return false;
            }
            end = self.gap_before(at);
        }
        false
    }

    /// Whether the "de" that ends at `before` opens a gapped repeat of a
    /// change stated earlier in its sentence: after a comma or "et", with
    /// no verb of its own ("le taux est passé de 22 % à 33 % dans les
    /// Savanes, de 35 % à 44 % dans la Kara et de 29 % à 39 % …": each
    /// pair is a change, as the first one is). The change's own phrase
    /// (`not_after`, "passé de") is looked for at the words "de" of the
    /// [`GAPPED_REACH`] bytes before, up to the sentence's end; "ils
    /// comptent de 10 à 20 membres" has no comma or "et" before its "de"
    /// and stays a range. The repeat may name its own subject after "et",
    /// an article and up to [`GAPPED_SUBJECT_WORDS`] words with no figure
    /// ("est passé de 805 à 3 165 et le taux brut de scolarisation du
    /// préscolaire de 8,7 % à 37,2 %"), unless a unit of time follows the
    /// second level: "et les enfants de 6 à 59 mois" is an age range
    /// (`je`: the end of the range word).
    fn gapped_change_before(&self, before: usize, je: usize) -> bool {
        let (s, lx) = (self.s, self.lx);
        let Some((start, ())) = self.back(&lx.range_object_end, before) else {
            return false;
        };
        let joined_at = |end: usize| {
            end > 0 && s[end - 1] == b','
                || end >= 3
                    && s[end - 2..end].eq_ignore_ascii_case(b"et")
                    && s[end - 3].is_ascii_whitespace()
        };
        let mut end = self.gap_before(start);
        if !joined_at(end) {
            // Back over the repeat's own subject, to its "et".
            let mut words = 0;
            let mut first = end;
            while !joined_at(end) {
                words += 1;
                let mut at = word_start(s, end);
                if words > GAPPED_SUBJECT_WORDS || at == end {
                    return false;
                }
                // An elided article or a hyphen joins two words of one
                // ("d'écoles", "l'enseignement", "non-formelle").
                while at > 0 {
                    let gap = match s[..at].last() {
                        Some(b'\'' | b'-') => 1,
                        _ if s[..at].ends_with("’".as_bytes()) => "’".len(),
                        _ => break,
                    };
                    let back = word_start(s, at - gap);
                    if back == at - gap {
                        break;
                    }
                    at = back;
                }
                first = at;
                end = self.gap_before(at);
            }
            if s[end - 1] == b','
                || !self.article_at(first)
                || self.time_after(je)
            {
                return false;
            }
        }
        let floor = end.saturating_sub(GAPPED_REACH);
        let mut at = end;
        while at > floor + 2 {
            at -= 1;
            match s[at] {
                b';' | b'\n' | b':' | b'|' => return false,
                b'.' if s.get(at + 1).is_none_or(u8::is_ascii_whitespace) => {
                    return false;
                }
                b'd' | b'D'
                    if (s[at + 1] | 0x20) == b'e'
                        && s.get(at + 2)
                            .is_some_and(u8::is_ascii_whitespace)
                        && at > 0
                        && s[at - 1].is_ascii_whitespace() =>
                {
                    if let Some((_, RangeBefore::Change)) =
                        self.back(&lx.range_not_after, at + 2)
                    {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// Whether a French definite article opens the word at `at` ("le",
    /// "la", "les", "l'").
    fn article_at(&self, at: usize) -> bool {
        let w = &self.s[at..ascii_word_end(self.s, at)];
        w.eq_ignore_ascii_case(b"le")
            || w.eq_ignore_ascii_case(b"la")
            || w.eq_ignore_ascii_case(b"les")
            || w.len() == 1
                && (w[0] | 0x20) == b'l'
                && matches!(self.s.get(at + 1), Some(b'\'') | Some(0xe2))
    }

    /// Whether the number after the range word ending at `je` is followed
    /// by an excluded word (a unit of time: "de 6 à 59 mois").
    fn time_after(&self, je: usize) -> bool {
        let s = self.s;
        let mut e = self.gap_after(je);
        while e < s.len()
            && (s[e].is_ascii_digit()
                || matches!(s[e], b',' | b'.' | b' ') && is_digit_at(s, e + 1))
        {
            e += 1;
        }
        self.fwd(&self.lx.exclude_after, self.gap_after(e)).is_some()
    }

    /// Whether a range word at `after` leads to a day of the month: one or
    /// two digits that a month name follows ("-19 May", " to 7 June").
    fn days_of_month_after(&self, after: usize) -> bool {
        let s = self.s;
        let Some((je, ())) = self.fwd(&self.lx.range_dash, after) else {
            return false;
        };
        let day = self.gap_after(je);
        let end = (day..s.len().min(day + 3))
            .find(|&k| !is_digit_at(s, k))
            .unwrap_or(s.len().min(day + 3));
        (1..=2).contains(&(end - day))
            && self.fwd(&self.lx.months, self.gap_after(end)).is_some()
    }

    /// Folds a trailing subunit into a whole money amount: "3 dollars 50
    /// cents", "thirteen dollars and forty-five cents", "15 dollars and
    /// 50." (a bare number below 100 that ends the clause).
    pub(super) fn subunit(&self, f: &mut Fig) {
        let (s, lx) = (self.s, self.lx);
        let Some(c) = f.currency else { return };
        let mut at = self.gap_after(f.end);
        if at == f.end || f.scale.is_some() {
            return;
        }
        let word = ascii_word_end(s, at);
        let joined = words::lookup(lx, s, at, word)
            .is_some_and(|w| w.class == WordClass::Connector);
        if joined {
            at = self.gap_after(word);
        }
        let starts = is_digit_at(s, at)
            || words::trigger(lx, s, at, ascii_word_end(s, at)).is_some();
        // PERF: the decimal tests after the byte tests, which rule out
        // almost every amount (layer 1, in `18fd0c0`: adv-dollars -8%).
        if !starts
            || c.factor != Decimal::ONE
            || (f.raw.scale() != 0 && !f.raw.fract().is_zero())
        {
            return;
        }
        let mut g = Fig::new(at);
        if self.simple_at(at, f.end, &mut g).is_err() {
            return;
        }
        if g.start != at || g.signed {
            return;
        }
        let cents = Decimal::new(1, 2);
        let part = match g.currency {
            // "3 CAD 3 cents": a subunit name takes the amount's currency.
            Some(gc) if gc.factor == cents => g.value(),
            // A bare number only after "and": "15 dollars and 50.", never
            // "10 usd 20".
            None if joined
                && g.unit == Unit::Number
                && g.scale.is_none()
                && g.raw.fract().is_zero()
                && g.raw < Decimal::ONE_HUNDRED
                && !is_letter_at(s, self.gap_after(g.end))
                && !is_digit_at(s, self.gap_after(g.end)) =>
            {
                g.raw.checked_mul(cents)
            }
            _ => None,
        };
        if let Some(total) = part.and_then(|p| f.raw.checked_add(p)) {
            f.raw = total;
            f.end = g.end;
        }
    }

    /// The scale word after a pair in brackets applies to the first
    /// figure too: "$12.5 (€11.9) million" is two amounts in millions.
    pub(super) fn pair_scale(&self, f: &mut Fig) {
        let s = self.s;
        if f.scale.is_some() || f.words {
            return;
        }
        let open = self.gap_after(f.end);
        if s.get(open) != Some(&b'(') {
            return;
        }
        // PERF: the scale word after the closing bracket is looked for
        // first: most bracketed figures ("260 (63%)") have none, and their
        // figure is then not read (a figure holds no bracket, so the first
        // one after the opening one is the closing one).
        let reach = s.len().min(open + 1 + PAIR_REACH);
        let Some(close) = memchr::memchr(b')', &s[open + 1..reach]) else {
            return;
        };
        let word = self.gap_after(open + 2 + close);
        if !self.fwd(&self.lx.scales, word).is_some_and(|(_, sc)| sc.spaced) {
            return;
        }
        let Some(inner) = self.pair_start(self.gap_after(open + 1)) else {
            return;
        };
        let mut g = Fig::new(inner);
        if self.simple_at(inner, open + 1, &mut g).is_err()
            || g.scale.is_some()
            || g.words
            || g.unit == f.unit && g.raw == f.raw
        {
            return;
        }
        let close = self.gap_after(g.end);
        if s.get(close) != Some(&b')') {
            return;
        }
        if let Some(sc) = self.pair_scale_word(close + 1, f, &g) {
            f.scale = Some(sc);
        }
    }

    /// The second figure of such a pair, inside the brackets: `f` takes
    /// the scale word after the closing bracket when a figure stands
    /// before the opening one.
    pub(super) fn pair_scale_inside(&self, f: &mut Fig) {
        let s = self.s;
        let open = self.gap_before(f.start);
        let close = self.gap_after(f.end);
        if open == 0
            || s.get(open - 1) != Some(&b'(')
            || s.get(close) != Some(&b')')
        {
            return;
        }
        let before = self.gap_before(open - 1);
        if !is_digit_at(s, before.wrapping_sub(1)) {
            return;
        }
        if let Some(sc) = self.pair_scale_word(close + 1, f, f) {
            f.scale = Some(sc);
        }
    }

    /// The numeral of a bracketed figure starting at `at`, after its
    /// currency if it has one.
    fn pair_start(&self, at: usize) -> Option<usize> {
        let p = match self.fwd(&self.lx.currency_before, at) {
            Some((e, _)) => self.gap_after(e),
            None => at,
        };
        is_digit_at(self.s, p).then_some(p)
    }

    /// The value of the spaced scale word right after `at` (past a
    /// space), for the pair `a`, `b`.
    fn pair_scale_word(&self, at: usize, a: &Fig, b: &Fig) -> Option<Decimal> {
        let word = self.gap_after(at);
        if word == at {
            return None;
        }
        let (_, sc) = self.fwd(&self.lx.scales, word)?;
        let money = a.currency.is_some() || b.currency.is_some();
        (sc.spaced && (!sc.money_only || money)).then_some(sc.value)
    }

    /// Folds a restatement in parentheses into `f`: "fifty-four (54)".
    pub(super) fn restatement(&self, f: &mut Fig) {
        let s = self.s;
        let open = self.gap_after(f.end);
        if s.get(open) != Some(&b'(') {
            return;
        }
        let inner = self.gap_after(open + 1);
        if !self.may_restate(f, inner) {
            return;
        }
        let starts = is_digit_at(s, inner)
            || words::trigger(self.lx, s, inner, ascii_word_end(s, inner))
                .is_some();
        if !starts {
            return;
        }
        let mut g = Fig::new(inner);
        if self.simple_at(inner, open + 1, &mut g).is_err() {
            return;
        }
        let close = self.gap_after(g.end);
        if s.get(close) != Some(&b')') || g.start != inner {
            return;
        }
        let same_unit = g.unit == f.unit || g.unit == Unit::Number;
        if same_unit && g.value() == f.value() {
            f.end = close + 1;
        }
    }
}

impl Cx<'_> {
    /// Whether the bracketed figure at `inner` may have `f`'s value: `false`
    /// when both are plain digits ("260 (63%)") whose first non-zero digits
    /// differ, which no two equal values written so have.
    // PERF: a bracketed share after a count is common in tables; its figure
    // is then not read twice.
    fn may_restate(&self, f: &Fig, inner: usize) -> bool {
        let s = self.s;
        let run = |from: usize| {
            let end = s[from..]
                .iter()
                .position(|b| {
                    !(b.is_ascii_digit() || matches!(b, b',' | b'.'))
                })
                .map_or(s.len(), |i| from + i);
            (
                end,
                s[from..end]
                    .iter()
                    .copied()
                    .find(|b| matches!(b, b'1'..=b'9')),
            )
        };
        if f.words || f.scale.is_some() || !is_digit_at(s, inner) {
            return true;
        }
        let (core_end, lead) = run(f.core_start);
        let (inner_end, inner_lead) = run(inner);
        // Only digits and separators on both sides, the inner one closed
        // by the bracket or a percent sign: no scale or factor can follow.
        let plain = core_end == f.core_end
            && matches!(s.get(self.gap_after(inner_end)), Some(b')' | b'%'));
        !plain || lead == inner_lead
    }
}

pub(super) enum RangeStep {
    None,
    Done,
    Reject,
}
