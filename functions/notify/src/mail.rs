//! Sending e-mail: through an SMTP server (STARTTLS or TLS; plain only to a relay on loopback; the `smtp`
//! feature) or Amazon SES (the `aws` feature). A build without one refuses its setting at start-up.

#[cfg(feature = "smtp")]
use std::time::Duration;

#[cfg(feature = "aws")]
use aws_sdk_sesv2::types::{
    Attachment as SesAttachment, AttachmentContentDisposition, Body, Content, Destination,
    EmailContent, Message as SesMessage,
};
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
                let mut builder = lettre::Message::builder()
                    .from(from.parse().map_err(|e| format!("sender address: {e}"))?)
                    .to(to.parse().map_err(|e| format!("recipient address: {e}"))?)
                    .subject(&message.subject);
                if let Some(reply_to) = &message.reply_to {
                    builder = builder.reply_to(
                        reply_to
                            .parse()
                            .map_err(|e| format!("reply-to address: {e}"))?,
                    );
                }
                let email = if message.attachments.is_empty() {
                    builder
                        .header(ContentType::TEXT_PLAIN)
                        .body(message.body.clone())
                } else {
                    builder.multipart(smtp_multipart(message)?)
                }
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
                let mut simple = SesMessage::builder()
                    .subject(text(&message.subject)?)
                    .body(Body::builder().text(text(&message.body)?).build());
                for file in &message.attachments {
                    simple = simple.attachments(
                        SesAttachment::builder()
                            .file_name(&file.name)
                            .content_type(&file.media_type)
                            .content_disposition(AttachmentContentDisposition::Attachment)
                            .raw_content(aws_sdk_sesv2::primitives::Blob::new(file.bytes.clone()))
                            .build()
                            .map_err(|e| format!("building the attachment: {e}"))?,
                    );
                }
                let content = EmailContent::builder().simple(simple.build()).build();
                client
                    .send_email()
                    .set_reply_to_addresses(message.reply_to.clone().map(|r| vec![r]))
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

/// The body and the attachments of an SMTP message: every file as an attachment of its stored type (never
/// inline), its name as the recipient sees it.
#[cfg(feature = "smtp")]
fn smtp_multipart(message: &Message) -> Result<lettre::message::MultiPart, String> {
    use lettre::message::{Attachment, MultiPart, SinglePart};
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(message.body.clone()));
    for file in &message.attachments {
        let content_type = ContentType::parse(&file.media_type)
            .or_else(|_| ContentType::parse("application/octet-stream"))
            .map_err(|e| format!("attachment type: {e}"))?;
        parts = parts
            .singlepart(Attachment::new(file.name.clone()).body(file.bytes.clone(), content_type));
    }
    Ok(parts)
}
