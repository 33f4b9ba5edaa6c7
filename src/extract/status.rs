//! The status of a figure: achieved, target, baseline or context, read
//! from the cues of its clause (rules/en/status.toml).
//!
//! A figure's clause is the stretch of its window between the nearest
//! `[[clause]]` break before it and the nearest one after it. The breaks
//! and cues of a stretch of the sentence are found once, by one pass of
//! one regex whose patterns are the breaks' and the cues' (each match
//! names its pattern; breaks that are single bytes, a byte search); the
//! figures whose windows lie in that stretch share
//! them, and a stretch that starts where the last one ended searches only
//! its new text. For a figure, the nearest cue of its clause that governs
//! its side decides; a cue that spans the figure ("contributed over $1.3
//! billion to immunize") is nearest of all.
//! A figure that no cue of its clause governs looks, in order, at the
//! header cell of its table column ("Indicator | Baseline | Target") and
//! at the heading its list sits under (a line ending in a colon), both
//! found by a bounded walk back over the lines before it; else it is
//! `achieved`. The earlier figure of a stated change is a baseline
//! whatever its clause says: that is decided where records are written.

use crate::record::{Span, Status};
use crate::rules::{Compiled, Governs, Units};
use crate::segment;

use super::direction::next_char;
use super::table_label::{pair_label, value_label};
use super::token::{is_plural, lower_has_suffix, next_token, roles_at};

/// How far past a figure's window the cues of its sentence are indexed,
/// in bytes: the next figures of a long sentence (a table) reuse them.
const INDEX_AHEAD: usize = 1600;

/// How far before the end of the last stretch indexed a cue or break may
/// start and still have been cut short by that end: longer than any cue.
const RESEARCH: usize = 64;

/// How far back the header row of a table or the heading of a list is
/// looked for, in bytes: a table or a list longer than this reads as
/// having none (a bound on the work per line, which is cached).
const LABEL_REACH: usize = 4096;

/// The most lines walked back to a list's heading.
const HEADING_LINES: usize = 24;

/// One cue found in a window.
#[derive(Clone, Copy, Debug)]
struct Cue {
    span: Span,
    status: Status,
    governs: Governs,
    priority: i32,
    reach: usize,
    units: Units,
}

/// The cues and clause breaks of the last window looked at, and the
/// label status of the last line: reused by every figure they cover.
#[derive(Debug, Default)]
pub(super) struct StatusScratch {
    /// The stretch of text whose cues and breaks are indexed.
    indexed: Option<Span>,
    breaks: Vec<Span>,
    cues: Vec<Cue>,
    /// The line whose label status `label` holds, and the column.
    label_at: Option<(usize, usize, Units)>,
    label: Option<Status>,
    /// The last table row walked and its header line: its other cells
    /// and the next row reuse it.
    header: Option<(Span, Option<Span>)>,
    /// A table's header line and where its cell rules ('|') are.
    header_bars: (Span, Vec<usize>),
    /// The line of the last figure that looked for a label.
    line: Option<Span>,
    /// The last line whose list heading was looked for, and the heading's
    /// label with how many lines above that line it is.
    heading: Option<(Span, Option<(Span, usize)>)>,
    /// Labels read (header cells, headings) and their status, by their
    /// start: the rows of a table share its header's cells, the lines of a
    /// list its heading.
    label_read: LabelCache,
    /// The last table row whose label cell was read, and the status its
    /// `row_label` cues give: the cells of a row share it.
    row_cue: Option<(Span, Units, Option<Status>)>,
}

impl StatusScratch {
    /// Forgets the cached window and line (a new document).
    pub(super) fn reset(&mut self) {
        self.indexed = None;
        self.label_at = None;
        self.header = None;
        self.heading = None;
        self.line = None;
        self.header_bars.0 = Span { start: usize::MAX, end: 0 };
        self.header_bars.1.clear();
        self.label_read = LabelCache::default();
        self.row_cue = None;
    }
}

/// Where the cues after a figure that may govern it lie: before `next`,
/// where the next figure starts, and in the stretch `run` gives, after a
/// run of figures coordinated with it (see [`coordinated_reach`]); `run`
/// is asked only when a cue lies past `next` in the figure's clause.
pub(super) struct After<F> {
    pub(super) next: usize,
    pub(super) run: F,
}

