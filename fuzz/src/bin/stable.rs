//! A stable-toolchain fuzzer: a mutation loop over a seed corpus, running
//! the same checks as the libFuzzer targets. No coverage feedback; the
//! mutations are tuned to this crate's input space instead (digit and
//! separator floods, currency symbols, number and scale words, splices of
//! real paragraphs, random Unicode).
//!
//! ```text
//! cargo run --release --manifest-path fuzz/Cargo.toml --bin stable -- \
//!     --target quantities --iters 1000000 [--seconds S] [--seed N]
//!     [--max-len BYTES] [--replay FILE] [--write-corpus DIR]
//! ```
//!
//! `--replay FILE` runs the target once on a file (a crash to check);
//! `--write-corpus DIR` writes the seeds as files, a starting corpus for
//! `cargo fuzz run`.
//!
//! A crash (panic) is written to `fuzz/artifacts/stable/<target>/`, both
//! as found and minimized, and the run goes on; the exit status is 1 if
//! anything crashed.

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nm_fuzz::Target;

/// Words and symbols the scanner and the rules care about.
const DICT: &[&str] = &[
    "0",
    "1",
    "9",
    "12",
    "000",
    "2023",
    "1900",
    "2100",
    ",",
    ".",
    "'",
    "\u{2019}",
    "\u{a0}",
    "\u{202f}",
    "\u{2009}",
    " ",
    "  ",
    "-",
    "\u{2013}",
    "\u{2014}",
    "/",
    ":",
    ";",
    "(",
    ")",
    "[",
    "]",
    "+",
    "-",
    "%",
    "\u{066a}",
    "$",
    "US$",
    "\u{20ac}",
    "\u{a3}",
    "\u{a5}",
    "\u{20b9}",
    "EUR",
    "USD",
    "CHF",
    "XOF",
    "euros",
    "dollars",
    "cents",
    "per cent",
    "percent",
    "percentage points",
    "pp",
    "one",
    "One",
    "a",
    "an",
    "half",
    "quarter",
    "dozen",
    "hundred",
    "and",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "trillion",
    "k",
    "K",
    "m",
    "M",
    "bn",
    "mn",
    "lakh",
    "crore",
    "zero",
    "eleven",
    "twenty",
    "twenty-one",
    "ninety-nine",
    "fifty-four (54)",
    "over",
    "about",
    "around",
    "nearly",
    "more than",
    "at least",
    "up to",
    "less than",
    "fewer than",
    "between",
    "from",
    "to",
    "increased",
    "decreased",
    "rose",
    "fell",
    "by",
    "in",
    "of",
    "year",
    "years",
    "-year-old",
    "months",
    "aged",
    "page",
    "No.",
    "Q2",
    "SDG",
    "COVID-19",
    "XM-DAC-41146-MLI_O_2",
    "SP_D_1.2",
    "CSW67",
    "Beijing+30",
    "women",
    "girls",
    "beneficiaries",
    "reports",
    "workshops",
    "partners",
    "views",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{e9}",
    "\u{4e2d}",
    "\u{1f642}",
    "\u{301}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffd}",
    "\u{10ffff}",
    "\"",
    "\\",
    "[[kind]]",
    "id = ",
    "nouns = [",
    "\"]",
    "pattern = ",
    "[[rule]]",
    "[numbers]",
    "[[currency]]",
    "code = ",
    "symbols = [",
    "names = [",
    "value = ",
    "true",
    "false",
    "{",
    "}",
    "= {",
    "(?i)",
    ".*",
    "(a|b)*",
    "\\b",
    "\\d+",
    "#",
];

