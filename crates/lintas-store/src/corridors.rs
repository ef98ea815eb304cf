//! Corridors: polygons a member watches for small or unidentified vessels.

use lintas_ais::detect::parse_corridors;
use lintas_model::maritime::{Corridor, StoredCorridor};
use lintas_model::{Action, FieldError};
use uuid::Uuid;

use crate::Store;
use crate::audit::AuditAction;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::records::{RecordAudit, RowGet, Values, Versioned, doc, uuid};
use crate::sql::Arg;
use crate::visibility::shared_states;

impl Versioned for StoredCorridor {
    const TABLE: &'static str = "ais_corridors";
    const ALIAS: &'static str = "c";
    const COLUMNS: &'static str = "c.id, CAST(c.version AS BIGINT) AS version, c.owner, \
        a.name AS agency, c.name, c.geometry, c.sharing, c.shared_with, c.agency_id";
    const NOUN: &'static str = "corridor";
    const AUDIT: RecordAudit = RecordAudit {
        record_type: "corridor",
        create: AuditAction::CorridorCreate,
        update: AuditAction::CorridorUpdate,
        delete: AuditAction::CorridorDelete,
    };

    fn from_row(row: &dyn RowGet) -> Result<Self> {
        Ok(StoredCorridor {
            id: uuid(row, "id")?,
            version: row.int("version")?,
            owner: row.text("owner")?,
            agency: row.text("agency")?,
            corridor: Corridor {
                name: row.text("name")?,
                geometry: doc(row, "geometry")?,
                sharing: lintas_model::Sharing {
                    level: row.text("sharing")?,
                    states: shared_states(&row.text("shared_with")?),
                },
            },
        })
    }

    fn version(&self) -> i64 {
        self.version
    }
}

fn values(c: &Corridor) -> Values<'_> {
    Values {
        sharing: &c.sharing,
        columns: vec![
            ("name", Arg::Text(c.name.clone())),
            ("geometry", Arg::Text(c.geometry.to_string())),
        ],
    }
}

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
        principal.require(Action::Create)?;
        check(&mut corridor)?;
        self.insert_record(principal, values(&corridor), |_| Vec::new(), None)
            .await
    }

    /// The corridor `id`, if the principal may see it.
    pub async fn get_corridor(&self, principal: &Principal, id: Uuid) -> Result<StoredCorridor> {
        self.fetch_record(principal, id).await
    }

    /// Every corridor the principal may see, by name.
    pub async fn list_corridors(&self, principal: &Principal) -> Result<Vec<StoredCorridor>> {
        principal.require(Action::Read)?;
        let mut sql = Self::select_visible::<StoredCorridor>(principal, "");
        sql.push(" ORDER BY c.name, c.id");
        let rows = self.fetch_rows(sql, None).await?;
        Ok(rows.into_iter().map(|(c, _)| c).collect())
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

    /// Replaces a corridor if it is still at `expected_version`.
    pub async fn update_corridor(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: i64,
        mut corridor: Corridor,
    ) -> Result<StoredCorridor> {
        self.writable_record::<StoredCorridor>(principal, id, Some(expected_version))
            .await?;
        check(&mut corridor)?;
        self.update_record(
            principal,
            id,
            expected_version,
            values(&corridor),
            Vec::new(),
            None,
        )
        .await
    }

    /// Deletes a corridor (kept, invisible). `expected_version` is checked when given.
    pub async fn delete_corridor(
        &self,
        principal: &Principal,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<()> {
        self.delete_record::<StoredCorridor>(principal, id, expected_version)
            .await
    }
}
