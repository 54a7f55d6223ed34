//! The steps of the procedure as forms: which steps a case's state and an account's roles allow, the fields
//! each step takes, and the one parser from a form's named text fields to the [`Change`], with every refused
//! field named in Bahasa Indonesia and English. The console builds its step forms from here; the rules stay in
//! the domain (state) and in [`crate::accounts::authorize`] (roles).

use csirt_domain::case::{
    Case, Change, Classification, EscalationOutcome, MitigationKind, MitigationStatus, PartnerKind,
    Priority, Verdict,
};
use csirt_domain::lang::Localized;
use csirt_domain::sop::action_of;
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::{ActorName, StaffText};
use csirt_domain::tlp::Tlp;
use serde::Serialize;

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;

/// A step staff take on a case, by the name its change records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Start verifying a received report.
    StartVerification,
    /// Valid or not, with the reason.
    Verify,
    /// Class, type, priority, TLP.
    Classify,
    /// Add a handler or sub-team to the case, for the whole case or one SOP step.
    Assign,
    /// Take the case (or one step of it) from a handler or sub-team.
    Unassign,
    /// Add a mitigation measure.
    PlanMitigation,
    /// Change a mitigation measure's status.
    UpdateMitigation,
    /// Start or resume handling.
    StartHandling,
    /// Record a handling action.
    RecordAction,
    /// Escalate to a partner.
    Escalate,
    /// Record a partner's answer.
    RecordEscalationAnswer,
    /// Close or withdraw an escalation.
    EndEscalation,
    /// Mark the case as an incident on vital information infrastructure (IIV), or clear the mark.
    MarkVitalInfrastructure,
    /// Mark the case as involving personal data, or clear the mark.
    MarkPersonalData,
    /// Record the notice to the data subjects and the controller (UU 27/2022 Pasal 46).
    RecordDataSubjectNotice,
    /// Record analysis and recommendations.
    RecordAnalysis,
    /// Write the incident summary documents to the system owner carry.
    WriteSummary,
    /// Start the follow-up.
    StartFollowUp,
    /// Mark resolved.
    Resolve,
    /// Close.
    Close,
    /// Add an internal note.
    AddNote,
    /// Mark one SOP step done (a step that shares its state with the next).
    CompleteStep,
}

/// What a form field holds, for the page that draws it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "choices", rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Line,
    /// Several lines of text.
    Text,
    /// One of these values (machine keys).
    Choice(&'static [&'static str]),
    /// A number (an item of the case: a mitigation item, an escalation).
    Number,
    /// Yes or no (a checkbox: present means yes).
    Flag,
}

/// One field of a step's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    /// The form's field name, as the command's option without its dashes.
    pub name: &'static str,
    /// What it holds.
    #[serde(flatten)]
    pub kind: FieldKind,
    /// Whether the step needs it.
    pub required: bool,
}

const fn field(name: &'static str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        name,
        kind,
        required,
    }
}

/// The priorities, most urgent first.
pub const PRIORITIES: &[&str] = &["critical", "high", "medium", "low"];
/// The mitigation measures.
pub const MITIGATIONS: &[&str] = &[
    "suspend_domain",
    "backup_data",
    "isolate_application",
    "close_ports",
    "maintenance_page",
    "other",
];
/// A mitigation item's statuses.
pub const MITIGATION_STATUSES: &[&str] = &["planned", "in_progress", "done", "dropped"];
/// The partners a case is escalated to.
pub const PARTNERS: &[&str] = &["provincial", "bssn", "vendor"];
/// How an escalation ends.
pub const ESCALATION_OUTCOMES: &[&str] = &["closed", "withdrawn"];
/// Verification's verdicts.
pub const VERDICTS: &[&str] = &["valid", "invalid"];
/// The TLP markings a case may carry.
pub const TLPS: &[&str] = &[
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
    "TLP:AMBER+STRICT",
    "TLP:RED",
];

impl StepKind {
    /// Every step, in the procedure's order.
    pub const ALL: [StepKind; 22] = [
        StepKind::StartVerification,
        StepKind::Verify,
        StepKind::Classify,
        StepKind::Assign,
        StepKind::Unassign,
        StepKind::PlanMitigation,
        StepKind::UpdateMitigation,
        StepKind::StartHandling,
        StepKind::RecordAction,
        StepKind::Escalate,
        StepKind::RecordEscalationAnswer,
        StepKind::EndEscalation,
        StepKind::MarkVitalInfrastructure,
        StepKind::MarkPersonalData,
        StepKind::RecordDataSubjectNotice,
        StepKind::RecordAnalysis,
        StepKind::WriteSummary,
        StepKind::StartFollowUp,
        StepKind::Resolve,
        StepKind::Close,
        StepKind::AddNote,
        StepKind::CompleteStep,
    ];

