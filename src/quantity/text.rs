//! Byte-level helpers over UTF-8 text: character classes, gaps between
//! words, word bounds. Every function is total: any position, in bounds
//! or not, on a char boundary or not, gives an answer and never panics.

use once_cell::sync::Lazy;

/// The code points below this are classified from bit tables.
const TABLED: u32 = 0x3000;

/// `char::is_alphabetic` and `char::is_alphanumeric` of every code point
/// below `TABLED` (Latin, Greek, Cyrillic, Arabic, the Indic scripts,
/// punctuation, currency signs, box drawing), one bit each, built once
/// from those two functions, so the answers are theirs.
// PERF: one load, where the standard functions search a compressed table (~100
// instructions); with `char_at`, layer 1, dense-utf8: -37%.
struct Classes {
    alpha: Bits,
    alnum: Bits,
}

/// One bit per code point below `TABLED`.
type Bits = [u64; WORDS];

/// The 64-bit words of a [`Bits`] table.
const WORDS: usize = TABLED as usize / 64;

static CLASSES: Lazy<Box<Classes>> = Lazy::new(|| {
    let mut t = Box::new(Classes { alpha: [0; WORDS], alnum: [0; WORDS] });
    for c in (0..TABLED).filter_map(char::from_u32) {
        let (word, bit) = ((c as u32 / 64) as usize, c as u32 % 64);
        // `is_alphanumeric` is `is_alphabetic || is_numeric`: one lookup
        // of the alphabetic table a code point, not two (the build is a
        // one-time cost of the first extractor; the test below holds the
        // bits equal to the standard functions').
        let alpha = c.is_alphabetic();
        t.alpha[word] |= u64::from(alpha) << bit;
        t.alnum[word] |= u64::from(alpha || c.is_numeric()) << bit;
    }
    t
});

/// `c.is_alphabetic()`, from a table for most scripts.
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    tabled(&CLASSES.alpha, c, char::is_alphabetic)
}

/// `c.is_alphanumeric()`, from a table for most scripts.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    tabled(&CLASSES.alnum, c, char::is_alphanumeric)
}

/// The bit of `c` in `table` below `TABLED`, else `class(c)`.
#[inline(always)]
fn tabled(table: &Bits, c: char, class: impl Fn(char) -> bool) -> bool {
    let u = c as u32;
    if u < TABLED {
        table[(u / 64) as usize] >> (u % 64) & 1 == 1
    } else {
        class(c)
    }
}

/// Whether `b` is an ASCII letter.
#[inline]
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

/// The char starting at `pos`, if `pos` is on a char boundary.
#[inline]
pub(crate) fn char_at(s: &[u8], pos: usize) -> Option<char> {
    let b = *s.get(pos)?;
    if b < 0x80 {
        return Some(char::from(b));
    }
    // PERF: decoded by hand, not by `str::from_utf8` (a general validator, ~40
    // instructions a call): see `Classes` for the gain.
    let (len, lead) = match b {
        0xC2..=0xDF => (2, u32::from(b & 0x1F)),
        0xE0..=0xEF => (3, u32::from(b & 0x0F)),
        0xF0..=0xF4 => (4, u32::from(b & 0x07)),
        _ => return None,
    };
    let rest = s.get(pos + 1..pos + len)?;
    let mut u = lead;
    for &c in rest {
        if c & 0xC0 != 0x80 {
            return None;
        }
        u = (u << 6) | u32::from(c & 0x3F);
    }
    // Overlong forms are refused as `from_utf8` refuses them; surrogates
    // and values past U+10FFFF by `from_u32`.
    let least = [0, 0, 0x80, 0x800, 0x1_0000][len];
    if u < least {
        return None;
    }
    char::from_u32(u)
}

/// The char ending at `pos`, with its start.
#[inline]
pub(crate) fn char_before(s: &[u8], pos: usize) -> Option<(usize, char)> {
    if pos == 0 || pos > s.len() {
        return None;
    }
    let mut start = pos - 1;
    if s[start] < 0x80 {
        return Some((start, char::from(s[start])));
    }
    while start > 0 && pos - start < 4 && (s[start] & 0xC0) == 0x80 {
        start -= 1;
    }
    let c = char_at(s, start)?;
    (start + c.len_utf8() == pos).then_some((start, c))
}

/// Whether a letter (any script) starts at `pos`.
#[inline]
pub(crate) fn is_letter_at(s: &[u8], pos: usize) -> bool {
    match s.get(pos) {
        Some(&b) if b < 0x80 => is_word_byte(b),
        Some(_) => char_at(s, pos).is_some_and(is_alphabetic),
        None => false,
    }
}

