//! Browser checks: sites built with the real binary, served over HTTP and checked in
//! headless Chromium by tests/browser/check.mjs (axe; the layout at 320, 375, 768, 1024
//! and 1280 px: sideways scrolling, clipped and overlapping text, charts in view;
//! keyboard focus; charts in the accessibility tree; the printed A4 paper).
//!
//! They need Debian's `chromium`, `pdftotext` (poppler-utils), Node.js 18 or newer
//! (Debian 12's `nodejs` is 18, Debian 13's is 20) and `npm ci` run in the repository;
//! `scripts/test` installs all of them. Without them the browser tests are skipped,
//! saying what is missing, unless `SCORECARD_REQUIRE_BROWSER` is set (as `.ci/run`
//! does), when they fail instead. `SCORECARD_BROWSER_SITE=DIR` checks another site
//! folder as well; `SCORECARD_SCREENSHOTS=DIR` keeps screenshots at each of those
//! widths and the printed PDF as PNG pages, to look at.
//!
//! Why playwright-core, pinned to 1.61.1, the last release that runs on Node 18: the
//! checks (axe, reflow, tabbing with screenshots, the accessibility tree, printing)
//! are 400 lines of well-tested script over Playwright's API; a Rust DevTools or
//! WebDriver client would mean rewriting them, and the Rust clients that cover
//! printing and input events are large crates to compile for every clone. Pinning the
//! driver keeps Node in the chain, but only Debian's own Node, on Debian 12 and 13.
//!
//! All browser tests share one Chromium, started on first use and ended when the test
//! process ends: the scripts connect to it over the DevTools protocol.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use crate::TestSite;

const INSTALL: &str = "run `scripts/test`, which installs them (as root: `apt-get install -y \
                       chromium poppler-utils fonts-dejavu-core nodejs npm`, then `npm ci` in \
                       the repository root)";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    std::env::var_os("SCORECARD_CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), Into::into)
}

/// What the browser checks need and this machine lacks.
fn missing_tools() -> Vec<String> {
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
            if major < 18 {
                missing.push(format!("node 18 or newer (found {})", version.trim()));
            }
        }
        _ => missing.push("node (Node.js 18 or newer)".to_string()),
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
    missing
}

/// The one Chromium every browser test uses, and the right to use it now.
pub struct Browser {
    /// Where the scripts connect: `http://127.0.0.1:PORT`.
    pub endpoint: String,
    _one_at_a_time: MutexGuard<'static, ()>,
}

/// The shared browser, or `None` when the test should be skipped: a tool is missing
/// and `SCORECARD_REQUIRE_BROWSER` is not set (when it is set, a missing tool fails
/// the test). Tests take turns: the machine may have two cores, and two pages
/// checked at once only make both slower.
pub fn browser(test: &str) -> Option<Browser> {
    static TURN: Mutex<()> = Mutex::new(());
    static STARTED: OnceLock<Result<(String, Child), String>> = OnceLock::new();
    let missing = missing_tools();
    if !missing.is_empty() {
        let why = format!(
            "the browser checks cannot run; missing: {}.\nTo run them, {INSTALL}.",
            missing.join(", ")
        );
        assert!(
            std::env::var_os("SCORECARD_REQUIRE_BROWSER").is_none(),
            "{why}\n(SCORECARD_REQUIRE_BROWSER is set, so this fails instead of skipping.)"
        );
        // Printed even without --nocapture, so that a skip is never silent.
        let _ = writeln!(std::io::stderr(), "skipped {test}: {why}");
        return None;
    }
    let turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    match STARTED.get_or_init(start_chromium) {
        Ok((endpoint, _)) => Some(Browser {
            endpoint: endpoint.clone(),
            _one_at_a_time: turn,
        }),
        Err(e) => panic!("{e}"),
    }
}

/// Starts headless Chromium with the DevTools protocol on a free port, under a shell
/// that ends it (and removes its profile) when this test process ends and so closes
/// the shell's standard input. Debian's `/usr/bin/chromium` is a script that does not
/// always `exec` the browser, so Chromium runs in a process group of its own
/// (`setsid`, from util-linux, which every Debian has) and the whole group is ended.
fn start_chromium() -> Result<(String, Child), String> {
    let profile = std::env::temp_dir().join(format!("scorecard-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
    let log = profile.with_extension("log");
    let child = Command::new("sh")
        .arg("-c")
        .arg(
            r#"profile=$1; log=$2; shift 2
setsid "$@" --user-data-dir="$profile" 2>"$log" &
pid=$!
cat >/dev/null
kill -- -"$pid" 2>/dev/null; wait "$pid"; rm -rf "$profile" "$log""#,
        )
        .arg("sh")
        .arg(&profile)
        .arg(&log)
        .arg(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            // As Playwright launches it: a scrollbar would narrow a 320 px viewport.
            "--hide-scrollbars",
            "--mute-audio",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--remote-debugging-port=0",
            "about:blank",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start sh for Chromium: {e}"))?;
    // Chromium writes the port it chose into the profile once it listens.
    let started = Instant::now();
    loop {
        let text = std::fs::read_to_string(profile.join("DevToolsActivePort")).unwrap_or_default();
        if let Some(port) = text.lines().next().filter(|p| p.parse::<u16>().is_ok()) {
            return Ok((format!("http://127.0.0.1:{port}"), child));
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err(format!(
                "Chromium ({}) did not start within 60 s:\n{}",
                chromium().display(),
                std::fs::read_to_string(&log).unwrap_or_default()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs the browser checks on a built site and fails with their report.
fn check_built_site(browser: &Browser, out: &Path, name: &str) {
    let mut command = Command::new("node");
    command
        .arg(repo().join("tests/browser/check.mjs"))
        .arg(out)
        .arg("--cdp")
        .arg(&browser.endpoint)
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
    let Some(browser) = browser("the_fixture_passes_the_browser_checks") else {
        return;
    };
    let site = fixture();
    site.build();
    check_built_site(&browser, &site.out(), "fixture");
}

/// The repository's own sample site, once its data is there.
#[test]
fn the_sample_site_passes_the_browser_checks() {
    if !repo().join("data/sections").is_dir() {
        eprintln!("no sample site data in data/sections: nothing to check");
        return;
    }
    let Some(browser) = browser("the_sample_site_passes_the_browser_checks") else {
        return;
    };
    let site = TestSite::built_sample();
    check_built_site(&browser, &site.out(), "sample");
}

/// The second sample site, read from a council's workbook (samples/adult-care).
#[test]
fn the_adult_care_sample_passes_the_browser_checks() {
    let Some(browser) = browser("the_adult_care_sample_passes_the_browser_checks") else {
        return;
    };
    let site = crate::adult_care::adult_care();
    // Its prevention section breaks two measures down by team (issue 18): every
    // section page of the latest edition is laid out and checked, so the table and
    // small multiples are among what is checked.
    assert!(
        site.output("2016-10/prevention/index.html")
            .contains("<table class=\"breakdown\">"),
        "the adult-care sample's breakdowns are not on the page the checks lay out"
    );
    check_built_site(&browser, &site.out(), "adult-care");
}

/// Any site folder, named by `SCORECARD_BROWSER_SITE`.
#[test]
fn a_site_named_in_the_environment_passes_the_browser_checks() {
    let Some(dir) = std::env::var_os("SCORECARD_BROWSER_SITE") else {
        return;
    };
    let Some(browser) = browser("a_site_named_in_the_environment_passes_the_browser_checks") else {
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
    check_built_site(&browser, &out.path().join("public"), "site");
}
