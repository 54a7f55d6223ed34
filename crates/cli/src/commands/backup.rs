//! `csirt backup`, `csirt restore`: the embedded store (SQLite database and evidence directory) of a CSIRT that
//! hosts itself, copied out while the intake runs, checked, and put back.

use std::path::PathBuf;

use clap::Args;
use csirt_store::backup::{self, Copied};

use crate::failure::Failure;

/// `csirt backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The store's data directory; default `CSIRT_DATA_DIR`, else `./data`.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// A new (or empty) directory the backup is written to.
    #[arg(long)]
    pub to: PathBuf,
    /// Print what was copied as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `csirt restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup directory.
    #[arg(long)]
    pub from: PathBuf,
    /// The store's data directory; default `CSIRT_DATA_DIR`, else `./data`.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Overwrite the database there (stop the intake first).
    #[arg(long)]
    pub replace: bool,
    /// Only check the backup (database integrity, every evidence file's SHA-256); restore nothing.
    #[arg(long)]
    pub check: bool,
    /// Print what was copied or checked as JSON.
    #[arg(long)]
    pub json: bool,
}

fn data_dir(given: &Option<PathBuf>) -> PathBuf {
    given.clone().unwrap_or_else(|| {
        std::env::var_os("CSIRT_DATA_DIR")
            .filter(|v| !v.is_empty())
            .map_or_else(|| PathBuf::from("data"), PathBuf::from)
    })
}

fn print(what: &str, copied: &Copied, json: bool) -> Result<(), Failure> {
    if json {
        println!(
            "{}",
            serde_json::to_string(copied).map_err(|e| e.to_string())?
        );
    } else {
        println!(
            "{what}: {} cases, {} evidence files ({} bytes)",
            copied.cases, copied.evidence_files, copied.evidence_bytes
        );
    }
    Ok(())
}

/// Runs `csirt backup`.
pub fn run_backup(args: &BackupArgs) -> Result<(), Failure> {
    let copied = backup::backup(&data_dir(&args.data_dir), &args.to).map_err(|e| e.to_string())?;
    print(
        &format!("backed up to {}", args.to.display()),
        &copied,
        args.json,
    )
}

/// Runs `csirt restore`.
pub fn run_restore(args: &RestoreArgs) -> Result<(), Failure> {
    if args.check {
        let checked = backup::verify(&args.from).map_err(|e| e.to_string())?;
        return print(
            &format!("{} is whole", args.from.display()),
            &checked,
            args.json,
        );
    }
    let dir = data_dir(&args.data_dir);
    let copied = backup::restore(&args.from, &dir, args.replace).map_err(|e| e.to_string())?;
    print(
        &format!("restored into {}", dir.display()),
        &copied,
        args.json,
    )
}
