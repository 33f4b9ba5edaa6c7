//! The batch tool (`examples/extract`) run as a process: output, stderr
//! and exit status, byte for byte.
//!
//! `cargo test` builds the example along with the tests, into
//! `target/<profile>/examples/`, beside the `deps/` folder this test binary
//! runs from; that is where the tests find it.
//!
//! Each test writes its inputs into its own folder under cargo's
//! `CARGO_TARGET_TMPDIR` and runs the tool there, so the paths in messages
//! are short and exact.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The built example.
fn extract_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let mut dir = exe.parent().expect("the test binary's folder").to_owned();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let bin = dir
        .join("examples")
        .join(format!("extract{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} not found: `cargo test` builds it; after `cargo test --test \
         integration` run `cargo build --example extract` first",
        bin.display()
    );
    bin
}

/// A fresh, empty folder for one test.
fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the old test folder");
    }
    std::fs::create_dir_all(&dir).expect("create the test folder");
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create a fixture folder");
    }
    std::fs::write(path, bytes).expect("write a fixture");
}

/// What one run of the tool gave.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_stdin(dir, args, b"")
}

fn run_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(extract_bin())
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the example");
    let mut input = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        // The tool may exit before reading everything (bad arguments).
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().expect("wait for the example");
    feeder.join().expect("stdin feeder");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn summary(read: u64, written: u64, skipped: u64) -> String {
    summary_of(read, written, "record", "records", skipped)
}

/// The summary line of a `--quantities` run.
fn qsummary(read: u64, written: u64, skipped: u64) -> String {
    summary_of(read, written, "quantity", "quantities", skipped)
}

fn summary_of(
    read: u64,
    written: u64,
    one: &str,
    many: &str,
    skipped: u64,
) -> String {
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    format!(
        "extract: {} read, {} written, {} skipped\n",
        plural(read, "document", "documents"),
        plural(written, one, many),
        plural(skipped, "document", "documents")
    )
}

/// The quantity record of a plain exact number, as `--quantities` writes
/// it (fields in the library's order, `meta` last).
fn plain(doc: &str, value: &str, span: [usize; 2], meta: &str) -> String {
    let meta = if meta.is_empty() {
        String::new()
    } else {
        format!(",\"meta\":{meta}")
    };
    format!(
        "{{\"doc\":{},\"value\":\"{value}\",\"unit\":\"number\",\
         \"qualifier\":\"exact\",\"range_end\":null,\"span\":[{},{}],\
         \"text\":\"{value}\"{meta}}}",
        Value::from(doc),
        span[0],
        span[1]
    )
}

/// The byte span of `needle` in `text`, found rather than counted by hand.
fn span_of(text: &str, needle: &str) -> [usize; 2] {
    let start = text.find(needle).expect("needle in text");
    [start, start + needle.len()]
}

const MIDWIVES: &str = "We trained 40 midwives.";
const WELLS: &str = "We repaired 12 wells.";
const WORKSHOPS: &str = "We held 3 workshops.";

#[test]
fn help_prints_the_manual_and_exits_zero() {
    let dir = workdir("help");
    for flag in ["--help", "-h"] {
        let r = run(&dir, &[flag]);
        assert_eq!(r.code, 0, "{flag}");
        assert_eq!(r.stderr, "", "{flag}");
        assert!(r.stdout.starts_with("extract: quantified results"));
        for part in ["USAGE:", "--format", "--rules", "--quantities"] {
            assert!(r.stdout.contains(part), "{flag} lacks {part}");
        }
        for part in ["--threads", "-o, --output", "EXIT STATUS:", "141"] {
            assert!(r.stdout.contains(part), "{flag} lacks {part}");
        }
    }
}