    /// Its key: the name its change records (`start_verification`, …).
    pub fn key(self) -> &'static str {
        self.sample().name()
    }

    /// The step with this key.
    pub fn from_key(key: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|step| step.key() == key)
    }

    /// What it is called on a button.
    pub fn label(self) -> Localized {
        let (id, en) = match self {
            StepKind::StartVerification => ("Mulai verifikasi", "Start verification"),
            StepKind::Verify => ("Catat hasil verifikasi", "Record verification"),
            StepKind::Classify => ("Klasifikasi", "Classify"),
            StepKind::Assign => ("Tugaskan", "Assign"),
            StepKind::Unassign => ("Cabut penugasan", "Unassign"),
            StepKind::PlanMitigation => ("Tambah langkah mitigasi", "Add a mitigation measure"),
            StepKind::UpdateMitigation => ("Perbarui mitigasi", "Update a mitigation measure"),
            StepKind::StartHandling => ("Mulai/lanjutkan penanganan", "Start or resume handling"),
            StepKind::RecordAction => ("Catat tindakan", "Record an action"),
            StepKind::Escalate => ("Eskalasi", "Escalate"),
            StepKind::RecordEscalationAnswer => {
                ("Catat jawaban mitra", "Record a partner's answer")
            }
            StepKind::EndEscalation => (
                "Tutup atau tarik eskalasi",
                "Close or withdraw an escalation",
            ),
            StepKind::MarkVitalInfrastructure => ("Tandai IIV", "Mark vital infrastructure (IIV)"),
            StepKind::MarkPersonalData => ("Tandai data pribadi", "Mark personal data"),
            StepKind::RecordDataSubjectNotice => (
                "Catat pemberitahuan kepada subjek data",
                "Record the notice to the data subjects",
            ),
            StepKind::RecordAnalysis => ("Catat analisis dan rekomendasi", "Record analysis"),
            StepKind::WriteSummary => ("Tulis ringkasan insiden", "Write the incident summary"),
            StepKind::StartFollowUp => ("Mulai tindak lanjut", "Start follow-up"),
            StepKind::Resolve => ("Tandai selesai ditangani", "Mark resolved"),
            StepKind::Close => ("Tutup kasus", "Close the case"),
            StepKind::AddNote => ("Tambah catatan internal", "Add an internal note"),
            StepKind::CompleteStep => ("Tandai langkah SOP selesai", "Mark an SOP step done"),
        };
        Localized::new(id, en)
    }

    /// The fields its form takes.
    pub fn fields(self) -> &'static [FieldSpec] {
        use FieldKind::*;
        match self {
            StepKind::StartVerification => const { &[] },
            StepKind::Verify => {
                const {
                    &[
                        field("verdict", Choice(VERDICTS), true),
                        field("reason", Text, false),
                    ]
                }
            }
            StepKind::Classify => {
                const {
                    &[
                        field("class", Line, true),
                        field("type", Line, true),
                        field("priority", Choice(PRIORITIES), true),
                        field("tlp", Choice(TLPS), true),
                    ]
                }
            }
            StepKind::Assign => const { &[field("to", Line, true), field("step", Number, false)] },
            StepKind::Unassign => {
                const { &[field("from", Line, true), field("step", Number, false)] }
            }
            StepKind::PlanMitigation => {
                const {
                    &[
                        field("kind", Choice(MITIGATIONS), true),
                        field("detail", Text, false),
                    ]
                }
            }
            StepKind::UpdateMitigation => {
                const {
                    &[
                        field("item", Number, true),
                        field("status", Choice(MITIGATION_STATUSES), true),
                    ]
                }
            }
            StepKind::StartHandling | StepKind::StartFollowUp => {
                const { &[field("note", Text, false)] }
            }
            StepKind::RecordAction => const { &[field("note", Text, true)] },
            StepKind::Escalate => {
                const {
                    &[
                        field("partner", Choice(PARTNERS), true),
                        field("name", Line, false),
                        field("chronology", Text, false),
                        field("impact", Text, false),
                        field("request", Text, false),
                    ]
                }
            }
            StepKind::RecordEscalationAnswer => {
                const { &[field("escalation", Number, true), field("text", Text, true)] }
            }
            StepKind::EndEscalation => {
                const {
                    &[
                        field("escalation", Number, true),
                        field("outcome", Choice(ESCALATION_OUTCOMES), true),
                        field("note", Text, false),
                    ]
                }
            }
            StepKind::MarkVitalInfrastructure => const { &[field("vital", Flag, false)] },
            StepKind::MarkPersonalData => const { &[field("involved", Flag, false)] },
            StepKind::RecordDataSubjectNotice => const { &[field("note", Text, true)] },
            StepKind::RecordAnalysis => {
                const {
                    &[
                        field("analysis", Text, true),
                        field("recommendations", Text, true),
                    ]
                }
            }
            StepKind::WriteSummary => {
                const {
                    &[
                        field("text", Text, false),
                        field("include_reporter_description", Flag, false),
                    ]
                }
            }
            StepKind::Resolve => const { &[field("summary", Text, true)] },
            StepKind::Close => const { &[field("hall_of_fame", Flag, false)] },
            StepKind::AddNote => const { &[field("text", Text, true)] },
            StepKind::CompleteStep => const { &[field("step", Number, true)] },
        }
    }

    /// A change of this kind, for the rules that do not depend on its content.
    fn sample(self) -> Change {
        let text =
            || StaffText::parse("-").unwrap_or_else(|_| unreachable!("a dash is a staff text"));
        match self {
            StepKind::StartVerification => Change::StartVerification,
            StepKind::Verify => Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            StepKind::Classify => Change::Classify {
                classification: Classification {
                    incident: IncidentType::parse("other", "other")
                        .or_else(|_| IncidentType::parse("intrusions", "application-compromise"))
                        .unwrap_or_else(|_| unreachable!("the taxonomy has this type")),
                    priority: Priority::Low,
                    tlp: Tlp::parse("TLP:AMBER").unwrap_or_else(|_| unreachable!("a TLP")),
                },
            },
            StepKind::Assign => Change::Assign {
                handler: ActorName::parse("-").unwrap_or_else(|_| unreachable!("a name")),
                step: None,
            },
            StepKind::Unassign => Change::Unassign {
                handler: ActorName::parse("-").unwrap_or_else(|_| unreachable!("a name")),
                step: None,
            },
            StepKind::PlanMitigation => Change::PlanMitigation {
                kind: MitigationKind::Other,
                detail: None,
            },
            StepKind::UpdateMitigation => Change::UpdateMitigation {
                item: 1,
                status: MitigationStatus::Done,
            },
            StepKind::StartHandling => Change::StartHandling { note: None },
            StepKind::RecordAction => Change::RecordAction { note: text() },
            StepKind::Escalate => Change::Escalate {
                partner: PartnerKind::Provincial,
                partner_name: String::new(),
                chronology: None,
                impact: None,
                request: None,
                required: Vec::new(),
            },
            StepKind::RecordEscalationAnswer => Change::RecordEscalationAnswer {
                escalation: 1,
                text: text(),
            },
            StepKind::EndEscalation => Change::EndEscalation {
                escalation: 1,
                outcome: EscalationOutcome::Closed,
                note: None,
            },
            StepKind::MarkVitalInfrastructure => Change::MarkVitalInfrastructure { vital: true },
            StepKind::MarkPersonalData => Change::MarkPersonalData { involved: true },
            StepKind::RecordDataSubjectNotice => Change::RecordDataSubjectNotice { note: text() },
            StepKind::RecordAnalysis => Change::RecordAnalysis {
                analysis: text(),
                recommendations: text(),
            },
            StepKind::WriteSummary => Change::WriteSummary {
                text: None,
                include_reporter_description: true,
            },
            StepKind::StartFollowUp => Change::StartFollowUp { note: None },
            StepKind::Resolve => Change::Resolve { summary: text() },
            StepKind::Close => Change::Close {
                hall_of_fame: false,
            },
            StepKind::AddNote => Change::AddNote { text: text() },
            StepKind::CompleteStep => Change::CompleteStep { step: 1 },
        }
    }

    /// Its `[permissions]` key.
    pub fn action(self) -> String {
        action_of(&self.sample())
    }
}

/// The steps `staffer` may take on `case` now: those its state allows and the SOP gives one of their roles;
/// marking an SOP step done when the case has a step the account may mark done
/// ([`crate::step_done::completable_steps`]).
pub fn available_steps(desk: &Desk, case: &Case, staffer: &Staffer) -> Vec<StepKind> {
    StepKind::ALL
        .into_iter()
        .filter(|step| step.sample().may_be_made_in(case.state))
        .filter(|step| match step {
            StepKind::CompleteStep => {
                !crate::step_done::completable_steps(desk, case, staffer).is_empty()
            }
            _ => authorize(desk, staffer, &step.action()).is_ok(),
        })
        .collect()
}

mod parse;

pub use parse::{FormFields, parse_step};

#[cfg(test)]
mod tests;
