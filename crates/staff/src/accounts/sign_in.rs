//! Signing in to the staff console, and enrolling for it. Password (argon2id) with a TOTP code, each used once;
//! a one-time enrolment code from `csirt staff add` to set them; sessions kept in the case store with an idle
//! and an absolute time-out, ended when the account is disabled; attempts throttled per account and per
//! client. Every enrolment, sign-in and refusal is an entry of the account audit log (never a secret).

use chrono::{DateTime, Duration, Utc};
use csirt_domain::account::{Account, AccountChange, AuditEntry, Login, SignInMethod};
use csirt_domain::case::Actor;
use csirt_domain::digest::sha256_hex;
use csirt_store::Session;

use super::Staffer;
use super::manage::account_named;
use crate::credentials::{OneTimeToken, Password, PasswordHash, TotpRefusal, TotpSecret};
use crate::desk::Desk;
use crate::error::StaffError;

/// How long an enrolment code may be used.
pub const ENROLMENT_VALID: Duration = Duration::hours(72);
/// A session unused this long is over.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A session is over this long after sign-in, however it is used.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// The window sign-in attempts are counted in.
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// Attempts on one account per window.
pub const ATTEMPTS_PER_ACCOUNT: u32 = 5;
/// Attempts from one client per window.
pub const ATTEMPTS_PER_CLIENT: u32 = 20;
/// What every wrong login, password or code is told, so that a guess learns nothing about which was wrong.
const NOT_RIGHT: &str = "sign-in refused: the login, password or code is not right";

fn credential(error: crate::credentials::CredentialError) -> StaffError {
    StaffError::Invalid(error.to_string())
}

/// A new one-time enrolment code for `account`, recorded (as its digest) with an audit entry by `actor`.
pub(super) async fn issue_enrolment(
    desk: &Desk,
    account: &Account,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(Account, OneTimeToken), StaffError> {
    let code = OneTimeToken::generate().map_err(credential)?;
    let mut next = account.apply(&AccountChange::EnrolmentIssued {
        login: account.login.clone(),
    });
    next.secrets.enrolment = Some((code.digest().as_str().to_owned(), now + ENROLMENT_VALID));
    let entry = AuditEntry {
        at: now,
        actor,
        change: AccountChange::EnrolmentIssued {
            login: account.login.clone(),
        },
    };
    desk.cases.record_account(Some(&next), entry).await?;
    Ok((next, code))
}

/// Sets the password (when given) and a fresh TOTP secret (when `totp`) on `account`, as `actor`; returns the
/// account as written and the TOTP secret.
pub(super) async fn set_credentials(
    desk: &Desk,
    account: &Account,
    actor: Actor,
    password: Option<&Password>,
    totp: bool,
    now: DateTime<Utc>,
) -> Result<(Account, Option<TotpSecret>), StaffError> {
    let mut current = account.clone();
    if let Some(password) = password {
        let hash = PasswordHash::of(password).map_err(credential)?;
        let change = AccountChange::PasswordSet {
            login: current.login.clone(),
        };
        let mut next = current.apply(&change);
        next.secrets.password_hash = Some(hash.as_str().to_owned());
        next.secrets.enrolment = None;
        let entry = AuditEntry {
            at: now,
            actor: actor.clone(),
            change,
        };
        desk.cases.record_account(Some(&next), entry).await?;
        current = next;
    }
    let mut secret = None;
    if totp {
        let fresh = TotpSecret::generate().map_err(credential)?;
        let change = AccountChange::TotpEnrolled {
            login: current.login.clone(),
        };
        let mut next = current.apply(&change);
        next.secrets.totp_secret = Some(fresh.to_base32());
        next.secrets.totp_last_step = None;
        let entry = AuditEntry {
            at: now,
            actor,
            change,
        };
        desk.cases.record_account(Some(&next), entry).await?;
        current = next;
        secret = Some(fresh);
    }
    Ok((current, secret))
}

/// Issues a new enrolment code for `login`, as the admin `by` (a person who lost their authenticator).
pub async fn reissue_enrolment(
    desk: &Desk,
    by: &Staffer,
    login: &str,
    now: DateTime<Utc>,
) -> Result<OneTimeToken, StaffError> {
    super::manage::require_admin(by, "issue an enrolment code")?;
    let account = account_named(desk, login).await?;
    if account.disabled {
        return Err(StaffError::Invalid(format!(
            "{} is disabled; nothing was issued",
            account.login
        )));
    }
    Ok(issue_enrolment(desk, &account, by.actor(), now).await?.1)
}

/// Enrols with a one-time code: sets the password and a new TOTP secret for the account the code was issued
/// to, and spends the code. Returns the login and the TOTP secret, to be shown once (as its `otpauth://` link).
pub async fn enrol(
    desk: &Desk,
    code: &str,
    password: &Password,
    now: DateTime<Utc>,
) -> Result<(Login, TotpSecret), StaffError> {
    let refused = || {
        StaffError::SignInRefused(
            "enrolment refused: the code is unknown, used or expired; ask an admin for a new one"
                .into(),
        )
    };
    let code = OneTimeToken::parse(code).map_err(|_| refused())?;
    let digest = code.digest();
    let accounts = desk.cases.accounts().await?;
    let account = accounts
        .iter()
        .find(|account| {
            account
                .secrets
                .enrolment
                .as_ref()
                .is_some_and(|(stored, until)| stored == digest.as_str() && *until > now)
        })
        .filter(|account| !account.disabled)
        .ok_or_else(refused)?;
    let actor = Actor::Staff(account.login.actor_name());
    let (account, secret) =
        set_credentials(desk, account, actor, Some(password), true, now).await?;
    let secret = secret.ok_or_else(|| StaffError::Unavailable("no TOTP secret was made".into()))?;
    Ok((account.login, secret))
}

/// A hash no password matches, verified against when the login names no account.
fn unknown_login_hash() -> Option<&'static PasswordHash> {
    static HASH: std::sync::OnceLock<Option<PasswordHash>> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let mut random = [0u8; 24];
        getrandom::fill(&mut random).ok()?;
        let password = Password::new(hex::encode(random)).ok()?;
        PasswordHash::of(&password).ok()
    })
    .as_ref()
}

