//! What every staff command needs: the staff desk (the team file and the stores the environment names:
//! `CSIRT_STORE`, …, as for the intake function), who is acting, and how to print results.

use std::future::Future;
use std::path::PathBuf;

use clap::Args;
use csirt_domain::case::Actor;
use csirt_domain::team::TeamFile;
use csirt_domain::text::ActorName;
use csirt_site::site::SitePaths;
use csirt_staff::Desk;
use csirt_store::settings::StoreSettings;
use serde::Serialize;

use crate::failure::Failure;

/// The options every staff command takes.
#[derive(Debug, Args)]
pub struct StaffArgs {
    /// The team file: the team, its SOP profile and where the case export goes.
    #[arg(
        long,
        env = "CSIRT_CONFIG",
        default_value = "content/config.toml",
        global = true
    )]
    pub config: PathBuf,
    /// The embedded store's directory (SQLite file and evidence) when `CSIRT_STORE` is `sqlite`; default
    /// `CSIRT_DATA_DIR`, else `./data`.
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Who is acting, as recorded on the case; default `CSIRT_STAFF`, else the login name (`USER`).
    #[arg(long, global = true)]
    pub actor: Option<String>,
    /// Print the result as JSON, for scripts (a failure too).
    #[arg(long, global = true)]
    pub json: bool,
}

/// An open staff session: the desk, the acting person and how to print.
pub struct Staff {
    /// Runs the desk's asynchronous operations.
    runtime: tokio::runtime::Runtime,
    /// The team file and the stores.
    pub desk: Desk,
    /// Where the site's files are (templates for documents, the build).
    pub paths: SitePaths,
    /// Who acts, when known (see [`Staff::actor`]).
    actor: Result<Actor, String>,
    /// Whether to print JSON.
    pub json: bool,
}

impl Staff {
    /// Reads the team file and opens the stores.
    pub fn open(args: &StaffArgs) -> Result<Staff, Failure> {
        let team = TeamFile::load(&args.config).map_err(|e| Failure::from(e.to_string()))?;
        let mut store = StoreSettings::from_env().map_err(|e| Failure::usage(e.to_string()))?;
        if let (StoreSettings::Sqlite { data_dir }, Some(dir)) = (&mut store, &args.data_dir) {
            data_dir.clone_from(dir);
        }
        let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
        let desk = runtime.block_on(Desk::open(team, &store))?;
        Ok(Staff {
            runtime,
            desk,
            paths: SitePaths::from_config(&args.config),
            actor: actor(args.actor.as_deref()),
            json: args.json,
        })
    }

    /// Runs an operation of the staff library to its end.
    pub fn run<T>(&self, operation: impl Future<Output = T>) -> T {
        self.runtime.block_on(operation)
    }

    /// Who acts: a command that records a change fails here when nobody is named.
    pub fn actor(&self) -> Result<Actor, Failure> {
        self.actor.clone().map_err(Failure::usage)
    }

    /// Prints `value` as JSON when asked for, else `text()`.
    pub fn print<T: Serialize>(
        &self,
        value: &T,
        text: impl FnOnce() -> String,
    ) -> Result<(), Failure> {
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
