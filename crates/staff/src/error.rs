//! Why a staff operation failed, typed to the edge: the command turns the [`ErrorKind`] into its exit code, the
//! console into its answer. Every message names what it is about (the case, the option or field, the file).

use std::path::{Path, PathBuf};

use csirt_domain::case::{UnknownStep, WorkflowError};
use csirt_domain::field_error::FieldErrors;
use csirt_domain::lang::Lang;
use csirt_domain::sop::StepCompletionError;
use csirt_domain::team::TeamFileError;
use csirt_store::StoreError;

use crate::documents::DocumentError;

/// What kind of failure: what a caller can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The request itself is wrong (an option or field value); nothing was written.
    Invalid,
    /// The procedure refuses it: the case's state, or a rule of the SOP (a document's requirements).
    Refused,
    /// No such case or document.
    NotFound,
    /// The store or a service could not be reached; nothing was written.
    Unavailable,
    /// Anything else: a broken team file or template, a file that cannot be written, stored data that cannot
    /// be read, a write that lost a race.
    Failed,
}

/// A staff operation that did not happen.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// An option or field value that cannot be used, named.
    #[error("{0}")]
    Invalid(String),
    /// An assignment to a step the team's SOP profile does not have; nothing was written.
    #[error(transparent)]
    UnknownStep(#[from] UnknownStep),
    /// A step that cannot be marked done (unknown, not clocked, of another state, or done already); nothing was
    /// written.
    #[error(transparent)]
    StepNotCompletable(#[from] StepCompletionError),
    /// A message to the reporter names e-mail addresses or telephone numbers its writer did not confirm; nothing
    /// was written.
    #[error(
        "the message names {}: whoever holds the tracking code reads the thread, so confirm that this may be \
         shown (--confirm-personal-data, or the console's confirmation) or take it out; nothing was written",
        .0.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(", ")
    )]
    PersonalDataUnconfirmed(Vec<crate::thread::Spotted>),
    /// Values that do not parse, each refused by its field (the intake's name for it, in both languages, so
    /// that a form can say so beside the field); nothing was written.
    #[error("{what}: {}", field_problems(.errors))]
    Fields {
        /// What was not done, e.g. `the correction of case BALI-… was not made`.
        what: String,
        /// Why, field by field.
        errors: FieldErrors,
    },
    /// A report whose fields do not parse; nothing was recorded.
    #[error("the report was not recorded:\n{}", report_problems(.0))]
    Report(FieldErrors),
    /// The workflow refused the change.
    #[error(transparent)]
    Refused(#[from] WorkflowError),
    /// No case has this tracking code.
    #[error("no case has tracking code {0}")]
    NoSuchCase(String),

    /// No case has this register number.
    #[error("no case has register number {0}")]
    NoSuchRegister(csirt_domain::register::RegisterNumber),
    /// The acting account does not hold a role the SOP gives the action; nothing was written.
    #[error(
        "{login} may not {what}: the procedure gives `{action}` to {} only, and {login} holds {held}; \
         nothing was written",
        .allowed.join(", ")
    )]
    NotPermitted {
        /// The acting account.
        login: String,
        /// The action's `[permissions]` key.
        action: String,
        /// What the action does, in words.
        what: String,
        /// The roles that may take it.
        allowed: Vec<String>,
        /// The roles the account holds.
        held: String,
    },
    /// Nobody may act: no enabled account is bound to whoever runs this, named with how to get one.
    #[error("{0}")]
    NoAccount(String),
    /// A sign-in, enrolment or session was refused; the message says what a person may be told.
    #[error("{0}")]
    SignInRefused(String),
    /// No account has this login.
    #[error("no account has login {0} (see `csirt staff list`)")]
    NoSuchAccount(String),
    /// The store failed or refused.
    #[error(transparent)]
    Store(StoreError),
    /// A document could not be made.
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// A document's record could not be written on its case: its files were removed, its number left unused.
    #[error("{cause} (number {number} was not used; the files were removed)")]
    DocumentNotRecorded {
        /// The number drawn for it.
        number: String,
        /// Why the case did not take the record.
        cause: Box<StaffError>,
    },
    /// The document was issued and recorded, but its public verification entry could not be filed.
    #[error(
        "document {number} was issued and recorded on the case, but its verification entry could not be filed \
         ({cause}): the verification page will not find it"
    )]
    CheckNotFiled {
        /// The document's number.
        number: String,
        /// What the store said.
        cause: StoreError,
    },
    /// The profile has documents of this kind drafted, submitted for approval and signed, not issued at once.
    #[error(
        "{kind}: the team's SOP has this document drafted, submitted for approval and signed by the signatory \
         (csirt case document {code} draft {key}), not issued at once"
    )]
    NeedsApproval {
        /// The document kind's name.
        kind: String,
        /// The case.
        code: String,
        /// The kind as commands take it.
        key: String,
    },
    /// A purge stopped at a case: the cases before it were purged; purging again finishes the work.
    #[error(
        "the purge stopped at case {code} ({cause}); {done} case(s) before it were purged: run the purge again \
         to finish"
    )]
    PurgeCutShort {
        /// The case it stopped at.
        code: String,
        /// How many cases were purged before it.
        done: usize,
        /// What failed there.
        cause: Box<StaffError>,
    },
    /// The team file cannot be used.
    #[error(transparent)]
    Team(#[from] TeamFileError),
    /// A file could not be read or written.
    #[error("{}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A service other than the store (the site's bucket, Chromium) failed; nothing was written to the store.
    #[error("{0}")]
    Unavailable(String),
}

