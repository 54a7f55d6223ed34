//! Where messages go, from the environment: `CSIRT_MAIL` (`smtp`, `ses` or `off`; `smtp` when
//! `CSIRT_SMTP_URL` is set), `CSIRT_SMTP_URL` (`smtp://user:password@host:587?tls=required` for STARTTLS,
//! `smtps://user:password@host:465` for TLS, plain `smtp://127.0.0.1:25` to a relay on loopback only),
//! `CSIRT_MAIL_FROM`,
//! `CSIRT_TEAM_EMAIL`, `CSIRT_WEBHOOK_URL` (a Slack-style incoming webhook or a Telegram bot's
//! `sendMessage` address with `chat_id`), `CSIRT_SITE_URL` (the public site, for status links),
//! `CSIRT_STAFF_URL` (where staff open a case; `{code}` is replaced), `CSIRT_TEAM_LANG` (`id` or `en`),
//! `CSIRT_REPORTER_MAIL_LIMIT` (e-mails to one reporter address a day, or `off`).

use csirt_domain::lang::Lang;
use csirt_domain::setting::SettingsError;
use url::Url;

/// How e-mail is sent. Its `Debug` never shows the SMTP URL's user, password, path or query.
#[derive(Clone, PartialEq, Eq)]
pub enum MailSettings {
    /// No e-mail.
    Off,
    /// Through an SMTP server.
    Smtp {
        /// `smtp://…` or `smtps://…`.
        url: String,
    },
    /// Through Amazon SES (the AWS SDK's own variables apply).
    Ses,
}

/// Everything the notifier needs to know. Its `Debug` shows the SMTP server and the webhook's scheme and host
/// only: the SMTP URL carries a password, a webhook's address is itself the secret (a bot token, a signed path).
#[derive(Clone, PartialEq, Eq)]
pub struct NotifySettings {
    /// How e-mail is sent.
    pub mail: MailSettings,
    /// The sender address.
    pub from: Option<String>,
    /// The team's address.
    pub team_email: Option<String>,
    /// The chat webhook.
    pub webhook: Option<Url>,
    /// The public site, e.g. `https://csirt.tegalkab.go.id`, without a trailing slash.
    pub site_url: String,
    /// Where staff open a case; `{code}` is replaced by the tracking code.
    pub staff_url: String,
    /// The language of messages to the team.
    pub team_lang: Lang,
    /// How many e-mails one reporter address may get a day (`CSIRT_REPORTER_MAIL_LIMIT`); `None` when off.
    pub reporter_mail_limit: Option<u32>,
}

/// The default number of e-mails one reporter address may get a day: an acknowledgement, a closing message and
/// a few notices of the team's messages, but not a flood of acknowledgements of reports filed by someone else.
pub const DEFAULT_REPORTER_MAIL_LIMIT: u32 = 5;

/// A URL as it may be printed: its scheme, host and port, never its user, password, path, query or fragment
/// (`smtps://mail.contoh.go.id:465/…`). Text that is not a URL is not shown at all.
pub fn redacted_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(url) => {
            let host = url.host_str().unwrap_or("?");
            let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
            format!("{}://{host}{port}/…", url.scheme())
        }
        Err(_) => "(not a URL)".to_owned(),
    }
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailSettings::Off => f.write_str("Off"),
            MailSettings::Smtp { url } => f
                .debug_struct("Smtp")
                .field("url", &redacted_url(url))
                .finish(),
            MailSettings::Ses => f.write_str("Ses"),
        }
    }
}

impl std::fmt::Debug for NotifySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotifySettings")
            .field("mail", &self.mail)
            .field("from", &self.from)
            .field("team_email", &self.team_email)
            .field(
                "webhook",
                &self.webhook.as_ref().map(|url| redacted_url(url.as_str())),
            )
            .field("site_url", &self.site_url)
            .field("staff_url", &self.staff_url)
            .field("team_lang", &self.team_lang)
            .field("reporter_mail_limit", &self.reporter_mail_limit)
            .finish()
    }
}

fn invalid(variable: &'static str, message: impl Into<String>) -> SettingsError {
    SettingsError::new(variable, message)
}

