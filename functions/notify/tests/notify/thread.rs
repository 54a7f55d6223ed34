//! The thread's messages through a real SMTP server and a webhook receiver: the reporter told of a team message
//! with a link (the text only for a case set to reply by e-mail only, then with its files and the team as
//! Reply-To); the team told of a reply without its text; the closing e-mail with the certificate attached and
//! never a letter meant for the system owner.

use crate::support::*;
use chrono::Utc;
use csirt_domain::case::{
    Actor, Change, DocumentKind, DocumentRecord, Notice, NoticeOutcome, Verdict, Via,
};
use csirt_domain::digest::sha256_hex;
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::sop::SopProfile;
use csirt_domain::text::{ActorName, MessageText, StaffText};
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::TrackingCode;
use csirt_notify::{Notifier, NotifySettings};
use csirt_store::apply_change;
use csirt_store::evidence::EvidenceStore;
use csirt_store::thread::{Reply, post_reply};
use std::sync::Arc;

fn tegal() -> SopProfile {
    SopProfile::builtin("tegal").unwrap()
}

async fn notifier(settings: NotifySettings, stores: &Stores) -> Notifier {
    let evidence: Arc<dyn EvidenceStore> = stores.evidence.clone();
    Notifier::new(
        settings,
        csirt_domain::team::Procedure::of(tegal()).unwrap(),
    )
    .await
    .unwrap()
    .with_evidence(evidence)
}

fn staff() -> Actor {
    Actor::Staff(ActorName::parse("andi").unwrap())
}

fn pdf(title: &str) -> EvidenceFile {
    EvidenceFile::from_upload(
        format!("%PDF-1.4\n% {title}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").into_bytes(),
    )
    .unwrap()
    .named(&format!("{title}.pdf"))
}

async fn team_writes(stores: &Stores, code: &TrackingCode, text: &str, files: &[EvidenceFile]) {
    for file in files {
        stores.evidence.put(code.key(), file).await.unwrap();
    }
    let change = Change::MessageReporter {
        text: MessageText::parse(text).unwrap(),
        files: files.iter().map(EvidenceFile::reference).collect(),
    };
    apply_change(&*stores.cases, code, change, staff(), Utc::now())
        .await
        .unwrap();
}

const SECRET_WORDS: &str = "Kata sandi sementara dikirim lewat kurir";

#[tokio::test]
async fn the_reporter_is_told_of_a_team_message_by_a_link_without_its_text() {
    let smtp = SmtpServer::start();
    let stores = Stores::new();
    let case = stores.file(&tegal(), "id", Utc::now()).await;
    team_writes(&stores, &case.code, SECRET_WORDS, &[pdf("panduan")]).await;
    let attempts = notifier(smtp_settings(smtp.port), &stores)
        .await
        .deliver(&*stores.cases, &case.code, false, Utc::now())
        .await
        .unwrap();
    assert!(
        attempts.contains(&(
            Notice::ReporterMessage { message: 1 },
            NoticeOutcome::Delivered
        )),
        "{attempts:?}"
    );
    let mail = smtp
        .message_to(EMAIL)
        .into_iter()
        .find(|m| m.contains("Pesan baru"))
        .expect("the reporter's notice");
    assert!(!mail.contains(SECRET_WORDS), "{mail}");
    assert!(!mail.contains("Attachment:"), "{mail}");
    assert!(
        mail.contains(&format!(
            "https://csirt.tegalkab.go.id/status/?code={}",
            case.code
        )),
        "{mail}"
    );
    // Delivered once: the next run owes nothing.
    let again = notifier(smtp_settings(smtp.port), &stores)
        .await
        .deliver(&*stores.cases, &case.code, false, Utc::now())
        .await
        .unwrap();
    assert!(again.is_empty(), "{again:?}");
}

#[tokio::test]
async fn a_case_set_to_reply_by_email_only_sends_the_text_and_files_with_the_team_to_reply_to() {
    let smtp = SmtpServer::start();
    let stores = Stores::new();
    let case = stores.file(&tegal(), "en", Utc::now()).await;
    apply_change(
        &*stores.cases,
        &case.code,
        Change::SetReplyChannel { email_only: true },
        staff(),
        Utc::now(),
    )
    .await
    .unwrap();
    let guide = pdf("recovery-guide");
    team_writes(
        &stores,
        &case.code,
        SECRET_WORDS,
        std::slice::from_ref(&guide),
    )
    .await;
    notifier(smtp_settings(smtp.port), &stores)
        .await
        .deliver(&*stores.cases, &case.code, false, Utc::now())
        .await
        .unwrap();
    let mail = smtp
        .message_to(EMAIL)
        .into_iter()
        .find(|m| m.contains("New message"))
        .expect("the reporter's message");
    assert!(mail.contains(SECRET_WORDS), "{mail}");
    assert!(mail.contains("Reply-To: tim@tegalkab.go.id"), "{mail}");
    assert!(
        mail.contains(&format!(
            "Attachment: recovery-guide.pdf application/pdf attachment {}",
            guide.sha256()
        )),
        "{mail}"
    );
}

