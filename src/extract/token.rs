//! The tokenizer of layer 2 and the roles of words: words read forwards
//! and backwards by a table of byte classes, and each word looked up in
//! the rule tables by its packed key or its lower-cased form.

use crate::quantity::is_alphanumeric;
use crate::record::Span;
use crate::rules::{Compiled, Roles};
use crate::word::{
    is_word_char, pack, pack_in, ALNUM, BYTE_CLASS, HIGH, SPACE, WORD,
};

/// A word of `text`: its span, whether it is a number, whether it is all
/// ASCII.
#[derive(Clone, Copy, Debug)]
pub(super) struct Word {
    pub(super) span: Span,
    pub(super) number: bool,
    pub(super) ascii: bool,
}

/// Whether the trimmed run of word chars `text[s..e]` is a word, by the
/// rule shared by [`next_token`] and [`prev_token`]: it is not empty and
/// holds a letter or a digit (`alnum`), or it is a lone "&" (the grammar
/// may list it as a continuation).
fn word_at(text: &str, s: usize, e: usize, alnum: bool) -> bool {
    s < e && (alnum || &text[s..e] == "&")
}

/// The next token at or after `i`, before `end`: `Some(Ok(word))`, or
/// `Some(Err(at))` for punctuation at `at`, or `None` at the end.
// PERF: ASCII bytes are classified by a table, other chars by the Unicode
// functions (measured with `roles_of`).
pub(super) fn next_token(
    text: &str,
    i: usize,
    end: usize,
) -> Option<Result<Word, usize>> {
    text.get(i..end)?;
    let b = &text.as_bytes()[..end];
    // The first char that is not white space.
    let mut i = i;
    loop {
        let &c = b.get(i)?;
        let class = BYTE_CLASS[usize::from(c)];
        if class & SPACE != 0 {
            i += 1;
        } else if class & HIGH == 0 {
            break;
        } else {
            let ch = text[i..end].chars().next()?;
            if !ch.is_whitespace() {
                break;
            }
            i += ch.len_utf8();
        }
    }
    let mut e = i;
    let mut alnum = false;
    let mut ascii = true;
    while let Some(&c) = b.get(e) {
        let class = BYTE_CLASS[usize::from(c)];
        if class & WORD != 0 {
            alnum |= class & ALNUM != 0;
            e += 1;
        } else if class & HIGH == 0 {
            break;
        } else {
            let Some(ch) = text[e..end].chars().next() else { break };
            if !is_word_char(ch) {
                break;
            }
            ascii = false;
            alnum |= is_alphanumeric(ch);
            e += ch.len_utf8();
        }
    }
    if e == i {
        // Not a word char.
        return Some(Err(i));
    }
    // A word ends with no trailing apostrophe or hyphen ("partners'").
    let mut e2 = e;
    loop {
        match b[e2 - 1] {
            b'-' | b'\'' | b'/' => e2 -= 1,
            0x99 if b[i..e2].ends_with("’".as_bytes()) => e2 -= "’".len(),
            _ => break,
        }
        if e2 == i {
            break;
        }
    }
    if !word_at(text, i, e2, alnum) {
        return Some(Err(i));
    }
    let e2 = footnote_trimmed(b, i, e2);
    let number = b[i].is_ascii_digit();
    Some(Ok(Word { span: Span { start: i, end: e2 }, number, ascii }))
}

/// The previous word ending at or before `i`, after `lo`.
pub(super) fn prev_token(
    text: &str,
    i: usize,
    lo: usize,
) -> Option<Result<Word, usize>> {
    let rest = text.get(lo..i)?;
    let trimmed = rest.trim_end();
    if trimmed.is_empty() {
        return None;
    }
    let e = lo + trimmed.len();
    let b = text.as_bytes();
    let mut s = e;
    let mut ascii = true;
    while s > lo {
        let class = BYTE_CLASS[usize::from(b[s - 1])];
        if class & WORD != 0 {
            s -= 1;
        } else if class & HIGH == 0 {
            break;
        } else {
            let Some(ch) = text[lo..s].chars().next_back() else { break };
            if !is_word_char(ch) {
                break;
            }
            ascii = false;
            s -= ch.len_utf8();
        }
    }
    if s == e {
        // The last char is no word char.
        return Some(Err(e));
    }
    let word = &text[s..e];
    let lead =
        word.len() - word.trim_start_matches(['-', '\'', '’', '/']).len();
    let s = s + lead;
    let alnum = s < e
        && if ascii {
            b[s..e].iter().any(u8::is_ascii_alphanumeric)
        } else {
            text[s..e].chars().any(is_alphanumeric)
        };
    if !word_at(text, s, e, alnum) {
        return Some(Err(e));
    }
    let e = footnote_trimmed(b, s, e);
    let number = b[s].is_ascii_digit();
    Some(Ok(Word { span: Span { start: s, end: e }, number, ascii }))
}