#[test]
fn txt_file_gives_its_quantities_under_its_stem() {
    let dir = workdir("txt-quantities");
    write(&dir, "mali-2023.txt", MIDWIVES);
    let r = run(&dir, &["--quantities", "mali-2023.txt"]);
    let expected = plain("mali-2023", "40", span_of(MIDWIVES, "40"), "");
    assert_eq!(r.stdout, format!("{expected}\n"));
    assert_eq!(r.stderr, qsummary(1, 1, 0));
    assert_eq!(r.code, 0);
}

#[test]
fn txt_file_gives_indicator_records() {
    let dir = workdir("txt-records");
    write(&dir, "note.txt", format!("{MIDWIVES} {WORKSHOPS}"));
    let r = run(&dir, &["note.txt"]);
    assert_eq!(r.stderr, summary(1, 2, 0));
    assert_eq!(r.code, 0);
    let text = format!("{MIDWIVES} {WORKSHOPS}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    let expect = [
        ("beneficiaries", "40", "midwives", span_of(&text, "40")),
        ("events", "3", "workshops", span_of(&text, "3 workshops")),
    ];
    for (line, (kind, value, subject, span)) in lines.iter().zip(expect) {
        let v: Value = serde_json::from_str(line).expect("a JSON record");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(|k| k.as_str())
            .collect();
        let mut want = vec![
            "change",
            "doc",
            "kind",
            "lang",
            "period",
            "qualifier",
            "rule",
            "section",
            "span",
            "status",
            "subject",
            "text",
            "unit",
            "value",
        ];
        want.sort_unstable();
        assert_eq!(keys, want, "{line}");
        assert_eq!(v["doc"], "note");
        assert_eq!(v["kind"], kind);
        assert_eq!(v["value"], value);
        assert_eq!(v["unit"], "count");
        assert_eq!(v["qualifier"], "exact");
        assert_eq!(v["subject"], subject);
        assert_eq!(v["section"], Value::Null);
        assert_eq!(v["change"], Value::Null);
        assert_eq!(v["period"], Value::Null);
        assert_eq!(
            v["span"],
            serde_json::json!([span[0], span[0] + value.len()])
        );
        assert_eq!(v["text"], value);
        assert!(v["rule"].as_str().is_some_and(|r| !r.is_empty()), "{line}");
    }
}

