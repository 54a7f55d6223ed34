//! The changes staff make to a case, and which states each is allowed in.

use serde::{Deserialize, Serialize};

use super::notice::{Notice, NoticeOutcome};
use super::parts::{
    Classification, DocumentKind, DocumentRecord, EscalationField, EscalationOutcome, EvidenceRef,
    MitigationKind, MitigationStatus, PartnerKind, Verdict,
};
use super::privacy::{RedactionGrounds, ReporterField};
use super::thread::ReplyKey;
use crate::channel::Channel;
use crate::state::CaseState;
use crate::text::{ActorName, Chronology, Impact, MessageText, StaffText, SummaryText};
use crate::tlp::Tlp;

/// One change to a case. Each is recorded as the `change` of an [`super::Event`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Change {
    /// The report arrived: the case's first event.
    Received {
        /// How it came in.
        channel: Channel,
    },
    /// Verification starts (received → verifying).
    StartVerification,
    /// Verification's outcome (verifying → valid | invalid). An invalid verdict needs a reason.
    Verify {
        /// Valid or not.
        verdict: Verdict,
        /// Why.
        reason: Option<StaffText>,
    },
    /// Sets class, type, priority and TLP. From `valid` it moves the case to `triaged`; later it corrects the
    /// classification without moving.
    Classify {
        /// The classification.
        classification: Classification,
    },
    /// Adds a handler or sub-team to the case's assignees, for the whole case or for one SOP step. An event
    /// written before a case had several assignees has no step: it gave the case to that one handler.
    Assign {
        /// Who handles it.
        handler: ActorName,
        /// The SOP step it is assigned to; none for the whole case.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<u32>,
    },
    /// Removes a handler or sub-team from the case's assignees (its assignment for that step, or for the whole
    /// case).
    Unassign {
        /// Who no longer handles it.
        handler: ActorName,
        /// The SOP step it was assigned to; none for the whole case.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<u32>,
    },
    /// Adds a mitigation item; from `triaged` it moves the case to `mitigating`.
    PlanMitigation {
        /// Which measure.
        kind: MitigationKind,
        /// What exactly.
        detail: Option<StaffText>,
    },
    /// Changes a mitigation item's status.
    UpdateMitigation {
        /// The item's number.
        item: u32,
        /// Its new status.
        status: MitigationStatus,
    },
    /// Handling starts or resumes (triaged | mitigating | escalated | follow_up → handling).
    StartHandling {
        /// What the team does.
        note: Option<StaffText>,
    },
    /// A handling action, recorded without moving.
    RecordAction {
        /// What was done.
        note: StaffText,
    },
    /// Escalates to a partner (→ escalated; a further partner while escalated leaves the state alone).
    /// Chronology and impact default to the report's; the escalation is refused, naming the field, when one of
    /// the fields `required` lists (the partner's profile entry's, set by the staff library) is missing.
    Escalate {
        /// Partner kind.
        partner: PartnerKind,
        /// Partner's name.
        partner_name: String,
        /// Chronology to send, when the report's needs completing.
        chronology: Option<Chronology>,
        /// Impact to send, when the report's needs completing.
        impact: Option<Impact>,
        /// What the team asks for.
        request: Option<StaffText>,
        /// The fields the partner requires, from the profile (not written while empty, so older events read
        /// and seal the same).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        required: Vec<EscalationField>,
    },
    /// Ends an escalation (closed or withdrawn), without moving the case.
    EndEscalation {
        /// The escalation's number.
        escalation: u32,
        /// Closed or withdrawn.
        outcome: EscalationOutcome,
        /// Why, when staff say.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<StaffText>,
    },
    /// Marks the case as an incident on vital information infrastructure (*Infrastruktur Informasi Vital*),
    /// which starts the 1×24-hour clock for the report to BSSN, or clears the mark.
    MarkVitalInfrastructure {
        /// Vital infrastructure or not.
        vital: bool,
    },
    /// Marks the case as involving personal data, which starts the UU 27/2022 Pasal 46 3×24-hour clock for
    /// notifying the data subjects and the controller, or clears the mark.
    MarkPersonalData {
        /// Personal data involved or not.
        involved: bool,
    },
    /// Records that the data subjects and the controller were notified (UU 27/2022 Pasal 46), which stops the
    /// personal-data clock.
    RecordDataSubjectNotice {
        /// To whom, how and what.
        note: StaffText,
    },
    /// Records a partner's answer to an escalation, without moving.
    RecordEscalationAnswer {
        /// The escalation's number.
        escalation: u32,
        /// The answer.
        text: StaffText,
    },
    /// Records the analysis and recommendations (triaged | handling | escalated → reported); a later one is a
    /// new version, the earlier kept.
    RecordAnalysis {
        /// Cause and course.
        analysis: StaffText,
        /// What to do.
        recommendations: StaffText,
    },
    /// Follow-up with the system owner or developer starts (reported → follow_up).
    StartFollowUp {
        /// With whom and what.
        note: Option<StaffText>,
    },
    /// Handling is finished (reported | follow_up → resolved).
    Resolve {
        /// Summary of the outcome.
        summary: StaffText,
    },
    /// Writes the team's summary of the incident, which letters and reports to the system owner carry instead
    /// of the reporter's words, and records whether staff chose to include the reporter's own description in
    /// them too (made with [`Change::write_summary`], which refuses neither text nor choice).
    WriteSummary {
        /// The summary in the team's words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<SummaryText>,
        /// Whether documents to the system owner include the reporter's description as well.
        #[serde(default)]
        include_reporter_description: bool,
    },
    /// Records a document issued on the case.
    IssueDocument {
        /// The document.
        document: DocumentRecord,
    },
    /// Drafts a document that needs approval: no number yet (the case's next draft id names it).
    DraftDocument {
        /// Which document.
        kind: DocumentKind,
        /// The marking it will carry.
        tlp: Tlp,
        /// For the escalation report: which escalation, by number (the latest when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        escalation: Option<u32>,
    },
    /// Submits a draft (or a returned one) for approval.
    SubmitDocument {
        /// The draft's id on the case.
        draft: u32,
    },
    /// Approves and signs a submitted draft, issuing it: the event's actor is the signer, its time the signing,
    /// and the record carries the number taken then, the verification code and the issued files' SHA-256.
    SignDocument {
        /// The draft's id on the case.
        draft: u32,
        /// The issued document.
        document: DocumentRecord,
    },
    /// Sends a submitted draft back for redrafting, saying why.
    ReturnDocument {
        /// The draft's id on the case.
        draft: u32,
        /// Why it is returned.
        reason: StaffText,
    },
    /// Staff mark one step of the SOP done, where the step shares its state with the next and no change of its
    /// own completes it (the profile's `completed_by`). Which steps may be marked is the SOP clock's to say
    /// ([`crate::sop::CaseClock::check_completable`]); the case refuses a step already marked in this stay.
    CompleteStep {
        /// The step's number in the SOP.
        step: u32,
    },
    /// Closes the case (resolved | invalid → closed), deciding on the Hall of Fame.
    Close {
        /// Name the reporter's alias in the Hall of Fame (needs their consent and a valid case).
        hall_of_fame: bool,
    },
    /// An internal note, never shown to the reporter.
    AddNote {
        /// The note.
        text: StaffText,
    },
    /// A message from the team to the reporter, on the thread the status page shows (in full by e-mail
    /// instead when the case is set to reply by e-mail only).
    MessageReporter {
        /// What the team writes.
        text: MessageText,
        /// Files sent with it (guidance, the certificate), stored in the evidence store first.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        files: Vec<EvidenceRef>,
    },
    /// The reporter's reply on the status page, with more evidence (stored first); its files join the case's
    /// evidence.
    ReporterReply {
        /// What the reporter writes.
        text: MessageText,
        /// Files sent with it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        files: Vec<EvidenceRef>,
        /// Its idempotency record, when the client sent a key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<ReplyKey>,
    },
    /// Switches the case to reply by e-mail only (for sensitive cases), or back to the status-page thread.
    SetReplyChannel {
        /// E-mail only, or the thread.
        email_only: bool,
    },
    /// The reporter's own data corrected at their request (UU 27/2022 Pasal 6), made with
    /// [`super::Case::correct_reporter`]: which fields changed, never a value (the case record holds the new
    /// ones, nothing the old).
    CorrectReporter {
        /// The fields that changed.
        fields: Vec<ReporterField>,
    },
    /// The reporter's personal data and free text replaced by a tombstone at their request (UU 27/2022
    /// Pasal 8) or because the retention schedule's period ended, made with
    /// [`super::Case::redact_reporter_on`]: which earlier events' stored text was redacted with it, and which of
    /// the reporter's files were deleted.
    RedactReporter {
        /// The events redacted (their stored text replaced, under a seal of the redaction's own).
        events: Vec<u32>,
        /// SHA-256 of each file deleted from the evidence store.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        deleted_files: Vec<String>,
        /// Which of the reporter's own fields held a value when redacted (their names, never a value), so that
        /// what the team held stays known for a breach notice.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<ReporterField>,
        /// Why (not written for a redaction at the reporter's request, so older events read the same).
        #[serde(default, skip_serializing_if = "RedactionGrounds::is_reporter_request")]
        grounds: RedactionGrounds,
    },
    /// The reporter's files deleted because the retention schedule's period for evidence ended, made with
    /// [`super::Case::expire_evidence`]; the rest of the case stays.
    ExpireEvidence {
        /// SHA-256 of each file deleted from the evidence store.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        deleted_files: Vec<String>,
    },
    /// An attempt to deliver a message about the case, and how it went.
    Notified {
        /// Which message.
        #[serde(flatten)]
        notice: Notice,
        /// Delivered, or why not.
        outcome: NoticeOutcome,
    },
}

