//! Authentication: who is calling. Machine clients send `Authorization: Bearer lintas_…`; the
//! web UI uses a session cookie. The session layer resolves the cookie once per request and
//! enforces CSRF protection (a per-session token in a header or form field, plus a same-origin
//! check) on every state-changing request that a cookie authenticates.

use std::net::{IpAddr, SocketAddr};

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use lintas_store::{Principal, Session};

use crate::AppState;
use crate::problem::Problem;

/// The session cookie. `__Host-` makes browsers refuse it unless it is Secure, host-only and
/// path `/`, so a sibling domain or an insecure page cannot plant or overwrite it.
pub const SESSION_COOKIE: &str = "__Host-lintas_session";
/// Header carrying the CSRF token on scripted requests (htmx sends it on every request).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Form field carrying the CSRF token on plain form posts.
pub const CSRF_FIELD: &str = "csrf";
/// Largest URL-encoded form body the CSRF check buffers.
const MAX_FORM_BYTES: usize = 1 << 20;
/// How far into a multipart upload the CSRF field must be complete: the forms put it first,
/// so the check reads a few kilobytes and the upload itself streams on to its handler.
const MAX_MULTIPART_PREFIX: usize = 64 << 10;

/// The authenticated caller of an API route; anonymous requests get 401.
pub struct Auth(pub Principal);

/// The logged-in user of a web page; anonymous requests are sent to the login page.
#[derive(Clone)]
pub struct UiAuth(pub Session);

/// The session resolved by [`session_layer`], if the request carried a live one.
#[derive(Clone)]
pub(crate) struct CurrentSession(pub Option<Session>);

/// The cookie value of the request's session, if any.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(crate::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The client's address, when the server was started with connection info: the peer, or the
/// address a trusted proxy forwarded for.
pub(crate) fn client_address(
    state: &AppState,
    extensions: &axum::http::Extensions,
    headers: &HeaderMap,
) -> Option<IpAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| state.proxies.client(c.0.ip(), headers))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let header = headers.get(AUTHORIZATION)?.to_str().ok()?;
    header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn forbidden(detail: &str) -> Response {
    Problem::new(
        StatusCode::FORBIDDEN,
        "csrf",
        "Cross-site request refused",
        Some(detail.to_string()),
    )
    .into_response()
}

/// Finds `csrf` in a urlencoded or multipart body (it must precede any file in a multipart
/// form, which our forms ensure).
async fn form_token(content_type: &str, body: &[u8]) -> Option<String> {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return form_urlencoded::parse(body)
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned());
    }
    let boundary = multer::parse_boundary(content_type).ok()?;
    let stream = futures_util::stream::once(async move {
        Ok::<_, std::io::Error>(bytes::Bytes::copy_from_slice(body))
    });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

/// Reads a multipart body only until its CSRF field is complete (at most
/// [`MAX_MULTIPART_PREFIX`] bytes), and gives back the token with a body that replays what was
/// read before the rest of the stream.
async fn multipart_token(content_type: &str, body: Body) -> (Option<String>, Body) {
    let mut stream = body.into_data_stream();
    let mut prefix = bytes::BytesMut::new();
    let mut read = Vec::new();
    let mut found = None;
    while prefix.len() < MAX_MULTIPART_PREFIX {
        match futures_util::StreamExt::next(&mut stream).await {
            Some(Ok(chunk)) => {
                prefix.extend_from_slice(&chunk);
                read.push(Ok(chunk));
            }
            Some(Err(e)) => {
                read.push(Err(e));
                break;
            }
            None => break,
        }
        found = form_token(content_type, &prefix).await;
        if found.is_some() {
            break;
        }
    }
    let replay = futures_util::stream::iter(read);
    (
        found,
        Body::from_stream(futures_util::StreamExt::chain(replay, stream)),
    )
}

/// Resolves the session cookie and guards state-changing cookie requests against CSRF.
pub(crate) async fn session_layer(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let token = session_token(&parts.headers);
    let has_bearer = bearer(&parts.headers).is_some();
    let session = match (&token, has_bearer) {
        (Some(t), false) => match state.store.session(t, state.sessions).await {
            Ok(s) => s,
            Err(e) => return Problem::from(e).into_response(),
        },
        _ => None,
    };
    let mut body = body;
    if !is_safe(&parts.method) && !has_bearer {
        // Browsers send Origin on every cross-site POST; a foreign one is refused outright.
        if let (Some(origin), Some(host)) = (parts.headers.get(ORIGIN), parts.headers.get(HOST)) {
            let origin = origin.to_str().unwrap_or("");
            let host = host.to_str().unwrap_or("");
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
            // `null` is what privacy settings (and sandboxed frames) send instead of the
            // origin: with a session the CSRF token still guards the request, but without one
            // (the login form) nothing would, and an attacker could log a victim into the
            // attacker's account.
            if origin == "null" && session.is_none() {
                return forbidden("the request does not say which site it comes from");
            }
            if origin != "null" && origin_host != host {
                return forbidden("the request comes from another site");
            }
        }
        if let Some(s) = &session {
            let header = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let given = match header {
                Some(h) => Some(h),
                None => {
                    let content_type = parts
                        .headers
                        .get(CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string();
                    let (found, rest) = if content_type.starts_with("multipart/form-data") {
                        multipart_token(&content_type, body).await
                    } else {
                        match to_bytes(body, MAX_FORM_BYTES).await {
                            Ok(bytes) => {
                                (form_token(&content_type, &bytes).await, Body::from(bytes))
                            }
                            Err(_) => {
                                return Problem::bad_request("the form is too large")
                                    .into_response();
                            }
                        }
                    };
                    body = rest;
                    found
                }
            };
            let ok = given.is_some_and(|g| s.csrf_matches(&g));
            if !ok {
                return forbidden(
                    "the form's security token is missing or stale; reload the page and try again",
                );
            }
        }
    }
    let session = session.map(|mut s| {
        s.principal.request_id = request_id(&parts.headers);
        s
    });
    parts.extensions.insert(CurrentSession(session));
    next.run(Request::from_parts(parts, body)).await
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(token) = bearer(&parts.headers) {
            return match state.store.authenticate_api_key(token).await? {
                Some(p) => Ok(Auth(p.in_request(request_id(&parts.headers)))),
                None => Err(Problem::unauthorized()),
            };
        }
        match parts.extensions.get::<CurrentSession>() {
            Some(CurrentSession(Some(s))) => Ok(Auth(s.principal.clone())),
            _ => Err(Problem::unauthorized()),
        }
    }
}

impl FromRequestParts<AppState> for UiAuth {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<CurrentSession>() {
            Some(CurrentSession(Some(s))) => Ok(UiAuth(s.clone())),
            _ => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .filter(|p| {
                        is_safe(&parts.method) && p.starts_with('/') && !p.starts_with("//")
                    })
                    .unwrap_or("/");
                let target = format!("/login?next={}", urlencoding::encode(next));
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}
