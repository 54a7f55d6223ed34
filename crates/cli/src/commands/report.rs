//! `csirt report cases` and `csirt report steps`: the management reports over every case in the store, as CSV
//! (the default) or JSON (`--json`); `csirt report activity`: the periodic activity report (*laporan kegiatan
//! berkala*) for one period, issued as a numbered printable document.

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};
use csirt_domain::tlp::Tlp;
use csirt_staff::accounts::Staffer;
use csirt_staff::activity_report::{ActivityRequest, issue_activity_report};
use csirt_staff::cases::{every_case, with_events};
use csirt_staff::documents::DocumentTemplates;
use csirt_staff::error::StaffError;
use csirt_staff::management::{
    DateRange, ManagementReport, Period, cases_by_period, step_times, write_csv, write_json,
};
use serde::Serialize;

use super::staff::{Staff, StaffArgs};
use crate::failure::{Failure, parse_optional};

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
    /// The periodic activity report (laporan kegiatan berkala) of one month, quarter or year: numbered, written
    /// as HTML (and PDF with --pdf) in the documents' style.
    Activity {
        /// The period: a month (2026-11), a quarter (2026-Q4), a year (2026), or month, quarter or year for the
        /// current one.
        #[arg(long, default_value = "month")]
        period: String,
        /// Its TLP marking (default TLP:AMBER).
        #[arg(long)]
        tlp: Option<String>,
        /// Where it is written (in a directory `laporan-kegiatan`).
        #[arg(long, default_value = "documents")]
        output: PathBuf,
        /// Also print it to PDF (needs Chromium).
        #[arg(long)]
        pdf: bool,
    },
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
    let staffer = staff.staffer()?;
    let procedure = staff.desk.procedure();
    let now = Utc::now();
    match &args.report {
        Report::Cases { period, from, to } => {
            if let (Some(from), Some(to)) = (from, to)
                && from > to
            {
                return Err(Failure::usage(format!("--from {from} is after --to {to}")));
            }
            let cases = staff.run(every_case(&staff.desk))?;
            let range = from.zip(*to);
            let rows = cases_by_period(&cases, *period, range, procedure.calendar.offset(), now);
            let range = range.map(|(from, to)| DateRange { from, to });
            print(&staff, &rows, Some(*period), range)
        }
        Report::Steps => {
            let cases = staff.run(every_case(&staff.desk))?;
            let with_events = staff.run(with_events(&staff.desk, cases))?;
            let rows = step_times(&procedure.profile, &procedure.calendar, &with_events, now);
            print(&staff, &rows, None, None)
        }
        Report::Activity {
            period,
            tlp,
            output,
            pdf,
        } => {
            let tlp = parse_optional("--tlp", tlp.as_deref(), Tlp::parse)?;
            let request = ActivityRequest {
                period: period.clone(),
                tlp,
                output: output.clone(),
                pdf: *pdf,
            };
            activity(&staff, &staffer, &request)
        }
    }
}

/// Issues the activity report `request` and says where it was written.
fn activity(staff: &Staff, staffer: &Staffer, request: &ActivityRequest) -> Result<(), Failure> {
    let templates = DocumentTemplates::load(&DocumentTemplates::dir_for(&staff.paths))
        .map_err(StaffError::from)?;
    let issued = staff.run(issue_activity_report(
        &staff.desk,
        &templates,
        request,
        staffer,
        Utc::now(),
    ))?;
    staff.print(&issued, || {
        format!(
            "{}: issued the activity report {} ({}) → {}{}",
            issued.figures.period,
            issued.number,
            issued.tlp,
            issued.html.display(),
            issued
                .pdf
                .as_ref()
                .map_or(String::new(), |p| format!(" and {}", p.display()))
        )
    })
}
