//! The cap on what all clients together file in one day of the team's zone ([`DailyCap`]): reports stored, and
//! bytes of evidence stored with reports and replies. A submission claims its share once it is found valid and
//! before anything of it is stored ([`csirt_store::CaseStore::claim`], atomic on both stores: of concurrent
//! submissions no more are let through than fit); one that is refused is answered `503` with `Retry-After` up
//! to the day's end, and nothing of it is stored. What was claimed for a submission that then is not stored (a
//! repetition, a store failure) is given back.

use chrono::{DateTime, Utc};
use csirt_domain::local_time::LocalTime;
use csirt_store::Claim;

use crate::reply::ApiError;
use crate::settings::DailyCap;
use crate::state::AppState;

/// The counter of reports stored on the day ending at the given instant (epoch seconds follow).
const REPORTS: &str = "cap#reports#";
/// The counter of evidence bytes stored on that day.
const EVIDENCE: &str = "cap#evidence#";

/// The day's counters of one submission.
pub struct Day<'a> {
    state: &'a AppState,
    cap: DailyCap,
    now: DateTime<Utc>,
    end: DateTime<Utc>,
}

/// What a submission claimed, to give back if it is not stored.
#[must_use = "a claim not stored for must be given back"]
pub struct Claimed {
    shares: Vec<(String, u64)>,
}

impl<'a> Day<'a> {
    /// The day `now` falls in, in the team's zone.
    pub fn of(state: &'a AppState, now: DateTime<Utc>) -> Self {
        Day {
            state,
            cap: state.daily_cap,
            now,
            end: LocalTime::new(state.calendar.offset()).day_end(now),
        }
    }

    fn bucket(&self, prefix: &str) -> String {
        format!("{prefix}{}", self.end.timestamp())
    }

    /// `503` when the day's reports are all taken: checked before a report's body is read.
    pub async fn check_open(&self) -> Result<(), ApiError> {
        let Some(limit) = self.cap.reports else {
            return Ok(());
        };
        let stored = self
            .state
            .cases
            .hits(&self.bucket(REPORTS), self.now)
            .await
            .map_err(unavailable)?;
        if u64::from(stored) >= limit {
            return Err(self.full());
        }
        Ok(())
    }

    /// Claims one report (when `report`) and `evidence_bytes` of evidence; `503` when either does not fit, with
    /// nothing claimed.
    pub async fn claim(&self, report: bool, evidence_bytes: u64) -> Result<Claimed, ApiError> {
        let mut claimed = Claimed { shares: Vec::new() };
        let wanted = [
            (REPORTS, self.cap.reports.filter(|_| report), 1),
            (
                EVIDENCE,
                self.cap.evidence_bytes.filter(|_| evidence_bytes > 0),
                evidence_bytes,
            ),
        ];
        for (prefix, limit, amount) in wanted {
            let Some(limit) = limit else { continue };
            let bucket = self.bucket(prefix);
            let claim = self
                .state
                .cases
                .claim(&bucket, amount, limit, self.end, self.now)
                .await;
            match claim {
                Ok(Claim::Granted(_)) => claimed.shares.push((bucket, amount)),
                Ok(Claim::Refused(_)) => {
                    self.give_back(claimed).await;
                    tracing::warn!(counter = prefix, "daily cap reached: submission refused");
                    return Err(self.full());
                }
                Err(error) => {
                    self.give_back(claimed).await;
                    return Err(unavailable(error));
                }
            }
        }
        Ok(claimed)
    }

    /// Gives back what a submission claimed that was not stored. A failure is logged: the cap then errs on the
    /// side of refusing.
    pub async fn give_back(&self, claimed: Claimed) {
        for (bucket, amount) in claimed.shares {
            if let Err(error) = self.state.cases.release(&bucket, amount, self.now).await {
                tracing::warn!("daily cap counter not given back: {error}");
            }
        }
    }

    /// The answer past the cap: retry when the day is over.
    fn full(&self) -> ApiError {
        let seconds = (self.end - self.now).num_seconds().max(1).unsigned_abs();
        ApiError::DailyCapReached {
            retry_after: seconds,
            zone: LocalTime::new(self.state.calendar.offset()).zone(),
        }
    }
}

fn unavailable(error: csirt_store::StoreError) -> ApiError {
    tracing::warn!("daily cap counter unavailable: {error}");
    ApiError::Unavailable
}
