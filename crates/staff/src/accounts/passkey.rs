//! Passkeys (WebAuthn) for the staff console: the main way staff sign in. A signed-in person registers passkeys
//! on their own account; afterwards they sign in with one and nothing else: no login typed (discoverable
//! credentials, "usernameless"), user verification (the device's PIN or biometrics) required, so a passkey is
//! two factors in one gesture.
//!
//! The relying party is the team's site: its id is the host of the team file's `base_url`, the only origin
//! accepted is that URL's origin (the console is served under `/staff/` on it). Every check of the browser's
//! answer (challenge, origin, relying-party id hash, user presence and verification, signature, signature
//! counter, backup flags) is the `webauthn_rp` crate's; this module only keeps state and records what happened.
//!
//! Each ceremony has two steps. `begin_…` returns the options for `navigator.credentials.create` or `.get`
//! (`PublicKeyCredentialCreationOptionsJSON` / `PublicKeyCredentialRequestOptionsJSON`, for the browser's
//! `PublicKeyCredential.parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON`) and a [`PendingPasskey`]
//! for the console to keep (server-side, or in an HttpOnly cookie) until the browser answers; `finish_…` takes
//! it back with the browser's answer (`PublicKeyCredential.toJSON()`, as text). A pending ceremony expires after
//! [`PASSKEY_CEREMONY_VALID`] and is good once: a digest of all it holds is recorded in the case store when it
//! is issued and spent when it is used, so a pending ceremony that was not issued here or was altered (its
//! challenge, its user-verification requirement, its expiry), or a finish sent twice, is refused even if the
//! console keeps it in a cookie the browser could change.
//!
//! Every refusal is an entry of the account audit log (without the response or any key); a response that is not
//! WebAuthn JSON at all is [`StaffError::Invalid`], naming the field.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use csirt_domain::account::{Account, AccountChange, AuditEntry, Login, Passkey, SignInMethod};
use csirt_domain::digest::sha256_hex;
use serde::{Deserialize, Serialize};
use webauthn_rp::bin::{Decode, Encode};
use webauthn_rp::request::auth::{AuthenticationVerificationOptions, SignatureCounterEnforcement};
use webauthn_rp::request::register::{
    CredProtect, Nickname, PublicKeyCredentialUserEntity, RegistrationVerificationOptions,
    USER_HANDLE_MAX_LEN, UserHandle64, Username,
};
use webauthn_rp::request::{AsciiDomain, ExtensionInfo, PublicKeyCredentialDescriptor, RpId};
use webauthn_rp::response::auth::error::AuthCeremonyErr;
use webauthn_rp::response::register::{CompressedPubKey, DynamicState, StaticState};
use webauthn_rp::response::{AuthTransports, CredentialId};
use webauthn_rp::{
    AuthenticatedCredential, DiscoverableAuthentication64, DiscoverableAuthenticationServerState,
    DiscoverableCredentialRequestOptions, PublicKeyCredentialCreationOptions, Registration,
    RegistrationServerState,
};

use super::Staffer;
use super::sign_in::{open_session, refuse};
use crate::credentials::OneTimeToken;
use crate::desk::Desk;
use crate::error::StaffError;

/// How long a begun passkey ceremony may be finished: the time the browser is given (its `timeout`) too.
pub const PASSKEY_CEREMONY_VALID: Duration = Duration::minutes(5);

/// What an audit entry names when no account is known yet.
const UNKNOWN_LOGIN: &str = "(passkey)";

/// What a person is told when the browser's answer does not prove a registered passkey.
const NOT_VERIFIED: &str =
    "sign-in refused: the passkey could not be verified; start again from the sign-in page";

/// What a person is told when a registration is refused.
const NOT_REGISTERED: &str =
    "passkey not registered: the authenticator's answer could not be verified; start again";

/// A stored passkey's public key, decoded.
type StoredKey = CompressedPubKey<[u8; 32], [u8; 32], [u8; 48], Vec<u8>>;

/// Which ceremony a [`PendingPasskey`] is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Ceremony {
    /// Registering a passkey on an account.
    Registration,
    /// Signing in with a passkey.
    SignIn,
}

