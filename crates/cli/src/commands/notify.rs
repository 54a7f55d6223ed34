//! `csirt notify` and `csirt remind`, for cron or a schedule: the messages cases are still owed (the team told
//! of a new report, the reporter's acknowledgement and closing message), sent and recorded; and reminders to
//! the team of steps past their SOP time standard, once per step and stay.

use chrono::Utc;
use clap::Args;
use csirt_domain::case::{Case, Event, NoticeOutcome};
use csirt_domain::state::CaseState;
use csirt_notify::outbox::Attempt;
use csirt_notify::{Notifier, NotifySettings};
use csirt_staff::accounts::authorize;
use csirt_staff::cases::{cases_in, deadline_cases, overdue_cases};
use serde_json::json;

use super::staff::{Staff, StaffArgs};
use crate::failure::Failure;

/// `csirt notify`.
#[derive(Debug, Args)]
pub struct NotifyArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
}

/// `csirt remind`.
#[derive(Debug, Args)]
pub struct RemindArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
    /// List the overdue cases without sending anything.
    #[arg(long)]
    dry_run: bool,
}

/// The notifier for `staff`'s team; the site's address comes from the configuration unless `CSIRT_SITE_URL`
/// says otherwise.
pub(crate) fn notifier(staff: &Staff) -> Result<Notifier, Failure> {
    let mut settings = NotifySettings::from_env().map_err(|e| Failure::usage(e.to_string()))?;
    if settings.site_url.is_empty() {
        settings.site_url = staff
            .desk
            .team
            .config
            .base_url
            .trim_end_matches('/')
            .to_owned();
    }
    if !settings.is_on() {
        return Err(Failure::usage(
            "no messages are configured: set CSIRT_SMTP_URL (or CSIRT_MAIL=ses) with CSIRT_MAIL_FROM and \
             CSIRT_TEAM_EMAIL, and/or CSIRT_WEBHOOK_URL",
        ));
    }
    let notifier = staff.run(Notifier::new(settings, staff.desk.procedure().clone()))?;
    Ok(notifier.with_evidence(staff.desk.evidence.clone()))
}

/// Sends what each case is owed (with its reminders, from its events, when they are given), returning every
/// attempt by case.
fn deliver_all<'a>(
    staff: &Staff,
    notifier: &Notifier,
    cases: impl IntoIterator<Item = (&'a Case, Option<&'a [Event]>)>,
) -> Result<Vec<(String, Attempt)>, Failure> {
    let now = Utc::now();
    let mut all = Vec::new();
    for (case, events) in cases {
        let attempts = staff
            .run(notifier.deliver_case(&*staff.desk.cases, case, events, now))
            .map_err(|e| Failure::unavailable(e.to_string()))?;
        all.extend(attempts.into_iter().map(|a| (case.code.to_string(), a)));
    }
    Ok(all)
}

/// Prints the attempts; fails when one was not delivered, so cron reports it.
fn report(staff: &Staff, attempts: &[(String, Attempt)]) -> Result<(), Failure> {
    let failed = attempts
        .iter()
        .filter(|(_, (_, outcome))| matches!(outcome, NoticeOutcome::Failed { .. }))
        .count();
    let withheld = attempts
        .iter()
        .filter(|(_, (_, outcome))| *outcome == NoticeOutcome::Withheld)
        .count();
    let rows: Vec<_> = attempts
        .iter()
        .map(|(code, (notice, outcome))| json!({ "code": code, "notice": notice, "outcome": outcome }))
        .collect();
    staff.print(&rows, || {
        let mut lines: Vec<String> = attempts
            .iter()
            .map(|(code, (notice, outcome))| match outcome {
                NoticeOutcome::Delivered => format!("{code}: {notice:?} delivered"),
                NoticeOutcome::Failed { reason } => format!("{code}: {notice:?} FAILED: {reason}"),
                NoticeOutcome::Withheld => format!(
                    "{code}: {notice:?} withheld (the reporter's address had its e-mails for the day)"
                ),
            })
            .collect();
        lines.push(format!(
            "{} message(s) sent, {failed} failed, {withheld} withheld",
            attempts.len() - failed - withheld
        ));
        lines.join("\n")
    })?;
    if failed > 0 {
        return Err(Failure::unavailable(format!(
            "{failed} message(s) not delivered; they are recorded on their cases and retried next time"
        )));
    }
    Ok(())
}

/// Runs `csirt notify`.
pub fn run_notify(args: &NotifyArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    authorize(&staff.desk, &staff.staffer()?, "notify")?;
    let notifier = notifier(&staff)?;
    let cases = staff.run(cases_in(&staff.desk, &CaseState::ALL))?;
    let attempts = deliver_all(&staff, &notifier, cases.iter().map(|case| (case, None)))?;
    report(&staff, &attempts)
}

/// Runs `csirt remind`.
pub fn run_remind(args: &RemindArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    authorize(&staff.desk, &staff.staffer()?, "notify")?;
    let now = Utc::now();
    let mut overdue = staff.run(overdue_cases(&staff.desk, now))?;
    let deadlines = staff.run(deadline_cases(&staff.desk, now))?;
    if args.dry_run {
        let codes: Vec<String> = overdue.iter().map(|(c, _)| c.code.to_string()).collect();
        let pressing: Vec<String> = deadlines.iter().map(|(c, _)| c.code.to_string()).collect();
        let mut listed = codes.clone();
        listed.extend(pressing.iter().filter(|c| !codes.contains(c)).cloned());
        return staff.print(&listed, || {
            let mut lines = codes.clone();
            lines.push(format!(
                "{} case(s) past their SOP time standard",
                codes.len()
            ));
            lines.extend(pressing.iter().cloned());
            lines.push(format!(
                "{} case(s) with a legal deadline (IIV report to BSSN, personal-data notice) due soon or overdue",
                pressing.len()
            ));
            lines.join("\n")
        });
    }
    for (case, events) in deadlines {
        if !overdue.iter().any(|(c, _)| c.code == case.code) {
            overdue.push((case, events));
        }
    }
    let notifier = notifier(&staff)?;
    let attempts = deliver_all(
        &staff,
        &notifier,
        overdue
            .iter()
            .map(|(case, events)| (case, Some(events.as_slice()))),
    )?;
    report(&staff, &attempts)
}
