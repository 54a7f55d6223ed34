//! The texts of messages: Tera templates in `templates/messages/`, one per message and language, built into the
//! binary (Lambda has no template directory). A template's first line is `Subject: …`; the rest is the body.
//! Plain text: nothing is HTML-escaped, and e-mail headers are built by the mail library, never by hand.

use csirt_domain::lang::Lang;
use csirt_domain::text::is_direction_override;
use serde::Serialize;
use tera::{Context, Tera};

const TEMPLATES: [(&str, &str); 14] = [
    (
        "team_new_report.id.txt",
        include_str!("../../../templates/messages/team_new_report.id.txt"),
    ),
    (
        "team_new_report.en.txt",
        include_str!("../../../templates/messages/team_new_report.en.txt"),
    ),
    (
        "reporter_acknowledged.id.txt",
        include_str!("../../../templates/messages/reporter_acknowledged.id.txt"),
    ),
    (
        "reporter_acknowledged.en.txt",
        include_str!("../../../templates/messages/reporter_acknowledged.en.txt"),
    ),
    (
        "reporter_closed.id.txt",
        include_str!("../../../templates/messages/reporter_closed.id.txt"),
    ),
    (
        "reporter_closed.en.txt",
        include_str!("../../../templates/messages/reporter_closed.en.txt"),
    ),
    (
        "reporter_message.id.txt",
        include_str!("../../../templates/messages/reporter_message.id.txt"),
    ),
    (
        "reporter_message.en.txt",
        include_str!("../../../templates/messages/reporter_message.en.txt"),
    ),
    (
        "team_reporter_replied.id.txt",
        include_str!("../../../templates/messages/team_reporter_replied.id.txt"),
    ),
    (
        "team_reporter_replied.en.txt",
        include_str!("../../../templates/messages/team_reporter_replied.en.txt"),
    ),
    (
        "reminder.id.txt",
        include_str!("../../../templates/messages/reminder.id.txt"),
    ),
    (
        "reminder.en.txt",
        include_str!("../../../templates/messages/reminder.en.txt"),
    ),
    (
        "deadline_reminder.id.txt",
        include_str!("../../../templates/messages/deadline_reminder.id.txt"),
    ),
    (
        "deadline_reminder.en.txt",
        include_str!("../../../templates/messages/deadline_reminder.en.txt"),
    ),
];

/// The messages there are templates for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The team learns of a new report.
    TeamNewReport,
    /// The reporter's acknowledgement.
    ReporterAcknowledged,
    /// The reporter learns that the case is closed.
    ReporterClosed,
    /// An overdue step.
    Reminder,
    /// A legal deadline due soon or overdue.
    DeadlineReminder,
    /// The reporter learns that the team wrote on the thread.
    ReporterMessage,
    /// The team learns that the reporter replied.
    TeamReporterReplied,
}

impl Kind {
    fn template(self, lang: Lang) -> String {
        let name = match self {
            Kind::TeamNewReport => "team_new_report",
            Kind::ReporterAcknowledged => "reporter_acknowledged",
            Kind::ReporterClosed => "reporter_closed",
            Kind::Reminder => "reminder",
            Kind::DeadlineReminder => "deadline_reminder",
            Kind::ReporterMessage => "reporter_message",
            Kind::TeamReporterReplied => "team_reporter_replied",
        };
        format!("{name}.{}.txt", lang.code())
    }
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// Files attached to an e-mail (chat webhooks carry none).
    pub attachments: Vec<Attachment>,
    /// Where the recipient's reply goes, when not to the sender.
    pub reply_to: Option<String>,
}

/// A file attached to an e-mail.
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name the recipient sees.
    pub name: String,
    /// Its media type, decided from its content when it was stored.
    pub media_type: String,
    /// The content.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("media_type", &self.media_type)
            .field("size", &self.bytes.len())
            .finish()
    }
}

/// Why a message could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    /// A template is broken.
    #[error("message template {name}: {message}")]
    Template {
        /// The template.
        name: String,
        /// What Tera said.
        message: String,
    },
    /// The template's first line is not `Subject: …`.
    #[error("message template {0}: the first line must be \"Subject: …\"")]
    NoSubject(String),
}

/// The compiled message templates.
#[derive(Debug)]
pub struct Messages {
    tera: Tera,
}

impl Messages {
    /// Compiles the built-in templates.
    pub fn new() -> Result<Self, MessageError> {
        let mut tera = Tera::default();
        tera.add_raw_templates(TEMPLATES)
            .map_err(|e| MessageError::Template {
                name: "templates/messages".into(),
                message: csirt_domain::error_chain::error_chain(&e),
            })?;
        tera.autoescape_on(vec![]);
        Ok(Messages { tera })
    }

