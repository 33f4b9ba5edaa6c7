//! Rules are data: kinds, nouns, exclusions, words and currencies added or
//! overridden by rule files loaded at run time, with no Rust change.

use std::path::{Path, PathBuf};

use narrative_metrics::{Document, Extractor, Record, RuleSet};

fn data(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rules").join(file)
}

fn extractor(rules: RuleSet) -> Extractor {
    Extractor::builder().rules(rules).build()
}

fn kinds<'a>(records: &'a [Record<'a>]) -> Vec<(&'a str, String, &'a str)> {
    records.iter().map(|r| (r.text, r.value.to_string(), r.kind)).collect()
}

#[test]
fn an_extra_file_adds_a_kind_a_noun_a_stop_word_and_an_exclusion() {
    let text = "Cohort 3 drilled 12 boreholes for 40 herders.";
    let english = Extractor::new();
    let before = english.extract("d", text);
    assert!(before.iter().any(|r| r.text == "12" && r.kind == "count"));
    assert!(before.iter().any(|r| r.text == "40" && r.kind == "count"));

    let rules = RuleSet::load(data("water.toml")).expect("water.toml loads");
    assert!(rules.kinds().any(|k| k == "water"));
    let e = extractor(rules);
    let after = e.extract("d", text);
    assert_eq!(
        kinds(&after),
        [
            ("12", "12".to_owned(), "water"),
            ("40", "40".to_owned(), "beneficiaries"),
        ],
        "{:#?}",
        after
    );
    assert_eq!(after[0].subject, Some("boreholes"));
    assert_eq!(after[0].rule, "water.noun");
}

#[test]
fn an_extra_lexicon_file_adds_a_currency() {
    let text = "The fund paid 25,000 dalasis to the cooperative.";
    let ex_english = Extractor::new();
    let english = ex_english.extract("d", text);
    assert!(english.iter().all(|r| r.kind != "funding"), "{:#?}", english);
    let rules = RuleSet::load(data("lexicon-dalasi.toml")).expect("loads");
    let ex_records = extractor(rules);
    let records = ex_records.extract("d", text);
    assert_eq!(records.len(), 1, "{:#?}", records);
    assert_eq!(records[0].kind, "funding");
    assert_eq!(records[0].unit.as_str(), "GMD");
    assert_eq!(records[0].text, "25,000 dalasis");
}

#[test]
fn a_file_overrides_entries_of_the_same_id() {
    let text = "The site got 310 views and 20 pings, funded by $5,000.";
    let ex_english = Extractor::new();
    let english = ex_english.extract("d", text);
    assert_eq!(
        english.iter().map(|r| r.kind).collect::<Vec<_>>(),
        ["reach", "count", "funding"]
    );
    let rules = RuleSet::load(data("override.toml")).expect("loads");
    let ex_records = extractor(rules);
    let records = ex_records.extract("d", text);
    assert_eq!(
        records.iter().map(|r| r.kind).collect::<Vec<_>>(),
        ["count", "reach", "grants_money"]
    );
}

#[test]
fn builder_layers_stack_in_order() {
    let water = std::fs::read_to_string(data("water.toml")).expect("read");
    let rules = RuleSet::builder()
        .english()
        .add_toml("water.toml", &water)
        .load(data("lexicon-dalasi.toml"))
        .build()
        .expect("builds");
    let ex_records = extractor(rules);
    let records = ex_records.extract("d", "We dug 4 wells for 900 dalasis.");
    assert_eq!(
        records.iter().map(|r| r.kind).collect::<Vec<_>>(),
        ["water", "funding"]
    );
}

#[test]
fn the_rules_folder_loads_as_the_embedded_set() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/en");
    let loaded = RuleSet::load(&folder).expect("rules/en loads");
    let english = RuleSet::english();
    assert_eq!(
        loaded.kinds().collect::<Vec<_>>(),
        english.kinds().collect::<Vec<_>>()
    );
    let text = "In 2023, funds fell from 7.318.450 USD in 2022 to 5.489.002 \
                in 2023 (-25% decrease) while we trained 40 midwives.";
    let ex_a = extractor(loaded);
    let a = ex_a.extract("d", text);
    let ex_b = extractor(english);
    let b = ex_b.extract("d", text);
    assert_eq!(a, b);
    assert_eq!(a.len(), 4, "{:#?}", a);
}

#[test]
fn default_kinds_are_all_there() {
    let english = RuleSet::english();
    for k in [
        "beneficiaries",
        "organizations",
        "funding",
        "percentage",
        "percent_change",
        "reports",
        "reach",
        "events",
        "agreements",
        "count",
    ] {
        assert!(english.kinds().any(|x| x == k), "missing kind {}", k);
    }
}

#[test]
fn the_skeleton_examples_hold() {
    let e = Extractor::new();
    let r = e.extract(
        "d",
        "The project reached 2,000 direct beneficiaries in 2023.",
    );
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, "beneficiaries");
    assert_eq!(r[0].subject, Some("direct beneficiaries"));
    assert_eq!(r[0].period.map(|p| p.to_string()).as_deref(), Some("2023"));
    assert_eq!(e.extract("d", "We held 3 workshops.")[0].kind, "events");
    let r = e.extract("d", "We trained 40 midwives.");
    assert_eq!(r[0].subject, Some("midwives"));
}

