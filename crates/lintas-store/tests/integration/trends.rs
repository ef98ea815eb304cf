//! Indicators (`Store::trend_series`) against counts computed here, independently, from the
//! incidents inserted: visibility, imprecise dates, multi-valued strata, ISO weeks and the
//! suppression of small aggregate cells, on both backends.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use lintas_model::import::Row;
use lintas_model::{Incident, PartialDate, Person, Place, Role, Route, Sharing};
use lintas_store::{
    Error, Principal, Store, TrendField, TrendInterval, TrendMeasure, TrendQuery, TrendSet,
};

use crate::common::TestStore;
use crate::on_both_backends;
use crate::store::principal;

on_both_backends! {
    trend_counts_equal_an_independent_tally => trend_counts_equal_an_independent_tally;
    trend_aggregate_cells_are_suppressed => trend_aggregate_cells_are_suppressed;
    trend_roles_and_bad_queries => trend_roles_and_bad_queries;
}

const KINDS: [&str; 3] = ["smuggling", "trafficking", "maritime"];
const NATIONS: [&str; 4] = ["AFG", "MMR", "LKA", "IRN"];
const TRANSIT: [&str; 3] = ["MYS", "THA", "IDN"];

/// A small seeded generator (the test's own, so the expected counts do not depend on a crate).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn incident(kind: &str, date: &str, sharing: &str, nations: &[&str], transit: &[&str]) -> Incident {
    Incident {
        kind: kind.into(),
        occurred_on: PartialDate::parse(date).unwrap(),
        place: Place {
            country: "IDN".into(),
            ..Default::default()
        },
        route: Route {
            origin: Some("AFG".into()),
            transit: transit.iter().map(|s| s.to_string()).collect(),
            destination: Some("AUS".into()),
        },
        modes: vec!["sea".into()],
        tags: vec![],
        counts: Default::default(),
        fee: None,
        persons: nations
            .iter()
            .map(|n| Person {
                given_names: "Ali".into(),
                nationality: Some(n.to_string()),
                role: "migrant".into(),
                ..Default::default()
            })
            .collect(),
        identifiers: vec![],
        narrative: String::new(),
        external_ref: None,
        sharing: Sharing {
            level: sharing.into(),
            states: vec![],
        },
    }
}

/// `n` incidents over 2024–2025: mostly known to the day, some to the month or the year.
fn generate(rng: &mut Lcg, n: usize, sharing: &[&str]) -> Vec<Incident> {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    (0..n)
        .map(|k| {
            let day = start + chrono::Duration::days(rng.next(730) as i64);
            let date = match rng.next(10) {
                0 => day.format("%Y-%m").to_string(),
                1 => day.format("%Y").to_string(),
                _ => day.format("%Y-%m-%d").to_string(),
            };
            let nations: Vec<&str> = (0..rng.next(3))
                .map(|_| NATIONS[rng.next(4) as usize])
                .collect();
            let transit: Vec<&str> = (0..rng.next(3))
                .map(|_| TRANSIT[rng.next(3) as usize])
                .collect();
            let mut i = incident(
                KINDS[rng.next(3) as usize],
                &date,
                sharing[rng.next(sharing.len() as u64) as usize],
                &nations,
                &transit,
            );
            // Distinct references: identical generated rows are still distinct incidents.
            i.external_ref = Some(format!("T-{k}"));
            i
        })
        .collect()
}

async fn import(s: &Store, p: &Principal, incidents: &[Incident]) {
    let rows = incidents
        .iter()
        .enumerate()
        .map(|(i, inc)| Row {
            line: i as u64 + 1,
            record: Ok(inc.clone()),
        })
        .collect();
    let report = s.importer(p).unwrap().import_batch(rows).await.unwrap();
    assert_eq!(report.outcome.invalid, 0, "{:?}", report.errors);
}

/// The bin label of `d` at `interval`, computed with chrono's own formats.
fn label(d: NaiveDate, interval: TrendInterval) -> String {
    match interval {
        TrendInterval::Week => d.format("%G-W%V").to_string(),
        TrendInterval::Month => d.format("%Y-%m").to_string(),
        TrendInterval::Quarter => format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
        TrendInterval::Year => d.format("%Y").to_string(),
    }
}

/// (series name, period) → count, and the number of incidents left out as imprecise.
fn tally(
    incidents: &[&Incident],
    interval: TrendInterval,
    strata: impl Fn(&Incident) -> Vec<String>,
) -> (BTreeMap<(String, String), u64>, u64) {
    let mut out = BTreeMap::new();
    let mut imprecise = 0;
    for i in incidents {
        let (a, b) = (
            label(i.occurred_on.first_day(), interval),
            label(i.occurred_on.last_day(), interval),
        );
        if a != b {
            imprecise += 1;
            continue;
        }
        let mut names = strata(i);
        names.sort();
        names.dedup();
        for name in names {
            *out.entry((name, a.clone())).or_default() += 1;
        }
    }
    (out, imprecise)
}

