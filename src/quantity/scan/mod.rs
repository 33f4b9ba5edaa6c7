//! The hot loop: one forward pass over the bytes finds candidates, and a
//! cursor parser confirms each one (DESIGN.md, "The scanner").
//!
//! Candidates are the first digit of a digit run and the first letter of a
//! word that can start a numeral. Everything else is looked at once and
//! passed over: the loop never allocates and never backtracks further than
//! a bounded look-behind around a candidate (a qualifier, a currency, a
//! sign). A confirmed figure moves the cursor past its end; a rejected one
//! (a year, a code, a date) moves it past the whole token, so no part of
//! an identifier is ever read as a figure on its own.
//!
//! This file holds the loop and the parser of one figure; `join` joins a
//! figure with what completes it (a range's second bound, a subunit, a
//! restatement in brackets), and `exclude` tells a number that is no
//! figure (a pronoun "one", a web address, a phone number).

mod document;
mod exclude;
mod join;
mod scale;

use std::cell::Cell;

use rust_decimal::Decimal;

use super::digits::{self, Rejected};
use super::lexicon::{
    CurrencyInfo, Inner, Label, PhraseSet, WordClass, WordInfo,
};
use super::text::{
    ascii_word_end, ascii_word_start, char_at, char_before, inert_end,
    is_alnum_before, is_alphabetic, is_alphanumeric, is_digit_at,
    is_joiner_char, is_letter_at, is_letter_before, non_letters_end,
    prev_word, skip_spaces, skip_spaces_back, token_end, word_end,
};
use super::{words, Quantity};
use crate::record::{Currency, Qualifier, Span, Unit};

use self::exclude::{is_url_start, phone_end, url_end};
use self::join::RangeStep;

/// A pass over one text, stopped after a quantity: the cursor and what
/// is known of the document so far. Layer 1 streams from it, so reading
/// the quantities of a text allocates nothing.
// PERF: streamed, not collected: no vector to grow and page in (layer 1, dense
// 10 MB: 1.75x, with the figure buffer below).
#[derive(Debug)]
pub(crate) struct Scanner<'t> {
    text: &'t str,
    pos: usize,
    /// The end of the last quantity: no later one reaches before it.
    floor: usize,
    /// Whether the document writes thousands with dots, once known.
    dots: Option<bool>,
    /// The dollar the document states for a bare "$", once looked for.
    dollar: Option<Option<Currency>>,
    /// The figure buffer, filled in place: a figure is assembled without
    /// being moved (dense fixture: memcpy was 4% of layer 1's
    /// instructions, none now).
    fig: Fig,
    /// The document's default currency: a dollar that names no country
    /// (`default_dollar` in the lexicon) takes it.
    currency: Option<Currency>,
    /// Bit `i`: whether place list `i` of the lexicon's currency contexts
    /// was searched (`places_known`) and found (`places`) in the text.
    places_known: u64,
    places: u64,
}

