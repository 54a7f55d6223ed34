//! The documents section as the case page includes it: the kinds offered follow the SOP's permissions, and the
//! documents issued are listed with their files, on a Kukar desk over a copy of the shipped site.

use std::sync::Arc;

use chrono::{TimeDelta, Utc};
use csirt_domain::case::{Change, Verdict};
use csirt_domain::channel::Channel;
use csirt_domain::lang::Lang;
use csirt_domain::report::ReportInput;
use csirt_domain::team::TeamFile;
use csirt_staff::Desk;
use csirt_staff::accounts::{NewAccount, SignInAttempt, Staffer, add_account, sign_in};
use csirt_staff::credentials::Password;
use csirt_staff::record::{Recording, record_report};
use csirt_staff::steps::take_step;
use csirt_store::SqliteStore;
use csirt_store::evidence::DirectoryEvidence;
use csirt_test_kit::cases::text;
use csirt_test_kit::reports::report_fields;
use csirt_test_kit::seed::SeedSite;

use super::*;
use crate::pages::Frame;

const PASSWORD: &str = "kata-sandi-yang-panjang-sekali";

/// Adds `login` with `roles` (by `by`, none for the first account) and signs it in.
async fn account(desk: &Desk, by: Option<&Staffer>, login: &str, roles: &[&str]) -> Staffer {
    let new = NewAccount {
        login: login.to_owned(),
        name: format!("Petugas {login}"),
        email: None,
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        os_user: None,
        iam_arn: None,
        password: Some(Password::new(PASSWORD.to_owned()).expect("a password")),
        totp: true,
    };
    let then = Utc::now() - TimeDelta::seconds(90);
    let added = add_account(desk, by, &new, then).await.expect("an account");
    let secret = added.totp.expect("a TOTP secret");
    let code = secret.code_at(u64::try_from(then.timestamp()).expect("a time"));
    let attempt = SignInAttempt {
        login,
        password: PASSWORD,
        totp: &code,
        client: "192.0.2.7",
    };
    sign_in(desk, &attempt, then).await.expect("signed in").0
}

/// The section as `staffer` sees it on `case`.
fn section(state: &ConsoleState, staffer: &Staffer, case: &Case) -> String {
    let signed_in = SignedIn {
        staffer: staffer.clone(),
        form_token: "anti-forgery".to_owned(),
        lang: Lang::Id,
        finds_reporters: false,
    };
    let frame = Frame::signed_in(&signed_in, "TTIS", "/staff/cases/x");
    state
        .pages
        .render("documents.html", &frame, |c| {
            fill_issue_form(state, &signed_in, case, c);
        })
        .expect("the section")
        .0
}

#[tokio::test]
async fn the_section_offers_the_kinds_the_sop_gives_and_lists_what_was_issued() {
    let site = SeedSite::new("kukar");
    let team = TeamFile::load(&site.path("content/config.toml")).expect("the team file");
    let store = SqliteStore::open(&site.path("store")).expect("a store");
    let evidence = DirectoryEvidence::open(site.path("store/evidence")).expect("evidence");
    let desk = Desk::new(team, Arc::new(store), Arc::new(evidence));
    let admin = account(&desk, None, "admin", &["admin", "ttis"]).await;
    let kadis = account(&desk, Some(&admin), "kadis", &["kepala-dinas"]).await;
    let viewer = account(&desk, Some(&admin), "lihat", &["viewer"]).await;
    let recording = Recording {
        input: ReportInput::from_pairs(report_fields()),
        evidence: Vec::new(),
        channel: Channel::Email,
        received_at: Utc::now(),
    };
    let code = record_report(&desk, recording, &admin)
        .await
        .expect("recorded");
    for change in [
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Valid,
            reason: Some(text("Terkonfirmasi.")),
        },
    ] {
        take_step(&desk, &code, change, &admin, Utc::now())
            .await
            .expect("a step");
    }
    // A console that keeps the site's directory (inside `csirt serve`): it issues documents.
    let state = ConsoleState::new(desk.clone())
        .expect("the console")
        .with_publishing(crate::state::Publishing {
            config: desk.team.path.clone(),
            output: desk.team.directory().join("public"),
        });
    let templates = DocumentTemplates::load(&DocumentTemplates::dir_for(&SitePaths::from_config(
        &desk.team.path,
    )))
    .expect("the document templates");
    // Kukar's certificate is drafted and submitted by the team, signed by the head of the office.
    let request = DraftRequest {
        code: code.clone(),
        kind: DocumentKind::CertificateOfAppreciation,
        escalation: None,
        tlp: None,
    };
    let draft = draft_document(&desk, &templates, &request, &admin, Utc::now())
        .await
        .expect("the draft");
    submit_document(&desk, &code, draft.id, &admin, Utc::now())
        .await
        .expect("submitted");
    let signing = SignRequest {
        code: code.clone(),
        draft: draft.id,
        output: documents_dir(&desk.team),
        pdf: false,
    };
    let issued = sign_document(&desk, &templates, &signing, &kadis, Utc::now())
        .await
        .expect("the certificate");
    let case = desk
        .cases
        .get(&code)
        .await
        .expect("read")
        .expect("the case");

    let theirs = section(&state, &kadis, &case);
    let name = file_stem(
        DocumentKind::CertificateOfAppreciation,
        &issued.document.number,
    );
    for expected in [
        "<h2 id=\"documents-heading\">Dokumen</h2>".to_owned(),
        "Draf untuk pengesahan".to_owned(),
        "Disahkan dan diterbitkan".to_owned(),
        format!(
            "<td class=\"code\" data-label=\"Nomor\">{}</td>",
            tera::escape_html(&issued.document.number)
        ),
        format!("{}?format=html", name),
    ] {
        assert!(theirs.contains(&expected), "{expected}: {theirs}");
    }
    assert!(!theirs.contains("value=\"analysis_report\""), "{theirs}");
    assert!(
        !theirs.contains("<option value=\"notification_letter\""),
        "the head signs but does not draft: {theirs}"
    );
    assert!(!theirs.contains("?format=pdf"), "no PDF was made");

    let team_member = section(&state, &admin, &case);
    for kind in [
        "analysis_report",
        "escalation_report",
        "final_report",
        "notification_letter",
        "certificate_of_appreciation",
    ] {
        assert!(team_member.contains(&format!("value=\"{kind}\"")), "{kind}");
    }
    for expected in [
        format!("action=\"/staff/cases/{code}/documents\""),
        "<input type=\"hidden\" name=\"csrf\" value=\"anti-forgery\">".to_owned(),
        "name=\"pdf\"".to_owned(),
        "disusun sebagai draf tanpa nomor".to_owned(),
    ] {
        assert!(team_member.contains(&expected), "{expected}: {team_member}");
    }
    assert!(
        !team_member.contains("name=\"escalation\""),
        "no escalation yet"
    );

    let reader = section(&state, &viewer, &case);
    assert!(
        reader.contains("peran Anda tidak menerbitkan dokumen"),
        "{reader}"
    );
    assert!(!reader.contains("<form"));
    assert!(
        reader.contains("Hanya untuk peran yang boleh melihat kontak pelapor"),
        "the certificate names the reporter: {reader}"
    );
}
