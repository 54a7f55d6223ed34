//! Console sign-in: each way of getting it wrong is refused with a clear message, recorded in the audit log,
//! and changes nothing else; sessions end when they should.

use std::sync::Arc;

use chrono::TimeDelta;
use csirt_domain::account::AccountChange;
use csirt_staff::accounts::{
    ABSOLUTE_TIMEOUT, ATTEMPTS_PER_ACCOUNT, ENROLMENT_VALID, NewAccount, SignInAttempt,
    add_account, disable_account, enrol, revoke_sessions, session_staffer, sign_in, sign_out,
};
use csirt_staff::credentials::Password;
use csirt_staff::{ErrorKind, StaffError};
use csirt_store::{CaseStore, ChainOf};

use super::support::*;

fn refused_reasons(log: &[csirt_domain::account::AuditEvent]) -> Vec<String> {
    log.iter()
        .filter_map(|event| match &event.change {
            AccountChange::SignInRefused { login, reason } => Some(format!("{login}: {reason}")),
            _ => None,
        })
        .collect()
}

async fn attempt(
    desk: &csirt_staff::Desk,
    login: &str,
    password: &str,
    totp: &str,
    minutes: i64,
) -> StaffError {
    let attempt = SignInAttempt {
        login,
        password,
        totp,
        client: "198.51.100.7",
    };
    sign_in(desk, &attempt, at(minutes))
        .await
        .map(|_| ())
        .unwrap_err()
}

pub async fn a_wrong_password_unknown_login_or_replayed_code_is_refused_and_audited(
    store: Arc<dyn CaseStore>,
) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let secret = ayu.totp.as_ref().unwrap();
    let before = store.account(&ayu.account.login).await.unwrap().unwrap();

    let wrong = attempt(
        &desk,
        "ayu",
        "bukan-kata-sandinya!",
        &code(secret, at(1)),
        1,
    )
    .await;
    let unknown = attempt(&desk, "siapa", PASSWORD, &code(secret, at(1)), 1).await;
    let bad_code = attempt(&desk, "ayu", PASSWORD, "000000", 1).await;
    for error in [&wrong, &unknown, &bad_code] {
        assert_eq!(error.kind(), ErrorKind::Refused);
        assert_eq!(
            error.to_string(),
            "sign-in refused: the login, password or code is not right",
            "a guess learns nothing about which part was wrong"
        );
    }
    assert_eq!(
        store.account(&ayu.account.login).await.unwrap(),
        Some(before)
    );

    // A code is good once: signed in with it, the same code is refused.
    let now = code(secret, at(2));
    let good = SignInAttempt {
        login: "ayu",
        password: PASSWORD,
        totp: &now,
        client: "198.51.100.7",
    };
    sign_in(&desk, &good, at(2)).await.unwrap();
    let replayed = sign_in(&desk, &good, at(2)).await.map(|_| ()).unwrap_err();
    assert!(replayed.to_string().contains("used already"), "{replayed}");

    let log = store.audit_log().await.unwrap();
    assert_eq!(
        refused_reasons(&log),
        [
            "ayu: wrong password or none set",
            "siapa: no such account",
            "ayu: the authentication code is wrong or has expired; check that your device's clock is right",
            "ayu: replayed TOTP code",
        ]
    );
    assert!(log.iter().any(|e| e.change.name() == "signed_in"));
    let text = serde_json::to_string(&log).unwrap();
    assert!(
        !text.contains(PASSWORD) && !text.contains("bukan-kata-sandinya"),
        "no password in the log"
    );

    // A password typed into the login field is not recorded.
    attempt(&desk, "Rahasia!Sandi99", PASSWORD, "123456", 3).await;
    let log = store.audit_log().await.unwrap();
    assert_eq!(
        refused_reasons(&log).last().unwrap(),
        "(not a login): no such account"
    );
    assert!(
        !serde_json::to_string(&log)
            .unwrap()
            .contains("Rahasia!Sandi99")
    );
    assert!(
        store
            .verify_chain(&ChainOf::Accounts)
            .await
            .unwrap()
            .is_ok()
    );
}

