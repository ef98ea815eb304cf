//! The audit log over the API: export of the latest signed checkpoint, to keep off the server.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lintas_model::Action;
use lintas_store::{Actor, Audited, Outcome};

use crate::AppState;
use crate::auth::Auth;
use crate::problem::Problem;

/// The latest signed checkpoint of the audit log (a C2SP signed note).
///
/// Keep copies off the server (e.g. daily at the RSO and the member's oversight body) and
/// check them later with `lintas audit verify --checkpoint FILE`.
#[utoipa::path(
    get,
    path = "/api/v1/audit/checkpoint",
    tag = "audit",
    responses(
        (status = 200, description = "Signed checkpoint", content_type = "text/plain"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Role may not read the audit log", body = Problem),
    )
)]
pub async fn checkpoint(State(state): State<AppState>, Auth(p): Auth) -> Result<Response, Problem> {
    p.require(Action::Audit)?;
    let note = match state.store.sign_checkpoint().await {
        Ok(n) => n,
        // A process without the log's key can still hand out the latest stored checkpoint.
        Err(_) => state
            .store
            .latest_checkpoint()
            .await?
            .ok_or_else(|| lintas_store::Error::Audit("no checkpoint yet".into()))?,
    };
    state
        .store
        .audit(
            &Actor::from(&p),
            &[Audited::action(
                lintas_store::AuditAction::AuditExportCheckpoint,
                Outcome::Success,
            )],
        )
        .await?;
    let mut r = note.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    Ok(r)
}
