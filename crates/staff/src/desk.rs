//! The staff desk: the team file with its procedure, and the case and evidence stores it works on. Every
//! operation of this library takes a desk; the command and the console each open one.

use std::sync::Arc;

use csirt_domain::case::{Case, Event};
use csirt_domain::team::{Procedure, TeamFile};
use csirt_domain::tracking::TrackingCode;
use csirt_store::CaseStore;
use csirt_store::evidence::EvidenceStore;
use csirt_store::settings::StoreSettings;

use crate::error::StaffError;

/// The team's procedure and stores.
#[derive(Clone)]
pub struct Desk {
    /// The team file, with the SOP profile and calendar it names.
    pub team: Arc<TeamFile>,
    /// The cases.
    pub cases: Arc<dyn CaseStore>,
    /// Their evidence files.
    pub evidence: Arc<dyn EvidenceStore>,
}

impl Desk {
    /// A desk on stores already open.
    pub fn new(
        team: TeamFile,
        cases: Arc<dyn CaseStore>,
        evidence: Arc<dyn EvidenceStore>,
    ) -> Desk {
        Desk {
            team: Arc::new(team),
            cases,
            evidence,
        }
    }

    /// Opens the stores `store` names for the team of `team`.
    pub async fn open(team: TeamFile, store: &StoreSettings) -> Result<Desk, StaffError> {
        let (cases, evidence) = store.open().await?;
        Ok(Desk::new(team, cases, evidence))
    }

    /// The team's procedure: its SOP profile and working calendar.
    pub fn procedure(&self) -> &Procedure {
        &self.team.procedure
    }

    /// The case with this code and its events, oldest first.
    pub async fn case_with_events(
        &self,
        code: &TrackingCode,
    ) -> Result<(Case, Vec<Event>), StaffError> {
        let case = self
            .cases
            .get(code)
            .await?
            .ok_or_else(|| StaffError::NoSuchCase(code.to_string()))?;
        let events = self.cases.events(code).await?;
        Ok((case, events))
    }
}

/// Parses a tracking code as staff typed it, naming it when it is refused (a typo is caught by the check
/// symbol before any lookup).
pub fn tracking_code(raw: &str) -> Result<TrackingCode, StaffError> {
    TrackingCode::parse(raw)
        .map_err(|e| StaffError::Invalid(format!("{raw:?} is not a tracking code: {e}")))
}
