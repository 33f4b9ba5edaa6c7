//! The currency and scale a table's label states for the bare numbers of
//! its rows ("Turnover (EUR million) | 1,224.0", "TURNOVER (€ million) |
//! 2014" over "Direct cooperation | 226.5", "Project costs (US$M)",
//! "Indicator (millions)", "Compact Amount (in millions)"): the row's
//! first cell, else the first cell of the table's header line, else the
//! header cell of the figure's column, else the caption line above the
//! header ("Highlights (dollars in millions, years ended June 30)"), in
//! brackets; and the year a
//! column's header cell states ("| 2014 | 2015", "Coverage (2018)"). A
//! line written as a row of prose, a label and its values after a colon
//! ("Requirements (US$): 46.6 billion", "Grants (USD): 250,000 /
//! 1,000,000"), gives them its bracket's unit the same way. The
//! bracketed words are read by layer 1 itself, a figure 1 put into them,
//! so whatever currency and scale words the document's lexicon knows are
//! understood, and nothing here is English. The header line of a block of
//! rows is found once for the block, and each label read once.

use rust_decimal::Decimal;

use crate::quantity::{Lexicon, Quantity};
use crate::record::{Span, Unit};
use crate::segment;

/// How far back the start of a figure's line is looked for, in bytes: a
/// table row is short, and a longer line is prose.
const ROW_REACH: usize = 1024;

/// The most lines walked back to a table's header line.
const HEADER_LINES: usize = 32;

/// The longest bracketed unit read ("(million USD)", "(€ million)").
const SPEC_LEN: usize = 24;

/// A table row and the header line of its block.
#[derive(Clone, Copy, Debug)]
pub(super) struct Block {
    pub(super) row: Span,
    pub(super) header: Option<Span>,
}

/// The last row looked at and the labels last read.
#[derive(Debug, Default)]
pub(super) struct LabelUnitCache {
    block: Option<Block>,
    /// The last line found to hold no cell rule.
    plain: Span,
    /// A stretch found to hold no line break.
    prose: Span,
    /// The unit of the last row label read, by the row's start.
    row: Option<(usize, Option<(Decimal, Unit)>)>,
    /// The unit of the last header's first cell, by the header's start.
    header: Option<(usize, Option<(Decimal, Unit)>)>,
    /// The unit of the caption above the last header, by its start, and
    /// whether the caption ends in a colon.
    caption: Option<(usize, Caption)>,
    /// The unit of the last colon label read, by its colon: the values
    /// listed after it share it.
    colon: Option<(usize, Option<(Decimal, Unit)>)>,
    /// The last figure's start and its column: the next figure of the
    /// row counts the cell rules from there.
    at: (usize, usize),
    /// The last header whose first cell was read for a `dimension`, by its
    /// start, and whether it names one.
    pub(super) dimension: Option<(usize, bool)>,
    /// The unit and year of the last header's column cells, by the
    /// header's start: the rows of a table share them.
    columns: Option<(usize, [Option<Option<Column>>; COLUMNS])>,
    /// The year the last row's first cell is, by the row's start: the
    /// figures of a row share it.
    row_year: Option<(usize, Option<Span>)>,
}

/// The unit a caption's bracket states, and whether the caption ends in
/// a colon.
type Caption = (Option<(Decimal, Unit)>, bool);

/// How many columns of a header [`LabelUnitCache`] keeps.
const COLUMNS: usize = 16;

/// What a header cell states for its column.
#[derive(Clone, Copy, Debug)]
struct Column {
    unit: Option<(Decimal, Unit)>,
    year: Option<Span>,
}

/// What the header cell of `column` in `header` states, read once per
/// header and column.
fn header_column(
    lexicon: &Lexicon,
    cache: &mut LabelUnitCache,
    text: &str,
    header: Span,
    column: usize,
) -> Option<Column> {
    let read = || {
        let c = cell(text, header, column)?;
        let label = &text[c.start..c.end];
        Some(Column {
            unit: spec_unit(lexicon, label)
                .or_else(|| sign_unit(lexicon, label)),
            year: year_in(text, c),
        })
    };
    if column >= COLUMNS {
        return read();
    }
    if cache.columns.is_none_or(|(at, _)| at != header.start) {
        cache.columns = Some((header.start, [None; COLUMNS]));
    }
    if let Some((_, cols)) = &cache.columns {
        if let Some(col) = cols[column] {
            return col;
        }
    }
    let col = read();
    if let Some((_, cols)) = &mut cache.columns {
        cols[column] = Some(col);
    }
    col
}

