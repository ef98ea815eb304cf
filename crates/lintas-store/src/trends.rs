//! Indicators (issue 16): counts over time of what a principal may count, by ISO week, month,
//! quarter or year, stratified by coded fields. Only counts leave this module, so nothing here
//! is a read of a person record.
//!
//! Strata are computed in Rust from the rows the sharing rule lets through (one pass over the
//! incidents in the range; the JSON document is read only when a field lives in it): the
//! persons' nationality, sex and age live in the document, and one rule in one language for
//! every field keeps the two backends identical.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use futures_util::TryStreamExt;
use lintas_model::{Action, PartialDate};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::Store;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::sql::{Sql, on_pool, query};
use crate::visibility::push_countable_as;

/// Cells whose count includes 1 to this many minus one records shared only as `aggregate`
/// are suppressed unless the caller asks for a larger threshold.
pub const SUPPRESS_BELOW: u64 = 5;

/// The width of a bin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendInterval {
    /// ISO 8601 week (Monday start), labelled `2020-W53`.
    Week,
    /// Calendar month, `2020-03`.
    Month,
    /// Calendar quarter, `2020-Q1`.
    Quarter,
    /// Calendar year, `2020`.
    Year,
}

impl TrendInterval {
    /// Parses `week`, `month`, `quarter` or `year`.
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        match s.trim() {
            "week" => Ok(Self::Week),
            "month" => Ok(Self::Month),
            "quarter" => Ok(Self::Quarter),
            "year" => Ok(Self::Year),
            other => Err(format!(
                "`{other}` is not an interval: expected week, month, quarter or year"
            )),
        }
    }

    /// The interval's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }

    /// First day of the bin that holds `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        let first_of = |m: u32| NaiveDate::from_ymd_opt(d.year(), m, 1).unwrap_or(d);
        match self {
            Self::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Self::Month => first_of(d.month()),
            Self::Quarter => first_of((d.month() - 1) / 3 * 3 + 1),
            Self::Year => first_of(1),
        }
    }

    /// First day of the bin after the one starting on `start`.
    pub fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Week => start.checked_add_signed(Duration::days(7)),
            Self::Month => start.checked_add_months(chrono::Months::new(1)),
            Self::Quarter => start.checked_add_months(chrono::Months::new(3)),
            Self::Year => start.checked_add_months(chrono::Months::new(12)),
        }
    }

    /// The label of the bin starting on `start`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Self::Week => {
                let w = start.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Self::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Self::Quarter => format!("{:04}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
            Self::Year => format!("{:04}", start.year()),
        }
    }
}

/// The first and last day of a period written `YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM`, `YYYY-Qn`
/// or `YYYY` (for `from`/`to` bounds in any of the forms a user has at hand).
pub fn period_days(label: &str) -> std::result::Result<(NaiveDate, NaiveDate), String> {
    let t = label.trim();
    let bad = || {
        format!("`{t}` is not a period: expected YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY-Qn or YYYY")
    };
    let year = t
        .get(0..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|y| y.parse::<i32>().ok())
        .ok_or_else(bad)?;
    let rest = &t[4..];
    let (first, interval) = if rest.is_empty() {
        (NaiveDate::from_ymd_opt(year, 1, 1), TrendInterval::Year)
    } else if let Some(w) = rest.strip_prefix("-W") {
        let w: u32 = w.parse().map_err(|_| bad())?;
        (
            NaiveDate::from_isoywd_opt(year, w, chrono::Weekday::Mon),
            TrendInterval::Week,
        )
    } else if let Some(q) = rest.strip_prefix("-Q") {
        let q: u32 = q.parse().map_err(|_| bad())?;
        let first = (1..=4)
            .contains(&q)
            .then(|| NaiveDate::from_ymd_opt(year, q * 3 - 2, 1))
            .flatten();
        (first, TrendInterval::Quarter)
    } else if rest.len() == 3 && rest.starts_with('-') {
        let m: u32 = rest[1..].parse().map_err(|_| bad())?;
        (NaiveDate::from_ymd_opt(year, m, 1), TrendInterval::Month)
    } else {
        let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| bad())?;
        return Ok((d, d));
    };
    let first = first.ok_or_else(bad)?;
    let last = interval
        .next(first)
        .and_then(|n| n.pred_opt())
        .ok_or_else(bad)?;
    Ok((first, last))
}

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendMeasure {
    /// Incidents.
    Incidents,
    /// Search-and-rescue incidents at sea.
    SarIncidents,
    /// People rescued in SAR incidents.
    SarRescued,
    /// People found dead in SAR incidents.
    SarDead,
    /// People missing after SAR incidents.
    SarMissing,
}

