//! Hints: one search over a text that tells where any of a list of
//! patterns may match, so that the patterns themselves run only there
//! (the exclusions, and the period patterns of table-like documents).
//!
//! A hint is the alternation of the patterns' relaxed forms (see
//! [`relaxed`], built by [`hint`]): it matches wherever one of them matches,
//! in any text, with no look-around left. What a search reports is the
//! set of places where a match of the hint may *end*, as sorted runs; a
//! pattern can then match inside a region `[start, end)` only if some
//! such place lies in `start + 1..=end` (see [`may_match`]).
//!
//! # Why four walks
//!
//! The search is a lazy DFA, one table lookup per byte, each depending on
//! the one before: its speed is the same whatever the pattern, and made
//! the exclusion hint the largest single item of full extraction's time
//! (DESIGN.md section 7). Independent walks over the quarters of a span,
//! stepped in one loop, overlap their lookups: in a scratch benchmark over
//! 1 MB of the `report` fixture, two walks read the exclusion hint about
//! twice as fast as one, four 2.7 times (benches/LOG.md has the figures).
//! The DFA is built to report every match end (`MatchKind::All`), so a
//! walk started anywhere is exact from there on; each walk but the last
//! goes on past its quarter, beside a fresh walk from the same place,
//! until the two are in the same state (usually within a word): from
//! there on they would see the same ends.
//!
//! The walks share one cache of DFA states, taken for each search from a
//! pool the hint keeps (as `regex` keeps its own), so that the states it
//! holds are computed once per thread, not once per document or per
//! [`Scratch`](crate::Scratch). When the cache fills, the engine clears
//! it, and the states held by the other walks are no longer valid; the
//! search then stops and the hint's `regex` searches the span instead, as
//! it does every later span searched with that cache, whose leftmost-first
//! matches give the same guarantee (each is reported as the run of its
//! possible ends, which meets a region exactly when the match overlaps
//! it).

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex::{Regex, RegexBuilder};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, MatchKind};
use regex_syntax::hir::literal::Extractor;

use super::compile::{REGEX_NEST_LIMIT, REGEX_SIZE_LIMIT};
use crate::record::Span;

/// The shortest span worth four walks: below it, one. A quarter of it is
/// about a sentence.
// PERF: a 1 KB note is walked four ways at this value (examples/passes notes
// l2: +13% against 4 * 512; 4 * 16 and 4 * 32 within noise).
const SPLIT_MIN: usize = 4 * 64;

/// A hint pattern, ready to search.
#[derive(Debug)]
pub(crate) struct Hint {
    /// The hint as one regex: its text, and the search used where the
    /// DFA cannot be (see the module docs).
    regex: Regex,
    /// The same pattern as a lazy DFA that reports every match end, with
    /// its pool of caches; `None` if it cannot be built without
    /// look-around, or if the regex has literals to skip to.
    dfa: Option<(DFA, Pool<Walker, WalkerFn>)>,
}

/// What makes a [`Walker`] for a hint's pool.
type WalkerFn =
    Box<dyn Fn() -> Walker + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A cache of the hint DFA's states, and whether it ever filled during a
/// search (the hint is then searched by its regex with this cache's
/// thread, from then on).
#[derive(Debug)]
struct Walker {
    cache: Cache,
    overflowed: bool,
}

impl Clone for Hint {
    /// The same hint with a pool of its own, as a cloned `Regex` gets one.
    fn clone(&self) -> Hint {
        Hint::from_parts(
            self.regex.clone(),
            self.dfa.as_ref().map(|d| d.0.clone()),
        )
    }
}

/// What a thread's searches with one hint found: the runs `may_match`
/// reads, and working space.
#[derive(Debug, Default)]
pub(crate) struct HintScratch {
    /// Where a match of the hint may end, as sorted runs `[first, last +
    /// 1)`: what [`Hint::search`] appends to and [`may_match`] reads.
    pub(crate) runs: Vec<Span>,
    /// Match ends of the current search, in the order the walks find them.
    ends: Vec<usize>,
}

