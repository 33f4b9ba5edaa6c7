//! Whether a record carries the value of the quantity it was built from:
//! the one definition both the fuzz targets (`lib.rs`) and the property
//! tests (`tests/props.rs`, which include this file by path) check, so the
//! two cannot drift apart when layer 2 learns a new way to scale a figure.

use narrative_metrics::{Decimal, Quantity, Record, Span};

/// The quantity of `found` that record `r` was built from: the one whose
/// span holds the record's, or the one the record starts in when its text
/// goes on past the quantity with a unit word its indicator read ("en
/// hausse de 0,1 point": layer 1 reads "0,1", the record "0,1 point").
pub fn quantity_of<'q, 't>(
    text: &str,
    found: &'q [Quantity<'t>],
    r: &Record<'_>,
) -> Option<&'q Quantity<'t>> {
    found.iter().find(|q| {
        let s = q.span();
        let word_after = s.start <= r.span.start
            && r.span.start < s.end
            && text.get(s.end..r.span.end).is_some_and(|w| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_alphabetic() || c.is_whitespace())
            });
        s.contains(r.span) || word_after
    })
}

/// Whether record `r` carries quantity `q` of `text`: its value, its range
/// end, or their negation (a signed change); or a whole multiple of one of
/// them where layer 2 scales a figure. A table row's figure (or a colon
/// label line's) takes its label's scale; a count of people written with
/// one dot group ("214.606") is read as thousands; a bare level of a change
/// shares its partner's scale word ("from 8 to 25 million").
pub fn carries(text: &str, q: &Quantity<'_>, r: &Record<'_>) -> bool {
    let v = r.value;
    let paired = r.change.is_some_and(|c| c.from.is_some() && c.to.is_some());
    let scalable = in_table_row(text, r.span) || dot_group(q.text()) || paired;
    let carries_base = |base: Decimal| {
        v == base || -v == base || (scalable && scaled(v.abs(), base.abs()))
    };
    carries_base(q.value()) || q.range_end().is_some_and(carries_base)
}

/// Whether `span` is on a line with a cell rule (`|`): a table row, whose
/// figures take the scale their row label or column header states
/// ("Grants (USD million) | 12.5").
fn in_table_row(text: &str, span: Span) -> bool {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..].find('\n').map_or(text.len(), |i| span.end + i);
    text[start..end].contains('|') || colon_label(&text[start..span.start])
}

/// Whether the line before a figure is a label whose bracket closes
/// before a colon ("Budget (EUR million): "), a row written as prose.
fn colon_label(before: &str) -> bool {
    before.rfind(':').is_some_and(|c| before[..c].contains(')'))
}

/// Whether `written` holds a numeral with one dot and three digits after
/// it ("214.606").
fn dot_group(written: &str) -> bool {
    let b = written.as_bytes();
    b.iter().filter(|&&c| c == b'.').count() == 1
        && b.iter().position(|&c| c == b'.').is_some_and(|d| {
            b[d + 1..].iter().take_while(|c| c.is_ascii_digit()).count() == 3
        })
}

/// Whether `value` is a whole multiple, above one, of a non-zero `base`.
fn scaled(value: Decimal, base: Decimal) -> bool {
    !base.is_zero()
        && value
            .checked_div(base)
            .is_some_and(|k| k > Decimal::ONE && k.fract().is_zero())
}
