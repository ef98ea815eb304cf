//! What a report says, and where each number comes from. Every figure is a count from
//! `Store::trend_series` (the indicators' one visibility rule: what the caller may see plus
//! others' `aggregate` records, small cells suppressed), a detection from
//! [`crate::trends::detect_stored`], or a network count; each gets a name and a definition,
//! and the text, tables and charts cite figures by name only.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use lintas_report::{
    Block, Cell, Chart, ChartKind, ChartSeries, Figure, Paragraph, Report, Section, Table,
};
use lintas_stats::{Interval, Method, Options, Period};
use lintas_store::{
    Error, Principal, Result, Store, TrendField, TrendInterval, TrendMeasure, TrendQuery, TrendSet,
};

use crate::report::{ReportKind, ReportPeriod, WorkPlanActivity};
use crate::trends::detect_stored;

/// Significance of the alerts in the report (and the false discovery rate across series).
const ALPHA: f64 = 0.01;
/// Years of history Farrington needs before `auto` uses it.
const FARRINGTON_YEARS: f64 = 3.0;
/// Most routes given a section of their own.
const ROUTE_SECTIONS: usize = 8;
/// Most alerts drawn as charts.
const ALERT_CHARTS: usize = 10;
/// Rows of a breakdown table in the body (the annex has them all).
const BODY_ROWS: usize = 12;

/// Figures and sections as they are gathered. A figure asked for twice under one name
/// (a route's monthly count in its own chart and in an alert's) is kept once.
struct Builder {
    p: ReportPeriod,
    figures: Vec<Figure>,
    names: BTreeSet<String>,
    sections: Vec<Section>,
}

impl Builder {
    fn add(&mut self, f: Figure) -> String {
        let name = f.name.clone();
        if self.names.insert(name.clone()) {
            self.figures.push(f);
        }
        name
    }

    fn section(&mut self, level: u8, title: &str, page_break: bool, blocks: Vec<Block>) {
        self.sections.push(Section {
            level,
            title: title.into(),
            blocks,
            page_break,
        });
    }

    /// Current, previous and change of one count: figures `{name}`, `{name}.previous`,
    /// `{name}.change_pct`.
    fn compare(
        &mut self,
        name: &str,
        what: &str,
        cur: Option<u64>,
        prev: Option<u64>,
    ) -> [String; 3] {
        let (label, previous) = (self.p.label.clone(), self.p.previous_label.clone());
        let change = match (cur, prev) {
            (Some(c), Some(v)) if v > 0 => Some((c as f64 - v as f64) * 100.0 / v as f64),
            _ => None,
        };
        [
            self.add(Figure::maybe_count(
                name,
                cur,
                format!("{what}, {label} (suppressed: null)"),
            )),
            self.add(Figure::maybe_count(
                format!("{name}.previous"),
                prev,
                format!("{what}, {previous} (suppressed: null)"),
            )),
            self.add(Figure::percent(
                format!("{name}.change_pct"),
                change,
                format!(
                    "change of `{name}` from {previous} to {label}, per cent of {previous}; null when that is zero or suppressed"
                ),
            )),
        ]
    }