impl HintScratch {
    /// The most entries either of its lists has room for.
    pub(crate) fn capacity(&self) -> usize {
        self.runs.capacity().max(self.ends.capacity())
    }
}

/// Where a pattern whose hint found `runs` (sorted, from
/// [`Hint::search`]) may match inside `region`: some match of the hint
/// may end in `region.start + 1..=region.end`.
pub(crate) fn may_match(runs: &[Span], region: Span) -> bool {
    // Runs do not overlap, so their ends are sorted too.
    let k = runs.partition_point(|r| r.end <= region.start.saturating_add(1));
    runs.get(k).is_some_and(|r| r.start <= region.end)
}

impl Hint {
    /// The hint searched by `regex`, a relaxed alternation that never
    /// matches the empty string; `nest_limit` and `size_limit` as `regex`
    /// was built with.
    pub(crate) fn new(
        regex: Regex,
        nest_limit: u32,
        size_limit: usize,
    ) -> Hint {
        Hint::with_config(regex, nest_limit, size_limit, DFA::config())
    }

    /// [`Hint::new`] with the lazy DFA configured by `config` (tests
    /// shrink its cache to make it clear often).
    fn with_config(
        regex: Regex,
        nest_limit: u32,
        size_limit: usize,
        config: regex_automata::hybrid::dfa::Config,
    ) -> Hint {
        // PERF: a hint led by a few literals is left to the regex's vector
        // search for them (walked, examples/passes dense l2 ran 3% slower).
        let literal_led = regex_syntax::ParserBuilder::new()
            .nest_limit(nest_limit)
            .build()
            .parse(regex.as_str())
            .ok()
            .map(|hir| Extractor::new().extract(&hir))
            .is_some_and(|seq| {
                seq.is_finite() && seq.min_literal_len().is_some_and(|n| n > 0)
            });
        let dfa = DFA::builder()
            .configure(config.match_kind(MatchKind::All))
            .syntax(syntax::Config::new().nest_limit(nest_limit))
            .thompson(thompson::Config::new().nfa_size_limit(Some(size_limit)))
            .build(regex.as_str())
            .ok()
            .filter(|d| !literal_led && d.get_nfa().look_set_any().is_empty());
        Hint::from_parts(regex, dfa)
    }

    fn from_parts(regex: Regex, dfa: Option<DFA>) -> Hint {
        let dfa = dfa.map(|dfa| {
            let for_pool = dfa.clone();
            let create: WalkerFn = Box::new(move || Walker {
                cache: for_pool.create_cache(),
                overflowed: false,
            });
            (dfa, Pool::new(create))
        });
        Hint { regex, dfa }
    }

    /// The hint as one regex.
    #[cfg(test)]
    pub(crate) fn regex(&self) -> &Regex {
        &self.regex
    }

    /// Appends to `hc.runs` the places in `span` of `text` where a match
    /// of the hint found inside `span` may end, as runs `[first, last +
    /// 1)` in text order, after any already there (which must end before
    /// `span`).
    pub(crate) fn search(&self, hc: &mut HintScratch, text: &str, span: Span) {
        let hay = &text.as_bytes()[span.start..span.end];
        let runs = &mut hc.runs;
        if let Some((dfa, pool)) = &self.dfa {
            let mut walker = pool.get();
            if !walker.overflowed {
                hc.ends.clear();
                if walk(dfa, &mut walker.cache, hay, &mut hc.ends).is_some() {
                    hc.ends.sort_unstable();
                    hc.ends.dedup();
                    for &e in &hc.ends {
                        push_run(runs, span.start + e, span.start + e + 1);
                    }
                    return;
                }
                walker.overflowed = true;
            }
        }
        for m in self.regex.find_iter(&text[span.start..span.end]) {
            let (a, b) = (span.start + m.start(), span.start + m.end());
            push_run(runs, a + 1, b + 1);
        }
    }
}