/// Gives each figure of `qs` written without a scale word that sits in a
/// table row the scale its row label or table header states, and a bare
/// number its currency too. A figure too large to take its scale (past 28
/// digits) is dropped: no real table holds one, and its value as written
/// would be wrong by the scale.
pub(super) fn apply(
    lexicon: &Lexicon,
    cache: &mut LabelUnitCache,
    text: &str,
    qs: &mut Vec<Quantity<'_>>,
) {
    qs.retain_mut(|q| {
        let Some(number) = bare(q) else {
            colon_label_currency(lexicon, cache, text, q);
            return true;
        };
        let Some((scale, unit)) =
            row_unit(lexicon, cache, text, q.span, !number)
                .or_else(|| colon_label_unit(lexicon, cache, text, q.span))
        else {
            return true;
        };
        if !number && !matches!(unit, Unit::Number) {
            // "$109.8" under "(€ million)": not this label's figure.
            return true;
        }
        let Some(value) = q.value.checked_mul(scale) else { return false };
        let range_end = match q.range_end.map(|end| end.checked_mul(scale)) {
            Some(None) => return false,
            end => end.flatten(),
        };
        q.value = value;
        q.range_end = range_end;
        if number {
            q.unit = unit;
        }
        true
    });
}

/// The unit the label of a figure's line states in its last bracket when
/// the figure follows the label's colon, alone or among the values listed
/// after it ("Requirements (US$): 46,600,000", "Budget (€ million): 12.5",
/// "Coût total (en FCFA) : 2 400 000", "Grants (USD): 250,000 / 1,000,000"):
/// a table row written as prose.
fn colon_label_unit(
    lexicon: &Lexicon,
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
) -> Option<(Decimal, Unit)> {
    let b = text.as_bytes();
    let before = text[..span.start].trim_end();
    // Only a colon or a list's separator right before the figure starts
    // the walk back to the line's start.
    if !before.ends_with([':', '/', ';', '→']) {
        return None;
    }
    let lo = span.start.saturating_sub(ROW_REACH);
    let start = segment::line_start_within(text, lo, span.start)?;
    let colon = start + memchr::memrchr(b':', &b[start..span.start])?;
    let listed = |c: char| {
        c.is_ascii_digit() || c.is_whitespace() || ".,/;%→".contains(c)
    };
    if !text[colon + 1..span.start].chars().all(listed) {
        return None;
    }
    match cache.colon {
        Some((at, unit)) if at == colon => unit,
        _ => {
            let label = text[start..colon].trim_end();
            let unit = label
                .ends_with(')')
                .then(|| spec_unit(lexicon, label))
                .flatten();
            cache.colon = Some((colon, unit));
            unit
        }
    }
}

/// Gives a figure written with a scale word and no currency the currency
/// its line's colon label states without a scale ("Requirements (US$):
/// 46.6 billion").
fn colon_label_currency(
    lexicon: &Lexicon,
    cache: &mut LabelUnitCache,
    text: &str,
    q: &mut Quantity<'_>,
) {
    if q.unit != Unit::Number || q.scale.is_none() {
        return;
    }
    if let Some((scale, unit @ Unit::Currency(_))) =
        colon_label_unit(lexicon, cache, text, q.span)
    {
        if scale == Decimal::ONE {
            q.unit = unit;
        }
    }
}

