//! Single sign-on through a real OpenID Connect provider: oidc-provider-mock, which `tests/run` starts on
//! loopback (`start_oidc_provider` in tests/support/services.sh) with the console registered as a client. Each
//! test tells the provider who the person is (`PUT /users/{sub}` with their claims), begins the sign-on through
//! the library, answers the provider's authorization form as that person (a `POST` of `sub` to the
//! authorization URL, whose redirect, not followed, carries `code` and `state`), and finishes it through the
//! library. On the SQLite store: the store plays no part in the protocol.

use std::sync::Arc;

use chrono::{TimeDelta, Utc};
use csirt_domain::account::{AccountChange, AuditEvent, SignInMethod};
use csirt_domain::team::{Procedure, TeamFile};
use csirt_staff::accounts::{
    PendingSignOn, begin_single_sign_on, disable_account, finish_single_sign_on, session_staffer,
};
use csirt_staff::{Desk, ErrorKind, StaffError};
use csirt_store::CaseStore;
use csirt_store::evidence::DirectoryEvidence;
use csirt_test_kit::paths::team_file;
use url::Url;

use crate::accounts::support::{self, add, at, signed_in, sqlite};

/// The variable holding the client secret the provider issued (tests/support/services.sh exports it).
const SECRET_VARIABLE: &str = "CSIRT_TEST_OIDC_CLIENT_SECRET";

/// What every refusal for an answer that cannot be trusted says.
const NOT_VERIFIED: &str =
    "sign-in refused: the single sign-on could not be verified; start again from the sign-in page";

/// The provider tests/run started, and the client registered with it.
struct Provider {
    issuer: String,
    client_id: String,
    redirect: Url,
}

fn variable(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: the single sign-on tests need the OpenID Connect provider that tests/run starts; \
             run tests/run, or `source tests/support/services.sh; start_oidc_provider` before cargo test"
        )
    })
}

fn provider() -> Provider {
    let provider = Provider {
        issuer: variable("CSIRT_TEST_OIDC_ISSUER"),
        client_id: variable("CSIRT_TEST_OIDC_CLIENT_ID"),
        redirect: Url::parse(&variable("CSIRT_TEST_OIDC_REDIRECT_URL")).unwrap(),
    };
    variable(SECRET_VARIABLE);
    provider
}

/// A desk on `store` whose team file is the shipped one with `[single_sign_on]` for `provider` plus `extra`
/// lines (say `login_claim = "email"`), loaded (and so checked) as the console would load it.
fn sso_desk(store: &Arc<dyn CaseStore>, provider: &Provider, extra: &str) -> Desk {
    let dir = tempfile::tempdir().unwrap().keep();
    let path = dir.join("config.toml");
    let shipped = std::fs::read_to_string(team_file()).unwrap();
    let secret_line = if extra.contains("client_secret_variable") {
        String::new()
    } else {
        format!("client_secret_variable = \"{SECRET_VARIABLE}\"\n")
    };
    let section = format!(
        "\n[single_sign_on]\nissuer = \"{}\"\nclient_id = \"{}\"\n{secret_line}{extra}\n",
        provider.issuer, provider.client_id
    );
    std::fs::write(&path, format!("{shipped}{section}")).unwrap();
    let mut team = TeamFile::load(&path).unwrap();
    team.procedure = Procedure::builtin("tegal").unwrap();
    Desk::new(
        team,
        Arc::clone(store),
        Arc::new(DirectoryEvidence::open(dir.join("evidence")).unwrap()),
    )
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A person known to the provider with `claims`; returns their subject (unique: the provider is shared by every
/// test and run).
async fn person(provider: &Provider, claims: serde_json::Value) -> String {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).unwrap();
    let sub = format!("pegawai-{}", hex::encode(random));
    let answer = http()
        .put(format!("{}/users/{sub}", provider.issuer))
        .json(&claims)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 204, "{}", answer.text().await.unwrap());
    sub
}

/// Answers the provider's authorization form at `url` as `sub`: the `state` and `code` of its redirect to the
/// console's callback.
async fn authorize(provider: &Provider, url: &Url, sub: &str) -> (String, String) {
    let answer = http()
        .post(url.clone())
        .form(&[("sub", sub)])
        .send()
        .await
        .unwrap();
    assert!(
        answer.status().is_redirection(),
        "the provider answered {}: {}",
        answer.status(),
        answer.text().await.unwrap()
    );
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    let back = Url::parse(&location).unwrap();
    assert_eq!(
        back.as_str().split('?').next(),
        provider.redirect.as_str().split('?').next(),
        "sent back to the console's callback"
    );
    let parameter = |name: &str| {
        back.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .unwrap_or_else(|| panic!("no {name} in {location}"))
    };
    (parameter("state"), parameter("code"))
}

