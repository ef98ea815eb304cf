//! The RSO's work plan (issue 16): activities — trainings, workshops, roundtables, forums —
//! with their dates, participating members, participants by sex and agency, outputs and
//! targets. The annual report's work-plan progress table reads them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{FieldError, Sharing};

/// Kinds of activity.
pub const ACTIVITY_KINDS: [&str; 4] = ["training", "workshop", "roundtable", "forum"];

const MAX_TEXT: usize = 500;
const MAX_ITEMS: usize = 100;
const MAX_PEOPLE: u32 = 100_000;

/// People from one agency who took part, by sex.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Participants {
    /// Member the agency belongs to (ISO 3166-1 alpha-3 or `RSO`).
    pub member: String,
    /// The agency, e.g. `Royal Malaysia Police`.
    pub agency: String,
    #[serde(default)]
    pub female: u32,
    #[serde(default)]
    pub male: u32,
    /// Other or not stated.
    #[serde(default)]
    pub other: u32,
}

/// A target the activity counts towards, e.g. `officers trained in victim identification`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub indicator: String,
    /// What the work plan aims at.
    pub target: u32,
    /// What this activity achieved, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved: Option<u32>,
}

/// An activity as submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    #[schema(example = "Regional workshop on victim identification")]
    pub title: String,
    /// `training`, `workshop`, `roundtable` or `forum`.
    #[schema(example = "workshop")]
    pub kind: String,
    /// First and last day.
    #[schema(value_type = String, example = "2026-03-10")]
    pub starts_on: NaiveDate,
    #[schema(value_type = String, example = "2026-03-12")]
    pub ends_on: NaiveDate,
    /// Where (city, country).
    #[serde(default)]
    pub venue: String,
    /// Participating members.
    #[serde(default)]
    pub members: Vec<String>,
    /// Participants by agency and sex.
    #[serde(default)]
    pub participants: Vec<Participants>,
    /// Outputs (a report, guidelines, a curriculum).
    #[serde(default)]
    pub outputs: Vec<String>,
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Who may see it; the work plan is usually `regional`.
    #[serde(default = "regional")]
    pub sharing: Sharing,
}

fn regional() -> Sharing {
    Sharing {
        level: "regional".into(),
        states: Vec::new(),
    }
}

/// A stored activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredActivity {
    pub id: Uuid,
    pub version: i64,
    /// Owning member (the RSO for its own work plan).
    pub owner: String,
    pub agency: String,
    #[serde(flatten)]
    pub activity: Activity,
}

/// Totals over an activity's participants.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub female: u64,
    pub male: u64,
    pub other: u64,
}

impl Activity {
    /// Trims text, upper-cases member codes, drops empty list entries.
    pub fn normalise(&mut self) {
        self.title = self.title.trim().to_string();
        self.kind = self.kind.trim().to_ascii_lowercase();
        self.venue = self.venue.trim().to_string();
        for m in &mut self.members {
            *m = m.trim().to_ascii_uppercase();
        }
        self.members.retain(|m| !m.is_empty());
        for p in &mut self.participants {
            p.member = p.member.trim().to_ascii_uppercase();
            p.agency = p.agency.trim().to_string();
        }
        for o in &mut self.outputs {
            *o = o.trim().to_string();
        }
        self.outputs.retain(|o| !o.is_empty());
        for t in &mut self.targets {
            t.indicator = t.indicator.trim().to_string();
        }
        self.sharing.normalise();
    }

