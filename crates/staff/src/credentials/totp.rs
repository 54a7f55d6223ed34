//! The second factor: RFC 6238 time-based one-time codes with the defaults every authenticator app uses
//! (HMAC-SHA-1, 6 digits, 30-second steps), computed by the `totp-rs` crate.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use totp_rs::{Algorithm, Secret, TOTP};

use super::{CredentialError, random_bytes};

/// Length of a secret in bytes (160 bits, RFC 4226's recommendation).
const SECRET_BYTES: usize = 20;
/// Digits in a code.
const DIGITS: usize = 6;
/// Length of a step in seconds.
const STEP_SECONDS: u64 = 30;

/// The secret shared with a person's authenticator app: 20 random bytes. Serialises as base32 without padding
/// (what the app is given); `Debug` is redacted and there is no `Display`.
#[derive(Clone)]
pub struct TotpSecret([u8; SECRET_BYTES]);

/// Why a TOTP code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TotpRefusal {
    /// Not exactly 6 digits (spaces aside).
    #[error("the authentication code must be exactly 6 digits")]
    Malformed,
    /// The code of a step already used to sign in: each code can be used once.
    #[error("this authentication code has already been used; wait for the next one")]
    Replayed,
    /// Not the code of the current step nor of the step either side.
    #[error(
        "the authentication code is wrong or has expired; check that your device's clock is right"
    )]
    Wrong,
}

impl TotpSecret {
    /// A new random secret, from the operating system's random number generator.
    ///
    /// # Errors
    /// [`CredentialError::Totp`] if the random number generator fails.
    pub fn generate() -> Result<Self, CredentialError> {
        let mut bytes = [0_u8; SECRET_BYTES];
        random_bytes(&mut bytes, CredentialError::Totp)?;
        Ok(Self(bytes))
    }

    /// Reads a secret in base32 (RFC 4648); case, spaces and trailing `=` padding are ignored.
    ///
    /// # Errors
    /// [`CredentialError::Totp`] unless `text` is base32 for exactly 20 bytes.
    pub fn from_base32(text: &str) -> Result<Self, CredentialError> {
        let refused =
            || CredentialError::Totp(format!("the secret must be {SECRET_BYTES} bytes in base32"));
        let normalised: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .trim_end_matches('=')
            .to_ascii_uppercase();
        let bytes = Secret::Encoded(normalised)
            .to_bytes()
            .map_err(|_| refused())?;
        let bytes = <[u8; SECRET_BYTES]>::try_from(bytes.as_slice()).map_err(|_| refused())?;
        Ok(Self(bytes))
    }

    /// The secret in base32 without padding, for a person to type into an app that cannot scan the link.
    #[must_use]
    pub fn to_base32(&self) -> String {
        self.totp().get_secret_base32()
    }

    /// The `otpauth://` link an authenticator app enrols from (usually shown as a QR code):
    /// `otpauth://totp/<issuer>:<login>?secret=<BASE32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30`,
    /// with `issuer` and `login` percent-encoded.
    #[must_use]
    pub fn otpauth_url(&self, issuer: &str, login: &str) -> String {
        let issuer = percent_encode(issuer);
        format!(
            "otpauth://totp/{issuer}:{login}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
            login = percent_encode(login),
            secret = self.to_base32(),
        )
    }

