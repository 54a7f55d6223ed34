//! The team's OpenPGP public key (`team.openpgp_key`): an ASCII-armored key file beside the team file, which the
//! site publishes at [`OPENPGP_KEY_PATH`], names in `security.txt`'s `Encryption:` and shows on the RFC 2350
//! page with its fingerprint and expiry. The fingerprint and expiry are computed from the key, never typed in;
//! the key is read with rPGP (the `pgp` crate), its self-signatures verified, and it is refused when it cannot be
//! read, is a private key, is revoked or expired, or has nothing to encrypt to.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use pgp::composed::{Deserializable, SignedPublicKey};
use pgp::packet::{Signature, SignatureType};
use pgp::types::{KeyDetails, Tag, Timestamp};

/// Where the site publishes the key: the path RFC 9116's own example of `Encryption:` uses. A `.txt` file is
/// served as `text/plain` by every web server and bucket, so a reader's browser shows the key rather than
/// offering an unknown file type to download. (Web Key Directory, `/.well-known/openpgpkey/…`, is for keys of
/// e-mail addresses and needs a hashed path per address; a key linked from `security.txt` needs none.)
pub const OPENPGP_KEY_PATH: &str = "/pgp-key.txt";

/// The largest key file accepted: a public key with its signatures is a few kilobytes; more is not a key.
pub const OPENPGP_KEY_MAX_BYTES: usize = 256 * 1024;

/// How a key file begins when it holds a public key.
const PUBLIC_ARMOR: &str = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

/// How a key file begins when it holds a private key.
const PRIVATE_ARMOR: &str = "-----BEGIN PGP PRIVATE KEY BLOCK-----";

/// The team's public key, read and checked.
#[derive(Clone, PartialEq, Eq)]
pub struct OpenPgpKey {
    /// The file's bytes, published as they are.
    pub armored: Vec<u8>,
    /// The primary key's fingerprint in upper-case hexadecimal, e.g. `C5F6…AA2C` (40 digits for a v4 key).
    pub fingerprint: String,
    /// When the key was made.
    pub created: DateTime<Utc>,
    /// When the key expires, if it does (the newest self-signature's key expiration time).
    pub expires: Option<DateTime<Utc>>,
}

impl fmt::Debug for OpenPgpKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenPgpKey")
            .field("fingerprint", &self.fingerprint)
            .field("created", &self.created)
            .field("expires", &self.expires)
            .finish_non_exhaustive()
    }
}

fn time(timestamp: Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::from(timestamp.as_secs()), 0).unwrap_or_default()
}

/// When a key or subkey made at `created` expires under `signature`: `None` when it does not.
fn expiry(created: Timestamp, signature: &Signature) -> Option<DateTime<Utc>> {
    let seconds = signature.key_expiration_time()?.as_secs();
    (seconds > 0).then(|| time(created) + chrono::TimeDelta::seconds(i64::from(seconds)))
}

/// The newest of some signatures (by creation time).
fn newest<'a>(signatures: impl Iterator<Item = &'a Signature>) -> Option<&'a Signature> {
    signatures.max_by_key(|s| s.created().map(Timestamp::as_secs))
}

impl OpenPgpKey {
    /// Reads `bytes` as the team's public key as of `today`; the error says what is wrong and what to do.
    pub fn parse(bytes: Vec<u8>, today: NaiveDate) -> Result<OpenPgpKey, String> {
        if bytes.len() > OPENPGP_KEY_MAX_BYTES {
            return Err(format!(
                "the file has {} bytes, more than the {} KiB a public key has: export the key alone with \
                 gpg --armor --export-options export-minimal --export FINGERPRINT",
                bytes.len(),
                OPENPGP_KEY_MAX_BYTES / 1024
            ));
        }
        let text = String::from_utf8_lossy(&bytes);
        if text.contains(PRIVATE_ARMOR) || text.contains("PRIVATE KEY") {
            return Err(
                "this is a private key, which must never be published; export the public key instead: \
                 gpg --armor --export FINGERPRINT > FILE (and keep the private key off the web server)"
                    .to_owned(),
            );
        }
        if !text.contains(PUBLIC_ARMOR) {
            return Err(format!(
                "this is not an ASCII-armored OpenPGP public key (a file beginning with {PUBLIC_ARMOR}); export \
                 it with gpg --armor --export FINGERPRINT > FILE"
            ));
        }
        if text.matches(PUBLIC_ARMOR).count() > 1 {
            return Err(
                "holds more than one key block; it must hold the team's key alone (gpg --armor --export \
                 FINGERPRINT > FILE)"
                    .to_owned(),
            );
        }
        let (keys, _) = SignedPublicKey::from_armor_many(&bytes[..])
            .map_err(|e| format!("cannot be read as an OpenPGP public key: {e}"))?;
        let keys: Vec<SignedPublicKey> = keys
            .collect::<Result<_, _>>()
            .map_err(|e| format!("cannot be read as an OpenPGP public key: {e}"))?;
        let [key] = &keys[..] else {
            return Err(format!(
                "holds {} keys; it must hold the team's key alone (gpg --armor --export FINGERPRINT)",
                keys.len()
            ));
        };
        Self::check(key, bytes.clone(), today)
    }

