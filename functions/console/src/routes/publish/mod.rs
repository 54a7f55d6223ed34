//! Publishing from the console: a page that says what publishing does and what it will publish (the closed
//! cases the export counts, the Hall of Fame, where the site is built), and its button. Publishing exports the
//! closed cases as the signed-in account and, inside `csirt serve`, rebuilds the site, answering with a page
//! that shows each stage as it completes.

mod stages;
mod stream;

use axum::extract::{Request, State};
use axum::response::{Html, IntoResponse, Response};
use csirt_domain::lang::Lang;
use csirt_domain::publication::Publication;
use csirt_domain::state::CaseState;
use csirt_domain::taxonomy::Taxonomy;
use csirt_staff::accounts::authorize;
use csirt_staff::cases::cases_in;
use serde::Serialize;

use super::forms::posted_form;
use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;
use stages::{StageWords, export, rebuild};
use stream::{Lines, streamed_page};

pub(crate) use stages::republish;

/// Where the stage lines go in the streamed page.
const PROGRESS_MARK: &str = "<!--publish-progress-->";

/// Closed cases of one class, as the export counts them.
#[derive(Debug, Serialize)]
struct ClassCount {
    class: String,
    closed: u64,
}

/// One reporter the Hall of Fame will name.
#[derive(Debug, Serialize)]
struct FameRow {
    alias: String,
    closed_on: String,
    class: String,
}

/// The name of an incident class in `lang`, or its key.
fn class_label(key: &str, lang: Lang) -> String {
    Taxonomy::rsit()
        .class(key)
        .map_or_else(|| key.to_owned(), |class| class.label.get(lang).to_owned())
}

/// `GET /staff/publish`: what publishing does, what it will publish now, and the button (for the accounts the
/// procedure lets publish; the library's refusal for the others).
pub async fn page(State(state): State<ConsoleState>, signed_in: SignedIn) -> Response {
    let lang = signed_in.lang;
    let closed = match cases_in(&state.desk, &[CaseState::Closed]).await {
        Ok(closed) => closed,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let preview = Publication::from_cases(&closed, state.desk.procedure().calendar.offset());
    let by_class: Vec<ClassCount> = preview
        .closed_by_class
        .iter()
        .map(|(key, closed)| ClassCount {
            class: class_label(key, lang),
            closed: *closed,
        })
        .collect();
    let fame: Vec<FameRow> = preview
        .hall_of_fame
        .iter()
        .map(|entry| FameRow {
            alias: entry.alias.clone(),
            closed_on: entry.closed_on.to_string(),
            class: class_label(&entry.incident_class, lang),
        })
        .collect();
    let refusal = authorize(&state.desk, &signed_in.staffer, "publish")
        .err()
        .map(|error| error.to_string());
    let output = state
        .publishing
        .as_ref()
        .map(|publishing| publishing.output.display().to_string());
    let frame = Frame::signed_in(
        &signed_in,
        &state.desk.team.config.team.name,
        "/staff/publish",
    );
    state
        .pages
        .render("publish.html", &frame, |c| {
            c.insert("publish_running", &false);
            c.insert("publish_closed_cases", &closed.len());
            c.insert(
                "publish_counted",
                &preview.closed_by_class.values().sum::<u64>(),
            );
            c.insert("publish_by_class", &by_class);
            c.insert("publish_fame", &fame);
            c.insert("publish_output", &output);
            c.insert("publish_refusal", &refusal);
        })
        .into_response()
}

/// `POST /staff/publish`: writes the export as the signed-in account (refused with nothing written when the
/// procedure does not let the account publish), then answers a page that lists each stage as it completes: the
/// export, the site rebuilt, done. A console without the site's directory (on Lambda) refuses (409): there the
/// site is published with `csirt publish`.
pub async fn run(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    request: Request,
) -> Response {
    let lang = signed_in.lang;
    if let Err(refused) = posted_form(&signed_in, request).await {
        return refused;
    }
    let Some(publishing) = state.publishing.clone() else {
        return not_here(&state, lang).into_response();
    };
    let exported = match export(&state, &signed_in.staffer).await {
        Ok(exported) => exported,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let (head, tail) = match progress_page(&state, &signed_in) {
        Ok(parts) => parts,
        Err(problem) => return problem.into_response(),
    };
    let words = StageWords::of(&state.pages, lang);
    streamed_page(head, tail, move |lines: Lines| async move {
        lines.send(line(&words.exported(exported)));
        match rebuild(&publishing).await {
            Ok(rebuilt) => lines.send(line(&words.built(rebuilt.report.pages))),
            Err(error) => {
                tracing::error!("console publication: the site was not rebuilt: {error}");
                lines.send(problem_line(&words.failed(&error)));
            }
        }
        lines.send(line(words.done()));
    })
}

/// The refusal on a console without the site's directory (the Lambda function: its package is read-only and
/// holds no site): publishing there is `csirt publish`, run where the site is built; nothing was written.
pub(crate) fn not_here(state: &ConsoleState, lang: Lang) -> Problem {
    let message = state
        .pages
        .strings(lang)
        .get("publish_output_lambda")
        .cloned()
        .unwrap_or_default();
    Problem::new(axum::http::StatusCode::CONFLICT, message, lang)
}

/// The publication's progress page, split where its stage lines go: its head and its end.
fn progress_page(state: &ConsoleState, signed_in: &SignedIn) -> Result<(String, String), Problem> {
    let frame = Frame::signed_in(
        signed_in,
        &state.desk.team.config.team.name,
        "/staff/publish",
    );
    let Html(page) = state.pages.render("publish.html", &frame, |c| {
        c.insert("publish_running", &true);
        c.insert("publish_output", &Option::<String>::None);
    })?;
    page.split_once(PROGRESS_MARK)
        .map(|(head, tail)| (head.to_owned(), tail.to_owned()))
        .ok_or_else(|| {
            Problem::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "publish.html has no place for the progress lines",
                signed_in.lang,
            )
        })
}

/// A stage line of the progress list.
fn line(text: &str) -> String {
    format!("<li>{}</li>\n", tera::escape_html(text))
}

/// A failed stage's line, announced.
fn problem_line(text: &str) -> String {
    format!(
        "<li class=\"problem\" role=\"alert\">{}</li>\n",
        tera::escape_html(text).replace('\n', "<br>")
    )
}
