//! `scorecard serve`: the real binary on a free port, driven by a real HTTP client and,
//! for live reload, by headless Chromium.
//!
//! Nothing here waits a fixed time for the server: every wait is for a condition, with
//! a generous deadline that only a broken server reaches. A page is fetched again each
//! time the server announces a new build, so no rebuild can be missed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::TestSite;

/// How long any one wait may take before the test fails: far longer than a rebuild
/// of a fixture takes even in a debug build on a busy machine.
const PATIENCE: Duration = Duration::from_secs(60);

const SECTION_YAML: &str = "data/sections/01-referrals.yaml";
const COMMENTARY: &str = "content/editions/2015-12/index.md";
const EDITION_PAGE: &str = "2015-12/";

/// A running `scorecard serve`, stopped when dropped.
struct Serving {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    url: String,
    /// `127.0.0.1:PORT`
    address: String,
    agent: ureq::Agent,
    /// Everything the server printed, for failure messages.
    log: Arc<Mutex<String>>,
}

/// One response, read whole.
struct Page {
    status: u16,
    content_type: String,
    body: String,
}

impl Serving {
    fn start(site: &TestSite) -> Serving {
        let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
            .args(["serve", "--port", "0", "--site"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start scorecard serve");
        let log = Arc::new(Mutex::new(String::new()));
        // Both pipes are drained for as long as the server runs: a server blocked on a
        // full pipe would look hung.
        let (url_sender, url_receiver) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stdout_log = Arc::clone(&log);
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let url = line[at..].split_whitespace().next().unwrap().to_string();
                    let _ = url_sender.send(url);
                }
                stdout_log.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let stderr = child.stderr.take().unwrap();
        let stderr_log = Arc::clone(&log);
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                stderr_log.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let Ok(url) = url_receiver.recv_timeout(PATIENCE) else {
            let _ = child.kill();
            panic!("serve printed no address:\n{}", log.lock().unwrap());
        };
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        let address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(PATIENCE))
            .build()
            .new_agent();
        Serving {
            child,
            url,
            address,
            agent,
            log,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Page {
        let url = format!("{}{path}", self.url);
        let mut response = self
            .agent
            .get(&url)
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}\n{}", self.log()));
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        Page {
            status: response.status().as_u16(),
            content_type,
            body: response.body_mut().read_to_string().unwrap(),
        }
    }

    /// Sends a request line exactly as given, which HTTP clients would tidy up, and
    /// returns the whole raw response.
    fn raw(&self, method: &str, target: &str) -> String {
        self.raw_for_host(&self.address, method, target)
    }

    fn raw_for_host(&self, host: &str, method: &str, target: &str) -> String {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        String::from_utf8_lossy(&response).into_owned()
    }

    /// Connects to the live-reload WebSocket as a page does; each item is the version
    /// of a finished build, the current one first.
    fn builds(&self) -> Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        let url = format!("ws://{}/__scorecard/live-reload", self.address);
        let (mut socket, _) = tungstenite::connect(&url)
            .unwrap_or_else(|e| panic!("connect to {url}: {e}\n{}", self.log()));
        thread::spawn(move || {
            while let Ok(message) = socket.read() {
                if let tungstenite::Message::Text(version) = message
                    && sender.send(version.to_string()).is_err()
                {
                    return;
                }
            }
        });
        receiver
    }

