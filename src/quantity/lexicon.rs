//! Language data for layer 1: its serde schema and its compiled form.
//!
//! A lexicon is read from one or more TOML texts (`rules/en/lexicon.toml`
//! for English) and compiled once into lookup structures the scanner uses
//! without allocating: a hash map from packed lower-case words to number
//! word meanings, and phrase lists bucketed by their first or last byte so
//! that a candidate checks only the few phrases that can match there.
//!
//! Layer 1 owns this schema; the rule loader of layer 2 only hands it
//! `(name, text)` pairs, so layer 1 never depends on layer 2.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use once_cell::sync::Lazy;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::text;
use crate::error::{toml_message, Diagnostic, RuleError};
use crate::record::{Currency, Qualifier};

/// The embedded English lexicon text.
pub(crate) const ENGLISH_LEXICON: &str =
    include_str!("../../rules/en/lexicon.toml");

// ---------------------------------------------------------------------
// Schema: mirrors the file, nothing else.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[allow(dead_code)]
    language: Option<String>,
    numbers: Option<NumbersFile>,
    #[serde(default)]
    scale: Vec<ScaleFile>,
    #[serde(default)]
    currency: Vec<CurrencyFile>,
    currencies: Option<CurrenciesFile>,
    percent: Option<PercentFile>,
    qualifiers: Option<QualifiersFile>,
    exclude: Option<ExcludeFile>,
    ranges: Option<RangesFile>,
    signs: Option<SignsFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignsFile {
    #[serde(default)]
    negative: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangesFile {
    #[serde(default)]
    open: Vec<Spanned<String>>,
    #[serde(default)]
    join: Vec<Spanned<String>>,
    #[serde(default)]
    dashes: Vec<Spanned<String>>,
    #[serde(default)]
    not_after: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum NumValue {
    Int(u64),
    Text(String),
}

type NumMap = BTreeMap<String, Spanned<NumValue>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumbersFile {
    #[serde(default)]
    units: NumMap,
    #[serde(default)]
    tens: NumMap,
    #[serde(default)]
    multipliers: NumMap,
    #[serde(default)]
    scales: NumMap,
    #[serde(default)]
    articles: Vec<Spanned<String>>,
    #[serde(default)]
    fractions: NumMap,
    #[serde(default)]
    connectors: Vec<Spanned<String>>,
    #[serde(default)]
    pronouns: Vec<Spanned<String>>,
    #[serde(default)]
    pronoun_not_before: Vec<Spanned<String>>,
    #[serde(default)]
    pronoun_not_after: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleFile {
    words: Vec<Spanned<String>>,
    value: Spanned<String>,
    #[serde(default)]
    glued: bool,
    #[serde(default = "yes")]
    spaced: bool,
    #[serde(default)]
    money_only: bool,
    #[serde(default)]
    case_sensitive: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrencyFile {
    code: Spanned<String>,
    #[serde(default)]
    symbols: Vec<Spanned<String>>,
    #[serde(default)]
    names: Vec<Spanned<String>>,
    factor: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrenciesFile {
    #[serde(default)]
    iso: Vec<Spanned<String>>,
    #[serde(default)]
    any_case: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PercentFile {
    #[serde(default)]
    percent: Vec<Spanned<String>>,
    #[serde(default)]
    points: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifiersFile {
    #[serde(default)]
    approx: Vec<Spanned<String>>,
    #[serde(default)]
    more_than: Vec<Spanned<String>>,
    #[serde(default)]
    at_least: Vec<Spanned<String>>,
    #[serde(default)]
    at_most: Vec<Spanned<String>>,
    #[serde(default)]
    less_than: Vec<Spanned<String>>,
    #[serde(default)]
    at_least_after: Vec<Spanned<String>>,
    #[serde(default)]
    at_most_after: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExcludeFile {
    #[serde(default)]
    before: Vec<Spanned<String>>,
    #[serde(default)]
    after: Vec<Spanned<String>>,
    #[serde(default)]
    months: Vec<Spanned<String>>,
    years: Option<Spanned<[u32; 2]>>,
}

// ---------------------------------------------------------------------
// Compiled form.

/// What a number word does in the numeral grammar (DESIGN.md, "Number
/// words").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordClass {
    /// Adds its value; no smaller additive word may follow.
    Unit,
    /// Adds its value; a smaller additive word may follow.
    Tens,
    /// Multiplies a smaller running value ("five hundred").
    Multiplier,
    /// Closes a group ("two thousand").
    Scale,
    /// Stands for 1 before a multiplier or scale word.
    Article,
    /// A fraction before an article and a multiplier or scale word.
    Fraction,
    /// Joins parts of one numeral ("hundred and twenty").
    Connector,
}

impl WordClass {
    /// Whether a word of this class can be a numeral's first word: articles,
    /// connectors and fractions are reached from the words around them.
    pub(crate) fn starts_numeral(self) -> bool {
        !matches!(
            self,
            WordClass::Article | WordClass::Connector | WordClass::Fraction
        )
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct WordInfo {
    pub(crate) class: WordClass,
    pub(crate) value: Decimal,
    /// A lone pronoun-like word ("one").
    pub(crate) pronoun: bool,
}

/// A phrase: tokens separated in the text by spaces, no-break spaces or a
/// hyphen. A token is matched ASCII-case-insensitively unless the phrase
/// is case sensitive; a token that starts (ends) with a letter must start
/// (end) at a word boundary.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    tokens: Box<[Token]>,
    case_sensitive: bool,
    /// Length of the first (last) token when it is made of ASCII letters
    /// only, else 0: such a token must be a whole word of the text.
    first_word: usize,
    last_word: usize,
}

/// One token of a phrase, with its word-boundary needs worked out once
/// (a match runs per candidate; decoding the token's edges there would
/// repeat the same work every time).
#[derive(Clone, Debug)]
struct Token {
    bytes: Box<[u8]>,
    starts_letter: bool,
    ends_letter: bool,
}

impl std::ops::Deref for Token {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl Phrase {
    fn new(text: &str, case_sensitive: bool) -> Option<Phrase> {
        let tokens: Box<[Token]> = text
            .split_whitespace()
            .map(|t| Token {
                bytes: t.as_bytes().into(),
                starts_letter: text::starts_with_letter(t.as_bytes()),
                ends_letter: text::ends_with_letter(t.as_bytes()),
            })
            .collect();
        let word_len = |t: &[u8]| {
            if t.iter().all(u8::is_ascii_alphabetic) {
                t.len()
            } else {
                0
            }
        };
        let first_word = word_len(tokens.first()?);
        let last_word = word_len(tokens.last()?);
        Some(Phrase { tokens, case_sensitive, first_word, last_word })
    }

    fn first_byte(&self) -> u8 {
        let b = self.tokens[0][0];
        if self.case_sensitive {
            b
        } else {
            b.to_ascii_lowercase()
        }
    }

    /// The first token's second byte, lower-cased, or 0 when it has one.
    fn first_inner(&self) -> u8 {
        self.tokens[0].get(1).map_or(0, u8::to_ascii_lowercase)
    }

    /// The last token's last byte but one, lower-cased, or 0.
    fn last_inner(&self) -> u8 {
        let t = &self.tokens[self.tokens.len() - 1];
        t.len().checked_sub(2).map_or(0, |i| t[i].to_ascii_lowercase())
    }

    /// The byte a match must have right past the gap after the first
    /// token (the second token's first byte), or 0 for a one-token phrase.
    fn second_first(&self) -> u8 {
        self.tokens.get(1).map_or(0, |t| t[0].to_ascii_lowercase())
    }

    /// The byte a match must have right before the gap before the last
    /// token (the last byte of the token before it), or 0.
    fn second_last(&self) -> u8 {
        let n = self.tokens.len();
        if n < 2 {
            return 0;
        }
        let t = &self.tokens[n - 2];
        t[t.len() - 1].to_ascii_lowercase()
    }

    fn last_byte(&self) -> u8 {
        let last = &self.tokens[self.tokens.len() - 1];
        let b = last[last.len() - 1];
        if self.case_sensitive {
            b
        } else {
            b.to_ascii_lowercase()
        }
    }

    #[inline]
    fn token_eq(&self, a: &[u8], b: &[u8]) -> bool {
        if self.case_sensitive {
            a == b
        } else {
            a.eq_ignore_ascii_case(b)
        }
    }

    /// The end of this phrase if it matches at `at`.
    pub(crate) fn match_forward(&self, s: &[u8], at: usize) -> Option<usize> {
        let mut pos = at;
        for (i, tok) in self.tokens.iter().enumerate() {
            if i > 0 {
                // Two word tokens cannot touch: the previous one already
                // refused a letter right after it.
                pos = text::skip_phrase_gap(s, pos);
            }
            let end = pos.checked_add(tok.len())?;
            let cand = s.get(pos..end)?;
            if !self.token_eq(cand, tok) {
                return None;
            }
            if tok.ends_letter && text::is_letter_at(s, end) {
                return None;
            }
            if i == 0 && tok.starts_letter && text::is_letter_before(s, pos) {
                return None;
            }
            pos = end;
        }
        Some(pos)
    }

    /// The start of this phrase if it matches ending at `end`.
    pub(crate) fn match_backward(
        &self,
        s: &[u8],
        end: usize,
    ) -> Option<usize> {
        let mut pos = end;
        let n = self.tokens.len();
        for i in (0..n).rev() {
            let tok = &self.tokens[i];
            if i + 1 < n {
                pos = text::skip_phrase_gap_back(s, pos);
            }
            let start = pos.checked_sub(tok.len())?;
            let cand = s.get(start..pos)?;
            if !self.token_eq(cand, tok) {
                return None;
            }
            if tok.starts_letter && text::is_letter_before(s, start) {
                return None;
            }
            if i + 1 == n && tok.ends_letter && text::is_letter_at(s, pos) {
                return None;
            }
            pos = start;
        }
        Some(pos)
    }
}

/// Phrases bucketed by a byte so a lookup tries only likely ones.
#[derive(Clone, Debug)]
pub(crate) struct PhraseSet<T> {
    phrases: Vec<(Phrase, T)>,
    // PERF: buckets indexed by byte, not hashed: a lookup is one load
    // (bench quantities/prose; SipHash on `u8` keys was ~8% of the scan).
    by_first: Box<[Vec<Entry>]>,
    by_last: Box<[Vec<Entry>]>,
    /// This set's bit in the edge filters.
    pub(crate) bit: u32,
}

impl<T: Copy> PhraseSet<T> {
    fn new() -> PhraseSet<T> {
        PhraseSet {
            phrases: Vec::new(),
            by_first: vec![Vec::new(); 256].into_boxed_slice(),
            by_last: vec![Vec::new(); 256].into_boxed_slice(),
            bit: 0,
        }
    }

    fn push(&mut self, phrase: Phrase, value: T) {
        let id = self.phrases.len() as u32;
        let first = Entry::new(
            &phrase.tokens[0],
            phrase.first_word,
            phrase.first_inner(),
            phrase.second_first(),
            id,
        );
        for b in bucket_bytes(phrase.first_byte(), phrase.case_sensitive) {
            Entry::insert(&mut self.by_first[usize::from(b)], first);
        }
        let last = Entry::new(
            &phrase.tokens[phrase.tokens.len() - 1],
            phrase.last_word,
            phrase.last_inner(),
            phrase.second_last(),
            id,
        );
        for b in bucket_bytes(phrase.last_byte(), phrase.case_sensitive) {
            Entry::insert(&mut self.by_last[usize::from(b)], last);
        }
        self.phrases.push((phrase, value));
    }

    /// The longest phrase matching at `at`: `(end, value)`.
    pub(crate) fn longest_at(
        &self,
        s: &[u8],
        at: usize,
    ) -> Option<(usize, T)> {
        let b = *s.get(at)?;
        let ids = &self.by_first[usize::from(b)];
        // PERF: a word token must be the whole word at `at`, so its length
        // rules out most candidates before any byte comparison (perf on a
        // dense 50 MB corpus: phrase matching fell from ~28% to ~15% of the
        // scan; `extract --quantities` 0.645 s -> 0.551 s).
        let word = word_len_tag(text::ascii_word_end(s, at) - at);
        let inner = s.get(at + 1).map_or(0, u8::to_ascii_lowercase);
        let mut best: Option<(usize, u32, T)> = None;
        let mut across = Across::default();
        for &e in Entry::candidates(ids, inner) {
            if !e.fits(word) || !across.fits(e, || e.across_start(s, at)) {
                continue;
            }
            let (p, v) = &self.phrases[e.id as usize];
            if let Some(end) = p.match_forward(s, at) {
                // Longest first; of equal ones, the first listed.
                if best.is_none_or(|(be, bid, _)| (end, bid) > (be, e.id)) {
                    best = Some((end, e.id, *v));
                }
            }
        }
        best.map(|(end, _, v)| (end, v))
    }

    /// The longest phrase ending at `end`: `(start, value)`.
    pub(crate) fn longest_ending_at(
        &self,
        s: &[u8],
        end: usize,
    ) -> Option<(usize, T)> {
        let b = *s.get(end.checked_sub(1)?)?;
        let ids = &self.by_last[usize::from(b)];
        let word = word_len_tag(end - text::ascii_word_start(s, end));
        let inner = end
            .checked_sub(2)
            .and_then(|i| s.get(i))
            .map_or(0, u8::to_ascii_lowercase);
        let mut best: Option<(usize, u32, T)> = None;
        let mut across = Across::default();
        for &e in Entry::candidates(ids, inner) {
            if !e.fits(word) || !across.fits(e, || e.across_end(s, end)) {
                continue;
            }
            let (p, v) = &self.phrases[e.id as usize];
            if let Some(start) = p.match_backward(s, end) {
                // Longest first; of equal ones, the first listed.
                if best.is_none_or(|(bs, bid, _)| (start, e.id) < (bs, bid)) {
                    best = Some((start, e.id, *v));
                }
            }
        }
        best.map(|(start, _, v)| (start, v))
    }
}

/// A phrase in a bucket, with what a match needs around its edge token,
/// so that most phrases are ruled out without being touched.
// PERF: the byte next to the edge and the byte across the gap rule out
// the phrases that share an edge byte or word ("approx." and "min." both
// end in "."; "in excess of", "upwards of", "age of" all end in "of").
// With the per-set edge masks in `EdgeFilter`, layer 1 on 1 MB of the
// bench report fixture (valgrind cachegrind instruction counts) went from
// 125.2 M to 109.4 M (masks) and to 99.9 M (these checks).
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The edge token's length when it is a plain word, else 0.
    word: u8,
    /// The edge token's length in bytes, up to 255 (then `across` is 0).
    len: u8,
    /// The edge token's byte next to its edge byte (the second, or the
    /// last but one), lower-cased; 0 for a one-byte token.
    inner: u8,
    /// The lower-cased byte across the gap from the edge token (the next
    /// token's first byte, or the previous token's last), 0 for one token.
    across: u8,
    id: u32,
}

impl Entry {
    fn new(
        edge: &Token,
        word_len: usize,
        inner: u8,
        across: u8,
        id: u32,
    ) -> Entry {
        let len = edge.len().min(255) as u8;
        let across = if edge.len() > 255 { 0 } else { across };
        Entry { word: word_len_tag(word_len), len, inner, across, id }
    }

    /// Adds `e` to a bucket kept in `(inner, id)` order.
    fn insert(bucket: &mut Vec<Entry>, e: Entry) {
        let at = bucket.partition_point(|x| (x.inner, x.id) < (e.inner, e.id));
        bucket.insert(at, e);
    }

    /// The entries of a bucket that may match where the text's byte next
    /// to the edge byte, lower-cased, is `inner` (0 when there is none):
    /// those that need no such byte, then those that need this one.
    // PERF: a bucket is sorted by that byte, so a lookup touches only its
    // candidates (bench quantities/adv-dollars: the 25 phrases ending in
    // "$" were each tested for every "$9"; 90 -> 86 M instructions per MB).
    #[inline]
    fn candidates(
        bucket: &[Entry],
        inner: u8,
    ) -> impl Iterator<Item = &Entry> {
        let any = bucket.partition_point(|e| e.inner == 0);
        let rest = &bucket[any..];
        let lo = rest.partition_point(|e| e.inner < inner);
        let hi = lo + rest[lo..].partition_point(|e| e.inner == inner);
        bucket[..any].iter().chain(&rest[lo..hi])
    }

    /// Whether the text's ASCII word at the edge, of length tag `word`,
    /// fits this entry.
    #[inline]
    fn fits(self, word: u8) -> bool {
        self.word == 0 || self.word == word
    }

    /// The text's byte, lower-cased, across the gap after this entry's
    /// edge token if it starts at `at` (0 when there is none).
    #[inline]
    fn across_start(self, s: &[u8], at: usize) -> u8 {
        let gap = text::skip_phrase_gap(s, at + usize::from(self.len));
        s.get(gap).map_or(0, u8::to_ascii_lowercase)
    }

    /// The text's byte, lower-cased, across the gap before this entry's
    /// edge token if it ends at `end` (0 when there is none).
    #[inline]
    fn across_end(self, s: &[u8], end: usize) -> u8 {
        end.checked_sub(usize::from(self.len))
            .map(|start| text::skip_phrase_gap_back(s, start))
            .and_then(|gap| gap.checked_sub(1))
            .and_then(|i| s.get(i))
            .map_or(0, u8::to_ascii_lowercase)
    }
}

/// The text's byte across the gap from an edge token, remembered for
/// the token length it was read for: the candidates of one lookup mostly
/// share their edge token ("more than", "less than", "fewer than" …).
// PERF: the gap was skipped once per candidate (24 phrases end in "$",
// 11 in "than"). Layer 1, cachegrind instructions per MB: the bench's
// adv-dollars text 58.0 -> 55.2 M, report fixture 67.9 -> 67.5 M, dense
// 120.2 -> 119.9 M; prose 13.1 -> 13.3 M (no lookups there: code
// layout).
#[derive(Default)]
struct Across {
    /// `(edge token length, byte)` of the last read.
    last: Option<(u8, u8)>,
}

impl Across {
    /// Whether `e` needs no byte across its gap, or finds the one it
    /// needs; `read` reads the text's byte for `e`'s token length.
    #[inline]
    fn fits(&mut self, e: Entry, read: impl FnOnce() -> u8) -> bool {
        if e.across == 0 {
            return true;
        }
        let byte = match self.last {
            Some((len, byte)) if len == e.len => byte,
            _ => {
                let byte = read();
                self.last = Some((e.len, byte));
                byte
            }
        };
        byte == e.across
    }
}

/// A whole-word token length as stored in a bucket: 0 means "not a plain
/// word"; lengths past 255 share 255 and are checked when matched.
fn word_len_tag(len: usize) -> u8 {
    len.min(255) as u8
}

fn bucket_bytes(b: u8, case_sensitive: bool) -> impl Iterator<Item = u8> {
    let upper = b.to_ascii_uppercase();
    let both = !case_sensitive && upper != b;
    std::iter::once(b).chain(both.then_some(upper))
}

/// Which phrase sets may have a phrase starting (or ending) at a place:
/// one lookup at a figure's edge gives a bit mask of the sets worth
/// asking there. Most figures are followed by a noun and preceded by a
/// verb that no set holds, so most lookups are skipped; and a word that
/// does end some phrase ("and" of "between … and") is looked up only in
/// the sets that hold it.
#[derive(Debug)]
pub(crate) struct EdgeFilter {
    words: HashMap<u128, u32, BuildHasherDefault<WordHasher>>,
    /// The shapes of the keys of `words`.
    shapes: WordShapes,
    bytes: Box<[u32; 256]>,
    /// Sets with a word token too long for a key: any word may match.
    all_words: u32,
}

impl Default for EdgeFilter {
    fn default() -> EdgeFilter {
        EdgeFilter {
            words: HashMap::default(),
            shapes: WordShapes::default(),
            bytes: Box::new([0; 256]),
            all_words: 0,
        }
    }
}

impl EdgeFilter {
    /// Records a phrase edge of the set `bit`: the ASCII-letter run at the
    /// token's outer end ("year" of "year-old" for a start, "old" for an
    /// end) as a word, or, for a token that has none there ("$", "a.m."),
    /// its outer byte.
    fn add(&mut self, token: &[u8], at_start: bool, bit: u32) {
        let run = if at_start {
            let n =
                token.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            &token[..n]
        } else {
            let n = token
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            &token[token.len() - n..]
        };
        match word_key(run) {
            Some(k) => {
                *self.words.entry(k).or_insert(0) |= bit;
                self.shapes.add(run[0], run[run.len() - 1], run.len());
            }
            None if run.is_empty() => {
                let byte =
                    if at_start { token[0] } else { token[token.len() - 1] };
                for b in [
                    byte,
                    byte.to_ascii_uppercase(),
                    byte.to_ascii_lowercase(),
                ] {
                    self.bytes[usize::from(b)] |= bit;
                }
            }
            None => self.all_words |= bit,
        }
    }

    fn word_mask(&self, run: &[u8]) -> u32 {
        let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
            return 0;
        };
        // PERF: a word whose length and first and last letters no key has
        // is no key: most words around figures are refused here, before
        // a key is packed and hashed (layer 1, cachegrind instructions per
        // MB: report fixture 71.9 -> 70.2 M; 102 -> 94 M on figures
        // between plain words, "delta 592 bravo …").
        if !self.shapes.may_hold(first, last, run.len()) {
            return self.all_words;
        }
        match word_key(run) {
            Some(k) => {
                self.all_words | self.words.get(&k).copied().unwrap_or(0)
            }
            // Longer than any key: only a set with such a token may match.
            None => self.all_words,
        }
    }

    /// The sets that may have a phrase starting at `at`.
    #[inline]
    pub(crate) fn starting(&self, s: &[u8], at: usize) -> u32 {
        let Some(&b) = s.get(at) else { return 0 };
        let end = text::ascii_word_end(s, at);
        self.bytes[usize::from(b)] | self.word_mask(&s[at..end])
    }

    /// The sets that may have a phrase ending at `end`.
    #[inline]
    pub(crate) fn ending(&self, s: &[u8], end: usize) -> u32 {
        let Some(&b) = end.checked_sub(1).and_then(|i| s.get(i)) else {
            return 0;
        };
        let start = text::ascii_word_start(s, end);
        self.bytes[usize::from(b)] | self.word_mask(&s[start..end])
    }
}

impl<T: Copy> PhraseSet<T> {
    /// Gives this set its bit and records its edges.
    fn edges(
        &mut self,
        bit: u32,
        starts: &mut EdgeFilter,
        ends: &mut EdgeFilter,
    ) {
        self.bit = bit;
        for (p, _) in &self.phrases {
            starts.add(&p.tokens[0], true, bit);
            ends.add(&p.tokens[p.tokens.len() - 1], false, bit);
        }
    }
}

/// A scale word after a digit numeral.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScaleInfo {
    pub(crate) value: Decimal,
    pub(crate) glued: bool,
    pub(crate) spaced: bool,
    pub(crate) money_only: bool,
}

/// A currency with the factor that turns the written amount into units
/// of it (0.01 for cents).
#[derive(Clone, Copy, Debug)]
pub(crate) struct CurrencyInfo {
    pub(crate) code: Currency,
    pub(crate) factor: Decimal,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) words: HashMap<u128, WordInfo, BuildHasherDefault<WordHasher>>,
    /// Bit `n` of `word_filter[b]` is set when a number word starts with
    /// lower-case byte `b` and is `n` bytes long: most words of prose are
    /// rejected by this one lookup, before any hashing.
    pub(crate) word_filter: [u32; 256],
    /// The shapes of the number words that start a numeral: the
    /// survivors of `word_filter` ("the", "from") are mostly refused here.
    pub(crate) word_edges: WordShapes,
    /// Words and bytes that may start a phrase of any set, and that may
    /// end one.
    pub(crate) starts: EdgeFilter,
    pub(crate) ends: EdgeFilter,
    pub(crate) scales: PhraseSet<ScaleInfo>,
    pub(crate) currency_before: PhraseSet<CurrencyInfo>,
    pub(crate) currency_after: PhraseSet<CurrencyInfo>,
    pub(crate) percent: PhraseSet<bool>,
    pub(crate) qualifiers: PhraseSet<Qualifier>,
    pub(crate) qualifiers_after: PhraseSet<Qualifier>,
    pub(crate) exclude_before: PhraseSet<()>,
    pub(crate) exclude_after: PhraseSet<()>,
    pub(crate) months: PhraseSet<()>,
    pub(crate) pronoun_not_before: PhraseSet<()>,
    pub(crate) pronoun_not_after: PhraseSet<()>,
    pub(crate) range_open: PhraseSet<()>,
    pub(crate) range_join: PhraseSet<()>,
    pub(crate) range_dash: PhraseSet<()>,
    pub(crate) range_not_after: PhraseSet<()>,
    pub(crate) negative: PhraseSet<()>,
    pub(crate) years: (u32, u32),
}

/// The compiled language data of layer 1: number words, scale words,
/// currencies, percent words, qualifiers and exclusion words.
///
/// Built from one or more TOML texts (see `rules/en/lexicon.toml`); cheap
/// to clone and shared across threads.
///
/// # Example
///
/// ```
/// use narrative_metrics::Lexicon;
///
/// let extra = r#"
/// [[currency]]
/// code = "XOF"
/// names = ["francs"]
/// "#;
/// let lexicon = Lexicon::from_toml_sources(&[
///     ("lexicon.toml", Lexicon::ENGLISH_TOML),
///     ("extra.toml", extra),
/// ])?;
/// let q: Vec<_> = lexicon.quantities("a grant of 5 million francs").collect();
/// assert_eq!(q[0].unit().as_str(), "XOF");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub(crate) inner: Arc<Inner>,
}

static ENGLISH: Lazy<Lexicon> = Lazy::new(|| {
    Lexicon::from_toml("rules/en/lexicon.toml", ENGLISH_LEXICON).expect(
        "invariant: the embedded English lexicon compiles (unit-tested)",
    )
});

impl Lexicon {
    /// The text of the embedded English lexicon, `rules/en/lexicon.toml`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(narrative_metrics::Lexicon::ENGLISH_TOML.contains("[numbers]"));
    /// ```
    pub const ENGLISH_TOML: &'static str = ENGLISH_LEXICON;

    /// The embedded English lexicon, compiled once.
    ///
    /// # Example
    ///
    /// ```
    /// let q = narrative_metrics::Lexicon::english().quantities("fifty-four").next();
    /// assert_eq!(q.unwrap().value().to_string(), "54");
    /// ```
    pub fn english() -> &'static Lexicon {
        &ENGLISH
    }

    /// Compiles a lexicon from one TOML text named `name`.
    ///
    /// # Errors
    ///
    /// Every problem of the text (syntax, unknown fields, bad values, one
    /// word with two meanings), each with line and column.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Lexicon;
    ///
    /// let err = Lexicon::from_toml("l.toml", "[numbers]\nunits = { one = \"x\" }\n")
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("l.toml:2:"));
    /// ```
    pub fn from_toml(name: &str, text: &str) -> Result<Lexicon, RuleError> {
        Lexicon::from_toml_sources(&[(name, text)])
    }

    /// Compiles a lexicon from several TOML texts, merged in order (a
    /// second file adds currencies, words or exclusions to the first).
    ///
    /// # Errors
    ///
    /// Every problem of every text, each with its source and position.
    ///
    /// # Example
    ///
    /// ```
    /// use narrative_metrics::Lexicon;
    ///
    /// let extra = "[exclude]\nbefore = [\"lot\"]\n";
    /// let lex = Lexicon::from_toml_sources(&[
    ///     ("lexicon.toml", Lexicon::ENGLISH_TOML),
    ///     ("extra.toml", extra),
    /// ])?;
    /// assert_eq!(lex.quantities("lot 7").count(), 0);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_sources(
        sources: &[(&str, &str)],
    ) -> Result<Lexicon, RuleError> {
        let mut b = Builder::new();
        for &(name, text) in sources {
            match toml::from_str::<LexiconFile>(text) {
                Ok(file) => b.add(name, text, file),
                Err(e) => b.diags.push(Diagnostic::new(
                    name,
                    text,
                    Some(e.span().map_or(0, |r| r.start)),
                    toml_message(&e),
                )),
            }
        }
        b.finish()
    }

    /// Layer 1 with this lexicon: every quantity of `text`.
    ///
    /// # Example
    ///
    /// ```
    /// let lex = narrative_metrics::Lexicon::english();
    /// assert_eq!(lex.quantities("12.490.320 USD").next().unwrap().value().to_string(), "12490320");
    /// ```
    pub fn quantities<'t>(&self, text: &'t str) -> super::Quantities<'t> {
        super::Quantities::new(self, text)
    }
}

