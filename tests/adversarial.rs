//! Adversarial inputs with exact expectations (issue 6): huge lines, digit
//! floods, endless separators, repeated symbols and words, every kind of
//! space and dash, invisible and combining characters, control bytes, and
//! values beyond `Decimal`'s range. Each must give exactly the figures a
//! careful reader would take, or none, never a wrong value or a panic.

use narrative_metrics::{quantities, Extractor};

/// `(text, value, unit)` of every quantity of `text`.
fn found(text: &str) -> Vec<(String, String, String)> {
    quantities(text)
        .map(|q| {
            assert_eq!(&text[q.span().start..q.span().end], q.text());
            (q.text().to_owned(), q.value().to_string(), q.unit().to_string())
        })
        .collect()
}

fn one(text: &str, value: &str, unit: &str) -> Vec<(String, String, String)> {
    vec![(text.to_owned(), value.to_owned(), unit.to_owned())]
}

#[test]
fn a_ten_megabyte_single_line_reads_every_figure() {
    let para = "The fund reached 2,000 women and paid 640,000 euros; ";
    let n = 10_000_000 / para.len();
    let text = para.repeat(n);
    let qs: Vec<_> = quantities(&text).collect();
    assert_eq!(qs.len(), 2 * n);
    for (i, q) in qs.iter().enumerate() {
        let want = if i % 2 == 0 { "2,000" } else { "640,000 euros" };
        assert_eq!(q.text(), want, "quantity {}", i);
    }
    let extractor = Extractor::new();
    assert_eq!(extractor.extract("big", &text).len(), 2 * n);
}

#[test]
fn a_megabyte_of_digits_is_no_figure() {
    let text = "7".repeat(1 << 20);
    assert_eq!(found(&text), []);
    assert!(Extractor::new().extract("d", &text).is_empty());
}

#[test]
fn endless_separators_are_no_figure() {
    assert_eq!(found(&("1,".repeat(100_000) + "1")), []);
    assert_eq!(found(&("1.".repeat(100_000) + "1")), []);
    // Space-grouped numbers side by side stay separate figures.
    let qs = found(&"1 000 ".repeat(10));
    assert_eq!(qs.len(), 10);
    assert!(qs.iter().all(|(t, v, _)| t == "1 000" && v == "1000"));
}

#[test]
fn repeated_currency_symbols_keep_only_the_amount() {
    let text = "$".repeat(10_000) + " 5";
    assert_eq!(found(&text), one("$ 5", "5", "USD"));
    assert_eq!(found(&"€".repeat(10_000)), []);
}

#[test]
fn repeated_number_words_and_joiners_are_no_figure() {
    assert_eq!(found(&"one ".repeat(10_000)), []);
    assert_eq!(found(&"and ".repeat(10_000)), []);
    assert_eq!(found(&"hundred and ".repeat(10_000)), []);
    // A long but well-formed numeral still reads, bounded in words.
    assert_eq!(
        found("nine hundred and ninety-nine thousand nine hundred and ninety-nine people"),
        one(
            "nine hundred and ninety-nine thousand nine hundred and ninety-nine",
            "999999",
            "number"
        )
    );
}

#[test]
fn every_unicode_space_groups_thousands() {
    for space in
        ['\u{a0}', '\u{202f}', '\u{2009}', '\u{2007}', '\u{2008}', '\u{2002}']
    {
        let text = format!("1{space}250 people");
        let figure = format!("1{space}250");
        assert_eq!(
            found(&text),
            one(&figure, "1250", "number"),
            "{:?}",
            space
        );
    }
}

#[test]
fn every_dash_joins_a_range() {
    for dash in ['-', '\u{2012}', '\u{2013}', '\u{2014}'] {
        let text = format!("10{dash}20 people");
        let qs: Vec<_> = quantities(&text).collect();
        assert_eq!(qs.len(), 1, "{:?}", dash);
        assert_eq!(qs[0].value().to_string(), "10");
        assert_eq!(
            qs[0].range_end().map(|d| d.to_string()),
            Some("20".into())
        );
    }
}

#[test]
fn invisible_and_combining_characters_stop_a_figure_being_read() {
    // The writer meant one number; reading "1" or "000" would be wrong.
    assert_eq!(found("1\u{200f}000 people"), []);
    assert_eq!(found("1\u{200b}000 people"), []);
    assert_eq!(found("5\u{301}0 people"), []);
    // Marks away from the digits change nothing.
    assert_eq!(found("\u{200f}40 women\u{200e}"), one("40", "40", "number"));
}

#[test]
fn control_bytes_line_ends_and_a_bom() {
    assert_eq!(found("\0 5 women \0"), one("5", "5", "number"));
    assert_eq!(
        found("40 women\r\n30 men"),
        vec![
            ("40".into(), "40".into(), "number".into()),
            ("30".into(), "30".into(), "number".into())
        ]
    );
    let q: Vec<_> = quantities("\u{feff}40 women").collect();
    assert_eq!((q[0].span().start, q[0].span().end), (3, 5));
}

#[test]
fn values_beyond_decimal_range_give_no_record() {
    assert_eq!(found("99999999999999999999999999999999 USD"), []);
    assert_eq!(found("9999999999999999999999999999 billion"), []);
    assert_eq!(found(&format!("0.{}1", "0".repeat(40))), []);
    // The largest exact values still read.
    assert_eq!(
        found("9999999999999999999999999999 people"),
        one(
            "9999999999999999999999999999",
            "9999999999999999999999999999",
            "number"
        )
    );
}

#[test]
fn leading_zero_numerals_are_codes() {
    assert_eq!(found("Question 01, form 000 and code 007"), []);
    assert_eq!(found("0.5% of staff"), one("0.5%", "0.5", "%"));
}

#[test]
fn a_chain_of_single_digits_is_never_read_whatever_its_length() {
    // Found by the benches (helper report): the tail of a long chain used
    // to be read as two figures when the chain was cut at a fixed length.
    for n in [3, 13, 14, 5_000, 50_000] {
        let text = "1 ".repeat(n);
        assert_eq!(found(&text), [], "{} ones", n);
    }
}
