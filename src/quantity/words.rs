//! Word numerals: "fifty-four", "two thousand five hundred and
//! sixty-eight", "a dozen", "half a million".
//!
//! The grammar is general and driven by word classes from the lexicon
//! (DESIGN.md, "Number words"), so that another language is data:
//! - an additive word (unit or tens) adds its value, if it is smaller than
//!   the last additive value and that one was not a unit ("sixty-eight",
//!   "hundred and five"; "twelve five" stops after "twelve");
//! - a multiplier multiplies a smaller running value ("five hundred",
//!   "two dozen"; French "quatre-vingt");
//! - a scale word closes a group ("two thousand", then "five hundred");
//!   scales must decrease ("two million three thousand");
//! - an article stands for 1 and a fraction for its value, only before a
//!   multiplier or scale word ("a hundred", "half a million");
//! - a connector ("and") joins parts only after a multiplier or scale and
//!   before an additive word;
//! - a part after a one-word numerator makes an exact fraction: a singular
//!   part after "a" or "one" ("a fifth", "one half"), a plural part after a
//!   number above one ("three quarters"), then maybe a scale ("three
//!   quarters billion"); after "and" it ends a mixed number ("one and a
//!   fourth", "five billion and three quarters"). After "a", a singular
//!   part is one only before a scale word, a word the lexicon lists (`of`)
//!   or the end of a clause: "a fifth year" is an ordinal.
//!
//! Words are separated by spaces or one hyphen. The parse keeps the last
//! complete numeral, so a trailing word that does not fit ("a" in "five
//! hundred a year") is left out rather than spoiling the figure.

use rust_decimal::Decimal;

use super::lexicon::{Inner, WordClass, WordInfo};
use super::text::{ascii_word_end, is_letter_at, skip_spaces, word_end};
use crate::word::word_key;

/// Bound on the words of one numeral: the longest English numeral below
/// 10^15 has about 30 words; the bound keeps a run of "one one one …"
/// linear.
const MAX_WORDS: usize = 40;

/// A word numeral as read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct WordNumeral {
    pub(crate) end: usize,
    pub(crate) value: Decimal,
    /// The numeral is one pronoun-like word ("one").
    pub(crate) lone_pronoun: bool,
    /// A word of the numeral makes it approximate ("une quinzaine").
    pub(crate) approximate: bool,
}

/// The lexicon's meaning of the word at `at..end`.
pub(crate) fn lookup(
    lx: &Inner,
    s: &[u8],
    at: usize,
    end: usize,
) -> Option<WordInfo> {
    let key = word_key(s.get(at..end)?)?;
    lx.words.get(&key).copied()
}

/// The meaning of the word at `at..end` if it can start a numeral: a
/// unit, tens, multiplier or scale word.
#[inline]
pub(crate) fn trigger(
    lx: &Inner,
    s: &[u8],
    at: usize,
    end: usize,
) -> Option<WordInfo> {
    let len = end - at;
    let first = *s.get(at)?;
    // PERF: the (first byte, length) filter rejects most words before hashing
    // (quantities/prose/100KB: 1.6x the raw digit scan).
    if len >= 32 || lx.word_filter[usize::from(first)] & (1 << len) == 0 {
        return None;
    }
    // PERF: the first and last letters refuse most words before hashing ("the"
    // for "ten"; cachegrind, layer 1: prose -18%, report -2.6%).
    let last = *s.get(end.checked_sub(1)?)?;
    if !lx.word_edges.may_hold(first, last, len) {
        return None;
    }
    // The filters leave out words that start no numeral; this holds even
    // where one shares its edges and length with a number word.
    lookup(lx, s, at, end).filter(|w| w.class.starts_numeral())
}

/// The next word of a numeral after `pos`: across spaces or one hyphen.
/// A word runs over letters of any script, so a number word may hold
/// accented letters ("cinquième").
fn next_numeral_word(s: &[u8], pos: usize) -> Option<(usize, usize)> {
    let start =
        if s.get(pos) == Some(&b'-') { pos + 1 } else { skip_spaces(s, pos) };
    if start == pos {
        return None;
    }
    let end = word_end(s, start);
    (end > start).then_some((start, end))
}

