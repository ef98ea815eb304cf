//! The maritime picture: vessels and their positions from AIS, detected behaviours (events),
//! watched corridors and search-and-rescue (SAR) incidents at sea.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::codes::SHARING_LEVEL;
use crate::countries::is_country;
use crate::incident::Sharing;

/// One stored position of a vessel. Coordinates are kept in AIS's own unit (1/10 000 minute),
/// so what was received is what comes back.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Position {
    /// Vessel MMSI.
    pub mmsi: u32,
    /// Receive time, Unix seconds UTC.
    pub t: i64,
    /// Latitude, degrees (multiple of 1/600 000).
    pub lat: f64,
    /// Longitude, degrees (multiple of 1/600 000).
    pub lon: f64,
    /// Speed over ground, knots (0.1 kn steps), if reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sog: Option<f32>,
    /// Course over ground, degrees (0.1° steps), if reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cog: Option<f32>,
    /// True heading, degrees, if reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<u16>,
}

/// Static data of a vessel, joined from AIS types 5, 19 and 24.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VesselStatic {
    /// Vessel name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Call sign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callsign: Option<String>,
    /// IMO number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imo: Option<u32>,
    /// Ship and cargo type (ITU-R M.1371 table 53).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ship_type: Option<u8>,
    /// Overall length, metres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length_m: Option<u32>,
    /// Overall beam, metres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beam_m: Option<u32>,
}

impl VesselStatic {
    /// Whether any static field is known.
    pub fn is_empty(&self) -> bool {
        *self == VesselStatic::default()
    }
}

/// A vessel: its static data and its latest position, as seen by the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Vessel {
    /// MMSI.
    pub mmsi: u32,
    /// Static data.
    #[serde(flatten)]
    pub info: VesselStatic,
    /// When static data was last received (RFC 3339), if ever.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub static_updated_at: Option<String>,
    /// Latest position, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<Position>,
}

/// A detected vessel behaviour, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AisEvent {
    /// UUID v7.
    pub id: Uuid,
    /// Member whose detection run stored it.
    pub owner: String,
    /// `ais_gap`, `encounter`, `loitering` or `corridor_entry`.
    pub kind: String,
    /// The vessel.
    pub mmsi: u32,
    /// The other vessel of an encounter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_mmsi: Option<u32>,
    /// Start (RFC 3339).
    pub start: String,
    /// End (RFC 3339).
    pub end: String,
    /// Duration, seconds.
    pub duration_s: i64,
    /// Representative position, degrees.
    pub lat: f64,
    /// Representative position, degrees.
    pub lon: f64,
    /// Distance of that position from shore, nautical miles.
    pub distance_from_shore_nm: f64,
    /// Kind-specific facts and the detector parameters used.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// A watched area, as submitted: a GeoJSON Polygon or MultiPolygon (Feature or geometry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Corridor {
    /// Name shown in alerts.
    #[schema(example = "Java–Ashmore approach")]
    pub name: String,
    /// GeoJSON geometry or Feature (Polygon/MultiPolygon, WGS 84 lon/lat).
    #[schema(value_type = Object)]
    pub geometry: serde_json::Value,
    /// Who may see it; defaults to `national`.
    #[serde(default)]
    pub sharing: Sharing,
}

/// A stored corridor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredCorridor {
    /// UUID v7.
    pub id: Uuid,
    /// Incremented on each update.
    pub version: i64,
    /// Owning member.
    pub owner: String,
    /// Agency that drew it.
    pub agency: String,
    /// The corridor.
    #[serde(flatten)]
    pub corridor: Corridor,
}

