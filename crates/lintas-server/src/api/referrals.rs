//! Referral routes (victim roles only): send from a case, the inbox and the sent box, one
//! referral, and the receiving (or approving) agency's actions. Handlers only translate; the
//! store and the model's referral logic decide.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use lintas_model::Action;
use lintas_model::victims::referral::{ReferralAction, ReferralRequest, StoredReferral};
use lintas_store::ReferralBox;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::api::body::{Precondition, RECORD_BYTES, if_match, read_json, with_version};
use crate::auth::Auth;
use crate::problem::Problem;

fn id(text: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(text).map_err(|_| Problem::not_found())
}

/// Which referrals to list.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BoxName {
    /// Sent to the caller's agency.
    #[default]
    Inbox,
    /// Sent by the caller's agency.
    Sent,
}

/// Query parameters of the referral listings.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// `inbox` (default) or `sent` (ignored for a case's referrals).
    #[serde(rename = "box")]
    which: Option<BoxName>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1–500 (default 50).
    limit: Option<u32>,
}

/// A page of referrals.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReferralPage {
    /// Newest first, each with `overdue` when a deadline has passed.
    items: Vec<StoredReferral>,
    /// Cursor for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

async fn page(
    state: &AppState,
    p: &lintas_store::Principal,
    which: ReferralBox,
    params: ListParams,
) -> Result<Json<ReferralPage>, Problem> {
    let page = state
        .store
        .list_referrals_audited(p, which, params.cursor.as_deref(), params.limit)
        .await?;
    Ok(Json(ReferralPage {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

/// Referrals sent to (`box=inbox`, the default) or by (`box=sent`) the caller's agency; every
/// listed referral's read is audited.
#[utoipa::path(get, path = "/api/v1/referrals", tag = "victims", params(ListParams),
    responses((status = 200, body = ReferralPage), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<ListParams>,
) -> Result<Json<ReferralPage>, Problem> {
    let which = match params.which.unwrap_or_default() {
        BoxName::Inbox => ReferralBox::Inbox,
        BoxName::Sent => ReferralBox::Sent,
    };
    page(&state, &p, which, params).await
}

/// The referrals sent from a case (reading them reads the case; audited).
#[utoipa::path(get, path = "/api/v1/victim-cases/{id}/referrals", tag = "victims", params(("id" = Uuid, Path), ListParams),
    responses((status = 200, body = ReferralPage), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn of_case(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Json<ReferralPage>, Problem> {
    let case = id(&text)?;
    page(&state, &p, ReferralBox::Case(case), params).await
}

/// Send a referral from the case: to an agency of a member (`to_member`, `to_agency`), for a
/// `service`, carrying only the chosen `classes` of the case's fields (`identity`, `health`,
/// `exploitation`, `location`). Without a valid consent to referral to that agency it is
/// refused (409), unless a victim supervisor gives an `override_reason`: it then waits for a
/// second supervisor (`approve_override`).
#[utoipa::path(post, path = "/api/v1/victim-cases/{id}/referrals", tag = "victims", params(("id" = Uuid, Path)), request_body = ReferralRequest,
    responses((status = 201, body = StoredReferral, headers(("ETag" = String), ("Location" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn send(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let case = id(&text)?;
    if let Err(refused) = p.require(Action::WriteVictims) {
        state.store.victim_case_version(&p, case).await?;
        return Err(refused.into());
    }
    let request: ReferralRequest = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state.store.send_referral(&p, case, request).await?;
    let location = HeaderValue::from_str(&format!("/api/v1/referrals/{}", stored.id)).ok();
    let mut response = with_version(StatusCode::CREATED, stored.version, stored);
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// One referral (the read is audited), with `overdue` when a deadline has passed.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", tag = "victims", params(("id" = Uuid, Path)),
    responses((status = 200, body = StoredReferral, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
) -> Result<Response, Problem> {
    let stored = state.store.read_referral_audited(&p, id(&text)?).await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Move a referral on. The receiving agency: `{"action": "acknowledge"}`, `accept`,
/// `{"action": "reject", "reason": …}`, `{"action": "services_delivered", "note": …}`,
/// `{"action": "outcome", "outcome": …}`. The sending agency's second supervisor:
/// `approve_override`. `If-Match` is honoured.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/actions", tag = "victims", params(("id" = Uuid, Path)), request_body = ReferralAction,
    responses((status = 200, body = StoredReferral, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
pub async fn act(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = id(&text)?;
    let expected = if_match(&headers)?.and_then(Precondition::version);
    if let Err(refused) = p.require(Action::WriteVictims) {
        state.store.referral_version(&p, id).await?;
        return Err(refused.into());
    }
    let action: ReferralAction = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state
        .store
        .act_on_referral(&p, id, expected, &action)
        .await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}