/// Every problem of a set of fields on one line, in English: `reporter_email: Not a valid …; reporter_phone: …`.
pub(crate) fn field_problems(errors: &FieldErrors) -> String {
    let problems: Vec<String> = errors
        .in_language(Lang::En)
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect();
    problems.join("; ")
}

/// Every problem of a report, one per line, named by field.
fn report_problems(errors: &FieldErrors) -> String {
    let lines: Vec<String> = errors
        .in_language(Lang::En)
        .iter()
        .map(|(field, message)| format!("  {field}: {message}"))
        .collect();
    lines.join("\n")
}

impl From<StoreError> for StaffError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(code) => StaffError::NoSuchCase(code),
            other => StaffError::Store(other),
        }
    }
}

impl StaffError {
    /// A file that could not be read or written.
    pub fn file(path: &Path, error: impl std::fmt::Display) -> Self {
        StaffError::File {
            path: path.to_owned(),
            message: error.to_string(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            StaffError::Invalid(_)
            | StaffError::Fields { .. }
            | StaffError::UnknownStep(_)
            | StaffError::Report(_)
            | StaffError::PersonalDataUnconfirmed(_) => ErrorKind::Invalid,
            StaffError::DocumentNotRecorded { cause, .. }
            | StaffError::PurgeCutShort { cause, .. } => cause.kind(),
            StaffError::Refused(_)
            | StaffError::StepNotCompletable(_)
            | StaffError::NotPermitted { .. }
            | StaffError::NeedsApproval { .. }
            | StaffError::NoAccount(_)
            | StaffError::SignInRefused(_) => ErrorKind::Refused,
            StaffError::NoSuchCase(_)
            | StaffError::NoSuchRegister(_)
            | StaffError::NoSuchAccount(_) => ErrorKind::NotFound,
            StaffError::Store(StoreError::AccountExists(_)) => ErrorKind::Invalid,
            StaffError::Store(StoreError::Unavailable(_))
            | StaffError::Unavailable(_)
            | StaffError::CheckNotFiled { .. } => ErrorKind::Unavailable,
            StaffError::Store(StoreError::NotFound(_)) => ErrorKind::NotFound,
            StaffError::Document(DocumentError::Incomplete { .. }) => ErrorKind::Refused,
            StaffError::Document(DocumentError::Print { .. }) => ErrorKind::Unavailable,
            StaffError::Store(_)
            | StaffError::Document(_)
            | StaffError::Team(_)
            | StaffError::File { .. } => ErrorKind::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use csirt_domain::state::CaseState;

    #[test]
    fn kinds_follow_what_happened() {
        let refused = StaffError::from(WorkflowError::IllegalTransition {
            code: "TGL-X".into(),
            from: CaseState::Received,
            to: CaseState::Closed,
            allowed: vec![CaseState::Verifying],
        });
        assert_eq!(refused.kind(), ErrorKind::Refused);
        assert_eq!(
            StaffError::from(StoreError::NotFound("TGL-X".into())).kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            StaffError::from(StoreError::Unavailable("down".into())).kind(),
            ErrorKind::Unavailable
        );
        assert_eq!(
            StaffError::from(StoreError::Conflict {
                code: "TGL-X".into(),
                expected: 3
            })
            .kind(),
            ErrorKind::Failed
        );
        assert_eq!(
            StaffError::Invalid("--tlp".into()).kind(),
            ErrorKind::Invalid
        );
    }
}
