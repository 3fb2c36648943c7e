//! Reads a theme: Tera templates and static files, over the built-in default theme.
//!
//! The default theme is compiled into the binary. A site's `themes/<name>/` folder
//! overrides it file by file, so a council can change one template and keep the
//! rest up to date with new releases.

use std::path::PathBuf;

use super::SiteFiles;
use crate::diagnostics::{Diagnostic, Diagnostics, Place};

/// The templates every theme must provide.
pub const REQUIRED_TEMPLATES: [&str; 11] = [
    "base.html",
    "landing.html",
    "edition.html",
    "section.html",
    "exceptions.html",
    "print.html",
    "page.html",
    "404.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
];

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        [$(($path, include_str!(concat!("../../themes/default/", $path)))),*]
    };
}

/// The built-in default theme, as `(path under the theme folder, contents)`.
const BUILTIN: [(&str, &str); 16] = builtin!(
    "templates/base.html",
    "templates/exceptions.html",
    "templates/landing.html",
    "templates/edition.html",
    "templates/edition_body.html",
    "templates/summary_table.html",
    "templates/section.html",
    "templates/section_body.html",
    "templates/print.html",
    "templates/page.html",
    "templates/404.html",
    "templates/sitemap.xml",
    "templates/atom.xml",
    "templates/robots.txt",
    "static/style.css",
    "static/print.css",
);

#[derive(Debug, Clone)]
pub struct Theme {
    /// `(name, source, path for messages)`, sorted by name.
    pub templates: Vec<(String, String, PathBuf)>,
    /// `(path relative to static/, bytes)`, sorted by path.
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// Loads the theme `name`; `named_at` is where site.yaml names it, if it does.
pub(super) fn load(
    files: &SiteFiles,
    name: &str,
    named_at: Option<&Place>,
    diagnostics: &mut Diagnostics,
) -> Option<Theme> {
    let dir = format!("themes/{name}");
    let root = files.path(&dir);
    let mut templates: Vec<(String, String, PathBuf)> = Vec::new();
    let mut static_files: Vec<(String, Vec<u8>)> = Vec::new();
    if name == "default" {
        for (path, contents) in BUILTIN {
            if let Some(template) = path.strip_prefix("templates/") {
                templates.push((
                    template.into(),
                    contents.into(),
                    format!("{dir}/{path} (built in)").into(),
                ));
            } else if let Some(file) = path.strip_prefix("static/") {
                static_files.push((file.into(), contents.as_bytes().to_vec()));
            }
        }
    } else if !root.is_dir() {
        let mut d = Diagnostic::error(
            files.display(&root),
            format!(
                "the theme `{name}` does not exist: there is no folder {}",
                files.display(&root).display()
            ),
        );
        if let Some(place) = named_at {
            d = d.at_place(place);
        }
        diagnostics.push(
            d.with_hint("set `theme:` in site.yaml to a folder under themes/, or to `default`"),
        );
        return None;
    }
    if let Some(d) = files.leads_out(&root) {
        diagnostics.push(d);
        return None;
    }
    let templates_dir = root.join("templates");
    // Pages are HTML; the sitemap and feed are XML, robots.txt is text.
    let sources = files
        .walk(&templates_dir, diagnostics)
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["html", "xml", "txt"].iter().any(|x| e == *x))
        });
    for path in sources {
        let Some(source) = files.read(&path, diagnostics) else {
            continue;
        };
        let template = path
            .strip_prefix(&templates_dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        templates.retain(|(n, _, _)| *n != template);
        templates.push((template, source, files.display(&path)));
    }
    // Hidden and editor files (`.env`, `style.css~`) are left out by `walk`, so they
    // are never published.
    let static_dir = root.join("static");
    for path in files.walk(&static_dir, diagnostics) {
        if let Some(bytes) = files.read_bytes(&path, diagnostics) {
            let rel = path
                .strip_prefix(&static_dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            static_files.retain(|(p, _)| *p != rel);
            static_files.push((rel, bytes));
        }
    }
    templates.sort_by(|a, b| a.0.cmp(&b.0));
    static_files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut ok = true;
    for required in REQUIRED_TEMPLATES {
        if !templates.iter().any(|(n, _, _)| n == required) {
            diagnostics.push(
                Diagnostic::error(
                    files.display(&templates_dir.join(required)),
                    format!("the theme `{name}` has no template `{required}`"),
                )
                .with_hint("copy it from the default theme in the scorecard repository"),
            );
            ok = false;
        }
    }
    ok.then_some(Theme {
        templates,
        static_files,
    })
}
