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

// Issue 19: the tool never harms what it reads or wrote, and memory stays
// bounded. One test (or more) per item of the issue, named for it.

/// Runs the tool like [`run`], but fails the test (and kills the tool)
/// when it has not ended within `secs` seconds: the bugs these tests pin
/// made the tool block forever.
fn run_within(dir: &Path, args: &[&str], secs: u64) -> Run {
    let mut child = Command::new(extract_bin())
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the example");
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).expect("UTF-8 stdout");
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).expect("UTF-8 stderr");
        s
    });
    let deadline =
        std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the example") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the tool did not end within {secs} s: {args:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run {
        code: status.code().expect("exited, not killed"),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list a test folder")
        .map(|e| {
            e.expect("a folder entry").file_name().to_string_lossy().into()
        })
        .collect();
    names.sort();
    names
}

/// Issue 19, item 1: `-o` inside an input folder made the run read its
/// own output back as it grew, without end. It is refused before anything
/// is written; and a previous output reached through a link inside the
/// folder is never read.
#[test]
fn an_output_inside_an_input_folder_is_refused() {
    let dir = workdir("out-in-folder");
    write(&dir, "corpus/a.txt", MIDWIVES);
    write(&dir, "corpus/sub/b.txt", WELLS);
    for out in ["corpus/out.jsonl", "corpus/sub/out.jsonl", "./corpus/x.csv"] {
        let r = run_within(&dir, &["corpus", "-o", out], 20);
        assert_eq!(r.code, 2, "{out}: {}", r.stderr);
        assert_eq!(r.stdout, "");
        assert_eq!(
            r.stderr,
            format!(
                "extract: refusing to write {out}: it lies inside the input \
                 folder corpus (the run would read its own output); write \
                 it elsewhere\n"
            )
        );
        assert_eq!(listing(&dir.join("corpus")), ["a.txt", "sub"], "{out}");
        assert_eq!(listing(&dir.join("corpus/sub")), ["b.txt"], "{out}");
    }
    // Through a link, the output folder is inside the input: the previous
    // output there is left out of the walk, not read as a document.
    write(
        &dir,
        "results/out.jsonl",
        "{\"id\":\"old\",\"text\":\"9 wells\"}\n",
    );
    std::os::unix::fs::symlink("../results", dir.join("corpus/results"))
        .expect("link the output folder into the input");
    let r = run_within(
        &dir,
        &["--quantities", "corpus", "-o", "results/out.jsonl"],
        20,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "corpus/results/out.jsonl: ignored: it is the output file\n"
            .to_owned()
            + &qsummary(2, 2, 0)
    );
    let written = std::fs::read_to_string(dir.join("results/out.jsonl"))
        .expect("the output");
    let expected = [
        plain("a", "40", span_of(MIDWIVES, "40"), ""),
        plain("b", "12", span_of(WELLS, "12"), ""),
    ];
    assert_eq!(written, expected.join("\n") + "\n");
    assert_eq!(listing(&dir.join("results")), ["out.jsonl"]);
}

/// Issue 19, item 2: `-o` naming an input erased it before it was read.
/// It is refused, under any name of the same file, and the input is kept.
#[test]
fn an_output_naming_an_input_is_refused_and_the_input_kept() {
    let dir = workdir("out-is-input");
    let line = format!("{{\"id\":\"a\",\"text\":\"{MIDWIVES}\"}}\n");
    write(&dir, "in.jsonl", &line);
    std::fs::hard_link(dir.join("in.jsonl"), dir.join("same.jsonl"))
        .expect("a hard link");
    std::os::unix::fs::symlink("in.jsonl", dir.join("link.jsonl"))
        .expect("a symbolic link");
    for out in ["in.jsonl", "./in.jsonl", "same.jsonl", "link.jsonl"] {
        let r = run_within(&dir, &["in.jsonl", "-o", out], 20);
        assert_eq!(r.code, 2, "{out}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!(
                "extract: refusing to write {out}: it is the input in.jsonl \
                 (the run would read its own output); write it elsewhere\n"
            )
        );
        let kept =
            std::fs::read_to_string(dir.join("in.jsonl")).expect("the input");
        assert_eq!(kept, line, "{out}");
    }
    assert_eq!(listing(&dir), ["in.jsonl", "link.jsonl", "same.jsonl"]);
}

