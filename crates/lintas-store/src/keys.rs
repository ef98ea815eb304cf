//! Agencies and API keys. Keys are `lintas_<id>_<secret>`; only SHA-256(secret) is stored, and a
//! key is shown once, when created. (A key carries 256 random bits, so a fast hash suffices:
//! argon2 protects low-entropy passwords, and would cost every API request tens of ms.)

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use lintas_model::members::member;
use lintas_model::{Action, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::sql::{Arg, Sql, on_pool, query};

/// An agency of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// Agency id.
    pub id: Uuid,
    /// Member code.
    pub member: String,
    /// Agency name, unique within the member.
    pub name: String,
}

/// A freshly created API key. `token` is the only copy of the secret.
#[derive(Debug)]
pub struct NewApiKey {
    /// The key's public id (also in the token).
    pub id: String,
    /// The bearer token to give to the client.
    pub token: String,
}

fn hash_secret(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Store {
    /// Finds or creates the agency `name` of `member`. Provisioning only (CLI, demo seeding).
    pub async fn ensure_agency(&self, member_code: &str, name: &str) -> Result<Agency> {
        if member(member_code).is_none() {
            return Err(Error::BadRequest(format!(
                "`{member_code}` is not a member of the Bali Process"
            )));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(Error::BadRequest(
                "an agency name has 1 to 200 characters".into(),
            ));
        }
        let mut find = Sql::new("SELECT id FROM agencies WHERE member = ");
        find.bind_text(member_code)
            .push(" AND name = ")
            .bind_text(name);
        let existing: Option<String> =
            on_pool!(self, pool => query!(find).fetch_optional(pool).await?.map(|r| r.get("id")));
        if let Some(id) = existing {
            let id = Uuid::parse_str(&id).map_err(|e| Error::Corrupt(e.to_string()))?;
            return Ok(Agency {
                id,
                member: member_code.into(),
                name: name.into(),
            });
        }
        let id = Uuid::now_v7();
        let mut insert = Sql::new("INSERT INTO agencies (id, member, name, created_at) VALUES (");
        insert
            .bind_text(id.to_string())
            .push(", ")
            .bind_text(member_code)
            .push(", ")
            .bind_text(name)
            .push(", ")
            .bind_text(timestamp(self.clock.now()))
            .push(")");
        on_pool!(self, pool => { query!(insert).execute(pool).await?; });
        Ok(Agency {
            id,
            member: member_code.into(),
            name: name.into(),
        })
    }

    /// Creates an API key for `agency` with `role`. Provisioning only.
    pub async fn create_api_key(
        &self,
        agency: &Agency,
        role: Role,
        label: &str,
    ) -> Result<NewApiKey> {
        let mut raw = [0u8; 8];
        rand::rng().fill_bytes(&mut raw);
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        self.create_api_key_with_secret(
            agency,
            role,
            label,
            &hex::encode(raw),
            &URL_SAFE_NO_PAD.encode(secret),
        )
        .await
    }

    /// Creates an API key with a given id (16 hex digits) and secret: for deterministic demo
    /// databases only; real keys come from [`Store::create_api_key`].
    pub async fn create_api_key_with_secret(
        &self,
        agency: &Agency,
        role: Role,
        label: &str,
        id: &str,
        secret: &str,
    ) -> Result<NewApiKey> {
        if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) || secret.len() < 32 {
            return Err(Error::BadRequest(
                "an API key id is 16 hex digits and its secret at least 32 characters".into(),
            ));
        }
        let mut insert = Sql::new(
            "INSERT INTO api_keys (id, secret_hash, member, agency_id, role, label, created_at) VALUES (",
        );
        insert
            .bind_text(id)
            .push(", ")
            .bind(Arg::Blob(hash_secret(secret)))
            .push(", ")
            .bind_text(&agency.member)
            .push(", ")
            .bind_text(agency.id.to_string())
            .push(", ")
            .bind_text(role.as_str())
            .push(", ")
            .bind_text(label)
            .push(", ")
            .bind_text(timestamp(self.clock.now()))
            .push(")");
        on_pool!(self, pool => { query!(insert).execute(pool).await?; });
        Ok(NewApiKey {
            token: format!("lintas_{id}_{secret}"),
            id: id.to_string(),
        })
    }

    /// Whether any agency exists (an empty database has none).
    pub async fn has_agencies(&self) -> Result<bool> {
        let sql = Sql::new("SELECT COUNT(*) AS n FROM agencies");
        let n: i64 = on_pool!(self, pool => query!(sql).fetch_one(pool).await?.try_get("n")?);
        Ok(n > 0)
    }

    /// Resolves a bearer token to its principal; `None` for unknown, malformed or revoked keys.
    pub async fn authenticate_api_key(&self, token: &str) -> Result<Option<Principal>> {
        let Some((id, secret)) = token
            .strip_prefix("lintas_")
            .and_then(|rest| rest.split_once('_'))
        else {
            return Ok(None);
        };
        if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut find = Sql::new(
            "SELECT k.secret_hash, k.member, k.agency_id, k.role, a.name AS agency FROM api_keys k \
             JOIN agencies a ON a.id = k.agency_id WHERE k.revoked_at IS NULL AND k.id = ",
        );
        find.bind_text(id);
        let row = on_pool!(self, pool => query!(find).fetch_optional(pool).await?.map(|r| {
            (r.get::<Vec<u8>, _>("secret_hash"), r.get::<String, _>("member"), r.get::<String, _>("agency_id"), r.get::<String, _>("role"), r.get::<String, _>("agency"))
        }));
        let Some((hash, member, agency_id, role, agency)) = row else {
            return Ok(None);
        };
        if !constant_time_eq(&hash, &hash_secret(secret)) {
            return Ok(None);
        }
        let role: Role = role.parse().map_err(Error::Corrupt)?;
        let agency_id = Uuid::parse_str(&agency_id).map_err(|e| Error::Corrupt(e.to_string()))?;
        Ok(Some(Principal {
            actor: format!("apikey:{id}"),
            member,
            agency_id,
            agency,
            role,
            request_id: None,
        }))
    }
}

