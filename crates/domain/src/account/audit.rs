//! The account audit log: every account created, role granted or revoked, account disabled, enrolment, sign-in
//! and refused sign-in, and what staff did with a reporter's personal data at the reporter's request, in order. Like a case's events, each entry is chained to the one before it by the store.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Login, Role};
use crate::case::{Actor, PrivacyAction};
use crate::contact::Email;
use crate::text::ActorName;

/// How someone signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// A passkey (WebAuthn).
    Passkey,
    /// Password and TOTP code.
    PasswordTotp,
    /// The Pemda's single sign-on (OpenID Connect).
    SingleSignOn,
    /// The operating-system user or IAM identity `csirt` runs as.
    Binding,
}

/// What happened to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum AccountChange {
    /// The account was created.
    Created {
        /// Its login.
        login: Login,
        /// The person's name.
        name: ActorName,
        /// Their e-mail address.
        email: Option<Email>,
        /// Their roles.
        roles: Vec<Role>,
        /// The operating-system user bound to it.
        os_user: Option<String>,
        /// The IAM identity bound to it.
        iam_arn: Option<String>,
    },
    /// A role was granted.
    RoleGranted {
        /// The account.
        login: Login,
        /// The role.
        role: Role,
    },
    /// A role was revoked.
    RoleRevoked {
        /// The account.
        login: Login,
        /// The role.
        role: Role,
    },
    /// The account was disabled, its sessions revoked.
    Disabled {
        /// The account.
        login: Login,
    },
    /// A one-time enrolment code was issued (the code itself is never recorded).
    EnrolmentIssued {
        /// The account.
        login: Login,
    },
    /// A password was set.
    PasswordSet {
        /// The account.
        login: Login,
    },
    /// A TOTP authenticator was enrolled.
    TotpEnrolled {
        /// The account.
        login: Login,
    },
    /// A passkey was enrolled.
    PasskeyEnrolled {
        /// The account.
        login: Login,
    },
    /// Someone signed in.
    SignedIn {
        /// The account.
        login: Login,
        /// How.
        method: SignInMethod,
    },
    /// A sign-in was refused.
    SignInRefused {
        /// The login given, as typed when it names no account (trimmed to 64 characters).
        login: String,
        /// Why, in words that do not repeat what was typed as a secret.
        reason: String,
    },
    /// The account's first single sign-on bound it to one identity at the provider.
    SingleSignOnBound {
        /// The account.
        login: Login,
        /// `issuer subject`.
        subject: String,
    },
    /// Every console session of the account was ended, and its passkeys removed.
    SessionsRevoked {
        /// The account.
        login: Login,
        /// Sessions begun before this are over.
        at: DateTime<Utc>,
    },
    /// A session ended: signed out, timed out or revoked.
    SignedOut {
        /// The account.
        login: Login,
    },
    /// A member of staff acted on a reporter's personal data at the reporter's request, or listed whose data a
    /// breach may have touched (UU 27/2022): the action and the cases only, never the data or what was searched
    /// for.
    ReporterData {
        /// What was done.
        operation: PrivacyAction,
        /// The tracking codes of the cases, comma-separated (none when a search found nothing).
        cases: String,
    },
}

impl AccountChange {
    /// The change's name, as the audit listing shows it.
    pub fn name(&self) -> &'static str {
        match self {
            AccountChange::Created { .. } => "created",
            AccountChange::RoleGranted { .. } => "role_granted",
            AccountChange::RoleRevoked { .. } => "role_revoked",
            AccountChange::Disabled { .. } => "disabled",
            AccountChange::EnrolmentIssued { .. } => "enrolment_issued",
            AccountChange::PasswordSet { .. } => "password_set",
            AccountChange::TotpEnrolled { .. } => "totp_enrolled",
            AccountChange::PasskeyEnrolled { .. } => "passkey_enrolled",
            AccountChange::SignedIn { .. } => "signed_in",
            AccountChange::SignInRefused { .. } => "sign_in_refused",
            AccountChange::SessionsRevoked { .. } => "sessions_revoked",
            AccountChange::SingleSignOnBound { .. } => "single_sign_on_bound",
            AccountChange::SignedOut { .. } => "signed_out",
            AccountChange::ReporterData { operation, .. } => operation.key(),
        }
    }

    /// The account the change is about, as text.
    pub fn subject(&self) -> &str {
        match self {
            AccountChange::Created { login, .. }
            | AccountChange::RoleGranted { login, .. }
            | AccountChange::RoleRevoked { login, .. }
            | AccountChange::Disabled { login }
            | AccountChange::EnrolmentIssued { login }
            | AccountChange::PasswordSet { login }
            | AccountChange::TotpEnrolled { login }
            | AccountChange::PasskeyEnrolled { login }
            | AccountChange::SignedIn { login, .. }
            | AccountChange::SessionsRevoked { login, .. }
            | AccountChange::SingleSignOnBound { login, .. }
            | AccountChange::SignedOut { login } => login.as_str(),
            AccountChange::SignInRefused { login, .. } => login,
            AccountChange::ReporterData { cases, .. } => cases,
        }
    }
}

/// An entry for the audit log before the store numbers and chains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who acted: an account, or the product itself (a refused sign-in has no account to name).
    pub actor: Actor,
    /// What happened.
    pub change: AccountChange,
}

/// An entry of the account audit log, numbered from 1 without gaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who acted.
    pub actor: Actor,
    /// What happened.
    pub change: AccountChange,
}

impl AuditEntry {
    /// The entry as event `seq` of the log.
    pub fn numbered(self, seq: u64) -> AuditEvent {
        AuditEvent {
            seq,
            at: self.at,
            actor: self.actor,
            change: self.change,
        }
    }
}
