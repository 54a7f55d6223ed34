//! Filing a new report: its evidence, then its case under a fresh tracking code, in that order, so that a case
//! never names evidence that is not stored. The intake function files reports from the form and the API; staff
//! file those that came by e-mail, letter or telephone.

use chrono::{DateTime, Datelike, FixedOffset, Utc};

use crate::evidence::EvidenceStore;
use crate::{CaseStore, Idempotency, StoreError, Submitted};
use csirt_domain::case::{Actor, Case};
use csirt_domain::channel::Channel;
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::register::{RegisterNumber, register_sequence};
use csirt_domain::report::Report;
use csirt_domain::tracking::{TrackingCode, TrackingPrefix};

/// How many fresh codes are drawn before giving up on collisions (each is 55 random bits: a second draw is
/// already a sign that something is wrong).
const CODE_ATTEMPTS: usize = 3;

/// A report to file.
#[derive(Debug)]
pub struct Filing<'a> {
    /// The parsed report.
    pub report: Report,
    /// Its evidence files, checked.
    pub files: &'a [EvidenceFile],
    /// How it came in.
    pub channel: Channel,
    /// Who files it: the reporter through the form, or a member of staff.
    pub actor: Actor,
    /// The client's idempotency record, when it sent one.
    pub idempotency: Option<&'a Idempotency>,
    /// When it arrived.
    pub at: DateTime<Utc>,
    /// The team's UTC offset: the case's register number counts in the year `at` falls in there.
    pub local_offset: FixedOffset,
}

/// What [`file_report`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    /// A new case was stored.
    New(Box<Case>),
    /// The same submission was filed before under this code; nothing was written now.
    Repeated(TrackingCode),
}

impl Filed {
    /// The code the reporter holds.
    pub fn code(&self) -> &TrackingCode {
        match self {
            Filed::New(case) => &case.code,
            Filed::Repeated(code) => code,
        }
    }
}

/// Stores the evidence, then the case with its first event under a fresh code with `prefix` and the next register
/// number of its year (drawn once, before the code: a collision does not skip a number, a repeated submission
/// does). Returns only once both are durable. A collision of codes draws a new one; anything else the store refuses is returned as is
/// ([`StoreError::IdempotencyMismatch`], [`StoreError::Unavailable`], …) and nothing is acknowledged.
pub async fn file_report(
    cases: &dyn CaseStore,
    evidence: &dyn EvidenceStore,
    prefix: &TrackingPrefix,
    filing: Filing<'_>,
) -> Result<Filed, StoreError> {
    let references: Vec<_> = filing.files.iter().map(EvidenceFile::reference).collect();
    let year = filing.at.with_timezone(&filing.local_offset).year();
    let count = cases.next_in_sequence(&register_sequence(year)).await?;
    let register = RegisterNumber::new(year, count);
    let mut last_code = String::new();
    for _ in 0..CODE_ATTEMPTS {
        let code = TrackingCode::generate(prefix).map_err(|e| {
            StoreError::Unavailable(format!("no randomness for a tracking code: {e}"))
        })?;
        for file in filing.files {
            evidence.put(code.key(), file).await?;
        }
        let (mut case, event) = Case::receive(
            code,
            filing.report.clone(),
            filing.channel,
            references.clone(),
            filing.actor.clone(),
            filing.at,
        );
        case.register = register;
        match cases
            .submit(&case, &event, filing.idempotency, filing.at)
            .await
        {
            Ok(Submitted::New) => return Ok(Filed::New(Box::new(case))),
            Ok(Submitted::Repeated(code)) => return Ok(Filed::Repeated(code)),
            Err(StoreError::DuplicateCode(code)) => last_code = code,
            Err(error) => return Err(error),
        }
    }
    Err(StoreError::DuplicateCode(last_code))
}
