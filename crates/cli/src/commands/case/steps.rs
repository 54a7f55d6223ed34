//! The steps of the procedure, one subcommand each: they build the [`Change`] from the options, and the case
//! decides whether it is allowed in its state.

use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::Subcommand;
use csirt_domain::case::{
    Change, Classification, EscalationOutcome, MitigationKind, MitigationStatus, PartnerKind,
    Priority, Verdict,
};
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::{ActorName, Chronology, Impact, StaffText, SummaryText};
use csirt_domain::tlp::Tlp;
use csirt_staff::accounts::Staffer;
use csirt_staff::desk::tracking_code;
use csirt_staff::steps::take_step;
use serde_json::json;

use super::choices::{self, parser};
use crate::commands::staff::Staff;
use crate::failure::{Failure, parse_option, parse_optional};

/// A step on one case.
#[derive(Debug, Subcommand)]
pub enum StepCommand {
    /// Starts verifying a received report.
    StartVerification {
        /// The case's tracking code.
        code: String,
    },
    /// Records verification's outcome: valid, or not valid with the reason.
    Verify {
        /// The case's tracking code.
        code: String,
        /// The report shows a cyber incident to handle.
        #[arg(long, conflicts_with = "invalid", required_unless_present = "invalid")]
        valid: bool,
        /// The report shows no cyber incident (needs --reason).
        #[arg(long)]
        invalid: bool,
        /// Why (required when not valid).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Sets the RSIT class and type, the priority and the TLP marking.
    Classify {
        /// The case's tracking code.
        code: String,
        /// RSIT incident class, e.g. `intrusions`.
        #[arg(long = "class")]
        class: String,
        /// RSIT incident type within the class, e.g. `application-compromise`.
        #[arg(long = "type")]
        kind: String,
        /// How urgent.
        #[arg(long, value_parser = parser::<Priority>(choices::PRIORITIES))]
        priority: Priority,
        /// The case's marking, e.g. `TLP:AMBER`.
        #[arg(long, default_value = "TLP:AMBER")]
        tlp: String,
    },
    /// Adds a handler or sub-team to the case (others already assigned stay), for the whole case or one SOP
    /// step.
    Assign {
        /// The case's tracking code.
        code: String,
        /// The handler or sub-team.
        #[arg(long = "to")]
        handler: String,
        /// The SOP step it is assigned to (a number of `csirt sop show`); default the whole case.
        #[arg(long)]
        step: Option<u32>,
    },
    /// Takes the case, or one SOP step of it, from a handler or sub-team.
    Unassign {
        /// The case's tracking code.
        code: String,
        /// The handler or sub-team.
        #[arg(long = "from")]
        handler: String,
        /// The SOP step it was assigned to; default its assignment to the whole case.
        #[arg(long)]
        step: Option<u32>,
    },
    /// Adds a temporary mitigation measure to the plan.
    Mitigate {
        /// The case's tracking code.
        code: String,
        /// Which measure.
        #[arg(long, value_parser = parser::<MitigationKind>(choices::MITIGATIONS))]
        kind: MitigationKind,
        /// What exactly (which domain, ports, …).
        #[arg(long)]
        detail: Option<String>,
    },
    /// Changes the status of a mitigation item.
    Mitigation {
        /// The case's tracking code.
        code: String,
        /// The item's number.
        item: u32,
        /// Its new status.
        #[arg(long, value_parser = parser::<MitigationStatus>(choices::MITIGATION_STATUSES))]
        status: MitigationStatus,
    },
    /// Marks one SOP step done (with --done): for a step that shares its state with the next and that no
    /// change of its own completes, so the next step's clock starts. Refused for an unknown step, a step already
    /// done, or a step of another state than the case's.
    Step {
        /// The case's tracking code.
        code: String,
        /// The step's number (see `csirt sop show`).
        step: u32,
        /// Mark it done.
        #[arg(long, required = true)]
        done: bool,
    },
    /// Starts or resumes handling.
    Handle {
        /// The case's tracking code.
        code: String,
        /// What the team does.
        #[arg(long)]
        note: Option<String>,
    },
    /// Records a handling action.
    Action {
        /// The case's tracking code.
        code: String,
        /// What was done.
        #[arg(long)]
        note: String,
    },
    /// Escalates to the provincial CSIRT, BSSN or the vendor.
    Escalate {
        /// The case's tracking code.
        code: String,
        /// To whom.
        #[arg(long = "to", value_parser = parser::<PartnerKind>(choices::PARTNERS))]
        partner: PartnerKind,
        /// The partner's name, e.g. `JatengProv-CSIRT`; default: the SOP profile's partner of that kind.
        #[arg(long)]
        name: Option<String>,
        /// The chronology to send, when the report's needs completing.
        #[arg(long)]
        chronology: Option<String>,
        /// The impact to send, when the report's needs completing.
        #[arg(long)]
        impact: Option<String>,
        /// What the team asks for.
        #[arg(long)]
        request: Option<String>,
    },
    /// Records a partner's answer to an escalation.
    EscalationAnswer {
        /// The case's tracking code.
        code: String,
        /// The escalation's number.
        escalation: u32,
        /// What they answered or recommended.
        #[arg(long)]
        text: String,
    },
    /// Ends an escalation: closed (the partner's part is done) or, with --withdrawn, withdrawn.
    EscalationEnd {
        /// The case's tracking code.
        code: String,
        /// The escalation's number.
        escalation: u32,
        /// The team withdraws it rather than closing it.
        #[arg(long)]
        withdrawn: bool,
        /// Why.
        #[arg(long)]
        note: Option<String>,
    },
    /// Marks the case as an incident on vital information infrastructure (IIV), which starts the 1×24-hour
    /// clock (wall-clock hours) for the report to BSSN; --clear removes the mark.
    Iiv {
        /// The case's tracking code.
        code: String,
        /// Remove the mark.
        #[arg(long)]
        clear: bool,
    },
    /// Marks the case as involving personal data, which starts the UU 27/2022 Pasal 46 3×24-hour clock
    /// (wall-clock hours) for notifying the data subjects and the controller; --clear removes the mark.
    PersonalData {
        /// The case's tracking code.
        code: String,
        /// Remove the mark.
        #[arg(long)]
        clear: bool,
    },
    /// Records that the data subjects and the controller were notified (UU 27/2022 Pasal 46), which stops the
    /// personal-data clock.
    DataNotice {
        /// The case's tracking code.
        code: String,
        /// To whom, how and what.
        #[arg(long)]
        note: String,
    },
    /// Records the analysis and the recommendations (a later one is a new version; the earlier are kept).
    Analysis {
        /// The case's tracking code.
        code: String,
        /// Cause and course of the incident.
        #[arg(long)]
        analysis: String,
        /// What the system owner should do.
        #[arg(long)]
        recommendations: String,
    },
    /// Writes the incident summary that letters and reports to the system owner carry instead of the
    /// reporter's own words (needs --text, --file or --include-reporter-description).
    Summary {
        /// The case's tracking code.
        code: String,
        /// The summary, in the team's words.
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        /// A UTF-8 text file holding the summary.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Include the reporter's own description (with their title, chronology and impact) in documents to the
        /// system owner as well; recorded as the team's choice.
        #[arg(long)]
        include_reporter_description: bool,
    },
    /// Starts the follow-up with the system owner or developer.
    FollowUp {
        /// The case's tracking code.
        code: String,
        /// With whom and what.
        #[arg(long)]
        note: Option<String>,
    },
    /// Marks the handling finished.
    Resolve {
        /// The case's tracking code.
        code: String,
        /// The outcome.
        #[arg(long)]
        summary: String,
    },
    /// Closes the case, deciding whether the reporter's alias goes into the Hall of Fame.
    Close {
        /// The case's tracking code.
        code: String,
        /// Name the reporter's alias in the Hall of Fame (they must have consented; the case must be valid).
        #[arg(long)]
        hall_of_fame: bool,
    },
    /// Adds an internal note (never shown to the reporter).
    Note {
        /// The case's tracking code.
        code: String,
        /// The note.
        #[arg(long)]
        text: String,
    },
    /// Switches the case to reply by e-mail only (for a sensitive case: the thread leaves the status page and
    /// the team's messages go to the reporter's address in full), or back to the thread.
    ReplyChannel {
        /// The case's tracking code.
        code: String,
        /// Talk with the reporter by e-mail only (needs the reporter's e-mail address).
        #[arg(long, conflicts_with = "thread", required_unless_present = "thread")]
        email_only: bool,
        /// Talk on the status page's thread again.
        #[arg(long)]
        thread: bool,
    },
}

/// The summary change from `--text` or `--file` and the choice to include the reporter's description; a file
/// that cannot be read or a text the domain refuses is named by its option.
fn summary(
    text: Option<&str>,
    file: Option<&Path>,
    include_reporter_description: bool,
) -> Result<Change, Failure> {
    let (option, raw) = match (text, file) {
        (Some(text), _) => ("--text".to_owned(), Some(text.to_owned())),
        (None, Some(path)) => {
            let option = format!("--file {}", path.display());
            let read = std::fs::read_to_string(path)
                .map_err(|e| Failure::usage(format!("{option}: {e}")))?;
            (option, Some(read))
        }
        (None, None) => ("--text".to_owned(), None),
    };
    let parsed = match raw {
        Some(raw) => SummaryText::parse_optional(&raw)
            .map_err(|e| Failure::usage(format!("{option}: {}", e.message.en)))?,
        None => None,
    };
    Change::write_summary(parsed, include_reporter_description).map_err(|e| {
        Failure::usage(format!(
            "{option}: {} (or --include-reporter-description)",
            e.message.en
        ))
    })
}

impl StepCommand {
    /// The case's code as typed.
    fn code(&self) -> &str {
        match self {
            StepCommand::StartVerification { code }
            | StepCommand::Verify { code, .. }
            | StepCommand::Classify { code, .. }
            | StepCommand::Assign { code, .. }
            | StepCommand::Unassign { code, .. }
            | StepCommand::Mitigate { code, .. }
            | StepCommand::Mitigation { code, .. }
            | StepCommand::Handle { code, .. }
            | StepCommand::Step { code, .. }
            | StepCommand::Action { code, .. }
            | StepCommand::Escalate { code, .. }
            | StepCommand::EscalationAnswer { code, .. }
            | StepCommand::EscalationEnd { code, .. }
            | StepCommand::Iiv { code, .. }
            | StepCommand::PersonalData { code, .. }
            | StepCommand::DataNotice { code, .. }
            | StepCommand::Analysis { code, .. }
            | StepCommand::Summary { code, .. }
            | StepCommand::FollowUp { code, .. }
            | StepCommand::Resolve { code, .. }
            | StepCommand::Close { code, .. }
            | StepCommand::Note { code, .. }
            | StepCommand::ReplyChannel { code, .. } => code,
        }
    }