/// The shapes of a set of ASCII words: their first and last bytes and
/// length. A word of a shape the set lacks is not in it, known with one
/// load before any key is packed or hashed.
#[derive(Clone, Debug)]
pub(crate) struct WordShapes {
    /// Bit `n` of `bits[index(first, last)]` is set when a word of the
    /// set is `n` bytes long and starts with `first` and ends with `last`.
    bits: Box<[u32; 1024]>,
}

impl Default for WordShapes {
    fn default() -> WordShapes {
        WordShapes { bits: Box::new([0; 1024]) }
    }
}

impl WordShapes {
    /// The index of a word's first and last bytes: their low five bits,
    /// which fold ASCII case.
    #[inline]
    fn index(first: u8, last: u8) -> usize {
        usize::from(first & 0x1f) << 5 | usize::from(last & 0x1f)
    }

    /// Adds the shape of a word of `len` bytes (below 32) from `first` to
    /// `last`.
    fn add(&mut self, first: u8, last: u8, len: usize) {
        self.bits[WordShapes::index(first, last)] |= 1 << len;
    }

    /// Whether a word of `len` bytes from `first` to `last` may be in the
    /// set (always, from 32 bytes on).
    #[inline]
    pub(crate) fn may_hold(&self, first: u8, last: u8, len: usize) -> bool {
        len >= 32
            || self.bits[WordShapes::index(first, last)] & (1 << len) != 0
    }
}

