//! Search and rescue (SAR) incidents at sea: CRUD under the incidents' tenancy rules, listing,
//! and counts by month and country for trends.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use lintas_model::maritime::{SarCount, SarIncident, StoredSar};
use lintas_model::{Action, FieldError};
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, Audited};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::incidents::require;
use crate::principal::Principal;
use crate::sql::{Sql, on_pool, query};
use crate::visibility::{push_visible_as, shared_with};

/// Filters for listing SAR incidents; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct SarFilter {
    /// Occurred at or after.
    pub from: Option<DateTime<Utc>>,
    /// Occurred before.
    pub to: Option<DateTime<Utc>>,
    /// Search and rescue region (ISO 3166-1 alpha-3).
    pub country: Option<String>,
    /// A vessel involved, by MMSI.
    pub mmsi: Option<u32>,
    /// Linked to this incident.
    pub incident: Option<Uuid>,
}

/// One page of SAR incidents.
#[derive(Debug)]
pub struct SarPage {
    /// Latest first.
    pub items: Vec<StoredSar>,
    /// Pass back for the next page; `None` on the last.
    pub next_cursor: Option<String>,
}

const COLUMNS: &str = "s.id, CAST(s.version AS BIGINT) AS version, s.owner, a.name AS agency, \
    s.created_at, s.updated_at, s.doc, s.occurred_at";

macro_rules! sar_from_row {
    ($row:expr) => {{
        let row = $row;
        let id: String = row.try_get("id")?;
        let doc: String = row.try_get("doc")?;
        StoredSar {
            id: Uuid::parse_str(&id).map_err(|e| Error::Corrupt(e.to_string()))?,
            version: row.try_get("version")?,
            owner: row.try_get("owner")?,
            agency: row.try_get("agency")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            sar: serde_json::from_str(&doc).map_err(|e| Error::Corrupt(e.to_string()))?,
        }
    }};
}

