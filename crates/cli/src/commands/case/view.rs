//! `csirt case queue` and `csirt case show`: what staff read. Staff see the reporter's contact data here; it
//! never leaves the store otherwise.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use clap::Args;
use csirt_domain::case::{Assignment, Case, Event, EvidenceRef, Party, message_writers};
use csirt_domain::register::RegisterNumber;
use csirt_domain::sop::CaseClock;
use csirt_staff::advisories::case_numbered;
use csirt_staff::cases::{case_file, queue_states};
use csirt_staff::desk::tracking_code;

use crate::commands::staff::Staff;
use crate::failure::Failure;

/// `csirt case queue`.
#[derive(Debug, Args)]
pub struct QueueArgs {
    /// Only cases in this state (e.g. `verifying`); default every open state.
    #[arg(long)]
    state: Option<String>,
    /// Only cases assigned to this handler or sub-team (for the whole case or any step; case does not matter).
    #[arg(long)]
    assignee: Option<String>,
}

/// `csirt case show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The case's tracking code, or its register number (e.g. `2026/0042`).
    code: String,
}

/// The team's local time of `at`, for people.
fn local(staff: &Staff, at: DateTime<Utc>) -> String {
    at.with_timezone(&staff.desk.procedure().calendar.offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Runs `csirt case queue`.
pub fn queue(staff: &Staff, args: &QueueArgs) -> Result<(), Failure> {
    let states = queue_states(args.state.as_deref())?;
    let mut entries = staff.run(csirt_staff::cases::queue(&staff.desk, &states, Utc::now()))?;
    if let Some(assignee) = &args.assignee {
        entries.retain(|entry| entry.is_assigned_to(assignee));
    }
    staff.print(&entries, || {
        let mut text = format!(
            "{:<20} {:<10} {:<11} {:<9} {:<40} {:<16} {} | {}\n",
            "code", "register", "state", "priority", "incident", "due", "assignee", "deadlines"
        );
        for entry in &entries {
            let priority = entry
                .priority
                .map_or("-".to_owned(), |p| format!("{p:?}").to_lowercase());
            let due = entry.due_at.map_or("-".to_owned(), |at| local(staff, at));
            let flag = if entry.overdue { "OVERDUE " } else { "" };
            let _ = writeln!(
                text,
                "{:<20} {:<10} {:<11} {:<9} {:<40} {flag}{:<16} {} | {}",
                entry.code,
                entry.register.as_deref().unwrap_or("-"),
                entry.state,
                priority,
                entry.incident,
                due,
                assignees(&entry.assignees),
                super::marks::queue_markers(&entry.deadlines)
            );
        }
        let _ = write!(text, "{} open case(s)", entries.len());
        text
    })
}

/// The assignees for people: `a; b (step 5)`, or `-` for none.
fn assignees(list: &[Assignment]) -> String {
    if list.is_empty() {
        return "-".to_owned();
    }
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Runs `csirt case show`.
pub fn show(staff: &Staff, args: &ShowArgs) -> Result<(), Failure> {
    let code = match RegisterNumber::parse(&args.code) {
        Ok(register) => staff.run(case_numbered(&staff.desk, register))?,
        Err(_) => tracking_code(&args.code)?,
    };
    let file = staff.run(case_file(&staff.desk, &code, Utc::now()))?;
    if let Some(problem) = &file.advisories_problem {
        eprintln!("WARNING: {problem}");
    }
    if let Some(problem) = &file.chain.problem {
        eprintln!(
            "WARNING: the history of {code} is not as it was written: {problem}. What follows may have been \
             tampered with; `csirt audit verify {code}` checks it again."
        );
    }
    staff.print(&file, || {
        let mut text = describe(staff, &file.case, &file.events, &file.clock);
        text.push('\n');
        super::marks::deadlines(&|at| local(staff, at), &file.deadlines, &mut text);
        let mut text = text.trim_end().to_owned();
        for advisory in &file.advisories {
            let _ = write!(
                text,
                "\nadvisory   {} ({}, {})",
                advisory.title, advisory.source, advisory.url
            );
        }
        text
    })
}

/// The case for people: the report, the team's work, the events and the clocks.
fn describe(staff: &Staff, case: &Case, events: &[Event], clock: &CaseClock) -> String {
    let report = &case.report;
    let reporter = &report.reporter;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}  {} since {}",
        case.code,
        case.state,
        local(staff, case.state_since)
    );
    let _ = writeln!(
        text,
        "received   {} by {:?}",
        local(staff, case.received_at),
        case.channel
    );
    if let Some(register) = case.register {
        let _ = writeln!(text, "register   {register}");
    }
    let _ = writeln!(
        text,
        "reporter   {} <{}> {} ({:?}{})",
        reporter.name.as_ref().map_or("-", |n| n.as_str()),
        reporter.email.as_ref().map_or("-", |e| e.as_str()),
        reporter.phone.as_ref().map_or("-", |p| p.as_str()),
        reporter.kind,
        reporter
            .organisation
            .as_ref()
            .map_or(String::new(), |o| format!(", {}", o.as_str()))
    );
    let _ = writeln!(
        text,
        "reported   {}/{} {}",
        report.incident.class(),
        report.incident.kind(),
        report.tlp
    );
    if let Some(title) = &report.title {
        let _ = writeln!(text, "title      {}", title.as_str());
    }
    let _ = writeln!(text, "affected   {}", report.affected.summary());
    let _ = writeln!(
        text,
        "description\n  {}",
        report.description.as_str().replace('\n', "\n  ")
    );
    for evidence in &case.evidence {
        let _ = writeln!(text, "evidence   {}", stored_file(evidence));
    }
    if let Some(classification) = &case.classification {
        let _ = writeln!(
            text,
            "classified {}/{} priority {:?} {}",
            classification.incident.class(),
            classification.incident.kind(),
            classification.priority,
            classification.tlp
        );
    }
    for assignment in &case.assignees {
        let _ = writeln!(text, "assigned   {assignment}");
    }
    for item in &case.mitigation {
        let _ = writeln!(
            text,
            "mitigation #{} {:?} {:?}",
            item.id, item.kind, item.status
        );
    }
    super::marks::escalations_and_analyses(&|at| local(staff, at), case, &mut text);
    for document in &case.documents {
        let _ = writeln!(
            text,
            "document   {:?} {} ({})",
            document.kind, document.number, document.tlp
        );
    }
    describe_thread(staff, case, events, &mut text);
    let _ = writeln!(text, "events");
    for event in events {
        let _ = writeln!(
            text,
            "  {:>3} {} {:<26} {} → {}  by {}",
            event.seq,
            local(staff, event.at),
            event.change.name(),
            event.from,
            event.to,
            event.actor
        );
    }
    let _ = writeln!(text, "SOP clock ({})", staff.desk.procedure().profile.id);
    for step in &clock.steps {
        let _ = writeln!(
            text,
            "  step {:>2} {:<11} started {}, due {}{}{}",
            step.step,
            step.state.key(),
            local(staff, step.started_at),
            local(staff, step.due_at),
            step.completed_at
                .map_or(" (current)".to_owned(), |at| format!(
                    ", done {}",
                    local(staff, at)
                )),
            if step.overdue { "  OVERDUE" } else { "" }
        );
    }
    text.trim_end().to_owned()
}

/// The thread with the reporter: each message with who wrote it (the account, from the events, for the team's)
/// and its files; whether the case is set to reply by e-mail only.
fn describe_thread(staff: &Staff, case: &Case, events: &[Event], text: &mut String) {
    if case.reply_by_email_only {
        let _ = writeln!(text, "reply by e-mail only");
    }
    if case.messages.is_empty() {
        return;
    }
    let _ = writeln!(text, "thread with the reporter");
    for (message, writer) in case.messages.iter().zip(message_writers(events)) {
        let from = match message.from {
            Party::Team => format!("team ({writer})"),
            Party::Reporter => "reporter".to_owned(),
        };
        let _ = writeln!(
            text,
            "  #{} {} {from}\n    {}",
            message.id,
            local(staff, message.at),
            message.text.as_str().replace('\n', "\n    ")
        );
        for file in &message.files {
            let _ = writeln!(text, "    file {}", stored_file(file));
        }
    }
}

/// A stored file for people: `name (type, N bytes) sha256 HASH`, and a warning for markup or a script.
fn stored_file(file: &EvidenceRef) -> String {
    format!(
        "{} ({}, {} bytes) sha256 {}{}",
        file.name.as_deref().unwrap_or("(unnamed)"),
        file.media_type,
        file.size,
        file.sha256,
        if file.is_opaque() {
            " — holds markup or a script: open it in a text editor, never a browser"
        } else {
            ""
        }
    )
}
