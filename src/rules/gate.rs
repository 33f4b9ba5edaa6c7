//! Byte gates for anchored rule patterns.
//!
//! Most rule patterns are matched against the text on one side of a
//! figure and anchored at the figure: a `before` pattern ends with `$`, an
//! `after` or `gap` pattern starts with `^`. Such a pattern can only match
//! when the last (or first) byte of that text that is not a space is one
//! of a few bytes, and those bytes are known from the pattern alone:
//! `from\s*$` needs an `m` (or `M`), `\s*:\s*$` a colon, and in a table
//! the text before a cell's figure ends with `|`, which no English
//! pattern can end with. [`Pattern`] finds that set once, when the rule
//! set compiles, by walking the pattern's syntax tree, and tests it before
//! each regex call: one byte lookup instead of a call into the regex
//! engine, whose set-up alone is about 200 instructions.
//!
//! The gate skips the call only where no match can exist. A pattern that
//! is not anchored, or whose anchored end may match only spaces, gets no
//! gate and always runs.

use regex::{Captures, Match, Regex};
use regex_syntax::ast::{self, Ast, Flag, FlagsItemKind, GroupKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A set of bytes, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Bytes([u64; 4]);

impl Bytes {
    const ALL: Bytes = Bytes([u64::MAX; 4]);

    fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    fn insert_range(&mut self, lo: u8, hi: u8) {
        for b in lo..=hi {
            self.insert(b);
        }
    }

    fn extend(&mut self, bytes: impl IntoIterator<Item = u8>) {
        for b in bytes {
            self.insert(b);
        }
    }

    fn union(&mut self, other: Bytes) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }

    #[inline]
    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] >> (b & 63) & 1 == 1
    }
}

/// The spaces a gate looks past are the characters `char::is_whitespace`
/// accepts, which are those of Unicode `\s` in a pattern: the same set on
/// both sides of the test, in the analysis of a pattern and on the text,
/// which is all the gate's correctness needs. Past ASCII they are these
/// ranges (a test checks the list against `char::is_whitespace`).
const SPACES_PAST_ASCII: [(char, char); 8] = [
    ('\u{85}', '\u{85}'),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
];

/// Whether an ASCII byte is a space (as `char::is_whitespace` says).
#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// How many of the characters `lo..=hi` are spaces.
fn spaces_in(lo: u32, hi: u32) -> u32 {
    let ascii = (lo..=hi.min(0x7f)).filter(|&b| is_space(b as u8)).count();
    let past = SPACES_PAST_ASCII.iter().map(|&(a, b)| {
        let (a, b) = (u32::from(a).max(lo), u32::from(b).min(hi));
        b.saturating_sub(a) + u32::from(a <= b)
    });
    // At most 6 ASCII spaces: the cast keeps the count.
    ascii as u32 + past.sum::<u32>()
}

/// The last byte of `text` once its trailing spaces are cut: `trim_end`,
/// with the common ASCII case kept to a byte loop.
#[inline]
fn last_solid(text: &str) -> Option<u8> {
    let bytes = text.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        let b = bytes[i - 1];
        if b < 0x80 {
            if !is_space(b) {
                return Some(b);
            }
            i -= 1;
        } else {
            let c = text[..i].chars().next_back()?;
            if !c.is_whitespace() {
                return Some(b);
            }
            i -= c.len_utf8();
        }
    }
    None
}

/// The first byte of `text` once its leading spaces are cut.
#[inline]
fn first_solid(text: &str) -> Option<u8> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !is_space(b) {
                return Some(b);
            }
            i += 1;
        } else {
            let c = text[i..].chars().next()?;
            if !c.is_whitespace() {
                return Some(b);
            }
            i += c.len_utf8();
        }
    }
    None
}

/// What one end of a node's matches can look like: the bytes that can be
/// its outermost non-space byte, and whether a match can hold no
/// non-space byte at all (be empty, or spaces only).
#[derive(Clone, Copy, Debug, Default)]
struct Edge {
    bytes: Bytes,
    blank: bool,
}

