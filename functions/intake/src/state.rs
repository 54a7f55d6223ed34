//! What every request handler shares: the stores, the team's SOP profile and the settings that shape answers.

use std::sync::Arc;

use csirt_domain::case::ReplyWindow;
use csirt_domain::lang::Localized;
use csirt_domain::sop::{SopProfile, WorkingCalendar};
use csirt_store::evidence::EvidenceStore;
use csirt_store::{CaseStore, StoreError};

use csirt_notify::Notifier;

use crate::client::ClientKeys;
use crate::guard::OriginSecret;
use crate::pages::Pages;
use crate::settings::{DailyCap, RateLimit, Settings};

/// The application's shared state. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Where cases live.
    pub cases: Arc<dyn CaseStore>,
    /// Where evidence files live.
    pub evidence: Arc<dyn EvidenceStore>,
    /// The team's procedure.
    pub profile: Arc<SopProfile>,
    /// The profile's working calendar.
    pub calendar: Arc<WorkingCalendar>,
    /// The site's status page in each language.
    pub status_pages: Arc<Localized>,
    /// Per-client submission limit.
    pub rate_limit: Option<RateLimit>,
    /// The cap on what all clients together file a day.
    pub daily_cap: DailyCap,
    /// Whether `X-Forwarded-For` names the client.
    pub trust_proxy: bool,
    /// Whether `CloudFront-Viewer-Address` names the client.
    pub trust_cloudfront: bool,
    /// The secret clients are keyed under in the store.
    pub client_keys: ClientKeys,
    /// The secret CloudFront shows, when requests must come through it.
    pub origin_secret: Option<OriginSecret>,
    /// The public site's origin (the team file's `base_url`), whose pages may post to the intake.
    pub site_origin: Arc<str>,
    /// The HTML pages for browsers without JavaScript.
    pub pages: Arc<Pages>,
    /// Tells the team and the reporter of a stored report, when messages are configured.
    pub notifier: Option<Arc<Notifier>>,
    /// How long a closed case takes the reporter's replies.
    pub reply_window: ReplyWindow,
}

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A store could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A page template is broken.
    #[error("page templates: {0}")]
    Pages(String),
    /// Messages cannot be sent as configured.
    #[error("messages: {0}")]
    Notify(String),
}

/// The origin (`scheme://host[:port]`) of a URL.
fn site_origin(base_url: &str) -> &str {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    match base_url[after_scheme..].find('/') {
        Some(slash) => &base_url[..after_scheme + slash],
        None => base_url,
    }
}

impl AppState {
    /// Builds the state on the given stores.
    pub fn new(
        cases: Arc<dyn CaseStore>,
        evidence: Arc<dyn EvidenceStore>,
        settings: &Settings,
    ) -> Result<Self, StartError> {
        let procedure = &settings.team.procedure;
        Ok(AppState {
            cases,
            evidence,
            profile: Arc::new(procedure.profile.clone()),
            calendar: Arc::new(procedure.calendar.clone()),
            status_pages: Arc::new(settings.status_pages.clone()),
            rate_limit: settings.rate_limit,
            daily_cap: settings.daily_cap,
            trust_proxy: settings.trust_proxy,
            trust_cloudfront: settings.trust_cloudfront,
            client_keys: settings.client_keys.clone(),
            origin_secret: settings.origin_secret.clone(),
            site_origin: site_origin(&settings.team.config.base_url).into(),
            pages: Arc::new(
                Pages::new(&procedure.profile.csirt.name, settings.site_dir.clone())
                    .map_err(|e| StartError::Pages(e.to_string()))?,
            ),
            notifier: None,
            reply_window: settings.team.config.messages.reply_window(),
        })
    }

    /// The state with messages sent by `notifier` (which reads the files it attaches from this state's
    /// evidence store).
    pub fn with_notifier(mut self, notifier: Notifier) -> Self {
        self.notifier = Some(Arc::new(notifier.with_evidence(self.evidence.clone())));
        self
    }

    /// Opens the stores the settings name and builds the state.
    pub async fn connect(settings: &Settings) -> Result<Self, StartError> {
        let (cases, evidence) = settings.store.open().await?;
        let state = Self::new(cases, evidence, settings)?;
        if !settings.notify.is_on() {
            return Ok(state);
        }
        let notifier = Notifier::new(settings.notify.clone(), settings.team.procedure.clone())
            .await
            .map_err(StartError::Notify)?;
        Ok(state.with_notifier(notifier))
    }
}
