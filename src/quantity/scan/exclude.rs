//! Numbers that are no figure: a lone "one" read as a pronoun or an
//! article, a web address, a phone number, the number of a list item, a
//! figure offered as the alternative of an excluded one ("deux ou trois mois"), and the
//! article-led numerals that money decides: after a currency name "a
//! dozen" is the unit of a price, before one "un" is one ("un dollar").

use super::super::lexicon::WordClass;
use super::super::text::{
    ascii_word_end, at_line_start, char_before, is_alnum_before, is_digit_at,
    is_letter_at, word_end,
};
use super::super::words::{self, WordNumeral};
use super::{Cx, Fig};
use crate::record::Unit;

impl Cx<'_> {
    /// Whether `f` numbers an item rather than counting: an item number
    /// of a logframe or an outline opening a line ("1.1:", "2.3.1)",
    /// "1.2 :"), a list marker opening a line or numbering an inline
    /// enumeration ("1.", "2)"), or "(3)" after punctuation or a line
    /// start (after a word it may be a restatement that did not match).
    #[inline]
    pub(super) fn list_marker(&self, f: &Fig) -> bool {
        let s = self.s;
        if f.unit != Unit::Number || f.scale.is_some() {
            return false;
        }
        let bare = f.start == f.core_start;
        if bare
            && is_item_number(s, f.core_start, f.core_end)
            && (at_line_start(s, f.start)
                || inline_outline_item(s, f.core_start, f.core_end))
        {
            return true;
        }
        // "4.1 Increased leadership capacity": a logframe item's dotted
        // number opening its line, before its title's capital.
        if bare
            && dotted_item(s, f.core_start, f.core_end)
            && s.get(f.end) == Some(&b' ')
            && title_at(s, f.end + 1)
            && at_line_start(s, f.start)
            && !self.is_scale_word(f.end + 1, word_end(s, f.end + 1))
        {
            return true;
        }
        if f.plain_digits == 0 {
            return false;
        }
        let close = s.get(f.end).copied();
        let spaced = s.get(f.end + 1).is_none_or(|b| b.is_ascii_whitespace());
        if matches!(close, Some(b'.' | b')'))
            && (spaced || close == Some(b'.') && capital_at(s, f.end + 1))
            && (f.plain_digits <= 3 && at_line_start(s, f.start)
                || bare && inline_item(s, f.core_start, f.core_end))
        {
            return true;
        }
        // "3:  To improve access …": a heading's number opening its line,
        // or its sentence when the list is run in ("three levels; 1: To").
        if close == Some(b':')
            && bare
            && f.plain_digits <= 2
            && (at_line_start(s, f.start) || after_break(s, f.start))
        {
            let mut i = f.end + 1;
            while s.get(i).is_some_and(|&b| b == b' ' || b == b'\t') {
                i += 1;
            }
            if i > f.end + 1 && capital_at(s, i) {
                return true;
            }
        }
        let opened = f.start > 0 && s[f.start - 1] == b'(';
        f.plain_digits <= 2
            && close == Some(b')')
            && opened
            && !is_alnum_before(s, self.gap_before(f.start - 1))
    }

    /// Whether `f` is eight bare digits that read as two glued years
    /// ("Strategic Plan 20142019", a range that lost its dash) or as a
    /// date code ("20230115"): no count is written that way in prose.
    pub(super) fn glued_years(&self, f: &Fig) -> bool {
        let digits = &self.s[f.core_start..f.core_end];
        if f.unit != Unit::Number
            || f.scale.is_some()
            || f.plain_digits != 8
            || digits.len() != 8
        {
            return false;
        }
        let number = |d: &[u8]| {
            d.iter().fold(0u32, |v, &b| v * 10 + u32::from(b - b'0'))
        };
        let year = |y: u32| (1950..=2099).contains(&y);
        let (first, second) = (number(&digits[..4]), number(&digits[4..]));
        let range = year(first)
            && year(second)
            && second > first
            && second - first <= 30;
        let (month, day) = (number(&digits[4..6]), number(&digits[6..]));
        let date = year(first)
            && (1..=12).contains(&month)
            && (1..=31).contains(&day);
        range || date
    }

    /// Whether a lone "one" is a pronoun or article here ("one of the",
    /// "One App" mid-sentence).
    pub(super) fn pronoun_is_not_number(&self, f: &Fig) -> bool {
        let (s, lx) = (self.s, self.lx);
        let after = self.gap_after(f.end);
        let word_end = ascii_word_end(s, after);
        if !is_letter_at(s, after)
            || self.fwd(&self.lx.pronoun_not_before, after).is_some()
            || words::lookup(lx, s, after, word_end).is_some()
        {
            // Not followed by a word, or by a number word ("one one one").
            return true;
        }
        let before = self.gap_before(f.start);
        if self.back(&self.lx.pronoun_not_after, before).is_some() {
            return true;
        }
        let capital = s.get(f.core_start).is_some_and(u8::is_ascii_uppercase);
        if capital {
            let sentence_start = match char_before(s, before) {
                None => true,
                Some((_, c)) => matches!(
                    c,
                    '.' | '!'
                        | '?'
                        | ':'
                        | ';'
                        | '('
                        | '"'
                        | '\u{201c}'
                        | '-'
                        | '\u{2022}'
                        | '\n'
                        | '\r'
                        | '\u{2013}'
                ),
            };
            return !sentence_start;
        }
        false
    }
}

