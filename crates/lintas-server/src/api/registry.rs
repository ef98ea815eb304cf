//! The lost/stolen/revoked document registry: report one document, import many, look one up.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use lintas_model::Action;
use lintas_model::registry::{RegistryEntry, StoredRegistryEntry, registry_entry_from_json};
use lintas_store::{ImportReport, Registered};
use serde::Serialize;

use crate::AppState;
use crate::auth::Auth;
use crate::problem::Problem;

/// Registry entries for one document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegistryLookup {
    /// Every visible report of the document, latest first (several members may report it).
    pub items: Vec<StoredRegistryEntry>,
}

/// Report a document lost, stolen, stolen blank, revoked, invalid or known fraudulent for the
/// caller's member. Reporting a document the member already reported updates that entry.
#[utoipa::path(post, path = "/api/v1/registry/documents", tag = "registry", request_body = RegistryEntry,
    responses((status = 201, description = "A new entry", body = StoredRegistryEntry), (status = 200, description = "The member's existing entry, updated or unchanged", body = StoredRegistryEntry), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    Auth(p): Auth,
    body: Bytes,
) -> Result<Response, Problem> {
    p.require(Action::MaintainCheckData)?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| Problem::bad_request("the body is not UTF-8 JSON"))?;
    let entry = registry_entry_from_json(text, state.store.clock().now().date_naive())
        .map_err(Problem::invalid)?;
    let (stored, how) = state.store.register_document(&p, entry).await?;
    let status = if how == Registered::Created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(stored)).into_response())
}

/// Registry entries for a document visible to the caller, by issuing state and number (the
/// number in any spelling: spaces, dashes and MRZ fillers are ignored).
#[utoipa::path(get, path = "/api/v1/registry/documents/{issuing_state}/{document_number}", tag = "registry",
    params(("issuing_state" = String, Path, description = "ICAO code of the issuer", example = "IDN"), ("document_number" = String, Path)),
    responses((status = 200, body = RegistryLookup), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn lookup(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path((issuing_state, document_number)): Path<(String, String)>,
) -> Result<Json<RegistryLookup>, Problem> {
    let items = state
        .store
        .lookup_document(&p, &issuing_state, &document_number)
        .await?;
    Ok(Json(RegistryLookup { items }))
}

/// Import registry reports from CSV (columns in docs/checks.md). Valid rows are stored, invalid
/// rows reported with line, field and reason; importing the same file again changes nothing.
#[utoipa::path(post, path = "/api/v1/registry/documents:import", tag = "registry",
    request_body(content = String, description = "The CSV file", content_type = "text/csv"),
    responses((status = 200, description = "What was stored and every invalid row", body = Object), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn import(
    State(state): State<AppState>,
    Auth(p): Auth,
    body: Bytes,
) -> Result<Json<ImportReport>, Problem> {
    Ok(Json(
        lintas_app::registry::import_registry(&state.store, &p, body).await?,
    ))
}