/// A figure whose status is read: its span and the class of its unit (a
/// cue may govern only some units).
#[derive(Clone, Copy, Debug)]
pub(super) struct Figure {
    pub(super) span: Span,
    pub(super) units: Units,
}

/// The status of the figure at `span`, whose window is `window` in
/// `sentence`; `after` bounds the cues after it that may govern it (a cue
/// after the next figure is that one's, unless the two are coordinated).
/// `None` when no cue and no label decides: the figure is then `achieved`
/// unless what it continues says otherwise.
pub(super) fn status<F: FnOnce() -> Option<(usize, usize)>>(
    c: &Compiled,
    s: &mut StatusScratch,
    text: &str,
    sentence: Span,
    window: Span,
    figure: Figure,
    after: After<F>,
) -> Option<Status> {
    if c.status_cues.is_empty() {
        return None;
    }
    let Figure { span, units } = figure;
    let covered = s
        .indexed
        .is_some_and(|x| x.start <= window.start && window.end <= x.end);
    if !covered {
        let end = sentence.end.min(window.end.saturating_add(INDEX_AHEAD));
        let end = crate::segment::floor(text, end).max(window.end);
        index(c, s, text, window.start, end);
    }
    if let Some(st) = clause_status(s, window, figure, after) {
        return Some(st);
    }
    // A line longer than the reach holds no label: it is prose, and the
    // bound keeps the work per figure constant.
    let line = match s.line {
        // The same line, and as `bounded_line` would find it from here.
        Some(l)
            if l.start <= span.start
                && span.start <= l.end
                && span.start - l.start < LABEL_REACH
                && l.end - span.start < LABEL_REACH =>
        {
            l
        }
        _ => {
            let l = bounded_line(text, span.start, LABEL_REACH)?;
            s.line = Some(l);
            l
        }
    };
    // memchr: a prose line has no cell rule, and a byte loop over it per
    // figure was a fifth of this function's time on `report`.
    let column =
        memchr::memchr_iter(b'|', &text.as_bytes()[line.start..span.start])
            .count();
    if s.label_at != Some((line.start, column, units)) {
        s.label_at = Some((line.start, column, units));
        s.label = label_status(c, s, text, line, column, figure);
    }
    s.label
}

/// Indexes the clause breaks and the cues of `text[from..end]`. Where the
/// stretch indexed last reaches `from`, only its end is searched again,
/// from the first item it may have cut short: each byte of a run of
/// figures is searched about once.
fn index(
    c: &Compiled,
    s: &mut StatusScratch,
    text: &str,
    from: usize,
    end: usize,
) {
    let resume = match s.indexed {
        Some(x) if x.start <= from && from <= x.end && x.end < end => {
            // A cue or break that ended within `RESEARCH` bytes of the old
            // end may have been cut there; it is found again whole.
            let cut = x.end.saturating_sub(RESEARCH).max(from);
            let keep = |item: &Span| item.start >= from && item.end <= cut;
            let first_cut = |mut items: std::slice::Iter<'_, Span>| {
                items.find(|i| i.end > cut).map_or(cut, |i| i.start)
            };
            let first_cue = s
                .cues
                .iter()
                .find(|q| q.span.end > cut)
                .map_or(cut, |q| q.span.start);
            let resume = first_cut(s.breaks.iter()).min(first_cue);
            s.breaks.retain(|b| keep(b) && b.end <= resume);
            s.cues.retain(|q| keep(&q.span) && q.span.end <= resume);
            resume.max(from)
        }
        _ => {
            s.breaks.clear();
            s.cues.clear();
            from
        }
    };
    s.indexed = Some(Span { start: from, end });
    if let Some(&a) = c.clause_bytes.first() {
        let b = c.clause_bytes.get(1).copied().unwrap_or(a);
        let d = c.clause_bytes.get(2).copied().unwrap_or(a);
        let bytes = &text.as_bytes()[resume..end];
        let all = text.as_bytes();
        s.breaks.extend(
            memchr::memchr3_iter(a, b, d, bytes)
                .map(|i| resume + i)
                // A line wrapped inside a statement ("748 million\npeople
                // still have no safe water") goes on in lower case: no
                // break there.
                .filter(|&i| {
                    all[i] != b'\n'
                        || !all.get(i + 1).is_some_and(u8::is_ascii_lowercase)
                })
                .map(|i| Span { start: i, end: i + 1 }),
        );
    }
    let Some(re) = &c.status_index else { return };
    // The text up to `end`, searched from `resume`: a word edge at
    // `resume` sees the text before it.
    let mut input =
        regex_automata::Input::new(&text[..end]).range(resume..end);
    while let Some(m) = re.find(input.clone()) {
        let mut span = Span { start: m.start(), end: m.end() };
        // An empty match moves the search on a character; at the end, past
        // it, so the search ends.
        input.set_start(if span.end > span.start {
            span.end
        } else if span.end < end {
            next_char(text, span.end)
        } else {
            end + 1
        });
        match m.pattern().as_usize().checked_sub(c.clause_breaks) {
            None => {
                if c.clause_last_word_opens[m.pattern().as_usize()] {
                    let word = last_word_start(&text[..span.end]);
                    if word > span.start {
                        span.end = word;
                        input.set_start(word);
                    }
                }
                // Byte breaks and pattern breaks interleave: kept in
                // order of start for the resumed search's cut.
                let at = s.breaks.partition_point(|b| b.start < span.start);
                s.breaks.insert(at, span);
            }
            Some(i) => {
                let cue = &c.status_cues[i];
                s.cues.push(Cue {
                    span,
                    status: cue.status,
                    governs: cue.governs,
                    priority: cue.priority,
                    reach: cue.reach,
                    units: cue.units,
                });
            }
        }
    }
}

