//! Escalations as a list (several partners, each with its own state), analysis versions, the fields a partner
//! requires, and the IIV and personal-data deadlines.

use super::*;

fn triaged(chronology: bool) -> Case {
    walk(
        new_case(false, chronology),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            Change::Classify {
                classification: classification(),
            },
        ],
    )
    .0
}

fn escalate(partner: PartnerKind, name: &str, required: &[EscalationField]) -> Change {
    Change::Escalate {
        partner,
        partner_name: name.into(),
        chronology: None,
        impact: None,
        request: None,
        required: required.to_vec(),
    }
}

fn analysis(words: &str) -> Change {
    Change::RecordAnalysis {
        analysis: text(words),
        recommendations: text("Perbarui."),
    }
}

#[test]
fn partners_are_added_in_turn_while_escalated_each_with_its_own_state() {
    let (case, events) = walk(
        triaged(true),
        vec![
            escalate(PartnerKind::Vendor, "Vendor", &[]),
            escalate(
                PartnerKind::Provincial,
                "KEPRIPROV-CSIRT",
                &[EscalationField::Chronology],
            ),
            Change::RecordEscalationAnswer {
                escalation: 1,
                text: text("Patch dirilis."),
            },
            escalate(
                PartnerKind::Bssn,
                "BSSN",
                &[EscalationField::Chronology, EscalationField::Impact],
            ),
            Change::RecordEscalationAnswer {
                escalation: 1,
                text: text("Patch kedua."),
            },
            Change::EndEscalation {
                escalation: 1,
                outcome: EscalationOutcome::Closed,
                note: None,
            },
            Change::EndEscalation {
                escalation: 2,
                outcome: EscalationOutcome::Withdrawn,
                note: Some(text("BSSN menangani.")),
            },
        ],
    );
    assert_eq!(case.state, CaseState::Escalated);
    // Only the first escalation moved the case; the others are events that leave the state alone.
    let moved: Vec<_> = events.iter().filter(|e| e.moved()).map(|e| e.seq).collect();
    assert_eq!(moved, [5]);
    let statuses: Vec<_> = case.escalations.iter().map(Escalation::status).collect();
    assert_eq!(
        statuses,
        [
            EscalationStatus::Closed,
            EscalationStatus::Withdrawn,
            EscalationStatus::Sent
        ]
    );
    let answers: Vec<_> = case.escalations[0]
        .answers()
        .map(|a| a.text.to_string())
        .collect();
    assert_eq!(answers, ["Patch dirilis.", "Patch kedua."]);
    let refused = case
        .apply(
            Change::RecordEscalationAnswer {
                escalation: 2,
                text: text("Terlambat."),
            },
            staff(),
            at(200),
        )
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("escalation 2 to KEPRIPROV-CSIRT is withdrawn"),
        "{refused}"
    );
}

#[test]
fn a_partner_that_requires_nothing_is_escalated_to_without_chronology_and_the_missing_field_is_named()
 {
    let case = triaged(false);
    let (vendor, _) = case
        .apply(
            escalate(PartnerKind::Vendor, "Vendor", &[]),
            staff(),
            at(50),
        )
        .unwrap();
    assert_eq!(vendor.escalations[0].chronology, None);
    let refused = vendor
        .apply(
            escalate(
                PartnerKind::Provincial,
                "KEPRIPROV-CSIRT",
                &[EscalationField::Description, EscalationField::Chronology],
            ),
            staff(),
            at(60),
        )
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("KEPRIPROV-CSIRT requires the chronology"),
        "{refused}"
    );
    let refused = vendor
        .apply(
            escalate(PartnerKind::Bssn, "BSSN", &[EscalationField::Request]),
            staff(),
            at(60),
        )
        .unwrap_err();
    assert!(
        refused.to_string().contains("BSSN requires the request"),
        "{refused}"
    );
    assert_eq!(vendor.escalations.len(), 1);
}

#[test]
fn escalating_again_from_follow_up_keeps_the_first_analysis_as_version_one() {
    let (case, _) = walk(
        triaged(true),
        vec![
            Change::StartHandling { note: None },
            analysis("Analisis pertama."),
            Change::StartFollowUp { note: None },
            escalate(PartnerKind::Bssn, "BSSN", &[EscalationField::Chronology]),
        ],
    );
    assert_eq!(case.state, CaseState::Escalated);
    assert_eq!(case.analysis_version(), Some(1));
    let (case, _) = case
        .apply(analysis("Analisis kedua."), staff(), at(300))
        .unwrap();
    assert_eq!(case.state, CaseState::Reported);
    assert_eq!(case.analysis_version(), Some(2));
    let versions: Vec<_> = case
        .analysis_versions()
        .map(|a| a.analysis.to_string())
        .collect();
    assert_eq!(versions, ["Analisis pertama.", "Analisis kedua."]);
    assert_eq!(
        case.analysis.as_ref().unwrap().analysis.to_string(),
        "Analisis kedua."
    );
}