/// Reads the word numeral whose first word is `at..first_end`.
pub(crate) fn read(
    lx: &Inner,
    s: &[u8],
    at: usize,
    first_end: usize,
) -> Option<WordNumeral> {
    // Decimal, not integers: "five and a half million" has a fractional
    // running value before its scale.
    let zero = Decimal::ZERO;
    let mut total = zero;
    let mut current = zero;
    let mut fraction: Option<Decimal> = None;
    // Bound for the next additive word, and whether the last one was a
    // unit (after which no additive word may follow).
    let mut last_add = Decimal::MAX;
    let mut last_final = false;
    let mut last_scale = zero;
    // After an article or fraction: a multiplier or scale must follow.
    let mut need_multiplier = false;
    let mut after_fraction = false;
    let mut prev_class: Option<WordClass> = None;
    // The last word is a unit that is no number alone: an article by
    // another name ("un cinquième" reads as "a fifth").
    let mut prev_article_unit = false;
    // After a part: only a scale may follow ("three quarters billion").
    let mut parted = false;
    let mut best: Option<WordNumeral> = None;
    let mut words = 0usize;
    let mut approximate = false;
    let mut span = (at, first_end);
    loop {
        let (ws, we) = span;
        let Some(info) = lookup(lx, s, ws, we) else { break };
        let v = info.value;
        match info.class {
            WordClass::Tens
                if info.tens_multiplier
                    && prev_class == Some(WordClass::Unit)
                    && last_add < v =>
            {
                // "quatre-vingts": the unit before is multiplied, not
                // added to ("cent quatre-vingts" is 100 + 4 x 20).
                let unit = last_add;
                current = current
                    .checked_sub(unit)?
                    .checked_add(unit.checked_mul(v)?)?;
                last_add = v;
                last_final = false;
            }
            c if c.is_part()
                && words == 1
                && total.is_zero()
                && fraction.is_none() =>
            {
                let Some(n) = part_numerator(prev_class, current, c) else {
                    break;
                };
                let article = prev_class == Some(WordClass::Article)
                    || prev_article_unit;
                if article && !part_may_end(lx, s, we) {
                    break;
                }
                current = n.checked_mul(v)?;
                need_multiplier = false;
                last_final = true;
                parted = true;
            }
            WordClass::Part | WordClass::Parts => break,
            WordClass::Unit | WordClass::Tens => {
                if need_multiplier || last_final || v >= last_add {
                    break;
                }
                current = current.checked_add(v)?;
                last_add = v;
                last_final = info.class == WordClass::Unit;
            }
            WordClass::Multiplier => {
                if current.is_zero() && info.bare && !parted {
                    // "cent vingt": the word stands for its own value.
                    current = v;
                } else if parted
                    || current.is_zero()
                    || current >= v
                    || (info.unit_multiplier
                        && (prev_class != Some(WordClass::Unit)
                            || current != last_add))
                {
                    // A unit multiplier after more than one unit word:
                    // "quarante-cinq cents" ends before "cents".
                    break;
                } else {
                    current = current.checked_mul(v)?;
                }
                last_add = v;
                last_final = false;
                need_multiplier = false;
            }
            WordClass::Scale => {
                if current.is_zero() && info.bare && total.is_zero() {
                    // "mille cinq cents": the scale alone stands for one.
                    current = Decimal::ONE;
                }
                if current.is_zero() && (total.is_zero() || v <= last_scale) {
                    break;
                }
                if !last_scale.is_zero() && v > last_scale {
                    // "three thousand million": the larger scale takes all.
                    total = total.checked_add(current)?.checked_mul(v)?;
                } else if !last_scale.is_zero() && v == last_scale {
                    break;
                } else {
                    total = total.checked_add(current.checked_mul(v)?)?;
                }
                current = zero;
                last_scale = v;
                last_add = v;
                last_final = false;
                need_multiplier = false;
            }
            WordClass::Article => {
                if words > 0 && !after_fraction {
                    break;
                }
                current = Decimal::ONE;
                need_multiplier = true;
                after_fraction = false;
            }
            WordClass::Fraction => {
                if words > 0 {
                    break;
                }
                fraction = Some(v);
                after_fraction = true;
                need_multiplier = true;
                // "half million" needs no article: stand for one.
                current = Decimal::ONE;
            }
            WordClass::Connector => {
                // "one and a half", "three million and a half", "five and
                // a half million".
                if let Some((mut half_end, f)) = and_a_fraction(lx, s, ws) {
                    if words > 0 && fraction.is_none() && !need_multiplier {
                        // "one billion and a half million": the fraction
                        // is of the smaller scale that follows it.
                        let smaller = next_numeral_word(s, half_end)
                            .and_then(|(a, b)| Some((b, lookup(lx, s, a, b)?)))
                            .filter(|(_, w)| {
                                w.class == WordClass::Scale
                                    && w.value < last_scale
                            });
                        if let Some((end, w)) = smaller {
                            total =
                                total.checked_add(f.checked_mul(w.value)?)?;
                            half_end = end;
                        } else if prev_class == Some(WordClass::Scale) {
                            total = total
                                .checked_add(f.checked_mul(last_scale)?)?;
                        } else {
                            current = current.checked_add(f)?;
                        }
                        prev_class = Some(WordClass::Fraction);
                        last_final = true;
                        let value = total.checked_add(current)?;
                        best = Some(WordNumeral {
                            end: half_end,
                            value,
                            lone_pronoun: false,
                            approximate,
                        });
                        match next_numeral_word(s, half_end) {
                            Some(next) => {
                                span = next;
                                continue;
                            }
                            None => break,
                        }
                    }
                    break;
                }
                // Only between a multiplier or scale and an additive word,
                // or, for a tens connector, a tens word and a unit
                // ("vingt et un").
                let joins = if info.joins_tens {
                    prev_class == Some(WordClass::Tens)
                } else {
                    matches!(
                        prev_class,
                        Some(WordClass::Multiplier | WordClass::Scale)
                    )
                };
                if !joins {
                    break;
                }
                let Some(next) = next_numeral_word(s, we) else { break };
                let fits = lookup(lx, s, next.0, next.1).is_some_and(|n| {
                    if info.joins_tens {
                        n.class == WordClass::Unit
                    } else {
                        matches!(n.class, WordClass::Unit | WordClass::Tens)
                    }
                });
                if !fits {
                    break;
                }
                prev_class = Some(WordClass::Connector);
                span = next;
                continue;
            }
        }
        words += 1;
        approximate |= info.approximate;
        prev_class = Some(info.class);
        prev_article_unit = info.not_alone;
        // A word that is no number alone ("un") waits for the next one.
        let alone_only = words == 1 && info.not_alone;
        if !need_multiplier && !alone_only {
            let whole = total.checked_add(current)?;
            let value = match fraction {
                Some(f) => whole.checked_mul(f)?,
                None => whole,
            };
            best = Some(WordNumeral {
                end: we,
                value,
                lone_pronoun: words == 1 && info.pronoun,
                approximate,
            });
        }
        if words >= MAX_WORDS {
            break;
        }
        match next_numeral_word(s, we) {
            Some(next) => span = next,
            None => break,
        }
    }
    best
}