/// Peak resident memory of one run of the tool over `args`, in bytes.
///
/// Read from the tool's own `/proc/PID/status` (`VmHWM`, the high-water
/// mark of its memory since it started), while it is still alive: a last
/// JSONL document on standard input, kept open, marks the end, and once
/// its record is out everything before it is done. (A child's resource
/// usage from `wait4` would not do: Linux carries the peak of the process
/// it was spawned from, this test binary, over into it.)
fn peak_rss(dir: &Path, args: &[&str]) -> u64 {
    let mut child = Command::new(extract_bin())
        .args(args)
        .arg("-")
        .current_dir(dir)
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the example");
    // A tool that never writes the last record (the bug this pins kept
    // every record until the input ended) is stopped after a while, so
    // the test fails rather than hangs.
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let pid = child.id().to_string();
    let watchdog = std::thread::spawn(move || {
        let wait = std::time::Duration::from_secs(120);
        if stopped.recv_timeout(wait).is_err() {
            let _ = Command::new("kill").args(["-9", &pid]).status();
        }
    });
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let last = format!("{{\"id\":\"end-of-run\",\"text\":\"{WELLS}\"}}\n");
    stdin.write_all(last.as_bytes()).expect("the last document");
    stdin.flush().expect("the last document");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut stdout = std::io::BufReader::new(stdout);
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = std::io::BufRead::read_until(&mut stdout, b'\n', &mut line)
            .expect("read the output");
        assert!(n > 0, "the tool ended before the last document");
        if line.starts_with(b"{\"doc\":\"end-of-run\"") {
            break;
        }
    }
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id()))
            .expect("the tool's status");
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
        .expect("a VmHWM line");
    drop(stdin);
    std::io::copy(&mut stdout, &mut std::io::sink()).expect("drain");
    assert!(child.wait().expect("wait for the example").success());
    let _ = stop.send(());
    watchdog.join().expect("the watchdog");
    kib * 1024
}

/// A figure-dense document of about `bytes` bytes: the bench's dense
/// table text, repeated.
fn dense(bytes: usize) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/inputs/dense.txt");
    let unit = std::fs::read_to_string(path).expect("the dense bench text");
    let unit = format!("{}\n", unit.trim_end());
    unit.repeat(bytes / unit.len() + 1)
}

/// Issue 19, item 3: memory was 15-45 times the document's size, per
/// thread (a dense 63 MiB document took 2.85 GB). The bound: peak
/// resident memory at most [`MEMORY_PER_BYTE`] times the documents in
/// flight plus [`MEMORY_FIXED`], measured on dense documents (the worst
/// case: about one record per 15 bytes, each serialized to about 200).
#[test]
fn memory_per_document_is_bounded_by_its_size() {
    let dir = workdir("memory");
    let size = 8 << 20;
    let text = dense(size);
    write(&dir, "d1.txt", &text);
    write(&dir, "d2.txt", &text);
    let bound =
        |docs: u64| MEMORY_PER_BYTE * docs * text.len() as u64 + MEMORY_FIXED;
    let one = peak_rss(&dir, &["--threads", "1", "d1.txt"]);
    assert!(
        one <= bound(1),
        "one dense document of {} MB: peak {} MB, bound {} MB",
        text.len() >> 20,
        one >> 20,
        bound(1) >> 20
    );
    let two = peak_rss(&dir, &["--threads", "2", "d1.txt", "d2.txt"]);
    assert!(
        two <= bound(2),
        "two dense documents of {} MB at --threads 2: peak {} MB, bound {} \
         MB",
        text.len() >> 20,
        two >> 20,
        bound(2) >> 20
    );
    std::fs::remove_dir_all(&dir).expect("remove the big fixtures");
}

/// Bytes of peak memory per byte of the documents in flight (see
/// [`memory_per_document_is_bounded_by_its_size`]); DESIGN.md section 8
/// ("The batch tool") has the measurements the two bounds leave room over.
const MEMORY_PER_BYTE: u64 = 4;

