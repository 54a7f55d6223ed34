//! `csirt case find`, `access-export`, `correct`, `redact` and `erase`: the reporter's rights over their personal
//! data (UU 27/2022). Thin over the staff library's `privacy` module, which checks the SOP's permissions and
//! writes the audit entries (the action and the tracking codes, never the data).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::{ArgGroup, Args};
use csirt_domain::case::{ReporterCorrections, ReporterField};
use csirt_staff::accounts::Staffer;
use csirt_staff::desk::tracking_code;
use csirt_staff::privacy::{
    ReporterQuery, access_export, correct_reporter, correction_problems, erase_case,
    find_reporter_cases, redact_reporter,
};
use serde_json::json;

use crate::commands::staff::Staff;
use crate::failure::Failure;

/// `csirt case find (--email ADDRESS | --phone NUMBER)`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("contact").required(true).args(["email", "phone"])))]
pub struct FindArgs {
    /// The reporter's e-mail address (any case).
    #[arg(long, value_name = "ADDRESS")]
    email: Option<String>,
    /// The reporter's telephone number, as they give it (`0812-…` or `+62 812 …`).
    #[arg(long, value_name = "NUMBER")]
    phone: Option<String>,
}

/// `csirt case access-export CODE [--output FILE]`.
#[derive(Debug, Args)]
pub struct AccessExportArgs {
    /// The case's tracking code.
    code: String,
    /// Write the JSON to this new file (readable by its owner only) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// `csirt case correct CODE --field NAME=VALUE…`.
#[derive(Debug, Args)]
pub struct CorrectArgs {
    /// The case's tracking code.
    code: String,
    /// A field of the reporter's own data and its new value: `name=…`, `email=…`, `phone=…` or
    /// `organisation=…` (an empty value removes it). Parsed as the report form's fields are.
    #[arg(long = "field", value_name = "NAME=VALUE", required = true)]
    fields: Vec<String>,
}

/// `csirt case redact CODE [--keep-evidence]`.
#[derive(Debug, Args)]
pub struct RedactArgs {
    /// The case's tracking code.
    code: String,
    /// Keep the files the reporter sent in the evidence store (their names are redacted all the same).
    #[arg(long)]
    keep_evidence: bool,
}

/// `csirt case erase CODE`.
#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The case's tracking code.
    code: String,
}

/// Runs `csirt case find`.
pub fn find(staff: &Staff, staffer: &Staffer, args: &FindArgs) -> Result<(), Failure> {
    let query = match (&args.email, &args.phone) {
        (Some(email), _) => ReporterQuery::Email(email.clone()),
        (None, Some(phone)) => ReporterQuery::Phone(phone.clone()),
        (None, None) => return Err(Failure::usage("give --email or --phone")),
    };
    let found = staff.run(find_reporter_cases(
        &staff.desk,
        staffer,
        &query,
        Utc::now(),
    ))?;
    staff.print(&found, || {
        let offset = staff.desk.procedure().calendar.offset();
        let mut lines: Vec<String> = found
            .iter()
            .map(|case| {
                format!(
                    "{:<20} {:<11} received {}",
                    case.code.to_string(),
                    case.state.key(),
                    case.received_at.with_timezone(&offset).format("%Y-%m-%d")
                )
            })
            .collect();
        lines.push(format!("{} case(s)", found.len()));
        lines.join("\n")
    })
}

/// Runs `csirt case access-export`: the export as JSON on standard output, or in a new file.
pub fn export(staff: &Staff, staffer: &Staffer, args: &AccessExportArgs) -> Result<(), Failure> {
    let code = tracking_code(&args.code)?;
    if let Some(path) = &args.output
        && path.exists()
    {
        return Err(Failure::usage(format!(
            "--output {}: the file exists; name a new one",
            path.display()
        )));
    }
    let export = staff.run(access_export(&staff.desk, staffer, &code, Utc::now()))?;
    let mut text = serde_json::to_string_pretty(&export).map_err(|e| e.to_string())?;
    text.push('\n');
    match &args.output {
        None => {
            print!("{text}");
            Ok(())
        }
        Some(path) => {
            write_private(path, text.as_bytes())
                .map_err(|e| Failure::from(format!("--output {}: {e}", path.display())))?;
            staff.print(&json!({ "code": code, "output": path }), || {
                format!("{code}: the reporter's data written to {}", path.display())
            })
        }
    }
}

