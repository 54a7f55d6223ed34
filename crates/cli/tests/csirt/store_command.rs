//! `csirt store create` against moto's server (started by `tests/run`, named in `CSIRT_TEST_AWS_ENDPOINT`):
//! the table and the evidence bucket created as the store expects them, left as they are on a second run; a
//! missing table or bucket named as such with the command that creates it; AWS out of reach is exit code 5.

use std::path::Path;
use std::process::{Command, Output};

use aws_sdk_dynamodb::types::{AttributeValue, BillingMode, KeyType, ProjectionType};
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::tracking::{TrackingCode, TrackingPrefix};
use csirt_store::evidence::{EvidenceStore, S3Evidence};
use csirt_store::{CaseStore, DynamoStore};
use csirt_test_kit::aws::{aws_env, dynamodb_client, moto_endpoint, s3_client, unique_name};
use serde_json::Value;

/// `csirt ARGS` with only the AWS SDK's variables for `endpoint` and `env` in its environment.
fn csirt(endpoint: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_csirt"))
        .args(args)
        .env_clear()
        .envs(aws_env(endpoint))
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn creates_the_table_and_the_bucket_as_the_store_expects_then_changes_nothing() {
    let endpoint = moto_endpoint();
    let (table, bucket) = (unique_name("cases"), unique_name("evidence"));
    let env = [
        ("CSIRT_TABLE", table.as_str()),
        ("CSIRT_EVIDENCE_BUCKET", bucket.as_str()),
    ];

    let first = csirt(&endpoint, &["store", "create"], &env);
    let (out, err) = (text(&first.stdout), text(&first.stderr));
    assert_eq!(first.status.code(), Some(0), "{out}{err}");
    assert!(out.contains(&format!("table {table}: created")), "{out}");
    assert!(out.contains(&format!("bucket {bucket}: created")), "{out}");

    // The table: keys, the queue index with whole items, on-demand billing, expiry by expires_at.
    let dynamodb = dynamodb_client(&endpoint);
    let described = dynamodb
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .unwrap();
    let description = described.table().unwrap();
    let keys = |schema: &[aws_sdk_dynamodb::types::KeySchemaElement]| {
        schema
            .iter()
            .map(|k| (k.attribute_name().to_owned(), k.key_type().clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(description.key_schema()),
        [("pk".into(), KeyType::Hash), ("sk".into(), KeyType::Range)]
    );
    let index = &description.global_secondary_indexes()[0];
    assert_eq!(index.index_name(), Some("queue"));
    assert_eq!(
        keys(index.key_schema()),
        [
            ("queue_state".into(), KeyType::Hash),
            ("queue_sort".into(), KeyType::Range)
        ]
    );
    assert_eq!(
        index.projection().unwrap().projection_type(),
        Some(&ProjectionType::All)
    );
    assert_eq!(
        description
            .billing_mode_summary()
            .and_then(|b| b.billing_mode()),
        Some(&BillingMode::PayPerRequest)
    );
    let ttl = dynamodb
        .describe_time_to_live()
        .table_name(&table)
        .send()
        .await
        .unwrap();
    let ttl = ttl.time_to_live_description().unwrap();
    assert_eq!(ttl.attribute_name(), Some("expires_at"));
    let store = DynamoStore::new(dynamodb.clone(), table.clone());
    assert_eq!(store.layout_problems().await.unwrap(), Vec::<String>::new());

    // The bucket: private, encrypted by default, versioned, and the evidence store writes to it.
    let s3 = s3_client(&endpoint);
    let block = s3
        .get_public_access_block()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    let block = block.public_access_block_configuration().unwrap();
    assert_eq!(
        (
            block.block_public_acls(),
            block.block_public_policy(),
            block.ignore_public_acls(),
            block.restrict_public_buckets()
        ),
        (Some(true), Some(true), Some(true), Some(true))
    );
    let encryption = s3
        .get_bucket_encryption()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    let rule = &encryption
        .server_side_encryption_configuration()
        .unwrap()
        .rules()[0];
    assert_eq!(
        rule.apply_server_side_encryption_by_default()
            .unwrap()
            .sse_algorithm()
            .as_str(),
        "AES256"
    );
    let code = TrackingCode::generate(&TrackingPrefix::parse("TGL").unwrap()).unwrap();
    let file =
        EvidenceFile::from_upload(b"Nov 23 10:01:02 web sshd[311]: login\n".to_vec()).unwrap();
    let evidence = S3Evidence::new(s3.clone(), bucket.clone());
    evidence.put(code.key(), &file).await.unwrap();
    // Versioned: a second write of the object keeps the first. (moto's answer to GetBucketVersioning is not
    // one the SDK reads, so the versions are counted instead.)
    evidence.put(code.key(), &file).await.unwrap();
    let versions = s3
        .list_object_versions()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    assert_eq!(versions.versions().len(), 2, "{versions:?}");

    // What is there stays there: an item in the table, the evidence in the bucket.
    let marker = [
        ("pk".to_owned(), AttributeValue::S("MARKER".into())),
        ("sk".to_owned(), AttributeValue::S("MARKER".into())),
    ];
    dynamodb
        .put_item()
        .table_name(&table)
        .set_item(Some(marker.clone().into()))
        .send()
        .await
        .unwrap();
    let second = csirt(&endpoint, &["store", "create", "--json"], &env);
    let (out, err) = (text(&second.stdout), text(&second.stderr));
    assert_eq!(second.status.code(), Some(0), "{out}{err}");
    let answer: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        answer,
        serde_json::json!({
            "table": { "name": table, "created": false },
            "bucket": { "name": bucket, "created": false },
        })
    );
    let third = csirt(&endpoint, &["store", "create"], &env);
    let out = text(&third.stdout);
    assert!(
        out.contains(&format!(
            "table {table}: exists already; nothing was changed"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "bucket {bucket}: exists already; nothing was changed"
        )),
        "{out}"
    );
    let kept = dynamodb
        .get_item()
        .table_name(&table)
        .set_key(Some(marker.into()))
        .send()
        .await
        .unwrap();
    assert!(kept.item().is_some(), "the table was replaced");
    assert_eq!(
        evidence.get(code.key(), file.sha256()).await.unwrap(),
        Some(file.bytes().to_vec())
    );
}

#[tokio::test]
async fn a_missing_table_or_bucket_is_named_with_the_command_that_creates_it() {
    let endpoint = moto_endpoint();
    let (table, bucket) = (unique_name("no-cases"), unique_name("no-evidence"));

    // Through the store.
    let store = DynamoStore::new(dynamodb_client(&endpoint), table.clone());
    let code = TrackingCode::generate(&TrackingPrefix::parse("TGL").unwrap()).unwrap();
    let error = store.get(&code).await.unwrap_err().to_string();
    assert!(
        error.contains(&format!("table {table} does not exist")),
        "{error}"
    );
    assert!(error.contains("`csirt store create`"), "{error}");
    let evidence = S3Evidence::new(s3_client(&endpoint), bucket.clone());
    let file = EvidenceFile::from_upload(b"log\n".to_vec()).unwrap();
    let error = evidence
        .put(code.key(), &file)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(&format!("bucket {bucket} does not exist")),
        "{error}"
    );
    assert!(error.contains("`csirt store create`"), "{error}");

    // Through `csirt`: the store is unavailable (exit 5), and the message says why and what to run.
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/config.toml");
    let output = csirt(
        &endpoint,
        &["case", "queue", "--config", config.to_str().unwrap()],
        &[
            ("CSIRT_STORE", "dynamodb"),
            ("CSIRT_TABLE", &table),
            ("CSIRT_EVIDENCE_BUCKET", &bucket),
        ],
    );
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(5), "{err}");
    assert!(
        err.contains(&format!("table {table} does not exist"))
            && err.contains("csirt store create"),
        "{err}"
    );
}

#[test]
fn aws_out_of_reach_is_exit_code_5_and_a_missing_name_exit_code_2() {
    // A loopback port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let nowhere = format!("http://127.0.0.1:{port}");
    let output = csirt(
        &nowhere,
        &["store", "create"],
        &[
            ("CSIRT_TABLE", "cases"),
            ("CSIRT_EVIDENCE_BUCKET", "evidence"),
        ],
    );
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(5), "{err}");
    assert!(err.contains("CreateTable"), "{err}");

    let output = csirt(&nowhere, &["store", "create"], &[("CSIRT_TABLE", "cases")]);
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("CSIRT_EVIDENCE_BUCKET"), "{err}");
    let output = csirt(
        &nowhere,
        &["store", "create", "--table", "cases", "--bucket", " "],
        &[],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
}