    /// Participants by sex, over all agencies.
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for p in &self.participants {
            t.female += u64::from(p.female);
            t.male += u64::from(p.male);
            t.other += u64::from(p.other);
        }
        t
    }

    /// Every way the activity is invalid, naming the field.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let mut err = |field: String, code: &str, message: String| {
            out.push(FieldError {
                field,
                code: code.into(),
                message,
            })
        };
        if self.title.is_empty() {
            err(
                "title".into(),
                "required",
                "an activity needs a title".into(),
            );
        }
        for (field, text) in [("title", &self.title), ("venue", &self.venue)] {
            if text.chars().count() > MAX_TEXT {
                err(
                    field.into(),
                    "too_long",
                    format!("at most {MAX_TEXT} characters"),
                );
            }
        }
        if !ACTIVITY_KINDS.contains(&self.kind.as_str()) {
            err(
                "kind".into(),
                "unknown_code",
                format!(
                    "`{}` is not one of {}",
                    self.kind,
                    ACTIVITY_KINDS.join(", ")
                ),
            );
        }
        if self.ends_on < self.starts_on {
            err(
                "ends_on".into(),
                "before_start",
                format!("{} is before starts_on {}", self.ends_on, self.starts_on),
            );
        }
        for (field, n) in [
            ("members", self.members.len()),
            ("participants", self.participants.len()),
            ("outputs", self.outputs.len()),
            ("targets", self.targets.len()),
        ] {
            if n > MAX_ITEMS {
                err(field.into(), "too_many", format!("at most {MAX_ITEMS}"));
            }
        }
        for (i, m) in self.members.iter().enumerate() {
            if crate::members::member(m).is_none() {
                err(
                    format!("members[{i}]"),
                    "unknown_member",
                    format!("`{m}` is not a member of the Bali Process"),
                );
            }
        }
        for (i, p) in self.participants.iter().enumerate() {
            if crate::members::member(&p.member).is_none() {
                err(
                    format!("participants[{i}].member"),
                    "unknown_member",
                    format!("`{}` is not a member of the Bali Process", p.member),
                );
            }
            if p.agency.is_empty() {
                err(
                    format!("participants[{i}].agency"),
                    "required",
                    "name the agency".into(),
                );
            }
            if p.female > MAX_PEOPLE || p.male > MAX_PEOPLE || p.other > MAX_PEOPLE {
                err(
                    format!("participants[{i}]"),
                    "out_of_range",
                    format!("at most {MAX_PEOPLE} per agency and sex"),
                );
            }
        }
        for (i, o) in self.outputs.iter().enumerate() {
            if o.chars().count() > MAX_TEXT {
                err(
                    format!("outputs[{i}]"),
                    "too_long",
                    format!("at most {MAX_TEXT} characters"),
                );
            }
        }
        for (i, t) in self.targets.iter().enumerate() {
            if t.indicator.is_empty() {
                err(
                    format!("targets[{i}].indicator"),
                    "required",
                    "name what the target counts".into(),
                );
            }
        }
        out.extend(crate::maritime::sharing_errors(&self.sharing, "sharing"));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workshop() -> Activity {
        serde_json::from_value(serde_json::json!({
            "title": " Regional workshop on victim identification ",
            "kind": "Workshop",
            "starts_on": "2026-03-10", "ends_on": "2026-03-12",
            "members": ["idn", "MYS"],
            "participants": [
                {"member": "IDN", "agency": "POLRI", "female": 6, "male": 9},
                {"member": "MYS", "agency": "Royal Malaysia Police", "female": 4, "male": 5, "other": 1}
            ],
            "outputs": ["Guidelines on victim identification", " "],
            "targets": [{"indicator": "officers trained", "target": 40, "achieved": 25}]
        }))
        .unwrap()
    }

    #[test]
    fn a_workshop_normalises_and_validates_with_regional_sharing() {
        let mut a = workshop();
        a.normalise();
        assert_eq!(a.validate(), Vec::new());
        assert_eq!(a.kind, "workshop");
        assert_eq!(a.members, ["IDN", "MYS"]);
        assert_eq!(a.outputs.len(), 1);
        assert_eq!(a.sharing.level, "regional");
        assert_eq!(
            a.totals(),
            Totals {
                female: 10,
                male: 14,
                other: 1
            }
        );
    }

    #[test]
    fn bad_activities_name_their_fields() {
        let mut a = workshop();
        a.kind = "party".into();
        a.ends_on = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        a.members.push("XXX".into());
        a.participants[1].agency.clear();
        a.title.clear();
        a.normalise();
        let fields: Vec<String> = a.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "title",
                "kind",
                "ends_on",
                "members[2]",
                "participants[1].agency"
            ]
        );
    }
}