#[test]
fn changes_link_figures_and_inherit_the_currency() {
    let text = "Income fell from 7.318.450 USD in 2022 to 5.489.002 in \
                2023 (-25% decrease).";
    let ex_r = Extractor::new();
    let r = ex_r.extract("d", text);
    assert_eq!(r.len(), 3, "{:#?}", r);
    let json = serde_json::to_value(&r[1]).expect("json");
    assert_eq!(json["unit"], "USD");
    assert_eq!(json["kind"], "funding");
    assert_eq!(
        json["change"],
        serde_json::json!({
            "direction": "decrease",
            "from": "7318450",
            "to": "5489002",
            "from_period": "2022",
            "to_period": "2023"
        })
    );
    assert_eq!(r[2].kind, "percent_change");
    assert_eq!(r[2].value.to_string(), "-25");
}

#[test]
fn not_results_are_never_records() {
    let text = "i-icon Human Development Index:0.482 HDI ranks countries.\n\
                i-icon Population:31,208,112 Male:15,400,977 (49.3%)\n\
                Showing 1 - 5 of 9\n\
                We joined the 16 Days of Activism and the BBC 100 Women list.";
    let ex_r = Extractor::new();
    let r = ex_r.extract("d", text);
    assert!(r.is_empty(), "{:#?}", r);
}

#[test]
fn records_serialize_every_spec_field() {
    let text = "outcome XM-DAC-41146-MLI_O_2\nIn 2023 we held 3 workshops.";
    let ex_r = Extractor::new();
    let r = ex_r.extract("mali-2023", text);
    let json = serde_json::to_value(&r[0]).expect("json");
    for field in [
        "doc",
        "section",
        "kind",
        "value",
        "unit",
        "qualifier",
        "subject",
        "change",
        "period",
        "span",
        "text",
        "rule",
    ] {
        assert!(json.get(field).is_some(), "missing {}", field);
    }
    assert_eq!(json["section"], "XM-DAC-41146-MLI_O_2");
    assert_eq!(json["period"], "2023");
    assert_eq!(json["unit"], "count");
}

/// The English rule files write word boundaries as `(?-u:\b)`: with a
/// Unicode `\b`, the regex engine leaves its DFA for an NFA on every
/// window holding a non-ASCII character, and full extraction of a table
/// ruled with box-drawing characters ran three times slower (DESIGN.md
/// section 6).
#[test]
fn english_patterns_use_ascii_word_boundaries() {
    let mut stack =
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/en")];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("rules/en").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a rule file");
            for (n, line) in text.lines().enumerate() {
                if line.trim_start().starts_with('#') {
                    continue;
                }
                for (i, _) in
                    line.match_indices(r"\b").chain(line.match_indices(r"\B"))
                {
                    checked += 1;
                    assert!(
                        line[..i].ends_with("(?-u:"),
                        "{}:{}: a Unicode word boundary; write (?-u:\\b)",
                        path.display(),
                        n + 1,
                    );
                }
            }
        }
    }
    assert!(checked > 0, "no pattern with a word boundary was checked");
}

#[test]
fn a_lexicon_file_changes_the_separator_policy() {
    // Issue 17 part 2: the decimal mark and the reading of a lone dot
    // group are rule data, not code.
    let text = "Rates of 3,4 and 12,5 among 1.250 women.";
    let values = |ex: &Extractor| -> Vec<String> {
        ex.quantities(text).map(|q| q.value().to_string()).collect()
    };
    // English reads "3,4" as no number at all (a list or a typo).
    assert_eq!(values(&Extractor::new()), ["1.25"]);
    let rules = RuleSet::load(data("lexicon-separators.toml")).expect("loads");
    assert_eq!(values(&extractor(rules)), ["3.4", "12.5", "1250"]);
}

#[test]
fn the_french_rule_set_reads_french_separators_and_words() {
    let ex = extractor(RuleSet::french());
    let records = ex.extract("d", "Il a reçu 1.250.000 euros, soit 12,5 %.");
    let got: Vec<_> = records
        .iter()
        .map(|r| (r.value.to_string(), r.unit.to_string(), r.lang))
        .collect();
    assert_eq!(
        got,
        [
            ("1250000".to_owned(), "EUR".to_owned(), "fr"),
            ("12.5".to_owned(), "%".to_owned(), "fr"),
        ]
    );
}

#[test]
fn a_mixed_corpus_is_read_by_the_language_of_each_document() {
    let ex = Extractor::builder()
        .languages([RuleSet::english(), RuleSet::french()])
        .build();
    // A ratio, not a count: a count of nurses would be whole in both.
    let english = "The cost ratio stood at 1.250 in 2023.";
    let french = "Le ratio de coût était de 1.250 en 2023.";
    let en = ex.extract("en", english);
    let fr = ex.extract("fr", french);
    assert_eq!((en[0].lang, en[0].value.to_string()), ("en", "1.25".into()));
    assert_eq!((fr[0].lang, fr[0].value.to_string()), ("fr", "1250".into()));
    // A stated language wins over detection.
    let doc = Document::new("x", english).with_lang(Some("fr"));
    assert_eq!(ex.extract_document(&doc)[0].lang, "fr");
}