/// The set's non-zero cells as (series, period) → count.
fn cells(set: &TrendSet) -> BTreeMap<(String, String), u64> {
    let mut out = BTreeMap::new();
    for s in &set.series {
        assert_eq!(s.cells.len(), set.periods.len());
        for (p, c) in set.periods.iter().zip(&s.cells) {
            assert!(!c.suppressed, "{} {p}", s.name);
            let n = c.count.unwrap();
            if n > 0 {
                out.insert((s.name.clone(), p.clone()), n);
            }
        }
    }
    out
}

async fn trend_counts_equal_an_independent_tally(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "POLRI", Role::Officer).await;
    let tha = principal(s, "THA", "RTP", Role::Officer).await;
    let analyst = principal(s, "IDN", "POLRI", Role::Analyst).await;
    let mut rng = Lcg(16);
    let own = generate(&mut rng, 300, &["national", "regional"]);
    let theirs = generate(&mut rng, 200, &["national", "regional"]);
    import(s, &idn, &own).await;
    import(s, &tha, &theirs).await;
    // What IDN may see: all its own, THA's regional ones (never THA's national ones).
    let visible: Vec<&Incident> = own
        .iter()
        .chain(theirs.iter().filter(|i| i.sharing.level == "regional"))
        .collect();
    let owner = |i: &Incident| {
        if own.iter().any(|o| std::ptr::eq(o, i)) {
            "IDN"
        } else {
            "THA"
        }
    };

    for interval in [
        TrendInterval::Week,
        TrendInterval::Month,
        TrendInterval::Quarter,
        TrendInterval::Year,
    ] {
        let set = s
            .trend_series(
                &analyst,
                &TrendQuery::new(vec![TrendField::Member, TrendField::Kind], interval),
            )
            .await
            .unwrap();
        let (want, imprecise) = tally(&visible, interval, |i| {
            vec![format!("{}/{}", owner(i), i.kind)]
        });
        assert_eq!(cells(&set), want, "{interval:?}");
        assert_eq!(set.imprecise_excluded, imprecise, "{interval:?}");
        assert_eq!(set.counted + imprecise, visible.len() as u64);
        assert!(imprecise > 0 || interval == TrendInterval::Year);
        // Consecutive periods: the first and last with data, nothing missing between.
        let first = want.keys().map(|k| k.1.clone()).min().unwrap();
        let last = want.keys().map(|k| k.1.clone()).max().unwrap();
        assert_eq!(set.periods.first(), Some(&first));
        assert_eq!(set.periods.last(), Some(&last));
        let mut sorted = set.periods.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), set.periods.len());
    }

    // Multi-valued strata from the document: an incident counts once per distinct value.
    let set = s
        .trend_series(
            &analyst,
            &TrendQuery::new(vec![TrendField::Nationality], TrendInterval::Month),
        )
        .await
        .unwrap();
    let (want, _) = tally(&visible, TrendInterval::Month, |i| {
        let mut v: Vec<String> = i
            .persons
            .iter()
            .filter_map(|p| p.nationality.clone())
            .collect();
        if v.is_empty() {
            v.push("unknown".into());
        }
        v
    });
    assert_eq!(cells(&set), want);
    let set = s
        .trend_series(
            &analyst,
            &TrendQuery::new(vec![TrendField::Transit], TrendInterval::Quarter),
        )
        .await
        .unwrap();
    let (want, _) = tally(&visible, TrendInterval::Quarter, |i| {
        let mut v = i.route.transit.clone();
        if v.is_empty() {
            v.push("none".into());
        }
        v
    });
    assert_eq!(cells(&set), want);

    // A range and a kind filter: only those bins, and the range's bins all present.
    let mut q = TrendQuery::new(vec![], TrendInterval::Month);
    q.from = Some(NaiveDate::from_ymd_opt(2024, 3, 10).unwrap());
    q.to = Some(NaiveDate::from_ymd_opt(2024, 8, 2).unwrap());
    q.kinds = vec!["trafficking".into()];
    let set = s.trend_series(&analyst, &q).await.unwrap();
    assert_eq!(
        set.periods,
        [
            "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08"
        ]
    );
    let in_range: Vec<&Incident> = visible
        .iter()
        .copied()
        .filter(|i| i.kind == "trafficking")
        .filter(|i| {
            let m = label(i.occurred_on.first_day(), TrendInterval::Month);
            m.as_str() >= "2024-03" && m.as_str() <= "2024-08"
        })
        .collect();
    let (want, _) = tally(&in_range, TrendInterval::Month, |_| vec!["all".into()]);
    assert_eq!(cells(&set), want);
}

