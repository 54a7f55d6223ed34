//! Escalations through the staff library, on both stores: each partner's required fields come from the team's
//! profile (Batam: BSSN requires Perban BSSN 1/2024 Pasal 15's chronology and impact, KEPRIPROV-CSIRT the
//! chronology, the vendor nothing), a refused escalation names the missing field and writes nothing, partners
//! are added while escalated, and the marks, analysis versions and ended escalations read back as written.

use std::sync::Arc;

use chrono::Utc;
use csirt_domain::case::{
    Change, DeadlineKind, EscalationOutcome, EscalationStatus, PartnerKind, Verdict,
};
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_domain::state::CaseState;
use csirt_domain::text::{Chronology, StaffText};
use csirt_domain::tracking::TrackingCode;
use csirt_staff::accounts::Staffer;
use csirt_staff::cases::{queue, queue_states};
use csirt_staff::record::{Recording, record_report};
use csirt_staff::steps::take_step;
use csirt_staff::{Desk, ErrorKind};
use csirt_store::CaseStore;
use csirt_test_kit::reports::report_fields;

use crate::accounts::support::*;

fn text(s: &str) -> StaffText {
    StaffText::parse(s).unwrap()
}

fn escalate(partner: PartnerKind, name: &str, chronology: Option<&str>) -> Change {
    Change::Escalate {
        partner,
        partner_name: name.into(),
        chronology: chronology.map(|c| Chronology::parse(c).unwrap()),
        impact: None,
        request: None,
        required: Vec::new(),
    }
}

/// Batam's desk with an account holding the roles that walk a case to escalation.
async fn team(store: &Arc<dyn CaseStore>) -> (Desk, Staffer) {
    let desk = desk(store, "batam");
    let first = add(
        &desk,
        None,
        "ketua",
        &["admin", "ketua", "diskominfo", "tim"],
    )
    .await;
    let (staffer, _) = signed_in(&desk, "ketua", first.totp.as_ref().unwrap(), at(1)).await;
    (desk, staffer)
}

/// A case recorded without a chronology or an impact, verified, classified and in handling.
async fn handled_case(desk: &Desk, by: &Staffer) -> TrackingCode {
    let fields: Vec<_> = report_fields()
        .into_iter()
        .filter(|(key, _)| !["chronology", "impact"].contains(key))
        .collect();
    let recording = Recording {
        input: ReportInput::from_pairs(fields),
        evidence: Vec::new(),
        channel: Channel::Email,
        received_at: Utc::now(),
    };
    let code = record_report(desk, recording, by).await.unwrap();
    for change in [
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Valid,
            reason: None,
        },
        Change::Classify {
            classification: csirt_domain::case::Classification {
                incident: csirt_domain::taxonomy::IncidentType::parse(
                    "intrusions",
                    "application-compromise",
                )
                .unwrap(),
                priority: csirt_domain::case::Priority::High,
                tlp: csirt_domain::tlp::Tlp::parse("TLP:AMBER").unwrap(),
            },
        },
        Change::StartHandling { note: None },
    ] {
        take_step(desk, &code, change, by, Utc::now())
            .await
            .unwrap();
    }
    code
}

async fn each_partner_needs_the_fields_its_profile_entry_names(store: Arc<dyn CaseStore>) {
    let (desk, staffer) = team(&store).await;
    let code = handled_case(&desk, &staffer).await;
    let step = |change| take_step(&desk, &code, change, &staffer, Utc::now());
    let refused = step(escalate(PartnerKind::Bssn, "BSSN", None))
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Refused, "{refused}");
    assert!(
        refused.to_string().contains("BSSN requires the chronology"),
        "{refused}"
    );
    let refused = step(escalate(PartnerKind::Provincial, "KEPRIPROV-CSIRT", None))
        .await
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("KEPRIPROV-CSIRT requires the chronology"),
        "{refused}"
    );
    let unchanged = store.get(&code).await.unwrap().unwrap();
    assert_eq!(unchanged.state, CaseState::Handling);
    assert!(unchanged.escalations.is_empty(), "nothing written");
    // The vendor requires nothing; the province is satisfied by a chronology given with the escalation; BSSN
    // still lacks the impact, named.
    let (vendor, _) = step(escalate(PartnerKind::Vendor, "PT Pengembang", None))
        .await
        .unwrap();
    assert_eq!(vendor.state, CaseState::Escalated);
    let (provincial, event) = step(escalate(
        PartnerKind::Provincial,
        "KEPRIPROV-CSIRT",
        Some("08.10 ditemukan."),
    ))
    .await
    .unwrap();
    assert_eq!(provincial.state, CaseState::Escalated);
    assert!(!event.moved(), "a second partner leaves the state alone");
    let refused = step(escalate(
        PartnerKind::Bssn,
        "BSSN",
        Some("08.10 ditemukan."),
    ))
    .await
    .unwrap_err();
    assert!(
        refused.to_string().contains("BSSN requires the impact"),
        "{refused}"
    );
}

async fn marks_versions_and_ended_escalations_read_back(store: Arc<dyn CaseStore>) {
    let (desk, staffer) = team(&store).await;
    let code = handled_case(&desk, &staffer).await;
    for change in [
        Change::MarkVitalInfrastructure { vital: true },
        Change::MarkPersonalData { involved: true },
        escalate(PartnerKind::Vendor, "PT Pengembang", None),
        Change::RecordEscalationAnswer {
            escalation: 1,
            text: text("Patch dirilis."),
        },
        Change::EndEscalation {
            escalation: 1,
            outcome: EscalationOutcome::Closed,
            note: None,
        },
        Change::RecordAnalysis {
            analysis: text("Versi pertama."),
            recommendations: text("Perbarui."),
        },
        Change::RecordDataSubjectNotice {
            note: text("Surel kepada subjek data."),
        },
    ] {
        take_step(&desk, &code, change, &staffer, Utc::now())
            .await
            .unwrap();
    }
    let entries = queue(&desk, &queue_states(None).unwrap(), Utc::now())
        .await
        .unwrap();
    let entry = entries.iter().find(|e| e.code == code.to_string()).unwrap();
    let kinds: Vec<_> = entry.deadlines.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [DeadlineKind::BssnReport],
        "the notice met its deadline"
    );
    assert!(!entry.deadline_overdue());
    let case = store.get(&code).await.unwrap().unwrap();
    assert!(case.vital_infrastructure_since.is_some());
    assert!(case.data_subject_notice_at.is_some());
    assert_eq!(case.escalations[0].status(), EscalationStatus::Closed);
    assert_eq!(case.analysis_version(), Some(1));
    let events = store.events(&code).await.unwrap();
    let names: Vec<_> = events.iter().map(|e| e.change.name()).collect();
    for name in [
        "mark_vital_infrastructure",
        "mark_personal_data",
        "end_escalation",
        "record_data_subject_notice",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
}

on_both_stores!(
    each_partner_needs_the_fields_its_profile_entry_names,
    marks_versions_and_ended_escalations_read_back,
);
