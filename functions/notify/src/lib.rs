//! Messages about cases. The team learns of a new report by e-mail (SMTP when self-hosted, SES on AWS) and,
//! optionally, a chat webhook; the reporter who gave an e-mail address gets an acknowledgement with the tracking
//! code and, later, a closing message; overdue SOP steps send reminders. Each delivery is recorded on the case;
//! a failed one is recorded and retried, and never fails or loses the report. One reporter address gets at most
//! so many e-mails a day ([`recipient_limit`]); what is over is withheld, recorded, and not retried.
//!
//! Team messages carry the code, class, type and affected system — never the reporter's contact data or the
//! description, because e-mail is not end-to-end protected.

pub mod mail;
pub mod message;
pub mod outbox;
pub mod recipient_limit;
pub mod settings;
pub mod webhook;

pub use csirt_domain::setting::SettingsError;
pub use outbox::Notifier;
pub use settings::NotifySettings;
