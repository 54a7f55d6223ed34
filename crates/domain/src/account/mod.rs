//! Staff accounts: who may act on cases, with which roles of the team's SOP, and how they prove it. An account
//! changes only through [`Account::apply`], which returns the account as it is after the change; the staff
//! library records every change as an [`AuditEvent`] in the account audit log, next to the account itself.

mod audit;
mod login;
mod role;
mod secrets;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use audit::{AccountChange, AuditEntry, AuditEvent, SignInMethod};
pub use login::{Login, LoginError, RESERVED_LOGINS};
pub use role::{ADMIN, Role, VIEWER};
pub use secrets::{Passkey, SignInSecrets};

use crate::contact::Email;
use crate::text::ActorName;

/// A member of staff's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The login: the name the account acts under on every event.
    pub login: Login,
    /// The person's name, as shown to colleagues.
    pub name: ActorName,
    /// Where the console sends their sign-in and case mail.
    pub email: Option<Email>,
    /// Their roles: actor keys of the team's SOP, `admin` or `viewer`.
    pub roles: BTreeSet<Role>,
    /// The operating-system user `csirt` runs as when it acts as this account (self-hosted).
    pub os_user: Option<String>,
    /// The IAM identity (`arn:aws:…`) `csirt` runs as when it acts as this account (on AWS).
    pub iam_arn: Option<String>,
    /// A disabled account can no longer act or sign in; its sessions are revoked.
    pub disabled: bool,
    /// Console sessions begun before this instant are over (every session revoked at once, e.g. a stolen one).
    #[serde(default)]
    pub sessions_revoked_at: Option<DateTime<Utc>>,
    /// The identity at the single sign-on provider (`issuer subject`) bound on the account's first sign-on: later
    /// sign-ons must come from the same one, whatever the login claim says.
    #[serde(default)]
    pub single_sign_on_subject: Option<String>,
    /// Number of changes so far; the store accepts a change only on top of the version it was computed from.
    pub version: u32,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// Password, TOTP and enrolment secrets (hashed or sealed; never shown).
    #[serde(default)]
    pub secrets: SignInSecrets,
}

impl Account {
    /// Whether the account holds `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r.as_str() == role)
    }

    /// Whether the account may manage accounts.
    pub fn is_admin(&self) -> bool {
        self.has_role(ADMIN)
    }

    /// The roles as text, for messages: `agent, front-desk`.
    pub fn role_list(&self) -> String {
        if self.roles.is_empty() {
            return "(none)".to_owned();
        }
        let keys: Vec<&str> = self.roles.iter().map(Role::as_str).collect();
        keys.join(", ")
    }

    /// The account after `change`, one version on. The change must be about this account.
    pub fn apply(&self, change: &AccountChange) -> Account {
        let mut next = self.clone();
        next.version = self.version + 1;
        match change {
            AccountChange::Created { .. }
            | AccountChange::SignInRefused { .. }
            | AccountChange::SignedOut { .. } => {}
            AccountChange::RoleGranted { role, .. } => {
                next.roles.insert(role.clone());
            }
            AccountChange::RoleRevoked { role, .. } => {
                next.roles.remove(role);
            }
            AccountChange::Disabled { .. } => next.disabled = true,
            AccountChange::SessionsRevoked { at, .. } => {
                next.sessions_revoked_at = Some(*at);
                next.secrets.passkeys.clear();
            }
            AccountChange::SingleSignOnBound { subject, .. } => {
                next.single_sign_on_subject = Some(subject.clone());
            }
            AccountChange::EnrolmentIssued { .. }
            | AccountChange::PasswordSet { .. }
            | AccountChange::TotpEnrolled { .. }
            | AccountChange::PasskeyEnrolled { .. }
            | AccountChange::SignedIn { .. }
            | AccountChange::ReporterData { .. } => {}
        }
        next
    }
}

#[cfg(test)]
mod tests;
