//! The federation panel for admins: the same status as `GET /api/v1/federation/status`.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lintas_federation::FederationStatus;
use lintas_model::Action;

use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

#[derive(Template)]
#[template(path = "federation.html")]
struct FederationPage {
    nav: Option<Nav>,
    status: FederationStatus,
}

pub(crate) async fn status(State(state): State<AppState>, UiAuth(session): UiAuth) -> Response {
    if let Err(e) = session.principal.require(Action::Administer) {
        return error_page(&session, e);
    }
    match lintas_federation::status_of(
        &state.store,
        state.federation.as_deref(),
        &session.principal.member,
    )
    .await
    {
        Ok(status) => page(
            StatusCode::OK,
            &FederationPage {
                nav: nav(&session, "federation"),
                status,
            },
        ),
        Err(lintas_federation::Error::Store(e)) => error_page(&session, e),
        Err(e) => error_page(&session, lintas_store::Error::Corrupt(e.to_string())),
    }
}
