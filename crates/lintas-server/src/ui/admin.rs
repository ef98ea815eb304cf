//! User and API-key administration: an admin sees and changes only their own member's.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lintas_model::{FieldError, Role};
use lintas_store::{ApiKeyInfo, Error, NewUser, Session, User};
use serde::Deserialize;

use super::{Ask, Nav, confirm_page, confirmed, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: Option<Nav>,
    csrf: String,
    member: String,
    agency: String,
    users: Vec<User>,
    roles: Vec<&'static str>,
    errors: Vec<FieldError>,
    message: Option<String>,
    typed: Typed,
}

/// What the admin typed into "Add a user", shown again when it failed (never the password).
#[derive(Default)]
struct Typed {
    username: String,
    display_name: String,
    agency: Option<String>,
    role: String,
}

fn roles() -> Vec<&'static str> {
    Role::ALL.iter().map(|r| r.as_str()).collect()
}

async fn users_page(
    state: &AppState,
    session: &Session,
    status: StatusCode,
    errors: Vec<FieldError>,
    message: Option<String>,
    typed: Typed,
) -> Response {
    match state.store.list_users(&session.principal).await {
        Ok(users) => page(
            status,
            &UsersPage {
                nav: nav(session, "users"),
                csrf: session.csrf.clone(),
                member: session.principal.member.clone(),
                agency: session.principal.agency.clone(),
                users,
                roles: roles(),
                errors,
                message,
                typed,
            },
        ),
        Err(e) => error_page(session, e),
    }
}

pub(crate) async fn users(State(state): State<AppState>, UiAuth(session): UiAuth) -> Response {
    users_page(
        &state,
        &session,
        StatusCode::OK,
        Vec::new(),
        None,
        Typed::default(),
    )
    .await
}

#[derive(Deserialize)]
pub(crate) struct UserForm {
    username: String,
    display_name: String,
    agency: String,
    role: String,
    password: String,
}

pub(crate) async fn add_user(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<UserForm>,
) -> Response {
    let typed = Typed {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        agency: Some(form.agency.clone()),
        role: form.role.clone(),
    };
    let role: Role = match form.role.parse() {
        Ok(r) => r,
        Err(why) => {
            let e = FieldError {
                field: "role".into(),
                code: "unknown_code".into(),
                message: why,
            };
            return users_page(
                &state,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![e],
                None,
                typed,
            )
            .await;
        }
    };
    let new = NewUser {
        username: form.username,
        display_name: form.display_name,
        role,
        agency: form.agency,
        password: form.password,
    };
    match state.store.create_user(&session.principal, new).await {
        Ok(u) => {
            let msg = format!("Added {} ({}).", u.username, u.role);
            users_page(
                &state,
                &session,
                StatusCode::OK,
                Vec::new(),
                Some(msg),
                Typed::default(),
            )
            .await
        }
        Err(Error::Invalid(errors)) => {
            users_page(
                &state,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                None,
                typed,
            )
            .await
        }
        Err(e) => error_page(&session, e),
    }
}

async fn set_disabled(state: AppState, session: Session, id: String, disabled: bool) -> Response {
    match state
        .store
        .set_user_disabled(&session.principal, &id, disabled)
        .await
    {
        Ok(_) => Redirect::to("/admin/users").into_response(),
        Err(e) => error_page(&session, e),
    }
}

pub(crate) async fn disable_user(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !confirmed(&form) {
        let user = match state.store.list_users(&session.principal).await {
            Ok(users) => users.into_iter().find(|u| u.id == id),
            Err(e) => return error_page(&session, e),
        };
        let Some(u) = user else {
            return error_page(&session, Error::NotFound);
        };
        return confirm_page(
            &session,
            "users",
            Ask {
                heading: format!("Disable {}?", u.username),
                text: format!(
                    "{} ({}, {}) will be logged out and unable to log in until enabled again.",
                    u.display_name, u.role, u.agency
                ),
                action: format!("/admin/users/{}/disable", u.id),
                hidden: Vec::new(),
                button: "Disable the user",
                back: "/admin/users".into(),
            },
        );
    }
    set_disabled(state, session, id, true).await
}

pub(crate) async fn enable_user(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    set_disabled(state, session, id, false).await
}

#[derive(Template)]
#[template(path = "keys.html")]
struct KeysPage {
    nav: Option<Nav>,
    csrf: String,
    member: String,
    agency: String,
    keys: Vec<ApiKeyInfo>,
    roles: Vec<&'static str>,
    new_token: Option<String>,
}

async fn keys_page(state: &AppState, session: &Session, new_token: Option<String>) -> Response {
    match state.store.list_api_keys(&session.principal).await {
        Ok(keys) => page(
            StatusCode::OK,
            &KeysPage {
                nav: nav(session, "keys"),
                csrf: session.csrf.clone(),
                member: session.principal.member.clone(),
                agency: session.principal.agency.clone(),
                keys,
                roles: roles(),
                new_token,
            },
        ),
        Err(e) => error_page(session, e),
    }
}

/// `GET /admin/keys`: shows a key just created once (kept for this session by
/// [`create_key`]), so reloading neither shows it again nor creates another.
pub(crate) async fn keys(State(state): State<AppState>, UiAuth(session): UiAuth) -> Response {
    let new_token = state
        .new_keys
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&session.csrf);
    keys_page(&state, &session, new_token).await
}

#[derive(Deserialize)]
pub(crate) struct KeyForm {
    agency: String,
    role: String,
    #[serde(default)]
    label: String,
}

pub(crate) async fn create_key(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<KeyForm>,
) -> Response {
    let role: Role = match form.role.parse() {
        Ok(r) => r,
        Err(why) => return error_page(&session, Error::BadRequest(why)),
    };
    match state
        .store
        .issue_api_key(&session.principal, &form.agency, role, &form.label)
        .await
    {
        // Post/Redirect/Get: the token waits for this session's next view of the page.
        Ok(key) => {
            state
                .new_keys
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(session.csrf.clone(), key.token);
            Redirect::to("/admin/keys").into_response()
        }
        Err(e) => error_page(&session, e),
    }
}

pub(crate) async fn revoke_key(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !confirmed(&form) {
        let key = match state.store.list_api_keys(&session.principal).await {
            Ok(keys) => keys.into_iter().find(|k| k.id == id),
            Err(e) => return error_page(&session, e),
        };
        let Some(k) = key else {
            return error_page(&session, Error::NotFound);
        };
        return confirm_page(
            &session,
            "keys",
            Ask {
                heading: format!("Revoke key {}?", k.id),
                text: format!(
                    "The {} key of {}{} stops working at once; systems using it are refused.",
                    k.role,
                    k.agency,
                    if k.label.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", k.label)
                    }
                ),
                action: format!("/admin/keys/{}/revoke", k.id),
                hidden: Vec::new(),
                button: "Revoke the key",
                back: "/admin/keys".into(),
            },
        );
    }
    match state.store.revoke_api_key(&session.principal, &id).await {
        Ok(()) => Redirect::to("/admin/keys").into_response(),
        Err(e) => error_page(&session, e),
    }
}