impl TrendMeasure {
    /// Every measure.
    pub const ALL: [TrendMeasure; 5] = [
        Self::Incidents,
        Self::SarIncidents,
        Self::SarRescued,
        Self::SarDead,
        Self::SarMissing,
    ];

    /// The measure's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Incidents => "incidents",
            Self::SarIncidents => "sar_incidents",
            Self::SarRescued => "sar_rescued",
            Self::SarDead => "sar_dead",
            Self::SarMissing => "sar_missing",
        }
    }

    /// Parses a measure's name.
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|m| m.name() == s.trim())
            .ok_or_else(|| {
                format!("`{s}` is not a measure: expected incidents, sar_incidents, sar_rescued, sar_dead or sar_missing")
            })
    }

    fn is_sar(self) -> bool {
        self != Self::Incidents
    }
}

/// A coded field to stratify by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendField {
    /// The reporting member (the record's owner).
    Member,
    /// Country of origin on the route.
    Origin,
    /// Each transit country (`none` when there is none).
    Transit,
    /// Destination on the route.
    Destination,
    /// `ORIGIN>DESTINATION`.
    Route,
    /// Where it happened: the incident's place, or the SAR region.
    Country,
    /// Incident kind.
    Kind,
    /// Each modus-operandi tag.
    Tag,
    /// Each transport mode.
    Mode,
    /// Each nationality among the persons involved.
    Nationality,
    /// Each sex among the persons involved.
    Sex,
    /// Each age band among the persons involved, at the time of the incident.
    AgeBand,
    /// Each role among the persons involved (`person_role`: organiser, facilitator, …).
    Role,
}

impl TrendField {
    /// Every field.
    pub const ALL: [TrendField; 13] = [
        Self::Member,
        Self::Origin,
        Self::Transit,
        Self::Destination,
        Self::Route,
        Self::Country,
        Self::Kind,
        Self::Tag,
        Self::Mode,
        Self::Nationality,
        Self::Sex,
        Self::AgeBand,
        Self::Role,
    ];

    /// The field's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Origin => "origin",
            Self::Transit => "transit",
            Self::Destination => "destination",
            Self::Route => "route",
            Self::Country => "country",
            Self::Kind => "kind",
            Self::Tag => "tag",
            Self::Mode => "mode",
            Self::Nationality => "nationality",
            Self::Sex => "sex",
            Self::AgeBand => "age_band",
            Self::Role => "role",
        }
    }

    /// Parses a comma-separated list of field names (empty: no strata, one series `all`).
    pub fn parse_list(s: &str) -> std::result::Result<Vec<TrendField>, String> {
        let mut out = Vec::new();
        for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let f = Self::ALL
                .into_iter()
                .find(|f| f.name() == name)
                .ok_or_else(|| {
                    format!(
                        "`{name}` is not a field: expected {}",
                        Self::ALL.map(|f| f.name()).join(", ")
                    )
                })?;
            if out.contains(&f) {
                return Err(format!("`{name}` is named twice"));
            }
            out.push(f);
        }
        Ok(out)
    }

    /// Whether the field is read from the incident's JSON document.
    pub(crate) fn in_doc(self) -> bool {
        !matches!(self, Self::Member | Self::Kind)
    }
}

/// Age bands of persons at the time of the incident: children apart, as trafficking
/// statistics report them.
const AGE_BANDS: [(u32, &str); 5] = [
    (0, "0-17"),
    (18, "18-29"),
    (30, "30-44"),
    (45, "45-59"),
    (60, "60+"),
];

fn age_band(age: u32) -> &'static str {
    AGE_BANDS
        .iter()
        .rev()
        .find(|(from, _)| age >= *from)
        .map_or("unknown", |b| b.1)
}

