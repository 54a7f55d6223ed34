//! A reporter's rights in the store: a redaction writes the case, its event and the earlier events in their
//! redacted form, which still verify (and say so); a stale one conflicts; an erasure leaves nothing of the case
//! — record, events, queue entry, idempotency record — and touches no other case.

use std::sync::Arc;

use csirt_domain::case::{Actor, Case, Change, Event, TOMBSTONE};
use csirt_domain::state::CaseState;
use csirt_domain::text::MessageText;
use csirt_store::{CaseStore, ChainOf, Erased, Idempotency, QueueQuery, StoreError, Submitted};

use crate::support::*;

/// A case with a reply of the reporter's (naming their number) and a note, stored; its events.
async fn with_a_reply(store: &dyn CaseStore) -> (Case, Vec<Event>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let reply = Change::ReporterReply {
        text: MessageText::parse("Nomor saya 0812-1111-2222, Siti.").unwrap(),
        files: Vec::new(),
        key: None,
    };
    let (case, second) = case.apply(reply, Actor::Reporter, at(1)).unwrap();
    store.commit(&case, &second).await.unwrap();
    let note = Change::AddNote {
        text: text("Pelapor dihubungi."),
    };
    let (case, third) = case.apply(note, staff("ayu"), at(2)).unwrap();
    store.commit(&case, &third).await.unwrap();
    (case, vec![event, second, third])
}

pub(super) async fn a_redaction_rewrites_the_events_that_held_personal_data_and_still_verifies(
    store: Arc<dyn CaseStore>,
) {
    let (case, events) = with_a_reply(&*store).await;
    let of = ChainOf::Case(case.code.clone());
    let redaction = case
        .redact_reporter(&events, true, staff("kepala"), at(3))
        .unwrap();
    assert_eq!(
        redaction.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [2]
    );
    store
        .redact(&redaction.case, &redaction.event, &redaction.events)
        .await
        .unwrap();

    assert_eq!(
        store.get(&case.code).await.unwrap().as_ref(),
        Some(&redaction.case)
    );
    let stored = store.events(&case.code).await.unwrap();
    assert_eq!(stored.len(), 4);
    assert_eq!(stored[1], redaction.events[0]);
    assert_eq!(stored[3], redaction.event);
    let Change::ReporterReply { text, .. } = &stored[1].change else {
        panic!("event 2 is the reply");
    };
    assert_eq!(text.as_str(), TOMBSTONE);
    let (rows, _) = store.chain_rows(&of).await.unwrap();
    for row in &rows {
        assert!(
            !row.doc.contains("0812") && !row.doc.contains("Siti"),
            "{}",
            row.doc
        );
    }
    assert_eq!(store.verify_chain(&of).await.unwrap(), Ok(4));
    let checked = store.check_chain_redactions(&of).await.unwrap();
    assert_eq!((checked.redacted, checked.verdict), (vec![2], Ok(())));

    // A redaction computed from the case before is stale: nothing is written.
    let stale = case
        .redact_reporter(&events, true, staff("kepala"), at(4))
        .unwrap();
    let refused = store
        .redact(&stale.case, &stale.event, &stale.events)
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::Conflict { .. }), "{refused}");
    assert_eq!(store.events(&case.code).await.unwrap(), stored);

    // The case goes on; its chain still verifies.
    let (next, event) = redaction
        .case
        .apply(Change::StartVerification, staff("ayu"), at(5))
        .unwrap();
    store.commit(&next, &event).await.unwrap();
    assert_eq!(store.verify_chain(&of).await.unwrap(), Ok(5));
}

pub(super) async fn an_erased_case_leaves_nothing_behind(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    let key = Idempotency::new("erase-me", "fingerprint-a".into(), at(600));
    assert_eq!(
        store
            .submit(&case, &event, Some(&key), at(0))
            .await
            .unwrap(),
        Submitted::New
    );
    let (case, second) = case
        .apply(Change::StartVerification, staff("ayu"), at(1))
        .unwrap();
    store.commit(&case, &second).await.unwrap();
    let (other, _) = with_a_reply(&*store).await;

    let erased = store.erase(&case.code).await.unwrap();
    assert_eq!(
        erased,
        Erased {
            case: true,
            events: 2,
            idempotency_records: 1
        }
    );
    assert_eq!(store.get(&case.code).await.unwrap(), None);
    assert!(store.events(&case.code).await.unwrap().is_empty());
    assert!(matches!(
        store.sealed_record(&case.code).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.chain_rows(&ChainOf::Case(case.code.clone())).await,
        Err(StoreError::NotFound(_))
    ));
    let chained = store.chained_cases().await.unwrap();
    assert!(!chained.contains(&case.code.key().to_owned()));
    assert!(chained.contains(&other.code.key().to_owned()));
    let queued = store
        .queue(&QueueQuery::first(CaseState::Verifying, 100))
        .await
        .unwrap();
    assert!(queued.cases.iter().all(|c| c.code != case.code));

    // The submission's idempotency record went with it: the key files a new case now.
    let (again, again_event) = new_case(5);
    assert_eq!(
        store
            .submit(&again, &again_event, Some(&key), at(5))
            .await
            .unwrap(),
        Submitted::New
    );

    // Erasing again finds nothing; the other cases are as they were.
    assert_eq!(store.erase(&case.code).await.unwrap(), Erased::default());
    assert_eq!(
        store
            .verify_chain(&ChainOf::Case(other.code.clone()))
            .await
            .unwrap(),
        Ok(3)
    );
    assert_eq!(store.get(&other.code).await.unwrap(), Some(other));
    assert!(store.get(&again.code).await.unwrap().is_some());
}

pub(super) async fn a_cases_whereabouts_count_its_record_and_events(store: Arc<dyn CaseStore>) {
    let (case, events) = with_a_reply(&*store).await;
    let (other, other_event) = new_case(1);
    store.create(&other, &other_event).await.unwrap();
    let found = store.whereabouts(&case.code).await.unwrap();
    assert!(
        found.store.starts_with("SQLite database ") || found.store.starts_with("DynamoDB table "),
        "{}",
        found.store
    );
    let counts: Vec<u64> = found.rows.iter().map(|rows| rows.count).collect();
    assert_eq!(counts, [1, events.len() as u64], "{found:?}");
    for rows in &found.rows {
        assert!(rows.selected_by.contains(case.code.key()), "{rows:?}");
        assert!(!rows.table.is_empty());
    }
    store.erase(&case.code).await.unwrap();
    let gone = store.whereabouts(&case.code).await.unwrap();
    assert!(gone.rows.iter().all(|rows| rows.count == 0), "{gone:?}");
    let kept = store.whereabouts(&other.code).await.unwrap();
    assert_eq!(
        kept.rows.iter().map(|rows| rows.count).collect::<Vec<_>>(),
        [1, 1]
    );
}
