//! Staff accounts for admins, and enrolment for the people they add. The page lists every account and the team's
//! roles; its forms add an account, grant and revoke roles, disable an account, end its sessions and issue a new
//! enrolment code. Each form calls the staff library ([`csirt_staff::accounts`]), which decides: who may manage
//! accounts, that the last admin stays, what a login or a role may be. A one-time code the library hands back is
//! shown once, on the answer page itself (never in a URL, never logged).

mod enrol;
mod view;

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use chrono::Utc;
use csirt_domain::account::ADMIN;
use csirt_domain::lang::Lang;
use csirt_staff::StaffError;
use csirt_staff::accounts::{
    NewAccount, add_account, disable_account, grant_role, reissue_enrolment, revoke_role,
    revoke_sessions,
};
use csirt_staff::step_form::FormFields;
use serde::Deserialize;

pub use enrol::{enrol, enrol_page};
use view::{AddForm, Issued, PageParts};

use super::forms::posted_form;
use crate::reply::Problem;
use crate::session::{SESSION_COOKIE, SignedIn, removal};
use crate::state::ConsoleState;

/// The form field prefix of the role checkboxes (`role_agent=on`): one field per role, since a repeated field
/// name would collapse.
const ROLE_FIELD_PREFIX: &str = "role_";

/// The actions of the per-account form, and the notice each leaves on the page.
const CHANGES: [&str; 4] = ["grant", "revoke", "disable", "sign_out"];

/// The page's query: which change was just made, to which account.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    /// One of [`CHANGES`].
    #[serde(default)]
    done: String,
    /// The account changed.
    #[serde(default)]
    account: String,
}

/// Refuses the accounts page to anyone but an admin, in the library's words for its own refusals (the library
/// has no listing call of its own that checks this).
fn admin_only(signed_in: &SignedIn) -> Result<(), Problem> {
    let account = signed_in.staffer.account();
    if account.is_admin() {
        return Ok(());
    }
    let refusal = StaffError::NotPermitted {
        login: account.login.to_string(),
        action: "manage_accounts".into(),
        what: "manage accounts".into(),
        allowed: vec![ADMIN.to_owned()],
        held: account.role_list(),
    };
    Err(Problem::from_staff(&refusal, signed_in.lang))
}

/// A staff failure on the accounts page: the page again with the library's message for an admin; the bare
/// refusal for anyone else.
async fn refused(
    state: &ConsoleState,
    signed_in: &SignedIn,
    error: &StaffError,
    form: AddForm,
) -> Response {
    let problem = Problem::from_staff(error, signed_in.lang);
    if admin_only(signed_in).is_err() {
        return problem.into_response();
    }
    let parts = PageParts {
        form,
        problem: Some(problem.message),
        ..PageParts::default()
    };
    view::render(state, signed_in, parts, problem.status).await
}

/// `GET /staff/accounts`: every account, the team's roles and what the SOP lets each do, and the forms.
pub async fn page(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Query(done): Query<Done>,
) -> Response {
    if let Err(problem) = admin_only(&signed_in) {
        return problem.into_response();
    }
    let notice = notice_of(&state, signed_in.lang, &done);
    let parts = PageParts {
        notice,
        ..PageParts::default()
    };
    view::render(&state, &signed_in, parts, StatusCode::OK).await
}

/// What the page says after a change, when the query names one of [`CHANGES`].
fn notice_of(state: &ConsoleState, lang: Lang, done: &Done) -> Option<String> {
    let action = CHANGES.iter().find(|action| **action == done.done)?;
    let login = csirt_domain::account::Login::parse(&done.account).ok()?;
    let text = state
        .pages
        .strings(lang)
        .get(&format!("account_done_{action}"))?;
    Some(text.replace("{login}", login.as_str()))
}

