//! Who may manage accounts, and who may take each step: the SOP's `[permissions]` against the account's roles.

use std::sync::Arc;

use chrono::Utc;
use csirt_domain::case::{Actor, Change, DocumentKind};
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_domain::sop::issue_key;
use csirt_staff::accounts::{
    NewAccount, add_account, authorize, disable_account, grant_role, revoke_role,
};
use csirt_staff::record::{Recording, record_report};
use csirt_staff::steps::take_step;
use csirt_staff::{ErrorKind, StaffError};
use csirt_store::{CaseStore, ChainOf};
use csirt_test_kit::reports::report_fields;

use super::support::*;

fn new_account(login: &str, roles: &[&str]) -> NewAccount {
    NewAccount {
        login: login.to_owned(),
        name: "Budi Santoso".to_owned(),
        email: Some("budi@diskominfo.example.go.id".to_owned()),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        os_user: None,
        iam_arn: None,
        password: None,
        totp: false,
    }
}

pub async fn the_first_account_must_be_an_admin_and_later_ones_need_one(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let refused = add_account(&desk, None, &new_account("budi", &["tim"]), at(0))
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Invalid);
    assert!(refused.to_string().contains("first account"), "{refused}");
    assert!(
        store.accounts().await.unwrap().is_empty(),
        "nothing written"
    );

    let ayu = add(&desk, None, "ayu", &["admin", "tim"]).await;
    assert!(
        ayu.enrolment.is_none(),
        "password and TOTP set: no code left lying about"
    );
    let refused = add_account(&desk, None, &new_account("budi", &["tim"]), at(1))
        .await
        .unwrap_err();
    assert!(matches!(refused, StaffError::NoAccount(_)), "{refused}");

    let (admin, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(2)).await;
    let budi = add_account(&desk, Some(&admin), &new_account("budi", &["tim"]), at(3))
        .await
        .unwrap();
    assert_eq!(
        budi.account.os_user.as_deref(),
        Some("budi"),
        "bound to the login's OS user"
    );
    let clash = NewAccount {
        os_user: Some("os-ayu".into()),
        ..new_account("citra", &["tim"])
    };
    let refused = add_account(&desk, Some(&admin), &clash, at(4))
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("bound to account ayu"),
        "{refused}"
    );
    let refused = add_account(
        &desk,
        Some(&admin),
        &new_account("dewi", &["pelapor"]),
        at(4),
    )
    .await
    .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("not a role of the tegal procedure"),
        "{refused}"
    );

    // A member who is not an admin manages nothing.
    let citra = add(&desk, Some(&admin), "citra", &["tim"]).await;
    let (member, _) = signed_in(&desk, "citra", citra.totp.as_ref().unwrap(), at(5)).await;
    let refused = grant_role(&desk, &member, "citra", "admin", at(6))
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Refused);
    assert!(
        refused.to_string().contains("citra may not grant a role"),
        "{refused}"
    );
    assert!(
        !store
            .account(member.login())
            .await
            .unwrap()
            .unwrap()
            .is_admin()
    );

    let log = store.audit_log().await.unwrap();
    assert_eq!(log[0].change.name(), "created");
    assert_eq!(
        log[0].actor.to_string(),
        "ayu",
        "the first account creates itself"
    );
    assert!(log.iter().any(|e| e.change.name() == "created"
        && e.change.subject() == "budi"
        && e.actor.to_string() == "ayu"));
    assert!(
        store
            .verify_chain(&ChainOf::Accounts)
            .await
            .unwrap()
            .is_ok()
    );
}

pub async fn each_step_is_taken_only_by_the_roles_the_sop_gives_it(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "kukar");
    let first = add(&desk, None, "admin1", &["admin"]).await;
    let (admin, _) = signed_in(&desk, "admin1", first.totp.as_ref().unwrap(), at(1)).await;
    let mut staff = Vec::new();
    for (login, role) in [
        ("ttis1", "ttis"),
        ("kadis", "kepala-dinas"),
        ("lihat", "viewer"),
    ] {
        let added = add(&desk, Some(&admin), login, &[role]).await;
        staff.push(
            signed_in(&desk, login, added.totp.as_ref().unwrap(), at(2))
                .await
                .0,
        );
    }
    let [ttis, kadis, viewer] = [&staff[0], &staff[1], &staff[2]];

    let recording = || Recording {
        input: ReportInput::from_pairs(report_fields()),
        evidence: Vec::new(),
        channel: Channel::Email,
        received_at: Utc::now(),
    };
    let refused = record_report(&desk, recording(), viewer).await.unwrap_err();
    assert!(
        matches!(refused, StaffError::NotPermitted { .. }),
        "{refused}"
    );
    let code = record_report(&desk, recording(), ttis).await.unwrap();

    for (who, held) in [
        (viewer, "viewer"),
        (&admin, "admin"),
        (kadis, "kepala-dinas"),
    ] {
        let refused = take_step(&desk, &code, Change::StartVerification, who, Utc::now())
            .await
            .unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::Refused);
        let message = refused.to_string();
        assert!(
            message.contains("`start_verification` to ttis only"),
            "{message}"
        );
        assert!(message.contains(&format!("holds {held}")), "{message}");
    }
    assert_eq!(
        store.events(&code).await.unwrap().len(),
        1,
        "nothing was written"
    );

    let (case, event) = take_step(&desk, &code, Change::StartVerification, ttis, Utc::now())
        .await
        .unwrap();
    assert_eq!(case.version, 2);
    assert_eq!(event.actor, Actor::Staff(ttis.login().actor_name()));

    // Only the head of the office signs the letter and the certificate; the team issues its reports.
    for kind in [
        DocumentKind::NotificationLetter,
        DocumentKind::CertificateOfAppreciation,
    ] {
        assert!(authorize(&desk, ttis, &issue_key(kind)).is_err());
        assert!(authorize(&desk, kadis, &issue_key(kind)).is_ok());
    }
    assert!(authorize(&desk, ttis, &issue_key(DocumentKind::AnalysisReport)).is_ok());
    assert!(authorize(&desk, kadis, &issue_key(DocumentKind::AnalysisReport)).is_err());
}

pub async fn the_last_admin_stays(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "bali");
    let ayu = add(&desk, None, "ayu", &["admin", "front-desk"]).await;
    let (admin, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    for refused in [
        revoke_role(&desk, &admin, "ayu", "admin", at(2))
            .await
            .unwrap_err(),
        disable_account(&desk, &admin, "ayu", at(2))
            .await
            .unwrap_err(),
    ] {
        assert!(
            refused.to_string().contains("last enabled admin"),
            "{refused}"
        );
    }
    add(&desk, Some(&admin), "budi", &["admin"]).await;
    let ayu = revoke_role(&desk, &admin, "ayu", "admin", at(3))
        .await
        .unwrap();
    assert!(!ayu.is_admin() && ayu.has_role("front-desk"));
    let refused = revoke_role(&desk, &admin, "nobody", "agent", at(4))
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::NotFound);
}
