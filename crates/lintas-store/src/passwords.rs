//! Password rules and hashing. argon2id with OWASP's recommended minimum (19 MiB, 2 passes,
//! 1 lane): about 20–40 ms per hash here, slow enough to make offline guessing costly and fast
//! enough for a login. A fixed dummy hash is checked for unknown users so that a login for a
//! name that does not exist takes as long as one that does.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use lintas_model::FieldError;

/// Shortest password, in characters.
pub const MIN_LEN: usize = 8;
/// Longest password, in characters (longer ones are refused, never truncated).
pub const MAX_LEN: usize = 128;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

static DUMMY: LazyLock<String> =
    LazyLock::new(|| hash("a password nobody has, for timing").unwrap_or_default());

/// Checks a new password against the policy; `context` holds words the password must not be
/// built from (user name, display name).
pub fn check(password: &str, context: &[&str]) -> Result<(), FieldError> {
    let n = password.chars().count();
    let problem = |code: &str, message: String| FieldError {
        field: "password".into(),
        code: code.into(),
        message,
    };
    if n < MIN_LEN {
        return Err(problem(
            "too_short",
            format!("a password has at least {MIN_LEN} characters"),
        ));
    }
    if n > MAX_LEN {
        return Err(problem(
            "too_long",
            format!("a password has at most {MAX_LEN} characters"),
        ));
    }
    if is_seasonal(password) {
        return Err(problem(
            "too_common",
            "a season or month with a year (like Summer2026!) is among the first guesses; use a longer phrase".into(),
        ));
    }
    // zxcvbn knows the common-password lists (and names, dates, keyboard walks); a score
    // below 2 means fewer than about 10^6 guesses.
    let estimate = zxcvbn::zxcvbn(password, context);
    if (estimate.score() as u8) < 2 {
        return Err(problem(
            "too_common",
            "this password is too common or too easy to guess; use a longer phrase".into(),
        ));
    }
    Ok(())
}

/// Seasons and months (English, Malay/Indonesian) that people write with a year: the first
/// thing a password sprayer tries, and scored "fair" by zxcvbn.
const SEASONAL: &[&str] = &[
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "januari",
    "februari",
    "maret",
    "mac",
    "mei",
    "juni",
    "julai",
    "juli",
    "agustus",
    "ogos",
    "oktober",
    "disember",
    "desember",
    "ramadan",
    "christmas",
    "merdeka",
    "password",
    "welcome",
    "lintas",
];

/// `Summer2026!`, `winter-25`, `@Desember2025`: a seasonal word plus a year, with any symbols.
fn is_seasonal(password: &str) -> bool {
    let core: String = password
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let word = core.trim_end_matches(|c: char| c.is_ascii_digit());
    let year = &core[word.len()..];
    let word = word.trim_start_matches(|c: char| c.is_ascii_digit());
    (year.len() == 2 || year.len() == 4) && SEASONAL.contains(&word)
}

/// The argon2id PHC string of `password`.
pub fn hash(password: &str) -> Result<String, String> {
    let mut raw = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut raw);
    let salt = SaltString::encode_b64(&raw).map_err(|e| e.to_string())?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches `stored`; with `None` (unknown user) a dummy hash is checked so
/// the time taken does not reveal whether the user exists.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let phc = stored.unwrap_or(DUMMY.as_str());
    let ok = PasswordHash::new(phc)
        .map(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false);
    ok && stored.is_some()
}

/// Runs password hashes off the async workers, a bounded number at a time (half the cores, at
/// least one), so that a login flood queues here instead of slowing every other request.
pub(crate) struct Hashing {
    permits: tokio::sync::Semaphore,
    checks: AtomicU64,
}

impl Default for Hashing {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Hashing {
            permits: tokio::sync::Semaphore::new((cores / 2).max(1)),
            checks: AtomicU64::new(0),
        }
    }
}

impl Hashing {
    /// [`verify`] on the blocking pool; counted, so tests can see how many checks ran.
    pub(crate) async fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let (password, stored) = (password.to_string(), stored.map(str::to_string));
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        self.checks.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(move || verify(&password, stored.as_deref()))
            .await
            .unwrap_or(false)
    }

    /// [`hash`] on the blocking pool.
    pub(crate) async fn hash(&self, password: &str) -> Result<String, String> {
        let password = password.to_string();
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(move || hash(&password))
            .await
            .map_err(|e| e.to_string())?
    }

    /// How many passwords have been checked.
    pub(crate) fn checks(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_refuses_short_long_and_common_passwords() {
        assert_eq!(check("Ab1!", &[]).unwrap_err().code, "too_short");
        assert_eq!(check(&"x".repeat(129), &[]).unwrap_err().code, "too_long");
        assert_eq!(check("password123", &[]).unwrap_err().code, "too_common");
        assert_eq!(check("qwertyuiop", &[]).unwrap_err().code, "too_common");
        assert_eq!(
            check("budi.santoso1", &["budi.santoso"]).unwrap_err().code,
            "too_common"
        );
        assert!(check("perahu kayu di Kupang 2026", &[]).is_ok());
        for seasonal in [
            "Summer2026!",
            "Winter-2025",
            "@Desember2025",
            "Ramadan26!!",
            "Welcome2026",
        ] {
            assert_eq!(
                check(seasonal, &[]).unwrap_err().code,
                "too_common",
                "{seasonal}"
            );
        }
        // 128 characters is allowed, and every character counts (no truncation).
        let long = "kapal-".repeat(21) + "ab";
        assert_eq!(long.chars().count(), 128);
        assert!(check(&long, &[]).is_ok());
    }

    #[test]
    fn hashes_are_argon2id_and_verify_only_the_same_password() {
        let h = hash("perahu kayu di Kupang").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("perahu kayu di Kupang", Some(&h)));
        assert!(!verify("perahu kayu di kupang", Some(&h)));
        // A longer password that shares the first 72 bytes must not match (bcrypt's flaw).
        let base = "k".repeat(72);
        let h = hash(&base).unwrap();
        assert!(!verify(&(base + "extra"), Some(&h)));
        assert!(!verify("anything", None));
    }
}
