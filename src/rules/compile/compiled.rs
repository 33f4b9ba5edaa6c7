//! What a build of rule files gives: the [`Compiled`] rule set, the
//! matchers of each table, and the word tables with their packed keys,
//! read by layer 2 for every figure.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use regex::{Regex, RegexSet};

use crate::quantity::{Lexicon, WordHasher};
use crate::record::Unit;

use super::super::gate::Pattern;
use super::super::hint::Hint;

/// A compiled rule set: every matcher built once, read-only afterwards.
#[derive(Clone)]
pub(crate) struct Compiled {
    pub(crate) lexicon: Lexicon,
    pub(crate) kinds: Vec<Kind>,
    /// Lower-case noun (words joined by one space) to kind index.
    pub(crate) nouns: WordMap<usize>,
    /// Every word of `nouns` and of the stop, continuation and
    /// determiner lists, with all its roles: one lookup per word.
    pub(crate) roles: WordMap<Roles>,
    /// The entries of `roles` whose key is ASCII and short enough to
    /// pack (see [`pack`]): the table an ASCII word of the text is looked
    /// up in.
    pub(crate) packed_roles: PackedMap<Roles>,
    pub(crate) indicators: Vec<Indicator>,
    pub(crate) exclusions: Vec<Exclusion>,
    /// Whether some exclusion is matched against a figure's line.
    pub(crate) line_scoped: bool,
    /// A pattern that matches, in any text, wherever one of the
    /// exclusions can match some part of that text: see `relaxed` in
    /// `rules/hint.rs`. `None` when one cannot be built (every exclusion is then run).
    pub(crate) exclusion_hint: Option<Hint>,
    pub(crate) lookbacks: Vec<Lookback>,
    pub(crate) changes: Vec<ChangeRule>,
    /// The `gap` patterns of `changes`, as one set; `None` when the set
    /// exceeds the size limits.
    pub(crate) change_gaps: Option<RegexSet>,
    pub(crate) periods: Vec<PeriodRule>,
    /// The same for the `pattern`s of `periods` as `exclusion_hint` is
    /// for the exclusions.
    pub(crate) period_hint: Option<Hint>,
    pub(crate) sections: Vec<Regex>,
    pub(crate) words: Words,
}

/// A summary: the full tables would bury a `{:?}` of an `Extractor`.
impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds: Vec<&str> = self.kinds.iter().map(|k| k.id).collect();
        f.debug_struct("RuleSet")
            .field("kinds", &kinds)
            .field("nouns", &self.nouns.len())
            .field("indicators", &self.indicators.len())
            .field("exclusions", &self.exclusions.len())
            .field("lookbacks", &self.lookbacks.len())
            .field("changes", &self.changes.len())
            .field("periods", &self.periods.len())
            .field("sections", &self.sections.len())
            .finish_non_exhaustive()
    }
}

/// An indicator kind.
#[derive(Clone, Debug)]
pub(crate) struct Kind {
    /// Interned: records carry it past the rule set (see `crate::intern`).
    pub(crate) id: &'static str,
    /// Rule id of records whose kind one of its nouns decided (interned).
    pub(crate) rule: &'static str,
}

/// Which units an indicator applies to (bit set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Units(pub(super) u8);

impl Units {
    pub(crate) const MONEY: Units = Units(1);
    pub(crate) const PERCENT: Units = Units(2);
    pub(crate) const POINTS: Units = Units(4);
    pub(crate) const NUMBER: Units = Units(8);
    pub(super) const ALL: Units = Units(15);

    pub(super) fn from_name(name: &str) -> Option<Units> {
        Some(match name {
            "money" => Units::MONEY,
            "%" | "percent" => Units::PERCENT,
            "pp" => Units::POINTS,
            "number" | "count" => Units::NUMBER,
            _ => return None,
        })
    }

    pub(crate) fn contains(self, other: Units) -> bool {
        self.0 & other.0 != 0
    }
}

/// How an indicator decides the kind.
#[derive(Clone, Copy, Debug)]
pub(crate) enum KindChoice {
    /// Always this kind.
    Fixed(usize),
    /// From the subject's nouns, else `fallback`.
    Subject { fallback: usize },
}

/// How an indicator reads the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SubjectMode {
    /// The noun phrase right after the figure, else a look-back pattern.
    After,
    /// The noun phrase after `of` right after the figure.
    Of,
    /// No subject.
    None,
}

/// An `[[indicator]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct Indicator {
    /// Interned: records carry it past the rule set (see `crate::intern`).
    pub(crate) id: &'static str,
    pub(crate) units: Units,
    pub(crate) signed: Option<bool>,
    /// An unsigned value takes the sign of the nearest change word.
    pub(crate) direction: bool,
    pub(crate) before: Option<Pattern>,
    pub(crate) after: Option<Pattern>,
    pub(crate) kind: KindChoice,
    pub(crate) subject: SubjectMode,
    /// The unit of its records, when it overrides layer 1's.
    pub(crate) unit: Option<Unit>,
}

