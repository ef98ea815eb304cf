//! Login throttling (ASVS 6.3) in the database, so counts survive restarts and are shared by
//! every server process. An attempt is *reserved* before the password is checked: one UPDATE
//! counts it and, past the free attempts, locks the key for an increasing delay. Of any number
//! of parallel guesses, only those that win the reservation reach the (slow) hash; the rest are
//! refused with the time to wait. A lock is soft: when its delay has passed the right password
//! works again, and a success clears the account's count.

use chrono::Duration;

use crate::backend::Store;
use crate::error::{Error, Result};
use crate::sql::{Sql, on_pool, query};
use sqlx::Row;

/// Limits on login attempts.
#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    /// Attempts per account without delay.
    pub per_account: u32,
    /// Attempts per client address without delay.
    pub per_address: u32,
    /// Quiet time after which a key's count starts again.
    pub window: Duration,
    /// The first delay once the free attempts are used; it doubles with every further attempt.
    pub first_delay: Duration,
    /// The longest delay.
    pub max_delay: Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            per_account: 5,
            per_address: 20,
            window: Duration::minutes(15),
            first_delay: Duration::seconds(1),
            max_delay: Duration::minutes(15),
        }
    }
}

impl LoginLimits {
    /// Milliseconds a key stays locked after its `n`-th attempt (1-based) when `free` are free.
    fn delay_ms(&self, n: u32, free: u32) -> i64 {
        if n < free {
            return 0;
        }
        let doublings = (n - free).min(40);
        let first = self.first_delay.num_milliseconds().max(1);
        first
            .saturating_mul(1_i64 << doublings)
            .min(self.max_delay.num_milliseconds())
    }

    /// `CASE <n> WHEN 1 THEN d1 … ELSE max END` for the delay after attempt `n`.
    fn delay_case(&self, n: &str, free: u32) -> String {
        let mut case = format!("CASE {n}");
        let mut i = 1;
        loop {
            let d = self.delay_ms(i, free);
            case.push_str(&format!(" WHEN {i} THEN {d}"));
            if d >= self.max_delay.num_milliseconds() || i > free + 40 {
                break;
            }
            i += 1;
        }
        case.push_str(&format!(" ELSE {} END", self.max_delay.num_milliseconds()));
        case
    }
}

/// The throttle key of an account (user names are compared lower-case).
fn account_key(name: &str) -> String {
    format!("user:{}", name.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("addr:{address}")
}

impl Store {
    fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }

    /// Counts one attempt for `key`, or says how many seconds it is locked for.
    async fn reserve(&self, key: &str, free: u32, limits: &LoginLimits) -> Result<()> {
        let now = self.now_ms();
        let cut = now - limits.window.num_milliseconds();
        let mut insert = Sql::new(
            "INSERT INTO login_throttle (throttle_key, failures, last_at, locked_until) VALUES (",
        );
        insert
            .bind_text(key)
            .push(", 0, ")
            .bind_int(now)
            .push(", 0) ON CONFLICT (throttle_key) DO NOTHING");
        // A key quiet for the whole window starts again at 1.
        let n = format!("(CASE WHEN last_at < {cut} THEN 1 ELSE failures + 1 END)");
        let mut update = Sql::new(&format!(
            "UPDATE login_throttle SET failures = {n}, last_at = {now}, locked_until = {now} + {} WHERE throttle_key = ",
            limits.delay_case(&n, free)
        ));
        update
            .bind_text(key)
            .push(" AND locked_until <= ")
            .bind_int(now)
            .push(" RETURNING failures");
        let mut locked = Sql::new("SELECT locked_until FROM login_throttle WHERE throttle_key = ");
        locked.bind_text(key);
        let until: Option<i64> = on_pool!(self, pool => {
            query!(insert).execute(pool).await?;
            match query!(update).fetch_optional(pool).await? {
                Some(_) => None,
                None => query!(locked)
                    .fetch_optional(pool)
                    .await?
                    .map(|r| r.try_get::<i64, _>("locked_until"))
                    .transpose()?,
            }
        });
        match until {
            Some(until) => Err(Error::RateLimited(
                (((until - now).max(1) + 999) / 1000) as u64,
            )),
            None => Ok(()),
        }
    }

    /// Reserves a login attempt for `account` from `address` before its password is checked:
    /// `Err(RateLimited(seconds))` when either is locked, and then no password may be checked.
    pub async fn reserve_login(
        &self,
        limits: &LoginLimits,
        account: &str,
        address: Option<&str>,
    ) -> Result<()> {
        if let Some(a) = address {
            self.reserve(&address_key(a), limits.per_address, limits)
                .await?;
        }
        self.reserve(&account_key(account), limits.per_account, limits)
            .await
    }

    /// After a successful login: the account starts again, and the address's reservation is
    /// given back (only failures count against an address, such as an office behind one NAT).
    pub async fn login_succeeded(&self, account: &str, address: Option<&str>) -> Result<()> {
        let mut clear = Sql::new("DELETE FROM login_throttle WHERE throttle_key = ");
        clear.bind_text(account_key(account));
        on_pool!(self, pool => query!(clear).execute(pool).await.map(|_| ())?);
        if let Some(a) = address {
            let mut give_back =
                Sql::new("UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = ");
            give_back
                .bind_text(address_key(a))
                .push(" AND failures > 0");
            on_pool!(self, pool => query!(give_back).execute(pool).await.map(|_| ())?);
        }
        Ok(())
    }

    /// How many passwords this store has checked (logins and current-password checks): tests
    /// use it to prove a throttled attempt never reaches the hash.
    pub fn password_checks(&self) -> u64 {
        self.hashing.checks()
    }

    /// Forgets keys that are quiet for the whole window and not locked (bounded table size
    /// under a flood of distinct names). Returns how many were removed.
    pub async fn prune_login_throttle(&self, limits: &LoginLimits) -> Result<u64> {
        let now = self.now_ms();
        let mut sql = Sql::new("DELETE FROM login_throttle WHERE last_at < ");
        sql.bind_int(now - limits.window.num_milliseconds())
            .push(" AND locked_until <= ")
            .bind_int(now);
        Ok(on_pool!(self, pool => query!(sql).execute(pool).await?.rows_affected()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_attempts_and_double_up_to_the_cap() {
        let l = LoginLimits::default();
        assert_eq!(l.delay_ms(4, 5), 0);
        assert_eq!(l.delay_ms(5, 5), 1_000);
        assert_eq!(l.delay_ms(6, 5), 2_000);
        assert_eq!(l.delay_ms(14, 5), 512_000);
        assert_eq!(l.delay_ms(15, 5), 900_000);
        assert_eq!(l.delay_ms(1_000, 5), 900_000);
        let case = l.delay_case("n", 5);
        assert!(case.starts_with("CASE n WHEN 1 THEN 0"));
        assert!(case.ends_with("WHEN 15 THEN 900000 ELSE 900000 END"));
    }
}
