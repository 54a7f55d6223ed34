//! Documents from the console: issuing one records it on the case as the signed-in account, with a number
//! from the team's numbering; a role the SOP does not give the document kind, or a case not ready for it, is
//! refused with nothing written; the document reads back as issued (its page with its own stylesheet, its HTML
//! file, its PDF); and the documents that name the reporter are read only by the roles that see the reporter.

use axum::http::StatusCode;
use csirt_domain::case::{Actor, Change, DocumentKind, PartnerKind};
use csirt_domain::text::SummaryText;
use csirt_domain::tracking::TrackingCode;
use csirt_test_kit::cases::text;

use crate::publish::{on_site_copy, recorded, verified, walked};
use crate::support::{Browser, Console};

/// A Kukar console on a site copy, with a case verified, classified and analysed (ready for the notification
/// letter and the analysis report), and the head of the office (`kadis`) and a team member (`tim`) signed in.
async fn kukar_case() -> (
    Console,
    csirt_test_kit::seed::SeedSite,
    TrackingCode,
    Browser,
    Browser,
) {
    let mut console = Console::new("kukar").await;
    let site = on_site_copy(&mut console, "kukar", true);
    let code = recorded(&console, "intrusions", "application-compromise").await;
    let mut changes = verified("intrusions", "application-compromise");
    changes.push(Change::RecordAnalysis {
        analysis: text("Celah unggah berkas pada plugin galeri."),
        recommendations: text("Perbarui plugin galeri <segera>."),
    });
    let summary = SummaryText::parse("Celah unggah berkas pada situs dinas dimanfaatkan.").unwrap();
    changes.push(Change::write_summary(Some(summary), false).unwrap());
    walked(&console, &code, changes).await;
    let kadis = console.add("kadis", &["kepala-dinas"]).await;
    let tim = console.add("tim", &["ttis"]).await;
    let head_of_office = console.signed_in("kadis", &kadis).await;
    let member = console.signed_in("tim", &tim).await;
    (console, site, code, head_of_office, member)
}

async fn event_count(console: &Console, code: &TrackingCode) -> usize {
    console.desk.cases.events(code).await.unwrap().len()
}

/// The console page of the document numbered `number` on case `code` (its file name from kind and number).
fn letter_page(code: &TrackingCode, number: &str) -> String {
    let stem: String = number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("/staff/cases/{code}/documents/notification-letter-{stem}")
}

/// Kukar's steps 5–7 from the console: `drafter` drafts the letter and submits it, `signer` signs it. Each post
/// answers 303 back to the documents section.
async fn draft_submit_sign(
    console: &Console,
    code: &TrackingCode,
    drafter: &mut Browser,
    signer: &mut Browser,
) {
    let drafted = console
        .post(
            drafter,
            &format!("/staff/cases/{code}/documents"),
            &[("kind", "notification_letter")],
        )
        .await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);
    assert_eq!(
        drafted.header("location"),
        format!("/staff/cases/{code}#documents")
    );
    let draft = format!("/staff/cases/{code}/documents/drafts/1");
    let submitted = console.post(drafter, &draft, &[("action", "submit")]).await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    // The case page offers the signatory the signing, and the drafter not.
    let for_signer = console.get(signer, &format!("/staff/cases/{code}")).await;
    assert!(
        for_signer.body.contains("Sahkan dan terbitkan"),
        "{}",
        for_signer.body
    );
    let for_drafter = console.get(drafter, &format!("/staff/cases/{code}")).await;
    assert!(for_drafter.body.contains("Diajukan untuk pengesahan"));
    assert!(!for_drafter.body.contains("Sahkan dan terbitkan"));
    let signed = console.post(signer, &draft, &[("action", "sign")]).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
}