/// A passkey ceremony under way: what the console keeps between `begin_…` and `finish_…` (server-side, or in an
/// HttpOnly, `SameSite=Strict` cookie scoped to `/staff/`). Serialisable; its `Debug` shows neither the challenge
/// nor the relying party's state. It expires [`PASSKEY_CEREMONY_VALID`] after it was begun and is good once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingPasskey {
    /// Registration or sign-in.
    ceremony: Ceremony,
    /// The account a registration is for (none for a sign-in: the passkey says whose it is).
    login: Option<Login>,
    /// The relying party's ceremony state (`webauthn_rp`'s binary encoding, base64url): the challenge, what was
    /// asked of the authenticator and, for a registration, the user handle.
    state: String,
    /// Until when it may be finished.
    expires_at: DateTime<Utc>,
    /// An HMAC of all the above under the store's audit key: a pending ceremony the console did not issue, or
    /// altered in any part, is refused before anything else is looked at.
    seal: String,
}

impl PendingPasskey {
    /// Until when the ceremony may be finished (for the cookie's `Max-Age`, say).
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.expires_at
    }

    /// The account a registration is for; `None` for a sign-in.
    pub fn login(&self) -> Option<&Login> {
        self.login.as_ref()
    }
}

impl fmt::Debug for PendingPasskey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingPasskey")
            .field("ceremony", &self.ceremony)
            .field("login", &self.login)
            .field("state", &"[redacted]")
            .field("seal", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// The relying party: the team's site.
struct RelyingParty {
    /// The host of `base_url`.
    id: RpId,
    /// The origin of `base_url` (`https://host[:port]`), the only one accepted.
    origin: String,
}

/// The relying party the team file's `base_url` makes.
fn relying_party(desk: &Desk) -> Result<RelyingParty, StaffError> {
    let base = &desk.team.config.base_url;
    let unusable = |why: &str| {
        StaffError::Invalid(format!(
            "base_url {base:?} cannot be a passkey relying party: {why}"
        ))
    };
    let url = url::Url::parse(base).map_err(|e| unusable(&format!("it is not a URL ({e})")))?;
    let host = match url.host() {
        Some(url::Host::Domain(host)) => host.to_owned(),
        Some(_) => {
            return Err(unusable(
                "its host is an IP address, and passkeys need a domain",
            ));
        }
        None => return Err(unusable("it has no host")),
    };
    let domain =
        AsciiDomain::try_from(host).map_err(|e| unusable(&format!("its host is refused: {e}")))?;
    Ok(RelyingParty {
        id: RpId::Domain(domain),
        origin: url.origin().ascii_serialization(),
    })
}

/// The case-store counter that records a pending ceremony as issued (first hit) and spent (second hit). It is
/// named by a digest of everything the pending ceremony holds (the relying party's state with its random
/// challenge and what was asked of the authenticator, the kind, the account, the expiry), so that a pending
/// ceremony altered in any part is one that was never issued.
fn ceremony_bucket(pending: &PendingPasskey) -> String {
    format!(
        "passkey-ceremony:{}",
        sha256_hex(fingerprint(pending).as_bytes())
    )
}

/// Everything a pending ceremony holds but its seal, as one text.
fn fingerprint(pending: &PendingPasskey) -> String {
    format!(
        "{:?}\n{}\n{}\n{}",
        pending.ceremony,
        pending.login.as_ref().map_or("", Login::as_str),
        pending.state,
        pending.expires_at.timestamp_micros()
    )
}

/// The seal of `pending` under the store's audit key.
async fn seal_of(desk: &Desk, pending: &PendingPasskey) -> Result<String, StaffError> {
    let key = desk.cases.audit_key().await?;
    Ok(key.link("passkey-ceremony", 0, "", &fingerprint(pending)))
}

/// Seals a pending ceremony just made and records it as issued.
async fn sealed(
    desk: &Desk,
    mut pending: PendingPasskey,
    now: DateTime<Utc>,
) -> Result<PendingPasskey, StaffError> {
    pending.seal = seal_of(desk, &pending).await?;
    issue(desk, &pending, now).await?;
    Ok(pending)
}

/// Records `pending`, a ceremony being begun, as issued until it expires.
async fn issue(
    desk: &Desk,
    pending: &PendingPasskey,
    now: DateTime<Utc>,
) -> Result<(), StaffError> {
    let hits = desk
        .cases
        .count_hit(&ceremony_bucket(pending), pending.expires_at, now)
        .await?;
    if hits == 1 {
        Ok(())
    } else {
        // A 128-bit random challenge drawn twice: the random number generator is broken.
        Err(StaffError::Unavailable(
            "a passkey challenge was drawn twice; the random number generator cannot be trusted"
                .into(),
        ))
    }
}

/// Spends `pending`: why it cannot be used, for the audit log, or `None` when it was issued here, unaltered,
/// and not used before.
async fn spend(
    desk: &Desk,
    pending: &PendingPasskey,
    now: DateTime<Utc>,
) -> Result<Option<&'static str>, StaffError> {
    // Compared as digests, so that the time the comparison takes tells nothing about the right seal.
    let expected = seal_of(desk, pending).await?;
    if sha256_hex(expected.as_bytes()) != sha256_hex(pending.seal.as_bytes()) {
        return Ok(Some("pending ceremony not issued here, or altered"));
    }
    // The counter keeps the expiry it was issued with; one that has expired starts again at 1.
    let hits = desk
        .cases
        .count_hit(&ceremony_bucket(pending), pending.expires_at, now)
        .await?;
    Ok(match hits {
        2 => None,
        0 | 1 => Some("pending ceremony not issued here, altered, or expired"),
        _ => Some("pending ceremony already used (replayed)"),
    })
}