/// Appends the run `[start, end)` to `runs`, joined with the last one if
/// they touch.
fn push_run(runs: &mut Vec<Span>, start: usize, end: usize) {
    match runs.last_mut() {
        Some(last) if start <= last.end => last.end = last.end.max(end),
        _ => runs.push(Span { start, end }),
    }
}

/// Pushes to `ends` every place in `0..=hay.len()` where a match of the
/// DFA inside `hay` ends, unsorted and perhaps twice; `None` if the cache
/// was cleared on the way (the ends are then incomplete).
// PERF: out of line: inlined into `Hint::search` it cost 2% more instructions
// (cachegrind, full extraction, report 1 MB).
#[inline(never)]
fn walk(
    dfa: &DFA,
    cache: &mut Cache,
    hay: &[u8],
    ends: &mut Vec<usize>,
) -> Option<()> {
    let config = start::Config::new().anchored(Anchored::No);
    let s0 = dfa.start_state(cache, &config).ok()?;
    let clears = cache.clear_count();
    let mut w = Walks { dfa, cache, clears, hay, ends };
    let n = hay.len();
    if n < SPLIT_MIN {
        let s = w.run(s0, 0, n)?;
        return w.eoi(s);
    }
    // PERF: four walks in one loop overlap their lookups (examples/passes l2,
    // three walks against the regex: report 1 MB +9%, notes +11%).
    let quarter = n / 4;
    let starts = [0, quarter, 2 * quarter, 3 * quarter];
    let mut states = [s0; 4];
    let part = |k: usize| &hay[starts[k]..starts[k] + quarter];
    let bytes = part(0).iter().zip(part(1)).zip(part(2)).zip(part(3));
    // Whether no walk is in a tagged state (one that matches or is not
    // computed yet): then all four take the engine's fast path.
    let mut clean = true;
    for (i, (((&x, &y), &z), &v)) in bytes.enumerate() {
        if clean {
            let next = [
                dfa.next_state_untagged(w.cache, states[0], x),
                dfa.next_state_untagged(w.cache, states[1], y),
                dfa.next_state_untagged(w.cache, states[2], z),
                dfa.next_state_untagged(w.cache, states[3], v),
            ];
            if !next.iter().any(LazyStateID::is_tagged) {
                states = next;
                continue;
            }
        }
        for (k, byte) in [x, y, z, v].into_iter().enumerate() {
            states[k] = w.step(states[k], byte)?;
            if states[k].is_match() {
                w.ends.push(starts[k] + i);
            }
        }
        clean = !states.iter().any(LazyStateID::is_tagged);
    }
    let last = w.run(states[3], starts[3] + quarter, n)?;
    w.eoi(last)?;
    for k in 0..3 {
        if let Some(s) = w.settle(s0, states[k], starts[k + 1])? {
            w.eoi(s)?;
        }
    }
    Some(())
}

/// One search's walks over `hay`: the DFA, its cache, the cache's clear
/// count when the search began, and the match ends found so far.
struct Walks<'a> {
    dfa: &'a DFA,
    cache: &'a mut Cache,
    clears: usize,
    hay: &'a [u8],
    ends: &'a mut Vec<usize>,
}

