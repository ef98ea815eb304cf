//! AIS positions and vessels: ingest into the compact layout, tracks, latest positions.
//!
//! Positions are stored in AIS's own units (coordinates in 1/10 000 minute, speed and course
//! in tenths) as integers, keyed by (mmsi, source, t). A source is one agency feeding data at
//! one sharing level; rows carry only its number, and the sharing rule is applied to sources.

use std::collections::HashMap;

use lintas_model::maritime::{Position, Vessel, VesselStatic, sharing_errors};
use lintas_model::{Action, Sharing};
use sqlx::Row;

use crate::Store;
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};
use crate::visibility::{push_visible_source, shared_with};

/// Coordinates are stored in 1/10 000 minute, AIS's resolution.
pub const COORD_UNITS_PER_DEGREE: f64 = 600_000.0;

/// Rows per multi-row INSERT (8 parameters each, under both backends' limits).
const POSITION_ROWS_PER_INSERT: usize = 2000;

/// A place AIS data is written to: the principal's agency at one sharing level. Obtained from
/// [`Store::ais_source`], which checks that the principal may create records.
#[derive(Debug, Clone)]
pub struct AisSource {
    id: i64,
    member: String,
}

impl AisSource {
    /// The source's number (stored on every position).
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The member that owns what is written through it.
    pub fn member(&self) -> &str {
        &self.member
    }
}

/// A rectangle in degrees. `min_lon > max_lon` crosses the antimeridian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// West edge.
    pub min_lon: f64,
    /// South edge.
    pub min_lat: f64,
    /// East edge.
    pub max_lon: f64,
    /// North edge.
    pub max_lat: f64,
}

impl BBox {
    /// Parses `min_lon,min_lat,max_lon,max_lat`.
    pub fn parse(text: &str) -> Result<BBox> {
        let bad = || {
            Error::BadRequest(format!(
                "bbox `{text}` must be min_lon,min_lat,max_lon,max_lat in degrees"
            ))
        };
        let v: Vec<f64> = text
            .split(',')
            .map(|p| p.trim().parse::<f64>().map_err(|_| bad()))
            .collect::<Result<_>>()?;
        let [min_lon, min_lat, max_lon, max_lat] = v[..] else {
            return Err(bad());
        };
        let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
        let lat_ok = |x: f64| (-90.0..=90.0).contains(&x);
        if !(lon_ok(min_lon) && lon_ok(max_lon) && lat_ok(min_lat) && lat_ok(max_lat))
            || min_lat > max_lat
        {
            return Err(bad());
        }
        Ok(BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }

    /// Whether a position lies inside.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        let lon_in = if self.min_lon <= self.max_lon {
            (self.min_lon..=self.max_lon).contains(&lon)
        } else {
            lon >= self.min_lon || lon <= self.max_lon
        };
        lon_in && (self.min_lat..=self.max_lat).contains(&lat)
    }

    /// Appends `AND <lat, lon columns inside>` on stored coordinates.
    pub(crate) fn push_sql(&self, sql: &mut Sql, lat: &str, lon: &str, stored_units: bool) {
        let scale = |v: f64| {
            if stored_units {
                Arg::Int(coord(v))
            } else {
                Arg::Real(v)
            }
        };
        sql.push(&format!(" AND {lat} >= "))
            .bind(scale(self.min_lat))
            .push(&format!(" AND {lat} <= "))
            .bind(scale(self.max_lat));
        let join = if self.min_lon <= self.max_lon {
            " AND "
        } else {
            " OR "
        };
        sql.push(&format!(" AND ({lon} >= "))
            .bind(scale(self.min_lon))
            .push(&format!("{join}{lon} <= "))
            .bind(scale(self.max_lon))
            .push(")");
    }
}

/// Degrees → stored units.
pub(crate) fn coord(deg: f64) -> i64 {
    (deg * COORD_UNITS_PER_DEGREE).round() as i64
}

fn tenths(v: Option<f32>) -> Option<i64> {
    v.map(|x| (f64::from(x) * 10.0).round() as i64)
}