#[tokio::test]
async fn the_team_hears_of_a_reply_by_mail_and_webhook_without_its_text() {
    let smtp = SmtpServer::start();
    let hook = WebhookReceiver::start(200).await;
    let stores = Stores::new();
    let case = stores.file(&tegal(), "id", Utc::now()).await;
    let evidence = EvidenceFile::from_upload(b"log baris satu\n".to_vec()).unwrap();
    post_reply(
        &*stores.cases,
        &*stores.evidence,
        &case.code,
        &Default::default(),
        Reply {
            text: MessageText::parse(SECRET_WORDS).unwrap(),
            files: &[evidence],
            key_hash: None,
            at: Utc::now(),
        },
    )
    .await
    .unwrap();
    let mut settings = smtp_settings(smtp.port);
    settings.webhook = Some(hook.url.parse().unwrap());
    let attempts = notifier(settings, &stores)
        .await
        .deliver(&*stores.cases, &case.code, false, Utc::now())
        .await
        .unwrap();
    for via in [Via::Email, Via::Webhook] {
        assert!(
            attempts.contains(&(
                Notice::TeamReporterReplied { message: 1, via },
                NoticeOutcome::Delivered
            )),
            "{attempts:?}"
        );
    }
    let team = smtp
        .message_to("tim@tegalkab.go.id")
        .into_iter()
        .find(|m| m.contains("Balasan pelapor"))
        .expect("the team's notice");
    assert!(team.contains(&case.code.to_string()), "{team}");
    assert!(team.contains("1 berkas bukti tambahan"), "{team}");
    let bodies = hook.bodies.lock().unwrap().join("\n");
    for sent in [team.as_str(), bodies.as_str()] {
        assert!(!sent.contains(SECRET_WORDS), "{sent}");
        for personal in [NAME, EMAIL, PHONE] {
            assert!(!sent.contains(personal), "{personal} in {sent}");
        }
    }
    assert!(bodies.contains(&case.code.to_string()), "{bodies}");
}

#[tokio::test]
async fn the_closing_email_attaches_the_certificate_and_never_a_letter_for_the_owner() {
    let smtp = SmtpServer::start();
    let stores = Stores::new();
    let now = Utc::now();
    let case = stores.file(&tegal(), "id", now).await;
    let certificate = pdf("sertifikat-apresiasi");
    let letter = pdf("surat-pemberitahuan");
    for file in [&certificate, &letter] {
        stores.evidence.put(case.code.key(), file).await.unwrap();
    }
    let document = |kind, number: &str, file: &EvidenceFile| Change::IssueDocument {
        document: DocumentRecord {
            kind,
            number: number.into(),
            issued_at: now,
            tlp: Tlp::Clear,
            file: Some(file.reference()),
            verification: None,
            sha256: None,
            pdf_sha256: None,
        },
    };
    let changes = vec![
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Invalid,
            reason: Some(StaffText::parse("Bukan insiden siber.").unwrap()),
        },
        // A letter wrongly carrying a kept file: still never the reporter's.
        document(
            DocumentKind::NotificationLetter,
            "003/SPIS/TegalKab-CSIRT/XI/2026",
            &letter,
        ),
        document(
            DocumentKind::CertificateOfAppreciation,
            "008/SA/TegalKab-CSIRT/XI/2026",
            &certificate,
        ),
        Change::Close {
            hall_of_fame: false,
        },
    ];
    for change in changes {
        apply_change(&*stores.cases, &case.code, change, staff(), now)
            .await
            .unwrap();
    }
    notifier(smtp_settings(smtp.port), &stores)
        .await
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    let closing = smtp
        .message_to(EMAIL)
        .into_iter()
        .find(|m| m.contains("selesai ditangani"))
        .expect("the closing e-mail");
    assert!(closing.contains("terlampir pada e-mail ini"), "{closing}");
    let attachments: Vec<&str> = closing
        .lines()
        .filter(|l| l.starts_with("Attachment:"))
        .collect();
    assert_eq!(
        attachments,
        [format!(
            "Attachment: sertifikat-apresiasi.pdf application/pdf attachment {}",
            certificate.sha256()
        )
        .as_str()]
    );
    assert!(!closing.contains(&sha256_hex(letter.bytes())));
}
