//! The alert inbox (issue 16): a detection run over stored indicators raises an alert per
//! alarm (member, series definition, series, period), once; confirmed outbreaks are left out
//! of later baselines; alerts in the states of one route in the same period are shown as one
//! route alert. Shared by `lintas trends detect --store-alerts`, `lintas alerts run`, the
//! server's periodic run and the `/alerts` pages.

use std::collections::BTreeMap;

use lintas_model::alerts::{AlertFinding, StoredAlert};
use lintas_stats::{Detection, Options, Period};
use lintas_store::{
    AlertFilter, AlertsRaised, Error, PageLimit, Principal, Result, Store, TrendField,
    TrendInterval, TrendQuery,
};

use crate::trends::{TrendRun, detect_stored};

/// What one detection run found and raised.
#[derive(Debug, Clone)]
pub struct AlertRun {
    /// The counts and every detection result.
    pub run: TrendRun,
    /// New and already raised alerts.
    pub raised: AlertsRaised,
    /// Confirmed outbreak periods left out of the baselines.
    pub excluded_periods: usize,
}

/// The alarms of a run as alert findings of `scope`.
pub fn findings(run: &TrendRun, scope: &str) -> Vec<AlertFinding> {
    let mut out = Vec::new();
    for (r, s) in run.results.iter().zip(&run.set.series) {
        for d in r.detections.iter().filter(|d| d.alarm) {
            out.push(finding(d, scope, &s.strata));
        }
    }
    out
}

fn finding(d: &Detection, scope: &str, strata: &[String]) -> AlertFinding {
    let start = d.period.start();
    let end = d
        .period
        .next()
        .and_then(|n| n.start().previous_day())
        .unwrap_or(start);
    AlertFinding {
        scope: scope.to_string(),
        series: d.series.clone(),
        strata: strata.to_vec(),
        period: d.period.to_string(),
        period_start: start.to_string(),
        period_end: end.to_string(),
        observed: d.observed,
        expected: d.expected,
        upper: d.upper,
        method: d.method.name().to_string(),
        baseline_from: d.baseline.map(|b| b.0.to_string()),
        baseline_to: d.baseline.map(|b| b.1.to_string()),
        score: d.score,
        p_value: d.p_value,
        alarm: d.alarm,
        alarm_fdr: d.alarm_fdr,
        reason: d.reason.clone(),
    }
}

/// Runs detection over `query` as `principal` (confirmed outbreaks of the same series
/// definition left out of the baselines) and raises an alert for every alarm not raised
/// before. Re-running with the same data raises nothing new.
pub async fn run_detection(
    store: &Store,
    principal: &Principal,
    query: &TrendQuery,
    mut options: Options,
) -> Result<AlertRun> {
    let scope = query.scope();
    let mut excluded_periods = 0;
    for (series, labels) in store.confirmed_periods(principal, &scope).await? {
        let periods: Vec<Period> = labels
            .iter()
            .filter_map(|l| Period::parse(l).ok())
            .collect();
        excluded_periods += periods.len();
        options.exclude.insert(series, periods);
    }
    let run = detect_stored(store, principal, query, options).await?;
    let raised = store
        .raise_alerts(principal, &findings(&run, &scope))
        .await?;
    Ok(AlertRun {
        run,
        raised,
        excluded_periods,
    })
}

/// The series definitions the periodic run covers, and how far back it evaluates: every
/// member's monthly counts (and by kind), and weekly counts per member. Evaluating the last
/// year each time is idempotent; it catches alarms that appear once late reports arrive.
pub fn standard_queries() -> Vec<(TrendQuery, usize)> {
    vec![
        (
            TrendQuery::new(vec![TrendField::Member], TrendInterval::Month),
            12,
        ),
        (
            TrendQuery::new(
                vec![TrendField::Member, TrendField::Kind],
                TrendInterval::Month,
            ),
            12,
        ),
        (
            TrendQuery::new(vec![TrendField::Member], TrendInterval::Week),
            26,
        ),
    ]
}

/// Runs every standard query as `principal`, evaluating the last periods up to `today`'s.
pub async fn run_standard(
    store: &Store,
    principal: &Principal,
    today: chrono::NaiveDate,
    alpha: f64,
) -> Result<AlertsRaised> {
    let today = to_time(today)?;
    let mut total = AlertsRaised::default();
    for (q, back) in standard_queries() {
        let interval = crate::trends::stats_interval(q.interval)?;
        let mut from = Period::containing(interval, today);
        for _ in 0..back.saturating_sub(1) {
            from = previous(from).ok_or_else(|| Error::BadRequest("period underflow".into()))?;
        }
        let options = Options {
            alpha,
            from: Some(from),
            ..Options::default()
        };
        let r = run_detection(store, principal, &q, options).await?;
        total.raised += r.raised.raised;
        total.already += r.raised.already;
    }
    Ok(total)
}

