//! The staff console's sign-in credentials, as pure logic (no I/O, no store): what a person proves and what the
//! store keeps instead.
//!
//! - [`password`]: a [`Password`] a person chose (12 to 1024 characters) and its [`PasswordHash`], an argon2id
//!   PHC string with the OWASP parameters (19 MiB, 2 passes, 1 lane) and a random salt; the hash is all a store
//!   keeps, and [`PasswordHash::verify`] checks a candidate against it.
//! - [`totp`]: the second factor, RFC 6238 time-based one-time codes with the defaults every authenticator app
//!   uses (HMAC-SHA-1, 6 digits, 30-second steps). A [`TotpSecret`] is enrolled through its `otpauth://` link;
//!   [`TotpSecret::check`] accepts the current code or one step either side and refuses a code used before.
//! - [`token`]: a [`OneTimeToken`], 32 random bytes shown once to a person (an enrolment link or code, a session
//!   cookie), and its [`TokenDigest`] (SHA-256), the only form a store keeps.
//!
//! No secret is ever printed: every secret type's `Debug` is redacted, none has `Display`, and no error message
//! repeats the value it refuses. Every [`CredentialError`] names the field it is about (`password`, `totp`,
//! `token`).

pub mod password;
pub mod token;
pub mod totp;

pub use password::{Password, PasswordHash};
pub use token::{OneTimeToken, TokenDigest};
pub use totp::{TotpRefusal, TotpSecret};

/// A credential that cannot be made or read back; the message names the field and the rule, never the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// A password that breaks a rule, a stored password hash that cannot be read, or a hash that failed.
    #[error("password: {0}")]
    Password(String),
    /// A TOTP secret that cannot be read or made.
    #[error("totp: {0}")]
    Totp(String),
    /// A one-time token or token digest that cannot be read or made.
    #[error("token: {0}")]
    Token(String),
}

impl CredentialError {
    /// The field the error is about: `password`, `totp` or `token` (for a form to show it beside that field).
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            Self::Password(_) => "password",
            Self::Totp(_) => "totp",
            Self::Token(_) => "token",
        }
    }
}

/// Fills `buffer` from the operating system's random number generator, naming `field` if it fails.
fn random_bytes(
    buffer: &mut [u8],
    field: fn(String) -> CredentialError,
) -> Result<(), CredentialError> {
    getrandom::fill(buffer).map_err(|error| {
        field(format!(
            "the operating system's random number generator failed: {error}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_name_their_field() {
        let errors = [
            CredentialError::Password("x".into()),
            CredentialError::Totp("x".into()),
            CredentialError::Token("x".into()),
        ];
        for error in errors {
            assert_eq!(error.to_string(), format!("{}: x", error.field()));
        }
    }
}
