//! The login of a staff account: short, lowercase, safe in a URL, a file name and an audit line.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::ActorName;

/// Names the product keeps for its own events: no account may take them.
pub const RESERVED_LOGINS: [&str; 2] = ["system", "reporter"];

/// A staff login: 2 to 32 characters, lowercase ASCII letters, digits, `.`, `_` and `-`, starting with a letter
/// or a digit (a civil servant's NIP is a login); never `system` or `reporter`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Login(String);

/// Why a login was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("login {raw:?}: {reason}")]
pub struct LoginError {
    /// What was given.
    pub raw: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl Login {
    /// Parses a login as typed.
    pub fn parse(raw: &str) -> Result<Login, LoginError> {
        let fail = |reason| LoginError {
            raw: raw.to_owned(),
            reason,
        };
        let length = raw.chars().count();
        if !(2..=32).contains(&length) {
            return Err(fail("must be 2 to 32 characters long"));
        }
        if !raw.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
            return Err(fail("must start with a lowercase letter or a digit"));
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
        if !raw.chars().all(allowed) {
            return Err(fail(
                "may hold only lowercase letters a-z, digits and the characters . _ -",
            ));
        }
        if RESERVED_LOGINS.contains(&raw) {
            return Err(fail(
                "is reserved for the product's own events (system, reporter)",
            ));
        }
        Ok(Login(raw.to_owned()))
    }

    /// The login as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The login as the name an event records.
    pub fn actor_name(&self) -> ActorName {
        // A login is one short line of plain characters, which every actor name accepts.
        ActorName::parse(&self.0).unwrap_or_else(|_| unreachable!("a login is a valid actor name"))
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Login({})", self.0)
    }
}

impl TryFrom<String> for Login {
    type Error = LoginError;
    fn try_from(raw: String) -> Result<Self, LoginError> {
        Login::parse(&raw)
    }
}

impl From<Login> for String {
    fn from(login: Login) -> String {
        login.0
    }
}
