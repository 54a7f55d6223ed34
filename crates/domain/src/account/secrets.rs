//! What an account signs in with, in the only forms the store keeps: a password hash, a TOTP secret, the digest
//! of a pending enrolment code. `Debug` never shows them.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An account's sign-in secrets. The staff library's credentials module reads and writes them; the domain only
/// carries them.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInSecrets {
    /// The password's argon2id hash (a PHC string), once a password is set.
    pub password_hash: Option<String>,
    /// The TOTP secret (base32), once enrolled.
    pub totp_secret: Option<String>,
    /// The last TOTP time step used to sign in: a code is accepted only once.
    pub totp_last_step: Option<u64>,
    /// SHA-256 of the pending one-time enrolment code, and until when it may be used.
    pub enrolment: Option<(String, DateTime<Utc>)>,
    /// Registered passkeys, as the WebAuthn library serialises them.
    #[serde(default)]
    pub passkeys: Vec<serde_json::Value>,
}

impl fmt::Debug for SignInSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInSecrets")
            .field("password", &self.password_hash.as_ref().map(|_| "<set>"))
            .field("totp", &self.totp_secret.as_ref().map(|_| "<set>"))
            .field("enrolment_pending", &self.enrolment.is_some())
            .field("passkeys", &self.passkeys.len())
            .finish()
    }
}