    /// The change this step makes.
    fn change(&self, staff: &Staff) -> Result<Change, Failure> {
        Ok(match self {
            StepCommand::StartVerification { .. } => Change::StartVerification,
            StepCommand::Step { step, .. } => Change::CompleteStep { step: *step },
            StepCommand::Verify {
                valid,
                reason,
                ..
            } => Change::Verify {
                verdict: if *valid {
                    Verdict::Valid
                } else {
                    Verdict::Invalid
                },
                reason: parse_optional("--reason", reason.as_deref(), StaffText::parse)?,
            },
            StepCommand::Classify {
                class,
                kind,
                priority,
                tlp,
                ..
            } => Change::Classify {
                classification: Classification {
                    incident: IncidentType::parse(class, kind)
                        .map_err(|e| {
                            Failure::usage(format!(
                                "--{}: {}",
                                e.field.replace("incident_", ""),
                                e.message.en
                            ))
                        })?,
                    priority: *priority,
                    tlp: parse_option("--tlp", tlp, Tlp::parse)?,
                },
            },
            StepCommand::Assign { handler, step, .. } => Change::Assign {
                handler: parse_option("--to", handler, ActorName::parse)?,
                step: *step,
            },
            StepCommand::Unassign { handler, step, .. } => Change::Unassign {
                handler: parse_option("--from", handler, ActorName::parse)?,
                step: *step,
            },
            StepCommand::Mitigate { kind, detail, .. } => Change::PlanMitigation {
                kind: *kind,
                detail: parse_optional("--detail", detail.as_deref(), StaffText::parse)?,
            },
            StepCommand::Mitigation { item, status, .. } => Change::UpdateMitigation {
                item: *item,
                status: *status,
            },
            StepCommand::Handle { note, .. } => Change::StartHandling {
                note: parse_optional("--note", note.as_deref(), StaffText::parse)?,
            },
            StepCommand::Action { note, .. } => Change::RecordAction {
                note: parse_option("--note", note, StaffText::parse)?,
            },
            StepCommand::Escalate {
                partner,
                name,
                chronology,
                impact,
                request,
                ..
            } => Change::Escalate {
                partner: *partner,
                partner_name: match name {
                    Some(name) => name.clone(),
                    None => staff
                        .desk
                        .procedure()
                        .profile
                        .escalation_partners
                        .iter()
                        .find(|p| p.key == *partner)
                        .map(|p| p.name.clone())
                        .ok_or_else(|| {
                            Failure::usage(format!(
                                "--name: the SOP profile {} names no partner of this kind; give the name",
                                staff.desk.procedure().profile.id
                            ))
                        })?,
                },
                chronology: parse_optional("--chronology", chronology.as_deref(), Chronology::parse)?,
                impact: parse_optional("--impact", impact.as_deref(), Impact::parse)?,
                request: parse_optional("--request", request.as_deref(), StaffText::parse)?,
                required: Vec::new(),
            },
            StepCommand::EscalationAnswer {
                escalation, text: answer, ..
            } => Change::RecordEscalationAnswer {
                escalation: *escalation,
                text: parse_option("--text", answer, StaffText::parse)?,
            },
            StepCommand::EscalationEnd {
                escalation,
                withdrawn,
                note,
                ..
            } => Change::EndEscalation {
                escalation: *escalation,
                outcome: if *withdrawn {
                    EscalationOutcome::Withdrawn
                } else {
                    EscalationOutcome::Closed
                },
                note: parse_optional("--note", note.as_deref(), StaffText::parse)?,
            },
            StepCommand::Iiv { clear, .. } => Change::MarkVitalInfrastructure { vital: !*clear },
            StepCommand::PersonalData { clear, .. } => Change::MarkPersonalData { involved: !*clear },
            StepCommand::DataNotice { note, .. } => Change::RecordDataSubjectNotice {
                note: parse_option("--note", note, StaffText::parse)?,
            },
            StepCommand::Analysis {
                analysis,
                recommendations,
                ..
            } => Change::RecordAnalysis {
                analysis: parse_option("--analysis", analysis, StaffText::parse)?,
                recommendations: parse_option("--recommendations", recommendations, StaffText::parse)?,
            },
            StepCommand::Summary {
                text,
                file,
                include_reporter_description,
                ..
            } => summary(text.as_deref(), file.as_deref(), *include_reporter_description)?,
            StepCommand::FollowUp { note, .. } => Change::StartFollowUp {
                note: parse_optional("--note", note.as_deref(), StaffText::parse)?,
            },
            StepCommand::Resolve { summary, .. } => Change::Resolve {
                summary: parse_option("--summary", summary, StaffText::parse)?,
            },
            StepCommand::Close { hall_of_fame, .. } => Change::Close {
                hall_of_fame: *hall_of_fame,
            },
            StepCommand::Note { text: note, .. } => Change::AddNote {
                text: parse_option("--text", note, StaffText::parse)?,
            },
            StepCommand::ReplyChannel { email_only, .. } => Change::SetReplyChannel {
                email_only: *email_only,
            },
        })
    }
}

/// Runs one step.
pub fn run(staff: &Staff, staffer: &Staffer, step: &StepCommand) -> Result<(), Failure> {
    let code = tracking_code(step.code())?;
    let change = step.change(staff)?;
    let name = change.name();
    let (case, event) = staff.run(take_step(&staff.desk, &code, change, staffer, Utc::now()))?;
    staff.print(&json!({ "case": case, "event": event }), || {
        if event.moved() {
            format!("{}: {name}: {} → {}", case.code, event.from, event.to)
        } else if let Change::CompleteStep { step } = &event.change {
            format!("{}: step {step} done ({})", case.code, case.state)
        } else {
            format!("{}: {name} recorded ({})", case.code, case.state)
        }
    })
}