#[test]
fn records_and_events_written_before_escalation_lists_read_and_write_the_same() {
    let case = triaged(true);
    let (escalated, event) = case
        .apply(escalate(PartnerKind::Bssn, "BSSN", &[]), staff(), at(50))
        .unwrap();
    let written = serde_json::to_string(&escalated.escalations[0]).unwrap();
    for absent in ["earlier_answers", "ended"] {
        assert!(!written.contains(absent), "{written}");
    }
    let case_json = serde_json::to_string(&escalated).unwrap();
    for absent in [
        "earlier_analyses",
        "vital_infrastructure_since",
        "personal_data_since",
        "data_subject_notice_at",
    ] {
        assert!(!case_json.contains(absent), "{absent}");
    }
    let back: Case = serde_json::from_str(&case_json).unwrap();
    assert_eq!(back, escalated);
    let event_json = serde_json::to_string(&event.change).unwrap();
    assert!(!event_json.contains("required"), "{event_json}");
    let old_event = r#"{"action":"escalate","partner":"bssn","partner_name":"BSSN","chronology":null,"impact":null,"request":null}"#;
    let read: Change = serde_json::from_str(old_event).unwrap();
    assert_eq!(read, escalate(PartnerKind::Bssn, "BSSN", &[]));
}

#[test]
fn the_iiv_mark_starts_the_bssn_clock_which_an_escalation_to_bssn_stops() {
    let (case, _) = walk(
        triaged(true),
        vec![Change::MarkVitalInfrastructure { vital: true }],
    );
    let marked_at = case.vital_infrastructure_since.unwrap();
    let deadlines = case.deadlines();
    assert_eq!(deadlines.len(), 1);
    assert_eq!(deadlines[0].kind, DeadlineKind::BssnReport);
    assert_eq!(deadlines[0].due_at, marked_at + TimeDelta::hours(24));
    assert_eq!(
        deadlines[0].status(marked_at + TimeDelta::minutes(24 * 60 + 1)),
        DeadlineStatus::Overdue
    );
    let (vendor, _) = case
        .apply(
            escalate(PartnerKind::Vendor, "Vendor", &[]),
            staff(),
            marked_at + TimeDelta::hours(1),
        )
        .unwrap();
    assert_eq!(vendor.deadlines()[0].met_at, None);
    let (bssn, _) = vendor
        .apply(
            escalate(PartnerKind::Bssn, "BSSN", &[]),
            staff(),
            marked_at + TimeDelta::hours(23),
        )
        .unwrap();
    assert_eq!(
        bssn.deadlines()[0].status(marked_at + TimeDelta::hours(30)),
        DeadlineStatus::Met
    );
    let again = bssn
        .apply(
            Change::MarkVitalInfrastructure { vital: true },
            staff(),
            at(900),
        )
        .unwrap_err();
    assert!(again.to_string().contains("already marked"), "{again}");
}

#[test]
fn the_personal_data_mark_starts_the_notice_clock_which_the_recorded_notice_stops() {
    let case = triaged(true);
    let refused = case
        .apply(
            Change::RecordDataSubjectNotice {
                note: text("Surel ke subjek data."),
            },
            staff(),
            at(50),
        )
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("not marked as involving personal data"),
        "{refused}"
    );
    let (marked, _) = case
        .apply(Change::MarkPersonalData { involved: true }, staff(), at(50))
        .unwrap();
    let deadline = &marked.deadlines()[0];
    assert_eq!(deadline.kind, DeadlineKind::DataSubjectNotice);
    assert_eq!(
        deadline.status(at(50) + TimeDelta::minutes(72 * 60 - 1)),
        DeadlineStatus::DueSoon
    );
    let (noticed, event) = marked
        .apply(
            Change::RecordDataSubjectNotice {
                note: text("Surel ke subjek data."),
            },
            staff(),
            at(60),
        )
        .unwrap();
    assert!(!event.moved());
    assert_eq!(
        noticed.deadlines()[0].status(at(50) + TimeDelta::hours(80)),
        DeadlineStatus::Met
    );
    let (cleared, _) = noticed
        .apply(
            Change::MarkPersonalData { involved: false },
            staff(),
            at(70),
        )
        .unwrap();
    assert!(cleared.deadlines().is_empty());
}
