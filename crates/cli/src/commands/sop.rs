//! `csirt sop`: the SOP profiles the workflow's clocks and the site's SOP page come from.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use csirt_domain::lang::Lang;
use csirt_domain::sop::{ACTIONS, BUILTIN, ISSUE_KIND_PREFIX, SopProfile};

use crate::failure::Failure;

/// What to do with SOP profiles.
#[derive(Debug, Subcommand)]
pub enum SopCommand {
    /// Lists the profiles shipped with the product.
    List,
    /// Prints a profile's steps: who, in which workflow state, within what time, producing what.
    Show {
        /// A shipped profile's id (`batam`, `tegal`, `malut`, `kukar`, `bali`) or a profile file.
        profile: String,
        /// Language of the step texts.
        #[arg(long, value_enum, default_value_t = Language::Id)]
        lang: Language,
    },
    /// Checks profile files; exits non-zero listing every file that has a problem.
    Check {
        /// Profile files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// A language on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Language {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

impl From<Language> for Lang {
    fn from(language: Language) -> Lang {
        match language {
            Language::Id => Lang::Id,
            Language::En => Lang::En,
        }
    }
}

/// Runs a `csirt sop` command.
pub fn run(command: &SopCommand) -> Result<(), Failure> {
    match command {
        SopCommand::List => {
            print!("{}", list()?);
            Ok(())
        }
        SopCommand::Show { profile, lang } => {
            let profile = resolve(profile)?;
            print!("{}", show(&profile, (*lang).into()));
            Ok(())
        }
        SopCommand::Check { files } => check(files),
    }
}

/// A shipped profile by id, or a profile file by path.
fn resolve(name: &str) -> Result<SopProfile, String> {
    let path = Path::new(name);
    if path.exists() {
        SopProfile::load(path)
    } else {
        SopProfile::builtin(name)
    }
    .map_err(|e| e.to_string())
}

fn list() -> Result<String, String> {
    let mut out = String::new();
    for (id, _) in BUILTIN {
        let profile = SopProfile::builtin(id).map_err(|e| e.to_string())?;
        let _ = writeln!(
            out,
            "{id:<6} {:<16} {:<6} {:>2} steps  {}",
            profile.csirt.name,
            profile.tracking_prefix.as_str(),
            profile.steps.len(),
            profile.document.title.id
        );
    }
    Ok(out)
}

fn show(profile: &SopProfile, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}",
        profile.csirt.name,
        profile.document.title.get(lang)
    );
    if let Some(number) = &profile.document.number {
        let _ = writeln!(out, "{number}");
    }
    for step in &profile.steps {
        let actors = profile.actor_names(step, lang);
        let time = step
            .time_standard
            .map_or_else(|| "-".to_owned(), |t| t.to_string());
        let _ = writeln!(out, "\n{:>2}. {}", step.number, step.title.get(lang));
        let _ = writeln!(out, "    state: {}   time: {time}", step.state);
        let _ = writeln!(out, "    actors: {}", actors.join(", "));
        if let Some(output) = &step.output {
            let _ = writeln!(out, "    output: {}", output.get(lang));
        }
        if step.before_intake {
            let _ = writeln!(
                out,
                "    (done by the reporter before the report is stored; not clocked)"
            );
        }
        if let Some(action) = &step.completed_by {
            let _ = writeln!(out, "    completed by: {action}");
        }
    }
    permissions(profile, lang, &mut out);
    out
}

/// Who may take each action: the roles (staff actors) `csirt staff add --role` takes, then each action with
/// the roles the SOP gives it.
fn permissions(profile: &SopProfile, lang: Lang, out: &mut String) {
    let heading = match lang {
        Lang::Id => "Peran dan siapa yang boleh mengambil tiap langkah",
        Lang::En => "Roles, and who may take each step",
    };
    let _ = writeln!(out, "\n{heading}");
    for actor in profile.staff_actors() {
        let _ = writeln!(out, "  role {:<24} {}", actor.key, actor.name.get(lang));
    }
    let _ = writeln!(out, "  role {:<24} accounts (admin)", "admin");
    let _ = writeln!(out, "  role {:<24} reads only (viewer)", "viewer");
    let kinds = profile
        .permissions
        .keys()
        .filter(|key| key.starts_with(ISSUE_KIND_PREFIX));
    let actions = ACTIONS.iter().map(|(key, what)| (*key, *what));
    for (key, what) in actions.chain(kinds.map(|key| (key.as_str(), "issue this kind of document")))
    {
        let roles = profile.roles_for(key).join(", ");
        let _ = writeln!(out, "  {key:<44} {roles:<34} {what}");
    }
}

fn check(files: &[PathBuf]) -> Result<(), Failure> {
    let problems: Vec<String> = files
        .iter()
        .filter_map(|file| SopProfile::load(file).err().map(|e| e.to_string()))
        .collect();
    if problems.is_empty() {
        println!("{} profile(s) OK", files.len());
        Ok(())
    } else {
        Err(format!(
            "{} of {} profile(s) have problems:\n{}",
            problems.len(),
            files.len(),
            problems.join("\n")
        )
        .into())
    }
}
