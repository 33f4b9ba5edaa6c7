use std::io::Read;
fn main() {
    let mut t = String::new();
    std::io::stdin().read_to_string(&mut t).unwrap();
    for line in t.lines() {
        for q in narrative_metrics::quantities(line) {
            println!(
                "{:<40} {:>14} {:<7} {:<9} {:?}",
                format!("{:?}", q.text()),
                q.value().to_string(),
                q.unit().as_str(),
                q.qualifier().as_str(),
                q.range_end().map(|d| d.to_string())
            );
        }
        println!("--");
    }
}
