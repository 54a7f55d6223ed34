//! Messages through a real SMTP server (aiosmtpd on loopback) and a webhook receiver: what arrives, what it
//! leaves out, failures recorded and retried, closing messages and reminders once per overdue step.

use crate::support::*;
use chrono::{TimeDelta, TimeZone, Utc};
use csirt_domain::case::{
    Actor, Change, Classification, DocumentKind, DocumentRecord, Notice, NoticeOutcome, Priority,
    Verdict, Via,
};
use csirt_domain::sop::SopProfile;
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::{ActorName, StaffText};
use csirt_domain::tlp::Tlp;
use csirt_notify::Notifier;
use csirt_store::{CaseStore, apply_change};

fn tegal() -> SopProfile {
    SopProfile::builtin("tegal").unwrap()
}

async fn notifier(settings: csirt_notify::NotifySettings) -> Notifier {
    Notifier::new(
        settings,
        csirt_domain::team::Procedure::of(tegal()).unwrap(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_team_and_the_reporter_hear_of_a_new_report_without_contact_data_to_the_team() {
    let smtp = SmtpServer::start();
    let stores = Stores::new();
    let now = Utc::now();
    let case = stores.file(&tegal(), "en", now).await;
    let code = case.code.to_string();
    let attempts = notifier(smtp_settings(smtp.port))
        .await
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    let notices: Vec<_> = attempts
        .iter()
        .map(|(n, o)| (n.clone(), o.clone()))
        .collect();
    assert_eq!(
        notices,
        [
            (
                Notice::TeamNewReport { via: Via::Email },
                NoticeOutcome::Delivered
            ),
            (Notice::ReporterAcknowledged, NoticeOutcome::Delivered)
        ]
    );

    let team = smtp.message_to("tim@tegalkab.go.id");
    assert_eq!(team.len(), 1);
    let team = &team[0];
    assert!(
        team.contains(&format!("Subject: [TLP:AMBER] Laporan insiden baru {code}")),
        "{team}"
    );
    assert!(
        team.contains("Akses informasi tanpa izin") || team.contains("unauthorised"),
        "{team}"
    );
    assert!(team.contains("https://beasiswa.tegalkab.go.id/daftar"));
    assert!(team.contains(&format!("csirt case show {code}")));
    for secret in [NAME, EMAIL, PHONE, DESCRIPTION] {
        assert!(
            !team.contains(secret),
            "{secret} in the team's message:\n{team}"
        );
    }

    // The reporter wrote in English: the acknowledgement is English, with the code and the English status page.
    let ack = smtp.message_to(EMAIL);
    assert_eq!(ack.len(), 1);
    assert!(
        ack[0].contains(&format!("Subject: Your report has been received: {code}")),
        "{}",
        ack[0]
    );
    assert!(ack[0].contains(&format!(
        "https://csirt.tegalkab.go.id/en/status/?code={code}"
    )));

    // Recorded on the case; nothing is owed any more.
    let stored = stores.cases.get(&case.code).await.unwrap().unwrap();
    assert!(stored.delivered(&Notice::TeamNewReport { via: Via::Email }));
    assert!(stored.delivered(&Notice::ReporterAcknowledged));
    let again = notifier(smtp_settings(smtp.port))
        .await
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(smtp.messages().len(), 2);
}

#[tokio::test]
async fn a_failed_message_is_recorded_and_delivered_on_the_next_run() {
    let stores = Stores::new();
    let now = Utc::now();
    let case = stores.file(&tegal(), "id", now).await;
    // Nothing listens on this port.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let attempts = notifier(smtp_settings(dead))
        .await
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    assert_eq!(attempts.len(), 2);
    assert!(
        attempts
            .iter()
            .all(|(_, o)| matches!(o, NoticeOutcome::Failed { .. })),
        "{attempts:?}"
    );
    let stored = stores.cases.get(&case.code).await.unwrap().unwrap();
    let record = stored
        .notice(&Notice::TeamNewReport { via: Via::Email })
        .unwrap();
    assert_eq!(record.attempts, 1);
    assert!(
        record.last_error.as_deref().unwrap().contains("SMTP"),
        "{record:?}"
    );
    assert_eq!(
        stored.report.description.as_str(),
        DESCRIPTION,
        "the report is untouched"
    );

    let smtp = SmtpServer::start();
    let retried = notifier(smtp_settings(smtp.port))
        .await
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    assert!(
        retried.iter().all(|(_, o)| *o == NoticeOutcome::Delivered),
        "{retried:?}"
    );
    let stored = stores.cases.get(&case.code).await.unwrap().unwrap();
    let record = stored
        .notice(&Notice::TeamNewReport { via: Via::Email })
        .unwrap();
    assert_eq!((record.attempts, record.last_error.clone()), (2, None));
    assert_eq!(smtp.messages().len(), 2);
}

#[tokio::test]
async fn the_reporter_hears_of_the_closing_with_the_certificate() {
    let smtp = SmtpServer::start();
    let stores = Stores::new();
    let now = Utc::now();
    let case = stores.file(&tegal(), "id", now).await;
    let staff = Actor::Staff(ActorName::parse("andi").unwrap());
    let text = |s: &str| StaffText::parse(s).unwrap();
    let changes = vec![
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Valid,
            reason: None,
        },
        Change::Classify {
            classification: Classification {
                incident: IncidentType::parse(
                    "information-content-security",
                    "unauthorised-information-access",
                )
                .unwrap(),
                priority: Priority::High,
                tlp: Tlp::Amber,
            },
        },
        Change::RecordAnalysis {
            analysis: text("Kontrol akses lemah."),
            recommendations: text("Perbaiki otorisasi."),
        },
        Change::IssueDocument {
            document: DocumentRecord {
                kind: DocumentKind::CertificateOfAppreciation,
                number: "007/SA/TegalKab-CSIRT/XI/2026".into(),
                issued_at: now,
                tlp: Tlp::Clear,
                file: None,
                verification: None,
                sha256: None,
                pdf_sha256: None,
            },
        },
        Change::Resolve {
            summary: text("Diperbaiki."),
        },
        Change::Close {
            hall_of_fame: false,
        },
    ];
    for change in changes {
        apply_change(&*stores.cases, &case.code, change, staff.clone(), now)
            .await
            .unwrap();
    }
    let attempts = notifier(smtp_settings(smtp.port))
        .await
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    assert!(
        attempts
            .iter()
            .any(|(n, o)| *n == Notice::ReporterClosed && *o == NoticeOutcome::Delivered),
        "{attempts:?}"
    );
    let to_reporter = smtp.message_to(EMAIL);
    let closing = to_reporter
        .iter()
        .find(|m| m.contains("selesai ditangani"))
        .unwrap();
    assert!(
        closing.contains("007/SA/TegalKab-CSIRT/XI/2026"),
        "{closing}"
    );
    assert!(closing.contains(&format!(
        "https://csirt.tegalkab.go.id/status/?code={}",
        case.code
    )));
}

#[tokio::test]
async fn an_overdue_step_reminds_the_team_once_by_mail_and_webhook() {
    let smtp = SmtpServer::start();
    let hook = WebhookReceiver::start(200).await;
    let stores = Stores::new();
    // Received on a working Monday morning; now is that afternoon: Tegal's 10-minute steps are long overdue.
    let received = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
    let now = received + TimeDelta::hours(5);
    let case = stores.file(&tegal(), "id", received).await;
    // Two assignees for the second step, one for the whole case (which completes step 1, the report received,
    // at once), one for a later step: step 2's reminder names the first three, never the fourth.
    let staff = Actor::Staff(ActorName::parse("andi").unwrap());
    for (who, step) in [
        ("Tim Penerima", Some(2)),
        ("budi", Some(2)),
        ("koordinator", None),
        ("Tim Forensik", Some(6)),
    ] {
        let change = Change::Assign {
            handler: ActorName::parse(who).unwrap(),
            step,
        };
        apply_change(&*stores.cases, &case.code, change, staff.clone(), received)
            .await
            .unwrap();
    }
    let case = stores.cases.get(&case.code).await.unwrap().unwrap();
    let mut settings = smtp_settings(smtp.port);
    settings.webhook = Some(url::Url::parse(&hook.url).unwrap());
    let notifier = notifier(settings).await;
    let events = stores.cases.events(&case.code).await.unwrap();
    let due = notifier.due_reminders(&case, &events, now);
    assert!(!due.is_empty(), "step 2 is overdue");
    assert!(
        due.iter().any(|n| matches!(
            n,
            Notice::Reminder {
                step: 2,
                via: Via::Webhook,
                ..
            }
        )),
        "{due:?}"
    );
    assert!(
        due.iter()
            .all(|n| !matches!(n, Notice::Reminder { step: 1, .. })),
        "step 1 was completed by the assignment: {due:?}"
    );

    let attempts = notifier
        .deliver(&*stores.cases, &case.code, true, now)
        .await
        .unwrap();
    let reminders = attempts
        .iter()
        .filter(|(n, _)| matches!(n, Notice::Reminder { .. }))
        .count();
    assert_eq!(reminders, due.len());
    assert!(
        attempts.iter().all(|(_, o)| *o == NoticeOutcome::Delivered),
        "{attempts:?}"
    );
    let mails = smtp.message_to("tim@tegalkab.go.id");
    let first_step = mails
        .iter()
        .find(|m| m.contains("Pengingat") && m.contains("Meneruskan laporan"))
        .unwrap_or_else(|| panic!("no reminder of step 2 in {mails:?}"));
    assert!(
        first_step.contains("Tim Penerima; budi; koordinator")
            && !first_step.contains("Tim Forensik"),
        "{first_step}"
    );
    let bodies = hook.bodies.lock().unwrap().clone();
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("Laporan insiden baru") && b.contains(&case.code.to_string())),
        "{bodies:?}"
    );
    assert!(bodies.iter().any(|b| b.contains("Pengingat")), "{bodies:?}");
    for body in &bodies {
        for secret in [NAME, EMAIL, PHONE, DESCRIPTION] {
            assert!(!body.contains(secret), "{secret} in a webhook message");
        }
    }
    // A second run an hour later sends no reminder again for the same steps.
    let again = notifier
        .deliver(&*stores.cases, &case.code, true, now + TimeDelta::hours(1))
        .await
        .unwrap();
    assert!(
        again
            .iter()
            .all(|(n, _)| !matches!(n, Notice::Reminder { step, .. } if *step <= 2)),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_webhook_that_refuses_is_a_failure_on_the_case() {
    let hook = WebhookReceiver::start(500).await;
    let stores = Stores::new();
    let now = Utc::now();
    let case = stores.file(&tegal(), "id", now).await;
    let settings = csirt_notify::NotifySettings::from_lookup(&|name| match name {
        "CSIRT_WEBHOOK_URL" => Some(hook.url.clone()),
        _ => None,
    })
    .unwrap();
    let attempts = notifier(settings)
        .await
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    assert_eq!(attempts.len(), 1, "no e-mail configured: the webhook only");
    let (notice, outcome) = &attempts[0];
    assert_eq!(*notice, Notice::TeamNewReport { via: Via::Webhook });
    assert!(
        matches!(outcome, NoticeOutcome::Failed { reason } if reason.contains("500")),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_failing_webhooks_secret_url_is_never_recorded() {
    const TOKEN: &str = "123456789:AAE-rahasia-token-bot";
    let refusing = WebhookReceiver::start(500).await;
    // Nothing listens on this port: the request cannot connect.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let now = Utc::now();
    for url in [
        format!("{}/bot{TOKEN}/sendMessage?chat_id=-100", refusing.url),
        format!("http://{closed}/bot{TOKEN}/sendMessage?chat_id=-100"),
    ] {
        let stores = Stores::new();
        let case = stores.file(&tegal(), "id", now).await;
        let settings = csirt_notify::NotifySettings::from_lookup(&|name| match name {
            "CSIRT_WEBHOOK_URL" => Some(url.clone()),
            _ => None,
        })
        .unwrap();
        let attempts = notifier(settings)
            .await
            .deliver(&*stores.cases, &case.code, false, now)
            .await
            .unwrap();
        let NoticeOutcome::Failed { reason } = &attempts[0].1 else {
            panic!("{attempts:?}");
        };
        assert!(reason.starts_with("webhook at 127.0.0.1: "), "{reason}");
        let events =
            serde_json::to_string(&stores.cases.events(&case.code).await.unwrap()).unwrap();
        for place in [reason.as_str(), events.as_str()] {
            assert!(
                !place.contains(TOKEN) && !place.contains("sendMessage"),
                "{place}"
            );
        }
    }
}