    /// A table of strata of `set` (two periods: previous, current), most frequent first.
    fn breakdown(
        &mut self,
        prefix: &str,
        what: &str,
        heading: &str,
        caption: &str,
        set: &TrendSet,
        limit: Option<usize>,
    ) -> Option<Table> {
        let p = self.p.clone();
        let (iprev, icur) = two_bins(set, &p)?;
        let mut rows: Vec<(&str, Option<u64>, Option<u64>)> = set
            .series
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.cells.get(icur).and_then(|c| c.count),
                    s.cells.get(iprev).and_then(|c| c.count),
                )
            })
            .filter(|(_, c, v)| c.unwrap_or(1) > 0 || v.unwrap_or(1) > 0)
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
        if let Some(l) = limit {
            rows.truncate(l);
        }
        if rows.is_empty() {
            return None;
        }
        let rows = rows
            .into_iter()
            .map(|(name, cur, prev)| {
                let [c, v, ch] = self.compare(
                    &format!("{prefix}.{name}"),
                    &format!("{what} in {name}"),
                    cur,
                    prev,
                );
                vec![
                    Cell::Text(name.replace('/', " · ")),
                    Cell::Figure(c),
                    Cell::Figure(v),
                    Cell::Figure(ch),
                ]
            })
            .collect();
        Some(Table {
            caption: caption.into(),
            columns: vec![
                heading.into(),
                p.label.clone(),
                p.previous_label.clone(),
                "change".into(),
            ],
            rows,
        })
    }

    /// A chart of monthly series; every plotted value is also a figure
    /// `{prefix}.{series}.{month}`.
    fn monthly_chart(
        &mut self,
        prefix: &str,
        what: &str,
        caption: &str,
        set: &TrendSet,
        series: &[&str],
        kind: ChartKind,
    ) -> Option<Chart> {
        let mut out = Vec::new();
        for name in series {
            let s = set.series.iter().find(|s| s.name == *name)?;
            let mut values = Vec::new();
            for (period, cell) in set.periods.iter().zip(&s.cells) {
                self.add(Figure::maybe_count(
                    format!("{prefix}.{name}.{period}"),
                    cell.count,
                    format!("{what} ({name}), {period}"),
                ));
                values.push(cell.count.map(|c| c as f64));
            }
            out.push(ChartSeries {
                label: name.replace('/', " · "),
                values,
                dashed: false,
            });
        }
        Some(Chart {
            caption: caption.into(),
            kind,
            periods: set.periods.clone(),
            series: out,
            alarms: Vec::new(),
        })
    }
}

/// The previous and current period's positions in a two-period set.
fn two_bins(set: &TrendSet, p: &ReportPeriod) -> Option<(usize, usize)> {
    let prev = set.periods.iter().position(|l| *l == p.previous_label)?;
    let cur = set.periods.iter().position(|l| *l == p.label)?;
    Some((prev, cur))
}

fn cell_of(set: &TrendSet, series: &str, index: usize) -> Option<u64> {
    set.series
        .iter()
        .find(|s| s.name == series)
        .map_or(Some(0), |s| s.cells.get(index).and_then(|c| c.count))
}

/// The report's own period and the one before, at the report's resolution.
fn two_period_query(p: &ReportPeriod, measure: TrendMeasure, by: Vec<TrendField>) -> TrendQuery {
    let mut q = TrendQuery::new(by, p.kind.interval());
    q.measure = measure;
    q.from = Some(p.previous_first);
    q.to = Some(p.last);
    q
}

/// Months drawn in charts: a year ending with the period (two for an annual report).
fn chart_first_month(p: &ReportPeriod) -> NaiveDate {
    let months = if p.kind == ReportKind::Annual { 23 } else { 11 };
    let start = TrendInterval::Month.start(p.last);
    start
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(start)
}

fn monthly_query(p: &ReportPeriod, measure: TrendMeasure, by: Vec<TrendField>) -> TrendQuery {
    let mut q = TrendQuery::new(by, TrendInterval::Month);
    q.measure = measure;
    q.from = Some(chart_first_month(p));
    q.to = Some(p.last);
    q
}

fn to_time(d: NaiveDate) -> Result<time::Date> {
    use chrono::Datelike;
    let month =
        time::Month::try_from(d.month() as u8).map_err(|e| Error::BadRequest(e.to_string()))?;
    time::Date::from_calendar_date(d.year(), month, d.day() as u8)
        .map_err(|e| Error::BadRequest(e.to_string()))
}