#[test]
fn jsonl_ids_and_meta_pass_through_in_order() {
    let dir = workdir("jsonl-meta");
    let lines = [
        format!(
            r#"{{"source": "iati", "id": "n-1", "text": "{MIDWIVES}", "year": 2023, "tags": ["a", "b"], "score": 1.50}}"#
        ),
        format!(r#"{{"id": 7, "text": "{WELLS}"}}"#),
        format!(r#"{{"text": "{WELLS}", "id": null}}"#),
        format!(r#"{{"text": "{WELLS}"}}"#),
        // Escapes in id and text are decoded; spans count decoded bytes.
        format!(r#"{{"id": "q\"1", "text": "\u00c9t\u00e9: {WELLS}"}}"#),
    ];
    write(&dir, "notes.jsonl", lines.join("\n") + "\n");
    let r = run(&dir, &["--quantities", "notes.jsonl"]);
    let accented = format!("\u{c9}t\u{e9}: {WELLS}");
    let expected = [
        plain(
            "n-1",
            "40",
            span_of(MIDWIVES, "40"),
            r#"{"source":"iati","year":2023,"tags":["a","b"],"score":1.50}"#,
        ),
        plain("7", "12", span_of(WELLS, "12"), ""),
        plain("notes.jsonl:3", "12", span_of(WELLS, "12"), ""),
        plain("notes.jsonl:4", "12", span_of(WELLS, "12"), ""),
        plain("q\"1", "12", span_of(&accented, "12"), ""),
    ];
    assert_eq!(r.stdout, expected.join("\n") + "\n");
    assert_eq!(r.stderr, qsummary(5, 5, 0));
    assert_eq!(r.code, 0);
}

#[test]
fn indicator_records_carry_meta_last() {
    let dir = workdir("records-meta");
    let line =
        format!(r#"{{"id": "d", "text": "{MIDWIVES}", "country": "ML"}}"#);
    write(&dir, "d.jsonl", line + "\n");
    let r = run(&dir, &["d.jsonl"]);
    assert_eq!(r.stderr, summary(1, 1, 0));
    assert!(
        r.stdout.ends_with(",\"meta\":{\"country\":\"ML\"}}\n"),
        "{}",
        r.stdout
    );
    let v: Value = serde_json::from_str(&r.stdout).expect("one JSON record");
    assert_eq!(v["doc"], "d");
    assert_eq!(v["kind"], "beneficiaries");
}

#[test]
fn directories_are_walked_in_name_order() {
    let dir = workdir("walk");
    write(&dir, "corpus/b.txt", WELLS);
    write(&dir, "corpus/a.txt", MIDWIVES);
    write(&dir, "corpus/sub/c.txt", WORKSHOPS);
    write(&dir, "corpus/B.txt", WORKSHOPS);
    write(&dir, "corpus/.hidden.txt", WELLS);
    write(&dir, "corpus/.git/d.txt", WELLS);
    write(&dir, "corpus/notes.md", WELLS);
    write(
        &dir,
        "corpus/m.jsonl",
        format!("{{\"id\":\"m1\",\"text\":\"{WELLS}\"}}\n"),
    );
    write(&dir, "corpus/UPPER.TXT", MIDWIVES);
    let r = run(&dir, &["--quantities", "corpus"]);
    let docs: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("JSON");
            v["doc"].as_str().expect("doc").to_owned()
        })
        .collect();
    // Byte order: upper case sorts before lower case.
    assert_eq!(docs, ["B", "UPPER", "a", "b", "m1", "c"]);
    assert_eq!(
        r.stderr,
        "corpus/notes.md: ignored: not a .txt or .jsonl file\n".to_owned()
            + &qsummary(6, 6, 0)
    );
    assert_eq!(r.code, 0);
}

#[test]
fn inputs_keep_command_line_order() {
    let dir = workdir("order");
    write(&dir, "z.txt", MIDWIVES);
    write(&dir, "a.txt", WELLS);
    let r = run(&dir, &["--quantities", "z.txt", "a.txt", "z.txt"]);
    let expected = [
        plain("z", "40", span_of(MIDWIVES, "40"), ""),
        plain("a", "12", span_of(WELLS, "12"), ""),
        plain("z", "40", span_of(MIDWIVES, "40"), ""),
    ];
    assert_eq!(r.stdout, expected.join("\n") + "\n");
    assert_eq!(r.stderr, qsummary(3, 3, 0));
}

#[test]
fn standard_input_is_jsonl() {
    let dir = workdir("stdin");
    let input = format!("{{\"id\":\"s\",\"text\":\"{WELLS}\"}}\r\n\n");
    let expected = plain("s", "12", span_of(WELLS, "12"), "") + "\n";
    for args in [&["--quantities"][..], &["--quantities", "-"][..]] {
        let r = run_with_stdin(&dir, args, input.as_bytes());
        assert_eq!(r.stdout, expected, "{args:?}");
        assert_eq!(r.stderr, qsummary(1, 1, 0), "{args:?}");
        assert_eq!(r.code, 0);
    }
    // Standard input between files, in its place; a missing id names it.
    write(&dir, "a.txt", MIDWIVES);
    let input = format!("{{\"text\":\"{WELLS}\"}}\n");
    let r = run_with_stdin(
        &dir,
        &["--quantities", "a.txt", "-"],
        input.as_bytes(),
    );
    let expected = [
        plain("a", "40", span_of(MIDWIVES, "40"), ""),
        plain("<stdin>:1", "12", span_of(WELLS, "12"), ""),
    ];
    assert_eq!(r.stdout, expected.join("\n") + "\n");
}

#[test]
fn csv_has_one_header_and_quotes_what_needs_it() {
    let dir = workdir("csv");
    let text = "They dug 2,000 wells.";
    let line =
        format!(r#"{{"id": "x,y", "text": "{text}", "note": "a, \"b\""}}"#);
    write(&dir, "a.jsonl", line + "\n");
    write(&dir, "b.txt", MIDWIVES);
    let r =
        run(&dir, &["--quantities", "--format", "csv", "a.jsonl", "b.txt"]);
    let [s, e] = span_of(text, "2,000");
    let [s2, e2] = span_of(MIDWIVES, "40");
    let expected = format!(
        "doc,value,unit,qualifier,range_end,span_start,span_end,text,meta\r\n\
         \"x,y\",2000,number,exact,,{s},{e},\"2,000\",\
         \"{{\"\"note\"\":\"\"a, \\\"\"b\\\"\"\"\"}}\"\r\n\
         b,40,number,exact,,{s2},{e2},40,\r\n"
    );
    assert_eq!(r.stdout, expected);
    assert_eq!(r.stderr, qsummary(2, 2, 0));
    assert_eq!(r.code, 0);
}

#[test]
fn csv_records_flatten_change_into_columns() {
    let dir = workdir("csv-records");
    write(&dir, "n.txt", MIDWIVES);
    let r = run(&dir, &["--format=csv", "n.txt"]);
    let mut lines = r.stdout.split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "doc,section,kind,value,unit,qualifier,subject,change_direction,\
             change_from,change_to,change_from_period,change_to_period,\
             period,status,lang,span_start,span_end,text,rule,meta"
        )
    );
    let row: Vec<&str> = lines.next().expect("one row").split(',').collect();
    let [s, e] = span_of(MIDWIVES, "40");
    let (s, e) = (s.to_string(), e.to_string());
    let want = [
        "n",
        "",
        "beneficiaries",
        "40",
        "count",
        "exact",
        "midwives",
        "",
        "",
        "",
        "",
        "",
        "",
        "achieved",
        "en",
        &s,
        &e,
        "40",
    ];
    assert_eq!(row.len(), 20, "{row:?}");
    assert_eq!(row[..18], want);
    assert!(!row[18].is_empty(), "rule id");
    assert_eq!(row[19], "", "no meta");
    assert_eq!(lines.next(), Some(""));
    assert_eq!(lines.next(), None);
    assert_eq!(r.stderr, summary(1, 1, 0));
}

#[test]
fn csv_of_nothing_is_the_header_alone() {
    let dir = workdir("csv-empty");
    write(&dir, "n.txt", "No figures here.");
    let r = run(&dir, &["--format", "csv", "--quantities", "n.txt"]);
    assert_eq!(
        r.stdout,
        "doc,value,unit,qualifier,range_end,span_start,span_end,text,meta\r\n"
    );
    assert_eq!(r.stderr, qsummary(1, 0, 0));
    assert_eq!(r.code, 0);
}

#[test]
fn json_is_one_array() {
    let dir = workdir("json");
    write(&dir, "a.txt", MIDWIVES);
    write(&dir, "b.txt", "No figures here.");
    write(&dir, "c.txt", WELLS);
    let r = run(
        &dir,
        &["--format", "json", "--quantities", "a.txt", "b.txt", "c.txt"],
    );
    let expected = format!(
        "[\n{},\n{}\n]\n",
        plain("a", "40", span_of(MIDWIVES, "40"), ""),
        plain("c", "12", span_of(WELLS, "12"), "")
    );
    assert_eq!(r.stdout, expected);
    assert_eq!(r.stderr, qsummary(3, 2, 0));
    let r = run(&dir, &["--format", "json", "--quantities", "b.txt"]);
    assert_eq!(r.stdout, "[]\n");
    assert_eq!(r.code, 0);
}

#[test]
fn output_file_takes_the_records() {
    let dir = workdir("output");
    write(&dir, "a.txt", MIDWIVES);
    for flag in ["-o", "--output"] {
        let r = run(&dir, &["--quantities", flag, "out.jsonl", "a.txt"]);
        assert_eq!(r.stdout, "");
        assert_eq!(r.stderr, qsummary(1, 1, 0));
        assert_eq!(r.code, 0);
        let written =
            std::fs::read_to_string(dir.join("out.jsonl")).expect("output");
        assert_eq!(
            written,
            plain("a", "40", span_of(MIDWIVES, "40"), "") + "\n"
        );
        std::fs::remove_file(dir.join("out.jsonl")).expect("remove output");
    }
    let r = run(&dir, &["-o", "no/such/dir/out.jsonl", "a.txt"]);
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr,
        "extract: cannot write no/such/dir/out.jsonl: No such file or \
         directory (os error 2)\n"
    );
}

/// A corpus of several batches (the reader cuts one every 4096 documents
/// or 256 KiB), each document with two figures of its own. The figures have
/// thousands separators and five or six digits, so none reads as a year.
fn corpus(docs: usize) -> String {
    let commas = |n: usize| format!("{},{:03}", n / 1000, n % 1000);
    let mut s = String::new();
    for i in 0..docs {
        s.push_str(&format!(
            "{{\"id\":{i},\"text\":\"We trained {} midwives and repaired \
             {} wells.\"}}\n",
            commas(10_000 + i),
            commas(100_000 + 3 * i)
        ));
    }
    s
}

#[test]
fn threads_do_not_change_the_output() {
    let dir = workdir("threads");
    write(&dir, "big.jsonl", corpus(10_000));
    let mut outputs = Vec::new();
    for threads in ["1", "2", "5"] {
        for format in ["jsonl", "csv", "json"] {
            let args =
                ["--quantities", "--threads", threads, "--format", format];
            let r = run(&dir, &[&args[..], &["big.jsonl"]].concat());
            assert_eq!(r.stderr, qsummary(10_000, 20_000, 0));
            assert_eq!(r.code, 0);
            outputs.push((threads, format, r.stdout));
        }
    }
    for (threads, format, out) in &outputs[3..] {
        let (_, _, first) = outputs
            .iter()
            .find(|(_, f, _)| f == format)
            .expect("the one-thread run");
        assert!(out == first, "--threads {threads} --format {format} differs");
    }
    // And the order is the input order.
    let jsonl = &outputs[0].2;
    let values: Vec<u64> = jsonl
        .lines()
        .step_by(2)
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("JSON");
            v["doc"].as_str().expect("doc").parse().expect("numeric id")
        })
        .collect();
    assert_eq!(values, (0..10_000).collect::<Vec<u64>>());
}