pub async fn a_disabled_account_cannot_sign_in_and_its_sessions_end(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin"]).await;
    let (admin, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    let budi = add(&desk, Some(&admin), "budi", &["tim"]).await;
    let secret = budi.totp.as_ref().unwrap();
    let (_, token) = signed_in(&desk, "budi", secret, at(2)).await;
    assert_eq!(
        session_staffer(&desk, token.as_str(), at(3))
            .await
            .unwrap()
            .login()
            .as_str(),
        "budi"
    );

    disable_account(&desk, &admin, "budi", at(4)).await.unwrap();
    let ended = session_staffer(&desk, token.as_str(), at(5))
        .await
        .unwrap_err();
    assert!(ended.to_string().contains("session is over"), "{ended}");
    let refused = attempt(&desk, "budi", PASSWORD, &code(secret, at(6)), 6).await;
    assert_eq!(
        refused.to_string(),
        "sign-in refused: account budi is disabled"
    );
    let refused = csirt_staff::accounts::grant_role(&desk, &admin, "budi", "tim", at(7))
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("holds tim already"),
        "{refused}"
    );
}

pub async fn sessions_end_when_idle_at_their_absolute_limit_and_on_sign_out(
    store: Arc<dyn CaseStore>,
) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin"]).await;
    let secret = ayu.totp.as_ref().unwrap();

    // Idle for more than 30 minutes: over.
    let (_, idle) = signed_in(&desk, "ayu", secret, at(1)).await;
    session_staffer(&desk, idle.as_str(), at(25)).await.unwrap();
    session_staffer(&desk, idle.as_str(), at(50)).await.unwrap();
    assert!(session_staffer(&desk, idle.as_str(), at(81)).await.is_err());

    // Used every 20 minutes, it still ends 12 hours after sign-in.
    let (_, busy) = signed_in(&desk, "ayu", secret, at(100)).await;
    let limit = ABSOLUTE_TIMEOUT.num_minutes();
    let mut minutes = 100;
    while minutes + 20 < 100 + limit {
        minutes += 20;
        session_staffer(&desk, busy.as_str(), at(minutes))
            .await
            .unwrap();
    }
    let over = session_staffer(&desk, busy.as_str(), at(100 + limit))
        .await
        .unwrap_err();
    assert_eq!(over.kind(), ErrorKind::Refused);

    // Every session revoked (a stolen one): over, and a new sign-in works.
    let (_, stolen) = signed_in(&desk, "ayu", secret, at(1500)).await;
    let (admin, _) = signed_in(&desk, "ayu", secret, at(1501)).await;
    revoke_sessions(&desk, &admin, "ayu", at(1502))
        .await
        .unwrap();
    let over = session_staffer(&desk, stolen.as_str(), at(1503))
        .await
        .unwrap_err();
    assert!(over.to_string().contains("session is over"), "{over}");
    let (_, fresh) = signed_in(&desk, "ayu", secret, at(1504)).await;
    session_staffer(&desk, fresh.as_str(), at(1505))
        .await
        .unwrap();

    // Signed out: over at once; a token never issued is refused the same way.
    let (_, token) = signed_in(&desk, "ayu", secret, at(2000)).await;
    sign_out(&desk, token.as_str(), at(2001)).await.unwrap();
    assert!(
        session_staffer(&desk, token.as_str(), at(2002))
            .await
            .is_err()
    );
    let forged = "A".repeat(43);
    assert!(session_staffer(&desk, &forged, at(2002)).await.is_err());
    // A session item written straight into the store, for a token of the writer's choosing: no seal, no session.
    let token = csirt_staff::credentials::OneTimeToken::generate().unwrap();
    let planted = csirt_store::Session {
        digest: token.digest().as_str().to_owned(),
        login: ayu.account.login.clone(),
        method: csirt_domain::account::SignInMethod::PasswordTotp,
        created_at: at(2000),
        last_seen: at(2000),
        expires_at: at(2700),
        seal: "0".repeat(64),
    };
    store.put_session(&planted).await.unwrap();
    let refused = session_staffer(&desk, token.as_str(), at(2002))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("session is over"), "{refused}");
    let log = store.audit_log().await.unwrap();
    assert!(
        refused_reasons(&log)
            .last()
            .unwrap()
            .contains("seal does not match")
    );
    assert!(
        session_staffer(&desk, "not a token", at(2002))
            .await
            .is_err()
    );
}

