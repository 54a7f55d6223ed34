//! `csirt case issue`: a document of the procedure on a case — numbered from the store's counter for its kind
//! and year, rendered from `templates/documents/`, written as HTML (and PDF when asked), and recorded on the
//! case.

use std::path::PathBuf;

use chrono::Utc;
use clap::Args;
use csirt_domain::case::DocumentKind;
use csirt_domain::tlp::Tlp;
use csirt_staff::StaffError;
use csirt_staff::accounts::Staffer;
use csirt_staff::desk::tracking_code;
use csirt_staff::documents::DocumentTemplates;
use csirt_staff::issue::{IssueRequest, issue_document};

use super::choices::{self, parser};
use crate::commands::staff::Staff;
use crate::failure::{Failure, parse_optional};

/// `csirt case issue`.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The case's tracking code.
    code: String,
    /// Which document.
    #[arg(value_parser = parser::<DocumentKind>(choices::DOCUMENTS))]
    kind: DocumentKind,
    /// For the escalation report: which escalation, by number (default the latest).
    #[arg(long)]
    escalation: Option<u32>,
    /// The document's TLP marking (default: TLP:CLEAR for the certificate of appreciation, given to the
    /// reporter; the case's for the others).
    #[arg(long)]
    tlp: Option<String>,
    /// Where the document is written (in a directory named after the case).
    #[arg(long, default_value = "documents")]
    output: PathBuf,
    /// Also print it to PDF (needs Chromium).
    #[arg(long)]
    pdf: bool,
}

/// Runs `csirt case issue`.
pub fn run(staff: &Staff, staffer: &Staffer, args: &IssueArgs) -> Result<(), Failure> {
    let tlp = parse_optional("--tlp", args.tlp.as_deref(), Tlp::parse)?;
    let request = IssueRequest {
        code: tracking_code(&args.code)?,
        kind: args.kind,
        escalation: args.escalation,
        tlp,
        output: args.output.clone(),
        pdf: args.pdf,
    };
    let templates = DocumentTemplates::load(&DocumentTemplates::dir_for(&staff.paths))
        .map_err(StaffError::from)?;
    let issued = staff.run(issue_document(
        &staff.desk,
        &templates,
        &request,
        staffer,
        Utc::now(),
    ))?;
    staff.print(&issued, || {
        format!(
            "{}: issued {} ({}) → {}{}",
            request.code,
            issued.document.number,
            issued.document.tlp,
            issued.html.display(),
            issued
                .pdf
                .as_ref()
                .map_or(String::new(), |p| format!(" and {}", p.display()))
        )
    })
}