    /// Renders the message `kind` in `lang` with `values`.
    pub fn render(
        &self,
        kind: Kind,
        lang: Lang,
        values: &impl Serialize,
    ) -> Result<Message, MessageError> {
        let name = kind.template(lang);
        let context = Context::from_serialize(values).map_err(|e| MessageError::Template {
            name: name.clone(),
            message: e.to_string(),
        })?;
        let text = self
            .tera
            .render(&name, &context)
            .map_err(|e| MessageError::Template {
                name: name.clone(),
                message: csirt_domain::error_chain::error_chain(&e),
            })?;
        let (first, body) = text.split_once('\n').unwrap_or((&text, ""));
        let subject = first
            .strip_prefix("Subject: ")
            .ok_or_else(|| MessageError::NoSubject(name.clone()))?;
        // A subject is one line: anything that could start another header is flattened, and a direction
        // override, which could disguise what the subject says, becomes a space too.
        let subject: String = subject
            .chars()
            .map(|c| {
                if c.is_control() || is_direction_override(c) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        Ok(Message {
            subject: subject.trim().to_owned(),
            body: body.trim_start_matches('\n').to_owned(),
            attachments: Vec::new(),
            reply_to: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_template_renders_with_a_subject_in_both_languages() {
        let messages = Messages::new().unwrap();
        let values = json!({
            "tlp": "TLP:AMBER", "code": "TGL-7KQ3-M9XD-2FHR", "type_label": "Kompromi aplikasi",
            "class_label": "Intrusi", "received_at": "2026-11-23 09:30 WIB", "channel": "formulir situs",
            "affected": "https://dinkes.tegalkab.go.id", "due_at": "2026-11-23 09:40 WIB", "sop": "TegalKab-CSIRT",
            "staff_hint": "csirt case show TGL-7KQ3-M9XD-2FHR", "team": "TegalKab-CSIRT",
            "status_url": "https://csirt.tegalkab.go.id/status/?code=TGL-7KQ3-M9XD-2FHR",
            "certificate": "001/SA/TegalKab-CSIRT/XI/2026", "hall_of_fame": true, "step": 3,
            "step_title": "Verifikasi", "standard": "30 menit", "state": "verifying",
            "replied_at": "2026-11-23 10:00 WIB", "file_count": 1, "team_email": "csirt@tegalkab.go.id",
            "assignees": "Sub Tim Jaringan dan Server; andi",
            "deadline": "bssn_report", "deadline_hours": 24, "overdue": true,
            "deadline_due_at": "2026-11-24 09:30 WIB", "deadline_started_at": "2026-11-23 09:30 WIB",
        });
        for kind in [
            Kind::TeamNewReport,
            Kind::ReporterAcknowledged,
            Kind::ReporterClosed,
            Kind::Reminder,
            Kind::DeadlineReminder,
            Kind::ReporterMessage,
            Kind::TeamReporterReplied,
        ] {
            for lang in [Lang::Id, Lang::En] {
                let message = messages.render(kind, lang, &values).unwrap();
                assert!(
                    !message.subject.is_empty() && message.body.contains("TGL-7KQ3-M9XD-2FHR"),
                    "{kind:?} {lang:?}"
                );
            }
        }
        let team = messages
            .render(Kind::TeamNewReport, Lang::Id, &values)
            .unwrap();
        assert!(team.subject.starts_with("[TLP:AMBER]"));
        assert!(team.body.starts_with("TLP:AMBER") && team.body.trim_end().ends_with("TLP:AMBER"));
    }

    #[test]
    fn a_subject_cannot_carry_a_second_header() {
        let messages = Messages::new().unwrap();
        let values =
            json!({ "code": "X\r\nBcc: someone@example.com", "team": "T", "status_url": "u" });
        let message = messages
            .render(Kind::ReporterAcknowledged, Lang::En, &values)
            .unwrap();
        assert!(!message.subject.contains('\n') && !message.subject.contains('\r'));
    }

    #[test]
    fn a_subject_shows_no_direction_override() {
        let messages = Messages::new().unwrap();
        let values =
            json!({ "code": "TGL\u{202e}exe.pdf\u{2066}", "team": "T", "status_url": "u" });
        let message = messages
            .render(Kind::ReporterAcknowledged, Lang::En, &values)
            .unwrap();
        assert!(
            !message.subject.chars().any(is_direction_override),
            "{:?}",
            message.subject
        );
        assert!(
            message.subject.contains("TGL exe.pdf"),
            "{:?}",
            message.subject
        );
    }
}