pub async fn attempts_are_throttled_per_account_and_per_client(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin"]).await;
    let secret = ayu.totp.as_ref().unwrap();
    for i in 0..ATTEMPTS_PER_ACCOUNT {
        let refused = attempt(&desk, "ayu", "tebakan-yang-salah-1", "123456", i64::from(i)).await;
        assert!(refused.to_string().contains("not right"), "{refused}");
    }
    // The right password and code, too late: the account is throttled for the window, from any client.
    let right = code(secret, at(6));
    let refused = attempt(&desk, "ayu", PASSWORD, &right, 6).await;
    assert!(
        refused
            .to_string()
            .contains("too many attempts on this account"),
        "{refused}"
    );
    // After the window it opens again.
    signed_in(&desk, "ayu", secret, at(30)).await;

    // One client guessing many logins is throttled as a client.
    let mut last = None;
    for i in 0..25 {
        let login = format!("tebak{i}");
        last = Some(attempt(&desk, &login, "tebakan-yang-salah-2", "123456", 40).await);
    }
    let last = last.unwrap();
    assert!(
        last.to_string()
            .contains("too many attempts from this client"),
        "{last}"
    );
    let throttled = refused_reasons(&store.audit_log().await.unwrap())
        .into_iter()
        .filter(|r| r.contains("throttled"))
        .count();
    assert_eq!(
        throttled, 2,
        "one entry per throttled window, not one per request"
    );
}

pub async fn an_enrolment_code_sets_password_and_authenticator_once(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let new = NewAccount {
        login: "ayu".into(),
        name: "Ayu Lestari".into(),
        email: None,
        roles: vec!["admin".into()],
        os_user: None,
        iam_arn: None,
        password: None,
        totp: false,
    };
    let added = add_account(&desk, None, &new, at(0)).await.unwrap();
    assert!(added.totp.is_none());
    let refused = attempt(&desk, "ayu", PASSWORD, "123456", 1).await;
    assert!(
        refused.to_string().contains("not right"),
        "no password yet: {refused}"
    );

    let password = Password::new(PASSWORD.to_owned()).unwrap();
    let code_text = added.enrolment.as_ref().unwrap().as_str().to_owned();
    let (login, secret) = enrol(&desk, &code_text, &password, at(10)).await.unwrap();
    assert_eq!(login.as_str(), "ayu");
    signed_in(&desk, "ayu", &secret, at(11)).await;

    let again = enrol(&desk, &code_text, &password, at(12))
        .await
        .unwrap_err();
    assert!(
        again.to_string().contains("unknown, used or expired"),
        "{again}"
    );

    let reissued = csirt_staff::accounts::reissue_enrolment(
        &desk,
        &signed_in(&desk, "ayu", &secret, at(13)).await.0,
        "ayu",
        at(13),
    )
    .await
    .unwrap();
    let late = at(13) + ENROLMENT_VALID + TimeDelta::minutes(1);
    let expired = enrol(&desk, reissued.as_str(), &password, late)
        .await
        .unwrap_err();
    assert!(
        expired.to_string().contains("unknown, used or expired"),
        "{expired}"
    );
    let names: Vec<&str> = store
        .audit_log()
        .await
        .unwrap()
        .iter()
        .map(|e| e.change.name())
        .collect();
    assert!(
        names.starts_with(&["created", "enrolment_issued"]),
        "{names:?}"
    );
    assert!(names.contains(&"password_set") && names.contains(&"totp_enrolled"));
}
