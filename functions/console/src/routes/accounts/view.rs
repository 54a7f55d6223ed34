//! What the accounts page shows: each account as a row (never a secret, only whether one is set), each role of
//! the team with what the SOP lets it do, the add form, and a code just issued.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use csirt_domain::account::{ADMIN, Account, VIEWER};
use csirt_domain::lang::Lang;
use csirt_domain::sop::{ACTIONS, ISSUE_KIND_PREFIX};
use csirt_staff::accounts::{ENROLMENT_VALID, roles};
use serde::Serialize;

use super::super::queue::local_time;
use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// The add form as typed, kept when the library refuses it.
#[derive(Debug, Default, Clone, Serialize)]
pub struct AddForm {
    /// The login.
    pub login: String,
    /// The person's name.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
    /// The operating-system user to bind.
    pub os_user: String,
    /// The IAM identity to bind.
    pub iam_arn: String,
    /// The role keys ticked.
    pub roles: Vec<String>,
}

/// A one-time enrolment code just issued, shown once on the answer page.
#[derive(Debug, Serialize)]
pub struct Issued {
    /// The account it enrols.
    login: String,
    /// The code itself.
    code: String,
    /// The console's enrolment page, where the holder types it.
    enrol_url: String,
    /// How many hours it may be used (as text, for the page's `replace`).
    valid_hours: String,
    /// Whether it replaces an earlier code (a lost authenticator) rather than enrolling a new account.
    reissued: bool,
}

impl Issued {
    /// The code `code` issued to `login`.
    pub fn new(state: &ConsoleState, login: &str, code: &str, reissued: bool) -> Issued {
        let base = state.desk.team.config.base_url.trim_end_matches('/');
        Issued {
            login: login.to_owned(),
            code: code.to_owned(),
            enrol_url: format!("{base}/staff/enrol"),
            valid_hours: ENROLMENT_VALID.num_hours().to_string(),
            reissued,
        }
    }
}

/// What one rendering of the page adds to the list: a notice, a problem, the add form as typed, a code.
#[derive(Debug, Default)]
pub struct PageParts {
    /// What was just done.
    pub notice: Option<String>,
    /// What the library refused, in its words.
    pub problem: Option<String>,
    /// The add form's values.
    pub form: AddForm,
    /// A code just issued.
    pub issued: Option<Issued>,
}

/// One account as the page shows it.
#[derive(Debug, Serialize)]
struct AccountRow {
    login: String,
    name: String,
    email: String,
    roles: Vec<String>,
    /// The team's roles it does not hold (what may be granted).
    grantable: Vec<String>,
    disabled: bool,
    os_user: String,
    iam_arn: String,
    passkeys: usize,
    /// Password and TOTP both set.
    enrolled: bool,
    /// `pending` (a code may still be used), `expired`, or empty.
    enrolment: &'static str,
    enrolment_until: String,
    single_sign_on: bool,
    created: String,
    /// The signed-in admin's own account.
    me: bool,
}

/// One role and what the SOP lets it do.
#[derive(Debug, Serialize)]
struct RoleRow {
    key: String,
    name: String,
    /// Keys of [`ACTIONS`] the SOP gives this role.
    actions: Vec<String>,
    /// Document kinds with a `[permissions]` line of their own that names this role.
    document_kinds: Vec<String>,
}

fn account_row(state: &ConsoleState, account: &Account, me: &str, all: &[String]) -> AccountRow {
    let now = Utc::now();
    let secrets = &account.secrets;
    let (enrolment, enrolment_until) = match &secrets.enrolment {
        Some((_, until)) if *until > now => ("pending", local_time(state, *until)),
        Some((_, until)) => ("expired", local_time(state, *until)),
        None => ("", String::new()),
    };
    let roles: Vec<String> = account.roles.iter().map(ToString::to_string).collect();
    AccountRow {
        login: account.login.to_string(),
        name: account.name.as_str().to_owned(),
        email: account
            .email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        grantable: all.iter().filter(|r| !roles.contains(r)).cloned().collect(),
        roles,
        disabled: account.disabled,
        os_user: account.os_user.clone().unwrap_or_default(),
        iam_arn: account.iam_arn.clone().unwrap_or_default(),
        passkeys: secrets.passkeys.len(),
        enrolled: secrets.password_hash.is_some() && secrets.totp_secret.is_some(),
        enrolment,
        enrolment_until,
        single_sign_on: account.single_sign_on_subject.is_some(),
        created: local_time(state, account.created_at),
        me: account.login.as_str() == me,
    }
}