/// Whether a letter (any script) ends at `pos`.
#[inline]
pub(crate) fn is_letter_before(s: &[u8], pos: usize) -> bool {
    match pos.checked_sub(1).and_then(|i| s.get(i)) {
        Some(&b) if b < 0x80 => is_word_byte(b),
        Some(_) => char_before(s, pos).is_some_and(|(_, c)| is_alphabetic(c)),
        None => false,
    }
}

/// Whether a letter or digit (any script) ends at `pos`.
#[inline]
pub(crate) fn is_alnum_before(s: &[u8], pos: usize) -> bool {
    match pos.checked_sub(1).and_then(|i| s.get(i)) {
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => {
            char_before(s, pos).is_some_and(|(_, c)| is_alphanumeric(c))
        }
        None => false,
    }
}

/// Whether a letter or digit (any script) starts at `pos`.
#[inline]
pub(crate) fn is_alnum_at(s: &[u8], pos: usize) -> bool {
    match s.get(pos) {
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => char_at(s, pos).is_some_and(is_alphanumeric),
        None => false,
    }
}

/// Whether `c` is an invisible format character or a combining mark: a
/// figure that touches one ("1\u{200f}000", "5\u{301}0") is not read as
/// written, so it is not read at all.
pub(crate) fn is_joiner_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{0300}'..='\u{036F}')
}

/// Whether an ASCII digit is at `pos`.
#[inline]
pub(crate) fn is_digit_at(s: &[u8], pos: usize) -> bool {
    s.get(pos).is_some_and(u8::is_ascii_digit)
}

pub(crate) fn starts_with_letter(tok: &[u8]) -> bool {
    char_at(tok, 0).is_some_and(is_alphabetic)
}

pub(crate) fn ends_with_letter(tok: &[u8]) -> bool {
    char_before(tok, tok.len()).is_some_and(|(_, c)| is_alphabetic(c))
}

/// The length of the horizontal space char at `pos` (space, tab,
/// no-break, thin, narrow no-break and the other Unicode spaces), or 0.
#[inline]
pub(crate) fn space_len_at(s: &[u8], pos: usize) -> usize {
    match s.get(pos) {
        Some(b' ' | b'\t') => 1,
        Some(0xC2) if s.get(pos + 1) == Some(&0xA0) => 2,
        Some(0xE2) => match (s.get(pos + 1), s.get(pos + 2)) {
            (Some(0x80), Some(0x80..=0x8A | 0xAF)) => 3,
            (Some(0x81), Some(0x9F)) => 3,
            _ => 0,
        },
        Some(0xE3)
            if s.get(pos + 1) == Some(&0x80)
                && s.get(pos + 2) == Some(&0x80) =>
        {
            3
        }
        _ => 0,
    }
}

/// The length of the horizontal space char ending at `pos`, or 0.
#[inline]
pub(crate) fn space_len_before(s: &[u8], pos: usize) -> usize {
    match pos.checked_sub(1).and_then(|i| s.get(i)) {
        Some(b' ' | b'\t') => 1,
        Some(0xA0) if pos >= 2 && s[pos - 2] == 0xC2 => 2,
        Some(_) if pos >= 3 && space_len_at(s, pos - 3) == 3 => 3,
        _ => 0,
    }
}

/// Bound on how many space chars a gap may hold: a figure and its
/// currency or qualifier are never further apart, and the bound keeps
/// every look-around O(1).
const MAX_GAP: usize = 3;

/// Whether `b` is an ASCII byte that is no space: no gap goes past it.
#[inline]
fn plain(b: &u8) -> bool {
    *b < 0x80 && *b != b' ' && *b != b'\t'
}

/// Skips up to [`MAX_GAP`] horizontal spaces forward.
#[inline]
pub(crate) fn skip_spaces(s: &[u8], mut pos: usize) -> usize {
    // PERF: most gaps are none or one ASCII space, tested first (cachegrind,
    // layer 1: dense -2%, report -2.4%).
    match s.get(pos) {
        None => return pos,
        Some(b) if plain(b) => return pos,
        Some(b' ') if s.get(pos + 1).is_none_or(plain) => return pos + 1,
        _ => {}
    }
    for _ in 0..MAX_GAP {
        match space_len_at(s, pos) {
            0 => break,
            n => pos += n,
        }
    }
    pos
}

