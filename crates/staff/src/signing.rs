//! Documents issued with an approval step (the profile's `[documents] approval`): drafted without a number and
//! submitted for approval by the team (`submit_document`), then approved and signed by an account holding the
//! signatory role (`sign_document`), which takes the number, writes the files, records the signer, the time,
//! the verification code and the files' SHA-256 on the case and files the public verification entry — or
//! returned for redrafting. Four eyes: the account that drafted or submitted a document never signs it (the
//! domain refuses it; for Kukar the head of the office signs what the team prepared, so this is how the SOP
//! runs anyway).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use csirt_domain::case::{Change, DocumentDraft, DocumentKind, VerificationCode};
use csirt_domain::lang::Localized;
use csirt_domain::text::StaffText;
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::TrackingCode;

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;
use crate::documents::{DocumentTemplates, kind_name};
use crate::error::StaffError;
use crate::issue::{
    IssueRequest, Issued, check_renders, default_tlp, produce, record_produced, unnumbered,
};
use crate::steps::take_step;

/// The permission key of drafting and submitting.
pub const SUBMIT_DOCUMENT: &str = "submit_document";
/// The permission key of signing and returning.
pub const SIGN_DOCUMENT: &str = "sign_document";

/// A document to draft.
#[derive(Debug, Clone)]
pub struct DraftRequest {
    /// The case.
    pub code: TrackingCode,
    /// Which document.
    pub kind: DocumentKind,
    /// For the escalation report: which escalation, by number (the latest when `None`).
    pub escalation: Option<u32>,
    /// Its marking; the kind's default when `None`.
    pub tlp: Option<Tlp>,
}

/// A submitted draft to sign.
#[derive(Debug, Clone)]
pub struct SignRequest {
    /// The case.
    pub code: TrackingCode,
    /// The draft's id on the case.
    pub draft: u32,
    /// The directory the document is written in (under a directory named after the case).
    pub output: PathBuf,
    /// Whether to print it to PDF too.
    pub pdf: bool,
}

/// Drafts `request` as `staffer`: refused unless the account may submit documents, the profile has this kind
/// signed before it is issued, and the case has what the document needs (checked by rendering it without a
/// number). Returns the draft.
pub async fn draft_document(
    desk: &Desk,
    templates: &DocumentTemplates,
    request: &DraftRequest,
    staffer: &Staffer,
    now: DateTime<Utc>,
) -> Result<DocumentDraft, StaffError> {
    authorize(desk, staffer, SUBMIT_DOCUMENT)?;
    if !desk.procedure().profile.needs_approval(request.kind) {
        return Err(StaffError::Invalid(format!(
            "{}: the team's SOP has no approval step for this document; issue it at once with \
             csirt case issue {} {}",
            kind_name(request.kind),
            request.code,
            crate::documents::kind_key(request.kind).replace('_', "-"),
        )));
    }
    let (case, events) = desk.case_with_events(&request.code).await?;
    let tlp = request
        .tlp
        .unwrap_or_else(|| default_tlp(&case, request.kind));
    let check = IssueRequest {
        code: request.code.clone(),
        kind: request.kind,
        escalation: request.escalation,
        tlp: Some(tlp),
        output: PathBuf::new(),
        pdf: false,
    };
    check_renders(desk, templates, &case, &events, &check, tlp, now)?;
    let change = Change::DraftDocument {
        kind: request.kind,
        tlp,
        escalation: request.escalation,
    };
    let (case, _) = take_step(desk, &request.code, change, staffer, now).await?;
    Ok(case
        .drafts
        .last()
        .cloned()
        .expect("a draft was just recorded"))
}

/// Submits draft `draft` of case `code` for approval as `staffer`.
pub async fn submit_document(
    desk: &Desk,
    code: &TrackingCode,
    draft: u32,
    staffer: &Staffer,
    now: DateTime<Utc>,
) -> Result<DocumentDraft, StaffError> {
    let (case, _) = take_step(desk, code, Change::SubmitDocument { draft }, staffer, now).await?;
    Ok(the_draft(&case, draft))
}

/// Returns submitted draft `draft` of case `code` for redrafting as `staffer` (a signatory), saying why.
pub async fn return_document(
    desk: &Desk,
    code: &TrackingCode,
    draft: u32,
    reason: StaffText,
    staffer: &Staffer,
    now: DateTime<Utc>,
) -> Result<DocumentDraft, StaffError> {
    let change = Change::ReturnDocument { draft, reason };
    let (case, _) = take_step(desk, code, change, staffer, now).await?;
    Ok(the_draft(&case, draft))
}

fn the_draft(case: &csirt_domain::case::Case, id: u32) -> DocumentDraft {
    case.draft(id)
        .cloned()
        .expect("the change was recorded on this draft")
}

/// Approves and signs draft `request.draft` as `staffer`, issuing it: refused before a number is taken unless
/// the account holds the signatory role, the draft is submitted, the account did not draft or submit it, and the
/// case has what the document needs. The signature (the event's account and time) and the record (number,
/// verification code, SHA-256 of the files) are recorded on the case; the verification entry is filed.
pub async fn sign_document(
    desk: &Desk,
    templates: &DocumentTemplates,
    request: &SignRequest,
    staffer: &Staffer,
    now: DateTime<Utc>,
) -> Result<Issued, StaffError> {
    authorize(desk, staffer, SIGN_DOCUMENT)?;
    let (case, events) = desk.case_with_events(&request.code).await?;
    let Some(draft) = case.draft(request.draft).cloned() else {
        return Err(StaffError::Invalid(format!(
            "draft: case {} has no draft {} (see csirt case document {} list)",
            request.code, request.draft, request.code
        )));
    };
    // The domain's rules (submitted, four eyes) before a number is drawn: a provisional record stands in.
    let mut provisional = unnumbered(draft.kind, draft.tlp, now);
    provisional.verification = VerificationCode::parse("0000-0000-0000-0000-0000").ok();
    provisional.sha256 = Some(String::new());
    provisional.number = String::from("-");
    case.apply(
        Change::SignDocument {
            draft: draft.id,
            document: provisional,
        },
        staffer.actor(),
        now,
    )?;
    let issue = IssueRequest {
        code: request.code.clone(),
        kind: draft.kind,
        escalation: draft.escalation,
        tlp: Some(draft.tlp),
        output: request.output.clone(),
        pdf: request.pdf,
    };
    let produced = produce(desk, templates, &case, &events, &issue, draft.tlp, now).await?;
    let change = Change::SignDocument {
        draft: draft.id,
        document: produced.document.clone(),
    };
    let signed_as = signatory_role(desk, staffer);
    record_produced(
        desk,
        &request.code,
        change,
        produced,
        signed_as,
        staffer,
        now,
    )
    .await
}

/// The name of the role `staffer` signs as: the first of their roles the SOP gives `sign_document`.
fn signatory_role(desk: &Desk, staffer: &Staffer) -> Option<Localized> {
    let profile = &desk.procedure().profile;
    let role = profile
        .roles_for(SIGN_DOCUMENT)
        .iter()
        .find(|role| staffer.account().has_role(role))?;
    profile
        .actors
        .iter()
        .find(|actor| &actor.key == role)
        .map(|actor| actor.name.clone())
}
