//! The label cells that name a table figure: the row's label, the label
//! of a key-figure line, an indicator's name, the column header and its
//! bracket, a dimension's header, and the label of a label-and-value pair
//! (what `figure_subject` and `status` read a figure's subject and status
//! from). The table's blocks, rows and cells are found by `label_unit`,
//! whose cache they share.

use crate::record::Span;

use super::label_unit::{
    block, cell, column, row_year, year_in, Block, LabelUnitCache,
};

/// The longest label cell of a key-figure line [`value_label`] reads.
const VALUE_LABEL_LEN: usize = 240;

/// The label of a key-figure line, a figure alone in the first cell and
/// words in the second ("18 million | people in need of assistance",
/// "Over 700,000 | people affected by the floods"): the second cell, which
/// names what the figure counts and what it is, as a row label does for
/// the figures after it. Only a bullet may stand before the figure, and
/// the line holds one cell rule.
pub(super) fn value_label(text: &str, span: Span) -> Option<Span> {
    let b = text.as_bytes();
    // Back to the line's start over a bullet and spaces only ("•" is
    // three bytes, none a letter or a digit).
    let mut i = span.start;
    while i > 0
        && matches!(b[i - 1], b' ' | b'\t' | b'-' | b'*' | 0x80..=0xBF | 0xE2)
    {
        i -= 1;
    }
    if i > 0 && b[i - 1] != b'\n' {
        return None;
    }
    let from = span.end
        + b[span.end..]
            .iter()
            .take_while(|&&c| matches!(c, b' ' | b'\t'))
            .count();
    if b.get(from) != Some(&b'|') {
        return None;
    }
    let hi = (from + 1 + VALUE_LABEL_LEN).min(b.len());
    // The label ends at the line's end, or at a bracket, which speaks of
    // another figure ("funding received (of US$5 million required)").
    let end = memchr::memchr2(b'\n', b'(', &b[from + 1..hi])
        .map_or(hi, |k| from + 1 + k);
    let label = &text.get(from + 1..end)?;
    (memchr::memchr(b'|', label.as_bytes()).is_none()
        && label.trim_start().starts_with(char::is_alphabetic))
    .then_some(Span { start: from + 1, end })
}

/// The label cell of the table row holding the figure at `span`: in a
/// row of label and value pairs, the label before the figure's cell (see
/// [`pair_label`]); else the first, when the figure is in a later cell
/// and the label holds words only (a cell with a figure or a date is a
/// value, not a label); in a key-figures row that opens on its figure,
/// the cell after it (see [`value_label`]).
pub(super) fn row_label(
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
) -> Option<Span> {
    first_cell_label(cache, text, span, false)
}

/// The label cell of the table row holding the figure at `span`, as
/// [`row_label`] reads it, except that a figure inside the label after
/// its first word is part of an indicator's name ("Mothers who had at
/// least 3 antenatal check-ups (%) | 55"), not a value; a first word
/// holding a digit ("2014/15 | 7 014") still makes the cell a value.
pub(super) fn indicator_label(
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
) -> Option<Span> {
    first_cell_label(cache, text, span, true)
}

/// Whether the figure at `span` lies inside the indicator's name that
/// labels the row of the next figure, at `next`, a bare value cell
/// ("Share of mothers who had at least 3 check-ups (%) | 55"): a
/// threshold of the indicator's definition, not a value (README decision
/// 11). A figure that ends its cell ("Baseline 42 | Target 70") or a row
/// of statements ("5.5 million people helped | 97 responses") is a value.
pub(super) fn in_indicator_name(
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
    next: Span,
) -> bool {
    // PERF: the row is read only once the bytes around the two figures
    // fit: words after the figure in its cell, one cell rule, then the
    // next figure alone in its cell; a table's value cells ("| 55 | 65")
    // and rows of statements are ruled out first (cachegrind, layer 2,
    // dense 1 MB: +5% when the row was read for every figure).
    let b = text.as_bytes();
    let Some(gap) = b.get(span.end..next.start) else { return false };
    // A word right after it: a value cell ends at its rule.
    let word = gap.iter().find(|&&c| c != b' ' && c != b'\t');
    if !word.is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let Some(bar) = memchr::memchr(b'|', gap) else { return false };
    let blank = |bytes: &[u8]| bytes.iter().all(u8::is_ascii_whitespace);
    if !gap[..bar].iter().any(u8::is_ascii_alphabetic)
        || !blank(&gap[bar + 1..])
    {
        return false;
    }
    // Blank up to the next cell rule or line break.
    let after = b[next.end..].iter().find(|&&c| c != b' ' && c != b'\t');
    if !matches!(after, None | Some(b'|' | b'\n' | b'\r')) {
        return false;
    }
    // The figure lies inside the label, words after it.
    indicator_label(cache, text, next).is_some_and(|label| {
        label.start <= span.start && span.end + bar <= label.end
    })
}