/// The window an exclusion looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    Sentence,
    Line,
}

/// An `[[exclusion]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct Exclusion {
    pub(crate) regex: Regex,
    pub(crate) scope: Scope,
}

/// A `[[lookback]]` rule: matched against the text before a figure;
/// `group` is the index of its `subject` group, if it has one.
#[derive(Clone, Debug)]
pub(crate) struct Lookback {
    pub(crate) pattern: Pattern,
    pub(crate) group: Option<usize>,
}

/// A `[[change]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct ChangeRule {
    pub(crate) before: Option<Pattern>,
    pub(crate) gap: Pattern,
    /// The first figure is the later one.
    pub(crate) reversed: bool,
}

/// A `[[period]]` rule.
#[derive(Clone, Debug)]
pub(crate) struct PeriodRule {
    pub(crate) pattern: Regex,
    pub(crate) link: Pattern,
}

/// A set of lower-case words, hashed with [`WordHasher`].
pub(crate) type WordSet = HashSet<Box<str>, BuildHasherDefault<WordHasher>>;

/// A map from lower-case words, hashed with [`WordHasher`].
pub(crate) type WordMap<V> =
    HashMap<Box<str>, V, BuildHasherDefault<WordHasher>>;

/// A map from packed lower-case ASCII words (see [`pack`]).
pub(crate) type PackedMap<V> =
    HashMap<u128, V, BuildHasherDefault<WordHasher>>;

/// The longest word (or words joined by one space) that [`pack`] and
/// [`pack_parts`] pack, in bytes.
pub(crate) const PACK_MAX: usize = 15;

/// The key of an ASCII word of at most [`PACK_MAX`] bytes, lower-cased,
/// packed into one integer: its bytes from the lowest byte up, then its
/// length in the top byte. Two words have the same key exactly when
/// their ASCII lower-case forms are equal; `None` for a longer or a
/// non-ASCII word.
// PERF: a word of the text is looked up by this key, built straight from
// its bytes, instead of being lower-cased into a `String` and hashed
// byte by byte: see `roles_of` in extract.rs for the measurement.
pub(crate) fn pack(word: &[u8]) -> Option<u128> {
    pack_parts(&[word])
}

/// The key (see [`pack`]) of `parts` joined by one space.
pub(crate) fn pack_parts(parts: &[&[u8]]) -> Option<u128> {
    let mut buf = [0u8; 16];
    let mut len = 0;
    for (j, part) in parts.iter().enumerate() {
        let at = len + usize::from(j > 0);
        let to = at + part.len();
        if to > PACK_MAX {
            return None;
        }
        if j > 0 {
            buf[len] = b' ';
        }
        buf[at..to].copy_from_slice(part);
        len = to;
    }
    // `len` is at most 15: it is no letter and no high byte.
    buf[PACK_MAX] = len as u8;
    lower_packed(u128::from_le_bytes(buf))
}

/// [`pack`] of `text[start..end]`, read as one 16-byte load where the
/// text holds 16 bytes from `start`.
// PERF: the copy of a word of unknown length into the key's buffer was a
// call to `memcpy`, and `pack` about 3% of full extraction's time on the
// bench `report` fixture (`perf record` over `examples/passes report l2`).
// Reading in place, full extraction of `report` (`examples/passes report
// l2 1 80` against the build of the commit before, three interleaved
// rounds): 80-83 -> 85-87 MB/s, `dense-utf8` within noise; criterion run
// side by side (two interleaved runs): `extract/report/1MB` 79 -> 83
// MiB/s, `report/100KB` 89 -> 90-93, `mixed` +2%, the rest unchanged.
// Instructions hardly moved (report 147.6M -> 146.2-146.8M per MB): the
// call and its branches on the length were the cost.
#[inline]
pub(crate) fn pack_in(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end.checked_sub(start)?;
    if len > PACK_MAX {
        return None;
    }
    let Some(bytes) = text.get(start..start + 16) else {
        return pack(text.get(start..end)?);
    };
    let mut buf = [0u8; 16];
    buf.copy_from_slice(bytes);
    let word = u128::from_le_bytes(buf) & ((1u128 << (8 * len)) - 1);
    lower_packed(word | (len as u128) << (8 * PACK_MAX))
}

/// The key of `x`, a word's bytes with its length in the top byte:
/// `None` if a byte is past ASCII, else the word lower-cased.
#[inline]
fn lower_packed(x: u128) -> Option<u128> {
    const LOW: u128 = u128::from_le_bytes([0x01; 16]);
    const HIGH: u128 = LOW * 0x80;
    if x & HIGH != 0 {
        return None;
    }
    // Every byte is below 0x80, so no sum carries into the next byte:
    // the top bit of a byte of `ge_a` is set when it is at least 'A', of
    // `gt_z` when it is above 'Z'.
    let ge_a = x + LOW * u128::from(0x80 - b'A');
    let gt_z = x + LOW * u128::from(0x80 - b'Z' - 1);
    let upper = (ge_a ^ gt_z) & HIGH;
    Some(x | (upper >> 2))
}

