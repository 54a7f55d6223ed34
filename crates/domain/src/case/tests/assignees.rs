//! Several assignees per case and per step: added, removed, refused, and read from records and events written
//! when a case had one.

use super::*;
use crate::sop::SopProfile;

fn name(s: &str) -> ActorName {
    ActorName::parse(s).unwrap()
}

fn assign(who: &str, step: Option<u32>) -> Change {
    Change::Assign {
        handler: name(who),
        step,
    }
}

fn unassign(who: &str, step: Option<u32>) -> Change {
    Change::Unassign {
        handler: name(who),
        step,
    }
}

fn verified() -> Case {
    walk(
        new_case(false, true),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
        ],
    )
    .0
}

#[test]
fn assign_adds_and_never_replaces() {
    let (case, events) = walk(
        verified(),
        vec![
            assign("koordinator", None),
            assign("Sub Tim Jaringan dan Server", Some(5)),
            assign("Sub Tim Keamanan Informasi", Some(5)),
            assign("Sub Tim Website Administrator dan Aplikasi", Some(6)),
        ],
    );
    let listed: Vec<String> = case.assignees.iter().map(ToString::to_string).collect();
    assert_eq!(
        listed,
        [
            "koordinator",
            "Sub Tim Jaringan dan Server (step 5)",
            "Sub Tim Keamanan Informasi (step 5)",
            "Sub Tim Website Administrator dan Aplikasi (step 6)",
        ]
    );
    assert!(events.iter().all(|e| !e.moved()), "assigning moves nothing");
    let step_five: Vec<&str> = case
        .assignees_of_step(5)
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(
        step_five,
        [
            "Sub Tim Jaringan dan Server",
            "Sub Tim Keamanan Informasi",
            "koordinator"
        ],
        "the step's own first, then the whole case's"
    );
    let step_seven: Vec<&str> = case
        .assignees_of_step(7)
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(step_seven, ["koordinator"]);
    assert!(case.is_assigned_to("sub tim keamanan informasi "));
    assert!(!case.is_assigned_to("Sub Tim"));
}

#[test]
fn the_same_assignee_for_the_same_step_is_refused_and_changes_nothing() {
    let (case, _) = walk(verified(), vec![assign("andi", Some(5))]);
    let error = case
        .apply(assign("ANDI", Some(5)), staff(), at(99))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("ANDI for step 5 is already assigned"),
        "{error}"
    );
    // The same person for another step, or for the whole case, is another assignment.
    let (case, _) = walk(case, vec![assign("andi", Some(6)), assign("andi", None)]);
    assert_eq!(case.assignees.len(), 3);
}

#[test]
fn unassign_removes_only_that_assignment() {
    let (case, _) = walk(
        verified(),
        vec![
            assign("budi", None),
            assign("andi", Some(5)),
            assign("andi", Some(6)),
        ],
    );
    let (after, event) = case
        .apply(unassign("Andi", Some(5)), staff(), at(99))
        .unwrap();
    assert_eq!(event.change.name(), "unassign");
    let listed: Vec<String> = after.assignees.iter().map(ToString::to_string).collect();
    assert_eq!(listed, ["budi", "andi (step 6)"]);
    let error = after
        .apply(unassign("andi", None), staff(), at(100))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("andi for the whole case is not assigned; the case has andi (step 6)"),
        "{error}"
    );
    let error = after
        .apply(unassign("citra", None), staff(), at(100))
        .unwrap_err();
    assert!(
        error.to_string().contains("citra is not an assignee"),
        "{error}"
    );
    assert_eq!(after.assignees.len(), 2, "a refused change leaves the case");
}

#[test]
fn a_closed_case_takes_no_assignment() {
    let (case, _) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: Some(text("Bukan insiden.")),
            },
            Change::Close {
                hall_of_fame: false,
            },
        ],
    );
    for change in [assign("andi", None), unassign("andi", None)] {
        let error = case.apply(change, staff(), at(99)).unwrap_err();
        assert!(
            matches!(error, WorkflowError::NotInThisState { .. }),
            "{error}"
        );
    }
}

#[test]
fn a_record_from_before_several_assignees_reads_as_its_one_assignee() {
    let (case, _) = walk(verified(), vec![assign("andi", None)]);
    let mut record = serde_json::to_value(&case).unwrap();
    let object = record.as_object_mut().unwrap();
    object.remove("assignees");
    // As the record was written when a case had one assignee.
    object.insert(
        "assignee".into(),
        serde_json::json!("Sub Tim Keamanan Informasi"),
    );
    let read: Case = serde_json::from_value(record.clone()).unwrap();
    assert_eq!(
        read.assignees,
        [Assignment {
            assignee: name("Sub Tim Keamanan Informasi"),
            step: None
        }]
    );
    record["assignee"] = serde_json::Value::Null;
    let read: Case = serde_json::from_value(record).unwrap();
    assert!(read.assignees.is_empty());
    // Written again, the list round-trips; an empty list is not written.
    let json = serde_json::to_value(&case).unwrap();
    assert_eq!(
        json["assignees"],
        serde_json::json!([{ "assignee": "andi" }])
    );
    assert_eq!(serde_json::from_value::<Case>(json).unwrap(), case);
    assert!(
        serde_json::to_value(verified())
            .unwrap()
            .get("assignees")
            .is_none()
    );
}

#[test]
fn an_assign_event_from_before_reads_as_that_one_assignee_for_the_whole_case() {
    let stored = r#"{"seq":4,"at":"2026-11-23T02:40:00Z","actor":{"kind":"staff","name":"andi"},
        "from":"valid","to":"valid","change":{"action":"assign","handler":"Sub Tim Jaringan dan Server"}}"#;
    let event: Event = serde_json::from_str(stored).unwrap();
    assert_eq!(
        event.change,
        assign("Sub Tim Jaringan dan Server", None),
        "no step: the whole case"
    );
    let (case, _) = verified().apply(event.change, staff(), at(40)).unwrap();
    assert_eq!(
        case.assignees_of_step(5)[0].as_str(),
        "Sub Tim Jaringan dan Server"
    );
    // A new event writes its step only when it has one, so an old reader's shape is kept.
    let json = serde_json::to_value(assign("andi", None)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "action": "assign", "handler": "andi" })
    );
}

#[test]
fn only_a_step_staff_take_can_be_assigned() {
    let profile = SopProfile::builtin("malut").unwrap();
    assert!(check_assignable_step(&profile, 5).is_ok());
    let error = check_assignable_step(&profile, 42).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("step: the SOP profile malut has no step 42"),
        "{error}"
    );
    assert!(error.to_string().contains("5, 6"), "{error}");
}
