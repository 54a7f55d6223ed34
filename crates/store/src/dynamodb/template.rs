//! The CloudFormation template in `functions/deploy/aws` declares the table as this store lays it out and as
//! [`DynamoStore::create_table`](super::DynamoStore::create_table) creates it, and lets the intake touch only
//! the items it files, reads and counts; CloudFront leaves its answers as they are.

#![allow(clippy::unwrap_used)]

use super::item::{
    CASE_PK_PREFIX, EXPIRES_AT, IDEMPOTENCY_PK_PREFIX, PK, QUEUE_INDEX, QUEUE_SORT, QUEUE_STATE,
    RATE_PK_PREFIX, SK,
};

const TEMPLATE: &str = include_str!("../../../../functions/deploy/aws/template.yaml");

/// The lines (trimmed) of the resource `name`: from its line to the next resource at the same indentation.
fn resource(name: &str) -> Vec<&'static str> {
    let mut lines = TEMPLATE.lines().skip_while(|l| *l != format!("  {name}:"));
    let first = lines.next().unwrap_or_else(|| panic!("no resource {name}"));
    std::iter::once(first)
        .chain(lines.take_while(|l| l.is_empty() || l.starts_with("    ") || l.starts_with("  #")))
        .map(str::trim)
        .collect()
}

/// Whether `lines` hold `wanted` in this order (not necessarily adjacent).
fn in_order(lines: &[&str], wanted: &[String]) -> bool {
    let mut rest = lines.iter();
    wanted.iter().all(|w| rest.any(|l| l == w))
}

#[test]
fn the_table_is_laid_out_as_the_store_expects() {
    let table = resource("CasesTable");
    let s = |t: &str| t.to_owned();
    for wanted in [
        vec![s("BillingMode: PAY_PER_REQUEST")],
        vec![
            s("AttributeDefinitions:"),
            format!("- AttributeName: {PK}"),
            s("AttributeType: S"),
            format!("- AttributeName: {SK}"),
            s("AttributeType: S"),
            format!("- AttributeName: {QUEUE_STATE}"),
            s("AttributeType: S"),
            format!("- AttributeName: {QUEUE_SORT}"),
            s("AttributeType: S"),
        ],
        vec![
            s("KeySchema:"),
            format!("- AttributeName: {PK}"),
            s("KeyType: HASH"),
            format!("- AttributeName: {SK}"),
            s("KeyType: RANGE"),
        ],
        vec![
            s("GlobalSecondaryIndexes:"),
            format!("- IndexName: {QUEUE_INDEX}"),
            format!("- AttributeName: {QUEUE_STATE}"),
            s("KeyType: HASH"),
            format!("- AttributeName: {QUEUE_SORT}"),
            s("KeyType: RANGE"),
            s("ProjectionType: ALL"),
        ],
        vec![
            s("TimeToLiveSpecification:"),
            format!("AttributeName: {EXPIRES_AT}"),
            s("Enabled: true"),
        ],
        vec![s("PointInTimeRecoveryEnabled: true")],
        vec![s("SSEEnabled: true")],
    ] {
        assert!(
            in_order(&table, &wanted),
            "CasesTable lacks {wanted:?}: {table:#?}"
        );
    }
    // One index only: the store creates no other.
    assert_eq!(
        table
            .iter()
            .filter(|l| l.starts_with("- IndexName:"))
            .count(),
        1
    );
}

#[test]
fn the_intake_touches_only_its_own_items() {
    let role = resource("IntakeRole");
    let s = |t: &str| t.to_owned();
    assert!(in_order(
        &role,
        &[
            s("- dynamodb:PutItem"),
            s("- dynamodb:GetItem"),
            s("- dynamodb:Query"),
            s("Resource: !GetAtt CasesTable.Arn"),
            format!("- \"{CASE_PK_PREFIX}*\""),
            format!("- \"{IDEMPOTENCY_PK_PREFIX}*\""),
            s("- \"KEY\""),
            s("- dynamodb:UpdateItem"),
            s("Resource: !GetAtt CasesTable.Arn"),
            format!("- \"{RATE_PK_PREFIX}*\""),
            s("- s3:PutObject"),
            s("Resource: !Sub \"${EvidenceBucket.Arn}/cases/*\""),
        ]
    ));
    let actions: Vec<_> = role
        .iter()
        .filter(|l| {
            l.starts_with("- dynamodb:")
                || l.starts_with("- s3:")
                || l.starts_with("- logs:")
                || l.starts_with("- ses:")
        })
        .collect();
    assert_eq!(
        actions,
        [
            &"- logs:CreateLogStream",
            &"- logs:PutLogEvents",
            &"- dynamodb:PutItem",
            &"- dynamodb:GetItem",
            &"- dynamodb:Query",
            &"- dynamodb:UpdateItem",
            &"- s3:PutObject",
            &"- ses:SendEmail",
        ],
        "the intake's role grants more than it needs"
    );
    assert!(
        !role
            .iter()
            .any(|l| l.contains('*') && l.starts_with("- dynamodb"))
    );
    // Mail only from the configured sender, and only when mail is configured.
    assert!(in_order(
        &role,
        &[
            s("- HasMail"),
            s("- ses:SendEmail"),
            s("ses:FromAddress: !Ref MailFrom"),
        ]
    ));
}

#[test]
fn cloudtrail_records_who_touched_the_table_and_the_buckets() {
    let trail = resource("AuditTrail");
    let s = |t: &str| t.to_owned();
    assert!(in_order(
        &trail,
        &[
            s("IsLogging: true"),
            s("EnableLogFileValidation: true"),
            s("- Field: eventCategory"),
            s("Equals: [Data]"),
            s("Equals: [AWS::DynamoDB::Table]"),
            s("Equals: [!GetAtt CasesTable.Arn]"),
            s("Equals: [AWS::S3::Object]"),
            s("- !Sub \"${EvidenceBucket.Arn}/\""),
            s("- !Sub \"${SiteBucket.Arn}/\""),
        ]
    ));
    let policy = resource("AuditTrailBucketPolicy");
    assert!(in_order(
        &policy,
        &[
            s("Effect: Deny"),
            s("- s3:DeleteObject"),
            s("- s3:DeleteObjectVersion")
        ]
    ));
}

#[test]
fn cloudfront_passes_the_intakes_not_found_through() {
    // Error pages apply to every behaviour: one for 404 would turn an unknown tracking code's JSON into HTML.
    let distribution = resource("Distribution");
    let codes: Vec<_> = distribution
        .iter()
        .filter(|l| l.starts_with("- ErrorCode:"))
        .collect();
    assert_eq!(codes, [&"- ErrorCode: 403"]);
}