/// The edge of `hir`'s matches at their end (`at_end`) or their start.
fn edge(hir: &Hir, at_end: bool) -> Edge {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {
            Edge { bytes: Bytes::default(), blank: true }
        }
        HirKind::Literal(lit) => {
            let mut bytes = Bytes::default();
            let Ok(text) = std::str::from_utf8(&lit.0) else {
                // Not text (a byte escape): no gate through here.
                return Edge { bytes: Bytes::ALL, blank: true };
            };
            let text =
                if at_end { text.trim_end() } else { text.trim_start() };
            let b = if at_end {
                text.as_bytes().last()
            } else {
                text.as_bytes().first()
            };
            match b {
                Some(&b) => {
                    bytes.insert(b);
                    Edge { bytes, blank: false }
                }
                None => Edge { bytes, blank: true },
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut e = Edge::default();
            for r in class.ranges() {
                for b in r.start()..=r.end() {
                    // A byte past ASCII may be part of a space.
                    e.blank |= b > 0x7f || is_space(b);
                    if b > 0x7f || !is_space(b) {
                        e.bytes.insert(b);
                    }
                }
            }
            e
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut e = Edge::default();
            for r in class.ranges() {
                let (lo, hi) = (u32::from(r.start()), u32::from(r.end()));
                for b in lo..=hi.min(0x7f) {
                    // `b` is ASCII here, so the cast keeps it.
                    let b = b as u8;
                    if !is_space(b) {
                        e.bytes.insert(b);
                    }
                }
                e.blank |= spaces_in(lo, hi) > 0;
                let past = lo.max(0x80);
                if hi >= past && spaces_in(past, hi) < hi - past + 1 {
                    // A character past ASCII that is not a space ends
                    // with a continuation byte and starts with a leading
                    // one; every such byte is let through rather than
                    // worked out per range.
                    if at_end {
                        e.bytes.insert_range(0x80, 0xbf);
                    } else {
                        e.bytes.insert_range(0xc0, 0xff);
                    }
                }
            }
            e
        }
        HirKind::Repetition(rep) => {
            let e = edge(&rep.sub, at_end);
            Edge { bytes: e.bytes, blank: e.blank || rep.min == 0 }
        }
        HirKind::Capture(cap) => edge(&cap.sub, at_end),
        HirKind::Concat(subs) => {
            let mut bytes = Bytes::default();
            let mut walk = |sub: &Hir| {
                let e = edge(sub, at_end);
                bytes.union(e.bytes);
                e.blank
            };
            // Inward from the end in question, as far as a part that
            // cannot be blank.
            let blank = if at_end {
                subs.iter().rev().all(&mut walk)
            } else {
                subs.iter().all(&mut walk)
            };
            Edge { bytes, blank }
        }
        HirKind::Alternation(subs) => {
            let mut e = Edge::default();
            for sub in subs {
                let s = edge(sub, at_end);
                e.bytes.union(s.bytes);
                e.blank |= s.blank;
            }
            e
        }
    }
}

/// The gates of `pattern`'s end and start: `None` where it has none. A
/// pattern the `regex` crate built parses here too; were one ever not to,
/// it would simply have no gate.
fn gates(pattern: &str, nest_limit: u32) -> (Option<Bytes>, Option<Bytes>) {
    let ast = ast::parse::ParserBuilder::new()
        .nest_limit(nest_limit)
        .build()
        .parse(pattern);
    let Ok(mut ast) = ast else { return (None, None) };
    // PERF: case flags dropped, byte sets widened after: folding the large
    // classes cost 16 M instructions a build (callgrind, English rules).
    let folded = drop_case_flags(&mut ast);
    let hir = regex_syntax::hir::translate::TranslatorBuilder::new()
        .build()
        .translate(pattern, &ast);
    let Ok(hir) = hir else { return (None, None) };
    let props = hir.properties();
    let gate = |anchored: bool, at_end: bool| {
        let e = edge(&hir, at_end);
        (anchored && !e.blank).then(|| {
            let mut bytes = e.bytes;
            if folded {
                fold_case(&mut bytes, at_end);
            }
            bytes
        })
    };
    (
        gate(props.look_set_suffix().contains(Look::End), true),
        gate(props.look_set_prefix().contains(Look::Start), false),
    )
}

