//! `csirt report cases` and `csirt report steps`: the management reports over every case in the store, as CSV
//! (the default) or JSON (`--json`).

use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};
use csirt_staff::cases::{every_case, with_events};
use csirt_staff::management::{
    DateRange, ManagementReport, Period, cases_by_period, step_times, write_csv, write_json,
};
use serde::Serialize;

use super::staff::{Staff, StaffArgs};
use crate::failure::Failure;

/// `csirt report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
    #[command(subcommand)]
    report: Report,
}

/// The reports.
#[derive(Debug, Subcommand)]
enum Report {
    /// Cases received, found valid or not, closed and still open, per period and incident class.
    Cases {
        /// The period length.
        #[arg(long, default_value = "month", value_parser = period)]
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
/// Parses `--period`: `month`, `quarter` or `year` (or `bulan`, `triwulan`, `tahun`).
fn period(raw: &str) -> Result<Period, String> {
    raw.parse()
        .map_err(|e: csirt_staff::management::UnknownPeriod| e.to_string())
}

fn print<R: Serialize>(
    staff: &Staff,
    rows: &[R],
    period: Option<Period>,
    range: Option<DateRange>,
) -> Result<(), Failure> {
    let stdout = std::io::stdout().lock();
    let procedure = staff.desk.procedure();
    if staff.json {
        let report = ManagementReport {
            profile: &procedure.profile.id,
            generated_at: Utc::now(),
            utc_offset: procedure.calendar.offset().to_string(),
            period,
            range,
            rows,
        };
        Ok(write_json(&report, stdout).map_err(|e| e.to_string())?)
    } else {
        Ok(write_csv(rows, stdout).map_err(|e| e.to_string())?)
    }
}

/// Runs `csirt report …`.
pub fn run(args: &ReportArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    staff.staffer()?;
    let cases = staff.run(every_case(&staff.desk))?;
    let procedure = staff.desk.procedure();
    let now = Utc::now();
    match &args.report {
        Report::Cases { period, from, to } => {
            if let (Some(from), Some(to)) = (from, to)
                && from > to
            {
                return Err(Failure::usage(format!("--from {from} is after --to {to}")));
            }
            let range = from.zip(*to);
            let rows = cases_by_period(&cases, *period, range, procedure.calendar.offset(), now);
            let range = range.map(|(from, to)| DateRange { from, to });
            print(&staff, &rows, Some(*period), range)
        }
        Report::Steps => {
            let with_events = staff.run(with_events(&staff.desk, cases))?;
            let rows = step_times(&procedure.profile, &procedure.calendar, &with_events, now);
            print(&staff, &rows, None, None)
        }
    }
}