/// The team's roles: the SOP's staff actors (named as the SOP names them), then `admin` and `viewer`.
fn role_rows(state: &ConsoleState, lang: Lang) -> Vec<RoleRow> {
    let profile = &state.desk.procedure().profile;
    let strings = state.pages.strings(lang);
    roles(&state.desk)
        .iter()
        .map(|role| {
            let key = role.as_str();
            let name = match key {
                ADMIN | VIEWER => strings
                    .get(&format!("account_role_{key}"))
                    .cloned()
                    .unwrap_or_else(|| key.to_owned()),
                _ => profile
                    .actors
                    .iter()
                    .find(|actor| actor.key == key)
                    .map_or_else(|| key.to_owned(), |actor| actor.name.get(lang).to_owned()),
            };
            let actions = ACTIONS
                .iter()
                .filter(|(action, _)| profile.roles_for(action).iter().any(|r| r == key))
                .map(|(action, _)| (*action).to_owned())
                .collect();
            let document_kinds = profile
                .permissions
                .iter()
                .filter(|(_, roles)| roles.iter().any(|r| r == key))
                .filter_map(|(action, _)| action.strip_prefix(ISSUE_KIND_PREFIX))
                .map(str::to_owned)
                .collect();
            RoleRow {
                key: key.to_owned(),
                name,
                actions,
                document_kinds,
            }
        })
        .collect()
}

/// Renders the accounts page with `parts`, answered with `status`.
pub async fn render(
    state: &ConsoleState,
    signed_in: &SignedIn,
    parts: PageParts,
    status: StatusCode,
) -> Response {
    let lang = signed_in.lang;
    let mut accounts = match state.desk.cases.accounts().await {
        Ok(accounts) => accounts,
        Err(error) => {
            return Problem::from_staff(&csirt_staff::StaffError::from(error), lang)
                .into_response();
        }
    };
    accounts.sort_by(|a, b| a.login.cmp(&b.login));
    let role_rows = role_rows(state, lang);
    let all: Vec<String> = role_rows.iter().map(|r| r.key.clone()).collect();
    let me = signed_in.staffer.login().as_str();
    let rows: Vec<AccountRow> = accounts
        .iter()
        .map(|account| account_row(state, account, me, &all))
        .collect();
    let frame = Frame::signed_in(
        signed_in,
        &state.desk.team.config.team.name,
        "/staff/accounts",
    );
    let page = state.pages.render("accounts.html", &frame, |c| {
        c.insert("accounts", &rows);
        c.insert("roles", &role_rows);
        c.insert("form", &parts.form);
        c.insert("notice", &parts.notice);
        c.insert("problem", &parts.problem);
        c.insert("issued", &parts.issued);
    });
    match page {
        Ok(page) => (status, page).into_response(),
        Err(problem) => problem.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use crate::pages::Pages;

    use super::*;

    #[test]
    fn every_action_of_the_sop_has_words_in_both_languages() {
        let pages = Pages::new().expect("the console's pages");
        for lang in [Lang::Id, Lang::En] {
            let strings = pages.strings(lang);
            for (action, _) in ACTIONS {
                assert!(
                    strings.contains_key(&format!("account_action_{action}")),
                    "account_action_{action} missing"
                );
            }
            for role in [ADMIN, VIEWER] {
                assert!(strings.contains_key(&format!("account_role_{role}")));
            }
        }
    }
}
