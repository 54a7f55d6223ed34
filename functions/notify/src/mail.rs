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
    Smtp {
        /// The transport (it holds the credentials).
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The server's host, the one thing of its URL a failure names.
        host: String,
    },
    /// Amazon SES (API v2).
    #[cfg(feature = "aws")]
    Ses(aws_sdk_sesv2::Client),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds credentials: never print it.
        f.write_str(match self {
            #[cfg(feature = "smtp")]
            Mailer::Smtp { .. } => "Mailer::Smtp",
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
            MailSettings::Smtp { url } => Some(Mailer::Smtp {
                // lettre's own message may quote the URL, password and all: only the kind is said.
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| {
                        format!(
                            "CSIRT_SMTP_URL ({}): not a usable SMTP address ({})",
                            crate::settings::redacted_url(url),
                            smtp_failure(&e)
                        )
                    })?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
                host: url::Url::parse(url)
                    .ok()
                    .and_then(|url| url.host_str().map(str::to_owned))
                    .unwrap_or_else(|| "?".to_owned()),
            }),
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

    /// Sends `message` from `from` to `to`. The error says what failed by its kind and the server's host only:
    /// never the server's own answer (which may repeat an address or a credential), the SMTP URL or an address.
    pub async fn send(&self, from: &str, to: &str, message: &Message) -> Result<(), String> {
        match self {
            #[cfg(feature = "smtp")]
            Mailer::Smtp { transport, host } => {
                let mut builder = lettre::Message::builder()
                    .from(
                        from.parse()
                            .map_err(|_| "the sender address is not valid")?,
                    )
                    .to(to
                        .parse()
                        .map_err(|_| "the recipient address is not valid")?)
                    .subject(&message.subject);
                if let Some(reply_to) = &message.reply_to {
                    builder = builder.reply_to(
                        reply_to
                            .parse()
                            .map_err(|_| "the reply-to address is not valid")?,
                    );
                }
                let email = if message.attachments.is_empty() {
                    builder
                        .header(ContentType::TEXT_PLAIN)
                        .body(message.body.clone())
                } else {
                    builder.multipart(smtp_multipart(message)?)
                }
                .map_err(|_| "the message could not be built")?;
                transport
                    .send(email)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("SMTP server {host}: {}", smtp_failure(&e)))
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
                    .map_err(|e| format!("SES: {}", ses_failure(&e)))
            }
        }
    }
}

/// What kind of failure an SMTP error is, with the reply code when the server gave one: never the server's
/// text, which may repeat the recipient's address or, from a careless server, the credentials it refused.
#[cfg(feature = "smtp")]
fn smtp_failure(error: &lettre::transport::smtp::Error) -> String {
    if let Some(code) = error.status() {
        let code = code.to_string();
        let what = match code.as_str() {
            "530" | "534" | "535" | "538" | "454" => "the login was refused",
            "550" | "551" | "553" => "the recipient was refused",
            "552" => "the message is too large",
            "421" => "the server is not taking mail now",
            _ if error.is_transient() => "a temporary refusal",
            _ => "a refusal",
        };
        return format!("{what} (reply {code})");
    }
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_tls() {
        "the TLS connection failed"
    } else if error.is_client() {
        "the client could not go on (no login method in common, or a bad setting)"
    } else if error.is_response() {
        "the server's answer could not be read"
    } else if error.is_transport_shutdown() {
        "the connection was shut down"
    } else {
        "could not connect"
    };
    what.to_owned()
}

/// What kind of failure an SES error is: its error code (`MessageRejected`, …) or how the call failed, never
/// SES's message, which names the addresses it refused.
#[cfg(feature = "aws")]
fn ses_failure<E, R>(error: &aws_sdk_sesv2::error::SdkError<E, R>) -> String
where
    E: aws_sdk_sesv2::error::ProvideErrorMetadata,
{
    use aws_sdk_sesv2::error::SdkError;
    match error {
        SdkError::ServiceError(service) => service
            .err()
            .code()
            .map_or_else(|| "refused".to_owned(), |code| format!("refused ({code})")),
        SdkError::TimeoutError(_) => "timed out".to_owned(),
        SdkError::DispatchFailure(_) => "could not connect".to_owned(),
        _ => "the request failed".to_owned(),
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
            .map_err(|_| "an attachment's type is not valid".to_owned())?;
        parts = parts
            .singlepart(Attachment::new(file.name.clone()).body(file.bytes.clone(), content_type));
    }
    Ok(parts)
}
