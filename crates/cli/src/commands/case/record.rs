//! `csirt case record`: a report that came by e-mail, letter or telephone, entered by staff and parsed exactly as
//! the form's are, with its evidence files; the reporter is then given the tracking code.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_staff::StaffError;
use csirt_staff::accounts::Staffer;
use csirt_staff::record::{Recording, record_report};
use serde_json::json;

use super::choices::{self, parser};
use crate::commands::staff::Staff;
use crate::failure::Failure;

/// `csirt case record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// How the report came in.
    #[arg(long, value_parser = parser::<Channel>(choices::STAFF_CHANNELS))]
    channel: Channel,
    /// The report's fields as a JSON object with the intake API's field names (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// One field, `NAME=VALUE` (the intake API's names); repeatable, and wins over `--from`.
    #[arg(long = "field", value_name = "NAME=VALUE")]
    fields: Vec<String>,
    /// An evidence file (image, PDF or text; its type is read from its content, and its file name is kept with
    /// it); repeatable.
    #[arg(long = "evidence", value_name = "FILE")]
    evidence: Vec<PathBuf>,
    /// When the report arrived (RFC 3339), if not now: the SOP clock starts then.
    #[arg(long, value_name = "TIME")]
    received_at: Option<DateTime<Utc>>,
}

/// Reads the fields: the JSON file first, then each `--field`.
fn input(args: &RecordArgs) -> Result<ReportInput, Failure> {
    let mut input = match &args.from {
        None => ReportInput::new(),
        Some(path) => {
            let text = if path.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())
                    .map_err(|e| Failure::usage(format!("standard input: {e}")))?
            } else {
                std::fs::read_to_string(path)
                    .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?
            };
            let value: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
            ReportInput::from_json(&value).map_err(StaffError::Report)?
        }
    };
    for field in &args.fields {
        let (name, value) = field
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("--field {field:?}: expected NAME=VALUE")))?;
        if !csirt_domain::report::FIELDS.contains(&name) {
            return Err(Failure::usage(format!(
                "--field {name}: not a field of a report; the fields are {}",
                csirt_domain::report::FIELDS.join(", ")
            )));
        }
        input.set(name, value);
    }
    Ok(input)
}

/// Runs `csirt case record`.
pub fn run(staff: &Staff, staffer: &Staffer, args: &RecordArgs) -> Result<(), Failure> {
    let input = input(args)?;
    let mut evidence = Vec::with_capacity(args.evidence.len());
    for path in &args.evidence {
        let bytes =
            std::fs::read(path).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
        evidence.push((path.display().to_string(), bytes));
    }
    let recording = Recording {
        input,
        evidence,
        channel: args.channel,
        received_at: args.received_at.unwrap_or_else(Utc::now),
    };
    let code = staff
        .run(record_report(&staff.desk, recording, staffer))?
        .to_string();
    staff.print(&json!({ "tracking_code": code }), || {
        format!("recorded as {code}: give the reporter this code to check the status")
    })
}