/// Patterns repeated many times by a flood mutation.
const FLOOD: &[&str] = &[
    "9",
    "1,",
    "1.",
    ",",
    ".",
    " ",
    "1 ",
    "\u{a0}000",
    "\u{202f}000",
    ",000",
    ".000",
    "$",
    "$ ",
    "\u{20ac}",
    "one ",
    "and hundred ",
    "hundred ",
    "a hundred and ",
    "thousand ",
    "million ",
    "-",
    "+",
    "%",
    "(",
    ")",
    "twenty-one ",
    "k",
    "\u{301}",
    "over ",
    "from 1 to ",
    "between 1 and ",
];

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// A char boundary of `s` chosen at random.
fn boundary(rng: &mut Rng, s: &str) -> usize {
    let mut i = rng.below(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A range of `s` on char boundaries, at most `max` bytes long.
fn range(rng: &mut Rng, s: &str, max: usize) -> (usize, usize) {
    let a = boundary(rng, s);
    let mut b = (a + rng.below(max + 1)).min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    (a, b)
}

fn random_char(rng: &mut Rng) -> char {
    loop {
        let c = match rng.below(4) {
            0 => char::from_u32(rng.below(0x80) as u32),
            1 => char::from_u32(rng.below(0x800) as u32),
            2 => char::from_u32(rng.below(0x10000) as u32),
            _ => char::from_u32(rng.below(0x11_0000) as u32),
        };
        if let Some(c) = c {
            return c;
        }
    }
}

/// One mutation of `s`, in place.
fn mutate(rng: &mut Rng, s: &mut String, corpus: &[String], max_len: usize) {
    match rng.below(10) {
        0 => {
            let at = boundary(rng, s);
            s.insert(at, random_char(rng));
        }
        1 | 2 => {
            let at = boundary(rng, s);
            s.insert_str(at, DICT[rng.below(DICT.len())]);
        }
        3 => {
            let (a, b) = range(rng, s, 64);
            s.replace_range(a..b, "");
        }
        4 => {
            // Splice a piece of another input.
            let other = &corpus[rng.below(corpus.len())];
            let (a, b) = range(rng, other, 400);
            let at = boundary(rng, s);
            s.insert_str(at, &other[a..b]);
        }
        5 => {
            let unit = FLOOD[rng.below(FLOOD.len())];
            let most = if rng.chance(8) { max_len } else { 200 };
            let n = 1 + rng.below(most / unit.len());
            let at = boundary(rng, s);
            s.insert_str(at, &unit.repeat(n));
        }
        6 => {
            // Repeat a piece in place.
            let (a, b) = range(rng, s, 32);
            let piece = s[a..b].repeat(1 + rng.below(50));
            s.insert_str(b, &piece);
        }
        7 => {
            // Replace one char with a dictionary entry.
            let (a, b) = range(rng, s, 4);
            s.replace_range(a..b, DICT[rng.below(DICT.len())]);
        }
        8 => {
            // Digits for letters or the reverse, at one place.
            let (a, b) = range(rng, s, 16);
            let swapped: String = s[a..b]
                .chars()
                .map(|c| match c {
                    '0'..='9' => (b'a' + (c as u8 - b'0')) as char,
                    'a'..='j' => (b'0' + (c as u8 - b'a')) as char,
                    ',' => '.',
                    '.' => ',',
                    ' ' => '\u{a0}',
                    other => other,
                })
                .collect();
            s.replace_range(a..b, &swapped);
        }
        _ => {
            // Truncate or keep a middle piece.
            let (a, b) = range(rng, s, s.len());
            *s = s[a..b].to_string();
        }
    }
    if s.len() > max_len {
        let mut end = max_len;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

struct Args {
    target: Target,
    iters: u64,
    seconds: Option<u64>,
    seed: u64,
    max_len: usize,
    replay: Option<PathBuf>,
    write_corpus: Option<PathBuf>,
}

fn usage() -> ! {
    eprintln!(
        "usage: stable --target quantities|extract|rules_load [--iters N] \
         [--seconds S] [--seed N] [--max-len BYTES] [--replay FILE] [--write-corpus DIR]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut args = Args {
        target: Target::Quantities,
        iters: 100_000,
        seconds: None,
        seed: 0x9e37_79b9_7f4a_7c15,
        max_len: 4 * 1024,
        replay: None,
        write_corpus: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--target" => {
                args.target =
                    Target::from_name(&value()).unwrap_or_else(|| usage())
            }
            "--iters" => {
                args.iters = value().parse().unwrap_or_else(|_| usage())
            }
            "--seconds" => {
                args.seconds =
                    Some(value().parse().unwrap_or_else(|_| usage()))
            }
            "--seed" => {
                args.seed = value().parse().unwrap_or_else(|_| usage())
            }
            "--max-len" => {
                args.max_len = value().parse().unwrap_or_else(|_| usage())
            }
            "--replay" => args.replay = Some(PathBuf::from(value())),
            "--write-corpus" => {
                args.write_corpus = Some(PathBuf::from(value()))
            }
            _ => usage(),
        }
    }
    args
}

/// The last panic's message and location, captured by a quiet hook.
type Captured = Arc<Mutex<Option<String>>>;

fn quiet_hook() -> Captured {
    let captured: Captured = Arc::new(Mutex::new(None));
    let c = Arc::clone(&captured);
    panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| {
                info.payload().downcast_ref::<&str>().map(|s| s.to_string())
            })
            .unwrap_or_default();
        let at = info.location().map(|l| l.to_string()).unwrap_or_default();
        if let Ok(mut slot) = c.lock() {
            *slot = Some(format!("{at}: {msg}"));
        }
    }));
    captured
}

/// Runs the target; the panic message if it crashed.
fn run(target: Target, text: &str, captured: &Captured) -> Option<String> {
    let ok =
        panic::catch_unwind(AssertUnwindSafe(|| nm_fuzz::check(target, text)))
            .is_ok();
    if ok {
        None
    } else {
        Some(
            captured
                .lock()
                .ok()
                .and_then(|mut s| s.take())
                .unwrap_or_default(),
        )
    }
}

