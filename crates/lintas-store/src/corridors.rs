//! Corridors: polygons a member watches for small or unidentified vessels.

use lintas_ais::detect::parse_corridors;
use lintas_model::maritime::{Corridor, StoredCorridor};
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

const COLUMNS: &str = "c.id, CAST(c.version AS BIGINT) AS version, c.owner, a.name AS agency, \
    c.name, c.geometry, c.sharing, c.shared_with, c.agency_id";

macro_rules! corridor_from_row {
    ($row:expr) => {{
        let row = $row;
        let id: String = row.try_get("id")?;
        let geometry: String = row.try_get("geometry")?;
        let shared: String = row.try_get("shared_with")?;
        StoredCorridor {
            id: Uuid::parse_str(&id).map_err(|e| Error::Corrupt(e.to_string()))?,
            version: row.try_get("version")?,
            owner: row.try_get("owner")?,
            agency: row.try_get("agency")?,
            corridor: Corridor {
                name: row.try_get("name")?,
                geometry: serde_json::from_str(&geometry)
                    .map_err(|e| Error::Corrupt(e.to_string()))?,
                sharing: lintas_model::Sharing {
                    level: row.try_get("sharing")?,
                    states: shared
                        .split('|')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                },
            },
        }
    }};
}

/// The engine's view of a corridor's geometry; `Err` names what is wrong.
fn geometry(c: &Corridor) -> std::result::Result<lintas_ais::detect::Corridor, FieldError> {
    let bad = |message: String| FieldError {
        field: "geometry".into(),
        code: "invalid_geometry".into(),
        message,
    };
    if c.geometry["type"] == "FeatureCollection" {
        return Err(bad(
            "one corridor is one Polygon, MultiPolygon or Feature; send a FeatureCollection as separate corridors".into(),
        ));
    }
    let mut parsed = parse_corridors(&c.geometry.to_string()).map_err(|e| bad(e.to_string()))?;
    match parsed.pop() {
        Some(mut g)
            if !g.polygons.is_empty()
                && g.polygons
                    .iter()
                    .all(|p| p.first().is_some_and(|r| r.len() >= 4)) =>
        {
            g.name = c.name.clone();
            Ok(g)
        }
        _ => Err(bad(
            "a polygon ring needs at least four positions (closed)".into()
        )),
    }
}