/// Where the last word of `text` starts, trailing white space left aside.
fn last_word_start(text: &str) -> usize {
    let word = text.trim_end();
    word.rfind(char::is_whitespace).map_or(0, |i| i + 1)
}

/// The status the nearest governing cue of the figure's clause gives,
/// among the cues of the highest priority.
fn clause_status<F: FnOnce() -> Option<(usize, usize)>>(
    s: &StatusScratch,
    w: Span,
    Figure { span, units }: Figure,
    After { next, run }: After<F>,
) -> Option<Status> {
    // Breaks are in order of start and shorter than `RESEARCH`: the last
    // one that ends before the figure is among the few that start just
    // before it, and the first after it is the first that starts there.
    let before = s.breaks.partition_point(|b| b.start < span.start);
    let mut lo = w.start;
    for b in s.breaks[..before].iter().rev() {
        if b.start.saturating_add(RESEARCH) <= lo {
            break;
        }
        if b.end <= span.start {
            lo = lo.max(b.end);
        }
    }
    let after = s.breaks.partition_point(|b| b.start < span.end);
    let clause_end = s.breaks.get(after).map_or(w.end, |b| b.start).min(w.end);
    let hi = clause_end.min(next.max(span.end));
    // The stretch after a run of figures coordinated with this one, read
    // only when a cue that may govern a figure before it lies there.
    let beyond = |q: &Cue| {
        q.governs != Governs::After
            && q.span.start >= hi
            && q.span.start < clause_end
    };
    let (run_lo, run_hi) = match s.cues.iter().any(beyond).then(run).flatten()
    {
        Some((lo, end)) => (lo, end.min(clause_end)),
        None => (usize::MAX, 0),
    };
    let mut best: Option<(i32, usize, Status)> = None;
    for cue in s.cues.iter().filter(|q| q.units.contains(units)) {
        let distance = if cue.span.start <= span.start
            && span.start < cue.span.end
            && cue.span.start >= lo
        {
            // A cue that spans the figure ("contributed over $1.3 billion
            // to immunize") or runs into it ("need $23.5 billion", its
            // currency) governs it too.
            0
        } else if cue.span.start >= span.start && cue.span.end <= span.end {
            // A cue inside the figure's own text, its qualifier ("la
            // croissance est estimée à 6,6 %"), comes before its number.
            if cue.governs == Governs::Before {
                continue;
            }
            0
        } else if cue.span.end <= span.start && cue.span.start >= lo {
            if cue.governs == Governs::Before {
                continue;
            }
            span.start - cue.span.end
        } else if cue.span.start >= span.end && cue.span.end <= hi
            || cue.span.start >= run_lo && cue.span.end <= run_hi
        {
            if cue.governs == Governs::After {
                continue;
            }
            // A tie goes to the cue before the figure.
            cue.span.start - span.end + 1
        } else {
            continue;
        };
        if distance > cue.reach {
            continue;
        }
        let better = best.is_none_or(|(p, d, _)| {
            cue.priority > p || (cue.priority == p && distance < d)
        });
        if better {
            best = Some((cue.priority, distance, cue.status));
        }
    }
    best.map(|(_, _, st)| st)
}

