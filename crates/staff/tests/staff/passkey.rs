//! Passkeys, end to end with a real software authenticator behind a WebAuthn client (1Password's
//! `passkey-authenticator` and `passkey-client`, pure Rust): the options the library gives are what the browser
//! gets, and the JSON the client answers with is what a browser's `PublicKeyCredential.toJSON()` sends. Each way
//! of getting it wrong is refused, recorded in the audit log, and opens no session.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use csirt_domain::account::{AccountChange, AuditEvent, SignInMethod};
use csirt_domain::case::Actor;
use csirt_staff::accounts::{
    PASSKEY_CEREMONY_VALID, PendingPasskey, Staffer, begin_passkey_registration,
    begin_passkey_sign_in, disable_account, finish_passkey_registration, finish_passkey_sign_in,
    revoke_sessions, session_staffer,
};
use csirt_staff::credentials::OneTimeToken;
use csirt_staff::{Desk, ErrorKind, StaffError};
use csirt_store::CaseStore;
use passkey_authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey_client::{Client, DefaultClientData};
use passkey_crypto::iana;
use passkey_crypto::rust_crypto::RustCryptoBackend;
use passkey_types::Passkey;
use passkey_types::ctap2::{Aaguid, Ctap2Error};
use passkey_types::webauthn::{CredentialCreationOptions, CredentialRequestOptions};
use url::Url;

use crate::accounts::support::{self, add, at, desk, signed_in};

/// The team's site (`base_url` of the shipped team file): the relying party.
const SITE: &str = "https://csirt.tegalkab.go.id";

/// A look-alike site that relays the console's challenges to its visitors.
const LOOKALIKE: &str = "https://csirt-tegalkab.example";

/// The person at the device: always there, and verified (as by a PIN or a fingerprint).
struct Person;

#[async_trait::async_trait]
impl UserValidationMethod for Person {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        presence: bool,
        verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence,
            verification,
        })
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(true)
    }
}

/// A device holding (at most) one passkey, made with a signature counter, and the browser on it.
#[derive(Clone)]
struct Device {
    passkey: Option<Passkey>,
    /// Only ECDSA P-256 (what most phones and laptops make), rather than the first algorithm the relying party
    /// lists that the authenticator has (Ed25519).
    es256_only: bool,
}

impl Device {
    fn new() -> Device {
        Device {
            passkey: None,
            es256_only: false,
        }
    }

    fn es256() -> Device {
        Device {
            passkey: None,
            es256_only: true,
        }
    }

    fn authenticator(&self) -> Authenticator<Option<Passkey>, Person, RustCryptoBackend> {
        let mut authenticator = Authenticator::new(
            Aaguid::new_empty(),
            self.passkey.clone(),
            Person,
            RustCryptoBackend,
        );
        authenticator.set_make_credentials_with_signature_counter(true);
        if self.es256_only {
            authenticator
                .set_algorithms(&[iana::Algorithm::ES256])
                .unwrap();
        }
        authenticator
    }

    /// `navigator.credentials.create` on a page of `origin`: the answer's `toJSON()`, as text.
    async fn create(&mut self, options: &serde_json::Value, origin: &str) -> String {
        let public_key = serde_json::from_value(options.clone()).unwrap();
        let mut client = Client::new(self.authenticator());
        let created = client
            .register(
                &Url::parse(origin).unwrap(),
                CredentialCreationOptions { public_key },
                DefaultClientData,
            )
            .await
            .unwrap();
        self.passkey = client.authenticator().store().clone();
        serde_json::to_string(&created).unwrap()
    }

    /// `navigator.credentials.get` on a page of `origin`: the answer's `toJSON()`, as text.
    async fn get(&mut self, options: &serde_json::Value, origin: &str) -> String {
        let public_key = serde_json::from_value(options.clone()).unwrap();
        let mut client = Client::new(self.authenticator());
        let assertion = client
            .authenticate(
                &Url::parse(origin).unwrap(),
                CredentialRequestOptions { public_key },
                DefaultClientData,
            )
            .await
            .unwrap();
        self.passkey = client.authenticator().store().clone();
        serde_json::to_string(&assertion).unwrap()
    }
}