/// Whether a figure is written without a scale word: `Some(true)` for
/// digits alone, `Some(false)` for digits with only a currency symbol or
/// a three-letter code ("$109.8", "EUR 12"), which take a label's scale
/// but keep their currency; else `None`.
fn bare(q: &Quantity<'_>) -> Option<bool> {
    let digit = |ch: char| {
        ch.is_ascii_digit() || matches!(ch, ',' | '.' | ' ' | '\u{a0}')
    };
    match q.unit {
        Unit::Number => q.text.chars().all(digit).then_some(true),
        Unit::Currency(_) => {
            let (mut n, mut upper, mut letters) = (0, 0, 0);
            for ch in q.text.chars().filter(|&ch| !digit(ch)) {
                n += 1;
                upper += usize::from(ch.is_ascii_uppercase());
                letters += usize::from(ch.is_alphabetic());
            }
            let symbol = n > 0 && letters == 0;
            let code = n == 3 && upper == 3;
            (symbol || code).then_some(false)
        }
        _ => None,
    }
}

/// The table row holding `span` (a line with a cell rule before the
/// figure) and its block's header line, the first line of the run of
/// lines with cell rules above it; the next row of a block reuses the
/// last one's header.
pub(super) fn block(
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
) -> Option<Block> {
    let b = text.as_bytes();
    if let Some(last) = cache.block {
        if last.row.start <= span.start && span.start <= last.row.end {
            return Some(last);
        }
    }
    if cache.plain.start <= span.start && span.start < cache.plain.end {
        return None;
    }
    let lo = span.start.saturating_sub(ROW_REACH);
    // A stretch known to hold no line break: only the bytes past it are
    // searched, so a long prose line is read once, not once a figure.
    let known = cache.prose;
    let from =
        if known.start <= lo && lo <= known.end && known.end <= span.start {
            known.end
        } else {
            lo
        };
    let start = match memchr::memrchr(b'\n', &b[from..span.start]) {
        Some(i) => from + i + 1,
        // No break in [lo, figure): the line starts the text, or it is
        // longer than a row.
        None if lo == 0 => 0,
        None => {
            let start = if from == lo { lo } else { known.start };
            cache.prose = Span { start, end: span.start };
            return None;
        }
    };
    // On a character boundary: the row may head its table, whose cells
    // are read as text.
    let hi = crate::segment::floor(
        text,
        span.start.saturating_add(ROW_REACH).min(b.len()),
    );
    let end = memchr::memchr(b'\n', &b[span.start..hi])
        .map_or(hi, |i| span.start + i);
    if memchr::memchr(b'|', &b[start..span.start]).is_none() {
        if memchr::memchr(b'|', &b[span.start..end]).is_none() {
            // No cell rule on the whole line: its other figures skip it.
            cache.plain = Span { start, end };
        }
        return None;
    }
    let row = Span { start, end };
    let header = match cache.block {
        // The next row of the block: the header of the last row, or the
        // last row itself.
        Some(last) if last.row.end + 1 == start => {
            last.header.or(Some(last.row))
        }
        _ => {
            let mut header = None;
            let mut line = start;
            for _ in 0..HEADER_LINES {
                if line == 0 {
                    break;
                }
                let end = line - 1;
                let lo = end.saturating_sub(ROW_REACH);
                let Some(prev) = segment::line_start_within(text, lo, end)
                else {
                    break;
                };
                if memchr::memchr(b'|', &b[prev..end]).is_none() {
                    break;
                }
                header = Some(Span { start: prev, end });
                line = prev;
            }
            header
        }
    };
    let found = Block { row, header };
    cache.block = Some(found);
    Some(found)
}

/// The cell `column` of `line` (cells split by `|`).
pub(super) fn cell(text: &str, line: Span, column: usize) -> Option<Span> {
    let b = &text.as_bytes()[line.start..line.end];
    let mut start = 0;
    let mut bars = memchr::memchr_iter(b'|', b);
    for _ in 0..column {
        start = bars.next()? + 1;
    }
    let end = bars.next().unwrap_or(b.len());
    Some(Span { start: line.start + start, end: line.start + end })
}

/// The column of the figure at `span` in `row`, counted on from the last
/// figure's when it is earlier in the same row.
pub(super) fn column(
    cache: &mut LabelUnitCache,
    text: &str,
    row: Span,
    span: Span,
) -> usize {
    let (at, column) = cache.at;
    let (from, base) = if row.start <= at && at <= span.start {
        (at, column)
    } else {
        (row.start, 0)
    };
    let n = base
        + memchr::memchr_iter(b'|', &text.as_bytes()[from..span.start])
            .count();
    cache.at = (span.start, n);
    n
}