/// The figures a cue after a run of coordinated figures governs with the
/// last of them ("3,200 farmers and 1,100 traders are expected to
/// benefit", "120 schools, 40 clinics and 12 markets will be
/// rehabilitated"): for the figure ending at `end`, whose next figures
/// start at `nexts`, `Some((from, to))` when the next figure is joined to
/// it and the run's last figure's phrase is followed by more words;
/// then a cue starting in `from..to` (after that phrase, before the figure
/// after the run) governs this figure too. A cue inside the last
/// phrase ("6 damaged villages") governs only its own figure.
pub(super) fn coordinated_reach(
    c: &Compiled,
    text: &str,
    end: usize,
    mut nexts: impl Iterator<Item = Span>,
    bound: usize,
    key: &mut String,
) -> Option<(usize, usize)> {
    let mut from = end;
    let mut last = None;
    let after_run = loop {
        let Some(n) = nexts.next() else { break bound };
        if n.start >= bound
            || !joins(c, text, Span { start: from, end: n.start }, key)
        {
            break n.start.min(bound);
        }
        last = Some(n);
        from = n.end;
    };
    let last = last?;
    let phrase_end = head_phrase_end(c, text, last.end, after_run, key)?;
    Some((phrase_end, after_run))
}

/// Whether `text[gap]` is a head phrase (see [`head_phrase_end`]) followed
/// by one continuation word of the grammar or a comma, and nothing else.
fn joins(c: &Compiled, text: &str, gap: Span, key: &mut String) -> bool {
    /// Longer than four words and a continuation word.
    const MOST_BYTES: usize = 64;
    // The joining word: a comma, or a continuation word of the grammar
    // (two or three words, compared in place).
    let joining = |w: &str| {
        w == ","
            || c.words.continuation.iter().any(|k| w.eq_ignore_ascii_case(k))
    };
    // PERF: most gaps end in no joining word; asked first, of the bytes.
    let trimmed = text[gap.start..gap.end].trim_end();
    let last = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
    if gap.end - gap.start > MOST_BYTES
        || !(joining(last) || trimmed.ends_with(','))
    {
        return false;
    }
    head_phrase_end(c, text, gap.start, gap.end, key)
        .is_some_and(|at| joining(text[at..gap.end].trim()))
}

/// Where the phrase naming what a figure counts ends, read from `from`:
/// at most four words, any words, then counted nouns or plurals to its
/// end ("farmers", "sanitation shop managers"), a complement word of the
/// grammar joining one more ("salles de classe"); `None` when no such
/// phrase starts there (a stop word, a number or a verb comes first, or
/// a word that is no noun follows a noun: "farmers got loans").
fn head_phrase_end(
    c: &Compiled,
    text: &str,
    from: usize,
    end: usize,
    key: &mut String,
) -> Option<usize> {
    const MOST_WORDS: usize = 4;
    let w = &c.words;
    let (mut i, mut words, mut head_end) = (from, 0, None);
    let mut complement = false;
    while let Some(Ok(word)) = next_token(text, i, end) {
        let roles = roles_at(c, text, word, key);
        let token = word.span.slice(text);
        words += 1;
        if roles.complement && head_end.is_some() && !complement {
            // "salles de classe": the complement's noun ends the phrase.
            complement = true;
            i = word.span.end;
            continue;
        }
        if word.number
            || roles.stop
            || roles.continuation
            || lower_has_suffix(&w.verb_suffix, token, word.ascii, key)
        {
            break;
        }
        let head = complement
            || roles.noun.is_some()
            || is_plural(&w.plural_suffix, token, word.ascii, key);
        complement = false;
        if head {
            head_end = Some(word.span.end);
        } else if head_end.is_some() {
            break;
        }
        if words == MOST_WORDS {
            break;
        }
        i = word.span.end;
    }
    head_end
}

