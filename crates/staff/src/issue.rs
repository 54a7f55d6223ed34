//! Issuing a document of the procedure on a case: refused before a number is taken when the case lacks what the
//! document needs; then numbered from the store's counter for its kind and year, rendered from
//! `templates/documents/`, written as HTML (and PDF when asked), and recorded on the case. When the record
//! cannot be written the files are removed and the number is said to be unused.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Utc};
use csirt_domain::case::{
    Case, Change, DocumentCheck, DocumentKind, DocumentRecord, Event, EvidenceRef, VerificationCode,
};
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::lang::Localized;
use csirt_domain::sop::issue_key;
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::TrackingCode;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;
use crate::documents::{
    DocumentTemplates, Issue, document_number, kind_key, kind_name, print_pdf, render,
};
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
/// is drawn unless the SOP gives the document's kind to one of the account's roles, and for a kind the profile
/// has drafted, submitted and signed instead ([`crate::signing`]).
pub async fn issue_document(
    desk: &Desk,
    templates: &DocumentTemplates,
    request: &IssueRequest,
    staffer: &Staffer,
    now: DateTime<Utc>,
) -> Result<Issued, StaffError> {
    authorize(desk, staffer, &issue_key(request.kind))?;
    if desk.procedure().profile.needs_approval(request.kind) {
        return Err(StaffError::NeedsApproval {
            kind: kind_name(request.kind).to_owned(),
            code: request.code.to_string(),
            key: kind_key(request.kind).replace('_', "-"),
        });
    }
    let (case, events) = desk.case_with_events(&request.code).await?;
    let tlp = request
        .tlp
        .unwrap_or_else(|| default_tlp(&case, request.kind));
    let produced = produce(desk, templates, &case, &events, request, tlp, now).await?;
    let change = Change::IssueDocument {
        document: produced.document.clone(),
    };
    record_produced(desk, &request.code, change, produced, None, staffer, now).await
}

/// The marking a document of `kind` on `case` carries when none is asked for.
pub(crate) fn default_tlp(case: &Case, kind: DocumentKind) -> Tlp {
    kind.default_tlp(
        case.classification
            .as_ref()
            .map_or(case.report.tlp, |c| c.tlp),
    )
}

/// Checks that `case` has what a document of `request.kind` needs, rendering it without a number; nothing is
/// drawn or written.
pub(crate) fn check_renders(
    desk: &Desk,
    templates: &DocumentTemplates,
    case: &Case,
    events: &[Event],
    request: &IssueRequest,
    tlp: Tlp,
    now: DateTime<Utc>,
) -> Result<(), StaffError> {
    let record = unnumbered(request.kind, tlp, now);
    render(
        templates,
        &Issue {
            record: &record,
            case,
            events,
            escalation: request.escalation,
        },
        &desk.team.config,
        desk.procedure(),
    )?;
    Ok(())
}

/// A record of a document not yet numbered (`-`), without code or hashes.
pub(crate) fn unnumbered(kind: DocumentKind, tlp: Tlp, now: DateTime<Utc>) -> DocumentRecord {
    DocumentRecord {
        kind,
        number: String::from("-"),
        issued_at: now,
        tlp,
        file: None,
        verification: None,
        sha256: None,
        pdf_sha256: None,
    }
}

/// Numbers, renders, writes (and prints) the document of `request` on `case`, with a new verification code and
/// the files' SHA-256 in its record; refused before a number is taken when the case lacks what it needs. The
/// files are written but the document is not yet recorded on the case ([`record_produced`]).
pub(crate) async fn produce(
    desk: &Desk,
    templates: &DocumentTemplates,
    case: &Case,
    events: &[Event],
    request: &IssueRequest,
    tlp: Tlp,
    now: DateTime<Utc>,
) -> Result<Issued, StaffError> {
    let mut record = unnumbered(request.kind, tlp, now);
    record.verification =
        Some(VerificationCode::generate().map_err(|e| {
            StaffError::Invalid(format!("no verification code could be drawn: {e}"))
        })?);
    let procedure = desk.procedure();
    let config = &desk.team.config;
    let issue = |record: &DocumentRecord| {
        render(
            templates,
            &Issue {
                record,
                case,
                events,
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
    record.sha256 = Some(sha256_hex(html.as_bytes()));
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
        match std::fs::read(&pdf) {
            Ok(bytes) => record.pdf_sha256 = Some(sha256_hex(&bytes)),
            Err(error) => {
                remove(&html_path);
                remove(&pdf);
                return Err(StaffError::file(&pdf, error));
            }
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
    Ok(Issued {
        document: record,
        html: html_path,
        pdf: pdf_path,
    })
}

/// Records `change` (which issues `produced`) on the case as `staffer`, then files the document's public
/// verification entry (naming the role it was signed as, `signed_as`, when it was signed); when the change
/// cannot be recorded the files are removed and the number is said to be unused.
pub(crate) async fn record_produced(
    desk: &Desk,
    code: &TrackingCode,
    change: Change,
    produced: Issued,
    signed_as: Option<Localized>,
    staffer: &Staffer,
    now: DateTime<Utc>,
) -> Result<Issued, StaffError> {
    if let Err(error) = take_step(desk, code, change, staffer, now).await {
        remove(&produced.html);
        if let Some(pdf) = &produced.pdf {
            remove(pdf);
        }
        return Err(StaffError::DocumentNotRecorded {
            number: produced.document.number,
            cause: Box::new(error),
        });
    }
    if let Some(check) = document_check(desk, &produced.document, signed_as) {
        desk.cases
            .put_document_check(&check)
            .await
            .map_err(|cause| StaffError::CheckNotFiled {
                number: produced.document.number.clone(),
                cause,
            })?;
    }
    Ok(produced)
}

/// The public verification entry of the issued `document`: nothing of its case but its kind, number, date, team
/// and hashes; `None` for a record without a verification code.
pub fn document_check(
    desk: &Desk,
    document: &DocumentRecord,
    signed_as: Option<Localized>,
) -> Option<DocumentCheck> {
    let code = document.verification.clone()?;
    let csirt = &desk.procedure().profile.csirt;
    Some(DocumentCheck {
        code,
        kind: document.kind,
        number: document.number.clone(),
        issued_at: document.issued_at,
        team: csirt.name.clone(),
        organisation: csirt.organisation.clone(),
        signed_as,
        sha256: document
            .sha256
            .iter()
            .chain(document.pdf_sha256.iter())
            .cloned()
            .collect(),
    })
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
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
