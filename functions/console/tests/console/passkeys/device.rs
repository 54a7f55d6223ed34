//! A device with a passkey, and the browser on it: 1Password's software authenticator behind its WebAuthn client
//! (pure Rust), answering the console's options as `navigator.credentials.create` / `.get` would, with the JSON
//! a browser's `PublicKeyCredential.toJSON()` sends.

use passkey_authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey_client::{Client, DefaultClientData};
use passkey_crypto::rust_crypto::RustCryptoBackend;
use passkey_types::Passkey;
use passkey_types::ctap2::{Aaguid, Ctap2Error};
use passkey_types::webauthn::{CredentialCreationOptions, CredentialRequestOptions};
use url::Url;

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

/// A device holding (at most) one passkey, made with a signature counter.
#[derive(Clone, Default)]
pub struct Device {
    passkey: Option<Passkey>,
}

impl Device {
    fn authenticator(&self) -> Authenticator<Option<Passkey>, Person, RustCryptoBackend> {
        let mut authenticator = Authenticator::new(
            Aaguid::new_empty(),
            self.passkey.clone(),
            Person,
            RustCryptoBackend,
        );
        authenticator.set_make_credentials_with_signature_counter(true);
        authenticator
    }

    /// `navigator.credentials.create` on a page of `origin`: the answer's `toJSON()`, as text.
    pub async fn create(&mut self, options: &serde_json::Value, origin: &str) -> String {
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
    pub async fn get(&mut self, options: &serde_json::Value, origin: &str) -> String {
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
