//! Several assignees per case and per step through the staff library, on both stores: Maluku Utara's coordinator
//! gives steps 5 and 6 to two sub-teams each, the queue finds the case under each of them, a step the SOP does
//! not have is refused with nothing written, and a sub-team (whose role the SOP does not let assign) cannot take
//! a case from another.

use std::sync::Arc;

use chrono::Utc;
use csirt_domain::case::{Actor, Change, Verdict};
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_domain::text::ActorName;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::accounts::Staffer;
use csirt_staff::cases::{queue, queue_states};
use csirt_staff::record::{Recording, record_report};
use csirt_staff::steps::take_step;
use csirt_staff::{Desk, ErrorKind, StaffError};
use csirt_store::CaseStore;
use csirt_test_kit::reports::report_fields;

use crate::accounts::support::*;

const NETWORK: &str = "Sub Tim Jaringan dan Server";
const SECURITY: &str = "Sub Tim Keamanan Informasi";
const WEBSITE: &str = "Sub Tim Website Administrator dan Aplikasi";

fn assign(who: &str, step: Option<u32>) -> Change {
    Change::Assign {
        handler: ActorName::parse(who).unwrap(),
        step,
    }
}

/// Maluku Utara's desk with its coordinator (who records reports and may assign) and a member of the security
/// sub-team.
async fn team(store: &Arc<dyn CaseStore>) -> (Desk, Staffer, Staffer) {
    let desk = desk(store, "malut");
    let first = add(&desk, None, "koordinator", &["admin", "koordinator"]).await;
    let (coordinator, _) =
        signed_in(&desk, "koordinator", first.totp.as_ref().unwrap(), at(1)).await;
    let added = add(
        &desk,
        Some(&coordinator),
        "keamanan",
        &["sub-keamanan-informasi"],
    )
    .await;
    let (member, _) = signed_in(&desk, "keamanan", added.totp.as_ref().unwrap(), at(2)).await;
    (desk, coordinator, member)
}

async fn verified_case(desk: &Desk, by: &Staffer) -> TrackingCode {
    let recording = Recording {
        input: ReportInput::from_pairs(report_fields()),
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
    ] {
        take_step(desk, &code, change, by, Utc::now())
            .await
            .unwrap();
    }
    code
}

/// The codes of the open cases assigned to `name`.
async fn queue_of(desk: &Desk, name: &str) -> Vec<String> {
    let entries = queue(desk, &queue_states(None).unwrap(), Utc::now())
        .await
        .unwrap();
    entries
        .into_iter()
        .filter(|e| e.is_assigned_to(name))
        .map(|e| e.code)
        .collect()
}

pub async fn two_sub_teams_per_step_each_find_the_case_in_their_queue(store: Arc<dyn CaseStore>) {
    let (desk, coordinator, member) = team(&store).await;
    let code = verified_case(&desk, &coordinator).await;
    let other = verified_case(&desk, &coordinator).await;
    for change in [
        assign(NETWORK, Some(5)),
        assign(SECURITY, Some(5)),
        assign(NETWORK, Some(6)),
        assign(WEBSITE, Some(6)),
    ] {
        let (_, event) = take_step(&desk, &code, change, &coordinator, Utc::now())
            .await
            .unwrap();
        assert_eq!(
            event.actor,
            coordinator.actor(),
            "who acted is the signed-in account"
        );
    }
    take_step(
        &desk,
        &other,
        assign(WEBSITE, None),
        &coordinator,
        Utc::now(),
    )
    .await
    .unwrap();

    let case = desk.cases.get(&code).await.unwrap().unwrap();
    let step_six: Vec<&str> = case
        .assignees_of_step(6)
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(step_six, [NETWORK, WEBSITE]);
    let (code_text, other_text) = (code.to_string(), other.to_string());
    assert_eq!(queue_of(&desk, NETWORK).await, [code.to_string()]);
    assert_eq!(queue_of(&desk, SECURITY).await, [code.to_string()]);
    let mut website = queue_of(&desk, WEBSITE).await;
    website.sort();
    let mut both = vec![code_text.clone(), other_text];
    both.sort();
    assert_eq!(website, both);

    // A step the SOP does not have: refused, named, nothing written.
    let error = take_step(
        &desk,
        &code,
        assign(SECURITY, Some(42)),
        &coordinator,
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid, "{error}");
    assert!(
        error
            .to_string()
            .starts_with("step: the SOP profile malut has no step 42"),
        "{error}"
    );
    // A sub-team member may not take the case from another sub-team: the SOP gives `assign` to the chair and
    // the coordinator only.
    let unassign = Change::Unassign {
        handler: ActorName::parse(NETWORK).unwrap(),
        step: Some(5),
    };
    let error = take_step(&desk, &code, unassign.clone(), &member, Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StaffError::NotPermitted { action, .. } if action == "assign"),
        "{error}"
    );
    assert_eq!(
        desk.cases.get(&code).await.unwrap().unwrap().version,
        case.version,
        "nothing written"
    );

    let (after, event) = take_step(&desk, &code, unassign, &coordinator, Utc::now())
        .await
        .unwrap();
    assert_eq!(event.change.name(), "unassign");
    assert!(matches!(event.actor, Actor::Staff(_)));
    let step_five: Vec<&str> = after
        .assignees_of_step(5)
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(step_five, [SECURITY]);
    assert_eq!(
        queue_of(&desk, NETWORK).await,
        [code_text],
        "still the case's network sub-team for step 6"
    );
}

on_both_stores!(two_sub_teams_per_step_each_find_the_case_in_their_queue);