fn to_time(d: chrono::NaiveDate) -> Result<time::Date> {
    use chrono::Datelike;
    let month =
        time::Month::try_from(d.month() as u8).map_err(|e| Error::BadRequest(e.to_string()))?;
    time::Date::from_calendar_date(d.year(), month, d.day() as u8)
        .map_err(|e| Error::BadRequest(e.to_string()))
}

fn previous(p: Period) -> Option<Period> {
    let day = p.start().previous_day()?;
    Some(Period::containing(p.interval(), day))
}

/// Alerts in the states along one route in one period, shown as one.
#[derive(Debug, Clone)]
pub struct RouteAlert {
    /// The period.
    pub period: String,
    /// Origin, transit countries, destination.
    pub route: Vec<String>,
    /// The member alerts on it, in route order.
    pub alerts: Vec<StoredAlert>,
}

/// The inbox: route alerts and the alerts not on any.
#[derive(Debug, Clone, Default)]
pub struct Inbox {
    pub routes: Vec<RouteAlert>,
    pub single: Vec<StoredAlert>,
    /// More alerts than one inbox shows exist.
    pub truncated: bool,
}

/// The country an alert is about, when its series is stratified by one (member, place,
/// origin, transit or destination).
pub fn alert_country(a: &StoredAlert) -> Option<String> {
    let q = TrendQuery::from_scope(&a.finding.scope).ok()?;
    q.by.iter()
        .zip(&a.finding.strata)
        .find(|(f, _)| {
            matches!(
                f,
                TrendField::Member
                    | TrendField::Country
                    | TrendField::Origin
                    | TrendField::Transit
                    | TrendField::Destination
            )
        })
        .map(|(_, v)| v.clone())
        .filter(|v| v.len() == 3 && v.chars().all(|c| c.is_ascii_uppercase()))
}

/// Groups alerts of one series definition and period whose countries lie on one route that
/// their incidents took (`routes`: per alert id, the routes of its visible incidents). The
/// grouping key also holds the strata other than the country, so `IDN/smuggling` and
/// `MYS/smuggling` group, `MYS/trafficking` does not join them.
pub fn group_by_route(
    alerts: Vec<StoredAlert>,
    routes: &BTreeMap<uuid::Uuid, Vec<Vec<String>>>,
) -> (Vec<RouteAlert>, Vec<StoredAlert>) {
    type Key = (String, String, Vec<String>);
    let mut families: BTreeMap<Key, Vec<(StoredAlert, String)>> = BTreeMap::new();
    let mut single = Vec::new();
    for a in alerts {
        match alert_country(&a) {
            Some(c) => {
                let rest: Vec<String> = a
                    .finding
                    .strata
                    .iter()
                    .filter(|s| **s != c)
                    .cloned()
                    .collect();
                families
                    .entry((a.finding.scope.clone(), a.finding.period.clone(), rest))
                    .or_default()
                    .push((a, c));
            }
            None => single.push(a),
        }
    }
    let mut grouped = Vec::new();
    for ((_, period, _), mut members) in families {
        loop {
            // The route covering the most not-yet-grouped members' countries.
            let mut best: Option<(Vec<String>, Vec<usize>)> = None;
            for (a, _) in &members {
                for route in routes.get(&a.id).into_iter().flatten() {
                    let on: Vec<usize> = members
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, c))| route.contains(c))
                        .map(|(i, _)| i)
                        .collect();
                    let distinct = on
                        .iter()
                        .map(|&i| &members[i].1)
                        .collect::<std::collections::BTreeSet<_>>()
                        .len();
                    if distinct >= 2 && best.as_ref().is_none_or(|(_, b)| on.len() > b.len()) {
                        best = Some((route.clone(), on));
                    }
                }
            }
            let Some((route, on)) = best else { break };
            let mut taken: Vec<(StoredAlert, String)> = Vec::new();
            for i in on.into_iter().rev() {
                taken.push(members.remove(i));
            }
            taken.sort_by_key(|(_, c)| route.iter().position(|r| r == c));
            grouped.push(RouteAlert {
                period: period.clone(),
                route,
                alerts: taken.into_iter().map(|(a, _)| a).collect(),
            });
        }
        single.extend(members.into_iter().map(|(a, _)| a));
    }
    grouped.sort_by(|a, b| b.period.cmp(&a.period).then(a.route.cmp(&b.route)));
    single.sort_by(|a, b| {
        b.finding
            .period_start
            .cmp(&a.finding.period_start)
            .then(a.finding.series.cmp(&b.finding.series))
    });
    (grouped, single)
}

