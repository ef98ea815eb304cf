//! The search results page behind the header's search box: the search use case's groups.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lintas_app::search::SearchResults;
use serde::Deserialize;

use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    nav: Option<Nav>,
    q: String,
    r: SearchResults,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(query): Query<SearchQuery>,
) -> Response {
    let r = match lintas_app::search::search(&state.store, &session.principal, &query.q).await {
        Ok(r) => r,
        Err(e) => return error_page(&session, e),
    };
    page(
        StatusCode::OK,
        &SearchPage {
            nav: nav(&session, "search"),
            q: r.query.clone(),
            r,
        },
    )
}