/// Packs a word of up to 15 bytes into a key, ASCII lower-cased, with
/// its length in the top four bits.
pub(crate) fn word_key(word: &[u8]) -> Option<u128> {
    if word.is_empty() || word.len() > 15 {
        return None;
    }
    let mut k: u128 = 0;
    for &b in word {
        k = (k << 8) | u128::from(b.to_ascii_lowercase());
    }
    Some(k | ((word.len() as u128) << 124))
}

// The word keys of layer 1 (packed `u128`s) and the word tables of
// layer 2 share this hasher.
// PERF: the word tables are looked up for every word of every subject;
// SipHash was ~4% of a dense run (`hash_one` + `sip::Hasher::write` in
// `perf report` of `extract --threads 1` on /tmp/s2/dense.jsonl, 20 MB of
// examples/sample repeated). Their keys are trusted rule data and a
// lookup only reads, so a text cannot grow a table or make it degrade by
// collisions beyond one probe sequence per lookup: flooding resistance
// buys nothing here, and this multiply-rotate hash (FxHash's) is several
// times cheaper on short words.

/// A fast hasher for short word keys: FxHash's multiply-rotate mix, eight
/// bytes at a time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordHasher(u64);

const WORD_HASH_K: u64 = 0x517c_c1b7_2722_0a95;

