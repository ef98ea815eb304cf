//! RFC 9457 problem documents: the one place where errors become HTTP responses.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lintas_model::FieldError;
use lintas_store::Error;
use serde::Serialize;

/// An `application/problem+json` response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the problem type.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What went wrong this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For validation problems: every invalid field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The record's current version, for version conflicts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

impl Problem {
    /// A problem of `kind` (a short slug) with `status`.
    pub fn new(
        status: StatusCode,
        kind: &str,
        title: &str,
        detail: impl Into<Option<String>>,
    ) -> Self {
        Self {
            kind: format!("urn:lintas:problem:{kind}"),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            current_version: None,
        }
    }

    /// 401 with a `WWW-Authenticate` challenge.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Authentication required",
            Some("send `Authorization: Bearer <API key>`, or log in".to_string()),
        )
    }

    /// 422 listing every invalid field.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let n = errors.len();
        Self {
            errors,
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Invalid record",
                Some(format!("{n} field(s) are invalid")),
            )
        }
    }

    /// 400.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            Some(detail.into()),
        )
    }

    /// 404.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", None)
    }
}

/// How a store error reaches people: the one error → HTTP table, used by the API's problem
/// documents and the UI's error pages alike.
pub(crate) struct Classified {
    /// HTTP status.
    pub status: StatusCode,
    /// Problem type slug (`urn:lintas:problem:<kind>`).
    pub kind: &'static str,
    /// Problem title.
    pub title: &'static str,
    /// Heading of the UI's error page.
    pub heading: &'static str,
    /// What went wrong, in words (`None` for internal failures, which are logged instead).
    pub detail: Option<String>,
}

/// Classifies a store error (internal failures are logged here, once).
pub(crate) fn classify(e: &Error) -> Classified {
    let c = |status, kind, title, heading, detail: String| Classified {
        status,
        kind,
        title,
        heading,
        detail: Some(detail),
    };
    match e {
        Error::NotFound => c(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            "Not found",
            "There is no such record, or it is not shared with you.".into(),
        ),
        Error::Forbidden(why) => c(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Forbidden",
            "Not allowed",
            why.clone(),
        ),
        Error::VersionConflict { current } => c(
            StatusCode::PRECONDITION_FAILED,
            "version-conflict",
            "The record has changed",
            "Changed meanwhile",
            format!("the record is at version {current}; fetch it again and reapply your change"),
        ),
        Error::DuplicateExternalRef(r) => c(
            StatusCode::CONFLICT,
            "duplicate",
            "Duplicate external reference",
            "Duplicate external reference",
            format!("`{r}` is already used by another incident of your agency"),
        ),
        Error::Invalid(errors) => c(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Invalid record",
            "Invalid record",
            format!("{} field(s) are invalid", errors.len()),
        ),
        Error::BadRequest(why) => c(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            "Cannot do that",
            why.clone(),
        ),
        Error::ConsentRequired(why) => c(
            StatusCode::CONFLICT,
            "consent-required",
            "Consent required",
            "Consent required",
            why.clone(),
        ),
        Error::RateLimited(secs) => c(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many attempts",
            "Too many attempts",
            format!("try again in {secs} seconds"),
        ),
        other => {
            tracing::error!(error = %other, "store failure");
            Classified {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                kind: "internal",
                title: "Internal error",
                heading: "Something went wrong",
                detail: None,
            }
        }
    }
}

impl From<Error> for Problem {
    fn from(e: Error) -> Self {
        let c = classify(&e);
        let mut problem = Problem::new(c.status, c.kind, c.title, c.detail);
        match e {
            Error::NotFound => problem.detail = None,
            Error::VersionConflict { current } => problem.current_version = Some(current),
            Error::DuplicateExternalRef(r) => {
                problem.detail = None;
                problem.errors = vec![FieldError {
                    field: "external_ref".into(),
                    code: "duplicate".into(),
                    message: format!("`{r}` is already used by another incident of your agency"),
                }];
            }
            Error::Invalid(errors) => problem.errors = errors,
            Error::ConsentRequired(why) => {
                problem.errors = vec![FieldError {
                    field: "consent".into(),
                    code: "consent_required".into(),
                    message: why,
                }];
            }
            _ => {}
        }
        problem
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let unauthorized = status == StatusCode::UNAUTHORIZED;
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if unauthorized {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"lintas\""),
            );
        }
        response
    }
}
