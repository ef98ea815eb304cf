//! Detected vessel behaviours (AIS gaps, encounters, loitering, corridor entries): stored by a
//! detection run on behalf of a member, listed with filters.

use lintas_ais::detect::{Event, EventDetail};
use lintas_model::maritime::{AisEvent, sharing_errors};
use lintas_model::{Action, Sharing};
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::ais::{BBox, rfc3339};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::records::{Keyset, Page, PageLimit, page_of};
use crate::sql::{Arg, Sql, on_pool, query};
use crate::visibility::{push_visible_as, shared_with};

/// Filters for listing events; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// `ais_gap`, `encounter`, `loitering` or `corridor_entry`.
    pub kind: Option<String>,
    /// Events ending at or after this time (Unix seconds).
    pub from: Option<i64>,
    /// Events starting at or before this time (Unix seconds).
    pub to: Option<i64>,
    /// Events whose position lies inside.
    pub bbox: Option<BBox>,
    /// Events of this vessel (either side of an encounter).
    pub mmsi: Option<u32>,
}

/// What a detection run stored.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct StoredEvents {
    /// Events not seen before.
    pub created: u64,
    /// Events already stored by an earlier run (their end and facts refreshed).
    pub refreshed: u64,
}

/// The kinds of event the detectors produce.
pub const EVENT_KINDS: [&str; 4] = ["ais_gap", "encounter", "loitering", "corridor_entry"];

/// The same behaviour found again (the window moved, or detection ran twice) has the same key.
fn dedup_key(e: &Event) -> String {
    let corridor = match &e.detail {
        EventDetail::CorridorEntry { corridor, .. } => corridor.as_str(),
        _ => "",
    };
    format!(
        "{}|{}|{}|{}|{corridor}",
        e.kind(),
        e.mmsi,
        e.other_mmsi.unwrap_or(0),
        e.start
    )
}

const COLUMNS: &str = "e.id, e.owner, e.kind, CAST(e.mmsi AS BIGINT) AS mmsi, \
    CAST(e.other_mmsi AS BIGINT) AS other_mmsi, CAST(e.start_t AS BIGINT) AS start_t, \
    CAST(e.end_t AS BIGINT) AS end_t, CAST(e.duration_s AS BIGINT) AS duration_s, e.lat, e.lon, \
    e.distance_from_shore_nm, e.detail";

macro_rules! event_from_row {
    ($row:expr) => {{
        let row = $row;
        let id: String = row.try_get("id")?;
        let detail: String = row.try_get("detail")?;
        let mmsi: i64 = row.try_get("mmsi")?;
        let other: Option<i64> = row.try_get("other_mmsi")?;
        let start: i64 = row.try_get("start_t")?;
        let end: i64 = row.try_get("end_t")?;
        AisEvent {
            id: Uuid::parse_str(&id).map_err(|e| Error::Corrupt(e.to_string()))?,
            owner: row.try_get("owner")?,
            kind: row.try_get("kind")?,
            mmsi: mmsi as u32,
            other_mmsi: other.map(|o| o as u32),
            start: rfc3339(start),
            end: rfc3339(end),
            duration_s: row.try_get("duration_s")?,
            lat: row.try_get("lat")?,
            lon: row.try_get("lon")?,
            distance_from_shore_nm: row.try_get("distance_from_shore_nm")?,
            detail: serde_json::from_str(&detail).map_err(|e| Error::Corrupt(e.to_string()))?,
        }
    }};
}