/// The unit the label of the table row holding `span` states; the
/// table's caption is read for a `money` figure only (it covers rows of
/// counts too: "Number of projects | 282").
fn row_unit(
    lexicon: &Lexicon,
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
    money: bool,
) -> Option<(Decimal, Unit)> {
    let Block { row, header } = block(cache, text, span)?;
    let label = cell(text, row, 0)?;
    let own = match cache.row {
        Some((at, unit)) if at == row.start => unit,
        _ => {
            let unit = spec_unit(lexicon, &text[label.start..label.end]);
            cache.row = Some((row.start, unit));
            unit
        }
    };
    if own.is_some() {
        return own;
    }
    // A table with no header line above its first row: that row heads
    // it for its caption ("… monthly update (in million USD)" over
    // "Cumulative amount disbursed | 37,578.78").
    let header = header.unwrap_or(row);
    // The table's first header cell, for every column.
    let first = match cache.header {
        Some((at, unit)) if at == header.start => unit,
        _ => {
            let unit = cell(text, header, 0)
                .and_then(|c| spec_unit(lexicon, &text[c.start..c.end]));
            cache.header = Some((header.start, unit));
            unit
        }
    };
    // Else the header cell of the figure's own column, else the caption
    // line above the header.
    first
        .or_else(|| {
            let column = column(cache, text, row, span);
            header_column(lexicon, cache, text, header, column)?.unit
        })
        .or_else(|| {
            let (unit, colon) = match cache.caption {
                Some((at, caption)) if at == header.start => caption,
                _ => {
                    let caption = caption_unit(lexicon, text, header);
                    cache.caption = Some((header.start, caption));
                    caption
                }
            };
            // A caption's currency and scale go to figures written with a
            // currency ("$109.8" under "(dollars in millions)"); its percent
            // sign to the bare values too ("Indicateur 1.1 : part des … (%)");
            // a caption that ends in a colon is the table's label, and its
            // currency goes to the bare values as a colon label's does
            // ("Revenue performance (UShs 000's):" over "Donor Funding |
            // 119,308": README decision 31).
            // A bare value written with one or two decimals ("1,449.66"
            // under "… (in million USD)") is an amount of the caption's
            // currency: counts of loans or houses in the same table are
            // whole numbers.
            let cents = text[span.start..span.end]
                .rsplit_once('.')
                .is_some_and(|(_, d)| {
                    (1..=2).contains(&d.len())
                        && d.bytes().all(|b| b.is_ascii_digit())
                });
            unit.filter(|&(_, u)| {
                money
                    || u == Unit::Percent
                    || ((colon || cents) && u != Unit::Number)
            })
        })
}

/// The unit the caption line right above a table's header line states in
/// its last bracket, whose comma-separated parts are read one by one
/// ("Operational highlights (dollars in millions, years ended June 30)":
/// "dollars in millions"), and whether the caption ends in a colon.
fn caption_unit(lexicon: &Lexicon, text: &str, header: Span) -> Caption {
    let Some(end) = header.start.checked_sub(1) else { return (None, false) };
    let lo = end.saturating_sub(ROW_REACH);
    let Some(start) = segment::line_start_within(text, lo, end) else {
        return (None, false);
    };
    let line = &text[start..end];
    let colon = line.trim_end().ends_with(':');
    let unit = line.rfind('(').and_then(|open| {
        let close = open + line[open..].find(')')?;
        line[open + 1..close]
            .split(',')
            .find_map(|part| spec_read(lexicon, part.trim()))
    });
    (unit, colon)
}

/// The unit a header cell written as a bare sign states ("| % |", "| € |"):
/// a cell with no letter or digit is read as a bracket's words are, so a
/// column headed "%" holds percentages. Only symbols: a cell of letters
/// ("M", "Mds") may name a group rather than a scale.
fn sign_unit(lexicon: &Lexicon, label: &str) -> Option<(Decimal, Unit)> {
    let sign = label.trim();
    if sign.is_empty() || sign.chars().any(char::is_alphanumeric) {
        return None;
    }
    spec_read(lexicon, sign)
}