#[tokio::test]
async fn issuing_a_document_records_it_on_the_case_as_the_signed_in_account() {
    let (console, site, code, mut head_of_office, mut member) = kukar_case().await;
    let before = event_count(&console, &code).await;
    draft_submit_sign(&console, &code, &mut member, &mut head_of_office).await;

    let case = console.desk.cases.get(&code).await.unwrap().unwrap();
    assert_eq!(case.documents.len(), 1);
    let document = &case.documents[0];
    assert_eq!(document.kind, DocumentKind::NotificationLetter);
    assert!(document.number.starts_with("001/"), "{}", document.number);
    let events = console.desk.cases.events(&code).await.unwrap();
    assert_eq!(events.len(), before + 3, "drafted, submitted, signed");
    let kadis = Actor::Staff(
        csirt_domain::account::Login::parse("kadis")
            .unwrap()
            .actor_name(),
    );
    assert_eq!(events.last().unwrap().actor, kadis, "the head signed");
    assert!(document.sha256.is_some() && document.verification.is_some());

    let page = letter_page(&code, &document.number);
    let files: Vec<_> = csirt_test_kit::files::every_file(&site.path("documents"))
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");

    let shown = console.get(&mut head_of_office, &page).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert_eq!(shown.header("content-type"), "text/html; charset=utf-8");
    for expected in [
        "Surat Pemberitahuan Insiden Siber",
        document.number.as_str(),
        "Perbarui plugin galeri &lt;segera&gt;.",
        &format!("<link rel=\"stylesheet\" href=\"{page}?format=css\">"),
    ] {
        assert!(shown.body.contains(expected), "{expected}: {}", shown.body);
    }
    assert!(
        !shown.body.contains("<style"),
        "styles come from the stylesheet"
    );
    assert!(
        shown
            .header("content-security-policy")
            .contains("style-src 'self'")
    );

    let css = console
        .get(&mut head_of_office, &format!("{page}?format=css"))
        .await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert!(
        css.body.contains("@page") && css.body.contains("TLP:AMBER"),
        "{}",
        css.body
    );

    let file = console
        .get(&mut head_of_office, &format!("{page}?format=html"))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(
        file.header("content-disposition")
            .starts_with("attachment; filename=\"notification-letter-001-")
    );
    assert!(file.body.contains("<style>"), "the file as issued");

    let by_number = console
        .get(
            &mut head_of_office,
            &format!(
                "/staff/cases/{code}/documents/{}",
                document.number.replace('/', "%2F")
            ),
        )
        .await;
    assert_eq!(
        by_number.status,
        StatusCode::OK,
        "a document is found by its number too"
    );

    let no_pdf = console
        .get(&mut head_of_office, &format!("{page}?format=pdf"))
        .await;
    assert_eq!(no_pdf.status, StatusCode::NOT_FOUND, "no PDF was made");
    let unknown = console
        .get(
            &mut head_of_office,
            &format!("/staff/cases/{code}/documents/final-report-999"),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_role_the_sop_does_not_give_the_document_kind_is_refused_and_nothing_is_written() {
    let (console, site, code, mut head_of_office, mut member) = kukar_case().await;
    let before = event_count(&console, &code).await;
    // The head of the office signs Kukar's letter and certificate but does not draft them.
    for kind in ["notification_letter", "certificate_of_appreciation"] {
        let refused = console
            .post(
                &mut head_of_office,
                &format!("/staff/cases/{code}/documents"),
                &[("kind", kind)],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{kind}: {}",
            refused.body
        );
        assert!(
            refused
                .body
                .contains("to ttis only, and kadis holds kepala-dinas"),
            "{}",
            refused.body
        );
    }
    let refused = console
        .post(
            &mut head_of_office,
            &format!("/staff/cases/{code}/documents"),
            &[("kind", "analysis_report")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    // A team member drafts and submits; signing is not theirs.
    console
        .post(
            &mut member,
            &format!("/staff/cases/{code}/documents"),
            &[("kind", "notification_letter")],
        )
        .await;
    let draft = format!("/staff/cases/{code}/documents/drafts/1");
    console
        .post(&mut member, &draft, &[("action", "submit")])
        .await;
    let drafted = event_count(&console, &code).await;
    let refused = console
        .post(&mut member, &draft, &[("action", "sign")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("sign_document"), "{}", refused.body);
    // A return needs its reason.
    let no_reason = console
        .post(&mut head_of_office, &draft, &[("action", "return")])
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let case = console.desk.cases.get(&code).await.unwrap().unwrap();
    assert!(case.documents.is_empty());
    assert_eq!(drafted, before + 2, "only the draft and its submission");
    assert_eq!(event_count(&console, &code).await, drafted);
    assert!(!site.path("documents").exists(), "no file was written");

    // No number was drawn by the refusals: the first letter signed is 001.
    let signed = console
        .post(&mut head_of_office, &draft, &[("action", "sign")])
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let case = console.desk.cases.get(&code).await.unwrap().unwrap();
    assert!(case.documents[0].number.starts_with("001/"));
}

#[tokio::test]
async fn a_document_the_case_is_not_ready_for_is_refused_in_the_librarys_words() {
    let (console, _site, code, _, mut member) = kukar_case().await;
    let refused = console
        .post(
            &mut member,
            &format!("/staff/cases/{code}/documents"),
            &[("kind", "final_report")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("the case is not resolved (no resolution summary)"),
        "{}",
        refused.body
    );
    let unknown = console
        .post(
            &mut member,
            &format!("/staff/cases/{code}/documents"),
            &[("kind", "surat_sakti")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let forged = console
        .post(
            &mut member,
            &format!("/staff/cases/{code}/documents"),
            &[("kind", "analysis_report"), ("csrf", "palsu")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let case = console.desk.cases.get(&code).await.unwrap().unwrap();
    assert!(case.documents.is_empty());
}

#[tokio::test]
async fn the_escalation_report_is_read_only_by_the_roles_that_see_the_reporter() {
    let (console, _site, code, mut head_of_office, mut member) = kukar_case().await;
    walked(
        &console,
        &code,
        vec![Change::Escalate {
            partner: PartnerKind::Provincial,
            partner_name: "KaltimProv-CSIRT".into(),
            chronology: None,
            impact: None,
            request: Some(text("Mohon analisis forensik.")),
            required: Vec::new(),
        }],
    )
    .await;
    let issued = console
        .post(
            &mut member,
            &format!("/staff/cases/{code}/documents"),
            &[("kind", "escalation_report"), ("escalation", "1")],
        )
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let page = issued.header("location").to_owned();
    let shown = console.get(&mut member, &page).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown.body.contains("siti.rahayu@contoh.id"),
        "the report carries the contact"
    );
    let refused = console.get(&mut head_of_office, &page).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(!refused.body.contains("siti.rahayu@contoh.id"));
}

#[tokio::test]
async fn a_pdf_is_printed_with_chromium_and_downloaded_as_an_attachment() {
    let (console, _site, code, _, mut member) = kukar_case().await;
    let issued = console
        .post(
            &mut member,
            &format!("/staff/cases/{code}/documents"),
            &[("kind", "analysis_report"), ("pdf", "on")],
        )
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let page = issued.header("location").to_owned();
    let pdf = console
        .get(&mut member, &format!("{page}?format=pdf"))
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert_eq!(pdf.header("x-content-type-options"), "nosniff");
    assert!(
        pdf.header("content-disposition")
            .starts_with("attachment; filename=\"analysis-report-001-"),
        "{}",
        pdf.header("content-disposition")
    );
    assert!(pdf.body.starts_with("%PDF"));
}

#[tokio::test]
async fn a_console_without_the_sites_directory_issues_no_document_and_says_where_to() {
    let (mut console, _site, code, _, _) = kukar_case().await;
    // As on Lambda: the same team and store, no site directory.
    let _ = on_site_copy(&mut console, "kukar", false);
    let secret = console.add("kadis2", &["kepala-dinas"]).await;
    let mut head_of_office = console.signed_in("kadis2", &secret).await;
    let before = event_count(&console, &code).await;
    let page = console
        .get(&mut head_of_office, &format!("/staff/cases/{code}"))
        .await;
    assert!(page.body.contains("csirt case issue"), "{}", page.body);
    assert!(
        !page.body.contains("/documents\" aria-labelledby"),
        "no issue form"
    );
    let answer = console
        .post(
            &mut head_of_office,
            &format!("/staff/cases/{code}/documents"),
            &[("kind", "notification_letter")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(
        event_count(&console, &code).await,
        before,
        "nothing written"
    );
}
