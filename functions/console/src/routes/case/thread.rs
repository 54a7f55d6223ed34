//! The case's thread with the reporter, ready for the page: every message in order (who wrote it — the team by
//! the login its event names, or the reporter — when, the text and its files as downloads, never inline), how
//! many replies came from the reporter and whether the last one is unanswered, the reply channel, and what the
//! signed-in account may do here (write, switch the channel). Internal notes are not messages and never show.

use csirt_domain::case::{Actor, Case, Event, EvidenceRef, Party, deleted_files, message_writers};
use csirt_staff::accounts::authorize;
use csirt_staff::thread::Spotted;
use serde::Serialize;

use super::Labels;
use super::percent_encoded;
use super::report::size_text;
use crate::routes::queue::local_time;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// A message to the reporter that was written and not sent: what was typed, and why not.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unsent<'a> {
    /// The text as typed.
    pub text: &'a str,
    /// E-mail addresses and telephone numbers found in it, when they were not confirmed.
    pub spotted: &'a [Spotted],
    /// The library's refusal, when it refused the message.
    pub error: Option<&'a str>,
    /// Whether files were chosen (they must be chosen again).
    pub had_files: bool,
}

/// A file sent with a message: a download link through the evidence route, always an attachment.
#[derive(Debug, Serialize)]
struct FileView {
    name: Option<String>,
    media_type: String,
    size: String,
    sha256: String,
    /// Deleted from the evidence store by a redaction at the reporter's request.
    deleted: bool,
    download: String,
}

/// One message as the page shows it.
#[derive(Debug, Serialize)]
struct MessageView {
    id: u32,
    /// `team` or `reporter`.
    from: &'static str,
    who: String,
    /// The login of the member of staff who wrote a team message, from its event.
    login: Option<String>,
    at: String,
    text: String,
    files: Vec<FileView>,
}

/// A spotted piece of personal data, labelled.
#[derive(Debug, Serialize)]
struct SpottedView {
    kind: String,
    text: String,
}

/// The write form as it is shown again after a message was not sent.
#[derive(Debug, Serialize)]
struct ComposeView {
    text: String,
    spotted: Vec<SpottedView>,
    error: Option<String>,
    files_again: bool,
}

/// The thread section of the case page.
#[derive(Debug, Serialize)]
pub struct ThreadView {
    messages: Vec<MessageView>,
    /// How many messages came from the reporter.
    replies: usize,
    /// Whether the last message is the reporter's.
    unanswered: bool,
    email_only: bool,
    reporter_has_email: bool,
    may_write: bool,
    may_switch: bool,
    compose: Option<ComposeView>,
}

impl ThreadView {
    /// The thread of `case` (whose log is `events`) for `signed_in`, with the message `unsent` shown again.
    pub fn of(
        state: &ConsoleState,
        labels: &Labels<'_>,
        signed_in: &SignedIn,
        case: &Case,
        events: &[Event],
        unsent: Option<Unsent<'_>>,
    ) -> ThreadView {
        let writers = writers(events);
        let deleted: Vec<&str> = deleted_files(events).collect();
        let messages: Vec<MessageView> = case
            .messages
            .iter()
            .map(|message| {
                let (from, who) = match message.from {
                    Party::Team => ("team", labels.text("thread_team")),
                    Party::Reporter => ("reporter", labels.text("thread_reporter")),
                };
                let login = match message.from {
                    Party::Team => usize::try_from(message.id)
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|index| writers.get(index).cloned())
                        .flatten(),
                    Party::Reporter => None,
                };
                MessageView {
                    id: message.id,
                    from,
                    who,
                    login,
                    at: local_time(state, message.at),
                    text: message.text.as_str().to_owned(),
                    files: message
                        .files
                        .iter()
                        .map(|file| file_view(labels, case, file, &deleted))
                        .collect(),
                }
            })
            .collect();
        let desk = &state.desk;
        let staffer = &signed_in.staffer;
        ThreadView {
            replies: case
                .messages
                .iter()
                .filter(|m| m.from == Party::Reporter)
                .count(),
            unanswered: case
                .messages
                .last()
                .is_some_and(|m| m.from == Party::Reporter),
            messages,
            email_only: case.reply_by_email_only,
            reporter_has_email: case.report.reporter.email.is_some(),
            may_write: authorize(desk, staffer, "message_reporter").is_ok(),
            may_switch: authorize(desk, staffer, "set_reply_channel").is_ok(),
            compose: unsent.map(|unsent| ComposeView {
                text: unsent.text.to_owned(),
                spotted: unsent
                    .spotted
                    .iter()
                    .map(|s| SpottedView {
                        kind: labels.text(&format!("thread_spotted_{}", s.kind)),
                        text: s.text.clone(),
                    })
                    .collect(),
                error: unsent
                    .error
                    .map(|reason| labels.text("thread_refused").replace("{reason}", reason)),
                files_again: unsent.had_files,
            }),
        }
    }
}

/// For each message of the case in the order they were stored, the login of the member of staff who wrote it
/// (none for the reporter's).
fn writers(events: &[Event]) -> Vec<Option<String>> {
    message_writers(events)
        .into_iter()
        .map(|actor| match actor {
            Actor::Staff(login) => Some(login.as_str().to_owned()),
            _ => None,
        })
        .collect()
}

/// A thread file of `case` with its download link (the evidence route, which serves every file of the case as
/// an attachment); `deleted` when a redaction deleted it (listed, with no link).
fn file_view(labels: &Labels<'_>, case: &Case, file: &EvidenceRef, deleted: &[&str]) -> FileView {
    FileView {
        deleted: deleted.contains(&file.sha256.as_str()),
        name: file.name.clone(),
        media_type: file.media_type.clone(),
        size: size_text(file.size, labels.lang()),
        sha256: file.sha256.clone(),
        download: format!(
            "/staff/cases/{}/evidence/{}",
            case.code,
            percent_encoded(&file.sha256)
        ),
    }
}
