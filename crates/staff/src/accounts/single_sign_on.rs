//! Signing in to the staff console through the team's own identity provider (OpenID Connect), when the team
//! file has a `[single_sign_on]` section: the authorization code flow with `state`, `nonce` and PKCE (S256),
//! the ID token verified in full (signature against the provider's published keys, issuer, audience, nonce,
//! expiry, access-token hash). The configured claim gives a staff login; a session opens only for an existing,
//! enabled account with that login. Single sign-on never creates an account or grants a role.
//!
//! The console calls [`begin_single_sign_on`], keeps the [`PendingSignOn`] (an HttpOnly cookie or server-side)
//! and sends the person to the URL; the provider sends them back to the redirect URL with `state` and `code`,
//! which the console hands to [`finish_single_sign_on`]. Every refusal is an entry of the account audit log,
//! without secrets; a provider that cannot be reached is [`StaffError::Unavailable`] and no refusal.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use csirt_domain::account::{AccountChange, AuditEntry, Login, SignInMethod};
use csirt_domain::case::Actor;
use csirt_domain::team::SingleSignOnSettings;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreClientAuthMethod,
    CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthType, AuthorizationCode, Client, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields,
    IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, StandardErrorResponse, StandardTokenResponse, TokenResponse,
    UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Staffer;
use super::sign_in::{open_session, refuse};
use crate::credentials::OneTimeToken;
use crate::desk::Desk;
use crate::error::StaffError;

/// How long a request to the provider may take.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(15);

/// What an audit entry names when no login is known yet.
const UNKNOWN_LOGIN: &str = "(single sign-on)";

/// What a person is told when the provider's answer cannot be trusted.
const NOT_VERIFIED: &str = "sign-in refused: the single sign-on could not be verified; start again from the \
                            sign-in page";

/// The claims of an ID token or UserInfo answer beyond the standard ones (`nip`, say), kept as they came.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct OtherClaims {
    #[serde(flatten)]
    claims: serde_json::Map<String, serde_json::Value>,
}

impl AdditionalClaims for OtherClaims {}

type IdFields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

type ProviderTokens = StandardTokenResponse<IdFields, CoreTokenType>;

/// A relying-party client built from the provider's discovery document.
type ProviderClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    ProviderTokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A single sign-on under way: what the console keeps between sending a person to the provider and their
/// return (in an HttpOnly cookie, or server-side). Serialisable; its `Debug` shows none of the secrets it holds
/// (the `state`, the `nonce` and the PKCE verifier).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingSignOn {
    /// The provider it was begun with.
    issuer: String,
    /// The client id it was begun with.
    client_id: String,
    /// Where the provider sends the person back.
    redirect_url: String,
    /// The `state` sent, which must come back.
    state: String,
    /// The `nonce` sent, which the ID token must carry.
    nonce: String,
    /// The PKCE code verifier.
    pkce_verifier: String,
}

impl PendingSignOn {
    /// Where the provider sends the person back.
    pub fn redirect_url(&self) -> &str {
        &self.redirect_url
    }

    /// The provider it was begun with.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
}

impl fmt::Debug for PendingSignOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingSignOn")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("redirect_url", &self.redirect_url)
            .field("state", &"[redacted]")
            .field("nonce", &"[redacted]")
            .field("pkce_verifier", &"[redacted]")
            .finish()
    }
}

/// The team's `[single_sign_on]` settings, or why single sign-on cannot be used.
fn settings(desk: &Desk) -> Result<&SingleSignOnSettings, StaffError> {
    desk.team.config.single_sign_on.as_ref().ok_or_else(|| {
        StaffError::Invalid(
            "single sign-on is not set up: the team file has no [single_sign_on] section".into(),
        )
    })
}