/// An API key as shown to admins (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiKeyInfo {
    /// Public id (the part after `lintas_`).
    pub id: String,
    /// Agency name.
    pub agency: String,
    /// Role.
    pub role: Role,
    /// Label.
    pub label: String,
    /// When created.
    pub created_at: String,
    /// When revoked, if it is.
    pub revoked_at: Option<String>,
}

impl Store {
    /// The API keys of the admin's member.
    pub async fn list_api_keys(&self, admin: &Principal) -> Result<Vec<ApiKeyInfo>> {
        admin.require(Action::Administer)?;
        let mut sql = Sql::new(
            "SELECT k.id, a.name AS agency, k.role, k.label, k.created_at, k.revoked_at FROM api_keys k \
             JOIN agencies a ON a.id = k.agency_id WHERE k.member = ",
        );
        sql.bind_text(admin.member.as_str())
            .push(" ORDER BY k.created_at DESC, k.id");
        on_pool!(self, pool => {
            query!(sql).fetch_all(pool).await?.into_iter().map(|r| {
                let role: String = r.try_get("role")?;
                Ok(ApiKeyInfo {
                    id: r.try_get("id")?,
                    agency: r.try_get("agency")?,
                    role: role.parse().map_err(Error::Corrupt)?,
                    label: r.try_get("label")?,
                    created_at: r.try_get("created_at")?,
                    revoked_at: r.try_get("revoked_at")?,
                })
            }).collect()
        })
    }

    /// Creates an API key for an agency of the admin's member; the token is shown once.
    pub async fn issue_api_key(
        &self,
        admin: &Principal,
        agency: &str,
        role: Role,
        label: &str,
    ) -> Result<NewApiKey> {
        admin.require(Action::Administer)?;
        if label.chars().count() > 200 {
            return Err(Error::BadRequest(
                "a label has at most 200 characters".into(),
            ));
        }
        let agency = self.ensure_agency(&admin.member, agency).await?;
        let key = self.create_api_key(&agency, role, label).await?;
        self.audit(
            &crate::audit::Actor::from(admin),
            &[crate::audit::Audited::record(
                crate::audit::AuditAction::ApiKeyCreate,
                "api_key",
                &key.id,
            )],
        )
        .await?;
        Ok(key)
    }

    /// Revokes an API key of the admin's member (others' keys are not found).
    pub async fn revoke_api_key(&self, admin: &Principal, id: &str) -> Result<()> {
        admin.require(Action::Administer)?;
        let mut sql = Sql::new("UPDATE api_keys SET revoked_at = ");
        sql.bind_text(timestamp(self.clock.now()))
            .push(" WHERE revoked_at IS NULL AND id = ")
            .bind_text(id)
            .push(" AND member = ")
            .bind_text(admin.member.as_str());
        let changed = self
            .write_audited(
                vec![sql],
                true,
                &crate::audit::Actor::from(admin),
                &[crate::audit::Audited::record(
                    crate::audit::AuditAction::ApiKeyRevoke,
                    "api_key",
                    id,
                )],
            )
            .await?;
        if changed {
            Ok(())
        } else {
            Err(Error::NotFound)
        }
    }
}
