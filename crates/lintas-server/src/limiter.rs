//! Login throttling: failed attempts are counted per account and per client address in a
//! sliding window; past the limit, logins are refused without checking the password. Times
//! come from the store's clock so tests control them (a general-purpose rate-limit crate would
//! read the system clock itself).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Limits on failed logins.
#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    /// Failures allowed per account within the window.
    pub per_account: usize,
    /// Failures allowed per client address within the window.
    pub per_address: usize,
    /// The window.
    pub window: Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            per_account: 5,
            per_address: 20,
            window: Duration::minutes(15),
        }
    }
}

/// Failure times per key (`user:<name>` or `addr:<ip>`).
#[derive(Default)]
pub struct LoginLimiter {
    limits: LoginLimits,
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl LoginLimiter {
    /// A limiter with `limits`.
    pub fn new(limits: LoginLimits) -> Self {
        LoginLimiter {
            limits,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(account: &str, address: Option<&str>) -> Vec<(String, bool)> {
        let mut keys = vec![(format!("user:{}", account.trim().to_lowercase()), true)];
        if let Some(a) = address {
            keys.push((format!("addr:{a}"), false));
        }
        keys
    }

    /// Seconds until another attempt is allowed, or `None` when one is allowed now.
    pub fn blocked_for(
        &self,
        account: &str,
        address: Option<&str>,
        now: DateTime<Utc>,
    ) -> Option<u64> {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait: Option<u64> = None;
        for (key, is_account) in Self::keys(account, address) {
            let Some(times) = map.get_mut(&key) else {
                continue;
            };
            while times
                .front()
                .is_some_and(|t| now - *t >= self.limits.window)
            {
                times.pop_front();
            }
            let limit = if is_account {
                self.limits.per_account
            } else {
                self.limits.per_address
            };
            if times.len() >= limit
                && let Some(oldest) = times.front()
            {
                let secs = (self.limits.window - (now - *oldest)).num_seconds().max(1) as u64;
                wait = Some(wait.map_or(secs, |w| w.max(secs)));
            }
        }
        wait
    }

    /// Records a failed attempt.
    pub fn failed(&self, account: &str, address: Option<&str>, now: DateTime<Utc>) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded memory under a flood of distinct names: forget everything past a size.
        if map.len() > 100_000 {
            map.clear();
        }
        for (key, _) in Self::keys(account, address) {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets an account's failures after a successful login.
    pub fn succeeded(&self, account: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&format!("user:{}", account.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minute * 60, 0).unwrap()
    }

    #[test]
    fn accounts_lock_after_five_failures_until_the_window_passes() {
        let l = LoginLimiter::new(LoginLimits::default());
        for m in 0..5 {
            assert_eq!(l.blocked_for("Budi", Some("10.0.0.1"), at(m)), None);
            l.failed("budi", Some("10.0.0.1"), at(m));
        }
        assert_eq!(l.blocked_for("budi", Some("10.0.0.9"), at(5)), Some(600));
        // Another account from the same address is still allowed.
        assert_eq!(l.blocked_for("siti", Some("10.0.0.1"), at(5)), None);
        assert_eq!(l.blocked_for("budi", None, at(15)), None);
    }

    #[test]
    fn addresses_lock_after_twenty_failures_across_accounts() {
        let l = LoginLimiter::new(LoginLimits::default());
        for n in 0..20 {
            l.failed(&format!("user{n}"), Some("10.0.0.1"), at(0));
        }
        assert!(l.blocked_for("fresh", Some("10.0.0.1"), at(1)).is_some());
        assert_eq!(l.blocked_for("fresh", Some("10.0.0.2"), at(1)), None);
    }
}
