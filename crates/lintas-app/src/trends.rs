//! Trend detection over stored indicators: the store's counts (`Store::trend_series`) become
//! `lintas-stats` series and run through the same engine as `lintas trends detect --series`.
//! Shared by `lintas trends detect --db` and the `/trends` page.

use lintas_stats::{Detection, Interval, Method, Options, Period, Series, detect_all};
use lintas_store::{Error, Principal, Result, Store, TrendInterval, TrendQuery, TrendSet};

/// One series' detection results.
#[derive(Debug, Clone)]
pub struct SeriesResult {
    /// Series name (strata joined by `/`).
    pub name: String,
    /// One result per evaluated period, oldest first.
    pub detections: Vec<Detection>,
    /// The method that ran for the latest evaluated period (`auto` resolved).
    pub method: Method,
    /// Why that method (or why no bound) for the latest evaluated period.
    pub reason: String,
    /// Periods whose count entered detection as the part the caller may see in full,
    /// because the cell was suppressed.
    pub suppressed_periods: usize,
}

/// The counts and what detection found in them.
#[derive(Debug, Clone)]
pub struct TrendRun {
    /// The stored counts.
    pub set: TrendSet,
    /// One entry per series, in the set's order.
    pub results: Vec<SeriesResult>,
}

/// The engine's interval for a stored bin width; detection runs on weeks and months only.
pub fn stats_interval(i: TrendInterval) -> Result<Interval> {
    match i {
        TrendInterval::Week => Ok(Interval::Week),
        TrendInterval::Month => Ok(Interval::Month),
        other => Err(Error::BadRequest(format!(
            "detection runs on weeks or months, not on a {} interval",
            other.name()
        ))),
    }
}

/// The set's series as engine input: suppressed cells count what the caller may see of them.
pub fn to_stats_series(set: &TrendSet) -> Result<Vec<Series>> {
    let interval = stats_interval(set.interval)?;
    let periods = set
        .starts
        .iter()
        .map(|d| {
            let month = time::Month::try_from(chrono::Datelike::month(d) as u8)
                .map_err(|e| Error::BadRequest(e.to_string()))?;
            let date = time::Date::from_calendar_date(
                chrono::Datelike::year(d),
                month,
                chrono::Datelike::day(d) as u8,
            )
            .map_err(|e| Error::BadRequest(e.to_string()))?;
            Ok(Period::containing(interval, date))
        })
        .collect::<Result<Vec<Period>>>()?;
    Ok(set
        .series
        .iter()
        .map(|s| Series {
            name: s.name.clone(),
            periods: periods.clone(),
            counts: s.cells.iter().map(|c| c.lower).collect(),
        })
        .collect())
}

/// Counts `query` over what `principal` may count and runs detection with `options`
/// (`Method::Auto` by default) on every series. The engine runs off the async workers: a
/// Farrington fit per period and stratum is CPU work.
pub async fn detect_stored(
    store: &Store,
    principal: &Principal,
    query: &TrendQuery,
    options: Options,
) -> Result<TrendRun> {
    stats_interval(query.interval)?;
    let set = store.trend_series(principal, query).await?;
    let series = to_stats_series(&set)?;
    let detections = tokio::task::spawn_blocking(move || detect_all(&series, &options))
        .await
        .map_err(|e| Error::BadRequest(format!("detection failed: {e}")))?
        .map_err(|e| Error::BadRequest(e.to_string()))?;
    let mut results: Vec<SeriesResult> = set
        .series
        .iter()
        .map(|s| SeriesResult {
            name: s.name.clone(),
            detections: Vec::new(),
            method: Method::Auto,
            reason: String::new(),
            suppressed_periods: s.cells.iter().filter(|c| c.suppressed).count(),
        })
        .collect();
    // `detect_all` keeps the input's order: each series' periods in a row.
    let mut slot = 0;
    for d in detections {
        while results.get(slot).is_some_and(|r| r.name != d.series) {
            slot += 1;
        }
        if let Some(r) = results.get_mut(slot) {
            r.method = d.method;
            r.reason.clone_from(&d.reason);
            r.detections.push(d);
        }
    }
    Ok(TrendRun { set, results })
}
