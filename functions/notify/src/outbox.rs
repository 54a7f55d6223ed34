//! Which messages a case is owed, sending them, and recording each attempt on the case. A message is owed until
//! it is delivered (at most [`MAX_ATTEMPTS`] tries); whatever runs next — the intake right after storing a
//! report, or `csirt notify` from cron or a schedule — sends what is still owed.

use chrono::{DateTime, Utc};
use std::sync::Arc;

use csirt_domain::case::{
    Actor, Case, Change, DeadlineStatus, DocumentKind, Event, EvidenceRef, Notice, NoticeOutcome,
    Party, Via,
};
use csirt_domain::channel::Channel;
use csirt_domain::lang::Lang;
use csirt_domain::local_time::LocalTime;
use csirt_domain::sop::{CaseClock, SopProfile, WorkingCalendar};
use csirt_domain::state::CaseState;
use csirt_domain::team::Procedure;
use csirt_domain::tracking::TrackingCode;
use csirt_store::evidence::EvidenceStore;
use csirt_store::{ApplyError, CaseStore, StoreError, apply_change};
use serde_json::{Value, json};

use crate::mail::Mailer;
use crate::message::{Attachment, Kind, Message, Messages};
use crate::recipient_limit::{Admission, RecipientLimit};
use crate::settings::NotifySettings;
use crate::webhook::Webhook;

/// Tries per message before it is given up (and left on the case as failed).
pub const MAX_ATTEMPTS: u32 = 10;

/// Sends the messages about cases.
pub struct Notifier {
    settings: NotifySettings,
    mailer: Option<Mailer>,
    webhook: Option<Webhook>,
    messages: Messages,
    profile: SopProfile,
    calendar: WorkingCalendar,
    evidence: Option<Arc<dyn EvidenceStore>>,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field("settings", &self.settings)
            .field("mailer", &self.mailer)
            .field("webhook", &self.webhook)
            .field("profile", &self.profile.id)
            .field("evidence", &self.evidence.is_some())
            .finish_non_exhaustive()
    }
}

/// One attempt: which message and how it went.
pub type Attempt = (Notice, NoticeOutcome);

impl Notifier {
    /// A notifier for the team with `procedure`, sending as `settings` say.
    pub async fn new(settings: NotifySettings, procedure: Procedure) -> Result<Self, String> {
        let mailer = Mailer::from_settings(&settings.mail).await?;
        let webhook = settings.webhook.clone().map(Webhook::new).transpose()?;
        Self::from_parts(settings, procedure, mailer, webhook)
    }

    /// A notifier with the given mailer and webhook (an SES client configured by the caller, say).
    pub fn from_parts(
        settings: NotifySettings,
        procedure: Procedure,
        mailer: Option<Mailer>,
        webhook: Option<Webhook>,
    ) -> Result<Self, String> {
        let messages = Messages::new().map_err(|e| e.to_string())?;
        let Procedure { profile, calendar } = procedure;
        Ok(Notifier {
            settings,
            mailer,
            webhook,
            messages,
            profile,
            calendar,
            evidence: None,
        })
    }

    /// The notifier reading the files it attaches (the certificate, the files of a message sent by e-mail only)
    /// from `evidence`.
    pub fn with_evidence(mut self, evidence: Arc<dyn EvidenceStore>) -> Self {
        self.evidence = Some(evidence);
        self
    }

    /// Whether any message can be sent.
    pub fn is_on(&self) -> bool {
        self.mailer.is_some() || self.webhook.is_some()
    }

    /// Whether `notice` is still owed on `case`: not delivered or withheld, and not given up.
    fn owed(case: &Case, notice: &Notice) -> bool {
        !case.settled(notice)
            && case
                .notice(notice)
                .is_none_or(|r| r.attempts < MAX_ATTEMPTS)
    }

