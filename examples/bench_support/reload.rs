//! Times edit-to-reload in `scorecard serve`, for the `serve_bench` and `site_bench`
//! examples: from writing a commentary or a data file to the reload message arriving at
//! a real client over the live-reload WebSocket.
//!
//! The site is served by the library's own server on a free port of 127.0.0.1. Two
//! kinds of edit are timed in turn: a sentence added to the newest edition's
//! `index.md`, and a figure of the newest month changed in a monthly CSV file. The
//! clock starts just before the write and stops when the live-reload WebSocket's
//! message naming the new build is read, which is when an open page starts reloading.
//! After each edit the page is fetched (outside the timing) to check it shows the edit.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use scorecard::serve::{ServeOptions, Server};

/// The fewest measured edits of each kind that make a median worth reporting.
pub const MIN_EDITS: usize = 20;
/// Edits before the measured ones, so that caches and the page cache are warm.
const WARM_UP: usize = 3;
/// Quiet time between edits, longer than the debounce, so that each edit is its own
/// burst as when a person saves.
const GAP: Duration = Duration::from_millis(150);
/// How long to wait for a reload or a build report after an edit.
const PATIENCE: Duration = Duration::from_secs(30);
/// How long to wait for the first build: at 120 editions it takes tens of seconds on
/// an idle machine, and several times that on a busy shared one.
const FIRST_BUILD_PATIENCE: Duration = Duration::from_secs(1800);

/// Serves `site` and times `edits` edits of each kind, printing the figures. The site
/// folder is edited in place (each edited file is restored afterwards), so pass a copy
/// or a generated site; `label` names it in the printed heading.
pub fn measure(site: &Path, label: &str, edits: usize) {
    assert!(
        edits >= MIN_EDITS,
        "at least {MIN_EDITS} edits make a median worth reporting"
    );
    let editions = site.join("content/editions");
    let month = newest_edition(&editions);

    let server = Server::bind(&ServeOptions {
        site: site.to_path_buf(),
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
    let (ok, first) = builds
        .recv_timeout(FIRST_BUILD_PATIENCE)
        .expect("first build");
    assert!(ok, "the site has errors: run `scorecard check` on it");

    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut bench = Bench {
        events: subscribe(&format!("ws://{address}/__scorecard/live-reload")),
        builds,
        version: String::new(),
        agent: ureq::Agent::new_with_defaults(),
    };
    let (_, version) = bench.events.recv_timeout(PATIENCE).expect("events connect");
    bench.version = version;

    println!("serve_bench: {label} ({edits} edits of each kind after {WARM_UP} warm-up edits)");
    println!("first build: {first:.2} s");
    let commentary = Edit::commentary(site, &month);
    let (reloads, rebuilds, cpu) = bench.measure(&commentary, &format!("{url}{month}/"), edits);
    println!("commentary ({}):", commentary.name);
    // From the file written to the reload message read by the client.
    println!("  edit-to-reload: {}", summary(reloads));
    println!("  rebuild alone:  {}", summary(rebuilds));
    println!("  CPU time:       {}", summary(cpu));
    match Edit::figure(site, &month) {
        Some(figure) => {
            let (reloads, rebuilds, cpu) =
                bench.measure(&figure, &format!("{url}{month}/report.json"), edits);
            println!("a figure ({}):", figure.name);
            println!("  edit-to-reload: {}", summary(reloads));
            println!("  rebuild alone:  {}", summary(rebuilds));
            println!("  CPU time:       {}", summary(cpu));
        }
        None => println!("a figure: no whole-number figure for {month} to change"),
    }
    // The server runs in this process, so this process's memory is the server's (and
    // the small client's).
    println!("memory: {}", memory());
}

/// The CPU time this process has used, user and system, on all its threads, from
/// `/proc/self/stat` (Linux; in clock ticks of 10 ms). The server runs in this
/// process and the client waits while it builds, so the time used from a write to its
/// reload is the server's: on a shared machine, wall time also counts the time other
/// programs had the cores.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name, in parentheses, may hold spaces: count fields after it.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |k: usize| fields.get(k)?.parse::<u64>().ok();
    // utime and stime are the 14th and 15th fields, the 12th and 13th after the name.
    let total = ticks(11)? + ticks(12)?;
    Some(Duration::from_millis(total * 10))
}

/// This process's resident memory now and its peak, from `/proc/self/status` (Linux).
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return "unknown (no /proc/self/status)".into();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or("?".to_string(), |kb| format!("{} MiB", kb / 1024))
    };
    format!("{} held, {} peak", field("VmRSS:"), field("VmHWM:"))
}

/// The live-reload client and the server's build reports.
struct Bench {
    events: Receiver<(Instant, String)>,
    builds: Receiver<(bool, f64)>,
    version: String,
    agent: ureq::Agent,
}

