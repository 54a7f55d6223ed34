//! Documents with an approval step, through the staff library on both stores: Kutai Kartanegara's team drafts
//! the notification letter (no number) and submits it, the head of the office signs it (the number taken then,
//! the signer, time and the file's SHA-256 recorded, the verification entry filed); each refusal leaves the case
//! as it was and draws no number; a team without an approval step issues at once, with hash and code too.

use std::path::Path;
use std::sync::Arc;

use csirt_domain::case::{Actor, Change, DocumentKind, DraftStatus, Priority, Verdict};
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_domain::text::{StaffText, SummaryText};
use csirt_domain::tracking::TrackingCode;
use csirt_staff::accounts::Staffer;
use csirt_staff::documents::DocumentTemplates;
use csirt_staff::issue::{IssueRequest, issue_document, sha256_hex};
use csirt_staff::record::{Recording, record_report};
use csirt_staff::signing::{
    DraftRequest, SignRequest, draft_document, return_document, sign_document, submit_document,
};
use csirt_staff::steps::take_step;
use csirt_staff::{Desk, ErrorKind, StaffError};
use csirt_store::CaseStore;
use csirt_test_kit::cases::classification;
use csirt_test_kit::paths;
use csirt_test_kit::reports::report_fields;

use crate::accounts::support::*;

fn templates() -> DocumentTemplates {
    DocumentTemplates::load(&paths::templates().join("documents")).unwrap()
}

fn text(s: &str) -> StaffText {
    StaffText::parse(s).unwrap()
}

/// Kutai Kartanegara's desk with a team member (`ttis`), the head of the office (`kepala-dinas`) and an account
/// holding both roles.
async fn kukar(store: &Arc<dyn CaseStore>) -> (Desk, Staffer, Staffer, Staffer) {
    let desk = desk(store, "kukar");
    let first = add(&desk, None, "tim", &["admin", "ttis"]).await;
    let (team, _) = signed_in(&desk, "tim", first.totp.as_ref().unwrap(), at(1)).await;
    let head = add(&desk, Some(&team), "kepala", &["kepala-dinas"]).await;
    let (head, _) = signed_in(&desk, "kepala", head.totp.as_ref().unwrap(), at(2)).await;
    let both = add(&desk, Some(&team), "rangkap", &["ttis", "kepala-dinas"]).await;
    let (both, _) = signed_in(&desk, "rangkap", both.totp.as_ref().unwrap(), at(3)).await;
    (desk, team, head, both)
}

/// A case verified, classified, analysed and summarised by `by`: ready for its notification letter.
async fn analysed_case(desk: &Desk, by: &Staffer) -> TrackingCode {
    let recording = Recording {
        input: ReportInput::from_pairs(report_fields()),
        evidence: Vec::new(),
        channel: Channel::Email,
        received_at: at(5),
    };
    let code = record_report(desk, recording, by).await.unwrap();
    for change in [
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Valid,
            reason: None,
        },
        Change::Classify {
            classification: classification("vulnerable", "vulnerable-system", Priority::Medium),
        },
        Change::RecordAnalysis {
            analysis: text("Injeksi SQL pada formulir pencarian."),
            recommendations: text("Gunakan kueri berparameter."),
        },
        Change::WriteSummary {
            text: Some(SummaryText::parse("Injeksi SQL pada situs dinas.").unwrap()),
            include_reporter_description: false,
        },
    ] {
        take_step(desk, &code, change, by, at(6)).await.unwrap();
    }
    code
}

fn letter(code: &TrackingCode) -> DraftRequest {
    DraftRequest {
        code: code.clone(),
        kind: DocumentKind::NotificationLetter,
        escalation: None,
        tlp: None,
    }
}

fn signing(code: &TrackingCode, draft: u32, dir: &Path) -> SignRequest {
    SignRequest {
        code: code.clone(),
        draft,
        output: dir.to_owned(),
        pdf: false,
    }
}

fn refused_kind(error: &StaffError) -> ErrorKind {
    error.kind()
}