impl Store {
    /// Stores events found by a detection run, owned by the principal's agency and shared at
    /// `sharing`. Storing the same event again refreshes it instead of duplicating it.
    pub async fn store_events(
        &self,
        principal: &Principal,
        sharing: &Sharing,
        events: &[Event],
    ) -> Result<StoredEvents> {
        principal.require(Action::Create)?;
        let errors = sharing_errors(sharing, "sharing");
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let now = timestamp(self.clock.now());
        let agency = principal.agency_id.to_string();
        let mut existing = 0u64;
        let mut statements = Vec::new();
        for chunk in events.chunks(500) {
            let keys: Vec<String> = chunk.iter().map(dedup_key).collect();
            let mut count = Sql::new("SELECT COUNT(*) AS n FROM ais_events WHERE agency_id = ");
            count.bind_text(agency.as_str()).push(" AND dedup_key IN (");
            for (n, k) in keys.iter().enumerate() {
                if n > 0 {
                    count.push(", ");
                }
                count.bind_text(k.as_str());
            }
            count.push(")");
            let n: i64 = on_pool!(self, pool => query!(count).fetch_one(pool).await?.try_get("n")?);
            existing += n as u64;
            let mut sql = Sql::new(
                "INSERT INTO ais_events (id, owner, agency_id, sharing, shared_with, kind, mmsi, other_mmsi, \
                 start_t, end_t, duration_s, lat, lon, distance_from_shore_nm, detail, dedup_key, created_at) VALUES ",
            );
            for (n, (e, key)) in chunk.iter().zip(keys).enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                let mut detail =
                    serde_json::to_value(&e.detail).map_err(|e| Error::Corrupt(e.to_string()))?;
                if let Some(o) = detail.as_object_mut() {
                    o.remove("kind");
                }
                sql.push("(")
                    .bind_text(Uuid::now_v7().to_string())
                    .push(", ")
                    .bind_text(&principal.member)
                    .push(", ")
                    .bind_text(agency.as_str())
                    .push(", ")
                    .bind_text(sharing.level.as_str())
                    .push(", ")
                    .bind_text(shared_with(&sharing.states))
                    .push(", ")
                    .bind_text(e.kind())
                    .push(", ")
                    .bind_int(i64::from(e.mmsi))
                    .push(", ")
                    .bind(Arg::OptInt(e.other_mmsi.map(i64::from)))
                    .push(", ")
                    .bind_int(e.start)
                    .push(", ")
                    .bind_int(e.end)
                    .push(", ")
                    .bind_int(e.duration_s)
                    .push(", ")
                    .bind(Arg::Real(e.lat))
                    .push(", ")
                    .bind(Arg::Real(e.lon))
                    .push(", ")
                    .bind(Arg::Real(e.distance_from_shore_nm))
                    .push(", ")
                    .bind_text(detail.to_string())
                    .push(", ")
                    .bind_text(key)
                    .push(", ")
                    .bind_text(now.as_str())
                    .push(")");
            }
            sql.push(
                " ON CONFLICT (agency_id, dedup_key) DO UPDATE SET end_t = excluded.end_t, \
                 duration_s = excluded.duration_s, lat = excluded.lat, lon = excluded.lon, \
                 distance_from_shore_nm = excluded.distance_from_shore_nm, detail = excluded.detail, \
                 sharing = excluded.sharing, shared_with = excluded.shared_with",
            );
            statements.push(sql);
        }
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for s in statements {
                query!(s).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        // audit: ais.events.store
        Ok(StoredEvents {
            created: events.len() as u64 - existing,
            refreshed: existing,
        })
    }

    /// Visible events matching `filter`, latest start first, `limit` per page (up to
    /// [`PageLimit::EXPORT_MAX`]: events are exported page by page).
    pub async fn list_events(
        &self,
        principal: &Principal,
        filter: &EventFilter,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<AisEvent>> {
        principal.require(Action::Read)?;
        let limit = PageLimit::clamp_export(limit);
        let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM ais_events e WHERE 1 = 1"));
        push_visible_as(&mut sql, principal, "e", false);
        if let Some(kind) = &filter.kind {
            if !EVENT_KINDS.contains(&kind.as_str()) {
                return Err(Error::BadRequest(format!(
                    "kind `{kind}` is not one of {}",
                    EVENT_KINDS.join(", ")
                )));
            }
            sql.push(" AND e.kind = ").bind_text(kind.as_str());
        }
        if let Some(from) = filter.from {
            sql.push(" AND e.end_t >= ").bind_int(from);
        }
        if let Some(to) = filter.to {
            sql.push(" AND e.start_t <= ").bind_int(to);
        }
        if let Some(b) = &filter.bbox {
            b.push_sql(&mut sql, "e.lat", "e.lon", false);
        }
        if let Some(m) = filter.mmsi {
            sql.push(" AND (e.mmsi = ")
                .bind_int(i64::from(m))
                .push(" OR e.other_mmsi = ")
                .bind_int(i64::from(m))
                .push(")");
        }
        if let Some(c) = cursor {
            Keyset::decode(c, |k| k.parse::<i64>().is_ok())?
                .push_after_desc_int(&mut sql, "e", "start_t");
        }
        sql.push(" ORDER BY e.start_t DESC, e.id DESC LIMIT ")
            .bind_int(i64::from(limit) + 1);
        let rows: Vec<(AisEvent, String)> = on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                let start: i64 = row.try_get("start_t")?;
                out.push((event_from_row!(row), start.to_string()));
            }
            out
        });
        Ok(page_of(rows, limit, |e: &AisEvent| e.id))
    }
}
