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
//! widths and the printed PDF as PNG pages, to look at, in a folder for each site.
//!
//! Why playwright-core, pinned to 1.61.1, the last release that runs on Node 18: the
//! checks (axe, reflow, tabbing with screenshots, the accessibility tree, printing)
//! are 400 lines of well-tested script over Playwright's API; a Rust DevTools or
//! WebDriver client would mean rewriting them, and the Rust clients that cover
//! printing and input events are large crates to compile for every clone. Pinning the
//! driver keeps Node in the chain, but only Debian's own Node, on Debian 12 and 13.
//!
//! The other browser tests share one Chromium, started on first use and ended when the test
//! process ends: the scripts connect to it over the DevTools protocol. The page checks
//! of every site are one run of check.mjs, in one test with a Chromium of its own (see
//! [`every_site_passes_the_browser_checks`] and [`browser`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
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

/// The one Chromium every browser test uses.
pub struct Browser {
    /// Where the scripts connect: `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

/// Whether the browser tools are all here; when one is missing, false if the test
/// should be skipped, saying why, or a failure when `SCORECARD_REQUIRE_BROWSER` is set.
fn tools_present(test: &str) -> bool {
    let missing = missing_tools();
    if missing.is_empty() {
        return true;
    }
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
    false
}

/// The shared browser, or `None` when the test should be skipped (see
/// [`tools_present`]). The tests that open a handful of pages use it side by side,
/// each in browser contexts of its own. The page checks of every site have a
/// Chromium of their own (started by check.mjs): a script connecting to a browser
/// takes on every page open in it, and with the checks' pages open, connecting took
/// longer than Playwright's 30 s on a loaded machine.
pub fn browser(test: &str) -> Option<Browser> {
    static STARTED: OnceLock<Result<(String, Child), String>> = OnceLock::new();
    if !tools_present(test) {
        return None;
    }
    match STARTED.get_or_init(start_chromium) {
        Ok((endpoint, _)) => Some(Browser {
            endpoint: endpoint.clone(),
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

/// Runs the browser checks on built sites, `(name, output folder)`, in one run of
/// tests/browser/check.mjs in a Chromium of its own, and fails with its report.
fn check_built_sites(sites: &[(&str, PathBuf)]) {
    let mut command = Command::new("node");
    command
        .arg(repo().join("tests/browser/check.mjs"))
        .args(sites.iter().map(|(name, out)| {
            let mut spec = std::ffi::OsString::from(format!("{name}="));
            spec.push(out);
            spec
        }))
        .arg("--chromium")
        .arg(chromium())
        .current_dir(repo());
    if let Some(dir) = std::env::var_os("SCORECARD_SCREENSHOTS") {
        command.arg("--screenshots").arg(dir);
    }
    let output = command.output().expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Shown with `cargo test -- --nocapture`: the per-page axe counts and the times.
    println!("{stdout}");
    let names: Vec<&str> = sites.iter().map(|(name, _)| *name).collect();
    assert!(
        output.status.success(),
        "browser checks failed for {}:\n{stdout}\n{stderr}",
        names.join(", ")
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

/// Every site the repository has, checked in one run in the one browser, their pages
/// side by side: the small fixture with the extras above, the sample site (once its
/// data is there), the second sample read from a council's workbook
/// (samples/adult-care), and any site folder named by `SCORECARD_BROWSER_SITE`. One
/// run rather than a test each: no site's slowest check (tabbing through the edition
/// page, printing) then runs alone at the end of its test while the machine idles,
/// and the other tests never wait for the browser.
#[test]
fn every_site_passes_the_browser_checks() {
    if !tools_present("every_site_passes_the_browser_checks") {
        return;
    }
    let has_sample = repo().join("data/sections").is_dir();
    if !has_sample {
        eprintln!("no sample site data in data/sections: the sample site is not checked");
    }
    let named = std::env::var_os("SCORECARD_BROWSER_SITE").map(PathBuf::from);
    let named_out = tempfile::tempdir().unwrap();
    let named_public = named_out.path().join("public");
    // The sites are built side by side: the samples are built once for every test
    // that reads them, by whichever needs them first.
    let fixture = std::thread::scope(|scope| {
        let fixture = scope.spawn(|| {
            let site = fixture();
            site.build();
            site
        });
        if has_sample {
            scope.spawn(TestSite::built_sample);
        }
        scope.spawn(crate::adult_care::adult_care);
        if let Some(dir) = &named {
            let out = &named_public;
            scope.spawn(move || {
                let status = Command::new(env!("CARGO_BIN_EXE_scorecard"))
                    .args(["build", "--site"])
                    .arg(dir)
                    .arg("--out")
                    .arg(out)
                    .status()
                    .expect("run scorecard");
                assert!(status.success(), "building {dir:?} failed");
            });
        }
        fixture.join().unwrap()
    });
    let mut sites = vec![("fixture", fixture.out())];
    if has_sample {
        sites.push(("sample", TestSite::built_sample().out()));
    }
    let adult_care = crate::adult_care::adult_care();
    // Its prevention section breaks two measures down by team (issue 18): every
    // section page of the latest edition is laid out and checked, so the table and
    // small multiples are among what is checked.
    assert!(
        adult_care
            .output("2016-10/prevention/index.html")
            .contains("<table class=\"breakdown\">"),
        "the adult-care sample's breakdowns are not on the page the checks lay out"
    );
    sites.push(("adult-care", adult_care.out()));
    if named.is_some() {
        sites.push(("site", named_public));
    }
    check_built_sites(&sites);
}
