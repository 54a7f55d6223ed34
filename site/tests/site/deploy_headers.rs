//! The deployments in `functions/deploy` send the same security headers as `csirt serve`
//! (`csirt_site::headers`): CloudFront's response headers policy in the CloudFormation template, and the nginx
//! example for self-hosting; both add HSTS, as they terminate TLS.

use csirt_site::headers::{CONTENT_SECURITY_POLICY, SECURITY_HEADERS};

fn deploy_file(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../functions/deploy")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn header(name: &str) -> &'static str {
    SECURITY_HEADERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("{name} is not among the security headers"))
}

#[test]
fn cloudfront_sends_the_same_headers_and_hsts() {
    let template = deploy_file("aws/template.yaml");
    for line in [
        format!("ContentSecurityPolicy: \"{CONTENT_SECURITY_POLICY}\""),
        format!("FrameOption: {}", header("x-frame-options")),
        format!("ReferrerPolicy: {}", header("referrer-policy")),
        "ContentTypeOptions:".to_owned(),
        "StrictTransportSecurity:".to_owned(),
        "- Header: Permissions-Policy".to_owned(),
        format!("Value: {}", header("permissions-policy")),
    ] {
        assert!(
            template.lines().any(|l| l.trim() == line),
            "the template lacks the line {line:?}"
        );
    }
    assert_eq!(header("x-content-type-options"), "nosniff");
    // Both the site and the intake behaviours carry the policy.
    assert_eq!(
        template
            .matches("ResponseHeadersPolicyId: !Ref SecurityHeaders")
            .count(),
        2
    );
}

#[test]
fn nginx_sends_the_same_headers_and_hsts() {
    let site = deploy_file("selfhost/csirt-site.conf");
    for (name, value) in SECURITY_HEADERS {
        let wanted = format!("add_header {name} \"{value}\" always;").to_lowercase();
        assert!(
            site.lines().any(|l| l.trim().to_lowercase() == wanted),
            "csirt-site.conf lacks {wanted:?}"
        );
    }
    // A location with add_header of its own would drop the server's headers there.
    let mut depth = 0;
    for line in site.lines().map(str::trim) {
        depth += line.matches('{').count();
        assert!(
            depth == 0 || !line.starts_with("add_header"),
            "add_header inside a location: {line}"
        );
        depth -= line.matches('}').count();
    }
    let server = deploy_file("selfhost/nginx.conf");
    assert!(server.contains(
        "add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;"
    ));
    assert!(server.contains("include snippets/csirt-site.conf;"));
}
