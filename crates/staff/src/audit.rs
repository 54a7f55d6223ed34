//! Checking the history: every case's events and the account audit log are chains of links the store made
//! under its audit key ([`csirt_store::chain`]). A check names the chain and the first event that is not as
//! it was written. The accounts themselves are checked against the log: roles, bindings and disabling that the
//! log does not record were written around the staff library.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use csirt_domain::account::{AccountChange, AuditEntry, Role};
use csirt_domain::case::PrivacyAction;
use csirt_domain::tracking::TrackingCode;
use csirt_store::ChainOf;
use serde::Serialize;

use crate::accounts::Staffer;
use crate::cases::every_case;
use crate::desk::Desk;
use crate::error::StaffError;

/// How one chain stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// Which chain: a tracking code, or `accounts` for the account audit log.
    pub chain: String,
    /// Events in it as stored.
    pub events: u64,
    /// The events whose text was redacted at the reporter's request, under a seal of the redaction (a redacted
    /// event is intact: its seal vouches for it, and a later event of the case records the redaction).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redacted: Vec<u64>,
    /// Whether every event is as it was written.
    pub intact: bool,
    /// The first event that is not, when one is not.
    pub first_bad_event: Option<u64>,
    /// What is wrong there.
    pub problem: Option<String>,
}

impl ChainReport {
    /// The report in one line: `TGL-…: 7 events, intact` or `TGL-…: event 3 was altered …`.
    pub fn line(&self) -> String {
        match &self.problem {
            None if self.redacted.is_empty() => {
                format!("{}: {} event(s), intact", self.chain, self.events)
            }
            None => format!(
                "{}: {} event(s), intact ({} redacted at the reporter's request)",
                self.chain,
                self.events,
                self.redacted.len()
            ),
            Some(problem) => format!("{}: BROKEN: {problem}", self.chain),
        }
    }
}

/// Records in the account audit log that `staffer` took the privacy `action` on the cases `codes` at `at`: the
/// action and the tracking codes only — never the reporter's data, nor what a search looked for.
pub async fn record_privacy_action(
    desk: &Desk,
    staffer: &Staffer,
    action: PrivacyAction,
    codes: &[&TrackingCode],
    at: DateTime<Utc>,
) -> Result<(), StaffError> {
    let cases: Vec<String> = codes.iter().map(|code| code.to_string()).collect();
    let entry = AuditEntry {
        at,
        actor: staffer.actor(),
        change: AccountChange::ReporterData {
            operation: action,
            cases: cases.join(", "),
        },
    };
    desk.cases.record_account(None, entry).await?;
    Ok(())
}

/// Checks one chain.
pub async fn verify_chain(desk: &Desk, of: &ChainOf) -> Result<ChainReport, StaffError> {
    let chain = match of {
        ChainOf::Case(code) => code.to_string(),
        ChainOf::Accounts => "accounts".to_owned(),
    };
    let checked = desk.cases.check_chain_redactions(of).await?;
    let (events, verdict) = (checked.events, checked.verdict);
    Ok(ChainReport {
        chain,
        events,
        redacted: checked.redacted,
        intact: verdict.is_ok(),
        first_bad_event: verdict.as_ref().err().map(|b| b.seq()),
        problem: verdict.err().map(|b| b.to_string()),
    })
}

/// Checks the chain of case `code`.
pub async fn verify_case(desk: &Desk, code: &TrackingCode) -> Result<ChainReport, StaffError> {
    verify_chain(desk, &ChainOf::Case(code.clone())).await
}

/// Checks every chain: the account audit log, the accounts against it, then every case's events. The cases are
/// found both through the state index and through the events themselves, so a case record changed to hide a
/// case, or removed while its events stayed, is reported too.
pub async fn verify_everything(desk: &Desk) -> Result<Vec<ChainReport>, StaffError> {
    let mut reports = vec![
        verify_chain(desk, &ChainOf::Accounts).await?,
        verify_accounts(desk).await?,
    ];
    let mut codes: BTreeMap<String, TrackingCode> = every_case(desk)
        .await?
        .into_iter()
        .map(|case| (case.code.key().to_owned(), case.code))
        .collect();
    for key in desk.cases.chained_cases().await? {
        if let (false, Ok(code)) = (codes.contains_key(&key), TrackingCode::parse(&key)) {
            codes.insert(key, code);
        }
    }
    for code in codes.values() {
        reports.push(match verify_case(desk, code).await {
            Err(StaffError::NoSuchCase(_)) => ChainReport {
                chain: code.to_string(),
                events: 0,
                redacted: Vec::new(),
                intact: false,
                first_bad_event: None,
                problem: Some("its events are stored but its case record is gone".into()),
            },
            other => other?,
        });
    }
    Ok(reports)
}

/// What the account audit log says an account should be.
#[derive(Debug, Default, PartialEq, Eq)]
struct Recorded {
    roles: BTreeSet<Role>,
    os_user: Option<String>,
    iam_arn: Option<String>,
    disabled: bool,
}

/// Checks every stored account against the account audit log: its roles, bindings and whether it is disabled
/// must be what the log's entries make of it.
pub async fn verify_accounts(desk: &Desk) -> Result<ChainReport, StaffError> {
    let mut recorded: BTreeMap<String, Recorded> = BTreeMap::new();
    for event in desk.cases.audit_log().await? {
        match event.change {
            AccountChange::Created {
                login,
                roles,
                os_user,
                iam_arn,
                ..
            } => {
                recorded.insert(
                    login.to_string(),
                    Recorded {
                        roles: roles.into_iter().collect(),
                        os_user,
                        iam_arn,
                        disabled: false,
                    },
                );
            }
            AccountChange::RoleGranted { login, role } => {
                recorded
                    .entry(login.to_string())
                    .or_default()
                    .roles
                    .insert(role);
            }
            AccountChange::RoleRevoked { login, role } => {
                recorded
                    .entry(login.to_string())
                    .or_default()
                    .roles
                    .remove(&role);
            }
            AccountChange::Disabled { login } => {
                recorded.entry(login.to_string()).or_default().disabled = true;
            }
            _ => {}
        }
    }
    let accounts = desk.cases.accounts().await?;
    let mut problems = Vec::new();
    for account in &accounts {
        let login = account.login.to_string();
        let stored = Recorded {
            roles: account.roles.clone(),
            os_user: account.os_user.clone(),
            iam_arn: account.iam_arn.clone(),
            disabled: account.disabled,
        };
        match recorded.remove(&login) {
            None => problems.push(format!("account {login} was never created through the log")),
            Some(logged) if logged != stored => problems.push(format!(
                "account {login} is not what its log makes it (roles, binding or disabling changed outside it)"
            )),
            Some(_) => {}
        }
    }
    for login in recorded.keys() {
        problems.push(format!(
            "account {login} of the log is missing from the store"
        ));
    }
    Ok(ChainReport {
        chain: "account records".into(),
        events: accounts.len() as u64,
        redacted: Vec::new(),
        intact: problems.is_empty(),
        first_bad_event: None,
        problem: (!problems.is_empty()).then(|| problems.join("; ")),
    })
}