#[test]
fn bad_input_is_reported_and_skipped() {
    let dir = workdir("bad");
    let lines: Vec<Vec<u8>> = vec![
        format!("{{\"id\":\"ok1\",\"text\":\"{MIDWIVES}\"}}").into_bytes(),
        b"{\"id\":\"broken\",\"text\":".to_vec(),
        b"{\"id\":\"no-text\"}".to_vec(),
        b"{\"id\":\"number\",\"text\":5}".to_vec(),
        b"{\"id\":\"list\",\"text\":[\"a\"]}".to_vec(),
        b"{\"id\":\"latin1\",\"text\":\"caf\xe9\"}".to_vec(),
        b"[1, 2]".to_vec(),
        b"{\"id\":true,\"text\":\"x\"}".to_vec(),
        b"{\"id\":\"twice\",\"text\":\"a\",\"text\":\"b\"}".to_vec(),
        format!("{{\"id\":\"ok2\",\"text\":\"{WELLS}\"}}").into_bytes(),
    ];
    write(&dir, "mixed.jsonl", lines.join(&b'\n'));
    write(&dir, "empty.txt", "");
    write(&dir, "empty.jsonl", "\n  \n");
    write(&dir, "latin1.txt", b"R\xe9sum\xe9: 4 wells");
    write(&dir, "good.txt", WORKSHOPS);
    write(&dir, "table.csv", "a,b\n");
    let args = [
        "--quantities",
        "mixed.jsonl",
        "missing.txt",
        "empty.txt",
        "empty.jsonl",
        "latin1.txt",
        "table.csv",
        "good.txt",
    ];
    let r = run(&dir, &args);
    let expected = [
        plain("ok1", "40", span_of(MIDWIVES, "40"), ""),
        plain("ok2", "12", span_of(WELLS, "12"), ""),
        plain("good", "3", span_of(WORKSHOPS, "3"), ""),
    ];
    assert_eq!(r.stdout, expected.join("\n") + "\n");
    let messages = [
        "mixed.jsonl:2:22: invalid JSON: EOF while parsing a value",
        "mixed.jsonl:3: missing field \"text\"",
        "mixed.jsonl:4: field \"text\" must be a string, found a number",
        "mixed.jsonl:5: field \"text\" must be a string, found an array",
        "mixed.jsonl:6:27: invalid UTF-8",
        "mixed.jsonl:7:1: invalid JSON: invalid type: sequence, expected a \
         JSON object",
        "mixed.jsonl:8: field \"id\" must be a string or a number, found a \
         boolean",
        "mixed.jsonl:9:36: invalid JSON: duplicate field \"text\"",
        "missing.txt: cannot read: No such file or directory (os error 2)",
        "empty.txt: empty file",
        "empty.jsonl: empty file",
        "latin1.txt: invalid UTF-8 at byte 1",
        "table.csv: cannot tell the format: expected a .txt or .jsonl file",
    ];
    assert_eq!(
        r.stderr,
        messages.join("\n") + "\n" + &qsummary(3, 3, messages.len() as u64)
    );
    assert_eq!(r.code, 1);
}