    /// The messages `case` is owed now, reminders aside.
    pub fn due(&self, case: &Case) -> Vec<Notice> {
        let mut due = Vec::new();
        // Reports that staff recorded themselves need no announcement to the team.
        if matches!(case.channel, Channel::WebForm | Channel::Api) {
            if self.mailer.is_some() {
                due.push(Notice::TeamNewReport { via: Via::Email });
            }
            if self.webhook.is_some() {
                due.push(Notice::TeamNewReport { via: Via::Webhook });
            }
        }
        if self.mailer.is_some() && case.report.reporter.email.is_some() {
            due.push(Notice::ReporterAcknowledged);
            if case.state == CaseState::Closed {
                due.push(Notice::ReporterClosed);
            }
        }
        for message in &case.messages {
            match message.from {
                Party::Team if self.mailer.is_some() && case.report.reporter.email.is_some() => {
                    due.push(Notice::ReporterMessage {
                        message: message.id,
                    });
                }
                Party::Team => {}
                Party::Reporter => {
                    for (on, via) in [
                        (self.mailer.is_some(), Via::Email),
                        (self.webhook.is_some(), Via::Webhook),
                    ] {
                        if on {
                            due.push(Notice::TeamReporterReplied {
                                message: message.id,
                                via,
                            });
                        }
                    }
                }
            }
        }
        due.retain(|notice| Self::owed(case, notice));
        due
    }

    /// The reminders `case` is owed: one per overdue step of its current state, per way of telling the team.
    pub fn due_reminders(&self, case: &Case, events: &[Event], now: DateTime<Utc>) -> Vec<Notice> {
        let clock = CaseClock::compute(&self.profile, &self.calendar, events, now);
        let mut due = Vec::new();
        for step in clock.current().filter(|s| s.overdue) {
            let ways = [
                (self.mailer.is_some(), Via::Email),
                (self.webhook.is_some(), Via::Webhook),
            ];
            for (on, via) in ways {
                let notice = Notice::Reminder {
                    step: step.step,
                    since: step.started_at,
                    via,
                };
                if on && Self::owed(case, &notice) {
                    due.push(notice);
                }
            }
        }
        due.extend(self.due_deadline_reminders(case, now));
        due
    }

    /// The reminders of legal deadlines `case` is owed: for each deadline due soon or overdue and not met, one
    /// per stage and mark, per way of telling the team.
    pub fn due_deadline_reminders(&self, case: &Case, now: DateTime<Utc>) -> Vec<Notice> {
        let mut due = Vec::new();
        for deadline in case.deadlines() {
            let status = deadline.status(now);
            if deadline.met_at.is_some() || !status.needs_reminder() {
                continue;
            }
            for (on, via) in [
                (self.mailer.is_some(), Via::Email),
                (self.webhook.is_some(), Via::Webhook),
            ] {
                let notice = Notice::DeadlineReminder {
                    deadline: deadline.kind,
                    since: deadline.started_at,
                    overdue: status == DeadlineStatus::Overdue,
                    via,
                };
                if on && Self::owed(case, &notice) {
                    due.push(notice);
                }
            }
        }
        due
    }

