//! `csirt notify` when the SMTP server refuses the login: the command fails and says which messages failed and
//! why by kind and host, but neither its output nor the case's events hold the SMTP URL's user or password, even
//! from a server that repeats them in its refusal.

use super::seeds::*;
use csirt_test_kit::smtp::RefusingSmtpServer;

const USER: &str = "relay-tegal";
const PASSWORD: &str = "Rahasia-Relay-9931";

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_smtp_login_shows_no_credentials_in_the_output_or_the_events() {
    let server = RefusingSmtpServer::start();
    let site = SeedSite::new("bali");
    let code = site
        .submit("wayan_s", "intrusions", "application-compromise")
        .await;
    let url = format!("smtp://{USER}:{PASSWORD}@127.0.0.1:{}", server.port);
    for json in [false, true] {
        let mut args = vec!["notify"];
        if json {
            args.push("--json");
        }
        let output = site
            .csirt_command(&args)
            .env("CSIRT_SMTP_URL", &url)
            .env("CSIRT_MAIL_FROM", "csirt@baliprov.go.id")
            .env("CSIRT_TEAM_EMAIL", "tim@baliprov.go.id")
            .env_remove("CSIRT_MAIL")
            .env_remove("CSIRT_WEBHOOK_URL")
            .output()
            .unwrap();
        let printed = format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!output.status.success(), "{printed}");
        assert!(
            printed.contains("SMTP server 127.0.0.1: the login was refused (reply 535)"),
            "{printed}"
        );
        for secret in [PASSWORD, USER] {
            assert!(!printed.contains(secret), "{secret} in:\n{printed}");
        }
        assert!(
            !printed.contains(EMAIL),
            "the reporter's address in:\n{printed}"
        );
    }
    let history = site.csirt(&["case", "show", &code, "--json"]);
    assert!(history.contains("the login was refused"), "{history}");
    for secret in [PASSWORD, USER] {
        assert!(!history.contains(secret), "{secret} in:\n{history}");
    }
}
