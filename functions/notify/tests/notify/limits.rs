//! One reporter address gets so many e-mails a day (`CSIRT_REPORTER_MAIL_LIMIT`): reports filed in someone
//! else's name do not flood their mailbox. What is over the limit is withheld, recorded on the case and never
//! retried; the counter holds no address; a send that fails gives its claim back.

use crate::support::*;
use chrono::Utc;
use csirt_domain::case::{Notice, NoticeOutcome, Via};
use csirt_domain::sop::SopProfile;
use csirt_notify::{Notifier, NotifySettings};
use csirt_store::CaseStore;

fn tegal() -> SopProfile {
    SopProfile::builtin("tegal").unwrap()
}

/// SMTP settings on `port` with at most `limit` e-mails per reporter address a day.
fn limited(port: u16, limit: &str) -> NotifySettings {
    NotifySettings {
        reporter_mail_limit: limit.parse().ok(),
        ..smtp_settings(port)
    }
}

async fn notifier(settings: NotifySettings) -> Notifier {
    Notifier::new(
        settings,
        csirt_domain::team::Procedure::of(tegal()).unwrap(),
    )
    .await
    .unwrap()
}

/// The rows of the store's counters: bucket and count.
fn counters(stores: &Stores) -> Vec<(String, i64)> {
    let db = rusqlite::Connection::open(stores.cases.path()).unwrap();
    let mut statement = db
        .prepare("SELECT bucket, hits FROM rate_limits ORDER BY bucket")
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn an_address_gets_its_acknowledgements_up_to_the_limit_and_the_rest_is_withheld() {
    let smtp = SmtpServer::start();
    let stores = Stores::new();
    let now = Utc::now();
    let notifier = notifier(limited(smtp.port, "2")).await;
    let mut outcomes = Vec::new();
    for _ in 0..4 {
        let case = stores.file(&tegal(), "id", now).await;
        let attempts = notifier
            .deliver(&*stores.cases, &case.code, false, now)
            .await
            .unwrap();
        // The team hears of every report; only the reporter's e-mails are limited.
        assert!(attempts.contains(&(
            Notice::TeamNewReport { via: Via::Email },
            NoticeOutcome::Delivered
        )));
        let (_, ack) = attempts
            .iter()
            .find(|(notice, _)| *notice == Notice::ReporterAcknowledged)
            .unwrap();
        outcomes.push((case.code.clone(), ack.clone()));
    }
    let acks: Vec<&NoticeOutcome> = outcomes.iter().map(|(_, outcome)| outcome).collect();
    assert_eq!(
        acks,
        [
            &NoticeOutcome::Delivered,
            &NoticeOutcome::Delivered,
            &NoticeOutcome::Withheld,
            &NoticeOutcome::Withheld
        ]
    );
    assert_eq!(
        smtp.message_to(EMAIL).len(),
        2,
        "two e-mails reached the address"
    );
    assert_eq!(smtp.message_to("tim@tegalkab.go.id").len(), 4);

    // A withheld acknowledgement is settled: recorded on the case, never sent by a later run.
    let (withheld, _) = &outcomes[3];
    let case = stores.cases.get(withheld).await.unwrap().unwrap();
    let record = case.notice(&Notice::ReporterAcknowledged).unwrap();
    assert!(record.withheld_at.is_some() && record.delivered_at.is_none());
    let later = notifier
        .deliver(&*stores.cases, withheld, false, now)
        .await
        .unwrap();
    assert!(later.is_empty(), "{later:?}");
    assert_eq!(smtp.message_to(EMAIL).len(), 2);

    // The counter is keyed by an HMAC, not by the address, and counts what was sent.
    let rows = counters(&stores);
    let mail: Vec<_> = rows
        .iter()
        .filter(|(b, _)| b.starts_with("mail#"))
        .collect();
    assert_eq!(mail.len(), 1, "{rows:?}");
    assert_eq!(mail[0].1, 2);
    let bucket = &mail[0].0;
    assert_eq!(bucket.len(), "mail#".len() + 64, "{bucket}");
    for clear in [EMAIL, "wulan", "contoh.id"] {
        assert!(!bucket.contains(clear), "{bucket}");
    }
    assert_ne!(
        bucket.trim_start_matches("mail#"),
        csirt_domain::digest::sha256_hex(EMAIL.as_bytes())
    );
}

#[tokio::test]
async fn without_a_limit_every_acknowledgement_is_sent() {
    let smtp = SmtpServer::start();
    let stores = Stores::new();
    let now = Utc::now();
    let notifier = notifier(limited(smtp.port, "off")).await;
    for _ in 0..3 {
        let case = stores.file(&tegal(), "id", now).await;
        notifier
            .deliver(&*stores.cases, &case.code, false, now)
            .await
            .unwrap();
    }
    assert_eq!(smtp.message_to(EMAIL).len(), 3);
    assert!(counters(&stores).is_empty());
}

#[tokio::test]
async fn a_send_that_fails_gives_its_claim_back() {
    // Nothing listens on this port: every send fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let stores = Stores::new();
    let now = Utc::now();
    let case = stores.file(&tegal(), "id", now).await;
    let down = notifier(limited(closed, "1")).await;
    for _ in 0..3 {
        let attempts = down
            .deliver(&*stores.cases, &case.code, false, now)
            .await
            .unwrap();
        assert!(
            attempts
                .iter()
                .all(|(_, outcome)| matches!(outcome, NoticeOutcome::Failed { .. })),
            "{attempts:?}"
        );
    }
    // Once the server is back, the acknowledgement still goes: the failed tries used none of the day's one.
    let smtp = SmtpServer::start();
    let attempts = notifier(limited(smtp.port, "1"))
        .await
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    assert!(
        attempts.contains(&(Notice::ReporterAcknowledged, NoticeOutcome::Delivered)),
        "{attempts:?}"
    );
    assert_eq!(smtp.message_to(EMAIL).len(), 1);
}
