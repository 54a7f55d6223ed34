//! Posting a message to a chat tool's incoming webhook: `{"text": …}`, which Slack, Mattermost, Rocket.Chat
//! and Google Chat accept, or Telegram's bot API (`https://api.telegram.org/bot<token>/sendMessage?chat_id=…`).

use std::time::Duration;

use serde_json::json;
use url::Url;

use crate::message::Message;

/// How long a webhook call may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A chat webhook.
#[derive(Clone)]
pub struct Webhook {
    client: reqwest::Client,
    url: Url,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The address is the secret: print its host only.
        write!(f, "Webhook({})", self.url.host_str().unwrap_or("?"))
    }
}

/// Slack-style markup: `&`, `<` and `>` are control characters there.
fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Webhook {
    /// A webhook at `url`.
    pub fn new(url: Url) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| format!("webhook client: {e}"))?;
        Ok(Webhook { client, url })
    }

    fn is_telegram(&self) -> bool {
        self.url.host_str() == Some("api.telegram.org")
    }

    /// What a failure is recorded and shown as: its kind and the webhook's host, never the URL (a Telegram URL
    /// holds the bot's token; a Slack one is itself the secret).
    fn failure(&self, what: &str) -> String {
        format!(
            "webhook at {}: {what}",
            self.url.host_str().unwrap_or("(no host)")
        )
    }

    /// Posts `message`; an answer other than 2xx is an error naming its status. No error names the URL.
    pub async fn post(&self, message: &Message) -> Result<(), String> {
        let text = format!("{}\n\n{}", message.subject, message.body);
        let payload = if self.is_telegram() {
            json!({ "text": text })
        } else {
            json!({ "text": escape_markup(&text) })
        };
        let answer = self
            .client
            .post(self.url.clone())
            .json(&payload)
            .send()
            .await
            .map_err(|e| {
                let kind = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "the request failed"
                };
                self.failure(kind)
            })?;
        if answer.status().is_success() {
            Ok(())
        } else {
            Err(self.failure(&format!("answered {}", answer.status())))
        }
    }
}