/// Begins a sign-on on `desk` and answers the provider as `sub`: what was kept, the returned state and code.
async fn signed_on_at_provider(
    desk: &Desk,
    provider: &Provider,
    sub: &str,
) -> (PendingSignOn, String, String) {
    let (url, pending) = begin_single_sign_on(desk, &provider.redirect)
        .await
        .unwrap();
    let (state, code) = authorize(provider, &url, sub).await;
    (pending, state, code)
}

async fn audit_log(store: &Arc<dyn CaseStore>) -> Vec<AuditEvent> {
    store.audit_log().await.unwrap()
}

fn refusals(log: &[AuditEvent]) -> Vec<String> {
    log.iter()
        .filter_map(|event| match &event.change {
            AccountChange::SignInRefused { login, reason } => Some(format!("{login}: {reason}")),
            _ => None,
        })
        .collect()
}

fn sign_ins(log: &[AuditEvent]) -> Vec<String> {
    log.iter()
        .filter_map(|event| match &event.change {
            AccountChange::SignedIn { login, method } => Some(format!("{login} {method:?}")),
            _ => None,
        })
        .collect()
}

fn refused(error: &StaffError) -> String {
    assert_eq!(error.kind(), ErrorKind::Refused, "{error}");
    error.to_string()
}

#[tokio::test]
async fn an_enabled_account_named_by_the_claim_signs_in() {
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(&store, &provider, "");
    add(&desk, None, "ayu", &["admin", "tim"]).await;
    let sub = person(
        &provider,
        serde_json::json!({"preferred_username": "ayu", "email": "ayu@tegalkab.go.id"}),
    )
    .await;

    let (url, pending) = begin_single_sign_on(&desk, &provider.redirect)
        .await
        .unwrap();
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let sent = |name: &str| {
        query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    assert!(
        url.as_str()
            .starts_with(&format!("{}/oauth2/authorize?", provider.issuer)),
        "{url}"
    );
    assert_eq!(sent("client_id"), Some(provider.client_id.clone()));
    assert_eq!(sent("response_type").as_deref(), Some("code"));
    assert_eq!(sent("code_challenge_method").as_deref(), Some("S256"));
    assert!(
        sent("code_challenge").is_some_and(|c| c.len() == 43),
        "{url}"
    );
    assert!(sent("scope").is_some_and(|s| s.split(' ').any(|s| s == "openid")));
    assert_eq!(sent("redirect_uri"), Some(provider.redirect.to_string()));
    let state = sent("state").unwrap();
    let nonce = sent("nonce").unwrap();
    let shown = format!("{pending:?}");
    assert!(
        !shown.contains(&state) && !shown.contains(&nonce) && shown.contains("[redacted]"),
        "no secret in Debug: {shown}"
    );
    // What the console keeps (in a cookie, say) comes back as it went.
    let kept: PendingSignOn =
        serde_json::from_str(&serde_json::to_string(&pending).unwrap()).unwrap();

    let (returned_state, code) = authorize(&provider, &url, &sub).await;
    assert_eq!(returned_state, state);
    let now = Utc::now();
    let (staffer, token) = finish_single_sign_on(&desk, &kept, &returned_state, &code, now)
        .await
        .unwrap();
    assert_eq!(staffer.login().as_str(), "ayu");
    assert_eq!(staffer.method(), SignInMethod::SingleSignOn);
    let session = session_staffer(&desk, token.as_str(), now + TimeDelta::minutes(5))
        .await
        .unwrap();
    assert_eq!(session.login().as_str(), "ayu");
    assert_eq!(session.method(), SignInMethod::SingleSignOn);

    let log = audit_log(&store).await;
    assert_eq!(sign_ins(&log), ["ayu SingleSignOn"]);
    assert!(refusals(&log).is_empty(), "{:?}", refusals(&log));
    let text = serde_json::to_string(&log).unwrap();
    assert!(text.contains("\"method\":\"single_sign_on\""), "{text}");
    let secret = variable(SECRET_VARIABLE);
    for kept_secret in [
        state.as_str(),
        nonce.as_str(),
        code.as_str(),
        secret.as_str(),
    ] {
        assert!(!text.contains(kept_secret), "no secret in the audit log");
    }
}

#[tokio::test]
async fn a_custom_claim_can_name_the_login() {
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(&store, &provider, "login_claim = \"staff_login\"");
    add(&desk, None, "budi", &["admin"]).await;
    // Another person's login in the standard claim: only the configured one counts.
    let sub = person(
        &provider,
        serde_json::json!({"staff_login": "budi", "preferred_username": "ayu"}),
    )
    .await;
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &sub).await;
    let (staffer, _) = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .unwrap();
    assert_eq!(staffer.login().as_str(), "budi");
}

