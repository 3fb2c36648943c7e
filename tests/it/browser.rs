//! Browser checks: sites built with the real binary, served over HTTP and checked in
//! headless Chromium by tests/browser/check.mjs (axe, reflow at 320 px, keyboard focus,
//! charts in the accessibility tree, print to PDF).
//!
//! They need node 20 or newer, `npm ci` run in the repository, Debian's `chromium`
//! and `pdftotext` (poppler-utils); `.ci/run` installs all of them. A missing one fails
//! the test with the command that installs it. `SCORECARD_BROWSER_SITE=DIR` checks
//! another site folder as well; `SCORECARD_SCREENSHOTS=DIR` keeps screenshots at 320
//! and 1280 px and the printed PDF as PNG pages, to look at.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use crate::TestSite;

/// One Chromium at a time: the machine has two cores, and two browsers at once only
/// make both slower.
static BROWSER: Mutex<()> = Mutex::new(());

const INSTALL: &str = "run `scripts/test`, which installs them (as root: `apt-get install -y \
                       chromium poppler-utils nodejs npm`, then `npm ci` in the repository root)";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    std::env::var_os("SCORECARD_CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), Into::into)
}

/// Fails, saying how to install them, when the tools the checks need are missing.
fn require_tools() {
    let mut missing = Vec::new();
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {
            let version = String::from_utf8_lossy(&out.stdout);
            let major: u32 = version
                .trim()
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            if major < 20 {
                missing.push(format!("node 20 or newer (found {})", version.trim()));
            }
        }
        _ => missing.push("node (Node.js 20 or newer)".to_string()),
    }
    for package in ["playwright-core", "axe-core"] {
        if !repo().join("node_modules").join(package).is_dir() {
            missing.push(format!("the npm package {package} in node_modules/"));
        }
    }
    if !chromium().is_file() {
        missing.push(format!("Chromium at {}", chromium().display()));
    }
    if Command::new("pdftotext").arg("-v").output().is_err() {
        missing.push("pdftotext (poppler-utils)".to_string());
    }
    assert!(
        missing.is_empty(),
        "the browser checks cannot run; missing: {}.\nTo run them, {INSTALL}.",
        missing.join(", ")
    );
}

/// Runs the browser checks on a built site and fails with their report.
fn check_built_site(out: &Path, name: &str) {
    require_tools();
    let _one_at_a_time = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let mut command = Command::new("node");
    command
        .arg(repo().join("tests/browser/check.mjs"))
        .arg(out)
        .arg("--chromium")
        .arg(chromium())
        .current_dir(repo());
    if let Some(dir) = std::env::var_os("SCORECARD_SCREENSHOTS") {
        command
            .arg("--screenshots")
            .arg(PathBuf::from(dir).join(name));
    }
    let output = command.output().expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Shown with `cargo test -- --nocapture`: the per-page axe counts.
    println!("{stdout}");
    assert!(
        output.status.success(),
        "browser checks failed for {name}:\n{stdout}\n{stderr}"
    );
}

/// The small fixture with what it lacks for a full tour, from tests/fixtures/extras:
/// a second section (24 months with a gap, a range target), a logo for the brand
/// settings added here, and an accessibility statement (linked from every footer).
fn fixture() -> TestSite {
    let site = TestSite::fixture("small");
    let extras = repo().join("tests/fixtures/extras");
    for entry in walkdir::WalkDir::new(&extras)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry.path().strip_prefix(&extras).unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        site.write(&rel.to_string_lossy(), &text);
    }
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!(
            "{settings}brand:\n  colour: \"#00594f\"\n  logo: static/logo.svg\n  \
             font: Verdana, \"DejaVu Sans\", sans-serif\n"
        ),
    );
    site
}

#[test]
fn the_fixture_passes_the_browser_checks() {
    let site = fixture();
    site.build();
    check_built_site(&site.out(), "fixture");
}

/// The repository's own sample site, once its data is there.
#[test]
fn the_sample_site_passes_the_browser_checks() {
    if !repo().join("data/sections").is_dir() {
        eprintln!("no sample site data in data/sections: nothing to check");
        return;
    }
    let site = TestSite::sample();
    site.build();
    check_built_site(&site.out(), "sample");
}

/// Any site folder, named by `SCORECARD_BROWSER_SITE`.
#[test]
fn a_site_named_in_the_environment_passes_the_browser_checks() {
    let Some(dir) = std::env::var_os("SCORECARD_BROWSER_SITE") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(["build", "--site"])
        .arg(&dir)
        .arg("--out")
        .arg(out.path().join("public"))
        .status()
        .expect("run scorecard");
    assert!(status.success(), "building {dir:?} failed");
    check_built_site(&out.path().join("public"), "site");
}