#[test]
fn an_empty_standard_input_is_reported() {
    let dir = workdir("empty-stdin");
    let r = run_with_stdin(&dir, &[], b"");
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "<stdin>: empty input\n".to_owned() + &summary(0, 0, 1)
    );
    assert_eq!(r.code, 1);
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_text() {
    let dir = workdir("bom");
    write(&dir, "a.txt", format!("\u{feff}{MIDWIVES}"));
    write(
        &dir,
        "b.jsonl",
        format!("\u{feff}{{\"id\":\"b\",\"text\":\"{WELLS}\"}}\n"),
    );
    let r = run(&dir, &["--quantities", "a.txt", "b.jsonl"]);
    let expected = [
        plain("a", "40", span_of(MIDWIVES, "40"), ""),
        plain("b", "12", span_of(WELLS, "12"), ""),
    ];
    assert_eq!(r.stdout, expected.join("\n") + "\n");
    assert_eq!(r.code, 0);
}

#[test]
fn bad_arguments_exit_two() {
    let dir = workdir("args");
    let hint = "\nTry 'extract --help' for more information.\n";
    let cases: [(&[&str], &str); 6] = [
        (&["--bogus"], "extract: unknown option '--bogus'"),
        (&["-x", "a.txt"], "extract: unknown option '-x'"),
        (
            &["--format", "xml"],
            "extract: unknown format 'xml' (expected jsonl, csv or json)",
        ),
        (&["--format"], "extract: option '--format' needs a value"),
        (
            &["--threads", "0"],
            "extract: option '--threads' needs a positive integer, found '0'",
        ),
        (&["--quantities=yes"], "extract: unknown option '--quantities=yes'"),
    ];
    for (args, message) in cases {
        let r = run(&dir, args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stdout, "", "{args:?}");
        assert_eq!(r.stderr, format!("{message}{hint}"), "{args:?}");
    }
}

