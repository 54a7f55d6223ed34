//! Passwords: the rule a new one must meet, and its argon2id hash, the only form a store keeps.

use std::fmt;

use argon2::password_hash::SaltString;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use serde::{Deserialize, Serialize};

use super::{CredentialError, random_bytes};

/// Memory cost in KiB (OWASP's argon2id recommendation: 19 MiB).
const MEMORY_KIB: u32 = 19_456;
/// Number of passes (OWASP: 2).
const PASSES: u32 = 2;
/// Degree of parallelism (OWASP: 1).
const LANES: u32 = 1;
/// Length of the random salt in bytes (the PHC recommendation).
const SALT_BYTES: usize = 16;

/// A new or candidate password, checked against the length rule. Never printed: `Debug` is redacted and there
/// is no `Display`.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// The fewest characters a password may have.
    pub const MIN_CHARS: usize = 12;
    /// The most characters a password may have (a bound on the work of hashing it).
    pub const MAX_CHARS: usize = 1024;

    /// A password of 12 to 1024 characters (Unicode scalar values, not bytes), taken as typed.
    ///
    /// # Errors
    /// [`CredentialError::Password`] naming the rule when it is too short or too long.
    pub fn new(text: String) -> Result<Self, CredentialError> {
        let chars = text.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(CredentialError::Password(format!(
                "must be at least {} characters long (it has {chars})",
                Self::MIN_CHARS
            )));
        }
        if chars > Self::MAX_CHARS {
            return Err(CredentialError::Password(format!(
                "must be at most {} characters long (it has {chars})",
                Self::MAX_CHARS
            )));
        }
        Ok(Self(text))
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// A password's argon2id hash as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`): what a store
/// keeps. Serialises as that string; reading one back checks it is an argon2id PHC string. `Debug` is redacted.
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Hashes `password` with argon2id (m = 19456 KiB, t = 2, p = 1) and a fresh random salt.
    ///
    /// # Errors
    /// [`CredentialError::Password`] if the operating system's random number generator or argon2 fails.
    pub fn of(password: &Password) -> Result<Self, CredentialError> {
        let mut salt = [0_u8; SALT_BYTES];
        random_bytes(&mut salt, CredentialError::Password)?;
        let salt = SaltString::encode_b64(&salt).map_err(hashing_failed)?;
        let hash = hasher()?
            .hash_password(password.0.as_bytes(), &salt)
            .map_err(hashing_failed)?;
        Ok(Self(hash.to_string()))
    }

    /// Whether `candidate` is the password this hash was made from, in constant time (argon2's own
    /// verification, with the parameters the hash records). False, not an error, if the stored hash is malformed.
    #[must_use]
    pub fn verify(&self, candidate: &str) -> bool {
        let Ok(stored) = argon2::PasswordHash::new(&self.0) else {
            return false;
        };
        Argon2::default()
            .verify_password(candidate.as_bytes(), &stored)
            .is_ok()
    }

    /// Reads back a stored hash.
    ///
    /// # Errors
    /// [`CredentialError::Password`] unless `text` is an argon2id PHC string with valid parameters, a salt and
    /// a hash.
    pub fn parse(text: String) -> Result<Self, CredentialError> {
        check_phc(&text)?;
        Ok(Self(text))
    }

    /// The PHC string, to store.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

impl TryFrom<String> for PasswordHash {
    type Error = CredentialError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(text)
    }
}

impl From<PasswordHash> for String {
    fn from(hash: PasswordHash) -> Self {
        hash.0
    }
}

/// The argon2id hasher with the OWASP parameters.
fn hasher() -> Result<Argon2<'static>, CredentialError> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).map_err(hashing_failed)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Checks that `text` is an argon2id PHC string that argon2 can verify against.
fn check_phc(text: &str) -> Result<(), CredentialError> {
    let unreadable =
        |rule: &str| CredentialError::Password(format!("the stored hash is not {rule}"));
    let phc = argon2::PasswordHash::new(text).map_err(|_| unreadable("a PHC string"))?;
    if phc.algorithm != argon2::ARGON2ID_IDENT {
        return Err(unreadable("an argon2id hash"));
    }
    Params::try_from(&phc).map_err(|_| unreadable("made with valid argon2 parameters"))?;
    if phc.salt.is_none() || phc.hash.is_none() {
        return Err(unreadable("complete (it lacks its salt or its hash)"));
    }
    Ok(())
}

