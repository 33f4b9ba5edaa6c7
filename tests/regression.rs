//! Regression tests: one test per bug or trap, each citing the issue or the
//! note that found it (regex/tests/regression.rs).
//!
//! A test here pins one behaviour that once went wrong, or that a reading
//! of the seed documents showed to be easy to get wrong. The sentences are
//! our own; the note says which seed pattern they stand for. Broader
//! coverage belongs in the `tests/data/` corpora, not here.

use narrative_metrics::{quantities, Extractor};

/// Every quantity of `text` as `(text, value, unit, qualifier)`.
fn found(text: &str) -> Vec<(String, String, String, String)> {
    quantities(text)
        .map(|q| {
            (
                q.text().to_owned(),
                q.value().normalize().to_string(),
                q.unit().as_str().to_owned(),
                q.qualifier().as_str().to_owned(),
            )
        })
        .collect()
}

fn q(
    text: &str,
    value: &str,
    unit: &str,
    qualifier: &str,
) -> (String, String, String, String) {
    (text.to_owned(), value.to_owned(), unit.to_owned(), qualifier.to_owned())
}

// Seed trap (Mali outcome narrative, funding paragraph): a dollar amount
// restated in another currency in parentheses is two figures, not a
// restatement of one, and "millions" with an s still scales.
#[test]
fn money_restated_in_other_currency_is_two_figures() {
    assert_eq!(
        found("The pledge came to $3 million (30 millions SEK) this year."),
        vec![
            q("$3 million", "3000000", "USD", "exact"),
            q("30 millions SEK", "30000000", "SEK", "exact"),
        ],
    );
}

// Seed trap (Mali outcome narrative, "funds decreased from … USD in … to
// …"): dots that group thousands must not be read as decimal points, and
// the years beside each amount are not figures.
#[test]
fn european_dotted_thousands_beside_years() {
    assert_eq!(
        found(
            "Core funds went from 7.305.112 USD in 2021 to 6.480.004 in 2022."
        ),
        vec![
            q("7.305.112 USD", "7305112", "USD", "exact"),
            q("6.480.004", "6480004", "number", "exact"),
        ],
    );
}

// Seed trap (Mali outcome narrative): a duration written with a hyphen
// ("26-month partnership") sits next to the money amount of the same
// phrase; only the money is a figure.
#[test]
fn hyphenated_duration_next_to_money() {
    assert_eq!(
        found("A 14-month grant, worth 310,500 euros, was signed."),
        vec![q("310,500 euros", "310500", "EUR", "exact")],
    );
}

// Seed trap (Mali outcome narratives): a word numeral restated in digits
// is one figure whose text covers both.
#[test]
fn word_numeral_restated_in_digits_is_one_figure() {
    assert_eq!(
        found("We trained thirty-seven (37) midwives."),
        vec![q("thirty-seven (37)", "37", "number", "exact")],
    );
}

// Seed trap (Mali outcome narrative on women-owned businesses): an amount
// grouped with a plain space before a decimal part, then a currency code.
#[test]
fn space_grouped_amount_with_decimals() {
    assert_eq!(
        found("Contracts worth 512 300.75 USD were awarded."),
        vec![q("512 300.75 USD", "512300.75", "USD", "exact")],
    );
}

// Seed trap (China outcome narrative): stacked qualifiers before a scaled
// decimal, and a glued scale word.
#[test]
fn stacked_qualifiers_and_glued_scale() {
    assert_eq!(
        found("The posts drew an estimated around 2.4 billion views and 7.1million likes."),
        vec![
            q("an estimated around 2.4 billion", "2400000000", "number", "approx"),
            q("7.1million", "7100000", "number", "exact"),
        ],
    );
}

// Seed trap (several narratives): codes, resolutions, conference names
// and pandemic names carry digits and count nothing.
#[test]
fn codes_and_named_things_are_not_figures() {
    let text = "Under outcome XM-DAC-41146-KEN_O_3 and Resolution 2250, we \
                briefed partners on CSW69, IWD2025, Beijing+30 and post-COVID-19 \
                recovery; the P3 post and SP_D_2.4 stay open.";
    assert_eq!(found(text), vec![]);
    assert_eq!(Extractor::new().extract("regression", text), vec![]);
}

// Seed trap (China outcome narrative): a signed percentage in parentheses
// keeps its sign as written, and the parentheses stay outside its text.
#[test]
fn signed_percent_in_parentheses() {
    assert_eq!(
        found("Followers grew to over 41,000 (+6%) by December."),
        vec![
            q("over 41,000", "41000", "number", "more_than"),
            q("+6%", "6", "%", "exact"),
        ],
    );
}

// Found by the quantities corpus (scale.jsonl, scale_dollar_glued_m_integer)
// at main 0b5743a: a sentence-initial article "A" before a spaced "$" was
// read as the Australian dollar symbol "A$", pulling the article into the
// figure's text.
#[test]
fn article_before_dollar_sign_is_not_australian_dollars() {
    assert_eq!(
        found("A $4m loan and a $2m grant were approved."),
        vec![
            q("$4m", "4000000", "USD", "exact"),
            q("$2m", "2000000", "USD", "exact"),
        ],
    );
}

// Issue 5 (speed): where figures are far apart, the exclusion hint is
// searched only around them. Header lines and page navigation must still
// be excluded there, and the same sentences must give the same records
// whatever text stands between them.
#[test]
fn exclusions_hold_between_long_stretches_without_figures() {
    let filler =
        "The team met partners to discuss the plan and the next steps \
                  with local authorities and community leaders. "
            .repeat(40);
    let parts = [
        "Population: 1,234,567",
        "Showing 1 - 5 of 9 results",
        "The programme trained 240 midwives in three districts.",
        "Index: 0.41",
        "A further 1,200 women received cash grants.",
    ];
    let extractor = Extractor::new();
    let values = |text: &str| -> Vec<String> {
        extractor
            .extract("d", text)
            .iter()
            .map(|r| format!("{} {}", r.value, r.kind))
            .collect()
    };
    // Far more text than the 400-byte windows of the figures cover.
    let sparse = parts.join(&format!("\n{}\n", filler));
    assert!(sparse.len() > 10 * 2 * 400);
    assert_eq!(
        values(&sparse),
        ["240 beneficiaries", "3 count", "1200 beneficiaries"]
    );
    assert_eq!(values(&sparse), values(&parts.join("\n")));
}