pub async fn the_team_drafts_and_submits_and_the_head_signs(store: Arc<dyn CaseStore>) {
    let (desk, team, head, _) = kukar(&store).await;
    let code = analysed_case(&desk, &team).await;
    let dir = tempfile::tempdir().unwrap();
    let templates = templates();

    let draft = draft_document(&desk, &templates, &letter(&code), &team, at(10))
        .await
        .unwrap();
    assert_eq!(draft.status, DraftStatus::Draft);
    assert_eq!(draft.number, None, "a draft has no number");
    let case = desk.cases.get(&code).await.unwrap().unwrap();
    assert!(case.documents.is_empty(), "nothing is issued by drafting");

    let submitted = submit_document(&desk, &code, draft.id, &team, at(20))
        .await
        .unwrap();
    assert_eq!(submitted.status, DraftStatus::Submitted);

    let issued = sign_document(
        &desk,
        &templates,
        &signing(&code, draft.id, dir.path()),
        &head,
        at(30),
    )
    .await
    .unwrap();
    let record = &issued.document;
    assert_ne!(record.number, "-", "the number is taken at signing");
    let html = std::fs::read(&issued.html).unwrap();
    assert_eq!(record.sha256.as_deref(), Some(sha256_hex(&html).as_str()));
    let verification = record.verification.clone().unwrap();
    let page = String::from_utf8_lossy(&html);
    assert!(
        page.contains(&verification.printed()),
        "the code is printed"
    );
    assert!(page.contains("/verifikasi/?kode="), "the QR's address");
    assert!(page.contains("<svg"), "the QR code is drawn inline");
    assert!(!verification.as_str().contains(&code.key()[..4]));

    // The event log: the head signed, at that time, with the record (number, code, hash).
    let (case, events) = desk.case_with_events(&code).await.unwrap();
    let signed = events.last().unwrap();
    assert_eq!(signed.actor, head.actor());
    assert_eq!(signed.at, at(30));
    assert!(matches!(&signed.change, Change::SignDocument { document, .. } if document == record));
    assert_eq!(case.draft(draft.id).unwrap().status, DraftStatus::Signed);
    assert_eq!(case.documents, vec![record.clone()]);

    // The public entry: found by its code, nothing of the case, the head's role not their name.
    let check = desk
        .cases
        .document_check(&verification)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(check.number, record.number);
    assert!(check.matches(&sha256_hex(&html)));
    assert!(!check.matches(&sha256_hex(b"another file")));
    assert_eq!(check.signed_as.as_ref().unwrap().id, "Kepala Dinas");
    let public = serde_json::to_string(&check).unwrap();
    assert!(!public.contains(&code.to_string()) && !public.contains(code.key()));
    assert!(!public.contains("kepala\"") && !public.contains("Petugas"));
}