/// Reads a position from a row with columns mmsi, t, lat, lon, sog, cog, heading (all cast to
/// BIGINT so both backends decode them as i64).
macro_rules! position_from_row {
    ($row:expr, $prefix:literal) => {{
        let row = &$row;
        let sog: Option<i64> = row.try_get(concat!($prefix, "sog"))?;
        let cog: Option<i64> = row.try_get(concat!($prefix, "cog"))?;
        let heading: Option<i64> = row.try_get(concat!($prefix, "heading"))?;
        let mmsi: i64 = row.try_get("mmsi")?;
        let lat: i64 = row.try_get(concat!($prefix, "lat"))?;
        let lon: i64 = row.try_get(concat!($prefix, "lon"))?;
        Position {
            mmsi: mmsi as u32,
            t: row.try_get(concat!($prefix, "t"))?,
            lat: lat as f64 / COORD_UNITS_PER_DEGREE,
            lon: lon as f64 / COORD_UNITS_PER_DEGREE,
            sog: sog.map(|v| v as f32 / 10.0),
            cog: cog.map(|v| v as f32 / 10.0),
            heading: heading.map(|v| v as u16),
        }
    }};
}

const POSITION_COLUMNS: &str = "CAST(p.mmsi AS BIGINT) AS mmsi, CAST(p.t AS BIGINT) AS t, \
    CAST(p.lat AS BIGINT) AS lat, CAST(p.lon AS BIGINT) AS lon, CAST(p.sog AS BIGINT) AS sog, \
    CAST(p.cog AS BIGINT) AS cog, CAST(p.heading AS BIGINT) AS heading";

const VESSEL_COLUMNS: &str = "CAST(v.mmsi AS BIGINT) AS mmsi, v.name, v.callsign, \
    CAST(v.imo AS BIGINT) AS imo, CAST(v.ship_type AS BIGINT) AS ship_type, \
    CAST(v.length_m AS BIGINT) AS length_m, CAST(v.beam_m AS BIGINT) AS beam_m, \
    CAST(v.static_t AS BIGINT) AS static_t, CAST(v.last_t AS BIGINT) AS last_t, \
    CAST(v.last_lat AS BIGINT) AS last_lat, CAST(v.last_lon AS BIGINT) AS last_lon, \
    CAST(v.last_sog AS BIGINT) AS last_sog, CAST(v.last_cog AS BIGINT) AS last_cog, \
    CAST(v.last_heading AS BIGINT) AS last_heading";

macro_rules! vessel_from_row {
    ($row:expr) => {{
        let row = &$row;
        let opt_u32 = |name: &str| -> Result<Option<u32>> {
            let v: Option<i64> = row.try_get(name)?;
            Ok(v.map(|x| x as u32))
        };
        let static_t: Option<i64> = row.try_get("static_t")?;
        let last_t: Option<i64> = row.try_get("last_t")?;
        let info = VesselStatic {
            name: row.try_get("name")?,
            callsign: row.try_get("callsign")?,
            imo: opt_u32("imo")?,
            ship_type: opt_u32("ship_type")?.map(|v| v as u8),
            length_m: opt_u32("length_m")?,
            beam_m: opt_u32("beam_m")?,
        };
        let last = match last_t {
            Some(_) => Some(position_from_row!(row, "last_")),
            None => None,
        };
        (
            static_t,
            Vessel {
                mmsi: opt_u32("mmsi")?.unwrap_or(0),
                info,
                static_updated_at: static_t.map(rfc3339),
                last,
            },
        )
    }};
}

/// Unix seconds as RFC 3339 UTC.
pub(crate) fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Keeps one vessel per MMSI: the latest position and the latest static data across sources.
fn merge_vessels(rows: Vec<(Option<i64>, Vessel)>) -> Vec<Vessel> {
    let mut by_mmsi: HashMap<u32, (Option<i64>, Vessel)> = HashMap::new();
    let mut order = Vec::new();
    for (static_t, v) in rows {
        match by_mmsi.get_mut(&v.mmsi) {
            None => {
                order.push(v.mmsi);
                by_mmsi.insert(v.mmsi, (static_t, v));
            }
            Some((best_static, best)) => {
                if static_t > *best_static {
                    best.info = v.info;
                    best.static_updated_at = v.static_updated_at;
                    *best_static = static_t;
                }
                if v.last.map(|p| p.t) > best.last.map(|p| p.t) {
                    best.last = v.last;
                }
            }
        }
    }
    order
        .into_iter()
        .filter_map(|m| by_mmsi.remove(&m).map(|(_, v)| v))
        .collect()
}