/// A vessel involved in a SAR incident: by MMSI, by name, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SarVessel {
    /// MMSI (9 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mmsi: Option<u32>,
    /// Name or description (e.g. "wooden fishing boat KM Harapan").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A distress or rescue event at sea.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SarIncident {
    /// When the distress began or was reported (RFC 3339).
    pub occurred_at: DateTime<Utc>,
    /// WGS 84 latitude, degrees.
    pub lat: f64,
    /// WGS 84 longitude, degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-3 of the state whose search and rescue region it fell in; counts by
    /// country use it.
    #[schema(example = "AUS")]
    pub country: String,
    /// People on board, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people_on_board: Option<u32>,
    /// People rescued.
    #[serde(default)]
    pub rescued: u32,
    /// People found dead.
    #[serde(default)]
    pub dead: u32,
    /// People missing.
    #[serde(default)]
    pub missing: u32,
    /// Vessels involved.
    #[serde(default)]
    pub vessels: Vec<SarVessel>,
    /// Agency that responded (e.g. "AMSA JRCC", "BASARNAS").
    #[serde(default)]
    pub responding_agency: String,
    /// Incidents (by id) this rescue belongs to.
    #[serde(default)]
    pub incident_ids: Vec<Uuid>,
    /// What happened.
    #[serde(default)]
    pub narrative: String,
    /// Who may see it; defaults to `national`.
    #[serde(default)]
    pub sharing: Sharing,
}

/// A stored SAR incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredSar {
    /// UUID v7.
    pub id: Uuid,
    /// Incremented on each update; the ETag.
    pub version: i64,
    /// Owning member.
    pub owner: String,
    /// Reporting agency.
    pub agency: String,
    /// When it was first stored (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
    /// The record.
    #[serde(flatten)]
    pub sar: SarIncident,
}

/// SAR counts of one month in one country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SarCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Country (search and rescue region).
    pub country: String,
    /// Number of SAR incidents.
    pub incidents: u64,
    /// People rescued.
    pub rescued: u64,
    /// People dead.
    pub dead: u64,
    /// People missing.
    pub missing: u64,
}

const MAX_TEXT: usize = 200;
const MAX_NARRATIVE: usize = 20_000;
const MAX_PEOPLE: u32 = 100_000;

fn err(field: impl Into<String>, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}

/// Problems with a sharing choice (`field` is its path, e.g. `sharing`): the one sharing
/// rule, [`Sharing::validate`], over every level.
pub fn sharing_errors(sharing: &Sharing, field: &str) -> Vec<FieldError> {
    sharing.validate(field, &SHARING_LEVEL)
}

fn position_errors(out: &mut Vec<FieldError>, lat: f64, lon: f64) {
    if !(-90.0..=90.0).contains(&lat) {
        out.push(err(
            "lat",
            "out_of_range",
            "latitude must be within -90..90",
        ));
    }
    if !(-180.0..=180.0).contains(&lon) {
        out.push(err(
            "lon",
            "out_of_range",
            "longitude must be within -180..180",
        ));
    }
}

/// Whether `mmsi` has the nine digits of a maritime mobile service identity.
pub fn is_mmsi(mmsi: u32) -> bool {
    (100_000_000..=999_999_999).contains(&mmsi)
}

impl SarIncident {
    /// Canonical form of coded fields.
    pub fn normalise(&mut self) {
        self.country = self.country.trim().to_uppercase();
        self.responding_agency = self.responding_agency.trim().to_string();
        self.sharing.normalise();
        for v in &mut self.vessels {
            if let Some(n) = &mut v.name {
                *n = n.trim().to_string();
            }
        }
    }

