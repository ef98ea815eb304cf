//! The work plan (issue 16): the RSO's and members' activities — trainings, workshops,
//! roundtables, forums — with participants by agency and sex, outputs and targets.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use lintas_model::Action;
use lintas_model::workplan::{Activity, StoredActivity};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::api::body::{
    Precondition, RECORD_BYTES, if_match, read_json, with_version, writable_version,
};
use crate::auth::Auth;
use crate::problem::Problem;

/// Which activities.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ActivityParams {
    /// Only activities starting in this year.
    year: Option<i32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1–500 (default 50).
    limit: Option<u32>,
}

/// A page of activities, latest start first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActivityList {
    items: Vec<StoredActivity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

fn id(text: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(text).map_err(|_| Problem::not_found())
}

/// Work-plan activities visible to the caller.
#[utoipa::path(get, path = "/api/v1/activities", tag = "workplan", params(ActivityParams),
    responses((status = 200, body = ActivityList), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<ActivityParams>,
) -> Result<Json<ActivityList>, Problem> {
    let page = state
        .store
        .list_activities(&p, params.year, params.limit, params.cursor.as_deref())
        .await?;
    Ok(Json(ActivityList {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

/// Record an activity (regional analysts and admins); sharing defaults to `regional`.
#[utoipa::path(post, path = "/api/v1/activities", tag = "workplan", request_body = Activity,
    responses((status = 201, body = StoredActivity, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Auth(p): Auth,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    p.require(Action::ManageWorkPlan)?;
    let activity: Activity = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state.store.create_activity(&p, activity).await?;
    Ok(with_version(StatusCode::CREATED, stored.version, stored))
}

/// One activity.
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "workplan", params(("id" = Uuid, Path)),
    responses((status = 200, body = StoredActivity, headers(("ETag" = String))), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
) -> Result<Response, Problem> {
    let stored = state.store.get_activity(&p, id(&text)?).await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Replace an activity; `If-Match` with its ETag is required.
#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "workplan", params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "ETag of the version being replaced")), request_body = Activity,
    responses((status = 200, body = StoredActivity), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = id(&text)?;
    let version = writable_version(&headers, &p, Action::ManageWorkPlan, async {
        Ok(state.store.get_activity(&p, id).await?.version)
    })
    .await?;
    let activity: Activity = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state
        .store
        .update_activity(&p, id, version, activity)
        .await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Delete an activity. `If-Match` is honoured.
#[utoipa::path(delete, path = "/api/v1/activities/{id}", tag = "workplan", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    state
        .store
        .delete_activity(
            &p,
            id(&text)?,
            if_match(&headers)?.and_then(Precondition::version),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