/// The pending ceremony's state, base64url-decoded.
fn pending_state(pending: &PendingPasskey) -> Result<Vec<u8>, StaffError> {
    URL_SAFE_NO_PAD
        .decode(&pending.state)
        .map_err(|_| unreadable_pending())
}

/// A pending ceremony whose state cannot be read.
fn unreadable_pending() -> StaffError {
    StaffError::Invalid(
        "pending passkey: its state cannot be read (it was not made by this console); start again"
            .into(),
    )
}

/// A response that is not WebAuthn JSON of the expected kind.
fn malformed_response(what: &str, error: &serde_json::Error) -> StaffError {
    StaffError::Invalid(format!(
        "passkey response: not a WebAuthn {what} response ({error})"
    ))
}

/// The refusal every expired ceremony gets.
async fn refuse_expired(desk: &Desk, login: &str, what: &str, now: DateTime<Utc>) -> StaffError {
    let told = format!(
        "{what} refused: more than {} minutes passed since it began; start again",
        PASSKEY_CEREMONY_VALID.num_minutes()
    );
    refuse(desk, login, "passkey ceremony expired", told, now).await
}

/// The user handle of `account`'s passkeys, or a new random one for its first.
fn user_handle_of(account: &Account) -> Result<UserHandle64, StaffError> {
    match account.secrets.passkeys.first() {
        Some(passkey) => decode_user_handle(&passkey.user_handle).ok_or_else(|| {
            StaffError::Invalid(format!(
                "account {}: its stored passkeys cannot be read (user handle)",
                account.login
            ))
        }),
        None => Ok(UserHandle64::new()),
    }
}

/// A stored user handle, decoded.
fn decode_user_handle(text: &str) -> Option<UserHandle64> {
    let bytes: [u8; USER_HANDLE_MAX_LEN] = URL_SAFE_NO_PAD.decode(text).ok()?.try_into().ok()?;
    UserHandle64::decode(bytes).ok()
}

/// `account`'s passkeys as `excludeCredentials`, so that an authenticator does not register one twice.
fn registered_descriptors(
    account: &Account,
) -> Result<Vec<PublicKeyCredentialDescriptor<Vec<u8>>>, StaffError> {
    account
        .secrets
        .passkeys
        .iter()
        .map(|passkey| {
            let id = URL_SAFE_NO_PAD
                .decode(&passkey.credential_id)
                .ok()
                .and_then(|bytes| CredentialId::<Vec<u8>>::decode(bytes).ok());
            let transports = AuthTransports::decode(passkey.transports).ok();
            match (id, transports) {
                (Some(id), Some(transports)) => {
                    Ok(PublicKeyCredentialDescriptor { id, transports })
                }
                _ => Err(StaffError::Invalid(format!(
                    "account {}: its stored passkeys cannot be read (credential id)",
                    account.login
                ))),
            }
        })
        .collect()
}

