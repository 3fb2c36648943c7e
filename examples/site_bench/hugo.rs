//! The Hugo baseline: Debian's `hugo` building Markdown pages shaped like a report's,
//! each a short paragraph, a 10-row table and one inline SVG chart.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::generate::Prng;

/// The version line of the `hugo` on the PATH, installing Debian's package first when
/// it is missing and this process may (it runs as root and `apt-get` exists). Says why
/// and returns `None` when there is no Hugo to run.
pub fn find_or_install() -> Option<String> {
    if let Some(version) = version() {
        return Some(version);
    }
    let root = std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().nth(1))
            == Some("0")
    });
    let apt = Path::new("/usr/bin/apt-get").exists();
    if !(root && apt) {
        println!(
            "hugo: not found, skipping it (install Debian's with `sudo apt-get install -y hugo`)"
        );
        return None;
    }
    println!("hugo: not found, installing Debian's with `apt-get install -y hugo` ...");
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "hugo"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    // A fresh machine may have no package lists yet.
    let installed = install()
        || (Command::new("apt-get")
            .args(["update", "-qq"])
            .status()
            .is_ok_and(|s| s.success())
            && install());
    match version() {
        Some(version) if installed => Some(version),
        _ => {
            println!("hugo: could not install it, skipping it");
            None
        }
    }
}

fn version() -> Option<String> {
    let output = Command::new("hugo").arg("version").output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The command that builds the Hugo site `site` into `out`.
pub fn command(site: &Path, out: &Path) -> Command {
    let mut command = Command::new("hugo");
    command
        .arg("--quiet")
        .arg("--source")
        .arg(site)
        .arg("--destination")
        .arg(out);
    command
}

/// Writes a Hugo site of `pages` pages, each holding `svg` (a real scorecard chart) and
/// a 10-row table of figures that differ from page to page.
pub fn site(dir: &Path, pages: usize, svg: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("content"))?;
    std::fs::create_dir_all(dir.join("layouts/_default"))?;
    std::fs::write(dir.join("config.toml"), CONFIG)?;
    std::fs::write(dir.join("layouts/index.html"), HOME)?;
    std::fs::write(dir.join("layouts/_default/single.html"), SINGLE)?;
    std::fs::write(dir.join("layouts/_default/list.html"), HOME)?;
    // A raw HTML block in Markdown ends at a blank line, so the chart must have none.
    let svg: String = svg
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let mut prng = Prng::new(0x4a60);
    for page in 0..pages {
        let mut t = String::new();
        writeln!(t, "---\ntitle: \"Indicator page {page}\"\n---").unwrap();
        writeln!(
            t,
            "Performance this month is summarised below, with the trend over the last \
             two years in the chart.\n"
        )
        .unwrap();
        writeln!(t, "| Month | Value | Target | Year to date | Rating |").unwrap();
        writeln!(t, "|---|--:|--:|--:|---|").unwrap();
        for row in 0..10 {
            let value = prng.between(40.0, 99.0);
            let rating = ["Red", "Amber", "Green"][prng.below(3)];
            writeln!(
                t,
                "| Month {} | {value:.1}% | 85.0% | {:.1}% | {rating} |",
                row + 1,
                value * 0.98
            )
            .unwrap();
        }
        writeln!(t, "\n<figure>\n{svg}\n</figure>").unwrap();
        std::fs::write(dir.join(format!("content/page-{page:06}.md")), t)?;
    }
    Ok(())
}

/// Only pages and the home page: no taxonomies, feeds or sitemap.
const CONFIG: &str = r#"baseURL = "https://performance.example.gov.uk/"
languageCode = "en-gb"
title = "Hugo baseline"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]

[markup.goldmark.renderer]
unsafe = true
"#;

const HOME: &str = r#"<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><main><h1>{{ .Site.Title }}</h1></main></body>
</html>
"#;

const SINGLE: &str = r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><a href="/">{{ .Site.Title }}</a></header>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
</main>
<footer><p>Published by the performance team.</p></footer>
</body>
</html>
"#;