/// Removes every case-insensitive flag (set or cleared) from `ast`;
/// `true` if there was one.
fn drop_case_flags(ast: &mut Ast) -> bool {
    let strip = |flags: &mut ast::Flags| {
        let n = flags.items.len();
        flags.items.retain(|item| {
            item.kind != FlagsItemKind::Flag(Flag::CaseInsensitive)
        });
        n != flags.items.len()
    };
    let all = |asts: &mut Vec<Ast>| {
        asts.iter_mut().fold(false, |any, a| drop_case_flags(a) | any)
    };
    match ast {
        Ast::Flags(set) => strip(&mut set.flags),
        Ast::Group(group) => {
            let here = match &mut group.kind {
                GroupKind::NonCapturing(flags) => strip(flags),
                _ => false,
            };
            drop_case_flags(&mut group.ast) | here
        }
        Ast::Repetition(rep) => drop_case_flags(&mut rep.ast),
        Ast::Alternation(alt) => all(&mut alt.asts),
        Ast::Concat(concat) => all(&mut concat.asts),
        _ => false,
    }
}

/// Widens a gate's bytes to what the same pattern matches with case
/// folded: both cases of each ASCII letter; and, since Unicode simple case
/// folding ties `k` to the Kelvin sign (U+212A, E2 84 AA) and `s` to the
/// long s (U+017F, C5 BF), the edge byte of those two with `k` and `s`,
/// and `k` and `s` with any byte past ASCII (a test checks that no other
/// ASCII letter has such a tie).
fn fold_case(bytes: &mut Bytes, at_end: bool) {
    for lower in b'a'..=b'z' {
        let upper = lower.to_ascii_uppercase();
        if bytes.contains(lower) || bytes.contains(upper) {
            bytes.insert(lower);
            bytes.insert(upper);
        }
    }
    let wide = (0x80..=0xff).any(|b| bytes.contains(b));
    let ties = [(b'k', '\u{212a}'), (b's', '\u{17f}')];
    for (ascii, past) in ties {
        let mut utf8 = [0; 4];
        let encoded = past.encode_utf8(&mut utf8).as_bytes();
        let edge = if at_end { encoded.last() } else { encoded.first() };
        if bytes.contains(ascii) {
            bytes.extend(edge.copied());
        }
        if wide {
            bytes.insert(ascii);
            bytes.insert(ascii.to_ascii_uppercase());
        }
    }
}

/// The first and the last byte of a text that are not part of a space,
/// if it has any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ends {
    first: Option<u8>,
    last: Option<u8>,
}

impl Ends {
    /// The ends of `text`.
    #[inline]
    pub(crate) fn of(text: &str) -> Ends {
        Ends { first: first_solid(text), last: last_solid(text) }
    }
}

/// Whether the gate `set` (none: always open) lets through the byte that
/// `solid` reads off the text's end.
#[inline]
fn opens(set: &Option<Bytes>, solid: impl FnOnce() -> Option<u8>) -> bool {
    set.as_ref().is_none_or(|set| solid().is_some_and(|b| set.contains(b)))
}

/// A compiled rule pattern with the byte tests of its anchored ends.
///
/// ```text
/// pattern                       gate
/// (?i)(?-u:\b)from\s*$          last non-space byte of the text is m or M
/// (?i)^\s*points?(?-u:\b)       first non-space byte is p or P
/// [#@][A-Za-z0-9_]+             none: not anchored
/// ```
// PERF: one byte test stands in for a regex call (cachegrind, full extraction:
// dense -8%, dense-utf8 -9%, report and prose unchanged).
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    regex: Regex,
    /// The bytes the text's last non-space byte must be one of, for a
    /// pattern anchored at the end whose matches hold a non-space byte.
    end: Option<Bytes>,
    /// The same for the first non-space byte and the start.
    start: Option<Bytes>,
}

impl Pattern {
    /// Wraps `regex`, finding the gates of its anchored ends. `nest_limit`
    /// is the one it was built with (the pattern is parsed again here).
    pub(crate) fn new(regex: Regex, nest_limit: u32) -> Pattern {
        let (end, start) = gates(regex.as_str(), nest_limit);
        Pattern { regex, end, start }
    }

