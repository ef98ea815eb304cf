//! Referrals in the web UI (victim roles only): the inbox and the sent box with overdue flags,
//! one referral with its content and history, and the receiving agency's (or the approving
//! supervisor's) actions. Every referral shown is an audited read.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lintas_model::Action;
use lintas_model::FieldError;
use lintas_model::victims::referral::{ReferralAction, StoredReferral};
use lintas_store::{Error, ReferralBox, Session};
use serde::Deserialize;
use uuid::Uuid;

use super::victim_work::{field, version};
use super::victims::Done;
use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

#[derive(Template)]
#[template(path = "referrals.html")]
struct ListPage {
    nav: Option<Nav>,
    sent: bool,
    referrals: Vec<StoredReferral>,
}

#[derive(Template)]
#[template(path = "referral.html")]
struct ReferralPage {
    nav: Option<Nav>,
    r: StoredReferral,
    content: String,
    receiver: bool,
    sender: bool,
    supervisor: bool,
    flash: Option<&'static str>,
    errors: Vec<FieldError>,
}

/// The list's query.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default, rename = "box")]
    which: String,
}

/// `GET /referrals?box=inbox|sent`.
pub(crate) async fn list(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(q): Query<ListQuery>,
) -> Response {
    let sent = q.which == "sent";
    let which = if sent {
        ReferralBox::Sent
    } else {
        ReferralBox::Inbox
    };
    match state
        .store
        .list_referrals_audited(&session.principal, which, None, Some(200))
        .await
    {
        Ok(p) => page(
            StatusCode::OK,
            &ListPage {
                nav: nav(&session, "referrals"),
                sent,
                referrals: p.items,
            },
        ),
        Err(e) => error_page(&session, e),
    }
}

async fn referral_page(
    state: &AppState,
    session: &Session,
    id: Uuid,
    status: StatusCode,
    flash: Option<&'static str>,
    errors: Vec<FieldError>,
) -> Response {
    let p = &session.principal;
    let r = match state.store.read_referral_audited(p, id).await {
        Ok(r) => r,
        Err(e) => return error_page(session, e),
    };
    let write = p.role.may(Action::WriteVictims);
    page(
        status,
        &ReferralPage {
            nav: nav(session, "referrals"),
            content: serde_json::to_string_pretty(&r.content).unwrap_or_default(),
            receiver: write && r.to_agency_id == p.agency_id,
            sender: write && r.from_agency_id == p.agency_id,
            supervisor: p.role.may(Action::ApproveVictims),
            r,
            flash,
            errors,
        },
    )
}

/// `GET /referrals/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else {
        return error_page(&session, Error::NotFound);
    };
    referral_page(
        &state,
        &session,
        id,
        StatusCode::OK,
        done.message(),
        Vec::new(),
    )
    .await
}

/// `POST /referrals/{id}/actions`: `action` and its text (`reason`, `note`, `outcome`).
pub(crate) async fn act(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else {
        return error_page(&session, Error::NotFound);
    };
    let text = |name: &str| field(&form, name).unwrap_or_default();
    let action = match field(&form, "action").as_deref() {
        Some("acknowledge") => ReferralAction::Acknowledge,
        Some("accept") => ReferralAction::Accept,
        Some("reject") => ReferralAction::Reject {
            reason: text("reason"),
        },
        Some("services_delivered") => ReferralAction::ServicesDelivered {
            note: field(&form, "note"),
        },
        Some("outcome") => ReferralAction::Outcome {
            outcome: text("outcome"),
        },
        Some("approve_override") => ReferralAction::ApproveOverride,
        _ => {
            return referral_page(
                &state,
                &session,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                vec![FieldError {
                    field: "action".into(),
                    code: "unknown_action".into(),
                    message: "choose an action".into(),
                }],
            )
            .await;
        }
    };
    match state
        .store
        .act_on_referral(&session.principal, id, version(&form), &action)
        .await
    {
        Ok(_) => Redirect::to(&format!("/referrals/{id}?done=acted")).into_response(),
        Err(Error::Invalid(errors)) => {
            referral_page(
                &state,
                &session,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                errors,
            )
            .await
        }
        Err(Error::VersionConflict { current }) => referral_page(
            &state,
            &session,
            id,
            StatusCode::PRECONDITION_FAILED,
            None,
            vec![FieldError {
                field: "version".into(),
                code: "stale".into(),
                message: format!(
                    "someone else moved the referral (now version {current}): look again and retry"
                ),
            }],
        )
        .await,
        Err(e) => error_page(&session, e),
    }
}
