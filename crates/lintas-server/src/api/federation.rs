//! This node's federation status, for its admins (docs/federation.md, "Status").

use axum::Json;
use axum::extract::State;
use lintas_model::Action;

use crate::AppState;
use crate::auth::Auth;
use crate::problem::Problem;

/// Federation status: connection, outbox backlog, messages published and applied, lag,
/// last reconciliation, and the copies held by sharing level.
#[utoipa::path(
    get,
    path = "/api/v1/federation/status",
    tag = "federation",
    responses(
        (status = 200, description = "Status (`enabled: false` when the node does not federate)", content_type = "application/json"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Admins only", body = Problem),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<lintas_federation::FederationStatus>, Problem> {
    p.require(Action::Administer)?;
    Ok(Json(
        lintas_federation::status_of(&state.store, state.federation.as_deref(), &p.member)
            .await
            .map_err(federation_error)?,
    ))
}

pub(crate) fn federation_error(e: lintas_federation::Error) -> Problem {
    match e {
        lintas_federation::Error::Store(e) => e.into(),
        other => lintas_store::Error::Corrupt(other.to_string()).into(),
    }
}