/// The status a label gives the figure at `span`, in column `column` of
/// `line`: the label cell of a key-figure line, the header cell of its
/// table column, else the heading of its list.
fn label_status(
    c: &Compiled,
    s: &mut StatusScratch,
    text: &str,
    line: Span,
    column: usize,
    Figure { span, units }: Figure,
) -> Option<Status> {
    let (cache, read, row_cue) =
        (&mut s.header, &mut s.label_read, &mut s.row_cue);
    let floor = line.start.saturating_sub(LABEL_REACH);
    // A row of label and value pairs: the label before the figure.
    if let Some(label) = pair_label(text, line, column) {
        if let Some(st) = label_read(c, read, units, text, label.slice(text)) {
            return Some(st);
        }
    }
    // A key-figure line ("18 million | people in need"): its label cell
    // says what the figure is.
    if column == 0 {
        if let Some(label) = value_label(text, span) {
            if let Some(st) =
                label_read(c, read, units, text, label.slice(text))
            {
                return Some(st);
            }
        }
    }
    if column > 0 || text[line.start..line.end].contains('|') {
        // The header is the first line of the block of table rows; the
        // rows of one block share it, so the walk back is done once a
        // block (a row right after the last one walked reuses it).
        let header = match *cache {
            Some((row, header)) if row == line => header,
            // The next row: the header of the last, or the last row
            // itself when it had none (it is the header).
            Some((row, header)) if line.start == row.end + 1 => {
                header.or(Some(row))
            }
            _ => {
                let mut header = None;
                let mut at = line.start;
                while at > floor {
                    let Some(prev) = bounded_line(text, at - 1, at - floor)
                    else {
                        break;
                    };
                    if !text[prev.start..prev.end].contains('|') {
                        break;
                    }
                    header = Some(prev);
                    at = prev.start;
                }
                header
            }
        };
        *cache = Some((line, header));
        let cell = header.and_then(|h| {
            // PERF: the header's cell rules found once for its rows, not
            // split again for each figure (callgrind, dense: 25M per MB).
            let bars = &mut s.header_bars;
            if bars.0 != h {
                bars.0 = h;
                bars.1.clear();
                let cells = memchr::memchr_iter(
                    b'|',
                    &text.as_bytes()[h.start..h.end],
                );
                bars.1.extend(cells.map(|i| h.start + i));
            }
            // A header of words one cell short of its rows names only
            // their value columns ("By sector (funded | sought):" over
            // "Shelter | $15.6m | $128.8m"): the row's label cell has none,
            // and the header's cells line up with the row's last ones (a
            // line of values above is a row, not such a header).
            let row_bars = memchr::memchr_iter(
                b'|',
                &text.as_bytes()[line.start..line.end],
            )
            .count();
            let column = if row_bars == bars.1.len() + 1
                && !text.as_bytes()[h.start..h.end]
                    .iter()
                    .any(u8::is_ascii_digit)
            {
                column.checked_sub(1)?
            } else {
                column
            };
            let from = match column {
                0 => h.start,
                k => *bars.1.get(k - 1)? + 1,
            };
            let to = bars.1.get(column).copied().unwrap_or(h.end);
            Some(text[from..to].trim())
        });
        if let Some(st) =
            cell.and_then(|cell| label_read(c, read, units, text, cell))
        {
            return Some(st);
        }
        // Else the row's label cell, when it is one: a row of national
        // statistics under columns of places ("Indicator | Niger | Togo",
        // "Maternal mortality ratio | 509 | 396").
        // PERF: read once a row, not once a cell (cachegrind, dense).
        if column > 0 {
            let st = match *row_cue {
                Some((row, u, st)) if row == line && u == units => st,
                _ => {
                    let st = row_label(text, line)
                        .and_then(|label| row_label_cue(c, label, units));
                    *row_cue = Some((line, units, st));
                    st
                }
            };
            if st.is_some() {
                return st;
            }
        }
    }
    if let Some(heading) = list_heading(text, line, floor, &mut s.heading) {
        return label_read(
            c,
            read,
            units,
            text,
            &text[heading.start..heading.end],
        );
    }
    // A table row that opens with its own heading and a colon, then a row
    // label and the cells ("Besoins 2025 par type de gestion : centrale |
    // 230 projets | 9 000 km"): the heading labels the row's cells as a
    // heading line above a list does.
    let row = &text[line.start..line.end];
    let bar = memchr::memchr(b'|', row.as_bytes())?;
    let colon = memchr::memrchr(b':', &row.as_bytes()[..bar])?;
    // The first cell after the colon is a row label, not a value: a row
    // of "label : value | label value" pairs has no heading.
    if line.start + colon >= span.start
        || row.as_bytes()[colon..bar].iter().any(u8::is_ascii_digit)
    {
        return None;
    }
    label_read(c, read, units, text, &row[..colon])
}

