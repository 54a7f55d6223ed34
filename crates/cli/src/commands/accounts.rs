//! `csirt staff …`: staff accounts. Adding, granting, revoking and disabling need an admin (the first account of
//! an empty store excepted, which must be one); listing needs any account. Each change is an entry of the
//! account audit log (`csirt audit log`).

use std::io::BufRead;

use chrono::Utc;
use clap::{Args, Subcommand};
use csirt_domain::account::Account;
use csirt_staff::accounts::{
    ENROLMENT_VALID, NewAccount, Staffer, add_account, disable_account, grant_role,
    reissue_enrolment, revoke_role, revoke_sessions, roles,
};
use csirt_staff::credentials::Password;
use serde_json::json;

use super::staff::{Staff, StaffArgs};
use crate::failure::Failure;

/// `csirt staff`.
#[derive(Debug, Args)]
pub struct AccountArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
    #[command(subcommand)]
    command: AccountCommand,
}

#[derive(Debug, Subcommand)]
enum AccountCommand {
    /// Adds an account and prints its one-time enrolment code (for the console's password and authenticator).
    Add {
        /// The login: 2-32 characters, lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit.
        login: String,
        /// The person's name.
        #[arg(long)]
        name: String,
        /// A role (repeat for several): see `csirt staff roles`.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Their e-mail address.
        #[arg(long)]
        email: Option<String>,
        /// The operating-system user `csirt` acts as this account for (default: the login, unless --iam-arn).
        #[arg(long)]
        os_user: Option<String>,
        /// The IAM identity (as `aws sts get-caller-identity` shows it) `csirt` acts as this account for.
        #[arg(long)]
        iam_arn: Option<String>,
        /// Reads a password from the first line of standard input (for scripts).
        #[arg(long)]
        password_stdin: bool,
        /// Enrols a TOTP authenticator now and prints its `otpauth://` link, one line (for scripts).
        #[arg(long)]
        totp: bool,
    },
    /// Lists the accounts: login, name, roles, binding, state.
    List,
    /// Prints the team's role keys, one per line.
    Roles,
    /// Disables an account: it can no longer act or sign in, and its console sessions end.
    Disable {
        /// The account.
        login: String,
    },
    /// Ends every console session of an account (a lost laptop, a session thought stolen).
    SignOut {
        /// The account.
        login: String,
    },
    /// Grants a role.
    Grant {
        /// The account.
        login: String,
        /// The role.
        role: String,
    },
    /// Revokes a role.
    Revoke {
        /// The account.
        login: String,
        /// The role.
        role: String,
    },
    /// Issues a new one-time enrolment code (a lost authenticator or password).
    Enrolment {
        /// The account.
        login: String,
    },
}

