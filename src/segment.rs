//! Per-document indexes that bound where layer-2 rules look: sentence
//! bounds and section codes, each computed once per document.
//!
//! Sentences come from a byte rule rather than full UAX #29 segmentation:
//! the rules only need to know which figures and years share a sentence,
//! and a rule that is linear, allocation-free (beyond the output vector)
//! and predictable on web-page text is worth more here than Unicode's
//! refinements. A sentence ends
//!
//! - after `.`, `!` or `?` (and any closing quotes or brackets) followed
//!   by white space and then an upper-case letter, a digit, an opening
//!   quote or bracket, or a bullet: "in 2023. 22 reports" splits, "incl.
//!   expanded" and "7.318.450" do not;
//! - at a blank line;
//! - at a line break, unless the line does not end a sentence and the
//!   next one starts in lower case (a hard-wrapped sentence).
//!
//! Every window a rule sees is the figure's sentence clipped to
//! [`WINDOW_CAP`] bytes on each side of the figure, so a rule's cost per
//! figure is bounded whatever the document's length.

use regex::Regex;

use crate::record::Span;
use crate::rules::WordSet;

/// How far a rule looks on each side of a figure, in bytes. A sentence
/// of results rarely exceeds a few hundred bytes; the cap keeps one
/// endless "sentence" (a table flattened into one line) from making each
/// of its figures cost the whole line.
pub(crate) const WINDOW_CAP: usize = 400;

/// Appends to `out` the start offset of every sentence of `text`, the
/// first being 0.
pub(crate) fn sentence_starts(
    text: &str,
    abbreviations: &WordSet,
    out: &mut Vec<usize>,
) {
    out.clear();
    out.push(0);
    let b = text.as_bytes();
    let mut i = 0;
    // The first '!' or '?' at or after some place at or before `i`, once
    // looked for.
    let mut next_mark: Option<usize> = None;
    while i < b.len() {
        match b[i] {
            b'.' | b'!' | b'?' => {
                let mut j = i + 1;
                while j < b.len() && is_closer(b[j]) {
                    j += 1;
                }
                let ws = j;
                while j < b.len() && matches!(b[j], b' ' | b'\t') {
                    j += 1;
                }
                if j == ws {
                    // No white space after the dot: "12.490", "e.g.,";
                    // but a footnote call after a word's full stop
                    // ("fled twice.7 By June") ends the sentence.
                    if let Some(next) = after_footnote_call(text, i) {
                        out.push(next);
                        i = next;
                        continue;
                    }
                    if j < b.len() && matches!(b[j], b'\n' | b'\r') {
                        i = j;
                        continue;
                    }
                    i += 1;
                    continue;
                }
                // A listed abbreviation before a digit ("sept. 2017",
                // "p. 12") does not end its sentence.
                let abbreviated = b[i] == b'.'
                    && j < b.len()
                    && b[j].is_ascii_digit()
                    && (abbreviation_before(b, i, abbreviations)
                        // "21. 000 people": a thousands group broken by a
                        // stray space (quantity::digits reads it whole).
                        || (j == ws + 1
                            && i > 0
                            && b[i - 1].is_ascii_digit()
                            && b.get(j..j + 3) == Some(b"000".as_slice())
                            && !b.get(j + 3).is_some_and(u8::is_ascii_digit)));
                // An initialism's last dot ("the U.S. Mission", "the U.K.
                // Government") before a capitalised name does not end its
                // sentence: two single capitals, each with its dot.
                let initialism = b[i] == b'.'
                    && i >= 3
                    && b[i - 1].is_ascii_uppercase()
                    && b[i - 2] == b'.'
                    && b[i - 3].is_ascii_uppercase()
                    && (i == 3 || !b[i - 4].is_ascii_alphanumeric());
                if j < b.len()
                    && ((starts_sentence(text, j)
                        && !abbreviated
                        && !initialism)
                        || (b[i] == b'.'
                            && b[j].is_ascii_lowercase()
                            && ends_sentence_word(b, i, abbreviations)))
                {
                    out.push(j);
                }
                i = j.max(i + 1);
            }
            // A bar between spaces separates page or table fragments
            // ("… (+12% rise) Portal | (example.org) Grants 2023-2024").
            b'|' => {
                let j = skip_blank(b, i + 1);
                if i > 0 && b[i - 1] == b' ' && j < b.len() {
                    out.push(j);
                }
                i = j.max(i + 1);
            }
            b'\n' => {
                let next = skip_blank(b, i + 1);
                let blank_line = b[i + 1..next].contains(&b'\n');
                let ended = last_non_space(b, i).is_some_and(|c| {
                    matches!(c, b'.' | b'!' | b'?' | b':' | b';')
                        || is_closer(c)
                });
                // A line that goes on in lower case is a hard-wrapped
                // sentence only if it is long and ends inside a phrase:
                // a short header line ("Plan Period: 2018-2022") ends
                // at its line break whatever follows.
                // PERF: memrchr back to the line break, not a byte loop (the
                // gain is given with the memchr below).
                let line_start =
                    memchr::memrchr(b'\n', &b[..i]).map_or(0, |p| p + 1);
                // A figure may end a wrapped line of prose ("the project
                // trained 300\nteachers"), not a table row ("People
                // reunited | 1,006\nof whom minors | 840").
                let wrapped_line = i - line_start >= WRAP_MIN
                    && last_non_space(b, i).is_some_and(|c| {
                        c.is_ascii_alphabetic()
                            || c == b','
                            || (c.is_ascii_digit() || c == b'%')
                                && memchr::memchr(b'|', &b[line_start..i])
                                    .is_none()
                    });
                let lower = next < b.len() && b[next].is_ascii_lowercase();
                // A line that holds only a figure names what it counts on
                // the next ("• 8.3m\n  people with access to water").
                let figure_line = figure_only(&b[line_start..i]);
                if next < b.len()
                    && (blank_line
                        || ended
                        || !lower
                        || !(wrapped_line || figure_line))
                {
                    out.push(next);
                }
                i = next.max(i + 1);
            }
            // PERF: memchr to the next byte that can end a sentence; with the
            // memrchr above (batch tool, 20 MB): dense +5%, prose +15%.
            _ => {
                let mark = match next_mark {
                    Some(m) if m >= i => m,
                    _ => memchr::memchr2(b'!', b'?', &b[i..])
                        .map_or(b.len(), |p| i + p),
                };
                next_mark = Some(mark);
                let next = memchr::memchr3(b'.', b'|', b'\n', &b[i..])
                    .map_or(b.len(), |p| i + p);
                // `b[i]` is none of the five: `i` moves on.
                i = next.min(mark);
            }
        }
    }
    out.dedup();
}

