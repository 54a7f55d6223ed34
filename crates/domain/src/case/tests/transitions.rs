//! The procedure's transitions: the longest path to closed, illegal and refused changes, invalid reports.

use super::*;

#[test]
fn a_case_walks_the_longest_path_to_closed() {
    let (case, events) = walk(
        new_case(true, true),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            Change::Classify {
                classification: classification(),
            },
            Change::Assign {
                handler: ActorName::parse("sub-website").unwrap(),
                step: None,
            },
            Change::PlanMitigation {
                kind: MitigationKind::MaintenancePage,
                detail: None,
            },
            Change::PlanMitigation {
                kind: MitigationKind::BackupData,
                detail: None,
            },
            Change::UpdateMitigation {
                item: 1,
                status: MitigationStatus::Done,
            },
            Change::StartHandling { note: None },
            Change::Escalate {
                partner: PartnerKind::Provincial,
                partner_name: "JatengProv-CSIRT".into(),
                chronology: None,
                impact: None,
                request: None,
                required: Vec::new(),
            },
            Change::RecordEscalationAnswer {
                escalation: 1,
                text: text("Tutup celah plugin."),
            },
            Change::StartHandling {
                note: Some(text("Lanjut sesuai rekomendasi.")),
            },
            Change::RecordAnalysis {
                analysis: text("Plugin usang."),
                recommendations: text("Perbarui."),
            },
            Change::StartFollowUp { note: None },
            Change::Resolve {
                summary: text("Pulih."),
            },
            Change::IssueDocument {
                document: DocumentRecord {
                    kind: DocumentKind::CertificateOfAppreciation,
                    number: "001/SA/2026".into(),
                    issued_at: at(500),
                    tlp: Tlp::Clear,
                    file: None,
                    verification: None,
                    sha256: None,
                    pdf_sha256: None,
                },
            },
            Change::Close { hall_of_fame: true },
        ],
    );
    assert_eq!(case.state, CaseState::Closed);
    assert_eq!(case.version, 17);
    assert_eq!(case.mitigation[0].status, MitigationStatus::Done);
    assert_eq!(case.mitigation[1].status, MitigationStatus::Planned);
    assert_eq!(
        case.escalations[0].chronology.as_ref().unwrap().as_str(),
        "Pukul 09.00 ditemukan."
    );
    assert!(case.escalations[0].answer.is_some());
    assert_eq!(case.hall_of_fame_alias().unwrap().as_str(), "Budi");
    assert_eq!(case.closed_at, Some(at(160)));
    let states: Vec<_> = public_timeline(&events).iter().map(|t| t.state).collect();
    assert_eq!(
        states,
        [
            CaseState::Verifying,
            CaseState::Valid,
            CaseState::Triaged,
            CaseState::Mitigating,
            CaseState::Handling,
            CaseState::Escalated,
            CaseState::Handling,
            CaseState::Reported,
            CaseState::FollowUp,
            CaseState::Resolved,
            CaseState::Closed,
        ]
    );
}

#[test]
fn an_illegal_transition_names_the_case_the_state_and_the_allowed_moves() {
    let case = new_case(false, false);
    let error = case
        .apply(Change::Resolve { summary: text("x") }, staff(), at(1))
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains(&case.code.to_string()), "{message}");
    assert!(
        message.contains("is received: it cannot move to resolved; allowed next: verifying"),
        "{message}"
    );
    let error = case
        .apply(Change::RecordAction { note: text("x") }, staff(), at(1))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("record_action is allowed only when the case is mitigating, handling"),
        "{error}"
    );
}

#[test]
fn a_refused_change_leaves_the_case_as_it_was() {
    let (case, _) = walk(new_case(false, false), vec![Change::StartVerification]);
    let before = case.clone();
    let error = case
        .apply(
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: None,
            },
            staff(),
            at(99),
        )
        .unwrap_err();
    assert!(error.to_string().contains("needs the reason"));
    assert_eq!(case, before);
}

#[test]
fn an_invalid_report_can_only_be_closed_and_earns_no_hall_of_fame() {
    let (case, _) = walk(
        new_case(true, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: Some(text("Tidak ada indikasi serangan.")),
            },
        ],
    );
    assert_eq!(case.state.next_states(), [CaseState::Closed]);
    let error = case
        .apply(Change::Close { hall_of_fame: true }, staff(), at(90))
        .unwrap_err();
    assert!(error.to_string().contains("only a valid report"), "{error}");
    let (closed, _) = case
        .apply(
            Change::Close {
                hall_of_fame: false,
            },
            staff(),
            at(90),
        )
        .unwrap();
    assert_eq!(closed.hall_of_fame_alias(), None);
    assert!(
        closed
            .apply(
                Change::AddNote {
                    text: text("arsip")
                },
                staff(),
                at(91)
            )
            .is_ok()
    );
    assert!(
        closed
            .apply(Change::StartHandling { note: None }, staff(), at(91))
            .is_err()
    );
}
