//! Integration tests: build real site folders in temporary directories with the real
//! binary and check the files it writes.

mod adult_care;
mod bad_input;
mod breakdown;
mod breakdown_pages;
mod browser;
mod build;
mod columns;
mod consistency;
mod deploy;
mod detail;
mod diagnostics;
mod feeds;
mod fields;
mod golden;
mod incremental;
mod links;
mod new;
mod output_safety;
mod properties;
mod report_snapshots;
mod sample;
mod serve;
mod spc;
mod theme;
mod wide;
pub mod workbook;
mod xss;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site folder copied into a temporary directory, ready to be built.
pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// Copies `tests/fixtures/<name>` into a fresh temporary directory.
    pub fn fixture(name: &str) -> TestSite {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        Self::copy_of(&from, &[])
    }

    /// Copies the repository's own sample site (settings, data, content, themes).
    pub fn sample() -> TestSite {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        Self::copy_of(root, &["site.yaml", "data", "content", "themes"])
    }

    /// The sample site, built once for all the tests that only read it: a debug build
    /// of it takes seconds of CPU, and five tests read it. A static is never dropped,
    /// so its folder is made under cargo's temporary folder for tests (in `target/`,
    /// emptied by `cargo clean`) rather than the system's.
    pub fn built_sample() -> &'static TestSite {
        static BUILT: std::sync::OnceLock<TestSite> = std::sync::OnceLock::new();
        BUILT.get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let dir = tempfile::Builder::new()
                .prefix("sample-site-")
                .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
                .expect("temp dir");
            let site = Self::copy_into(dir, root, &["site.yaml", "data", "content", "themes"]);
            site.build();
            site
        })
    }

    fn copy_of(from: &Path, only: &[&str]) -> TestSite {
        Self::copy_into(tempfile::tempdir().expect("temp dir"), from, only)
    }

    fn copy_into(dir: tempfile::TempDir, from: &Path, only: &[&str]) -> TestSite {
        for entry in walkdir::WalkDir::new(from)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = entry.path().strip_prefix(from).unwrap();
            if rel.as_os_str().is_empty() {
                continue;
            }
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            if !only.is_empty() && !only.contains(&top.as_ref()) {
                continue;
            }
            let to = dir.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes (or replaces) a file in the site folder.
    pub fn write(&self, rel: &str, contents: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Runs `scorecard <command> --site <root> [args]`.
    pub fn run(&self, command: &str, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_scorecard"))
            .arg(command)
            .arg("--site")
            .arg(self.root())
            .args(args)
            .output()
            .expect("run scorecard");
        Run { output }
    }

    pub fn build(&self) -> Run {
        self.run("build", &[]).success()
    }

    /// Reads an output file as text.
    pub fn output(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn success(self) -> Self {
        assert_eq!(
            self.code(),
            0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// Every file under `dir` with its bytes, by path relative to `dir`; empty if `dir`
/// does not exist.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Every inline `<svg>…</svg>` in a page.
pub fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("closed svg") + start + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// Asserts that `xml` is well-formed, naming the first problem.
pub fn assert_well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "not well-formed XML at {}: {e}\n{}",
                reader.buffer_position(),
                &xml[..xml.len().min(400)]
            ),
        }
    }
}

/// Copies every file under `from` to the same place under `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
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

/// Writes a YAML syntax error, a CSV error, a commentary error and a template error into
/// the small fixture at once, for tests of one run reporting every kind of problem.
pub fn write_a_problem_in_every_kind_of_file(site: &TestSite) {
    site.write(
        "data/sections/02-more.yaml",
        "id: more\ntitle: \"More\norder: 2\nindicators:\n  - id: \"2.1\"\n",
    );
    site.write(
        "data/monthly/2016-17.csv",
        "indicator,month,value\n2.1,2016-04,5\n1.1,2016-4,6\n",
    );
    site.write(
        "content/editions/2015-12/more.md",
        "Text with {{ value 2.1 }} and {{ valeu 1.1 }}.\n",
    );
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ title }{% endblock content %}\n",
    );
}
