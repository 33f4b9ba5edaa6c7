//! Runs one stage over a bench fixture repeated to a given size, a given
//! number of times: the harness behind the instruction counts in
//! DESIGN.md ("Where the time goes").
//!
//! ```sh
//! cargo build --release --example passes
//! # instructions of 3 passes minus 1 pass = 2 passes of 1 MB, setup excluded
//! valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
//!     target/release/examples/passes report l1 1 3
//! ```
//!
//! Arguments: fixture (`report`, `dense`, `dense-utf8`, `prose` from
//! `benches/inputs/`, `mixed` and `notes` built as the bench builds them,
//! or a path), stage (`raw`: the bench's digit regex, every match taken;
//! `ends`: the same regex counting matches, which finds only their ends;
//! `l1`: quantities; `l2`: records), size in MB, passes. Prints the item
//! count and MB/s.

#[path = "../benches/inputs/mod.rs"]
mod inputs;

use std::time::Instant;

use narrative_metrics::Extractor;
use regex::Regex;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| {
        args.get(i).cloned().unwrap_or_else(|| default.to_owned())
    };
    let fixture = arg(0, "report");
    let stage = arg(1, "l1");
    let mb: usize = arg(2, "1").parse().expect("size in MB");
    let passes: usize = arg(3, "1").parse().expect("number of passes");
    let (text, ends) = if fixture == "mixed" {
        // The bench's input at a real report's density.
        let (report, prose) = (inputs::REPORT, inputs::PROSE);
        let mix = (report, prose, inputs::MIXED_PROSE);
        let input = inputs::Input::mixed("mixed", "", mix, mb * inputs::MB);
        (input.text, input.ends)
    } else if fixture == "notes" {
        // The bench's corpus of 1 KB notes, each extracted on its own.
        let input = inputs::notes("", mb * inputs::MB);
        (input.text, input.ends)
    } else {
        let path = if fixture.contains('/') {
            fixture
        } else {
            format!("benches/inputs/{fixture}.txt")
        };
        let base = std::fs::read_to_string(&path).expect("readable fixture");
        let mut text = String::new();
        while text.len() < mb * 1_000_000 {
            text.push_str(&base);
            text.push('\n');
        }
        (text, Vec::new())
    };
    let raw = Regex::new(inputs::RAW_PATTERN).expect("valid pattern");
    let extractor = Extractor::new();
    let started = Instant::now();
    let mut count = 0;
    for _ in 0..passes {
        for text in inputs::docs(&text, &ends) {
            count += match stage.as_str() {
                "raw" => inputs::raw_matches(&raw, text),
                "ends" => raw.find_iter(text).count(),
                "l1" => extractor.quantities(text).count(),
                "l2" => extractor.extract("fixture", text).len(),
                other => {
                    panic!("unknown stage {other:?}: raw, ends, l1 or l2")
                }
            };
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{count} items, {:.0} MB/s",
        (passes * text.len()) as f64 / secs / 1e6
    );
}
