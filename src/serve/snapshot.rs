//! One state of the served site: every file as bytes, or the error page, built once per rebuild.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;

use super::http::SCRIPT_PATH;
use crate::diagnostics::Diagnostics;
use crate::render::Output;

/// What the server answers from, replaced whole after every build.
#[derive(Debug)]
pub(super) struct Snapshot {
    /// Names this build; pages carry it, and the events endpoint announces it, so an
    /// open page can tell that it is out of date.
    pub version: String,
    /// The files of the last successful build by path, as built. Kept after a failed
    /// build so that the error page still gets its styles and the site's other files.
    /// The next build takes the files of the editions it reuses from here, so HTML
    /// pages get the live-reload script as they are served ([`Snapshot::file`]), not
    /// here: the bytes of an unchanged page are shared between builds, never copied.
    pub files: Arc<Files>,
    /// Set when the latest build failed: shown in place of every page until a build
    /// succeeds again.
    pub error_page: Option<Bytes>,
}

/// A build's files by path, grouped by their top folder (an edition's month, `static`,
/// and the empty name for the files at the top), so that a save shares the files of
/// each edition it reused with the snapshot before as one group, rather than taking
/// them into a new map path by path: at 120 editions, tens of thousands of paths.
#[derive(Debug, Default)]
pub(super) struct Files {
    groups: HashMap<String, Arc<HashMap<String, Bytes>>>,
    /// How many files there are in all the groups.
    len: usize,
}

impl Files {
    /// The file at `path`, as built.
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.groups.get(top_folder(path))?.get(path)
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds the file at `path`, or replaces it. A file of a group shared with an
    /// earlier snapshot goes into a copy of the group: that snapshot keeps its own.
    fn insert(&mut self, path: String, bytes: Bytes) {
        let group = self
            .groups
            .entry(top_folder(&path).to_string())
            .or_default();
        if Arc::make_mut(group).insert(path, bytes).is_none() {
            self.len += 1;
        }
    }
}

impl FromIterator<(String, Bytes)> for Files {
    fn from_iter<I: IntoIterator<Item = (String, Bytes)>>(files: I) -> Files {
        let mut all = Files::default();
        for (path, bytes) in files {
            all.insert(path, bytes);
        }
        all
    }
}

impl std::ops::Index<&str> for Files {
    type Output = Bytes;

    fn index(&self, path: &str) -> &Bytes {
        self.get(path).expect("no file at this path")
    }
}

/// The top folder of `path`, which names its group in [`Files`]: empty for a file at
/// the top.
fn top_folder(path: &str) -> &str {
    path.split_once('/').map_or("", |(top, _)| top)
}

impl Snapshot {
    /// The snapshot of a successful build: the files it made, and the files of the
    /// editions it reused from `previous`, the snapshot holding the last successful
    /// build's files.
    pub fn site(version: String, output: Output, previous: Option<&Snapshot>) -> Snapshot {
        let mut files = Files::default();
        if let Some(previous) = previous {
            for month in &output.reused {
                if let Some(group) = previous.files.groups.get(month.as_str()) {
                    files.len += group.len();
                    files.groups.insert(month.clone(), Arc::clone(group));
                }
            }
        }
        for file in output.files {
            files.insert(file.path, Bytes::from(file.bytes));
        }
        Snapshot {
            version,
            files: Arc::new(files),
            error_page: None,
        }
    }

    /// The snapshot of a build that found no input changed since the last successful
    /// one: that build's files, which `previous` holds even if a build since failed.
    pub fn unchanged(version: String, previous: &Snapshot) -> Snapshot {
        Snapshot {
            version,
            files: Arc::clone(&previous.files),
            error_page: None,
        }
    }

    /// The file at `path` as served: an HTML page with the live-reload script.
    pub fn file(&self, path: &str) -> Option<Bytes> {
        let bytes = self.files.get(path)?;
        Some(if path.ends_with(".html") {
            Bytes::from(inject_script(bytes, &self.version))
        } else {
            bytes.clone()
        })
    }

    /// Whether this snapshot's files are exactly `other`'s.
    pub fn same_files(&self, other: &Snapshot) -> bool {
        // Every path is in the group of its top folder, so equal counts and each group
        // found in the other's are the same files.
        self.files.len == other.files.len
            && self.files.groups.iter().all(|(top, group)| {
                other.files.groups.get(top).is_some_and(|theirs| {
                    // A reused edition's files are the same group, shared.
                    Arc::ptr_eq(group, theirs)
                        || (group.len() == theirs.len()
                            && group.iter().all(|(path, bytes)| {
                                theirs.get(path).is_some_and(|b| {
                                    // A reused file is the same bytes, shared: no need
                                    // to compare them.
                                    (b.as_ptr() == bytes.as_ptr() && b.len() == bytes.len())
                                        || b == bytes
                                })
                            }))
                })
            })
    }

