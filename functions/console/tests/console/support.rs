//! A console on a SQLite store in a temporary directory, accounts made through the staff library, and a
//! browser-like client that keeps cookies and sends the anti-forgery field the pages carry.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::{TimeDelta, Utc};
use csirt_console::{ConsoleState, router};
use csirt_domain::team::{Procedure, TeamFile};
use csirt_staff::Desk;
use csirt_staff::accounts::{NewAccount, SignInAttempt, Staffer, add_account, sign_in};
use csirt_staff::credentials::{Password, TotpSecret};
use csirt_store::evidence::DirectoryEvidence;
use csirt_store::{CaseStore, SqliteStore};
use csirt_test_kit::paths::team_file;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The password every test account has.
pub const PASSWORD: &str = "kata-sandi-yang-panjang-sekali";

/// A console on its own store.
pub struct Console {
    /// The console's routes.
    pub router: Router,
    /// The desk it works on (to set up cases and check what was written).
    pub desk: Desk,
    /// The first account, an admin, proven through the library.
    pub admin: Staffer,
    /// The admin's TOTP secret.
    pub admin_secret: TotpSecret,
    dir: tempfile::TempDir,
}

/// An answer: status, headers and body text.
#[derive(Debug)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub body: String,
}

impl Answer {
    /// A header's value, or "".
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Every `Set-Cookie` line.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }

    /// The value of the first hidden `csrf` field on the page.
    pub fn form_token(&self) -> Option<String> {
        hidden_value(&self.body, "csrf")
    }
}

/// The value of the first `<input … name="NAME" value="…">` on a page.
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// A browser: its cookies and the anti-forgery value of the last page that had one.
#[derive(Debug, Clone, Default)]
pub struct Browser {
    /// Cookie name → value.
    pub cookies: BTreeMap<String, String>,
    /// The last page's anti-forgery value.
    pub csrf: String,
}

impl Browser {
    /// Keeps the cookies an answer sets (a removal forgets the cookie) and the page's anti-forgery value.
    pub fn keep(&mut self, answer: &Answer) {
        for line in answer.set_cookies() {
            let pair = line.split(';').next().unwrap_or("");
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let removed = value.is_empty() || line.contains("Max-Age=0");
            if removed {
                self.cookies.remove(name.trim());
            } else {
                self.cookies
                    .insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
        if let Some(token) = answer.form_token() {
            self.csrf = token;
        }
    }

    /// The `Cookie` header.
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The TOTP code of `secret` now.
pub fn code_now(secret: &TotpSecret) -> String {
    secret.code_at(u64::try_from(Utc::now().timestamp()).unwrap())
}

impl Console {
    /// A console for the shipped team file, running the `profile` procedure, with its first account `admin`
    /// (roles `admin` and every staff role of the profile).
    pub async fn new(profile: &str) -> Console {
        Self::with_team_file(&team_file(), profile).await
    }

    /// Like [`Console::new`], for the team file at `config` (with its content directory beside it).
    pub async fn with_team_file(config: &std::path::Path, profile: &str) -> Console {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn CaseStore> =
            Arc::new(SqliteStore::open(&dir.path().join("data")).unwrap());
        let mut team = TeamFile::load(config).unwrap();
        team.procedure = Procedure::builtin(profile).unwrap();
        let evidence = DirectoryEvidence::open(dir.path().join("data/evidence")).unwrap();
        let desk = Desk::new(team, store, Arc::new(evidence));
        let mut roles: Vec<String> = csirt_staff::accounts::roles(&desk)
            .iter()
            .map(ToString::to_string)
            .filter(|r| r != "viewer")
            .collect();
        roles.sort();
        let added = add_account(&desk, None, &new_account("admin", &roles), Utc::now())
            .await
            .unwrap();
        let admin_secret = added.totp.unwrap();
        // Proven a few TOTP steps ago, so that signing in through the console now is not a replay.
        let then = Utc::now() - TimeDelta::seconds(120);
        let code = admin_secret.code_at(u64::try_from(then.timestamp()).unwrap());
        let attempt = SignInAttempt {
            login: "admin",
            password: PASSWORD,
            totp: &code,
            client: "192.0.2.1",
        };
        let (admin, _) = sign_in(&desk, &attempt, then).await.unwrap();
        let state = ConsoleState::new(desk.clone()).unwrap();
        Console {
            router: router(state),
            desk,
            admin,
            admin_secret,
            dir,
        }
    }

    /// The temporary directory the store lives in.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Adds an account with `roles`, a password and TOTP, as the admin; its TOTP secret.
    pub async fn add(&self, login: &str, roles: &[&str]) -> TotpSecret {
        let roles: Vec<String> = roles.iter().map(|r| (*r).to_owned()).collect();
        add_account(
            &self.desk,
            Some(&self.admin),
            &new_account(login, &roles),
            Utc::now(),
        )
        .await
        .unwrap()
        .totp
        .unwrap()
    }

    /// Sends a request as `browser` (cookies added), keeping what the answer sets.
    pub async fn send(&self, browser: &mut Browser, mut request: Request<Body>) -> Answer {
        let cookies = browser.cookie_header();
        if !cookies.is_empty() {
            request
                .headers_mut()
                .insert(header::COOKIE, cookies.parse().unwrap());
        }
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let answer = Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        browser.keep(&answer);
        answer
    }

    /// `GET path` as `browser`.
    pub async fn get(&self, browser: &mut Browser, path: &str) -> Answer {
        let request = Request::get(path)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .unwrap();
        self.send(browser, request).await
    }

    /// `POST path` with a form as `browser`, its anti-forgery value added unless `pairs` has one.
    pub async fn post(&self, browser: &mut Browser, path: &str, pairs: &[(&str, &str)]) -> Answer {
        let mut form = form_urlencoded::Serializer::new(String::new());
        if !pairs.iter().any(|(k, _)| *k == "csrf") {
            form.append_pair("csrf", &browser.csrf);
        }
        for (k, v) in pairs {
            form.append_pair(k, v);
        }
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .body(Body::from(form.finish()))
            .unwrap();
        self.send(browser, request).await
    }

    /// A browser signed in as `login` with its password and the current TOTP code, on the queue page.
    pub async fn signed_in(&self, login: &str, secret: &TotpSecret) -> Browser {
        let mut browser = Browser::default();
        let page = self.get(&mut browser, "/staff/login").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let code = code_now(secret);
        let answer = self
            .post(
                &mut browser,
                "/staff/login",
                &[("login", login), ("password", PASSWORD), ("totp", &code)],
            )
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        let queue = self.get(&mut browser, "/staff/").await;
        assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
        browser
    }

    /// The admin signed in through the console.
    pub async fn admin_browser(&self) -> Browser {
        let secret = self.admin_secret.clone();
        self.signed_in("admin", &secret).await
    }
}

fn new_account(login: &str, roles: &[String]) -> NewAccount {
    NewAccount {
        login: login.to_owned(),
        name: format!("Petugas {login}"),
        email: None,
        roles: roles.to_vec(),
        os_user: None,
        iam_arn: None,
        password: Some(Password::new(PASSWORD.to_owned()).unwrap()),
        totp: true,
    }
}