/// Begins registering a passkey on `staffer`'s own account (any signed-in person, or right after enrolment):
/// the options for `navigator.credentials.create` and the [`PendingPasskey`] to keep. The passkey asked for is
/// discoverable and verifies its user; the account's passkeys are excluded so that none is made twice.
pub async fn begin_passkey_registration(
    desk: &Desk,
    staffer: &Staffer,
    now: DateTime<Utc>,
) -> Result<(serde_json::Value, PendingPasskey), StaffError> {
    let rp = relying_party(desk)?;
    let account = desk
        .cases
        .account(staffer.login())
        .await?
        .ok_or_else(|| StaffError::NoSuchAccount(staffer.login().to_string()))?;
    if account.disabled {
        return Err(StaffError::SignInRefused(format!(
            "account {} is disabled; no passkey can be registered on it",
            account.login
        )));
    }
    let user_handle = user_handle_of(&account)?;
    let name = Username::try_from(account.login.as_str()).map_err(|e| {
        StaffError::Invalid(format!(
            "login {}: cannot name a passkey user: {e}",
            account.login
        ))
    })?;
    let user = PublicKeyCredentialUserEntity {
        name,
        id: &user_handle,
        display_name: Nickname::try_from(account.name.as_str()).ok(),
    };
    let mut options = PublicKeyCredentialCreationOptions::passkey(
        &rp.id,
        user,
        registered_descriptors(&account)?,
    );
    // Ask authenticators to demand user verification for this passkey, but do not make the browser refuse one
    // that cannot say so (`enforceCredentialProtectionPolicy`): many security keys and password managers
    // cannot, and every sign-in requires user verification anyway.
    options.extensions.cred_protect =
        CredProtect::UserVerificationRequired(ExtensionInfo::AllowDontEnforceValue);
    let (server, client) = options.start_ceremony().map_err(|e| {
        StaffError::Unavailable(format!("passkey registration could not begin: {e}"))
    })?;
    let json = serde_json::to_value(&client)
        .map_err(|e| StaffError::Unavailable(format!("passkey registration options: {e}")))?;
    let state = server
        .encode()
        .map_err(|e| StaffError::Unavailable(format!("passkey registration state: {e}")))?;
    let pending = PendingPasskey {
        ceremony: Ceremony::Registration,
        login: Some(account.login.clone()),
        state: URL_SAFE_NO_PAD.encode(state),
        expires_at: now + PASSKEY_CEREMONY_VALID,
        seal: String::new(),
    };
    Ok((json, sealed(desk, pending, now).await?))
}

