//! Golden tests of rule-loading errors: every `tests/data/bad-rules/*.toml`
//! sits beside a `*.err` holding the exact `Display` of its error.
//!
//! Each bad file is compiled alone (a complete rule set of one file), so
//! that its messages do not depend on the embedded English rules. Run with
//! `NM_BLESS=1` to rewrite the `.err` files after a deliberate change of
//! wording, then review the diff.

use std::path::{Path, PathBuf};

use narrative_metrics::RuleSet;

fn bad_rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad-rules")
}

fn bad_rule_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(bad_rules_dir())
        .expect("tests/data/bad-rules is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// The name a bad file is compiled under: its path from the crate root,
/// with `/` separators on every platform.
fn name_of(path: &Path) -> String {
    let rel = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/").trim_start_matches('/').into()
}

#[test]
fn bad_rule_files_give_the_golden_messages() {
    let files = bad_rule_files();
    assert!(!files.is_empty(), "no tests/data/bad-rules/*.toml found");
    let bless = std::env::var_os("NM_BLESS").is_some();
    let mut failures = Vec::new();
    for path in &files {
        let name = name_of(path);
        let text = std::fs::read_to_string(path).expect("bad rule file");
        let got = match RuleSet::builder().add_toml(&name, &text).build() {
            Ok(_) => {
                failures.push(format!("{}: compiled without error", name));
                continue;
            }
            Err(e) => e.to_string(),
        };
        let golden = path.with_extension("err");
        if bless {
            std::fs::write(&golden, format!("{}\n", got)).expect("write .err");
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(want) if want.trim_end_matches('\n') == got => {}
            Ok(want) => failures.push(format!(
                "{}: expected\n{}\n--- got\n{}",
                name,
                want.trim_end_matches('\n'),
                got
            )),
            Err(_) => failures.push(format!(
                "{}: no {} beside it; got\n{}",
                name,
                golden.display(),
                got
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden error tests failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_golden_file_has_its_rule_file() {
    let dir = bad_rules_dir();
    for e in std::fs::read_dir(&dir).expect("readable") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "err") {
            assert!(
                p.with_extension("toml").exists(),
                "{} has no .toml beside it",
                p.display()
            );
        }
    }
}

#[test]
fn every_problem_of_a_load_is_reported_with_a_position() {
    let path = bad_rules_dir().join("many-problems.toml");
    let err = RuleSet::builder().load(&path).build().unwrap_err();
    assert!(err.diagnostics().len() >= 6, "{}", err);
    for d in err.diagnostics() {
        let p = d.position().expect("every problem has a position");
        assert!(p.line >= 1 && p.column >= 1);
        assert!(d.source_name().ends_with("many-problems.toml"));
    }
    let lines: Vec<_> =
        err.diagnostics().iter().map(|d| d.position().unwrap().line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted, "diagnostics are in source order");
}

#[test]
fn a_duplicate_points_at_the_first_definition() {
    let text = "[[kind]]\nid = \"w\"\n\n[[kind]]\nid = \"w\"\n";
    let err = RuleSet::builder().add_toml("d.toml", text).build().unwrap_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.position().unwrap().line, 5);
    let (name, first, note) = d.related().expect("the first definition");
    assert_eq!((name, first.line, note), ("d.toml", 2, "first defined here"));
}

#[test]
fn a_noun_conflicting_with_the_embedded_set_names_both_files() {
    let text = "[[kind]]\nid = \"water\"\nnouns = [\"wells\", \"women\"]\n";
    let err = RuleSet::from_toml("water.toml", text).unwrap_err();
    assert_eq!(err.diagnostics().len(), 1, "{}", err);
    let d = &err.diagnostics()[0];
    assert_eq!(d.source_name(), "water.toml");
    assert!(d.message().contains("\"women\""), "{}", d.message());
    let (name, _, _) = d.related().expect("the embedded listing");
    assert_eq!(name, "rules/en/kinds.toml");
}

#[test]
fn a_bad_regex_keeps_the_regex_error_as_source() {
    use std::error::Error;
    let text = "[[exclusion]]\nid = \"x\"\npattern = '(a'\n";
    let err = RuleSet::from_toml("x.toml", text).unwrap_err();
    let source = err.source().expect("a source");
    assert!(source.downcast_ref::<regex::Error>().is_some());
}

#[test]
fn an_unreadable_path_is_an_error_naming_it() {
    use std::error::Error;
    let err = RuleSet::load("tests/data/no-such-rules.toml").unwrap_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.source_name(), "tests/data/no-such-rules.toml");
    assert!(d.message().starts_with("cannot read"), "{}", d.message());
    assert!(err.source().is_some());
}

#[test]
fn same_id_in_a_later_layer_replaces_instead_of_failing() {
    let a = "[[kind]]\nid = \"w\"\nnouns = [\"wells\"]\n";
    let b = "[[kind]]\nid = \"w\"\nnouns = [\"pumps\"]\n";
    let rules = RuleSet::builder()
        .add_toml("a.toml", a)
        .add_toml("b.toml", b)
        .build()
        .expect("a later layer overrides");
    assert_eq!(rules.kinds().collect::<Vec<_>>(), ["w"]);
}

#[test]
fn a_huge_rule_file_is_refused_before_it_is_read() {
    let dir =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("huge-rules");
    std::fs::create_dir_all(&dir).expect("create the test folder");
    let path = dir.join("huge.toml");
    let line = "# a comment line to make the file large\n";
    std::fs::write(&path, line.repeat((17 << 20) / line.len()))
        .expect("write");
    let err = RuleSet::load(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: rule file too large: expected at most 16777216 bytes, found {}",
            path.display(),
            std::fs::metadata(&path).expect("size").len()
        )
    );
    std::fs::remove_file(&path).expect("clean up");
}