#[tokio::test]
async fn the_first_sign_on_binds_the_account_to_that_identity() {
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(&store, &provider, "");
    add(&desk, None, "dewi", &["admin"]).await;
    let first = person(&provider, serde_json::json!({"preferred_username": "dewi"})).await;
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &first).await;
    finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .unwrap();
    // Someone else at the provider who renamed themselves `dewi`: the claim matches, the identity does not.
    let other = person(&provider, serde_json::json!({"preferred_username": "dewi"})).await;
    assert_ne!(first, other);
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &other).await;
    let error = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .map(|_| ())
        .unwrap_err();
    assert!(
        refused(&error).contains("another identity at the provider"),
        "{error}"
    );
    // The first identity still signs on.
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &first).await;
    finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .unwrap();
    let log = audit_log(&store).await;
    let bound: Vec<&str> = log
        .iter()
        .map(|e| e.change.name())
        .filter(|name| *name == "single_sign_on_bound")
        .collect();
    assert_eq!(bound.len(), 1, "bound once, on the first sign-on");
}

#[tokio::test]
async fn a_claim_naming_no_account_is_refused_and_audited() {
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(&store, &provider, "");
    add(&desk, None, "ayu", &["admin"]).await;
    let sub = person(
        &provider,
        serde_json::json!({"preferred_username": "siapa"}),
    )
    .await;
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &sub).await;

    let error = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        refused(&error),
        "sign-in refused: no staff account has the login siapa that the identity provider gives you; single \
         sign-on does not create accounts: ask an admin"
    );
    let log = audit_log(&store).await;
    assert_eq!(refusals(&log), ["siapa: single sign-on: no such account"]);
    assert!(sign_ins(&log).is_empty());
    assert_eq!(store.accounts().await.unwrap().len(), 1, "no account made");
}

#[tokio::test]
async fn a_claim_that_is_not_a_login_is_refused() {
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(&store, &provider, "login_claim = \"email\"");
    add(&desk, None, "ayu", &["admin"]).await;
    let sub = person(
        &provider,
        serde_json::json!({"email": "ayu@tegalkab.go.id"}),
    )
    .await;
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &sub).await;

    let error = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .map(|_| ())
        .unwrap_err();
    let message = refused(&error);
    assert!(
        message.starts_with(
            "sign-in refused: your `email` from the identity provider, \"ayu@tegalkab.go.id\", is not a staff \
             login"
        ) && message.contains("[single_sign_on] login_claim"),
        "{message}"
    );
    assert_eq!(
        refusals(&audit_log(&store).await),
        ["ayu@tegalkab.go.id: single sign-on: `email` \"ayu@tegalkab.go.id\" is not a staff login"]
    );

    // A claim the provider does not give at all.
    let desk = sso_desk(&store, &provider, "login_claim = \"nip\"");
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &sub).await;
    let error = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .map(|_| ())
        .unwrap_err();
    assert!(
        refused(&error)
            .starts_with("sign-in refused: the identity provider did not give your `nip`"),
        "{error}"
    );
    assert_eq!(
        refusals(&audit_log(&store).await)
            .last()
            .map(String::as_str),
        Some("(single sign-on): single sign-on: the provider gave no `nip` claim")
    );
}

#[tokio::test]
async fn a_disabled_account_is_refused() {
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(&store, &provider, "");
    let ayu = add(&desk, None, "ayu", &["admin"]).await;
    let (admin, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    add(&desk, Some(&admin), "budi", &["tim"]).await;
    disable_account(&desk, &admin, "budi", at(2)).await.unwrap();
    let sub = person(&provider, serde_json::json!({"preferred_username": "budi"})).await;
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &sub).await;

    let error = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(refused(&error), "sign-in refused: account budi is disabled");
    let log = audit_log(&store).await;
    assert_eq!(refusals(&log), ["budi: single sign-on: account disabled"]);
    assert_eq!(sign_ins(&log), ["ayu PasswordTotp"], "budi never signed in");
}

#[tokio::test]
async fn a_state_that_does_not_match_is_refused_before_any_exchange() {
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(&store, &provider, "");
    add(&desk, None, "ayu", &["admin"]).await;
    let sub = person(&provider, serde_json::json!({"preferred_username": "ayu"})).await;
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &sub).await;

    let forged = format!("{state}x");
    let error = finish_single_sign_on(&desk, &pending, &forged, &code, Utc::now())
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(refused(&error), NOT_VERIFIED);
    assert_eq!(
        refusals(&audit_log(&store).await),
        ["(single sign-on): single sign-on: the returned state is not the one sent"]
    );
    // The code was never sent to the provider: with the right state it still signs in.
    let (staffer, _) = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .unwrap();
    assert_eq!(staffer.login().as_str(), "ayu");
}