/// Finishes a registration begun by [`begin_passkey_registration`] for the same `staffer`, with the browser's
/// answer (`PublicKeyCredential.toJSON()` of `navigator.credentials.create`, as JSON text): verifies it and
/// stores the passkey on the account with a `passkey_enrolled` audit entry.
pub async fn finish_passkey_registration(
    desk: &Desk,
    staffer: &Staffer,
    pending: &PendingPasskey,
    response_json: &str,
    now: DateTime<Utc>,
) -> Result<(), StaffError> {
    let login = staffer.login().as_str();
    if pending.ceremony != Ceremony::Registration || pending.login.as_ref() != Some(staffer.login())
    {
        let told =
            "passkey not registered: this registration was not begun for your account; start again"
                .into();
        return Err(refuse(
            desk,
            login,
            "passkey registration for another ceremony",
            told,
            now,
        )
        .await);
    }
    if now >= pending.expires_at {
        return Err(refuse_expired(desk, login, "passkey registration", now).await);
    }
    let server =
        RegistrationServerState::<USER_HANDLE_MAX_LEN>::decode(pending_state(pending)?.as_slice())
            .map_err(|_| unreadable_pending())?;
    let registration = Registration::from_json_relaxed(response_json.as_bytes())
        .map_err(|e| malformed_response("registration", &e))?;
    if let Some(reason) = spend(desk, pending, now).await? {
        let reason = format!("passkey registration: {reason}");
        return Err(refuse(desk, login, &reason, NOT_REGISTERED.into(), now).await);
    }
    let rp = relying_party(desk)?;
    let origins = [rp.origin.as_str()];
    let options = RegistrationVerificationOptions::<&str, &str> {
        allowed_origins: &origins,
        ..RegistrationVerificationOptions::default()
    };
    let credential = match server.verify(&rp.id, &registration, &options) {
        Ok(credential) => credential,
        Err(error) => {
            let reason = format!("passkey registration not verified: {error}");
            return Err(refuse(desk, login, &reason, NOT_REGISTERED.into(), now).await);
        }
    };
    let (id, transports, user_handle, static_state, dynamic_state, _metadata) =
        credential.into_parts();
    let credential_id = URL_SAFE_NO_PAD.encode(id.as_ref());
    let accounts = desk.cases.accounts().await?;
    if accounts.iter().any(|account| {
        account
            .secrets
            .passkeys
            .iter()
            .any(|passkey| passkey.credential_id == credential_id)
    }) {
        let told = "passkey not registered: this passkey is registered already".into();
        return Err(refuse(desk, login, "passkey registered already", told, now).await);
    }
    let Some(account) = accounts.into_iter().find(|a| &a.login == staffer.login()) else {
        return Err(StaffError::NoSuchAccount(login.to_owned()));
    };
    if account.disabled {
        let told = format!(
            "passkey not registered: account {} is disabled",
            account.login
        );
        return Err(refuse(desk, login, "account disabled", told, now).await);
    }
    let public_key = static_state
        .encode()
        .map_err(|e| StaffError::Unavailable(format!("passkey public key: {e}")))?;
    let state = dynamic_state
        .encode()
        .map_err(|e| StaffError::Unavailable(format!("passkey state: {e}")))?;
    let user_handle = user_handle
        .encode()
        .map_err(|e| StaffError::Unavailable(format!("passkey user handle: {e}")))?;
    let transports = transports
        .encode()
        .map_err(|e| StaffError::Unavailable(format!("passkey transports: {e}")))?;
    let passkey = Passkey {
        credential_id,
        user_handle: URL_SAFE_NO_PAD.encode(user_handle),
        public_key: URL_SAFE_NO_PAD.encode(public_key),
        state: URL_SAFE_NO_PAD.encode(state),
        transports,
        created_at: now,
        last_used_at: None,
    };
    let change = AccountChange::PasskeyEnrolled {
        login: account.login.clone(),
    };
    let mut next = account.apply(&change);
    next.secrets.passkeys.push(passkey);
    let entry = AuditEntry {
        at: now,
        actor: staffer.actor(),
        change,
    };
    desk.cases.record_account(Some(&next), entry).await?;
    Ok(())
}

/// Begins a passkey sign-in: the options for `navigator.credentials.get` (no login asked: any of the team's
/// passkeys on the device may answer) and the [`PendingPasskey`] to keep.
pub async fn begin_passkey_sign_in(
    desk: &Desk,
    now: DateTime<Utc>,
) -> Result<(serde_json::Value, PendingPasskey), StaffError> {
    let rp = relying_party(desk)?;
    let (server, client) = DiscoverableCredentialRequestOptions::passkey(&rp.id)
        .start_ceremony()
        .map_err(|e| StaffError::Unavailable(format!("passkey sign-in could not begin: {e}")))?;
    let json = serde_json::to_value(&client)
        .map_err(|e| StaffError::Unavailable(format!("passkey sign-in options: {e}")))?;
    let state = server
        .encode()
        .map_err(|e| StaffError::Unavailable(format!("passkey sign-in state: {e}")))?;
    let pending = PendingPasskey {
        ceremony: Ceremony::SignIn,
        login: None,
        state: URL_SAFE_NO_PAD.encode(state),
        expires_at: now + PASSKEY_CEREMONY_VALID,
        seal: String::new(),
    };
    Ok((json, sealed(desk, pending, now).await?))
}

/// A stored passkey decoded for verification: its user handle, public key and state.
struct StoredPasskey {
    user_handle: UserHandle64,
    public_key: StaticState<StoredKey>,
    state: DynamicState,
}

/// Decodes what the store keeps of a passkey; `None` when it cannot be read.
fn decode_passkey(passkey: &Passkey) -> Option<StoredPasskey> {
    let user_handle = decode_user_handle(&passkey.user_handle)?;
    let key = URL_SAFE_NO_PAD.decode(&passkey.public_key).ok()?;
    let public_key = StaticState::<StoredKey>::decode(key.as_slice()).ok()?;
    let state: [u8; 7] = URL_SAFE_NO_PAD
        .decode(&passkey.state)
        .ok()?
        .try_into()
        .ok()?;
    let state = DynamicState::decode(state).ok()?;
    Some(StoredPasskey {
        user_handle,
        public_key,
        state,
    })
}