/// The first cell of table row `line`, when it is a label: it starts
/// with a letter and holds a few ("Lifetime prevalence of fistula"), not
/// a value ("2019", "12,400").
fn row_label(text: &str, line: Span) -> Option<&str> {
    let row = text.get(line.start..line.end)?;
    let cell = row.split('|').next()?.trim();
    let letters = cell.chars().filter(|c| c.is_alphabetic()).take(3).count();
    (cell.starts_with(char::is_alphabetic) && letters == 3).then_some(cell)
}

/// The status the last cue of a row's label cell gives, among the cues
/// that may label a row (`row_label`): the cell is read for each figure
/// of the row, a few dozen bytes.
fn row_label_cue(c: &Compiled, label: &str, units: Units) -> Option<Status> {
    let re = c.status_index.as_ref()?;
    re.find_iter(label)
        .filter_map(|m| {
            let i = m.pattern().as_usize().checked_sub(c.clause_breaks)?;
            let cue = &c.status_cues[i];
            (cue.row_label && cue.units.contains(units)).then_some(cue.status)
        })
        .last()
}

/// The heading of the list `line` is in, as the label it gives (the last
/// sentence of the nearest line above that ends in a colon, within
/// [`HEADING_LINES`] lines and `floor`, with no sentence's end between).
/// The walk for a line right below the last one walked starts from that
/// one's answer: a list is walked once, not once per line.
fn list_heading(
    text: &str,
    line: Span,
    floor: usize,
    cache: &mut Option<(Span, Option<(Span, usize)>)>,
) -> Option<Span> {
    let (walked, found) = match *cache {
        Some((last, found)) if last == line => return found.map(|f| f.0),
        Some((last, found))
            if line.start == last.end + 1 && last.start >= floor =>
        {
            // The walk's first step is the last line; past it, the last
            // walk's answer, one line further away.
            let found = match heading_of(text, last) {
                Step::Heading(h) => Some((h, 0)),
                Step::End => None,
                Step::Go => found.and_then(|(h, steps)| {
                    // The reach of `bounded_line` from `floor`.
                    let reached = h.start >= floor || floor <= 1;
                    (steps + 1 < HEADING_LINES && reached)
                        .then_some((h, steps + 1))
                }),
            };
            (line, found)
        }
        _ => {
            let mut found = None;
            let mut at = line.start;
            for steps in 0..HEADING_LINES {
                if at <= floor {
                    break;
                }
                let Some(prev) = bounded_line(text, at - 1, at - floor) else {
                    break;
                };
                match heading_of(text, prev) {
                    Step::Heading(h) => {
                        found = Some((h, steps));
                        break;
                    }
                    Step::End => break,
                    Step::Go => at = prev.start,
                }
            }
            (line, found)
        }
    };
    *cache = Some((walked, found));
    found.map(|f| f.0)
}

/// What a line above a figure's says of the walk to a list's heading.
enum Step {
    /// It is the heading: the span of its label.
    Heading(Span),
    /// It ends a stretch of prose or is blank: no heading above it counts.
    End,
    /// It is another line of the list: the walk goes on.
    Go,
}

/// The step of the walk at line `l`.
fn heading_of(text: &str, l: Span) -> Step {
    let line = text[l.start..l.end].trim_end();
    if let Some(head) = line.strip_suffix(':') {
        // Only the last sentence of the line is the heading.
        let from = head.rfind(". ").map_or(0, |i| i + 2);
        return Step::Heading(Span {
            start: l.start + from,
            end: l.start + head.len(),
        });
    }
    if line.is_empty() || line.ends_with(['.', '!', '?']) {
        Step::End
    } else {
        Step::Go
    }
}

