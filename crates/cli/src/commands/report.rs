//! `csirt report cases` and `csirt report steps`: the management reports over every case in the store, as CSV
//! (the default) or JSON (`--json`).

use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};
use csirt_domain::case::{Case, Event};
use csirt_domain::state::CaseState;
use csirt_store::all_in_state;
use csirt_site::management::{
    DateRange, ManagementReport, Period, cases_by_period, step_times, write_csv, write_json,
};
use serde::Serialize;

use super::staff::{Staff, StaffArgs};

/// `csirt report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    staff: StaffArgs,
    #[command(subcommand)]
    report: Report,
}

/// The reports.
#[derive(Debug, Subcommand)]
enum Report {
    /// Cases received, found valid or not, closed and still open, per period and incident class.
    Cases {
        /// The period length.
        #[arg(long, value_enum, default_value = "month")]
        period: Period,
        /// The first local day to count (with --to).
        #[arg(long, requires = "to")]
        from: Option<NaiveDate>,
        /// The last local day to count (with --from).
        #[arg(long, requires = "from")]
        to: Option<NaiveDate>,
    },
    /// Working time each SOP step took against its time standard.
    Steps,
}

/// Every case in the store, in every state.
fn every_case(staff: &Staff) -> Result<Vec<Case>, String> {
    staff.runtime.block_on(async {
        let mut cases = Vec::new();
        for state in CaseState::ALL {
            cases.extend(
                all_in_state(&*staff.cases, state)
                    .await
                    .map_err(|e| e.to_string())?,
            );
        }
        Ok(cases)
    })
}

/// Prints `rows` as CSV, or as the JSON document when asked.
fn print<R: Serialize>(
    staff: &Staff,
    rows: &[R],
    period: Option<Period>,
    range: Option<DateRange>,
) -> Result<(), String> {
    let stdout = std::io::stdout().lock();
    if staff.json {
        let report = ManagementReport {
            profile: &staff.profile.id,
            generated_at: Utc::now(),
            utc_offset: staff.calendar.offset().to_string(),
            period,
            range,
            rows,
        };
        write_json(&report, stdout).map_err(|e| e.to_string())
    } else {
        write_csv(rows, stdout).map_err(|e| e.to_string())
    }
}

/// Runs `csirt report …`.
pub fn run(args: &ReportArgs) -> Result<(), String> {
    let staff = Staff::open(&args.staff)?;
    let cases = every_case(&staff)?;
    let now = Utc::now();
    match &args.report {
        Report::Cases { period, from, to } => {
            if let (Some(from), Some(to)) = (from, to)
                && from > to
            {
                return Err(format!("--from {from} is after --to {to}"));
            }
            let range = from.zip(*to);
            let rows = cases_by_period(&cases, *period, range, staff.calendar.offset(), now);
            let range = range.map(|(from, to)| DateRange { from, to });
            print(&staff, &rows, Some(*period), range)
        }
        Report::Steps => {
            let with_events: Vec<(Case, Vec<Event>)> = staff.runtime.block_on(async {
                let mut all = Vec::with_capacity(cases.len());
                for case in cases {
                    let events = staff
                        .cases
                        .events(&case.code)
                        .await
                        .map_err(|e| e.to_string())?;
                    all.push((case, events));
                }
                Ok::<_, String>(all)
            })?;
            let rows = step_times(&staff.profile, &staff.calendar, &with_events, now);
            print(&staff, &rows, None, None)
        }
    }
}
