//! Roles: the actor keys of the team's SOP profile, plus `admin` (manages accounts) and `viewer` (reads only).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::sop::SopProfile;

/// The role that manages accounts.
pub const ADMIN: &str = "admin";
/// The read-only role.
pub const VIEWER: &str = "viewer";

/// A role an account holds.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Role(String);

impl Role {
    /// Parses `raw` as one of the roles `profile` knows ([`Role::all`]); the error lists them.
    pub fn parse(raw: &str, profile: &SopProfile) -> Result<Role, String> {
        let known = Role::all(profile);
        known
            .iter()
            .find(|role| role.as_str() == raw.trim())
            .cloned()
            .ok_or_else(|| {
                let keys: Vec<&str> = known.iter().map(Role::as_str).collect();
                format!(
                    "{raw:?} is not a role of the {} procedure; its roles are: {}",
                    profile.id,
                    keys.join(", ")
                )
            })
    }

    /// Every role of the team: the staff actors of its SOP profile (not the reporter or outside partners), then
    /// `admin` and `viewer`.
    pub fn all(profile: &SopProfile) -> Vec<Role> {
        profile
            .staff_actors()
            .map(|actor| Role(actor.key.clone()))
            .chain([Role(ADMIN.to_owned()), Role(VIEWER.to_owned())])
            .collect()
    }

    /// The role's key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Role({})", self.0)
    }
}
