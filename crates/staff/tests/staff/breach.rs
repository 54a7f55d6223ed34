//! Which reporters' data was held where during a breach window, through the staff library on both stores: the
//! window's edges (a report received at its end is out, one redacted before its start is out unless files of the
//! reporter were kept, one redacted inside it is in), the kinds held and the places, whom to notify, the role the
//! SOP gives the listing, and an audit entry that holds the codes and no personal data.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use csirt_domain::account::AccountChange;
use csirt_domain::case::{
    Change, DocumentKind, DocumentRecord, Notice, NoticeOutcome, PrivacyAction,
};
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::accounts::Staffer;
use csirt_staff::breach::{BreachWindow, HeldCase, Place, breach_scope, parse_time};
use csirt_staff::privacy::redact_reporter;
use csirt_staff::record::{Recording, record_report};
use csirt_staff::steps::take_step;
use csirt_staff::{Desk, ErrorKind, StaffError};
use csirt_store::CaseStore;
use csirt_test_kit::reports::{png, report_fields};

use crate::accounts::support::*;

/// Tegal's team: `ayu` (admin, tim: records and issues), `dinas` (diskominfo: redacts, lists the breach scope).
async fn team(store: &Arc<dyn CaseStore>) -> (Desk, Staffer, Staffer) {
    let desk = desk(store, "tegal");
    let first = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let (ayu, _) = signed_in(&desk, "ayu", first.totp.as_ref().unwrap(), at(1)).await;
    let added = add(&desk, Some(&ayu), "dinas", &["diskominfo"]).await;
    let (dinas, _) = signed_in(&desk, "dinas", added.totp.as_ref().unwrap(), at(2)).await;
    (desk, ayu, dinas)
}

/// The kit's report (Siti Aminah Rahayu's, with a screenshot), received at `received_at`.
async fn record(desk: &Desk, by: &Staffer, received_at: DateTime<Utc>) -> TrackingCode {
    let recording = Recording {
        input: ReportInput::from_pairs(report_fields()),
        evidence: vec![("tangkapan-siti.png".to_owned(), png())],
        channel: Channel::Email,
        received_at,
    };
    record_report(desk, recording, by).await.unwrap()
}

fn listed<'a>(cases: &'a [HeldCase], code: &TrackingCode) -> Option<&'a HeldCase> {
    cases.iter().find(|case| &case.code == code)
}