/// Lookup terms: `m:<mmsi>` per vessel, `i:<uuid>` per linked incident.
fn terms(sar: &SarIncident) -> Vec<String> {
    let mut out: Vec<String> = sar
        .vessels
        .iter()
        .filter_map(|v| v.mmsi.map(|m| format!("m:{m}")))
        .chain(sar.incident_ids.iter().map(|i| format!("i:{i}")))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn occurred(sar: &SarIncident) -> String {
    timestamp(sar.occurred_at)
}

impl Store {
    /// Validates a SAR record, including that every linked incident is one the principal sees.
    async fn check_sar(&self, principal: &Principal, sar: &mut SarIncident) -> Result<()> {
        sar.normalise();
        let mut errors = sar.validate(self.clock.now());
        for (i, id) in sar.incident_ids.iter().enumerate() {
            match self.get_incident(principal, *id).await {
                Ok(_) => {}
                Err(Error::NotFound) => errors.push(FieldError {
                    field: format!("incident_ids[{i}]"),
                    code: "not_found".into(),
                    message: format!("no incident {id} that you can see"),
                }),
                Err(e) => return Err(e),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    fn sar_links(id: &str, sar: &SarIncident) -> Vec<Sql> {
        let mut clear = Sql::new("DELETE FROM sar_links WHERE sar_id = ");
        clear.bind_text(id);
        let mut out = vec![clear];
        let terms = terms(sar);
        if !terms.is_empty() {
            let mut links = Sql::new("INSERT INTO sar_links (sar_id, term) VALUES ");
            for (n, t) in terms.into_iter().enumerate() {
                if n > 0 {
                    links.push(", ");
                }
                links
                    .push("(")
                    .bind_text(id)
                    .push(", ")
                    .bind_text(t)
                    .push(")");
            }
            out.push(links);
        }
        out
    }

    /// Stores a new SAR incident owned by the principal's agency.
    pub async fn create_sar(
        &self,
        principal: &Principal,
        mut sar: SarIncident,
    ) -> Result<StoredSar> {
        require(principal, Action::Create)?;
        self.check_sar(principal, &mut sar).await?;
        let id = Uuid::now_v7();
        let now = timestamp(self.clock.now());
        let doc = serde_json::to_string(&sar).map_err(|e| Error::Corrupt(e.to_string()))?;
        let mut insert = Sql::new(
            "INSERT INTO sar_incidents (id, owner, agency_id, sharing, shared_with, occurred_at, country, \
             rescued, dead, missing, doc, version, created_at, updated_at) VALUES (",
        );
        insert
            .bind_text(id.to_string())
            .push(", ")
            .bind_text(&principal.member)
            .push(", ")
            .bind_text(principal.agency_id.to_string())
            .push(", ")
            .bind_text(sar.sharing.level.as_str())
            .push(", ")
            .bind_text(shared_with(&sar.sharing.states))
            .push(", ")
            .bind_text(occurred(&sar))
            .push(", ")
            .bind_text(sar.country.as_str())
            .push(", ")
            .bind_int(i64::from(sar.rescued))
            .push(", ")
            .bind_int(i64::from(sar.dead))
            .push(", ")
            .bind_int(i64::from(sar.missing))
            .push(", ")
            .bind_text(doc.as_str())
            .push(", 1, ")
            .bind_text(now.as_str())
            .push(", ")
            .bind_text(now.as_str())
            .push(")");
        let mut statements = vec![insert];
        statements.extend(Self::sar_links(&id.to_string(), &sar));
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for s in statements {
                query!(s).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        self.audit(
            &Actor::from(principal),
            &[Audited::record("sar.create", "sar_incident", id)],
        )
        .await?;
        self.get_sar(principal, id).await
    }

    /// The SAR incident `id`, if the principal may see it.
    pub async fn get_sar(&self, principal: &Principal, id: Uuid) -> Result<StoredSar> {
        require(principal, Action::Read)?;
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS} FROM sar_incidents s JOIN agencies a ON a.id = s.agency_id WHERE s.id = "
        ));
        sql.bind_text(id.to_string());
        push_visible_as(&mut sql, principal, "s", true);
        on_pool!(self, pool => {
            let row = query!(sql).fetch_optional(pool).await?.ok_or(Error::NotFound)?;
            Ok(sar_from_row!(row))
        })
    }

    async fn writable_sar(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: Option<i64>,
    ) -> Result<StoredSar> {
        let current = self.get_sar(principal, id).await?;
        self.check_writable(
            principal,
            "sar_incidents",
            id,
            current.version,
            expected,
            "SAR incident",
        )
        .await?;
        Ok(current)
    }

    /// Replaces a SAR incident if it is still at `expected_version`.
    pub async fn update_sar(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: i64,
        mut sar: SarIncident,
    ) -> Result<StoredSar> {
        self.writable_sar(principal, id, Some(expected_version))
            .await?;
        self.check_sar(principal, &mut sar).await?;
        let doc = serde_json::to_string(&sar).map_err(|e| Error::Corrupt(e.to_string()))?;
        let mut update = Sql::new("UPDATE sar_incidents SET sharing = ");
        update
            .bind_text(sar.sharing.level.as_str())
            .push(", shared_with = ")
            .bind_text(shared_with(&sar.sharing.states))
            .push(", occurred_at = ")
            .bind_text(occurred(&sar))
            .push(", country = ")
            .bind_text(sar.country.as_str())
            .push(", rescued = ")
            .bind_int(i64::from(sar.rescued))
            .push(", dead = ")
            .bind_int(i64::from(sar.dead))
            .push(", missing = ")
            .bind_int(i64::from(sar.missing))
            .push(", doc = ")
            .bind_text(doc.as_str())
            .push(", version = version + 1, updated_at = ")
            .bind_text(timestamp(self.clock.now()))
            .push(" WHERE id = ")
            .bind_text(id.to_string())
            .push(" AND version = ")
            .bind_int(expected_version);
        let links = Self::sar_links(&id.to_string(), &sar);
        let changed: u64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let changed = query!(update).execute(&mut *tx).await?.rows_affected();
            if changed > 0 {
                for s in links {
                    query!(s).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
            changed
        });
        if changed == 0 {
            let now = self.get_sar(principal, id).await?;
            return Err(Error::VersionConflict {
                current: now.version,
            });
        }
        self.audit(
            &Actor::from(principal),
            &[Audited::record("sar.update", "sar_incident", id)],
        )
        .await?;
        self.get_sar(principal, id).await
    }

    /// Deletes a SAR incident (kept for the audit trail, invisible to every query).
    pub async fn delete_sar(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<()> {
        let current = self.writable_sar(principal, id, expected_version).await?;
        let mut sql = Sql::new("UPDATE sar_incidents SET deleted_at = ");
        sql.bind_text(timestamp(self.clock.now()))
            .push(", version = version + 1 WHERE deleted_at IS NULL AND id = ")
            .bind_text(id.to_string())
            .push(" AND version = ")
            .bind_int(current.version);
        let changed = on_pool!(self, pool => query!(sql).execute(pool).await?.rows_affected());
        if changed == 0 {
            let now = self.get_sar(principal, id).await?;
            return Err(Error::VersionConflict {
                current: now.version,
            });
        }
        self.audit(
            &Actor::from(principal),
            &[Audited::record("sar.delete", "sar_incident", id)],
        )
        .await?;
        Ok(())
    }

    /// Visible SAR incidents matching `filter`, latest first, `limit` (1–500) per page.
    pub async fn list_sar(
        &self,
        principal: &Principal,
        filter: &SarFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<SarPage> {
        require(principal, Action::Read)?;
        let limit = limit.clamp(1, 500);
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS} FROM sar_incidents s JOIN agencies a ON a.id = s.agency_id WHERE 1 = 1"
        ));
        push_filter(&mut sql, principal, filter);
        if let Some(c) = cursor {
            let (at, id) = decode_cursor(c)?;
            sql.push(" AND (s.occurred_at < ")
                .bind_text(at.as_str())
                .push(" OR (s.occurred_at = ")
                .bind_text(at)
                .push(" AND s.id < ")
                .bind_text(id)
                .push("))");
        }
        sql.push(" ORDER BY s.occurred_at DESC, s.id DESC LIMIT ")
            .bind_int(i64::from(limit) + 1);
        let mut rows: Vec<(StoredSar, String)> = on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                let at: String = row.try_get("occurred_at")?;
                out.push((sar_from_row!(row), at));
            }
            out
        });
        let next_cursor = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last()
                .map(|(s, at)| URL_SAFE_NO_PAD.encode(format!("{at}|{}", s.id)))
        } else {
            None
        };
        Ok(SarPage {
            items: rows.into_iter().map(|(s, _)| s).collect(),
            next_cursor,
        })
    }

    /// Counts of visible SAR incidents and people by month and country, oldest month first.
    pub async fn sar_summary(
        &self,
        principal: &Principal,
        filter: &SarFilter,
    ) -> Result<Vec<SarCount>> {
        require(principal, Action::Read)?;
        let mut sql = Sql::new(
            "SELECT SUBSTR(s.occurred_at, 1, 7) AS month, s.country, CAST(COUNT(*) AS BIGINT) AS n, \
             CAST(SUM(s.rescued) AS BIGINT) AS rescued, CAST(SUM(s.dead) AS BIGINT) AS dead, \
             CAST(SUM(s.missing) AS BIGINT) AS missing FROM sar_incidents s WHERE 1 = 1",
        );
        push_filter(&mut sql, principal, filter);
        sql.push(" GROUP BY SUBSTR(s.occurred_at, 1, 7), s.country ORDER BY 1, 2");
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                let n: i64 = row.try_get("n")?;
                let rescued: Option<i64> = row.try_get("rescued")?;
                let dead: Option<i64> = row.try_get("dead")?;
                let missing: Option<i64> = row.try_get("missing")?;
                out.push(SarCount {
                    month: row.try_get("month")?,
                    country: row.try_get("country")?,
                    incidents: n as u64,
                    rescued: rescued.unwrap_or(0) as u64,
                    dead: dead.unwrap_or(0) as u64,
                    missing: missing.unwrap_or(0) as u64,
                });
            }
            Ok(out)
        })
    }
}

