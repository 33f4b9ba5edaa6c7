//! The kind a noun phrase names: read from its words, head noun first
//! (the last noun in English, the first where heads come first), the
//! longest listed noun first.

use crate::rules::Compiled;
use crate::word::pack_parts;

use super::subject::MAX_SUBJECT_WORDS;
use super::token::{is_plural, push_lower, roles_of, Tok};

/// The kind named by the nouns of a phrase whose last words are `toks`,
/// head noun first.
pub(super) fn tail_kind(
    c: &Compiled,
    text: &str,
    toks: &[Tok],
    key: &mut String,
) -> Option<usize> {
    if c.head_first {
        return head_kind(c, text, toks, key);
    }
    for last in (0..toks.len()).rev() {
        let Tok { word, roles } = toks[last];
        // Multi-word nouns first, longest first.
        // PERF: only as many words as the longest noun ending with the last
        // one are looked up (callgrind, layer 2: report -5%, dense -1%).
        let most = usize::from(roles.last_of).min(last + 1);
        for len in (2..=most).rev() {
            if let Some(k) =
                noun_of(c, text, &toks[last + 1 - len..=last], key)
            {
                return Some(k);
            }
        }
        if roles.noun.is_some() {
            return roles.noun;
        }
        // A hyphenated head takes the kind of its last part
        // ("micro-enterprises" -> "enterprises", "co-operatives").
        if let Some((_, tail)) = word.span.slice(text).rsplit_once('-') {
            if let Some(k) = roles_of(c, tail, word.ascii, key).noun {
                return Some(k);
            }
        }
        // The kind follows the head noun: a plural head after a singular
        // modifier, in a two-word phrase, that names no kind is counted
        // as it is, whatever its modifier names ("68 member countries"
        // counts countries, not members); a longer phrase may have run
        // past its head, and two plurals may be a noun and its adjective
        // in a language that puts adjectives after nouns.
        let mut plural = |t: &Tok| {
            is_plural(
                &c.words.plural_suffix,
                t.word.span.slice(text),
                t.word.ascii,
                key,
            )
        };
        if toks.len() == 2
            && last == 1
            && plural(&toks[1])
            && !plural(&toks[0])
        {
            return None;
        }
        // So does a plural head after two coordinated singular modifiers
        // ("60 million home and business connections" counts
        // connections, not businesses).
        if toks.len() == 4
            && last == 3
            && toks[2].roles.noun.is_some()
            && toks[1].roles.continuation
            && plural(&toks[3])
            && !plural(&toks[2])
            && !plural(&toks[0])
        {
            return None;
        }
    }
    None
}

/// The kind named by a phrase whose head noun comes first (the grammar's
/// `head = "first"`): the first word that starts a noun of a kind, the
/// longest noun first ("unités de maternité" before "unités"); modifiers
/// and complements after it do not change it ("ménages bénéficiaires"),
/// and a first plural that names no kind counts as it is.
fn head_kind(
    c: &Compiled,
    text: &str,
    toks: &[Tok],
    key: &mut String,
) -> Option<usize> {
    for start in 0..toks.len() {
        for len in (2..=toks.len() - start).rev() {
            // Only a word that ends a noun of `len` words can end one.
            if usize::from(toks[start + len - 1].roles.last_of) < len {
                continue;
            }
            if let Some(k) = noun_of(c, text, &toks[start..start + len], key) {
                return Some(k);
            }
        }
        let Tok { word, roles } = toks[start];
        if roles.noun.is_some() {
            return roles.noun;
        }
        if let Some((_, tail)) = word.span.slice(text).rsplit_once('-') {
            if let Some(k) = roles_of(c, tail, word.ascii, key).noun {
                return Some(k);
            }
        }
        // A plural that names no kind is the head: the phrase counts it
        // as it is, whatever its complement names ("foyers de jeunes");
        // an adjective before its noun is not ("petits exploitants").
        let ws = word.span.slice(text);
        if !roles.modifier
            && is_plural(&c.words.plural_suffix, ws, word.ascii, key)
        {
            return None;
        }
    }
    None
}

/// The kind of the noun made of `parts` (words joined by one space,
/// lower-cased), if it is one.
fn noun_of(
    c: &Compiled,
    text: &str,
    parts: &[Tok],
    key: &mut String,
) -> Option<usize> {
    if parts.iter().all(|t| t.word.ascii) {
        let mut bytes: [&[u8]; MAX_SUBJECT_WORDS] = [&[]; MAX_SUBJECT_WORDS];
        for (b, t) in bytes.iter_mut().zip(parts) {
            *b = t.word.span.slice(text).as_bytes();
        }
        if let Some(k) = pack_parts(&bytes[..parts.len()]) {
            return c.packed_roles.get(&k).and_then(|r| r.noun);
        }
    }
    key.clear();
    for (j, t) in parts.iter().enumerate() {
        if j > 0 {
            key.push(' ');
        }
        push_lower(key, t.word.span.slice(text));
    }
    c.nouns.get(key.as_str()).copied()
}
