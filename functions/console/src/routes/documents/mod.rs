//! Documents issued on a case: the case page's documents section (the documents issued, and a form offering the
//! kinds this account may issue), issuing one as the signed-in account, and reading one back as it was issued —
//! its page (with its own stylesheet, so the console's strict policy needs no exception), the HTML file, or its
//! PDF as an attachment. The staff library decides who may issue or read what and what a document needs.

mod preview;

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use csirt_domain::case::{Case, DocumentKind, DraftStatus};
use csirt_domain::lang::Lang;
use csirt_domain::sop::issue_key;
use csirt_domain::text::StaffText;
use csirt_site::site::SitePaths;
use csirt_staff::StaffError;
use csirt_staff::accounts::authorize;
use csirt_staff::desk::tracking_code;
use csirt_staff::documents::{DocumentTemplates, kind_key};
use csirt_staff::issue::{IssueRequest, issue_document};
use csirt_staff::issued::{
    IssuedDocument, IssuedFormat, documents_dir, file_stem, issued_documents, may_read,
    read_issued_document,
};
use csirt_staff::signing::{
    DraftRequest, SIGN_DOCUMENT, SUBMIT_DOCUMENT, SignRequest, draft_document, return_document,
    sign_document, submit_document,
};
use serde::{Deserialize, Serialize};

use super::forms::posted_form;
use super::queue::local_time;
use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// Every kind of document, in the order a case usually needs them.
const KINDS: [DocumentKind; 8] = [
    DocumentKind::VerificationReport,
    DocumentKind::ReplyLetter,
    DocumentKind::NotificationLetter,
    DocumentKind::EscalationReport,
    DocumentKind::AnalysisReport,
    DocumentKind::FinalReport,
    DocumentKind::HeadOfAgencyReport,
    DocumentKind::CertificateOfAppreciation,
];

/// The kind whose machine key is `key` (`notification_letter`, …).
fn kind_of(key: &str) -> Option<DocumentKind> {
    KINDS.into_iter().find(|kind| kind_key(*kind) == key)
}

/// The console page of a document issued on the case `code`.
fn document_path(code: &str, name: &str) -> String {
    format!("/staff/cases/{code}/documents/{name}")
}

/// One issued document as the documents section lists it.
#[derive(Debug, Serialize)]
struct DocumentRow {
    number: String,
    kind: &'static str,
    issued: String,
    tlp: String,
    /// Whether this account may open it (documents naming the reporter are for some roles only).
    readable: bool,
    page: String,
    html: String,
    pdf: Option<String>,
}

/// A document drafted for approval as the documents section lists it, with what this account may do with it.
#[derive(Debug, Serialize)]
struct DraftRow {
    id: u32,
    kind: &'static str,
    status: &'static str,
    drafted: String,
    number: Option<String>,
    /// Submit it (a draft or a returned one, by an account that may submit documents).
    may_submit: bool,
    /// Sign it (submitted; by a signatory who neither drafted nor submitted it).
    may_sign: bool,
    /// Return it (submitted; by a signatory).
    may_return: bool,
}

/// An escalation the escalation report may be about.
#[derive(Debug, Serialize)]
struct EscalationChoice {
    id: u32,
    partner: String,
}

