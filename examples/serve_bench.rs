//! Measures edit-to-reload time of `scorecard serve`: from writing a commentary file to
//! the reload message arriving at a real client over a WebSocket.
//!
//! ```sh
//! cargo run --release --example serve_bench                       # tests/fixtures/small
//! cargo run --release --example serve_bench -- --site . --edits 50
//! ```
//!
//! The site is copied to a temporary folder and served by the library's own server on
//! a free port of 127.0.0.1. Each edit changes the newest edition's `index.md`; the
//! clock starts just before the write and stops when the live-reload WebSocket's
//! message naming the new build is read, which is when an open page starts reloading. After each
//! edit the page is fetched (outside the timing) to check it shows the edit.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use scorecard::serve::{ServeOptions, Server};

/// Edits before the measured ones, so that caches and the page cache are warm.
const WARM_UP: usize = 3;
/// Quiet time between edits, longer than the debounce, so that each edit is its own
/// burst as when a person saves.
const GAP: Duration = Duration::from_millis(150);
const PATIENCE: Duration = Duration::from_secs(30);

fn main() {
    let (site, edits) = arguments();
    let copy = tempfile::tempdir().expect("temporary folder");
    copy_site(&site, copy.path());
    let editions = copy.path().join("content/editions");
    let month = newest_edition(&editions);
    let commentary = editions.join(&month).join("index.md");
    let original = std::fs::read_to_string(&commentary).expect("read commentary");

    let server = Server::bind(&ServeOptions {
        site: copy.path().to_path_buf(),
        interface: [127, 0, 0, 1].into(),
        port: 0,
    })
    .expect("bind");
    let url = server.url();
    let (build_times, builds) = mpsc::channel();
    thread::spawn(move || {
        server
            .run(move |rebuild| {
                if let Err(diagnostics) = &rebuild.outcome {
                    eprint!("{diagnostics}");
                }
                let _ = build_times.send((rebuild.outcome.is_ok(), rebuild.seconds));
            })
            .expect("serve");
    });
    let (ok, _) = builds.recv_timeout(PATIENCE).expect("first build");
    assert!(ok, "the site has errors: run `scorecard check` on it");

    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let events = subscribe(&format!("ws://{address}/__scorecard/live-reload"));
    let (_, mut version) = events.recv_timeout(PATIENCE).expect("events connect");
    let page_url = format!("{url}{month}/");
    let agent = ureq::Agent::new_with_defaults();

    let mut reloads = Vec::new();
    let mut rebuilds = Vec::new();
    for i in 0..WARM_UP + edits {
        thread::sleep(GAP);
        if let Ok((_, stray)) = events.try_recv() {
            panic!("a build nobody asked for ({stray}): is something else writing the site?");
        }
        while builds.try_recv().is_ok() {}
        let marker = format!("Benchmark edit {i}.");
        let started = Instant::now();
        std::fs::write(&commentary, format!("{original}\n\n{marker}\n")).expect("write");
        let (arrived, new_version) = events.recv_timeout(PATIENCE).expect("reload event");
        assert_ne!(new_version, version, "a reload event names a new build");
        version = new_version;
        let reload = arrived.duration_since(started);
        let (ok, seconds) = builds.recv_timeout(PATIENCE).expect("build report");
        assert!(ok, "edit {i} broke the site");
        let body = agent
            .get(&page_url)
            .call()
            .expect("fetch page")
            .body_mut()
            .read_to_string()
            .expect("read page");
        assert!(body.contains(&marker), "the reloaded page lacks edit {i}");
        if i >= WARM_UP {
            reloads.push(reload);
            rebuilds.push(Duration::from_secs_f64(seconds));
        }
    }

    println!(
        "serve_bench: {} ({} edits of content/editions/{month}/index.md after {WARM_UP} warm-up edits)",
        site.display(),
        edits
    );
    // From the file written to the reload message read by the client.
    println!("edit-to-reload: {}", summary(&mut reloads));
    println!("rebuild alone:  {}", summary(&mut rebuilds));
}

fn arguments() -> (PathBuf, usize) {
    let mut site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    let mut edits = 30;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--site", Some(value)) => site = PathBuf::from(value),
            ("--edits", Some(value)) => edits = value.parse().expect("--edits takes a number"),
            _ => {
                eprintln!("usage: serve_bench [--site DIR] [--edits N (at least 20)]");
                std::process::exit(2);
            }
        }
    }
    assert!(
        edits >= 20,
        "at least 20 edits make a median worth reporting"
    );
    (site, edits)
}

/// Copies what a build reads, and nothing else (not `target/`, not `public/`).
fn copy_site(from: &Path, to: &Path) {
    for top in ["site.yaml", "content", "data", "themes"] {
        let top = from.join(top);
        for entry in walkdir::WalkDir::new(&top)
            .into_iter()
            .filter_map(Result::ok)
        {
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}

fn newest_edition(editions: &Path) -> String {
    let mut months: Vec<String> = std::fs::read_dir(editions)
        .unwrap_or_else(|e| panic!("{}: {e}", editions.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().join("index.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    months.sort();
    months.pop().expect("an edition with an index.md")
}

/// Connects to the live-reload WebSocket as a page does and reads it on a thread of
/// its own, stamping each message (the version of a finished build) with the moment
/// it was read.
fn subscribe(url: &str) -> Receiver<(Instant, String)> {
    let (sender, receiver) = mpsc::channel();
    let (mut socket, _) = tungstenite::connect(url).expect("connect to live reload");
    thread::spawn(move || {
        while let Ok(message) = socket.read() {
            if let tungstenite::Message::Text(version) = message
                && sender.send((Instant::now(), version.to_string())).is_err()
            {
                return;
            }
        }
    });
    receiver
}

/// `median M ms, p90 P ms (min A, max B)`.
fn summary(samples: &mut [Duration]) -> String {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| samples[((q * samples.len() as f64).ceil() as usize).saturating_sub(1)];
    format!(
        "median {:.1} ms, p90 {:.1} ms (min {:.1}, max {:.1}, n = {})",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    )
}
