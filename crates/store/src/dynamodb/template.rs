//! The CloudFormation template in `functions/deploy/aws` declares the table as this store lays it out and as
//! [`DynamoStore::create_table`](super::DynamoStore::create_table) creates it; lets the intake touch only the items
//! it files, reads and counts, and the console only the items of cases, accounts, sessions and counters; puts the
//! console behind the site's CloudFront distribution at `/staff/`, uncached; and CloudFront leaves the functions'
//! answers as they are.

#![allow(clippy::unwrap_used)]

use super::checks::CHECK_PK_PREFIX;
use super::item::{
    CASE_PK_PREFIX, EXPIRES_AT, IDEMPOTENCY_PK_PREFIX, PK, QUEUE_INDEX, QUEUE_SORT, QUEUE_STATE,
    RATE_PK_PREFIX, SEQUENCE_PK_PREFIX, SK,
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

/// The template's YAML read into nodes: the block style CloudFormation templates are written in, with flow
/// sequences, quoted and plain scalars, block scalars and the short tags (`!Ref`, `!Sub`, `!If`, …). Enough for this
/// template; anything else fails loudly.
mod yaml {
    use std::iter::Peekable;
    use std::str::Chars;

    /// A node: a scalar (quotes removed), a tagged node, a sequence or a mapping (in the file's order).
    #[derive(Debug, Clone, PartialEq)]
    pub enum Node {
        Scalar(String),
        Tagged(String, Box<Node>),
        Seq(Vec<Node>),
        Map(Vec<(String, Node)>),
    }

    impl Node {
        /// The value of `key` in a mapping, if any.
        pub fn find(&self, key: &str) -> Option<&Node> {
            match self {
                Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
                _ => None,
            }
        }

        /// The value of `key` in a mapping; fails naming the key.
        pub fn get(&self, key: &str) -> &Node {
            self.find(key)
                .unwrap_or_else(|| panic!("no {key:?} in {}", self.text()))
        }

        /// The node at a path of keys.
        pub fn at(&self, path: &[&str]) -> &Node {
            path.iter().fold(self, |node, key| node.get(key))
        }

        /// The items of a sequence.
        pub fn items(&self) -> &[Node] {
            match self {
                Node::Seq(items) => items,
                other => panic!("not a sequence: {}", other.text()),
            }
        }

        /// The entries of a mapping.
        pub fn entries(&self) -> &[(String, Node)] {
            match self {
                Node::Map(entries) => entries,
                other => panic!("not a mapping: {}", other.text()),
            }
        }

        /// A sequence's items as text, or a single node as a list of one (IAM takes both for actions and
        /// resources).
        pub fn list(&self) -> Vec<String> {
            match self {
                Node::Seq(items) => items.iter().map(Node::text).collect(),
                other => vec![other.text()],
            }
        }

        /// The node as one line: a scalar as it is, `!Tag value`, `[a, b]`, `{k: v, …}`.
        pub fn text(&self) -> String {
            match self {
                Node::Scalar(s) => s.clone(),
                Node::Tagged(tag, value) => format!("{tag} {}", value.text()),
                Node::Seq(items) => {
                    format!(
                        "[{}]",
                        items.iter().map(Node::text).collect::<Vec<_>>().join(", ")
                    )
                }
                Node::Map(entries) => format!(
                    "{{{}}}",
                    entries
                        .iter()
                        .map(|(k, v)| format!("{k}: {}", v.text()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    }

    struct Line {
        indent: usize,
        text: String,
    }

    /// Reads a whole document.
    pub fn parse(source: &str) -> Node {
        let lines = source
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| Line {
                indent: l.len() - l.trim_start().len(),
                text: l.trim().to_owned(),
            })
            .collect();
        let mut reader = Reader { lines, at: 0 };
        let document = reader.block(0);
        assert_eq!(reader.at, reader.lines.len(), "lines left unread");
        document
    }

    fn is_item(text: &str) -> bool {
        text == "-" || text.starts_with("- ")
    }

    /// `key: value` (value possibly empty), unless the text is a scalar.
    fn key_of(text: &str) -> Option<(&str, &str)> {
        if text.starts_with(['"', '\'', '!', '[', '{']) {
            return None;
        }
        match text.find(": ") {
            Some(at) => Some((&text[..at], text[at + 2..].trim())),
            None => text.strip_suffix(':').map(|key| (key, "")),
        }
    }

    struct Reader {
        lines: Vec<Line>,
        at: usize,
    }

    impl Reader {
        fn block(&mut self, indent: usize) -> Node {
            let line = &self.lines[self.at];
            assert_eq!(line.indent, indent, "unexpected indentation: {}", line.text);
            if is_item(&line.text) {
                self.seq(indent)
            } else {
                self.map(indent)
            }
        }

        fn seq(&mut self, indent: usize) -> Node {
            let mut items = Vec::new();
            while let Some(line) = self.lines.get(self.at) {
                if line.indent != indent || !is_item(&line.text) {
                    break;
                }
                let rest = line.text[1..].trim_start().to_owned();
                let offset = line.text.len() - rest.len();
                if rest.is_empty() {
                    self.at += 1;
                    items.push(self.child(indent));
                } else if key_of(&rest).is_some() {
                    // `- key: value` opens a mapping whose other keys line up with this one.
                    self.lines[self.at] = Line {
                        indent: indent + offset,
                        text: rest,
                    };
                    items.push(self.map(indent + offset));
                } else {
                    self.at += 1;
                    items.push(self.value(&rest, indent));
                }
            }
            Node::Seq(items)
        }

        fn map(&mut self, indent: usize) -> Node {
            let mut entries = Vec::new();
            while let Some(line) = self.lines.get(self.at) {
                if line.indent != indent || is_item(&line.text) {
                    break;
                }
                let (key, value) = key_of(&line.text)
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .unwrap_or_else(|| panic!("not a key: {}", line.text));
                self.at += 1;
                let value = self.value(&value, indent);
                entries.push((key, value));
            }
            Node::Map(entries)
        }

        /// The block under a line indented `owner`: the lines after it indented deeper.
        fn child(&mut self, owner: usize) -> Node {
            match self.lines.get(self.at) {
                Some(next) if next.indent > owner => {
                    let indent = next.indent;
                    self.block(indent)
                }
                _ => Node::Scalar(String::new()),
            }
        }

        /// The value written after a key or a dash on a line indented `owner`.
        fn value(&mut self, text: &str, owner: usize) -> Node {
            if text.is_empty() {
                return self.child(owner);
            }
            if matches!(text, "|" | "|-" | ">" | ">-") {
                let mut block = Vec::new();
                while let Some(line) = self.lines.get(self.at).filter(|l| l.indent > owner) {
                    block.push(line.text.clone());
                    self.at += 1;
                }
                let joint = if text.starts_with('|') { "\n" } else { " " };
                return Node::Scalar(block.join(joint));
            }
            if text.starts_with('!') && !text.contains(' ') {
                return Node::Tagged(text.to_owned(), Box::new(self.child(owner)));
            }
            let mut input = text.chars().peekable();
            let node = flow(&mut input, false);
            assert!(input.next().is_none(), "unread text in {text:?}");
            node
        }
    }

    fn skip_spaces(input: &mut Peekable<Chars>) {
        while input.next_if(|c| *c == ' ').is_some() {}
    }

    /// A flow node: `[…]`, `!Tag node`, a quoted or a plain scalar; `in_seq` ends plain scalars at `,` and `]`.
    fn flow(input: &mut Peekable<Chars>, in_seq: bool) -> Node {
        skip_spaces(input);
        let ends = |c: char| in_seq && (c == ',' || c == ']');
        match input.peek().copied() {
            Some('[') => {
                input.next();
                let mut items = Vec::new();
                loop {
                    skip_spaces(input);
                    if input.next_if_eq(&']').is_some() {
                        break;
                    }
                    items.push(flow(input, true));
                    skip_spaces(input);
                    match input.next() {
                        Some(',') => {}
                        Some(']') => break,
                        other => panic!("unexpected {other:?} in a flow sequence"),
                    }
                }
                Node::Seq(items)
            }
            Some('!') => {
                let mut tag = String::new();
                while let Some(c) = input.next_if(|c| *c != ' ' && !ends(*c)) {
                    tag.push(c);
                }
                skip_spaces(input);
                let value = match input.peek() {
                    None => Node::Scalar(String::new()),
                    Some(c) if ends(*c) => Node::Scalar(String::new()),
                    Some(_) => flow(input, in_seq),
                };
                Node::Tagged(tag, Box::new(value))
            }
            Some('"') => {
                input.next();
                let mut text = String::new();
                loop {
                    match input.next() {
                        Some('"') => break,
                        Some('\\') => text.extend(input.next()),
                        Some(c) => text.push(c),
                        None => panic!("unterminated string"),
                    }
                }
                Node::Scalar(text)
            }
            Some('\'') => {
                input.next();
                let mut text = String::new();
                loop {
                    match input.next() {
                        Some('\'') if input.next_if_eq(&'\'').is_some() => text.push('\''),
                        Some('\'') => break,
                        Some(c) => text.push(c),
                        None => panic!("unterminated string"),
                    }
                }
                Node::Scalar(text)
            }
            _ => {
                let mut text = String::new();
                while let Some(c) = input.next_if(|c| !ends(*c)) {
                    text.push(c);
                }
                Node::Scalar(text.trim().to_owned())
            }
        }
    }

    #[test]
    fn reads_what_the_template_writes() {
        let node = parse(
            "A:\n  B: !If [Has, [!Ref X], !Ref \"AWS::NoValue\"]\n  C:\n    - x\n    - k: 'it''s'\n      l: \"a\\\"b\"\n  D: !And\n    - !Not [y]\n  E: >-\n    one\n    two\n  F:\n    - !If\n      - Has\n      - Sid: S\n      - !Ref AWS::NoValue\n",
        );
        let a = node.get("A");
        assert_eq!(a.get("B").text(), "!If [Has, [!Ref X], !Ref AWS::NoValue]");
        assert_eq!(a.get("C").text(), "[x, {k: it's, l: a\"b}]");
        assert_eq!(a.get("D").text(), "!And [!Not [y]]");
        assert_eq!(a.get("E").text(), "one two");
        assert_eq!(
            a.get("F").text(),
            "[!If [Has, {Sid: S}, !Ref AWS::NoValue]]"
        );
    }
}

use yaml::Node;

/// The managed cache policy CachingDisabled.
const CACHING_DISABLED: &str = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

/// The template, read.
fn template() -> Node {
    yaml::parse(TEMPLATE)
}

/// The value of `const NAME: &str = "…";` in the store's source `source`: the template must name the same keys.
fn constant(source: &'static str, name: &str) -> &'static str {
    let marker = format!("const {name}: &str = \"");
    let start = source
        .find(&marker)
        .unwrap_or_else(|| panic!("no constant {name}"))
        + marker.len();
    let end = source[start..].find('"').unwrap() + start;
    &source[start..end]
}

/// One statement of a role's policy: what it allows, on what, under which condition, and the template condition
/// it exists under (`!If [Cond, statement, !Ref AWS::NoValue]`).
#[derive(Debug, PartialEq)]
struct Grant {
    sid: String,
    actions: Vec<String>,
    resources: Vec<String>,
    condition: Option<String>,
    only_if: Option<String>,
}

/// A statement allowing `actions` on `resources`.
fn grant(sid: &str, actions: &[&str], resources: &[&str], condition: Option<String>) -> Grant {
    Grant {
        sid: sid.to_owned(),
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        resources: resources.iter().map(|r| (*r).to_owned()).collect(),
        condition,
        only_if: None,
    }
}

/// The condition that every item touched has one of these partition keys.
fn leading_keys(keys: &[&str]) -> Option<String> {
    Some(format!(
        "{{ForAllValues:StringLike: {{dynamodb:LeadingKeys: [{}]}}}}",
        keys.join(", ")
    ))
}

/// The statements of the role `role`, which must have exactly one inline policy, no managed policy, and be
/// assumable by Lambda only.
fn grants(template: &Node, role: &str) -> Vec<Grant> {
    let properties = template.at(&["Resources", role, "Properties"]);
    let keys: Vec<&str> = properties
        .entries()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        keys,
        ["AssumeRolePolicyDocument", "Policies"],
        "{role} has more than its inline policy"
    );
    assert_eq!(
        properties
            .get("AssumeRolePolicyDocument")
            .get("Statement")
            .text(),
        "[{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]"
    );
    let policies = properties.get("Policies").items();
    assert_eq!(policies.len(), 1, "{role} has more than one policy");
    policies[0]
        .at(&["PolicyDocument", "Statement"])
        .items()
        .iter()
        .map(|statement| {
            let (statement, only_if) = match statement {
                Node::Tagged(tag, branches) if tag == "!If" => {
                    let [condition, then, otherwise] = branches.items() else {
                        panic!("{role}: an !If without two branches");
                    };
                    assert_eq!(otherwise.text(), "!Ref AWS::NoValue");
                    (then, Some(condition.text()))
                }
                plain => (plain, None),
            };
            for (key, _) in statement.entries() {
                assert!(
                    ["Sid", "Effect", "Action", "Resource", "Condition"].contains(&key.as_str()),
                    "{role}: a statement with {key}"
                );
            }
            assert_eq!(statement.get("Effect").text(), "Allow", "{role}");
            Grant {
                sid: statement.get("Sid").text(),
                actions: statement.get("Action").list(),
                resources: statement.get("Resource").list(),
                condition: statement.find("Condition").map(Node::text),
                only_if,
            }
        })
        .collect()
}

#[test]
fn the_intake_touches_only_its_own_items() {
    let template = template();
    let table = "!GetAtt CasesTable.Arn";
    let mut mail = grant(
        "SendMessages",
        &["ses:SendEmail"],
        &["*"],
        Some("{StringEquals: {ses:FromAddress: !Ref MailFrom}}".to_owned()),
    );
    mail.only_if = Some("HasMail".to_owned());
    assert_eq!(
        grants(&template, "IntakeRole"),
        [
            grant(
                "Logs",
                &["logs:CreateLogStream", "logs:PutLogEvents"],
                &["!Sub ${IntakeLogGroup.Arn}:*"],
                None
            ),
            grant(
                "CreateCasesAndReadStatus",
                &["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"],
                &[table],
                leading_keys(&[
                    &format!("{CASE_PK_PREFIX}*"),
                    &format!("{IDEMPOTENCY_PK_PREFIX}*"),
                    constant(include_str!("accounts.rs"), "KEY_PK"),
                ])
            ),
            grant(
                "CountSubmissions",
                &["dynamodb:GetItem", "dynamodb:UpdateItem"],
                &[table],
                leading_keys(&[&format!("{RATE_PK_PREFIX}*")])
            ),
            grant(
                "ReadDocumentChecks",
                &["dynamodb:GetItem"],
                &[table],
                leading_keys(&[&format!("{CHECK_PK_PREFIX}*")])
            ),
            grant(
                "WriteEvidence",
                &["s3:PutObject"],
                &["!Sub ${EvidenceBucket.Arn}/cases/*"],
                None
            ),
            // Mail only from the configured sender, and only when mail is configured.
            mail,
        ],
        "the intake's role grants other than it needs"
    );
}

#[test]
fn the_console_touches_only_cases_accounts_sessions_and_counters() {
    let template = template();
    let accounts = include_str!("accounts.rs");
    let table = "!GetAtt CasesTable.Arn";
    let prefix = |p: &str| format!("{p}*");
    let sessions = prefix(constant(accounts, "SESSION_PK_PREFIX"));
    let grants = grants(&template, "ConsoleRole");
    assert_eq!(
        grants,
        [
            grant(
                "Logs",
                &["logs:CreateLogStream", "logs:PutLogEvents"],
                &["!Sub ${ConsoleLogGroup.Arn}:*"],
                None
            ),
            // Cases and events (steps are conditional puts in a transaction), accounts and their audit log, the
            // audit key, sessions and document numbers.
            grant(
                "CasesAccountsAndSessions",
                &["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
                &[table],
                leading_keys(&[
                    &prefix(CASE_PK_PREFIX),
                    constant(accounts, "STAFF_PK"),
                    constant(accounts, "AUDIT_PK"),
                    constant(accounts, "KEY_PK"),
                    &sessions,
                    &prefix(SEQUENCE_PK_PREFIX),
                    &prefix(CHECK_PK_PREFIX),
                ])
            ),
            // Sign-in attempts counted; document numbers (a new sequence reads its older rate-limit counter).
            grant(
                "Counters",
                &["dynamodb:GetItem", "dynamodb:UpdateItem"],
                &[table],
                leading_keys(&[&prefix(RATE_PK_PREFIX), &prefix(SEQUENCE_PK_PREFIX)])
            ),
            grant(
                "EndSessions",
                &["dynamodb:DeleteItem"],
                &[table],
                leading_keys(&[&sessions])
            ),
            grant(
                "Queue",
                &["dynamodb:Query"],
                &[&format!("!Sub ${{CasesTable.Arn}}/index/{QUEUE_INDEX}")],
                None
            ),
            grant(
                "ReadEvidence",
                &["s3:GetObject"],
                &["!Sub ${EvidenceBucket.Arn}/cases/*"],
                None
            ),
        ],
        "the console's role grants other than it needs"
    );
    // No wildcard action, no resource `*`, nothing of STS, SES, the site or CloudFront.
    for grant in &grants {
        assert!(grant.actions.iter().all(|a| !a.contains('*')), "{grant:?}");
        assert!(grant.resources.iter().all(|r| r != "*"), "{grant:?}");
    }
    // The function runs as that role, on the table and bucket of the stack, its client from CloudFront.
    let function = template.at(&["Resources", "ConsoleFunction", "Properties"]);
    assert_eq!(function.get("Role").text(), "!GetAtt ConsoleRole.Arn");
    assert_eq!(
        function.at(&["Code", "S3Key"]).text(),
        "!Ref ConsoleCodeKey"
    );
    assert_eq!(
        function.at(&["Environment", "Variables"]).text(),
        "{CSIRT_STORE: dynamodb, CSIRT_TABLE: !Ref CasesTable, CSIRT_EVIDENCE_BUCKET: !Ref EvidenceBucket, \
         CSIRT_TRUST_CLOUDFRONT: 1}"
    );
    // Nothing else grants either function's role anything: no other policy resource in the stack.
    let resources = template.get("Resources").entries();
    let iam: Vec<_> = resources
        .iter()
        .filter(|(_, r)| r.get("Type").text().starts_with("AWS::IAM::"))
        .map(|(name, r)| format!("{name} {}", r.get("Type").text()))
        .collect();
    assert_eq!(
        iam,
        [
            "IntakeRole AWS::IAM::Role",
            "ConsoleRole AWS::IAM::Role",
            "StaffGroup AWS::IAM::Group"
        ]
    );
}

#[test]
fn cloudfront_sends_staff_to_the_console_uncached() {
    let template = template();
    let resources = template.get("Resources");
    let config = resources.at(&["Distribution", "Properties", "DistributionConfig"]);
    let behaviours = config.get("CacheBehaviors").items();
    for pattern in ["/staff/*", "/staff"] {
        let behaviour = behaviours
            .iter()
            .find(|b| b.get("PathPattern").text() == pattern)
            .unwrap_or_else(|| panic!("no behaviour for {pattern}"));
        assert_eq!(
            behaviour.text(),
            format!(
                "{{PathPattern: {pattern}, TargetOriginId: console, ViewerProtocolPolicy: redirect-to-https, \
                 AllowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE], Compress: true, \
                 CachePolicyId: {CACHING_DISABLED}, OriginRequestPolicyId: !Ref ConsoleOriginRequestPolicy, \
                 ResponseHeadersPolicyId: !Ref SecurityHeaders}}"
            )
        );
    }
    // The console's origin is the console's own API, whose one route is the console function.
    let origin = config
        .get("Origins")
        .items()
        .iter()
        .find(|o| o.get("Id").text() == "console")
        .unwrap();
    assert_eq!(
        origin.get("DomainName").text(),
        "!Sub ${ConsoleApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
    );
    assert_eq!(
        origin.get("CustomOriginConfig").text(),
        "{OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}"
    );
    let on_console_api: Vec<_> = resources
        .entries()
        .iter()
        .filter(|(_, r)| {
            r.find("Properties")
                .and_then(|p| p.find("ApiId"))
                .is_some_and(|id| id.text() == "!Ref ConsoleApi")
        })
        .map(|(name, r)| (name.as_str(), r.get("Properties").text()))
        .collect();
    assert_eq!(
        on_console_api,
        [
            (
                "ConsoleApiIntegration",
                "{ApiId: !Ref ConsoleApi, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt ConsoleFunction.Arn, \
                 PayloadFormatVersion: 2.0, TimeoutInMillis: 30000}"
                    .to_owned()
            ),
            (
                "ConsoleRoute",
                "{ApiId: !Ref ConsoleApi, RouteKey: $default, Target: !Sub integrations/${ConsoleApiIntegration}}"
                    .to_owned()
            ),
            (
                "ConsoleApiStage",
                "{ApiId: !Ref ConsoleApi, StageName: $default, AutoDeploy: true, DefaultRouteSettings: \
                 {ThrottlingRateLimit: !Ref ApiRateLimit, ThrottlingBurstLimit: !Ref ApiBurstLimit}}"
                    .to_owned()
            ),
        ]
    );
    // What reaches the console: every cookie and the query; of the headers, those of its forms and passkey
    // ceremonies and the client's address; never Host (API Gateway answers for its own name only).
    assert_eq!(
        resources
            .at(&[
                "ConsoleOriginRequestPolicy",
                "Properties",
                "OriginRequestPolicyConfig"
            ])
            .text(),
        "{Name: !Sub ${AWS::StackName}-console, CookiesConfig: {CookieBehavior: all}, HeadersConfig: \
         {HeaderBehavior: whitelist, Headers: [Accept, Content-Type, Origin, X-CSRF-Token, CloudFront-Viewer-Address]}, \
         QueryStringsConfig: {QueryStringBehavior: all}}"
    );
}

#[test]
fn cloudfront_passes_the_functions_answers_through_and_caches_no_error() {
    // Error pages apply to every behaviour: one for 404 would turn an unknown tracking code's JSON into HTML.
    let template = template();
    let responses = template
        .at(&[
            "Resources",
            "Distribution",
            "Properties",
            "DistributionConfig",
            "CustomErrorResponses",
        ])
        .items();
    let pages: Vec<_> = responses
        .iter()
        .filter(|r| r.find("ResponsePagePath").is_some())
        .map(Node::text)
        .collect();
    assert_eq!(
        pages,
        ["{ErrorCode: 403, ResponseCode: 404, ResponsePagePath: /404.html, ErrorCachingMinTTL: 0}"]
    );
    // CloudFront keeps an error 10 s by default whatever the origin says: none is kept, as the console's belong
    // to one signed-in person. These are the codes it would keep.
    let mut codes: Vec<u16> = responses
        .iter()
        .inspect(|r| assert_eq!(r.get("ErrorCachingMinTTL").text(), "0", "{}", r.text()))
        .map(|r| r.get("ErrorCode").text().parse().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(codes, [400, 403, 404, 405, 414, 500, 501, 502, 503, 504]);
}

/// Reporters' data does not outlive the retention schedule in the bucket's versions or the table's backups by
/// more than the periods the stack is given.
#[test]
fn evidence_versions_and_table_backups_expire() {
    let s = |t: &str| t.to_owned();
    let bucket = resource("EvidenceBucket");
    assert!(in_order(
        &bucket,
        &[
            s("Status: Enabled"),
            s("LifecycleConfiguration:"),
            s("- Id: ExpireNoncurrentEvidence"),
            s("NoncurrentVersionExpiration:"),
            s("NoncurrentDays: !Ref EvidenceVersionDays"),
            s("ExpiredObjectDeleteMarker: true"),
        ]
    ));
    let table = resource("CasesTable");
    assert!(in_order(
        &table,
        &[
            s("PointInTimeRecoveryEnabled: true"),
            s("RecoveryPeriodInDays: !Ref BackupDays"),
        ]
    ));
    let parameters = resource("BackupDays");
    assert!(parameters.contains(&"MaxValue: 35"), "{parameters:?}");
}
