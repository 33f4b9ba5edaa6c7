//! Command-line arguments: parsing by hand (a dozen options do not need
//! a parser crate) and the `--help` text, which is the tool's manual.

use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::path::PathBuf;

/// The manual printed by `--help`. Keep it in step with the code: the
/// integration tests pin the behaviour it describes.
pub const HELP: &str = "\
extract: quantified results (counts, money, percentages) from narrative
progress reports, as indicator records.

USAGE:
    cargo run --release --example extract -- [OPTIONS] [INPUT...]

INPUTS (read in the order given; output follows that order):
    FILE.txt      one document; its id is the file name without extension
    FILE.jsonl    one {\"id\": ..., \"text\": ...} object a line; other fields
                  pass through to each record under \"meta\"; an id may be a
                  string or a number; without one the id is FILE:LINE;
                  blank lines are allowed and ignored
    DIRECTORY     walked depth-first, entries sorted by name (byte order);
                  hidden entries (name starting with '.') are skipped;
                  .txt and .jsonl files are read (extension in any case),
                  any other file, and any special file (named pipe,
                  device, socket), gets a one-line note on stderr and is
                  left out without counting as an error
    - or nothing  JSONL on standard input
    A leading UTF-8 byte order mark is ignored; spans count from after it.
    Two .txt files with the same name in different folders give the same
    id: the second gets a warning on stderr (its records are still
    written). JSONL ids are taken as given.
    With nothing to read but a terminal, a line on stderr says the tool is
    waiting for JSONL there (end it with Ctrl-D).

OPTIONS:
    --format F      jsonl (default): one record a line
                    json: one array of records
                    csv: RFC 4180, one header line, CRLF line ends, fields
                    quoted when they hold a comma, quote or line break
    --rules PATH    rule file or folder (default: embedded English rules);
                    a FILE extends the English rules (or overrides them, id
                    by id); a FOLDER is a complete rule set on its own
    --rules-extend PATH
                    rule file or folder that extends the English rules
    --lang LANG     en, fr or auto (default): the language of documents
                    whose JSONL line has no \"lang\" field; auto detects it
                    from the text
    --quantities    layer 1 only: every number, money amount and percentage,
                    without rules
    -o, --output F  write to file F instead of standard output (see OUTPUT)
    -j, --threads N worker threads (default: every core)
    -q, --quiet     no summary line, notes or progress; errors and warnings
                    are still shown
    -V, --version   print the version and exit
    -h, --help      print this help and exit

RULES:
    With --rules or --rules-extend, a line on stderr says at load time
    which rules are in use, how many kinds and indicator rules they hold,
    and warns when they hold no kind or no indicator rule (then no record
    can be written). Hidden entries of a rule folder are skipped, and a
    folder reached twice through links is read once.

OUTPUT:
    -o F is refused (exit 2) before anything is written when F is one of
    the inputs or lies inside an input folder. A regular file F is written
    through a hidden temporary file in F's folder, renamed over F only
    once complete: an interrupted or failed run leaves the previous F as
    it was. A closed standard output or a failed write is an error.

CSV COLUMNS:
    records:     doc,section,kind,value,unit,qualifier,subject,
                 change_direction,change_from,change_to,change_from_period,
                 change_to_period,period,status,lang,span_start,span_end,
                 text,rule,meta
    quantities:  doc,value,unit,qualifier,range_end,span_start,span_end,
                 text,meta
    Empty fields are nulls; meta holds the JSON object of the other fields.

ERRORS:
    Bad input never stops the run: an unreadable file or directory, an empty
    file or standard input, an invalid JSON line, a line without a string
    \"text\" (or with an \"id\" neither string, number nor null), invalid
    UTF-8 (with a hint when the input looks like UTF-16) or a document
    over 64 MiB is reported on stderr as PATH:LINE: or PATH: and a
    message, and skipped; every other document is processed.
    A summary line ends every run (D documents processed, S skipped):
        extract: D documents read, R records written, S documents skipped
    (with --quantities: Q quantities written).

LIMITS:
    A document (a .txt file or a JSONL line) is at most 64 MiB. Memory per
    worker thread stays within a small multiple of the document it reads
    (records are written part by part as they are found), and the run
    holds at most one such document per thread plus one being read.
    Progress (documents, MB, MB/s, records) is shown on stderr for runs
    longer than a second when stderr is a terminal and CI is not set.

EXIT STATUS:
    0    every document was read
    1    some input was skipped (see stderr)
    2    bad arguments, a bad rule file, an output that names an input,
         or no worker thread could be started
    3    the output could not be written
    141  the output pipe was closed early (as `| head` does); quietly
";

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Json,
    Csv,
}

