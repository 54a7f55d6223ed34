//! Checks every shipped profile against its seed's shape.

use super::*;
use crate::state::CaseState;

#[test]
fn every_builtin_profile_loads() {
    for (id, _) in BUILTIN {
        let profile = SopProfile::builtin(id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(profile.id, id);
        assert!(!profile.csirt.name.is_empty());
        assert!(!profile.escalation_partners.is_empty(), "{id}");
        for step in &profile.steps {
            assert!(
                !step.title.id.is_empty() && !step.title.en.is_empty(),
                "{id} step {}",
                step.number
            );
        }
    }
}

#[test]
fn step_counts_and_time_standards_follow_the_seeds() {
    let expect = [
        ("batam", 10),
        ("tegal", 11),
        ("malut", 10),
        ("kukar", 9),
        ("bali", 4),
    ];
    for (id, count) in expect {
        assert_eq!(SopProfile::builtin(id).unwrap().steps.len(), count, "{id}");
    }
    let tegal = SopProfile::builtin("tegal").unwrap();
    let standards: Vec<_> = tegal
        .steps
        .iter()
        .map(|s| s.time_standard.map(|t| t.to_string()))
        .collect();
    assert_eq!(
        standards[..6],
        [
            Some("10 menit".into()),
            Some("10 menit".into()),
            Some("30 menit".into()),
            Some("30 menit".into()),
            Some("10-30 menit".into()),
            Some("1-3 hari".into()),
        ]
    );
    let batam = SopProfile::builtin("batam").unwrap();
    assert_eq!(batam.steps[2].time_standard.unwrap().to_string(), "2 hari");
    assert_eq!(batam.steps[2].state, CaseState::Verifying);
    let malut = SopProfile::builtin("malut").unwrap();
    assert!(malut.steps.iter().all(|s| s.time_standard.is_none()));
    assert_eq!(
        malut.calendar().unwrap().offset().local_minus_utc(),
        9 * 3600
    );
}

/// Whether the workflow leads from `from` to `to` (in zero or more moves).
fn reachable(from: CaseState, to: CaseState) -> bool {
    let mut seen = vec![from];
    let mut i = 0;
    while i < seen.len() {
        for &next in seen[i].next_states() {
            if !seen.contains(&next) {
                seen.push(next);
            }
        }
        i += 1;
    }
    seen.contains(&to)
}

#[test]
fn each_profile_maps_onto_a_path_through_the_workflow() {
    for (id, _) in BUILTIN {
        let profile = SopProfile::builtin(id).unwrap();
        assert_eq!(profile.steps[0].state, CaseState::Received, "{id}");
        for pair in profile.steps.windows(2) {
            assert!(
                reachable(pair[0].state, pair[1].state),
                "{id}: step {} ({}) cannot follow step {} ({})",
                pair[1].number,
                pair[1].state,
                pair[0].number,
                pair[0].state
            );
        }
    }
}

#[test]
fn each_partner_requires_the_fields_its_profile_entry_names() {
    use crate::case::{EscalationField, PartnerKind};
    let batam = SopProfile::builtin("batam").unwrap();
    assert_eq!(
        batam.escalation_requirements(PartnerKind::Bssn, "BSSN"),
        [
            EscalationField::Description,
            EscalationField::Chronology,
            EscalationField::Impact
        ]
    );
    assert_eq!(
        batam.escalation_requirements(PartnerKind::Provincial, "KEPRIPROV-CSIRT"),
        [EscalationField::Description, EscalationField::Chronology]
    );
    assert!(
        batam
            .escalation_requirements(PartnerKind::Vendor, "PT Pengembang")
            .is_empty()
    );
    let malut = SopProfile::builtin("malut").unwrap();
    assert!(
        malut
            .escalation_requirements(PartnerKind::Provincial, "Malut-CSIRT")
            .is_empty()
    );
}

#[test]
fn broken_profiles_are_refused_naming_the_problem() {
    let (_, tegal) = BUILTIN[1];
    let cases = [
        (
            tegal.replacen("number = 2", "number = 7", 1),
            "step 2 is numbered 7",
        ),
        (
            tegal.replacen("state = \"verifying\"", "state = \"pending\"", 1),
            "unknown variant `pending`",
        ),
        (
            tegal.replacen(
                "time_standard = \"30 menit\"",
                "time_standard = \"30 minggu\"",
                1,
            ),
            "30 minggu",
        ),
        (
            tegal.replacen("utc_offset = \"+07:00\"", "utc_offset = \"WIB\"", 1),
            "utc_offset",
        ),
        (format!("extra = 1\n{tegal}"), "unknown field"),
        (
            tegal.replacen(
                "required_fields = [\"description\", \"chronology\"]",
                "required_fields = [\"description\", \"kronologi\"]",
                1,
            ),
            "escalation partner \"JatengProv-CSIRT\": required_fields names \"kronologi\", which is not a field",
        ),
        (
            tegal.replacen(
                "required_fields = [\"description\", \"chronology\"]",
                "required_fields = [\"impact\", \"impact\"]",
                1,
            ),
            "escalation partner \"JatengProv-CSIRT\": required_fields names \"impact\" twice",
        ),
        (
            tegal.replacen(
                "completed_by = \"record_action\"",
                "completed_by = \"resolve\"",
                1,
            ),
            "step 5: completed_by = \"resolve\" is not a change taken inside a state",
        ),
    ];
    for (text, expected) in cases {
        let error = SopProfile::from_toml(&text, "content/sop/tegal.toml")
            .unwrap_err()
            .to_string();
        assert!(error.contains("content/sop/tegal.toml"), "{error}");
        assert!(error.contains(expected), "expected {expected:?} in {error}");
    }
    assert!(
        SopProfile::builtin("jakarta")
            .unwrap_err()
            .to_string()
            .contains("batam, tegal, malut, kukar, bali")
    );
}
