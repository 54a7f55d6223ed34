//! An SMTP login that fails: the failure is recorded and shown by its kind and the server's host, never with the
//! SMTP URL's user or password, nor the server's own answer (a careless server repeats the credentials in it).

use crate::support::*;
use chrono::Utc;
use csirt_domain::case::{Notice, NoticeOutcome};
use csirt_domain::sop::SopProfile;
use csirt_notify::{Notifier, NotifySettings};
use csirt_store::CaseStore;
use csirt_test_kit::smtp::RefusingSmtpServer;

const USER: &str = "csirt-relay";
const PASSWORD: &str = "S4ndi-Rahasia-SMTP";

#[tokio::test]
async fn a_refused_login_is_recorded_without_the_credentials() {
    let server = RefusingSmtpServer::start();
    let stores = Stores::new();
    let now = Utc::now();
    let profile = SopProfile::builtin("tegal").unwrap();
    let case = stores.file(&profile, "id", now).await;
    let url = format!("smtp://{USER}:{PASSWORD}@127.0.0.1:{}", server.port);
    let settings = NotifySettings::from_lookup(&|name| match name {
        "CSIRT_SMTP_URL" => Some(url.clone()),
        "CSIRT_MAIL_FROM" => Some("csirt@tegalkab.go.id".into()),
        "CSIRT_TEAM_EMAIL" => Some("tim@tegalkab.go.id".into()),
        _ => None,
    })
    .unwrap();
    let notifier = Notifier::new(
        settings,
        csirt_domain::team::Procedure::of(profile).unwrap(),
    )
    .await
    .unwrap();
    let attempts = notifier
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    let events = serde_json::to_string(&stores.cases.events(&case.code).await.unwrap()).unwrap();
    let record = serde_json::to_string(&stores.cases.get(&case.code).await.unwrap()).unwrap();
    for (notice, outcome) in &attempts {
        let NoticeOutcome::Failed { reason } = outcome else {
            panic!("{notice:?}: {outcome:?}");
        };
        assert_eq!(
            reason, "SMTP server 127.0.0.1: the login was refused (reply 535)",
            "{notice:?}"
        );
    }
    assert!(
        attempts
            .iter()
            .any(|(n, _)| *n == Notice::ReporterAcknowledged)
    );
    // The reason names no address either (the record itself holds the reporter's, as it should).
    for place in [format!("{attempts:?}"), events.clone()] {
        assert!(!place.contains(EMAIL), "{place}");
    }
    for place in [format!("{attempts:?}"), events, record] {
        for secret in [PASSWORD, USER] {
            assert!(!place.contains(secret), "{secret} in {place}");
        }
    }
}