/// Writes `bytes` to the new file `path`, readable and writable by its owner only (it holds personal data).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Runs `csirt case correct`.
pub fn correct(staff: &Staff, staffer: &Staffer, args: &CorrectArgs) -> Result<(), Failure> {
    let code = tracking_code(&args.code)?;
    let mut pairs = Vec::with_capacity(args.fields.len());
    for given in &args.fields {
        let (name, value) = given.split_once('=').ok_or_else(|| {
            Failure::usage(format!(
                "--field {}: write NAME=VALUE (name, email, phone or organisation)",
                given.split(['=', ' ']).next().unwrap_or_default()
            ))
        })?;
        let field = ReporterField::parse(name).ok_or_else(|| {
            Failure::usage(format!(
                "--field {name}: not a field of the reporter's own data; the fields are name, email, phone, \
                 organisation"
            ))
        })?;
        pairs.push((field, value));
    }
    let corrections = ReporterCorrections::parse(pairs).map_err(|errors| {
        Failure::usage(format!(
            "the correction of case {code} was not made: {}",
            correction_problems(&errors)
        ))
    })?;
    let (case, event) = staff.run(correct_reporter(
        &staff.desk,
        staffer,
        &code,
        &corrections,
        Utc::now(),
    ))?;
    staff.print(&json!({ "code": case.code, "event": event }), || {
        let fields = match &event.change {
            csirt_domain::case::Change::CorrectReporter { fields } => fields
                .iter()
                .map(|f| f.key())
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        };
        format!(
            "{}: the reporter's {fields} corrected (event {})",
            case.code, event.seq
        )
    })
}

/// Runs `csirt case redact`.
pub fn redact(staff: &Staff, staffer: &Staffer, args: &RedactArgs) -> Result<(), Failure> {
    let code = tracking_code(&args.code)?;
    let redacted = staff.run(redact_reporter(
        &staff.desk,
        staffer,
        &code,
        args.keep_evidence,
        Utc::now(),
    ))?;
    staff.print(
        &json!({
            "code": code,
            "event": redacted.event,
            "events": redacted.events,
            "deleted_files": redacted.deleted_files,
            "republish": redacted.republish,
        }),
        || {
            let files = if args.keep_evidence {
                "their files kept".to_owned()
            } else {
                format!("{} file(s) of theirs deleted", redacted.deleted_files.len())
            };
            let mut text = format!(
                "{code}: the reporter's personal data redacted (event {}; {} earlier event(s) redacted with it; \
                 {files})",
                redacted.event.seq,
                redacted.events.len()
            );
            if redacted.republish {
                text.push_str(
                    "\ntheir alias was in the Hall of Fame: run `csirt publish` to take it off the site",
                );
            }
            text
        },
    )
}

/// Runs `csirt case erase`.
pub fn erase(staff: &Staff, staffer: &Staffer, args: &EraseArgs) -> Result<(), Failure> {
    let code = tracking_code(&args.code)?;
    let erasure = staff.run(erase_case(&staff.desk, staffer, &code, Utc::now()))?;
    staff.print(&erasure, || {
        let mut text = format!(
            "{code} erased: the case, {} event(s), {} evidence file(s), {} idempotency record(s)",
            erasure.store.events, erasure.evidence_files, erasure.store.idempotency_records
        );
        if erasure.republish {
            text.push_str(
                "\nthe case counted in the publication export: run `csirt publish` to take it off the site",
            );
        }
        text
    })
}
