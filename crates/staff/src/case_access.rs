//! What an account may read of a case beyond the report itself: the reporter's contact details, only for the
//! roles that contact the reporter or send the reporter's contact on to a partner; and the case's evidence
//! files, found by their hash among the case's own.

use csirt_domain::case::{Case, EvidenceRef};
use csirt_domain::report::ReporterKind;
use csirt_domain::tracking::TrackingCode;
use serde::Serialize;

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;
use crate::error::StaffError;

/// The actions whose holders see the reporter's contact details: recording a report and verifying it (they
/// talk to the reporter), escalating (BSSN's minimum includes the reporter's contact) and sending the
/// procedure's notices.
pub const CONTACT_ACTIONS: [&str; 5] = [
    "record",
    "start_verification",
    "verify",
    "escalate",
    "notify",
];

/// Whether `staffer` sees reporters' contact details: the team's SOP gives one of its roles one of the
/// [`CONTACT_ACTIONS`].
pub fn sees_reporter_contact(desk: &Desk, staffer: &Staffer) -> bool {
    CONTACT_ACTIONS
        .iter()
        .any(|action| authorize(desk, staffer, action).is_ok())
}

/// The reporter's contact details as staff read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReporterContact {
    /// Name or the alias they want to be contacted under.
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// The organisation they report for.
    pub organisation: Option<String>,
    /// Who they are.
    pub kind: ReporterKind,
}

/// The contact details of the reporter of `case`, when `staffer` may see them (see
/// [`sees_reporter_contact`]); `None` otherwise.
pub fn reporter_contact(desk: &Desk, staffer: &Staffer, case: &Case) -> Option<ReporterContact> {
    if !sees_reporter_contact(desk, staffer) {
        return None;
    }
    let reporter = &case.report.reporter;
    Some(ReporterContact {
        name: reporter.name.as_ref().map(|n| n.as_str().to_owned()),
        email: reporter.email.as_ref().map(|e| e.as_str().to_owned()),
        phone: reporter.phone.as_ref().map(|p| p.as_str().to_owned()),
        organisation: reporter
            .organisation
            .as_ref()
            .map(|o| o.as_str().to_owned()),
        kind: reporter.kind,
    })
}

/// The file of case `code` whose SHA-256 is `sha256` — evidence, a file sent either way on the thread, or a
/// document kept for the reporter: its reference on the case and its content. `None` when the case names no file
/// with that hash, or the store no longer holds it.
pub async fn evidence_file(
    desk: &Desk,
    code: &TrackingCode,
    sha256: &str,
) -> Result<Option<(EvidenceRef, Vec<u8>)>, StaffError> {
    let case = desk
        .cases
        .get(code)
        .await?
        .ok_or_else(|| StaffError::NoSuchCase(code.to_string()))?;
    let wanted = sha256.to_ascii_lowercase();
    let Some(reference) = case.holds_file(&wanted).cloned() else {
        return Ok(None);
    };
    let bytes = desk.evidence.get(code.key(), &reference.sha256).await?;
    Ok(bytes.map(|bytes| (reference, bytes)))
}