/// A sign-in attempt, as the console's form sends it.
#[derive(Debug)]
pub struct SignInAttempt<'a> {
    /// The login typed.
    pub login: &'a str,
    /// The password typed (never stored, never logged).
    pub password: &'a str,
    /// The TOTP code typed.
    pub totp: &'a str,
    /// Who is asking, for throttling: the client's address as the console sees it (kept only as a hash).
    pub client: &'a str,
}

/// Records a refused sign-in (by the product itself: no account is proven) and returns the error to give.
pub(super) async fn refuse(
    desk: &Desk,
    login: &str,
    reason: &str,
    told: String,
    now: DateTime<Utc>,
) -> StaffError {
    let entry = AuditEntry {
        at: now,
        actor: Actor::System,
        change: AccountChange::SignInRefused {
            login: login.chars().take(64).collect(),
            reason: reason.to_owned(),
        },
    };
    match desk.cases.record_account(None, entry).await {
        Ok(_) => StaffError::SignInRefused(told),
        Err(error) => StaffError::from(error),
    }
}

/// Counts an attempt on `bucket`; `Some(count)` when over `limit`.
async fn over_limit(
    desk: &Desk,
    bucket: String,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<Option<u32>, StaffError> {
    let count = desk
        .cases
        .count_hit(&bucket, now + THROTTLE_WINDOW, now)
        .await?;
    Ok((count > limit).then_some(count))
}

/// Signs in with login, password and TOTP code: the session's token (for the browser's cookie) and who it is.
pub async fn sign_in(
    desk: &Desk,
    attempt: &SignInAttempt<'_>,
    now: DateTime<Utc>,
) -> Result<(Staffer, OneTimeToken), StaffError> {
    let typed = attempt.login.trim();
    let client = format!("signin-client:{}", sha256_hex(attempt.client.as_bytes()));
    let account_bucket = format!("signin-account:{}", sha256_hex(typed.as_bytes()));
    for (bucket, limit, whom) in [
        (client, ATTEMPTS_PER_CLIENT, "from this client"),
        (account_bucket, ATTEMPTS_PER_ACCOUNT, "on this account"),
    ] {
        if let Some(count) = over_limit(desk, bucket, limit, now).await? {
            let told = format!(
                "sign-in refused: too many attempts {whom}; wait {} minutes",
                THROTTLE_WINDOW.num_minutes()
            );
            // One audit entry per window, not one per hammering request.
            if count == limit + 1 {
                return Err(refuse(desk, typed, &format!("throttled {whom}"), told, now).await);
            }
            return Err(StaffError::SignInRefused(told));
        }
    }
    let account = match Login::parse(typed) {
        Ok(login) => desk.cases.account(&login).await?,
        Err(_) => None,
    };
    let Some(account) = account else {
        // As long as a wrong password takes, so that timing does not tell which logins exist.
        let _ = unknown_login_hash().is_some_and(|hash| hash.verify(attempt.password));
        // What was typed is recorded only when it could be a login: a password typed into the login field is not.
        let recorded = if Login::parse(typed).is_ok() {
            typed
        } else {
            "(not a login)"
        };
        return Err(refuse(desk, recorded, "no such account", NOT_RIGHT.into(), now).await);
    };
    let secrets = &account.secrets;
    let stored = secrets
        .password_hash
        .clone()
        .and_then(|hash| PasswordHash::parse(hash).ok());
    let password_ok = match &stored {
        Some(hash) => hash.verify(attempt.password),
        // As long as with a password set, so that timing does not tell who has not enrolled yet.
        None => {
            let _ = unknown_login_hash().is_some_and(|hash| hash.verify(attempt.password));
            false
        }
    };
    if !password_ok {
        return Err(refuse(
            desk,
            typed,
            "wrong password or none set",
            NOT_RIGHT.into(),
            now,
        )
        .await);
    }
    let Some(secret) = secrets
        .totp_secret
        .as_deref()
        .and_then(|text| TotpSecret::from_base32(text).ok())
    else {
        return Err(refuse(desk, typed, "no TOTP enrolled", NOT_RIGHT.into(), now).await);
    };
    let unix = u64::try_from(now.timestamp()).unwrap_or(0);
    let step = match secret.check(attempt.totp, unix, secrets.totp_last_step) {
        Ok(step) => step,
        Err(TotpRefusal::Replayed) => {
            let told = "sign-in refused: this code was used already; wait for the next one".into();
            return Err(refuse(desk, typed, "replayed TOTP code", told, now).await);
        }
        Err(refusal) => {
            return Err(refuse(desk, typed, &refusal.to_string(), NOT_RIGHT.into(), now).await);
        }
    };
    if account.disabled {
        let told = format!("sign-in refused: account {} is disabled", account.login);
        return Err(refuse(desk, typed, "account disabled", told, now).await);
    }
    let mut proven = account.clone();
    proven.secrets.totp_last_step = Some(step);
    open_session(desk, &proven, SignInMethod::PasswordTotp, now).await
}

/// Opens a console session for `account`, proven by `method` (the account as it should be written: a TOTP
/// step spent, say): writes it with a `signed_in` audit entry and stores the session. The one way a session is
/// made, whatever proved the account.
pub(super) async fn open_session(
    desk: &Desk,
    account: &Account,
    method: SignInMethod,
    now: DateTime<Utc>,
) -> Result<(Staffer, OneTimeToken), StaffError> {
    let change = AccountChange::SignedIn {
        login: account.login.clone(),
        method,
    };
    let next = account.apply(&change);
    let staffer = Staffer::new(next.clone(), method);
    let entry = AuditEntry {
        at: now,
        actor: staffer.actor(),
        change,
    };
    desk.cases.record_account(Some(&next), entry).await?;
    let token = OneTimeToken::generate().map_err(credential)?;
    let mut session = Session {
        digest: token.digest().as_str().to_owned(),
        login: next.login.clone(),
        method,
        created_at: now,
        last_seen: now,
        expires_at: now + ABSOLUTE_TIMEOUT,
        seal: String::new(),
    };
    session.seal = session_seal(desk, &session).await?;
    desk.cases.put_session(&session).await?;
    Ok((staffer, token))
}

/// The seal of `session` under the store's audit key.
async fn session_seal(desk: &Desk, session: &Session) -> Result<String, StaffError> {
    let key = desk.cases.audit_key().await?;
    Ok(key.link("session", 0, "", &session.sealed_text()))
}

/// The account signed in with the session token `token`, as of `now`: refused when the session is unknown,
/// ended, idle past [`IDLE_TIMEOUT`], older than [`ABSOLUTE_TIMEOUT`], or its account is disabled.
pub async fn session_staffer(
    desk: &Desk,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Staffer, StaffError> {
    let over = || StaffError::SignInRefused("your session is over: sign in again".into());
    let token = OneTimeToken::parse(token).map_err(|_| over())?;
    let digest = token.digest();
    let session = desk
        .cases
        .session(digest.as_str())
        .await?
        .ok_or_else(over)?;
    let seal = session_seal(desk, &session).await?;
    if sha256_hex(seal.as_bytes()) != sha256_hex(session.seal.as_bytes()) {
        // Written around the store: no session of ours. Compared as digests, so that timing tells nothing.
        let reason = "session item not made by the console (its seal does not match)";
        return Err(refuse(
            desk,
            session.login.as_str(),
            reason,
            over().to_string(),
            now,
        )
        .await);
    }
    let expired = now >= session.expires_at || now - session.last_seen >= IDLE_TIMEOUT;
    let account = desk.cases.account(&session.login).await?;
    let revoked = |account: &Account| {
        account
            .sessions_revoked_at
            .is_some_and(|at| session.created_at <= at)
    };
    let usable = account.filter(|account| !account.disabled && !expired && !revoked(account));
    let Some(account) = usable else {
        desk.cases.end_session(digest.as_str()).await?;
        let entry = AuditEntry {
            at: now,
            actor: Actor::System,
            change: AccountChange::SignedOut {
                login: session.login.clone(),
            },
        };
        desk.cases.record_account(None, entry).await?;
        return Err(over());
    };
    if now - session.last_seen >= Duration::minutes(1) {
        desk.cases.touch_session(digest.as_str(), now).await?;
    }
    Ok(Staffer::new(account, session.method))
}

/// Ends the session `token` (signing out).
pub async fn sign_out(desk: &Desk, token: &str, now: DateTime<Utc>) -> Result<(), StaffError> {
    let staffer = session_staffer(desk, token, now).await?;
    let token = OneTimeToken::parse(token).map_err(credential)?;
    desk.cases.end_session(token.digest().as_str()).await?;
    let change = AccountChange::SignedOut {
        login: staffer.login().clone(),
    };
    change_log(desk, staffer.actor(), change, now).await
}

async fn change_log(
    desk: &Desk,
    actor: Actor,
    change: AccountChange,
    now: DateTime<Utc>,
) -> Result<(), StaffError> {
    let entry = AuditEntry {
        at: now,
        actor,
        change,
    };
    desk.cases.record_account(None, entry).await.map(|_| ())?;
    Ok(())
}
