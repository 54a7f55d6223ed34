//! Accounts, the account audit log, linked event chains and console sessions, alike on both stores.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::support::*;
use csirt_domain::account::{
    Account, AccountChange, AuditEntry, Login, Role, SignInMethod, SignInSecrets,
};
use csirt_domain::case::{Actor, Change};
use csirt_domain::sop::SopProfile;
use csirt_domain::text::ActorName;
use csirt_store::{CaseStore, ChainOf, Session, StoreError};

fn account(login: &str, roles: &[&str]) -> Account {
    let profile = SopProfile::builtin("tegal").unwrap();
    Account {
        login: Login::parse(login).unwrap(),
        name: ActorName::parse("Ayu Lestari").unwrap(),
        email: None,
        roles: roles
            .iter()
            .map(|r| Role::parse(r, &profile).unwrap())
            .collect::<BTreeSet<_>>(),
        os_user: Some(login.to_owned()),
        iam_arn: None,
        disabled: false,
        sessions_revoked_at: None,
        single_sign_on_subject: None,
        version: 1,
        created_at: at(0),
        secrets: SignInSecrets::default(),
    }
}

fn entry(change: AccountChange, minutes: i64) -> AuditEntry {
    AuditEntry {
        at: at(minutes),
        actor: Actor::System,
        change,
    }
}

fn created(account: &Account) -> AccountChange {
    AccountChange::Created {
        login: account.login.clone(),
        name: account.name.clone(),
        email: None,
        roles: account.roles.iter().cloned().collect(),
        os_user: account.os_user.clone(),
        iam_arn: None,
    }
}

pub(super) async fn accounts_are_written_with_their_audit_entries(store: Arc<dyn CaseStore>) {
    let ayu = account("ayu", &["tim", "admin"]);
    let first = store
        .record_account(Some(&ayu), entry(created(&ayu), 0))
        .await
        .unwrap();
    assert_eq!(first.seq, 1);
    assert_eq!(store.account(&ayu.login).await.unwrap(), Some(ayu.clone()));

    // The same login again: refused, and the log does not move.
    let again = store
        .record_account(Some(&ayu), entry(created(&ayu), 1))
        .await;
    assert!(
        matches!(again, Err(StoreError::AccountExists(ref l)) if l == "ayu"),
        "{again:?}"
    );

    let grant = AccountChange::RoleGranted {
        login: ayu.login.clone(),
        role: Role::parse("diskominfo", &SopProfile::builtin("tegal").unwrap()).unwrap(),
    };
    let granted = ayu.apply(&grant);
    store
        .record_account(Some(&granted), entry(grant.clone(), 2))
        .await
        .unwrap();
    // A change computed from the old version loses.
    let stale = store.record_account(Some(&granted), entry(grant, 3)).await;
    assert!(
        matches!(stale, Err(StoreError::AccountConflict(_))),
        "{stale:?}"
    );

    let budi = account("budi", &["viewer"]);
    store
        .record_account(Some(&budi), entry(created(&budi), 4))
        .await
        .unwrap();
    let logins: Vec<String> = store
        .accounts()
        .await
        .unwrap()
        .iter()
        .map(|a| a.login.to_string())
        .collect();
    assert_eq!(logins, ["ayu", "budi"]);
    assert_eq!(
        store
            .account(&ayu.login)
            .await
            .unwrap()
            .unwrap()
            .roles
            .len(),
        3
    );

    let log = store.audit_log().await.unwrap();
    let names: Vec<(u64, &str)> = log.iter().map(|e| (e.seq, e.change.name())).collect();
    assert_eq!(names, [(1, "created"), (2, "role_granted"), (3, "created")]);
    assert_eq!(store.verify_chain(&ChainOf::Accounts).await.unwrap(), Ok(3));
}

pub(super) async fn concurrent_audit_entries_each_get_their_own_number(store: Arc<dyn CaseStore>) {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..10 {
        let store = Arc::clone(&store);
        tasks.spawn(async move {
            let change = AccountChange::SignInRefused {
                login: format!("guess{i}"),
                reason: "no such account".into(),
            };
            store
                .record_account(None, entry(change, i))
                .await
                .unwrap()
                .seq
        });
    }
    let mut numbers = tasks.join_all().await;
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=10).collect::<Vec<u64>>());
    assert_eq!(
        store.verify_chain(&ChainOf::Accounts).await.unwrap(),
        Ok(10)
    );
}

pub(super) async fn every_event_of_a_case_is_linked_to_the_one_before(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let (case, event) = case
        .apply(Change::StartVerification, staff("ayu"), at(5))
        .unwrap();
    store.commit(&case, &event).await.unwrap();
    let note = Change::AddNote {
        text: text("Menunggu log server."),
    };
    let (case, event) = case.apply(note, staff("ayu"), at(6)).unwrap();
    store.commit(&case, &event).await.unwrap();
    let of = ChainOf::Case(case.code.clone());
    assert_eq!(store.verify_chain(&of).await.unwrap(), Ok(3));
    let (rows, expected) = store.chain_rows(&of).await.unwrap();
    assert_eq!(expected, Some(3));
    let links: BTreeSet<&str> = rows.iter().filter_map(|r| r.link.as_deref()).collect();
    assert_eq!(links.len(), 3, "each event has a link of its own");
    let unknown = ChainOf::Case(new_case(9).0.code);
    assert!(matches!(
        store.chain_rows(&unknown).await,
        Err(StoreError::NotFound(_))
    ));
}

pub(super) async fn sessions_are_kept_touched_and_ended(store: Arc<dyn CaseStore>) {
    let session = Session {
        digest: "a".repeat(64),
        login: Login::parse("ayu").unwrap(),
        method: SignInMethod::PasswordTotp,
        created_at: at(0),
        last_seen: at(0),
        expires_at: at(720),
        seal: "a seal".into(),
    };
    store.put_session(&session).await.unwrap();
    assert_eq!(
        store.session(&session.digest).await.unwrap(),
        Some(session.clone())
    );
    store.touch_session(&session.digest, at(10)).await.unwrap();
    assert_eq!(
        store
            .session(&session.digest)
            .await
            .unwrap()
            .unwrap()
            .last_seen,
        at(10)
    );
    store.end_session(&session.digest).await.unwrap();
    assert_eq!(store.session(&session.digest).await.unwrap(), None);
    // Touching an ended session does not bring it back; ending it again is no error.
    store.touch_session(&session.digest, at(11)).await.unwrap();
    assert_eq!(store.session(&session.digest).await.unwrap(), None);
    store.end_session(&session.digest).await.unwrap();
    assert_eq!(store.session(&"b".repeat(64)).await.unwrap(), None);
}