/// [`row_label`] and [`indicator_label`]: `named` lets digits stand in
/// the label after its first word.
fn first_cell_label(
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
    named: bool,
) -> Option<Span> {
    let Some(Block { row, .. }) = block(cache, text, span) else {
        // "2.14M | people affected": the figure opens its row.
        return value_label(text, span);
    };
    let at = column(cache, text, row, span);
    if let Some(label) = pair_label(text, row, at) {
        return Some(label);
    }
    let label = cell(text, row, 0)?;
    let words = &text[label.start..label.end];
    let digit = |w: &str| w.bytes().any(|b| b.is_ascii_digit());
    let value = if named {
        words.split_whitespace().next().is_none_or(digit)
    } else {
        digit(words)
    };
    (label.end <= span.start && !words.trim().is_empty() && !value)
        .then_some(label)
}

/// The header cell of a table figure's column when its row is named by
/// a year ("Year | Sites achieved | Houses achieved" over "2014/15 | 7 014
/// | 10 746": the figures count what their column names, as those of a
/// row named by words count what the row names; see [`row_label`]).
pub(super) fn column_label(
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
) -> Option<Span> {
    let Block { row, header } = block(cache, text, span)?;
    let at = column(cache, text, row, span);
    if at == 0 {
        return None;
    }
    row_year(cache, text, row)?;
    // A header is a row of labels: one that opens on a year is a row of
    // data ("Apr 2010| Partnership contracts signed" over "Apr 2010| …
    // signed with 10 participating LGAs").
    let header = header?;
    if cell(text, header, 0).and_then(|c| year_in(text, c)).is_some() {
        return None;
    }
    let label = cell(text, header, at)?;
    words_only(&text[label.start..label.end]).then_some(label)
}

/// The header cell of a table figure's column when the header's first
/// cell names what the rows are split by, a `dimension` ("Area | Cases at
/// baseline | …" over "Intervention areas | 81,794 | …", "Funding source |
/// New projects approved" over "GEF only | 1,001"): the row label says
/// where or from what, the column what is counted.
pub(super) fn dimension_label(
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
    dimension: impl FnOnce(&str) -> bool,
) -> Option<Span> {
    let Block { row, header } = block(cache, text, span)?;
    let header = header?;
    // PERF: the header's first cell read once for the rows under it.
    let split = match cache.dimension {
        Some((at, split)) if at == header.start => split,
        _ => {
            let split = cell(text, header, 0).is_some_and(|first| {
                text[first.start..first.end]
                    .split_whitespace()
                    .last()
                    .is_some_and(dimension)
            });
            cache.dimension = Some((header.start, split));
            split
        }
    };
    if !split {
        return None;
    }
    let at = column(cache, text, row, span);
    if at == 0 {
        return None;
    }
    let label = cell(text, header, at)?;
    words_only(&text[label.start..label.end]).then_some(label)
}

