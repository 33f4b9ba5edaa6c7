//! The parser of one figure: from the first digit or number word the scan
//! loop found, the numeral with everything that completes it in place (a
//! sign, a qualifier, a currency on either side, a scale word, a percent),
//! or where the loop resumes when the number is no figure (a year, a code,
//! a date).

use rust_decimal::Decimal;

use super::exclude::phone_end;
use super::join::RangeStep;
use super::{Cx, Fig};
use crate::quantity::digits::{self, Rejected};
use crate::quantity::text::{
    ascii_word_end, char_at, char_before, denominator_end, is_alnum_before,
    is_alphanumeric, is_digit_at, is_joiner_char, is_letter_at,
    is_letter_before, token_end, word_end,
};
use crate::quantity::words;
use crate::record::{Qualifier, Unit};

impl Cx<'_> {
    /// A figure whose numeral starts at `p`, with everything around it, or
    /// where to resume.
    pub(super) fn figure_at(
        &self,
        p: usize,
        floor: usize,
        f: &mut Fig,
    ) -> Result<(), usize> {
        let (s, lx) = (self.s, self.lx);
        self.simple_at(p, floor, f)?;
        // PERF: the end of the whole token is needed only to skip it; most
        // figures are kept (bench report fixture, layer 1: -5% instructions).
        let end = f.end;
        let skip_all =
            || -> Result<(), usize> { Err(token_end(s, p).max(end)) };
        // Identifiers: "XM-DAC-41146", "Beijing+30", "v.2"; and footnote
        // calls glued to a word by its punctuation ("trained,2").
        if let Some((i, c)) = char_before(s, f.start) {
            if is_alphanumeric(c) || c == '_' {
                return skip_all();
            }
            if matches!(c, '-' | '+' | '/' | '.' | ',' | '#' | '_' | '@' | '&')
                && is_alnum_before(s, i)
            {
                return skip_all();
            }
            // The "1" of a ratio "34:1" is its denominator, as "100,000"
            // is in "509/100,000".
            if c == ':' && i > 0 && is_digit_at(s, i - 1) {
                return skip_all();
            }
        }
        if self.year_with_call(f) {
            return skip_all();
        }
        if s.get(f.end).is_some_and(|&b| b >= 0x80)
            && char_at(s, f.end).is_some_and(is_joiner_char)
        {
            return skip_all();
        }
        // "3/4", "2 1/4": an exact fraction, read before the slash is
        // taken for a date or a ratio.
        // PERF: asked only where a slash or a space and a digit follow.
        if !f.words
            && f.plain_digits > 0
            && matches!(s.get(f.end), Some(b'/' | b' '))
        {
            self.slash_fraction(f);
        }
        // Joined to what follows: dates, times, ratios, compounds.
        match (s.get(f.end), s.get(f.end + 1)) {
            // A rate over a power of ten ("509/100,000 live births"): the
            // figure is the numerator, as in "509 per 100,000".
            (Some(b'/'), Some(b'1'))
                if f.plain_digits > 0
                    && !f.words
                    && denominator_end(s, f.end).is_some() => {}
            // A ratio to one ("a pupil-teacher ratio of 34:1"): the
            // figure is the numerator. Not "1:1" (a pairing), times
            // ("10:15") or references ("3:16", "1:50,000").
            (Some(b':'), Some(b'1'))
                if !f.words
                    && f.raw > Decimal::ONE
                    && f.currency.is_none()
                    && f.unit == Unit::Number
                    && denominator_end(s, f.end).is_some() => {}
            (Some(b'/' | b':'), Some(b'0'..=b'9')) => return skip_all(),
            // The East African shilling mark after a whole amount
            // ("470,426,000/="): part of the figure's text, as a currency
            // sign is; layer 2 gives it its document's currency.
            (Some(b'/'), Some(b'='))
                if f.currency.is_none() && f.unit == Unit::Number =>
            {
                f.end += 2;
            }
            // A reference number: "279/IC/PNUD/2020", "12/CAB/MIN".
            (Some(b'/'), Some(b'A'..=b'Z'))
                if f.plain_digits > 0 && f.end == f.core_end =>
            {
                return skip_all()
            }
            (Some(b','), Some(b'0'..=b'9')) if !f.words => return skip_all(),
            (Some(b'-'), _) if is_letter_at(s, f.end + 1) => {
                return skip_all()
            }
            // "thirty—first": an ordinal joined by a dash.
            (Some(0xE2), Some(0x80))
                if matches!(s.get(f.end + 2), Some(0x93 | 0x94))
                    && is_letter_at(s, f.end + 3) =>
            {
                return skip_all();
            }
            _ => {}
        }
        let before = self.gap_before(f.start);
        // "Tel: 76…", "hotline (15115)": look past one colon, or one
        // bracket before a plain number. Money or a percentage after a
        // colon is a labelled amount, never a code ("(previous year: EUR
        // 8.8 billion)", "Indicator: 60%", "Taux d'activité : 61,2 %").
        let opener = match s.get(before.wrapping_sub(1)) {
            Some(b':') => f.currency.is_none() && f.unit == Unit::Number,
            Some(b'(') => f.unit == Unit::Number,
            _ => false,
        };
        let before_colon =
            if opener { self.gap_before(before - 1) } else { before };
        // A whole number written in thousands groups after a step of time
        // counts: "Last year 1,593 people", not the label "year 1".
        let grouped = f.plain_digits == 0
            && f.raw >= Decimal::ONE_THOUSAND
            && f.raw.fract().is_zero();
        if self.label_before(before, false, grouped)
            || (f.words && self.rate_after_money(f, before))
            || (before_colon != before
                && self.label_before(before_colon, true, false))
            || self.back(&self.lx.months, before).is_some()
        {
            return skip_all();
        }
        let after = self.gap_after(f.end);
        if self.fwd(&self.lx.months, after).is_some() {
            return skip_all();
        }
        if f.unit == Unit::Number
            && (self.fwd(&self.lx.exclude_after, after).is_some()
                || self.alternative_excluded(f, after))
        {
            return skip_all();
        }
        // "three (3) months": the word after a restatement, which is
        // skipped with the figure.
        if f.unit == Unit::Number {
            if let Some(at) = self.past_bracketed_numeral(after) {
                if self.fwd(&self.lx.exclude_after, at).is_some() {
                    return Err(at);
                }
            }
        }
        if self.list_marker(f) || self.glued_years(f) {
            return skip_all();
        }
        if f.plain_digits > 0 && f.scale.is_none() && f.unit == Unit::Number {
            // PERF: `phone_end` is asked only when a second group follows
            // (cachegrind, layer 1: report -0.9%, dense -1.1%).
            let grouped =
                matches!(s.get(f.core_end), Some(b' ' | b'-' | b'.'))
                    && is_digit_at(s, f.core_end + 1);
            if grouped {
                if let Some(end) = phone_end(s, f.core_start, f.signed) {
                    return Err(end);
                }
            }
        }
        // "minus one": a sign word makes the pronoun a number.
        if f.lone_pronoun
            && f.unit == Unit::Number
            && !f.signed
            && self.pronoun_is_not_number(f)
        {
            // PERF: "one one one …" is skipped as one run of number words, not
            // word by word (quantities/adv-one: 18x).
            return Err(self.number_word_run_end(f.end));
        }
        // Qualifiers, stacked ("an estimated around 2.4 billion").
        let mut start = f.start;
        for i in 0..3 {
            let e = self.gap_before(start);
            match self.back(&self.lx.qualifiers, e) {
                // "ne représente plus que 12 %": a longer phrase that
                // leaves the figure exact, and outside its text.
                Some((_, Qualifier::Exact)) => break,
                Some((qs, q))
                    if qs >= floor
                        && (e < start || !is_letter_before(s, start)) =>
                {
                    if i == 0 {
                        f.qualifier = q;
                    }
                    start = qs;
                }
                _ => break,
            }
        }
        // A bare four-digit integer in the year range is a year, unless
        // qualified and followed by a word ("over 2000 women").
        if f.plain_digits == 4
            && f.scale.is_none()
            && f.unit == Unit::Number
            && !f.signed
        {
            let (lo, hi) = lx.years;
            let y = f.raw;
            if y >= Decimal::from(lo) && y <= Decimal::from(hi) {
                let counted =
                    f.qualifier != Qualifier::Exact && is_letter_at(s, after);
                if !counted {
                    return skip_all();
                }
            }
        }
        f.start = start;
        match self.range(f, floor) {
            RangeStep::Reject => return skip_all(),
            // "aged between 15-19": the word before the range's opener
            // names the range as it would name its first figure.
            RangeStep::Done
                if f.start < start
                    && self.label_before(
                        self.gap_before(f.start),
                        false,
                        false,
                    ) =>
            {
                return Err(f.end);
            }
            RangeStep::Done | RangeStep::None => {}
        }
        if f.range_end.is_none() {
            // PERF: most figures have neither a restatement nor a currency: no
            // fold is called (cachegrind, layer 1: report -1.2%, dense -1.9%).
            if s.get(self.gap_after(f.end)) == Some(&b'(') {
                self.restatement(f);
                self.pair_scale(f);
            }
            if f.scale.is_none() && !f.words {
                self.pair_scale_inside(f);
            }
            if f.currency.is_some() {
                self.subunit(f);
            }
            // "two or more parties", "10+ partners".
            if f.qualifier == Qualifier::Exact {
                let at = self.gap_after(f.end);
                let qualifier = self
                    .fwd(&self.lx.qualifiers_after, at)
                    .filter(|&(e, _)| !self.figure_follows(e));
                if let Some((e, q)) = qualifier {
                    f.qualifier = q;
                    f.end = e;
                    // "30+ million": the scale after the qualifier.
                    if f.scale.is_none() && !f.words {
                        self.scale_after(f, e);
                    }
                }
            }
        }
        Ok(())
    }

    /// Where the text resumes after a short bracketed numeral opening at
    /// `at` ("(3)", "(three)"), past spaces: the restatement a figure is
    /// folded with later, so the words after it are the figure's words.
    fn past_bracketed_numeral(&self, at: usize) -> Option<usize> {
        let s = self.s;
        if s.get(at) != Some(&b'(') {
            return None;
        }
        let inner = &s[at + 1..s.len().min(at + 24)];
        let close = memchr::memchr(b')', inner)?;
        let numeral = inner[..close].iter().any(u8::is_ascii_digit)
            || words::trigger(self.lx, s, at + 1, ascii_word_end(s, at + 1))
                .is_some();
        let plain = inner[..close].iter().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b' ' | b',' | b'.' | b'-')
        });
        (numeral && plain).then(|| self.gap_after(at + 2 + close))
    }

    /// Whether another figure starts after `pos` (past spaces and a
    /// currency written before figures): then a "+" or "plus" there adds
    /// the two ("EUR 10 million + EUR 3 million"), it bounds nothing.
    fn figure_follows(&self, pos: usize) -> bool {
        let at = self.gap_after(pos);
        let at = self
            .fwd(&self.lx.currency_before, at)
            .map_or(at, |(end, _)| self.gap_after(end));
        is_digit_at(self.s, at)
    }

    /// The end of the run of number words that follows `pos` (`pos` itself
    /// when none does): words that cannot form a numeral with what came
    /// before them.
    fn number_word_run_end(&self, mut pos: usize) -> usize {
        loop {
            let start = self.gap_after(pos);
            let end = ascii_word_end(self.s, start);
            if start == pos
                || end == start
                || is_letter_at(self.s, end)
                || words::lookup(self.lx, self.s, start, end).is_none()
            {
                return pos;
            }
            pos = end;
        }
    }

    /// The numeral at `p` with its sign, currency, scale and percent words,
    /// but no qualifier, range or restatement; `Err` holds where to
    /// resume.
    pub(super) fn simple_at(
        &self,
        p: usize,
        floor: usize,
        f: &mut Fig,
    ) -> Result<(), usize> {
        let (s, lx) = (self.s, self.lx);
        *f = Fig::new(p);
        // Look behind: a sign, then a currency ("-$5", "$-5", "US$ 250").
        // PERF: the sign is read from the bytes, with no char decoded
        // (cachegrind, layer 1: report -0.9%, dense -1.2%).
        let sign_at = |at: usize| -> Option<(usize, bool)> {
            let (i, neg) = match *s.get(at.checked_sub(1)?)? {
                b'-' => (at - 1, true),
                b'+' => (at - 1, false),
                // U+2212 MINUS SIGN.
                0x92 if at >= 3 && s[at - 3..at] == [0xE2, 0x88, 0x92] => {
                    (at - 3, true)
                }
                _ => return None,
            };
            (i >= floor && !is_alnum_before(s, i)).then_some((i, neg))
        };
        let is_digit = is_digit_at(s, p);
        let mut left = p;
        if is_digit {
            if let Some((i, neg)) = sign_at(left) {
                f.signed = true;
                f.negative = neg;
                left = i;
            }
        }
        // ".08": a decimal point with no digit before it; ",08" where
        // the comma is always decimal.
        let mut leading_dot = false;
        if is_digit
            && !f.signed
            && left > 0
            && (s[left - 1] == b'.'
                || s[left - 1] == b',' && lx.separators.decimal_comma_always)
            && !is_alnum_before(s, left - 1)
        {
            leading_dot = true;
            left -= 1;
            if let Some((i, neg)) = sign_at(left) {
                f.signed = true;
                f.negative = neg;
                left = i;
            }
        }
        let cur_end = self.gap_before(left);
        if let Some((cs, c)) = self.back(&self.lx.currency_before, cur_end) {
            if cs >= floor
                && (cur_end == left || cur_end - cs > 0)
                && self.currency_open(c, left)
            {
                f.currency = Some(c);
                left = cs;
                if !f.signed && is_digit {
                    if let Some((i, neg)) = sign_at(left) {
                        f.signed = true;
                        f.negative = neg;
                        left = i;
                    }
                }
            }
        }
        // "minus 5%", "negative one".
        if !f.signed {
            let e = self.gap_before(left);
            if let Some((ns, ())) = self.back(&self.lx.negative, e) {
                // "au moins 5": a sign word that ends a qualifier is the
                // qualifier's.
                let in_qualifier = self
                    .back(&self.lx.qualifiers, e)
                    .is_some_and(|(qs, _)| qs < ns);
                if ns >= floor && e < left && !in_qualifier {
                    f.signed = true;
                    f.negative = true;
                    left = ns;
                }
            }
        }
        f.start = left;
        let money_before = f.currency.is_some();
        if is_digit {
            let mut n = match digits::read(s, p, true) {
                Ok(n) => n,
                Err(Rejected::Overflow | Rejected::Chain) => {
                    return Err(token_end(s, p))
                }
            };
            if n.space_grouped && !money_before {
                // One plain-space group ("2 415 members") is grouping
                // unless the first part is a label ("group 3 100 women");
                // after a step of time it is grouping ("Cette année 2 500
                // repas").
                let before = self.gap_before(left);
                if self.label_before(before, false, true) {
                    n = digits::read(s, p, false)
                        .map_err(|_| token_end(s, p))?;
                }
            }
            if leading_dot {
                // Reread "08" as ".08": the same digits, as a fraction.
                let digits = n.end - p;
                if !n.plain || digits > digits::MAX_DIGITS {
                    return Err(token_end(s, p));
                }
                let mant = n.value.mantissa();
                n.value =
                    Decimal::try_from_i128_with_scale(mant, digits as u32)
                        .map_err(|_| token_end(s, p))?;
                n.plain = false;
                f.core_start = p - 1;
            }
            // "3,75 million", "2,5%": a decimal comma, read as one only
            // where nothing else makes sense: a scale, currency or percent
            // follows, or the document writes its thousands with dots.
            let long = lx.separators.decimal_comma_always;
            if let Some((value, end)) = digits::decimal_comma(s, p, &n, long) {
                let next = self.gap_after(end);
                let unit_follows = self
                    .fwd(&lx.scales, next)
                    .is_some_and(|(_, sc)| sc.spaced || next == end)
                    || self.currency_after(next).is_some()
                    || self.fwd(&lx.percent, next).is_some();
                if unit_follows
                    || lx.separators.decimal_comma_always
                    || self.dot_thousands()
                {
                    n.value = value;
                    n.end = end;
                    n.plain = false;
                }
            } else if let Some((value, end)) =
                long.then(|| digits::three_decimals(s, p, &n)).flatten()
            {
                // "1,433 million", "2 199,908 milliards": where the comma
                // is always decimal, a last `,ddd` group before a scale
                // word is three decimals (a thousand millions would be
                // written "1 433 millions"); bare "208,158 enfants" stays
                // thousands.
                let next = self.gap_after(end);
                if self.fwd(&lx.scales, next).is_some_and(|(_, sc)| sc.spaced)
                {
                    n.value = value;
                    n.end = end;
                    n.plain = false;
                }
            }
            // "000", "007", "Question 01": a plain numeral with a leading
            // zero is a code, not a count; where the lexicon says so, two
            // digits before a lower-case word count ("02 ateliers").
            if n.plain && n.end - p > 1 && s[p] == b'0' {
                let padded_count = lx.separators.zero_padded_counts
                    && n.end - p == 2
                    && s[p + 1] != b'0'
                    && s.get(n.end) == Some(&b' ')
                    && s.get(n.end + 1).is_some_and(u8::is_ascii_lowercase);
                if !padded_count {
                    return Err(token_end(s, p));
                }
            }
            f.raw = n.value;
            if n.plain {
                f.plain_digits = n.end - p;
            }
            f.core_end = n.end;
            let mut pos = n.end;
            // Glued letters: a scale ("5k", "18.3million"), a currency
            // ("10eur"), a percent word; anything else ("4G", "2nd",
            // "1990s", "5km") makes the numeral part of something else.
            if is_letter_at(s, pos) {
                let word = word_end(s, pos);
                if let Some((e, sc)) = self
                    .fwd(&self.lx.scales, pos)
                    .filter(|&(e, sc)| e == word && sc.glued)
                {
                    if sc.money_only
                        && !money_before
                        && !self.currency_follows(e)
                        && !self.scale_alone(sc.alone, n.value, e)
                    {
                        return Err(token_end(s, p));
                    }
                    f.scale = Some(sc.value);
                    pos = e;
                    f.core_end = e;
                } else if f.currency.is_none()
                    && self.currency_after(pos).is_some_and(|(e, _)| e >= word)
                {
                    // Read below, with the currency after ("10eur",
                    // "3.14US$").
                } else if self
                    .fwd(&self.lx.percent, pos)
                    .is_some_and(|(e, _)| e == word)
                {
                    // Read below.
                } else {
                    return Err(token_end(s, p));
                }
            }
            if n.dot_thousands.is_some() && f.scale.is_none() {
                let after = self.gap_after(pos);
                let scaled = self
                    .fwd(&self.lx.scales, after)
                    .is_some_and(|(_, sc)| sc.spaced);
                // Where the dot always groups thousands ("1.300 milliards
                // de FCFA"), a scale word after it changes nothing; else
                // a scaled "1.250 million" is the English decimal.
                if lx.separators.dot_thousands_always
                    || !scaled && self.dot_thousands()
                {
                    f.raw = n.dot_thousands.unwrap_or(n.value);
                }
            }
            if f.scale.is_none() {
                let at = self.gap_or_wrap(pos);
                if at > pos {
                    if let Some((e, sc)) = self.fwd(&self.lx.scales, at) {
                        let money = money_before || self.currency_follows(e);
                        if sc.spaced
                            && (!sc.money_only
                                || money
                                || self.spaced_alone(sc.alone, e))
                        {
                            f.scale = Some(sc.value);
                            pos = e;
                            f.core_end = e;
                            if n.plain && self.is_scale_word(at, e) {
                                pos = self.scale_chain(f, sc.value, pos);
                                f.core_end = pos;
                            }
                        }
                    }
                }
            }
            // "3 million and a half".
            if f.scale.is_some() {
                let and = self.gap_after(pos);
                if and > pos {
                    if let Some((e, half)) = words::and_a_fraction(lx, s, and)
                    {
                        let followed = self.gap_after(e);
                        let of_scale =
                            self.fwd(&self.lx.scales, followed).is_some();
                        if !of_scale {
                            f.raw = f.raw.checked_add(half).ok_or(pos)?;
                            pos = e;
                            f.core_end = e;
                        }
                    }
                }
            }
            f.end = pos;
        } else {
            // A word numeral; its words may hold accented letters.
            let first_end = word_end(s, p);
            let info = words::trigger(lx, s, p, first_end).ok_or(first_end)?;
            let start =
                self.word_numeral_start(p, info, floor).ok_or(first_end)?;
            let first_end = word_end(s, start);
            let w = match words::read(lx, s, start, first_end) {
                Some(w) => w,
                None => self
                    .article_before_money(start, first_end)
                    .ok_or(word_end(s, p))?,
            };
            f.start = if money_before || f.signed {
                f.start.min(start)
            } else {
                start
            };
            f.core_start = start;
            f.core_end = w.end;
            f.end = w.end;
            f.raw = w.value;
            f.words = true;
            f.lone_pronoun = w.lone_pronoun;
            if w.approximate && f.qualifier == Qualifier::Exact {
                f.qualifier = Qualifier::Approx;
            }
        }
        // Currency or percent after the numeral.
        let at = self.gap_after(f.end);
        if f.currency.is_none() {
            // "47\npercent": a percent word wrapped to the next line.
            let percent = self.fwd(&self.lx.percent, at).or_else(|| {
                let wrapped = self.gap_or_wrap(f.end);
                (wrapped != at)
                    .then(|| self.fwd(&self.lx.percent, wrapped))
                    .flatten()
            });
            if let Some((e, pp)) = percent {
                f.unit =
                    if pp { Unit::PercentagePoints } else { Unit::Percent };
                f.end = e;
            } else if let Some((e, c)) = self
                .currency_after(at)
                .or_else(|| self.wrapped_currency(f, at))
            {
                f.currency = Some(c);
                f.end = e;
                // "75 USD million".
                let after = self.gap_after(e);
                if f.scale.is_none() && !f.words && after > e {
                    if let Some((se, sc)) = self.fwd(&self.lx.scales, after) {
                        if sc.spaced {
                            f.scale = Some(sc.value);
                            f.end = se;
                        }
                    }
                }
            }
        }
        if let Some(c) = f.currency.as_mut() {
            if c.default_dollar {
                if let Some(code) = self.stated_dollar() {
                    c.code = code;
                }
            }
            f.unit = Unit::Currency(c.code);
        }
        // A scale or currency factor may take the value past `Decimal`.
        let scaled = f.scale.is_some() || f.currency.is_some();
        if scaled && f.value().is_none() {
            return Err(token_end(s, p).max(f.end));
        }
        Ok(())
    }
}
