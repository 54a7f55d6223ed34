//! The queue (the Maluku Utara *lembar antrian*, the Kukar ticket dashboard): open cases with their SOP step,
//! deadline and overdue mark, filtered, sorted and paginated; and the same list as a printable A4 sheet.

use axum::extract::{OriginalUri, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use csirt_domain::case::Priority;
use csirt_domain::lang::Lang;
use csirt_staff::cases::{queue, queue_states};
use csirt_staff::queue::QueueEntry;
use serde::{Deserialize, Serialize};

use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// Cases per page.
pub const PAGE_SIZE: usize = 50;

/// The queue's filters and order, as the filter form sends them.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct Filters {
    /// One state only.
    #[serde(default)]
    pub state: String,
    /// One priority only (`unclassified` for none yet).
    #[serde(default)]
    pub priority: String,
    /// One of the assignees' names contains this text.
    #[serde(default)]
    pub assignee: String,
    /// Overdue cases only.
    #[serde(default)]
    pub overdue: String,
    /// Cases assigned to me only.
    #[serde(default)]
    pub mine: String,
    /// `queue` (the SOP order), `received`, `due`, `priority`.
    #[serde(default)]
    pub sort: String,
    /// 1-based page.
    #[serde(default)]
    pub page: Option<usize>,
}

/// One row as the page shows it.
#[derive(Debug, Serialize)]
struct Row {
    #[serde(flatten)]
    entry: QueueEntry,
    received: String,
    due: String,
    step_title: String,
    /// The incident type and class by name, in the page's language (the sheet prints it).
    incident_label: String,
    /// Where the case stands, worded in the page's language (the sheet prints it).
    state_label: String,
}

/// The incident `key` (`class/type`) by name, `Kompromi aplikasi (Intrusi)`, in `lang`; the key itself when the
/// taxonomy does not know it.
fn incident_label(key: &str, lang: Lang) -> String {
    let (class, kind) = key.split_once('/').unwrap_or((key, ""));
    csirt_domain::taxonomy::Taxonomy::rsit()
        .class(class)
        .and_then(|c| {
            c.types
                .iter()
                .find(|t| t.key == kind)
                .map(|t| format!("{} ({})", t.label.get(lang), c.label.get(lang)))
        })
        .unwrap_or_else(|| key.to_owned())
}

/// The state `key` worded for staff in `lang`; the key itself when unknown.
fn state_label(key: &str, lang: Lang) -> String {
    csirt_domain::state::CaseState::from_key(key).map_or_else(
        || key.to_owned(),
        |s| s.reporter_label().get(lang).to_owned(),
    )
}

