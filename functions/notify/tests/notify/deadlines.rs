//! Reminders of the legal deadlines (IIV report to BSSN within 24 wall-clock hours): one when due soon, one when
//! overdue, none once met, through a real SMTP server.

use crate::support::*;
use chrono::{TimeDelta, TimeZone, Utc};
use csirt_domain::case::{
    Actor, Change, Classification, DeadlineKind, Notice, NoticeOutcome, PartnerKind, Priority,
    Verdict, Via,
};
use csirt_domain::sop::SopProfile;
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::ActorName;
use csirt_domain::tlp::Tlp;
use csirt_notify::Notifier;
use csirt_store::{CaseStore, apply_change};

async fn notifier(settings: csirt_notify::NotifySettings) -> Notifier {
    let tegal = SopProfile::builtin("tegal").unwrap();
    Notifier::new(settings, csirt_domain::team::Procedure::of(tegal).unwrap())
        .await
        .unwrap()
}

fn deadline_reminders(attempts: &[(Notice, NoticeOutcome)]) -> Vec<(bool, NoticeOutcome)> {
    attempts
        .iter()
        .filter_map(|(notice, outcome)| match notice {
            Notice::DeadlineReminder {
                deadline: DeadlineKind::BssnReport,
                overdue,
                via: Via::Email,
                ..
            } => Some((*overdue, outcome.clone())),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn the_iiv_deadline_reminds_the_team_when_due_soon_and_when_overdue_then_never_once_met() {
    let smtp = SmtpServer::start();
    let stores = Stores::new();
    // Marked on a Saturday evening: the hours run over the weekend all the same.
    let marked = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
    let case = stores
        .file(&SopProfile::builtin("tegal").unwrap(), "id", marked)
        .await;
    let staff = Actor::Staff(ActorName::parse("andi").unwrap());
    apply_change(
        &*stores.cases,
        &case.code,
        Change::MarkVitalInfrastructure { vital: true },
        staff.clone(),
        marked,
    )
    .await
    .unwrap();
    let notifier = notifier(smtp_settings(smtp.port)).await;
    let case = stores.cases.get(&case.code).await.unwrap().unwrap();
    assert!(
        notifier
            .due_deadline_reminders(&case, marked + TimeDelta::hours(17))
            .is_empty(),
        "seven hours left: not yet"
    );
    let soon = notifier
        .deliver(
            &*stores.cases,
            &case.code,
            true,
            marked + TimeDelta::minutes(23 * 60 + 59),
        )
        .await
        .unwrap();
    assert_eq!(
        deadline_reminders(&soon),
        [(false, NoticeOutcome::Delivered)]
    );
    let mails = smtp.message_to("tim@tegalkab.go.id");
    let reminder = mails
        .iter()
        .find(|m| m.contains("laporan IIV ke BSSN"))
        .unwrap_or_else(|| panic!("no IIV reminder in {mails:?}"));
    assert!(
        reminder.contains("segera tiba") && reminder.contains("1×24 jam"),
        "{reminder}"
    );
    let overdue = notifier
        .deliver(
            &*stores.cases,
            &case.code,
            true,
            marked + TimeDelta::minutes(24 * 60 + 1),
        )
        .await
        .unwrap();
    assert_eq!(
        deadline_reminders(&overdue),
        [(true, NoticeOutcome::Delivered)]
    );
    let again = notifier
        .deliver(
            &*stores.cases,
            &case.code,
            true,
            marked + TimeDelta::hours(26),
        )
        .await
        .unwrap();
    assert!(deadline_reminders(&again).is_empty(), "{again:?}");
    // A second mark starts a new clock; an escalation to BSSN meets it: no reminder at any stage.
    let later = marked + TimeDelta::hours(30);
    for change in [
        Change::MarkVitalInfrastructure { vital: false },
        Change::MarkVitalInfrastructure { vital: true },
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Valid,
            reason: None,
        },
        Change::Classify {
            classification: Classification {
                incident: IncidentType::parse("intrusions", "application-compromise").unwrap(),
                priority: Priority::High,
                tlp: Tlp::Amber,
            },
        },
        Change::Escalate {
            partner: PartnerKind::Bssn,
            partner_name: "BSSN".into(),
            chronology: None,
            impact: None,
            request: None,
            required: Vec::new(),
        },
    ] {
        apply_change(&*stores.cases, &case.code, change, staff.clone(), later)
            .await
            .unwrap();
    }
    let case = stores.cases.get(&case.code).await.unwrap().unwrap();
    assert_eq!(case.deadlines()[0].met_at, Some(later));
    assert!(
        notifier
            .due_deadline_reminders(&case, later + TimeDelta::hours(25))
            .is_empty()
    );
}