#[test]
fn a_missing_rules_file_exits_two() {
    let dir = workdir("rules");
    write(&dir, "a.txt", MIDWIVES);
    let r = run(&dir, &["--rules", "no-such-rules.toml", "a.txt"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    // The message is the library's RuleError; it names the file.
    assert!(r.stderr.contains("no-such-rules.toml"), "{}", r.stderr);
    assert!(!r.stderr.contains("documents read"), "{}", r.stderr);
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = workdir("pipe");
    write(&dir, "big.jsonl", corpus(20_000));
    let mut child = Command::new(extract_bin())
        .args(["--quantities", "big.jsonl"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the example");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait for the example");
    assert_eq!(out.status.code(), Some(141));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn documents_over_the_size_limit_are_skipped() {
    let dir = workdir("huge");
    let huge = "x".repeat(64 << 20);
    let jsonl = format!(
        "{{\"id\":\"a\",\"text\":\"{MIDWIVES}\"}}\n\
         {{\"id\":\"huge\",\"text\":\"{huge}\"}}\n\
         {{\"id\":\"b\",\"text\":\"{WELLS}\"}}\n"
    );
    write(&dir, "big.jsonl", jsonl);
    write(&dir, "huge.txt", format!("{huge}x"));
    // Exactly at the limit: taken.
    let limit = format!("{} {WELLS}", &huge[..(64 << 20) - WELLS.len() - 1]);
    assert_eq!(limit.len(), 64 << 20);
    write(&dir, "limit.txt", &limit);
    let r = run(&dir, &["--quantities", "big.jsonl", "huge.txt", "limit.txt"]);
    let expected = [
        plain("a", "40", span_of(MIDWIVES, "40"), ""),
        plain("b", "12", span_of(WELLS, "12"), ""),
        plain("limit", "12", span_of(&limit, "12"), ""),
    ];
    assert_eq!(r.stdout, expected.join("\n") + "\n");
    assert_eq!(
        r.stderr,
        "big.jsonl:2: line longer than 64 MiB\n\
         huge.txt: document larger than 64 MiB\n"
            .to_owned()
            + &qsummary(3, 3, 2)
    );
    assert_eq!(r.code, 1);
    std::fs::remove_dir_all(&dir).expect("remove the big fixtures");
}

/// A file listed by the directory walk but gone when opened (a dangling
/// link stands for a file deleted mid-run: the walk lists it, the open
/// fails) and an entry that is not a readable file are each reported, and
/// every other document is still processed (issue 6).
#[cfg(unix)]
#[test]
fn files_that_vanish_or_cannot_be_read_are_skipped_with_a_message() {
    let dir = workdir("vanish");
    write(&dir, "corpus/a.txt", MIDWIVES);
    write(&dir, "corpus/c.txt", WELLS);
    std::os::unix::fs::symlink(
        "deleted-meanwhile.txt",
        dir.join("corpus/b.txt"),
    )
    .expect("make a dangling link");
    std::fs::create_dir_all(dir.join("corpus/d.txt"))
        .expect("a folder named like a file");
    let r = run(&dir, &["--quantities", "corpus"]);
    let expected = [
        plain("a", "40", span_of(MIDWIVES, "40"), ""),
        plain("c", "12", span_of(WELLS, "12"), ""),
    ];
    assert_eq!(r.stdout, expected.join("\n") + "\n");
    assert!(
        r.stderr.starts_with(
            "corpus/b.txt: cannot read: No such file or directory"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.ends_with(&qsummary(2, 2, 1)), "{}", r.stderr);
    assert_eq!(r.code, 1);
}

/// A full output device is a clear error with its own exit status, not a
/// panic and not a silent loss (issue 6).
#[cfg(target_os = "linux")]
#[test]
fn a_full_output_device_is_an_error() {
    let dir = workdir("full");
    write(&dir, "big.jsonl", corpus(2_000));
    let r = run(&dir, &["--quantities", "-o", "/dev/full", "big.jsonl"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("/dev/full"), "{}", r.stderr);
    assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
}
