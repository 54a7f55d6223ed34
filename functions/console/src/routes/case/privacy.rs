//! The case page's section on the reporter's rights (UU 27/2022), for the accounts whose roles the SOP gives one
//! of them ([`permitted_actions`]): the access export to download, the form to correct one of the reporter's
//! fields (shown again with its errors when refused), and the ways to the confirmation pages of a redaction (with
//! the choice to keep the reporter's files) and an erasure. The forms post to the privacy routes, which call the
//! library.

use csirt_domain::case::{Case, PrivacyAction, ReporterField};
use csirt_staff::privacy::permitted_actions;
use serde::Serialize;

use super::Labels;
use crate::routes::queue::local_time;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// A correction that was sent and not made: what was chosen and typed, and why not, each beside its field.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Correction<'a> {
    /// The field chosen, as sent.
    pub field: &'a str,
    /// The value typed.
    pub value: &'a str,
    /// Why the field choice was refused.
    pub field_error: Option<&'a str>,
    /// Why the value was refused.
    pub value_error: Option<&'a str>,
    /// Why the case refused the correction (redacted, nothing changes).
    pub refused: Option<&'a str>,
}

/// What was just done, for the section's notice.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PrivacyDone<'a> {
    /// A field corrected (its short key).
    Corrected(&'a str),
    /// The reporter's data redacted; whether the site must be republished.
    Redacted {
        /// The reporter's alias was in the Hall of Fame.
        republish: bool,
    },
}

/// One of the reporter's fields, as the correction form offers it.
#[derive(Debug, Serialize)]
struct FieldChoice {
    value: &'static str,
    label: String,
}

/// The correction form: empty, or as shown again after a refusal (`shown`).
#[derive(Debug, Default, Serialize)]
struct CorrectionView {
    shown: bool,
    field: String,
    value: String,
    field_error: Option<String>,
    value_error: Option<String>,
    refused: Option<String>,
}

/// The section on the case page.
#[derive(Debug, Serialize)]
pub struct PrivacyView {
    /// Whether the account may do any of it (else the section is not shown).
    any: bool,
    export: bool,
    correct: bool,
    redact: bool,
    erase: bool,
    fields: Vec<FieldChoice>,
    correction: CorrectionView,
    /// When the reporter's data was redacted, in the team's time.
    redacted: Option<String>,
    notice: Option<String>,
    republish: bool,
}

impl PrivacyView {
    /// The section of `case` for `signed_in`, with a refused correction and what was just done.
    pub fn of(
        state: &ConsoleState,
        labels: &Labels<'_>,
        signed_in: &SignedIn,
        case: &Case,
        correction: Option<Correction<'_>>,
        done: Option<PrivacyDone<'_>>,
    ) -> PrivacyView {
        let permitted = permitted_actions(&state.desk, &signed_in.staffer);
        let may = |action: PrivacyAction| permitted.contains(&action);
        let (export, correct) = (
            may(PrivacyAction::AccessExport),
            may(PrivacyAction::CorrectReporter),
        );
        let (redact, erase) = (
            may(PrivacyAction::RedactReporter),
            may(PrivacyAction::EraseCase),
        );
        let field_label =
            |field: ReporterField| labels.text(&format!("privacy_field_{}", field.key()));
        let notice = done.and_then(|done| match done {
            PrivacyDone::Corrected(key) => ReporterField::parse(key).map(|field| {
                labels
                    .text("privacy_done_corrected")
                    .replace("{field}", &field_label(field))
            }),
            PrivacyDone::Redacted { .. } => Some(labels.text("privacy_done_redacted")),
        });
        PrivacyView {
            any: export || correct || redact || erase,
            export,
            correct,
            redact,
            erase,
            fields: ReporterField::ALL
                .into_iter()
                .map(|field| FieldChoice {
                    value: field.key(),
                    label: field_label(field),
                })
                .collect(),
            correction: correction
                .map(|c| CorrectionView {
                    shown: true,
                    field: c.field.to_owned(),
                    value: c.value.to_owned(),
                    field_error: c.field_error.map(str::to_owned),
                    value_error: c.value_error.map(str::to_owned),
                    refused: c.refused.map(str::to_owned),
                })
                .unwrap_or_default(),
            redacted: case.redacted_at.map(|at| local_time(state, at)),
            notice,
            republish: matches!(done, Some(PrivacyDone::Redacted { republish: true })),
        }
    }
}