pub async fn the_breach_scope_lists_whose_data_was_held_where_in_the_window(
    store: Arc<dyn CaseStore>,
) {
    let (desk, ayu, dinas) = team(&store).await;
    let window = BreachWindow::new(at(60), at(120)).unwrap();
    // Redacted before the window, its files deleted: nothing of the reporter's was held in it.
    let redacted_before = record(&desk, &ayu, at(0)).await;
    redact_reporter(&desk, &dinas, &redacted_before, false, at(10))
        .await
        .unwrap();
    // Redacted before the window, its files kept: only those were held.
    let files_kept = record(&desk, &ayu, at(5)).await;
    redact_reporter(&desk, &dinas, &files_kept, true, at(15))
        .await
        .unwrap();
    // Redacted inside the window: everything was held until then.
    let redacted_inside = record(&desk, &ayu, at(20)).await;
    redact_reporter(&desk, &dinas, &redacted_inside, false, at(90))
        .await
        .unwrap();
    // Held throughout, with an escalation report and an acknowledgement e-mailed inside the window, a letter
    // after it.
    let held = record(&desk, &ayu, at(30)).await;
    let document = |kind, number: &str, minutes| Change::IssueDocument {
        document: DocumentRecord {
            kind,
            number: number.to_owned(),
            issued_at: at(minutes),
            tlp: Tlp::Amber,
            file: None,
            verification: None,
            sha256: None,
            pdf_sha256: None,
        },
    };
    for (change, minutes) in [
        (
            Change::Notified {
                notice: Notice::ReporterAcknowledged,
                outcome: NoticeOutcome::Delivered,
            },
            31,
        ),
        (
            document(DocumentKind::EscalationReport, "007/ESK/2026", 70),
            70,
        ),
        (
            document(DocumentKind::NotificationLetter, "008/SPIS/2026", 130),
            130,
        ),
    ] {
        take_step(&desk, &held, change, &ayu, at(minutes))
            .await
            .unwrap();
    }
    // Received at the window's end, and after it: out.
    let at_the_end = record(&desk, &ayu, at(120)).await;
    let after = record(&desk, &ayu, at(200)).await;

    // The listing is diskominfo's in Tegal's SOP: a team member is refused, with nothing recorded.
    let refused = breach_scope(&desk, &ayu, &window, at(300))
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Refused, "{refused}");
    assert!(
        matches!(&refused, StaffError::NotPermitted { action, .. } if action == "breach_scope"),
        "{refused}"
    );

    let scope = breach_scope(&desk, &dinas, &window, at(300)).await.unwrap();
    let codes: Vec<&TrackingCode> = scope.cases.iter().map(|case| &case.code).collect();
    assert_eq!(
        codes,
        [&files_kept, &redacted_inside, &held],
        "oldest first"
    );
    for out in [&redacted_before, &at_the_end, &after] {
        assert!(listed(&scope.cases, out).is_none(), "{out} is listed");
    }

    let kept = listed(&scope.cases, &files_kept).unwrap();
    assert_eq!(
        kept.held.kinds(),
        [format!("1 evidence file(s) ({} bytes)", png().len())]
    );
    assert_eq!(kept.contact, None);

    let inside = listed(&scope.cases, &redacted_inside).unwrap();
    assert_eq!(inside.redacted_at, Some(at(90)));
    assert!(inside.held.name && inside.held.email && inside.held.phone && inside.held.report_text);
    assert_eq!(inside.held.evidence_files, 1);
    assert_eq!(
        inside.contact, None,
        "a redacted reporter's contact is gone"
    );
    assert!(inside.places.iter().any(|place| matches!(
        place,
        Place::Evidence { deleted_at: Some(when), .. } if *when == at(90)
    )));

    let throughout = listed(&scope.cases, &held).unwrap();
    let contact = throughout.contact.as_ref().unwrap();
    assert_eq!(contact.email.as_deref(), Some("siti.rahayu@contoh.id"));
    assert_eq!(contact.phone.as_deref(), Some("+6281298765432"));
    assert_eq!(contact.name.as_deref(), Some("Siti Aminah Rahayu"));
    assert_eq!(throughout.held.evidence_bytes, png().len() as u64);
    let events = desk.cases.events(&held).await.unwrap();
    let Place::Store { whereabouts } = &throughout.places[0] else {
        panic!("the store first: {:?}", throughout.places);
    };
    assert!(
        whereabouts.store.starts_with("SQLite database ")
            || whereabouts.store.starts_with("DynamoDB table "),
        "{}",
        whereabouts.store
    );
    assert_eq!(
        whereabouts
            .rows
            .iter()
            .map(|rows| rows.count)
            .collect::<Vec<_>>(),
        [1, events.len() as u64]
    );
    let lines: Vec<String> = throughout.places.iter().map(Place::line).collect();
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("evidence directory /")
                && line.contains(&format!("cases/{}/", held.key()))),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("escalation report 007/ESK/2026")),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|line| line.contains("008/SPIS/2026")),
        "a letter issued after the window, and without the reporter's data: {lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("e-mail: 1 message(s) delivered")),
        "{lines:?}"
    );

    // The audit log names the listing and the codes listed, never the data.
    let log = desk.cases.audit_log().await.unwrap();
    let text = serde_json::to_string(&log).unwrap();
    for secret in ["Siti", "Rahayu", "siti.rahayu@contoh.id", "+6281298765432"] {
        assert!(!text.contains(secret), "{secret} in the audit log");
    }
    let entries: Vec<(String, String)> = log
        .into_iter()
        .filter_map(|event| match event.change {
            AccountChange::ReporterData {
                operation: PrivacyAction::BreachScope,
                cases,
            } => Some((cases, event.actor.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(
        entries,
        [(
            format!("{files_kept}, {redacted_inside}, {held}"),
            "dinas".to_owned()
        )]
    );
}

#[test]
fn a_window_is_read_in_the_teams_zone_and_must_not_be_empty() {
    let wib = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let local = parse_time("--since", "2026-12-07 08:00", wib).unwrap();
    assert_eq!(local, at(0), "08:00 WIB is 01:00 UTC");
    assert_eq!(
        parse_time("--since", "2026-12-07T01:00:00Z", wib).unwrap(),
        at(0)
    );
    assert_eq!(
        parse_time("--since", "2026-12-07", wib).unwrap(),
        at(-8 * 60)
    );
    let error = parse_time("--until", "kemarin", wib)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("--until \"kemarin\": not a time"),
        "{error}"
    );
    let empty = BreachWindow::new(at(60), at(60)).unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::Invalid);
    assert!(
        empty.to_string().contains("is not after --since"),
        "{empty}"
    );
}

on_both_stores!(the_breach_scope_lists_whose_data_was_held_where_in_the_window);
