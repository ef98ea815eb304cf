//! Indicators (issue 16): counts over time of what the caller may see, stratified by coded
//! fields, with small cells of aggregate-shared data suppressed (`Store::trend_series`).

use axum::Json;
use axum::extract::{Query, State};
use lintas_model::Action;
use lintas_store::{TrendField, TrendInterval, TrendMeasure, TrendQuery, TrendSet, period_days};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Auth;
use crate::problem::Problem;

/// Query of a set of series.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SeriesParams {
    /// Fields to stratify by, comma-separated: `member`, `origin`, `transit`, `destination`,
    /// `route`, `country`, `kind`, `tag`, `mode`, `nationality`, `sex`, `age_band`,
    /// `role` (none: one series `all`). SAR measures take `member` and `country` only.
    pub by: Option<String>,
    /// `week` (ISO 8601), `month` (default), `quarter` or `year`.
    pub interval: Option<String>,
    /// First period (inclusive): `YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM`, `YYYY-Qn` or `YYYY`.
    pub from: Option<String>,
    /// Last period (inclusive), in the same forms.
    pub to: Option<String>,
    /// Only incidents of these kinds (comma-separated).
    pub kind: Option<String>,
    /// `incidents` (default), `sar_incidents`, `sar_rescued`, `sar_dead` or `sar_missing`.
    pub measure: Option<String>,
}

/// The store query `params` ask for, or why they cannot.
pub(crate) fn query(params: &SeriesParams) -> Result<TrendQuery, Problem> {
    let bad = |field: &str, e: String| Problem::bad_request(format!("{field}: {e}"));
    let interval = TrendInterval::parse(params.interval.as_deref().unwrap_or("month"))
        .map_err(|e| bad("interval", e))?;
    let by =
        TrendField::parse_list(params.by.as_deref().unwrap_or("")).map_err(|e| bad("by", e))?;
    let mut q = TrendQuery::new(by, interval);
    if let Some(m) = &params.measure {
        q.measure = TrendMeasure::parse(m).map_err(|e| bad("measure", e))?;
    }
    q.from = match params.from.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(f) => Some(period_days(f).map_err(|e| bad("from", e))?.0),
        None => None,
    };
    q.to = match params.to.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(t) => Some(period_days(t).map_err(|e| bad("to", e))?.1),
        None => None,
    };
    q.kinds = params
        .kind
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    Ok(q)
}

/// One period of one series.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CellOut {
    /// The count; `null` when suppressed.
    pub count: Option<u64>,
    /// The count includes fewer than `suppress_below` records of other members shared only
    /// as `aggregate`, so it is not shown.
    pub suppressed: bool,
}

/// One stratum's counts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SeriesOut {
    /// The strata's values joined by `/` (`all` without strata), e.g. `IDN/smuggling`.
    pub name: String,
    /// The value of each `by` field (`unknown` where not recorded, `none` for an empty list).
    pub strata: Vec<String>,
    /// One cell per entry of `periods`.
    pub cells: Vec<CellOut>,
}

/// Series over common, consecutive periods (zero where nothing was counted).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TrendSeriesSet {
    /// What was counted.
    pub measure: String,
    /// `week`, `month`, `quarter` or `year`.
    pub interval: String,
    /// Stratifying fields.
    pub by: Vec<String>,
    /// Period labels, oldest first: `2020-W53`, `2020-03`, `2020-Q1` or `2020`.
    pub periods: Vec<String>,
    /// Series, by name.
    pub series: Vec<SeriesOut>,
    /// Records counted (each once, whatever its strata).
    pub counted: u64,
    /// Records left out because their date is known less precisely than one period (e.g.
    /// only the month, in weekly series).
    pub imprecise_excluded: u64,
    /// Cells suppressed.
    pub suppressed_cells: u64,
    /// The suppression threshold.
    pub suppress_below: u64,
}

pub(crate) fn set_out(set: TrendSet) -> TrendSeriesSet {
    TrendSeriesSet {
        measure: set.measure.name().into(),
        interval: set.interval.name().into(),
        by: set.by.iter().map(|f| f.name().to_string()).collect(),
        periods: set.periods,
        series: set
            .series
            .into_iter()
            .map(|s| SeriesOut {
                name: s.name,
                strata: s.strata,
                cells: s
                    .cells
                    .iter()
                    .map(|c| CellOut {
                        count: c.count,
                        suppressed: c.suppressed,
                    })
                    .collect(),
            })
            .collect(),
        counted: set.counted,
        imprecise_excluded: set.imprecise_excluded,
        suppressed_cells: set.suppressed_cells,
        suppress_below: set.suppress_below,
    }
}

/// Counts over time of the incidents (or SAR figures) the caller may see, plus other
/// members' `aggregate`-shared records with small cells suppressed; for analysts, regional
/// analysts (regional and aggregate data only) and admins.
#[utoipa::path(get, path = "/api/v1/trends/series", tag = "trends", params(SeriesParams),
    responses((status = 200, body = TrendSeriesSet), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn series(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<SeriesParams>,
) -> Result<Json<TrendSeriesSet>, Problem> {
    p.require(Action::ReadTrends)?;
    let q = query(&params)?;
    Ok(Json(set_out(state.store.trend_series(&p, &q).await?)))
}