impl NotifySettings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(&|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the settings through `lookup`.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let smtp_url = lookup("CSIRT_SMTP_URL");
        let mail = match (lookup("CSIRT_MAIL").as_deref(), smtp_url) {
            (Some("off"), _) | (None, None) => MailSettings::Off,
            (Some("smtp") | None, Some(url)) => {
                let parsed = Url::parse(&url)
                    .map_err(|e| invalid("CSIRT_SMTP_URL", format!("not a URL: {e}")))?;
                if !matches!(parsed.scheme(), "smtp" | "smtps") {
                    return Err(invalid(
                        "CSIRT_SMTP_URL",
                        "must start with smtp:// or smtps://",
                    ));
                }
                let tls = parsed.scheme() == "smtps"
                    || parsed
                        .query_pairs()
                        .any(|(k, v)| k == "tls" && v == "required");
                let loopback = matches!(
                    parsed.host_str(),
                    Some("127.0.0.1" | "::1" | "[::1]" | "localhost")
                );
                if !tls && !loopback {
                    return Err(invalid(
                        "CSIRT_SMTP_URL",
                        "e-mail leaves this machine without encryption: use smtps://…:465 or smtp://…:587?tls=required",
                    ));
                }
                MailSettings::Smtp { url }
            }
            (Some("smtp"), None) => {
                return Err(invalid("CSIRT_SMTP_URL", "required when CSIRT_MAIL=smtp"));
            }
            (Some("ses"), _) => MailSettings::Ses,
            (Some(other), _) => {
                return Err(invalid(
                    "CSIRT_MAIL",
                    format!("{other:?} is not smtp, ses or off"),
                ));
            }
        };
        let from = lookup("CSIRT_MAIL_FROM");
        let team_email = lookup("CSIRT_TEAM_EMAIL");
        if mail != MailSettings::Off {
            if from.is_none() {
                return Err(invalid("CSIRT_MAIL_FROM", "required when e-mail is on"));
            }
            if team_email.is_none() {
                return Err(invalid("CSIRT_TEAM_EMAIL", "required when e-mail is on"));
            }
        }
        let webhook = lookup("CSIRT_WEBHOOK_URL")
            .map(|raw| {
                let url = Url::parse(&raw)
                    .map_err(|e| invalid("CSIRT_WEBHOOK_URL", format!("not a URL: {e}")))?;
                if !matches!(url.scheme(), "https" | "http") {
                    return Err(invalid("CSIRT_WEBHOOK_URL", "must be an http(s) address"));
                }
                Ok(url)
            })
            .transpose()?;
        let site_url = lookup("CSIRT_SITE_URL")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned();
        let staff_url =
            lookup("CSIRT_STAFF_URL").unwrap_or_else(|| "csirt case show {code}".into());
        let team_lang = match lookup("CSIRT_TEAM_LANG") {
            None => Lang::default(),
            Some(code) => code
                .parse::<Lang>()
                .map_err(|message| invalid("CSIRT_TEAM_LANG", message))?,
        };
        let reporter_mail_limit = match lookup("CSIRT_REPORTER_MAIL_LIMIT").as_deref() {
            None => Some(DEFAULT_REPORTER_MAIL_LIMIT),
            Some("off") => None,
            Some(text) => Some(
                text.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|limit| *limit > 0)
                    .ok_or_else(|| {
                        invalid(
                            "CSIRT_REPORTER_MAIL_LIMIT",
                            format!("{text:?} is not a number of e-mails a day (e.g. 5) or off"),
                        )
                    })?,
            ),
        };
        Ok(NotifySettings {
            mail,
            from,
            team_email,
            webhook,
            site_url,
            staff_url,
            team_lang,
            reporter_mail_limit,
        })
    }

    /// Whether any message can be sent at all.
    pub fn is_on(&self) -> bool {
        self.mail != MailSettings::Off || self.webhook.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<NotifySettings, SettingsError> {
        NotifySettings::from_lookup(&|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn nothing_configured_sends_nothing() {
        let settings = read(&[]).unwrap();
        assert!(!settings.is_on());
        assert_eq!(settings.staff_url, "csirt case show {code}");
    }

    #[test]
    fn smtp_needs_a_sender_and_the_team_and_names_what_is_missing() {
        let error = read(&[(
            "CSIRT_SMTP_URL",
            "smtp://mail.contoh.go.id:587?tls=required",
        )])
        .unwrap_err();
        assert_eq!(error.variable, "CSIRT_MAIL_FROM");
        let plain = read(&[("CSIRT_SMTP_URL", "smtp://mail.contoh.go.id:25")]).unwrap_err();
        assert!(plain.message.contains("without encryption"), "{plain}");
        let error = read(&[
            ("CSIRT_SMTP_URL", "smtps://mail.contoh.go.id:465"),
            ("CSIRT_MAIL_FROM", "csirt@contoh.go.id"),
        ])
        .unwrap_err();
        assert_eq!(error.variable, "CSIRT_TEAM_EMAIL");
        let error = read(&[("CSIRT_SMTP_URL", "http://x")]).unwrap_err();
        assert_eq!(error.variable, "CSIRT_SMTP_URL");
        let error = read(&[("CSIRT_MAIL", "pigeon")]).unwrap_err();
        assert!(error.to_string().contains("pigeon"));
    }

    #[test]
    fn ses_and_a_webhook_are_read() {
        let settings = read(&[
            ("CSIRT_MAIL", "ses"),
            ("CSIRT_MAIL_FROM", "csirt@contoh.go.id"),
            ("CSIRT_TEAM_EMAIL", "tim@contoh.go.id"),
            (
                "CSIRT_WEBHOOK_URL",
                "https://hooks.slack.com/services/T/B/X",
            ),
            ("CSIRT_SITE_URL", "https://csirt.contoh.go.id/"),
        ])
        .unwrap();
        assert_eq!(settings.mail, MailSettings::Ses);
        assert_eq!(settings.site_url, "https://csirt.contoh.go.id");
        assert!(settings.webhook.is_some());
    }

    #[test]
    fn the_reporter_mail_limit_is_a_count_a_day_or_off() {
        assert_eq!(
            read(&[]).unwrap().reporter_mail_limit,
            Some(DEFAULT_REPORTER_MAIL_LIMIT)
        );
        assert_eq!(
            read(&[("CSIRT_REPORTER_MAIL_LIMIT", "2")])
                .unwrap()
                .reporter_mail_limit,
            Some(2)
        );
        assert_eq!(
            read(&[("CSIRT_REPORTER_MAIL_LIMIT", "off")])
                .unwrap()
                .reporter_mail_limit,
            None
        );
        for bad in ["0", "five", "-1"] {
            let error = read(&[("CSIRT_REPORTER_MAIL_LIMIT", bad)]).unwrap_err();
            assert_eq!(error.variable, "CSIRT_REPORTER_MAIL_LIMIT", "{bad}");
        }
    }

    #[test]
    fn the_team_language_is_read_by_its_code() {
        assert_eq!(read(&[]).unwrap().team_lang, Lang::Id);
        assert_eq!(
            read(&[("CSIRT_TEAM_LANG", "en")]).unwrap().team_lang,
            Lang::En
        );
        let error = read(&[("CSIRT_TEAM_LANG", "fr")]).unwrap_err();
        assert_eq!(error.variable, "CSIRT_TEAM_LANG");
        assert!(error.message.contains("\"fr\""), "{error}");
    }

    #[test]
    fn debug_shows_no_password_and_no_token() {
        let settings = read(&[
            (
                "CSIRT_SMTP_URL",
                "smtps://csirt%40contoh.go.id:S4ndi-Rahasia@mail.contoh.go.id:465/x?auth=plain",
            ),
            ("CSIRT_MAIL_FROM", "csirt@contoh.go.id"),
            ("CSIRT_TEAM_EMAIL", "tim@contoh.go.id"),
            (
                "CSIRT_WEBHOOK_URL",
                "https://api.telegram.org/bot123456:AAH-t0ken-s3cret/sendMessage?chat_id=-100987",
            ),
        ])
        .unwrap();
        for printed in [format!("{settings:?}"), format!("{settings:#?}")] {
            for secret in [
                "S4ndi-Rahasia",
                "csirt%40contoh.go.id:",
                "AAH-t0ken-s3cret",
                "123456",
                "bot",
                "chat_id",
                "-100987",
                "auth=plain",
            ] {
                assert!(!printed.contains(secret), "{secret} in {printed}");
            }
            assert!(
                printed.contains("smtps://mail.contoh.go.id:465/"),
                "{printed}"
            );
            assert!(printed.contains("https://api.telegram.org/"), "{printed}");
        }
        let relay = MailSettings::Smtp {
            url: "smtp://user:pw@127.0.0.1:25".into(),
        };
        assert_eq!(
            format!("{relay:?}"),
            "Smtp { url: \"smtp://127.0.0.1:25/…\" }"
        );
        assert!(!redacted_url("user:password").contains("password"));
        assert_eq!(redacted_url("not a url with a p4ssword"), "(not a URL)");
    }
}
