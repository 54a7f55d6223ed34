//! Events and notices through JSON and across states.

use super::*;

#[test]
fn events_round_trip_through_json() {
    let (_, events) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::AddNote {
                text: text("<b>internal</b>"),
            },
        ],
    );
    for event in events {
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    }
}

#[test]
fn notices_are_recorded_in_any_state_and_survive_serialisation() {
    let (case, _) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: Some(text("Bukan insiden siber.")),
            },
            Change::Close {
                hall_of_fame: false,
            },
        ],
    );
    assert_eq!(case.state, CaseState::Closed);
    let failed = Change::Notified {
        notice: Notice::ReporterClosed,
        outcome: NoticeOutcome::Failed {
            reason: "connection refused".into(),
        },
    };
    let (case, event) = case.apply(failed, Actor::System, at(60)).unwrap();
    assert_eq!(event.from, CaseState::Closed);
    assert!(!case.delivered(&Notice::ReporterClosed));
    let (case, event) = case
        .apply(
            Change::Notified {
                notice: Notice::ReporterClosed,
                outcome: NoticeOutcome::Delivered,
            },
            Actor::System,
            at(70),
        )
        .unwrap();
    let record = case.notice(&Notice::ReporterClosed).unwrap();
    assert_eq!(
        (
            record.attempts,
            record.delivered_at,
            record.last_error.as_deref()
        ),
        (2, Some(at(70)), None)
    );
    let json = serde_json::to_string(&event).unwrap();
    assert!(
        json.contains(
            r#""action":"notified","notice":"reporter_closed","outcome":{"outcome":"delivered"}"#
        ),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    assert!(case.settled(&Notice::ReporterClosed));
    assert!(
        !json.contains("withheld_at")
            && !serde_json::to_string(&case)
                .unwrap()
                .contains("withheld_at"),
        "an unset withholding is not written: older records keep their seals"
    );
    // An acknowledgement withheld by the daily limit of the address is settled without being delivered.
    let (case, event) = case
        .apply(
            Change::Notified {
                notice: Notice::ReporterAcknowledged,
                outcome: NoticeOutcome::Withheld,
            },
            Actor::System,
            at(75),
        )
        .unwrap();
    let record = case.notice(&Notice::ReporterAcknowledged).unwrap();
    assert_eq!(
        (record.attempts, record.delivered_at, record.withheld_at),
        (1, None, Some(at(75)))
    );
    assert!(case.settled(&Notice::ReporterAcknowledged));
    assert!(!case.delivered(&Notice::ReporterAcknowledged));
    assert!(
        serde_json::to_string(&event)
            .unwrap()
            .contains(r#""outcome":{"outcome":"withheld"}"#)
    );
    let reminder = Notice::Reminder {
        step: 3,
        since: at(0),
        via: Via::Webhook,
    };
    let back: Case = serde_json::from_str(&serde_json::to_string(&case).unwrap()).unwrap();
    assert_eq!(back, case);
    assert!(!back.delivered(&reminder));
    // A case stored before notices existed reads as having none.
    let mut old = serde_json::to_value(&case).unwrap();
    old.as_object_mut().unwrap().remove("notices");
    assert!(
        serde_json::from_value::<Case>(old)
            .unwrap()
            .notices
            .is_empty()
    );
}