/// The client secret, from the environment variable the team file names.
fn client_secret(settings: &SingleSignOnSettings) -> Result<ClientSecret, StaffError> {
    let name = &settings.client_secret_variable;
    match std::env::var(name) {
        Ok(secret) if !secret.trim().is_empty() => Ok(ClientSecret::new(secret)),
        Ok(_) => Err(StaffError::Unavailable(format!(
            "single sign-on is not available: the environment variable {name} (named by [single_sign_on] \
             client_secret_variable) is empty; set it to the client secret the provider issued"
        ))),
        Err(_) => Err(StaffError::Unavailable(format!(
            "single sign-on is not available: the environment variable {name} (named by [single_sign_on] \
             client_secret_variable) that holds the client secret is not set"
        ))),
    }
}

/// An HTTP client for the provider: no redirects followed (they would open the console to SSRF), bounded in
/// time.
fn http_client() -> Result<reqwest::Client, StaffError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(PROVIDER_TIMEOUT)
        .connect_timeout(PROVIDER_TIMEOUT)
        .build()
        .map_err(|e| StaffError::Unavailable(format!("single sign-on: no HTTP client: {e}")))
}

/// Discovers the provider and builds the console's client of it.
async fn provider_client(
    settings: &SingleSignOnSettings,
    secret: ClientSecret,
    redirect_url: &str,
    http: &reqwest::Client,
) -> Result<ProviderClient, StaffError> {
    let issuer = IssuerUrl::new(settings.issuer.clone()).map_err(|e| {
        StaffError::Invalid(format!(
            "[single_sign_on] issuer {:?} is not a URL: {e}",
            settings.issuer
        ))
    })?;
    let metadata = CoreProviderMetadata::discover_async(issuer, http)
        .await
        .map_err(|error| {
            let detail = match &error {
                openidconnect::DiscoveryError::Validation(message) => message.clone(),
                openidconnect::DiscoveryError::Response(status, _, message) => {
                    format!("{message} (HTTP {status})")
                }
                openidconnect::DiscoveryError::Request(cause) => {
                    format!("could not be reached: {}", chain(cause))
                }
                other => other.to_string(),
            };
            StaffError::Unavailable(format!(
                "single sign-on is not available: the provider {} ([single_sign_on] issuer) did not give a usable \
                 OpenID Connect discovery document: {detail}",
                settings.issuer
            ))
        })?;
    // client_secret_basic unless the provider says it takes only client_secret_post.
    let auth_type = match metadata.token_endpoint_auth_methods_supported() {
        Some(methods)
            if !methods.contains(&CoreClientAuthMethod::ClientSecretBasic)
                && methods.contains(&CoreClientAuthMethod::ClientSecretPost) =>
        {
            AuthType::RequestBody
        }
        _ => AuthType::BasicAuth,
    };
    let redirect = RedirectUrl::new(redirect_url.to_owned())
        .map_err(|e| StaffError::Invalid(format!("redirect URL {redirect_url:?}: {e}")))?;
    Ok(ProviderClient::from_provider_metadata(
        metadata,
        ClientId::new(settings.client_id.clone()),
        Some(secret),
    )
    .set_auth_type(auth_type)
    .set_redirect_uri(redirect))
}

/// An error and its causes, on one line (none of them holds a secret: they describe transport failures).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Begins a single sign-on: discovers the team's provider (OpenID Connect discovery) and returns the URL to
/// send the person to, with a fresh `state`, `nonce` and PKCE challenge (S256), and what to keep until they
/// come back to `redirect_url` (the console's callback, as registered with the provider).
///
/// Refused as [`StaffError::Invalid`] when the team file has no `[single_sign_on]` or `redirect_url` is not
/// `http(s)`; [`StaffError::Unavailable`] when the client secret's variable is not set or the provider cannot
/// be reached.
pub async fn begin_single_sign_on(
    desk: &Desk,
    redirect_url: &url::Url,
) -> Result<(url::Url, PendingSignOn), StaffError> {
    let settings = settings(desk)?;
    if !matches!(redirect_url.scheme(), "https" | "http") {
        return Err(StaffError::Invalid(format!(
            "the single sign-on redirect URL {redirect_url} must be an https:// address of the console"
        )));
    }
    let secret = client_secret(settings)?;
    let http = http_client()?;
    let client = provider_client(settings, secret, redirect_url.as_str(), &http).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    let pending = PendingSignOn {
        issuer: settings.issuer.clone(),
        client_id: settings.client_id.clone(),
        redirect_url: redirect_url.as_str().to_owned(),
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
    };
    Ok((url, pending))
}

