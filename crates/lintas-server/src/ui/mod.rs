//! The web UI: server-rendered pages (askama) with htmx for partial updates. Handlers only
//! translate, like the API's; the store decides what each user may see and do. Every route is
//! declared once in [`routes`], which both builds the router and feeds the route table that the
//! authorisation-matrix test walks.

mod account;
mod admin;
mod alerts;
mod assets;
mod audit;
mod charts;
mod checks;
mod dashboard;
mod federation;
mod forms;
pub(crate) mod import;
mod incidents;
mod maritime;
mod networks;
mod people;
mod referrals;
mod registry;
mod reports;
mod sar;
mod search;
mod trends;
mod victim_work;
mod victims;
mod watchlists;
mod workplan;

use askama::Template;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use lintas_model::Action;
use lintas_store::{Error, Session};

use crate::AppState;

/// What the page frame needs to know about the user.
pub(crate) struct Nav {
    pub display_name: String,
    pub member: String,
    pub role: String,
    pub csrf: String,
    pub section: &'static str,
    pub can_create: bool,
    pub can_admin: bool,
    pub can_audit: bool,
    pub can_analyse: bool,
    pub can_check: bool,
    pub can_victims: bool,
    pub can_trends: bool,
}

pub(crate) fn nav(session: &Session, section: &'static str) -> Option<Nav> {
    let role = session.principal.role;
    Some(Nav {
        display_name: session.display_name.clone(),
        member: session.principal.member.clone(),
        role: role.to_string(),
        csrf: session.csrf.clone(),
        section,
        can_create: role.may(Action::Create),
        can_admin: role.may(Action::Administer),
        can_audit: role.may(Action::Audit),
        can_analyse: role.may(Action::Analyse),
        can_check: role.may(Action::Check),
        can_victims: role.may(Action::ReadVictims),
        can_trends: role.may(Action::ReadTrends),
    })
}