/// The words in brackets that end the header cell of a table figure's
/// column ("Activity | Location | Target (people)" over "Water trucking |
/// Hajjah | 57,175"): a header's bracket states what its cells are in
/// (README decision 31), here what they count, which the row's label
/// (what was done, or where) does not name. Letters, spaces and hyphens
/// only, so a unit ("(%)", "(US$ million)") or a year gives none.
pub(super) fn header_bracket(
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
) -> Option<Span> {
    let Block { row, header } = block(cache, text, span)?;
    let header = header?;
    let at = column(cache, text, row, span);
    if at == 0 {
        return None;
    }
    let label = cell(text, header, at)?;
    let words = text[label.start..label.end].trim_end();
    let inner = words.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let noun = &inner[open + 1..];
    let plain = |b: u8| b.is_ascii_alphabetic() || b == b' ' || b == b'-';
    (!noun.trim().is_empty() && noun.len() <= 32 && noun.bytes().all(plain))
        .then(|| {
            let start = label.start + open + 1;
            Span { start, end: start + noun.len() }
        })
}

/// The header line of the table row holding the figure at `span`, and the
/// figure's column.
pub(super) fn header_of(
    cache: &mut LabelUnitCache,
    text: &str,
    span: Span,
) -> Option<(Span, usize)> {
    let Block { row, header } = block(cache, text, span)?;
    let at = column(cache, text, row, span);
    Some((header?, at))
}

/// Whether a cell holds words and no digit.
fn words_only(cell: &str) -> bool {
    cell.chars().any(char::is_alphabetic)
        && !cell.bytes().any(|b| b.is_ascii_digit())
}

/// The label of the value in column `column` of `row`, when the row
/// pairs labels and values ("Salariés | 141 | Bénévoles | 406",
/// "Budget global | 8 900 000 € | dont projets | 8 200 000 €"): an even
/// number of cells, words in each even one, a figure in each odd one. A
/// row of an indicator table ("People … | 40 | - | 44 | 1.2") is none.
pub(super) fn pair_label(
    text: &str,
    row: Span,
    column: usize,
) -> Option<Span> {
    if column % 2 == 0 {
        return None;
    }
    // A line clipped by a reach may end inside a char: no row then.
    let line = text.get(row.start..row.end)?;
    let mut label = None;
    let mut n = 0;
    let mut from = 0;
    for (k, cell) in line.split('|').enumerate() {
        let fits = if k % 2 == 0 {
            // A "n/a" or "nd" cell marks a missing value, no label: the row
            // is an indicator table's ("Girls enrolled | 0 | n/a | 37,500").
            words_only(cell)
                && cell.chars().filter(|c| c.is_alphabetic()).nth(2).is_some()
        } else {
            cell.bytes().any(|b| b.is_ascii_digit())
        };
        if !fits {
            return None;
        }
        if k + 1 == column {
            label = Some(Span {
                start: row.start + from,
                end: row.start + from + cell.len(),
            });
        }
        from += cell.len() + 1;
        n = k + 1;
    }
    (n % 2 == 0 && n > column).then_some(label?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The label `value_label` reads for the figure `figure` of `text`.
    fn value_label_of<'a>(text: &'a str, figure: &str) -> Option<&'a str> {
        let start = text.find(figure)?;
        let span = Span { start, end: start + figure.len() };
        value_label(text, span).map(|l| &text[l.start..l.end])
    }

    #[test]
    fn a_missing_value_cell_is_no_label() {
        fn pair(row: &str, column: usize) -> Option<&str> {
            let span = Span { start: 0, end: row.len() };
            pair_label(row, span, column).map(|l| row[l.start..l.end].trim())
        }
        let pairs = "Staff | 141 | Volunteers | 406";
        assert_eq!(pair(pairs, 3), Some("Volunteers"));
        // An indicator row with a "n/a" cell pairs nothing.
        let row = "Girls enrolled | 0 | n/a | 37,500";
        assert_eq!(pair(row, 1), None);
        assert_eq!(pair(row, 3), None);
    }

    #[test]
    fn a_key_figure_line_labels_its_figure() {
        let text = "Key figures:\n18 million | people in need\n• 2 | clinics";
        assert_eq!(
            value_label_of(text, "18 million"),
            Some(" people in need")
        );
        assert_eq!(value_label_of(text, "2"), Some(" clinics"));
        // Words before the figure, a second cell rule, a value after the
        // rule: no key-figure line.
        assert_eq!(value_label_of("Budget 5 | people", "5"), None);
        assert_eq!(value_label_of("5 | people | 6", "5"), None);
        assert_eq!(value_label_of("5 | 2023", "5"), None);
    }
}