impl Cx<'_> {
    /// A unit that is no number alone (the article "un") right before a
    /// currency name: one of it ("un dollar", "d'une yen", "un penny").
    pub(super) fn article_before_money(
        &self,
        start: usize,
        end: usize,
    ) -> Option<WordNumeral> {
        let w = words::lookup(self.lx, self.s, start, end)?;
        let money = self.currency_after(self.gap_after(end));
        (w.not_alone && w.class == WordClass::Unit && money.is_some())
            .then_some(WordNumeral {
                end,
                value: w.value,
                lone_pronoun: false,
                approximate: false,
            })
    }

    /// Whether the word numeral `f`, led by an article ("a dozen", "une
    /// douzaine"), follows a currency name ending at `before`: the unit a
    /// price is given for ("64.2 cents a dozen"), not a count.
    pub(super) fn rate_after_money(&self, f: &Fig, before: usize) -> bool {
        let s = self.s;
        let led =
            words::lookup(self.lx, s, f.core_start, word_end(s, f.core_start))
                .is_some_and(|w| w.class == WordClass::Article || w.not_alone);
        led && before < f.start
            && self.back(&self.lx.currency_after, before).is_some()
    }

    /// Whether an alternative word at `after` ("ou") joins the plain
    /// number `f` to a figure that an exclusion word follows: in "deux
    /// ou trois mois" both are durations.
    pub(super) fn alternative_excluded(&self, f: &Fig, after: usize) -> bool {
        let Some((e, ())) = self.fwd(&self.lx.alternatives, after) else {
            return false;
        };
        let at = self.gap_after(e);
        let s = self.s;
        let starts = is_digit_at(s, at)
            || words::trigger(self.lx, s, at, word_end(s, at)).is_some();
        if at == e || !starts {
            return false;
        }
        let mut g = Fig::new(at);
        self.simple_at(at, f.end, &mut g).is_ok()
            && g.unit == f.unit
            && self
                .fwd(&self.lx.exclude_after, self.gap_after(g.end))
                .is_some()
    }
}