/// The inbox as `principal` sees it: alerts matching `filter` (at most one page of the
/// largest size), route alerts grouped.
pub async fn inbox(store: &Store, principal: &Principal, filter: &AlertFilter) -> Result<Inbox> {
    let page = store
        .list_alerts(principal, filter, Some(PageLimit::MAX), None)
        .await?;
    let mut routes = BTreeMap::new();
    for a in &page.items {
        if alert_country(a).is_some() {
            let r = store.alert_routes(principal, a).await?;
            routes.insert(a.id, r.into_iter().map(|(r, _)| r).collect());
        }
    }
    let truncated = page.next_cursor.is_some();
    let (routes, single) = group_by_route(page.items, &routes);
    Ok(Inbox {
        routes,
        single,
        truncated,
    })
}

/// The counts and detection results of an alert's series (the whole history, confirmed
/// outbreaks left out of baselines as in the run), for its chart.
pub async fn alert_series(
    store: &Store,
    principal: &Principal,
    alert: &StoredAlert,
) -> Result<Option<crate::trends::SeriesResult>> {
    let q = TrendQuery::from_scope(&alert.finding.scope)?;
    let mut options = Options::default();
    if let Some(labels) = store
        .confirmed_periods(principal, &alert.finding.scope)
        .await?
        .remove(&alert.finding.series)
    {
        options.exclude.insert(
            alert.finding.series.clone(),
            labels
                .iter()
                .filter_map(|l| Period::parse(l).ok())
                .collect(),
        );
    }
    let run = detect_stored(store, principal, &q, options).await?;
    Ok(run
        .results
        .into_iter()
        .find(|r| r.name == alert.finding.series))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lintas_model::alerts::AlertState;

    fn alert(series: &str, strata: &[&str], period: &str) -> StoredAlert {
        StoredAlert {
            id: uuid::Uuid::now_v7(),
            version: 1,
            owner: "RSO".into(),
            agency: "RSO".into(),
            finding: AlertFinding {
                scope: "incidents|month|member,kind|".into(),
                series: series.into(),
                strata: strata.iter().map(|s| s.to_string()).collect(),
                period: period.into(),
                period_start: format!("{period}-01"),
                period_end: format!("{period}-28"),
                observed: 30,
                expected: Some(10.0),
                upper: Some(18.0),
                method: "farrington".into(),
                baseline_from: None,
                baseline_to: None,
                score: Some(2.0),
                p_value: Some(0.0001),
                alarm: true,
                alarm_fdr: true,
                reason: String::new(),
            },
            state: AlertState::New,
            state_reason: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn alerts_along_one_route_in_one_period_group_and_others_stay_single() {
        let route: Vec<String> = ["AFG", "MYS", "IDN", "AUS"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let idn = alert("IDN/smuggling", &["IDN", "smuggling"], "2025-10");
        let mys = alert("MYS/smuggling", &["MYS", "smuggling"], "2025-10");
        let tha = alert("THA/smuggling", &["THA", "smuggling"], "2025-10");
        let mys_other_kind = alert("MYS/trafficking", &["MYS", "trafficking"], "2025-10");
        let idn_later = alert("IDN/smuggling", &["IDN", "smuggling"], "2025-11");
        let mut routes = BTreeMap::new();
        routes.insert(idn.id, vec![route.clone()]);
        routes.insert(mys.id, vec![route.clone()]);
        routes.insert(tha.id, vec![vec!["MMR".to_string(), "THA".to_string()]]);
        routes.insert(mys_other_kind.id, vec![route.clone()]);
        routes.insert(idn_later.id, vec![route.clone()]);
        let (grouped, single) = group_by_route(
            vec![
                idn.clone(),
                mys.clone(),
                tha.clone(),
                mys_other_kind.clone(),
                idn_later.clone(),
            ],
            &routes,
        );
        assert_eq!(grouped.len(), 1);
        assert_eq!(grouped[0].route, route);
        assert_eq!(grouped[0].period, "2025-10");
        // In route order: MYS (transit) before IDN.
        let ids: Vec<_> = grouped[0].alerts.iter().map(|a| a.id).collect();
        assert_eq!(ids, vec![mys.id, idn.id]);
        let mut singles: Vec<_> = single.iter().map(|a| a.id).collect();
        singles.sort();
        let mut want = vec![tha.id, mys_other_kind.id, idn_later.id];
        want.sort();
        assert_eq!(singles, want);
    }

    #[test]
    fn an_alert_without_a_country_stratum_stays_single() {
        let mut a = alert("smuggling", &["smuggling"], "2025-10");
        a.finding.scope = "incidents|month|kind|".into();
        assert_eq!(alert_country(&a), None);
        let (g, s) = group_by_route(vec![a], &BTreeMap::new());
        assert!(g.is_empty());
        assert_eq!(s.len(), 1);
    }
}