/// Skips up to [`MAX_GAP`] horizontal spaces backward.
#[inline]
pub(crate) fn skip_spaces_back(s: &[u8], mut pos: usize) -> usize {
    let before = |i: usize| i.checked_sub(1).and_then(|i| s.get(i));
    match before(pos) {
        None => return pos,
        Some(b) if plain(b) => return pos,
        Some(b' ') if before(pos - 1).is_none_or(plain) => return pos - 1,
        _ => {}
    }
    for _ in 0..MAX_GAP {
        match space_len_before(s, pos) {
            0 => break,
            n => pos -= n,
        }
    }
    pos
}

/// Skips the gap between two tokens of a phrase: spaces, or one hyphen;
/// a line the phrase is wrapped over ("45 per\ncent") is one break among
/// the spaces.
#[inline]
pub(crate) fn skip_phrase_gap(s: &[u8], pos: usize) -> usize {
    if s.get(pos) == Some(&b'-') {
        return pos + 1;
    }
    let pos = skip_spaces(s, pos);
    match line_break_len(s, pos) {
        0 => pos,
        n => skip_spaces(s, pos + n),
    }
}

/// The length of the line break at `pos` ("\n" or "\r\n"), 0 if none.
#[inline]
pub(crate) fn line_break_len(s: &[u8], pos: usize) -> usize {
    match (s.get(pos), s.get(pos + 1)) {
        (Some(b'\n'), _) => 1,
        (Some(b'\r'), Some(b'\n')) => 2,
        _ => 0,
    }
}

/// Skips the gap between two tokens of a phrase, backward (one line
/// break among its spaces, as [`skip_phrase_gap`]).
#[inline]
pub(crate) fn skip_phrase_gap_back(s: &[u8], pos: usize) -> usize {
    if pos > 0 && s.get(pos - 1) == Some(&b'-') {
        return pos - 1;
    }
    let pos = skip_spaces_back(s, pos);
    match pos.checked_sub(1).map(|i| s[i]) {
        Some(b'\n') => {
            let pos = pos - 1;
            let pos =
                if pos > 0 && s[pos - 1] == b'\r' { pos - 1 } else { pos };
            skip_spaces_back(s, pos)
        }
        _ => pos,
    }
}

