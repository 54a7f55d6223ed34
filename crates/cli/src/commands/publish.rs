//! `csirt export` and `csirt publish`: the closed cases the site shows, the site rebuilt from them, and the
//! changed files sent to the site's bucket when there is one.

use std::path::PathBuf;

use clap::Args;
use csirt_domain::state::CaseState;
use csirt_store::all_in_state;
use csirt_domain::publication::Publication;
use csirt_site::publish::upload_site;
use serde_json::json;

use super::site::build_site;
use super::staff::{Staff, StaffArgs};

/// `csirt export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    staff: StaffArgs,
}

/// `csirt publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    #[command(flatten)]
    staff: StaffArgs,
    /// Where the site is built.
    #[arg(long, default_value = "public")]
    output: PathBuf,
    /// The S3 bucket the site is served from; default `CSIRT_SITE_BUCKET`; none means build only.
    #[arg(long)]
    bucket: Option<String>,
}

/// Writes the export of closed cases where the configuration says, and returns its path and contents.
fn export(staff: &Staff) -> Result<(PathBuf, Publication), String> {
    let path = staff
        .config
        .export
        .as_ref()
        .map(|file| staff.paths.content.join(file))
        .ok_or_else(|| {
            format!(
                "{}: no `export` file is configured",
                staff.paths.config.display()
            )
        })?;
    let closed = staff
        .runtime
        .block_on(all_in_state(&*staff.cases, CaseState::Closed))
        .map_err(|e| e.to_string())?;
    let export = Publication::from_cases(&closed, staff.calendar.offset());
    export.write(&path).map_err(|e| e.to_string())?;
    Ok((path, export))
}

/// Runs `csirt export`.
pub fn run_export(args: &ExportArgs) -> Result<(), String> {
    let staff = Staff::open(&args.staff)?;
    let (path, export) = export(&staff)?;
    staff.print(&export, || {
        format!(
            "exported {} closed case(s), {} in the Hall of Fame, to {}",
            export.closed_by_class.values().sum::<u64>(),
            export.hall_of_fame.len(),
            path.display()
        )
    })
}

/// Runs `csirt publish`.
pub fn run_publish(args: &PublishArgs) -> Result<(), String> {
    let staff = Staff::open(&args.staff)?;
    let (path, export) = export(&staff)?;
    eprintln!(
        "exported {} Hall of Fame entries to {}",
        export.hall_of_fame.len(),
        path.display()
    );
    let summary = build_site(&args.staff.config, &args.output, false).map_err(|e| e.to_string())?;
    eprintln!("{summary}");
    let bucket = args.bucket.clone().or_else(|| {
        std::env::var("CSIRT_SITE_BUCKET")
            .ok()
            .filter(|b| !b.is_empty())
    });
    let Some(bucket) = bucket else {
        return staff.print(&json!({ "built": summary, "uploaded": null }), || {
            "no bucket configured (--bucket or CSIRT_SITE_BUCKET): the site is built, not uploaded".into()
        });
    };
    let uploaded = staff.runtime.block_on(async {
        let client = csirt_store::evidence::s3_client_from_env().await;
        upload_site(&client, &bucket, &args.output, &|done, total| {
            if done % 100 == 0 || done == total {
                eprintln!("uploaded {done}/{total} files");
            }
        })
        .await
        .map_err(|e| e.to_string())
    })?;
    staff.print(&json!({ "built": summary, "uploaded": uploaded }), || {
        format!(
            "s3://{bucket}: {} file(s) sent, {} deleted, {} unchanged",
            uploaded.sent, uploaded.deleted, uploaded.unchanged
        )
    })
}
