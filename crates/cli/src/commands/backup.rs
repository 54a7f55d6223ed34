//! `csirt backup`, `csirt restore`: the embedded store (SQLite database and evidence directory) of a CSIRT that
//! hosts itself, copied out while the intake runs, checked, and put back; dated backups in one directory,
//! rotated by the team file's backup period (`retention.backup_days`).

use std::path::PathBuf;

use chrono::Utc;
use clap::{ArgGroup, Args};
use csirt_domain::team::TeamConfig;
use csirt_store::backup::{self, Copied};
use csirt_store::backup_rotation::{backup_into, rotate};
use serde_json::json;

use crate::failure::Failure;

/// `csirt backup (--to DIR | --into DIR [--rotate])`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("target").required(true).args(["to", "into"])))]
pub struct BackupArgs {
    /// The store's data directory; default `CSIRT_DATA_DIR`, else `./data`.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// A new (or empty) directory the backup is written to.
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// A directory of dated backups: the backup is written into a new directory of it named by the moment it
    /// was taken (UTC, e.g. `20270131T013000Z`).
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// After the backup, remove the dated backups in `--into` older than the team file's
    /// `retention.backup_days`.
    #[arg(long)]
    pub rotate: bool,
    /// The team file, whose `[retention]` gives the backup period.
    #[arg(long, env = "CSIRT_CONFIG", default_value = "content/config.toml")]
    pub config: PathBuf,
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
    let data_dir = data_dir(&args.data_dir);
    if args.rotate && args.into.is_none() {
        return Err(Failure::usage(
            "--rotate removes old dated backups of --into DIR: give --into DIR instead of --to",
        ));
    }
    let (Some(into), None) = (&args.into, &args.to) else {
        let to = args
            .to
            .as_ref()
            .ok_or_else(|| Failure::usage("give --to DIR or --into DIR"))?;
        let copied = backup::backup(&data_dir, to).map_err(|e| e.to_string())?;
        return print(
            &format!("backed up to {}", to.display()),
            &copied,
            args.json,
        );
    };
    // The period is read before anything is written: a team file that cannot be used stops the backup.
    let keep = if args.rotate {
        let config = TeamConfig::load(&args.config).map_err(|e| Failure::usage(e.to_string()))?;
        Some(config.retention)
    } else {
        None
    };
    let now = Utc::now();
    let dated = backup_into(&data_dir, into, now).map_err(|e| e.to_string())?;
    let removed = match keep {
        Some(schedule) => rotate(into, schedule.backup_period(), now).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    if args.json {
        let value = json!({ "backup": dated, "removed": removed });
        println!(
            "{}",
            serde_json::to_string(&value).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    print(
        &format!("backed up to {}", dated.path.display()),
        &dated.copied,
        false,
    )?;
    if let Some(schedule) = keep {
        println!(
            "{} backup(s) older than {} day(s) removed{}",
            removed.len(),
            schedule.backup_days,
            removed
                .iter()
                .map(|path| format!("\n  {}", path.display()))
                .collect::<String>()
        );
    }
    Ok(())
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