/// Bytes of peak memory whatever the documents: the program, both
/// languages' compiled rules (most of it: their regexes' automata) and
/// their caches, thread stacks, and the output each worker holds before
/// handing it on. It grows with the rules: 80 MiB held until the
/// nineteenth blind round's rules took a one-line document to 78 MB and
/// the dense 8 MB one to 112 MiB (DESIGN.md section 8).
const MEMORY_FIXED: u64 = 96 << 20;

/// A large, figure-dense document's output goes out part by part as it is
/// made (see item 3): it stays byte-identical and in input order for any
/// number of threads, between small documents in the same batch.
#[test]
fn a_large_document_is_written_in_parts_in_input_order() {
    let dir = workdir("parts");
    // About 20 MB of records: past the 8 MiB a worker holds.
    write(&dir, "b.txt", dense(1 << 20));
    write(&dir, "a.txt", MIDWIVES);
    write(&dir, "c.txt", WELLS);
    write(&dir, "d.txt", dense(1 << 20));
    let mut outputs = Vec::new();
    for threads in ["1", "2", "3"] {
        let args = ["--threads", threads, "a.txt", "b.txt", "c.txt", "d.txt"];
        let r = run_within(&dir, &args, 120);
        assert_eq!(r.code, 0, "{}", r.stderr);
        outputs.push(r.stdout);
    }
    assert!(outputs[0].len() > 16 << 20, "{}", outputs[0].len());
    assert!(outputs[1] == outputs[0], "--threads 2 differs");
    assert!(outputs[2] == outputs[0], "--threads 3 differs");
    let docs: Vec<String> = outputs[0]
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("JSON");
            v["doc"].as_str().expect("doc").to_owned()
        })
        .collect();
    let mut order = docs.clone();
    order.dedup();
    assert_eq!(order, ["a", "b", "c", "d"]);
    let b = docs.iter().filter(|d| *d == "b").count();
    assert_eq!(b, docs.iter().filter(|d| *d == "d").count());
}

/// Issue 19, item 4: an interrupted run left a partial file at the final
/// path, and the previous output was already gone. The output now goes
/// to a hidden temporary file, renamed into place only when complete.
#[test]
fn an_interrupted_run_leaves_the_previous_output_intact() {
    let dir = workdir("interrupted");
    write(&dir, "out.json", "previous\n");
    let mut child = Command::new(extract_bin())
        .args(["--quantities", "--format", "json", "-o", "out.json", "-"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the example");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(corpus(100).as_bytes()).expect("feed documents");
    stdin.flush().expect("feed documents");
    // Records are written while standard input stays open: wait for them
    // in the temporary file.
    let deadline =
        std::time::Instant::now() + std::time::Duration::from_secs(30);
    let tmp = loop {
        let tmp = listing(&dir).into_iter().find(|n| n != "out.json");
        if let Some(tmp) = tmp {
            let len = std::fs::metadata(dir.join(&tmp)).map_or(0, |m| m.len());
            if len > 0 {
                break tmp;
            }
        }
        assert!(std::time::Instant::now() < deadline, "no output written");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(tmp.starts_with(".out.json.extract-"), "{tmp}");
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).expect("read an output")
    };
    assert_eq!(read("out.json"), "previous\n");
    child.kill().expect("interrupt the run");
    child.wait().expect("wait for the example");
    drop(stdin);
    assert_eq!(read("out.json"), "previous\n");
    // A run that ends replaces it, and leaves nothing else behind: the
    // killed run's temporary file goes too.
    write(&dir, "a.txt", MIDWIVES);
    let r = run_within(&dir, &["--quantities", "-o", "out.json", "a.txt"], 20);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read("out.json"),
        plain("a", "40", span_of(MIDWIVES, "40"), "") + "\n"
    );
    assert_eq!(listing(&dir), ["a.txt", "out.json"]);
    // A run that cannot write leaves nothing behind either.
    let r = run_within(&dir, &["-o", "no-such-dir/out.json", "a.txt"], 20);
    assert_eq!(r.code, 3);
    assert_eq!(listing(&dir), ["a.txt", "out.json"]);
}