/// The end of the ASCII-letter run starting at `pos`.
#[inline]
pub(crate) fn ascii_word_end(s: &[u8], mut pos: usize) -> usize {
    // PERF: eight bytes at a time while all are letters (cachegrind, layer 1:
    // prose -18%, report -4%).
    while let Some(chunk) = s.get(pos..pos + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let others = non_letters(u64::from_le_bytes(word));
        if others != 0 {
            return pos + (others.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while pos < s.len() && is_word_byte(s[pos]) {
        pos += 1;
    }
    pos
}

/// Whether `b` is an ASCII byte that starts no candidate: neither a letter
/// nor a digit (spaces, punctuation, `$`, `%`).
#[inline]
pub(crate) fn is_inert(b: u8) -> bool {
    INERT[usize::from(b)]
}

/// `is_inert` of every byte: one load in the scanner's loop.
static INERT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = !(b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The end of the run of inert bytes (`is_inert`) starting at `pos`.
// PERF: byte by byte up to four, then eight at a time (cachegrind, layer 1,
// with the rest of `18fd0c0`: adv-dollars -8%, adv-seps -10%).
#[inline]
pub(crate) fn inert_end(s: &[u8], mut pos: usize) -> usize {
    for _ in 0..4 {
        match s.get(pos) {
            Some(&b) if is_inert(b) => pos += 1,
            _ => return pos,
        }
    }
    while let Some(chunk) = s.get(pos..pos + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let others = not_inert(u64::from_le_bytes(word));
        if others != 0 {
            return pos + (others.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while s.get(pos).is_some_and(|&b| is_inert(b)) {
        pos += 1;
    }
    pos
}

/// The top bit of each byte of `x` that is not inert: an ASCII letter or
/// digit, or a byte past ASCII.
#[inline]
fn not_inert(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = ONES * 0x80;
    let low = x & !TOPS;
    let from_0 = low + ONES * (0x80 - u64::from(b'0'));
    let past_9 = low + ONES * (0x80 - u64::from(b'9') - 1);
    let digits = from_0 & !past_9 & !x & TOPS;
    (!non_letters(x) & TOPS) | digits | (x & TOPS)
}

/// The top bit of each byte of `x` that is not an ASCII letter.
#[inline]
fn non_letters(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = ONES * 0x80;
    // Lower-case, and keep seven bits so no sum below carries into the
    // next byte; bytes past ASCII are put back at the end.
    let y = (x | (ONES * 0x20)) & !TOPS;
    let from_a = y + ONES * (0x80 - u64::from(b'a'));
    let past_z = y + ONES * (0x80 - u64::from(b'z') - 1);
    let letters = from_a & !past_z & !x & TOPS;
    !letters & TOPS
}

/// The start of the ASCII-letter run ending at `pos`.
#[inline]
pub(crate) fn ascii_word_start(s: &[u8], mut pos: usize) -> usize {
    pos = pos.min(s.len());
    while pos > 0 && is_word_byte(s[pos - 1]) {
        pos -= 1;
    }
    pos
}

/// The end of the letter run (any script) starting at `pos`.
pub(crate) fn word_end(s: &[u8], mut pos: usize) -> usize {
    loop {
        pos = ascii_word_end(s, pos);
        match s.get(pos) {
            Some(&b) if b >= 0x80 => match char_at(s, pos) {
                Some(c) if is_alphabetic(c) => pos += c.len_utf8(),
                _ => return pos,
            },
            _ => return pos,
        }
    }
}

/// Past the run of non-ASCII characters that are not letters starting at
/// `pos` (`│─┼`, `€`, `’`, `–`), or `pos` if there is none.
// PERF: one tight loop over a run, not the scanner's loop once per char
// (cachegrind, layer 1, dense-utf8: -2%).
pub(crate) fn non_letters_end(s: &[u8], mut pos: usize) -> usize {
    while s.get(pos).is_some_and(|&b| b >= 0x80) {
        match char_at(s, pos) {
            Some(c) if !is_alphabetic(c) => pos += c.len_utf8(),
            _ => break,
        }
    }
    pos
}

/// The start of the letter run (any script) ending at `pos`.
pub(crate) fn word_start(s: &[u8], mut pos: usize) -> usize {
    while let Some((start, c)) = char_before(s, pos) {
        if !is_alphabetic(c) {
            break;
        }
        pos = start;
    }
    pos
}

/// The previous word before `pos`, across horizontal spaces: its bounds.
pub(crate) fn prev_word(s: &[u8], pos: usize) -> Option<(usize, usize)> {
    let end = skip_spaces_back(s, pos);
    let start = word_start(s, end);
    (start < end).then_some((start, end))
}

/// Whether `pos` begins a line: only spaces, tabs and bullet marks
/// between it and the previous newline or the start of the text.
pub(crate) fn at_line_start(s: &[u8], pos: usize) -> bool {
    let mut i = pos;
    // A line-start test looks back a bounded distance: a "line" with more
    // than 16 bytes of indentation or bullets is not a list item.
    for _ in 0..16 {
        if i == 0 {
            return true;
        }
        match s[i - 1] {
            b'\n' | b'\r' => return true,
            b' ' | b'\t' | b'*' | b'-' | b'>' => i -= 1,
            _ => return false,
        }
    }
    false
}

/// The end of the token that starts at `pos`: letters, digits and the
/// joiners `- _ / . : , + #` between them. Identifiers, dates and codes
/// are skipped whole with it, so no part of them is read as a figure.
pub(crate) fn token_end(s: &[u8], mut pos: usize) -> usize {
    loop {
        loop {
            match s.get(pos) {
                Some(b) if b.is_ascii_alphanumeric() => pos += 1,
                Some(&b) if b >= 0x80 && is_alnum_at(s, pos) => {
                    pos += char_at(s, pos).map_or(1, char::len_utf8);
                }
                _ => break,
            }
        }
        match s.get(pos) {
            Some(b'-' | b'_' | b'/' | b'.' | b':' | b',' | b'+' | b'#')
                if is_alnum_at(s, pos + 1) =>
            {
                pos += 1;
            }
            _ => return pos,
        }
    }
}

/// Where the denominator written right after a figure ending at `end`
/// ends, if one is: a rate's slash then a one and two to seven zeros,
/// grouped or not ("509/100,000", "1/1 000"), then no digit, slash, dash or
/// letter ("1/10/2020" is a date, "12/100-200" a range); or a ratio's colon
/// then a lone one ("34:1", not "10:15", "3:1:2" or "3:1.5").
// By hand: a regex here would run on every slash after a digit in layer 1's
// hot loop, and the shape is a dozen bytes.
pub(crate) fn denominator_end(s: &[u8], end: usize) -> Option<usize> {
    match s.get(end) {
        Some(b'/') => power_of_ten_end(s, end + 1),
        Some(b':') => {
            let lone = s.get(end + 1) == Some(&b'1')
                && !matches!(s.get(end + 2), Some(b'0'..=b'9' | b':'))
                && !(matches!(s.get(end + 2), Some(b'.' | b','))
                    && is_digit_at(s, end + 3));
            lone.then_some(end + 2)
        }
        _ => None,
    }
}

/// The end of a one and two to seven zeros starting at `at`, as
/// [`denominator_end`] reads a rate's denominator.
fn power_of_ten_end(s: &[u8], at: usize) -> Option<usize> {
    if s.get(at) != Some(&b'1') {
        return None;
    }
    let (mut i, mut zeros) = (at + 1, 0);
    loop {
        match s.get(i) {
            Some(b'0') => {
                zeros += 1;
                i += 1;
            }
            // A group separator, only where three zeros follow.
            Some(b',' | b'.' | b' ')
                if s.get(i + 1..i + 4) == Some(b"000") =>
            {
                i += 1;
            }
            // A no-break space (U+00A0) or a narrow one (U+202F) between
            // groups, as French writes them.
            Some(0xC2)
                if s.get(i + 1) == Some(&0xA0)
                    && s.get(i + 2..i + 5) == Some(b"000") =>
            {
                i += 2;
            }
            Some(0xE2)
                if s.get(i + 1..i + 3) == Some(&[0x80, 0xAF])
                    && s.get(i + 3..i + 6) == Some(b"000") =>
            {
                i += 3;
            }
            _ => break,
        }
    }
    let ends = !matches!(s.get(i), Some(b'0'..=b'9' | b'/' | b'-'))
        && !is_letter_at(s, i);
    ((2..=7).contains(&zeros) && ends).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_end_in_chunks_agrees_with_bytes() {
        // Every byte value in every position of a 9-byte word.
        for b in 0..=255u8 {
            for at in 0..9 {
                let mut w = *b"abcdefghi";
                w[at] = b;
                let want =
                    w.iter().position(|&c| !is_word_byte(c)).unwrap_or(9);
                assert_eq!(ascii_word_end(&w, 0), want, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn char_at_decodes_as_from_utf8_does() {
        // Every lead byte with continuation bytes from a spread of values,
        // and every truncation.
        let tails =
            [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0];
        for lead in 0..=255u8 {
            for &a in &tails {
                for &b in &tails {
                    for &c in &tails {
                        let bytes = [lead, a, b, c];
                        for len in 0..=4 {
                            let s = &bytes[..len];
                            let want = std::str::from_utf8(s)
                                .or_else(|e| {
                                    std::str::from_utf8(&s[..e.valid_up_to()])
                                })
                                .ok()
                                .and_then(|t| t.chars().next());
                            assert_eq!(char_at(s, 0), want, "{s:x?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn classes_agree_with_the_standard_functions() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn inert_runs_in_chunks_agree_with_bytes() {
        // Every byte value in every position of a 12-byte run of spaces,
        // read from each of the first three positions.
        for b in 0..=255u8 {
            for at in 0..12 {
                let mut w = [b' '; 12];
                w[at] = b;
                for from in 0..3 {
                    let want =
                        (from..12).find(|&i| !is_inert(w[i])).unwrap_or(12);
                    assert_eq!(
                        inert_end(&w, from),
                        want,
                        "byte {b:#x} at {at}"
                    );
                }
            }
        }
    }

    #[test]
    fn unicode_spaces_are_gaps() {
        let s = "1\u{a0}2\u{202f}3\u{2009}4".as_bytes();
        assert_eq!(space_len_at(s, 1), 2);
        assert_eq!(space_len_at(s, 4), 3);
        assert_eq!(space_len_at(s, 8), 3);
        assert_eq!(space_len_before(s, 3), 2);
        assert_eq!(space_len_before(s, 7), 3);
    }

    #[test]
    fn helpers_are_total_on_any_position() {
        let s = "é€1".as_bytes();
        for i in 0..=s.len() + 2 {
            let _ = (char_at(s, i), char_before(s, i), is_letter_at(s, i));
            let _ = (is_letter_before(s, i), word_end(s, i.min(s.len())));
            let _ = (
                token_end(s, i.min(s.len())),
                at_line_start(s, i.min(s.len())),
            );
        }
    }

    #[test]
    fn tokens_swallow_codes_whole() {
        let s = b"XM-DAC-41146-MLI_O_2 next";
        assert_eq!(token_end(s, 0), 20);
        let s = b"06/12/2023.";
        assert_eq!(token_end(s, 0), 10);
    }
}