/// The roles of one word in the subject grammar and the change words.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Roles {
    pub(crate) stop: bool,
    pub(crate) continuation: bool,
    pub(crate) determiner: bool,
    /// A word that joins a figure to its subject and is left out of it
    /// (French "2 millions de personnes").
    pub(crate) link: bool,
    pub(crate) increase: bool,
    pub(crate) decrease: bool,
    /// The kind it names, if it is a noun.
    pub(crate) noun: Option<usize>,
    /// The most words of a noun of two words or more that ends with it
    /// (0 if none does).
    pub(crate) last_of: u8,
}

// PERF: `np_forward` asked up to four tables about each word (hashing it
// each time); `hashbrown::contains_key` was ~3.5% of a dense run in
// `perf report`. Interleaved A/B, `extract --threads 1`, best of 5-7:
// dense 453 -> 443-447 ms, prose 365 -> 358 ms (20 MB each).
pub(super) fn roles(nouns: &WordMap<usize>, words: &Words) -> WordMap<Roles> {
    let mut out: WordMap<Roles> = WordMap::default();
    for (noun, &k) in nouns {
        out.entry(noun.clone()).or_default().noun = Some(k);
        let words = noun.split(' ').count();
        if let Some((_, last)) = noun.rsplit_once(' ') {
            let r = out.entry(last.into()).or_default();
            // At most MAX_NOUN_WORDS: see `add_nouns`.
            r.last_of = r.last_of.max(words.min(usize::from(u8::MAX)) as u8);
        }
    }
    for w in &words.stop {
        out.entry(w.clone()).or_default().stop = true;
    }
    for w in &words.continuation {
        out.entry(w.clone()).or_default().continuation = true;
    }
    for w in &words.determiner {
        out.entry(w.clone()).or_default().determiner = true;
    }
    for w in &words.link {
        out.entry(w.clone()).or_default().link = true;
    }
    for w in &words.increase {
        out.entry(w.clone()).or_default().increase = true;
    }
    for w in &words.decrease {
        out.entry(w.clone()).or_default().decrease = true;
    }
    out
}

/// The entries of `roles` whose key packs (see [`pack`]).
pub(super) fn packed_roles(roles: &WordMap<Roles>) -> PackedMap<Roles> {
    roles
        .iter()
        .filter_map(|(k, &r)| pack(k.as_bytes()).map(|k| (k, r)))
        .collect()
}

/// The `[[words]]` lists, by role, lower case.
#[derive(Clone, Debug, Default)]
pub(crate) struct Words {
    pub(crate) stop: WordSet,
    pub(crate) continuation: WordSet,
    pub(crate) determiner: WordSet,
    pub(crate) link: WordSet,
    pub(crate) increase: WordSet,
    pub(crate) decrease: WordSet,
    pub(crate) participle_suffix: Vec<Box<str>>,
    pub(crate) verb_suffix: Vec<Box<str>>,
    pub(crate) plural_suffix: Vec<Box<str>>,
    pub(crate) abbreviation: WordSet,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_read_in_place_is_the_key_of_the_copy() {
        let text = "Women-led CSOs: 12 x\u{e9}y, THE   programme\u{2019}s \
                    abcdefghijklmnopq end";
        let b = text.as_bytes();
        for start in 0..=b.len() {
            for end in start..=b.len() {
                assert_eq!(
                    pack_in(b, start, end),
                    pack(&b[start..end]),
                    "{start}..{end}"
                );
            }
        }
        assert_eq!(pack_in(b, 5, 2), None);
    }

    #[test]
    fn packed_keys_fold_ascii_case_only() {
        assert_eq!(pack(b"Women"), pack(b"wOMEN"));
        assert_ne!(pack(b"women"), pack(b"women "));
        assert_ne!(pack(b"a"), pack(b"a\0"));
        assert_eq!(pack_parts(&[b"Knowledge", b"Products"]), None);
        assert_eq!(pack_parts(&[b"Field", b"VISITS"]), pack(b"field visits"));
        assert_eq!(pack(b"@[`{"), pack(b"@[`{"));
        assert_ne!(pack(b"@"), pack(b"`"));
        assert_ne!(pack(b"["), pack(b"{"));
        assert_eq!(pack(&[b'a'; 15]).map(|_| ()), Some(()));
        assert_eq!(pack(&[b'a'; 16]), None);
        assert_eq!(pack("café".as_bytes()), None);
        // Every pair of ASCII bytes: equal keys exactly for equal
        // lower-case forms.
        for a in 0..0x80u8 {
            for b in 0..0x80u8 {
                let same = a.eq_ignore_ascii_case(&b);
                assert_eq!(pack(&[a, b'x', a]) == pack(&[b, b'x', b]), same);
            }
        }
    }
}
