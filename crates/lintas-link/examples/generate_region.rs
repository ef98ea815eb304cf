//! Writes region-shaped person records with known truth (see `lintas_link::synth`).
//!
//! `cargo run --release -p lintas-link --example generate_region -- PEOPLE SEED OUT.csv`
//! (tuning half: seed 2026; held-out half: seed 1406014).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people: usize = args.get(1).map_or(6000, |s| s.parse().expect("PEOPLE"));
    let seed: u64 = args.get(2).map_or(lintas_link::synth::TUNING_SEED, |s| {
        s.parse().expect("SEED")
    });
    let out = args.get(3).map_or("/tmp/region.csv", String::as_str);
    let records = lintas_link::synth::generate(people, seed);
    std::fs::write(out, lintas_link::synth::to_csv(&records)).expect("writing the CSV");
    eprintln!(
        "{} records of {people} people (seed {seed}) -> {out}",
        records.len()
    );
}
