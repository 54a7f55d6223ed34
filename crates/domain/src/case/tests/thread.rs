//! The thread's rules: numbering, the reporter's files joining the evidence, the reply window after closing,
//! reply by e-mail only, the thread's bound, and records without a thread written as before.

use super::*;
use crate::text::MessageText;

fn message(s: &str) -> MessageText {
    MessageText::parse(s).unwrap()
}

fn evidence(sha_char: char) -> EvidenceRef {
    EvidenceRef {
        sha256: sha_char.to_string().repeat(64),
        media_type: "image/png".into(),
        size: 10,
        name: Some("layar.png".into()),
    }
}

fn reply(case: &Case, text: &str, files: Vec<EvidenceRef>, minutes: i64) -> Case {
    let change = Change::ReporterReply {
        text: message(text),
        files,
        key: None,
    };
    case.apply(change, Actor::Reporter, at(minutes)).unwrap().0
}

#[test]
fn messages_are_numbered_and_the_reporters_files_join_the_evidence_once() {
    let case = new_case(false, false);
    let (case, _) = case
        .apply(
            Change::MessageReporter {
                text: message("Mohon kirim tangkapan layar."),
                files: vec![],
            },
            staff(),
            at(5),
        )
        .unwrap();
    let case = reply(&case, "Terlampir.", vec![evidence('a')], 6);
    let case = reply(&case, "Sekali lagi.", vec![evidence('a')], 7);
    let ids: Vec<(u32, Party)> = case.messages.iter().map(|m| (m.id, m.from)).collect();
    assert_eq!(
        ids,
        [(1, Party::Team), (2, Party::Reporter), (3, Party::Reporter)]
    );
    assert_eq!(case.evidence.len(), 1, "the same file is evidence once");
    assert_eq!(case.state, CaseState::Received, "talking moves no state");
    assert!(case.holds_file(&"a".repeat(64)).is_some());
    assert!(
        case.team_sent_file(&"a".repeat(64)).is_none(),
        "the reporter sent it, not the team"
    );
}

#[test]
fn a_closed_case_takes_replies_within_the_grace_period_only() {
    let (closed, _) = walk(
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
    let closed_at = closed.closed_at.unwrap();
    let window = ReplyWindow {
        grace: TimeDelta::days(3),
    };
    assert_eq!(
        window.admits(&closed, closed_at + TimeDelta::days(3)),
        Ok(())
    );
    assert_eq!(
        window.admits(
            &closed,
            closed_at + TimeDelta::days(3) + TimeDelta::seconds(1)
        ),
        Err(ReplyRefused::Closed { days: 3 })
    );
    let none = ReplyWindow {
        grace: TimeDelta::zero(),
    };
    assert!(
        none.admits(&closed, closed_at + TimeDelta::seconds(1))
            .is_err()
    );
    assert_eq!(ReplyWindow::default().grace, TimeDelta::days(14));
}

#[test]
fn reply_by_email_only_needs_an_address_and_refuses_replies() {
    let case = new_case(false, false);
    let (email_only, _) = case
        .apply(Change::SetReplyChannel { email_only: true }, staff(), at(1))
        .unwrap();
    assert_eq!(
        ReplyWindow::default().admits(&email_only, at(2)),
        Err(ReplyRefused::EmailOnly)
    );
    let refused = email_only.apply(
        Change::ReporterReply {
            text: message("Halo."),
            files: vec![],
            key: None,
        },
        Actor::Reporter,
        at(2),
    );
    assert!(
        matches!(refused, Err(WorkflowError::Refused { .. })),
        "{refused:?}"
    );

    let mut phone_only = new_case(false, false);
    phone_only.report.reporter.email = None;
    let refused = phone_only.apply(Change::SetReplyChannel { email_only: true }, staff(), at(1));
    assert!(
        matches!(&refused, Err(WorkflowError::Refused { reason, .. }) if reason.contains("no e-mail address")),
        "{refused:?}"
    );
}

#[test]
fn the_thread_is_bounded_and_a_message_carries_at_most_five_files() {
    let mut case = new_case(false, false);
    let six: Vec<EvidenceRef> = "abcdef".chars().map(evidence).collect();
    let refused = case.apply(
        Change::MessageReporter {
            text: message("Enam berkas."),
            files: six,
        },
        staff(),
        at(1),
    );
    assert!(refused.is_err());
    for i in 0..MAX_MESSAGES {
        case = reply(&case, &format!("Pesan {i}"), vec![], 2);
    }
    assert_eq!(
        ReplyWindow::default().admits(&case, at(3)),
        Err(ReplyRefused::Full)
    );
    assert!(
        case.apply(
            Change::MessageReporter {
                text: message("Satu lagi."),
                files: vec![],
            },
            staff(),
            at(3),
        )
        .is_err()
    );
}

#[test]
fn a_case_without_a_thread_is_written_as_before() {
    let case = new_case(false, false);
    let json = serde_json::to_value(&case).unwrap();
    assert!(
        json.get("messages").is_none() && json.get("reply_by_email_only").is_none(),
        "{json}"
    );
    let back: Case = serde_json::from_value(json).unwrap();
    assert_eq!(back, case);
}