    /// Every way the record breaks the data standard; `now` bounds the time.
    pub fn validate(&self, now: DateTime<Utc>) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.occurred_at > now {
            out.push(err(
                "occurred_at",
                "in_future",
                format!("{} is after now", self.occurred_at.to_rfc3339()),
            ));
        }
        position_errors(&mut out, self.lat, self.lon);
        if !is_country(&self.country) {
            out.push(err(
                "country",
                "invalid_country",
                format!(
                    "`{}` is not an ISO 3166-1 alpha-3 country code",
                    self.country
                ),
            ));
        }
        for (field, v) in [
            ("rescued", self.rescued),
            ("dead", self.dead),
            ("missing", self.missing),
        ] {
            if v > MAX_PEOPLE {
                out.push(err(field, "out_of_range", format!("at most {MAX_PEOPLE}")));
            }
        }
        if let Some(pob) = self.people_on_board {
            let accounted =
                u64::from(self.rescued) + u64::from(self.dead) + u64::from(self.missing);
            if u64::from(pob) < accounted {
                out.push(err(
                    "people_on_board",
                    "inconsistent",
                    format!("{pob} people on board, but rescued + dead + missing = {accounted}"),
                ));
            }
        }
        for (i, v) in self.vessels.iter().enumerate() {
            if v.mmsi.is_none() && v.name.as_deref().is_none_or(str::is_empty) {
                out.push(err(
                    format!("vessels[{i}]"),
                    "required",
                    "a vessel needs an mmsi or a name",
                ));
            }
            if let Some(m) = v.mmsi.filter(|m| !is_mmsi(*m)) {
                out.push(err(
                    format!("vessels[{i}].mmsi"),
                    "invalid_mmsi",
                    format!("`{m}` is not a nine-digit MMSI"),
                ));
            }
            if v.name
                .as_deref()
                .is_some_and(|n| n.chars().count() > MAX_TEXT)
            {
                out.push(err(
                    format!("vessels[{i}].name"),
                    "too_long",
                    format!("at most {MAX_TEXT} characters"),
                ));
            }
        }
        if self.responding_agency.chars().count() > MAX_TEXT {
            out.push(err(
                "responding_agency",
                "too_long",
                format!("at most {MAX_TEXT} characters"),
            ));
        }
        if self.narrative.chars().count() > MAX_NARRATIVE {
            out.push(err(
                "narrative",
                "too_long",
                format!("at most {MAX_NARRATIVE} characters"),
            ));
        }
        out.extend(sharing_errors(&self.sharing, "sharing"));
        out
    }
}

impl Corridor {
    /// Canonical form of coded fields.
    pub fn normalise(&mut self) {
        self.name = self.name.trim().to_string();
        self.sharing.normalise();
    }

    /// Problems other than the geometry (which the AIS engine checks).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.name.is_empty() {
            out.push(err("name", "required", "a corridor needs a name"));
        } else if self.name.chars().count() > MAX_TEXT {
            out.push(err(
                "name",
                "too_long",
                format!("at most {MAX_TEXT} characters"),
            ));
        }
        out.extend(sharing_errors(&self.sharing, "sharing"));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn sar() -> SarIncident {
        SarIncident {
            occurred_at: Utc.with_ymd_and_hms(2026, 3, 2, 4, 0, 0).unwrap(),
            lat: -12.2,
            lon: 123.0,
            country: "aus".into(),
            people_on_board: Some(40),
            rescued: 35,
            dead: 2,
            missing: 3,
            vessels: vec![SarVessel {
                mmsi: None,
                name: Some("KM Harapan".into()),
            }],
            responding_agency: "AMSA JRCC".into(),
            incident_ids: vec![],
            narrative: String::new(),
            sharing: Sharing::default(),
        }
    }

    #[test]
    fn a_consistent_rescue_is_valid_after_normalising() {
        let mut s = sar();
        s.normalise();
        assert_eq!(s.country, "AUS");
        assert!(
            s.validate(Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap())
                .is_empty()
        );
    }

    #[test]
    fn every_problem_is_named() {
        let mut s = sar();
        s.normalise();
        s.lat = 95.0;
        s.rescued = 40;
        s.vessels.push(SarVessel {
            mmsi: Some(1234),
            name: None,
        });
        s.vessels.push(SarVessel::default());
        s.sharing.level = "bilateral".into();
        let fields: Vec<String> = s
            .validate(Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap())
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "lat",
                "people_on_board",
                "vessels[1].mmsi",
                "vessels[2]",
                "sharing.states"
            ]
        );
    }
}
