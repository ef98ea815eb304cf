//! The incident record: what member states report and import.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::date::PartialDate;

/// An incident as submitted by a client (create, update, import). Coded fields are plain
/// strings checked against the code lists by [`Incident::validate`], so one submission
/// reports every problem at once rather than the first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Code list `incident_kind`.
    #[schema(example = "smuggling")]
    pub kind: String,
    /// When it happened, to the precision known.
    pub occurred_on: PartialDate,
    /// Where it happened (or was detected).
    pub place: Place,
    /// Origin, transit and destination countries.
    #[serde(default)]
    pub route: Route,
    /// Code list `transport_mode`.
    #[serde(default)]
    pub modes: Vec<String>,
    /// Code list `modus_operandi`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Numbers of people involved; absent means unknown.
    #[serde(default)]
    pub counts: Counts,
    /// Fee paid to smugglers, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fee>,
    /// People involved.
    #[serde(default)]
    pub persons: Vec<Person>,
    /// Identifiers involved: documents, phones, accounts, vessels.
    #[serde(default)]
    pub identifiers: Vec<Identifier>,
    /// What happened, in the reporting officer's words.
    #[serde(default)]
    pub narrative: String,
    /// The source agency's own case reference; unique per agency, makes imports idempotent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// Who may see the record.
    #[serde(default)]
    pub sharing: Sharing,
}

/// Where an incident happened.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// ISO 3166-1 alpha-3 country, or empty for international waters.
    #[serde(default)]
    #[schema(example = "IDN")]
    pub country: String,
    /// Free-text place name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Kupang, Nusa Tenggara Timur")]
    pub name: Option<String>,
    /// WGS 84 latitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// WGS 84 longitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// The route: origin → transit… → destination, as ISO 3166-1 alpha-3 codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Country of origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "AFG")]
    pub origin: Option<String>,
    /// Transit countries in order.
    #[serde(default)]
    pub transit: Vec<String>,
    /// Intended or actual destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "AUS")]
    pub destination: Option<String>,
}

impl Route {
    /// Every country on the route, in order, without repeats.
    pub fn countries(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in self
            .origin
            .iter()
            .chain(&self.transit)
            .chain(self.destination.iter())
        {
            if !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
        out
    }
}

/// Numbers of people involved. `None` means unknown, which is not zero.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Smuggled migrants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrants: Option<u32>,
    /// Presumed victims of trafficking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub victims: Option<u32>,
    /// Suspects (smugglers, traffickers, facilitators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspects: Option<u32>,
    /// People dead or missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_or_missing: Option<u32>,
}

/// A fee paid to smugglers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// Amount in `currency`.
    pub amount: f64,
    /// ISO 4217 currency code.
    #[schema(example = "USD")]
    pub currency: String,
    /// Code list `fee_basis`.
    #[schema(example = "per_person")]
    pub basis: String,
}

/// A person involved in an incident.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Family name(s) / surname; empty for a mononym.
    #[serde(default)]
    pub family_name: String,
    /// Given name(s); a mononym goes here.
    #[serde(default)]
    pub given_names: String,
    /// Other names used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Date of birth, to the precision known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    /// Code list `sex`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// ISO 3166-1 alpha-3 nationality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Code list `person_role`.
    pub role: String,
    /// Set by the server when a victim's details are withheld from the reader (names become
    /// initials, the birth date an age band); ignored on input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked: Option<crate::masking::Masked>,
}

/// An identifier involved in an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Identifier {
    /// Code list `identifier_kind`.
    #[schema(example = "phone")]
    pub kind: String,
    /// The identifier as written.
    #[schema(example = "+62 812 3456 7890")]
    pub value: String,
    /// Issuing state, platform or bank, where the kind has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Index into `persons` of the person it belongs to, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
}

/// Who may see a record besides its owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sharing {
    /// Code list `sharing_level`.
    #[schema(example = "regional")]
    pub level: String,
    /// For `bilateral`: the members it is shared with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<String>,
}

/// A sharing level (code list `sharing_level`), as a type: who may see a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SharingLevel {
    /// The owner member only.
    National,
    /// The owner and the members it names.
    Bilateral,
    /// Every member.
    Regional,
    /// Only counts leave the owner, through disclosure control.
    Aggregate,
}

impl SharingLevel {
    /// Every level, narrowest first.
    pub const ALL: [SharingLevel; 4] = [
        SharingLevel::National,
        SharingLevel::Bilateral,
        SharingLevel::Regional,
        SharingLevel::Aggregate,
    ];

    /// The level's code.
    pub fn as_str(self) -> &'static str {
        match self {
            SharingLevel::National => "national",
            SharingLevel::Bilateral => "bilateral",
            SharingLevel::Regional => "regional",
            SharingLevel::Aggregate => "aggregate",
        }
    }
}

impl std::fmt::Display for SharingLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SharingLevel {
    type Err = String;
    /// Parses a level as [`Sharing::normalise`] would write it (trimmed, any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        SharingLevel::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("`{s}` is not a sharing level: expected national, bilateral, regional or aggregate")
            })
    }
}

impl Sharing {
    /// The level as a type; `None` when it is not in the code list (validation reports it).
    pub fn level(&self) -> Option<SharingLevel> {
        self.level.parse().ok()
    }
}

impl Default for Sharing {
    fn default() -> Self {
        Self {
            level: "national".into(),
            states: Vec::new(),
        }
    }
}

/// A stored incident: the submitted record plus what the server keeps about it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredIncident {
    /// UUID v7.
    pub id: Uuid,
    /// Incremented on each update; the ETag.
    pub version: i64,
    /// Member that owns the record.
    pub owner: String,
    /// Agency that reported it.
    pub agency: String,
    /// When it was first stored (RFC 3339, UTC).
    pub created_at: String,
    /// When it was last changed (RFC 3339, UTC).
    pub updated_at: String,
    /// The record.
    #[serde(flatten)]
    pub incident: Incident,
}