    /// Checks a parsed key: self-signed, not revoked, not expired on `today`, with a key to encrypt to.
    fn check(
        key: &SignedPublicKey,
        armored: Vec<u8>,
        today: NaiveDate,
    ) -> Result<OpenPgpKey, String> {
        let primary = &key.primary_key;
        let fingerprint = format!("{:X}", primary.fingerprint());
        // Third-party certifications do not verify with the key itself: only its own signatures count.
        let own_signatures: Vec<&Signature> = key
            .details
            .users
            .iter()
            .flat_map(|user| {
                user.signatures.iter().filter(|s| {
                    s.verify_certification(primary, Tag::UserId, &user.id)
                        .is_ok()
                })
            })
            .chain(
                key.details
                    .direct_signatures
                    .iter()
                    .filter(|s| s.verify_key(primary).is_ok()),
            )
            .collect();
        let Some(newest_own) = newest(own_signatures.iter().copied()) else {
            return Err(format!(
                "key {fingerprint} has no valid self-signature: it is damaged or was not exported whole"
            ));
        };
        if key
            .details
            .revocation_signatures
            .iter()
            .any(|s| s.verify_key(primary).is_ok())
        {
            return Err(format!(
                "key {fingerprint} is revoked: publish the team's new key, and announce the change"
            ));
        }
        let created = time(primary.created_at());
        let expires = expiry(primary.created_at(), newest_own);
        if let Some(expires) = expires
            && expires.date_naive() <= today
        {
            return Err(format!(
                "key {fingerprint} expired on {}: extend it (gpg --quick-set-expire {fingerprint} 2y '*', then \
                 export it again) or publish the team's new key",
                expires.format("%Y-%m-%d")
            ));
        }
        let primary_encrypts =
            newest_own.key_flags().encrypt_comms() || newest_own.key_flags().encrypt_storage();
        let subkey_encrypts = key.public_subkeys.iter().any(|subkey| {
            let revoked = subkey.signatures.iter().any(|s| {
                s.typ() == Some(SignatureType::SubkeyRevocation)
                    && s.verify_subkey_binding(primary, &subkey.key).is_ok()
            });
            let binding = newest(subkey.signatures.iter().filter(|s| {
                s.typ() == Some(SignatureType::SubkeyBinding)
                    && s.verify_subkey_binding(primary, &subkey.key).is_ok()
            }));
            !revoked
                && binding.is_some_and(|binding| {
                    let flags = binding.key_flags();
                    (flags.encrypt_comms() || flags.encrypt_storage())
                        && expiry(subkey.key.created_at(), binding)
                            .is_none_or(|e| e.date_naive() > today)
                })
        });
        if !primary_encrypts && !subkey_encrypts {
            return Err(format!(
                "key {fingerprint} has no valid encryption subkey, so no one could encrypt a report to it: add \
                 one (gpg --quick-add-key {fingerprint} cv25519 encr 2y) and export the key again"
            ));
        }
        Ok(OpenPgpKey {
            armored,
            fingerprint,
            created,
            expires,
        })
    }

    /// The fingerprint in groups of four digits, as `gpg --fingerprint` shows it (without its double space), e.g.
    /// `C5F6 8558 42F5 …`.
    pub fn fingerprint_grouped(&self) -> String {
        self.fingerprint
            .as_bytes()
            .chunks(4)
            .map(|group| String::from_utf8_lossy(group).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn parse(file: &str) -> Result<OpenPgpKey, String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/team/testdata")
            .join(file);
        OpenPgpKey::parse(std::fs::read(path).unwrap(), today())
    }

    /// The fingerprints and expiry below are those `gpg --with-colons --import-options show-only --import FILE`
    /// prints for the test keys (made with GnuPG 2.2 for these tests only).
    #[test]
    fn the_fingerprint_and_expiry_are_those_gnupg_reads() {
        let key = parse("ed25519.asc").unwrap();
        assert_eq!(key.fingerprint, "C5F6855842F5340D9632CFBD8C2A0061B79AAA2C");
        assert_eq!(
            key.fingerprint_grouped(),
            "C5F6 8558 42F5 340D 9632 CFBD 8C2A 0061 B79A AA2C"
        );
        assert_eq!(key.created.timestamp(), 1_767_225_600);
        assert_eq!(key.expires.map(|e| e.timestamp()), Some(2_209_032_000));
        let rsa = parse("rsa3072.asc").unwrap();
        assert_eq!(rsa.fingerprint, "E0B4351BC389E53260C4E139106DB7340AA7625E");
        assert_eq!(rsa.expires, None);
    }

    #[test]
    fn private_expired_revoked_and_broken_keys_are_refused() {
        for (file, expected) in [
            ("private.asc", "private key"),
            ("expired.asc", "expired on 2020-12-31"),
            ("revoked.asc", "is revoked"),
        ] {
            let error = parse(file).unwrap_err();
            assert!(error.contains(expected), "{file}: {error}");
        }
        let garbage = OpenPgpKey::parse(b"hello".to_vec(), today()).unwrap_err();
        assert!(garbage.contains("not an ASCII-armored"), "{garbage}");
        let damaged =
            format!("{PUBLIC_ARMOR}\n\nbm90IGEga2V5\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n");
        let error = OpenPgpKey::parse(damaged.into_bytes(), today()).unwrap_err();
        assert!(error.contains("cannot be read"), "{error}");
        // The same key past its expiry.
        let later = NaiveDate::from_ymd_opt(2040, 1, 1).unwrap();
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/team/testdata/ed25519.asc");
        let error = OpenPgpKey::parse(std::fs::read(path).unwrap(), later).unwrap_err();
        assert!(error.contains("expired on 2040-01-01"), "{error}");
    }

    #[test]
    fn two_keys_in_one_file_are_refused() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/team/testdata");
        let mut both = std::fs::read(dir.join("ed25519.asc")).unwrap();
        both.extend(std::fs::read(dir.join("rsa3072.asc")).unwrap());
        let error = OpenPgpKey::parse(both, today()).unwrap_err();
        assert!(error.contains("more than one key"), "{error}");
    }
}
