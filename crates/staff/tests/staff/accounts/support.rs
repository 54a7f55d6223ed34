//! A desk on each store, accounts made through the library, and sign-in as they would at the console.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use csirt_domain::team::{Procedure, TeamFile};
use csirt_staff::Desk;
use csirt_staff::accounts::{Added, NewAccount, SignInAttempt, Staffer, add_account, sign_in};
use csirt_staff::credentials::{OneTimeToken, Password, TotpSecret};
use csirt_store::evidence::DirectoryEvidence;
use csirt_store::{CaseStore, DynamoStore, SqliteStore};
use csirt_test_kit::aws::{create_table, dynamodb_client, moto_endpoint, unique_name};
use csirt_test_kit::paths::team_file;

/// The password every test account has.
pub const PASSWORD: &str = "kata-sandi-yang-panjang-sekali";

/// A SQLite store in a temporary directory.
pub fn sqlite() -> (Arc<dyn CaseStore>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("data")).unwrap();
    (Arc::new(store), dir)
}

/// A DynamoDB store on a new table of moto's server.
pub async fn dynamodb() -> Arc<dyn CaseStore> {
    let client = dynamodb_client(&moto_endpoint());
    let table = unique_name("staff");
    create_table(&client, &table).await;
    Arc::new(DynamoStore::new(client, table))
}

/// A desk on `store` for the team of the shipped team file, running the `profile` procedure.
pub fn desk(store: &Arc<dyn CaseStore>, profile: &str) -> Desk {
    let mut team = TeamFile::load(&team_file()).unwrap();
    team.procedure = Procedure::builtin(profile).unwrap();
    let evidence = tempfile::tempdir().unwrap().keep();
    Desk::new(
        team,
        Arc::clone(store),
        Arc::new(DirectoryEvidence::open(evidence).unwrap()),
    )
}

/// A fixed instant plus `minutes`.
pub fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

/// An account with `roles`, a password and a TOTP authenticator, added by `by` (none for the first).
pub async fn add(desk: &Desk, by: Option<&Staffer>, login: &str, roles: &[&str]) -> Added {
    let new = NewAccount {
        login: login.to_owned(),
        name: format!("Petugas {login}"),
        email: None,
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        os_user: Some(format!("os-{login}")),
        iam_arn: None,
        password: Some(Password::new(PASSWORD.to_owned()).unwrap()),
        totp: true,
    };
    add_account(desk, by, &new, at(0)).await.unwrap()
}

/// The TOTP code of `secret` at `at`.
pub fn code(secret: &TotpSecret, at: DateTime<Utc>) -> String {
    secret.code_at(u64::try_from(at.timestamp()).unwrap())
}

/// Signs `login` in at `at` with the right password and code.
pub async fn signed_in(
    desk: &Desk,
    login: &str,
    secret: &TotpSecret,
    at: DateTime<Utc>,
) -> (Staffer, OneTimeToken) {
    let code = code(secret, at);
    let attempt = SignInAttempt {
        login,
        password: PASSWORD,
        totp: &code,
        client: "192.0.2.10",
    };
    sign_in(desk, &attempt, at).await.unwrap()
}
