//! Public API guarantees.

use narrative_metrics::{
    Decimal, Extractor, OwnedRecord, Period, Quantity, Record, RuleError,
    RuleSet, Scratch, Status,
};

fn assert_traits<
    T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe,
>() {
}

#[test]
fn public_types_are_thread_safe_and_unwind_safe() {
    assert_traits::<Extractor>();
    assert_traits::<RuleSet>();
    assert_traits::<Scratch>();
    assert_traits::<Record<'static>>();
    assert_traits::<OwnedRecord>();
    assert_traits::<Quantity<'static>>();
    assert_traits::<RuleError>();
}

/// A function that owns its extractor returns the records: they borrow
/// only the text (issue 17, part 4: this was E0515).
fn records_of(text: &str) -> Vec<Record<'_>> {
    let extractor = Extractor::new();
    extractor.extract("note", text)
}

#[test]
fn records_outlive_the_extractor_that_made_them() {
    let text = "We trained 40 midwives and 12 nurses in 2023.";
    let records = records_of(text);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].subject, Some("midwives"));
    assert_eq!(records[1].period, Some(Period::year(2023)));
    assert_eq!(records[1].status, Status::Achieved);
    assert_eq!(records[1].lang, "en");
}

#[test]
fn values_sum_with_the_re_exported_decimal() {
    let records = records_of("It reached 1,200 women and 800.5 tonnes.");
    let total: Decimal = records.iter().map(|r| r.value).sum();
    assert_eq!(total, "2000.5".parse::<Decimal>().expect("a decimal"));
}

#[test]
fn owned_records_are_sent_stored_and_read_back() {
    let text = String::from(
        "Funding fell from 7.318.450 USD in 2022 to 5.489.002 in 2023.",
    );
    let owned: Vec<OwnedRecord> =
        records_of(&text).into_iter().map(Record::into_owned).collect();
    drop(text);
    let handle = std::thread::spawn(move || {
        owned
            .iter()
            .map(|r| serde_json::to_string(r).expect("serializes"))
            .collect::<Vec<_>>()
    });
    let lines = handle.join().expect("the thread ends");
    let back: Vec<OwnedRecord> = lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("reads back"))
        .collect();
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].status, Status::Baseline);
    let change = back[1].change.expect("a stated change");
    assert_eq!(change.from, Some(Decimal::from(7_318_450)));
    assert_eq!(change.to_period, Some(Period::year(2023)));
    let again: Vec<String> = back
        .iter()
        .map(|r| serde_json::to_string(r).expect("serializes"))
        .collect();
    assert_eq!(again, lines);
}