/// [`label_cue`] of `label`, a slice of `text`, remembered for the last
/// label: every row under one header and every line under one heading
/// read the same label.
fn label_read(
    c: &Compiled,
    read: &mut LabelCache,
    units: Units,
    text: &str,
    label: &str,
) -> Option<Status> {
    let start = (label.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let at = Span { start, end: start.wrapping_add(label.len()) };
    let slot = &mut read.0[start % LABEL_SLOTS];
    match *slot {
        Some((span, u, status)) if span == at && u == units => status,
        _ => {
            let status = label_cue(c, label, units);
            *slot = Some((at, units, status));
            status
        }
    }
}

/// How many labels [`LabelCache`] keeps: the columns of a table.
const LABEL_SLOTS: usize = 16;

/// A direct-mapped cache of label statuses by the label's start.
#[derive(Debug, Default)]
pub(super) struct LabelCache(
    [Option<(Span, Units, Option<Status>)>; LABEL_SLOTS],
);

/// The line around `pos`, if both its ends lie within `reach` bytes of
/// it.
fn bounded_line(text: &str, pos: usize, reach: usize) -> Option<Span> {
    let b = text.as_bytes();
    let pos = pos.min(b.len());
    let lo = pos.saturating_sub(reach);
    let hi = pos.saturating_add(reach).min(b.len());
    let start = segment::line_start_within(text, lo, pos)?;
    let end = match memchr::memchr(b'\n', &b[pos..hi]) {
        Some(i) => pos + i,
        None if hi == b.len() => hi,
        None => return None,
    };
    Some(Span { start, end })
}

/// The status of a label ("IFAD10 target", "Key planned results:"): its
/// last cue other than an achieved one, else its last achieved one.
pub(super) fn label_cue(
    c: &Compiled,
    label: &str,
    units: Units,
) -> Option<Status> {
    let re = c.status_index.as_ref()?;
    let mut found = None;
    let mut achieved = None;
    for m in re.find_iter(label) {
        let Some(i) = m.pattern().as_usize().checked_sub(c.clause_breaks)
        else {
            continue;
        };
        let cue = &c.status_cues[i];
        if !cue.units.contains(units) {
            continue;
        }
        match cue.status {
            Status::Achieved => achieved = Some(Status::Achieved),
            st => found = Some(st),
        }
    }
    found.or(achieved)
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{money, n, pct, run};
    use crate::record::Status;

    fn statuses(
        text: &str,
        qs: Vec<crate::extract::testing::Q>,
    ) -> Vec<Status> {
        run(text, qs).iter().map(|r| r.status).collect()
    }

    #[test]
    fn will_makes_a_target_and_a_result_stays_achieved() {
        let text = "We trained 40 midwives and will train 60 more.";
        assert_eq!(
            statuses(text, vec![n("40", "40"), n("60", "60")]),
            [Status::Achieved, Status::Target]
        );
    }

    #[test]
    fn a_cue_in_another_clause_does_not_govern() {
        let text = "The appeal seeks $4 million; 300 families received cash.";
        assert_eq!(
            statuses(
                text,
                vec![money("$4 million", "4000000", "USD"), n("300", "300")]
            ),
            [Status::Target, Status::Achieved]
        );
    }

    #[test]
    fn a_need_after_the_figure_is_context() {
        let text = "About 2 million people need food aid.";
        assert_eq!(
            statuses(text, vec![n("2 million", "2000000")]),
            [Status::Context]
        );
    }

    #[test]
    fn table_columns_and_list_headings_label_their_figures() {
        let text = "Indicator | Baseline | Target | Actual\n\
                    Clinics | 4 | 10 | 8";
        assert_eq!(
            statuses(text, vec![n("4", "4"), n("10", "10"), n("8", "8")]),
            [Status::Baseline, Status::Target, Status::Achieved]
        );
        let text = "Planned for 2025:\n- Wells: 12\n- Latrines: 30";
        assert_eq!(
            statuses(text, vec![n("12", "12"), n("30", "30")]),
            [Status::Target, Status::Target]
        );
        let text = "Results in 2023:\n- Wells: 12";
        assert_eq!(statuses(text, vec![n("12", "12")]), [Status::Achieved]);
    }

    #[test]
    fn the_nearest_cue_governs() {
        let text =
            "Its budget is $2 million, and 45% of it was already spent.";
        assert_eq!(
            statuses(
                text,
                vec![money("$2 million", "2000000", "USD"), pct("45%", "45")]
            ),
            [Status::Target, Status::Achieved]
        );
    }
}
