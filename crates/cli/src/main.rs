//! `csirt`: the CSIRT's command. A thin face: the site generator (`csirt-site`), the staff library
//! (`csirt-staff`) and the intake (`csirt-intake`) do the work; this crate parses options, prints results and
//! turns failures into exit codes (see [`failure`]).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;
mod failure;

use failure::{EXIT_CODES, Failure};

/// The CSIRT's site and staff command.
#[derive(Debug, Parser)]
#[command(name = "csirt", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Builds the site from content/ and templates/ into public/.
    Build(commands::site::BuildArgs),
    /// Checks content, templates, internal links, the document templates and the team file; lists every problem.
    Check(commands::site::SiteArgs),
    /// Builds and serves the site with the intake API under /api/, on the embedded store.
    Serve(commands::serve::ServeArgs),
    /// Cases: record a report, the queue, show a case, and every step of the procedure.
    Case(commands::case::CaseArgs),
    /// Writes the closed cases the site shows (Hall of Fame, statistics) to the configured export file.
    Export(commands::publish::ExportArgs),
    /// Exports, rebuilds the site, and uploads the changed files to the site's S3 bucket when there is one.
    Publish(commands::publish::PublishArgs),
    /// Management reports: cases per period and class, time per SOP step against its standard (CSV or JSON).
    Report(commands::report::ReportArgs),
    /// Sends the messages cases are still owed (team, reporter) and records them; for cron or a schedule.
    Notify(commands::notify::NotifyArgs),
    /// Reminds the team of cases whose current SOP step is past its time standard; for cron or a schedule.
    Remind(commands::notify::RemindArgs),
    /// Which reporters' data was held where during a breach window, with whom to notify (UU 27/2022 Pasal 46).
    BreachScope(commands::breach::BreachScopeArgs),
    /// Staff accounts: add, list, roles, disable, grant and revoke roles, enrolment codes.
    Staff(commands::accounts::AccountArgs),
    /// The history: check that every case's events and the account audit log are as written; read the log.
    Audit(commands::audit::AuditArgs),
    /// Applies the team file's retention schedule: redacts, deletes the files of, or erases the closed cases
    /// whose periods ended; for cron or a schedule.
    Purge(commands::purge::PurgeArgs),
    /// Backs up the embedded store (SQLite database and evidence) while it is in use.
    Backup(commands::backup::BackupArgs),
    /// Checks a backup of the embedded store and restores it.
    Restore(commands::backup::RestoreArgs),
    /// SOP profiles: list the shipped ones, show one, check a profile file.
    #[command(subcommand)]
    Sop(commands::sop::SopCommand),
    /// The DynamoDB table and S3 evidence bucket: create them as the store expects (moto, DynamoDB Local, first
    /// runs).
    Store(commands::store::StoreArgs),
}

impl Command {
    /// Whether the command was asked to print JSON (failures too).
    fn json(&self) -> bool {
        match self {
            Command::Case(args) => args.staff.json,
            Command::Export(args) => args.staff.json,
            Command::Publish(args) => args.staff.json,
            Command::Report(args) => args.staff.json,
            Command::Notify(args) => args.staff.json,
            Command::Remind(args) => args.staff.json,
            Command::Purge(args) => args.staff.json,
            Command::Staff(args) => args.staff.json,
            Command::Audit(args) => args.staff.json,
            Command::BreachScope(args) => args.staff.json,
            Command::Store(args) => args.json(),
            _ => false,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let environment = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Err(retired) = csirt_domain::team::refuse_retired_variables(&environment) {
        return Failure::usage(retired.to_string()).report(cli.command.json());
    }
    let result: Result<(), Failure> = match &cli.command {
        Command::Build(args) => commands::site::run_build(args),
        Command::Check(args) => commands::site::run_check(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Sop(command) => commands::sop::run(command),
        Command::Case(args) => commands::case::run(args),
        Command::Export(args) => commands::publish::run_export(args),
        Command::Report(args) => commands::report::run(args),
        Command::Notify(args) => commands::notify::run_notify(args),
        Command::Staff(args) => commands::accounts::run(args),
        Command::Audit(args) => commands::audit::run(args),
        Command::BreachScope(args) => commands::breach::run(args),
        Command::Remind(args) => commands::notify::run_remind(args),
        Command::Purge(args) => commands::purge::run(args),
        Command::Publish(args) => commands::publish::run_publish(args),
        Command::Backup(args) => commands::backup::run_backup(args),
        Command::Restore(args) => commands::backup::run_restore(args),
        Command::Store(args) => commands::store::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(cli.command.json()),
    }
}