impl WordHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(WORD_HASH_K);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.mix(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn write_u128(&mut self, i: u128) {
        self.mix(i as u64);
        self.mix((i >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

struct Builder {
    diags: Vec<Diagnostic>,
    words: HashMap<u128, (WordInfo, String, String, usize)>,
    scales: PhraseSet<ScaleInfo>,
    currency_before: PhraseSet<CurrencyInfo>,
    currency_after: PhraseSet<CurrencyInfo>,
    percent: PhraseSet<bool>,
    qualifiers: PhraseSet<Qualifier>,
    qualifiers_after: PhraseSet<Qualifier>,
    exclude_before: PhraseSet<()>,
    exclude_after: PhraseSet<()>,
    months: PhraseSet<()>,
    pronoun_not_before: PhraseSet<()>,
    pronoun_not_after: PhraseSet<()>,
    range_open: PhraseSet<()>,
    range_join: PhraseSet<()>,
    range_dash: PhraseSet<()>,
    range_not_after: PhraseSet<()>,
    negative: PhraseSet<()>,
    pronouns: Vec<u128>,
    years: (u32, u32),
}

impl Builder {
    fn new() -> Builder {
        Builder {
            diags: Vec::new(),
            words: HashMap::new(),
            scales: PhraseSet::new(),
            currency_before: PhraseSet::new(),
            currency_after: PhraseSet::new(),
            percent: PhraseSet::new(),
            qualifiers: PhraseSet::new(),
            qualifiers_after: PhraseSet::new(),
            exclude_before: PhraseSet::new(),
            exclude_after: PhraseSet::new(),
            months: PhraseSet::new(),
            pronoun_not_before: PhraseSet::new(),
            pronoun_not_after: PhraseSet::new(),
            range_open: PhraseSet::new(),
            range_join: PhraseSet::new(),
            range_dash: PhraseSet::new(),
            range_not_after: PhraseSet::new(),
            negative: PhraseSet::new(),
            pronouns: Vec::new(),
            years: (1900, 2100),
        }
    }

    fn err(&mut self, name: &str, text: &str, at: usize, msg: String) {
        self.diags.push(Diagnostic::new(name, text, Some(at), msg));
    }

    fn phrase(
        &mut self,
        name: &str,
        text: &str,
        s: &Spanned<String>,
        case_sensitive: bool,
    ) -> Option<Phrase> {
        let p = Phrase::new(s.get_ref(), case_sensitive);
        if p.is_none() {
            self.err(
                name,
                text,
                s.span().start,
                "expected a word or phrase, found an empty string".into(),
            );
        }
        p
    }

    fn phrases<T: Copy>(
        &mut self,
        name: &str,
        text: &str,
        list: &[Spanned<String>],
        value: T,
        pick: fn(&mut Builder) -> &mut PhraseSet<T>,
    ) {
        for s in list {
            if let Some(p) = self.phrase(name, text, s, false) {
                pick(self).push(p, value);
            }
        }
    }

    fn decimal(
        &mut self,
        name: &str,
        text: &str,
        v: &Spanned<NumValue>,
    ) -> Option<Decimal> {
        let parsed = match v.get_ref() {
            NumValue::Int(n) => Some(Decimal::from(*n)),
            NumValue::Text(t) => t.parse::<Decimal>().ok(),
        };
        if parsed.is_none() {
            let found = match v.get_ref() {
                NumValue::Text(t) => format!("{:?}", t),
                NumValue::Int(n) => n.to_string(),
            };
            self.err(
                name,
                text,
                v.span().start,
                format!("expected a decimal number, found {}", found),
            );
        }
        parsed
    }

    fn word(
        &mut self,
        name: &str,
        text: &str,
        word: &str,
        at: usize,
        info: WordInfo,
    ) {
        let Some(key) = word_key(word.as_bytes()) else {
            self.err(
                name,
                text,
                at,
                format!(
                    "expected a number word of 1 to 15 bytes, found {:?}",
                    word
                ),
            );
            return;
        };
        if word.bytes().any(|b| !text::is_word_byte(b)) {
            self.err(
                name,
                text,
                at,
                format!(
                    "expected a number word made of letters, found {:?}",
                    word
                ),
            );
            return;
        }
        if let Some((old, old_name, old_text, old_at)) = self.words.get(&key) {
            if old.class != info.class || old.value != info.value {
                let d = Diagnostic::new(
                    name,
                    text,
                    Some(at),
                    format!("number word {:?} has two meanings", word),
                );
                let d = if old_name == name {
                    d.with_related(old_text, *old_at, "first defined here")
                } else {
                    d
                };
                self.diags.push(d);
            }
            return;
        }
        self.words.insert(key, (info, name.to_owned(), text.to_owned(), at));
    }

    fn add(&mut self, name: &str, text: &str, file: LexiconFile) {
        if let Some(n) = file.numbers {
            let classes = [
                (&n.units, WordClass::Unit),
                (&n.tens, WordClass::Tens),
                (&n.multipliers, WordClass::Multiplier),
                (&n.scales, WordClass::Scale),
                (&n.fractions, WordClass::Fraction),
            ];
            for (map, class) in classes {
                for (w, v) in map {
                    if let Some(value) = self.decimal(name, text, v) {
                        let info = WordInfo { class, value, pronoun: false };
                        self.word(name, text, w, v.span().start, info);
                    }
                }
            }
            for (list, class) in [
                (&n.articles, WordClass::Article),
                (&n.connectors, WordClass::Connector),
            ] {
                for w in list {
                    let info = WordInfo {
                        class,
                        value: Decimal::ONE,
                        pronoun: false,
                    };
                    self.word(name, text, w.get_ref(), w.span().start, info);
                }
            }
            for w in &n.pronouns {
                match word_key(w.get_ref().as_bytes()) {
                    Some(k) => self.pronouns.push(k),
                    None => self.err(
                        name,
                        text,
                        w.span().start,
                        format!("expected a word, found {:?}", w.get_ref()),
                    ),
                }
            }
            self.phrases(name, text, &n.pronoun_not_before, (), |b| {
                &mut b.pronoun_not_before
            });
            self.phrases(name, text, &n.pronoun_not_after, (), |b| {
                &mut b.pronoun_not_after
            });
        }
        for s in &file.scale {
            let Some(value) = self.decimal(
                name,
                text,
                &Spanned::new(
                    s.value.span(),
                    NumValue::Text(s.value.get_ref().clone()),
                ),
            ) else {
                continue;
            };
            let info = ScaleInfo {
                value,
                glued: s.glued,
                spaced: s.spaced,
                money_only: s.money_only,
            };
            for w in &s.words {
                if let Some(p) = self.phrase(name, text, w, s.case_sensitive) {
                    self.scales.push(p, info);
                }
            }
        }
        for c in &file.currency {
            let Some(code) = Currency::new(c.code.get_ref()) else {
                self.err(
                    name,
                    text,
                    c.code.span().start,
                    format!(
                        "expected a three-letter ISO 4217 code, found {:?}",
                        c.code.get_ref()
                    ),
                );
                continue;
            };
            let factor = match &c.factor {
                None => Decimal::ONE,
                Some(f) => match self.decimal(
                    name,
                    text,
                    &Spanned::new(
                        f.span(),
                        NumValue::Text(f.get_ref().clone()),
                    ),
                ) {
                    Some(v) => v,
                    None => continue,
                },
            };
            let info = CurrencyInfo { code, factor };
            for s in &c.symbols {
                // A symbol of letters only ("RMB", "Rs") is matched as
                // written; "us$" and "c $" are the same symbols as "US$".
                let letters = s.get_ref().len() <= 2
                    && s.get_ref()
                        .bytes()
                        .all(|b| b.is_ascii_alphabetic() || b == b'.');
                if let Some(p) = self.phrase(name, text, s, letters) {
                    self.currency_before.push(p.clone(), info);
                    self.currency_after.push(p, info);
                }
            }
            for s in &c.names {
                if let Some(p) = self.phrase(name, text, s, false) {
                    self.currency_after.push(p, info);
                }
            }
        }
        if let Some(c) = &file.currencies {
            let any_case: Vec<String> = c
                .any_case
                .iter()
                .map(|s| s.get_ref().to_ascii_uppercase())
                .collect();
            for s in &c.iso {
                let Some(code) = Currency::new(s.get_ref()) else {
                    self.err(name, text, s.span().start, format!("expected a three-letter ISO 4217 code, found {:?}", s.get_ref()));
                    continue;
                };
                let case_sensitive =
                    !any_case.iter().any(|a| a == code.as_str());
                let info = CurrencyInfo { code, factor: Decimal::ONE };
                if let Some(p) = Phrase::new(code.as_str(), case_sensitive) {
                    self.currency_before.push(p.clone(), info);
                    self.currency_after.push(p, info);
                }
            }
        }
        if let Some(p) = &file.percent {
            self.phrases(name, text, &p.percent, false, |b| &mut b.percent);
            self.phrases(name, text, &p.points, true, |b| &mut b.percent);
        }
        if let Some(q) = &file.qualifiers {
            self.phrases(name, text, &q.approx, Qualifier::Approx, |b| {
                &mut b.qualifiers
            });
            self.phrases(name, text, &q.more_than, Qualifier::MoreThan, |b| {
                &mut b.qualifiers
            });
            self.phrases(name, text, &q.at_least, Qualifier::AtLeast, |b| {
                &mut b.qualifiers
            });
            self.phrases(name, text, &q.at_most, Qualifier::AtMost, |b| {
                &mut b.qualifiers
            });
            self.phrases(name, text, &q.less_than, Qualifier::LessThan, |b| {
                &mut b.qualifiers
            });
            self.phrases(
                name,
                text,
                &q.at_least_after,
                Qualifier::AtLeast,
                |b| &mut b.qualifiers_after,
            );
            self.phrases(
                name,
                text,
                &q.at_most_after,
                Qualifier::AtMost,
                |b| &mut b.qualifiers_after,
            );
        }
        if let Some(r) = &file.ranges {
            self.phrases(name, text, &r.open, (), |b| &mut b.range_open);
            self.phrases(name, text, &r.join, (), |b| &mut b.range_join);
            self.phrases(name, text, &r.dashes, (), |b| &mut b.range_dash);
            self.phrases(name, text, &r.not_after, (), |b| {
                &mut b.range_not_after
            });
        }
        if let Some(sg) = &file.signs {
            self.phrases(name, text, &sg.negative, (), |b| &mut b.negative);
        }
        if let Some(x) = &file.exclude {
            self.phrases(name, text, &x.before, (), |b| &mut b.exclude_before);
            self.phrases(name, text, &x.after, (), |b| &mut b.exclude_after);
            for m in &x.months {
                if let Some(p) = self.phrase(name, text, m, true) {
                    self.months.push(p, ());
                }
            }
            if let Some(y) = &x.years {
                let [lo, hi] = *y.get_ref();
                if lo > hi || hi > 9999 {
                    self.err(name, text, y.span().start, format!("expected [first, last] years with first <= last <= 9999, found [{}, {}]", lo, hi));
                } else {
                    self.years = (lo, hi);
                }
            }
        }
    }

    fn finish(mut self) -> Result<Lexicon, RuleError> {
        if !self.diags.is_empty() {
            return Err(RuleError::new(self.diags));
        }
        let mut words: HashMap<
            u128,
            WordInfo,
            BuildHasherDefault<WordHasher>,
        > = HashMap::default();
        let mut word_filter = [0u32; 256];
        let mut word_edges = WordShapes::default();
        for (k, (mut info, ..)) in self.words {
            info.pronoun = self.pronouns.contains(&k);
            // Only words that can start a numeral trigger a parse.
            if info.class.starts_numeral() {
                let len = (k >> 124) as usize;
                let first = ((k >> (8 * (len - 1))) & 0xff) as u8;
                word_filter[usize::from(first)] |= 1 << len;
                word_filter[usize::from(first.to_ascii_uppercase())] |=
                    1 << len;
                let last = (k & 0xff) as u8;
                word_edges.add(first, last, len);
            }
            words.insert(k, info);
        }
        let (mut starts, mut ends) =
            (EdgeFilter::default(), EdgeFilter::default());
        self.scales.edges(1 << 0, &mut starts, &mut ends);
        self.currency_before.edges(1 << 1, &mut starts, &mut ends);
        self.currency_after.edges(1 << 2, &mut starts, &mut ends);
        self.percent.edges(1 << 3, &mut starts, &mut ends);
        self.qualifiers.edges(1 << 4, &mut starts, &mut ends);
        self.qualifiers_after.edges(1 << 5, &mut starts, &mut ends);
        self.exclude_before.edges(1 << 6, &mut starts, &mut ends);
        self.exclude_after.edges(1 << 7, &mut starts, &mut ends);
        self.months.edges(1 << 8, &mut starts, &mut ends);
        self.pronoun_not_before.edges(1 << 9, &mut starts, &mut ends);
        self.pronoun_not_after.edges(1 << 10, &mut starts, &mut ends);
        self.range_open.edges(1 << 11, &mut starts, &mut ends);
        self.range_join.edges(1 << 12, &mut starts, &mut ends);
        self.range_dash.edges(1 << 13, &mut starts, &mut ends);
        self.range_not_after.edges(1 << 14, &mut starts, &mut ends);
        self.negative.edges(1 << 15, &mut starts, &mut ends);
        Ok(Lexicon {
            inner: Arc::new(Inner {
                words,
                word_filter,
                word_edges,
                starts,
                ends,
                scales: self.scales,
                currency_before: self.currency_before,
                currency_after: self.currency_after,
                percent: self.percent,
                qualifiers: self.qualifiers,
                qualifiers_after: self.qualifiers_after,
                exclude_before: self.exclude_before,
                exclude_after: self.exclude_after,
                months: self.months,
                pronoun_not_before: self.pronoun_not_before,
                pronoun_not_after: self.pronoun_not_after,
                range_open: self.range_open,
                range_join: self.range_join,
                range_dash: self.range_dash,
                range_not_after: self.range_not_after,
                negative: self.negative,
                years: self.years,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_english_lexicon_compiles() {
        let lex = Lexicon::from_toml("rules/en/lexicon.toml", ENGLISH_LEXICON);
        assert!(
            lex.is_ok(),
            "{}",
            lex.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }

    #[test]
    fn one_word_with_two_meanings_is_an_error_at_both_places() {
        let text = "[numbers]\nunits = { one = 1 }\ntens = { one = 10 }\n";
        let err = Lexicon::from_toml("l.toml", text).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("two meanings"), "{}", shown);
        assert!(shown.contains("first defined here"), "{}", shown);
    }

    #[test]
    fn bad_currency_code_names_its_line() {
        let text = "[[currency]]\ncode = \"DOLLAR\"\n";
        let err = Lexicon::from_toml("l.toml", text).unwrap_err();
        assert!(
            err.to_string().starts_with("l.toml:2:8: expected a three-letter"),
            "{}",
            err
        );
    }

    /// Every edge token of every phrase of `set`, in its own case and
    /// in upper and lower case, passes the edge filters for `set`.
    fn edges_pass<T: Copy>(lx: &Inner, set: &PhraseSet<T>) -> usize {
        let mut checked = 0;
        for (p, _) in &set.phrases {
            let (first, last) = (&p.tokens[0], &p.tokens[p.tokens.len() - 1]);
            for case in 0..3 {
                let cased = |t: &[u8]| -> Vec<u8> {
                    match case {
                        0 => t.to_vec(),
                        1 => t.to_ascii_uppercase(),
                        _ => t.to_ascii_lowercase(),
                    }
                };
                let text = [&b"x "[..], &cased(first), b" y"].concat();
                assert!(lx.starts.starting(&text, 2) & set.bit != 0);
                let text = [&b"y "[..], &cased(last), b" x"].concat();
                assert!(lx.ends.ending(&text, 2 + last.len()) & set.bit != 0);
                checked += 1;
            }
        }
        checked
    }

    #[test]
    fn every_phrase_edge_passes_the_edge_filters() {
        let lx = &*Lexicon::english().inner;
        let n = edges_pass(lx, &lx.scales)
            + edges_pass(lx, &lx.currency_before)
            + edges_pass(lx, &lx.currency_after)
            + edges_pass(lx, &lx.percent)
            + edges_pass(lx, &lx.qualifiers)
            + edges_pass(lx, &lx.qualifiers_after)
            + edges_pass(lx, &lx.exclude_before)
            + edges_pass(lx, &lx.exclude_after)
            + edges_pass(lx, &lx.months)
            + edges_pass(lx, &lx.pronoun_not_before)
            + edges_pass(lx, &lx.pronoun_not_after)
            + edges_pass(lx, &lx.range_open)
            + edges_pass(lx, &lx.range_join)
            + edges_pass(lx, &lx.range_dash)
            + edges_pass(lx, &lx.range_not_after)
            + edges_pass(lx, &lx.negative);
        assert!(n > 300, "{n}");
        // Words that end or start no phrase are refused by every set.
        for w in [&b"delta"[..], b"bravo", b"programme", b"women"] {
            let text = [&b" "[..], w, b" "].concat();
            assert_eq!(lx.starts.starting(&text, 1), lx.starts.all_words);
            assert_eq!(lx.ends.ending(&text, 1 + w.len()), lx.ends.all_words);
        }
    }

    #[test]
    fn word_keys_fold_ascii_case() {
        assert_eq!(word_key(b"Million"), word_key(b"million"));
        assert_ne!(word_key(b"million"), word_key(b"millions"));
        assert_eq!(word_key(&[b'a'; 16]), None);
    }
}