/// Builds the report for `principal`.
pub(crate) async fn build(
    store: &Store,
    principal: &Principal,
    p: &ReportPeriod,
    workplan: &[WorkPlanActivity],
) -> Result<Report> {
    let mut b = Builder {
        p: p.clone(),
        figures: Vec::new(),
        names: BTreeSet::new(),
        sections: Vec::new(),
    };
    let scope = if principal.member == "RSO" {
        "Regional Support Office of the Bali Process: members' regionally shared data and aggregates".to_string()
    } else {
        format!(
            "{}: the data {} may see, and other members' aggregates",
            principal.member, principal.member
        )
    };

    // Headline numbers.
    let totals = store
        .trend_series(
            principal,
            &two_period_query(p, TrendMeasure::Incidents, Vec::new()),
        )
        .await?;
    let (iprev, icur) = two_bins(&totals, p)
        .ok_or_else(|| Error::Corrupt("the period's bins are missing".into()))?;
    let incidents = b.compare(
        "incidents.total",
        "incidents reported",
        cell_of(&totals, "all", icur),
        cell_of(&totals, "all", iprev),
    );
    let mut sar = BTreeMap::new();
    for m in [
        TrendMeasure::SarIncidents,
        TrendMeasure::SarRescued,
        TrendMeasure::SarDead,
        TrendMeasure::SarMissing,
    ] {
        let set = store
            .trend_series(principal, &two_period_query(p, m, Vec::new()))
            .await?;
        let what = match m {
            TrendMeasure::SarIncidents => "search-and-rescue incidents at sea",
            TrendMeasure::SarRescued => "people rescued at sea",
            TrendMeasure::SarDead => "people found dead at sea",
            _ => "people missing at sea",
        };
        let figs = b.compare(
            &format!("sar.{}", m.name().trim_start_matches("sar_")),
            what,
            cell_of(&set, "all", icur),
            cell_of(&set, "all", iprev),
        );
        sar.insert(m.name(), figs);
    }
    let mut fraud_q = two_period_query(p, TrendMeasure::Incidents, Vec::new());
    fraud_q.kinds = vec!["document_fraud".into()];
    let fraud = store.trend_series(principal, &fraud_q).await?;
    let fraud_figs = b.compare(
        "document_fraud.total",
        "document-fraud incidents",
        cell_of(&fraud, "all", icur),
        cell_of(&fraud, "all", iprev),
    );

    // Alerts: routes' monthly counts, every month of the period evaluated against the
    // history before it; Benjamini–Hochberg across the routes, as the inbox does.
    let mut alert_q = TrendQuery::new(vec![TrendField::Route], TrendInterval::Month);
    alert_q.to = Some(p.last);
    let options = Options {
        method: Method::Auto,
        alpha: ALPHA,
        from: Some(Period::containing(Interval::Month, to_time(p.first)?)),
        to: Some(Period::containing(Interval::Month, to_time(p.last)?)),
        ..Options::default()
    };
    let run = detect_stored(store, principal, &alert_q, options).await?;
    let alerts: Vec<&lintas_stats::Detection> = run
        .results
        .iter()
        .flat_map(|r| r.detections.iter())
        .filter(|d| d.alarm_fdr)
        .collect();
    let alert_count = b.add(Figure::count(
        "alerts.count",
        alerts.len() as u64,
        format!(
            "route-months of {} with an alert: a count above its method's upper bound, kept after Benjamini–Hochberg across all routes",
            p.label
        ),
    ));
    let routes_evaluated = b.add(Figure::count(
        "alerts.routes_evaluated",
        run.results.len() as u64,
        "routes (origin>destination) whose monthly counts were tested",
    ));

    // Executive summary.
    let mut headline = vec![vec![
        Cell::Text("Incidents reported".into()),
        Cell::Figure(incidents[0].clone()),
        Cell::Figure(incidents[1].clone()),
        Cell::Figure(incidents[2].clone()),
    ]];
    for (m, label) in [
        ("sar_incidents", "Search and rescue incidents"),
        ("sar_rescued", "People rescued at sea"),
        ("sar_dead", "People found dead at sea"),
        ("sar_missing", "People missing at sea"),
    ] {
        if let Some(f) = sar.get(m) {
            headline.push(vec![
                Cell::Text(label.into()),
                Cell::Figure(f[0].clone()),
                Cell::Figure(f[1].clone()),
                Cell::Figure(f[2].clone()),
            ]);
        }
    }
    headline.push(vec![
        Cell::Text("Document-fraud incidents".into()),
        Cell::Figure(fraud_figs[0].clone()),
        Cell::Figure(fraud_figs[1].clone()),
        Cell::Figure(fraud_figs[2].clone()),
    ]);
    let dead = sar.get("sar_dead").cloned().unwrap_or_default();
    let missing = sar.get("sar_missing").cloned().unwrap_or_default();
    let monthly_totals = store
        .trend_series(
            principal,
            &monthly_query(p, TrendMeasure::Incidents, Vec::new()),
        )
        .await?;
    let mut summary = vec![
        Block::Paragraph(
            Paragraph::text(format!("In {}, ", p.words()))
                .f(&incidents[0])
                .t(" incidents were reported, against ")
                .f(&incidents[1])
                .t(format!(" in {} (", p.previous_label))
                .f(&incidents[2])
                .t("). At sea, ")
                .f(&dead[0])
                .t(" people were found dead and ")
                .f(&missing[0])
                .t(" are missing. Trend detection raised ")
                .f(&alert_count)
                .t(" alerts over ")
                .f(&routes_evaluated)
                .t(" routes."),
        ),
        Block::Table(Table {
            caption: "Headline numbers".into(),
            columns: vec![
                "indicator".into(),
                p.label.clone(),
                p.previous_label.clone(),
                "change".into(),
            ],
            rows: headline,
        }),
    ];
    if let Some(c) = b.monthly_chart(
        "incidents.monthly",
        "incidents reported per month",
        "Incidents reported per month",
        &monthly_totals,
        &["all"],
        ChartKind::Bar,
    ) {
        summary.push(Block::Chart(c));
    }
    b.section(1, "Executive summary", false, summary);

    // Routes.
    let routes = store
        .trend_series(
            principal,
            &two_period_query(p, TrendMeasure::Incidents, vec![TrendField::Route]),
        )
        .await?;
    let mut blocks = vec![Block::Paragraph(Paragraph::text(
        "Routes run from the country of origin to the destination recorded with each incident; transit countries are counted in the annex.",
    ))];
    if let Some(t) = b.breakdown(
        "route",
        "incidents on the route",
        "route",
        "Incidents by route",
        &routes,
        Some(BODY_ROWS),
    ) {
        blocks.push(Block::Table(t));
    }
    b.section(1, "Routes", true, blocks);
    let route_monthly = store
        .trend_series(
            principal,
            &monthly_query(p, TrendMeasure::Incidents, vec![TrendField::Route]),
        )
        .await?;
    let route_kind = store
        .trend_series(
            principal,
            &two_period_query(
                p,
                TrendMeasure::Incidents,
                vec![TrendField::Route, TrendField::Kind],
            ),
        )
        .await?;
    let mut top: Vec<(&str, u64)> = routes
        .series
        .iter()
        .map(|s| (s.name.as_str(), s.cells.get(icur).map_or(0, |c| c.lower)))
        .filter(|(_, c)| *c > 0)
        .collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    top.truncate(ROUTE_SECTIONS);
    for (route, _) in top {
        let name = format!("route.{route}");
        b.compare(
            &name,
            &format!("incidents on the route in {route}"),
            cell_of(&routes, route, icur),
            cell_of(&routes, route, iprev),
        );
        let mut blocks = vec![Block::Paragraph(
            Paragraph::text(format!("On {route}, "))
                .f(&name)
                .t(" incidents were reported (")
                .f(format!("{name}.change_pct"))
                .t(format!(" on {}).", p.previous_label)),
        )];
        let mut by_kind = route_kind.clone();
        by_kind
            .series
            .retain(|s| s.strata.first().map(String::as_str) == Some(route));
        if let Some(t) = b.breakdown(
            "route_kind",
            "incidents",
            "route · kind",
            &format!("Incidents on {route} by kind"),
            &by_kind,
            None,
        ) {
            blocks.push(Block::Table(t));
        }
        if let Some(c) = b.monthly_chart(
            "route.monthly",
            "incidents on the route per month",
            &format!("Incidents per month on {route}"),
            &route_monthly,
            &[route],
            ChartKind::Bar,
        ) {
            blocks.push(Block::Chart(c));
        }
        b.section(2, &format!("Route {route}"), false, blocks);
    }

    // Incident kinds.
    let kinds = store
        .trend_series(
            principal,
            &two_period_query(p, TrendMeasure::Incidents, vec![TrendField::Kind]),
        )
        .await?;
    let kinds_monthly = store
        .trend_series(
            principal,
            &monthly_query(p, TrendMeasure::Incidents, vec![TrendField::Kind]),
        )
        .await?;
    let kind_nat = store
        .trend_series(
            principal,
            &two_period_query(
                p,
                TrendMeasure::Incidents,
                vec![TrendField::Kind, TrendField::Nationality],
            ),
        )
        .await?;
    let mut blocks = Vec::new();
    if let Some(t) = b.breakdown(
        "kind",
        "incidents of the kind",
        "kind",
        "Incidents by kind",
        &kinds,
        None,
    ) {
        blocks.push(Block::Table(t));
    }
    b.section(1, "Incident kinds", true, blocks);
    for code in lintas_model::codes::INCIDENT_KIND.codes {
        let kind = code.code;
        let name = format!("kind.{kind}");
        if !b.names.contains(&name) {
            continue;
        }
        let mut blocks = vec![Block::Paragraph(
            Paragraph::text(format!("{}: ", code.label))
                .f(&name)
                .t(" incidents (")
                .f(format!("{name}.change_pct"))
                .t(format!(" on {}).", p.previous_label)),
        )];
        let mut by_nat = kind_nat.clone();
        by_nat
            .series
            .retain(|s| s.strata.first().map(String::as_str) == Some(kind));
        if let Some(t) = b.breakdown(
            "kind_nationality",
            "incidents involving persons of the nationality",
            "kind · nationality",
            &format!("{} by nationality of the persons involved", code.label),
            &by_nat,
            Some(BODY_ROWS),
        ) {
            blocks.push(Block::Table(t));
        }
        if let Some(c) = b.monthly_chart(
            "kind.monthly",
            "incidents of the kind per month",
            &format!("{} per month", code.label),
            &kinds_monthly,
            &[kind],
            ChartKind::Line,
        ) {
            blocks.push(Block::Chart(c));
        }
        b.section(2, code.label, false, blocks);
    }

    // Facilitators and networks.
    let roles = store
        .trend_series(
            principal,
            &two_period_query(p, TrendMeasure::Incidents, vec![TrendField::Role]),
        )
        .await?;
    let tags = store
        .trend_series(
            principal,
            &two_period_query(p, TrendMeasure::Incidents, vec![TrendField::Tag]),
        )
        .await?;
    let mut blocks = vec![Block::Paragraph(Paragraph::text(
        "Incidents by the roles of the persons named in them (an incident naming a facilitator and an organiser counts once in each) and by modus operandi.",
    ))];
    if let Some(t) = b.breakdown(
        "role",
        "incidents naming a person in the role",
        "role",
        "Incidents by role of the persons named",
        &roles,
        None,
    ) {
        blocks.push(Block::Table(t));
    }
    if let Some(t) = b.breakdown(
        "tag",
        "incidents with the modus operandi",
        "modus operandi",
        "Incidents by modus operandi",
        &tags,
        None,
    ) {
        blocks.push(Block::Table(t));
    }
    match store.networks(principal).await {
        Ok(analysis) => {
            let overlaps = |first: &str, last: &str| {
                let f = lintas_store::period_days(first).map(|d| d.0).ok();
                let l = lintas_store::period_days(last).map(|d| d.1).ok();
                matches!((f, l), (Some(f), Some(l)) if f <= p.last && l >= p.first)
            };
            let active: Vec<_> = analysis
                .networks
                .iter()
                .filter(|n| overlaps(&n.first_occurred, &n.last_occurred))
                .collect();
            let cross = active
                .iter()
                .filter(|n| n.reporting_states.len() > 1)
                .count();
            let all = b.add(Figure::count(
                "networks.total",
                analysis.networks.len() as u64,
                "networks (incidents joined by shared persons, phones, boats or accounts) in all the data the caller may see",
            ));
            let act = b.add(Figure::count(
                "networks.active",
                active.len() as u64,
                format!("networks with an incident in {}", p.label),
            ));
            let cb = b.add(Figure::count(
                "networks.active_cross_border",
                cross as u64,
                format!("networks with an incident in {} whose incidents were reported by more than one member", p.label),
            ));
            blocks.push(Block::Paragraph(
                Paragraph::text("Of ")
                    .f(&all)
                    .t(" networks found by linking incidents, ")
                    .f(&act)
                    .t(" were active in the period; ")
                    .f(&cb)
                    .t(" of them join incidents reported by more than one member."),
            ));
        }
        Err(Error::Forbidden(_)) => blocks.push(Block::Paragraph(Paragraph::text(
            "Network analysis is not open to this role; networks are not counted here.",
        ))),
        Err(e) => return Err(e),
    }
    b.section(1, "Facilitators and networks", true, blocks);

    // SAR and deaths at sea.
    let mut blocks = vec![Block::Paragraph(
        Paragraph::text("Search-and-rescue incidents: ")
            .f(&sar.get("sar_incidents").cloned().unwrap_or_default()[0])
            .t("; people rescued: ")
            .f(&sar.get("sar_rescued").cloned().unwrap_or_default()[0])
            .t("; found dead: ")
            .f(&dead[0])
            .t("; missing: ")
            .f(&missing[0])
            .t(". Deaths and disappearances are those recorded in SAR incidents by the SAR region."),
    )];
    for (m, label) in [
        (
            TrendMeasure::SarDead,
            "People found dead at sea by SAR region",
        ),
        (
            TrendMeasure::SarMissing,
            "People missing at sea by SAR region",
        ),
    ] {
        let set = store
            .trend_series(
                principal,
                &two_period_query(p, m, vec![TrendField::Country]),
            )
            .await?;
        if let Some(t) = b.breakdown(
            &format!("{}.region", m.name()),
            "people",
            "SAR region",
            label,
            &set,
            None,
        ) {
            blocks.push(Block::Table(t));
        }
    }
    let mut monthly_sar = Vec::new();
    for m in [TrendMeasure::SarDead, TrendMeasure::SarMissing] {
        let mut set = store
            .trend_series(principal, &monthly_query(p, m, Vec::new()))
            .await?;
        for s in &mut set.series {
            s.name = m.name().trim_start_matches("sar_").into();
        }
        monthly_sar.push(set);
    }
    if let [dead_m, missing_m] = monthly_sar.as_slice() {
        let mut both = dead_m.clone();
        both.series.extend(missing_m.series.iter().cloned());
        if let Some(c) = b.monthly_chart(
            "sar.monthly",
            "people found dead or missing at sea per month",
            "People found dead and missing at sea per month",
            &both,
            &["dead", "missing"],
            ChartKind::Line,
        ) {
            blocks.push(Block::Chart(c));
        }
    }
    b.section(1, "Search and rescue, deaths at sea", true, blocks);

    // Document fraud.
    let mut blocks = vec![Block::Paragraph(
        Paragraph::text("Document-fraud incidents: ")
            .f(&fraud_figs[0])
            .t(" (")
            .f(&fraud_figs[2])
            .t(format!(
                " on {}), by how the document was abused and where it was detected.",
                p.previous_label
            )),
    )];
    for (field, prefix, heading, caption) in [
        (
            TrendField::Tag,
            "document_fraud.tag",
            "modus operandi",
            "Document fraud by modus operandi",
        ),
        (
            TrendField::Country,
            "document_fraud.country",
            "detected in",
            "Document fraud by country of detection",
        ),
        (
            TrendField::Nationality,
            "document_fraud.nationality",
            "nationality",
            "Document fraud by nationality of the persons involved",
        ),
    ] {
        let mut q = two_period_query(p, TrendMeasure::Incidents, vec![field]);
        q.kinds = vec!["document_fraud".into()];
        let set = store.trend_series(principal, &q).await?;
        if let Some(t) = b.breakdown(
            prefix,
            "document-fraud incidents",
            heading,
            caption,
            &set,
            Some(BODY_ROWS),
        ) {
            blocks.push(Block::Table(t));
        }
    }
    let mut q = monthly_query(p, TrendMeasure::Incidents, Vec::new());
    q.kinds = vec!["document_fraud".into()];
    let fraud_monthly = store.trend_series(principal, &q).await?;
    if let Some(c) = b.monthly_chart(
        "document_fraud.monthly",
        "document-fraud incidents per month",
        "Document-fraud incidents per month",
        &fraud_monthly,
        &["all"],
        ChartKind::Bar,
    ) {
        blocks.push(Block::Chart(c));
    }
    b.section(1, "Document fraud", true, blocks);

    // Alerts.
    let mut blocks = vec![Block::Paragraph(
        Paragraph::text("Each route's monthly count was tested against its own history; ")
            .f(&alert_count)
            .t(" route-months rose above the upper bound and were kept after controlling the false discovery rate across ")
            .f(&routes_evaluated)
            .t(" routes."),
    )];
    let mut rows = Vec::new();
    for d in &alerts {
        let key = format!("alert.{}.{}", d.series, d.period);
        let obs = b.add(Figure::count(
            format!("{key}.observed"),
            d.observed,
            format!("incidents on {} in {}", d.series, d.period),
        ));
        let exp = b.add(Figure::decimal(
            format!("{key}.expected"),
            d.expected,
            format!(
                "expected incidents on {} in {} ({})",
                d.series,
                d.period,
                d.method.name()
            ),
        ));
        let up = b.add(Figure::decimal(
            format!("{key}.upper"),
            d.upper,
            format!(
                "upper bound for {} in {} ({}, alpha {})",
                d.series,
                d.period,
                d.method.name(),
                ALPHA
            ),
        ));
        rows.push(vec![
            Cell::Text(d.series.clone()),
            Cell::Text(d.period.to_string()),
            Cell::Text(d.method.name().into()),
            Cell::Figure(obs),
            Cell::Figure(exp),
            Cell::Figure(up),
        ]);
    }
    if !rows.is_empty() {
        blocks.push(Block::Table(Table {
            caption: "Alerts of the period".into(),
            columns: [
                "route",
                "month",
                "method",
                "observed",
                "expected",
                "upper bound",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }));
    }
    let mut charted: Vec<&str> = Vec::new();
    for d in &alerts {
        if charted.len() >= ALERT_CHARTS || charted.contains(&d.series.as_str()) {
            continue;
        }
        charted.push(&d.series);
        let Some(result) = run.results.iter().find(|r| r.name == d.series) else {
            continue;
        };
        let Some(mut chart) = b.monthly_chart(
            "route.monthly",
            "incidents on the route per month",
            &format!(
                "Alert on {}: counts, expected and upper bound ({})",
                d.series,
                result.method.name()
            ),
            &route_monthly,
            &[d.series.as_str()],
            ChartKind::Line,
        ) else {
            continue;
        };
        let mut expected = vec![None; chart.periods.len()];
        let mut upper = vec![None; chart.periods.len()];
        for det in &result.detections {
            let label = det.period.to_string();
            if let Some(i) = chart.periods.iter().position(|l| *l == label) {
                let key = format!("alert.{}.{label}", d.series);
                b.add(Figure::decimal(
                    format!("{key}.expected"),
                    det.expected,
                    format!(
                        "expected incidents on {} in {label} ({})",
                        d.series,
                        det.method.name()
                    ),
                ));
                b.add(Figure::decimal(
                    format!("{key}.upper"),
                    det.upper,
                    format!(
                        "upper bound for {} in {label} ({}, alpha {})",
                        d.series,
                        det.method.name(),
                        ALPHA
                    ),
                ));
                expected[i] = det.expected.map(|v| (v * 10.0).round() / 10.0);
                upper[i] = det.upper.map(|v| (v * 10.0).round() / 10.0);
                if det.alarm_fdr {
                    chart.alarms.push(i);
                }
            }
        }
        chart.series.push(ChartSeries {
            label: "expected".into(),
            values: expected,
            dashed: true,
        });
        chart.series.push(ChartSeries {
            label: "upper bound".into(),
            values: upper,
            dashed: true,
        });
        blocks.push(Block::Chart(chart));
    }
    b.section(1, "Alerts of the period", true, blocks);

    // Work plan (annual report).
    if p.kind == ReportKind::Annual {
        let mut blocks = Vec::new();
        if workplan.is_empty() {
            blocks.push(Block::Paragraph(Paragraph::text(
                "No work-plan activities are recorded for the year.",
            )));
        } else {
            let mut rows = Vec::new();
            for (i, a) in workplan.iter().enumerate() {
                let key = format!("workplan.{}", i + 1);
                let w = b.add(Figure::count(
                    format!("{key}.participants_women"),
                    a.participants_women,
                    format!("women taking part in `{}`", a.title),
                ));
                let m = b.add(Figure::count(
                    format!("{key}.participants_men"),
                    a.participants_men,
                    format!("men taking part in `{}`", a.title),
                ));
                let t = b.add(Figure::count(
                    format!("{key}.target_outputs"),
                    a.target_outputs,
                    format!("outputs planned for `{}`", a.title),
                ));
                let d = b.add(Figure::count(
                    format!("{key}.delivered_outputs"),
                    a.delivered_outputs,
                    format!("outputs delivered by `{}`", a.title),
                ));
                rows.push(vec![
                    Cell::Text(a.title.clone()),
                    Cell::Text(a.kind.clone()),
                    Cell::Figure(w),
                    Cell::Figure(m),
                    Cell::Figure(t),
                    Cell::Figure(d),
                ]);
            }
            blocks.push(Block::Table(Table {
                caption: "Work-plan progress".into(),
                columns: [
                    "activity",
                    "kind",
                    "women",
                    "men",
                    "outputs planned",
                    "delivered",
                ]
                .map(String::from)
                .to_vec(),
                rows,
            }));
        }
        b.section(1, "Work-plan progress", true, blocks);
    }

    // Statistical annex.
    let mut blocks = vec![Block::Paragraph(Paragraph::text(
        "Incidents by each coded field, all values. Fields with several values per incident (transit countries, nationalities, sexes, modes) count an incident once in each of its values, so their rows add up to more than the total.",
    ))];
    for (field, heading, caption) in [
        (
            TrendField::Member,
            "member",
            "Incidents by reporting member",
        ),
        (
            TrendField::Origin,
            "origin",
            "Incidents by country of origin",
        ),
        (
            TrendField::Transit,
            "transit",
            "Incidents by transit country",
        ),
        (
            TrendField::Destination,
            "destination",
            "Incidents by destination",
        ),
        (
            TrendField::Country,
            "place",
            "Incidents by place of the incident",
        ),
        (TrendField::Mode, "mode", "Incidents by transport mode"),
        (
            TrendField::Nationality,
            "nationality",
            "Incidents by nationality of the persons involved",
        ),
        (
            TrendField::Sex,
            "sex",
            "Incidents by sex of the persons involved",
        ),
    ] {
        let set = store
            .trend_series(
                principal,
                &two_period_query(p, TrendMeasure::Incidents, vec![field]),
            )
            .await?;
        if let Some(t) = b.breakdown(
            &format!("annex.{}", field.name()),
            "incidents",
            heading,
            caption,
            &set,
            None,
        ) {
            blocks.push(Block::Table(t));
        }
    }
    b.section(1, "Statistical annex", true, blocks);

    // Methods.
    let threshold = b.add(Figure::parameter(
        "method.suppression_threshold",
        totals.suppress_below as f64,
        "cells holding fewer records shared only as aggregate than this are suppressed",
    ));
    let alpha = b.add(Figure::parameter(
        "method.alpha",
        ALPHA,
        "significance of each alert test, and the false discovery rate across routes",
    ));
    let years = b.add(Figure::parameter(
        "method.farrington_years",
        FARRINGTON_YEARS,
        "years of monthly history after which Farrington flexible replaces EARS",
    ));
    let counted = b.add(Figure::count(
        "data.counted",
        totals.counted,
        format!("incidents counted in {} and {}", p.previous_label, p.label),
    ));
    let imprecise = b.add(Figure::count(
        "data.imprecise_excluded",
        totals.imprecise_excluded,
        format!(
            "incidents left out of {} and {}: their date is known less precisely than one period",
            p.previous_label, p.label
        ),
    ));
    let suppressed = b.add(Figure::count(
        "data.suppressed_cells",
        totals.suppressed_cells,
        "headline cells suppressed as small aggregate cells",
    ));
    let blocks = vec![
        Block::Paragraph(
            Paragraph::text("Every number in this report is a named figure with its definition in the report's data file; each is a count over the incidents and search-and-rescue records the reader's organisation may see, plus other members' records shared only as aggregates. A cell with fewer than ")
                .f(&threshold)
                .t(" aggregate-only records is suppressed and shown as n/a, as statistical offices do."),
        ),
        Block::Paragraph(
            Paragraph::text("Counts are by date of occurrence. ")
                .f(&counted)
                .t(" incidents were counted for the two periods compared; ")
                .f(&imprecise)
                .t(" were left out because their date is known less precisely than one period, and ")
                .f(&suppressed)
                .t(" headline cells were suppressed."),
        ),
        Block::Paragraph(
            Paragraph::text("Alerts come from outbreak-detection methods used in public-health surveillance: EARS C1 to C3 for short histories, Farrington flexible (with Noufaily's improvements) where ")
                .f(&years)
                .t(" years of history exist, at significance ")
                .f(&alpha)
                .t(", with the Benjamini–Hochberg procedure across routes. An alert is a signal to look at, not a finding."),
        ),
        Block::List(vec![
            Paragraph::text("Reporting is uneven: members differ in what they detect, record and share, and when; a rise can mean more activity or more reporting."),
            Paragraph::text("Recent periods fill in as late records arrive; the latest counts are the least complete."),
            Paragraph::text("Changes on small numbers swing widely and say little; read them with the counts."),
            Paragraph::text("Persons are counted through the incidents that name them; the same person in two incidents counts twice."),
        ]),
    ];
    b.section(1, "Methods and caveats", true, blocks);

    Ok(Report {
        title: p.kind.title().into(),
        subtitle: p.words(),
        scope,
        footer: format!("Lintas · {} {}", p.kind.title(), p.label),
        figures: b.figures,
        sections: b.sections,
    })
}
