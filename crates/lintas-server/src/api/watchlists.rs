//! Stored watchlists: see the lists visible to the caller; import a new version of one.

use axum::Json;
use axum::extract::{Query, State};
use bytes::Bytes;
use lintas_model::Sharing;
use lintas_store::{WatchlistImport, WatchlistInfo};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Auth;
use crate::problem::Problem;

/// Where to import a list file.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// Name of the caller's member's list (created if new).
    list: String,
    /// `un`, `ofac`, `ftm` or `csv`; guessed from the content when absent.
    format: Option<String>,
    /// `national` (default), `bilateral` or `regional`.
    sharing: Option<String>,
    /// For `bilateral`: member codes, comma-separated.
    states: Option<String>,
}

/// The watchlists visible to the caller.
#[utoipa::path(get, path = "/api/v1/watchlists", tag = "watchlists",
    responses((status = 200, description = "Lists: id, name, owner, agency, format, sharing, entries, version, updated_at", body = Object), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<Vec<WatchlistInfo>>, Problem> {
    Ok(Json(state.store.list_watchlists(&p).await?))
}

/// Import a version of one of the caller's member's watchlists: the UN Security Council
/// consolidated list (XML), OFAC SDN (CSV), OpenSanctions FtM (JSON Lines; Person entities)
/// or the Lintas list CSV. Entries are matched by the list's own identifiers; the answer
/// counts (and names) what was added, changed and removed.
#[utoipa::path(post, path = "/api/v1/watchlists:import", tag = "watchlists", params(ImportParams),
    request_body(content = String, description = "The list file", content_type = "application/octet-stream"),
    responses((status = 200, description = "list, owner, format, version, entries, added, changed, removed, unchanged, skipped and the ids", body = Object), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn import(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<ImportParams>,
    body: Bytes,
) -> Result<Json<WatchlistImport>, Problem> {
    let sharing = Sharing {
        level: params.sharing.unwrap_or_else(|| "national".into()),
        states: params
            .states
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    };
    Ok(Json(
        lintas_app::watchlists::import_watchlist(
            &state.store,
            &p,
            &params.list,
            params.format.as_deref(),
            sharing,
            body,
        )
        .await?,
    ))
}