impl Walks<'_> {
    /// One byte of one walk; `None` if computing a new state cleared the
    /// cache, which leaves the other walks' states invalid.
    #[inline(always)]
    fn step(&mut self, state: LazyStateID, byte: u8) -> Option<LazyStateID> {
        if !state.is_tagged() {
            let next = self.dfa.next_state_untagged(self.cache, state, byte);
            if !next.is_unknown() {
                return Some(next);
            }
        }
        let next = self.dfa.next_state(self.cache, state, byte).ok()?;
        (self.cache.clear_count() == self.clears).then_some(next)
    }

    /// Walks from `state` over `hay[from..to]`, pushing the ends found;
    /// returns the state reached.
    fn run(
        &mut self,
        mut state: LazyStateID,
        from: usize,
        to: usize,
    ) -> Option<LazyStateID> {
        let hay = self.hay;
        for (i, &byte) in hay.iter().enumerate().take(to).skip(from) {
            state = self.step(state, byte)?;
            if state.is_match() {
                self.ends.push(i);
            }
        }
        Some(state)
    }

    /// Walks on from `state` over `hay[from..]`, beside a fresh walk from
    /// `from` (starting at `s0`), until the two are in the same state;
    /// pushes the ends the first finds on the way. Returns the first
    /// walk's state at the end of `hay` if they never meet (`Some(None)`
    /// if they do).
    fn settle(
        &mut self,
        s0: LazyStateID,
        mut state: LazyStateID,
        from: usize,
    ) -> Option<Option<LazyStateID>> {
        let hay = self.hay;
        let mut fresh = s0;
        for (i, &byte) in hay.iter().enumerate().skip(from) {
            if state == fresh {
                return Some(None);
            }
            state = self.step(state, byte)?;
            fresh = self.step(fresh, byte)?;
            if state.is_match() {
                self.ends.push(i);
            }
        }
        Some((state != fresh).then_some(state))
    }

    /// The end of `hay`: a match that ends there shows only after the
    /// end-of-input transition.
    fn eoi(&mut self, state: LazyStateID) -> Option<()> {
        let last = self.dfa.next_eoi_state(self.cache, state).ok()?;
        if self.cache.clear_count() != self.clears {
            return None;
        }
        if last.is_match() {
            self.ends.push(self.hay.len());
        }
        Some(())
    }
}

/// `pattern` without its zero-width assertions (`^`, `$`, `\b`, `\B`,
/// `\A`, `\z`, `\<`, `\>`) and with its named groups (`(?P<name>...)`,
/// `(?<name>...)`) made non-capturing, or `None` when it cannot be
/// rewritten safely (verbose mode, `\b{...}`). An assertion stands for
/// the empty string, which always matches, so the result matches at
/// least wherever `pattern` does, in any haystack, and needs no context
/// outside its match: any match of `pattern` in a substring of a text is
/// a match of the result in the text. Without names, patterns that name
/// the same group can be joined in one hint.
fn relaxed(pattern: &str) -> Option<String> {
    // Verbose mode would let `[` or `\` inside comments confuse the walk.
    if verbose(pattern) {
        return None;
    }
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.char_indices().peekable();
    // Nesting depth of character classes.
    let mut class = 0usize;
    while let Some((i, ch)) = chars.next() {
        match ch {
            '\\' => {
                let next = chars.next()?.1;
                if class == 0
                    && matches!(next, 'b' | 'B' | 'A' | 'z' | '<' | '>')
                {
                    if chars.peek().is_some_and(|&(_, c)| c == '{') {
                        return None;
                    }
                    continue;
                }
                out.push('\\');
                out.push(next);
            }
            '[' => {
                class += 1;
                out.push('[');
                if let Some(&(_, c @ '^')) = chars.peek() {
                    out.push(c);
                    chars.next();
                }
                // A `]` right after the opening is a literal.
                if let Some(&(_, c @ ']')) = chars.peek() {
                    out.push(c);
                    chars.next();
                }
            }
            ']' if class > 0 => {
                class -= 1;
                out.push(']');
            }
            '^' | '$' if class == 0 => {}
            '(' if class == 0 => {
                let after = &pattern[i + 1..];
                let name = after
                    .strip_prefix("?P<")
                    .or_else(|| after.strip_prefix("?<"))
                    .filter(|n| !n.starts_with(['=', '!']));
                match name.and_then(|n| n.find('>').map(|e| (n, e))) {
                    Some((n, e)) => {
                        // Past the `>` that closes the name.
                        let to = pattern.len() - n.len() + e + 1;
                        while chars.next_if(|&(j, _)| j < to).is_some() {}
                        out.push_str("(?:");
                    }
                    None => out.push('('),
                }
            }
            _ => out.push(ch),
        }
    }
    Some(out)
}