/// Whether two secrets are equal, compared as digests so that the time taken tells nothing.
fn same_secret(a: &str, b: &str) -> bool {
    Sha256::digest(a.as_bytes()) == Sha256::digest(b.as_bytes())
}

/// Finishes a single sign-on begun with [`begin_single_sign_on`]: `returned_state` and `code` are what the
/// provider sent back to the redirect URL. Refuses a `state` other than the one sent before anything is
/// exchanged; exchanges the code (with the PKCE verifier and the client secret); verifies the ID token (the
/// provider's signature, issuer, audience, nonce, expiry as of `now`, the access-token hash); reads the
/// configured `login_claim` (from the ID token, else the UserInfo endpoint) as a staff login; and opens a
/// console session for that account when it exists and is enabled.
///
/// Every refusal ([`StaffError::SignInRefused`]) is recorded in the account audit log; a provider that cannot
/// be reached, or a client secret whose variable is unset, is [`StaffError::Unavailable`].
pub async fn finish_single_sign_on(
    desk: &Desk,
    pending: &PendingSignOn,
    returned_state: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(Staffer, OneTimeToken), StaffError> {
    let settings = settings(desk)?;
    if !same_secret(returned_state, &pending.state) {
        return Err(refuse(
            desk,
            UNKNOWN_LOGIN,
            "single sign-on: the returned state is not the one sent",
            NOT_VERIFIED.into(),
            now,
        )
        .await);
    }
    if pending.issuer != settings.issuer || pending.client_id != settings.client_id {
        let told = "sign-in refused: single sign-on was set up differently while you signed in; start again \
                    from the sign-in page"
            .into();
        let reason = "single sign-on: begun with another issuer or client id than the team file's";
        return Err(refuse(desk, UNKNOWN_LOGIN, reason, told, now).await);
    }
    let secret = client_secret(settings)?;
    let http = http_client()?;
    let client = provider_client(settings, secret, &pending.redirect_url, &http).await?;
    let exchange = client.exchange_code(AuthorizationCode::new(code.to_owned()));
    let request = exchange.map_err(|e| {
        StaffError::Unavailable(format!(
            "single sign-on is not available: the provider {} has no token endpoint ({e})",
            settings.issuer
        ))
    })?;
    let tokens = match request
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
        .request_async(&http)
        .await
    {
        Ok(tokens) => tokens,
        Err(RequestTokenError::ServerResponse(answer)) => {
            let (reason, told) = refused_exchange(settings, &answer);
            return Err(refuse(desk, UNKNOWN_LOGIN, &reason, told, now).await);
        }
        Err(RequestTokenError::Request(cause)) => {
            return Err(StaffError::Unavailable(format!(
                "single sign-on: the provider {} could not be reached to exchange the code: {}",
                settings.issuer,
                chain(&cause)
            )));
        }
        Err(other) => {
            let reason =
                format!("single sign-on: the token endpoint's answer is unusable: {other}");
            return Err(refuse(desk, UNKNOWN_LOGIN, &reason, NOT_VERIFIED.into(), now).await);
        }
    };
    let claims = match verified_claims(&client, &tokens, &pending.nonce, now) {
        Ok(claims) => claims,
        Err(reason) => {
            let reason = format!("single sign-on: the ID token was not accepted: {reason}");
            return Err(refuse(desk, UNKNOWN_LOGIN, &reason, NOT_VERIFIED.into(), now).await);
        }
    };
    let claim = &settings.login_claim;
    let value = match claim_value(&claims.token, claim) {
        Some(value) => Some(value),
        None => user_info_claim(&client, &tokens, &claims.subject, claim, &http).await?,
    };
    let Some(value) = value else {
        let reason = format!("single sign-on: the provider gave no `{claim}` claim");
        let told = format!(
            "sign-in refused: the identity provider did not give your `{claim}`, which names your staff \
             account; ask an admin to check [single_sign_on] login_claim"
        );
        return Err(refuse(desk, UNKNOWN_LOGIN, &reason, told, now).await);
    };
    let Ok(login) = Login::parse(&value) else {
        let reason = format!("single sign-on: `{claim}` {value:?} is not a staff login");
        let told = format!(
            "sign-in refused: your `{claim}` from the identity provider, {value:?}, is not a staff login (a login \
             is 2 to 32 characters: lowercase letters, digits and . _ -); ask an admin to check \
             [single_sign_on] login_claim"
        );
        return Err(refuse(desk, &value, &reason, told, now).await);
    };
    let Some(account) = desk.cases.account(&login).await? else {
        let told = format!(
            "sign-in refused: no staff account has the login {login} that the identity provider gives you; \
             single sign-on does not create accounts: ask an admin"
        );
        return Err(refuse(
            desk,
            login.as_str(),
            "single sign-on: no such account",
            told,
            now,
        )
        .await);
    };
    if account.disabled {
        let told = format!("sign-in refused: account {} is disabled", account.login);
        return Err(refuse(
            desk,
            login.as_str(),
            "single sign-on: account disabled",
            told,
            now,
        )
        .await);
    }
    let subject = format!("{} {}", settings.issuer, claims.subject.as_str());
    let account = match &account.single_sign_on_subject {
        Some(bound) if *bound == subject => account,
        Some(_) => {
            let told = format!(
                "sign-in refused: account {} signs on as another identity at the provider; ask an admin",
                account.login
            );
            let reason = "single sign-on: the claim names an account bound to another subject";
            return Err(refuse(desk, login.as_str(), reason, told, now).await);
        }
        None => {
            let change = AccountChange::SingleSignOnBound {
                login: account.login.clone(),
                subject,
            };
            let next = account.apply(&change);
            let entry = AuditEntry {
                at: now,
                actor: Actor::Staff(account.login.actor_name()),
                change,
            };
            desk.cases.record_account(Some(&next), entry).await?;
            next
        }
    };
    open_session(desk, &account, SignInMethod::SingleSignOn, now).await
}

/// The audit reason and what the person is told when the token endpoint refused the code.
fn refused_exchange(
    settings: &SingleSignOnSettings,
    answer: &StandardErrorResponse<CoreErrorResponseType>,
) -> (String, String) {
    let code = answer.error();
    let description = answer
        .error_description()
        .map(|text| format!(" ({})", text.chars().take(200).collect::<String>()))
        .unwrap_or_default();
    let reason = format!("single sign-on: the provider refused the code: {code}{description}");
    let told = match code {
        CoreErrorResponseType::InvalidGrant => "sign-in refused: the identity provider did not accept this \
                                                sign-in (its code was used already or has expired); start \
                                                again from the sign-in page"
            .to_owned(),
        CoreErrorResponseType::InvalidClient | CoreErrorResponseType::UnauthorizedClient => format!(
            "sign-in refused: the identity provider did not accept the console's client credentials; ask an \
             admin to check [single_sign_on] client_id and the secret in {}",
            settings.client_secret_variable
        ),
        _ => NOT_VERIFIED.to_owned(),
    };
    (reason, told)
}

/// What a verified ID token says.
struct VerifiedClaims {
    /// Every claim, as JSON.
    token: serde_json::Value,
    /// Its subject.
    subject: openidconnect::SubjectIdentifier,
}

/// The ID token's claims, verified: signature against the provider's keys (and only the algorithms it
/// publishes), issuer, audience, expiry as of `now`, nonce, and the access-token hash when present. The error
/// says why not, without secrets.
fn verified_claims(
    client: &ProviderClient,
    tokens: &ProviderTokens,
    nonce: &str,
    now: DateTime<Utc>,
) -> Result<VerifiedClaims, String> {
    let id_token = tokens
        .id_token()
        .ok_or_else(|| "the token endpoint gave no ID token".to_owned())?;
    let verifier = client.id_token_verifier().set_time_fn(move || now);
    let nonce = Nonce::new(nonce.to_owned());
    let claims = id_token
        .claims(&verifier, &nonce)
        .map_err(|e| e.to_string())?;
    if let Some(expected) = claims.access_token_hash() {
        let algorithm = id_token.signing_alg().map_err(|e| e.to_string())?;
        let key = id_token.signing_key(&verifier).map_err(|e| e.to_string())?;
        let actual = AccessTokenHash::from_token(tokens.access_token(), algorithm, key)
            .map_err(|e| e.to_string())?;
        if actual != *expected {
            return Err("its at_hash does not match the access token".into());
        }
    }
    let token = serde_json::to_value(claims).map_err(|e| e.to_string())?;
    Ok(VerifiedClaims {
        token,
        subject: claims.subject().clone(),
    })
}

/// The claim `name` of `claims` as text (a number is taken as its digits), when present.
fn claim_value(claims: &serde_json::Value, name: &str) -> Option<String> {
    match claims.get(name)? {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The claim `name` from the provider's UserInfo endpoint (for the ID token's `subject`), when the provider has
/// one and gives it.
async fn user_info_claim(
    client: &ProviderClient,
    tokens: &ProviderTokens,
    subject: &openidconnect::SubjectIdentifier,
    name: &str,
    http: &reqwest::Client,
) -> Result<Option<String>, StaffError> {
    let Ok(request) = client.user_info(tokens.access_token().clone(), Some(subject.clone())) else {
        return Ok(None);
    };
    let answer: UserInfoClaims<OtherClaims, CoreGenderClaim> =
        request.request_async(http).await.map_err(|e| {
            StaffError::Unavailable(format!(
                "single sign-on: the provider's UserInfo endpoint did not answer usably: {}",
                chain(&e)
            ))
        })?;
    let claims = serde_json::to_value(&answer).map_err(|e| {
        StaffError::Unavailable(format!(
            "single sign-on: the provider's UserInfo answer: {e}"
        ))
    })?;
    Ok(claim_value(&claims, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_sign_on_shows_no_secret_and_round_trips() {
        let pending = PendingSignOn {
            issuer: "https://sso.example.go.id".into(),
            client_id: "csirt".into(),
            redirect_url: "https://csirt.example.go.id/console/sso".into(),
            state: "state-secret-123".into(),
            nonce: "nonce-secret-456".into(),
            pkce_verifier: "verifier-secret-789".into(),
        };
        let shown = format!("{pending:?}");
        assert!(shown.contains("https://sso.example.go.id"), "{shown}");
        for secret in [
            "state-secret-123",
            "nonce-secret-456",
            "verifier-secret-789",
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
        let text = serde_json::to_string(&pending).unwrap_or_default();
        let back: PendingSignOn = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, pending);
    }

    #[test]
    fn claims_are_read_as_text() {
        let claims = serde_json::json!({"preferred_username": "ayu", "nip": 1990, "groups": ["a"]});
        assert_eq!(
            claim_value(&claims, "preferred_username").as_deref(),
            Some("ayu")
        );
        assert_eq!(claim_value(&claims, "nip").as_deref(), Some("1990"));
        assert_eq!(claim_value(&claims, "groups"), None);
        assert_eq!(claim_value(&claims, "email"), None);
    }
}
