//! `csirt audit`: checking that the history of cases and accounts is as it was written, and reading the
//! account audit log.

use clap::{Args, Subcommand};
use csirt_staff::audit::{verify_case, verify_everything};
use csirt_staff::desk::tracking_code;

use super::staff::{Staff, StaffArgs};
use crate::failure::{Failure, FailureKind};

/// `csirt audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Checks the chain of every case's events and of the account audit log (or of one case); exits 1 naming
    /// the case and its first bad event when an event was altered, removed, inserted or reordered.
    Verify {
        /// Only this case.
        code: Option<String>,
    },
    /// The account audit log: accounts created, roles granted and revoked, disabling, enrolments, sign-ins.
    Log,
}

/// Runs `csirt audit …`.
pub fn run(args: &AuditArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    staff.staffer()?;
    match &args.command {
        AuditCommand::Verify { code } => {
            let reports = match code {
                Some(code) => vec![staff.run(verify_case(&staff.desk, &tracking_code(code)?))?],
                None => staff.run(verify_everything(&staff.desk))?,
            };
            let broken: Vec<String> = reports
                .iter()
                .filter(|r| !r.intact)
                .map(|r| r.line())
                .collect();
            if broken.is_empty() {
                return staff.print(&reports, || {
                    let lines: Vec<String> = reports.iter().map(|r| r.line()).collect();
                    lines.join("\n")
                });
            }
            if !staff.json {
                for report in reports.iter().filter(|r| r.intact) {
                    println!("{}", report.line());
                }
            }
            Err(Failure {
                kind: FailureKind::Failed,
                message: format!(
                    "{} of {} chain(s) broken:\n{}",
                    broken.len(),
                    reports.len(),
                    broken.join("\n")
                ),
                details: serde_json::to_value(&reports).ok(),
            })
        }
        AuditCommand::Log => {
            let log = staff.run(staff.desk.cases.audit_log())?;
            staff.print(&log, || {
                let lines: Vec<String> = log
                    .iter()
                    .map(|event| {
                        format!(
                            "{:>5} {} {:<17} {:<20} by {}",
                            event.seq,
                            event.at.format("%Y-%m-%d %H:%M:%S"),
                            event.change.name(),
                            event.change.subject(),
                            event.actor
                        )
                    })
                    .collect();
                lines.join("\n")
            })
        }
    }
}