/// The optional text field `name`, trimmed; `None` when empty.
fn optional(fields: &FormFields, name: &str) -> Option<String> {
    fields
        .get(name)
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// The add form as sent, for the library and for the page again on a refusal.
fn add_form(fields: &FormFields) -> AddForm {
    let text = |name: &str| fields.get(name).map_or("", |v| v.trim()).to_owned();
    let roles = fields
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .filter_map(|(name, _)| name.strip_prefix(ROLE_FIELD_PREFIX))
        .map(str::to_owned)
        .collect();
    AddForm {
        login: text("login"),
        name: text("name"),
        email: text("email"),
        os_user: text("os_user"),
        iam_arn: text("iam_arn"),
        roles,
    }
}

/// `POST /staff/accounts`: `login`, `name`, `email`, `role_<key>` checkboxes, optional `os_user` / `iam_arn`.
/// The answer page shows the new account's one-time enrolment code, once.
pub async fn add(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    request: Request,
) -> Response {
    let fields = match posted_form(&signed_in, request).await {
        Ok(fields) => fields,
        Err(refused) => return refused,
    };
    let form = add_form(&fields);
    let new = NewAccount {
        login: form.login.clone(),
        name: form.name.clone(),
        email: optional(&fields, "email"),
        roles: form.roles.clone(),
        os_user: optional(&fields, "os_user"),
        iam_arn: optional(&fields, "iam_arn"),
        password: None,
        totp: false,
    };
    let added = match add_account(&state.desk, Some(&signed_in.staffer), &new, Utc::now()).await {
        Ok(added) => added,
        Err(error) => return refused(&state, &signed_in, &error, form).await,
    };
    let Some(code) = added.enrolment else {
        // Without a password set here the library always issues a code; say so rather than show nothing.
        let error = StaffError::Unavailable(format!(
            "account {} was added, but no enrolment code came back: issue one from its row",
            added.account.login
        ));
        return refused(&state, &signed_in, &error, AddForm::default()).await;
    };
    let issued = Issued::new(&state, added.account.login.as_str(), code.as_str(), false);
    let parts = PageParts {
        issued: Some(issued),
        ..PageParts::default()
    };
    view::render(&state, &signed_in, parts, StatusCode::OK).await
}

/// `POST /staff/accounts/{login}`: `action` = `grant` or `revoke` (with `role`), `disable`, `sign_out` (end its
/// sessions and remove its passkeys) or `enrolment` (a new one-time code, shown once).
pub async fn change(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(login): Path<String>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let fields = match posted_form(&signed_in, request).await {
        Ok(fields) => fields,
        Err(refused) => return refused,
    };
    let desk = &state.desk;
    let by = &signed_in.staffer;
    let now = Utc::now();
    let role = fields.get("role").map_or("", |r| r.trim());
    let action = fields.get("action").map_or("", String::as_str);
    let changed = match action {
        "grant" => grant_role(desk, by, &login, role, now).await,
        "revoke" => revoke_role(desk, by, &login, role, now).await,
        "disable" => disable_account(desk, by, &login, now).await,
        "sign_out" => revoke_sessions(desk, by, &login, now).await,
        "enrolment" => {
            return match reissue_enrolment(desk, by, &login, now).await {
                Ok(code) => {
                    let issued = Issued::new(&state, &login, code.as_str(), true);
                    let parts = PageParts {
                        issued: Some(issued),
                        ..PageParts::default()
                    };
                    view::render(&state, &signed_in, parts, StatusCode::OK).await
                }
                Err(error) => refused(&state, &signed_in, &error, AddForm::default()).await,
            };
        }
        other => {
            let message = match signed_in.lang {
                Lang::Id => format!(
                    "tindakan {other:?} tidak dikenal: pilih grant, revoke, disable, sign_out atau enrolment"
                ),
                Lang::En => format!(
                    "unknown action {other:?}: choose grant, revoke, disable, sign_out or enrolment"
                ),
            };
            return Problem::new(StatusCode::UNPROCESSABLE_ENTITY, message, signed_in.lang)
                .into_response();
        }
    };
    match changed {
        // Ending one's own sessions ends this one too: straight to the sign-in page.
        Ok(account) if action == "sign_out" && account.login == *by.login() => (
            jar.remove(removal(SESSION_COOKIE)),
            Redirect::to("/staff/login?signed_out=1"),
        )
            .into_response(),
        Ok(account) => {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("done", action);
            query.append_pair("account", account.login.as_str());
            let to = format!(
                "/staff/accounts?{}#account-{}",
                query.finish(),
                account.login
            );
            Redirect::to(&to).into_response()
        }
        Err(error) => refused(&state, &signed_in, &error, AddForm::default()).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_checkboxes_are_read_from_their_own_fields() {
        let fields: FormFields = [
            ("login", " wayan "),
            ("name", "Wayan"),
            ("role_agent", "on"),
            ("role_front-desk", "on"),
            ("role_viewer", ""),
            ("csrf", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let form = add_form(&fields);
        assert_eq!(form.login, "wayan");
        assert_eq!(form.roles, vec!["agent", "front-desk"]);
        assert_eq!(optional(&fields, "email"), None);
    }
}
