//! Library throughput on the AISHub sample: sentence decoding alone, decoding plus gpsd
//! JSON, and coastline distance queries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lintas_ais::coast::Coastline;
use lintas_ais::gpsd_json::{JsonOptions, write_message};
use lintas_ais::{Decoder, Outcome};
use std::hint::black_box;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ais/aishub_sample/ais-nmea-sample.log.txt"
);

fn lines(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == b'\n').collect()
}

fn bench(c: &mut Criterion) {
    let data = std::fs::read(SAMPLE).expect("aishub sample");
    let lines = lines(&data);
    let mut d = Decoder::default();
    let messages = lines
        .iter()
        .filter(|l| matches!(d.push(l), Outcome::Message(_)))
        .count() as u64;

    let mut g = c.benchmark_group("aishub");
    g.throughput(Throughput::Elements(messages));
    g.sample_size(20);
    g.bench_function("decode", |b| {
        b.iter(|| {
            let mut d = Decoder::default();
            let mut n = 0u32;
            for l in &lines {
                if let Outcome::Message(m) = d.push(l) {
                    n = n.wrapping_add(m.message.mmsi);
                }
            }
            black_box(n)
        })
    });
    g.bench_function("decode+gpsd_json", |b| {
        let mut out = Vec::with_capacity(32 << 20);
        b.iter(|| {
            out.clear();
            let mut d = Decoder::default();
            for l in &lines {
                if let Outcome::Message(m) = d.push(l) {
                    write_message(
                        &mut out,
                        &m.message,
                        JsonOptions {
                            scaled: true,
                            device: Some("stdin"),
                        },
                    );
                }
            }
            black_box(out.len())
        })
    });
    g.finish();

    let coast = Coastline::bundled().expect("coastline");
    let mut g = c.benchmark_group("coast");
    let pts: Vec<(f64, f64)> = (0..1000)
        .map(|i| (-15.0 + (i % 40) as f64 * 0.5, 90.0 + (i / 40) as f64 * 2.0))
        .collect();
    g.throughput(Throughput::Elements(pts.len() as u64));
    g.bench_function("distance_nm", |b| {
        b.iter(|| {
            pts.iter()
                .map(|&(la, lo)| coast.distance_nm(la, lo, 500.0))
                .sum::<f64>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
