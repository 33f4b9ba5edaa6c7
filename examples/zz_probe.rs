use narrative_metrics::Extractor;
fn main() {
    let e = Extractor::new();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        for r in e.extract(&path, &text) {
            let ch = r
                .change
                .map(|c| {
                    format!(
                        " change={}:{}->{}",
                        c.direction.as_str(),
                        c.from,
                        c.to
                    )
                })
                .unwrap_or_default();
            println!("{:>14} {:>12} {:4} {:9} subj={:?} per={:?} sec={:?} [{}] {}{}", r.kind, r.value.normalize().to_string(), r.unit.as_str(), r.qualifier.as_str(), r.subject, r.period, r.section.map(|s| &s[s.len().saturating_sub(8)..]), r.text, r.rule, ch);
        }
    }
}