impl Store {
    /// The source through which the principal's agency writes AIS data shared at `sharing`
    /// (created on first use). AIS is broadcast in the clear, so callers default to `regional`.
    pub async fn ais_source(&self, principal: &Principal, sharing: &Sharing) -> Result<AisSource> {
        principal.require(Action::Create)?;
        let mut sharing = sharing.clone();
        sharing.level = sharing.level.trim().to_lowercase();
        sharing
            .states
            .iter_mut()
            .for_each(|s| *s = s.trim().to_uppercase());
        let errors = sharing_errors(&sharing, "sharing");
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let shared = shared_with(&sharing.states);
        let agency = principal.agency_id.to_string();
        let mut insert = Sql::new(
            "INSERT INTO ais_sources (owner, agency_id, sharing, shared_with, created_at) VALUES (",
        );
        insert
            .bind_text(&principal.member)
            .push(", ")
            .bind_text(agency.as_str())
            .push(", ")
            .bind_text(sharing.level.as_str())
            .push(", ")
            .bind_text(shared.as_str())
            .push(", ")
            .bind_text(timestamp(self.clock.now()))
            .push(") ON CONFLICT (agency_id, sharing, shared_with) DO NOTHING");
        let mut select =
            Sql::new("SELECT CAST(id AS BIGINT) AS id FROM ais_sources WHERE agency_id = ");
        select
            .bind_text(agency)
            .push(" AND sharing = ")
            .bind_text(sharing.level)
            .push(" AND shared_with = ")
            .bind_text(shared);
        let again = Sql {
            text: select.text.clone(),
            args: select.args.clone(),
        };
        // Look before inserting: on PostgreSQL a conflicting insert still uses up an identity
        // value, and source numbers are SMALLINT on every position row.
        let id: i64 = on_pool!(self, pool => {
            match query!(select).fetch_optional(pool).await? {
                Some(row) => row.try_get("id")?,
                None => {
                    let created = query!(insert).execute(pool).await?.rows_affected() > 0;
                    // audit: ais.source.create (when `created`)
                    let _ = created;
                    query!(again).fetch_one(pool).await?.try_get("id")?
                }
            }
        });
        Ok(AisSource {
            id,
            member: principal.member.clone(),
        })
    }