    /// Sends what the case with `code` is owed (with its reminders when `reminders`), recording every attempt.
    /// Fails only when the store does; a failed delivery is an attempt like any other.
    pub async fn deliver(
        &self,
        store: &dyn CaseStore,
        code: &TrackingCode,
        reminders: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<Attempt>, StoreError> {
        let Some(case) = store.get(code).await? else {
            return Err(StoreError::NotFound(code.to_string()));
        };
        let events = if reminders {
            Some(store.events(code).await?)
        } else {
            None
        };
        self.deliver_case(store, &case, events.as_deref(), now)
            .await
    }

    /// Like [`Notifier::deliver`], for a case the caller has just read or written, and, for its reminders, the
    /// case's events as the caller read them: neither is read again.
    pub async fn deliver_case(
        &self,
        store: &dyn CaseStore,
        case: &Case,
        reminders_from: Option<&[Event]>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Attempt>, StoreError> {
        let code = &case.code;
        let mut due = self.due(case);
        let events = reminders_from.unwrap_or_default();
        if reminders_from.is_some() {
            due.extend(self.due_reminders(case, events, now));
        }
        let mut attempts = Vec::with_capacity(due.len());
        for notice in due {
            let claimed = match self.admit(store, case, &notice, now).await? {
                Admission::Send(claimed) => claimed,
                Admission::Withhold => {
                    // Neither the address nor the code: which kind of message, and why.
                    tracing::info!(
                        notice = notice_kind(&notice),
                        "e-mail to a reporter withheld: the address had its e-mails for the day"
                    );
                    record(store, code, &notice, &NoticeOutcome::Withheld, now).await?;
                    attempts.push((notice, NoticeOutcome::Withheld));
                    continue;
                }
            };
            let outcome = match self.send(case, events, &notice, now).await {
                Ok(()) => NoticeOutcome::Delivered,
                Err(reason) => {
                    if let Some(claimed) = claimed {
                        RecipientLimit::give_back(store, claimed, now).await?;
                    }
                    NoticeOutcome::Failed { reason }
                }
            };
            record(store, code, &notice, &outcome, now).await?;
            attempts.push((notice, outcome));
        }
        Ok(attempts)
    }

    /// Whether an e-mail of `notice` may go to the reporter's address now ([`RecipientLimit`]); messages to the
    /// team, and any when no limit is set, always may.
    async fn admit(
        &self,
        store: &dyn CaseStore,
        case: &Case,
        notice: &Notice,
        now: DateTime<Utc>,
    ) -> Result<Admission, StoreError> {
        let to_reporter = matches!(
            notice,
            Notice::ReporterAcknowledged | Notice::ReporterClosed | Notice::ReporterMessage { .. }
        );
        match (
            to_reporter,
            self.settings.reporter_mail_limit,
            &case.report.reporter.email,
        ) {
            (true, Some(per_day), Some(to)) => {
                RecipientLimit::new(per_day, LocalTime::new(self.calendar.offset()))
                    .admit(store, to, now)
                    .await
            }
            _ => Ok(Admission::Send(None)),
        }
    }

    /// Renders and sends one message.
    async fn send(
        &self,
        case: &Case,
        events: &[Event],
        notice: &Notice,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        let team_lang = self.settings.team_lang;
        let reporter_lang = case.report.lang;
        let kind = match notice {
            Notice::TeamNewReport { .. } => Kind::TeamNewReport,
            Notice::Reminder { .. } => Kind::Reminder,
            Notice::DeadlineReminder { .. } => Kind::DeadlineReminder,
            Notice::TeamReporterReplied { .. } => Kind::TeamReporterReplied,
            Notice::ReporterAcknowledged => Kind::ReporterAcknowledged,
            Notice::ReporterClosed => Kind::ReporterClosed,
            Notice::ReporterMessage { .. } => Kind::ReporterMessage,
        };
        let (lang, via, to) = match notice {
            Notice::TeamNewReport { via }
            | Notice::Reminder { via, .. }
            | Notice::DeadlineReminder { via, .. }
            | Notice::TeamReporterReplied { via, .. } => {
                (team_lang, *via, self.settings.team_email.clone())
            }
            Notice::ReporterAcknowledged
            | Notice::ReporterClosed
            | Notice::ReporterMessage { .. } => (
                reporter_lang,
                Via::Email,
                case.report
                    .reporter
                    .email
                    .as_ref()
                    .map(|e| e.as_str().to_owned()),
            ),
        };
        let values = self.values(case, events, notice, lang, now);
        let mut message: Message = self
            .messages
            .render(kind, lang, &values)
            .map_err(|e| e.to_string())?;
        if via == Via::Email {
            for file in attached_files(case, notice) {
                message.attachments.push(self.attachment(case, file).await?);
            }
            if let Notice::ReporterMessage { .. } = notice
                && case.reply_by_email_only
            {
                message.reply_to.clone_from(&self.settings.team_email);
            }
        }
        match via {
            Via::Webhook => {
                let webhook = self.webhook.as_ref().ok_or("no webhook is configured")?;
                webhook.post(&message).await
            }
            Via::Email => {
                let mailer = self.mailer.as_ref().ok_or("no e-mail is configured")?;
                let from = self
                    .settings
                    .from
                    .as_deref()
                    .ok_or("CSIRT_MAIL_FROM is not set")?;
                let to = to.ok_or("no recipient address")?;
                mailer.send(from, &to, &message).await
            }
        }
    }

    /// A stored file of `case`, read to be attached.
    async fn attachment(&self, case: &Case, file: &EvidenceRef) -> Result<Attachment, String> {
        let evidence = self
            .evidence
            .as_ref()
            .ok_or("no evidence store is open to read the attachment from")?;
        let bytes = evidence
            .get(case.code.key(), &file.sha256)
            .await
            .map_err(|e| format!("reading the attachment: {e}"))?
            .ok_or("the attachment is no longer in the evidence store")?;
        Ok(Attachment {
            name: file
                .name
                .clone()
                .unwrap_or_else(|| format!("{}.bin", &file.sha256[..16])),
            media_type: file.media_type.clone(),
            bytes,
        })
    }

    /// What the templates see. Team messages: code, classification, affected system, deadlines — never the
    /// reporter's contact data or the description.
    fn values(
        &self,
        case: &Case,
        events: &[Event],
        notice: &Notice,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Value {
        let offset = self.calendar.offset();
        let local = |at: DateTime<Utc>| {
            format!(
                "{} (UTC{})",
                at.with_timezone(&offset).format("%Y-%m-%d %H:%M"),
                offset
            )
        };
        let incident = case
            .classification
            .as_ref()
            .map_or(&case.report.incident, |c| &c.incident);
        let tlp = case
            .classification
            .as_ref()
            .map_or(case.report.tlp, |c| c.tlp);
        let code = case.code.to_string();
        let status_path = lang.pick("/status/", "/en/status/");
        let channel = match (case.channel, lang) {
            (Channel::WebForm, Lang::Id) => "formulir di situs",
            (Channel::WebForm, Lang::En) => "the website form",
            (Channel::Api, Lang::Id) => "API pelaporan",
            (Channel::Api, Lang::En) => "the reporting API",
            (Channel::Email, _) => "e-mail",
            (Channel::Letter, Lang::Id) => "surat",
            (Channel::Letter, Lang::En) => "letter",
            (Channel::Phone, Lang::Id) => "telepon",
            (Channel::Phone, Lang::En) => "telephone",
        };
        let clock = CaseClock::compute(&self.profile, &self.calendar, events, now);
        let certificate = case
            .documents
            .iter()
            .rev()
            .find(|d| d.kind == DocumentKind::CertificateOfAppreciation)
            .map(|d| d.number.clone());
        let mut values = json!({
            "team": self.profile.csirt.name,
            "sop": self.profile.csirt.name,
            "code": code,
            "tlp": tlp.to_string(),
            "class_label": incident.class_info().label.get(lang),
            "type_label": incident.type_info().label.get(lang),
            "affected": case.report.affected.summary(),
            "received_at": local(case.received_at),
            "channel": channel,
            "due_at": clock.current_due().map(local),
            "staff_hint": self.settings.staff_url.replace("{code}", &code),
            "status_url": format!("{}{status_path}?code={code}", self.settings.site_url),
            "certificate": certificate,
            "hall_of_fame": case.hall_of_fame,
            "state": case.state.reporter_label().get(lang),
        });
        match notice {
            Notice::ReporterMessage { message } if case.reply_by_email_only => {
                if let Some(message) = case.message(*message) {
                    let names: Vec<&str> = message
                        .files
                        .iter()
                        .map(|f| f.name.as_deref().unwrap_or(&f.sha256))
                        .collect();
                    values["text"] = json!(message.text.as_str());
                    values["files"] = json!(names.join(", "));
                    values["team_email"] = json!(self.settings.team_email);
                }
            }
            Notice::TeamReporterReplied { message, .. } => {
                if let Some(message) = case.message(*message) {
                    values["replied_at"] = json!(local(message.at));
                    values["file_count"] = json!(message.files.len());
                }
            }
            Notice::ReporterClosed => {
                values["certificate_attached"] = json!(certificate_file(case).is_some());
            }
            _ => {}
        }
        if let Notice::DeadlineReminder {
            deadline, overdue, ..
        } = notice
            && let Some(found) = case.deadlines().into_iter().find(|d| d.kind == *deadline)
        {
            values["deadline"] = json!(deadline.key());
            values["deadline_hours"] = json!(deadline.hours());
            values["deadline_due_at"] = json!(local(found.due_at));
            values["deadline_started_at"] = json!(local(found.started_at));
            values["overdue"] = json!(overdue);
        }
        if let Notice::Reminder { step, .. } = notice
            && let Some(info) = self.profile.steps.iter().find(|s| s.number == *step)
        {
            let due = clock
                .current()
                .find(|s| s.step == *step)
                .map(|s| local(s.due_at));
            values["step"] = json!(step);
            values["step_title"] = json!(info.title.get(lang));
            values["standard"] = json!(info.time_standard.map(|t| t.in_language(lang)));
            values["due_at"] = json!(due);
            let assignees: Vec<&str> = case
                .assignees_of_step(*step)
                .iter()
                .map(|name| name.as_str())
                .collect();
            values["assignees"] = json!(assignees.join("; "));
        }
        values
    }
}

/// The kind of a notice, for a log line: nothing of the case.
fn notice_kind(notice: &Notice) -> &'static str {
    match notice {
        Notice::TeamNewReport { .. } => "team_new_report",
        Notice::ReporterAcknowledged => "reporter_acknowledged",
        Notice::ReporterClosed => "reporter_closed",
        Notice::ReporterMessage { .. } => "reporter_message",
        Notice::TeamReporterReplied { .. } => "team_reporter_replied",
        Notice::Reminder { .. } => "reminder",
        Notice::DeadlineReminder { .. } => "deadline_reminder",
    }
}

/// The certificate of appreciation kept for the reporter, the latest when there are several.
fn certificate_file(case: &Case) -> Option<&EvidenceRef> {
    case.reporter_documents().last().map(|(_, file)| file)
}

/// The files an e-mail carries: the certificate with the closing message; a message's own files when the case
/// is set to reply by e-mail only (otherwise they are on the status page). Never a document for the system
/// owner.
fn attached_files<'a>(case: &'a Case, notice: &Notice) -> Vec<&'a EvidenceRef> {
    match notice {
        Notice::ReporterClosed => certificate_file(case).into_iter().collect(),
        Notice::ReporterMessage { message } if case.reply_by_email_only => case
            .message(*message)
            .map(|m| m.files.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Records one attempt on the case, reading it again when someone else changed it meanwhile.
async fn record(
    store: &dyn CaseStore,
    code: &TrackingCode,
    notice: &Notice,
    outcome: &NoticeOutcome,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut tries = 0;
    loop {
        let change = Change::Notified {
            notice: notice.clone(),
            outcome: outcome.clone(),
        };
        match apply_change(store, code, change, Actor::System, now).await {
            Ok(_) => return Ok(()),
            Err(ApplyError::Store(StoreError::Conflict { .. })) if tries < 3 => tries += 1,
            Err(ApplyError::Store(error)) => return Err(error),
            Err(ApplyError::Workflow(error)) => {
                return Err(StoreError::Unavailable(format!(
                    "recording a message: {error}"
                )));
            }
        }
    }
}