    /// The code of the step that `unix_seconds` falls in.
    #[must_use]
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp().generate(unix_seconds)
    }

    /// Checks `code` at `now_unix`: the code of the current step or of one step either side (clock drift) is
    /// accepted, once. Returns the step it matched (Unix time / 30), to keep as the new `last_used_step`.
    ///
    /// # Errors
    /// [`TotpRefusal::Malformed`] unless `code` is exactly 6 ASCII digits once spaces are removed;
    /// [`TotpRefusal::Replayed`] if it matches only steps at or before `last_used_step`;
    /// [`TotpRefusal::Wrong`] otherwise.
    pub fn check(
        &self,
        code: &str,
        now_unix: u64,
        last_used_step: Option<u64>,
    ) -> Result<u64, TotpRefusal> {
        let code = normalise_code(code).ok_or(TotpRefusal::Malformed)?;
        let totp = self.totp();
        let mut replayed = false;
        for step in drift_window(now_unix) {
            let matches = step
                .checked_mul(STEP_SECONDS)
                .is_some_and(|start| totp.check(&code, start));
            if !matches {
                continue;
            }
            if last_used_step.is_some_and(|last| step <= last) {
                replayed = true;
                continue;
            }
            return Ok(step);
        }
        Err(if replayed {
            TotpRefusal::Replayed
        } else {
            TotpRefusal::Wrong
        })
    }

    /// The RFC 6238 parameters around this secret, checking one step only (the skew is handled by [`Self::check`]).
    fn totp(&self) -> TOTP {
        TOTP::new_unchecked(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, self.0.to_vec())
    }
}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

impl Serialize for TotpSecret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base32())
    }
}

impl<'de> Deserialize<'de> for TotpSecret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_base32(&text).map_err(serde::de::Error::custom)
    }
}

/// The steps whose code is accepted at `now_unix`: the current one first, then the one before and the one after.
fn drift_window(now_unix: u64) -> impl Iterator<Item = u64> {
    let current = now_unix / STEP_SECONDS;
    [
        Some(current),
        current.checked_sub(1),
        current.checked_add(1),
    ]
    .into_iter()
    .flatten()
}

