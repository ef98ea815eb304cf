//! Trend alerts (issue 16): what a detection run found unusual in one series and period,
//! and the review it goes through. The workflow is a pure function here; the store keeps
//! alerts on the versioned-record core and audits every move.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an alert is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    /// Raised by a detection run, not looked at yet.
    New,
    /// Someone is looking into it.
    UnderReview,
    /// A real surge: left out of later baselines.
    Confirmed,
    /// Noise, a reporting artefact or a known cause.
    Dismissed,
}

impl AlertState {
    /// Every state, in workflow order.
    pub const ALL: [AlertState; 4] = [
        AlertState::New,
        AlertState::UnderReview,
        AlertState::Confirmed,
        AlertState::Dismissed,
    ];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::New => "new",
            AlertState::UnderReview => "under_review",
            AlertState::Confirmed => "confirmed",
            AlertState::Dismissed => "dismissed",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            AlertState::New => "new",
            AlertState::UnderReview => "under review",
            AlertState::Confirmed => "confirmed",
            AlertState::Dismissed => "dismissed",
        }
    }

    /// Parses a stored or API name.
    pub fn parse(s: &str) -> Option<AlertState> {
        AlertState::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }

    /// Whether an alert may move from `self` to `to`: new → under review → confirmed or
    /// dismissed; a new alert may be dismissed at once; a decided one may be reopened (back
    /// under review).
    pub fn may_move_to(self, to: AlertState) -> bool {
        use AlertState::*;
        matches!(
            (self, to),
            (New, UnderReview)
                | (New, Dismissed)
                | (UnderReview, Confirmed)
                | (UnderReview, Dismissed)
                | (Confirmed, UnderReview)
                | (Dismissed, UnderReview)
        )
    }

    /// Whether moving to `to` needs a reason: every decision and every reopening does.
    pub fn needs_reason(self, to: AlertState) -> bool {
        to != AlertState::UnderReview || self != AlertState::New
    }
}

/// A requested move of an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertTransition {
    /// The state to move to.
    pub to: AlertState,
    /// Why (required to confirm, dismiss or reopen).
    #[serde(default)]
    pub reason: String,
}

/// What a detection run found for one series in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AlertFinding {
    /// The series' definition: measure, interval, fields and kind filter
    /// (`incidents|month|member,kind|`); alerts of one definition form one inbox family.
    pub scope: String,
    /// The series' name: its strata joined by `/`, e.g. `IDN/smuggling`.
    pub series: String,
    /// The value of each field of the scope, in order.
    pub strata: Vec<String>,
    /// The period's label (`2025-W40`, `2025-10`).
    pub period: String,
    /// Its first and last day (`YYYY-MM-DD`).
    pub period_start: String,
    pub period_end: String,
    /// The count detection saw.
    pub observed: u64,
    /// What the baseline expected; `null` when the method gives none.
    pub expected: Option<f64>,
    /// The upper bound.
    pub upper: Option<f64>,
    /// The method that ran (`farrington`, `ears-c2`, …).
    pub method: String,
    /// The baseline's first and last period.
    pub baseline_from: Option<String>,
    pub baseline_to: Option<String>,
    /// The method's score (above 1 alarms, for Farrington).
    pub score: Option<f64>,
    /// P(Y ≥ observed) under the baseline, where the method gives one.
    pub p_value: Option<f64>,
    /// The method's own alarm.
    pub alarm: bool,
    /// Still an alarm after Benjamini–Hochberg over every series of the run.
    pub alarm_fdr: bool,
    /// Why this method (history available, limits).
    pub reason: String,
}

/// A stored alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredAlert {
    /// UUID v7.
    pub id: Uuid,
    /// Incremented on each move.
    pub version: i64,
    /// The member whose view the detection ran on (and who reviews it).
    pub owner: String,
    /// The agency that ran it.
    pub agency: String,
    /// What was found.
    #[serde(flatten)]
    pub finding: AlertFinding,
    /// Review state.
    pub state: AlertState,
    /// The reason given with the last move.
    pub state_reason: Option<String>,
    /// When it was raised and last changed (RFC 3339).
    pub created_at: String,
    pub updated_at: String,
}

/// One incident behind an alert, as the signal line list shows it (no person data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SignalIncident {
    /// The incident.
    pub id: Uuid,
    /// Reporting member.
    pub owner: String,
    /// Incident kind.
    pub kind: String,
    /// First and last day its date may cover.
    pub occurred_from: String,
    pub occurred_to: String,
    /// Where it happened (`international_waters` when at sea outside any state).
    pub country: String,
    /// Origin, transit countries and destination (`unknown` where not recorded).
    pub route: Vec<String>,
    /// Persons involved (counted, not shown).
    pub persons: usize,
}

/// The incidents behind an alert that the viewer may see, and how many counted ones it may
/// not (others' aggregate-shared records).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SignalLineList {
    /// By date, newest first.
    pub incidents: Vec<SignalIncident>,
    /// The alert's count minus the incidents listed: records counted but not visible in
    /// full (others' aggregate-shared records), or changed since the run.
    pub not_shown: u64,
}
