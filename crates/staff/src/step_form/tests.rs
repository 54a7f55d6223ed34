use super::*;
use csirt_domain::sop::SopProfile;
use csirt_domain::state::CaseState;

fn form(pairs: &[(&str, &str)]) -> FormFields {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn profile() -> SopProfile {
    SopProfile::builtin("bali").expect("a shipped profile")
}

#[test]
fn every_step_has_a_key_that_finds_it_and_a_field_spec_its_parser_reads() {
    for step in StepKind::ALL {
        assert_eq!(StepKind::from_key(step.key()), Some(step));
        let names: Vec<&str> = step.fields().iter().map(|f| f.name).collect();
        if let Err(errors) = parse_step(&profile(), step, &FormFields::new()) {
            for refused in errors.fields() {
                assert!(
                    names.contains(&refused),
                    "{step:?} refused {refused}, not one of its fields"
                );
            }
        }
    }
}

#[test]
fn a_classification_form_becomes_the_change_the_command_makes() {
    let change = parse_step(
        &profile(),
        StepKind::Classify,
        &form(&[
            ("class", "intrusions"),
            ("type", "application-compromise"),
            ("priority", "high"),
            ("tlp", "TLP:AMBER"),
        ]),
    )
    .expect("a valid form");
    let Change::Classify { classification } = change else {
        panic!("not a classification: {change:?}");
    };
    assert_eq!(classification.priority, Priority::High);
    assert_eq!(classification.incident.class(), "intrusions");
}

#[test]
fn every_refused_field_is_named_in_both_languages() {
    let errors = parse_step(
        &profile(),
        StepKind::Classify,
        &form(&[
            ("class", "intrusions"),
            ("type", "no-such-type"),
            ("priority", "urgent"),
        ]),
    )
    .expect_err("three refused fields");
    let refused: Vec<&str> = errors.fields().collect();
    assert_eq!(refused, ["priority", "tlp", "type"]);
    let priority = errors.get("priority").expect("priority refused");
    assert!(
        priority.en.contains("critical, high, medium, low"),
        "{priority:?}"
    );
    assert!(priority.id.starts_with("Pilih"), "{priority:?}");
}

#[test]
fn an_invalid_verdict_without_a_reason_is_refused_on_the_reason() {
    let errors = parse_step(
        &profile(),
        StepKind::Verify,
        &form(&[("verdict", "invalid")]),
    )
    .expect_err("needs a reason");
    assert_eq!(errors.fields().collect::<Vec<_>>(), ["reason"]);
    assert!(parse_step(&profile(), StepKind::Verify, &form(&[("verdict", "valid")])).is_ok());
}

#[test]
fn escalation_takes_the_profiles_partner_name_unless_one_is_typed() {
    let profile = profile();
    let Ok(Change::Escalate { partner_name, .. }) =
        parse_step(&profile, StepKind::Escalate, &form(&[("partner", "bssn")]))
    else {
        panic!("escalation refused");
    };
    let named = profile
        .escalation_partners
        .iter()
        .find(|p| p.key == PartnerKind::Bssn)
        .map(|p| p.name.clone());
    assert_eq!(Some(partner_name), named);
    let Ok(Change::Escalate { partner_name, .. }) = parse_step(
        &profile,
        StepKind::Escalate,
        &form(&[("partner", "vendor"), ("name", "PT Pengembang")]),
    ) else {
        panic!("escalation refused");
    };
    assert_eq!(partner_name, "PT Pengembang");
}

#[test]
fn ending_an_escalation_and_the_marks_become_the_changes_the_commands_make() {
    let profile = profile();
    let ended = parse_step(
        &profile,
        StepKind::EndEscalation,
        &form(&[("escalation", "2"), ("outcome", "withdrawn")]),
    );
    assert_eq!(
        ended.ok(),
        Some(Change::EndEscalation {
            escalation: 2,
            outcome: EscalationOutcome::Withdrawn,
            note: None,
        })
    );
    let refused = parse_step(
        &profile,
        StepKind::EndEscalation,
        &form(&[("escalation", "2"), ("outcome", "finished")]),
    )
    .unwrap_err();
    assert_eq!(refused.fields().collect::<Vec<_>>(), ["outcome"]);
    assert_eq!(
        parse_step(
            &profile,
            StepKind::MarkVitalInfrastructure,
            &form(&[("vital", "on")])
        )
        .ok(),
        Some(Change::MarkVitalInfrastructure { vital: true })
    );
    assert_eq!(
        parse_step(&profile, StepKind::MarkPersonalData, &form(&[])).ok(),
        Some(Change::MarkPersonalData { involved: false }),
        "an unticked box clears the mark"
    );
    let refused = parse_step(&profile, StepKind::RecordDataSubjectNotice, &form(&[])).unwrap_err();
    assert_eq!(refused.fields().collect::<Vec<_>>(), ["note"]);
    assert_eq!(
        StepKind::MarkVitalInfrastructure.action(),
        "mark_case",
        "the marks are one permission"
    );
    assert_eq!(StepKind::EndEscalation.action(), "record_escalation_answer");
}

#[test]
fn a_received_case_offers_verification_and_not_closing() {
    let allowed: Vec<StepKind> = StepKind::ALL
        .into_iter()
        .filter(|s| s.sample().may_be_made_in(CaseState::Received))
        .collect();
    assert!(allowed.contains(&StepKind::StartVerification));
    assert!(allowed.contains(&StepKind::AddNote));
    assert!(!allowed.contains(&StepKind::Close));
    assert!(!allowed.contains(&StepKind::Resolve));
}

#[test]
fn a_summary_form_needs_the_text_or_the_choice_to_include_the_reporters_description() {
    let refused = parse_step(&profile(), StepKind::WriteSummary, &form(&[("text", "  ")]))
        .expect_err("neither text nor choice");
    assert_eq!(refused.fields().collect::<Vec<_>>(), ["text"]);
    let message = refused.get("text").expect("named on the text field");
    assert!(message.id.contains("uraian pelapor") && message.en.contains("reporter's description"));

    let written = parse_step(
        &profile(),
        StepKind::WriteSummary,
        &form(&[("text", "Celah injeksi SQL pada formulir pencarian.")]),
    )
    .expect("a summary");
    assert!(matches!(
        written,
        Change::WriteSummary {
            text: Some(_),
            include_reporter_description: false
        }
    ));
    let chosen = parse_step(
        &profile(),
        StepKind::WriteSummary,
        &form(&[("include_reporter_description", "on")]),
    )
    .expect("the choice alone");
    assert!(matches!(
        chosen,
        Change::WriteSummary {
            text: None,
            include_reporter_description: true
        }
    ));
}
