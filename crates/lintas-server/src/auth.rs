//! Authentication: who is calling. API keys for now (`Authorization: Bearer lintas_…`).

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use lintas_store::Principal;

use crate::AppState;
use crate::problem::Problem;

/// The authenticated caller; extracting it rejects anonymous requests with 401.
pub struct Auth(pub Principal);

impl FromRequestParts<AppState> for Auth {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(Problem::unauthorized)?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or_else(Problem::unauthorized)?;
        match state.store.authenticate_api_key(token.trim()).await? {
            Some(principal) => Ok(Auth(principal)),
            None => Err(Problem::unauthorized()),
        }
    }
}
