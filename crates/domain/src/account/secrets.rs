//! What an account signs in with, in the only forms the store keeps: a password hash, a TOTP secret, the digest
//! of a pending enrolment code, the public keys of its passkeys. `Debug` never shows them.

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
    /// Registered passkeys (WebAuthn credentials), oldest first.
    #[serde(default)]
    pub passkeys: Vec<Passkey>,
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

/// A registered passkey: a WebAuthn credential's public half, as the staff library's relying party encodes it.
/// Nothing here is secret (the private key never leaves the authenticator), but `Debug` shows none of it all
/// the same, only when it was registered and last used.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passkey {
    /// The credential id (base64url, no padding): how the authenticator names the passkey; unique across
    /// accounts.
    pub credential_id: String,
    /// The WebAuthn user handle it was made for (base64url, no padding): random, the same for every passkey of
    /// the account, and what the authenticator hands back when it signs in.
    pub user_handle: String,
    /// The public key and the extensions fixed at registration, in the relying-party library's binary encoding
    /// (base64url, no padding).
    pub public_key: String,
    /// What changes as it is used (signature counter, user verified, backup state, attachment), in the
    /// relying-party library's binary encoding (base64url, no padding).
    pub state: String,
    /// The transports the browser said the authenticator uses, in the relying-party library's encoding.
    pub transports: u8,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// When it last proved a sign-in.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl fmt::Debug for Passkey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Passkey")
            .field("created_at", &self.created_at)
            .field("last_used_at", &self.last_used_at)
            .finish_non_exhaustive()
    }
}
