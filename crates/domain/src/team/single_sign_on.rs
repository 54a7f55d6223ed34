//! The `[single_sign_on]` section of the team file: signing in to the staff console through the Pemda's own
//! identity provider (OpenID Connect). Optional; when present, a person signs in through the provider only if an
//! enabled staff account has the login the provider's `login_claim` gives: single sign-on never creates an
//! account or grants a role. The client secret is never in the team file: the file names the environment
//! variable that holds it.

use std::net::IpAddr;

use serde::Deserialize;

/// The environment variable holding the client secret when `client_secret_variable` is not set.
pub const DEFAULT_CLIENT_SECRET_VARIABLE: &str = "CSIRT_SSO_CLIENT_SECRET";

/// The claim that gives the staff login when `login_claim` is not set.
pub const DEFAULT_LOGIN_CLAIM: &str = "preferred_username";

/// The longest `label` (the sign-in button's text) accepted.
pub const LABEL_MAX: usize = 60;

/// Claims of the ID token's protocol, which say nothing about who the person is: never a login.
const PROTOCOL_CLAIMS: [&str; 11] = [
    "iss",
    "aud",
    "exp",
    "iat",
    "nbf",
    "nonce",
    "azp",
    "auth_time",
    "acr",
    "at_hash",
    "c_hash",
];

/// How the staff console signs people in through the team's OpenID Connect provider.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SingleSignOnSettings {
    /// The provider's issuer identifier, exactly as its discovery document (`/.well-known/openid-configuration`)
    /// states it, e.g. `https://sso.tegalkab.go.id/realms/pemda`: `https://`, or `http://` only on a loopback
    /// host (a provider on this machine, for tests).
    pub issuer: String,
    /// The client id the provider registered for the console.
    pub client_id: String,
    /// The name of the environment variable holding the client secret (never the secret itself).
    #[serde(default = "default_client_secret_variable")]
    pub client_secret_variable: String,
    /// The claim whose value is the staff login, e.g. `preferred_username`, `email` or `nip`; read from the ID
    /// token, else from the provider's UserInfo endpoint.
    #[serde(default = "default_login_claim")]
    pub login_claim: String,
    /// The sign-in button's text, e.g. `Masuk dengan SSO Pemda`; the console has its own when unset.
    #[serde(default)]
    pub label: Option<String>,
}

fn default_client_secret_variable() -> String {
    DEFAULT_CLIENT_SECRET_VARIABLE.into()
}

fn default_login_claim() -> String {
    DEFAULT_LOGIN_CLAIM.into()
}

impl SingleSignOnSettings {
    /// Checks what deserialising cannot: an issuer the console may trust, a client id, a variable name (not a
    /// secret), a claim that can name a person, a short label. Returns every problem, each naming its key.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if let Err(problem) = check_issuer(&self.issuer) {
            problems.push(format!("[single_sign_on] issuer {problem}"));
        }
        if self.client_id.trim().is_empty() {
            problems.push("[single_sign_on] client_id must not be empty".into());
        } else if self
            .client_id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            problems.push(
                "[single_sign_on] client_id must not contain spaces or control characters".into(),
            );
        }
        if !is_variable_name(&self.client_secret_variable) {
            problems.push(
                "[single_sign_on] client_secret_variable must be the NAME of an environment variable \
                 (letters, digits and _, not starting with a digit), e.g. CSIRT_SSO_CLIENT_SECRET: the \
                 secret itself never goes in the team file"
                    .into(),
            );
        }
        if let Err(problem) = check_claim(&self.login_claim) {
            problems.push(format!("[single_sign_on] login_claim {problem}"));
        }
        if let Some(label) = &self.label {
            let length = label.trim().chars().count();
            if length == 0 {
                problems.push("[single_sign_on] label must not be empty when set".into());
            } else if length > LABEL_MAX || label.chars().any(char::is_control) {
                problems.push(format!(
                    "[single_sign_on] label must be one line of at most {LABEL_MAX} characters"
                ));
            }
        }
        problems
    }

    /// The sign-in button's text: `label`, else `default`.
    pub fn label_or<'a>(&'a self, default: &'a str) -> &'a str {
        self.label.as_deref().map_or(default, str::trim)
    }
}