/// A form or query value: trimmed, `None` when empty (empty filter fields mean "any").
pub(crate) fn opt(s: &str) -> Option<String> {
    Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A CSV file to download (never cached: exports carry personal data).
pub(crate) fn csv_download(
    session: &Session,
    filename: &str,
    header_row: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Response {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut ok = w.write_record(header_row).is_ok();
    for row in rows {
        ok &= w.write_record(&row).is_ok();
    }
    let body = match (ok, w.into_inner()) {
        (true, Ok(b)) => b,
        _ => return error_page(session, Error::Corrupt("writing the CSV failed".into())),
    };
    let mut response = (StatusCode::OK, body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Renders a page; pages carry personal data, so nothing is cached.
pub(crate) fn page<T: Template>(status: StatusCode, template: &T) -> Response {
    match template.render() {
        Ok(html) => {
            let mut response = (status, axum::response::Html(html)).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct Message {
    nav: Option<Nav>,
    heading: String,
    text: String,
    back: String,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct Confirm {
    nav: Option<Nav>,
    csrf: String,
    heading: String,
    text: String,
    action: String,
    hidden: Vec<(String, String)>,
    button: String,
    back: String,
}

/// Whether a risky form (delete, disable, revoke) carries the confirmation its confirmation
/// page adds; without it the handler shows that page instead of acting.
pub(crate) fn confirmed(form: &[(String, String)]) -> bool {
    form.iter().any(|(k, v)| k == "confirm" && v == "yes")
}

/// The page that asks before a risky action: it posts the same form again, confirmed.
pub(crate) struct Ask<'a> {
    pub heading: String,
    pub text: String,
    pub action: String,
    pub hidden: Vec<(String, String)>,
    pub button: &'a str,
    pub back: String,
}

pub(crate) fn confirm_page(session: &Session, section: &'static str, ask: Ask<'_>) -> Response {
    page(
        StatusCode::OK,
        &Confirm {
            nav: nav(session, section),
            csrf: session.csrf.clone(),
            heading: ask.heading,
            text: ask.text,
            action: ask.action,
            hidden: ask.hidden,
            button: ask.button.to_string(),
            back: ask.back,
        },
    )
}

/// A store error as a page, classified by the one error table (`problem::classify`): 404 for
/// what the user may not see, 403 for what they may not do.
pub(crate) fn error_page(session: &Session, e: Error) -> Response {
    let c = crate::problem::classify(&e);
    let text = match (&e, c.detail) {
        (Error::VersionConflict { current }, _) => format!(
            "Someone else changed this record (now version {current}). Reload it and try again."
        ),
        (_, Some(detail)) => detail,
        (_, None) => "The server could not complete this request.".to_string(),
    };
    page(
        c.status,
        &Message {
            nav: nav(session, ""),
            heading: c.heading.into(),
            text,
            back: "/".into(),
        },
    )
}

/// Any path no route serves: an API client gets a problem document, a browser the page frame
/// with the way back (and the navigation, when logged in).
pub(crate) async fn not_found(
    uri: axum::http::Uri,
    session: Option<axum::Extension<crate::auth::CurrentSession>>,
) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::problem::Problem::not_found().into_response();
    }
    let session = session.and_then(|axum::Extension(crate::auth::CurrentSession(s))| s);
    page(
        StatusCode::NOT_FOUND,
        &Message {
            nav: session.as_ref().and_then(|s| nav(s, "")),
            heading: "Page not found".into(),
            text:
                "There is no page at this address. It may have moved, or the link may be mistyped."
                    .into(),
            back: "/".into(),
        },
    )
}

/// Every UI route: (method, path, handler). Public ones are marked `false`.
fn routes() -> Vec<(&'static str, &'static str, bool, MethodRouter<AppState>)> {
    vec![
        ("GET", "/login", false, get(account::login_page)),
        ("POST", "/login", false, post(account::login)),
        ("POST", "/logout", true, post(account::logout)),
        (
            "GET",
            "/account/password",
            true,
            get(account::password_page),
        ),
        (
            "POST",
            "/account/password",
            true,
            post(account::change_password),
        ),
        ("GET", "/", true, get(dashboard::show)),
        ("GET", "/search", true, get(search::show)),
        ("GET", "/incidents", true, get(incidents::list)),
        ("GET", "/incidents/new", true, get(incidents::new_form)),
        ("POST", "/incidents/new", true, post(incidents::create)),
        ("GET", "/incidents/{id}", true, get(incidents::show)),
        (
            "GET",
            "/incidents/{id}/edit",
            true,
            get(incidents::edit_form),
        ),
        (
            "POST",
            "/incidents/{id}/edit",
            true,
            post(incidents::update),
        ),
        (
            "POST",
            "/incidents/{id}/reveal",
            true,
            post(incidents::reveal),
        ),
        (
            "POST",
            "/incidents/{id}/delete",
            true,
            post(incidents::delete),
        ),
        ("GET", "/checks", true, get(checks::form)),
        ("POST", "/checks/document", true, post(checks::document)),
        ("POST", "/checks/person", true, post(checks::person)),
        ("GET", "/registry", true, get(registry::list)),
        ("POST", "/registry", true, post(registry::report)),
        (
            "POST",
            "/registry/import",
            true,
            post(registry::import).layer(upload_limit()),
        ),
        ("GET", "/watchlists", true, get(watchlists::list)),
        (
            "POST",
            "/watchlists/import",
            true,
            post(watchlists::import).layer(upload_limit()),
        ),
        ("GET", "/watchlists/{id}", true, get(watchlists::show)),
        ("GET", "/import", true, get(import::form)),
        // Streams under its own cap (`crate::imports`).
        (
            "POST",
            "/import",
            true,
            post(import::upload).layer(DefaultBodyLimit::disable()),
        ),
        (
            "GET",
            "/import/{id}/errors.csv",
            true,
            get(import::errors_csv),
        ),
        ("GET", "/admin/users", true, get(admin::users)),
        ("POST", "/admin/users", true, post(admin::add_user)),
        (
            "POST",
            "/admin/users/{id}/disable",
            true,
            post(admin::disable_user),
        ),
        (
            "POST",
            "/admin/users/{id}/enable",
            true,
            post(admin::enable_user),
        ),
        ("GET", "/admin/keys", true, get(admin::keys)),
        ("GET", "/admin/federation", true, get(federation::status)),
        ("POST", "/admin/keys", true, post(admin::create_key)),
        (
            "POST",
            "/admin/keys/{id}/revoke",
            true,
            post(admin::revoke_key),
        ),
        ("GET", "/audit", true, get(audit::events)),
        ("GET", "/audit/export.csv", true, get(audit::export)),
        ("GET", "/maritime", true, get(maritime::show)),
        (
            "GET",
            "/maritime/coastline.geojson",
            true,
            get(maritime::coastline),
        ),
        ("GET", "/sar", true, get(sar::list)),
        ("GET", "/sar/{id}", true, get(sar::show)),
        ("GET", "/networks", true, get(networks::list)),
        ("GET", "/networks/{id}", true, get(networks::show)),
        (
            "GET",
            "/networks/{id}/export.csv",
            true,
            get(networks::export),
        ),
        (
            "GET",
            "/incidents/{id}/network",
            true,
            get(networks::incident_network),
        ),
        ("GET", "/entities/{id}", true, get(networks::entity)),
        ("POST", "/entities/{id}/merge", true, post(networks::merge)),
        ("POST", "/entities/{id}/split", true, post(networks::split)),
        ("GET", "/victims", true, get(victims::list)),
        ("GET", "/victims/new", true, get(victim_work::new_form)),
        ("POST", "/victims/new", true, post(victim_work::create)),
        ("GET", "/victims/{id}", true, get(victims::show)),
        (
            "GET",
            "/victims/{id}/edit",
            true,
            get(victim_work::edit_form),
        ),
        (
            "POST",
            "/victims/{id}/edit",
            true,
            post(victim_work::update),
        ),
        (
            "POST",
            "/victims/{id}/transitions",
            true,
            post(victim_work::transition),
        ),
        (
            "POST",
            "/victims/{id}/consents",
            true,
            post(victim_work::record_consent),
        ),
        (
            "POST",
            "/victims/{id}/consents/{consent}/revoke",
            true,
            post(victim_work::revoke_consent),
        ),
        (
            "POST",
            "/victims/{id}/identification",
            true,
            post(victim_work::identify),
        ),
        (
            "POST",
            "/victims/{id}/referrals",
            true,
            post(victim_work::send_referral),
        ),
        ("GET", "/referrals", true, get(referrals::list)),
        ("GET", "/referrals/{id}", true, get(referrals::show)),
        (
            "POST",
            "/referrals/{id}/actions",
            true,
            post(referrals::act),
        ),
        ("GET", "/trends", true, get(trends::show)),
        ("GET", "/alerts", true, get(alerts::list)),
        ("GET", "/alerts/{id}", true, get(alerts::show)),
        (
            "POST",
            "/alerts/{id}/transition",
            true,
            post(alerts::transition),
        ),
        ("GET", "/workplan", true, get(workplan::list)),
        ("POST", "/workplan", true, post(workplan::create)),
        (
            "POST",
            "/workplan/{id}/delete",
            true,
            post(workplan::delete),
        ),
        ("GET", "/reports", true, get(reports::show)),
        ("GET", "/reports/download", true, get(reports::make)),
        ("GET", "/assets/{file}", false, get(assets::serve)),
    ]
}

/// Uploads read into memory take the API's size (axum's default of 2 MB would refuse them).
fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(crate::api::MAX_IMPORT_BYTES)
}

/// The UI router; `public` limits the routes that need no login (per client address).
pub(crate) fn router(public: Option<crate::rate::Layer>) -> Router<AppState> {
    routes()
        .into_iter()
        .fold(Router::new(), |r, (_, path, auth, handler)| {
            match (&public, auth) {
                (Some(layer), false) => r.route(path, handler.layer(layer.clone())),
                _ => r.route(path, handler),
            }
        })
}

/// Every (method, path, needs authentication) of the UI.
pub(crate) fn route_table() -> Vec<(String, String, bool)> {
    routes()
        .into_iter()
        .map(|(m, p, auth, _)| (m.to_string(), p.to_string(), auth))
        .collect()
}