/// The currency and scale a label's last bracket states, read by layer 1
/// with a figure 1 put in front of it or after its leading symbol or word
/// ("(€ million)" as "€ 1 million", "(US$M)" as "US$1M", "(in millions)"
/// as "in 1 millions", "(%)" as "1 %"); `None` when no reading is one
/// figure, from the 1 or a symbol before it to the end, with a currency, a
/// scale or a percent sign.
fn spec_unit(lexicon: &Lexicon, label: &str) -> Option<(Decimal, Unit)> {
    let open = label.rfind('(')?;
    let close = open + label[open..].find(')')?;
    spec_read(lexicon, label[open + 1..close].trim())
}

/// The currency, scale or percent sign the words of a bracket state (see
/// [`spec_unit`]); amounts in thousands written with their zeros ("NZ$000",
/// "£'000", "in $000s", "'000") are read as the rest in thousands.
fn spec_read(lexicon: &Lexicon, spec: &str) -> Option<(Decimal, Unit)> {
    if let Some(rest) = in_thousands(spec) {
        let thousand = Decimal::from(1000);
        if rest.is_empty() {
            return Some((thousand, Unit::Number));
        }
        let (scale, unit) = spec_read(lexicon, rest)?;
        return Some((scale.checked_mul(thousand)?, unit));
    }
    if spec.is_empty()
        || spec.len() > SPEC_LEN
        || spec.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut cuts = vec![0];
    for (i, ch) in spec.char_indices() {
        let next = i + ch.len_utf8();
        if ch == ' ' || (!ch.is_alphanumeric() && next < spec.len()) {
            cuts.push(next);
        }
    }
    let mut buf = String::with_capacity(spec.len() + 4);
    for cut in cuts {
        buf.clear();
        buf.push_str(&spec[..cut]);
        buf.push_str(if cut == 0 || spec[..cut].ends_with(' ') {
            "1 "
        } else {
            "1"
        });
        buf.push_str(&spec[cut..]);
        let mut found = lexicon.quantities(buf.trim_end());
        let Some(q) = found.next() else { continue };
        // The figure reads from the 1 (or a symbol before it) to the end;
        // words before it are the label's ("in millions").
        let whole = q.span.start <= cut && q.span.end == buf.trim_end().len();
        // A bracket states a scale of one or more: the 1 read after a
        // decimal separator (",eur" as ",1eur", 0.1 EUR) is no reading.
        if !whole || found.next().is_some() || q.value < Decimal::ONE {
            continue;
        }
        let scaled = q.value != Decimal::ONE;
        // "(%)", "(en %)": the values are percentages (README decision 20).
        if matches!(q.unit, Unit::Currency(_) | Unit::Percent) || scaled {
            return Some((q.value, q.unit));
        }
    }
    None
}

/// What a bracket says besides a thousands mark of zeros at its end
/// ("NZ$000": "NZ$"; "in £'000s": "in £"; "UShs 000's": "UShs"; "'000":
/// ""), if it ends in one: the digits of a year or a count end in other
/// digits.
fn in_thousands(spec: &str) -> Option<&str> {
    let rest = ["000's", "000’s", "000s", "000"]
        .iter()
        .find_map(|z| spec.strip_suffix(z))?;
    let rest = rest.trim_end_matches(['\'', '’']).trim_end();
    (!rest.ends_with(|c: char| c.is_ascii_digit())).then_some(rest)
}

/// The year the header cell of a table figure's column states ("| 2014 |
/// 2015", "Coverage (2018)", "Actual 2021/22"): the one year that cell of
/// its block's header line holds, with no other digits; else the year its
/// row's first cell is ("2014/15 | 6 211 | 10 357": a table of years by
/// row).
pub(super) fn column_year(
    lexicon: &Lexicon,
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
) -> Option<Span> {
    let Block { row, header } = block(cache, text, span)?;
    let column = column(cache, text, row, span);
    if column == 0 {
        return None;
    }
    let year =
        header.and_then(|h| header_column(lexicon, cache, text, h, column));
    year.and_then(|c| c.year).or_else(|| row_year(cache, text, row))
}