impl<'t> Scanner<'t> {
    pub(crate) fn new(
        text: &'t str,
        currency: Option<Currency>,
    ) -> Scanner<'t> {
        Scanner {
            text,
            pos: 0,
            floor: 0,
            dots: None,
            // A document whose currency is given needs no search: its bare
            // dollars take that currency whatever the text states.
            dollar: currency.map(|_| None),
            fig: Fig::new(0),
            currency,
            places_known: 0,
            places: 0,
        }
    }

    /// The next quantity with the language data `lx`, in text order.
    pub(crate) fn next(&mut self, lx: &Inner) -> Option<Quantity<'t>> {
        let cx = Cx {
            lx,
            text: self.text,
            s: self.text.as_bytes(),
            dots: Cell::new(self.dots),
            dollar: Cell::new(self.dollar),
            end_cache: Cell::new((usize::MAX, 0)),
            start_cache: Cell::new((usize::MAX, 0)),
            after_cache: Cell::new((usize::MAX, 0)),
            before_cache: Cell::new((usize::MAX, 0)),
        };
        let mut found = self.run(&cx);
        self.dots = cx.dots.get();
        self.dollar = cx.dollar.get();
        if let Some(q) = found.as_mut() {
            if let Some(c) = self.fig.currency {
                if let (Some(default), true) =
                    (self.currency, c.default_dollar)
                {
                    q.unit = Unit::Currency(default);
                } else if !lx.currency_context.is_empty() {
                    q.unit = Unit::Currency(self.placed(lx, c.code));
                }
            }
        }
        found
    }

    fn run(&mut self, cx: &Cx<'_>) -> Option<Quantity<'t>> {
        let (s, text) = (cx.s, self.text);
        let (mut pos, fig) = (self.pos, &mut self.fig);
        let mut found = None;
        while pos < s.len() {
            // PERF: spaces and punctuation start nothing: one tight loop
            // passes them (cachegrind, quantities/adv-dollars: -17%).
            pos = inert_end(s, pos);
            let Some(&b) = s.get(pos) else { break };
            if b.is_ascii_digit() {
                // The tail of a numeral split by an invisible or combining
                // character ("1\u{200f}000"): its head was already refused.
                let joined = pos > 0
                    && s[pos - 1] >= 0x80
                    && char_before(s, pos).is_some_and(|(i, c)| {
                        is_joiner_char(c) && is_digit_at(s, i.wrapping_sub(1))
                    });
                if joined {
                    pos = token_end(s, pos);
                    continue;
                }
                if is_alnum_before(s, pos) || (pos > 0 && s[pos - 1] == b'_') {
                    // "USD115" and "RM42" are money; "CSW67" and "MLI_O_2"
                    // are identifiers.
                    let code = cx.back(&cx.lx.currency_before, pos);
                    if !code.is_some_and(|(cs, _)| {
                        cs >= self.floor && !is_alnum_before(s, cs)
                    }) {
                        pos = token_end(s, pos);
                        continue;
                    }
                }
                pos = match cx.figure_at(pos, self.floor, fig) {
                    Ok(()) => emit(fig, text, &mut self.floor, &mut found),
                    Err(to) => to,
                };
                if found.is_some() {
                    break;
                }
            } else if b.is_ascii_alphabetic() {
                let end = ascii_word_end(s, pos);
                if is_url_start(s, pos, end) {
                    // Numbers inside a web address count nothing.
                    pos = url_end(s, end);
                    continue;
                }
                let candidate = words::trigger(cx.lx, s, pos, end)
                    .is_some_and(|w| {
                        !is_letter_at(s, end)
                            && !is_letter_before(s, pos)
                            && cx
                                .word_numeral_start(pos, w, self.floor)
                                .is_some()
                    });
                pos = if candidate {
                    match cx.figure_at(pos, self.floor, fig) {
                        Ok(()) => emit(fig, text, &mut self.floor, &mut found),
                        Err(to) => to,
                    }
                    .max(end)
                } else {
                    end
                };
                if found.is_some() {
                    break;
                }
            } else {
                // A byte past ASCII. Skip a whole non-ASCII word so its
                // ASCII tail is not taken for a word of its own ("Ségou" is
                // one word), or a run of other characters (`│`, `€`, `’`):
                // none starts a figure.
                pos = match char_at(s, pos) {
                    Some(c) if is_alphabetic(c) => {
                        let end = word_end(s, pos);
                        match cx.accented_numeral(pos, end, self.floor) {
                            Some(start) => {
                                match cx.figure_at(start, self.floor, fig) {
                                    Ok(()) => emit(
                                        fig,
                                        text,
                                        &mut self.floor,
                                        &mut found,
                                    ),
                                    Err(to) => to,
                                }
                                .max(end)
                            }
                            None => end,
                        }
                    }
                    Some(c) => non_letters_end(s, pos + c.len_utf8()),
                    None => pos + 1,
                };
                if found.is_some() {
                    break;
                }
            }
        }
        self.pos = pos;
        found
    }
}

/// Puts the quantity of `f` in `found` and returns where to resume.
fn emit<'t>(
    f: &Fig,
    text: &'t str,
    floor: &mut usize,
    found: &mut Option<Quantity<'t>>,
) -> usize {
    let value = f.value();
    match (value, text.get(f.start..f.end)) {
        (Some(value), Some(slice)) => {
            *found = Some(Quantity {
                value: normalize(value),
                unit: f.unit,
                qualifier: f.qualifier,
                range_end: f.range_end.map(normalize),
                span: Span { start: f.start, end: f.end },
                text: slice,
                signed: f.signed,
                core: Span { start: f.core_start, end: f.core_end },
                scale: f.scale,
            });
            *floor = f.end;
        }
        _ => debug_assert!(value.is_none(), "figure off char boundary"),
    }
    f.end.max(f.core_start + 1)
}

/// A figure being assembled.
#[derive(Clone, Copy, Debug)]
struct Fig {
    /// First byte: qualifier, currency or sign.
    start: usize,
    /// The numeral itself.
    core_start: usize,
    core_end: usize,
    /// One past the last byte: currency or percent words included.
    end: usize,
    /// The numeral's value before scale, factor and sign.
    raw: Decimal,
    scale: Option<Decimal>,
    currency: Option<CurrencyInfo>,
    unit: Unit,
    negative: bool,
    signed: bool,
    qualifier: Qualifier,
    range_end: Option<Decimal>,
    /// Written as digits only, no separator or decimals, this many digits.
    plain_digits: usize,
    words: bool,
    lone_pronoun: bool,
}