#[tokio::test]
async fn a_code_used_twice_is_refused() {
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(&store, &provider, "");
    add(&desk, None, "ayu", &["admin"]).await;
    let sub = person(&provider, serde_json::json!({"preferred_username": "ayu"})).await;
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &sub).await;
    finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .unwrap();

    let error = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        refused(&error),
        "sign-in refused: the identity provider did not accept this sign-in (its code was used already or has \
         expired); start again from the sign-in page"
    );
    let log = audit_log(&store).await;
    let refusals = refusals(&log);
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert!(
        refusals[0].starts_with(
            "(single sign-on): single sign-on: the provider refused the code: invalid_grant"
        ),
        "{refusals:?}"
    );
    assert!(!refusals[0].contains(&code), "the code is not in the log");
    assert_eq!(sign_ins(&log), ["ayu SingleSignOn"], "signed in once only");
}

#[tokio::test]
async fn an_unset_secret_variable_is_named() {
    const UNSET: &str = "CSIRT_TEST_OIDC_SECRET_NEVER_SET";
    assert!(std::env::var(UNSET).is_err(), "{UNSET} must not be set");
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(
        &store,
        &provider,
        &format!("client_secret_variable = \"{UNSET}\""),
    );
    let expected = format!(
        "single sign-on is not available: the environment variable {UNSET} (named by [single_sign_on] \
         client_secret_variable) that holds the client secret is not set"
    );
    let error = begin_single_sign_on(&desk, &provider.redirect)
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable);
    assert_eq!(error.to_string(), expected);

    // Begun while the secret was there, finished after it went: named again, before anything is exchanged.
    let working = sso_desk(&store, &provider, "");
    add(&working, None, "ayu", &["admin"]).await;
    let sub = person(&provider, serde_json::json!({"preferred_username": "ayu"})).await;
    let (pending, state, code) = signed_on_at_provider(&working, &provider, &sub).await;
    let error = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable);
    assert_eq!(error.to_string(), expected);
    let (staffer, _) = finish_single_sign_on(&working, &pending, &state, &code, Utc::now())
        .await
        .unwrap();
    assert_eq!(staffer.login().as_str(), "ayu", "the code was not spent");
}

#[tokio::test]
async fn without_single_sign_on_in_the_team_file_it_is_not_offered() {
    let (store, _dir) = sqlite();
    let desk = support::desk(&store, "tegal");
    assert!(desk.team.config.single_sign_on.is_none());
    let redirect = Url::parse("https://csirt.tegalkab.go.id/console/sso").unwrap();
    let error = begin_single_sign_on(&desk, &redirect)
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "single sign-on is not set up: the team file has no [single_sign_on] section"
    );
}

#[tokio::test]
async fn an_expired_id_token_is_refused() {
    let provider = provider();
    let (store, _dir) = sqlite();
    let desk = sso_desk(&store, &provider, "");
    add(&desk, None, "ayu", &["admin"]).await;
    let sub = person(&provider, serde_json::json!({"preferred_username": "ayu"})).await;
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &sub).await;

    // The provider's ID tokens live an hour; checked as of two hours from now.
    let later = Utc::now() + TimeDelta::hours(2);
    let error = finish_single_sign_on(&desk, &pending, &state, &code, later)
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(refused(&error), NOT_VERIFIED);
    let log = audit_log(&store).await;
    let refusals = refusals(&log);
    assert!(
        refusals.len() == 1
            && refusals[0].starts_with(
                "(single sign-on): single sign-on: the ID token was not accepted: Expired: ID token expired at"
            ),
        "{refusals:?}"
    );
    assert!(sign_ins(&log).is_empty());
}

#[tokio::test]
async fn a_wrong_client_secret_is_refused_by_the_provider() {
    let provider = provider();
    let (store, _dir) = sqlite();
    // A variable that is set, but not to the secret the provider issued.
    let desk = sso_desk(
        &store,
        &provider,
        "client_secret_variable = \"CSIRT_TEST_OIDC_CLIENT_ID\"",
    );
    add(&desk, None, "ayu", &["admin"]).await;
    let sub = person(&provider, serde_json::json!({"preferred_username": "ayu"})).await;
    let (pending, state, code) = signed_on_at_provider(&desk, &provider, &sub).await;

    let error = finish_single_sign_on(&desk, &pending, &state, &code, Utc::now())
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        refused(&error),
        "sign-in refused: the identity provider did not accept the console's client credentials; ask an admin \
         to check [single_sign_on] client_id and the secret in CSIRT_TEST_OIDC_CLIENT_ID"
    );
    let refusals = refusals(&audit_log(&store).await);
    assert!(
        refusals.len() == 1
            && refusals[0].starts_with(
                "(single sign-on): single sign-on: the provider refused the code: invalid_client"
            ),
        "{refusals:?}"
    );
}
