//! `csirt case record`: a report that came by e-mail, letter or telephone, entered by staff and parsed exactly as
//! the form's are, with its evidence files; the reporter is then given the tracking code.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;
use csirt_domain::channel::Channel;
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::field_error::FieldErrors;
use csirt_store::filing::{Filing, file_report};
use csirt_domain::lang::Lang;
use csirt_domain::report::{ParseContext, Report, ReportInput};
use serde_json::json;

use super::choices::{self, parser};
use crate::commands::staff::Staff;

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
    /// An evidence file (image, PDF or text; its type is read from its content); repeatable.
    #[arg(long = "evidence", value_name = "FILE")]
    evidence: Vec<PathBuf>,
    /// When the report arrived (RFC 3339), if not now: the SOP clock starts then.
    #[arg(long, value_name = "TIME")]
    received_at: Option<DateTime<Utc>>,
}

/// Reads the fields: the JSON file first, then each `--field`.
fn input(args: &RecordArgs) -> Result<ReportInput, String> {
    let mut input = match &args.from {
        None => ReportInput::new(),
        Some(path) => {
            let text = if path.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())
                    .map_err(|e| format!("standard input: {e}"))?
            } else {
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?
            };
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            ReportInput::from_json(&value).map_err(|errors| problems(&errors))?
        }
    };
    for field in &args.fields {
        let (name, value) = field
            .split_once('=')
            .ok_or_else(|| format!("--field {field:?}: expected NAME=VALUE"))?;
        if !csirt_domain::report::FIELDS.contains(&name) {
            return Err(format!(
                "--field {name}: not a field of a report; the fields are {}",
                csirt_domain::report::FIELDS.join(", ")
            ));
        }
        input.set(name, value);
    }
    Ok(input)
}

/// Every problem, one per line, named by field.
fn problems(errors: &FieldErrors) -> String {
    let lines: Vec<String> = errors
        .in_language(Lang::En)
        .iter()
        .map(|(field, message)| format!("  {field}: {message}"))
        .collect();
    format!("the report was not recorded:\n{}", lines.join("\n"))
}

/// Runs `csirt case record`.
pub fn run(staff: &Staff, args: &RecordArgs) -> Result<(), String> {
    let input = input(args)?;
    let received_at = args.received_at.unwrap_or_else(Utc::now);
    let context = ParseContext {
        received_at,
        local_offset: staff.calendar.offset(),
    };
    let report = Report::parse(&input, &context).map_err(|errors| problems(&errors))?;
    let mut files = Vec::with_capacity(args.evidence.len());
    for path in &args.evidence {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.push(
            EvidenceFile::from_upload(bytes).map_err(|e| format!("{}: {e}", path.display()))?,
        );
    }
    let filing = Filing {
        report,
        files: &files,
        channel: args.channel,
        actor: staff.actor()?,
        idempotency: None,
        at: received_at,
    };
    let filed = staff
        .runtime
        .block_on(file_report(
            &*staff.cases,
            &*staff.evidence,
            &staff.profile.tracking_prefix,
            filing,
        ))
        .map_err(|e| e.to_string())?;
    let code = filed.code().to_string();
    staff.print(&json!({ "tracking_code": code }), || {
        format!("recorded as {code}: give the reporter this code to check the status")
    })
}
