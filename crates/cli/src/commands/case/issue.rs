//! `csirt case issue`: a document of the procedure on a case — numbered from the store's counter for its kind
//! and year, rendered from `templates/documents/`, written as HTML (and PDF when asked), and recorded on the
//! case.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use clap::Args;
use csirt_domain::case::{Change, DocumentKind, DocumentRecord};
use csirt_store::apply_change;
use csirt_domain::tlp::Tlp;
use csirt_site::documents::{
    DocumentTemplates, Issue, document_number, kind_key, print_pdf, render,
};
use serde_json::json;

use super::choices::{self, parser};
use super::steps::tracking_code;
use crate::commands::staff::Staff;

/// `csirt case issue`.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The case's tracking code.
    code: String,
    /// Which document.
    #[arg(value_parser = parser::<DocumentKind>(choices::DOCUMENTS))]
    kind: DocumentKind,
    /// For the escalation report: which escalation, by number (default the latest).
    #[arg(long)]
    escalation: Option<u32>,
    /// The document's TLP marking (default the case's).
    #[arg(long)]
    tlp: Option<String>,
    /// Where the document is written (in a directory named after the case).
    #[arg(long, default_value = "documents")]
    output: PathBuf,
    /// Also print it to PDF (needs Chromium).
    #[arg(long)]
    pdf: bool,
}

/// The store's counter of documents of `kind` issued in `year`: it never expires within the next year.
fn counter(kind: DocumentKind, year: i32) -> (String, chrono::DateTime<Utc>) {
    let bucket = format!("document-number:{}:{year}", kind_key(kind));
    let expires = NaiveDate::from_ymd_opt(year + 2, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or_else(Utc::now, |d| Utc.from_utc_datetime(&d));
    (bucket, expires)
}

/// A file name from the document's number: letters, digits and hyphens only.
fn file_stem(kind: DocumentKind, number: &str) -> String {
    let number: String = number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}-{number}", kind_key(kind).replace('_', "-"))
}

/// Runs `csirt case issue`.
pub fn run(staff: &Staff, args: &IssueArgs) -> Result<(), String> {
    let code = tracking_code(&args.code)?;
    let actor = staff.actor()?;
    let templates_dir = DocumentTemplates::dir_for(&staff.paths);
    let templates = DocumentTemplates::load(&templates_dir).map_err(|e| e.to_string())?;
    let now = Utc::now();
    let (case, events) = staff.case_with_events(&code)?;
    let tlp = match &args.tlp {
        Some(raw) => Tlp::parse(raw).map_err(|e| format!("--tlp: {}", e.message.en))?,
        None => case
            .classification
            .as_ref()
            .map_or(case.report.tlp, |c| c.tlp),
    };
    let mut record = DocumentRecord {
        kind: args.kind,
        number: String::from("-"),
        issued_at: now,
        tlp,
    };
    let issue = |record: &DocumentRecord| {
        render(
            &templates,
            &Issue {
                record,
                case: &case,
                events: &events,
                escalation: args.escalation,
            },
            &staff.config,
            &staff.profile,
        )
        .map_err(|e| e.to_string())
    };
    // Refuse an incomplete case before a number is taken.
    issue(&record)?;
    let local_today = now.with_timezone(&staff.calendar.offset()).date_naive();
    let (bucket, expires) = counter(args.kind, local_today.year());
    let sequence = staff
        .runtime
        .block_on(staff.cases.count_hit(&bucket, expires, now))
        .map_err(|e| e.to_string())?;
    record.number = document_number(
        &staff.config.documents,
        &staff.profile.csirt.name,
        args.kind,
        sequence,
        local_today,
    );
    let html = issue(&record)?;
    let dir = args.output.join(case.code.to_string());
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let html_path = dir.join(format!("{}.html", file_stem(args.kind, &record.number)));
    std::fs::write(&html_path, html).map_err(|e| format!("{}: {e}", html_path.display()))?;
    let pdf_path = if args.pdf {
        let pdf = html_path.with_extension("pdf");
        print_pdf(&html_path, &pdf).map_err(|e| e.to_string())?;
        Some(pdf)
    } else {
        None
    };
    let recorded = staff.runtime.block_on(apply_change(
        &*staff.cases,
        &code,
        Change::IssueDocument {
            document: record.clone(),
        },
        actor,
        now,
    ));
    if let Err(error) = recorded {
        remove(&html_path);
        if let Some(pdf) = &pdf_path {
            remove(pdf);
        }
        return Err(format!(
            "{error} (number {} was not used; the files were removed)",
            record.number
        ));
    }
    staff.print(
        &json!({ "document": record, "html": html_path, "pdf": pdf_path }),
        || {
            format!(
                "{}: issued {} ({}) → {}{}",
                case.code,
                record.number,
                record.tlp,
                html_path.display(),
                pdf_path
                    .as_ref()
                    .map_or(String::new(), |p| format!(" and {}", p.display()))
            )
        },
    )
}

fn remove(path: &Path) {
    if let Err(e) = std::fs::remove_file(path) {
        eprintln!("could not remove {}: {e}", path.display());
    }
}