/// Makes a named pipe with the system's `mkfifo`.
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// Issue 19, item 5: a named pipe in a walked folder blocked the run
/// forever, and the records of the documents before it were never
/// written. Special files met in a walk are skipped with a message.
#[test]
fn special_files_in_a_walked_folder_are_skipped() {
    let dir = workdir("fifo");
    write(&dir, "corpus/a.txt", MIDWIVES);
    mkfifo(&dir.join("corpus/b.jsonl"));
    mkfifo(&dir.join("corpus/c.txt"));
    write(&dir, "corpus/d.txt", WELLS);
    let r = run_within(&dir, &["--quantities", "corpus"], 20);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = [
        plain("a", "40", span_of(MIDWIVES, "40"), ""),
        plain("d", "12", span_of(WELLS, "12"), ""),
    ];
    assert_eq!(r.stdout, expected.join("\n") + "\n");
    assert_eq!(
        r.stderr,
        "corpus/b.jsonl: ignored: a named pipe, not a regular file\n\
         corpus/c.txt: ignored: a named pipe, not a regular file\n"
            .to_owned()
            + &qsummary(2, 2, 0)
    );
}

/// Issue 19, item 5 (second half): a pipe named on the command line is
/// read, and the documents before it are written while the tool waits
/// for it.
#[test]
fn records_before_a_waiting_pipe_are_written() {
    let dir = workdir("fifo-wait");
    write(&dir, "a.txt", MIDWIVES);
    mkfifo(&dir.join("p.jsonl"));
    let mut child = Command::new(extract_bin())
        .args(["--quantities", "a.txt", "p.jsonl"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the example");
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines =
            std::io::BufRead::lines(std::io::BufReader::new(stdout));
        while let Some(Ok(line)) = lines.next() {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let timeout = std::time::Duration::from_secs(20);
    let first = rx.recv_timeout(timeout);
    // Now the pipe's writer: the tool has been waiting for it.
    let mut pipe = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("p.jsonl"))
        .expect("open the pipe");
    pipe.write_all(
        format!("{{\"id\":\"p\",\"text\":\"{WELLS}\"}}\n").as_bytes(),
    )
    .expect("write to the pipe");
    drop(pipe);
    let status = child.wait().expect("wait for the example");
    assert_eq!(
        first.expect("the first record before the pipe is opened"),
        plain("a", "40", span_of(MIDWIVES, "40"), "")
    );
    let second = rx.recv_timeout(timeout).expect("the pipe's record");
    assert_eq!(second, plain("p", "12", span_of(WELLS, "12"), ""));
    assert!(status.success());
}

/// Runs the tool through `sh -c` with a shell redirection of its own.
fn run_redirected(dir: &Path, redirect: &str, args: &[&str]) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" \"$@\" {redirect}"))
        .arg(extract_bin())
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run the example through sh");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// Issue 19, item 6: a closed standard output counted as success, with
/// every record lost. It is a write error; `> /dev/null` is still fine.
#[test]
fn a_closed_standard_output_is_an_error() {
    let dir = workdir("closed-stdout");
    write(&dir, "a.txt", MIDWIVES);
    let r = run_redirected(&dir, ">&-", &["a.txt"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "extract: cannot write <stdout>: standard output is closed (to \
         discard the records, use -o /dev/null)\n"
    );
    let r = run_redirected(&dir, ">/dev/null", &["a.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, summary(1, 1, 0));
    let r = run(&dir, &["-o", "/dev/null", "a.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The numeric real user id of this process.
fn uid() -> u32 {
    let status =
        std::fs::read_to_string("/proc/self/status").expect("proc status");
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .expect("a Uid line");
    line.split_whitespace().next().expect("uid").parse().expect("a number")
}

/// Issue 19, item 7: `--threads 500` under a process limit panicked
/// ("failed to spawn thread", exit 101). The run goes on with the threads
/// that started, and says so. The limit is the number of processes of
/// one user, which root escapes: as root the tool runs as `nobody`.
#[test]
fn threads_beyond_a_process_limit_are_not_a_panic() {
    let dir = workdir("nproc");
    write(&dir, "big.jsonl", corpus(3000));
    // The test folder must be readable by `nobody`.
    let mut d = dir.clone();
    loop {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(&d).expect("a folder");
        let mode = meta.permissions().mode();
        if mode & 0o005 != 0o005 {
            let perms = std::fs::Permissions::from_mode(mode | 0o005);
            std::fs::set_permissions(&d, perms).expect("open the folder");
        }
        if d.as_os_str().len() <= env!("CARGO_TARGET_TMPDIR").len() || !d.pop()
        {
            break;
        }
    }
    let mut cmd = if uid() == 0 {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.args(["prlimit", "--nproc=12", "--"]);
        c
    } else {
        // Our user's processes count too: leave room for a few more.
        let mut c = Command::new("prlimit");
        c.arg(format!("--nproc={}", user_tasks() + 16)).arg("--");
        c
    };
    let out = cmd
        .arg(extract_bin())
        .args(["--quantities", "--threads", "500", "big.jsonl"])
        .current_dir(&dir)
        .env_remove("CI")
        .stdin(Stdio::null())
        .output()
        .expect("run the example under a process limit");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let first = stderr.lines().next().expect("a message");
    assert!(first.starts_with("extract: could start only "), "{stderr}");
    assert!(first.contains(" of 500 worker threads: "), "{stderr}");
    assert!(stderr.ends_with(&qsummary(3000, 6000, 0)), "{stderr}");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    let r = run(&dir, &["--quantities", "--threads", "1", "big.jsonl"]);
    assert!(stdout == r.stdout, "the output differs from one thread's");
}

/// The threads of this process's real user, system-wide.
fn user_tasks() -> usize {
    let me = uid().to_string();
    let mut n = 0;
    for proc in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(tasks) = std::fs::read_dir(proc.path().join("task")) else {
            continue;
        };
        let status = std::fs::read_to_string(proc.path().join("status"));
        let mine = status.is_ok_and(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|l| l.split_whitespace().next())
                == Some(me.as_str())
        });
        if mine {
            n += tasks.count();
        }
    }
    n
}

/// A rule file of one kind, `water`, counted by its nouns.
const WATER: &str = "[[kind]]\nid = \"water\"\nnouns = [\"wells\"]\n";

/// Issue 19, item 8: rule folders were walked without loop detection (two
/// `ln -s . x` links made 2^17 walks, and as many copies of each rule),
/// and a dangling hidden editor lock file (`.#x.toml`) aborted the load.
#[test]
fn rule_folders_are_walked_once_and_hidden_files_left_out() {
    let dir = workdir("rule-loops");
    let en = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/en");
    copy_tree(&en, &dir.join("rules"));
    for (link, to) in [("x", "."), ("y", "."), ("sub/up", "..")] {
        let path = dir.join("rules").join(link);
        std::fs::create_dir_all(path.parent().expect("a parent"))
            .expect("a folder");
        std::os::unix::fs::symlink(to, path).expect("a looping link");
    }
    std::os::unix::fs::symlink(
        "root@host.1234:1700000000",
        dir.join("rules/.#kinds.toml"),
    )
    .expect("an editor's lock file");
    write(&dir, "rules/.kinds.toml.swp", "\0binary");
    write(&dir, "a.txt", MIDWIVES);
    let r = run_within(&dir, &["--rules", "rules", "a.txt"], 20);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let english = run(&dir, &["a.txt"]);
    assert_eq!(r.stdout, english.stdout);
    assert!(r.stderr.ends_with(&summary(1, 1, 0)), "{}", r.stderr);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a rule folder") {
        let entry = entry.expect("an entry");
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))
                .expect("copy a rule file");
        }
    }
}