/// Why `issuer` cannot be trusted as a provider, if it cannot.
fn check_issuer(issuer: &str) -> Result<(), String> {
    if issuer.trim() != issuer || issuer.is_empty() {
        return Err(format!(
            "{issuer:?} must be the provider's URL, without spaces"
        ));
    }
    let url = url::Url::parse(issuer).map_err(|e| format!("{issuer:?} is not a URL: {e}"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "must not contain a user name or password: the client secret comes from \
             client_secret_variable"
                .into(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{issuer:?} must not have a query (?) or fragment (#): an issuer is a plain https:// URL"
        ));
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&url) => Ok(()),
        "http" => Err(format!(
            "{issuer:?} must start with https:// (http:// is accepted only for a provider on this machine: \
             localhost, 127.0.0.1 or [::1])"
        )),
        _ => Err(format!("{issuer:?} must start with https://")),
    }
}

/// Whether `url`'s host is this machine.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Whether `name` is an environment variable's name (POSIX: letters, digits and `_`, not starting with a
/// digit).
fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Why `claim` cannot name a person, if it cannot.
fn check_claim(claim: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_-.:".contains(c);
    if claim.is_empty() || !claim.chars().all(allowed) {
        return Err(format!(
            "{claim:?} must be a claim name (letters, digits and _ - . :), e.g. preferred_username, email or nip"
        ));
    }
    if PROTOCOL_CLAIMS.contains(&claim) {
        return Err(format!(
            "{claim:?} is a claim of the sign-in protocol, not of the person: use one naming the person, e.g. \
             preferred_username, email or nip"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::TeamFile;

    fn parse(section: &str) -> SingleSignOnSettings {
        toml::from_str(section).unwrap()
    }

    fn problems(section: &str) -> String {
        parse(section).problems().join("\n")
    }

    #[test]
    fn defaults_fill_the_variable_and_claim() {
        let settings = parse(
            "issuer = \"https://sso.tegalkab.go.id/realms/pemda\"\nclient_id = \"csirt-console\"",
        );
        assert_eq!(settings.issuer, "https://sso.tegalkab.go.id/realms/pemda");
        assert_eq!(settings.client_secret_variable, "CSIRT_SSO_CLIENT_SECRET");
        assert_eq!(settings.login_claim, "preferred_username");
        assert_eq!(settings.label, None);
        assert_eq!(settings.label_or("Masuk dengan SSO"), "Masuk dengan SSO");
        assert!(settings.problems().is_empty(), "{:?}", settings.problems());
    }

    #[test]
    fn every_setting_can_be_given() {
        let settings = parse(
            "issuer = \"http://127.0.0.1:9400\"\nclient_id = \"csirt\"\n\
             client_secret_variable = \"PEMDA_SSO_SECRET\"\nlogin_claim = \"nip\"\n\
             label = \"Masuk dengan SSO Pemda\"",
        );
        assert!(settings.problems().is_empty(), "{:?}", settings.problems());
        assert_eq!(settings.client_secret_variable, "PEMDA_SSO_SECRET");
        assert_eq!(settings.login_claim, "nip");
        assert_eq!(settings.label_or("x"), "Masuk dengan SSO Pemda");
        for loopback in [
            "http://localhost:8080/",
            "http://[::1]:9400",
            "http://127.0.0.2",
        ] {
            let text = format!("issuer = \"{loopback}\"\nclient_id = \"c\"");
            assert_eq!(problems(&text), "", "{loopback}");
        }
    }

    #[test]
    fn an_issuer_must_be_https_unless_on_this_machine() {
        let plain = problems("issuer = \"http://sso.tegalkab.go.id\"\nclient_id = \"c\"");
        assert!(
            plain.starts_with(
                "[single_sign_on] issuer \"http://sso.tegalkab.go.id\" must start with https://"
            ),
            "{plain}"
        );
        let not_url = problems("issuer = \"sso.tegalkab.go.id\"\nclient_id = \"c\"");
        assert!(
            not_url.starts_with("[single_sign_on] issuer \"sso.tegalkab.go.id\" is not a URL"),
            "{not_url}"
        );
        let other = problems("issuer = \"ftp://sso.tegalkab.go.id\"\nclient_id = \"c\"");
        assert!(other.contains("must start with https://"), "{other}");
        let credentials =
            problems("issuer = \"https://csirt:rahasia@sso.tegalkab.go.id\"\nclient_id = \"c\"");
        assert!(
            credentials.contains("must not contain a user name or password"),
            "{credentials}"
        );
        assert!(
            !credentials.contains("rahasia"),
            "no secret echoed: {credentials}"
        );
        let query = problems("issuer = \"https://sso.tegalkab.go.id/?realm=x\"\nclient_id = \"c\"");
        assert!(query.contains("must not have a query"), "{query}");
    }

    #[test]
    fn client_variable_claim_and_label_are_checked() {
        let all = problems(
            "issuer = \"https://sso.example.go.id\"\nclient_id = \" \"\n\
             client_secret_variable = \"s3cr3t-v@lue!\"\nlogin_claim = \"nonce\"\nlabel = \"\"",
        );
        let lines: Vec<&str> = all.lines().collect();
        assert_eq!(lines.len(), 4, "{all}");
        assert_eq!(lines[0], "[single_sign_on] client_id must not be empty");
        assert!(lines[1].starts_with("[single_sign_on] client_secret_variable must be the NAME"));
        assert!(
            !lines[1].contains("s3cr3t"),
            "the value is not echoed: it may be a secret"
        );
        assert!(lines[2].starts_with(
            "[single_sign_on] login_claim \"nonce\" is a claim of the sign-in protocol"
        ));
        assert_eq!(
            lines[3],
            "[single_sign_on] label must not be empty when set"
        );
        let claim = problems(
            "issuer = \"https://sso.example.go.id\"\nclient_id = \"c\"\nlogin_claim = \"nama lengkap\"",
        );
        assert!(claim.contains("must be a claim name"), "{claim}");
        let digit = problems(
            "issuer = \"https://sso.example.go.id\"\nclient_id = \"c\"\nclient_secret_variable = \"1SECRET\"",
        );
        assert!(digit.contains("client_secret_variable"), "{digit}");
    }

    #[test]
    fn unknown_and_missing_keys_are_refused() {
        let unknown = toml::from_str::<SingleSignOnSettings>(
            "issuer = \"https://sso.example.go.id\"\nclient_id = \"c\"\nclient_secret = \"rahasia\"",
        )
        .unwrap_err();
        assert!(
            unknown
                .to_string()
                .contains("unknown field `client_secret`"),
            "{unknown}"
        );
        let missing =
            toml::from_str::<SingleSignOnSettings>("issuer = \"https://sso.example.go.id\"")
                .unwrap_err();
        assert!(
            missing.to_string().contains("missing field `client_id`"),
            "{missing}"
        );
    }

    fn team_file_with(section: &str) -> Result<TeamFile, crate::team::TeamFileError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let shipped =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/config.toml");
        let text = std::fs::read_to_string(shipped).unwrap();
        std::fs::write(&path, format!("{text}\n{section}")).unwrap();
        TeamFile::load(&path)
    }

    #[test]
    fn the_team_file_loads_with_and_without_single_sign_on() {
        let without = team_file_with("").unwrap();
        assert_eq!(without.config.single_sign_on, None);
        let with = team_file_with(
            "[single_sign_on]\nissuer = \"https://sso.tegalkab.go.id\"\nclient_id = \"csirt-console\"\n",
        )
        .unwrap();
        let settings = with.config.single_sign_on.unwrap();
        assert_eq!(settings.client_id, "csirt-console");
        assert_eq!(settings.login_claim, "preferred_username");
    }

    #[test]
    fn the_team_file_is_refused_with_a_bad_section_named() {
        let error = team_file_with(
            "[single_sign_on]\nissuer = \"http://sso.tegalkab.go.id\"\nclient_id = \"\"\n",
        )
        .unwrap_err();
        assert!(
            error.message.contains(
                "[single_sign_on] issuer \"http://sso.tegalkab.go.id\" must start with https://"
            ) && error
                .message
                .contains("[single_sign_on] client_id must not be empty"),
            "{error}"
        );
        let unknown = team_file_with(
            "[single_sign_on]\nissuer = \"https://sso.tegalkab.go.id\"\nclient_id = \"c\"\nsecret = \"x\"\n",
        )
        .unwrap_err();
        assert!(
            unknown.message.contains("unknown field `secret`"),
            "{unknown}"
        );
    }
}