impl Fig {
    fn new(p: usize) -> Fig {
        Fig {
            start: p,
            core_start: p,
            core_end: p,
            end: p,
            raw: Decimal::ZERO,
            scale: None,
            currency: None,
            unit: Unit::Number,
            negative: false,
            signed: false,
            qualifier: Qualifier::Exact,
            range_end: None,
            plain_digits: 0,
            words: false,
            lone_pronoun: false,
        }
    }

    fn value(&self) -> Option<Decimal> {
        let mut v = self.raw;
        if let Some(scale) = self.scale {
            v = v.checked_mul(scale)?;
        }
        // PERF: most currencies count whole units; a multiplication by one
        // is skipped (cachegrind, layer 1, in `18fd0c0`: adv-dollars -8%).
        if let Some(c) = self.currency.filter(|c| !is_one(c.factor)) {
            v = v.checked_mul(c.factor)?;
        }
        Some(if self.negative { -v } else { v })
    }
}

/// Whether `d` is 1 written with no fraction digits, so that multiplying
/// by it changes nothing, not even the scale.
#[inline]
fn is_one(d: Decimal) -> bool {
    d.scale() == 0 && d.mantissa() == 1
}

/// `d` without trailing fraction zeros and with no negative zero; a
/// non-zero integer is already so.
#[inline]
fn normalize(d: Decimal) -> Decimal {
    if d.scale() == 0 && !d.is_zero() {
        d
    } else {
        d.normalize()
    }
}

struct Cx<'a> {
    lx: &'a Inner,
    text: &'a str,
    s: &'a [u8],
    /// The dollar the document states for a bare "$", found on first
    /// need (`None` until then).
    dollar: Cell<Option<Option<Currency>>>,
    /// Whether the document writes thousands with dots (`7.318.450`),
    /// found on first need.
    dots: Cell<Option<bool>>,
    /// The last edge answers: `(position, the sets a phrase may end or
    /// start at there)`. A figure asks several sets about the same two
    /// places.
    end_cache: Cell<(usize, u32)>,
    start_cache: Cell<(usize, u32)>,
    /// The last gap answers: `(position, where the gap from it ends)`.
    after_cache: Cell<(usize, usize)>,
    before_cache: Cell<(usize, usize)>,
}

/// The answer `cache` holds for `pos`, or `compute`'s, remembered.
#[inline]
fn remembered<V: Copy>(
    cache: &Cell<(usize, V)>,
    pos: usize,
    compute: impl FnOnce() -> V,
) -> V {
    let (at, v) = cache.get();
    if at == pos {
        return v;
    }
    let v = compute();
    cache.set((pos, v));
    v
}

