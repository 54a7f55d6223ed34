//! `csirt case …`: the staff side of the procedure. Each command acts as the account bound to whoever runs it;
//! the staff library checks that the SOP gives the step to one of its roles and that the case's state allows
//! it, and writes the case with its event, naming the account, in one step.

mod choices;
mod document;
mod issue;
mod marks;
mod message;
mod privacy;
mod record;
mod steps;
mod view;

use clap::Subcommand;

use super::staff::{Staff, StaffArgs};
use crate::failure::Failure;

/// `csirt case`.
#[derive(Debug, clap::Args)]
pub struct CaseArgs {
    #[command(flatten)]
    pub staff: StaffArgs,
    #[command(subcommand)]
    command: CaseCommand,
}

/// The case subcommands.
#[derive(Debug, Subcommand)]
enum CaseCommand {
    /// Records a report that came by e-mail, letter or telephone (parsed as the form's are).
    Record(record::RecordArgs),
    /// The queue: open cases, overdue first, then by priority and SOP deadline.
    Queue(view::QueueArgs),
    /// A case with its events and SOP clocks.
    Show(view::ShowArgs),
    /// Issues a document on a case: numbered, rendered for print (A4), recorded on the case.
    Issue(issue::IssueArgs),
    /// Drafts, submits, signs or returns a document the SOP has approved before it is issued.
    Document(document::DocumentArgs),
    /// Writes to the reporter on the case's thread (the status page), optionally with files.
    Message(message::MessageArgs),
    /// Finds a reporter's cases, open and closed, by their e-mail address or telephone number.
    Find(privacy::FindArgs),
    /// Everything held about the reporter of a case, as JSON: for a data-subject access request.
    AccessExport(privacy::AccessExportArgs),
    /// Corrects the reporter's own data (name, e-mail, phone, organisation) at their request.
    Correct(privacy::CorrectArgs),
    /// Redacts the reporter's personal data and free text at their request; the case stays for statistics.
    Redact(privacy::RedactArgs),
    /// Erases a case and everything stored with it, beyond recovery (backups aside).
    Erase(privacy::EraseArgs),
    /// One step of the procedure on a case.
    #[command(flatten)]
    Step(steps::StepCommand),
}

/// Runs `csirt case …`.
pub fn run(args: &CaseArgs) -> Result<(), Failure> {
    let staff = Staff::open(&args.staff)?;
    let staffer = staff.staffer()?;
    match &args.command {
        CaseCommand::Record(record) => record::run(&staff, &staffer, record),
        CaseCommand::Queue(queue) => view::queue(&staff, queue),
        CaseCommand::Show(show) => view::show(&staff, show),
        CaseCommand::Issue(issue) => issue::run(&staff, &staffer, issue),
        CaseCommand::Document(document) => document::run(&staff, &staffer, document),
        CaseCommand::Message(message) => message::run(&staff, &staffer, message),
        CaseCommand::Find(find) => privacy::find(&staff, &staffer, find),
        CaseCommand::AccessExport(export) => privacy::export(&staff, &staffer, export),
        CaseCommand::Correct(correct) => privacy::correct(&staff, &staffer, correct),
        CaseCommand::Redact(redact) => privacy::redact(&staff, &staffer, redact),
        CaseCommand::Erase(erase) => privacy::erase(&staff, &staffer, erase),
        CaseCommand::Step(step) => steps::run(&staff, &staffer, step),
    }
}
