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

    /// Posts `message`; an answer other than 2xx is an error naming its status.
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
            .map_err(|e| format!("webhook: {}", csirt_domain::error_chain::error_chain(&e)))?;
        if answer.status().is_success() {
            Ok(())
        } else {
            Err(format!("webhook answered {}", answer.status()))
        }
    }
}
