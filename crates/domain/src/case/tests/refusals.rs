//! Changes refused for what they lack: BSSN's minimum fields, the reporter's consent, unknown items.

use super::*;

#[test]
fn escalation_needs_bssn_minimum_fields() {
    let (case, _) = walk(
        new_case(false, false),
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
    );
    let escalate = |chronology: Option<&str>, impact: Option<&str>| Change::Escalate {
        partner: PartnerKind::Bssn,
        partner_name: "BSSN".into(),
        chronology: chronology.map(|c| crate::text::Chronology::parse(c).unwrap()),
        impact: impact.map(|i| crate::text::Impact::parse(i).unwrap()),
        request: None,
        required: vec![
            EscalationField::Description,
            EscalationField::Chronology,
            EscalationField::Impact,
        ],
    };
    let error = case
        .apply(escalate(None, None), staff(), at(50))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("BSSN requires the chronology (the profile's required_fields)"),
        "{error}"
    );
    let (escalated, event) = case
        .apply(escalate(Some("kronologi"), Some("dampak")), staff(), at(50))
        .unwrap();
    assert_eq!(escalated.state, CaseState::Escalated);
    assert_eq!(event.from, CaseState::Triaged);
    assert_eq!(
        escalated.escalations[0].impact.as_ref().unwrap().as_str(),
        "dampak"
    );
}

#[test]
fn hall_of_fame_needs_consent() {
    let (case, _) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            Change::Classify {
                classification: classification(),
            },
            Change::RecordAnalysis {
                analysis: text("a"),
                recommendations: text("r"),
            },
            Change::Resolve { summary: text("s") },
        ],
    );
    let error = case
        .apply(Change::Close { hall_of_fame: true }, staff(), at(99))
        .unwrap_err();
    assert!(error.to_string().contains("did not consent"));
}

#[test]
fn unknown_mitigation_items_and_escalations_are_refused() {
    let (case, _) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            Change::Classify {
                classification: classification(),
            },
            Change::PlanMitigation {
                kind: MitigationKind::ClosePorts,
                detail: Some(text("22, 3306")),
            },
        ],
    );
    let error = case
        .apply(
            Change::UpdateMitigation {
                item: 7,
                status: MitigationStatus::Done,
            },
            staff(),
            at(99),
        )
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no mitigation item 7 (the case has 1)"),
        "{error}"
    );
    let other = Change::PlanMitigation {
        kind: MitigationKind::Other,
        detail: None,
    };
    assert!(case.apply(other, staff(), at(99)).is_err());
}
