//! Managing accounts: adding, granting and revoking roles, disabling. Only an admin may, except for the very
//! first account of an empty store, which must itself be an admin. Every change is written with its entry in
//! the account audit log, in one atomic step.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use csirt_domain::account::{
    ADMIN, Account, AccountChange, AuditEntry, Login, Role, SignInSecrets,
};
use csirt_domain::contact::Email;
use csirt_domain::text::ActorName;

use super::Staffer;
use super::sign_in::{issue_enrolment, set_credentials};
use crate::credentials::{OneTimeToken, Password, TotpSecret};
use crate::desk::Desk;
use crate::error::StaffError;
use csirt_domain::case::Actor;

/// An account to create, as typed.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Its login.
    pub login: String,
    /// The person's name.
    pub name: String,
    /// Their e-mail address, if any.
    pub email: Option<String>,
    /// Role keys.
    pub roles: Vec<String>,
    /// The operating-system user to bind (default: the login itself, when no IAM identity is given).
    pub os_user: Option<String>,
    /// The IAM identity to bind.
    pub iam_arn: Option<String>,
    /// A password to set now (for scripts; people set theirs with the enrolment code).
    pub password: Option<Password>,
    /// Whether to enrol a TOTP secret now (its `otpauth://` link is returned once).
    pub totp: bool,
}

/// An account just added, with what to hand its holder once.
#[derive(Debug)]
pub struct Added {
    /// The account as written.
    pub account: Account,
    /// The one-time enrolment code (valid [`super::sign_in::ENROLMENT_VALID`]), unless a password and a TOTP
    /// secret were set at once.
    pub enrolment: Option<OneTimeToken>,
    /// The TOTP secret, when one was enrolled now.
    pub totp: Option<TotpSecret>,
}

impl NewAccount {
    /// Parses every field, naming the first that cannot be used.
    fn parse(&self, desk: &Desk, now: DateTime<Utc>) -> Result<Account, StaffError> {
        let invalid =
            |field: &str, message: String| StaffError::Invalid(format!("{field}: {message}"));
        let login = Login::parse(&self.login).map_err(|e| StaffError::Invalid(e.to_string()))?;
        let name = ActorName::parse(&self.name).map_err(|e| invalid("--name", e.message.en))?;
        let email = match &self.email {
            Some(raw) => {
                Email::parse_optional(raw).map_err(|e| invalid("--email", e.message.en))?
            }
            None => None,
        };
        if self.roles.is_empty() {
            return Err(invalid(
                "--role",
                "give at least one role (see `csirt staff roles`)".into(),
            ));
        }
        let profile = &desk.procedure().profile;
        let roles = self
            .roles
            .iter()
            .map(|raw| Role::parse(raw, profile).map_err(|e| invalid("--role", e)))
            .collect::<Result<BTreeSet<_>, _>>()?;
        let iam_arn = match &self.iam_arn {
            Some(arn) if !arn.starts_with("arn:aws") || arn.chars().any(char::is_whitespace) => {
                return Err(invalid(
                    "--iam-arn",
                    format!("{arn:?} is not an IAM ARN (arn:aws:iam::… or arn:aws:sts::…)"),
                ));
            }
            // Whoever may assume a role names its session: such an identity says nothing about the person.
            Some(arn) if arn.contains(":assumed-role/") => {
                return Err(invalid(
                    "--iam-arn",
                    format!(
                        "{arn:?} is an assumed role's session, whose name the caller chooses; bind an IAM user \
                         (arn:aws:iam::ACCOUNT:user/NAME)"
                    ),
                ));
            }
            other => other.clone(),
        };
        let os_user = match (&self.os_user, &iam_arn) {
            (Some(user), _) => Some(os_user_name(user)?),
            (None, None) => Some(login.to_string()),
            (None, Some(_)) => None,
        };
        Ok(Account {
            login,
            name,
            email,
            roles,
            os_user,
            iam_arn,
            disabled: false,
            sessions_revoked_at: None,
            single_sign_on_subject: None,
            version: 1,
            created_at: now,
            secrets: SignInSecrets::default(),
        })
    }
}

