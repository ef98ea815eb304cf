//! Users of the web UI: created by their member's admin (or `lintas user add` for the first
//! admin), with argon2id password hashes. Every change is audited.

use lintas_model::members::member;
use lintas_model::{Action, FieldError, Role};
use sqlx::Row;
use uuid::Uuid;

use crate::Store;
use crate::audit::{Actor, Audited};
use crate::clock::timestamp;
use crate::error::{Error, Result};
use crate::keys::Agency;
use crate::passwords;
use crate::principal::Principal;
use crate::sql::{Sql, on_pool, query};

/// A user as shown to admins (never the hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    /// User id.
    pub id: String,
    /// Login name (lower-case).
    pub username: String,
    /// Name shown in the UI.
    pub display_name: String,
    /// Member code.
    pub member: String,
    /// Agency name.
    pub agency: String,
    /// Role.
    pub role: Role,
    /// When the account was disabled, if it is.
    pub disabled_at: Option<String>,
}

/// What an admin fills in to create a user.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name: 3–64 characters of `a-z 0-9 . _ - @`.
    pub username: String,
    /// Name shown in the UI.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Agency of the admin's member (created if new).
    pub agency: String,
    /// Initial password.
    pub password: String,
}

fn field(field: &str, code: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}

/// Normalises and checks a login name.
pub(crate) fn username(raw: &str) -> std::result::Result<String, FieldError> {
    let name = raw.trim().to_lowercase();
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_@".contains(c));
    if !(3..=64).contains(&name.len()) || !ok_chars {
        return Err(field(
            "username",
            "invalid",
            "a user name has 3 to 64 characters: letters, digits, . _ - @",
        ));
    }
    Ok(name)
}

const USER_COLUMNS: &str =
    "u.id, u.username, u.display_name, u.member, a.name AS agency, u.role, u.disabled_at";

fn user_from_row<R: Row>(row: &R) -> Result<User>
where
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database>,
    for<'r> &'r str: sqlx::ColumnIndex<R>,
{
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        member: row.try_get("member")?,
        agency: row.try_get("agency")?,
        role: role.parse().map_err(Error::Corrupt)?,
        disabled_at: row.try_get("disabled_at")?,
    })
}

impl Store {
    /// Creates a user in `agency` without an acting admin: for the first admin (CLI) and demo
    /// seeding. The event is recorded as done by `actor`.
    pub async fn create_user_local(
        &self,
        actor: &Actor,
        agency: &Agency,
        new: NewUser,
    ) -> Result<User> {
        self.insert_user(actor, agency, new).await
    }

