//! `csirt`: the CSIRT staff command.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

/// The CSIRT's staff command.
#[derive(Debug, Parser)]
#[command(name = "csirt", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// SOP profiles: list the shipped ones, show one, check a profile file.
    #[command(subcommand)]
    Sop(commands::sop::SopCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sop(command) => commands::sop::run(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
