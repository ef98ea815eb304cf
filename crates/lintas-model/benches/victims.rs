//! Victim case import and export in the HTCDS flat layout, and export to CTDC's columns, over
//! 10,000 generated cases shaped like the region's (set `LINTAS_BENCH_CASES` for another size).
//!
//! `cargo bench -p lintas-model --bench victims`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lintas_model::victims::{ctdc, flat};

/// Deterministic rows: scam-compound, fishing and domestic-work cases from the region.
fn rows(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = csv::Writer::from_writer(&mut out);
    w.write_record([
        "external_ref",
        "prs_FirstName",
        "prs_SecondName",
        "prs_Birthdate",
        "prs_Gender",
        "prs_Citizenship",
        "con_Consent",
        "vic_TraffickingStatus",
        "vic_TraffickingStatusDecisionMakingOrg",
        "vic_MethodOfRecruitment",
        "vic_MethodsOfControl",
        "vic_TypeOfExploitation",
        "vic_ForcedLabourIndustry",
        "vic_ForcedCriminalityIndicators",
        "hte_Type",
        "hte_Country",
        "hte_Date",
        "cas_Status",
        "sharing_level",
    ])
    .unwrap();
    let names = [
        "Ayu", "Budi", "Min Thu", "Somchai", "Nguyen", "Dewi", "Rahim",
    ];
    let from = ["ID", "IDN", "MMR", "THA", "VNM", "LKA", "BGD"];
    let to = ["MMR", "KHM", "LAO", "THA", "MYS"];
    let mut x: u64 = 20_241_201;
    for i in 0..n {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let r = (x >> 33) as usize;
        let (types, industry, fc) = match r % 3 {
            0 => (
                "ForcedCriminality",
                "",
                "Act_RecruitedOnlineJobAdvert;Means_DocumentsOrPhoneConfiscated;Purpose_ForcedOnlineScams",
            ),
            1 => ("ForcedLabour", "A_AgricultureForestryAndFishing", ""),
            _ => (
                "ForcedLabour;Servitude",
                "T_ActivitiesOfHouseholdsAsEmployers",
                "",
            ),
        };
        w.write_record([
            format!("CASE-{i}").as_str(),
            names[r % names.len()],
            names[(r / 7) % names.len()],
            &format!("{}-{:02}", 1970 + r % 35, 1 + r % 12),
            if r.is_multiple_of(2) {
                "Feminine"
            } else {
                "Masculine"
            },
            from[r % from.len()],
            "TRUE",
            "PossibleVictimOfTrafficking",
            "NGO",
            "ThroughOnlineSocialNetworks",
            "DebtBondage;WithholdsDocuments;PhysicalAbuse",
            types,
            industry,
            fc,
            "Exploitation",
            to[r % to.len()],
            &format!("{}-{:02}", 2018 + r % 7, 1 + r % 12),
            "Active",
            "",
        ])
        .unwrap();
    }
    drop(w);
    out
}

fn victims(c: &mut Criterion) {
    let n: usize = std::env::var("LINTAS_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let opts = flat::Options::new(today);
    let input = rows(n);
    let cases: Vec<_> = flat::read_csv(&input[..], &opts)
        .unwrap()
        .map(|r| r.record.expect("generated rows are valid"))
        .collect();
    assert_eq!(cases.len(), n);
    let mut group = c.benchmark_group(format!("victims_{n}"));
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("import_flat_csv", |b| {
        b.iter(|| {
            let count = flat::read_csv(black_box(&input[..]), &opts)
                .unwrap()
                .filter(|r| r.record.is_ok())
                .count();
            assert_eq!(count, n);
        })
    });
    group.bench_function("export_flat_csv", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(input.len());
            flat::write_csv(black_box(&cases), &mut out).unwrap();
            out.len()
        })
    });
    let with_years: Vec<_> = cases.iter().map(|c| (c.clone(), Some(2025))).collect();
    group.bench_function("export_ctdc_csv", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            ctdc::write_csv(black_box(&with_years), &mut out).unwrap();
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, victims);
criterion_main!(benches);