/// Issue 19, item 9: a rule folder is a complete rule set, silently: a
/// folder of one extra kind gave no record and exit 0. The tool says at
/// load time which it is, warns when no record can come out, and
/// `--rules-extend` adds a folder to the English rules.
#[test]
fn a_rule_folder_says_it_is_complete_and_can_extend_english() {
    let dir = workdir("rule-folder");
    write(&dir, "extra/water.toml", WATER);
    write(&dir, "a.txt", format!("{MIDWIVES} {WELLS}"));
    let english = run(&dir, &["a.txt"]);
    let kinds = |r: &Run| -> Vec<String> {
        r.stdout
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("JSON");
                v["kind"].as_str().expect("kind").to_owned()
            })
            .collect()
    };
    assert_eq!(kinds(&english), ["beneficiaries", "count"]);

    let r = run(&dir, &["--rules", "extra", "a.txt"]);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "extract: rules: the folder extra alone (a folder given to --rules \
         is a complete rule set; --rules-extend adds it to the English \
         rules): 1 kind and 0 indicator rules\n\
         extract: warning: the rules of extra hold no indicator rule: no \
         record can be written\n"
            .to_owned()
            + &summary(1, 0, 0)
    );

    let r = run(&dir, &["--rules-extend", "extra", "a.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(kinds(&r), ["beneficiaries", "water"]);
    let en = english_counts(&dir);
    assert_eq!(
        r.stderr,
        format!(
            "extract: rules: the English rules extended by extra: {} kinds \
             and {} indicator rules\n",
            en.0 + 1,
            en.1
        ) + &summary(1, 2, 0)
    );
    // A file extends English as before, and says so.
    let r = run(&dir, &["--rules", "extra/water.toml", "a.txt"]);
    assert_eq!(kinds(&r), ["beneficiaries", "water"]);
    assert!(
        r.stderr.starts_with(
            "extract: rules: the English rules extended by extra/water.toml: "
        ),
        "{}",
        r.stderr
    );
    // A rule set without kinds is warned about too.
    write(&dir, "none/empty.toml", "");
    let r = run(&dir, &["--rules", "none", "a.txt"]);
    assert!(
        r.stderr.contains(
            "extract: warning: the rules of none hold no kind: no record can \
             be written\n"
        ),
        "{}",
        r.stderr
    );
    // Given both ways, or twice: a usage error.
    let r = run(&dir, &["--rules", "extra", "--rules-extend", "extra"]);
    assert_eq!(r.code, 2);
    assert!(r
        .stderr
        .starts_with("extract: give --rules or --rules-extend once\n"));
}

/// The English rule set's kinds and indicator rules, counted.
fn english_counts(dir: &Path) -> (usize, usize) {
    let en = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/en");
    let en = en.to_str().expect("a UTF-8 path");
    let r = run(dir, &["--rules", en, "--quantities", "-"]);
    let line = r.stderr.lines().next().expect("the rules line");
    let tail = line.rsplit_once("): ").expect("counts").1;
    let n: Vec<usize> = tail
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("a count"))
        .collect();
    (n[0], n[1])
}

