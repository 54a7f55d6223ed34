//! The deployments in `functions/deploy` send the same security headers as `csirt serve`
//! (`csirt_site::headers`): CloudFront's response headers policy in the CloudFormation template, and the nginx
//! example for self-hosting; both add HSTS, as they terminate TLS. The nginx example proxies the staff console
//! uncached, with the client's address, and sends the files the build compressed beforehand with the cache
//! lifetimes `csirt serve` gives each kind of path.

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
    // Every behaviour carries the policy: the site's, the intake's (/api/*) and the console's (/staff/*, /staff).
    assert_eq!(
        template
            .matches("ResponseHeadersPolicyId: !Ref SecurityHeaders")
            .count(),
        4
    );
    assert_eq!(template.matches("- PathPattern: ").count(), 3);
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

/// The lines (trimmed) of the nginx block that opens with `opening`, up to its closing brace.
fn block<'a>(conf: &'a str, opening: &str) -> Vec<&'a str> {
    let mut lines = conf.lines().map(str::trim).skip_while(|l| *l != opening);
    assert!(lines.next().is_some(), "no block {opening:?}");
    lines.take_while(|l| *l != "}").collect()
}

#[test]
fn nginx_sends_staff_to_the_console_uncached_with_the_client_address() {
    let site = deploy_file("selfhost/csirt-site.conf");
    let service = deploy_file("selfhost/csirt-console.service");
    let staff = block(&site, "location /staff/ {");
    // To the console's service, on the address it listens on.
    let addr = service
        .lines()
        .find_map(|l| l.strip_prefix("Environment=CSIRT_ADDR="))
        .expect("the console's listening address");
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    assert!(staff.contains(&format!("proxy_pass http://{addr};").as_str()));
    assert!(staff.contains(&"proxy_cache off;"));
    // The client's address, the only one the console reads behind a proxy, set by nginx whatever the client sent.
    assert!(
        service
            .lines()
            .any(|l| l == "Environment=CSIRT_TRUST_CLOUDFRONT=1")
    );
    assert!(
        staff
            .contains(&"proxy_set_header CloudFront-Viewer-Address \"$remote_addr:$remote_port\";")
    );
    // The console's own security headers give way to the server's, so that each is sent once.
    for (name, _) in SECURITY_HEADERS {
        assert!(
            staff
                .iter()
                .any(|l| l.to_lowercase() == format!("proxy_hide_header {name};")),
            "the console's {name} is not hidden"
        );
    }
    assert_eq!(block(&site, "location = /staff {"), ["return 301 /staff/;"]);
}

/// The entries of the nginx `map` block `opening`: (key, value), quotes removed; `~` keys are regular
/// expressions, tried in order.
fn map_entries(conf: &str, opening: &str) -> Vec<(String, String)> {
    block(conf, opening)
        .into_iter()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let line = line
                .strip_suffix(';')
                .unwrap_or_else(|| panic!("no ; after {line:?}"));
            let mut tokens = Vec::new();
            let mut rest = line.trim();
            while !rest.is_empty() {
                let (token, after) = match rest.strip_prefix('"') {
                    Some(quoted) => {
                        let end = quoted.find('"').expect("a closing quote");
                        (&quoted[..end], &quoted[end + 1..])
                    }
                    None => rest.split_at(rest.find(' ').unwrap_or(rest.len())),
                };
                tokens.push(token.to_owned());
                rest = after.trim_start();
            }
            assert_eq!(tokens.len(), 2, "{line:?}");
            (tokens[0].clone(), tokens[1].clone())
        })
        .collect()
}

#[test]
fn nginx_sends_the_precompressed_files_with_the_cache_lifetimes_of_csirt_serve() {
    use csirt_site::assets::{cache_control, fingerprinted_name};
    let site = deploy_file("selfhost/csirt-site.conf");
    let lines: Vec<&str> = site.lines().map(str::trim).collect();
    for line in [
        "gzip_static on;",
        "brotli_static on;",
        "gzip_vary on;",
        "add_header Cache-Control $csirt_cache_control always;",
    ] {
        assert!(lines.contains(&line), "csirt-site.conf lacks {line:?}");
    }
    let server = deploy_file("selfhost/nginx.conf");
    assert!(
        server.contains("libnginx-mod-http-brotli-static"),
        "nginx.conf says which package brings brotli_static"
    );
    let entries = map_entries(&server, "map $uri $csirt_cache_control {");
    let default = entries
        .iter()
        .find(|(key, _)| key == "default")
        .map(|(_, value)| value.clone())
        .expect("a default lifetime");
    let patterns: Vec<(regex::Regex, String)> = entries
        .iter()
        .filter(|(key, _)| key != "default")
        .map(|(key, value)| {
            let pattern = key
                .strip_prefix('~')
                .unwrap_or_else(|| panic!("{key}: only regular expressions are expected"));
            (regex::Regex::new(pattern).unwrap(), value.clone())
        })
        .collect();
    let nginx = |path: &str| {
        patterns
            .iter()
            .find(|(pattern, _)| pattern.is_match(path))
            .map_or(default.as_str(), |(_, value)| value.as_str())
    };
    // Every static file of the repository under its own name and, for the assets, its fingerprinted one; the
    // kinds of pages and files a build writes; the intake's and the console's paths, which get nothing.
    let statics = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/static");
    let mut paths: Vec<String> = csirt_site::build::static_files(&statics)
        .unwrap()
        .into_iter()
        .map(|(_, relative)| format!("/{relative}"))
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.starts_with("/assets/site.") && p != "/assets/site.css")
    );
    paths.extend(
        [
            "/",
            "/lapor/",
            "/lapor",
            "/lapor/index.html",
            "/en/report/index.html",
            "/404.html",
            "/en/404.html",
            "/_layout/intake.html",
            "/sitemap.xml",
            "/peringatan/atom.xml",
            "/robots.txt",
            "/.well-known/security.txt",
            "/index.html.br",
            "/assets/site.css.gz",
            "/assets/site.3F9A1C2B.css",
            "/assets/site.3f9a1c2.css",
            "/assets/3f9a1c2b.css",
            "/other/site.3f9a1c2b.css",
            "/apiary/",
            "/staffing.html",
        ]
        .map(str::to_owned),
    );
    paths.push(format!(
        "/{}",
        fingerprinted_name("assets/fonts/a.b.woff2", b"x")
    ));
    for path in &paths {
        assert_eq!(nginx(path), cache_control(path), "{path}");
    }
    for path in [
        "/api/reports",
        "/api/reports/x.html",
        "/staff",
        "/staff/",
        "/staff/assets/console.css",
    ] {
        assert_eq!(
            nginx(path),
            "",
            "{path}: the intake and the console send their own"
        );
    }
}
