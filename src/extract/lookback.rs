//! Subjects read before a figure: the look-back patterns of the rule set
//! ("the rate reached 90", "People in need: 301 million") and the noun
//! phrase that ends where a pattern's match starts, read backwards.

use super::subject::{kind_of, np_forward, Subject, MAX_SUBJECT_WORDS};
use super::token::{key_of, next_token, prev_token, roles_at};
use crate::quantity::space_len_before;
use crate::record::Span;
use crate::rules::{Compiled, Lookback};

/// A subject found by one of the look-back patterns `rules` in the text
/// of the figure's clause before it.
pub(super) fn lookback(
    c: &Compiled,
    rules: &[Lookback],
    text: &str,
    lo: usize,
    at: usize,
    key: &mut String,
) -> Option<Subject> {
    // The clause: after the last ';' of the window before the figure.
    let before = &text[lo..at];
    // PERF: memchr's vector search, not `str::rfind` (cachegrind, layer 2,
    // dense 1 MB: -3%).
    let lo =
        memchr::memrchr(b';', before.as_bytes()).map_or(lo, |i| lo + i + 1);
    let hay = &text[lo..at];
    for lb in rules {
        let found = match lb.group {
            Some(g) => lb.pattern.captures(hay).and_then(|caps| {
                let m = caps.get(g)?;
                let found = np_forward(
                    c,
                    text,
                    lo + m.start(),
                    lo + m.end(),
                    true,
                    key,
                )?;
                // A phrase whose noun is the number word of a figure ("Une
                // dizaine de parrainages … sur une vingtaine d'enfants :"
                // read as a label) names nothing: the line is a sentence
                // with figures of its own, and the next rule reads it.
                // PERF: layer 1 runs only on the few words up to the noun.
                let head = &text[lo + m.start()..found.span.end];
                if step_index(&text[found.span.start..found.span.end])
                    || span_of_time(c, text, found.span, lo)
                    || c.lexicon
                        .quantities(head)
                        .any(|q| q.span.end == head.len())
                {
                    return None;
                }
                Some(found)
            }),
            None => lb.pattern.find(hay).and_then(|m| {
                let span = np_backward(c, text, lo, lo + m.start(), key)?;
                if names_agent(c, text, span, key)
                    || step_index(&text[span.start..span.end])
                    || span_of_time(c, text, span, lo)
                {
                    return None;
                }
                // Read forward again, so that the phrase is as minimal as
                // one read from its start ("Staff recruited stood at 60"
                // -> "Staff").
                np_forward(c, text, span.start, span.end, true, key).or_else(
                    || {
                        Some(Subject {
                            span,
                            kind: kind_of(c, text, span, key),
                        })
                    },
                )
            }),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The noun phrase that ends at the last word before `end`, read
/// backwards down to `lo`; determiners are left out.
fn np_backward(
    c: &Compiled,
    text: &str,
    lo: usize,
    end: usize,
    key: &mut String,
) -> Option<Span> {
    let mut span: Option<Span> = None;
    let mut words = 0;
    let mut i = end;
    while let Some(Ok(word)) = prev_token(text, i, lo) {
        i = word.span.start;
        if word.number {
            break;
        }
        let r = roles_at(c, text, word, key);
        if r.stop || r.determiner || scale_of_figure(c, text, word.span, lo) {
            break;
        }
        if r.continuation {
            match prev_token(text, i, lo) {
                Some(Ok(p)) if !p.number && span.is_some() => {
                    let pr = roles_at(c, text, p, key);
                    if pr.stop || pr.determiner || pr.continuation {
                        break;
                    }
                    continue;
                }
                _ => break,
            }
        }
        span = Some(match span {
            None => word.span,
            Some(s) => Span { start: word.span.start, end: s.end },
        });
        words += 1;
        if words >= MAX_SUBJECT_WORDS {
            break;
        }
    }
    let span = span?;
    // A phrase that starts with the number word of a figure ("une
    // vingtaine d'enfants :" read back from the colon) counts what comes
    // after that word: the figure's noun, not its number word.
    // PERF: one layer-1 read of two words, once per phrase read back.
    let Some(Ok(first)) = next_token(text, span.start, span.end) else {
        return Some(span);
    };
    if first.span.end >= span.end {
        return Some(span);
    }
    if let Some(Ok(p)) = prev_token(text, span.start, lo) {
        let pair = &text[p.span.start..first.span.end];
        if c.lexicon.quantities(pair).any(|q| q.span.end == pair.len()) {
            let rest = next_token(text, first.span.end, span.end)?.ok()?;
            return Some(Span { start: rest.span.start, end: span.end });
        }
    }
    Some(span)
}

/// Whether the word at `word` is the scale word of a figure right before
/// it ("10.5 million people: 7.7 million ..." read back from the colon
/// stops at "people"): the number before it and the word read as one
/// quantity by layer 1.
fn scale_of_figure(c: &Compiled, text: &str, word: Span, lo: usize) -> bool {
    let Some(Ok(p)) = prev_token(text, word.start, lo) else { return false };
    if !p.number {
        return false;
    }
    let pair = &text[p.span.start..word.end];
    c.lexicon.quantities(pair).any(|q| q.span.end == pair.len())
}

/// Whether the phrase `span` is one word of the grammar's `agent` role:
/// who acted, not what was counted ("the project had reached 8,450").
fn names_agent(
    c: &Compiled,
    text: &str,
    span: Span,
    key: &mut String,
) -> bool {
    !c.words.agent.is_empty()
        && matches!(
            next_token(text, span.start, span.end),
            Some(Ok(w)) if w.span.end == span.end
                && c.words.agent.contains(key_of(key, &text[w.span.start..w.span.end]))
        )
}

/// Whether the phrase `span` read back is the noun of a number that layer 1
/// reads as no figure: a duration or an age ("to electrify 7,873 villages
/// over five years: 7,697 through the national grid" reads no label
/// "years"; the figure's subject comes from elsewhere). The number is the
/// word before the phrase or the phrase's first word.
// PERF: layer-1 reads of one and two words, only on a phrase read back.
fn span_of_time(c: &Compiled, text: &str, span: Span, lo: usize) -> bool {
    let numeral = |w: &super::token::Word| {
        w.number || {
            let t = &text[w.span.start..w.span.end];
            c.lexicon
                .quantities(t)
                .any(|q| q.span.start == 0 && q.span.end == t.len())
        }
    };
    let Some(Ok(first)) = next_token(text, span.start, span.end) else {
        return false;
    };
    let (start, end) = match prev_token(text, span.start, lo) {
        // A group of a number written with separators ("470 000 filles",
        // "4, 998,065 enfants") is the end of a figure, not a number of
        // its own: left to layer 1 as it stands.
        Some(Ok(p)) if p.number && grouped(text.as_bytes(), p.span.start) => {
            return false
        }
        Some(Ok(p)) if numeral(&p) => (p.span.start, first.span.end),
        _ if numeral(&first) => {
            match next_token(text, first.span.end, span.end) {
                Some(Ok(w)) => (first.span.start, w.span.end),
                _ => return false,
            }
        }
        _ => return false,
    };
    let pair = &text[start..end];
    !c.lexicon.quantities(pair).any(|q| q.span.start == 0)
}

/// Whether the digits at `start` follow a digit and a separator (a
/// thousands group of a longer number: "470 000", "998,065").
fn grouped(b: &[u8], start: usize) -> bool {
    let sep = match start.checked_sub(1).map(|i| b[i]) {
        Some(b',' | b'.') => 1,
        _ => space_len_before(b, start),
    };
    sep > 0 && start > sep && b[start - sep - 1].is_ascii_digit()
}

/// Whether `word` numbers a step of time, as a label before a colon
/// ("Y1: 3,500", "Q3: 1,200", "T2 : 450", "FY24: 12"): one to two letters
/// and one to two digits, which name no counted thing.
// By hand: a shape of at most four bytes, asked only of a read-back label.
fn step_index(word: &str) -> bool {
    let b = word.as_bytes();
    let letters = b.iter().take_while(|x| x.is_ascii_alphabetic()).count();
    let digits = b.len() - letters;
    (1..=2).contains(&letters)
        && (1..=2).contains(&digits)
        && b[letters..].iter().all(u8::is_ascii_digit)
}