/// Whether `pattern` may turn on verbose mode (`x`), where `#` starts a
/// comment that runs to the end of the line.
fn verbose(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(i, _)| {
        let flags = pattern[i + 2..].split([':', ')']).next().unwrap_or("");
        flags.contains('x')
    })
}

/// One pattern, the alternation of the [`relaxed`] forms of `patterns`,
/// that matches, in any text, some span overlapping every span of it
/// where one of `patterns` matches when run on any substring: a
/// leftmost-first search finds a match starting at or before any place
/// where one of the alternatives matches. `None` if it cannot be built
/// or matches the empty string (every match must hold a byte).
pub(super) fn hint<'p>(
    patterns: impl Iterator<Item = &'p str>,
) -> Option<Hint> {
    let mut all = String::new();
    for p in patterns {
        if !all.is_empty() {
            all.push('|');
        }
        all.push_str("(?:");
        all.push_str(&relaxed(p)?);
        all.push(')');
    }
    if all.is_empty() {
        return None;
    }
    let re = RegexBuilder::new(&all)
        .size_limit(REGEX_SIZE_LIMIT * 8)
        .dfa_size_limit(REGEX_SIZE_LIMIT * 8)
        .nest_limit(REGEX_NEST_LIMIT + 1)
        .build()
        .ok()?;
    (!re.is_match(""))
        .then(|| Hint::new(re, REGEX_NEST_LIMIT + 1, REGEX_SIZE_LIMIT * 8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    /// The English exclusion hint, and the same with a lazy DFA whose
    /// cache holds so few states that it is cleared again and again.
    fn hints() -> (Hint, Hint) {
        let rules = RuleSet::english();
        let hint = rules.compiled().exclusion_hint.clone().unwrap();
        assert!(hint.dfa.is_some());
        let tiny =
            DFA::config().cache_capacity(1).skip_cache_capacity_check(true);
        let small = Hint::with_config(hint.regex.clone(), 64, 1 << 24, tiny);
        assert!(small.dfa.is_some());
        (hint, small)
    }

    fn runs(hint: &Hint, hc: &mut HintScratch, text: &str) -> Vec<Span> {
        hc.runs.clear();
        hint.search(hc, text, Span { start: 0, end: text.len() });
        hc.runs.clone()
    }

    #[test]
    fn ends_are_found_in_every_quarter_and_across_the_cuts() {
        let (hint, _) = hints();
        let mut hc = HintScratch::default();
        // 300 bytes, walked in quarters cut at 75, 150 and 225:
        // "Population: 52" ends after its last digit; the hashtag at each
        // byte after its `#` (across the first cut); the page line across
        // the second; "Rural: 1,240" at each of "1,2", "1,24", "1,240"
        // (across the third); the index value at the very end.
        let mut text = " ".repeat(300);
        for (at, s) in [
            (0, "Population: 52"),
            (72, "#Days16"),
            (145, "Page 2 of 7"),
            (216, "Rural: 1,240"),
            (288, "Index: 0.575"),
        ] {
            text.replace_range(at..at + s.len(), s);
        }
        assert_eq!((text.len(), text.len() / 4), (300, 75));
        let found = runs(&hint, &mut hc, &text);
        let want = vec![
            Span { start: 14, end: 15 },
            Span { start: 74, end: 80 },
            Span { start: 156, end: 157 },
            Span { start: 226, end: 229 },
            // "Index: 0", "0.", "0.5", ... "0.575".
            Span { start: 296, end: 301 },
        ];
        assert_eq!(found, want);
        // One walk finds the same.
        let mut ends = Vec::new();
        let dfa = &hint.dfa.as_ref().unwrap().0;
        let mut cache = dfa.create_cache();
        let hay = text.as_bytes();
        let config = start::Config::new().anchored(Anchored::No);
        let s0 = dfa.start_state(&mut cache, &config).unwrap();
        let clears = cache.clear_count();
        let mut w =
            Walks { dfa, cache: &mut cache, clears, hay, ends: &mut ends };
        let s = w.run(s0, 0, hay.len());
        w.eoi(s.unwrap());
        ends.sort_unstable();
        ends.dedup();
        let one: Vec<usize> =
            found.iter().flat_map(|r| r.start..r.end).collect();
        assert_eq!(ends, one);
    }

    #[test]
    fn a_cleared_cache_falls_back_to_the_regex() {
        let (_, small) = hints();
        let mut hc = HintScratch::default();
        let text = PIECES.concat().repeat(4);
        let found = runs(&small, &mut hc, &text);
        let pool = &small.dfa.as_ref().unwrap().1;
        let clears = {
            let walker = pool.get();
            assert!(walker.cache.clear_count() > 0 && walker.overflowed);
            walker.cache.clear_count()
        };
        // Each regex match [a, b) as the run of its possible ends.
        let mut want = Vec::new();
        for m in small.regex.find_iter(&text) {
            push_run(&mut want, m.start() + 1, m.end() + 1);
        }
        assert!(!want.is_empty());
        assert_eq!(found, want);
        // And from then on without trying the DFA.
        assert_eq!(runs(&small, &mut hc, &text), want);
        assert_eq!(pool.get().cache.clear_count(), clears);
    }

    #[test]
    fn a_match_overlapping_a_region_lets_it_through() {
        // Runs from the regex: the match [3, 7) may end anywhere in 4..=7.
        let runs = [Span { start: 4, end: 8 }];
        let region = |start, end| Span { start, end };
        assert!(may_match(&runs, region(0, 4)));
        assert!(may_match(&runs, region(6, 20)));
        assert!(!may_match(&runs, region(0, 3)));
        assert!(!may_match(&runs, region(7, 20)));
        assert!(!may_match(&[], region(0, 20)));
    }

    /// Pieces of text near and far from the English exclusions.
    const PIECES: &[&str] = &[
        "Population",
        "population",
        "Women",
        " men",
        "Index",
        "GDP",
        "gni",
        "per capita",
        ": ",
        ":",
        "=",
        " ",
        "  ",
        "\u{a0}",
        "\u{2003}",
        "\n",
        "5",
        "12,000",
        "0.575",
        "(12.5%)",
        "2022-2025",
        "2030",
        "16",
        "sixteen",
        "days",
        " Days of Activism",
        "Page",
        "Showing",
        " of ",
        "/",
        "top",
        "under",
        "Forbes",
        "BBC 100 Women",
        "#",
        "@",
        "UNW_2",
        "zero",
        "-tolerance",
        "tolerance",
        "hotline",
        "toll-free",
        " line ",
        "number",
        "Plan",
        "programme",
        "Agenda",
        "Vision",
        ". ",
        ", ",
        "é",
        "\u{212a}",
        "ſ",
        "the ",
        "trained ",
        "wells",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        #[test]
        fn every_exclusion_match_of_a_region_is_let_through(
            picks in proptest::collection::vec(0..PIECES.len(), 0..120),
            cuts in proptest::collection::vec(0usize..2000, 2),
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let (hint, small) = hints();
            let rules = RuleSet::english();
            let (mut hc, mut sc) = (HintScratch::default(), HintScratch::default());
            let full = runs(&hint, &mut hc, &text);
            let clearing = runs(&small, &mut sc, &text);
            // A region on char boundaries, as `records` cuts them.
            let at = |i: usize| {
                let mut i = i.min(text.len());
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let (a, b) = (at(cuts[0]), at(cuts[1]));
            let (a, b) = (a.min(b), a.max(b));
            for x in &rules.compiled().exclusions {
                for m in x.regex.find_iter(&text[a..b]) {
                    let m = Span { start: a + m.start(), end: a + m.end() };
                    proptest::prop_assert!(may_match(&full, m), "{:?} {:?}", text, m);
                    proptest::prop_assert!(may_match(&clearing, m), "{:?} {:?}", text, m);
                }
            }
        }
    }

    #[test]
    fn relaxing_drops_assertions_outside_classes_only() {
        let p = r"(?i)^\bab[\^$\]b]c$\d\B\z";
        assert_eq!(relaxed(p).as_deref(), Some(r"(?i)ab[\^$\]b]c\d"));
        assert_eq!(relaxed(r"[]^$]x$").as_deref(), Some(r"[]^$]x"));
        assert_eq!(
            relaxed(r"[^]$][[:alpha:]$]^").as_deref(),
            Some(r"[^]$][[:alpha:]$]")
        );
        assert_eq!(relaxed(r"\\b").as_deref(), Some(r"\\b"));
        assert_eq!(relaxed(r"(?x) a # \b"), None);
        assert_eq!(relaxed(r"\b{start}a"), None);
    }

    #[test]
    fn named_groups_are_unnamed_so_hints_can_join_them() {
        assert_eq!(
            relaxed(r"(?P<a>q)[(?P<b>](?<c>y)\(?<d>(?:z)$"),
            Some(r"(?:q)[(?P<b>](?:y)\(?<d>(?:z)".to_owned())
        );
        assert_eq!(relaxed("(?x)a # (?P<n>b)"), None);
        // Two patterns may name the same group.
        assert!(hint([r"(?P<n>a)b", r"(?P<n>c)d"].into_iter()).is_some());
        // The English set gets its exclusion and period hints.
        let english = crate::RuleSet::english();
        assert!(english.compiled().exclusion_hint.is_some());
        assert!(english.compiled().period_hint.is_some());
    }

    #[test]
    fn a_hint_overlaps_every_match_in_every_substring() {
        let patterns = [
            r"(?i)\b(?:population|women)\s*:\s*[0-9][0-9,. ]*[0-9]",
            r"(?i)\btop\s+[0-9]+\b",
            r"^[0-9]+ days$",
            r"[#@][A-Za-z0-9_]+",
            r"(?i)(?-u:\b)agenda\s+[0-9]{4}(?-u:\b)",
        ];
        let hint = hint(patterns.iter().copied()).expect("a hint");
        // Three times (381 bytes, past the hint's `SPLIT_MIN`), so that
        // the search walks it in four parts.
        let text = "Women: 1,200 and population:5 9. 16 days\nTop 10 \
                    #16Days stop 5 days, atop 3, xpopulation: 12 women:4 \
                    Agenda 2030, éagenda 2063"
            .repeat(3);
        let text = text.as_str();
        let mut found = crate::rules::HintScratch::default();
        hint.search(
            &mut found,
            text,
            crate::record::Span { start: 0, end: text.len() },
        );
        let hints: Vec<(usize, usize)> = hint
            .regex()
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let res: Vec<Regex> =
            patterns.iter().map(|p| Regex::new(p).expect("pattern")).collect();
        let mut checked = 0;
        let bounds = || (0..=text.len()).filter(|&i| text.is_char_boundary(i));
        for a in bounds() {
            for b in bounds().filter(|&b| b > a) {
                for re in &res {
                    for m in re.find_iter(&text[a..b]) {
                        let (s, e) = (a + m.start(), a + m.end());
                        assert!(
                            hints.iter().any(|&(hs, he)| hs < e && s < he),
                            "{re} at {s}..{e} of {a}..{b}"
                        );
                        let m = crate::record::Span { start: s, end: e };
                        assert!(
                            crate::rules::may_match(&found.runs, m),
                            "{re} at {s}..{e} of {a}..{b}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100);
    }
}
