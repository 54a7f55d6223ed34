//! Where messages go, from the environment: `CSIRT_MAIL` (`smtp`, `ses` or `off`; `smtp` when
//! `CSIRT_SMTP_URL` is set), `CSIRT_SMTP_URL` (`smtp://user:password@host:587?tls=required` for STARTTLS,
//! `smtps://user:password@host:465` for TLS, plain `smtp://127.0.0.1:25` to a relay on loopback only),
//! `CSIRT_MAIL_FROM`,
//! `CSIRT_TEAM_EMAIL`, `CSIRT_WEBHOOK_URL` (a Slack-style incoming webhook or a Telegram bot's
//! `sendMessage` address with `chat_id`), `CSIRT_SITE_URL` (the public site, for status links),
//! `CSIRT_STAFF_URL` (where staff open a case; `{code}` is replaced), `CSIRT_TEAM_LANG` (`id` or `en`).

use csirt_domain::lang::Lang;
use csirt_domain::setting::SettingsError;
use url::Url;

/// How e-mail is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Everything the notifier needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        let team_lang = match lookup("CSIRT_TEAM_LANG").as_deref() {
            None | Some("id") => Lang::Id,
            Some("en") => Lang::En,
            Some(other) => {
                return Err(invalid(
                    "CSIRT_TEAM_LANG",
                    format!("{other:?} is not id or en"),
                ));
            }
        };
        Ok(NotifySettings {
            mail,
            from,
            team_email,
            webhook,
            site_url,
            staff_url,
            team_lang,
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
}