    /// Stores positions (duplicates of a vessel, source and second are dropped) and moves each
    /// vessel's latest position forward. Returns how many positions were new.
    pub async fn store_positions(&self, source: &AisSource, positions: &[Position]) -> Result<u64> {
        if positions.is_empty() {
            return Ok(0);
        }
        let mut statements = Vec::new();
        for chunk in positions.chunks(POSITION_ROWS_PER_INSERT) {
            let mut sql = Sql::new(
                "INSERT INTO ais_positions (mmsi, t, source, lat, lon, sog, cog, heading) VALUES ",
            );
            for (n, p) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                push_position(&mut sql, source.id, p);
            }
            sql.push(" ON CONFLICT DO NOTHING");
            statements.push(sql);
        }
        let mut latest: HashMap<u32, &Position> = HashMap::new();
        for p in positions {
            let e = latest.entry(p.mmsi).or_insert(p);
            if p.t > e.t {
                *e = p;
            }
        }
        let mut latest: Vec<&Position> = latest.into_values().collect();
        latest.sort_by_key(|p| p.mmsi);
        for chunk in latest.chunks(POSITION_ROWS_PER_INSERT) {
            let mut sql = Sql::new(
                "INSERT INTO ais_vessels (source, mmsi, last_t, last_lat, last_lon, last_sog, last_cog, last_heading) VALUES ",
            );
            for (n, p) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.push("(")
                    .bind_int(source.id)
                    .push(", ")
                    .bind_int(i64::from(p.mmsi))
                    .push(", ")
                    .bind_int(p.t)
                    .push(", ")
                    .bind_int(coord(p.lat))
                    .push(", ")
                    .bind_int(coord(p.lon))
                    .push(", ")
                    .bind(Arg::OptInt(tenths(p.sog)))
                    .push(", ")
                    .bind(Arg::OptInt(tenths(p.cog)))
                    .push(", ")
                    .bind(Arg::OptInt(p.heading.map(i64::from)))
                    .push(")");
            }
            sql.push(
                " ON CONFLICT (source, mmsi) DO UPDATE SET last_t = excluded.last_t, \
                 last_lat = excluded.last_lat, last_lon = excluded.last_lon, \
                 last_sog = excluded.last_sog, last_cog = excluded.last_cog, \
                 last_heading = excluded.last_heading \
                 WHERE ais_vessels.last_t IS NULL OR excluded.last_t >= ais_vessels.last_t",
            );
            statements.push(sql);
        }
        let n_inserts = positions.len().div_ceil(POSITION_ROWS_PER_INSERT);
        let inserted = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut inserted = 0;
            for (i, s) in statements.into_iter().enumerate() {
                let done = query!(s).execute(&mut *tx).await?;
                if i < n_inserts {
                    inserted += done.rows_affected();
                }
            }
            tx.commit().await?;
            inserted
        });
        // audit: ais.positions.store (one event per batch: counts and time range, not rows)
        Ok(inserted)
    }

    /// Joins static data (`mmsi`, receive time, fields) into the vessel table; known fields
    /// replace stored ones, unknown fields leave them as they are.
    pub async fn store_vessel_static(
        &self,
        source: &AisSource,
        items: &[(u32, i64, VesselStatic)],
    ) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        // One row per vessel and statement: PostgreSQL refuses to upsert a row twice at once.
        let mut merged: HashMap<u32, (i64, VesselStatic)> = HashMap::new();
        for (mmsi, t, info) in items {
            let e = merged.entry(*mmsi).or_default();
            e.0 = e.0.max(*t);
            let s = &mut e.1;
            let i = info.clone();
            s.name = i.name.or(s.name.take());
            s.callsign = i.callsign.or(s.callsign.take());
            s.imo = i.imo.or(s.imo);
            s.ship_type = i.ship_type.or(s.ship_type);
            s.length_m = i.length_m.or(s.length_m);
            s.beam_m = i.beam_m.or(s.beam_m);
        }
        let mut merged: Vec<_> = merged.into_iter().collect();
        merged.sort_by_key(|(m, _)| *m);
        let mut statements = Vec::new();
        for chunk in merged.chunks(1000) {
            let mut sql = Sql::new(
                "INSERT INTO ais_vessels (source, mmsi, name, callsign, imo, ship_type, length_m, beam_m, static_t) VALUES ",
            );
            for (n, (mmsi, (t, s))) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.push("(")
                    .bind_int(source.id)
                    .push(", ")
                    .bind_int(i64::from(*mmsi))
                    .push(", ")
                    .bind(Arg::OptText(s.name.clone()))
                    .push(", ")
                    .bind(Arg::OptText(s.callsign.clone()))
                    .push(", ")
                    .bind(Arg::OptInt(s.imo.map(i64::from)))
                    .push(", ")
                    .bind(Arg::OptInt(s.ship_type.map(i64::from)))
                    .push(", ")
                    .bind(Arg::OptInt(s.length_m.map(i64::from)))
                    .push(", ")
                    .bind(Arg::OptInt(s.beam_m.map(i64::from)))
                    .push(", ")
                    .bind_int(*t)
                    .push(")");
            }
            sql.push(
                " ON CONFLICT (source, mmsi) DO UPDATE SET \
                 name = COALESCE(excluded.name, ais_vessels.name), \
                 callsign = COALESCE(excluded.callsign, ais_vessels.callsign), \
                 imo = COALESCE(excluded.imo, ais_vessels.imo), \
                 ship_type = COALESCE(excluded.ship_type, ais_vessels.ship_type), \
                 length_m = COALESCE(excluded.length_m, ais_vessels.length_m), \
                 beam_m = COALESCE(excluded.beam_m, ais_vessels.beam_m), \
                 static_t = excluded.static_t",
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
        Ok(())
    }

    /// The positions of vessel `mmsi` the principal may see between `from` and `to` (Unix
    /// seconds, inclusive), oldest first, at most `limit`.
    pub async fn track(
        &self,
        principal: &Principal,
        mmsi: u32,
        from: i64,
        to: i64,
        limit: u32,
    ) -> Result<Vec<Position>> {
        principal.require(Action::Read)?;
        let mut sql = Sql::new(&format!(
            "SELECT {POSITION_COLUMNS} FROM ais_positions p WHERE p.mmsi = "
        ));
        sql.bind_int(i64::from(mmsi))
            .push(" AND p.t >= ")
            .bind_int(from)
            .push(" AND p.t <= ")
            .bind_int(to);
        push_visible_source(&mut sql, principal, "p.source");
        sql.push(" ORDER BY p.t LIMIT ")
            .bind_int(i64::from(limit.clamp(1, 100_000)));
        let mut out: Vec<Position> = on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                out.push(position_from_row!(row, ""));
            }
            out
        });
        // Two sources may hold the same report.
        out.dedup_by_key(|p| p.t);
        Ok(out)
    }

    /// Visible positions between `from` and `to` (Unix seconds), in (mmsi, t) order per source,
    /// handed to `each` without collecting them (detection over a month of a region).
    pub async fn for_each_position(
        &self,
        principal: &Principal,
        from: i64,
        to: i64,
        mut each: impl FnMut(Position),
    ) -> Result<u64> {
        use futures_util::TryStreamExt;
        principal.require(Action::Read)?;
        let mut sql = Sql::new(&format!(
            "SELECT {POSITION_COLUMNS} FROM ais_positions p WHERE p.t >= "
        ));
        sql.bind_int(from).push(" AND p.t <= ").bind_int(to);
        push_visible_source(&mut sql, principal, "p.source");
        let n = on_pool!(self, pool => {
            let mut rows = query!(sql).fetch(pool);
            let mut n = 0u64;
            while let Some(row) = rows.try_next().await? {
                each(position_from_row!(row, ""));
                n += 1;
            }
            n
        });
        Ok(n)
    }

    /// Every visible vessel with static data (for corridor watch).
    pub async fn vessels_with_static(&self, principal: &Principal) -> Result<Vec<Vessel>> {
        principal.require(Action::Read)?;
        let mut sql = Sql::new(&format!(
            "SELECT {VESSEL_COLUMNS} FROM ais_vessels v WHERE v.static_t IS NOT NULL"
        ));
        push_visible_source(&mut sql, principal, "v.source");
        self.vessel_rows(sql).await
    }

    async fn vessel_rows(&self, sql: Sql) -> Result<Vec<Vessel>> {
        let rows: Vec<(Option<i64>, Vessel)> = on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                out.push(vessel_from_row!(row));
            }
            out
        });
        Ok(merge_vessels(rows))
    }

    /// What the principal may see of vessel `mmsi`.
    pub async fn vessel(&self, principal: &Principal, mmsi: u32) -> Result<Vessel> {
        principal.require(Action::Read)?;
        let mut sql = Sql::new(&format!(
            "SELECT {VESSEL_COLUMNS} FROM ais_vessels v WHERE v.mmsi = "
        ));
        sql.bind_int(i64::from(mmsi));
        push_visible_source(&mut sql, principal, "v.source");
        self.vessel_rows(sql)
            .await?
            .into_iter()
            .next()
            .ok_or(Error::NotFound)
    }

    /// Vessels whose latest visible position lies in `bbox` (and is not older than `since`),
    /// latest first, at most `limit`.
    pub async fn latest_positions(
        &self,
        principal: &Principal,
        bbox: &BBox,
        since: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Vessel>> {
        principal.require(Action::Read)?;
        let mut sql = Sql::new(&format!(
            "SELECT {VESSEL_COLUMNS} FROM ais_vessels v WHERE v.last_t IS NOT NULL"
        ));
        bbox.push_sql(&mut sql, "v.last_lat", "v.last_lon", true);
        if let Some(since) = since {
            sql.push(" AND v.last_t >= ").bind_int(since);
        }
        push_visible_source(&mut sql, principal, "v.source");
        sql.push(" ORDER BY v.last_t DESC, v.mmsi LIMIT ")
            .bind_int(i64::from(limit.clamp(1, 50_000)));
        self.vessel_rows(sql).await
    }
}

fn push_position(sql: &mut Sql, source: i64, p: &Position) {
    sql.push("(")
        .bind_int(i64::from(p.mmsi))
        .push(", ")
        .bind_int(p.t)
        .push(", ")
        .bind_int(source)
        .push(", ")
        .bind_int(coord(p.lat))
        .push(", ")
        .bind_int(coord(p.lon))
        .push(", ")
        .bind(Arg::OptInt(tenths(p.sog)))
        .push(", ")
        .bind(Arg::OptInt(tenths(p.cog)))
        .push(", ")
        .bind(Arg::OptInt(p.heading.map(i64::from)))
        .push(")");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bboxes_parse_and_wrap() {
        let b = BBox::parse("170,-20,-170,-10").unwrap();
        assert!(b.contains(-15.0, 175.0) && b.contains(-15.0, -175.0));
        assert!(!b.contains(-15.0, 0.0));
        assert!(BBox::parse("1,2,3").is_err());
        assert!(BBox::parse("0,10,1,5").is_err());
        assert!(BBox::parse("0,0,200,1").is_err());
    }
}
