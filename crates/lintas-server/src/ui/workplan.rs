//! The work-plan page: activities the user may see by year, and a form to record one (for
//! regional analysts and admins). Lines of the form's text areas become the lists.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use lintas_model::workplan::{ACTIVITY_KINDS, Activity, Participants, Target};
use lintas_model::{Action, FieldError, Sharing};
use lintas_store::Error;
use serde::Deserialize;
use uuid::Uuid;

use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filters {
    #[serde(default)]
    year: String,
}

pub(crate) struct Row {
    id: Uuid,
    title: String,
    kind: String,
    dates: String,
    venue: String,
    members: String,
    female: u64,
    male: u64,
    other: u64,
    agencies: String,
    outputs: Vec<String>,
    targets: Vec<String>,
    owner: String,
    version: i64,
    may_change: bool,
}

#[derive(Template)]
#[template(path = "workplan.html")]
struct WorkPlanPage {
    nav: Option<Nav>,
    csrf: String,
    year: String,
    rows: Vec<Row>,
    kinds: [&'static str; 4],
    may_create: bool,
    more: bool,
}

/// `GET /workplan`.
pub(crate) async fn list(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(f): Query<Filters>,
) -> Response {
    let p = &session.principal;
    let year = match f.year.trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) if (1900..=2999).contains(&y) => Some(y),
            _ => {
                return error_page(
                    &session,
                    Error::BadRequest(format!("year: `{y}` is not a year")),
                );
            }
        },
    };
    let found = match state.store.list_activities(p, year, Some(500), None).await {
        Ok(r) => r,
        Err(e) => return error_page(&session, e),
    };
    let rows = found
        .items
        .into_iter()
        .map(|s| {
            let a = &s.activity;
            let t = a.totals();
            Row {
                id: s.id,
                title: a.title.clone(),
                kind: a.kind.clone(),
                dates: if a.starts_on == a.ends_on {
                    a.starts_on.to_string()
                } else {
                    format!("{} – {}", a.starts_on, a.ends_on)
                },
                venue: a.venue.clone(),
                members: a.members.join(", "),
                female: t.female,
                male: t.male,
                other: t.other,
                agencies: a
                    .participants
                    .iter()
                    .map(|p| format!("{} ({})", p.agency, p.member))
                    .collect::<Vec<_>>()
                    .join("; "),
                outputs: a.outputs.clone(),
                targets: a
                    .targets
                    .iter()
                    .map(|t| match t.achieved {
                        Some(n) => format!("{}: {n} of {}", t.indicator, t.target),
                        None => format!("{}: target {}", t.indicator, t.target),
                    })
                    .collect(),
                owner: format!("{} / {}", s.owner, s.agency),
                version: s.version,
                may_change: p.role.may(Action::ManageWorkPlan) && s.owner == p.member,
            }
        })
        .collect();
    page(
        StatusCode::OK,
        &WorkPlanPage {
            nav: nav(&session, "workplan"),
            csrf: session.csrf.clone(),
            year: f.year.trim().to_string(),
            rows,
            kinds: ACTIVITY_KINDS,
            may_create: p.role.may(Action::ManageWorkPlan),
            more: found.next_cursor.is_some(),
        },
    )
}

fn invalid(field: &str, line: usize, message: String) -> Error {
    Error::Invalid(vec![FieldError {
        field: format!("{field} (line {line})"),
        code: "invalid".into(),
        message,
    }])
}

fn number(field: &str, line: usize, text: &str) -> Result<u32, Error> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse()
        .map_err(|_| invalid(field, line, format!("`{t}` is not a whole number")))
}

/// The activity the form describes, or the field and line that is wrong.
fn activity(form: &[(String, String)]) -> Result<Activity, Error> {
    let value = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let date = |k: &str| {
        NaiveDate::parse_from_str(value(k).trim(), "%Y-%m-%d").map_err(|_| {
            Error::Invalid(vec![FieldError {
                field: k.into(),
                code: "invalid_date".into(),
                message: "give the date as YYYY-MM-DD".into(),
            }])
        })
    };
    let lines = |k: &str| -> Vec<(usize, String)> {
        value(k)
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim().to_string()))
            .filter(|(_, l)| !l.is_empty())
            .collect()
    };
    let mut participants = Vec::new();
    for (n, l) in lines("participants") {
        let parts: Vec<&str> = l.split(';').collect();
        let [member, agency, female, male, rest @ ..] = parts.as_slice() else {
            return Err(invalid(
                "participants",
                n,
                "write `MEMBER; agency; women; men[; other]`".into(),
            ));
        };
        participants.push(Participants {
            member: member.to_string(),
            agency: agency.to_string(),
            female: number("participants", n, female)?,
            male: number("participants", n, male)?,
            other: match rest.first() {
                Some(o) => number("participants", n, o)?,
                None => 0,
            },
        });
    }
    let mut targets = Vec::new();
    for (n, l) in lines("targets") {
        let parts: Vec<&str> = l.split(';').collect();
        let [indicator, target, rest @ ..] = parts.as_slice() else {
            return Err(invalid(
                "targets",
                n,
                "write `indicator; target[; achieved]`".into(),
            ));
        };
        targets.push(Target {
            indicator: indicator.to_string(),
            target: number("targets", n, target)?,
            achieved: match rest.first().map(|a| a.trim()).filter(|a| !a.is_empty()) {
                Some(a) => Some(number("targets", n, a)?),
                None => None,
            },
        });
    }
    Ok(Activity {
        title: value("title"),
        kind: value("kind"),
        starts_on: date("starts_on")?,
        ends_on: date("ends_on")?,
        venue: value("venue"),
        members: value("members").split(',').map(str::to_string).collect(),
        participants,
        outputs: lines("outputs").into_iter().map(|(_, l)| l).collect(),
        targets,
        sharing: Sharing {
            level: match value("sharing_level").trim() {
                "" => "regional".into(),
                l => l.to_string(),
            },
            states: Vec::new(),
        },
    })
}

/// `POST /workplan`: record an activity.
pub(crate) async fn create(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let p = &session.principal;
    let done = async {
        p.require(Action::ManageWorkPlan)?;
        let a = activity(&form)?;
        state.store.create_activity(p, a).await
    }
    .await;
    match done {
        Ok(a) => Redirect::to(&format!(
            "/workplan?year={}",
            a.activity.starts_on.format("%Y")
        ))
        .into_response(),
        Err(e) => error_page(&session, e),
    }
}

/// `POST /workplan/{id}/delete`.
pub(crate) async fn delete(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(text): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&text) else {
        return error_page(&session, Error::NotFound);
    };
    let version = form
        .iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| v.parse().ok());
    match state
        .store
        .delete_activity(&session.principal, id, version)
        .await
    {
        Ok(()) => Redirect::to("/workplan").into_response(),
        Err(e) => error_page(&session, e),
    }
}