/// The time in the team's zone, as staff read it: `2026-11-23 14:05`.
pub fn local_time(state: &ConsoleState, at: DateTime<Utc>) -> String {
    at.with_timezone(&state.desk.procedure().calendar.offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The queue filtered and ordered as asked, with how many matched.
async fn rows(
    state: &ConsoleState,
    signed_in: &SignedIn,
    filters: &Filters,
) -> Result<Vec<Row>, Problem> {
    let lang = signed_in.lang;
    let states = queue_states((!filters.state.is_empty()).then_some(filters.state.as_str()))
        .map_err(|e| Problem::from_staff(&e, lang))?;
    let mut entries = queue(&state.desk, &states, Utc::now())
        .await
        .map_err(|e| Problem::from_staff(&e, lang))?;
    let account = signed_in.staffer.account();
    let me = [account.login.as_str(), account.name.as_str()];
    let wanted_assignee = filters.assignee.trim();
    entries.retain(|entry| {
        let priority_ok = match filters.priority.as_str() {
            "" => true,
            "unclassified" => entry.priority.is_none(),
            key => entry.priority.is_some_and(|p| priority_key(p) == key),
        };
        priority_ok
            && (filters.overdue.is_empty() || entry.overdue)
            && (wanted_assignee.is_empty() || entry.has_assignee_like(wanted_assignee))
            && (filters.mine.is_empty() || me.iter().any(|m| entry.is_assigned_to(m)))
    });
    match filters.sort.as_str() {
        "received" => entries.sort_by_key(|e| e.received_at),
        "due" => entries.sort_by_key(|e| (e.due_at.is_none(), e.due_at)),
        "priority" => entries.sort_by_key(|e| Priority::rank(e.priority)),
        _ => {}
    }
    let profile = &state.desk.procedure().profile;
    Ok(entries
        .into_iter()
        .map(|entry| {
            let step_title = entry
                .step
                .and_then(|n| profile.steps.iter().find(|s| s.number == n))
                .map(|s| format!("{}. {}", s.number, s.title.get(lang)))
                .unwrap_or_default();
            Row {
                incident_label: incident_label(&entry.incident, lang),
                state_label: state_label(&entry.state, lang),
                received: local_time(state, entry.received_at),
                due: entry
                    .due_at
                    .map(|at| local_time(state, at))
                    .unwrap_or_default(),
                step_title,
                entry,
            }
        })
        .collect())
}

/// A priority's key.
fn priority_key(priority: Priority) -> &'static str {
    match priority {
        Priority::Critical => "critical",
        Priority::High => "high",
        Priority::Medium => "medium",
        Priority::Low => "low",
    }
}

/// The query string of `filters` without the page, for the pager's links.
fn query_without_page(filters: &Filters) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("state", &filters.state),
        ("priority", &filters.priority),
        ("assignee", &filters.assignee),
        ("overdue", &filters.overdue),
        ("mine", &filters.mine),
        ("sort", &filters.sort),
    ] {
        if !value.is_empty() {
            query.append_pair(name, value);
        }
    }
    query.finish()
}

fn states_for_filter(lang: Lang) -> Vec<(&'static str, String)> {
    csirt_domain::state::CaseState::ALL
        .into_iter()
        .filter(|s| !s.is_terminal())
        .map(|s| (s.key(), s.reporter_label().get(lang).to_owned()))
        .collect()
}

/// `GET /staff/`: the queue page.
pub async fn page(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    OriginalUri(uri): OriginalUri,
    Query(filters): Query<Filters>,
) -> Response {
    let all = match rows(&state, &signed_in, &filters).await {
        Ok(rows) => rows,
        Err(problem) => return problem.into_response(),
    };
    let total = all.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = filters.page.unwrap_or(1).clamp(1, pages);
    let shown: Vec<&Row> = all
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let overdue = all.iter().filter(|r| r.entry.overdue).count();
    let path = uri.path_and_query().map_or("/staff/", |p| p.as_str());
    let frame = Frame::signed_in(&signed_in, &state.desk.team.config.team.name, path);
    state
        .pages
        .render("queue.html", &frame, |c| {
            c.insert("rows", &shown);
            c.insert("total", &total);
            c.insert("overdue_count", &overdue);
            c.insert("page", &page);
            c.insert("pages", &pages);
            c.insert("filters", &filters);
            c.insert("query", &query_without_page(&filters));
            c.insert("states", &states_for_filter(signed_in.lang));
            c.insert(
                "priorities",
                &["critical", "high", "medium", "low", "unclassified"],
            );
        })
        .into_response()
}

/// `GET /staff/queue/print`: every matching case on an A4 sheet, for the morning meeting.
pub async fn sheet(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Query(filters): Query<Filters>,
) -> Response {
    let all = match rows(&state, &signed_in, &filters).await {
        Ok(rows) => rows,
        Err(problem) => return problem.into_response(),
    };
    let frame = Frame::signed_in(
        &signed_in,
        &state.desk.team.config.team.name,
        "/staff/queue/print",
    );
    let printed = local_time(&state, Utc::now());
    state
        .pages
        .render("queue_print.html", &frame, |c| {
            c.insert("rows", &all);
            c.insert("printed", &printed);
            c.insert("profile", &state.desk.procedure().profile.id);
        })
        .into_response()
}