/// Issue 19, item 10: two `r.txt` in different folders were merged under
/// one id without a word. The second gets a warning (its records are
/// still written, and the run succeeds).
#[test]
fn duplicate_document_ids_are_warned_about() {
    let dir = workdir("dup-ids");
    write(&dir, "corpus/2023/r.txt", MIDWIVES);
    write(&dir, "corpus/2024/r.txt", WELLS);
    write(&dir, "corpus/2024/s.txt", WORKSHOPS);
    let r = run(&dir, &["--quantities", "corpus"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = [
        plain("r", "40", span_of(MIDWIVES, "40"), ""),
        plain("r", "12", span_of(WELLS, "12"), ""),
        plain("s", "3", span_of(WORKSHOPS, "3"), ""),
    ];
    assert_eq!(r.stdout, expected.join("\n") + "\n");
    assert_eq!(
        r.stderr,
        "corpus/2024/r.txt: warning: document id \"r\" is also the id of \
         corpus/2023/r.txt; both documents' records carry it\n"
            .to_owned()
            + &qsummary(3, 3, 0)
    );
}

/// Issue 19, item 10 (second half): UTF-16 input was reported as "invalid
/// UTF-8 at byte 0" with no hint.
#[test]
fn utf16_input_is_reported_with_a_hint() {
    let dir = workdir("utf16");
    let utf16 = |bom: &[u8], big: bool, text: &str| {
        let mut bytes = bom.to_vec();
        for unit in text.encode_utf16() {
            let pair =
                if big { unit.to_be_bytes() } else { unit.to_le_bytes() };
            bytes.extend_from_slice(&pair);
        }
        bytes
    };
    write(&dir, "le.txt", utf16(b"\xFF\xFE", false, MIDWIVES));
    write(&dir, "be.txt", utf16(b"\xFE\xFF", true, MIDWIVES));
    write(&dir, "bare.txt", utf16(b"", false, MIDWIVES));
    let line = format!("{{\"id\":\"a\",\"text\":\"{WELLS}\"}}");
    write(&dir, "le.jsonl", utf16(b"\xFF\xFE", false, &line));
    write(&dir, "latin1.txt", b"R\xe9sum\xe9: 4 wells");
    let r =
        run(&dir, &["le.txt", "be.txt", "bare.txt", "le.jsonl", "latin1.txt"]);
    let hint = " (the text looks like UTF-16: convert it to UTF-8, e.g. with \
                iconv -f UTF-16 -t UTF-8)";
    assert_eq!(
        r.stderr,
        format!(
            "le.txt: invalid UTF-8 at byte 0{hint}\n\
             be.txt: invalid UTF-8 at byte 0{hint}\n\
             bare.txt: invalid text{hint}\n\
             le.jsonl:1:1: invalid UTF-8{hint}\n\
             latin1.txt: invalid UTF-8 at byte 1\n"
        ) + &summary(0, 0, 5)
    );
    assert_eq!(r.code, 1);
}

/// `--version` prints the crate's version.
#[test]
fn version_prints_the_version() {
    let dir = workdir("version");
    for flag in ["--version", "-V"] {
        let r = run(&dir, &[flag]);
        assert_eq!(r.code, 0);
        assert_eq!(
            r.stdout,
            format!(
                "extract (narrative-metrics) {}\n",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert_eq!(r.stderr, "");
    }
}

/// `-j N` and `-jN` are `--threads N`.
#[test]
fn dash_j_sets_the_threads() {
    let dir = workdir("dash-j");
    write(&dir, "big.jsonl", corpus(5000));
    let base = run(&dir, &["--quantities", "--threads", "1", "big.jsonl"]);
    for args in [&["-j", "3"][..], &["-j3"][..], &["--threads=3"][..]] {
        let r = run(&dir, &[&["--quantities"], args, &["big.jsonl"]].concat());
        assert_eq!(r.code, 0, "{args:?}");
        assert!(r.stdout == base.stdout, "{args:?}");
    }
    let r = run(&dir, &["-j0"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with(
        "extract: option '-j' needs a positive integer, found '0'\n"
    ));
}

/// `--quiet` leaves out the summary and notes, not errors or warnings.
#[test]
fn quiet_keeps_only_errors_and_warnings() {
    let dir = workdir("quiet");
    write(&dir, "corpus/a/r.txt", MIDWIVES);
    write(&dir, "corpus/b/r.txt", WELLS);
    write(&dir, "corpus/notes.md", "not a document");
    write(&dir, "corpus/empty.txt", "");
    for flag in ["-q", "--quiet"] {
        let r = run(&dir, &[flag, "--quantities", "corpus"]);
        assert_eq!(r.code, 1);
        assert_eq!(
            r.stderr,
            "corpus/b/r.txt: warning: document id \"r\" is also the id of \
             corpus/a/r.txt; both documents' records carry it\n\
             corpus/empty.txt: empty file\n"
        );
        assert_eq!(r.stdout.lines().count(), 2);
    }
    let r = run(&dir, &["--quantities", "corpus"]);
    assert!(r.stderr.contains("corpus/notes.md: ignored: not a .txt"));
    assert!(r.stderr.ends_with(&qsummary(2, 2, 1)), "{}", r.stderr);
}

/// With JSONL to be typed on a terminal, the tool says it is waiting
/// there (through `script`, which gives it a terminal).
#[test]
fn waiting_on_a_terminal_is_announced() {
    let dir = workdir("tty");
    let command = format!("{} --quantities", extract_bin().display());
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(&dir)
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the example through script");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // A line, then Ctrl-D: the end of input on a terminal.
    let line = format!("{{\"id\":\"a\",\"text\":\"{WELLS}\"}}\n\x04");
    stdin.write_all(line.as_bytes()).expect("type a line");
    let out = child.wait_with_output().expect("wait for script");
    drop(stdin);
    let shown = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert!(
        shown.contains(
            "extract: reading JSONL documents from the terminal, one a \
             line; end with Ctrl-D\n"
        ),
        "{shown}"
    );
    assert!(shown.contains(&plain("a", "12", span_of(WELLS, "12"), "")));
    assert!(shown.ends_with(&qsummary(1, 1, 0)), "{shown}");
    // Not on a pipe.
    let r = run_with_stdin(
        &dir,
        &["--quantities"],
        line.trim_end_matches('\x04').as_bytes(),
    );
    assert_eq!(r.stderr, qsummary(1, 1, 0));
}
