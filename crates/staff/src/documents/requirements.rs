//! What each document needs from the case. A case that lacks it is refused with every gap named at once.

use csirt_domain::case::{Case, DocumentKind, Escalation, Verdict};

use super::error::DocumentError;

/// Checks that `case` has what a document of `kind` needs; for the escalation report, also that the escalation
/// asked for (`escalation`, or the latest when `None`) exists.
pub fn check(
    kind: DocumentKind,
    case: &Case,
    escalation: Option<u32>,
) -> Result<(), DocumentError> {
    let mut missing = Vec::new();
    let valid = case
        .verification
        .as_ref()
        .is_some_and(|v| v.verdict == Verdict::Valid);
    match kind {
        DocumentKind::AnalysisReport => {
            if case.analysis.is_none() {
                missing.push("the analysis and recommendations are not recorded yet".to_owned());
            }
        }
        DocumentKind::EscalationReport => {
            if let Err(gap) = chosen_escalation(case, escalation) {
                missing.push(gap);
            }
        }
        DocumentKind::NotificationLetter => {
            if !valid {
                missing.push("the report has not been verified as valid".to_owned());
            }
            if case.analysis.is_none() && case.mitigation.is_empty() {
                missing.push(
                    "no recommended action: record the analysis and recommendations or plan a mitigation"
                        .to_owned(),
                );
            }
        }
        DocumentKind::CertificateOfAppreciation => {
            if !valid {
                missing.push(
                    "the report has not been verified as valid (a certificate is for a valid report)".to_owned(),
                );
            }
            if case.report.reporter.name.is_none() && case.report.hall_of_fame.alias().is_none() {
                missing.push(
                    "the reporter gave neither a name nor a Hall of Fame alias to print on it"
                        .to_owned(),
                );
            }
        }
        DocumentKind::FinalReport => {
            if case.classification.is_none() {
                missing.push("the case is not classified".to_owned());
            }
            if case.resolution.is_none() {
                missing.push("the case is not resolved (no resolution summary)".to_owned());
            }
        }
        DocumentKind::VerificationReport => {
            if case.verification.is_none() {
                missing.push("the report has not been verified yet (no verdict)".to_owned());
            }
        }
        // Before the verdict it acknowledges the report (Maluku Utara step 1); after, it answers it (step 8).
        DocumentKind::ReplyLetter => {}
        DocumentKind::HeadOfAgencyReport => {
            if case.verification.is_none() {
                missing.push("the report has not been verified yet (no verdict)".to_owned());
            }
            if case.resolution.is_none() && case.closed_at.is_none() {
                missing.push("the case is neither resolved nor closed".to_owned());
            }
        }
    }
    if kind.is_for_system_owner() && case.summary.is_none() {
        missing.push(format!(
            "no incident summary (documents to the system owner carry the team's summary, never the reporter's \
             own words): write one with `csirt case summary {code} --text \"…\"` (or `--file FILE`, or the \
             summary form on the case page), or choose to include the reporter's description with \
             `csirt case summary {code} --include-reporter-description`",
            code = case.code
        ));
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(DocumentError::Incomplete {
            code: case.code.to_string(),
            kind,
            missing,
        })
    }
}

/// The escalation a report is about: number `wanted`, or the latest.
pub fn chosen_escalation(case: &Case, wanted: Option<u32>) -> Result<&Escalation, String> {
    match wanted {
        None => case
            .escalations
            .last()
            .ok_or_else(|| "the case has not been escalated".to_owned()),
        Some(number) => case
            .escalations
            .iter()
            .find(|e| e.id == number)
            .ok_or_else(|| {
                format!(
                    "no escalation {number} (the case has {})",
                    case.escalations.len()
                )
            }),
    }
}
