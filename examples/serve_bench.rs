//! Measures edit-to-reload time of `scorecard serve`: from writing a commentary or a
//! data file to the reload message arriving at a real client over a WebSocket.
//!
//! ```sh
//! cargo run --release --example serve_bench                       # tests/fixtures/small
//! cargo run --release --example serve_bench -- --site . --edits 50
//! ```
//!
//! The site is copied to a temporary folder and timed there by
//! [`bench_support::reload`], which `site_bench --serve` uses on its generated site.

mod bench_support;

use std::path::{Path, PathBuf};

use bench_support::reload::{self, MIN_EDITS};

fn main() {
    let (site, edits) = arguments();
    let copy = tempfile::tempdir().expect("temporary folder");
    copy_site(&site, copy.path());
    reload::measure(copy.path(), &site.display().to_string(), edits);
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
                eprintln!("usage: serve_bench [--site DIR] [--edits N (at least {MIN_EDITS})]");
                std::process::exit(2);
            }
        }
    }
    if edits < MIN_EDITS {
        eprintln!("--edits: at least {MIN_EDITS} edits make a median worth reporting");
        std::process::exit(2);
    }
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