    /// Fetches `path` until `wanted` holds, fetching again after every build the
    /// server announces. Subscribing before the first fetch means no build is missed.
    fn wait_for(&self, path: &str, what: &str, wanted: impl Fn(&Page) -> bool) -> Page {
        let builds = self.builds();
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            match builds.recv_timeout(remaining) {
                Ok(version) => seen.push(version),
                Err(_) => {
                    let page = self.get(path);
                    panic!(
                        "waited {PATIENCE:?} for {what} at /{path}; builds announced: {seen:?}\n\
                         last response ({}):\n{}\nserver log:\n{}",
                        page.status,
                        page.body,
                        self.log()
                    );
                }
            }
            let page = self.get(path);
            if wanted(&page) {
                return page;
            }
        }
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn shows_site(page: &Page) -> bool {
    page.status == 200 && !page.body.contains("The site has errors")
}

fn shows_errors(page: &Page) -> bool {
    page.status == 500 && page.body.contains("The site has errors")
}

/// The section file with its title made unparseable on line 2, column 8.
fn broken_yaml(site: &TestSite) -> String {
    let good = std::fs::read_to_string(site.root().join(SECTION_YAML)).unwrap();
    assert!(good.lines().nth(1) == Some("title: Referrals"));
    good.replacen("title: Referrals", "title: [Referrals", 1)
}

#[test]
fn serves_the_built_site_with_content_types_and_its_404_page() {
    let site = TestSite::fixture("small");
    let server = Serving::start(&site);

    let home = server.get("");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert!(home.body.contains("Small Test Report"));
    // While serving, the base URL is the server's own address.
    assert!(
        home.body
            .contains(&format!(r#"<link rel="canonical" href="{}">"#, server.url)),
        "{}",
        home.body
    );
    // Every page carries the live-reload script, just before `</body>`.
    assert!(
        home.body
            .contains(r#"<script src="/__scorecard/live-reload.js" data-version="#)
    );
    let edition = server.get(EDITION_PAGE);
    assert_eq!(edition.status, 200);
    assert!(edition.body.contains("Referrals fell in December."));

    let script = server.get("__scorecard/live-reload.js");
    assert_eq!(script.content_type, "text/javascript; charset=utf-8");
    assert!(script.body.contains("WebSocket"));

    for (path, content_type) in [
        ("static/brand.css", "text/css; charset=utf-8"),
        ("2015-12/report.json", "application/json; charset=utf-8"),
        ("2015-12/report.csv", "text/csv; charset=utf-8"),
    ] {
        let page = server.get(path);
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.content_type, content_type, "{path}");
        assert!(!page.body.contains("__scorecard"), "{path}");
    }
    let report: serde_json::Value =
        serde_json::from_str(&server.get("2015-12/report.json").body).unwrap();
    assert_eq!(report["indicators"].as_array().unwrap().len(), 3);

    // A folder named without its slash is redirected, so relative links work.
    let redirect = server.raw("GET", "/2015-12");
    assert!(redirect.starts_with("HTTP/1.1 307"), "{redirect}");
    assert!(redirect.contains("location: /2015-12/\r\n"), "{redirect}");

    // Missing pages get the site's own 404 page; folders are never listed.
    for path in [
        "no-such-page",
        "2015-12/no-such-section/",
        "static/",
        "2015-12/referrals/x",
    ] {
        let page = server.get(path);
        assert_eq!(page.status, 404, "{path}");
        assert_eq!(page.content_type, "text/html; charset=utf-8", "{path}");
        assert!(page.body.contains("Page not found"), "{path}");
        assert!(!page.body.contains("style.css</a>"), "{path}");
    }
    // Only reading is allowed.
    let post = server.raw("POST", "/");
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
    let head = server.raw("HEAD", "/");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!head.contains("<html"), "{head}");

    // The site was served from memory: nothing was written into the site folder, and
    // a normal build has no trace of the live-reload script.
    assert!(!site.out().exists());
    drop(server);
    site.build();
    assert!(!site.output("index.html").contains("__scorecard"));
    assert!(!site.output("2015-12/index.html").contains("__scorecard"));
}

#[test]
fn no_request_reaches_a_file_outside_the_built_site() {
    let site = TestSite::fixture("small");
    site.write("secret.txt", "SECRET-IN-THE-SITE-FOLDER");
    let server = Serving::start(&site);
    for target in [
        "/../../../../../../etc/passwd",
        "/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/../../../../../../etc/passwd",
        "/static/..%5c..%5c..%5csecret.txt",
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/static/../secret.txt",
        "/2015-12/../../site.yaml",
        "//etc/passwd",
        "/secret.txt",
        "/site.yaml",
        "/content/editions/2015-12/index.md",
        "/%00",
    ] {
        let response = server.raw("GET", target);
        assert!(
            response.starts_with("HTTP/1.1 404") || response.starts_with("HTTP/1.1 400"),
            "{target}:\n{response}"
        );
        assert!(!response.contains("root:"), "{target}:\n{response}");
        assert!(!response.contains("SECRET"), "{target}:\n{response}");
        assert!(!response.contains("organisation:"), "{target}:\n{response}");
    }
}

/// A page elsewhere that points its own domain name at 127.0.0.1 (DNS rebinding) must
/// not be able to read the draft report.
#[test]
fn answers_only_requests_for_local_host_names() {
    let site = TestSite::fixture("small");
    let server = Serving::start(&site);
    let port = server.address.rsplit(':').next().unwrap();
    for host in [format!("localhost:{port}"), server.address.clone()] {
        let response = server.raw_for_host(&host, "GET", "/");
        assert!(response.starts_with("HTTP/1.1 200"), "{host}: {response}");
    }
    for target in ["/", "/2015-12/", "/__scorecard/live-reload"] {
        let host = format!("attacker.example:{port}");
        let response = server.raw_for_host(&host, "GET", target);
        assert!(response.starts_with("HTTP/1.1 403"), "{target}: {response}");
        assert!(!response.contains("Small Test Report"), "{response}");
    }
}

#[test]
fn edits_show_up_and_broken_input_shows_its_errors_until_fixed() {
    let site = TestSite::fixture("small");
    let server = Serving::start(&site);
    assert!(
        server
            .get(EDITION_PAGE)
            .body
            .contains("Referrals fell in December.")
    );

    let commentary = std::fs::read_to_string(site.root().join(COMMENTARY)).unwrap();
    site.write(
        COMMENTARY,
        &commentary.replace("Referrals fell in December.", "Referrals rose in December."),
    );
    let edited = server.wait_for(EDITION_PAGE, "the edited commentary", |page| {
        page.body.contains("Referrals rose in December.")
    });
    assert_eq!(edited.status, 200);

    let good_yaml = std::fs::read_to_string(site.root().join(SECTION_YAML)).unwrap();
    site.write(SECTION_YAML, &broken_yaml(&site));
    let error = server.wait_for(EDITION_PAGE, "the error page", shows_errors);
    // The problems as `check` prints them: file, line and column, message, snippet.
    assert!(
        error
            .body
            .contains("--&gt; data/sections/01-referrals.yaml:2:8"),
        "{}",
        error.body
    );
    assert!(
        error.body.contains("2 | title: [Referrals"),
        "{}",
        error.body
    );
    assert_eq!(error.content_type, "text/html; charset=utf-8");
    // The error page reloads itself too, and the server shows it for every page.
    assert!(error.body.contains("/__scorecard/live-reload.js"));
    assert!(shows_errors(&server.get("")));
    assert!(shows_errors(&server.get("no-such-page")));
    // Styles of the last good build are still there.
    assert_eq!(server.get("static/brand.css").status, 200);
    let check = site.run("check", &[]);
    assert!(
        check
            .stderr()
            .contains("data/sections/01-referrals.yaml:2:8"),
        "{}",
        check.stderr()
    );

    site.write(SECTION_YAML, &good_yaml);
    let fixed = server.wait_for(EDITION_PAGE, "the site again", shows_site);
    assert!(fixed.body.contains("Referrals rose in December."));
    assert!(
        server
            .log()
            .contains("Build failed after a change to data/sections/01-referrals.yaml")
    );
}

#[test]
fn edits_are_seen_after_the_site_folder_is_moved_away_and_back() {
    let site = TestSite::fixture("small");
    let server = Serving::start(&site);
    assert!(shows_site(&server.get(EDITION_PAGE)));
    let away = site.root().with_extension("away");
    std::fs::rename(site.root(), &away).unwrap();
    thread::sleep(Duration::from_millis(500));
    std::fs::rename(&away, site.root()).unwrap();
    thread::sleep(Duration::from_millis(500));
    let commentary = std::fs::read_to_string(site.root().join(COMMENTARY)).unwrap();
    site.write(
        COMMENTARY,
        &commentary.replace("Referrals fell in December.", "Referrals rose in December."),
    );
    let edited = server.wait_for(EDITION_PAGE, "the edit after the move", |page| {
        page.body.contains("Referrals rose in December.")
    });
    assert_eq!(edited.status, 200);
}

#[test]
fn a_site_that_starts_broken_is_served_once_fixed() {
    let site = TestSite::fixture("small");
    let good_yaml = std::fs::read_to_string(site.root().join(SECTION_YAML)).unwrap();
    site.write(SECTION_YAML, &broken_yaml(&site));
    let server = Serving::start(&site);
    assert!(shows_errors(&server.get(EDITION_PAGE)));
    site.write(SECTION_YAML, &good_yaml);
    server.wait_for(EDITION_PAGE, "the site", shows_site);
    // New input folders are watched as they appear.
    site.write(
        "content/pages/new-page.md",
        "---\ntitle: A new page\n---\nWritten while serving.\n",
    );
    server.wait_for("new-page/", "the new page", |page| {
        page.body.contains("Written while serving.")
    });
}

#[test]
fn a_link_broken_by_an_edit_is_reported_and_cleared_by_the_next() {
    let site = TestSite::fixture("small");
    let server = Serving::start(&site);
    let commentary = std::fs::read_to_string(site.root().join(COMMENTARY)).unwrap();
    // serve rescans only the pages an edit changed: the page that breaks a link
    // is one of them, and the error page says which link.
    site.write(
        COMMENTARY,
        &format!("{commentary}\nSee [the archive](../no-such-edition/).\n"),
    );
    let error = server.wait_for(EDITION_PAGE, "the broken link", shows_errors);
    assert!(
        error.body.contains("broken link `../no-such-edition/`"),
        "{}",
        error.body
    );
    site.write(
        COMMENTARY,
        &format!("{commentary}\nSee [the about page](../about/).\n"),
    );
    let fixed = server.wait_for(EDITION_PAGE, "the site again", shows_site);
    assert!(fixed.body.contains("the about page"), "{}", fixed.body);
}

#[test]
fn another_interface_is_used_only_when_asked_and_with_a_warning() {
    // An address from the documentation range, which no machine has: binding fails,
    // so nothing is exposed, but the warning must come first.
    let site = TestSite::fixture("small");
    let run = site.run("serve", &["--interface", "192.0.2.1", "--port", "0"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("warning: listening on 192.0.2.1: other computers on the network"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("cannot listen"), "{}", run.stderr());
}

/// A thousand saves in quick succession, a third of them leaving the input broken:
/// the server must stay up, every response on the way must be a whole page or the
/// error page, and in the end the final, correct site must be served.
#[test]
fn survives_a_thousand_saves_and_serves_the_final_site() {
    let site = TestSite::fixture("small");
    let mut server = Serving::start(&site);
    let commentary = std::fs::read_to_string(site.root().join(COMMENTARY)).unwrap();
    let good_yaml = std::fs::read_to_string(site.root().join(SECTION_YAML)).unwrap();
    let broken_yaml = broken_yaml(&site);

    // A reader fetching pages throughout, as an open browser would.
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let stop = Arc::clone(&stop);
        let url = format!("{}{EDITION_PAGE}", server.url);
        thread::spawn(move || {
            let agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(PATIENCE))
                .build()
                .new_agent();
            let mut problems = Vec::new();
            let mut fetched = 0;
            while !stop.load(Ordering::Relaxed) && fetched < 20_000 {
                let mut response = agent.get(&url).call().expect("server answers");
                let status = response.status().as_u16();
                let body = response.body_mut().read_to_string().unwrap();
                let whole = body.trim_end().ends_with("</html>");
                if !(whole && (status == 200 || status == 500)) {
                    problems.push(format!("{status}: {body}"));
                }
                fetched += 1;
            }
            (fetched, problems)
        })
    };

    let started = Instant::now();
    for i in 0..1000 {
        match i % 3 {
            0 => site.write(COMMENTARY, &format!("{commentary}\nSave {i}.\n")),
            1 => site.write(SECTION_YAML, &broken_yaml),
            _ => site.write(SECTION_YAML, &good_yaml),
        };
        // Varying gaps of up to 4 ms: some saves land in one burst, others while a
        // build is running.
        thread::sleep(Duration::from_millis(i % 5));
    }
    let saving = started.elapsed();

    let last = server.wait_for(EDITION_PAGE, "the final site", |page| {
        shows_site(page) && page.body.contains("Save 999.")
    });
    assert_eq!(last.body.matches("Save ").count(), 1);
    assert!(server.is_running(), "{}", server.log());
    stop.store(true, Ordering::Relaxed);
    let (fetched, problems) = reader.join().unwrap();
    assert!(
        problems.is_empty(),
        "{} bad responses: {:?}",
        problems.len(),
        &problems[..1]
    );
    let builds =
        server.log().matches("Rebuilt").count() + server.log().matches("Build failed").count();
    eprintln!(
        "1000 saves in {saving:.1?}: {builds} rebuilds, {fetched} pages fetched meanwhile, all whole"
    );
    assert!(builds >= 2, "{}", server.log());
}

/// Real Chromium opens a page; the test edits the input and never touches the page
/// again, yet the page must show the edit, then the error view, then the fixed site.
#[test]
fn the_browser_reloads_the_page_by_itself() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("tests/browser/live-reload.mjs");
    // The browser tests' one shared Chromium; skipped, saying why, without the tools.
    let Some(browser) = crate::browser::browser("the_browser_reloads_the_page_by_itself") else {
        return;
    };

    let site = TestSite::fixture("small");
    let server = Serving::start(&site);
    let output = Command::new("node")
        .arg(&script)
        .arg(&server.url)
        .arg(site.root())
        .arg(&browser.endpoint)
        .current_dir(root)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser test failed\nstdout:\n{stdout}\nstderr:\n{stderr}\nserver log:\n{}",
        server.log()
    );
    assert!(stdout.contains("page reloaded itself"), "{stdout}");
}
