//! `csirt store create`: creates the DynamoDB table and the S3 evidence bucket exactly as the store expects them
//! (`CSIRT_TABLE`, `CSIRT_EVIDENCE_BUCKET`; the AWS SDK's own variables name the region, the credentials and an
//! endpoint such as moto's or DynamoDB Local's). For first runs and local AWS stand-ins: on AWS itself the
//! CloudFormation template (`functions/deploy/aws/template.yaml`) declares both. A table or bucket that exists
//! already is left as it is, and said so.

use clap::{Args, Subcommand};
use csirt_store::Creation;
use csirt_store::creation::create_aws_resources;
use serde_json::json;

use crate::failure::{Failure, FailureKind};

/// `csirt store`.
#[derive(Debug, Args)]
pub struct StoreArgs {
    #[command(subcommand)]
    command: StoreCommand,
}

impl StoreArgs {
    /// Whether the command was asked to print JSON.
    pub fn json(&self) -> bool {
        match &self.command {
            StoreCommand::Create(args) => args.json,
        }
    }
}

/// The `csirt store` commands.
#[derive(Debug, Subcommand)]
enum StoreCommand {
    /// Creates the DynamoDB table (CSIRT_TABLE) and the S3 evidence bucket (CSIRT_EVIDENCE_BUCKET) as the store
    /// expects them, for moto, DynamoDB Local and first runs; one that exists already is left as it is. The AWS
    /// SDK's own variables apply (AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, …).
    Create(CreateArgs),
}

/// `csirt store create`.
#[derive(Debug, Args)]
struct CreateArgs {
    /// The DynamoDB table; default `CSIRT_TABLE`.
    #[arg(long, value_name = "NAME")]
    table: Option<String>,
    /// The S3 bucket for evidence; default `CSIRT_EVIDENCE_BUCKET`.
    #[arg(long, value_name = "NAME")]
    bucket: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs a `csirt store` command.
pub fn run(args: &StoreArgs) -> Result<(), Failure> {
    match &args.command {
        StoreCommand::Create(create) => run_create(create),
    }
}

/// What the command did to one resource, as it is printed.
fn said(kind: &str, name: &str, creation: Creation) -> String {
    match creation {
        Creation::Created => format!("{kind} {name}: created"),
        Creation::Existed => format!("{kind} {name}: exists already; nothing was changed"),
    }
}

/// The name `option` gives, else the one in `variable`; a usage failure naming both when neither does.
fn name(
    option: Option<&String>,
    flag: &str,
    variable: &str,
    what: &str,
) -> Result<String, Failure> {
    let name = option
        .cloned()
        .or_else(|| std::env::var(variable).ok())
        .unwrap_or_default();
    if name.trim().is_empty() {
        return Err(Failure::usage(format!(
            "no {what} is named: set {variable} or give {flag} NAME"
        )));
    }
    Ok(name)
}

fn run_create(args: &CreateArgs) -> Result<(), Failure> {
    let table = name(
        args.table.as_ref(),
        "--table",
        "CSIRT_TABLE",
        "DynamoDB table",
    )?;
    let bucket = name(
        args.bucket.as_ref(),
        "--bucket",
        "CSIRT_EVIDENCE_BUCKET",
        "evidence bucket",
    )?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let created = create_aws_resources(&table, &bucket)
            .await
            .map_err(|e| Failure::unavailable(e.to_string()))?;
        let (table_created, bucket_created, problems) =
            (created.table, created.bucket, created.table_problems);
        if args.json {
            let body = json!({
                "table": { "name": table, "created": table_created == Creation::Created },
                "bucket": { "name": bucket, "created": bucket_created == Creation::Created },
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&body).map_err(|e| e.to_string())?
            );
        } else {
            println!("{}", said("table", &table, table_created));
            println!("{}", said("bucket", &bucket, bucket_created));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Failure {
                kind: FailureKind::Failed,
                message: format!(
                    "the existing table is not laid out as the store expects (it was left as it is): {}",
                    problems.join("; ")
                ),
                details: None,
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_required_and_not_blank() {
        let given = "cases".to_owned();
        assert_eq!(
            name(
                Some(&given),
                "--table",
                "CSIRT_TEST_UNSET_VARIABLE",
                "table"
            )
            .unwrap(),
            "cases"
        );
        let blank = " ".to_owned();
        let failure = name(
            Some(&blank),
            "--table",
            "CSIRT_TEST_UNSET_VARIABLE",
            "table",
        )
        .unwrap_err();
        assert_eq!(failure.kind, FailureKind::Usage);
        assert!(failure.message.contains("--table"), "{}", failure.message);
        let failure = name(None, "--table", "CSIRT_TEST_UNSET_VARIABLE", "table").unwrap_err();
        assert!(
            failure.message.contains("CSIRT_TEST_UNSET_VARIABLE"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn says_what_it_did() {
        assert_eq!(
            said("table", "cases", Creation::Created),
            "table cases: created"
        );
        assert_eq!(
            said("bucket", "bukti", Creation::Existed),
            "bucket bukti: exists already; nothing was changed"
        );
    }
}