/// `code` without whitespace, if what remains is exactly 6 ASCII digits.
fn normalise_code(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// `text` percent-encoded (RFC 3986): every byte but the unreserved characters becomes `%XX`.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// The RFC 6238 SHA-1 test secret, ASCII "12345678901234567890", in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_base32(RFC_SECRET).expect("valid base32")
    }

    #[test]
    fn rfc6238_sha1_test_vectors() {
        let secret = rfc_secret();
        assert_eq!(secret.0, *b"12345678901234567890");
        // RFC 6238 appendix B gives 8 digits; the 6-digit codes are their last 6.
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(secret.code_at(time), code, "T = {time}");
        }
    }

    #[test]
    fn check_accepts_the_current_code_and_returns_its_step() {
        let secret = rfc_secret();
        assert_eq!(secret.check("287082", 59, None), Ok(1));
        assert_eq!(
            secret.check("005924", 1_234_567_890, None),
            Ok(1_234_567_890 / 30)
        );
    }

    #[test]
    fn check_accepts_one_step_of_drift_either_side() {
        let secret = rfc_secret();
        let now = 1_234_567_890;
        let step = now / 30;
        assert_eq!(
            secret.check(&secret.code_at(now - 30), now, None),
            Ok(step - 1)
        );
        assert_eq!(
            secret.check(&secret.code_at(now + 30), now, None),
            Ok(step + 1)
        );
        assert_eq!(
            secret.check(&secret.code_at(now - 60), now, None),
            Err(TotpRefusal::Wrong)
        );
        assert_eq!(
            secret.check(&secret.code_at(now + 60), now, None),
            Err(TotpRefusal::Wrong)
        );
    }

    #[test]
    fn check_accepts_at_the_epoch() {
        let secret = rfc_secret();
        assert_eq!(secret.check(&secret.code_at(0), 0, None), Ok(0));
        assert_eq!(secret.check(&secret.code_at(30), 0, None), Ok(1));
    }

    #[test]
    fn check_does_not_overflow_at_the_end_of_time() {
        let secret = rfc_secret();
        let now = u64::MAX;
        assert_eq!(secret.check(&secret.code_at(now), now, None), Ok(now / 30));
    }

    #[test]
    fn check_refuses_a_code_used_before() {
        let secret = rfc_secret();
        let now = 1_111_111_111;
        let step = secret.check("050471", now, None).expect("accepted once");
        assert_eq!(
            secret.check("050471", now, Some(step)),
            Err(TotpRefusal::Replayed)
        );
        assert_eq!(
            secret.check("050471", now + 20, Some(step)),
            Err(TotpRefusal::Replayed)
        );
        // A code of an earlier step, though within the drift window, is refused once a later one was used.
        let earlier = secret.code_at(now - 30);
        assert_eq!(
            secret.check(&earlier, now, Some(step)),
            Err(TotpRefusal::Replayed)
        );
        // The next step's code is still accepted.
        let next = secret.code_at(now + 30);
        assert_eq!(secret.check(&next, now + 30, Some(step)), Ok(step + 1));
    }

    #[test]
    fn check_refuses_a_wrong_code() {
        let secret = rfc_secret();
        assert_eq!(secret.check("287083", 59, None), Err(TotpRefusal::Wrong));
        assert_eq!(secret.check("000000", 59, None), Err(TotpRefusal::Wrong));
    }

    #[test]
    fn check_refuses_malformed_codes_and_ignores_spaces() {
        let secret = rfc_secret();
        for code in [
            "",
            "28708",
            "2870822",
            "28708a",
            "２８７０８２",
            "-28708",
            "287082\u{0}",
        ] {
            assert_eq!(
                secret.check(code, 59, None),
                Err(TotpRefusal::Malformed),
                "{code:?}"
            );
        }
        assert_eq!(secret.check(" 287 082 ", 59, None), Ok(1));
    }

    #[test]
    fn refusals_read_as_english() {
        assert_eq!(
            TotpRefusal::Malformed.to_string(),
            "the authentication code must be exactly 6 digits"
        );
        assert!(
            TotpRefusal::Replayed
                .to_string()
                .contains("already been used")
        );
        assert!(TotpRefusal::Wrong.to_string().contains("wrong"));
    }

    #[test]
    fn generated_secrets_are_20_random_bytes() {
        let one = TotpSecret::generate().expect("random");
        let two = TotpSecret::generate().expect("random");
        assert_ne!(one.0, two.0);
        assert_eq!(one.to_base32().len(), 32);
    }

    #[test]
    fn base32_round_trips_and_is_lenient_on_case_spaces_and_padding() {
        let secret = TotpSecret::generate().expect("random");
        let text = secret.to_base32();
        assert!(!text.contains('='));
        assert_eq!(
            TotpSecret::from_base32(&text).expect("reads back").0,
            secret.0
        );
        assert_eq!(rfc_secret().to_base32(), RFC_SECRET);
        let lenient = TotpSecret::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq====")
            .expect("lenient");
        assert_eq!(lenient.0, rfc_secret().0);
    }

    #[test]
    fn from_base32_refuses_other_lengths_and_alphabets() {
        for text in [
            "",
            "GEZDGNBVGY3TQOJQ",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGE",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1",
        ] {
            let error = TotpSecret::from_base32(text).expect_err(text);
            assert_eq!(error.field(), "totp");
            assert!(error.to_string().starts_with("totp: "));
        }
    }

    #[test]
    fn secret_serialises_as_base32() {
        let json = serde_json::to_string(&rfc_secret()).expect("serialises");
        assert_eq!(json, format!("\"{RFC_SECRET}\""));
        let back: TotpSecret = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back.0, rfc_secret().0);
        assert!(serde_json::from_str::<TotpSecret>("\"not base32!\"").is_err());
    }

    #[test]
    fn otpauth_url_names_issuer_and_login_percent_encoded() {
        let url = rfc_secret().otpauth_url("CSIRT Example", "ana.lopez+oncall@example.org");
        assert_eq!(
            url,
            "otpauth://totp/CSIRT%20Example:ana.lopez%2Boncall%40example.org\
             ?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=CSIRT%20Example&algorithm=SHA1&digits=6&period=30"
        );
        let colon = rfc_secret().otpauth_url("A:B", "c/d é");
        assert!(
            colon.starts_with("otpauth://totp/A%3AB:c%2Fd%20%C3%A9?"),
            "{colon}"
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = rfc_secret();
        let shown = format!("{secret:?}");
        assert_eq!(shown, "TotpSecret(<redacted>)");
        assert!(!shown.contains(RFC_SECRET));
        assert!(!shown.contains("12345678901234567890"));
        assert!(!shown.contains("49, 50, 51"));
    }
}
