//! Reference data: members and code lists.

use axum::Json;
use lintas_model::codes::{self, CodeList};
use lintas_model::members::{MEMBERS, Member};

use crate::auth::Auth;

/// The code lists of the data standard.
#[utoipa::path(get, path = "/api/v1/code-lists", tag = "reference", responses((status = 200, body = [CodeList]), (status = 401, body = crate::Problem)))]
pub async fn code_lists(_auth: Auth) -> Json<&'static [CodeList]> {
    Json(codes::ALL)
}

/// Members of the Bali Process (tenants).
#[utoipa::path(get, path = "/api/v1/members", tag = "reference", responses((status = 200, body = [Member]), (status = 401, body = crate::Problem)))]
pub async fn members(_auth: Auth) -> Json<&'static [Member]> {
    Json(MEMBERS)
}