    /// Creates a user of the admin's own member. Its name must start with the member's code
    /// (`idn.`): user names are unique across all members, so without the prefix a refused
    /// name would tell one member's admin that another member has that user. Only the RSO
    /// grants the RSO's `regional_analyst` role.
    pub async fn create_user(&self, admin: &Principal, new: NewUser) -> Result<User> {
        admin.require(Action::Administer)?;
        let prefix = format!("{}.", admin.member.to_lowercase());
        let mut errors = Vec::new();
        if !new.username.trim().to_lowercase().starts_with(&prefix) {
            errors.push(field(
                "username",
                "prefix",
                &format!("user names of {} start with `{prefix}`", admin.member),
            ));
        }
        if new.role == Role::RegionalAnalyst && admin.member != "RSO" {
            errors.push(field(
                "role",
                "not_granted",
                "only the RSO grants the regional analyst role",
            ));
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let agency = self.ensure_agency(&admin.member, &new.agency).await?;
        self.insert_user(&Actor::from(admin), &agency, new).await
    }

    async fn insert_user(&self, actor: &Actor, agency: &Agency, new: NewUser) -> Result<User> {
        let mut errors = Vec::new();
        let name = username(&new.username).map_err(|e| errors.push(e)).ok();
        let display = new.display_name.trim().to_string();
        if display.is_empty() || display.chars().count() > 200 {
            errors.push(field(
                "display_name",
                "invalid",
                "a display name has 1 to 200 characters",
            ));
        }
        if let Err(e) = passwords::check(&new.password, &[&new.username, &display]) {
            errors.push(e);
        }
        if member(&agency.member).is_none() {
            errors.push(field(
                "member",
                "unknown",
                "not a member of the Bali Process",
            ));
        }
        let Some(name) = name.filter(|_| errors.is_empty()) else {
            return Err(Error::Invalid(errors));
        };
        let hash = self
            .hashing
            .hash(&new.password)
            .await
            .map_err(Error::Corrupt)?;
        let id = Uuid::now_v7().to_string();
        let now = timestamp(self.clock.now());
        let mut insert = Sql::new(
            "INSERT INTO users (id, username, display_name, member, agency_id, role, password_hash, created_at, password_changed_at) VALUES (",
        );
        insert
            .bind_text(id.as_str())
            .push(", ")
            .bind_text(name.as_str())
            .push(", ")
            .bind_text(display.as_str())
            .push(", ")
            .bind_text(agency.member.as_str())
            .push(", ")
            .bind_text(agency.id.to_string())
            .push(", ")
            .bind_text(new.role.as_str())
            .push(", ")
            .bind_text(hash)
            .push(", ")
            .bind_text(now.as_str())
            .push(", ")
            .bind_text(now.as_str())
            .push(")");
        let event = Audited::record(crate::audit::AuditAction::UserCreate, "user", &id);
        match self
            .write_audited(vec![insert], false, actor, &[event])
            .await
        {
            Ok(_) => {}
            Err(crate::audit::WriteFailure::Db(e)) if crate::incidents::is_unique_violation(&e) => {
                return Err(Error::Invalid(vec![field(
                    "username",
                    "taken",
                    "this user name is already taken",
                )]));
            }
            Err(e) => return Err(e.into()),
        }
        self.user_by_id(&id).await?.ok_or(Error::NotFound)
    }

    async fn user_by_id(&self, id: &str) -> Result<Option<User>> {
        let mut sql = Sql::new(&format!(
            "SELECT {USER_COLUMNS} FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id = "
        ));
        sql.bind_text(id);
        on_pool!(self, pool => {
            match query!(sql).fetch_optional(pool).await? {
                Some(row) => Ok(Some(user_from_row(&row)?)),
                None => Ok(None),
            }
        })
    }

    /// The users of the admin's member.
    pub async fn list_users(&self, admin: &Principal) -> Result<Vec<User>> {
        admin.require(Action::Administer)?;
        let mut sql = Sql::new(&format!(
            "SELECT {USER_COLUMNS} FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.member = "
        ));
        sql.bind_text(admin.member.as_str())
            .push(" ORDER BY u.username");
        on_pool!(self, pool => {
            query!(sql).fetch_all(pool).await?.iter().map(user_from_row).collect()
        })
    }

    /// A user of the admin's member (others' users are not found).
    pub async fn get_user(&self, admin: &Principal, id: &str) -> Result<User> {
        admin.require(Action::Administer)?;
        match self.user_by_id(id).await? {
            Some(u) if u.member == admin.member => Ok(u),
            _ => Err(Error::NotFound),
        }
    }

    /// Disables (or re-enables) a user of the admin's member; disabling ends their sessions.
    pub async fn set_user_disabled(
        &self,
        admin: &Principal,
        id: &str,
        disabled: bool,
    ) -> Result<User> {
        let user = self.get_user(admin, id).await?;
        if disabled && user.id == admin.actor.trim_start_matches("user:") {
            return Err(Error::BadRequest(
                "you cannot disable your own account".into(),
            ));
        }
        let now = timestamp(self.clock.now());
        let mut update = Sql::new("UPDATE users SET disabled_at = ");
        if disabled {
            update.bind_text(now.as_str());
        } else {
            update.push("NULL");
        }
        update.push(" WHERE id = ").bind_text(id);
        let mut statements = vec![update];
        if disabled {
            statements.push(end_sessions(id, &now));
        }
        let action = if disabled {
            crate::audit::AuditAction::UserDisable
        } else {
            crate::audit::AuditAction::UserEnable
        };
        self.write_audited(
            statements,
            true,
            &Actor::from(admin),
            &[Audited::record(action, "user", id)],
        )
        .await?;
        self.get_user(admin, id).await
    }

    /// Sets a new password for `user_id`: by the user (who must give the current one) or by an
    /// admin of the same member (`current` = `None`). Ends every session of that user.
    pub async fn change_password(
        &self,
        by: &Principal,
        user_id: &str,
        current: Option<&str>,
        new: &str,
    ) -> Result<()> {
        let is_self = by.actor == format!("user:{user_id}");
        let user = if is_self {
            self.user_by_id(user_id).await?.ok_or(Error::NotFound)?
        } else {
            self.get_user(by, user_id).await?
        };
        if is_self {
            // The current password is guessable like a login: the same throttle guards it.
            let limits = crate::LoginLimits::default();
            self.reserve_login(&limits, &user.username, None).await?;
            let stored = self.password_hash(user_id).await?;
            let given = current.unwrap_or("");
            if !self.hashing.verify(given, stored.as_deref()).await {
                self.audit(
                    &Actor::from(by),
                    &[Audited {
                        outcome: lintas_audit::Outcome::Failed,
                        ..Audited::record(crate::audit::AuditAction::UserPassword, "user", user_id)
                    }],
                )
                .await?;
                return Err(Error::Invalid(vec![field(
                    "current_password",
                    "wrong",
                    "the current password is not correct",
                )]));
            }
            self.login_succeeded(&user.username, None).await?;
        }
        passwords::check(new, &[&user.username, &user.display_name])
            .map_err(|e| Error::Invalid(vec![e]))?;
        let hash = self.hashing.hash(new).await.map_err(Error::Corrupt)?;
        let now = timestamp(self.clock.now());
        let mut update = Sql::new("UPDATE users SET password_hash = ");
        update
            .bind_text(hash)
            .push(", password_changed_at = ")
            .bind_text(now.as_str())
            .push(" WHERE id = ")
            .bind_text(user_id);
        self.write_audited(
            vec![update, end_sessions(user_id, &now)],
            true,
            &Actor::from(by),
            &[Audited::record(
                crate::audit::AuditAction::UserPassword,
                "user",
                user_id,
            )],
        )
        .await?;
        Ok(())
    }

    pub(crate) async fn password_hash(&self, user_id: &str) -> Result<Option<String>> {
        let mut sql = Sql::new("SELECT password_hash FROM users WHERE id = ");
        sql.bind_text(user_id);
        on_pool!(self, pool => Ok(query!(sql).fetch_optional(pool).await?.map(|r| r.get("password_hash"))))
    }

    /// Whether any user exists (the first admin is made with `lintas user add`).
    pub async fn has_users(&self) -> Result<bool> {
        let sql = Sql::new("SELECT COUNT(*) AS n FROM users");
        let n: i64 = on_pool!(self, pool => query!(sql).fetch_one(pool).await?.try_get("n")?);
        Ok(n > 0)
    }
}

/// Ends every open session of a user.
pub(crate) fn end_sessions(user_id: &str, now: &str) -> Sql {
    let mut sql = Sql::new("UPDATE sessions SET ended_at = ");
    sql.bind_text(now)
        .push(" WHERE ended_at IS NULL AND user_id = ")
        .bind_text(user_id);
    sql
}
