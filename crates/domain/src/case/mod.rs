//! A case: the report and everything the team does with it. A case changes only through [`Case::apply`],
//! which checks the workflow and returns the new case together with the event that records the change, so the
//! store can write both in one atomic step.

mod assignment;
mod change;
mod deadlines;
mod drafts;
mod error;
mod escalation;
mod event;
mod notice;
mod parts;
mod privacy;
mod stay;
mod summary;
mod thread;
mod verification;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use assignment::{Assignment, UnknownStep, check_assignable_step};
pub use change::Change;
pub use deadlines::{
    BSSN_REPORT_HOURS, DATA_SUBJECT_NOTICE_HOURS, DUE_SOON, Deadline, DeadlineKind, DeadlineStatus,
    deadline_status,
};
pub use drafts::{DocumentDraft, DraftStatus};
pub use error::WorkflowError;
pub use event::{Actor, Event, TimelineEntry, public_timeline};
pub use notice::{Notice, NoticeOutcome, NoticeRecord, Via};
pub use parts::{
    Analysis, Classification, DocumentKind, DocumentRecord, Escalation, EscalationAnswer,
    EscalationEnd, EscalationField, EscalationOutcome, EscalationStatus, EvidenceRef,
    MitigationItem, MitigationKind, MitigationStatus, PartnerKind, Priority, Verdict, Verification,
};
pub use privacy::{
    CorrectionError, PrivacyAction, RETENTION_TOMBSTONE, Redaction, RedactionGrounds,
    ReporterCorrections, ReporterField, TOMBSTONE, deleted_files,
};
pub use stay::{STEP_COMPLETING_ACTIONS, StayMark, current_stay_marks, mark_of, marks_of};
pub use summary::IncidentSummary;
pub use thread::{
    DEFAULT_REPLY_GRACE, MAX_MESSAGE_FILES, MAX_MESSAGES, Party, ReplyKey, ReplyRefused,
    ReplyWindow, ThreadMessage, message_writers,
};
pub use verification::{
    DocumentCheck, VERIFICATION_SYMBOLS, VerificationCode, VerificationCodeError,
};

use change::Rule;

use crate::channel::Channel;
use crate::register::RegisterNumber;
use crate::report::Report;
use crate::state::CaseState;
use crate::text::StaffText;
use crate::tracking::TrackingCode;

