//! `csirt export` and `csirt publish`: the closed cases the site shows, the site rebuilt from them, and the
//! changed files sent to the site's bucket when there is one.

use std::path::PathBuf;

use clap::Args;
use csirt_staff::publication::export_publication;
use csirt_staff::publish::UploadPlan;
use csirt_staff::publish::s3::upload_site;
use serde_json::json;

use super::site::build_site;
use super::staff::{Staff, StaffArgs};
use crate::failure::Failure;

/// `csirt export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
}

/// `csirt publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
    /// Where the site is built.
    #[arg(long, default_value = "public")]
    output: PathBuf,
    /// The S3 bucket the site is served from; default `CSIRT_SITE_BUCKET`; none means build only.
    #[arg(long)]
    bucket: Option<String>,
}

/// Runs `csirt export`.
pub fn run_export(args: &ExportArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    let staffer = staff.staffer()?;
    let (path, export) = staff.run(export_publication(&staff.desk, &staffer))?;
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
pub fn run_publish(args: &PublishArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    let staffer = staff.staffer()?;
    let (path, export) = staff.run(export_publication(&staff.desk, &staffer))?;
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
    let plan = UploadPlan::of(&args.output, &bucket)?;
    let uploaded = staff.run(async {
        upload_site(&bucket, plan, &|done, total| {
            if done % 100 == 0 || done == total {
                eprintln!("uploaded {done}/{total} files");
            }
        })
        .await
    })?;
    staff.print(&json!({ "built": summary, "uploaded": uploaded }), || {
        format!(
            "s3://{bucket}: {} file(s) sent, {} deleted, {} unchanged",
            uploaded.sent, uploaded.deleted, uploaded.unchanged
        )
    })
}