/// Whether `line` holds only a figure: after any bullet, at most two
/// words (the number and a scale or currency word, "72 million", "US$2.3
/// billion"), the first with a digit.
fn figure_only(line: &[u8]) -> bool {
    let start = line
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | b'-' | b'*' | b'\r'))
        .unwrap_or(line.len());
    // A bullet "•" is three bytes, none of them a digit or a space.
    let rest = &line[start..];
    let rest = rest.strip_prefix("•".as_bytes()).unwrap_or(rest);
    let mut words = rest.split(|c| matches!(c, b' ' | b'\t' | b'\r'));
    let mut words = words.by_ref().filter(|w| !w.is_empty());
    let first = words.next();
    first.is_some_and(|w| w.len() <= 16 && w.iter().any(u8::is_ascii_digit))
        && words.count() <= 1
}

/// Shortest line that may be a hard-wrapped part of a sentence: wrapped
/// text fills its lines (typically 60 to 80 columns); page headers and
/// list lines are shorter.
const WRAP_MIN: usize = 40;

/// Whether the word ending at the `.` at `dot` ends a sentence even before
/// a lower-case word ("finalised in 2024. the report"): a number, or a
/// lower-case word of two or more letters that is not an abbreviation
/// ("incl.", "approx.").
fn ends_sentence_word(b: &[u8], dot: usize, abbreviations: &WordSet) -> bool {
    let start = b[..dot]
        .iter()
        .rposition(|c| !c.is_ascii_alphanumeric())
        .map_or(0, |p| p + 1);
    let word = &b[start..dot];
    if word.len() < 2 {
        return false;
    }
    if word.iter().all(u8::is_ascii_digit) {
        return true;
    }
    word.iter().all(u8::is_ascii_lowercase)
        && std::str::from_utf8(word).is_ok_and(|w| !abbreviations.contains(w))
}