/// The year the first cell of `row` is, if it is one ("2014/15 | …"),
/// read once per row. A first cell that holds a label, its colon and a
/// value of its own ("Ressources financières 2008-2009 : dépenses prévues
/// 967 821 000 $ | total des autorisations …") is read up to its colon:
/// the label's year is the row's, as in a label cell of its own, unless
/// a later cell has a label and a colon of its own ("Baseline (2012):
/// over 10 million | Target (2020): 20 million", "Cible 2020 : 46500 |
/// Réalisé : 70.818"): each cell of such a row is labelled apart.
pub(super) fn row_year(
    cache: &mut LabelUnitCache,
    text: &str,
    row: Span,
) -> Option<Span> {
    match cache.row_year {
        Some((at, year)) if at == row.start => year,
        _ => {
            let b = text.as_bytes();
            let label =
                |c: Span| match memchr::memchr(b':', &b[c.start..c.end]) {
                    Some(k)
                        if memchr::memchr(b':', &b[c.end..row.end])
                            .is_none() =>
                    {
                        Span { start: c.start, end: c.start + k }
                    }
                    _ => c,
                };
            let year =
                cell(text, row, 0).and_then(|c| year_in(text, label(c)));
            cache.row_year = Some((row.start, year));
            year
        }
    }
}

/// The one year the cell `c` holds, with no other digits: four digits,
/// or a fiscal year of two ("| FY20 | FY19", read as `Period` reads
/// "FY20"), or a financial year written as a range of two years
/// ("Audited actual 2021/22", "2014-15", "2019/2020").
pub(super) fn year_in(text: &str, c: Span) -> Option<Span> {
    let b = &text.as_bytes()[c.start..c.end];
    let first = b.iter().position(u8::is_ascii_digit)?;
    let digits = b[first..].iter().take_while(|d| d.is_ascii_digit()).count();
    let fiscal = digits == 2
        && b[..first].trim_ascii_end().to_ascii_uppercase().ends_with(b"FY");
    let full = digits == 4 && matches!(&b[first..first + 2], b"19" | b"20");
    let end = first + digits;
    // A second year of two or four digits after one separator.
    let end = if full { range_end(b, end).unwrap_or(end) } else { end };
    let is_year = (full || fiscal) && !b[end..].iter().any(u8::is_ascii_digit);
    let start = if fiscal {
        // The span holds the "FY" so that the period reads it.
        c.start + b[..first].trim_ascii_end().len() - 2
    } else {
        c.start + first
    };
    is_year.then_some(Span { start, end: c.start + end })
}

/// Where the second year of a financial year written after a first one
/// ending at `at` ends: one '/', '-' or '–' and two or four digits
/// ("2021/22", "2019-2020").
fn range_end(b: &[u8], at: usize) -> Option<usize> {
    let sep = match b.get(at..)? {
        [b'/' | b'-', ..] => 1,
        [0xE2, 0x80, 0x93, ..] => 3,
        _ => return None,
    };
    let from = at + sep;
    let n = b[from..].iter().take_while(|d| d.is_ascii_digit()).count();
    matches!(n, 2 | 4).then_some(from + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The year `year_in` reads in a whole cell, as written.
    fn year(cell: &str) -> Option<&str> {
        let span = Span { start: 0, end: cell.len() };
        year_in(cell, span).map(|y| &cell[y.start..y.end])
    }

    #[test]
    fn a_cell_states_a_year_or_a_financial_year() {
        assert_eq!(year(" 2014 "), Some("2014"));
        assert_eq!(year(" FY20 "), Some("FY20"));
        assert_eq!(year(" Audited actual 2021/22 "), Some("2021/22"));
        assert_eq!(year("2014-15 "), Some("2014-15"));
        assert_eq!(year(" Target 2019–2020"), Some("2019–2020"));
        // Other digits: a count, a quarter, a date, a broken range.
        assert_eq!(year(" 2014/15 (3 sites) "), None);
        assert_eq!(year(" Q1 2023 "), None);
        assert_eq!(year(" 12 May 2020 "), None);
        assert_eq!(year(" 2021/2 "), None);
        assert_eq!(year(" Sites achieved "), None);
    }
}