    /// One pattern that matches where any of `patterns` does, for a text
    /// tested against each of them in turn: a miss of this one pattern
    /// answers for all. `None` if there are none or the union is too big.
    pub(crate) fn any_of<'p>(
        patterns: impl IntoIterator<Item = &'p Pattern>,
        nest_limit: u32,
        size_limit: usize,
    ) -> Option<Pattern> {
        let parts: Vec<String> = patterns
            .into_iter()
            .map(|p| format!("(?:{})", p.regex.as_str()))
            .collect();
        if parts.is_empty() {
            return None;
        }
        // Each part's flags stay inside its group; the group is one more
        // level of nesting.
        let regex = regex::RegexBuilder::new(&parts.join("|"))
            .size_limit(size_limit)
            .dfa_size_limit(size_limit)
            .nest_limit(nest_limit + 1)
            .build()
            .ok()?;
        Some(Pattern::new(regex, nest_limit + 1))
    }

    /// The regex, for what a build reads off it (its text, its groups).
    pub(super) fn regex(&self) -> &Regex {
        &self.regex
    }

    /// Whether the pattern can match a text with these ends: `false` only
    /// where a gate proves it cannot. For a text tested against several
    /// patterns, its ends are found once.
    #[inline]
    pub(super) fn admits(&self, ends: Ends) -> bool {
        opens(&self.end, || ends.last) && opens(&self.start, || ends.first)
    }

    /// [`Pattern::is_match`] for a text whose ends were found once
    /// ([`Ends::of`]) for several patterns.
    #[inline]
    pub(crate) fn is_match_with(&self, hay: &str, ends: Ends) -> bool {
        self.admits(ends) && self.regex_matches(hay)
    }

    /// Whether the pattern can match somewhere in `hay`: `false` only
    /// where a gate proves it cannot, so the regex need not run. Each end
    /// of `hay` is read only if its gate needs it.
    #[inline]
    pub(super) fn may_match(&self, hay: &str) -> bool {
        opens(&self.end, || last_solid(hay))
            && opens(&self.start, || first_solid(hay))
    }

    /// [`Pattern::is_match`] once [`Pattern::may_match`] has said yes.
    #[inline]
    pub(super) fn regex_matches(&self, hay: &str) -> bool {
        !hay.is_empty() && self.regex.is_match(hay)
    }

    /// Whether the pattern matches somewhere in `hay` (never in an empty
    /// one: rule patterns that match the empty string are refused).
    // PERF: a figure that starts its sentence has nothing before it: no
    // look-back or `before` pattern runs (gain given in records.rs).
    #[inline]
    pub(crate) fn is_match(&self, hay: &str) -> bool {
        self.may_match(hay) && self.regex_matches(hay)
    }

    /// The leftmost-first match in `hay`, once the gates let it through
    /// (never in an empty one, as [`Pattern::is_match`]).
    #[inline]
    pub(crate) fn find<'h>(&self, hay: &'h str) -> Option<Match<'h>> {
        if !self.may_match(hay) || hay.is_empty() {
            return None;
        }
        self.regex.find(hay)
    }

    /// The groups of the leftmost-first match in `hay`, if
    /// [`Pattern::is_match`]: the captures (and their allocation) only
    /// for the rare text that matches.
    #[inline]
    pub(crate) fn captures<'h>(&self, hay: &'h str) -> Option<Captures<'h>> {
        if !self.is_match(hay) {
            return None;
        }
        self.regex.captures(hay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::xorshift;

    fn pattern(p: &str) -> Pattern {
        Pattern::new(Regex::new(p).expect("pattern"), 250)
    }

    /// The ASCII bytes of a gate, as text.
    fn members(set: Option<Bytes>) -> Option<String> {
        set.map(|s| {
            (0..=127u8).filter(|&b| s.contains(b)).map(char::from).collect()
        })
    }

    #[test]
    fn the_spaces_past_ascii_are_those_of_char_is_whitespace() {
        let listed =
            |c: char| SPACES_PAST_ASCII.iter().any(|&(a, b)| a <= c && c <= b);
        for c in ('\u{80}'..=char::MAX).filter(|c| c.is_whitespace()) {
            assert!(listed(c), "{c:?}");
        }
        for &(a, b) in &SPACES_PAST_ASCII {
            assert!((a..=b).all(char::is_whitespace), "{a:?}..={b:?}");
        }
        assert_eq!(spaces_in(0, 0x10ffff), 6 + 19);
        assert_eq!(spaces_in(0x2001, 0x2002), 2);
        assert_eq!(spaces_in(0x41, 0x7e), 0);
    }

    #[test]
    fn solid_ends_are_those_of_trim() {
        for b in 0..=0x7fu8 {
            assert_eq!(is_space(b), char::from(b).is_whitespace(), "{b}");
        }
        for text in
            ["", " ", "a", " a b\t", "\u{a0}x\u{2003} ", "│ ", "é\u{3000}"]
        {
            assert_eq!(last_solid(text), text.trim_end().bytes().last());
            assert_eq!(first_solid(text), text.trim_start().bytes().next());
        }
    }

    #[test]
    fn only_k_and_s_fold_past_ascii() {
        use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
        for c in ('a'..='z').chain('A'..='Z') {
            let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
            class.case_fold_simple();
            let past: Vec<char> = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .filter(|c| !c.is_ascii())
                .collect();
            let want = match c.to_ascii_lowercase() {
                'k' => vec!['\u{212a}'],
                's' => vec!['\u{17f}'],
                _ => vec![],
            };
            assert_eq!(past, want, "{c}");
        }
    }

    #[test]
    fn gates_with_case_folded_match_those_of_the_full_translation() {
        // The gates from the tree without its case flags, widened, are
        // those of the tree as the regex crate translates it.
        let patterns = [
            r"(?i)(?-u:\b)from\s*$",
            r"(?i)^\s*points?(?-u:\b)",
            r"(?i)(?:to|at|of)\s*$",
            r"(?i:by|x)\s*$",
            r"(?i)(?-u:\b)number\s+of\s+(?P<s>[^,;:()]{1,80}?)\s*$",
            r"(?i)^[^,;:()\[\]]{0,80}?(?-u:\b)(?:in|for|during)\s+$",
        ];
        for p in patterns {
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(p)
                .expect("pattern");
            let full = |at_end: bool| {
                let e = edge(&hir, at_end);
                (!e.blank).then_some(e.bytes)
            };
            let (end, start) = gates(p, 32);
            let props = hir.properties();
            if props.look_set_suffix().contains(Look::End) {
                let want = full(true).map(|mut b| {
                    fold_case(&mut b, true);
                    b
                });
                assert_eq!(end, want, "{p}");
            }
            if props.look_set_prefix().contains(Look::Start) {
                let want = full(false).map(|mut b| {
                    fold_case(&mut b, false);
                    b
                });
                assert_eq!(start, want, "{p}");
            }
        }
    }

    #[test]
    fn anchored_ends_give_their_bytes() {
        let p = pattern(r"(?i)(?-u:\b)from\s*$");
        assert_eq!(members(p.end).as_deref(), Some("Mm"));
        assert_eq!(p.start, None);
        let p = pattern(r"\s*:\s*$");
        assert_eq!(members(p.end).as_deref(), Some(":"));
        let p = pattern(r"(?i)^\s*points?(?-u:\b)");
        assert_eq!(members(p.start).as_deref(), Some("Pp"));
        assert_eq!(p.end, None);
        // Optional parts let the bytes before them through too.
        let p = pattern(r"(?:to|at)\s+(?:the\s+)?$");
        assert_eq!(members(p.end).as_deref(), Some("eot"));
        let p = pattern(r"(?i)^in\s+(?:19|20)[0-9]{2}\s*,?\s*and\s*$");
        assert_eq!(members(p.start).as_deref(), Some("Ii"));
        assert_eq!(members(p.end).as_deref(), Some("Dd"));
        // Spaces past ASCII are looked past like the others: "from" then
        // a no-break space; a table rule "│" (E2 94 82) is no space.
        let p = pattern(r"(?i)(?-u:\b)from\s*$");
        assert!(p.may_match("from\u{a0}") && p.is_match("from\u{a0}"));
        assert!(!p.may_match("from │ "));
        assert_eq!(members(p.end).as_deref(), Some("Mm"));
    }

    #[test]
    fn no_gate_where_an_end_is_free_or_may_be_blank() {
        // Not anchored.
        let p = pattern(r"[#@][A-Za-z0-9_]+");
        assert_eq!((p.start, p.end), (None, None));
        // Anchored, but a match may be spaces only.
        let p = pattern(r"(?:to|\s)\s*$");
        assert_eq!(p.end, None);
        // Anchored in one branch only.
        let p = pattern(r"from$|into");
        assert_eq!(p.end, None);
    }

    #[test]
    fn text_past_ascii_keeps_its_bytes() {
        // A class past ASCII lets every continuation (end) or leading
        // (start) byte through: "–" is E2 80 93.
        let p = pattern(r"[-–]\s*$");
        assert!(p.may_match("2022 –"));
        assert!(p.may_match("2022 - "));
        assert!(!p.may_match("2022 |"));
        let p = pattern(r"^\s*[€$]");
        assert!(p.may_match(" €5"));
        assert!(!p.may_match(" 5"));
    }

    #[test]
    fn the_gate_never_refuses_a_match() {
        let cases = [
            (r"(?i)(?-u:\b)from\s*$", "funds decreased from "),
            (r"(?i)(?-u:\b)from\s*$", "FROM\t\n"),
            (r"\s*:\s*$", "Total : "),
            (r"(?i)^\s*points?(?-u:\b)", "  Points higher"),
            (r"(?i)^\s*(?:up|down)\s+to\s*$", " up to "),
            (r"(?:^|[,;(]\s*|\s)(?:up\s+from)\s*$", ", up from "),
        ];
        for (p, hay) in cases {
            let p = pattern(p);
            assert!(p.regex().is_match(hay), "{hay:?}");
            assert!(p.may_match(hay) && p.is_match(hay), "{hay:?}");
        }
        let p = pattern(r"(?i)(?-u:\b)from\s*$");
        for hay in ["", "   ", "| Kenya | ", "from 12 to "] {
            assert!(!p.may_match(hay) && !p.is_match(hay), "{hay:?}");
        }
    }

    /// Every anchored pattern of the English rules, with its gate.
    fn english() -> Vec<Pattern> {
        let rules = crate::RuleSet::english();
        let c = rules.compiled();
        let mut out = Vec::new();
        for ind in &c.indicators {
            out.extend(ind.before.iter().chain(&ind.after).cloned());
        }
        out.extend(c.lookbacks.iter().map(|lb| lb.pattern.clone()));
        for r in &c.changes {
            out.extend(r.before.iter().cloned());
            out.push(r.gap.clone());
        }
        out.extend(c.periods.iter().map(|r| r.link.clone()));
        for r in &c.amounts.rules {
            out.extend(r.before.iter().chain(&r.after).cloned());
        }
        out.extend(c.levels.iter().map(|r| r.gap.clone()));
        out
    }

    #[test]
    fn most_english_patterns_have_a_gate() {
        let all = english();
        let gated =
            all.iter().filter(|p| p.end.is_some() || p.start.is_some());
        assert!(all.len() >= 10 && gated.count() >= all.len() - 1);
    }

    /// Pieces of text near a figure, spaces past ASCII, the characters
    /// that case folding ties to ASCII letters, table rules.
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "in 2022 to", "for 2021, and", "from", "to", "up", "down", "in",
        "2022", "2023", "and", "by", "of", "points", "point", "increased",
        "fell", "rose", "reached", "stood", "at", "number", "women", "the",
        "end", "FY", "compared", "with", "an", "increase", "FROM", "Points",
        " ", "  ", "\t", "\n", ":", ",", ";", "(", ")", "-", "\u{2013}", "|",
        "\u{2502}", "\u{a0}", "\u{2003}", "\u{3000}", "\u{85}", "\u{212a}",
        "\u{17f}", "\u{e9}", "12", "5%", "$", "\u{20ac}", "rising", "more",
        "than", "have been added", "taking the total", "grew", ", rising to",
        "initially", "(2019),", "(2016-2018) and", "(previous year:",
        "; 2013:", "on 2013 (", "on the", "; in 2022 the number rose to",
        ", double the 2016 figure", ", roughly half the 2010 level",
        "(up", "was up", "by an average of", "boost", "decline reached",
        "number of women increased to", "was up 12 (",
        "grew by 27% (", "keep rising and reach", "funding now totals",
        "epidemiological", "gross ODA", "trimmed its budget by",
        "the rise was only", "National Health Profile", "fell by 12, or",
        "compared with July 2022, when migrants sent", "lifting its allocations to",
        "and a record high of", "a rise of", "in 2021, from", "or 5% more",
        ", more than double the", "in 2022, was",
        ", slightly below the record", "more than the", "it approved in 2019",
        ", up from a baseline of", "against a target of", "(target",
        "the planned",
        "covered", "driven the number to", "were still missing",
        "totally damaged", " covered)", " in March 2023, was",
        ", more than in 2008", ", fewer than in 2019", "came from the regular budget",
        "is being prepared", "there may be", "of Ugandans", "lived on",
        "control villages", "babies received", ", and", "number of units from",
        "Cooperation Framework", "married women 15-49", "has averaged",
        "estimated current fistula cases",
        "below their 1990 level", "by 25%, or", " in 2016 and rose by",
        ", reaching", "lowered water losses by an average of",
        " at baseline (2015) to", " at appraisal",
        "People living with HIV (FY 2021/22):",
        "; in the previous year the figure was",
        ", compared with",
        " are expected to rise from", "the programme reaches", "beneficiaries make up",
        "new to the programmes", "are ultra poor", "will join the allowance, taking the total",
        "a projected", "to pay", "more older persons benefit", "insecure.[3]",
        "Legal services: new legal aid matters", "Total staff (recruited)",
        "now run, from", "Wasting is", "children were stunted",
        "National Family Health Survey", "access to safe water", "initially",
        "Global Targets 2025,", "$390 million Lusaka Sanitation Program",
        "put the share of households at", "by 2016 prevalence had fallen to",
        "trained 300 teachers in four districts:",
    ];

    #[test]
    fn every_english_gate_lets_its_matches_through() {
        // Texts of random pieces, many ending in a rule's keyword: each
        // pattern must match some, and its gate must admit every match.
        let all = english();
        let mut matched = vec![0usize; all.len()];
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..40_000 {
            let len = next(9);
            let mut hay = String::new();
            for _ in 0..len {
                hay.push_str(PIECES[next(PIECES.len())]);
                if next(3) > 0 {
                    hay.push(' ');
                }
            }
            for (p, n) in all.iter().zip(&mut matched) {
                if p.regex().is_match(&hay) {
                    *n += 1;
                    assert!(
                        p.may_match(&hay),
                        "{:?} {hay:?}",
                        p.regex().as_str()
                    );
                    assert!(p.admits(Ends::of(&hay)));
                }
            }
        }
        for (p, n) in all.iter().zip(&matched) {
            assert!(*n > 0, "never matched: {:?}", p.regex().as_str());
        }
    }

    #[test]
    fn a_union_matches_where_one_of_its_patterns_does() {
        // The amount rules' unions, and a union of every anchored English
        // pattern (flags and anchors of each stay its own), on texts of
        // random pieces: the union says yes exactly when one part does.
        let rules = crate::RuleSet::english();
        let amounts = &rules.compiled().amounts;
        let all = english();
        let befores: Vec<&Pattern> =
            amounts.rules.iter().filter_map(|r| r.before.as_ref()).collect();
        let afters: Vec<&Pattern> =
            amounts.rules.iter().filter_map(|r| r.after.as_ref()).collect();
        // Patterns with named groups are left out: a name may not repeat
        // in one regex (the amount rules have none).
        let plain: Vec<&Pattern> = all
            .iter()
            .filter(|p| p.regex().capture_names().flatten().next().is_none())
            .collect();
        let every = Pattern::any_of(plain.iter().copied(), 64, 1 << 24)
            .expect("a union");
        let sets = [
            (befores, amounts.any_before.as_ref().expect("before union")),
            (afters, amounts.any_after.as_ref().expect("after union")),
            (plain, &every),
        ];
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let mut hits = [0usize; 3];
        for _ in 0..20_000 {
            let hay: Vec<&str> =
                (0..next(9)).map(|_| PIECES[next(PIECES.len())]).collect();
            let hay = hay.join(if next(2) == 0 { " " } else { "" });
            for ((parts, union), hit) in sets.iter().zip(&mut hits) {
                let one = parts.iter().any(|p| p.is_match(&hay));
                assert_eq!(union.is_match(&hay), one, "{hay:?}");
                *hit += usize::from(one);
            }
        }
        assert!(hits.iter().all(|&n| n > 0), "{hits:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        #[test]
        fn no_english_gate_refuses_a_match(
            picks in proptest::collection::vec(0..PIECES.len(), 0..14),
            spaced in proptest::bool::ANY,
        ) {
            let sep = if spaced { " " } else { "" };
            let hay = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(sep);
            for p in english() {
                if p.regex().is_match(&hay) {
                    proptest::prop_assert!(p.may_match(&hay), "{:?} {:?}", p.regex().as_str(), hay);
                    proptest::prop_assert!(p.admits(Ends::of(&hay)));
                }
            }
        }
    }
}