/// Finishes a sign-in begun by [`begin_passkey_sign_in`] with the browser's answer (`PublicKeyCredential.toJSON()`
/// of `navigator.credentials.get`, as JSON text): finds the account by the passkey's credential id (and user
/// handle), verifies the signature and the signature counter (one that does not go forward means a cloned
/// authenticator: refused), refuses a disabled account, stores the passkey's new state and opens a session.
pub async fn finish_passkey_sign_in(
    desk: &Desk,
    pending: &PendingPasskey,
    response_json: &str,
    now: DateTime<Utc>,
) -> Result<(Staffer, OneTimeToken), StaffError> {
    if pending.ceremony != Ceremony::SignIn {
        let reason = "passkey sign-in with a registration ceremony";
        return Err(refuse(desk, UNKNOWN_LOGIN, reason, NOT_VERIFIED.into(), now).await);
    }
    if now >= pending.expires_at {
        return Err(refuse_expired(desk, UNKNOWN_LOGIN, "sign-in", now).await);
    }
    let server = DiscoverableAuthenticationServerState::decode(pending_state(pending)?.as_slice())
        .map_err(|_| unreadable_pending())?;
    let authentication = DiscoverableAuthentication64::from_json_relaxed(response_json.as_bytes())
        .map_err(|e| malformed_response("sign-in", &e))?;
    if let Some(reason) = spend(desk, pending, now).await? {
        let reason = format!("passkey sign-in: {reason}");
        return Err(refuse(desk, UNKNOWN_LOGIN, &reason, NOT_VERIFIED.into(), now).await);
    }
    let credential_id = URL_SAFE_NO_PAD.encode(authentication.raw_id().as_ref());
    let found = desk
        .cases
        .accounts()
        .await?
        .into_iter()
        .find_map(|account| {
            let index = account
                .secrets
                .passkeys
                .iter()
                .position(|passkey| passkey.credential_id == credential_id)?;
            Some((account, index))
        });
    let Some((account, index)) = found else {
        let told = "sign-in refused: this passkey is not registered here; sign in another way and \
                    register it again"
            .into();
        return Err(refuse(desk, UNKNOWN_LOGIN, "unknown passkey", told, now).await);
    };
    let login = account.login.as_str();
    let Some(stored) = account.secrets.passkeys.get(index).and_then(decode_passkey) else {
        let reason = "stored passkey cannot be read";
        return Err(refuse(desk, login, reason, NOT_VERIFIED.into(), now).await);
    };
    let mut credential = match AuthenticatedCredential::new(
        authentication.raw_id(),
        &stored.user_handle,
        stored.public_key,
        stored.state,
    ) {
        Ok(credential) => credential,
        Err(error) => {
            let reason = format!("stored passkey cannot be used: {error}");
            return Err(refuse(desk, login, &reason, NOT_VERIFIED.into(), now).await);
        }
    };
    let rp = relying_party(desk)?;
    let origins = [rp.origin.as_str()];
    let options = AuthenticationVerificationOptions::<&str, &str> {
        allowed_origins: &origins,
        sig_counter_enforcement: SignatureCounterEnforcement::Fail,
        ..AuthenticationVerificationOptions::default()
    };
    match server.verify(&rp.id, &authentication, &mut credential, &options) {
        Ok(_) => {}
        Err(AuthCeremonyErr::SignatureCounter) => {
            let told = "sign-in refused: this passkey's signature counter went backwards, so the \
                        authenticator may have been copied; use another passkey and tell an admin"
                .into();
            let reason = "signature counter went backwards (cloned authenticator?)";
            return Err(refuse(desk, login, reason, told, now).await);
        }
        Err(error) => {
            let reason = format!("passkey not verified: {error}");
            return Err(refuse(desk, login, &reason, NOT_VERIFIED.into(), now).await);
        }
    }
    if account.disabled {
        let told = format!("sign-in refused: account {} is disabled", account.login);
        return Err(refuse(desk, login, "account disabled", told, now).await);
    }
    let state = credential
        .dynamic_state()
        .encode()
        .map_err(|e| StaffError::Unavailable(format!("passkey state: {e}")))?;
    let mut proven = account.clone();
    if let Some(passkey) = proven.secrets.passkeys.get_mut(index) {
        passkey.state = URL_SAFE_NO_PAD.encode(state);
        passkey.last_used_at = Some(now);
    }
    open_session(desk, &proven, SignInMethod::Passkey, now).await
}