/// Runs `csirt staff …`.
pub fn run(args: &AccountArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    let now = Utc::now();
    match &args.command {
        AccountCommand::Roles => {
            let roles = roles(&staff.desk);
            staff.print(&roles, || {
                let keys: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
                keys.join("\n")
            })
        }
        AccountCommand::List => {
            staff.staffer()?;
            let accounts = staff.run(staff.desk.cases.accounts())?;
            staff.print(&listing(&accounts), || {
                accounts.iter().map(line).collect::<Vec<_>>().join("\n")
            })
        }
        AccountCommand::Add {
            login,
            name,
            roles,
            email,
            os_user,
            iam_arn,
            password_stdin,
            totp,
        } => {
            let password = if *password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            let new = NewAccount {
                login: login.clone(),
                name: name.clone(),
                email: email.clone(),
                roles: roles.clone(),
                os_user: os_user.clone(),
                iam_arn: iam_arn.clone(),
                password,
                totp: *totp,
            };
            let by = acting_admin(&staff)?;
            let added = staff.run(add_account(&staff.desk, by.as_ref(), &new, now))?;
            let issuer = &staff.desk.procedure().profile.csirt.name;
            let otpauth = added
                .totp
                .as_ref()
                .map(|secret| secret.otpauth_url(issuer, added.account.login.as_str()));
            let code = added.enrolment.as_ref().map(|code| code.as_str());
            let enrolment = code.map(|code| enrolment_text(&staff, code));
            if let Some(otpauth) = &otpauth {
                // Scripts read the one line on standard output; people read the rest.
                eprintln!("{}", line(&added.account));
                if let Some(enrolment) = &enrolment {
                    eprintln!("{enrolment}");
                }
                println!("{otpauth}");
                return Ok(());
            }
            staff.print(
                &json!({
                    "account": summary(&added.account),
                    "enrolment_code": code,
                }),
                || match &enrolment {
                    Some(enrolment) => format!("{}\n{enrolment}", line(&added.account)),
                    None => line(&added.account),
                },
            )
        }
        AccountCommand::Disable { login } => {
            let by = staff.staffer()?;
            let account = staff.run(disable_account(&staff.desk, &by, login, now))?;
            staff.print(&summary(&account), || format!("{} disabled", account.login))
        }
        AccountCommand::SignOut { login } => {
            let by = staff.staffer()?;
            let account = staff.run(revoke_sessions(&staff.desk, &by, login, now))?;
            staff.print(&summary(&account), || {
                format!("{}: every console session ended", account.login)
            })
        }
        AccountCommand::Grant { login, role } => {
            let by = staff.staffer()?;
            let account = staff.run(grant_role(&staff.desk, &by, login, role, now))?;
            staff.print(&summary(&account), || line(&account))
        }
        AccountCommand::Revoke { login, role } => {
            let by = staff.staffer()?;
            let account = staff.run(revoke_role(&staff.desk, &by, login, role, now))?;
            staff.print(&summary(&account), || line(&account))
        }
        AccountCommand::Enrolment { login } => {
            let by = staff.staffer()?;
            let code = staff.run(reissue_enrolment(&staff.desk, &by, login, now))?;
            staff.print(&json!({ "enrolment_code": code.as_str() }), || {
                enrolment_text(&staff, code.as_str())
            })
        }
    }
}

/// The admin acting, or none when the store has no accounts yet (the first account is its own).
fn acting_admin(staff: &Staff) -> Result<Option<Staffer>, Failure> {
    match staff.staffer() {
        Ok(staffer) => Ok(Some(staffer)),
        Err(error) => {
            let accounts = staff.run(staff.desk.cases.accounts())?;
            if accounts.is_empty() {
                Ok(None)
            } else {
                Err(error)
            }
        }
    }
}

fn read_password() -> Result<Password, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        Failure::usage(format!("--password-stdin: cannot read standard input: {e}"))
    })?;
    let line = line.trim_end_matches(['\n', '\r']).to_owned();
    Password::new(line).map_err(|e| Failure::usage(format!("--password-stdin: {e}")))
}

fn enrolment_text(staff: &Staff, code: &str) -> String {
    format!(
        "enrolment code (shown once, valid {} hours): {code}\nthe holder sets a password and an authenticator \
         at {}/staff/enrol?code={code}",
        ENROLMENT_VALID.num_hours(),
        staff.desk.team.config.base_url
    )
}

/// What is shown of an account (never its secrets).
fn summary(account: &Account) -> serde_json::Value {
    json!({
        "login": account.login,
        "name": account.name,
        "email": account.email.as_ref().map(|e| e.as_str()),
        "roles": account.roles,
        "os_user": account.os_user,
        "iam_arn": account.iam_arn,
        "disabled": account.disabled,
        "password_set": account.secrets.password_hash.is_some(),
        "totp_enrolled": account.secrets.totp_secret.is_some(),
        "created_at": account.created_at,
    })
}

fn listing(accounts: &[Account]) -> Vec<serde_json::Value> {
    accounts.iter().map(summary).collect()
}

fn line(account: &Account) -> String {
    let binding = match (&account.os_user, &account.iam_arn) {
        (Some(user), Some(arn)) => format!("os:{user} iam:{arn}"),
        (Some(user), None) => format!("os:{user}"),
        (None, Some(arn)) => format!("iam:{arn}"),
        (None, None) => "-".to_owned(),
    };
    format!(
        "{:<16} {:<28} {:<32} {}{}",
        account.login,
        account.name.as_str(),
        account.role_list(),
        binding,
        if account.disabled { "  DISABLED" } else { "" }
    )
}