/// A report with its workflow state and the team's work on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// The tracking code the reporter holds.
    pub code: TrackingCode,
    /// The staff-facing register number given at receipt (`2026/0042`); absent on cases received before there
    /// were register numbers (and then not written, so their seals are unchanged). Never shown to the reporter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register: Option<RegisterNumber>,
    /// Number of events so far; the store accepts a change only on top of the version it was computed from.
    pub version: u32,
    /// Current state.
    pub state: CaseState,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
    /// When the case entered its current state.
    pub state_since: DateTime<Utc>,
    /// How the report came in.
    pub channel: Channel,
    /// The report as parsed.
    pub report: Report,
    /// Evidence files stored with it.
    pub evidence: Vec<EvidenceRef>,
    /// Verification outcome.
    pub verification: Option<Verification>,
    /// The team's classification.
    pub classification: Option<Classification>,
    /// Handlers and sub-teams, each for the whole case or for one SOP step, in the order they were assigned.
    /// A record written before a case had several held one name (`assignee`), read as that one assignee; the
    /// list is not written while empty.
    #[serde(
        default,
        alias = "assignee",
        deserialize_with = "assignment::read_assignees",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub assignees: Vec<Assignment>,
    /// Temporary measures.
    pub mitigation: Vec<MitigationItem>,
    /// Escalations, in order.
    pub escalations: Vec<Escalation>,
    /// Analysis and recommendations: the latest version, which documents use.
    pub analysis: Option<Analysis>,
    /// The earlier versions of the analysis, oldest first (version 1 first); not written while empty, so older
    /// records read and seal the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_analyses: Vec<Analysis>,
    /// When the case was marked as an incident on vital information infrastructure (IIV), which starts the
    /// 1×24-hour clock for the report to BSSN; not written while unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vital_infrastructure_since: Option<DateTime<Utc>>,
    /// When the case was marked as involving personal data, which starts the UU 27/2022 Pasal 46 3×24-hour
    /// clock for notifying the data subjects and the controller; not written while unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_data_since: Option<DateTime<Utc>>,
    /// When the data subjects and the controller were notified, which stops that clock; not written while
    /// unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_subject_notice_at: Option<DateTime<Utc>>,
    /// Outcome summary once resolved.
    pub resolution: Option<StaffText>,
    /// Documents issued.
    pub documents: Vec<DocumentRecord>,
    /// Documents drafted for approval ([`Change::DraftDocument`]), in the order they were drafted; not written
    /// while empty, so the seals of older records are unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drafts: Vec<DocumentDraft>,
    /// Whether the reporter's alias is published in the Hall of Fame (decided at closing).
    pub hall_of_fame: bool,
    /// When the case was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Messages sent about the case, and whether they were delivered.
    #[serde(default)]
    pub notices: Vec<NoticeRecord>,
    /// The thread between the team and the reporter, oldest first (not written while empty, so the seals of
    /// older records are unchanged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<ThreadMessage>,
    /// Whether the team talks with the reporter by e-mail only: the thread stays off the status page and takes
    /// no replies there, and the team's messages go to the reporter's address in full.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reply_by_email_only: bool,
    /// When the reporter's personal data was redacted at their request ([`Case::redact_reporter`]); not written
    /// while unset, so the seals of older records are unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redacted_at: Option<DateTime<Utc>>,
    /// When the reporter's files (evidence, replies' files, the documents kept for them) were deleted, by a
    /// redaction that did not keep them or because the retention period for evidence ended
    /// ([`Case::expire_evidence`]); not written while unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_deleted_at: Option<DateTime<Utc>>,
    /// The team's own summary of the incident, which documents to the system owner carry instead of the
    /// reporter's words ([`Change::WriteSummary`]); not written while unset, so the seals of older records are
    /// unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<IncidentSummary>,
    /// What the SOP clock reads of the current stay in `state`: the first time each step-completing action was
    /// taken there and the steps marked done; emptied when the state changes. `None` on records from before it
    /// was kept, until their next move: the stay's marks are then read from the events
    /// ([`current_stay_marks`]). Not written while `None`, so the seals of older records are unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stay_marks: Option<Vec<StayMark>>,
}

impl Case {
    /// Where `notice` stands on this case, if it was ever attempted.
    pub fn notice(&self, notice: &Notice) -> Option<&NoticeRecord> {
        self.notices.iter().find(|record| &record.notice == notice)
    }

    /// Whether `notice` is settled: delivered, or withheld for good ([`NoticeOutcome::Withheld`]).
    pub fn settled(&self, notice: &Notice) -> bool {
        self.notice(notice)
            .is_some_and(|record| record.delivered_at.is_some() || record.withheld_at.is_some())
    }

    /// Whether `notice` was delivered.
    pub fn delivered(&self, notice: &Notice) -> bool {
        self.notice(notice)
            .is_some_and(|record| record.delivered_at.is_some())
    }

    fn record_notice(&mut self, notice: &Notice, outcome: &NoticeOutcome, at: DateTime<Utc>) {
        let index = match self.notices.iter().position(|r| &r.notice == notice) {
            Some(index) => index,
            None => {
                self.notices.push(NoticeRecord {
                    notice: notice.clone(),
                    attempts: 0,
                    delivered_at: None,
                    last_error: None,
                    withheld_at: None,
                });
                self.notices.len() - 1
            }
        };
        let record = &mut self.notices[index];
        record.attempts += 1;
        match outcome {
            NoticeOutcome::Delivered => {
                record.delivered_at.get_or_insert(at);
                record.last_error = None;
            }
            NoticeOutcome::Failed { reason } => record.last_error = Some(reason.clone()),
            NoticeOutcome::Withheld => {
                record.withheld_at.get_or_insert(at);
                record.last_error = None;
            }
        }
    }

