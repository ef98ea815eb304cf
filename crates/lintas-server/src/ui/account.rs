//! Login, logout and changing one's own password.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lintas_model::FieldError;
use lintas_store::Error;
use serde::Deserialize;

use super::{Nav, nav, page};
use crate::AppState;
use crate::auth::{SESSION_COOKIE, UiAuth, client_address, session_token};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Option<Nav>,
    error: Option<String>,
    username: String,
    next: String,
}

#[derive(Deserialize)]
pub(crate) struct NextParam {
    next: Option<String>,
}

/// Only same-site paths are followed after login (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.into(),
        _ => "/".into(),
    }
}

pub(crate) async fn login_page(Query(q): Query<NextParam>) -> Response {
    page(
        StatusCode::OK,
        &LoginPage {
            nav: None,
            error: None,
            username: String::new(),
            next: safe_next(q.next.as_deref()),
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

fn session_cookie(token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict"
    ))
    .unwrap_or(HeaderValue::from_static(""))
}

fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "__Host-lintas_session=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
    )
}

pub(crate) async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: Extensions,
    Form(form): Form<LoginForm>,
) -> Response {
    let request_id = headers
        .get(crate::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let address = client_address(&state, &extensions, &headers).map(|a| a.to_string());
    let next = safe_next(form.next.as_deref());
    let retry = |status, error: String| {
        page(
            status,
            &LoginPage {
                nav: None,
                error: Some(error),
                username: form.username.clone(),
                next: next.clone(),
            },
        )
    };
    // The attempt is counted before the password is checked, so parallel guesses cannot all
    // pass a check made before any of them failed.
    let reserved = state
        .store
        .reserve_login(&state.login_limits, &form.username, address.as_deref())
        .await;
    match reserved {
        Ok(()) => {}
        Err(Error::RateLimited(secs)) => {
            // A flood of refused attempts is counted per address and minute, not one event each.
            if let Err(e) = state.store.record_login_refusal(address.as_deref()).await {
                tracing::error!(error = %e, "counting a refused login failed");
            }
            let wait = if secs < 120 {
                format!("{secs} seconds")
            } else {
                format!("{} minutes", secs.div_ceil(60))
            };
            let mut response = retry(
                StatusCode::TOO_MANY_REQUESTS,
                format!("Too many failed attempts. Try again in {wait}."),
            );
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_str(&secs.to_string()).unwrap_or(HeaderValue::from_static("60")),
            );
            return response;
        }
        Err(e) => {
            tracing::error!(error = %e, "login throttle failed");
            return retry(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The server could not log you in; try again.".into(),
            );
        }
    }
    match state
        .store
        .login(
            &form.username,
            &form.password,
            request_id,
            address.as_deref(),
        )
        .await
    {
        Ok(Some(session)) => {
            if let Err(e) = state
                .store
                .login_succeeded(&form.username, address.as_deref())
                .await
            {
                tracing::warn!(error = %e, "clearing the login throttle failed");
            }
            let mut response = Redirect::to(&next).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, session_cookie(&session.token));
            response
        }
        Ok(None) => retry(
            StatusCode::UNAUTHORIZED,
            "The user name or password is not correct.".into(),
        ),
        Err(e) => {
            tracing::error!(error = %e, "login failed");
            retry(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The server could not log you in; try again.".into(),
            )
        }
    }
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    headers: HeaderMap,
) -> Response {
    if let Some(token) = session_token(&headers)
        && let Err(e) = state.store.logout(&session.principal, &token).await
    {
        return super::error_page(&session, e);
    }
    let mut response = Redirect::to("/login").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, clear_cookie());
    response
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    nav: Option<Nav>,
    csrf: String,
    message: Option<String>,
    errors: Vec<FieldError>,
}

pub(crate) async fn password_page(UiAuth(session): UiAuth) -> Response {
    page(
        StatusCode::OK,
        &PasswordPage {
            nav: nav(&session, ""),
            csrf: session.csrf.clone(),
            message: None,
            errors: Vec::new(),
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    current: String,
    new: String,
}

pub(crate) async fn change_password(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<PasswordForm>,
) -> Response {
    let user_id = session
        .principal
        .actor
        .trim_start_matches("user:")
        .to_string();
    match state
        .store
        .change_password(&session.principal, &user_id, Some(&form.current), &form.new)
        .await
    {
        // Every session ended, this one too: log in again with the new password.
        Ok(()) => {
            let mut response = Redirect::to("/login").into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, clear_cookie());
            response
        }
        Err(Error::Invalid(errors)) => page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PasswordPage {
                nav: nav(&session, ""),
                csrf: session.csrf.clone(),
                message: None,
                errors,
            },
        ),
        Err(Error::RateLimited(secs)) => {
            let mut response = super::error_page(&session, Error::RateLimited(secs));
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_str(&secs.to_string()).unwrap_or(HeaderValue::from_static("60")),
            );
            response
        }
        Err(e) => super::error_page(&session, e),
    }
}
