//! What every staff command needs: the staff desk (the team file and the stores the environment names:
//! `CSIRT_STORE`, …, as for the intake function), the account acting (the one bound to the operating-system
//! user, or on AWS the IAM identity, that runs `csirt`), and how to print results.

use std::future::Future;
use std::path::PathBuf;

use clap::Args;
use csirt_domain::team::TeamFile;
use csirt_site::site::SitePaths;
use csirt_staff::accounts::{Identity, Staffer, act_as};
use csirt_staff::{Desk, StaffError};
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
    /// The identity running this command: the operating-system user, or the IAM identity on AWS.
    identity: Result<Identity, StaffError>,
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
        let identity = match store {
            StoreSettings::Sqlite { .. } => Identity::os_user(),
            StoreSettings::Dynamodb { .. } => runtime.block_on(Identity::iam_caller()),
        };
        Ok(Staff {
            runtime,
            desk,
            paths: SitePaths::from_config(&args.config),
            identity,
            json: args.json,
        })
    }

    /// The account acting: the enabled account bound to the identity running this command. Every staff
    /// command needs one, a read too; the staff library checks what it may do.
    pub fn staffer(&self) -> Result<Staffer, Failure> {
        let identity = match &self.identity {
            Ok(identity) => identity,
            Err(error) => return Err(Failure::from(StaffError::Unavailable(error.to_string()))),
        };
        Ok(self.run(act_as(&self.desk, identity))?)
    }

    /// Runs an operation of the staff library to its end.
    pub fn run<T>(&self, operation: impl Future<Output = T>) -> T {
        self.runtime.block_on(operation)
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
