//! What every staff command needs: the team's configuration and SOP profile, the case and evidence stores the
//! environment names (`CSIRT_STORE`, …, as for the intake function), who is acting, and how to print results.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use csirt_domain::case::{Actor, Case, Event};
use csirt_store::evidence::EvidenceStore;
use csirt_domain::sop::{SopProfile, WorkingCalendar};
use csirt_store::CaseStore;
use csirt_domain::text::ActorName;
use csirt_domain::tracking::TrackingCode;
use csirt_store::settings::StoreSettings;
use csirt_site::config::SiteConfig;
use csirt_site::site::{SitePaths, load_profile};
use serde::Serialize;

/// The options every staff command takes.
#[derive(Debug, Args)]
pub struct StaffArgs {
    /// The site configuration: the team, its SOP profile and where the case export goes.
    #[arg(long, default_value = "content/config.toml", global = true)]
    pub config: PathBuf,
    /// The embedded store's directory (SQLite file and evidence) when `CSIRT_STORE` is `sqlite`; default
    /// `CSIRT_DATA_DIR`, else `./data`.
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Who is acting, as recorded on the case; default `CSIRT_STAFF`, else the login name (`USER`).
    #[arg(long, global = true)]
    pub actor: Option<String>,
    /// Print the result as JSON, for scripts.
    #[arg(long, global = true)]
    pub json: bool,
}

/// An open staff session: configuration, stores and the acting person.
pub struct Staff {
    /// Runs the stores' asynchronous calls.
    pub runtime: tokio::runtime::Runtime,
    /// The cases.
    pub cases: Arc<dyn CaseStore>,
    /// Their evidence files.
    pub evidence: Arc<dyn EvidenceStore>,
    /// Where the site's files are.
    pub paths: SitePaths,
    /// The site configuration.
    pub config: SiteConfig,
    /// The team's procedure.
    pub profile: SopProfile,
    /// Its working calendar.
    pub calendar: WorkingCalendar,
    /// Who acts, when known (see [`Staff::actor`]).
    actor: Result<Actor, String>,
    /// Whether to print JSON.
    pub json: bool,
}

impl Staff {
    /// Reads the configuration and opens the stores.
    pub fn open(args: &StaffArgs) -> Result<Staff, String> {
        let paths = SitePaths::from_config(&args.config);
        let config = SiteConfig::load(&paths.config).map_err(|e| e.to_string())?;
        let profile = load_profile(&paths, &config).map_err(|e| e.to_string())?;
        let calendar = profile
            .calendar()
            .map_err(|e| format!("SOP profile {}: {e}", profile.id))?;
        let mut store = StoreSettings::from_env().map_err(|e| e.to_string())?;
        if let (StoreSettings::Sqlite { data_dir }, Some(dir)) = (&mut store, &args.data_dir) {
            data_dir.clone_from(dir);
        }
        let actor = actor(args.actor.as_deref());
        let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
        let (cases, evidence) = runtime.block_on(store.open()).map_err(|e| e.to_string())?;
        Ok(Staff {
            runtime,
            cases,
            evidence,
            paths,
            config,
            profile,
            calendar,
            actor,
            json: args.json,
        })
    }

    /// Who acts: a command that records a change fails here when nobody is named.
    pub fn actor(&self) -> Result<Actor, String> {
        self.actor.clone()
    }

    /// The case with this code and its events, oldest first.
    pub fn case_with_events(&self, code: &TrackingCode) -> Result<(Case, Vec<Event>), String> {
        self.runtime.block_on(async {
            let case = self
                .cases
                .get(code)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no case has tracking code {code}"))?;
            let events = self.cases.events(code).await.map_err(|e| e.to_string())?;
            Ok((case, events))
        })
    }

    /// Prints `value` as JSON when asked for, else `text()`.
    pub fn print<T: Serialize>(
        &self,
        value: &T,
        text: impl FnOnce() -> String,
    ) -> Result<(), String> {
        if self.json {
            let json = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
            println!("{json}");
        } else {
            println!("{}", text());
        }
        Ok(())
    }
}

/// The acting person: the option, else `CSIRT_STAFF`, else `USER`.
fn actor(option: Option<&str>) -> Result<Actor, String> {
    let name = option
        .map(str::to_owned)
        .or_else(|| std::env::var("CSIRT_STAFF").ok().filter(|v| !v.is_empty()))
        .or_else(|| std::env::var("USER").ok().filter(|v| !v.is_empty()))
        .ok_or("who is acting? give --actor NAME or set CSIRT_STAFF")?;
    ActorName::parse(&name)
        .map(Actor::Staff)
        .map_err(|e| format!("--actor: {}", e.message.en))
}
