//! Sending e-mail: through an SMTP server (STARTTLS or TLS; plain only to a relay on loopback; the `smtp`
//! feature) or Amazon SES (the `aws` feature). A build without one refuses its setting at start-up.

#[cfg(feature = "smtp")]
use std::time::Duration;

#[cfg(feature = "aws")]
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message as SesMessage};
#[cfg(feature = "smtp")]
use lettre::message::header::ContentType;
#[cfg(feature = "smtp")]
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::message::Message;
use crate::settings::MailSettings;

/// How long one SMTP conversation may take.
#[cfg(feature = "smtp")]
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

/// A way to send e-mail.
#[derive(Clone)]
pub enum Mailer {
    /// An SMTP server.
    #[cfg(feature = "smtp")]
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Amazon SES (API v2).
    #[cfg(feature = "aws")]
    Ses(aws_sdk_sesv2::Client),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds credentials: never print it.
        f.write_str(match self {
            #[cfg(feature = "smtp")]
            Mailer::Smtp(_) => "Mailer::Smtp",
            #[cfg(feature = "aws")]
            Mailer::Ses(_) => "Mailer::Ses",
        })
    }
}

impl Mailer {
    /// The mailer the settings name, if any; SES is configured from the environment like the other AWS clients.
    pub async fn from_settings(settings: &MailSettings) -> Result<Option<Mailer>, String> {
        Ok(match settings {
            MailSettings::Off => None,
            #[cfg(not(feature = "smtp"))]
            MailSettings::Smtp { .. } => {
                return Err("CSIRT_SMTP_URL: this build has no SMTP client; build it with the cargo feature \
                            `smtp` (on by default), or use CSIRT_MAIL=ses"
                    .into());
            }
            #[cfg(feature = "smtp")]
            MailSettings::Smtp { url } => Some(Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("CSIRT_SMTP_URL: {e}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            )),
            #[cfg(not(feature = "aws"))]
            MailSettings::Ses => {
                return Err("CSIRT_MAIL=ses: this build has no Amazon SES; build it with the cargo feature `aws` \
                            (for example `cargo build --release --features aws`), or use CSIRT_MAIL=smtp"
                    .into());
            }
            #[cfg(feature = "aws")]
            MailSettings::Ses => {
                let shared = csirt_store::aws_client::shared_config().await;
                Some(Mailer::Ses(aws_sdk_sesv2::Client::new(&shared)))
            }
        })
    }

    /// Sends `message` from `from` to `to`. The error says what failed; it may name an address, so it is kept
    /// on the case, never logged.
    pub async fn send(&self, from: &str, to: &str, message: &Message) -> Result<(), String> {
        match self {
            #[cfg(feature = "smtp")]
            Mailer::Smtp(transport) => {
                let email = lettre::Message::builder()
                    .from(from.parse().map_err(|e| format!("sender address: {e}"))?)
                    .to(to.parse().map_err(|e| format!("recipient address: {e}"))?)
                    .subject(&message.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(message.body.clone())
                    .map_err(|e| format!("building the message: {e}"))?;
                transport
                    .send(email)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("SMTP: {}", csirt_domain::error_chain::error_chain(&e)))
            }
            #[cfg(feature = "aws")]
            Mailer::Ses(client) => {
                let text = |data: &str| {
                    Content::builder()
                        .data(data)
                        .charset("UTF-8")
                        .build()
                        .map_err(|e| format!("building the message: {e}"))
                };
                let content = EmailContent::builder()
                    .simple(
                        SesMessage::builder()
                            .subject(text(&message.subject)?)
                            .body(Body::builder().text(text(&message.body)?).build())
                            .build(),
                    )
                    .build();
                client
                    .send_email()
                    .from_email_address(from)
                    .destination(Destination::builder().to_addresses(to).build())
                    .content(content)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("SES: {}", csirt_domain::error_chain::error_chain(&e)))
            }
        }
    }
}