    /// Whether verification found the report valid.
    pub fn is_valid(&self) -> bool {
        self.verification
            .as_ref()
            .is_some_and(|v| v.verdict == Verdict::Valid)
    }

    /// A new case for a report that just arrived, with its first event.
    pub fn receive(
        code: TrackingCode,
        report: Report,
        channel: Channel,
        evidence: Vec<EvidenceRef>,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> (Case, Event) {
        let case = Case {
            code,
            register: None,
            version: 1,
            state: CaseState::Received,
            received_at: at,
            state_since: at,
            channel,
            report,
            evidence,
            verification: None,
            classification: None,
            assignees: Vec::new(),
            mitigation: Vec::new(),
            escalations: Vec::new(),
            analysis: None,
            earlier_analyses: Vec::new(),
            vital_infrastructure_since: None,
            personal_data_since: None,
            data_subject_notice_at: None,
            resolution: None,
            documents: Vec::new(),
            drafts: Vec::new(),
            hall_of_fame: false,
            closed_at: None,
            notices: Vec::new(),
            messages: Vec::new(),
            reply_by_email_only: false,
            redacted_at: None,
            files_deleted_at: None,
            summary: None,
            stay_marks: Some(Vec::new()),
        };
        let event = Event {
            seq: 1,
            at,
            actor,
            from: CaseState::Received,
            to: CaseState::Received,
            change: Change::Received { channel },
        };
        (case, event)
    }

    /// Applies `change` by `actor` at `at`: the new case (version + 1) and the event recording it.
    /// `self` is unchanged, so a refused or conflicting change leaves nothing behind.
    pub fn apply(
        &self,
        change: Change,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<(Case, Event), WorkflowError> {
        let to = self.target_state(&change)?;
        let mut next = self.clone();
        next.record(&change, &actor, at)?;
        next.version = self.version + 1;
        if to != self.state {
            next.state = to;
            next.state_since = at;
            next.stay_marks = Some(Vec::new());
        } else if let Some(marks) = &mut next.stay_marks
            && let Some(mark) = mark_of(marks, &change, at)
        {
            marks.push(mark);
        }
        let event = Event {
            seq: next.version,
            at,
            actor,
            from: self.state,
            to,
            change,
        };
        Ok((next, event))
    }

    fn target_state(&self, change: &Change) -> Result<CaseState, WorkflowError> {
        let code = self.code.to_string();
        let not_here = |allowed: &[CaseState]| WorkflowError::NotInThisState {
            code: code.clone(),
            state: self.state,
            change: change.name(),
            allowed: allowed.to_vec(),
        };
        match change.rule() {
            Rule::MoveToOrStay(to) if self.state == to => Ok(to),
            Rule::MoveTo(to) | Rule::MoveToOrStay(to) if self.state.can_move_to(to) => Ok(to),
            Rule::MoveTo(to) | Rule::MoveToOrStay(to) => Err(WorkflowError::IllegalTransition {
                code,
                from: self.state,
                to,
                allowed: self.state.next_states().to_vec(),
            }),
            Rule::StayIn(states) if states.contains(&self.state) => Ok(self.state),
            Rule::StayIn(states) => Err(not_here(states)),
            Rule::MoveFromOrStay(from, to, _) if self.state == from => Ok(to),
            Rule::MoveFromOrStay(_, _, states) if states.contains(&self.state) => Ok(self.state),
            Rule::MoveFromOrStay(from, _, states) => {
                let mut allowed = vec![from];
                allowed.extend_from_slice(states);
                Err(not_here(&allowed))
            }
            Rule::Anywhere => Ok(self.state),
        }
    }

    fn refuse(&self, change: &Change, reason: impl Into<String>) -> WorkflowError {
        WorkflowError::Refused {
            code: self.code.to_string(),
            state: self.state,
            change: change.name(),
            reason: reason.into(),
        }
    }

    /// Records the change's content on the case (the state is set by [`Case::apply`]).
    fn record(
        &mut self,
        change: &Change,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<(), WorkflowError> {
        match change {
            Change::Received { .. } => {
                return Err(self.refuse(change, "a case is received only once"));
            }
            Change::CorrectReporter { .. }
            | Change::RedactReporter { .. }
            | Change::ExpireEvidence { .. } => {
                return Err(self.refuse(
                    change,
                    "the reporter's data is corrected, redacted or its files expired with \
                     Case::correct_reporter, Case::redact_reporter_on or Case::expire_evidence",
                ));
            }
            Change::CompleteStep { step } => {
                if let Some(mark) = self
                    .stay_marks
                    .iter()
                    .flatten()
                    .find(|m| matches!(m, StayMark::StepDone { step: s, .. } if s == step))
                {
                    return Err(self.refuse(
                        change,
                        format!("step {step} was already marked done at {}", mark.at()),
                    ));
                }
            }
            Change::StartVerification
            | Change::StartHandling { .. }
            | Change::RecordAction { .. }
            | Change::StartFollowUp { .. }
            | Change::AddNote { .. } => {}
            Change::Notified { notice, outcome } => self.record_notice(notice, outcome, at),
            Change::Verify { verdict, reason } => {
                if *verdict == Verdict::Invalid && reason.is_none() {
                    return Err(self.refuse(change, "an invalid verdict needs the reason"));
                }
                self.verification = Some(Verification {
                    verdict: *verdict,
                    reason: reason.clone(),
                    at,
                });
            }
            Change::Classify { classification } => {
                self.classification = Some(classification.clone())
            }
            Change::Assign { handler, step } => {
                if let Err(reason) = self.add_assignee(handler, *step) {
                    return Err(self.refuse(change, reason));
                }
            }
            Change::Unassign { handler, step } => {
                if let Err(reason) = self.remove_assignee(handler, *step) {
                    return Err(self.refuse(change, reason));
                }
            }
            Change::PlanMitigation { kind, detail } => {
                if *kind == MitigationKind::Other && detail.is_none() {
                    return Err(self.refuse(change, "an \"other\" mitigation needs a description"));
                }
                self.mitigation.push(MitigationItem {
                    id: next_id(self.mitigation.len()),
                    kind: *kind,
                    detail: detail.clone(),
                    status: MitigationStatus::Planned,
                    updated_at: at,
                });
            }
            Change::UpdateMitigation { item, status } => {
                let count = self.mitigation.len();
                let Some(entry) = self.mitigation.iter_mut().find(|m| m.id == *item) else {
                    return Err(self.refuse(
                        change,
                        format!("no mitigation item {item} (the case has {count})"),
                    ));
                };
                entry.status = *status;
                entry.updated_at = at;
            }
            Change::Escalate { .. } => self.record_escalation(change, at)?,
            Change::RecordEscalationAnswer { escalation, text } => {
                let entry = self.open_escalation(change, *escalation)?;
                if let Some(earlier) = entry.answer.take() {
                    entry.earlier_answers.push(earlier);
                }
                entry.answer = Some(EscalationAnswer {
                    at,
                    text: text.clone(),
                });
            }
            Change::EndEscalation {
                escalation,
                outcome,
                note,
            } => {
                let entry = self.open_escalation(change, *escalation)?;
                entry.ended = Some(EscalationEnd {
                    outcome: *outcome,
                    at,
                    note: note.clone(),
                });
            }
            Change::RecordAnalysis {
                analysis,
                recommendations,
            } => {
                let latest = Analysis {
                    analysis: analysis.clone(),
                    recommendations: recommendations.clone(),
                    at,
                };
                if let Some(earlier) = self.analysis.replace(latest) {
                    self.earlier_analyses.push(earlier);
                }
            }
            Change::MarkVitalInfrastructure { vital } => {
                if *vital == self.vital_infrastructure_since.is_some() {
                    return Err(self.refuse(change, "the case is already marked so"));
                }
                self.vital_infrastructure_since = vital.then_some(at);
            }
            Change::MarkPersonalData { involved } => {
                if *involved == self.personal_data_since.is_some() {
                    return Err(self.refuse(change, "the case is already marked so"));
                }
                self.personal_data_since = involved.then_some(at);
            }
            Change::RecordDataSubjectNotice { .. } => {
                if self.personal_data_since.is_none() {
                    return Err(
                        self.refuse(change, "the case is not marked as involving personal data")
                    );
                }
                self.data_subject_notice_at.get_or_insert(at);
            }
            Change::Resolve { summary } => self.resolution = Some(summary.clone()),
            Change::MessageReporter { text, files } => {
                self.check_message_room(change, files)?;
                if self.reply_by_email_only && self.report.reporter.email.is_none() {
                    return Err(self.refuse(
                        change,
                        "the case is set to reply by e-mail only and the reporter gave no e-mail address",
                    ));
                }
                self.push_message(Party::Team, text, files, None, at);
            }
            Change::ReporterReply { text, files, key } => {
                if self.reply_by_email_only {
                    return Err(self.refuse(change, ReplyRefused::EmailOnly.to_string()));
                }
                self.check_message_room(change, files)?;
                for file in files {
                    if !self.evidence.iter().any(|e| e.sha256 == file.sha256) {
                        self.evidence.push(file.clone());
                    }
                }
                self.push_message(Party::Reporter, text, files, key.clone(), at);
            }
            Change::SetReplyChannel { email_only } => {
                if *email_only && self.report.reporter.email.is_none() {
                    return Err(self.refuse(
                        change,
                        "the reporter gave no e-mail address, so the case cannot be set to reply by e-mail only",
                    ));
                }
                self.reply_by_email_only = *email_only;
            }
            Change::WriteSummary {
                text,
                include_reporter_description,
            } => self.record_summary(change, text.as_ref(), *include_reporter_description, at)?,
            Change::IssueDocument { document } => {
                if document.number.trim().is_empty() {
                    return Err(self.refuse(change, "a document needs its number"));
                }
                self.documents.push(document.clone());
            }
            Change::DraftDocument {
                kind,
                tlp,
                escalation,
            } => self.draft_document(*kind, *tlp, *escalation, actor, at),
            Change::SubmitDocument { draft } => self.submit_document(change, *draft, actor)?,
            Change::SignDocument { draft, document } => {
                self.sign_document(change, *draft, document, actor)?;
            }
            Change::ReturnDocument { draft, .. } => self.return_document(change, *draft)?,
            Change::Close { hall_of_fame } => {
                if *hall_of_fame {
                    if !self.is_valid() {
                        return Err(
                            self.refuse(change, "only a valid report earns a Hall of Fame entry")
                        );
                    }
                    if self.report.hall_of_fame.alias().is_none() {
                        return Err(
                            self.refuse(change, "the reporter did not consent to the Hall of Fame")
                        );
                    }
                }
                self.hall_of_fame = *hall_of_fame;
                self.closed_at = Some(at);
            }
        }
        Ok(())
    }

    /// The alias to thank in the Hall of Fame: only for a closed, valid case the team chose to publish, whose
    /// reporter consented. This is the one rule of who is published ([`crate::publication`] applies it).
    pub fn hall_of_fame_alias(&self) -> Option<&crate::report::PublicAlias> {
        if self.state == CaseState::Closed && self.is_valid() && self.hall_of_fame {
            self.report.hall_of_fame.alias()
        } else {
            None
        }
    }
}

fn next_id(count: usize) -> u32 {
    u32::try_from(count).map_or(u32::MAX, |n| n.saturating_add(1))
}

#[cfg(test)]
mod tests;