/// An argon2 failure as a [`CredentialError`].
fn hashing_failed(error: impl fmt::Display) -> CredentialError {
    CredentialError::Password(format!("could not be hashed: {error}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    const SECRET: &str = "correct horse battery staple";

    /// One hash of [`SECRET`] shared by the tests (argon2 with 19 MiB is slow in a debug build).
    fn stored() -> &'static PasswordHash {
        static STORED: OnceLock<PasswordHash> = OnceLock::new();
        STORED.get_or_init(|| {
            PasswordHash::of(&Password::new(SECRET.to_owned()).expect("long enough"))
                .expect("hashes")
        })
    }

    #[test]
    fn password_refuses_fewer_than_12_characters() {
        let error = Password::new("elevenchars".to_owned()).expect_err("too short");
        let message = error.to_string();
        assert!(message.starts_with("password: "), "{message}");
        assert!(message.contains("at least 12 characters"), "{message}");
        assert!(!message.contains("elevenchars"), "{message}");
        assert!(Password::new("twelve chars".to_owned()).is_ok());
    }

    #[test]
    fn password_counts_characters_not_bytes() {
        // 11 characters, 22 bytes: still too short.
        assert!(Password::new("é".repeat(11)).is_err());
        assert!(Password::new("é".repeat(12)).is_ok());
    }

    #[test]
    fn password_refuses_more_than_1024_characters() {
        assert!(Password::new("a".repeat(1024)).is_ok());
        let message = Password::new("a".repeat(1025))
            .expect_err("too long")
            .to_string();
        assert!(message.starts_with("password: "), "{message}");
        assert!(message.contains("at most 1024 characters"), "{message}");
    }

    #[test]
    fn hash_is_argon2id_with_owasp_parameters() {
        assert!(
            stored()
                .as_str()
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            stored().as_str()
        );
    }

    #[test]
    fn verify_accepts_the_password_and_refuses_others() {
        assert!(stored().verify(SECRET));
        assert!(!stored().verify("correct horse battery stapl"));
        assert!(!stored().verify(""));
    }

    #[test]
    fn salts_differ_between_hashes_of_one_password() {
        let again = PasswordHash::of(&Password::new(SECRET.to_owned()).expect("long enough"))
            .expect("hashes");
        assert_ne!(again.as_str(), stored().as_str());
        assert!(again.verify(SECRET));
    }

    #[test]
    fn verify_is_false_on_a_malformed_stored_hash() {
        assert!(!PasswordHash("not a hash".to_owned()).verify(SECRET));
        assert!(!PasswordHash(String::new()).verify(""));
    }

    #[test]
    fn parse_reads_back_a_stored_hash() {
        let read = PasswordHash::parse(stored().as_str().to_owned()).expect("reads back");
        assert!(read.verify(SECRET));
    }

    #[test]
    fn parse_refuses_what_is_not_an_argon2id_phc_string() {
        let argon2i = stored().as_str().replacen("$argon2id$", "$argon2i$", 1);
        let truncated = stored()
            .as_str()
            .rsplit_once('$')
            .map(|(head, _)| head.to_owned())
            .expect("has a $");
        for text in [
            "",
            "hunter2",
            "$2b$12$abcdefghijklmnopqrstuv",
            &argon2i,
            &truncated,
        ] {
            let error = PasswordHash::parse(text.to_owned()).expect_err(text);
            assert_eq!(error.field(), "password", "{text}");
        }
    }

    #[test]
    fn hash_serialises_as_its_phc_string() {
        let json = serde_json::to_string(stored()).expect("serialises");
        assert_eq!(
            json,
            serde_json::to_string(stored().as_str()).expect("serialises")
        );
        let back: PasswordHash = serde_json::from_str(&json).expect("deserialises");
        assert!(back.verify(SECRET));
        assert!(serde_json::from_str::<PasswordHash>("\"plain text\"").is_err());
    }

    #[test]
    fn debug_never_shows_the_password_or_its_hash() {
        let password = Password::new(SECRET.to_owned()).expect("long enough");
        let shown = format!("{password:?} {:?}", stored());
        assert_eq!(shown, "Password(<redacted>) PasswordHash(<redacted>)");
        assert!(!shown.contains(SECRET));
        assert!(!shown.contains(stored().as_str()));
    }
}
