//! Border check routes: they translate JSON to the use cases in `lintas_app::checks`.

use axum::Json;
use axum::extract::State;
use bytes::Bytes;
use lintas_app::checks::{DocumentCheck, DocumentCheckRequest, PersonCheck, PersonCheckRequest};
use lintas_model::Action;

use crate::AppState;
use crate::api::body::json_body;
use crate::auth::Auth;
use crate::problem::Problem;

/// Check a travel document: ICAO 9303 validity field by field, fraud and risk indicators,
/// the lost/stolen/revoked registry (entries visible to the caller) and the holder against
/// every watchlist the caller may see.
#[utoipa::path(post, path = "/api/v1/checks/document", tag = "checks", request_body = DocumentCheckRequest,
    responses((status = 200, body = DocumentCheck), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, description = "No MRZ or fields, an unrecognisable MRZ, or a field that cannot be written into one", body = Problem)))]
pub async fn document(
    State(state): State<AppState>,
    Auth(p): Auth,
    body: Bytes,
) -> Result<Json<DocumentCheck>, Problem> {
    p.require(Action::Check)?;
    let request: DocumentCheckRequest = json_body(&body)?;
    Ok(Json(
        lintas_app::checks::check_document(&state.store, &p, request).await?,
    ))
}

/// Screen a person against every watchlist the caller may see: the best matches, with the
/// list, the list's own identifier, the matched name, a score and the reasons.
#[utoipa::path(post, path = "/api/v1/checks/person", tag = "checks", request_body = PersonCheckRequest,
    responses((status = 200, body = PersonCheck), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn person(
    State(state): State<AppState>,
    Auth(p): Auth,
    body: Bytes,
) -> Result<Json<PersonCheck>, Problem> {
    p.require(Action::Check)?;
    let request: PersonCheckRequest = json_body(&body)?;
    Ok(Json(
        lintas_app::checks::check_person(&state.store, &p, request).await?,
    ))
}