async fn trend_aggregate_cells_are_suppressed(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "POLRI", Role::Officer).await;
    let tha = principal(s, "THA", "RTP", Role::Officer).await;
    let idn_analyst = principal(s, "IDN", "POLRI", Role::Analyst).await;
    let tha_analyst = principal(s, "THA", "RTP", Role::Analyst).await;
    let rso = principal(s, "RSO", "RSO", Role::RegionalAnalyst).await;
    let at = |date: &str, sharing: &str| incident("smuggling", date, sharing, &["AFG"], &[]);
    // THA: 3 aggregate in January (too few to show), 6 in February, 2 more plus 2 regional
    // in March; one national in March that nobody else may count.
    let mut rows = Vec::new();
    rows.extend((0..3).map(|d| at(&format!("2025-01-{:02}", d + 1), "aggregate")));
    rows.extend((0..6).map(|d| at(&format!("2025-02-{:02}", d + 1), "aggregate")));
    rows.extend((0..2).map(|d| at(&format!("2025-03-{:02}", d + 1), "aggregate")));
    rows.extend((0..2).map(|d| at(&format!("2025-03-{:02}", d + 10), "regional")));
    rows.push(at("2025-03-20", "national"));
    import(s, &tha, &rows).await;
    // IDN: a national and a bilateral-with-RSO one in March.
    let mut bilateral = at("2025-03-05", "bilateral");
    bilateral.sharing.states = vec!["RSO".into()];
    import(s, &idn, &[at("2025-03-04", "national"), bilateral]).await;

    let q = TrendQuery::new(vec![TrendField::Member], TrendInterval::Month);
    let by_member = |set: &TrendSet| -> BTreeMap<String, Vec<(Option<u64>, bool)>> {
        set.series
            .iter()
            .map(|x| {
                (
                    x.name.clone(),
                    x.cells.iter().map(|c| (c.count, c.suppressed)).collect(),
                )
            })
            .collect()
    };
    let idn_view = s.trend_series(&idn_analyst, &q).await.unwrap();
    assert_eq!(idn_view.periods, ["2025-01", "2025-02", "2025-03"]);
    let m = by_member(&idn_view);
    assert_eq!(
        m["THA"],
        [(None, true), (Some(6), false), (None, true)],
        "January: 3 aggregate; March: 2 regional + 2 aggregate"
    );
    assert_eq!(
        m["IDN"],
        [(Some(0), false), (Some(0), false), (Some(2), false)]
    );
    assert_eq!(idn_view.suppressed_cells, 2);
    // What detection gets for a suppressed cell: the regional part only.
    let tha_series = idn_view.series.iter().find(|x| x.name == "THA").unwrap();
    assert_eq!(
        tha_series.cells.iter().map(|c| c.lower).collect::<Vec<_>>(),
        [0, 6, 2]
    );

    // The owner sees its own records in full.
    let m = by_member(&s.trend_series(&tha_analyst, &q).await.unwrap());
    assert_eq!(
        m["THA"],
        [(Some(3), false), (Some(6), false), (Some(5), false)]
    );
    assert!(
        !m.contains_key("IDN"),
        "IDN's national record is not THA's to count"
    );

    // The RSO: regional and aggregate data only; the bilateral record shared with it is not
    // counted, IDN's national one neither.
    let rso_view = s.trend_series(&rso, &q).await.unwrap();
    let m = by_member(&rso_view);
    assert_eq!(m["THA"], [(None, true), (Some(6), false), (None, true)]);
    assert!(!m.contains_key("IDN"), "{m:?}");

    // A larger threshold suppresses more; a smaller one is raised to the default.
    let mut strict = q.clone();
    strict.suppress_below = 10;
    let m = by_member(&s.trend_series(&idn_analyst, &strict).await.unwrap());
    assert_eq!(m["THA"], [(None, true), (None, true), (None, true)]);
    let mut lax = q.clone();
    lax.suppress_below = 1;
    let set = s.trend_series(&idn_analyst, &lax).await.unwrap();
    assert_eq!(set.suppress_below, 5);
    assert_eq!(set.suppressed_cells, 2);
}

async fn trend_roles_and_bad_queries(t: TestStore) {
    let s = &t.store;
    let viewer = principal(s, "IDN", "POLRI", Role::Viewer).await;
    let admin = principal(s, "IDN", "POLRI", Role::Admin).await;
    let q = TrendQuery::new(vec![TrendField::Kind], TrendInterval::Week);
    assert!(matches!(
        s.trend_series(&viewer, &q).await,
        Err(Error::Forbidden(_))
    ));
    let empty = s.trend_series(&admin, &q).await.unwrap();
    assert!(empty.series.is_empty() && empty.periods.is_empty());
    let mut sar = TrendQuery::new(vec![TrendField::Nationality], TrendInterval::Month);
    sar.measure = TrendMeasure::SarDead;
    assert!(matches!(
        s.trend_series(&admin, &sar).await,
        Err(Error::BadRequest(_))
    ));
    let mut backwards = q.clone();
    backwards.from = NaiveDate::from_ymd_opt(2025, 2, 1);
    backwards.to = NaiveDate::from_ymd_opt(2025, 1, 1);
    assert!(matches!(
        s.trend_series(&admin, &backwards).await,
        Err(Error::BadRequest(_))
    ));
}
