//! Victim cases in the web UI (victim roles only): the case list and a case's page with its
//! workflow history and consents. Every case shown is an audited read (the store's `_audited`
//! methods); other roles get the store's refusal as a page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lintas_model::victims::StoredVictimCase;
use lintas_model::victims::consent::StoredConsent;
use lintas_model::victims::referral::StoredReferral;
use lintas_model::{Action, FieldError};
use lintas_store::{ReferralBox, VictimCaseFilter};
use serde::Deserialize;

use super::{Nav, error_page, nav, opt, page};
use crate::AppState;
use crate::auth::UiAuth;

/// Cases per page.
const PAGE: u32 = 50;

/// The list's query.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    cursor: String,
}

/// One row of the list.
pub(crate) struct Row {
    id: String,
    reference: String,
    name: String,
    status: String,
    step: String,
    sharing: String,
    updated: String,
}

#[derive(Template)]
#[template(path = "victims.html")]
struct ListPage {
    nav: Option<Nav>,
    rows: Vec<Row>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "victim.html")]
struct CasePage {
    nav: Option<Nav>,
    case: StoredVictimCase,
    name: String,
    consents: Vec<StoredConsent>,
    referrals: Vec<StoredReferral>,
    next_steps: Vec<&'static str>,
    can_approve: bool,
    closed: bool,
    editable: bool,
    supervisor: bool,
    flash: Option<&'static str>,
    errors: Vec<FieldError>,
    indicators: Vec<IndicatorRow>,
}

/// One ILO indicator on the identification form.
pub(crate) struct IndicatorRow {
    code: &'static str,
    label: &'static str,
    dimension: &'static str,
    labour: &'static str,
    sexual: &'static str,
    ticked: bool,
}

fn strength(s: lintas_model::victims::ilo::Strength) -> &'static str {
    use lintas_model::victims::ilo::Strength;
    match s {
        Strength::Strong => "strong",
        Strength::Medium => "medium",
        Strength::Weak => "weak",
    }
}

/// The form's rows: the labour list's indicators with both profiles' strengths, ticked as
/// the case's last form had them.
fn indicator_rows(case: &StoredVictimCase) -> Vec<IndicatorRow> {
    use lintas_model::victims::ilo::Profile;
    let ticked = case
        .workflow
        .identification
        .as_ref()
        .map(|s| s.indicators.clone())
        .unwrap_or_default();
    Profile::AdultLabour
        .indicators()
        .iter()
        .map(|i| IndicatorRow {
            code: i.code,
            label: i.label,
            dimension: i.dimension.label(),
            labour: strength(i.strength),
            sexual: Profile::AdultSexual
                .indicator(i.code)
                .map(|s| strength(s.strength))
                .unwrap_or(""),
            ticked: ticked.iter().any(|t| t == i.code),
        })
        .collect()
}

fn name(c: &StoredVictimCase) -> String {
    let p = &c.case.person;
    let parts: Vec<&str> = [&p.first_name, &p.second_name]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .collect();
    if parts.is_empty() {
        "(no name recorded)".into()
    } else {
        parts.join(" ")
    }
}

/// `GET /victims`.
pub(crate) async fn list(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(q): Query<ListQuery>,
) -> Response {
    let cursor = opt(&q.cursor);
    let listed = state
        .store
        .list_victim_cases_audited(
            &session.principal,
            &VictimCaseFilter::default(),
            cursor.as_deref(),
            Some(PAGE),
        )
        .await;
    let listed = match listed {
        Ok(p) => p,
        Err(e) => return error_page(&session, e),
    };
    let rows = listed
        .items
        .iter()
        .map(|c| Row {
            id: c.id.to_string(),
            reference: c.case.external_ref.clone().unwrap_or_default(),
            name: name(c),
            status: c.case.case.status.clone().unwrap_or_default(),
            step: c.workflow.step.as_str().replace('_', " "),
            sharing: c.case.sharing.level.clone(),
            updated: c.updated_at.get(..10).unwrap_or(&c.updated_at).to_string(),
        })
        .collect();
    page(
        StatusCode::OK,
        &ListPage {
            nav: nav(&session, "victims"),
            rows,
            next: listed.next_cursor.map(|c| {
                let mut q = form_urlencoded::Serializer::new(String::new());
                q.append_pair("cursor", &c);
                format!("/victims?{}", q.finish())
            }),
        },
    )
}

/// The flash messages a redirect after a change may name (`?done=`): fixed sentences, so a
/// link cannot put words on the page.
pub(crate) fn flash(done: &str) -> Option<&'static str> {
    Some(match done {
        "created" => "The case was opened.",
        "saved" => "The case was saved.",
        "moved" => "The case moved on in its workflow.",
        "consent" => "The consent was recorded.",
        "revoked" => "The consent was revoked; every referral sent under it lost its content.",
        "sent" => "The referral was sent.",
        "pending" => "The referral waits for a second supervisor's approval of the override.",
        "acted" => "The referral moved on.",
        "identified" => "The identification form was recorded.",
        _ => return None,
    })
}

/// The query of a page reached after a change.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    done: String,
}

impl Done {
    pub(crate) fn message(&self) -> Option<&'static str> {
        flash(&self.done)
    }
}

/// `GET /victims/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return error_page(&session, lintas_store::Error::NotFound);
    };
    case_page(
        &state,
        &session,
        id,
        StatusCode::OK,
        done.message(),
        Vec::new(),
    )
    .await
}

/// A case's page: the case (an audited read), its consents and referrals, the forms that
/// change it, a flash after a change and every error of a refused form at once.
pub(crate) async fn case_page(
    state: &AppState,
    session: &lintas_store::Session,
    id: uuid::Uuid,
    status: StatusCode,
    flash: Option<&'static str>,
    errors: Vec<FieldError>,
) -> Response {
    let p = &session.principal;
    let case = match state.store.read_victim_case_audited(p, id).await {
        Ok(c) => c,
        Err(e) => return error_page(session, e),
    };
    // The case's read above is the audited one; its consents and referrals belong to it.
    let consents = match state.store.list_consents_audited(p, id).await {
        Ok(c) => c,
        Err(e) => return error_page(session, e),
    };
    let referrals = match state
        .store
        .list_referrals_audited(p, ReferralBox::Case(id), None, Some(100))
        .await
    {
        Ok(r) => r.items,
        Err(e) => return error_page(session, e),
    };
    // Only shows the forms; the store decides (same agency, by id).
    let editable =
        p.role.may(Action::WriteVictims) && case.agency == p.agency && case.owner == p.member;
    page(
        status,
        &CasePage {
            nav: nav(session, "victims"),
            name: name(&case),
            next_steps: case
                .workflow
                .step
                .next()
                .iter()
                .map(|s| s.as_str())
                .collect(),
            can_approve: p.role.may(Action::ApproveVictims)
                && case.workflow.step.needs_approval()
                && !case.workflow.approved.contains(&case.workflow.step),
            closed: case.workflow.step.is_closed(),
            editable,
            supervisor: p.role.may(Action::ApproveVictims),
            indicators: indicator_rows(&case),
            case,
            consents,
            referrals,
            flash,
            errors,
        },
    )
}