/// An operating-system user name as `useradd` accepts them.
fn os_user_name(raw: &str) -> Result<String, StaffError> {
    let ok = !raw.is_empty()
        && raw.len() <= 32
        && !raw.starts_with('-')
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if ok {
        Ok(raw.to_owned())
    } else {
        Err(StaffError::Invalid(format!(
            "--os-user: {raw:?} is not an operating-system user name"
        )))
    }
}

/// Refuses `by` unless it is an admin.
pub(super) fn require_admin(by: &Staffer, what: &str) -> Result<(), StaffError> {
    if by.account().is_admin() {
        Ok(())
    } else {
        Err(StaffError::NotPermitted {
            login: by.login().to_string(),
            action: "manage_accounts".into(),
            what: what.to_owned(),
            allowed: vec![ADMIN.to_owned()],
            held: by.account().role_list(),
        })
    }
}

/// Creates an account. `by` is the admin acting; `None` only for the first account of an empty store, which
/// must hold `admin`.
pub async fn add_account(
    desk: &Desk,
    by: Option<&Staffer>,
    new: &NewAccount,
    now: DateTime<Utc>,
) -> Result<Added, StaffError> {
    let account = new.parse(desk, now)?;
    let existing = desk.cases.accounts().await?;
    match by {
        Some(by) => require_admin(by, "add an account")?,
        None if existing.is_empty() => {
            if !account.is_admin() {
                return Err(StaffError::Invalid(
                    "--role: the first account of a store must be an admin (add --role admin)"
                        .into(),
                ));
            }
        }
        None => {
            return Err(StaffError::NoAccount(
                "only an admin may add accounts, and you are not acting as one".into(),
            ));
        }
    }
    for other in existing.iter().filter(|other| !other.disabled) {
        let clash = match (&account.os_user, &account.iam_arn) {
            (Some(user), _) if other.os_user.as_ref() == Some(user) => {
                Some(format!("operating-system user {user}"))
            }
            (_, Some(arn)) if other.iam_arn.as_ref() == Some(arn) => {
                Some(format!("IAM identity {arn}"))
            }
            _ => None,
        };
        if let Some(clash) = clash {
            return Err(StaffError::Invalid(format!(
                "{clash} is bound to account {} already: one identity acts as one account",
                other.login
            )));
        }
    }
    let actor = by.map_or_else(|| Actor::Staff(account.login.actor_name()), Staffer::actor);
    let entry = AuditEntry {
        at: now,
        actor: actor.clone(),
        change: AccountChange::Created {
            login: account.login.clone(),
            name: account.name.clone(),
            email: account.email.clone(),
            roles: account.roles.iter().cloned().collect(),
            os_user: account.os_user.clone(),
            iam_arn: account.iam_arn.clone(),
        },
    };
    desk.cases.record_account(Some(&account), entry).await?;
    let (account, totp) = set_credentials(
        desk,
        &account,
        actor.clone(),
        new.password.as_ref(),
        new.totp,
        now,
    )
    .await?;
    // Scripts that set both factors need no code; a code left lying about could reset them.
    let (account, enrolment) = if new.password.is_some() && totp.is_some() {
        (account, None)
    } else {
        let (account, code) = issue_enrolment(desk, &account, actor, now).await?;
        (account, Some(code))
    };
    Ok(Added {
        account,
        enrolment,
        totp,
    })
}

/// The account with this login, as typed.
pub(crate) async fn account_named(desk: &Desk, raw: &str) -> Result<Account, StaffError> {
    let login = Login::parse(raw).map_err(|e| StaffError::Invalid(e.to_string()))?;
    desk.cases
        .account(&login)
        .await?
        .ok_or_else(|| StaffError::NoSuchAccount(login.to_string()))
}

