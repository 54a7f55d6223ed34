//! Checking the history: every case's events and the account audit log are chains of links the store made
//! under its audit key ([`csirt_store::chain`]). A check names the chain and the first event that is not as
//! it was written.

use csirt_domain::tracking::TrackingCode;
use csirt_store::ChainOf;
use serde::Serialize;

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
            None => format!("{}: {} event(s), intact", self.chain, self.events),
            Some(problem) => format!("{}: BROKEN: {problem}", self.chain),
        }
    }
}

/// Checks one chain.
pub async fn verify_chain(desk: &Desk, of: &ChainOf) -> Result<ChainReport, StaffError> {
    let chain = match of {
        ChainOf::Case(code) => code.to_string(),
        ChainOf::Accounts => "accounts".to_owned(),
    };
    let (rows, _) = desk.cases.chain_rows(of).await?;
    let verdict = desk.cases.verify_chain(of).await?;
    Ok(ChainReport {
        chain,
        events: rows.len() as u64,
        intact: verdict.is_ok(),
        first_bad_event: verdict.as_ref().err().map(|b| b.seq()),
        problem: verdict.err().map(|b| b.to_string()),
    })
}

/// Checks the chain of case `code`.
pub async fn verify_case(desk: &Desk, code: &TrackingCode) -> Result<ChainReport, StaffError> {
    verify_chain(desk, &ChainOf::Case(code.clone())).await
}

/// Checks every chain: the account audit log, then every case's.
pub async fn verify_everything(desk: &Desk) -> Result<Vec<ChainReport>, StaffError> {
    let mut reports = vec![verify_chain(desk, &ChainOf::Accounts).await?];
    for case in every_case(desk).await? {
        reports.push(verify_case(desk, &case.code).await?);
    }
    Ok(reports)
}