/// Whether the word at `start..end` opens a web address.
pub(super) fn is_url_start(s: &[u8], start: usize, end: usize) -> bool {
    // PERF: every word comes here; the byte after it rules out almost all at
    // once (cachegrind, layer 1, prose: -7.5%).
    if !matches!(s.get(end), Some(b':' | b'.')) {
        return false;
    }
    let word = &s[start..end];
    let scheme = [b"http".as_slice(), b"https", b"ftp"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
        && s.get(end..end + 3) == Some(b"://".as_slice());
    scheme || (word.eq_ignore_ascii_case(b"www") && s.get(end) == Some(&b'.'))
}

/// The end of the web address continuing at `pos`: the next whitespace.
pub(super) fn url_end(s: &[u8], pos: usize) -> usize {
    s[pos..]
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .map_or(s.len(), |i| pos + i)
}

/// The end of a phone number starting at `p`: three or more digit groups
/// of one to four digits joined by single spaces, dots or hyphens that do
/// not read as thousands ("76 12 34 56", "555-123-4567"), or an
/// international prefix and two groups ("+223 20 22").
pub(super) fn phone_end(s: &[u8], p: usize, plus: bool) -> Option<usize> {
    let mut pos = p;
    let mut groups = 0;
    let mut thousands_like = true;
    let mut end = p;
    loop {
        let start = pos;
        while is_digit_at(s, pos) {
            pos += 1;
        }
        let len = pos - start;
        if len == 0 || len > 4 {
            if len > 4 {
                return None;
            }
            break;
        }
        if groups == 0 && len > 3 || groups > 0 && len != 3 {
            thousands_like = false;
        }
        groups += 1;
        end = pos;
        let sep = s.get(pos).copied();
        if matches!(sep, Some(b' ' | b'-' | b'.')) && is_digit_at(s, pos + 1) {
            pos += 1;
        } else {
            break;
        }
    }
    let phone = (groups >= 3 && !thousands_like) || (plus && groups >= 2);
    phone.then_some(end)
}

/// Whether `s[start..end]` is a dotted item number ("1.1", "2.3.1": groups
/// of one to three digits) closed by a colon or a bracket, by a dot and a
/// space, or by a spaced dash before a word, with only spaces between.
fn is_item_number(s: &[u8], start: usize, end: usize) -> bool {
    let mut i = end;
    while s.get(i).is_some_and(|&b| b == b' ' || b == b'\t') {
        i += 1;
    }
    let closed = match s.get(i) {
        Some(b':' | b')') => true,
        Some(b'.') => {
            i == end && s.get(i + 1).is_none_or(u8::is_ascii_whitespace)
        }
        // "3.3 - Halve new infections": a spaced dash before words (a range
        // goes on with a figure: "1.5 - 2 million").
        Some(b'-' | 0xE2) if i > end => {
            let dash = match s[i] {
                b'-' => 1,
                _ if matches!(
                    s.get(i + 1..i + 3),
                    Some([0x80, 0x93 | 0x94])
                ) =>
                {
                    3
                }
                _ => 0,
            };
            let mut j = i + dash;
            while dash > 0 && s.get(j).is_some_and(|&b| b == b' ') {
                j += 1;
            }
            dash > 0 && j > i + dash && is_letter_at(s, j)
        }
        _ => false,
    };
    let number = &s[start..end];
    closed
        && number.contains(&b'.')
        && number.split(|&b| b == b'.').all(|g| {
            (1..=3).contains(&g.len()) && g.iter().all(u8::is_ascii_digit)
        })
}

/// Whether `s[start..end]` is a dotted item number of one- or two-digit
/// groups ("4.1", "2.3.1"), which no decimal of a count is written as
/// before a capitalised word.
fn dotted_item(s: &[u8], start: usize, end: usize) -> bool {
    let number = &s[start..end];
    number.contains(&b'.')
        && number.split(|&b| b == b'.').all(|g| {
            (1..=2).contains(&g.len()) && g.iter().all(u8::is_ascii_digit)
        })
}

/// Whether a capitalised word opens at `i` ("Increased"): a capital, then
/// two lower-case letters.
fn title_at(s: &[u8], i: usize) -> bool {
    capital_at(s, i)
        && s.get(i + 1..i + 3)
            .is_some_and(|w| w.iter().all(u8::is_ascii_lowercase))
}

/// Whether an ASCII capital is at `i`: an item glued to its number's dot
/// ("4.To promote") opens with one, where a decimal goes on with a digit.
fn capital_at(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_uppercase)
}

/// How far apart two items of an inline enumeration may be, in bytes.
const ITEM_REACH: usize = 1500;

