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
//! This file holds the loop and the lookups every part of the parser
//! shares; `figure` parses one figure; `join` joins a
//! figure with what completes it (a range's second bound, a subunit, a
//! restatement in brackets), and `exclude` tells a number that is no
//! figure (a pronoun "one", a web address, a phone number).

mod document;
mod exclude;
mod figure;
mod join;
mod scale;

use std::cell::Cell;

use rust_decimal::Decimal;

use super::lexicon::{
    CurrencyInfo, Inner, Label, PhraseSet, WordClass, WordInfo,
};
use super::text::{
    ascii_word_end, ascii_word_start, char_at, char_before, inert_end,
    is_alnum_before, is_alphabetic, is_digit_at, is_joiner_char, is_letter_at,
    is_letter_before, non_letters_end, prev_word, skip_spaces,
    skip_spaces_back, token_end, word_end,
};
use super::{words, Quantity};
use crate::record::{Currency, Qualifier, Span, Unit};

use self::exclude::{is_url_start, url_end};

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
    /// Which place lists of the lexicon's currency contexts the text names.
    contexts: PlacesSeen,
    /// Which `only_where` place lists the text names.
    gates: PlacesSeen,
}

/// Which of up to 64 place lists a document names, each list searched at
/// most once per document and only when a figure asks.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct PlacesSeen {
    /// Bit `i`: list `i` was searched.
    searched: u64,
    /// Bit `i`: list `i` was found.
    found: u64,
}

impl PlacesSeen {
    /// Whether list `i` is named, `search` answering the first time; a
    /// list past the 64th is never.
    pub(super) fn named(
        &mut self,
        i: usize,
        search: impl FnOnce() -> bool,
    ) -> bool {
        if i >= 64 {
            return false;
        }
        let bit = 1u64 << i;
        if self.searched & bit == 0 {
            self.searched |= bit;
            if search() {
                self.found |= bit;
            }
        }
        self.found & bit != 0
    }
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
            contexts: PlacesSeen::default(),
            gates: PlacesSeen::default(),
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
            gates: Cell::new(self.gates),
            end_cache: Cell::new((usize::MAX, 0)),
            start_cache: Cell::new((usize::MAX, 0)),
            after_cache: Cell::new((usize::MAX, 0)),
            before_cache: Cell::new((usize::MAX, 0)),
        };
        let mut found = self.run(&cx);
        self.dots = cx.dots.get();
        self.dollar = cx.dollar.get();
        self.gates = cx.gates.get();
        if let Some(q) = found.as_mut() {
            if let Some(c) = self.fig.currency {
                if let (Some(default), true) =
                    (self.currency, c.default_dollar)
                {
                    q.unit = Unit::Currency(default);
                } else if !lx.currency_context.is_empty()
                    && !names_code(q.text, c.code)
                {
                    // A currency written by its code ("KES 48.5 million")
                    // is that currency wherever the document is set.
                    q.unit = Unit::Currency(self.placed(lx, c.code, q.text));
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
                    if !code.is_some_and(|(cs, c)| {
                        cs >= self.floor
                            && !is_alnum_before(s, cs)
                            && cx.currency_open(c, pos)
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
    /// The `only_where` place lists the text names, as `Scanner::gates`.
    gates: Cell<PlacesSeen>,
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

    /// Whether a currency written before the digits at `digits` is money
    /// there: always, unless its entry keeps its symbols to documents that
    /// name some places (`only_where`); then the text must name one, the
    /// symbol must touch the digits, and the digits must read as an amount:
    /// a run of five digits or more with no separator after it is a code
    /// ("P082725", a World Bank project), and so is a run of one or two
    /// with neither a decimal nor a scale word after it ("P4", "N2").
    fn currency_open(&self, c: CurrencyInfo, digits: usize) -> bool {
        let Some(k) = c.only_where else { return true };
        if !is_alnum_before(self.s, digits) {
            return false;
        }
        let run = self.s[digits.min(self.s.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = digits + run;
        let grouped = matches!(self.s.get(end), Some(b',' | b'.'))
            && is_digit_at(self.s, end + 1);
        if run >= 5 && !grouped {
            return false;
        }
        if run < 3
            && !grouped
            && self.fwd(&self.lx.scales, end).is_none()
            && self.fwd(&self.lx.scales, self.gap_after(end)).is_none()
        {
            return false;
        }
        let k = usize::from(k);
        let mut gates = self.gates.get();
        let named =
            gates.named(k, || self.lx.currency_places[k].named_in(self.s));
        self.gates.set(gates);
        named
    }

    /// The currency written after a figure that starts at `at`: `(end,
    /// currency)`, unless a word after its name makes the name a unit of
    /// measure ("1.6 million pounds of food").
    fn currency_after(&self, at: usize) -> Option<(usize, CurrencyInfo)> {
        let (end, c) = self.fwd(&self.lx.currency_after, at)?;
        let measure = c.not_before.is_some_and(|k| {
            self.lx.currency_not_before[usize::from(k)]
                .longest_at(self.s, self.gap_after(end))
                .is_some()
        });
        (!measure).then_some((end, c))
    }

    /// The currency of a figure whose line ends after its scale word or
    /// its last digit group and whose currency name opens the next line
    /// ("plus de 179 milliards\nde FCFA", "17.085.000.000\nFCFA"): one
    /// figure, as `gap_or_wrap` reads a figure wrapped before its scale
    /// word. Only a figure written as an amount asks: scaled, or in
    /// thousands groups (a plain "12\nUSD" may be a table's last cell
    /// and the next row's label). `at` is the gap after the figure.
    // PERF: only a scaled or grouped figure with no currency after it
    // asks; the line break is one byte test.
    fn wrapped_currency(
        &self,
        f: &Fig,
        at: usize,
    ) -> Option<(usize, CurrencyInfo)> {
        let grouped =
            !f.words && f.plain_digits == 0 && f.raw >= Decimal::ONE_THOUSAND;
        if f.scale.is_none() && !grouped {
            return None;
        }
        let w = self.gap_or_wrap(f.end);
        if w > at {
            self.currency_after(w)
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
}

/// Whether a figure's text writes its currency by `code` itself, a word of
/// its own in any case ("KES 48.5 million", "12 millions xof"), not by a
/// symbol or a name that several currencies share ("Sh", "francs CFA").
fn names_code(text: &str, code: Currency) -> bool {
    let code = code.as_str().as_bytes();
    let t = text.as_bytes();
    t.windows(code.len()).enumerate().any(|(i, w)| {
        w.eq_ignore_ascii_case(code)
            && !t.get(i.wrapping_sub(1)).is_some_and(u8::is_ascii_alphabetic)
            && !t.get(i + code.len()).is_some_and(u8::is_ascii_alphabetic)
    })
}