/// Which states a change may be made in, and where it takes the case.
pub(super) enum Rule {
    /// Moves the case to this state; allowed wherever the workflow allows that move.
    MoveTo(CaseState),
    /// Leaves the state alone; allowed in these states.
    StayIn(&'static [CaseState]),
    /// Moves to the state; when already in it, stays.
    MoveToOrStay(CaseState),
    /// Moves to the state when made in the first state; stays when made in one of the others.
    MoveFromOrStay(CaseState, CaseState, &'static [CaseState]),
    /// Allowed in any state.
    Anywhere,
}

use CaseState::*;

/// The states in which a case is being worked on after verification.
const WORKING: &[CaseState] = &[
    Triaged, Mitigating, Handling, Escalated, Reported, FollowUp, Resolved,
];

/// The states of a case not yet closed or found invalid.
const OPEN: &[CaseState] = &[
    Received, Verifying, Valid, Triaged, Mitigating, Handling, Escalated, Reported, FollowUp,
    Resolved,
];

impl Change {
    /// The change's name as commands and errors use it.
    pub fn name(&self) -> &'static str {
        match self {
            Change::Received { .. } => "received",
            Change::StartVerification => "start_verification",
            Change::Verify { .. } => "verify",
            Change::Classify { .. } => "classify",
            Change::Assign { .. } => "assign",
            Change::Unassign { .. } => "unassign",
            Change::PlanMitigation { .. } => "plan_mitigation",
            Change::UpdateMitigation { .. } => "update_mitigation",
            Change::StartHandling { .. } => "start_handling",
            Change::RecordAction { .. } => "record_action",
            Change::Escalate { .. } => "escalate",
            Change::RecordEscalationAnswer { .. } => "record_escalation_answer",
            Change::EndEscalation { .. } => "end_escalation",
            Change::MarkVitalInfrastructure { .. } => "mark_vital_infrastructure",
            Change::MarkPersonalData { .. } => "mark_personal_data",
            Change::RecordDataSubjectNotice { .. } => "record_data_subject_notice",
            Change::RecordAnalysis { .. } => "record_analysis",
            Change::StartFollowUp { .. } => "start_follow_up",
            Change::Resolve { .. } => "resolve",
            Change::WriteSummary { .. } => "write_summary",
            Change::IssueDocument { .. } => "issue_document",
            Change::DraftDocument { .. } => "draft_document",
            Change::SubmitDocument { .. } => "submit_document",
            Change::SignDocument { .. } => "sign_document",
            Change::ReturnDocument { .. } => "return_document",
            Change::CompleteStep { .. } => "complete_step",
            Change::Close { .. } => "close",
            Change::AddNote { .. } => "add_note",
            Change::Notified { .. } => "notified",
            Change::MessageReporter { .. } => "message_reporter",
            Change::ReporterReply { .. } => "reporter_reply",
            Change::SetReplyChannel { .. } => "set_reply_channel",
            Change::CorrectReporter { .. } => "correct_reporter",
            Change::RedactReporter { .. } => "redact_reporter",
            Change::ExpireEvidence { .. } => "expire_evidence",
        }
    }

    /// Whether this change may be made on a case in `state` (its state rule only: the change's own content,
    /// such as an invalid verdict's reason, is checked when it is applied).
    pub fn may_be_made_in(&self, state: CaseState) -> bool {
        match self.rule() {
            Rule::MoveTo(to) => state.can_move_to(to),
            Rule::MoveToOrStay(to) => state == to || state.can_move_to(to),
            Rule::StayIn(states) => states.contains(&state),
            Rule::MoveFromOrStay(from, _, states) => state == from || states.contains(&state),
            Rule::Anywhere => true,
        }
    }

    pub(super) fn rule(&self) -> Rule {
        match self {
            Change::Received { .. } => Rule::StayIn(&[]),
            Change::StartVerification => Rule::MoveTo(Verifying),
            Change::Verify {
                verdict: Verdict::Valid,
                ..
            } => Rule::MoveTo(Valid),
            Change::Verify {
                verdict: Verdict::Invalid,
                ..
            } => Rule::MoveTo(Invalid),
            Change::Classify { .. } => Rule::MoveFromOrStay(Valid, Triaged, WORKING),
            Change::Assign { .. }
            | Change::Unassign { .. }
            | Change::MarkVitalInfrastructure { .. }
            | Change::MarkPersonalData { .. }
            | Change::RecordDataSubjectNotice { .. } => Rule::StayIn(OPEN),
            Change::PlanMitigation { .. } => {
                Rule::MoveFromOrStay(Triaged, Mitigating, &[Mitigating, Handling])
            }
            Change::UpdateMitigation { .. } => {
                Rule::StayIn(&[Mitigating, Handling, Escalated, Reported, FollowUp])
            }
            Change::StartHandling { .. } => Rule::MoveTo(Handling),
            Change::RecordAction { .. } => {
                Rule::StayIn(&[Mitigating, Handling, Escalated, FollowUp])
            }
            Change::Escalate { .. } => Rule::MoveToOrStay(Escalated),
            Change::RecordEscalationAnswer { .. } | Change::EndEscalation { .. } => {
                Rule::StayIn(WORKING)
            }
            Change::RecordAnalysis { .. } => Rule::MoveTo(Reported),
            Change::StartFollowUp { .. } => Rule::MoveTo(FollowUp),
            Change::Resolve { .. } => Rule::MoveTo(Resolved),
            Change::IssueDocument { .. }
            | Change::DraftDocument { .. }
            | Change::SubmitDocument { .. }
            | Change::SignDocument { .. }
            | Change::ReturnDocument { .. }
            | Change::WriteSummary { .. }
            | Change::AddNote { .. }
            | Change::Notified { .. }
            | Change::MessageReporter { .. }
            | Change::ReporterReply { .. }
            | Change::SetReplyChannel { .. }
            | Change::CorrectReporter { .. }
            | Change::RedactReporter { .. }
            | Change::ExpireEvidence { .. } => Rule::Anywhere,
            Change::CompleteStep { .. } => Rule::StayIn(&[
                Received, Verifying, Valid, Invalid, Triaged, Mitigating, Handling, Escalated,
                Reported, FollowUp, Resolved,
            ]),
            Change::Close { .. } => Rule::MoveTo(Closed),
        }
    }
}
