//! Times scorecard on a large generated site, against Hugo on the same page count and
//! on the same output bytes.
//!
//! ```sh
//! cargo run --release --example site_bench -- --editions 12        # one size
//! cargo run --release --example site_bench                         # 200 × 120 × 120
//! cargo run --release --example site_bench -- --editions 12 --serve
//! ```
//!
//! It generates a site deterministically ([`generate`]) in a temporary folder (on the
//! `/dev/shm` RAM disk where there is one), builds it with the release `scorecard`
//! binary (which it first builds with `cargo build --release`), rebuilds it with nothing
//! changed, and in the same run builds two Hugo sites ([`hugo`]): one with as many pages
//! as scorecard wrote, and one with as many output bytes. Runs alternate (scorecard,
//! its rebuild, Hugo, Hugo; then again) so that the machine's busy and quiet phases fall
//! on both, and the median of `--runs` is reported.
//!
//! Peak memory is the child process's `VmHWM` (its resident high-water mark), read from
//! `/proc/<pid>/status` every 2 ms while it runs: the standard library has no
//! `getrusage`, and the high-water mark only grows, so the last reading is the peak
//! within the final 2 ms. It is Linux-only; elsewhere it shows as `?`.
//!
//! Each build runs with `--timings`, and the run ends with a table of each phase's
//! median wall time, CPU time, cores used and spread over threads, as the build
//! printed them. `--indicators-also N` builds a second site with N indicators and puts
//! its phases beside, so that growth in indicators can be read phase by phase.
//!
//! `--serve` times `scorecard serve`'s edit-to-reload on the generated site instead,
//! with the same code as the `serve_bench` example (`examples/bench_support/`).

#[path = "../bench_support/mod.rs"]
mod bench_support;
mod generate;
mod hugo;

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;

use generate::Shape;