fn check(c: &mut Corridor) -> Result<()> {
    c.normalise();
    let mut errors = c.validate();
    if let Err(e) = geometry(c) {
        errors.push(e);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

impl Store {
    /// Stores a new corridor owned by the principal's agency.
    pub async fn create_corridor(
        &self,
        principal: &Principal,
        mut corridor: Corridor,
    ) -> Result<StoredCorridor> {
        require(principal, Action::Create)?;
        check(&mut corridor)?;
        let id = Uuid::now_v7();
        let now = timestamp(self.clock.now());
        let mut sql = Sql::new(
            "INSERT INTO ais_corridors (id, owner, agency_id, sharing, shared_with, name, geometry, version, created_at, updated_at) VALUES (",
        );
        sql.bind_text(id.to_string())
            .push(", ")
            .bind_text(&principal.member)
            .push(", ")
            .bind_text(principal.agency_id.to_string())
            .push(", ")
            .bind_text(corridor.sharing.level.as_str())
            .push(", ")
            .bind_text(shared_with(&corridor.sharing.states))
            .push(", ")
            .bind_text(corridor.name.as_str())
            .push(", ")
            .bind_text(corridor.geometry.to_string())
            .push(", 1, ")
            .bind_text(now.as_str())
            .push(", ")
            .bind_text(now.as_str())
            .push(")");
        on_pool!(self, pool => {
            query!(sql).execute(pool).await?;
        });
        self.audit(
            &Actor::from(principal),
            &[Audited::record("corridor.create", "corridor", id)],
        )
        .await?;
        self.get_corridor(principal, id).await
    }

    /// The corridor `id`, if the principal may see it.
    pub async fn get_corridor(&self, principal: &Principal, id: Uuid) -> Result<StoredCorridor> {
        require(principal, Action::Read)?;
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS} FROM ais_corridors c JOIN agencies a ON a.id = c.agency_id WHERE c.id = "
        ));
        sql.bind_text(id.to_string());
        push_visible_as(&mut sql, principal, "c", true);
        on_pool!(self, pool => {
            let row = query!(sql).fetch_optional(pool).await?.ok_or(Error::NotFound)?;
            Ok(corridor_from_row!(row))
        })
    }

    /// Every corridor the principal may see, by name.
    pub async fn list_corridors(&self, principal: &Principal) -> Result<Vec<StoredCorridor>> {
        require(principal, Action::Read)?;
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS} FROM ais_corridors c JOIN agencies a ON a.id = c.agency_id WHERE 1 = 1"
        ));
        push_visible_as(&mut sql, principal, "c", true);
        sql.push(" ORDER BY c.name, c.id");
        on_pool!(self, pool => {
            let mut out = Vec::new();
            for row in query!(sql).fetch_all(pool).await? {
                out.push(corridor_from_row!(row));
            }
            Ok(out)
        })
    }

    /// The visible corridors as the detectors take them.
    pub async fn watched_corridors(
        &self,
        principal: &Principal,
    ) -> Result<Vec<lintas_ais::detect::Corridor>> {
        self.list_corridors(principal)
            .await?
            .iter()
            .map(|c| {
                geometry(&c.corridor)
                    .map_err(|e| Error::Corrupt(format!("corridor {}: {}", c.id, e.message)))
            })
            .collect()
    }

    /// 404 when invisible, 403 when another agency's or the role may not write, 412 when stale.
    async fn writable_corridor(
        &self,
        principal: &Principal,
        id: Uuid,
        expected: Option<i64>,
    ) -> Result<StoredCorridor> {
        let current = self.get_corridor(principal, id).await?;
        self.check_writable(
            principal,
            "ais_corridors",
            id,
            current.version,
            expected,
            "corridor",
        )
        .await?;
        Ok(current)
    }

    /// Replaces a corridor if it is still at `expected_version`.
    pub async fn update_corridor(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: i64,
        mut corridor: Corridor,
    ) -> Result<StoredCorridor> {
        check(&mut corridor)?;
        self.writable_corridor(principal, id, Some(expected_version))
            .await?;
        let mut sql = Sql::new("UPDATE ais_corridors SET name = ");
        sql.bind_text(corridor.name.as_str())
            .push(", geometry = ")
            .bind_text(corridor.geometry.to_string())
            .push(", sharing = ")
            .bind_text(corridor.sharing.level.as_str())
            .push(", shared_with = ")
            .bind_text(shared_with(&corridor.sharing.states))
            .push(", version = version + 1, updated_at = ")
            .bind_text(timestamp(self.clock.now()))
            .push(" WHERE id = ")
            .bind_text(id.to_string())
            .push(" AND version = ")
            .bind_int(expected_version);
        let changed = on_pool!(self, pool => query!(sql).execute(pool).await?.rows_affected());
        if changed == 0 {
            let now = self.get_corridor(principal, id).await?;
            return Err(Error::VersionConflict {
                current: now.version,
            });
        }
        self.audit(
            &Actor::from(principal),
            &[Audited::record("corridor.update", "corridor", id)],
        )
        .await?;
        self.get_corridor(principal, id).await
    }

    /// Deletes a corridor (kept, invisible). `expected_version` is checked when given.
    pub async fn delete_corridor(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<()> {
        let current = self
            .writable_corridor(principal, id, expected_version)
            .await?;
        let mut sql = Sql::new("UPDATE ais_corridors SET deleted_at = ");
        sql.bind_text(timestamp(self.clock.now()))
            .push(", version = version + 1 WHERE deleted_at IS NULL AND id = ")
            .bind_text(id.to_string())
            .push(" AND version = ")
            .bind_int(current.version);
        let changed = on_pool!(self, pool => query!(sql).execute(pool).await?.rows_affected());
        if changed == 0 {
            let now = self.get_corridor(principal, id).await?;
            return Err(Error::VersionConflict {
                current: now.version,
            });
        }
        self.audit(
            &Actor::from(principal),
            &[Audited::record("corridor.delete", "corridor", id)],
        )
        .await?;
        Ok(())
    }
}
