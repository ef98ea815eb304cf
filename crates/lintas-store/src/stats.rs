//! Counts over the incidents a principal may see, for the dashboard. Aggregates only: no
//! record leaves, so nothing here is a read of a person record.

use lintas_model::Action;
use sqlx::Row;

use crate::Store;
use crate::backend::Backend;
use crate::error::Result;
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};
use crate::visibility::push_visible;

/// Dashboard figures.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct IncidentStats {
    /// Visible incidents in the period.
    pub total: i64,
    /// (month `YYYY-MM`, kind, count), months ascending: incidents known to the month or day
    /// only (an incident known only to its year has no month and is not counted here).
    pub by_month: Vec<(String, String, i64)>,
    /// (year `YYYY`, count) of incidents whose date is not known to the month (year-only, or a
    /// span across months), kept out of `by_month`.
    pub imprecise: Vec<(String, i64)>,
    /// Migrants counted in the incidents (`counts.migrants`, unknown = not added).
    pub migrants: i64,
    /// Presumed victims of trafficking counted (`counts.victims`).
    pub victims: i64,
    /// People dead or missing counted (`counts.dead_or_missing`).
    pub dead_or_missing: i64,
    /// (kind, count), largest first.
    pub by_kind: Vec<(String, i64)>,
    /// (origin, destination, count), largest first, at most 10.
    pub top_routes: Vec<(String, String, i64)>,
}

impl Store {
    /// Figures over visible incidents that occurred on or after `since` (`YYYY-MM-DD`).
    pub async fn incident_stats(
        &self,
        principal: &Principal,
        since: &str,
    ) -> Result<IncidentStats> {
        self.incident_stats_between(principal, since, "9999-12-31")
            .await
    }

    /// Figures over visible incidents whose date (its first day) falls from `since` to
    /// `until` (`YYYY-MM-DD`, both included).
    pub async fn incident_stats_between(
        &self,
        principal: &Principal,
        since: &str,
        until: &str,
    ) -> Result<IncidentStats> {
        principal.require(Action::Read)?;
        let in_period = |sql: &mut Sql| {
            sql.bind_text(since);
            sql.push(" AND i.occurred_from <= ");
            sql.bind_text(until);
            push_visible(sql, principal);
        };
        let month = "substr(i.occurred_from, 1, 7)";
        // Known to the month: its first and last possible day fall in one month.
        let precise = "substr(i.occurred_from, 1, 7) = substr(i.occurred_to, 1, 7)";
        let mut by_month = Sql::new(&format!(
            "SELECT {month} AS month, i.kind AS kind, COUNT(*) AS n FROM incidents i WHERE i.occurred_from >= "
        ));
        in_period(&mut by_month);
        by_month.push(&format!(
            " AND {precise} GROUP BY {month}, i.kind ORDER BY month, kind"
        ));
        let year = "substr(i.occurred_from, 1, 4)";
        let mut imprecise = Sql::new(&format!(
            "SELECT {year} AS year, COUNT(*) AS n FROM incidents i WHERE i.occurred_from >= "
        ));
        in_period(&mut imprecise);
        imprecise.push(&format!(
            " AND NOT ({precise}) GROUP BY {year} ORDER BY year"
        ));

        // The route and counts live in the JSON document; each backend has its own JSON syntax.
        let (origin, destination) = match self.backend {
            Backend::Sqlite(_) => (
                "json_extract(i.doc, '$.route.origin')",
                "json_extract(i.doc, '$.route.destination')",
            ),
            Backend::Postgres(_) => (
                "(i.doc::json -> 'route' ->> 'origin')",
                "(i.doc::json -> 'route' ->> 'destination')",
            ),
        };
        let count = |field: &str| match self.backend {
            Backend::Sqlite(_) => format!(
                "COALESCE(SUM(CAST(json_extract(i.doc, '$.counts.{field}') AS INTEGER)), 0)"
            ),
            Backend::Postgres(_) => {
                format!("COALESCE(SUM((i.doc::json -> 'counts' ->> '{field}')::bigint), 0)::bigint")
            }
        };
        let mut headline = Sql::new(&format!(
            "SELECT COUNT(*) AS n, {} AS migrants, {} AS victims, {} AS dead FROM incidents i WHERE i.occurred_from >= ",
            count("migrants"),
            count("victims"),
            count("dead_or_missing")
        ));
        in_period(&mut headline);
        let mut by_kind = Sql::new(
            "SELECT i.kind AS kind, COUNT(*) AS n FROM incidents i WHERE i.occurred_from >= ",
        );
        in_period(&mut by_kind);
        by_kind.push(" GROUP BY i.kind ORDER BY n DESC, kind");
        let mut routes = Sql::new(&format!(
            "SELECT {origin} AS origin, {destination} AS destination, COUNT(*) AS n FROM incidents i WHERE i.occurred_from >= "
        ));
        in_period(&mut routes);
        routes
            .push(&format!(
                " AND {origin} IS NOT NULL AND {destination} IS NOT NULL GROUP BY {origin}, {destination} ORDER BY n DESC, origin, destination LIMIT "
            ))
            .bind(Arg::Int(10));

        let mut stats = IncidentStats::default();
        on_pool!(self, pool => {
            for row in query!(by_month).fetch_all(pool).await? {
                stats.by_month.push((row.try_get("month")?, row.try_get("kind")?, row.try_get("n")?));
            }
            for row in query!(routes).fetch_all(pool).await? {
                stats.top_routes.push((row.try_get("origin")?, row.try_get("destination")?, row.try_get("n")?));
            }
            for row in query!(imprecise).fetch_all(pool).await? {
                stats.imprecise.push((row.try_get("year")?, row.try_get("n")?));
            }
            for row in query!(by_kind).fetch_all(pool).await? {
                stats.by_kind.push((row.try_get("kind")?, row.try_get("n")?));
            }
            let row = query!(headline).fetch_one(pool).await?;
            stats.total = row.try_get("n")?;
            stats.migrants = row.try_get("migrants")?;
            stats.victims = row.try_get("victims")?;
            stats.dead_or_missing = row.try_get("dead")?;
        });
        Ok(stats)
    }
}