/// What is asked for.
#[derive(Debug, Clone)]
pub struct TrendQuery {
    /// What is counted.
    pub measure: TrendMeasure,
    /// Fields to stratify by, in the order of the series' names.
    pub by: Vec<TrendField>,
    /// Bin width.
    pub interval: TrendInterval,
    /// First day of the range (its bin is the first); `None`: the first bin with data.
    pub from: Option<NaiveDate>,
    /// Last day of the range (its bin is the last); `None`: the last bin with data.
    pub to: Option<NaiveDate>,
    /// Only incidents of these kinds (empty: all).
    pub kinds: Vec<String>,
    /// Suppress cells with 1 to this minus one aggregate-only records; never below
    /// [`SUPPRESS_BELOW`].
    pub suppress_below: u64,
}

impl TrendQuery {
    /// Incidents per `interval`, stratified `by`, over all visible data.
    pub fn new(by: Vec<TrendField>, interval: TrendInterval) -> Self {
        TrendQuery {
            measure: TrendMeasure::Incidents,
            by,
            interval,
            from: None,
            to: None,
            kinds: Vec::new(),
            suppress_below: SUPPRESS_BELOW,
        }
    }
}

/// One bin of one series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TrendCell {
    /// The count; `None` when suppressed.
    pub count: Option<u64>,
    /// The count includes too few records shared only as `aggregate` to be shown.
    pub suppressed: bool,
    /// What may be shown of a suppressed cell: the part from records the caller may see in
    /// full (the count itself otherwise). Detection runs on it.
    #[serde(skip)]
    pub lower: u64,
}

/// One stratum's counts, one cell per period of the set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendSeries {
    /// The strata's values joined by `/` (`all` without strata), e.g. `IDN/smuggling`.
    pub name: String,
    /// The value of each `by` field.
    pub strata: Vec<String>,
    /// Aligned with [`TrendSet::periods`].
    pub cells: Vec<TrendCell>,
}

/// Series over common, consecutive periods (zero where nothing was counted).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendSet {
    /// What was counted.
    pub measure: TrendMeasure,
    /// Bin width.
    pub interval: TrendInterval,
    /// Stratifying fields.
    pub by: Vec<TrendField>,
    /// Period labels, oldest first.
    pub periods: Vec<String>,
    /// First day of each period.
    #[serde(skip)]
    pub starts: Vec<NaiveDate>,
    /// Series, by name.
    pub series: Vec<TrendSeries>,
    /// Records counted (each once, whatever its strata).
    pub counted: u64,
    /// Records left out because their date is known less precisely than one bin (e.g. only
    /// the month, in weekly bins) or spans two bins.
    pub imprecise_excluded: u64,
    /// Cells suppressed.
    pub suppressed_cells: u64,
    /// The suppression threshold used.
    pub suppress_below: u64,
}

