//! The JSON API under `/api/v1`, with its OpenAPI document generated from the handlers.

mod activities;
pub(crate) mod alerts;
mod audit;
pub(crate) mod body;
mod checks;
mod corridors;
mod events;
mod federation;
mod incidents;
mod meta;
pub(crate) mod networks;
mod referrals;
mod registry;
mod sar;
mod search;
pub(crate) mod trends;
mod vessels;
mod victims;
mod watchlists;

pub(crate) use incidents::MAX_IMPORT_BYTES;

use axum::Json;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Lintas API", description = "Reporting, checks, linkage and analysis for the Bali Process. Every route needs `Authorization: Bearer <API key>` (or a web session cookie with its CSRF token); records of other members are visible only as their sharing level allows (others' records answer 404)."),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags((name = "incidents", description = "Smuggling, trafficking, document-fraud and maritime incidents"), (name = "checks", description = "Border checks: travel documents and persons (docs/checks.md)"), (name = "registry", description = "Lost, stolen and revoked travel documents"), (name = "watchlists", description = "Members' stored watchlists"), (name = "reference", description = "Members and code lists of the data standard"), (name = "maritime", description = "Vessels and tracks from AIS, detected behaviours, watched corridors and search-and-rescue incidents"), (name = "audit", description = "The tamper-evident audit log"), (name = "federation", description = "This node's federation with the hub and other members (docs/federation.md)"), (name = "networks", description = "Entities resolved across the incidents the caller may see, and the facilitator networks they form"), (name = "victims", description = "Victim cases (HTCDS v2.0), their workflow and consents: victim roles only, every read audited (docs/victims.md)"), (name = "trends", description = "Indicators: counts over time of what the caller may see, by coded field, and the alert inbox (docs/trends.md)"), (name = "workplan", description = "Work-plan activities: trainings, workshops, roundtables and forums, with participants, outputs and targets (docs/workplan.md)"))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("lintas API key")
                    .build(),
            ),
        );
    }
}

fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(incidents::list, incidents::create))
        .routes(routes!(
            incidents::get_one,
            incidents::update,
            incidents::delete
        ))
        .routes(routes!(incidents::import))
        .routes(routes!(incidents::import_errors))
        .routes(routes!(search::search))
        .routes(routes!(search::reveal))
        .routes(routes!(checks::document))
        .routes(routes!(checks::person))
        .routes(routes!(registry::report))
        .routes(routes!(registry::lookup))
        .routes(routes!(registry::import))
        .routes(routes!(watchlists::list))
        .routes(routes!(watchlists::import))
        .routes(routes!(meta::code_lists))
        .routes(routes!(meta::members))
        .routes(routes!(audit::checkpoint))
        .routes(routes!(federation::status))
        .routes(routes!(vessels::latest))
        .routes(routes!(vessels::one))
        .routes(routes!(vessels::track))
        .routes(routes!(events::list))
        .routes(routes!(events::export))
        .routes(routes!(corridors::list, corridors::create))
        .routes(routes!(
            corridors::get_one,
            corridors::update,
            corridors::delete
        ))
        .routes(routes!(sar::list, sar::create))
        .routes(routes!(sar::summary))
        .routes(routes!(sar::get_one, sar::update, sar::delete))
        .routes(routes!(networks::list))
        .routes(routes!(networks::get_one))
        .routes(routes!(networks::entity))
        .routes(routes!(networks::entity_graph))
        .routes(routes!(victims::list, victims::create))
        .routes(routes!(victims::get_one, victims::update, victims::delete))
        .routes(routes!(victims::transition))
        .routes(routes!(victims::record_consent, victims::consents))
        .routes(routes!(victims::revoke_consent))
        .routes(routes!(victims::import))
        .routes(routes!(victims::identify))
        .routes(routes!(referrals::send, referrals::of_case))
        .routes(routes!(referrals::list))
        .routes(routes!(referrals::get_one))
        .routes(routes!(referrals::act))
        .routes(routes!(trends::series))
        .routes(routes!(alerts::list))
        .routes(routes!(alerts::get_one))
        .routes(routes!(alerts::transition))
        .routes(routes!(activities::list, activities::create))
        .routes(routes!(
            activities::get_one,
            activities::update,
            activities::delete
        ))
}

/// The API router: documented routes plus the OpenAPI document and health check.
pub(crate) fn router() -> Router<AppState> {
    let (router, openapi) = documented().split_for_parts();
    router
        .route(
            "/api/v1/openapi.json",
            get(move || async move { Json(openapi) }),
        )
        .route("/health", get(|| async { "ok" }))
        // Only the imports read their bodies through the default limit; every other route
        // reads its own, smaller one (`body::read_body`).
        .layer(axum::extract::DefaultBodyLimit::max(
            incidents::MAX_IMPORT_BYTES,
        ))
        // API answers carry records of people: no browser or proxy cache keeps them.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// Every (method, path) the API serves, for tests that must cover each route. Public routes
/// (no authentication) are marked `false`.
pub fn route_table() -> Vec<(String, String, bool)> {
    let (_, openapi) = documented().split_for_parts();
    let mut out = Vec::new();
    for (path, item) in &openapi.paths.paths {
        for (method, op) in [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("DELETE", &item.delete),
            ("PATCH", &item.patch),
        ] {
            if op.is_some() {
                out.push((method.to_string(), path.clone(), true));
            }
        }
    }
    out.push(("GET".into(), "/api/v1/openapi.json".into(), false));
    out.push(("GET".into(), "/health".into(), false));
    out
}