/// "and a half", "and one fourth", "and three fifths" starting at `pos`
/// (the connector's first byte): the end of the part word and the
/// fraction's value.
pub(crate) fn and_a_fraction(
    lx: &Inner,
    s: &[u8],
    pos: usize,
) -> Option<(usize, Decimal)> {
    let ce = ascii_word_end(s, pos);
    if ce == pos || lookup(lx, s, pos, ce)?.class != WordClass::Connector {
        return None;
    }
    let (a, ae) = next_numeral_word(s, ce)?;
    let num = lookup(lx, s, a, ae)?;
    // "et demi": a fraction right after the connector (French).
    if num.class == WordClass::Fraction {
        return Some((ae, num.value));
    }
    let (h, he) = next_numeral_word(s, ae)?;
    let part = lookup(lx, s, h, he)?;
    if !part.class.is_part() {
        return None;
    }
    let value = match num.class {
        WordClass::Article => Decimal::ONE,
        WordClass::Unit | WordClass::Tens => num.value,
        _ => return None,
    };
    let n = part_numerator(Some(num.class), value, part.class)?;
    let article = num.class == WordClass::Article || num.not_alone;
    if article && part.class == WordClass::Part && !part_may_end(lx, s, he) {
        return None;
    }
    Some((he, n.checked_mul(part.value)?))
}

