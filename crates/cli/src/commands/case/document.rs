//! `csirt case document CODE draft|submit|sign|return|list`: documents the team's SOP has approved and signed
//! before they are issued (the profile's `[documents] approval`). The team drafts (no number) and submits; an
//! account holding the signatory role signs — the number is taken then, the file written, the signer, time,
//! verification code and SHA-256 recorded — or returns the draft. The rules are the staff library's.

use std::path::PathBuf;

use chrono::Utc;
use clap::{Args, Subcommand};
use csirt_domain::case::{DocumentDraft, DocumentKind};
use csirt_domain::text::StaffText;
use csirt_domain::tlp::Tlp;
use csirt_staff::StaffError;
use csirt_staff::accounts::Staffer;
use csirt_staff::desk::tracking_code;
use csirt_staff::documents::{DocumentTemplates, kind_key};
use csirt_staff::signing::{
    DraftRequest, SignRequest, draft_document, return_document, sign_document, submit_document,
};

use super::choices::{self, parser};
use crate::commands::staff::Staff;
use crate::failure::{Failure, parse_optional};

/// `csirt case document`.
#[derive(Debug, Args)]
pub struct DocumentArgs {
    /// The case's tracking code.
    code: String,
    #[command(subcommand)]
    action: DocumentAction,
}

/// What to do with a case's document drafts.
#[derive(Debug, Subcommand)]
enum DocumentAction {
    /// Drafts a document (no number yet) for approval.
    Draft {
        /// Which document.
        #[arg(value_parser = parser::<DocumentKind>(choices::DOCUMENTS))]
        kind: DocumentKind,
        /// For the escalation report: which escalation, by number (default the latest).
        #[arg(long)]
        escalation: Option<u32>,
        /// The document's TLP marking (default as for `csirt case issue`).
        #[arg(long)]
        tlp: Option<String>,
    },
    /// Submits a draft (or a returned one) for approval.
    Submit {
        /// The draft's number on the case (see `list`).
        draft: u32,
    },
    /// Approves and signs a submitted draft: numbered, written, recorded on the case.
    Sign {
        /// The draft's number on the case.
        draft: u32,
        /// Where the document is written (in a directory named after the case).
        #[arg(long, default_value = "documents")]
        output: PathBuf,
        /// Also print it to PDF (needs Chromium).
        #[arg(long)]
        pdf: bool,
    },
    /// Returns a submitted draft for redrafting.
    Return {
        /// The draft's number on the case.
        draft: u32,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Lists the case's drafts and where each stands.
    List,
}

/// Runs `csirt case document`.
pub fn run(staff: &Staff, staffer: &Staffer, args: &DocumentArgs) -> Result<(), Failure> {
    let code = tracking_code(&args.code)?;
    let now = Utc::now();
    let templates = || {
        DocumentTemplates::load(&DocumentTemplates::dir_for(&staff.paths))
            .map_err(|e| Failure::from(StaffError::from(e)))
    };
    let draft = match &args.action {
        DocumentAction::Draft {
            kind,
            escalation,
            tlp,
        } => {
            let tlp = parse_optional("--tlp", tlp.as_deref(), Tlp::parse)?;
            let request = DraftRequest {
                code: code.clone(),
                kind: *kind,
                escalation: *escalation,
                tlp,
            };
            staff.run(draft_document(
                &staff.desk,
                &templates()?,
                &request,
                staffer,
                now,
            ))?
        }
        DocumentAction::Submit { draft } => {
            staff.run(submit_document(&staff.desk, &code, *draft, staffer, now))?
        }
        DocumentAction::Return { draft, reason } => {
            let reason = StaffText::parse(reason)
                .map_err(|e| Failure::usage(format!("--reason: {}", e.message.en)))?;
            staff.run(return_document(
                &staff.desk,
                &code,
                *draft,
                reason,
                staffer,
                now,
            ))?
        }
        DocumentAction::Sign { draft, output, pdf } => {
            let request = SignRequest {
                code: code.clone(),
                draft: *draft,
                output: output.clone(),
                pdf: *pdf,
            };
            let issued = staff.run(sign_document(
                &staff.desk,
                &templates()?,
                &request,
                staffer,
                now,
            ))?;
            return staff.print(&issued, || {
                format!(
                    "{code}: draft {draft} signed and issued as {} ({}) → {}; verification code {}",
                    issued.document.number,
                    issued.document.tlp,
                    issued.html.display(),
                    issued
                        .document
                        .verification
                        .as_ref()
                        .map_or_else(String::new, ToString::to_string),
                )
            });
        }
        DocumentAction::List => {
            let (case, _) = staff.run(staff.desk.case_with_events(&code))?;
            return staff.print(&case.drafts, || {
                if case.drafts.is_empty() {
                    return format!("{code}: no drafts");
                }
                case.drafts.iter().map(line).collect::<Vec<_>>().join("\n")
            });
        }
    };
    staff.print(&draft, || format!("{code}: {}", line(&draft)))
}

/// One draft as a line: `draft 1 notification-letter submitted`.
fn line(draft: &DocumentDraft) -> String {
    format!(
        "draft {} {} {}{}",
        draft.id,
        kind_key(draft.kind).replace('_', "-"),
        draft.status.key(),
        draft
            .number
            .as_ref()
            .map_or_else(String::new, |number| format!(" ({number})"))
    )
}
