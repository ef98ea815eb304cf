//! User and API-key administration: an admin sees and changes only their own member's.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lintas_model::{FieldError, Role};
use lintas_store::{ApiKeyInfo, Error, NewUser, Session, User};
use serde::Deserialize;

use super::{Nav, error_page, nav, page};
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
            },
        ),
        Err(e) => error_page(session, e),
    }
}

pub(crate) async fn users(State(state): State<AppState>, UiAuth(session): UiAuth) -> Response {
    users_page(&state, &session, StatusCode::OK, Vec::new(), None).await
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
            users_page(&state, &session, StatusCode::OK, Vec::new(), Some(msg)).await
        }
        Err(Error::Invalid(errors)) => {
            users_page(
                &state,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                None,
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
) -> Response {
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

pub(crate) async fn keys(State(state): State<AppState>, UiAuth(session): UiAuth) -> Response {
    keys_page(&state, &session, None).await
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
        Ok(key) => keys_page(&state, &session, Some(key.token)).await,
        Err(e) => error_page(&session, e),
    }
}

pub(crate) async fn revoke_key(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    match state.store.revoke_api_key(&session.principal, &id).await {
        Ok(()) => Redirect::to("/admin/keys").into_response(),
        Err(e) => error_page(&session, e),
    }
}
