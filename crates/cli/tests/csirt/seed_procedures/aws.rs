//! Kutai Kartanegara's procedure on DynamoDB and S3 (moto's server), and publishing to a bucket.

use super::kukar::walk_kukar_to_resolved;
use crate::seeds::*;
use serde_json::Value;

/// The site bucket's objects: key → content.
async fn bucket_objects(
    client: &aws_sdk_s3::Client,
    bucket: &str,
) -> std::collections::BTreeMap<String, String> {
    let listed = client
        .list_objects_v2()
        .bucket(bucket)
        .send()
        .await
        .unwrap();
    let mut objects = std::collections::BTreeMap::new();
    for object in listed.contents() {
        let key = object.key().unwrap().to_owned();
        let body = client
            .get_object()
            .bucket(bucket)
            .key(&key)
            .send()
            .await
            .unwrap()
            .body
            .collect()
            .await
            .unwrap();
        objects.insert(
            key,
            String::from_utf8_lossy(&body.into_bytes()).into_owned(),
        );
    }
    objects
}

/// Runs `csirt publish` to `bucket` and returns how many files it sent and left alone.
fn publish_to(site: &SeedSite, bucket: &str) -> (u64, u64) {
    let out: Value = serde_json::from_str(&site.csirt(&[
        "publish",
        "--output",
        site.path("public").to_str().unwrap(),
        "--bucket",
        bucket,
        "--json",
    ]))
    .unwrap();
    let uploaded = &out["uploaded"];
    assert_eq!(uploaded["deleted"], 0, "{out}");
    (
        uploaded["sent"].as_u64().unwrap(),
        uploaded["unchanged"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn on_dynamodb_and_s3_the_procedure_runs_and_publishing_uploads_only_what_changed() {
    let endpoint = moto_endpoint();
    let (table, evidence, website) = (
        unique_name("cases"),
        unique_name("evidence"),
        unique_name("site"),
    );
    create_table(&dynamodb_client(&endpoint), &table).await;
    let s3 = s3_client(&endpoint);
    create_bucket(&s3, &evidence).await;
    create_bucket(&s3, &website).await;
    let mut site = SeedSite::new("kukar");
    site.store = Store::Aws {
        endpoint,
        table,
        bucket: evidence,
    };

    let mut codes = Vec::new();
    for alias in ["pertama_kukar", "kedua_kukar"] {
        let code = site.submit(alias, "vulnerable", "vulnerable-system").await;
        walk_kukar_to_resolved(&site, &code);
        codes.push(code);
    }
    site.step(&["close", &codes[0], "--hall-of-fame"]);
    assert_eq!(site.status(&codes[0]).await["state"], "closed");

    // The first upload sends the whole site; the Hall of Fame in the bucket names the first reporter.
    let (sent, unchanged) = publish_to(&site, &website);
    assert!(
        sent > 20 && unchanged == 0,
        "sent {sent}, unchanged {unchanged}"
    );
    let objects = bucket_objects(&s3, &website).await;
    assert_eq!(objects.len() as u64, sent);
    assert!(objects["hall-of-fame/index.html"].contains("pertama_kukar"));
    for (key, text) in &objects {
        for secret in [NAME, EMAIL, PHONE[1], DESCRIPTION] {
            assert!(!text.contains(secret), "{secret} in s3://{website}/{key}");
        }
    }
    // Nothing changed: nothing sent.
    assert_eq!(publish_to(&site, &website), (0, sent));
    // One more case closed: only the Hall of Fame and statistics pages, in both languages.
    site.step(&["close", &codes[1], "--hall-of-fame"]);
    assert_eq!(publish_to(&site, &website), (4, sent - 4));
    let objects = bucket_objects(&s3, &website).await;
    assert!(objects["hall-of-fame/index.html"].contains("kedua_kukar"));
    assert!(objects["en/hall-of-fame/index.html"].contains("kedua_kukar"));
}
