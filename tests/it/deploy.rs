//! The deploy files: netlify.toml, the starter site's copy of it, and the GitHub
//! workflows, which cannot run here. What can be checked here is: they parse, they
//! say what docs/publishing.md says they do, and the site satisfies their
//! Content-Security-Policy in a real browser (headless Chromium, pages served over
//! HTTP with netlify.toml's headers).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::TestSite;

fn repository(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn toml_file(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(repository(path)).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `(for, name, value)` for every header netlify.toml sets.
fn headers(netlify: &toml::Table) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for rule in netlify["headers"].as_array().unwrap() {
        let path = rule["for"].as_str().unwrap();
        for (name, value) in rule["values"].as_table().unwrap() {
            found.push((path.into(), name.clone(), value.as_str().unwrap().into()));
        }
    }
    found
}

#[test]
fn netlify_builds_production_from_settings_and_previews_for_their_own_address() {
    let netlify = toml_file("netlify.toml");
    assert_eq!(netlify["build"]["publish"].as_str(), Some("public"));
    let production = netlify["build"]["command"].as_str().unwrap();
    assert!(production.contains(
        "rustup default stable && cargo run --locked --release -- build --site . --out public"
    ));
    assert!(
        !production.contains("--base-url"),
        "production uses site.yaml"
    );
    for context in ["deploy-preview", "branch-deploy"] {
        let command = netlify["context"][context]["command"].as_str().unwrap();
        assert_eq!(
            command,
            production.to_string() + " --base-url \"$DEPLOY_PRIME_URL\"",
            "{context}"
        );
    }
    let redirect = &netlify["redirects"].as_array().unwrap()[0];
    assert_eq!(redirect["from"].as_str(), Some("/*"));
    assert_eq!(redirect["to"].as_str(), Some("/404.html"));
    assert_eq!(redirect["status"].as_integer(), Some(404));
}

#[test]
fn netlify_headers_are_strict_and_cache_only_fingerprinted_files() {
    let netlify = toml_file("netlify.toml");
    let all = headers(&netlify);
    let value = |path: &str, name: &str| {
        all.iter()
            .find(|(p, n, _)| p == path && n == name)
            .map(|(_, _, v)| v.clone())
            .unwrap_or_else(|| panic!("no {name} for {path}"))
    };
    let csp = value("/*", "Content-Security-Policy");
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    assert!(!csp.contains("unsafe"), "{csp}");
    assert_eq!(value("/*", "X-Content-Type-Options"), "nosniff");
    assert_eq!(
        value("/*", "Referrer-Policy"),
        "strict-origin-when-cross-origin"
    );
    let cached: Vec<_> = all
        .iter()
        .filter(|(_, n, _)| n == "Cache-Control")
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert_eq!(cached[0].0, "/assets/*");
    assert!(cached[0].2.contains("immutable"));

    // Everything the site serves from assets/ carries a hash of its content.
    let site = TestSite::fixture("small");
    site.build();
    let assets: Vec<_> = std::fs::read_dir(site.out().join("assets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(assets.len(), 2);
    for path in assets {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let hash: String = Sha256::digest(std::fs::read(&path).unwrap())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(name.contains(&format!(".{}.", &hash[..10])), "{name}");
    }

    // The starter site deploys with the same headers and 404 page.
    let starter = toml::from_str::<toml::Table>(
        &std::fs::read_to_string(repository("src/scaffold/netlify.toml")).unwrap(),
    )
    .unwrap();
    assert_eq!(headers(&starter), all);
    assert_eq!(starter["redirects"], netlify["redirects"]);
}

#[test]
fn github_workflows_run_ci_on_pull_requests_and_can_deploy_to_pages() {
    let workflow = |name: &str| -> serde_json::Value {
        let text =
            std::fs::read_to_string(repository(&format!(".github/workflows/{name}"))).unwrap();
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let ci = workflow("ci.yml");
    assert!(ci["on"].get("pull_request").is_some());
    let steps = ci["jobs"]["ci"]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["run"] == "bash .ci/run"));

    let pages = workflow("pages.yml");
    let build = pages["jobs"]["build"]["steps"].as_array().unwrap();
    let uses: Vec<&str> = build.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.contains(&"actions/configure-pages@v5"));
    assert!(uses.contains(&"actions/upload-pages-artifact@v3"));
    assert!(build.iter().any(|s| {
        s["run"]
            .as_str()
            .is_some_and(|r| r.contains("--base-url \"$BASE_URL\""))
    }));
    assert_eq!(
        pages["jobs"]["deploy"]["steps"][0]["uses"],
        "actions/deploy-pages@v4"
    );
}

/// Serves `root` over HTTP on a free local port with netlify.toml's headers, and
/// its 404 page for anything missing, as Netlify would. Returns the port.
fn serve(root: PathBuf, headers: Vec<(String, String, String)>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            let mut reader = BufReader::new(&stream);
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request.split(' ').nth(1).unwrap_or("/");
            let path = path.split('?').next().unwrap_or("/");
            let mut file = root.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let safe = !path.split('/').any(|s| s == "..");
            let (status, file) = if safe && file.is_file() {
                ("200 OK", file)
            } else {
                ("404 Not Found", root.join("404.html"))
            };
            let body = std::fs::read(&file).unwrap_or_default();
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("xml") => "application/xml",
                _ => "application/octet-stream",
            };
            let mut response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (pattern, name, value) in &headers {
                let applies = match pattern.strip_suffix('*') {
                    Some(prefix) => path.starts_with(prefix),
                    None => path == pattern,
                };
                if applies {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
            }
            response.push_str("\r\n");
            let _ = stream.write_all(response.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    port
}

/// Loads each of `urls` in the browser tests' shared Chromium (tests/browser/console.mjs);
/// returns each page's DOM and what the browser logged about it, in order. All pages
/// go through one script and one browser: a Chromium started for each page took most
/// of this test's time.
fn open_in_chromium(browser: &super::browser::Browser, urls: &[String]) -> Vec<(String, String)> {
    let output = Command::new("node")
        .arg(repository("tests/browser/console.mjs"))
        .arg(&browser.endpoint)
        .args(urls)
        .current_dir(repository(""))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "tests/browser/console.mjs failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pages: Vec<(String, String)> = stdout
        .lines()
        .map(|line| {
            let page: serde_json::Value = serde_json::from_str(line).unwrap();
            let log: Vec<&str> = page["log"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap())
                .collect();
            (page["dom"].as_str().unwrap().to_string(), log.join("\n"))
        })
        .collect();
    assert_eq!(pages.len(), urls.len(), "{stdout}");
    pages
}

#[test]
fn every_page_satisfies_the_content_security_policy_in_a_real_browser() {
    let Some(browser) = super::browser::browser(
        "every_page_satisfies_the_content_security_policy_in_a_real_browser",
    ) else {
        return;
    };
    let site = TestSite::fixture("small");
    site.write(
        "content/editions/2015-12/index.md",
        "---\nstatus: Final\n---\n| Month | Referrals |\n|:--|--:|\n| Dec | 485 |\n",
    );
    site.build();
    // A control page, to prove that a violation would be seen.
    std::fs::write(
        site.out().join("control.html"),
        "<!DOCTYPE html><title>c</title><p style=\"color:red\">x</p>",
    )
    .unwrap();
    let port = serve(site.out(), headers(&toml_file("netlify.toml")));
    let pages = [
        "control.html",
        "",
        "2015-12/",
        "2015-12/referrals/",
        "2015-12/exceptions/",
        "about/",
        "no/such/page/",
    ];
    let urls: Vec<String> = pages
        .iter()
        .map(|page| format!("http://127.0.0.1:{port}/{page}"))
        .collect();
    let opened = open_in_chromium(&browser, &urls);
    let (_, log) = &opened[0];
    assert!(
        log.contains("violates the following Content Security Policy directive"),
        "{log}"
    );
    for (page, (dom, log)) in pages.iter().zip(&opened).skip(1) {
        assert!(dom.contains("<h1>"), "{page} did not load: {dom}");
        let violations: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("Content Security Policy") || l.contains("Refused to"))
            .collect();
        assert!(violations.is_empty(), "{page}:\n{}", violations.join("\n"));
    }
}