/// Times scorecard on a generated site, against Hugo.
#[derive(Parser)]
struct Args {
    /// Indicators in the site
    #[arg(long, default_value_t = 200)]
    indicators: usize,
    /// Sections the indicators are split into
    #[arg(long, default_value_t = 20)]
    sections: usize,
    /// Months of figures
    #[arg(long, default_value_t = 120)]
    months: usize,
    /// Editions, one for each of the last months (at most --months)
    #[arg(long, default_value_t = 120)]
    editions: usize,
    /// Runs of each build; the median is reported
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Do not build the Hugo sites
    #[arg(long)]
    no_hugo: bool,
    /// Work in this folder (new or empty) and keep it: the site in site/, the last
    /// builds in public/, hugo-pages/ and hugo-bytes/
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,
    /// Time serve's edit-to-reload on the generated site instead of builds
    #[arg(long)]
    serve: bool,
    /// With --serve: measured edits of each kind
    #[arg(long, default_value_t = 30)]
    edits: usize,
    /// Also build a site with this many indicators (the same sections, months and
    /// editions) and show its phases beside the first's
    #[arg(long, value_name = "N")]
    indicators_also: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let shape = Shape {
        indicators: args.indicators,
        sections: args.sections,
        months: args.months,
        editions: args.editions,
    };
    if let Err(problem) = check_arguments(&args) {
        eprintln!("site_bench: {problem}");
        return ExitCode::from(2);
    }
    let (work, _temporary) = match work_folder(args.keep.as_deref()) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("site_bench: {e}");
            return ExitCode::from(2);
        }
    };
    println!(
        "site_bench: {} indicators in {} sections × {} months × {} editions",
        shape.indicators, shape.sections, shape.months, shape.editions
    );
    println!("machine: {}", machine());
    println!("work folder: {}", work.display());
    let site = work.join("site");
    let started = Instant::now();
    let generated = generate::site(shape, &site).expect("write the generated site");
    println!(
        "generated: {} files, {} in {:.2} s (sha256 {})",
        generated.files,
        mib(generated.bytes),
        started.elapsed().as_secs_f64(),
        &generated.digest[..16]
    );
    if args.serve {
        if cfg!(debug_assertions) {
            println!("warning: serve runs in this process, unoptimised: run with --release");
        }
        let label = format!("site_bench's generated site, {} editions", shape.editions);
        bench_support::reload::measure(&site, &label, args.edits);
        return ExitCode::SUCCESS;
    }
    let scorecard = match release_binary() {
        Ok(path) => path,
        Err(e) => {
            eprintln!("site_bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("scorecard: {}", scorecard.display());
    let hugo = if args.no_hugo {
        None
    } else {
        hugo::find_or_install()
    };
    if let Some(version) = &hugo {
        println!("hugo: {version}");
    }
    match compare(&args, &work, &scorecard, hugo.is_some()) {
        Ok(()) => {
            if args.keep.is_some() {
                println!("kept: {}", work.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("site_bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn check_arguments(args: &Args) -> Result<(), String> {
    if args.sections == 0 || args.indicators < args.sections {
        return Err("--indicators must be at least --sections, and --sections at least 1".into());
    }
    if args.editions == 0 || args.editions > args.months {
        return Err("--editions must be from 1 to --months".into());
    }
    if args.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    if args.indicators_also.is_some_and(|n| n < args.sections) {
        return Err("--indicators-also must be at least --sections".into());
    }
    if args.serve && args.edits < bench_support::reload::MIN_EDITS {
        return Err(format!(
            "--edits: at least {} edits make a median worth reporting",
            bench_support::reload::MIN_EDITS
        ));
    }
    Ok(())
}

/// The folder to work in, and the temporary folder to drop at the end when it is one.
fn work_folder(keep: Option<&Path>) -> Result<(PathBuf, Option<tempfile::TempDir>), String> {
    if let Some(dir) = keep {
        let empty = match std::fs::read_dir(dir) {
            Ok(mut entries) => entries.next().is_none(),
            Err(_) => true,
        };
        if !empty {
            return Err(format!(
                "--keep {}: the folder must be new or empty",
                dir.display()
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| format!("--keep {}: {e}", dir.display()))?;
        return Ok((dir.to_path_buf(), None));
    }
    let ram = Path::new("/dev/shm");
    let builder = {
        let mut b = tempfile::Builder::new();
        b.prefix("site_bench-");
        b
    };
    let temporary = if ram.is_dir() {
        builder.tempdir_in(ram)
    } else {
        builder.tempdir()
    }
    .map_err(|e| format!("temporary folder: {e}"))?;
    Ok((temporary.path().to_path_buf(), Some(temporary)))
}

/// Cores, load and whether the work folder is a RAM disk.
fn machine() -> String {
    let cores = thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "?".into());
    format!("{cores} cores, load average {load} at start")
}

/// Builds the release `scorecard` binary (quick when it is up to date) and returns its
/// path, as Cargo reports it.
fn release_binary() -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--bin",
            "scorecard",
            "--message-format=json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo build: {e}"))?;
    if !output.status.success() {
        return Err("cargo build --release --bin scorecard failed".into());
    }
    output
        .stdout
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(&line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "scorecard")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo build did not name the scorecard binary".into())
}

/// The measured runs, alternating scorecard and Hugo, and the summary table.
fn compare(args: &Args, work: &Path, scorecard: &Path, hugo: bool) -> Result<(), String> {
    let site = work.join("site");
    let public = work.join("public");
    let hugo_pages = work.join("hugo-pages");
    let hugo_bytes = work.join("hugo-bytes");
    let mut builds = Vec::new();
    let mut rebuilds = Vec::new();
    let mut pages_runs = Vec::new();
    let mut bytes_runs = Vec::new();
    let mut shape: Option<Output> = None;
    let mut baseline: Option<Baseline> = None;
    let mut phase_runs = Vec::new();
    // A build trusts the inputs' metadata only once they are 2 s old (racily clean
    // files, see docs/benchmarks.md); the generated site is given that time, so the
    // rebuild measured is the one a person sees some time after an edit.
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    for run in 1..=args.runs {
        remove(&public)?;
        let mut build = Command::new(scorecard);
        build
            .arg("build")
            .arg("--site")
            .arg(&site)
            .arg("--out")
            .arg(&public)
            .arg("--timings");
        let full = measure(&mut build)?;
        let summary = Summary::parse(&full)?;
        phase_runs.push(phases(&full.stdout));
        let output = shape.get_or_insert_with(|| Output::of(&public, &summary));
        if summary.pages != output.pages {
            return Err(format!(
                "run {run} wrote {} pages, run 1 {}",
                summary.pages, output.pages
            ));
        }
        let noop = measure(&mut build)?;
        // Only success is asked of it: a build that skips work may say so differently.
        if !noop.ok {
            return Err(format!("the rebuild failed:\n{}", noop.stderr));
        }
        let mut line = format!(
            "run {run}: scorecard {:.2} s, {} | rebuild, nothing changed, {:.3} s",
            full.seconds(),
            peak(&full),
            noop.seconds()
        );
        builds.push(full);
        rebuilds.push(noop);
        if hugo {
            if baseline.is_none() {
                let svg = output
                    .chart
                    .as_deref()
                    .ok_or("no chart found in the scorecard output")?;
                hugo::site(&work.join("hugo-pages-site"), output.pages, svg)
                    .map_err(|e| format!("writing the Hugo site: {e}"))?;
            }
            let pages = hugo_run(&work.join("hugo-pages-site"), &hugo_pages)?;
            let equal_bytes = match &baseline {
                Some(b) => b.equal_bytes_pages,
                None => {
                    // As many pages as make scorecard's bytes, at this site's bytes per page.
                    let per_page = pages.bytes as f64 / output.pages as f64;
                    let n = (output.bytes as f64 / per_page).round().max(1.0) as usize;
                    hugo::site(
                        &work.join("hugo-bytes-site"),
                        n,
                        output.chart.as_deref().unwrap_or(""),
                    )
                    .map_err(|e| format!("writing the Hugo site: {e}"))?;
                    n
                }
            };
            let bytes = hugo_run(&work.join("hugo-bytes-site"), &hugo_bytes)?;
            line += &format!(
                " | Hugo {} pages {:.2} s, {} | Hugo {} pages ({}) {:.2} s, {}",
                output.pages,
                pages.run.seconds(),
                peak(&pages.run),
                equal_bytes,
                mib(bytes.bytes),
                bytes.run.seconds(),
                peak(&bytes.run)
            );
            baseline = Some(Baseline {
                equal_bytes_pages: equal_bytes,
                equal_bytes_output: bytes.bytes,
            });
            pages_runs.push(pages.run);
            bytes_runs.push(bytes.run);
        }
        println!("{line}");
    }
    let output = shape.expect("at least one run");
    let mut tables = vec![(args.indicators, phase_runs)];
    if let Some(indicators) = args.indicators_also {
        tables.push((
            indicators,
            other_site_phases(args, work, scorecard, indicators)?,
        ));
    }
    report(
        args,
        &output,
        &builds,
        &rebuilds,
        &pages_runs,
        &bytes_runs,
        baseline.as_ref(),
    );
    report_phases(args.runs, &tables);
    Ok(())
}

/// One phase of a build, as `scorecard build --timings` printed it.
struct PhaseTime {
    name: String,
    wall: f64,
    /// `None` where the build could not read its CPU time.
    cpu: Option<f64>,
    /// The CPU time over the busiest thread's, when the build showed it.
    spread: Option<f64>,
}

/// The phases in a build's standard output: the lines after its `timings:` line and
/// the column headings, each a name and then wall, CPU, cores and spread.
fn phases(stdout: &str) -> Vec<PhaseTime> {
    stdout
        .lines()
        .skip_while(|line| !line.starts_with("timings:"))
        .skip(2)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [name @ .., wall, cpu, _cores, spread] = fields.as_slice() else {
                return None;
            };
            Some(PhaseTime {
                name: name.join(" "),
                wall: wall.parse().ok()?,
                cpu: cpu.parse().ok(),
                spread: spread.parse().ok(),
            })
        })
        .collect()
}

/// Generates the site again with `indicators` indicators and builds it `--runs`
/// times, returning each build's phases.
fn other_site_phases(
    args: &Args,
    work: &Path,
    scorecard: &Path,
    indicators: usize,
) -> Result<Vec<Vec<PhaseTime>>, String> {
    let shape = Shape {
        indicators,
        sections: args.sections,
        months: args.months,
        editions: args.editions,
    };
    let site = work.join(format!("site-{indicators}"));
    let public = work.join(format!("public-{indicators}"));
    generate::site(shape, &site).map_err(|e| format!("writing the second site: {e}"))?;
    let mut runs = Vec::new();
    for _ in 0..args.runs {
        remove(&public)?;
        let run = measure(
            Command::new(scorecard)
                .arg("build")
                .arg("--site")
                .arg(&site)
                .arg("--out")
                .arg(&public)
                .arg("--timings"),
        )?;
        Summary::parse(&run)?;
        runs.push(phases(&run.stdout));
    }
    Ok(runs)
}

/// Prints each phase's medians as a Markdown table, a group of columns for each
/// indicator count, and the ratio of CPU times when there are two.
fn report_phases(runs: usize, tables: &[(usize, Vec<Vec<PhaseTime>>)]) {
    let Some((_, first)) = tables.first() else {
        return;
    };
    let Some(names) = first
        .first()
        .map(|p| p.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
    else {
        return;
    };
    if names.is_empty() {
        return;
    }
    println!();
    println!(
        "phases: median of {runs} {}; CPU of the whole process; cores = CPU ÷ wall; spread = CPU ÷ the busiest thread's CPU (cores and spread for phases of 10 ms or more)",
        if runs == 1 { "run" } else { "runs" },
    );
    println!();
    let mut heading = String::from("| phase |");
    let mut rule = String::from("|---|");
    for (indicators, _) in tables {
        heading += &format!(" wall, {indicators} ind. | CPU | cores | spread |");
        rule += "---|---|---|---|";
    }
    if tables.len() == 2 {
        heading += &format!(" CPU {} ÷ {} |", tables[1].0, tables[0].0);
        rule += "---|";
    }
    println!("{heading}");
    println!("{rule}");
    for name in &names {
        let mut line = format!("| {name} |");
        let mut cpus = Vec::new();
        for (_, runs) in tables {
            let of = |value: fn(&PhaseTime) -> Option<f64>| {
                let samples: Vec<f64> = runs
                    .iter()
                    .filter_map(|phases| phases.iter().find(|p| &p.name == name))
                    .filter_map(value)
                    .collect();
                (!samples.is_empty()).then(|| median(samples.into_iter()))
            };
            let (wall, cpu, spread) = (of(|p| Some(p.wall)), of(|p| p.cpu), of(|p| p.spread));
            let cores = match (wall, cpu) {
                (Some(wall), Some(cpu)) if wall >= 0.01 => format!("{:.2}", cpu / wall),
                _ => "–".into(),
            };
            line += &format!(
                " {} | {} | {cores} | {} |",
                wall.map_or("–".into(), |w| format!("{w:.3} s")),
                cpu.map_or("–".into(), |c| format!("{c:.3} s")),
                spread.map_or("–".into(), |s| format!("{s:.2}")),
            );
            cpus.push(cpu);
        }
        if let [Some(first), Some(second)] = cpus[..] {
            line += &if first > 0.0 {
                format!(" {:.2} |", second / first)
            } else {
                " – |".into()
            };
        } else if tables.len() == 2 {
            line += " – |";
        }
        println!("{line}");
    }
}

/// What the Hugo runs need from the first.
struct Baseline {
    equal_bytes_pages: usize,
    equal_bytes_output: u64,
}

/// A Hugo build and the bytes it wrote.
struct HugoRun {
    run: Run,
    bytes: u64,
}

fn hugo_run(site: &Path, out: &Path) -> Result<HugoRun, String> {
    remove(out)?;
    let run = measure(&mut hugo::command(site, out))?;
    if !run.ok {
        return Err(format!("hugo failed:\n{}", run.stderr));
    }
    let (_, bytes) = folder_size(out);
    Ok(HugoRun { run, bytes })
}

/// Prints the medians as a Markdown table, with the ratios.
fn report(
    args: &Args,
    output: &Output,
    builds: &[Run],
    rebuilds: &[Run],
    hugo_pages: &[Run],
    hugo_bytes: &[Run],
    baseline: Option<&Baseline>,
) {
    let build = median(builds.iter().map(Run::seconds));
    let rebuild = median(rebuilds.iter().map(Run::seconds));
    let rss = builds.iter().filter_map(|r| r.peak_kib).max();
    let ms_page = 1000.0 * build / output.pages as f64;
    println!();
    println!(
        "median of {} {}; output {} in {} files; the build found no errors and {} warnings",
        args.runs,
        if args.runs == 1 { "run" } else { "runs" },
        mib(output.bytes),
        output.files,
        output.warnings
    );
    println!();
    println!(
        "| editions | pages | charts | output | build | peak RSS | ms/page | rebuild, nothing changed | Hugo ms/page | ratio | Hugo, equal bytes | ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let (hugo_ms_page, ratio, equal, ratio_bytes) = match baseline {
        Some(b) if !hugo_pages.is_empty() => {
            let pages = median(hugo_pages.iter().map(Run::seconds));
            let bytes = median(hugo_bytes.iter().map(Run::seconds));
            let hugo_ms = 1000.0 * pages / output.pages as f64;
            (
                format!("{hugo_ms:.2}"),
                format!("{:.2}", ms_page / hugo_ms),
                format!(
                    "{bytes:.2} s ({} pages)",
                    thousands(b.equal_bytes_pages as u64)
                ),
                format!("{:.2}", build / bytes),
            )
        }
        _ => ("–".into(), "–".into(), "–".into(), "–".into()),
    };
    println!(
        "| {} | {} | {} | {} | {build:.2} s | {} | {ms_page:.2} | {rebuild:.3} s | {hugo_ms_page} | {ratio} | {equal} | {ratio_bytes} |",
        args.editions,
        thousands(output.pages as u64),
        thousands(output.charts as u64),
        mib(output.bytes),
        rss.map_or("?".into(), |k| mib(k * 1024)),
    );
    if let Some(b) = baseline {
        let hugo_rss = |runs: &[Run]| runs.iter().filter_map(|r| r.peak_kib).max();
        println!();
        println!(
            "ratio: scorecard's ms/page over Hugo's on the same page count; equal bytes: Hugo writing {} ({:.2}× scorecard's), ratio scorecard's build time over Hugo's there",
            mib(b.equal_bytes_output),
            b.equal_bytes_output as f64 / output.bytes as f64
        );
        println!(
            "Hugo peak RSS: {} on the same page count, {} on equal bytes",
            hugo_rss(hugo_pages).map_or("?".into(), |k| mib(k * 1024)),
            hugo_rss(hugo_bytes).map_or("?".into(), |k| mib(k * 1024)),
        );
    }
}

/// The median of the samples (the mean of the middle two for an even count).
fn median(samples: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = samples.collect();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// What a scorecard build printed: `Built E editions: P pages, C charts, F files in S s.`
struct Summary {
    pages: usize,
    charts: usize,
    warnings: usize,
}

impl Summary {
    fn parse(run: &Run) -> Result<Summary, String> {
        if !run.ok {
            return Err(format!("the scorecard build failed:\n{}", run.stderr));
        }
        // Counts are grouped in thousands (`1,108 pages`), so the parts of the line are
        // split at a comma followed by a space only.
        let count = |word: &str| {
            run.stdout
                .split(": ")
                .flat_map(|part| part.split(", "))
                .find_map(|part| {
                    let digits = part.trim().strip_suffix(word)?.trim().replace(',', "");
                    digits.parse().ok()
                })
        };
        let warnings = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("warning"))
            .count();
        match (count(" pages"), count(" charts")) {
            (Some(pages), Some(charts)) => Ok(Summary {
                pages,
                charts,
                warnings,
            }),
            _ => Err(format!(
                "no page and chart counts in scorecard's output: {}",
                run.stdout
            )),
        }
    }
}

/// What the first scorecard build wrote.
struct Output {
    pages: usize,
    charts: usize,
    files: usize,
    bytes: u64,
    warnings: usize,
    /// A chart SVG of about the mean size of the charts in the pages.
    chart: Option<String>,
}

impl Output {
    fn of(public: &Path, summary: &Summary) -> Output {
        let (files, bytes) = folder_size(public);
        Output {
            pages: summary.pages,
            charts: summary.charts,
            files,
            bytes,
            warnings: summary.warnings,
            chart: mean_chart(public),
        }
    }
}

/// The chart nearest the mean size among every chart in the output's pages.
fn mean_chart(public: &Path) -> Option<String> {
    let mut charts = Vec::new();
    for entry in walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let Ok(html) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let mut rest = html.as_str();
        while let Some(start) = rest.find("<svg") {
            let Some(length) = rest[start..].find("</svg>") else {
                break;
            };
            let svg = &rest[start..start + length + "</svg>".len()];
            // Charts, not icons: the theme marks each chart's opening tag.
            let opening = &svg[..svg.find('>').unwrap_or(svg.len())];
            if opening.contains("class=\"chart\"") {
                charts.push(svg.to_string());
            }
            rest = &rest[start + length..];
        }
    }
    let mean = charts.iter().map(String::len).sum::<usize>() as f64 / charts.len().max(1) as f64;
    charts.into_iter().min_by(|a, b| {
        (a.len() as f64 - mean)
            .abs()
            .total_cmp(&(b.len() as f64 - mean).abs())
    })
}

/// Files and bytes under a folder.
fn folder_size(dir: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(files, bytes), e| {
            (files + 1, bytes + e.metadata().map_or(0, |m| m.len()))
        })
}

fn remove(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("removing {}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// A finished child process.
struct Run {
    ok: bool,
    wall: Duration,
    /// The resident high-water mark, in KiB, when it could be read.
    peak_kib: Option<u64>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn seconds(&self) -> f64 {
        self.wall.as_secs_f64()
    }
}

/// Runs the command to the end, timing it from spawn to exit and polling its peak
/// resident memory on a thread of its own.
fn measure(command: &mut Command) -> Result<Run, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let child = command.spawn().map_err(|e| format!("{command:?}: {e}"))?;
    let status = PathBuf::from(format!("/proc/{}/status", child.id()));
    let done = Arc::new(AtomicBool::new(false));
    let poller = {
        let done = Arc::clone(&done);
        thread::spawn(move || {
            let mut peak = None;
            while !done.load(Ordering::Relaxed) {
                if let Some(kib) = high_water_mark(&status) {
                    peak = peak.max(Some(kib));
                }
                thread::sleep(Duration::from_millis(2));
            }
            peak
        })
    };
    // Reads both pipes while waiting, so a chatty child never blocks on a full pipe.
    let output = child
        .wait_with_output()
        .map_err(|e| format!("{command:?}: {e}"))?;
    let wall = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let peak_kib = poller.join().expect("the memory poller");
    Ok(Run {
        ok: output.status.success(),
        wall,
        peak_kib,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// `VmHWM` from a `/proc/<pid>/status` file, in KiB.
fn high_water_mark(status: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(status).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

fn peak(run: &Run) -> String {
    run.peak_kib.map_or("peak RSS ?".into(), |k| {
        format!("peak RSS {}", mib(k * 1024))
    })
}

/// `759 MiB`, or `12.3 MiB` below 100.
fn mib(bytes: u64) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    if m < 100.0 {
        format!("{m:.1} MiB")
    } else {
        thousands(m.round() as u64) + " MiB"
    }
}

/// `2,764`, as scorecard writes every count.
fn thousands(n: u64) -> String {
    scorecard::model::Unit::Count.format(n as f64, 0)
}