/// The options as the look-alike site passes them on: under its own relying-party id (a browser refuses
/// another site's).
fn relayed(mut options: serde_json::Value) -> serde_json::Value {
    let host = Url::parse(LOOKALIKE)
        .unwrap()
        .host_str()
        .unwrap()
        .to_owned();
    if options.get("rp").is_some() {
        options["rp"]["id"] = host.into();
    } else {
        options["rpId"] = host.into();
    }
    options
}

/// Registers a passkey of `device` on `staffer`'s account.
async fn register(desk: &Desk, staffer: &Staffer, device: &mut Device, now: DateTime<Utc>) {
    let (options, pending) = begin_passkey_registration(desk, staffer, now)
        .await
        .unwrap();
    let response = device.create(&options, SITE).await;
    finish_passkey_registration(desk, staffer, &pending, &response, now)
        .await
        .unwrap();
}

/// Signs in with `device`'s passkey, on the team's site.
async fn passkey_sign_in(
    desk: &Desk,
    device: &mut Device,
    now: DateTime<Utc>,
) -> Result<(Staffer, OneTimeToken), StaffError> {
    let (options, pending) = begin_passkey_sign_in(desk, now).await.unwrap();
    let response = device.get(&options, SITE).await;
    finish_passkey_sign_in(desk, &pending, &response, now).await
}

/// Every refused sign-in of the audit log, as `login: reason`.
fn refusals(log: &[AuditEvent]) -> Vec<String> {
    log.iter()
        .filter_map(|event| match &event.change {
            AccountChange::SignInRefused { login, reason } => Some(format!("{login}: {reason}")),
            _ => None,
        })
        .collect()
}

/// The last refusal of the audit log.
async fn last_refusal(store: &Arc<dyn CaseStore>) -> String {
    refusals(&store.audit_log().await.unwrap())
        .pop()
        .expect("a refusal was recorded")
}

/// Asserts `result` is a refused sign-in whose message contains `told`.
fn assert_refused<T>(result: Result<T, StaffError>, told: &str) {
    let Err(error) = result else {
        panic!("accepted, where {told:?} was expected");
    };
    assert_eq!(error.kind(), ErrorKind::Refused, "{error}");
    assert!(matches!(error, StaffError::SignInRefused(_)), "{error:?}");
    assert!(error.to_string().contains(told), "{error}");
}