/// Whether the outline number `s[start..end]` ("1.2", read from "1.2.
/// Support …") opens an item of an outline written inline: closed by a
/// full stop, a space and a capital, after a comma, a semicolon or a
/// colon, with another such item within [`ITEM_REACH`] bytes ("1.1. Food
/// aid, 1.2. Seeds, 2.1. Wells"). A figure ending a sentence after a list
/// of figures ("rates of 1.8, 2.1. The …") has no such sibling.
fn inline_outline_item(s: &[u8], start: usize, end: usize) -> bool {
    let opens = |at: usize, stop: usize| {
        s.get(stop) == Some(&b'.')
            && s.get(stop + 1) == Some(&b' ')
            && s.get(stop + 2).is_some_and(u8::is_ascii_uppercase)
            && s[at..stop].contains(&b'.')
    };
    let after_separator = |at: usize| {
        let mut i = at;
        while i > 0 && s[i - 1] == b' ' {
            i -= 1;
        }
        i > 0 && matches!(s[i - 1], b',' | b';' | b':') || at_line_start(s, at)
    };
    if !opens(start, end) || !after_separator(start) {
        return false;
    }
    // A sibling: digits and dots ending in ". " and a capital, standing
    // alone after a separator or a line start.
    let sibling = |stop: usize| {
        let mut at = stop;
        while at > 0 && (s[at - 1].is_ascii_digit() || s[at - 1] == b'.') {
            at -= 1;
        }
        at < stop
            && s[at].is_ascii_digit()
            && opens(at, stop)
            && after_separator(at)
    };
    let lo = start.saturating_sub(ITEM_REACH);
    let hi = (end + 2 + ITEM_REACH).min(s.len());
    memchr::memmem::find_iter(&s[lo..start], b". ").any(|i| sibling(lo + i))
        || memchr::memmem::find_iter(&s[end + 1..hi], b". ")
            .any(|i| sibling(end + 1 + i))
}

/// Whether the number `s[start..end]` (one or two digits, then `.` or `)`
/// and a space) numbers an item of an enumeration written inline, as
/// descriptions that lost their line breaks do ("… water points 2. Train
/// …"): the item before it or after it is numbered the same way within
/// [`ITEM_REACH`] bytes.
fn inline_item(s: &[u8], start: usize, end: usize) -> bool {
    let Some(&close) = s.get(end) else { return false };
    let digits = &s[start..end];
    if !(1..=2).contains(&digits.len())
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let n = digits.iter().fold(0, |v, &b| v * 10 + usize::from(b - b'0'));
    // The item `k` closed the same way at `c` ("7." or "12)"), standing
    // alone: no word or number glued before it, a space after it.
    let item_at = |k: usize, c: usize| {
        let len = if k < 10 { 1 } else { 2 };
        c >= len
            && (s.get(c + 1).is_some_and(u8::is_ascii_whitespace)
                || s[c] == b'.' && capital_at(s, c + 1))
            && s[c - len..c].iter().all(u8::is_ascii_digit)
            && s[c - len..c]
                .iter()
                .fold(0, |v, &b| v * 10 + usize::from(b - b'0'))
                == k
            && !char_before(s, c - len)
                .is_some_and(|(_, ch)| ch.is_alphanumeric())
    };
    // PERF: the closing byte is searched, not the item's text with memmem
    // (cachegrind, layer 1: report 78 -> 77 M per MB).
    let lo = start.saturating_sub(ITEM_REACH);
    let hi = (end + 1 + ITEM_REACH).min(s.len());
    (n > 1
        && memchr::memrchr_iter(close, &s[lo..start])
            .any(|c| item_at(n - 1, lo + c)))
        || (n < 99
            && memchr::memchr_iter(close, &s[end + 1..hi])
                .any(|c| item_at(n + 1, end + 1 + c)))
}

/// Whether the text before `pos`, past spaces, ends a sentence or clause
/// ("." or ";"; after a colon a number is a label's value: "Women: 12").
fn after_break(s: &[u8], pos: usize) -> bool {
    let before = s[..pos].iter().rposition(|&b| b != b' ' && b != b'\t');
    before.is_some_and(|i| matches!(s[i], b'.' | b';'))
}
