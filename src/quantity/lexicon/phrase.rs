//! Phrases of the lexicon and how they are matched: a phrase is a list of
//! tokens matched forwards or backwards at a place of the text, a
//! [`PhraseSet`] buckets its phrases by their edge bytes, and an
//! [`EdgeFilter`] rules out most places before any phrase is tried.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::super::text;
use super::WordShapes;
use crate::word::{word_key, WordHasher};

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
    pub(super) fn new(text: &str, case_sensitive: bool) -> Option<Phrase> {
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
    pub(super) fn new() -> PhraseSet<T> {
        PhraseSet {
            phrases: Vec::new(),
            by_first: vec![Vec::new(); 256].into_boxed_slice(),
            by_last: vec![Vec::new(); 256].into_boxed_slice(),
            bit: 0,
        }
    }

    pub(super) fn push(&mut self, phrase: Phrase, value: T) {
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
        // PERF: a word token is the whole word at `at`: its length rules out
        // most candidates (batch tool --quantities, dense 50 MB: -15%).
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
// PERF: the byte by the edge and the byte across the gap rule out phrases
// sharing an edge (cachegrind, layer 1, report 1 MB: -9%).
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
    // candidates (cachegrind, quantities/adv-dollars: -4%).
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
// PERF: the gap is skipped once, not once per candidate (cachegrind, layer 1:
// adv-dollars -5%, report -0.6%).
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
        // PERF: a word whose length and end letters no key has is refused
        // before it is packed (cachegrind, layer 1, report: -2.4%).
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
    pub(super) fn edges(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::lexicon::{Inner, Lexicon};

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
            + edges_pass(lx, &lx.negative)
            + edges_pass(lx, &lx.measures)
            + edges_pass(lx, &lx.scale_alone_before);
        assert!(n > 300, "{n}");
        // Words that end or start no phrase are refused by every set.
        for w in [&b"delta"[..], b"bravo", b"orchard", b"tractor"] {
            let text = [&b" "[..], w, b" "].concat();
            assert_eq!(lx.starts.starting(&text, 1), lx.starts.all_words);
            assert_eq!(lx.ends.ending(&text, 1 + w.len()), lx.ends.all_words);
        }
    }
}