/// Applies `change` to `account` as `by` and writes it with its audit entry.
pub(crate) async fn change_account(
    desk: &Desk,
    by: &Staffer,
    account: &Account,
    change: AccountChange,
    now: DateTime<Utc>,
) -> Result<Account, StaffError> {
    let next = account.apply(&change);
    let entry = AuditEntry {
        at: now,
        actor: by.actor(),
        change,
    };
    desk.cases.record_account(Some(&next), entry).await?;
    Ok(next)
}

/// Refuses a change that would leave the team without an enabled admin.
async fn keep_an_admin(desk: &Desk, losing: &Account) -> Result<(), StaffError> {
    let others = desk
        .cases
        .accounts()
        .await?
        .into_iter()
        .filter(|a| a.login != losing.login && a.is_admin() && !a.disabled)
        .count();
    if others == 0 {
        return Err(StaffError::Invalid(format!(
            "{} is the last enabled admin: grant admin to someone else first",
            losing.login
        )));
    }
    Ok(())
}

/// Grants `role` to the account `login`.
pub async fn grant_role(
    desk: &Desk,
    by: &Staffer,
    login: &str,
    role: &str,
    now: DateTime<Utc>,
) -> Result<Account, StaffError> {
    require_admin(by, "grant a role")?;
    let role = Role::parse(role, &desk.procedure().profile).map_err(StaffError::Invalid)?;
    let account = account_named(desk, login).await?;
    if account.roles.contains(&role) {
        return Err(StaffError::Invalid(format!(
            "{} holds {role} already; nothing was changed",
            account.login
        )));
    }
    let change = AccountChange::RoleGranted {
        login: account.login.clone(),
        role,
    };
    change_account(desk, by, &account, change, now).await
}

/// Revokes `role` from the account `login`.
pub async fn revoke_role(
    desk: &Desk,
    by: &Staffer,
    login: &str,
    role: &str,
    now: DateTime<Utc>,
) -> Result<Account, StaffError> {
    require_admin(by, "revoke a role")?;
    let role = Role::parse(role, &desk.procedure().profile).map_err(StaffError::Invalid)?;
    let account = account_named(desk, login).await?;
    if !account.roles.contains(&role) {
        return Err(StaffError::Invalid(format!(
            "{} does not hold {role}; nothing was changed (it holds {})",
            account.login,
            account.role_list()
        )));
    }
    if role.as_str() == ADMIN {
        keep_an_admin(desk, &account).await?;
    }
    let change = AccountChange::RoleRevoked {
        login: account.login.clone(),
        role,
    };
    change_account(desk, by, &account, change, now).await
}

/// Ends every console session of the account `login` and removes its passkeys (a lost laptop, a session thought
/// stolen, which may have registered a passkey of its own), as an admin or as the account itself; signing in with
/// password and code works as before, and passkeys are registered again from there.
pub async fn revoke_sessions(
    desk: &Desk,
    by: &Staffer,
    login: &str,
    now: DateTime<Utc>,
) -> Result<Account, StaffError> {
    let account = account_named(desk, login).await?;
    if account.login != *by.login() {
        require_admin(by, "end another account's sessions")?;
    }
    let change = AccountChange::SessionsRevoked {
        login: account.login.clone(),
        at: now,
    };
    change_account(desk, by, &account, change, now).await
}

/// Disables the account `login`: it can no longer act, and its console sessions end.
pub async fn disable_account(
    desk: &Desk,
    by: &Staffer,
    login: &str,
    now: DateTime<Utc>,
) -> Result<Account, StaffError> {
    require_admin(by, "disable an account")?;
    let account = account_named(desk, login).await?;
    if account.disabled {
        return Err(StaffError::Invalid(format!(
            "{} is disabled already; nothing was changed",
            account.login
        )));
    }
    if account.is_admin() {
        keep_an_admin(desk, &account).await?;
    }
    let change = AccountChange::Disabled {
        login: account.login.clone(),
    };
    change_account(desk, by, &account, change, now).await
}