/// The end of the word `b[s..e]` without a footnote call glued to it: one
/// or two digits after three or more lower-case ASCII letters ("people2",
/// "facilities10"). Identifiers in capitals ("G20", "IFAD11") keep them.
fn footnote_trimmed(b: &[u8], s: usize, e: usize) -> usize {
    let digits = b[s..e]
        .iter()
        .rev()
        .take(3)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !(1..=2).contains(&digits) {
        return e;
    }
    let letters = &b[s..e - digits];
    if letters.len() >= 3 && letters.iter().all(u8::is_ascii_lowercase) {
        e - digits
    } else {
        e
    }
}

/// Lower-cases `word` into `key`.
pub(super) fn key_of<'k>(key: &'k mut String, word: &str) -> &'k str {
    key.clear();
    push_lower(key, word);
    key
}

/// Appends `word` lower-cased to `key`.
// PERF: ASCII words are lower-cased in place, others by the Unicode path
// (batch tool, 20 MB, with the word hasher: dense +4%, prose +5%).
pub(super) fn push_lower(key: &mut String, word: &str) {
    if word.is_ascii() {
        let from = key.len();
        key.push_str(word);
        key[from..].make_ascii_lowercase();
    } else {
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// The roles of `word` (lower-cased) in the rule tables; `key` is
/// scratch space.
// PERF: a short ASCII word is looked up once by its packed key, others by a
// lower-cased copy (callgrind, layer 2: report -18%, dense -4%).
pub(super) fn roles_of(
    c: &Compiled,
    word: &str,
    ascii: bool,
    key: &mut String,
) -> Roles {
    let packed = if ascii { pack(word.as_bytes()) } else { None };
    roles_by(c, packed, word, key)
}

/// The roles of a word of `text`, its key read in place (see
/// [`pack_in`]).
pub(super) fn roles_at(
    c: &Compiled,
    text: &str,
    w: Word,
    key: &mut String,
) -> Roles {
    let (start, end) = (w.span.start, w.span.end);
    let packed =
        if w.ascii { pack_in(text.as_bytes(), start, end) } else { None };
    roles_by(c, packed, w.span.slice(text), key)
}

/// The roles of `word` by its packed key if it has one, else by its
/// lower-cased form.
#[inline(always)]
fn roles_by(
    c: &Compiled,
    packed: Option<u128>,
    word: &str,
    key: &mut String,
) -> Roles {
    match packed {
        Some(k) => c.packed_roles.get(&k),
        None => c.roles.get(key_of(key, word)),
    }
    .copied()
    .unwrap_or_default()
}

/// Whether `word` lower-cased ends with one of `suffixes` and is longer
/// than it by at least two letters ("used" but not "red").
pub(super) fn lower_has_suffix(
    suffixes: &[Box<str>],
    word: &str,
    ascii: bool,
    key: &mut String,
) -> bool {
    if !ascii {
        return has_suffix(suffixes, key_of(key, word));
    }
    // An ASCII word lower-cases byte for byte; the suffixes are lower
    // case already.
    let b = word.as_bytes();
    suffixes.iter().any(|s| {
        b.len() >= s.len() + 2
            && b[b.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
    })
}

/// Whether `word` lower-cased reads as a plural: it ends with a plural
/// suffix, but not doubled ("ss" is no plural: "business").
pub(super) fn is_plural(
    suffixes: &[Box<str>],
    word: &str,
    ascii: bool,
    key: &mut String,
) -> bool {
    if !ascii {
        let k = key_of(key, word);
        return has_suffix(suffixes, k)
            && !k
                .get(..k.len() - 1)
                .is_some_and(|rest| has_suffix(suffixes, rest));
    }
    lower_has_suffix(suffixes, word, true, key)
        && !lower_has_suffix(suffixes, &word[..word.len() - 1], true, key)
}

/// Whether `key` ends with one of `suffixes` and is longer than it by at
/// least two letters ("used" but not "red").
fn has_suffix(suffixes: &[Box<str>], key: &str) -> bool {
    suffixes.iter().any(|s| key.len() >= s.len() + 2 && key.ends_with(&**s))
}

/// A word with its roles in the rule tables (the default roles for a
/// number, which no caller asks about).
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub(super) word: Word,
    pub(super) roles: Roles,
}

/// The token at or after `i` and before `end` (see [`next_token`]), with
/// its roles (the default roles for a number, which no caller asks
/// about).
pub(super) fn tok_at(
    c: &Compiled,
    text: &str,
    i: usize,
    end: usize,
    key: &mut String,
) -> Option<Result<Tok, usize>> {
    next_token(text, i, end).map(|t| {
        t.map(|word| {
            let roles = if word.number {
                Roles::default()
            } else {
                roles_at(c, text, word, key)
            };
            Tok { word, roles }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::xorshift;

    /// The tokenizers as they were before their byte-table fast path.
    fn next_token_ref(
        text: &str,
        mut i: usize,
        end: usize,
    ) -> Option<Result<Span, usize>> {
        let rest = text.get(i..end)?;
        let (o, ch) =
            rest.char_indices().find(|(_, ch)| !ch.is_whitespace())?;
        i += o;
        if !is_word_char(ch) {
            return Some(Err(i));
        }
        let mut e = i;
        let mut alnum = false;
        for ch in text[i..end].chars() {
            if !is_word_char(ch) {
                break;
            }
            alnum |= ch.is_alphanumeric();
            e += ch.len_utf8();
        }
        let trimmed = text[i..e].trim_end_matches(['-', '\'', '’', '/']);
        let e2 = i + trimmed.len();
        if (!alnum && &text[i..e2] != "&") || e2 == i {
            return Some(Err(i));
        }
        let e2 = footnote_trimmed(text.as_bytes(), i, e2);
        Some(Ok(Span { start: i, end: e2 }))
    }

    fn prev_token_ref(
        text: &str,
        i: usize,
        lo: usize,
    ) -> Option<Result<Span, usize>> {
        let trimmed = text.get(lo..i)?.trim_end();
        let e = lo + trimmed.len();
        let last = trimmed.chars().next_back()?;
        if !is_word_char(last) {
            return Some(Err(e));
        }
        let mut s = e;
        for ch in text[lo..e].chars().rev() {
            if !is_word_char(ch) {
                break;
            }
            s -= ch.len_utf8();
        }
        let word = &text[s..e];
        let s = s + word.len()
            - word.trim_start_matches(['-', '\'', '’', '/']).len();
        if s >= e
            || (!text[s..e].chars().any(char::is_alphanumeric)
                && &text[s..e] != "&")
        {
            return Some(Err(e));
        }
        let e = footnote_trimmed(text.as_bytes(), s, e);
        Some(Ok(Span { start: s, end: e }))
    }

    #[test]
    fn a_footnote_call_glued_to_a_word_is_not_part_of_it() {
        let t = "people2 facilities10 G20 IFAD11 co2 the123";
        let mut words = Vec::new();
        let mut i = 0;
        while let Some(tok) = next_token(t, i, t.len()) {
            let Ok(w) = tok else { break };
            words.push(w.span.slice(t));
            i = w.span.end;
        }
        assert_eq!(
            words,
            [
                "people",
                "2",
                "facilities",
                "10",
                "G20",
                "IFAD11",
                "co2",
                "the123"
            ]
        );
    }

    #[test]
    fn tokenizers_agree_with_their_unicode_reference() {
        let alphabet = [
            "a", "Z", "7", " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "-", "'",
            "’", "/", "&", ".", ",", "(", "é", "İ", "K", "\u{a0}", "\u{85}",
            "\u{2028}", "٣", "—", "x", "ß",
        ];
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let len = next(9);
            let text: String =
                (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &a in &bounds {
                for &b in &bounds {
                    let got =
                        next_token(&text, a, b).map(|t| t.map(|w| w.span));
                    assert_eq!(
                        got,
                        next_token_ref(&text, a, b),
                        "{text:?} {a}..{b}"
                    );
                    let got =
                        prev_token(&text, b, a).map(|t| t.map(|w| w.span));
                    assert_eq!(
                        got,
                        prev_token_ref(&text, b, a),
                        "{text:?} {a}..{b}"
                    );
                    if let Some(Ok(w)) = next_token(&text, a, b) {
                        assert_eq!(
                            w.number,
                            text[w.span.start..]
                                .starts_with(|c: char| c.is_ascii_digit())
                        );
                        assert!(!w.ascii || w.span.slice(&text).is_ascii());
                    }
                }
            }
        }
    }
}