pub async fn registering_then_signing_in_with_a_passkey_opens_a_session_and_is_audited(
    store: Arc<dyn CaseStore>,
) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let (staffer, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    let mut device = Device::new();

    let (options, pending) = begin_passkey_registration(&desk, &staffer, at(2))
        .await
        .unwrap();
    assert_eq!(options["rp"]["id"], "csirt.tegalkab.go.id");
    assert_eq!(options["user"]["name"], "ayu");
    assert_eq!(options["user"]["displayName"], "Petugas ayu");
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    assert_eq!(
        options["timeout"],
        PASSKEY_CEREMONY_VALID.num_milliseconds()
    );
    assert_eq!(
        options["extensions"]["credentialProtectionPolicy"],
        "userVerificationRequired"
    );
    assert_eq!(
        options["extensions"]["enforceCredentialProtectionPolicy"], false,
        "an authenticator that cannot protect the credential is not refused by the browser"
    );
    assert_eq!(pending.login(), Some(&ayu.account.login));
    assert_eq!(pending.expires_at(), at(2) + PASSKEY_CEREMONY_VALID);
    // The console may keep the pending ceremony in a cookie: it goes out and comes back as JSON, and shows no
    // state when logged.
    let kept = serde_json::to_string(&pending).unwrap();
    let pending: PendingPasskey = serde_json::from_str(&kept).unwrap();
    let shown = format!("{pending:?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    let state = serde_json::from_str::<serde_json::Value>(&kept).unwrap()["state"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!shown.contains(&state), "{shown}");

    let response = device.create(&options, SITE).await;
    finish_passkey_registration(&desk, &staffer, &pending, &response, at(3))
        .await
        .unwrap();
    let account = store.account(&ayu.account.login).await.unwrap().unwrap();
    assert_eq!(account.secrets.passkeys.len(), 1);
    let passkey = &account.secrets.passkeys[0];
    assert_eq!(passkey.created_at, at(3));
    let shown = format!("{account:?}");
    for part in [
        &passkey.credential_id,
        &passkey.public_key,
        &passkey.user_handle,
    ] {
        assert!(!shown.contains(part.as_str()), "{shown}");
    }

    // A second passkey for the account (ECDSA P-256 this time): the first is excluded, so that no
    // authenticator makes it twice.
    let (options, pending) = begin_passkey_registration(&desk, &staffer, at(4))
        .await
        .unwrap();
    assert_eq!(
        options["excludeCredentials"][0]["id"],
        passkey.credential_id.as_str()
    );
    let mut phone = Device::es256();
    let response = phone.create(&options, SITE).await;
    let created: serde_json::Value = serde_json::from_str(&response).unwrap();
    assert_eq!(created["response"]["publicKeyAlgorithm"], -7);
    finish_passkey_registration(&desk, &staffer, &pending, &response, at(4))
        .await
        .unwrap();
    let account = store.account(&ayu.account.login).await.unwrap().unwrap();
    assert_eq!(account.secrets.passkeys.len(), 2);
    assert_eq!(
        account.secrets.passkeys[0].user_handle, account.secrets.passkeys[1].user_handle,
        "one user handle per account"
    );

    // Signing in: no login asked, the passkey says whose it is.
    let (options, pending) = begin_passkey_sign_in(&desk, at(5)).await.unwrap();
    assert_eq!(options["rpId"], "csirt.tegalkab.go.id");
    assert_eq!(options["userVerification"], "required");
    assert!(
        options
            .get("allowCredentials")
            .and_then(serde_json::Value::as_array)
            .is_none_or(Vec::is_empty),
        "{options}"
    );
    assert_eq!(pending.login(), None);
    let response = device.get(&options, SITE).await;
    let (signed, token) = finish_passkey_sign_in(&desk, &pending, &response, at(6))
        .await
        .unwrap();
    assert_eq!(signed.login(), &ayu.account.login);
    assert_eq!(signed.method(), SignInMethod::Passkey);
    let session = session_staffer(&desk, token.as_str(), at(7)).await.unwrap();
    assert_eq!(session.login(), &ayu.account.login);
    assert_eq!(session.method(), SignInMethod::Passkey);
    let account = store.account(&ayu.account.login).await.unwrap().unwrap();
    assert_eq!(account.secrets.passkeys[0].last_used_at, Some(at(6)));

    let log = store.audit_log().await.unwrap();
    assert!(refusals(&log).is_empty(), "{:?}", refusals(&log));
    let enrolled = log
        .iter()
        .find(|event| event.change.name() == "passkey_enrolled")
        .expect("passkey_enrolled is recorded");
    assert_eq!(enrolled.change.subject(), "ayu");
    assert_eq!(enrolled.actor, staffer.actor());
    assert_eq!(enrolled.at, at(3));
    let last = log.last().unwrap();
    assert_eq!(
        last.change,
        AccountChange::SignedIn {
            login: ayu.account.login.clone(),
            method: SignInMethod::Passkey,
        }
    );
    assert_eq!(last.actor, Actor::Staff(ayu.account.login.actor_name()));

    // Either passkey signs in, as often as it is used.
    let (signed, _) = passkey_sign_in(&desk, &mut phone, at(30)).await.unwrap();
    assert_eq!(signed.login(), &ayu.account.login);
    passkey_sign_in(&desk, &mut device, at(31)).await.unwrap();

    // Every session ended (a stolen one may have registered a passkey of its own): the passkeys go too.
    revoke_sessions(&desk, &signed, "ayu", at(32))
        .await
        .unwrap();
    assert!(
        session_staffer(&desk, token.as_str(), at(33))
            .await
            .is_err()
    );
    let account = store.account(&ayu.account.login).await.unwrap().unwrap();
    assert!(account.secrets.passkeys.is_empty());
    assert!(passkey_sign_in(&desk, &mut phone, at(34)).await.is_err());
}

pub async fn a_response_for_another_challenge_or_sent_twice_is_refused(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let (staffer, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    let mut device = Device::new();
    register(&desk, &staffer, &mut device, at(2)).await;

    let (first_options, first) = begin_passkey_sign_in(&desk, at(3)).await.unwrap();
    let answer = device.get(&first_options, SITE).await;
    let (_, second) = begin_passkey_sign_in(&desk, at(3)).await.unwrap();
    assert_refused(
        finish_passkey_sign_in(&desk, &second, &answer, at(4)).await,
        "the passkey could not be verified",
    );
    let reason = last_refusal(&store).await;
    assert!(reason.starts_with("ayu: passkey not verified"), "{reason}");
    assert!(reason.contains("challenge"), "{reason}");

    // The answer to its own challenge is good once; sent again, it is a replay.
    finish_passkey_sign_in(&desk, &first, &answer, at(4))
        .await
        .unwrap();
    let entries_before = store.audit_log().await.unwrap().len();
    assert_refused(
        finish_passkey_sign_in(&desk, &first, &answer, at(4)).await,
        "the passkey could not be verified",
    );
    let reason = last_refusal(&store).await;
    assert!(reason.contains("already used"), "{reason}");
    assert_eq!(
        store.audit_log().await.unwrap().len(),
        entries_before + 1,
        "the refusal alone is recorded: no session"
    );

    // A registration answer replayed against a new registration is refused the same way.
    let (options, pending) = begin_passkey_registration(&desk, &staffer, at(5))
        .await
        .unwrap();
    let mut other_device = Device::new();
    let answer = other_device.create(&options, SITE).await;
    finish_passkey_registration(&desk, &staffer, &pending, &answer, at(5))
        .await
        .unwrap();
    let (_, again) = begin_passkey_registration(&desk, &staffer, at(6))
        .await
        .unwrap();
    assert_refused(
        finish_passkey_registration(&desk, &staffer, &again, &answer, at(6)).await,
        "passkey not registered",
    );
    let reason = last_refusal(&store).await;
    assert!(reason.contains("challenge"), "{reason}");
    let account = store.account(&ayu.account.login).await.unwrap().unwrap();
    assert_eq!(account.secrets.passkeys.len(), 2);
}

pub async fn a_response_from_another_origin_is_refused(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let (staffer, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;

    // A registration made on the look-alike site is not the team's.
    let (options, pending) = begin_passkey_registration(&desk, &staffer, at(2))
        .await
        .unwrap();
    let mut phished = Device::new();
    let answer = phished.create(&relayed(options), LOOKALIKE).await;
    assert_refused(
        finish_passkey_registration(&desk, &staffer, &pending, &answer, at(2)).await,
        "passkey not registered",
    );
    let reason = last_refusal(&store).await;
    assert!(
        reason.starts_with("ayu: passkey registration not verified"),
        "{reason}"
    );
    assert!(reason.contains("origin"), "{reason}");
    let account = store.account(&ayu.account.login).await.unwrap().unwrap();
    assert!(account.secrets.passkeys.is_empty());

    // A sign-in answered on the look-alike site, relayed back to the console, is refused.
    let mut device = Device::new();
    register(&desk, &staffer, &mut device, at(3)).await;
    let (options, pending) = begin_passkey_sign_in(&desk, at(4)).await.unwrap();
    let answer = device.get(&relayed(options), LOOKALIKE).await;
    assert_refused(
        finish_passkey_sign_in(&desk, &pending, &answer, at(4)).await,
        "the passkey could not be verified",
    );
    let reason = last_refusal(&store).await;
    assert!(reason.starts_with("ayu: passkey not verified"), "{reason}");
    assert!(reason.contains("origin"), "{reason}");
}

pub async fn a_disabled_accounts_passkey_is_refused(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let (admin, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    let budi = add(&desk, Some(&admin), "budi", &["tim"]).await;
    let (staffer, _) = signed_in(&desk, "budi", budi.totp.as_ref().unwrap(), at(2)).await;
    let mut device = Device::new();
    register(&desk, &staffer, &mut device, at(3)).await;
    disable_account(&desk, &admin, "budi", at(4)).await.unwrap();
    let before = store.account(&budi.account.login).await.unwrap().unwrap();

    assert_refused(
        passkey_sign_in(&desk, &mut device, at(5)).await,
        "account budi is disabled",
    );
    assert_eq!(last_refusal(&store).await, "budi: account disabled");
    assert_eq!(
        store.account(&budi.account.login).await.unwrap(),
        Some(before),
        "nothing of the account changes"
    );
    // Nor can a passkey be added to it.
    assert!(
        begin_passkey_registration(&desk, &staffer, at(6))
            .await
            .is_err()
    );
}

pub async fn a_signature_counter_that_goes_backwards_is_refused(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let (staffer, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    let mut device = Device::new();
    register(&desk, &staffer, &mut device, at(2)).await;
    passkey_sign_in(&desk, &mut device, at(3)).await.unwrap();

    // Someone copies the authenticator's key (and its counter as it is now); the owner signs in twice more.
    let mut copy = device.clone();
    passkey_sign_in(&desk, &mut device, at(4)).await.unwrap();
    passkey_sign_in(&desk, &mut device, at(5)).await.unwrap();
    let before = store.account(&ayu.account.login).await.unwrap().unwrap();

    assert_refused(
        passkey_sign_in(&desk, &mut copy, at(6)).await,
        "signature counter went backwards",
    );
    let reason = last_refusal(&store).await;
    assert!(
        reason.starts_with("ayu: signature counter went backwards"),
        "{reason}"
    );
    assert_eq!(
        store.account(&ayu.account.login).await.unwrap(),
        Some(before),
        "the stored counter stays where the genuine authenticator left it"
    );
    // The genuine authenticator still signs in.
    passkey_sign_in(&desk, &mut device, at(7)).await.unwrap();
}

pub async fn an_expired_pending_ceremony_is_refused(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let (staffer, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    let mut device = Device::new();

    let (options, pending) = begin_passkey_registration(&desk, &staffer, at(2))
        .await
        .unwrap();
    let answer = device.create(&options, SITE).await;
    let late = at(2) + PASSKEY_CEREMONY_VALID;
    assert_refused(
        finish_passkey_registration(&desk, &staffer, &pending, &answer, late).await,
        "more than 5 minutes passed",
    );
    assert_eq!(last_refusal(&store).await, "ayu: passkey ceremony expired");
    let account = store.account(&ayu.account.login).await.unwrap().unwrap();
    assert!(account.secrets.passkeys.is_empty());

    register(&desk, &staffer, &mut device, at(10)).await;
    let (options, pending) = begin_passkey_sign_in(&desk, at(11)).await.unwrap();
    let answer = device.get(&options, SITE).await;
    let late = at(11) + PASSKEY_CEREMONY_VALID + chrono::TimeDelta::seconds(1);
    assert_refused(
        finish_passkey_sign_in(&desk, &pending, &answer, late).await,
        "sign-in refused: more than 5 minutes passed since it began; start again",
    );
    assert_eq!(
        last_refusal(&store).await,
        "(passkey): passkey ceremony expired"
    );
}

pub async fn an_unknown_passkey_is_refused(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    add(&desk, None, "ayu", &["admin", "tim"]).await;

    // A passkey registered with another installation (same site, another store) is not known here.
    let (other_store, _dir) = support::sqlite();
    let other = support::desk(&other_store, "tegal");
    let ayu = add(&other, None, "ayu", &["admin", "tim"]).await;
    let (staffer, _) = signed_in(&other, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    let mut device = Device::new();
    register(&other, &staffer, &mut device, at(2)).await;

    assert_refused(
        passkey_sign_in(&desk, &mut device, at(3)).await,
        "this passkey is not registered here",
    );
    assert_eq!(last_refusal(&store).await, "(passkey): unknown passkey");
}

pub async fn a_pending_ceremony_serves_only_its_own_kind_and_account(store: Arc<dyn CaseStore>) {
    let desk = desk(&store, "tegal");
    let ayu = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let (admin, _) = signed_in(&desk, "ayu", ayu.totp.as_ref().unwrap(), at(1)).await;
    let budi = add(&desk, Some(&admin), "budi", &["tim"]).await;
    let (budi_staffer, _) = signed_in(&desk, "budi", budi.totp.as_ref().unwrap(), at(2)).await;
    let mut device = Device::new();

    // Ayu's registration cannot be finished by Budi's session.
    let (options, pending) = begin_passkey_registration(&desk, &admin, at(3))
        .await
        .unwrap();
    let answer = device.create(&options, SITE).await;
    assert_refused(
        finish_passkey_registration(&desk, &budi_staffer, &pending, &answer, at(3)).await,
        "not begun for your account",
    );
    assert_eq!(
        last_refusal(&store).await,
        "budi: passkey registration for another ceremony"
    );

    // A registration's pending state does not finish a sign-in.
    register(&desk, &admin, &mut device, at(4)).await;
    let (options, _) = begin_passkey_sign_in(&desk, at(5)).await.unwrap();
    let answer = device.get(&options, SITE).await;
    let (_, registration) = begin_passkey_registration(&desk, &admin, at(5))
        .await
        .unwrap();
    assert_refused(
        finish_passkey_sign_in(&desk, &registration, &answer, at(5)).await,
        "the passkey could not be verified",
    );

    // Neither does one that was not issued here (a forged or altered cookie), nor a response that is not
    // WebAuthn at all, which is named as the field it is.
    let (_, pending) = begin_passkey_sign_in(&desk, at(6)).await.unwrap();
    let mut forged = serde_json::to_value(&pending).unwrap();
    forged["state"] = "AAAA".into();
    let forged: PendingPasskey = serde_json::from_value(forged).unwrap();
    let error = finish_passkey_sign_in(&desk, &forged, &answer, at(6))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid, "{error}");
    assert!(error.to_string().starts_with("pending passkey"), "{error}");
    let error = finish_passkey_sign_in(&desk, &pending, "{\"id\": 1}", at(6))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid, "{error}");
    assert!(error.to_string().starts_with("passkey response"), "{error}");

    // A pending ceremony altered on its way (a cookie the browser changed) is one never issued: a later
    // expiry...
    let (options, pending) = begin_passkey_sign_in(&desk, at(7)).await.unwrap();
    let answer = device.get(&options, SITE).await;
    let mut altered = serde_json::to_value(&pending).unwrap();
    altered["expires_at"] = serde_json::to_value(at(60)).unwrap();
    let altered: PendingPasskey = serde_json::from_value(altered).unwrap();
    // Sent again and again, an altered ceremony is never taken for one issued and spent once.
    for _ in 0..3 {
        assert_refused(
            finish_passkey_sign_in(&desk, &altered, &answer, at(8)).await,
            "the passkey could not be verified",
        );
        let reason = last_refusal(&store).await;
        assert!(reason.contains("altered"), "{reason}");
    }
    // ... (while the genuine one still serves)...
    finish_passkey_sign_in(&desk, &pending, &answer, at(8))
        .await
        .unwrap();
    // ... or another account's registration taken over.
    let (options, pending) = begin_passkey_registration(&desk, &admin, at(9))
        .await
        .unwrap();
    let answer = Device::new().create(&options, SITE).await;
    let mut altered = serde_json::to_value(&pending).unwrap();
    altered["login"] = "budi".into();
    let altered: PendingPasskey = serde_json::from_value(altered).unwrap();
    assert_refused(
        finish_passkey_registration(&desk, &budi_staffer, &altered, &answer, at(9)).await,
        "passkey not registered",
    );
    let reason = last_refusal(&store).await;
    assert!(reason.starts_with("budi: passkey registration"), "{reason}");
    assert!(reason.contains("altered"), "{reason}");
    let budi = store.account(&budi.account.login).await.unwrap().unwrap();
    assert!(budi.secrets.passkeys.is_empty());
}

on_both_stores!(
    registering_then_signing_in_with_a_passkey_opens_a_session_and_is_audited,
    a_response_for_another_challenge_or_sent_twice_is_refused,
    a_response_from_another_origin_is_refused,
    a_disabled_accounts_passkey_is_refused,
    a_signature_counter_that_goes_backwards_is_refused,
    an_expired_pending_ceremony_is_refused,
    an_unknown_passkey_is_refused,
    a_pending_ceremony_serves_only_its_own_kind_and_account,
);