/// One countable record, read from its row.
struct Obs {
    from: NaiveDate,
    to: NaiveDate,
    aggregate_only: bool,
    weight: u64,
    values: Vec<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct DocView {
    pub(crate) place: PlaceView,
    pub(crate) route: RouteView,
    pub(crate) modes: Vec<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) persons: Vec<PersonView>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct PlaceView {
    pub(crate) country: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct RouteView {
    pub(crate) origin: Option<String>,
    pub(crate) transit: Vec<String>,
    pub(crate) destination: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct PersonView {
    date_of_birth: Option<String>,
    sex: Option<String>,
    nationality: Option<String>,
    role: Option<String>,
}

const UNKNOWN: &str = "unknown";

fn or_unknown(v: Option<&String>) -> String {
    v.filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or_else(|| UNKNOWN.into())
}

/// Full years from `birth` to `on`.
fn age(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// The band of a person born `dob` at an incident between `from` and `to`; `unknown` when
/// the dates leave it open.
fn person_band(dob: Option<&str>, from: NaiveDate, to: NaiveDate) -> String {
    let Some(dob) = dob.and_then(|d| PartialDate::parse(d).ok()) else {
        return UNKNOWN.into();
    };
    let youngest = age(dob.last_day(), from);
    let oldest = age(dob.first_day(), to);
    match (youngest, oldest) {
        (Some(y), Some(o)) if age_band(y) == age_band(o) => age_band(y).into(),
        _ => UNKNOWN.into(),
    }
}

/// Distinct values, in first-seen order; `empty` when there are none.
fn distinct(values: impl IntoIterator<Item = String>, empty: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    if out.is_empty() {
        out.push(empty.into());
    }
    out
}

pub(crate) fn incident_values(
    field: TrendField,
    owner: &str,
    kind: &str,
    doc: &DocView,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<String> {
    let r = &doc.route;
    match field {
        TrendField::Member => vec![owner.into()],
        TrendField::Kind => vec![kind.into()],
        TrendField::Origin => vec![or_unknown(r.origin.as_ref())],
        TrendField::Destination => vec![or_unknown(r.destination.as_ref())],
        TrendField::Transit => distinct(r.transit.iter().cloned(), "none"),
        TrendField::Route => vec![format!(
            "{}>{}",
            or_unknown(r.origin.as_ref()),
            or_unknown(r.destination.as_ref())
        )],
        TrendField::Country => vec![if doc.place.country.is_empty() {
            "international_waters".into()
        } else {
            doc.place.country.clone()
        }],
        TrendField::Tag => distinct(doc.tags.iter().cloned(), "none"),
        TrendField::Mode => distinct(doc.modes.iter().cloned(), "none"),
        TrendField::Nationality => distinct(
            doc.persons
                .iter()
                .map(|p| or_unknown(p.nationality.as_ref())),
            UNKNOWN,
        ),
        TrendField::Sex => distinct(
            doc.persons.iter().map(|p| or_unknown(p.sex.as_ref())),
            UNKNOWN,
        ),
        TrendField::Role => distinct(
            doc.persons.iter().map(|p| or_unknown(p.role.as_ref())),
            UNKNOWN,
        ),
        TrendField::AgeBand => distinct(
            doc.persons
                .iter()
                .map(|p| person_band(p.date_of_birth.as_deref(), from, to)),
            UNKNOWN,
        ),
    }
}

pub(crate) fn date(text: &str) -> Result<NaiveDate> {
    text.get(0..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or_else(|| Error::Corrupt(format!("stored date `{text}`")))
}

/// Every combination of one value per field.
pub(crate) fn combinations(values: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for vs in values {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                vs.iter().map(move |v| {
                    let mut p = prefix.clone();
                    p.push(v.clone());
                    p
                })
            })
            .collect();
    }
    out
}

/// Counts per stratum and bin start: (from records seen in full, from aggregate-only records).
type Tally = BTreeMap<Vec<String>, BTreeMap<NaiveDate, (u64, u64)>>;

impl Store {
    /// Counts of `q.measure` per `q.interval`, stratified by `q.by`, over the records
    /// `principal` may count: those it may see (a `regional_analyst`: its own member's and
    /// regionally shared ones) plus other members' records shared as `aggregate`, whose
    /// cells are suppressed when they hold fewer than `q.suppress_below` of them.
    pub async fn trend_series(&self, principal: &Principal, q: &TrendQuery) -> Result<TrendSet> {
        principal.require(Action::ReadTrends)?;
        if q.measure.is_sar() {
            if let Some(f) =
                q.by.iter()
                    .find(|f| !matches!(f, TrendField::Member | TrendField::Country))
            {
                return Err(Error::BadRequest(format!(
                    "SAR measures are stratified by member or country only, not `{}`",
                    f.name()
                )));
            }
            if !q.kinds.is_empty() {
                return Err(Error::BadRequest(
                    "`kind` filters incidents, not SAR measures".into(),
                ));
            }
        }
        if let (Some(f), Some(t)) = (q.from, q.to)
            && f > t
        {
            return Err(Error::BadRequest(format!("`from` {f} is after `to` {t}")));
        }
        let interval = q.interval;
        let first = q.from.map(|d| interval.start(d));
        let last_end = match q.to {
            Some(t) => interval.next(interval.start(t)).and_then(|n| n.pred_opt()),
            None => None,
        };
        let observations = if q.measure.is_sar() {
            self.sar_observations(principal, q, first, last_end).await?
        } else {
            self.incident_observations(principal, q, first, last_end)
                .await?
        };

        let mut tally: Tally = BTreeMap::new();
        let (mut counted, mut imprecise) = (0u64, 0u64);
        for o in observations {
            let bin = interval.start(o.from);
            if bin != interval.start(o.to) {
                imprecise += 1;
                continue;
            }
            counted += 1;
            for key in combinations(&o.values) {
                let cell = tally.entry(key).or_default().entry(bin).or_default();
                if o.aggregate_only {
                    cell.1 += o.weight;
                } else {
                    cell.0 += o.weight;
                }
            }
        }

        let lo = first.or_else(|| {
            tally
                .values()
                .filter_map(|m| m.keys().next())
                .min()
                .copied()
        });
        let hi = q.to.map(|t| interval.start(t)).or_else(|| {
            tally
                .values()
                .filter_map(|m| m.keys().next_back())
                .max()
                .copied()
        });
        let mut starts = Vec::new();
        if let (Some(lo), Some(hi)) = (lo, hi) {
            let mut d = lo;
            while d <= hi {
                starts.push(d);
                match interval.next(d) {
                    Some(n) => d = n,
                    None => break,
                }
            }
        }
        let threshold = q.suppress_below.max(SUPPRESS_BELOW);
        let mut suppressed_cells = 0;
        let mut series = Vec::new();
        for (strata, bins) in tally {
            let cells = starts
                .iter()
                .map(|s| {
                    let (full, agg) = bins.get(s).copied().unwrap_or_default();
                    let suppressed = agg > 0 && agg < threshold;
                    suppressed_cells += u64::from(suppressed);
                    TrendCell {
                        count: (!suppressed).then_some(full + agg),
                        suppressed,
                        lower: if suppressed { full } else { full + agg },
                    }
                })
                .collect();
            series.push(TrendSeries {
                name: if strata.is_empty() {
                    "all".into()
                } else {
                    strata.join("/")
                },
                strata,
                cells,
            });
        }
        Ok(TrendSet {
            measure: q.measure,
            interval,
            by: q.by.clone(),
            periods: starts.iter().map(|s| interval.label(*s)).collect(),
            starts,
            series,
            counted,
            imprecise_excluded: imprecise,
            suppressed_cells,
            suppress_below: threshold,
        })
    }

    async fn incident_observations(
        &self,
        principal: &Principal,
        q: &TrendQuery,
        first: Option<NaiveDate>,
        last_end: Option<NaiveDate>,
    ) -> Result<Vec<Obs>> {
        let need_doc = q.by.iter().any(|f| f.in_doc());
        let mut sql = Sql::new(&format!(
            "SELECT i.owner, i.kind, i.sharing, i.occurred_from, i.occurred_to{} FROM incidents i WHERE 1 = 1",
            if need_doc { ", i.doc" } else { "" }
        ));
        push_countable_as(&mut sql, principal, "i");
        if let Some(f) = first {
            sql.push(" AND i.occurred_to >= ").bind_text(f.to_string());
        }
        if let Some(t) = last_end {
            sql.push(" AND i.occurred_from <= ")
                .bind_text(t.to_string());
        }
        if !q.kinds.is_empty() {
            sql.push(" AND i.kind IN (");
            for (n, k) in q.kinds.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.bind_text(k.trim());
            }
            sql.push(")");
        }
        let member = principal.member.as_str();
        let mut out = Vec::new();
        on_pool!(self, pool => {
            let mut rows = query!(sql).fetch(pool);
            while let Some(row) = rows.try_next().await? {
                let owner: String = row.try_get("owner")?;
                let kind: String = row.try_get("kind")?;
                let sharing: String = row.try_get("sharing")?;
                let from = date(&row.try_get::<String, _>("occurred_from")?)?;
                let to = date(&row.try_get::<String, _>("occurred_to")?)?;
                let doc: DocView = if need_doc {
                    let text: String = row.try_get("doc")?;
                    serde_json::from_str(&text).map_err(|e| Error::Corrupt(e.to_string()))?
                } else {
                    DocView::default()
                };
                out.push(Obs {
                    from,
                    to,
                    aggregate_only: sharing == "aggregate" && owner != member,
                    weight: 1,
                    values: q
                        .by
                        .iter()
                        .map(|f| incident_values(*f, &owner, &kind, &doc, from, to))
                        .collect(),
                });
            }
        });
        Ok(out)
    }

    async fn sar_observations(
        &self,
        principal: &Principal,
        q: &TrendQuery,
        first: Option<NaiveDate>,
        last_end: Option<NaiveDate>,
    ) -> Result<Vec<Obs>> {
        let mut sql = Sql::new(
            "SELECT s.owner, s.sharing, s.occurred_at, s.country, CAST(s.rescued AS BIGINT) AS rescued, \
             CAST(s.dead AS BIGINT) AS dead, CAST(s.missing AS BIGINT) AS missing \
             FROM sar_incidents s WHERE 1 = 1",
        );
        push_countable_as(&mut sql, principal, "s");
        if let Some(f) = first {
            sql.push(" AND s.occurred_at >= ").bind_text(f.to_string());
        }
        if let Some(next) = last_end.and_then(|t| t.succ_opt()) {
            sql.push(" AND s.occurred_at < ")
                .bind_text(next.to_string());
        }
        let member = principal.member.as_str();
        let mut out = Vec::new();
        on_pool!(self, pool => {
            let mut rows = query!(sql).fetch(pool);
            while let Some(row) = rows.try_next().await? {
                let owner: String = row.try_get("owner")?;
                let sharing: String = row.try_get("sharing")?;
                let country: String = row.try_get("country")?;
                let day = date(&row.try_get::<String, _>("occurred_at")?)?;
                let people = |c: &str| -> Result<u64> {
                    Ok(u64::try_from(row.try_get::<i64, _>(c)?).unwrap_or(0))
                };
                let weight = match q.measure {
                    TrendMeasure::SarRescued => people("rescued")?,
                    TrendMeasure::SarDead => people("dead")?,
                    TrendMeasure::SarMissing => people("missing")?,
                    _ => 1,
                };
                out.push(Obs {
                    from: day,
                    to: day,
                    aggregate_only: sharing == "aggregate" && owner != member,
                    weight,
                    values: q
                        .by
                        .iter()
                        .map(|f| match f {
                            TrendField::Member => vec![owner.clone()],
                            _ => vec![country.clone()],
                        })
                        .collect(),
                });
            }
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn bins_and_labels() {
        use TrendInterval::*;
        // 2021-01-03 is a Sunday in ISO week 2020-W53.
        assert_eq!(Week.label(Week.start(d("2021-01-03"))), "2020-W53");
        assert_eq!(Week.start(d("2021-01-03")), d("2020-12-28"));
        assert_eq!(Month.label(Month.start(d("2024-02-29"))), "2024-02");
        assert_eq!(Quarter.label(Quarter.start(d("2024-08-15"))), "2024-Q3");
        assert_eq!(Quarter.next(d("2024-10-01")), Some(d("2025-01-01")));
        assert_eq!(Year.label(Year.start(d("2024-08-15"))), "2024");
    }

    #[test]
    fn period_bounds_in_every_form() {
        assert_eq!(
            period_days("2020-W53").unwrap(),
            (d("2020-12-28"), d("2021-01-03"))
        );
        assert_eq!(
            period_days("2024-02").unwrap(),
            (d("2024-02-01"), d("2024-02-29"))
        );
        assert_eq!(
            period_days("2024-Q4").unwrap(),
            (d("2024-10-01"), d("2024-12-31"))
        );
        assert_eq!(
            period_days("2024").unwrap(),
            (d("2024-01-01"), d("2024-12-31"))
        );
        assert_eq!(
            period_days("2024-03-05").unwrap(),
            (d("2024-03-05"), d("2024-03-05"))
        );
        for bad in ["2024-Q5", "2024-13", "24", "2024-W60", "soon"] {
            assert!(period_days(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn age_bands_need_a_precise_enough_birth_date() {
        // Born in 2007, incident in mid-2025: 17 or 18, so unknown.
        assert_eq!(
            person_band(Some("2007"), d("2025-06-01"), d("2025-06-01")),
            "unknown"
        );
        assert_eq!(
            person_band(Some("2007-01-10"), d("2025-06-01"), d("2025-06-01")),
            "18-29"
        );
        assert_eq!(
            person_band(Some("2010"), d("2025-06-01"), d("2025-06-01")),
            "0-17"
        );
        assert_eq!(
            person_band(None, d("2025-06-01"), d("2025-06-01")),
            "unknown"
        );
    }

    #[test]
    fn strata_combine_every_value() {
        let v = vec![
            vec!["IDN".to_string()],
            vec!["MYS".to_string(), "THA".to_string()],
        ];
        assert_eq!(
            combinations(&v),
            vec![
                vec!["IDN".to_string(), "MYS".to_string()],
                vec!["IDN".to_string(), "THA".to_string()]
            ]
        );
        assert_eq!(combinations(&[]), vec![Vec::<String>::new()]);
    }
}