/// The numerator of a part of class `part` after a one-word numeral of
/// class `prev` worth `value`: one for a singular part ("a fifth", "one
/// half"), above one for a plural part ("three fifths").
fn part_numerator(
    prev: Option<WordClass>,
    value: Decimal,
    part: WordClass,
) -> Option<Decimal> {
    let one = value == Decimal::ONE;
    let ok = match (prev?, part) {
        (WordClass::Article, WordClass::Fraction | WordClass::Part) => true,
        (WordClass::Unit, WordClass::Fraction | WordClass::Part) => one,
        (WordClass::Unit | WordClass::Tens, WordClass::Parts) => {
            value > Decimal::ONE
        }
        _ => false,
    };
    ok.then_some(value)
}

/// Whether a singular part ending at `end` ends its fraction: the end of
/// a clause, a scale word or a word of `part_followers` ("a fifth of")
/// follows, not a noun it would rank ("a fifth year").
pub(crate) fn part_may_end(lx: &Inner, s: &[u8], end: usize) -> bool {
    let at = skip_spaces(s, end);
    if !is_letter_at(s, at) {
        // A hyphen compound ("a half-day") is refused by the caller.
        return true;
    }
    let we = ascii_word_end(s, at);
    let scale = lookup(lx, s, at, we).is_some_and(|w| {
        matches!(w.class, WordClass::Scale | WordClass::Multiplier)
    });
    scale
        || s.get(at..we)
            .and_then(word_key)
            .is_some_and(|k| lx.part_followers.contains(&k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::Lexicon;

    fn value(text: &str) -> Option<String> {
        let lx = &Lexicon::english().inner;
        let s = text.as_bytes();
        let end = ascii_word_end(s, 0);
        read(lx, s, 0, end).map(|w| w.value.normalize().to_string())
    }

    #[test]
    fn parts_after_a_one_word_numerator_are_exact_fractions() {
        assert_eq!(value("three quarters").as_deref(), Some("0.75"));
        assert_eq!(value("a fifth of it").as_deref(), Some("0.2"));
        assert_eq!(value("one and a fourth").as_deref(), Some("1.25"));
        assert_eq!(
            value("two million and three fifths").as_deref(),
            Some("2600000")
        );
        assert_eq!(
            value("three quarters billion").as_deref(),
            Some("750000000")
        );
    }

    fn french(text: &str) -> Option<String> {
        let lx = Lexicon::from_toml(
            "rules/fr/lexicon.toml",
            include_str!("../../rules/fr/lexicon.toml"),
        )
        .expect("the French lexicon compiles");
        let s = text.as_bytes();
        let end = word_end(s, 0);
        read(&lx.inner, s, 0, end).map(|w| w.value.normalize().to_string())
    }

    #[test]
    fn french_parts_hold_accents_and_read_un_as_an_article() {
        assert_eq!(french("un cinquième").as_deref(), Some("0.2"));
        assert_eq!(french("trois quarts").as_deref(), Some("0.75"));
        assert_eq!(french("un et un quatrieme").as_deref(), Some("1.25"));
        assert_eq!(french("zéro").as_deref(), Some("0"));
        // "un" before a part that ranks a noun is no number at all.
        assert_eq!(french("un cinquième mandat"), None);
        assert_eq!(french("trois cinquième").as_deref(), Some("3"));
    }

    #[test]
    fn a_unit_multiplier_multiplies_one_unit_word() {
        assert_eq!(french("cinq cents").as_deref(), Some("500"));
        assert_eq!(french("quarante-cinq cents").as_deref(), Some("45"));
        assert_eq!(french("dix-sept cents").as_deref(), Some("17"));
        assert_eq!(
            french("mille neuf cent quatre-vingt-dix").as_deref(),
            Some("1990")
        );
    }

    #[test]
    fn a_part_that_ranks_a_noun_or_disagrees_is_no_fraction() {
        assert_eq!(value("a fifth year"), None);
        assert_eq!(value("twenty fifth").as_deref(), Some("20"));
        assert_eq!(value("three fifth").as_deref(), Some("3"));
        assert_eq!(value("one fifths").as_deref(), Some("1"));
    }
}