    /// The snapshot of a failed build: the previous files, and a page listing the
    /// problems as `check` prints them.
    pub fn failed(
        version: String,
        diagnostics: &Diagnostics,
        previous: Option<&Snapshot>,
    ) -> Snapshot {
        let files = previous.map(|p| Arc::clone(&p.files)).unwrap_or_default();
        let page = error_page(diagnostics, &version);
        Snapshot {
            version,
            files,
            error_page: Some(Bytes::from(page)),
        }
    }
}

/// The tag that loads the live-reload script, naming the build the page came from.
fn script_tag(version: &str) -> String {
    // The version is ours (hex digits and a dash), so it needs no escaping; the script
    // is a file rather than inline so that a theme's Content-Security-Policy of
    // `script-src 'self'` does not block it.
    format!(r#"<script src="{SCRIPT_PATH}" data-version="{version}"></script>"#)
}

/// Puts the script tag before the last `</body>`, or at the end of a page without one.
/// Only pages served by `serve` get it: the built site never does.
fn inject_script(html: &[u8], version: &str) -> Vec<u8> {
    let tag = script_tag(version);
    let at = html
        .windows(b"</body>".len())
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&html[at..]);
    out
}

/// A self-contained page listing the diagnostics. It uses nothing from the theme,
/// since a broken template may be the very problem it reports.
fn error_page(diagnostics: &Diagnostics, version: &str) -> Vec<u8> {
    let summary = format!("{}.", diagnostics.counts());
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The site has errors – scorecard</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #0b0c0c; }}
h1 {{ color: #d4351c; }}
pre {{ background: #f3f2f1; border-left: 5px solid #d4351c; padding: 1rem; overflow-x: auto; white-space: pre-wrap; }}
</style>
</head>
<body>
<main>
<h1>The site has errors</h1>
<p>scorecard could not build the site. Fix the problems below and save: this page
shows the site again by itself.</p>
<pre id="scorecard-diagnostics">{}</pre>
<p>{summary}</p>
</main>
{}
</body>
</html>
"#,
        escape_html(&diagnostics.to_string()),
        script_tag(version)
    )
    .into_bytes()
}

/// Escapes text for an HTML element's content.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn script_goes_before_the_last_closing_body_tag() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject_script(html, "v-1")).unwrap();
        assert_eq!(
            out,
            format!("<html><body><p>x</p>{}\n</BODY></html>", script_tag("v-1"))
        );
    }

    #[test]
    fn a_page_without_a_body_tag_gets_the_script_at_the_end() {
        let out = String::from_utf8(inject_script(b"<p>x</p>", "v-1")).unwrap();
        assert!(out.starts_with("<p>x</p><script"));
    }

    #[test]
    fn error_page_escapes_the_diagnostics_and_reloads_itself() {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::error("content/a.md", "unknown shortcode <b>").at("text {{ <b> }}", 1, 8),
        );
        let page = String::from_utf8(error_page(&diagnostics, "v-2")).unwrap();
        assert!(page.contains("--&gt; content/a.md:1:8"));
        assert!(page.contains("unknown shortcode &lt;b&gt;"));
        assert!(!page.contains("<b>"));
        assert!(page.contains("1 error, 0 warnings."));
        assert!(page.contains(r#"data-version="v-2""#));
    }

    #[test]
    fn built_pages_get_the_script_and_other_files_do_not() {
        let output = Output {
            files: vec![
                crate::render::OutputFile {
                    path: "index.html".into(),
                    bytes: b"<body></body>".to_vec(),
                },
                crate::render::OutputFile {
                    path: "static/style.css".into(),
                    bytes: b"body {}".to_vec(),
                },
            ],
            ..Output::default()
        };
        let snapshot = Snapshot::site("v-3".into(), output, None);
        assert!(
            snapshot
                .file("index.html")
                .unwrap()
                .starts_with(b"<body><script")
        );
        assert_eq!(&snapshot.file("static/style.css").unwrap()[..], b"body {}");
        assert_eq!(&snapshot.files["index.html"][..], b"<body></body>");
        let failed = Snapshot::failed("v-4".into(), &Diagnostics::new(), Some(&snapshot));
        assert!(Arc::ptr_eq(&failed.files, &snapshot.files));
        assert!(failed.error_page.is_some());
    }
}
