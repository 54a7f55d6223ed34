//! `csirt case message`: writes to the reporter on the case's thread, with files. The reporter reads it on the
//! status page (or, for a case set to reply by e-mail only, in the e-mail) and is told by e-mail when they gave an
//! address: right away when mail is configured here, else by the next `csirt notify`.

use std::path::PathBuf;

use chrono::Utc;
use csirt_domain::case::NoticeOutcome;
use csirt_notify::NotifySettings;
use csirt_staff::accounts::Staffer;
use csirt_staff::desk::tracking_code;
use csirt_staff::thread::{OutgoingFile, TeamMessage, message_reporter};
use serde_json::json;

use crate::commands::notify::notifier;
use crate::commands::staff::Staff;
use crate::failure::Failure;

/// `csirt case message CODE --text "…" [--file PATH]…`.
#[derive(Debug, clap::Args)]
pub struct MessageArgs {
    /// The case's tracking code.
    code: String,
    /// What to write to the reporter. Whoever holds the tracking code reads it: write as for TLP:AMBER.
    #[arg(long)]
    text: String,
    /// A file to send with it (a guidance document, the certificate): PNG, JPEG, GIF, WebP, PDF or plain text,
    /// at most 5.
    #[arg(long = "file", value_name = "PATH")]
    files: Vec<PathBuf>,
    /// Send it although it names an e-mail address or a telephone number (the reporter's own, say).
    #[arg(long)]
    confirm_personal_data: bool,
}

/// Runs `csirt case message`.
pub fn run(staff: &Staff, staffer: &Staffer, args: &MessageArgs) -> Result<(), Failure> {
    let code = tracking_code(&args.code)?;
    let mut files = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let bytes = std::fs::read(path)
            .map_err(|e| Failure::usage(format!("--file {}: {e}", path.display())))?;
        let name = path
            .file_name()
            .map_or_else(|| "berkas".to_owned(), |n| n.to_string_lossy().into_owned());
        files.push(OutgoingFile { name, bytes });
    }
    let message = TeamMessage {
        text: args.text.clone(),
        files,
        personal_data_confirmed: args.confirm_personal_data,
    };
    let now = Utc::now();
    let (case, event) = staff.run(message_reporter(&staff.desk, &code, message, staffer, now))?;
    let number = case.messages.last().map_or(0, |m| m.id);
    let told = tell_reporter(staff, &case, now);
    staff.print(
        &json!({ "case": case, "event": event, "message": number, "reporter_told": told }),
        || {
            let how = match told {
                Some(true) => "the reporter was told by e-mail",
                Some(false) => "telling the reporter by e-mail failed; `csirt notify` retries it",
                None if case.report.reporter.email.is_none() => {
                    "the reporter gave no e-mail address: they read it on the status page"
                }
                None => "the reporter is told by e-mail with the next `csirt notify`",
            };
            format!(
                "{}: message {number} to the reporter stored; {how}",
                case.code
            )
        },
    )
}

/// Sends what the case is owed now when mail is configured here: `Some(delivered)` for the reporter's notice,
/// `None` when nothing was tried.
fn tell_reporter(
    staff: &Staff,
    case: &csirt_domain::case::Case,
    now: chrono::DateTime<Utc>,
) -> Option<bool> {
    let configured = NotifySettings::from_env().is_ok_and(|settings| settings.is_on());
    if !configured || case.report.reporter.email.is_none() {
        return None;
    }
    let notifier = notifier(staff).ok()?;
    let attempts = staff
        .run(notifier.deliver_case(&*staff.desk.cases, case, None, now))
        .ok()?;
    attempts
        .iter()
        .find(|(notice, _)| matches!(notice, csirt_domain::case::Notice::ReporterMessage { .. }))
        .map(|(_, outcome)| *outcome == NoticeOutcome::Delivered)
}
