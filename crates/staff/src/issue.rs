//! Issuing a document of the procedure on a case: refused before a number is taken when the case lacks what the
//! document needs; then numbered from the store's counter for its kind and year, rendered from
//! `templates/documents/`, written as HTML (and PDF when asked), and recorded on the case. When the record
//! cannot be written the files are removed and the number is said to be unused.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Utc};
use csirt_domain::case::{Change, DocumentKind, DocumentRecord, EvidenceRef};
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::sop::issue_key;
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::TrackingCode;
use serde::Serialize;

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;
use crate::documents::{DocumentTemplates, Issue, document_number, kind_key, print_pdf, render};
use crate::error::StaffError;
use crate::issued::file_stem;
use crate::steps::take_step;

/// What to issue.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    /// The case.
    pub code: TrackingCode,
    /// Which document.
    pub kind: DocumentKind,
    /// For the escalation report: which escalation, by number (the latest when `None`).
    pub escalation: Option<u32>,
    /// The document's marking; when `None`, the kind's default ([`DocumentKind::default_tlp`]): TLP:CLEAR for
    /// the certificate given to the reporter, the case's marking for the others.
    pub tlp: Option<Tlp>,
    /// The directory the document is written in (under a directory named after the case).
    pub output: PathBuf,
    /// Whether to print it to PDF too.
    pub pdf: bool,
}

/// An issued document: its record on the case and its files.
#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    /// The record (kind, number, date, marking).
    pub document: DocumentRecord,
    /// The HTML file.
    pub html: PathBuf,
    /// The PDF file, when printed.
    pub pdf: Option<PathBuf>,
}

/// The store's sequence of documents of `kind` issued in `year`.
fn document_sequence(kind: DocumentKind, year: i32) -> String {
    format!("document-number:{}:{year}", kind_key(kind))
}

/// Issues `request` as `staffer` at `now` with the document templates `templates`; refused before any number
/// is drawn unless the SOP gives the document's kind to one of the account's roles.
pub async fn issue_document(
    desk: &Desk,
    templates: &DocumentTemplates,
    request: &IssueRequest,
    staffer: &Staffer,
    now: DateTime<Utc>,
) -> Result<Issued, StaffError> {
    authorize(desk, staffer, &issue_key(request.kind))?;
    let (case, events) = desk.case_with_events(&request.code).await?;
    let tlp = request.tlp.unwrap_or_else(|| {
        request.kind.default_tlp(
            case.classification
                .as_ref()
                .map_or(case.report.tlp, |c| c.tlp),
        )
    });
    let mut record = DocumentRecord {
        kind: request.kind,
        number: String::from("-"),
        issued_at: now,
        tlp,
        file: None,
    };
    let procedure = desk.procedure();
    let config = &desk.team.config;
    let issue = |record: &DocumentRecord| {
        render(
            templates,
            &Issue {
                record,
                case: &case,
                events: &events,
                escalation: request.escalation,
            },
            config,
            procedure,
        )
    };
    // Refuse an incomplete case before a number is taken.
    issue(&record)?;
    let local_today = now.with_timezone(&procedure.calendar.offset()).date_naive();
    let sequence = desk
        .cases
        .next_in_sequence(&document_sequence(request.kind, local_today.year()))
        .await?;
    record.number = document_number(
        &config.documents,
        &procedure.profile.csirt.name,
        request.kind,
        sequence,
        local_today,
    );
    let html = issue(&record)?;
    let dir = request.output.join(case.code.to_string());
    std::fs::create_dir_all(&dir).map_err(|e| StaffError::file(&dir, e))?;
    let html_path = dir.join(format!("{}.html", file_stem(request.kind, &record.number)));
    std::fs::write(&html_path, html).map_err(|e| StaffError::file(&html_path, e))?;
    let pdf_path = if request.pdf {
        let pdf = html_path.with_extension("pdf");
        if let Err(error) = print_pdf(&html_path, &pdf) {
            remove(&html_path);
            return Err(error.into());
        }
        Some(pdf)
    } else {
        None
    };
    if let Some(pdf) = pdf_path.as_deref()
        && request.kind == DocumentKind::CertificateOfAppreciation
    {
        // The certificate goes to the reporter (the status page and the closing e-mail): kept with the case.
        match keep_for_reporter(desk, &request.code, pdf).await {
            Ok(file) => record.file = Some(file),
            Err(error) => {
                remove(&html_path);
                remove(pdf);
                return Err(error);
            }
        }
    }
    let change = Change::IssueDocument {
        document: record.clone(),
    };
    if let Err(error) = take_step(desk, &request.code, change, staffer, now).await {
        remove(&html_path);
        if let Some(pdf) = &pdf_path {
            remove(pdf);
        }
        return Err(StaffError::DocumentNotRecorded {
            number: record.number,
            cause: Box::new(error),
        });
    }
    Ok(Issued {
        document: record,
        html: html_path,
        pdf: pdf_path,
    })
}

/// Stores the printed document `pdf` with the case's files, for the reporter.
async fn keep_for_reporter(
    desk: &Desk,
    code: &TrackingCode,
    pdf: &Path,
) -> Result<EvidenceRef, StaffError> {
    let bytes = std::fs::read(pdf).map_err(|e| StaffError::file(pdf, e))?;
    let name = pdf.file_name().map(|n| n.to_string_lossy().into_owned());
    let file = EvidenceFile::from_upload(bytes).map_err(|_| {
        StaffError::Invalid(format!("{}: the printed file is not a PDF", pdf.display()))
    })?;
    let file = match name {
        Some(name) => file.named(&name),
        None => file,
    };
    desk.evidence.put(code.key(), &file).await?;
    Ok(file.reference())
}

fn remove(path: &Path) {
    if let Err(e) = std::fs::remove_file(path) {
        tracing::warn!(file = %path.display(), "could not remove: {e}");
    }
}
