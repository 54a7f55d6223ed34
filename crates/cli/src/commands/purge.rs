//! `csirt purge [--dry-run]`, for cron or a schedule: applies the team file's retention schedule
//! (`[retention]`). Thin over the staff library's `retention` module, which finds the cases due, checks the
//! SOP's `purge` permission and writes the audit entry (the tracking codes, never the data).

use chrono::Utc;
use clap::Args;
use csirt_domain::team::RetentionStep;
use csirt_staff::retention::{PurgeReport, purge};

use super::staff::{Staff, StaffArgs};
use crate::failure::Failure;

/// `csirt purge`.
#[derive(Debug, Args)]
pub struct PurgeArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
    /// List the cases the schedule reaches and what it would do to each; change nothing.
    #[arg(long)]
    dry_run: bool,
}

/// What a step does, in words.
fn described(step: RetentionStep) -> &'static str {
    match step {
        RetentionStep::Erase => "erase the case and everything stored with it",
        RetentionStep::Redact { keep_files: false } => {
            "redact the reporter's data and free text, delete their files"
        }
        RetentionStep::Redact { keep_files: true } => {
            "redact the reporter's data and free text (their files' period has not ended)"
        }
        RetentionStep::DeleteFiles => "delete the reporter's files",
    }
}

/// The report as lines: one per case, then what was done in all.
fn lines(staff: &Staff, report: &PurgeReport) -> String {
    let offset = staff.desk.procedure().calendar.offset();
    let mut lines: Vec<String> = report
        .cases
        .iter()
        .map(|due| {
            format!(
                "{:<20} closed {} ({}): {}",
                due.code.to_string(),
                due.closed_at.with_timezone(&offset).format("%Y-%m-%d"),
                if due.valid { "valid" } else { "not valid" },
                described(due.step)
            )
        })
        .collect();
    lines.push(if report.dry_run {
        format!(
            "dry run: {} case(s) due under the retention schedule; nothing was changed",
            report.cases.len()
        )
    } else {
        format!(
            "{} case(s) purged under the retention schedule, {} file(s) deleted",
            report.cases.len(),
            report.files_deleted
        )
    });
    if report.republish {
        lines.push(
            "a redacted reporter's alias was in the Hall of Fame: run `csirt publish` to take it off the site"
                .to_owned(),
        );
    }
    lines.join("\n")
}

/// Runs `csirt purge`.
pub fn run(args: &PurgeArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    let staffer = staff.staffer()?;
    let report = staff.run(purge(&staff.desk, &staffer, args.dry_run, Utc::now()))?;
    staff.print(&report, || lines(&staff, &report))
}