/// Fills what `documents.html` shows on the case page of `case`: the documents issued (`doc_issued`), the kinds
/// `signed_in` may issue (`doc_kinds`), the escalations an escalation report may be about (`doc_escalations`)
/// and the case's code for the form's address (`doc_code`).
pub(crate) fn fill_issue_form(
    state: &ConsoleState,
    signed_in: &SignedIn,
    case: &Case,
    context: &mut tera::Context,
) {
    let desk = &state.desk;
    let staffer = &signed_in.staffer;
    let code = case.code.to_string();
    let rows: Vec<DocumentRow> = issued_documents(&documents_dir(&desk.team), case)
        .into_iter()
        .map(|document| {
            let page = document_path(&code, &document.name);
            DocumentRow {
                number: document.record.number.clone(),
                kind: kind_key(document.record.kind),
                issued: local_time(state, document.record.issued_at),
                tlp: document.record.tlp.to_string(),
                readable: may_read(desk, staffer, document.record.kind).is_ok(),
                html: format!("{page}?format=html"),
                pdf: document.pdf.as_ref().map(|_| format!("{page}?format=pdf")),
                page,
            }
        })
        .collect();
    // Without the site's directory (on Lambda: a read-only package with no document templates) documents are
    // issued with `csirt case issue`, where the site is kept.
    let here = state.publishing.is_some();
    let profile = &desk.procedure().profile;
    let kinds: Vec<&str> = KINDS
        .into_iter()
        .filter(|_| here)
        .filter(|kind| {
            let action = if profile.needs_approval(*kind) {
                SUBMIT_DOCUMENT.to_owned()
            } else {
                issue_key(*kind)
            };
            authorize(desk, staffer, &action).is_ok()
        })
        .map(kind_key)
        .collect();
    let may_submit = authorize(desk, staffer, SUBMIT_DOCUMENT).is_ok();
    let may_sign = here && authorize(desk, staffer, SIGN_DOCUMENT).is_ok();
    let drafts: Vec<DraftRow> = case
        .drafts
        .iter()
        .map(|draft| {
            let open = matches!(draft.status, DraftStatus::Draft | DraftStatus::Returned);
            let submitted = draft.status == DraftStatus::Submitted;
            DraftRow {
                id: draft.id,
                kind: kind_key(draft.kind),
                status: draft.status.key(),
                drafted: local_time(state, draft.drafted_at),
                number: draft.number.clone(),
                may_submit: may_submit && open,
                may_sign: may_sign && submitted && !draft.prepared_by(&staffer.actor()),
                may_return: may_sign && submitted,
            }
        })
        .collect();
    let approval: Vec<&str> = KINDS
        .into_iter()
        .filter(|kind| profile.needs_approval(*kind))
        .map(kind_key)
        .collect();
    context.insert("doc_drafts", &drafts);
    context.insert("doc_approval", &approval);
    let escalations: Vec<EscalationChoice> = case
        .escalations
        .iter()
        .map(|e| EscalationChoice {
            id: e.id,
            partner: e.partner_name.clone(),
        })
        .collect();
    context.insert("doc_code", &code);
    context.insert("doc_issued", &rows);
    context.insert("doc_kinds", &kinds);
    context.insert("doc_escalations", &escalations);
    context.insert("doc_elsewhere", &!here);
}

/// A value of the issue form the console cannot use (422, nothing done), in the page's language.
fn unusable(lang: Lang, id: &str, en: &str) -> Response {
    let message = match lang {
        Lang::Id => id,
        Lang::En => en,
    };
    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, message, lang).into_response()
}