impl Bench {
    /// Makes the edit `edits` times after the warm-up ones, and returns the times from
    /// each write to its reload message, the server's rebuild times, and the CPU time
    /// the process used from each write to its reload message.
    fn measure(
        &mut self,
        edit: &Edit,
        page: &str,
        edits: usize,
    ) -> (Vec<Duration>, Vec<Duration>, Vec<Duration>) {
        let mut reloads = Vec::new();
        let mut rebuilds = Vec::new();
        let mut cpu = Vec::new();
        for i in 0..WARM_UP + edits {
            thread::sleep(GAP);
            if let Ok((_, stray)) = self.events.try_recv() {
                panic!("a build nobody asked for ({stray}): is something else writing the site?");
            }
            while self.builds.try_recv().is_ok() {}
            let text = (edit.make)(i);
            let cpu_before = cpu_time();
            let started = Instant::now();
            std::fs::write(&edit.file, text).expect("write");
            let (arrived, version) = self.events.recv_timeout(PATIENCE).expect("reload event");
            let cpu_used = cpu_time()
                .zip(cpu_before)
                .map(|(after, before)| after - before);
            assert_ne!(version, self.version, "a reload event names a new build");
            self.version = version;
            let reload = arrived.duration_since(started);
            let (ok, seconds) = self.builds.recv_timeout(PATIENCE).expect("build report");
            assert!(ok, "edit {i} of {} broke the site", edit.name);
            let body = self
                .agent
                .get(page)
                .call()
                .expect("fetch page")
                .body_mut()
                .read_to_string()
                .expect("read page");
            assert!(
                (edit.shows)(i, &body),
                "{page} lacks edit {i} of {}",
                edit.name
            );
            if i >= WARM_UP {
                reloads.push(reload);
                rebuilds.push(Duration::from_secs_f64(seconds));
                cpu.extend(cpu_used);
            }
        }
        std::fs::write(&edit.file, &edit.original).expect("restore");
        // The restoring save causes a build of its own; let it pass unmeasured.
        let _ = self.events.recv_timeout(PATIENCE);
        let _ = self.builds.recv_timeout(PATIENCE);
        if let Ok((_, version)) = self.events.try_recv() {
            self.version = version;
        }
        (reloads, rebuilds, cpu)
    }
}

/// One kind of edit: the file, its text for edit `i`, and whether a page fetched
/// afterwards shows edit `i`.
struct Edit {
    name: String,
    file: PathBuf,
    original: String,
    make: Box<dyn Fn(usize) -> String>,
    shows: Box<Shows>,
}

/// Whether a fetched page shows edit `i`.
type Shows = dyn Fn(usize, &str) -> bool;

impl Edit {
    /// A sentence added to the newest edition's commentary.
    fn commentary(site: &Path, month: &str) -> Edit {
        let file = site.join("content/editions").join(month).join("index.md");
        let original = std::fs::read_to_string(&file).expect("read commentary");
        let text = original.clone();
        Edit {
            name: format!("content/editions/{month}/index.md"),
            file,
            original,
            make: Box::new(move |i| format!("{text}\n\nBenchmark edit {i}.\n")),
            shows: Box::new(|i, page| page.contains(&format!("Benchmark edit {i}."))),
        }
    }

    /// A whole-number figure for the newest month, in the first monthly CSV file that
    /// has one, raised by 1 and 2 in turn: a change that reaches the section's tables
    /// and chart, the summary, the exceptions and the data files.
    fn figure(site: &Path, month: &str) -> Option<Edit> {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("data"))
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        files.sort();
        for file in files {
            let original = std::fs::read_to_string(&file).ok()?;
            let lines: Vec<&str> = original.lines().collect();
            let header: Vec<&str> = lines.first()?.split(',').collect();
            let column = |name| header.iter().position(|h| *h == name);
            let (indicator, when, value) =
                (column("indicator")?, column("month")?, column("value")?);
            let found = lines.iter().enumerate().skip(1).find_map(|(n, line)| {
                let cells: Vec<&str> = line.split(',').collect();
                let figure: u64 = cells.get(value)?.parse().ok()?;
                (cells.get(when) == Some(&month)).then(|| (n, cells[indicator].to_string(), figure))
            });
            let Some((row, id, figure)) = found else {
                continue;
            };
            // Only the row's value changes; no later correction overrides it.
            if lines
                .iter()
                .skip(row + 1)
                .any(|l| l.starts_with(&format!("{id},{month},")))
            {
                continue;
            }
            let name = format!(
                "{}, row {}: indicator {id}, {month}",
                file.strip_prefix(site).unwrap_or(&file).display(),
                row + 1
            );
            let text = original.clone();
            let new = move |i: usize| figure + 1 + (i as u64 % 2);
            return Some(Edit {
                name,
                file,
                original,
                make: Box::new(move |i| {
                    let edited: Vec<String> = text
                        .lines()
                        .enumerate()
                        .map(|(n, line)| {
                            if n != row {
                                return line.to_string();
                            }
                            let mut cells: Vec<String> =
                                line.split(',').map(String::from).collect();
                            cells[value] = new(i).to_string();
                            cells.join(",")
                        })
                        .collect();
                    edited.join("\n") + "\n"
                }),
                // The edition's report.json gives the indicator's figure as a number.
                shows: Box::new(move |i, json| {
                    let report: serde_json::Value =
                        serde_json::from_str(json).expect("report.json");
                    report["indicators"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|x| x["id"] == id.as_str() && x["value"] == new(i) as f64)
                }),
            });
        }
        None
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
fn summary(mut samples: Vec<Duration>) -> String {
    if samples.is_empty() {
        return "unknown".into();
    }
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
