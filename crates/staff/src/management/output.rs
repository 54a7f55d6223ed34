//! Writing report rows as CSV (one header line of snake_case column names, then one line per row) or as a JSON
//! document with what the report covers.

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::period::Period;

/// A report as a JSON document: what it covers, then its rows.
#[derive(Debug, Clone, Serialize)]
pub struct ManagementReport<'a, R> {
    /// The SOP profile's id, e.g. `tegal`.
    pub profile: &'a str,
    /// When the report was made.
    pub generated_at: DateTime<Utc>,
    /// The team's UTC offset that periods and dates follow, e.g. `+07:00`.
    pub utc_offset: String,
    /// The period length, for reports by period.
    pub period: Option<Period>,
    /// The local dates the report is limited to, if any.
    pub range: Option<DateRange>,
    /// The rows, the same as the CSV's.
    pub rows: &'a [R],
}

/// Local dates, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

/// Writes `rows` as CSV with a header line; columns are the rows' field names. Writing nothing but the header
/// needs at least one row, so an empty report is an empty file.
pub fn write_csv<W: Write, R: Serialize>(rows: &[R], out: W) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    for row in rows {
        writer.serialize(row)?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes the report as pretty-printed JSON followed by a newline.
pub fn write_json<W: Write, R: Serialize>(
    report: &ManagementReport<'_, R>,
    mut out: W,
) -> Result<(), serde_json::Error> {
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n").map_err(serde_json::Error::io)
}