/// Whether the word ending at the `.` at `dot` is a listed abbreviation
/// written in lower case or with one capital ("sept", "p", "Jan" of "Since
/// Jan. 1, 2019").
fn abbreviation_before(b: &[u8], dot: usize, abbreviations: &WordSet) -> bool {
    let start = b[..dot]
        .iter()
        .rposition(|c| !c.is_ascii_alphanumeric())
        .map_or(0, |p| p + 1);
    let word = &b[start..dot];
    let Some((first, rest)) = word.split_first() else { return false };
    if !first.is_ascii_alphabetic() || !rest.iter().all(u8::is_ascii_lowercase)
    {
        return false;
    }
    // Listed abbreviations are short: a longer word is none of them.
    let mut lower = [0u8; 8];
    let Some(key) = lower.get_mut(..word.len()) else { return false };
    key.copy_from_slice(word);
    key[0] = first.to_ascii_lowercase();
    std::str::from_utf8(key).is_ok_and(|w| abbreviations.contains(w))
}

/// Where the next sentence starts when the `.` at `dot` ends a word's
/// sentence and a footnote call of one or two digits is glued to it
/// ("fled twice.7 By 30 June"): a letter before the dot, the digits,
/// white space, then an upper-case letter. "12.490" and "2019.3" (a
/// number before the dot) are left to the other rules.
fn after_footnote_call(text: &str, dot: usize) -> Option<usize> {
    let b = text.as_bytes();
    if dot == 0 || !b[dot - 1].is_ascii_alphabetic() {
        return None;
    }
    // A call in brackets ("insecure.[3] The") is one too.
    let open = usize::from(b.get(dot + 1) == Some(&b'['));
    let digits = b[dot + 1 + open..]
        .iter()
        .take(3)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !(1..=2 + open).contains(&digits) {
        return None;
    }
    let mut ws = dot + 1 + open + digits;
    if open == 1 {
        if b.get(ws) != Some(&b']') {
            return None;
        }
        ws += 1;
    }
    let mut j = ws;
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    (j > ws && j < b.len() && b[j].is_ascii_uppercase()).then_some(j)
}

fn is_closer(c: u8) -> bool {
    matches!(c, b'"' | b'\'' | b')' | b']')
}

