//! Cases and their events written and read back: whole, once, in order, and never past a conflict or an illegal
//! transition.

use crate::support::*;
use csirt_domain::case::Change;
use csirt_domain::state::CaseState;
use csirt_store::{CaseStore, StoreError, apply_change};
use std::sync::Arc;

pub(super) async fn created_case_reads_back_whole(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    assert_eq!(store.get(&case.code).await.unwrap(), Some(case.clone()));
    assert_eq!(store.events(&case.code).await.unwrap(), vec![event]);
    // The code as a reporter might type it finds the same case.
    let typed =
        csirt_domain::tracking::TrackingCode::parse(&case.code.key().to_lowercase()).unwrap();
    assert_eq!(
        store.get(&typed).await.unwrap().unwrap().code.key(),
        case.code.key()
    );
}

pub(super) async fn unknown_codes_find_nothing(store: Arc<dyn CaseStore>) {
    let (case, _) = new_case(0);
    assert_eq!(store.get(&case.code).await.unwrap(), None);
    assert!(store.events(&case.code).await.unwrap().is_empty());
}

pub(super) async fn a_duplicate_code_never_overwrites(store: Arc<dyn CaseStore>) {
    let (first, event) = new_case(0);
    store.create(&first, &event).await.unwrap();
    let (mut second, mut second_event) = new_case(5);
    second.code = first.code.clone();
    second.report = report("Laporan lain dengan kode yang sama.");
    second_event.at = second.received_at;
    let error = store.create(&second, &second_event).await.unwrap_err();
    assert!(matches!(error, StoreError::DuplicateCode(_)), "{error}");
    assert_eq!(store.get(&first.code).await.unwrap(), Some(first.clone()));
    assert_eq!(store.events(&first.code).await.unwrap().len(), 1);
}

pub(super) async fn a_change_is_stored_with_its_event(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let (after, moved) = apply_change(
        &*store,
        &case.code,
        Change::StartVerification,
        staff("andi"),
        at(3),
    )
    .await
    .unwrap();
    assert_eq!(after.state, CaseState::Verifying);
    assert_eq!(store.get(&case.code).await.unwrap(), Some(after));
    let events = store.events(&case.code).await.unwrap();
    assert_eq!(events, vec![event, moved]);
}

pub(super) async fn a_stale_change_conflicts_and_writes_nothing(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let stale = store.get(&case.code).await.unwrap().unwrap();
    apply_change(
        &*store,
        &case.code,
        Change::StartVerification,
        staff("andi"),
        at(1),
    )
    .await
    .unwrap();
    let (late, late_event) = stale
        .apply(
            Change::AddNote {
                text: text("catatan"),
            },
            staff("budi"),
            at(2),
        )
        .unwrap();
    let error = store.commit(&late, &late_event).await.unwrap_err();
    assert!(
        matches!(error, StoreError::Conflict { expected: 1, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("reload the case"), "{error}");
    let stored = store.get(&case.code).await.unwrap().unwrap();
    assert_eq!((stored.version, stored.state), (2, CaseState::Verifying));
    assert_eq!(store.events(&case.code).await.unwrap().len(), 2);
}

pub(super) async fn committing_an_unknown_case_is_not_found(store: Arc<dyn CaseStore>) {
    let (case, _) = new_case(0);
    let (next, event) = case
        .apply(Change::StartVerification, staff("andi"), at(1))
        .unwrap();
    let error = store.commit(&next, &event).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound(_)), "{error}");
    assert_eq!(store.get(&case.code).await.unwrap(), None);
}

pub(super) async fn an_illegal_transition_changes_nothing(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let error = apply_change(
        &*store,
        &case.code,
        Change::Close {
            hall_of_fame: false,
        },
        staff("andi"),
        at(1),
    )
    .await
    .unwrap_err();
    assert!(
        error.to_string().contains("allowed next: verifying"),
        "{error}"
    );
    assert_eq!(store.get(&case.code).await.unwrap(), Some(case.clone()));
    assert_eq!(store.events(&case.code).await.unwrap(), vec![event]);
}

/// Escalations with their own states and answers, analysis versions and the IIV and personal-data marks are
/// stored and read back whole, with their events, and the case's event chain still verifies.
pub(super) async fn escalation_lists_analysis_versions_and_marks_read_back(
    store: Arc<dyn CaseStore>,
) {
    use csirt_domain::case::{EscalationOutcome, EscalationStatus, PartnerKind};
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let escalate = |partner, name: &str| Change::Escalate {
        partner,
        partner_name: name.into(),
        chronology: None,
        impact: None,
        request: None,
        required: Vec::new(),
    };
    let analysis = |words: &str| Change::RecordAnalysis {
        analysis: text(words),
        recommendations: text("Perbarui."),
    };
    let changes = [
        change_into(CaseState::Verifying),
        change_into(CaseState::Valid),
        change_into(CaseState::Triaged),
        Change::MarkVitalInfrastructure { vital: true },
        Change::MarkPersonalData { involved: true },
        escalate(PartnerKind::Vendor, "Vendor"),
        escalate(PartnerKind::Provincial, "KEPRIPROV-CSIRT"),
        Change::RecordEscalationAnswer {
            escalation: 1,
            text: text("Patch dirilis."),
        },
        Change::RecordEscalationAnswer {
            escalation: 1,
            text: text("Patch kedua."),
        },
        Change::EndEscalation {
            escalation: 2,
            outcome: EscalationOutcome::Withdrawn,
            note: Some(text("Tidak diperlukan.")),
        },
        analysis("Versi pertama."),
        Change::StartFollowUp { note: None },
        escalate(PartnerKind::Bssn, "BSSN"),
        analysis("Versi kedua."),
        Change::RecordDataSubjectNotice {
            note: text("Surel kepada subjek data."),
        },
    ];
    for (minute, change) in (1..).zip(changes) {
        apply_change(&*store, &case.code, change, staff("andi"), at(minute))
            .await
            .unwrap();
    }
    let stored = store.get(&case.code).await.unwrap().unwrap();
    let statuses: Vec<_> = stored.escalations.iter().map(|e| e.status()).collect();
    assert_eq!(
        statuses,
        [
            EscalationStatus::Answered,
            EscalationStatus::Withdrawn,
            EscalationStatus::Sent
        ]
    );
    assert_eq!(stored.escalations[0].answers().count(), 2);
    assert_eq!(stored.analysis_version(), Some(2));
    assert_eq!(
        stored.earlier_analyses[0].analysis.as_str(),
        "Versi pertama."
    );
    assert_eq!(stored.vital_infrastructure_since, Some(at(4)));
    assert_eq!(stored.data_subject_notice_at, Some(at(15)));
    assert_eq!(stored.deadlines()[0].met_at, Some(at(13)));
    let events = store.events(&case.code).await.unwrap();
    assert_eq!(events.len(), 16);
    assert_eq!(events[13].change.name(), "escalate");
    assert_eq!(events[14].change.name(), "record_analysis");
    let of = csirt_store::ChainOf::Case(case.code.clone());
    assert_eq!(store.verify_chain(&of).await.unwrap(), Ok(16));
}
