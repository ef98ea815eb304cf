//! A report of a chosen size from seeded numbers, for the benchmark and the crate's own tests
//! (the real content comes from `lintas-app`).

use crate::model::{
    Block, Cell, Chart, ChartKind, ChartSeries, Figure, Paragraph, Report, Section, Table,
};

/// A report with `sections` chapters of text, a table of `rows` rows and one chart each
/// (charts of 24 monthly points, two of every three with expected and bound lines).
pub fn sample_report(sections: usize, rows: usize) -> Report {
    let mut figures = Vec::new();
    let mut body = Vec::new();
    let periods: Vec<String> = (0..24)
        .map(|i| format!("{}-{:02}", 2024 + i / 12, i % 12 + 1))
        .collect();
    // A small linear congruential sequence: deterministic without a dependency.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |max: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % max
    };
    for s in 0..sections {
        let total = format!("s{s}.total");
        figures.push(Figure::count(
            &total,
            next(900),
            format!("incidents of section {s}"),
        ));
        let change = format!("s{s}.change_pct");
        figures.push(Figure::percent(
            &change,
            Some(next(400) as f64 / 7.0 - 25.0),
            "change on the previous period",
        ));
        let mut table_rows = Vec::new();
        for r in 0..rows {
            let cur = format!("s{s}.row{r}");
            let prev = format!("s{s}.row{r}.previous");
            figures.push(Figure::count(&cur, next(120), "incidents in the stratum"));
            figures.push(Figure::count(&prev, next(120), "the same, previous period"));
            table_rows.push(vec![
                Cell::Text(format!("stratum {}", char::from(b'A' + (r % 26) as u8))),
                Cell::Figure(cur),
                Cell::Figure(prev),
            ]);
        }
        let observed: Vec<Option<f64>> =
            (0..periods.len()).map(|_| Some(next(60) as f64)).collect();
        let mut series = vec![ChartSeries {
            label: "observed".into(),
            values: observed,
            dashed: false,
        }];
        if s % 3 != 2 {
            series.push(ChartSeries {
                label: "expected".into(),
                values: vec![Some(30.0); periods.len()],
                dashed: true,
            });
            series.push(ChartSeries {
                label: "upper bound".into(),
                values: vec![Some(52.5); periods.len()],
                dashed: true,
            });
        }
        body.push(Section {
            level: 1,
            title: format!("Section {}", char::from(b'A' + (s % 26) as u8)),
            page_break: s > 0,
            blocks: vec![
                Block::Paragraph(
                    Paragraph::text("This section counts ")
                        .f(&total)
                        .t(" incidents, a change of ")
                        .f(&change)
                        .t(" on the previous period. Reporting is uneven across members; a rise can mean more activity or more reporting, and the latest periods are the least complete. ")
                        .t("Counts below the suppression threshold are withheld where they come from aggregate-only records."),
                ),
                Block::Table(Table {
                    caption: "Incidents by stratum".into(),
                    columns: vec!["stratum".into(), "current".into(), "previous".into()],
                    rows: table_rows,
                }),
                Block::Chart(Chart {
                    caption: "Incidents per month".into(),
                    kind: if s % 2 == 0 {
                        ChartKind::Line
                    } else {
                        ChartKind::Bar
                    },
                    periods: periods.clone(),
                    series,
                    alarms: vec![23],
                }),
            ],
        });
    }
    Report {
        title: "Annual report".into(),
        subtitle: "2025".into(),
        scope: "Regional Support Office of the Bali Process".into(),
        footer: "Lintas · Annual report 2025".into(),
        figures,
        sections: body,
    }
}