/// One input argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Path(PathBuf),
}

/// How a `--rules` path relates to the embedded English rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RulesMode {
    /// `--rules`: a file extends English, a folder replaces it.
    AsGiven,
    /// `--rules-extend`: a file or a folder extends English.
    Extend,
}

/// A parsed command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub format: Format,
    pub rules: Option<(PathBuf, RulesMode)>,
    pub quantities: bool,
    /// `--lang`: the language of documents that state none (`None`:
    /// detect it).
    pub lang: Option<&'static str>,
    pub output: Option<PathBuf>,
    pub threads: NonZeroUsize,
    pub quiet: bool,
    pub inputs: Vec<Input>,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Options),
    Help,
    Version,
}

/// The line `--version` prints.
pub fn version() -> String {
    format!("extract (narrative-metrics) {}\n", env!("CARGO_PKG_VERSION"))
}

/// Parses the arguments after the program name. The error is a one-line
/// message for stderr.
pub fn parse(
    args: impl IntoIterator<Item = OsString>,
) -> Result<Command, String> {
    let mut format = Format::Jsonl;
    let mut rules = None;
    let mut quantities = false;
    let mut lang = None;
    let mut output = None;
    let mut threads = None;
    let mut quiet = false;
    let mut inputs = Vec::new();
    let mut only_inputs = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if only_inputs {
            inputs.push(input(arg));
            continue;
        }
        let Some(text) = arg.to_str() else {
            inputs.push(input(arg));
            continue;
        };
        if text == "-" || !text.starts_with('-') {
            inputs.push(input(arg));
            continue;
        }
        if text == "--" {
            only_inputs = true;
            continue;
        }
        let (name, inline) = match text.split_once('=') {
            Some((n, v)) if n.starts_with("--") => {
                (n, Some(OsString::from(v)))
            }
            // `-j4`, as make and cargo take it.
            _ if text.len() > 2 && text.starts_with("-j") => {
                ("-j", Some(OsString::from(&text[2..])))
            }
            _ => (text, None),
        };
        let name = name.to_owned();
        let value = |args: &mut dyn Iterator<Item = OsString>| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("option '{name}' needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--quantities" if inline.is_none() => quantities = true,
            "-q" | "--quiet" if inline.is_none() => quiet = true,
            "--format" => {
                let v = value(&mut args)?;
                format = match v.to_str() {
                    Some("jsonl") => Format::Jsonl,
                    Some("json") => Format::Json,
                    Some("csv") => Format::Csv,
                    _ => {
                        return Err(format!(
                            "unknown format '{}' (expected jsonl, csv or \
                             json)",
                            v.to_string_lossy()
                        ))
                    }
                };
            }
            "--rules" | "--rules-extend" => {
                if rules.is_some() {
                    return Err(
                        "give --rules or --rules-extend once".to_owned()
                    );
                }
                let mode = if name == "--rules" {
                    RulesMode::AsGiven
                } else {
                    RulesMode::Extend
                };
                rules = Some((PathBuf::from(value(&mut args)?), mode));
            }
            "--lang" => {
                let v = value(&mut args)?;
                lang = match v.to_str() {
                    Some("auto") => None,
                    Some("en") => Some("en"),
                    Some("fr") => Some("fr"),
                    _ => {
                        return Err(format!(
                            "unknown language '{}' (expected en, fr or auto)",
                            v.to_string_lossy()
                        ))
                    }
                };
            }
            "-o" | "--output" => {
                output = Some(PathBuf::from(value(&mut args)?))
            }
            "-j" | "--threads" => {
                let v = value(&mut args)?;
                let n =
                    v.to_str().and_then(|s| s.parse::<NonZeroUsize>().ok());
                match n {
                    Some(n) => threads = Some(n),
                    None => {
                        return Err(format!(
                            "option '{name}' needs a positive integer, \
                             found '{}'",
                            v.to_string_lossy()
                        ))
                    }
                }
            }
            _ => return Err(format!("unknown option '{text}'")),
        }
    }
    if inputs.is_empty() {
        inputs.push(Input::Stdin);
    }
    let threads = threads.unwrap_or_else(|| {
        std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
    });
    Ok(Command::Run(Options {
        format,
        rules,
        quantities,
        lang,
        output,
        threads,
        quiet,
        inputs,
    }))
}

fn input(arg: OsString) -> Input {
    if arg == "-" {
        Input::Stdin
    } else {
        Input::Path(PathBuf::from(arg))
    }
}
