//! Criterion benchmark of the parser on the ICAO specimens of every format.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lintas_mrz::{ParseOptions, parse};
use std::hint::black_box;
use time::{Date, Month};

const RECORDS: &[&str] = &[
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6",
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
];

/// A TD3 with an O↔0 misread in the document number: exercises the OCR repair path.
const OCR: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UT07408122F12O4159ZE184226B<<<<<10";

fn bench(c: &mut Criterion) {
    let Ok(today) = Date::from_calendar_date(2026, Month::November, 23) else {
        return;
    };
    let opts = ParseOptions::new(today);
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Elements(RECORDS.len() as u64));
    g.bench_function("valid_specimens_5_formats", |b| {
        b.iter(|| {
            for r in RECORDS {
                black_box(parse(black_box(r), &opts));
            }
        })
    });
    g.finish();
    c.bench_function("parse/ocr_repair_td3", |b| {
        b.iter(|| black_box(parse(black_box(OCR), &opts)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