pub async fn each_refusal_changes_nothing(store: Arc<dyn CaseStore>) {
    let (desk, team, head, both) = kukar(&store).await;
    let code = analysed_case(&desk, &team).await;
    let dir = tempfile::tempdir().unwrap();
    let templates = templates();
    let issue = IssueRequest {
        code: code.clone(),
        kind: DocumentKind::NotificationLetter,
        escalation: None,
        tlp: None,
        output: dir.path().to_owned(),
        pdf: false,
    };
    // Kukar's letter is not issued at once, even by the head.
    let error = issue_document(&desk, &templates, &issue, &head, at(9))
        .await
        .unwrap_err();
    assert!(matches!(error, StaffError::NeedsApproval { .. }), "{error}");
    assert!(error.to_string().contains("csirt case document"), "{error}");
    // Nor is a kind without approval drafted.
    let analysis = DraftRequest {
        kind: DocumentKind::AnalysisReport,
        ..letter(&code)
    };
    let error = draft_document(&desk, &templates, &analysis, &team, at(9))
        .await
        .unwrap_err();
    assert_eq!(refused_kind(&error), ErrorKind::Invalid, "{error}");
    // The head does not draft (the SOP gives drafting to the team).
    let error = draft_document(&desk, &templates, &letter(&code), &head, at(9))
        .await
        .unwrap_err();
    assert!(matches!(error, StaffError::NotPermitted { .. }), "{error}");

    let draft = draft_document(&desk, &templates, &letter(&code), &both, at(10))
        .await
        .unwrap();
    let before = desk.cases.get(&code).await.unwrap().unwrap();
    // Not submitted yet: the head cannot sign it.
    let error = sign_document(
        &desk,
        &templates,
        &signing(&code, draft.id, dir.path()),
        &head,
        at(11),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, StaffError::Refused(_)), "{error}");
    assert!(
        error.to_string().contains("only a document submitted"),
        "{error}"
    );
    submit_document(&desk, &code, draft.id, &both, at(12))
        .await
        .unwrap();
    // The team cannot sign.
    let error = sign_document(
        &desk,
        &templates,
        &signing(&code, draft.id, dir.path()),
        &team,
        at(13),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, StaffError::NotPermitted { .. }), "{error}");
    // Four eyes: the account that drafted and submitted it does not sign it, though it holds the role.
    let error = sign_document(
        &desk,
        &templates,
        &signing(&code, draft.id, dir.path()),
        &both,
        at(14),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, StaffError::Refused(_)), "{error}");
    assert!(error.to_string().contains("another account"), "{error}");
    // An unknown draft is named.
    let error = sign_document(
        &desk,
        &templates,
        &signing(&code, 9, dir.path()),
        &head,
        at(14),
    )
    .await
    .unwrap_err();
    assert!(error.to_string().contains("no draft 9"), "{error}");
    let after = desk.cases.get(&code).await.unwrap().unwrap();
    assert!(after.documents.is_empty(), "nothing issued");
    assert_eq!(
        after.version,
        before.version + 1,
        "only the submission was written"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file written"
    );

    // Returned: redrafted and submitted again, then signed; the first number is 1 (none was drawn before).
    let returned = return_document(
        &desk,
        &code,
        draft.id,
        text("Perbaiki alamat."),
        &head,
        at(15),
    )
    .await
    .unwrap();
    assert_eq!(returned.status, DraftStatus::Returned);
    let error = sign_document(
        &desk,
        &templates,
        &signing(&code, draft.id, dir.path()),
        &head,
        at(16),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, StaffError::Refused(_)), "{error}");
    submit_document(&desk, &code, draft.id, &team, at(17))
        .await
        .unwrap();
    let issued = sign_document(
        &desk,
        &templates,
        &signing(&code, draft.id, dir.path()),
        &head,
        at(18),
    )
    .await
    .unwrap();
    assert_ne!(issued.document.number, "-");
    // Refusals drew no number: the signing took the first, so the next is the second.
    assert_eq!(
        desk.cases
            .next_in_sequence("document-number:notification_letter:2026")
            .await
            .unwrap(),
        2
    );
    // Signed once only.
    let error = sign_document(
        &desk,
        &templates,
        &signing(&code, draft.id, dir.path()),
        &head,
        at(19),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, StaffError::Refused(_)), "{error}");
    let events = desk.case_with_events(&code).await.unwrap().1;
    let submitters: Vec<&Actor> = events
        .iter()
        .filter(|e| matches!(e.change, Change::SubmitDocument { .. }))
        .map(|e| &e.actor)
        .collect();
    assert_eq!(submitters, [&both.actor(), &team.actor()]);
}

pub async fn a_team_without_approval_issues_at_once(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let first = add(&desk, None, "tim", &["admin", "tim"]).await;
    let (team, _) = signed_in(&desk, "tim", first.totp.as_ref().unwrap(), at(1)).await;
    let code = analysed_case(&desk, &team).await;
    let dir = tempfile::tempdir().unwrap();
    let templates = templates();
    let error = draft_document(&desk, &templates, &letter(&code), &team, at(9))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("csirt case issue"), "{error}");
    let issue = IssueRequest {
        code: code.clone(),
        kind: DocumentKind::NotificationLetter,
        escalation: None,
        tlp: None,
        output: dir.path().to_owned(),
        pdf: false,
    };
    let issued = issue_document(&desk, &templates, &issue, &team, at(10))
        .await
        .unwrap();
    let html = std::fs::read(&issued.html).unwrap();
    assert_eq!(issued.document.sha256, Some(sha256_hex(&html)));
    let code_of = issued.document.verification.clone().unwrap();
    let check = desk.cases.document_check(&code_of).await.unwrap().unwrap();
    assert!(check.matches(&sha256_hex(&html)));
    assert_eq!(check.signed_as, None, "no approval step, no signatory role");
}

on_both_stores!(
    the_team_drafts_and_submits_and_the_head_signs,
    each_refusal_changes_nothing,
    a_team_without_approval_issues_at_once,
);