fn push_filter(sql: &mut Sql, principal: &Principal, filter: &SarFilter) {
    push_visible_as(sql, principal, "s", true);
    if let Some(from) = filter.from {
        sql.push(" AND s.occurred_at >= ")
            .bind_text(timestamp(from));
    }
    if let Some(to) = filter.to {
        sql.push(" AND s.occurred_at < ").bind_text(timestamp(to));
    }
    if let Some(c) = &filter.country {
        sql.push(" AND s.country = ")
            .bind_text(c.trim().to_ascii_uppercase());
    }
    for term in [
        filter.mmsi.map(|m| format!("m:{m}")),
        filter.incident.map(|i| format!("i:{i}")),
    ]
    .into_iter()
    .flatten()
    {
        sql.push(" AND EXISTS (SELECT 1 FROM sar_links l WHERE l.sar_id = s.id AND l.term = ")
            .bind_text(term)
            .push(")");
    }
}

fn decode_cursor(cursor: &str) -> Result<(String, String)> {
    let bad = || {
        Error::BadRequest(
            "invalid cursor: pass back the next_cursor of the previous page unchanged".into(),
        )
    };
    let raw = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (at, id) = text.split_once('|').ok_or_else(bad)?;
    DateTime::parse_from_rfc3339(at).map_err(|_| bad())?;
    Uuid::parse_str(id).map_err(|_| bad())?;
    Ok((at.to_string(), id.to_string()))
}