/// Shrinks a crashing input while it still panics at the same place:
/// drops ever smaller chunks, then single chars.
fn minimize(
    target: Target,
    input: &str,
    at: &str,
    captured: &Captured,
) -> String {
    let same = |s: &str| {
        run(target, s, captured)
            .is_some_and(|m| m.split(": ").next() == at.split(": ").next())
    };
    let mut chars: Vec<char> = input.chars().collect();
    let mut chunk = chars.len().max(1) / 2;
    let deadline = Instant::now() + Duration::from_secs(60);
    while chunk >= 1 && Instant::now() < deadline {
        let mut i = 0;
        let mut shrunk = false;
        while i < chars.len() && Instant::now() < deadline {
            let end = (i + chunk).min(chars.len());
            let candidate: String =
                chars[..i].iter().chain(&chars[end..]).collect();
            if same(&candidate) {
                chars.drain(i..end);
                shrunk = true;
            } else {
                i += chunk;
            }
        }
        if !shrunk {
            chunk /= 2;
        }
    }
    chars.into_iter().collect()
}

fn save(dir: &PathBuf, name: &str, text: &str) -> PathBuf {
    let _ = std::fs::create_dir_all(dir);
    let path = dir.join(name);
    if let Ok(mut f) = std::fs::File::create(&path) {
        let _ = f.write_all(text.as_bytes());
    }
    path
}

fn main() {
    let args = parse_args();
    let captured = quiet_hook();
    let target = args.target;

    if let Some(path) = &args.replay {
        let bytes = std::fs::read(path).unwrap_or_else(|e| {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2)
        });
        let text = String::from_utf8_lossy(&bytes);
        match run(target, &text, &captured) {
            None => println!("{}: ok", path.display()),
            Some(msg) => {
                println!("{}: CRASH {msg}", path.display());
                std::process::exit(1)
            }
        }
        return;
    }

    let mut corpus = nm_fuzz::seeds(target);
    if let Some(dir) = &args.write_corpus {
        for (i, s) in corpus.iter().enumerate() {
            save(dir, &format!("seed-{i:04}"), s);
        }
        println!("{} seeds written to {}", corpus.len(), dir.display());
        return;
    }
    if corpus.is_empty() {
        corpus.push(String::from("We trained 40 midwives."));
    }
    let seeds = corpus.len();
    println!("target {}: {} seeds, seed {}", target.name(), seeds, args.seed);
    // Every seed as it is, first.
    for s in corpus.clone() {
        if let Some(msg) = run(target, &s, &captured) {
            println!("seed crashes: {msg}\n{s:?}");
        }
    }

    let dir =
        nm_fuzz::repo_root().join("fuzz/artifacts/stable").join(target.name());
    let mut rng = Rng(args.seed | 1);
    let start = Instant::now();
    let deadline = args.seconds.map(|s| start + Duration::from_secs(s));
    let mut crashes: Vec<String> = Vec::new();
    let mut last_report = start;
    let mut execs: u64 = 0;
    let mut bytes: u64 = 0;
    while execs < args.iters {
        if execs.is_multiple_of(256)
            && deadline.is_some_and(|d| Instant::now() >= d)
        {
            break;
        }
        let mut input = corpus[rng.below(corpus.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut input, &corpus, args.max_len);
        }
        execs += 1;
        bytes += input.len() as u64;
        if let Some(msg) = run(target, &input, &captured) {
            let at = msg.split(": ").next().unwrap_or("").to_string();
            if !crashes.iter().any(|c| c.split(": ").next() == Some(&at)) {
                let n = crashes.len();
                let raw = save(&dir, &format!("crash-{n}.txt"), &input);
                let small = minimize(target, &input, &msg, &captured);
                let min = save(&dir, &format!("crash-{n}-min.txt"), &small);
                println!(
                    "CRASH {msg}\n  input: {}\n  minimized ({} bytes): {}\n  {small:?}",
                    raw.display(),
                    small.len(),
                    min.display()
                );
                crashes.push(msg);
            }
        } else if rng.chance(64) && corpus.len() < seeds + 4096 {
            // Keep some mutants, so mutations stack across runs.
            corpus.push(input);
        }
        if last_report.elapsed() >= Duration::from_secs(10) {
            last_report = Instant::now();
            let secs = start.elapsed().as_secs_f64();
            println!(
                "  {execs} execs, {:.0}/s, {:.1} MB, {} crashes",
                execs as f64 / secs,
                bytes as f64 / 1e6,
                crashes.len()
            );
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "done {}: {execs} execs in {secs:.1} s ({:.0} execs/s, {:.1} MB), {} distinct crashes",
        target.name(),
        execs as f64 / secs,
        bytes as f64 / 1e6,
        crashes.len()
    );
    if !crashes.is_empty() {
        std::process::exit(1);
    }
}
