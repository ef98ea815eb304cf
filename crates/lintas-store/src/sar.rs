//! Search and rescue (SAR) incidents at sea: CRUD under the incidents' tenancy rules, listing,
//! and counts by month and country for trends.

use chrono::{DateTime, Utc};
use lintas_model::maritime::{SarCount, SarIncident, StoredSar};
use lintas_model::{Action, FieldError};
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::audit::AuditAction;
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::records::{
    Keyset, Page, PageLimit, RecordAudit, RowGet, Values, Versioned, doc, page_of, uuid,
};
use crate::sql::{Arg, Sql, on_pool, query};
use crate::visibility::push_visible_as;

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

const COLUMNS: &str = "s.id, CAST(s.version AS BIGINT) AS version, s.owner, a.name AS agency, \
    s.created_at, s.updated_at, s.doc, s.occurred_at";

impl Versioned for StoredSar {
    const TABLE: &'static str = "sar_incidents";
    const ALIAS: &'static str = "s";
    const COLUMNS: &'static str = COLUMNS;
    const NOUN: &'static str = "SAR incident";
    const AUDIT: RecordAudit = RecordAudit {
        record_type: "sar_incident",
        create: AuditAction::SarCreate,
        update: AuditAction::SarUpdate,
        delete: AuditAction::SarDelete,
    };

    fn from_row(row: &dyn RowGet) -> Result<Self> {
        Ok(StoredSar {
            id: uuid(row, "id")?,
            version: row.int("version")?,
            owner: row.text("owner")?,
            agency: row.text("agency")?,
            created_at: row.text("created_at")?,
            updated_at: row.text("updated_at")?,
            sar: doc(row, "doc")?,
        })
    }

    fn version(&self) -> i64 {
        self.version
    }
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
            match self
                .fetch_record::<lintas_model::StoredIncident>(principal, *id)
                .await
            {
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

    fn sar_values(sar: &SarIncident) -> Result<Values<'_>> {
        let doc = serde_json::to_string(sar).map_err(|e| Error::Corrupt(e.to_string()))?;
        Ok(Values {
            sharing: &sar.sharing,
            columns: vec![
                ("occurred_at", Arg::Text(occurred(sar))),
                ("country", Arg::Text(sar.country.clone())),
                ("rescued", Arg::Int(i64::from(sar.rescued))),
                ("dead", Arg::Int(i64::from(sar.dead))),
                ("missing", Arg::Int(i64::from(sar.missing))),
                ("doc", Arg::Text(doc)),
            ],
        })
    }

    /// Stores a new SAR incident owned by the principal's agency.
    pub async fn create_sar(
        &self,
        principal: &Principal,
        mut sar: SarIncident,
    ) -> Result<StoredSar> {
        principal.require(Action::Create)?;
        self.check_sar(principal, &mut sar).await?;
        self.insert_record(
            principal,
            Self::sar_values(&sar)?,
            |id| Self::sar_links(id, &sar),
            None,
        )
        .await
    }

    /// The SAR incident `id`, if the principal may see it.
    pub async fn get_sar(&self, principal: &Principal, id: Uuid) -> Result<StoredSar> {
        self.fetch_record(principal, id).await
    }

    /// Replaces a SAR incident if it is still at `expected_version`.
    pub async fn update_sar(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: i64,
        mut sar: SarIncident,
    ) -> Result<StoredSar> {
        self.writable_record::<StoredSar>(principal, id, Some(expected_version))
            .await?;
        self.check_sar(principal, &mut sar).await?;
        let links = Self::sar_links(&id.to_string(), &sar);
        self.update_record(
            principal,
            id,
            expected_version,
            Self::sar_values(&sar)?,
            links,
            None,
        )
        .await
    }

    /// Deletes a SAR incident (kept for the audit trail, invisible to every query).
    pub async fn delete_sar(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<()> {
        self.delete_record::<StoredSar>(principal, id, expected_version)
            .await
    }

    /// Visible SAR incidents matching `filter`, latest first, `limit` per page (see
    /// [`PageLimit`]).
    pub async fn list_sar(
        &self,
        principal: &Principal,
        filter: &SarFilter,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<StoredSar>> {
        principal.require(Action::Read)?;
        let limit = PageLimit::clamp(limit);
        let mut sql = Self::select_visible::<StoredSar>(principal, "");
        push_filter(&mut sql, filter);
        if let Some(c) = cursor {
            Keyset::decode(c, |at| DateTime::parse_from_rfc3339(at).is_ok())?.push_after_desc(
                &mut sql,
                "s",
                "occurred_at",
            );
        }
        sql.push(" ORDER BY s.occurred_at DESC, s.id DESC LIMIT ")
            .bind_int(i64::from(limit) + 1);
        let rows = self.fetch_rows(sql, Some("occurred_at")).await?;
        Ok(page_of(rows, limit, |s: &StoredSar| s.id))
    }

    /// Counts of visible SAR incidents and people by month and country, oldest month first.
    pub async fn sar_summary(
        &self,
        principal: &Principal,
        filter: &SarFilter,
    ) -> Result<Vec<SarCount>> {
        principal.require(Action::Read)?;
        let mut sql = Sql::new(
            "SELECT SUBSTR(s.occurred_at, 1, 7) AS month, s.country, CAST(COUNT(*) AS BIGINT) AS n, \
             CAST(SUM(s.rescued) AS BIGINT) AS rescued, CAST(SUM(s.dead) AS BIGINT) AS dead, \
             CAST(SUM(s.missing) AS BIGINT) AS missing FROM sar_incidents s WHERE 1 = 1",
        );
        push_visible_as(&mut sql, principal, "s", true);
        push_filter(&mut sql, filter);
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

fn push_filter(sql: &mut Sql, filter: &SarFilter) {
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
