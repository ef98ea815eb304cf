//! Typesetting time (issue 16): a 60-page annual report with 25 charts must take at most
//! 15 s, a monthly report at most 3 s, on the 2-core machine. Run with
//! `cargo bench --workspace --profile dev --bench report` (dependencies optimised as in the
//! test builds) or with the default bench profile; figures go to docs/benchmarks.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use lintas_report::{Fonts, render_pdf, sample_report};

fn bench(c: &mut Criterion) {
    let fonts = Fonts::system().expect("Noto fonts (fonts-noto-core)");
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    // Monthly: nine sections (summary, routes, kinds, facilitators, SAR, fraud, alerts,
    // annex, methods) with a chart each and short tables.
    let monthly = sample_report(9, 12);
    let pages = render_pdf(&monthly, &fonts).unwrap().pages;
    eprintln!("monthly: {pages} pages, {} charts", monthly.chart_count());
    group.bench_function("monthly", |b| {
        b.iter(|| render_pdf(&monthly, &fonts).unwrap())
    });
    let annual = sample_report(25, 62);
    let pages = render_pdf(&annual, &fonts).unwrap().pages;
    eprintln!("annual: {pages} pages, {} charts", annual.chart_count());
    group.bench_function("annual", |b| {
        b.iter(|| render_pdf(&annual, &fonts).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
