//! How many e-mails one reporter address gets a day (`CSIRT_REPORTER_MAIL_LIMIT`): the acknowledgement of every
//! report names an address anyone may type, so reports filed by someone else must not flood it. Every e-mail to
//! a reporter-given address — acknowledgement, closing message, notice of the team's message — is claimed on a
//! counter of its mailbox ([`csirt_domain::contact::Email::mailbox`]) for the team's day, before it is sent; a
//! send that fails gives its claim back. The counter is keyed by an HMAC of the day and the mailbox under the
//! store's key, never by the address, and expires at the day's end.

use chrono::{DateTime, Utc};
use csirt_domain::contact::Email;
use csirt_domain::local_time::LocalTime;
use csirt_store::{CaseStore, StoreError};

/// The limit and the team's day.
#[derive(Debug, Clone, Copy)]
pub struct RecipientLimit {
    per_day: u32,
    local: LocalTime,
}

/// What the limit says about one e-mail.
#[derive(Debug)]
pub enum Admission {
    /// Send it; give `Claimed` back if the send fails.
    Send(Option<Claimed>),
    /// Do not send it: the address had its e-mails for the day.
    Withhold,
}

/// An e-mail claimed on its mailbox's counter.
#[derive(Debug)]
pub struct Claimed {
    bucket: String,
}

impl RecipientLimit {
    /// At most `per_day` e-mails per mailbox per day in the zone of `local`.
    pub fn new(per_day: u32, local: LocalTime) -> Self {
        RecipientLimit { per_day, local }
    }

    /// Claims one e-mail to `to` at `now`.
    pub async fn admit(
        &self,
        store: &dyn CaseStore,
        to: &Email,
        now: DateTime<Utc>,
    ) -> Result<Admission, StoreError> {
        let day_end = self.local.day_end(now);
        let key = store.audit_key().await?;
        let bucket = format!(
            "mail#{}",
            key.digest(
                "reporter-mail",
                &format!("{}\n{}", day_end.timestamp(), to.mailbox())
            )
        );
        let claim = store
            .claim(&bucket, 1, u64::from(self.per_day), day_end, now)
            .await?;
        Ok(if claim.is_granted() {
            Admission::Send(Some(Claimed { bucket }))
        } else {
            Admission::Withhold
        })
    }

    /// Gives back the claim of an e-mail that was not sent.
    pub async fn give_back(
        store: &dyn CaseStore,
        claimed: Claimed,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        store.release(&claimed.bucket, 1, now).await
    }
}