/// `POST /staff/cases/{code}/documents`: issues the document the form names (`kind`, `escalation`, `pdf`) as
/// the signed-in account, then shows it (303); the library's refusal otherwise, nothing written.
pub async fn issue(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    request: Request,
) -> Response {
    let lang = signed_in.lang;
    let fields = match posted_form(&signed_in, request).await {
        Ok(fields) => fields,
        Err(refused) => return refused,
    };
    if state.publishing.is_none() {
        let message = state
            .pages
            .strings(lang)
            .get("doc_elsewhere")
            .cloned()
            .unwrap_or_default();
        return Problem::new(StatusCode::CONFLICT, message, lang).into_response();
    }
    let code = match tracking_code(&code) {
        Ok(code) => code,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let Some(kind) = fields.get("kind").and_then(|key| kind_of(key.trim())) else {
        return unusable(
            lang,
            "Pilih jenis dokumen yang akan diterbitkan; tidak ada yang diubah.",
            "Choose which document to issue; nothing was changed.",
        );
    };
    let escalation = match fields.get("escalation").map(|v| v.trim()) {
        None | Some("") => None,
        Some(raw) => match raw.parse::<u32>() {
            Ok(number) => Some(number),
            Err(_) => {
                return unusable(
                    lang,
                    "Nomor eskalasi harus berupa angka; tidak ada yang diubah.",
                    "The escalation number must be a number; nothing was changed.",
                );
            }
        },
    };
    let team = &state.desk.team;
    let templates_dir = DocumentTemplates::dir_for(&SitePaths::from_config(&team.path));
    let templates = match DocumentTemplates::load(&templates_dir) {
        Ok(templates) => templates,
        Err(error) => return Problem::from_staff(&StaffError::from(error), lang).into_response(),
    };
    if state.desk.procedure().profile.needs_approval(kind) {
        let request = DraftRequest {
            code,
            kind,
            escalation,
            tlp: None,
        };
        let drafted = draft_document(
            &state.desk,
            &templates,
            &request,
            &signed_in.staffer,
            Utc::now(),
        )
        .await;
        return match drafted {
            Ok(_) => Redirect::to(&documents_section(&request.code.to_string())).into_response(),
            Err(error) => Problem::from_staff(&error, lang).into_response(),
        };
    }
    let request = IssueRequest {
        code,
        kind,
        escalation,
        tlp: None,
        output: documents_dir(team),
        pdf: fields.get("pdf").is_some_and(|v| !v.trim().is_empty()),
    };
    let issued = issue_document(
        &state.desk,
        &templates,
        &request,
        &signed_in.staffer,
        Utc::now(),
    )
    .await;
    match issued {
        Ok(issued) => Redirect::to(&document_path(
            &request.code.to_string(),
            &file_stem(kind, &issued.document.number),
        ))
        .into_response(),
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

/// The documents section of the case page of `code`.
fn documents_section(code: &str) -> String {
    format!("/staff/cases/{code}#documents")
}

/// `POST /staff/cases/{code}/documents/drafts/{id}`: the form's `action` on draft `id` as the signed-in account —
/// `submit`, `sign` (numbered, written, recorded; `pdf` to print it too) or `return` (with a `reason`) — then
/// back to the documents section (303), or the library's refusal with nothing written.
pub async fn draft_action(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path((code, id)): Path<(String, u32)>,
    request: Request,
) -> Response {
    let lang = signed_in.lang;
    let fields = match posted_form(&signed_in, request).await {
        Ok(fields) => fields,
        Err(refused) => return refused,
    };
    let code = match tracking_code(&code) {
        Ok(code) => code,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let desk = &state.desk;
    let staffer = &signed_in.staffer;
    let now = Utc::now();
    let done = match fields.get("action").map(|a| a.trim()) {
        Some("submit") => submit_document(desk, &code, id, staffer, now)
            .await
            .map(|_| ()),
        Some("return") => {
            let reason = fields.get("reason").map(|r| r.trim()).unwrap_or_default();
            let Ok(reason) = StaffText::parse(reason) else {
                return unusable(
                    lang,
                    "Tulis alasan pengembalian draf; tidak ada yang diubah.",
                    "Write why the draft is returned; nothing was changed.",
                );
            };
            return_document(desk, &code, id, reason, staffer, now)
                .await
                .map(|_| ())
        }
        Some("sign") => {
            if state.publishing.is_none() {
                let message = state
                    .pages
                    .strings(lang)
                    .get("doc_elsewhere")
                    .cloned()
                    .unwrap_or_default();
                return Problem::new(StatusCode::CONFLICT, message, lang).into_response();
            }
            let team = &desk.team;
            let templates_dir = DocumentTemplates::dir_for(&SitePaths::from_config(&team.path));
            let templates = match DocumentTemplates::load(&templates_dir) {
                Ok(templates) => templates,
                Err(error) => {
                    return Problem::from_staff(&StaffError::from(error), lang).into_response();
                }
            };
            let request = SignRequest {
                code: code.clone(),
                draft: id,
                output: documents_dir(team),
                pdf: fields.get("pdf").is_some_and(|v| !v.trim().is_empty()),
            };
            sign_document(desk, &templates, &request, staffer, now)
                .await
                .map(|_| ())
        }
        _ => {
            return unusable(
                lang,
                "Pilih tindakan atas draf (ajukan, sahkan, atau kembalikan); tidak ada yang diubah.",
                "Choose what to do with the draft (submit, sign or return); nothing was changed.",
            );
        }
    };
    match done {
        Ok(()) => Redirect::to(&documents_section(&code.to_string())).into_response(),
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

/// How a document is asked for: `?format=` nothing (its page), `css`, `html` or `pdf`.
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    format: String,
}

/// What `GET` on a document answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// The document's page, its styles linked.
    Page,
    /// Its stylesheet.
    Stylesheet,
    /// The HTML file as issued, to keep.
    HtmlFile,
    /// The PDF, to keep.
    Pdf,
}

/// The case `raw` names, or the library's refusal.
async fn the_case(state: &ConsoleState, raw: &str) -> Result<Case, StaffError> {
    let code = tracking_code(raw)?;
    state
        .desk
        .cases
        .get(&code)
        .await?
        .ok_or_else(|| StaffError::NoSuchCase(code.to_string()))
}

/// `GET /staff/cases/{code}/documents/{number}`: the document issued on the case (named by its file name or its
/// number) as it was issued; `?format=pdf` its PDF, `?format=html` its HTML file, as attachments; 404 when the
/// case has no such document or no such file.
pub async fn show(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path((code, wanted)): Path<(String, String)>,
    Query(query): Query<ShowQuery>,
) -> Response {
    let lang = signed_in.lang;
    let shown = match query.format.as_str() {
        "" => Shown::Page,
        "css" => Shown::Stylesheet,
        "html" => Shown::HtmlFile,
        "pdf" => Shown::Pdf,
        _ => return not_found(lang),
    };
    let case = match the_case(&state, &code).await {
        Ok(case) => case,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let format = if shown == Shown::Pdf {
        IssuedFormat::Pdf
    } else {
        IssuedFormat::Html
    };
    let dir = documents_dir(&state.desk.team);
    match read_issued_document(
        &state.desk,
        &signed_in.staffer,
        &dir,
        &case,
        &wanted,
        format,
    ) {
        Ok(Some((document, bytes))) => answer(&case, &document, bytes, shown),
        Ok(None) => not_found(lang),
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

/// The answer of `shown` from the document's file `bytes`.
fn answer(case: &Case, document: &IssuedDocument, bytes: Vec<u8>, shown: Shown) -> Response {
    match shown {
        Shown::Page => {
            let html = String::from_utf8_lossy(&bytes);
            let stylesheet = format!(
                "{}?format=css",
                document_path(&case.code.to_string(), &document.name)
            );
            preview::page(&html, &stylesheet)
        }
        Shown::Stylesheet => preview::stylesheet(&String::from_utf8_lossy(&bytes)),
        Shown::HtmlFile => preview::attachment(
            bytes,
            "text/html; charset=utf-8",
            &format!("{}.html", document.name),
        ),
        Shown::Pdf => {
            preview::attachment(bytes, "application/pdf", &format!("{}.pdf", document.name))
        }
    }
}

/// No such document, or no such file of it.
fn not_found(lang: Lang) -> Response {
    let message = match lang {
        Lang::Id => {
            "Dokumen itu tidak ada pada kasus ini, atau berkasnya (misalnya PDF yang tidak dibuat) tidak ada."
        }
        Lang::En => {
            "This case has no such document, or that file of it (for instance a PDF that was not made) is not there."
        }
    };
    Problem::new(StatusCode::NOT_FOUND, message, lang).into_response()
}

#[cfg(test)]
mod tests;