fn skip_blank(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

fn last_non_space(b: &[u8], end: usize) -> Option<u8> {
    b[..end].iter().rev().copied().find(|c| !matches!(c, b' ' | b'\t' | b'\r'))
}

fn starts_sentence(text: &str, i: usize) -> bool {
    match text[i..].chars().next() {
        Some(c) => {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(
                    c,
                    '"' | '\'' | '(' | '[' | '“' | '‘' | '•' | '-' | '–' | '*'
                )
        }
        None => false,
    }
}

/// A place in the sentence index, to look up the sentence of `text` that
/// holds byte `pos` (`[start, end)`), for increasing positions without a
/// search each.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Cursor(usize);

impl Cursor {
    /// A cursor at the sentence of `starts` that holds `pos`, found by a
    /// binary search: where a document is read in parts, each part's walk
    /// starts at its first figure, not at the top of the document.
    pub(crate) fn near(starts: &[usize], pos: usize) -> Cursor {
        Cursor(starts.partition_point(|&s| s <= pos).saturating_sub(1))
    }

    /// The sentence that holds `pos`, given the sentence `starts` of a
    /// text of `len` bytes. Linear over the index in all while `pos` does
    /// not decrease from call to call (a smaller `pos` takes a search).
    pub(crate) fn sentence_at(
        &mut self,
        starts: &[usize],
        len: usize,
        pos: usize,
    ) -> Span {
        if starts.get(self.0).is_none_or(|&s| s > pos) {
            *self = Cursor::near(starts, pos);
        }
        while starts.get(self.0 + 1).is_some_and(|&s| s <= pos) {
            self.0 += 1;
        }
        let start = starts.get(self.0).copied().unwrap_or(0);
        let end = starts.get(self.0 + 1).copied().unwrap_or(len);
        Span { start, end }
    }
}

/// The whole line of `text` that holds byte `pos` (without its line
/// break). Callers cache it per line, so the memchr scans stay linear.
pub(crate) fn line_of(text: &str, pos: usize) -> Span {
    let b = text.as_bytes();
    let pos = pos.min(b.len());
    let start = memchr::memrchr(b'\n', &b[..pos]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |i| pos + i);
    Span { start, end }
}

/// The start of the line that ends at `to`, looked for no further back
/// than `floor`: `None` when `floor..to` holds no line break and `floor`
/// is not the text's start (the line is longer than the caller's reach).
pub(crate) fn line_start_within(
    text: &str,
    floor: usize,
    to: usize,
) -> Option<usize> {
    match memchr::memrchr(b'\n', &text.as_bytes()[floor..to]) {
        Some(i) => Some(floor + i + 1),
        None => (floor == 0).then_some(0),
    }
}

/// `sentence` clipped to [`WINDOW_CAP`] bytes on each side of `span`, on
/// char boundaries.
pub(crate) fn window(text: &str, sentence: Span, span: Span) -> Span {
    let start = sentence.start.max(span.start.saturating_sub(WINDOW_CAP));
    let end = sentence.end.min(span.end.saturating_add(WINDOW_CAP));
    let start = ceil(text, start.min(span.start));
    let end = floor(text, end.max(span.end));
    Span { start, end }
}

/// The largest char boundary at or below `i`.
pub(crate) fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or above `i`.
pub(crate) fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Appends to `out` the spans of every section code of `text`, sorted by
/// start, one regex pass per pattern. A trailing dot (the end of a
/// sentence) is not part of a code.
pub(crate) fn index_sections(
    patterns: &[Regex],
    text: &str,
    out: &mut Vec<Span>,
) {
    out.clear();
    for re in patterns {
        for m in re.find_iter(text) {
            let code = m.as_str().trim_end_matches('.');
            if !code.is_empty() {
                out.push(Span {
                    start: m.start(),
                    end: m.start() + code.len(),
                });
            }
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|s| s.start);
}

/// The last section code that starts before `pos`.
#[cfg(test)]
pub(crate) fn section_before(sections: &[Span], pos: usize) -> Option<Span> {
    SectionCursor::default().before(sections, pos)
}

/// A place in the section index, to look up the section of increasing
/// positions without a search each.
// PERF: records come in text order, so a cursor replaces a search per record
// (~120 instructions; gain given with `kind_of`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SectionCursor(usize);

impl SectionCursor {
    /// The last section code of `sections` (sorted) that starts before
    /// `pos`. Linear over the index in all while `pos` does not decrease
    /// from call to call (a smaller `pos` takes a search).
    pub(crate) fn before(
        &mut self,
        sections: &[Span],
        pos: usize,
    ) -> Option<Span> {
        // `self.0` is the number of sections that start before `pos`.
        if self.0 > sections.len()
            || (self.0 > 0 && sections[self.0 - 1].start >= pos)
        {
            self.0 = sections.partition_point(|s| s.start < pos);
        }
        while sections.get(self.0).is_some_and(|s| s.start < pos) {
            self.0 += 1;
        }
        self.0.checked_sub(1).map(|i| sections[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut starts = Vec::new();
        sentence_starts(text, &WordSet::default(), &mut starts);
        starts
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let e = starts.get(i + 1).copied().unwrap_or(text.len());
                text[s..e].trim_end()
            })
            .collect()
    }

    #[test]
    fn dots_before_capitals_and_digits_end_sentences() {
        let t = "We met 5 donors. They gave $2m in 2023. 22 reports followed.";
        assert_eq!(
            sentences(t),
            [
                "We met 5 donors.",
                "They gave $2m in 2023.",
                "22 reports followed."
            ]
        );
    }

    #[test]
    fn a_footnote_call_after_a_full_stop_ends_the_sentence() {
        let t = "Most fled, some twice.7 By June, 40 died. 2019.3 x";
        assert_eq!(
            sentences(t),
            ["Most fled, some twice.7", "By June, 40 died.", "2019.3 x"]
        );
        let t = "It reaches 650,000 people.[4] A further 12 joined.";
        assert_eq!(
            sentences(t),
            ["It reaches 650,000 people.[4]", "A further 12 joined."]
        );
    }

    #[test]
    fn decimal_dots_and_abbreviations_do_not() {
        let t = "funds fell from 7.318.450 USD, incl. grants of 1.5m to 9.";
        let abbreviations: WordSet = ["incl".into()].into_iter().collect();
        let mut starts = Vec::new();
        sentence_starts(t, &abbreviations, &mut starts);
        assert_eq!(starts, [0]);
    }

    #[test]
    fn an_abbreviation_before_a_digit_does_not_end_a_sentence() {
        let t = "Cases to sept. 2017: 10 814. 22 died in 2018.";
        let abbreviations: WordSet = ["sept".into()].into_iter().collect();
        let mut starts = Vec::new();
        sentence_starts(t, &abbreviations, &mut starts);
        assert_eq!(starts, [0, 29]);
        assert_eq!(&t[29..31], "22");
    }

    #[test]
    fn a_figure_line_goes_on_with_its_lower_case_noun() {
        let t = "Results:\n  • 8.3m\n    people with water\n72 million\nadditional children\n• 5 wells\nA new line";
        assert_eq!(
            sentences(t),
            [
                "Results:",
                "• 8.3m\n    people with water",
                "72 million\nadditional children",
                "• 5 wells",
                "A new line"
            ]
        );
    }

    #[test]
    fn line_breaks_end_sentences_unless_wrapped() {
        let t = "Population: 5\nIn the northern regions the programme trained\nmidwives in 2023.\n\nnext one\nPlan period 2018-2022\ni-icon Income groups";
        assert_eq!(
            sentences(t),
            [
                "Population: 5",
                "In the northern regions the programme trained\nmidwives in 2023.",
                "next one",
                "Plan period 2018-2022",
                "i-icon Income groups"
            ]
        );
    }

    #[test]
    fn numbers_and_words_end_sentences_before_lower_case() {
        let t = "It ends in 2024. the rate is 90%. Then | a bar";
        assert_eq!(
            sentences(t),
            ["It ends in 2024.", "the rate is 90%.", "Then |", "a bar"]
        );
    }

    #[test]
    fn sentence_lookup_uses_the_index() {
        let t = "One. Two here. Three.";
        let mut starts = Vec::new();
        sentence_starts(t, &WordSet::default(), &mut starts);
        let s = Cursor::default().sentence_at(&starts, t.len(), 7);
        assert_eq!(&t[s.start..s.end], "Two here. ");
        // In any order of positions, the cursor finds the sentence that a
        // search finds.
        let mut cursor = Cursor::default();
        for pos in (0..=t.len()).chain((0..=t.len()).rev()).chain([3, 15, 1]) {
            let i = starts.partition_point(|&s| s <= pos) - 1;
            let end = starts.get(i + 1).copied().unwrap_or(t.len());
            let want = Span { start: starts[i], end };
            assert_eq!(cursor.sentence_at(&starts, t.len(), pos), want);
        }
    }

    #[test]
    fn windows_are_capped_and_on_char_boundaries() {
        let t = "é".repeat(500) + "42" + &"é".repeat(500);
        let span = Span { start: 1000, end: 1002 };
        let w = window(&t, Span { start: 0, end: t.len() }, span);
        assert!(w.start >= 1000 - WINDOW_CAP && w.end <= 1002 + WINDOW_CAP);
        assert!(t.is_char_boundary(w.start) && t.is_char_boundary(w.end));
        let l = line_of(&t, 1000);
        assert_eq!((l.start, l.end), (0, t.len()));
    }

    #[test]
    fn sections_are_found_once_and_looked_up_before() {
        let re =
            Regex::new(r"\b[A-Z]{2}-[A-Z]{2,}-[0-9]+-[A-Za-z0-9_.]+").unwrap();
        let t = "outcome XM-DAC-41146-MLI_O_2. We met. output XM-DAC-41146-MLI_D_1.1 here";
        let mut s = Vec::new();
        index_sections(&[re], t, &mut s);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].slice(t), "XM-DAC-41146-MLI_O_2");
        assert_eq!(
            section_before(&s, 35).map(|x| x.slice(t)),
            Some("XM-DAC-41146-MLI_O_2")
        );
        assert_eq!(section_before(&s, 5), None);
        assert_eq!(
            section_before(&s, t.len()).map(|x| x.slice(t)),
            Some("XM-DAC-41146-MLI_D_1.1")
        );
        // In any order of positions, the cursor finds what a search finds.
        let mut cursor = SectionCursor::default();
        for pos in (0..=t.len()).chain((0..=t.len()).rev()).chain([40, 9, 70])
        {
            let i = s.partition_point(|x| x.start < pos);
            let want = i.checked_sub(1).map(|i| s[i]);
            assert_eq!(cursor.before(&s, pos), want, "{pos}");
        }
    }
}
