//! Who runs `csirt`: the operating-system user on a self-hosted server, the IAM identity on AWS. Neither is typed
//! in: the first comes from the kernel, the second from AWS STS.

use csirt_domain::account::{Account, SignInMethod};

use super::Staffer;
use crate::desk::Desk;
use crate::error::StaffError;

/// The identity this process runs under. Only [`Identity::os_user`] and [`Identity::iam_caller`] make one, so
/// nobody can claim an identity by naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity(Kind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// An operating-system user, by name.
    OsUser(String),
    /// An IAM identity, by ARN (`sts:GetCallerIdentity`).
    Iam(String),
}

impl Identity {
    /// The operating-system user this process runs as (its real user id, not the environment's `USER`).
    pub fn os_user() -> Result<Identity, StaffError> {
        let uid = nix::unistd::getuid();
        match nix::unistd::User::from_uid(uid) {
            Ok(Some(user)) => Ok(Identity(Kind::OsUser(user.name))),
            Ok(None) => Err(StaffError::Unavailable(format!(
                "user id {uid} has no name in the user database; csirt acts as a named operating-system user"
            ))),
            Err(e) => Err(StaffError::Unavailable(format!(
                "cannot read the user database for user id {uid}: {e}"
            ))),
        }
    }

    /// The IAM identity the AWS environment's credentials belong to.
    pub async fn iam_caller() -> Result<Identity, StaffError> {
        csirt_store::identity::caller_arn()
            .await
            .map(|arn| Identity(Kind::Iam(arn)))
            .map_err(StaffError::from)
    }

    fn matches(&self, account: &Account) -> bool {
        match &self.0 {
            Kind::OsUser(name) => account.os_user.as_deref() == Some(name.as_str()),
            Kind::Iam(arn) => account.iam_arn.as_deref() == Some(arn.as_str()),
        }
    }

    /// The identity in words: `operating-system user "ayu"`, `IAM identity arn:aws:…`.
    pub fn describe(&self) -> String {
        match &self.0 {
            Kind::OsUser(name) => format!("operating-system user {name:?}"),
            Kind::Iam(arn) => format!("IAM identity {arn}"),
        }
    }

    fn how_to_bind(&self) -> String {
        match &self.0 {
            Kind::OsUser(name) => {
                format!("csirt staff add LOGIN --name \"…\" --role ROLE --os-user {name}")
            }
            Kind::Iam(arn) => {
                format!("csirt staff add LOGIN --name \"…\" --role ROLE --iam-arn {arn}")
            }
        }
    }
}

/// The enabled account bound to `identity`, as the one acting.
pub async fn act_as(desk: &Desk, identity: &Identity) -> Result<Staffer, StaffError> {
    let accounts = desk.cases.accounts().await?;
    let bound: Vec<&Account> = accounts.iter().filter(|a| identity.matches(a)).collect();
    // A disabled account stays bound (its history names it), but a new one may take the identity over.
    let enabled: Vec<&Account> = bound.iter().copied().filter(|a| !a.disabled).collect();
    let who = identity.describe();
    match (enabled.as_slice(), bound.first()) {
        ([account], _) => Ok(Staffer::new((*account).clone(), SignInMethod::Binding)),
        ([], Some(account)) => Err(StaffError::NoAccount(format!(
            "account {} of {who} is disabled; an admin can tell you why",
            account.login
        ))),
        ([], None) if accounts.is_empty() => Err(StaffError::NoAccount(format!(
            "the store has no staff accounts yet: create the first one, an admin, as {who}: {}",
            identity
                .how_to_bind()
                .replace("--role ROLE", "--role admin --role ROLE")
        ))),
        ([], None) => Err(StaffError::NoAccount(format!(
            "no staff account is bound to {who}: ask an admin to run `{}`",
            identity.how_to_bind()
        ))),
        (several, _) => {
            let logins: Vec<String> = several.iter().map(|a| a.login.to_string()).collect();
            Err(StaffError::NoAccount(format!(
                "{who} is bound to several accounts ({}); an admin must disable all but one",
                logins.join(", ")
            )))
        }
    }
}