impl Cx<'_> {
    /// `skip_spaces` from `pos`, remembered: a figure asks about the same
    /// few places many times.
    // PERF: a figure asks about a dozen gaps, mostly at its ends: remembered
    // (cachegrind, layer 1: dense -7%, report -5%).
    #[inline]
    fn gap_after(&self, pos: usize) -> usize {
        remembered(&self.after_cache, pos, || skip_spaces(self.s, pos))
    }

    /// Whether a label word of `exclude_before` ends at `end` and names
    /// the number after it: not after a word that makes it a verb ("a
    /// produit 14 300 tonnes"), nor, `across_colon`, a label whose colon
    /// introduces a value ("Objectif : 1 300 jeunes"), nor a step of time
    /// before a number in thousands groups (`grouped`).
    fn label_before(
        &self,
        end: usize,
        across_colon: bool,
        grouped: bool,
    ) -> bool {
        self.back(&self.lx.exclude_before, end).is_some_and(
            |(start, label)| {
                let counts = match label {
                    Label::Name => false,
                    Label::Value => across_colon,
                    Label::Index => grouped,
                };
                !counts
                    && self
                        .back(&self.lx.label_not_after, self.gap_before(start))
                        .is_none()
            },
        )
    }

    /// `skip_spaces_back` from `pos`, remembered.
    #[inline]
    fn gap_before(&self, pos: usize) -> usize {
        remembered(&self.before_cache, pos, || skip_spaces_back(self.s, pos))
    }

    /// The longest phrase of `set` ending at `end`, after one cheap test
    /// that any phrase of any set can end there.
    // PERF: most figures sit between words no phrase set holds: the edge test
    // skips every lookup (quantities/report: +16%).
    #[inline(always)]
    fn back<T: Copy>(
        &self,
        set: &PhraseSet<T>,
        end: usize,
    ) -> Option<(usize, T)> {
        let mask = remembered(&self.end_cache, end, || {
            self.lx.ends.ending(self.s, end)
        });
        if mask & set.bit != 0 {
            set.longest_ending_at(self.s, end)
        } else {
            None
        }
    }

    /// The longest phrase of `set` starting at `at`, after the same test.
    #[inline(always)]
    fn fwd<T: Copy>(
        &self,
        set: &PhraseSet<T>,
        at: usize,
    ) -> Option<(usize, T)> {
        let mask = remembered(&self.start_cache, at, || {
            self.lx.starts.starting(self.s, at)
        });
        if mask & set.bit != 0 {
            set.longest_at(self.s, at)
        } else {
            None
        }
    }

    /// Where the word numeral whose first word, of class `class`, starts
    /// at `p` begins: an article and a fraction may stand before a first
    /// multiplier or scale word ("a dozen", "half a million"). `None` for
    /// a multiplier or scale word with neither: the grammar needs a unit
    /// first, so "hundred and …" starts no numeral.
    // PERF: asked before a word candidate is parsed (cachegrind,
    // quantities/adv-hundreds: -57%).
    fn word_numeral_start(
        &self,
        p: usize,
        word: WordInfo,
        floor: usize,
    ) -> Option<usize> {
        let (s, lx) = (self.s, self.lx);
        if word.class.is_part() {
            // "a half", "a fifth": from the article, unless it follows a
            // connector ("a year and a half" is no fraction).
            let (ws, we) = prev_word(s, p)?;
            let article = ws >= floor
                && words::lookup(lx, s, ws, we).map(|w| w.class)
                    == Some(WordClass::Article);
            let joined = prev_word(s, ws).is_some_and(|(cs, ce)| {
                words::lookup(lx, s, cs, ce).map(|w| w.class)
                    == Some(WordClass::Connector)
            });
            return (article && !joined).then_some(ws);
        }
        if word.bare
            || !matches!(word.class, WordClass::Multiplier | WordClass::Scale)
        {
            return Some(p);
        }
        let (ws, we) = prev_word(s, p)?;
        if ws < floor {
            return None;
        }
        match words::lookup(lx, s, ws, we).map(|w| w.class) {
            Some(WordClass::Article) => {
                let fraction = prev_word(s, ws).filter(|&(fs, fe)| {
                    fs >= floor
                        && words::lookup(lx, s, fs, fe).map(|w| w.class)
                            == Some(WordClass::Fraction)
                });
                Some(fraction.map_or(ws, |(fs, _)| fs))
            }
            Some(WordClass::Fraction) => Some(ws),
            _ => None,
        }
    }

    /// The start of the word ending at `end` that holds a letter past
    /// ASCII at `at`, when it is a number word that starts a numeral
    /// ("zéro", "moitié"): the scanner reaches such a word at that
    /// letter, past its ASCII head.
    fn accented_numeral(
        &self,
        at: usize,
        end: usize,
        floor: usize,
    ) -> Option<usize> {
        let s = self.s;
        let start = ascii_word_start(s, at);
        let w = words::trigger(self.lx, s, start, end)?;
        if start < floor || is_letter_before(s, start) {
            return None;
        }
        self.word_numeral_start(start, w, floor).map(|_| start)
    }

    /// A figure whose numeral starts at `p`, with everything around it, or
    /// where to resume.
    fn figure_at(
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
            (Some(b'/' | b':'), Some(b'0'..=b'9')) => return skip_all(),
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
        // bracket before a plain number. Money after a colon is a labelled
        // amount, never a code ("(previous year: EUR 8.8 billion)").
        let opener = match s.get(before.wrapping_sub(1)) {
            Some(b':') => f.currency.is_none(),
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
    fn simple_at(
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
            if cs >= floor && (cur_end == left || cur_end - cs > 0) {
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
                    || self.fwd(&lx.currency_after, next).is_some()
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
                    && self
                        .fwd(&self.lx.currency_after, pos)
                        .is_some_and(|(e, _)| e >= word)
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
                if !scaled
                    && (lx.separators.dot_thousands_always
                        || self.dot_thousands())
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
            if let Some((e, pp)) = self.fwd(&self.lx.percent, at) {
                f.unit =
                    if pp { Unit::PercentagePoints } else { Unit::Percent };
                f.end = e;
            } else if let Some((e, c)) = self.fwd(&self.lx.currency_after, at)
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
