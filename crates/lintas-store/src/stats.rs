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
    /// (month `YYYY-MM`, kind, count), months ascending.
    pub by_month: Vec<(String, String, i64)>,
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
        principal.require(Action::Read)?;
        let month = "substr(i.occurred_from, 1, 7)";
        let mut by_month = Sql::new(&format!(
            "SELECT {month} AS month, i.kind AS kind, COUNT(*) AS n FROM incidents i WHERE i.occurred_from >= "
        ));
        by_month.bind_text(since);
        push_visible(&mut by_month, principal);
        by_month.push(&format!(" GROUP BY {month}, i.kind ORDER BY month, kind"));

        // The route lives in the JSON document; each backend has its own JSON syntax.
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
        let mut routes = Sql::new(&format!(
            "SELECT {origin} AS origin, {destination} AS destination, COUNT(*) AS n FROM incidents i WHERE i.occurred_from >= "
        ));
        routes.bind_text(since);
        push_visible(&mut routes, principal);
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
        });
        let mut by_kind: std::collections::BTreeMap<String, i64> = Default::default();
        for (_, kind, n) in &stats.by_month {
            *by_kind.entry(kind.clone()).or_default() += n;
            stats.total += n;
        }
        stats.by_kind = by_kind.into_iter().collect();
        stats
            .by_kind
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(stats)
    }
}
