//! Messages after a report is stored: a mail server that is down never fails or loses the report; the failure
//! is recorded on the case for `csirt notify` to retry, and the log names no address.

use crate::support::*;
use csirt_domain::case::{Notice, Via};
use csirt_domain::tracking::TrackingCode;

#[tokio::test]
async fn a_mail_server_that_is_down_does_not_fail_the_report() {
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let smtp = format!("smtp://127.0.0.1:{dead}");
    let pairs = [
        ("CSIRT_SMTP_URL", smtp.as_str()),
        ("CSIRT_MAIL_FROM", "csirt@tegalkab.go.id"),
        ("CSIRT_TEAM_EMAIL", "tim@tegalkab.go.id"),
    ];
    let app = app_configured(&pairs, |state, settings| async move {
        let notifier =
            csirt_notify::Notifier::new(settings.notify.clone(), settings.team.procedure.clone())
                .await
                .unwrap();
        state.with_notifier(notifier)
    })
    .await;
    let reply = app.post_json(&report_json(), &[]).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let code = TrackingCode::parse(reply.json()["tracking_code"].as_str().unwrap()).unwrap();
    let case = app.cases.get(&code).await.unwrap().unwrap();
    let team = case
        .notice(&Notice::TeamNewReport { via: Via::Email })
        .unwrap();
    assert_eq!(team.attempts, 1);
    assert!(
        team.delivered_at.is_none() && team.last_error.is_some(),
        "{team:?}"
    );
    assert!(
        case.notice(&Notice::ReporterAcknowledged).is_some(),
        "the reporter gave an e-mail address"
    );
    assert_eq!(app.status(&code.to_string(), &[]).await.status, 200);
}
