//! The internal link checker: every `href` and `src` of every rendered page must lead to a file of the site, and every `#fragment` to an element of the page it names.
//!
//! It reads the rendered output in memory, so `check` and `build` stop a broken link
//! before anything is published, whatever base URL the site is built for. Links are
//! resolved as a browser would, against the page's own address under the base URL;
//! links to other sites are not followed. Pages are read by [`plain`], byte searches
//! (memchr) over the plain HTML that templates and the Markdown renderer write, and
//! where it cannot answer for a page, by the HTML tokenizer (html5gum, a WHATWG
//! tokenizer that borrows its strings rather than building one for every character),
//! which finds the same where both answer. This is the only user of the tokenizer,
//! of memchr and of the URL crate.

mod plain;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::convert::Infallible;
use std::ops::Range;
use std::sync::Arc;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use url::Url;

#[cfg(test)]
use super::OutputFile;
use super::{chart, markdown};
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex, Place, Stage};
use crate::model::Commentary;
use crate::model::fingerprint::Fingerprint;

/// The attributes that hold an address, on any element. `xlink:href` is how older
/// SVG links are written.
const URL_ATTRIBUTES: [&str; 3] = ["href", "src", "xlink:href"];

/// A host no site can have, standing in when the base URL is only a path.
const PLACEHOLDER_ORIGIN: &str = "https://site.invalid/";

/// What the checker needs from one page: the fragment ids it offers and the
/// addresses it refers to, with the line each is on.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub ids: BTreeSet<String>,
    pub references: Vec<(usize, String)>,
    /// Each `id` attribute that repeats an earlier one on the page, with its line: a
    /// link to it would go to the first, so two headings or blocks of commentary
    /// giving the same id are an error.
    pub duplicate_ids: Vec<(usize, String)>,
}

/// The scans of a site's pages, by path: what the cross-page check needs of each page,
/// kept while the site's files are rendered and written an edition at a time, so that
/// the files themselves need not be kept. `serve` keeps them from one build to the next
/// with a digest of each page's bytes, so that only the pages that changed are scanned
/// again: an edit to one commentary changes a few pages, and scanning is most of the
/// checker's time.
#[derive(Debug, Default)]
pub struct Scans {
    pages: HashMap<String, Scanned>,
}

/// One page's scan, with the digest of the bytes it was made from when it is to be
/// reused by a later build. The page is shared, so that a scan kept from one build
/// to the next is handed on without copying its ids and links. The digest is the
/// fingerprint the build uses to tell changed inputs from unchanged ones: it is only
/// ever compared within one process, and SHA-256 of every page of an edition
/// rendered again took a few milliseconds of each reload.
#[derive(Debug, Clone)]
pub struct Scanned {
    digest: Option<Fingerprint>,
    page: Arc<Page>,
}

impl Scanned {
    /// The scan of a page an earlier build made and kept, whose bytes are not at hand.
    pub(crate) fn kept(page: Page) -> Scanned {
        Scanned {
            digest: None,
            page: Arc::new(page),
        }
    }

    pub(crate) fn page(&self) -> &Page {
        &self.page
    }
}

impl Scans {
    /// Scans the page at `path`, or reuses this set's scan of it when its bytes are the
    /// same. `charts` are the chart SVGs the page holds, in the order it holds them:
    /// what the chart module drew in them has no link or id, so it is not read.
    /// `keep` says whether to take the page's digest, for a later build to reuse.
    pub(crate) fn scan(&self, path: &str, html: &str, charts: &[&str], keep: bool) -> Scanned {
        let digest = keep.then(|| Fingerprint::of(html.as_bytes()));
        if let Some(digest) = digest
            && let Some(earlier) = self.pages.get(path)
            && earlier.digest == Some(digest)
        {
            return earlier.clone();
        }
        let drawings: Vec<&str> = charts.iter().map(|svg| chart::drawing(svg)).collect();
        Scanned {
            digest,
            page: Arc::new(scan_skipping(html, &drawings)),
        }
    }

    /// Adds the scan of the page at `path`.
    pub(crate) fn insert(&mut self, path: String, scanned: Scanned) {
        self.pages.insert(path, scanned);
    }

    /// Brings the scans up to date with `files`: scans each HTML file that is new or
    /// changed, and forgets the pages that are gone.
    #[cfg(test)]
    fn update(&mut self, files: &[OutputFile]) {
        use rayon::prelude::*;
        let html: Vec<&OutputFile> = files.iter().filter(|f| f.path.ends_with(".html")).collect();
        let scanned: Vec<Scanned> = html
            .par_iter()
            .map(|file| self.scan(&file.path, &String::from_utf8_lossy(&file.bytes), &[], true))
            .collect();
        self.pages = html.iter().map(|f| f.path.clone()).zip(scanned).collect();
    }
}

/// Where each link of the commentary is written: its address, and the file and line
/// of the Markdown that made it.
#[derive(Debug, Default)]
pub struct Origins {
    links: Vec<(String, Place)>,
}

impl Origins {
    /// The links of every piece of commentary in `commentary`.
    pub fn of(commentary: &[Commentary]) -> Origins {
        let mut links = Vec::new();
        for c in commentary {
            let lines = LineIndex::new(&*c.text);
            for (address, offset) in markdown::link_destinations(&c.text) {
                let line = lines.line_at(offset);
                let text = lines.line(line);
                let start = offset - (text.as_ptr() as usize - c.text.as_ptr() as usize);
                let column = text.get(..start).map_or(1, |t| t.chars().count() + 1);
                links.push((
                    address,
                    Place {
                        file: c.file.clone(),
                        line: c.first_line + line - 1,
                        column,
                        text: text.to_string(),
                    },
                ));
            }
        }
        Origins { links }
    }

    /// The Markdown link, address and place, that wrote `address` into a page: as it
    /// is, or with the prefix a summary shown on another page gets (`2015-12/`).
    fn find(&self, address: &str) -> Option<&(String, Place)> {
        let exact = self.links.iter().find(|(a, _)| a == address);
        exact.or_else(|| {
            self.links.iter().find(|(a, _)| {
                !a.is_empty()
                    && address
                        .strip_suffix(a.as_str())
                        .is_some_and(|prefix| prefix.ends_with('/'))
            })
        })
    }
}

/// Checks every internal link of every HTML file in `files`, for a site published at
/// `base_url`, as [`check_scanned`] does. `scans` holds the pages scanned by the check
/// before, if any, and is brought up to date.
#[cfg(test)]
pub fn check(
    files: &[OutputFile],
    base_url: &str,
    commentary: &[Commentary],
    scans: &mut Scans,
) -> Diagnostics {
    scans.update(files);
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    check_scanned(
        &paths,
        scans,
        base_url,
        commentary,
        &mut Followed::default(),
    )
}

/// Where each page's links lead, worked out from the page's address alone and kept
/// from one check to the next by `serve`: parsing and joining the addresses is most
/// of the cross-page check, and an edit changes a few pages of thousands. A page's
/// leads are reused while its scan is the same one (shared, not a copy) and the site
/// is checked at the same base URL. Whether each lead reaches a file, and an element
/// of it, is kept too, and looked up again for every page when the site's files, or
/// the ids of any page, are not those of the last check: an edit that changes neither
/// costs the check the changed pages alone.
#[derive(Debug, Default)]
pub struct Followed {
    root: String,
    /// The site's files at the last check, where its leads arrived or did not.
    paths: HashSet<String>,
    pages: HashMap<String, Arc<Checked>>,
}

/// One page as the last check found it: its scan, where its links lead, and which of
/// them do not arrive.
#[derive(Debug)]
struct Checked {
    page: Arc<Page>,
    leads: Arc<Vec<Lead>>,
    /// Each reference that arrives nowhere, by its index in the page's references,
    /// with why.
    broken: Vec<(usize, String)>,
}

/// Where one address of a page leads, as far as the address alone says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lead {
    /// Out of the site (another host, `mailto:`): not ours to check.
    Elsewhere,
    /// Broken whatever the site holds: not a web address, or outside the site's folder.
    Broken(String),
    /// A file of the site, by its output path (`relative` as the address has it), and
    /// an element of it when the address names one.
    File {
        relative: String,
        file: String,
        fragment: Option<String>,
    },
}

/// Checks every internal link of the scanned pages of a site whose files are `paths`,
/// published at `base_url`. Returns one error per broken link: at the Markdown that
/// made it (found in `commentary`), once for all the pages that show it, when the
/// commentary wrote it; otherwise at the page and its line, with the address as
/// written. `followed` holds where the links of the pages checked before lead, and is
/// brought up to date.
pub fn check_scanned(
    paths: &HashSet<&str>,
    scans: &Scans,
    base_url: &str,
    commentary: &[Commentary],
    followed: &mut Followed,
) -> Diagnostics {
    use rayon::prelude::*;
    let root = site_root(base_url);
    if followed.root != root.as_str() {
        followed.root = root.to_string();
        followed.pages.clear();
    }
    let pages: BTreeMap<&str, &Arc<Page>> = scans
        .pages
        .iter()
        .map(|(path, scanned)| (path.as_str(), &scanned.page))
        .collect();
    let ids: HashMap<&str, &Page> = pages.iter().map(|(path, page)| (*path, &***page)).collect();
    // A lead arrives where it did at the last check when the site has the same files
    // and every page the same ids: then only the pages that changed are looked at.
    let same_files = followed.paths.len() == paths.len()
        && paths.iter().all(|path| followed.paths.contains(*path));
    let same_pages = followed.pages.len() == pages.len()
        && pages.iter().all(|(path, page)| {
            followed
                .pages
                .get(*path)
                .is_some_and(|c| Arc::ptr_eq(&c.page, page) || c.page.ids == page.ids)
        });
    let earlier = &followed.pages;
    let arrivals = |leads: &[Lead]| -> Vec<(usize, String)> {
        leads
            .iter()
            .enumerate()
            .filter_map(|(k, lead)| arrive(lead, paths, &ids).err().map(|problem| (k, problem)))
            .collect()
    };
    // The pages that are new or changed since the last check, on every core; the
    // others are those of their shared scan, kept.
    let checked: Vec<Arc<Checked>> = pages
        .par_iter()
        .map(|(path, page)| {
            let leads = match earlier.get(*path) {
                Some(seen) if Arc::ptr_eq(&seen.page, page) && same_files && same_pages => {
                    return Arc::clone(seen);
                }
                Some(seen) if Arc::ptr_eq(&seen.page, page) => Arc::clone(&seen.leads),
                _ => Arc::new(follow_all(&root, path, page)),
            };
            Arc::new(Checked {
                page: Arc::clone(page),
                broken: arrivals(&leads),
                leads,
            })
        })
        .collect();
    if !same_files {
        followed.paths = paths.iter().map(|path| (*path).to_string()).collect();
    }
    if followed.pages.len() == pages.len() && pages.keys().all(|p| followed.pages.contains_key(*p))
    {
        for (path, checked) in pages.keys().zip(&checked) {
            if let Some(kept) = followed.pages.get_mut(*path) {
                *kept = Arc::clone(checked);
            }
        }
    } else {
        followed.pages = pages
            .keys()
            .zip(&checked)
            .map(|(path, checked)| ((*path).to_string(), Arc::clone(checked)))
            .collect();
    }
    // The commentary's links and where they are written, read only when a link is
    // broken: most checks find none.
    let origins = std::cell::OnceCell::new();
    let mut diagnostics = Diagnostics::new();
    // Commentary shows on its own page and in the printable report, and a summary on
    // the home page too: each broken link is reported once, naming every page.
    let mut from_commentary: BTreeMap<(&Place, &str), (String, Vec<&str>)> = BTreeMap::new();
    for ((path, page), checked) in pages.iter().zip(&checked) {
        for (line, id) in &page.duplicate_ids {
            diagnostics.push(
                Diagnostic::error(
                    *path,
                    format!("the id `{id}` is used twice on page `{path}`: a link to it would only reach the first"),
                )
                .at_line(*line)
                .with_hint(
                    "ids come from the commentary (raw HTML `id=`, footnote names) and the theme's templates, \
                     and must differ from each other and from the indicators' `i-…` anchors; \
                     a printable report holds every section's commentary, so they must differ across an edition's sections too",
                ),
            );
        }
        for (k, problem) in &checked.broken {
            let (line, address) = &page.references[*k];
            // Keyed by the address as the Markdown has it, which the pages may
            // have put under different prefixes.
            let origins: &Origins = origins.get_or_init(|| Origins::of(commentary));
            if let Some((written, place)) = origins.find(address) {
                from_commentary
                    .entry((place, written.as_str()))
                    .or_insert_with(|| (problem.clone(), Vec::new()))
                    .1
                    .push(path);
                continue;
            }
            diagnostics.push(
                Diagnostic::error(
                    *path,
                    format!("broken link `{address}` on page `{path}`: {problem}"),
                )
                .at_line(*line)
                .in_stage(Stage::Links)
                .with_hint(
                    "links come from the commentary Markdown or the theme's templates; \
                     correct the address or remove the link",
                ),
            );
        }
    }
    for ((place, address), (problem, shown_on)) in from_commentary {
        let pages: Vec<String> = shown_on.iter().map(|p| format!("`{p}`")).collect();
        diagnostics.push(
            Diagnostic::error(&place.file, format!("broken link `{address}`: {problem}"))
                .at_place(place)
                .in_stage(Stage::Links)
                .with_hint(format!(
                    "correct the address or remove the link; it is on {} {}",
                    if pages.len() == 1 {
                        "the page"
                    } else {
                        "the pages"
                    },
                    pages.join(", ")
                )),
        );
    }
    diagnostics
}

/// Where each address of the page at `path` leads, in the order of its references.
fn follow_all(root: &Url, path: &str, page: &Page) -> Vec<Lead> {
    // Output paths are made of safe segments, so joining them cannot fail.
    let Ok(page_url) = root.join(path) else {
        return vec![Lead::Elsewhere; page.references.len()];
    };
    page.references
        .iter()
        .map(|(_, address)| follow(root, &page_url, address))
        .collect()
}

/// The absolute address of the site's root folder, ending in `/`.
fn site_root(base_url: &str) -> Url {
    let mut root = match Url::parse(base_url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => url,
        // A bare path such as `/performance/` or `/`.
        _ => Url::parse(PLACEHOLDER_ORIGIN)
            .and_then(|origin| origin.join(base_url))
            .unwrap_or_else(|_| Url::parse(PLACEHOLDER_ORIGIN).expect("a valid URL")),
    };
    if !root.path().ends_with('/') {
        let path = format!("{}/", root.path());
        root.set_path(&path);
    }
    root.set_query(None);
    root.set_fragment(None);
    root
}

/// Follows one address from the page at `page_url` as far as the address alone
/// says: out of the site, broken, or to a file of the site (see [`arrive`]).
fn follow(root: &Url, page_url: &Url, address: &str) -> Lead {
    let address = address.trim();
    let target = match page_url.join(address) {
        Ok(target) => target,
        Err(e) => return Lead::Broken(format!("it is not a valid web address ({e})")),
    };
    if !matches!(target.scheme(), "http" | "https") || target.origin() != root.origin() {
        // mailto:, data: and links to other sites are not ours to check.
        return Lead::Elsewhere;
    }
    let Some(relative) = target.path().strip_prefix(root.path()) else {
        return Lead::Broken(format!(
            "it leads outside the site, whose pages are all under `{}`",
            root.path()
        ));
    };
    let relative = decode(relative);
    let file = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.clone()
    };
    // An empty fragment and `#top` go to the top of the page without an element.
    let fragment = target
        .fragment()
        .map(decode)
        .filter(|f| !f.is_empty() && !f.eq_ignore_ascii_case("top"));
    Lead::File {
        relative,
        file,
        fragment,
    }
}

/// Whether `lead` reaches a file of the site whose files are `paths` and, when it
/// names one, an element of that page (`pages` holds each page's ids). `Ok` when it
/// does or leads out of the site.
fn arrive(lead: &Lead, paths: &HashSet<&str>, pages: &HashMap<&str, &Page>) -> Result<(), String> {
    let (relative, file, fragment) = match lead {
        Lead::Elsewhere => return Ok(()),
        Lead::Broken(problem) => return Err(problem.clone()),
        Lead::File {
            relative,
            file,
            fragment,
        } => (relative, file, fragment),
    };
    if !paths.contains(file.as_str()) {
        if paths.contains(format!("{relative}/index.html").as_str()) {
            return Err(format!(
                "`{relative}` is a folder; end the address with `/`"
            ));
        }
        return Err(format!("the site has no file `{file}`"));
    }
    let Some(fragment) = fragment else {
        return Ok(());
    };
    match pages.get(file.as_str()) {
        Some(page) if !page.ids.contains(fragment) => {
            Err(format!("`{file}` has no element with the id `{fragment}`"))
        }
        _ => Ok(()),
    }
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Reads one page's ids and addresses with a standards-conforming HTML tokenizer, so
/// entities in attributes are decoded and commented-out markup is not mistaken for
/// a link. Each address comes with the line it is written on.
#[cfg(test)]
pub fn scan(html: &str) -> Page {
    scan_skipping(html, &[])
}

/// [`scan`], leaving out `skip`: pieces of text, found in `html` in the order given,
/// that hold no element with a link or an id (what a chart drew). Each is found with
/// a plain text search, far quicker than tokenizing it; the text between them is read
/// each piece from where markup is read as text. The pages the tool writes are plain
/// HTML, which [`plain`] reads with byte searches; the tokenizer reads a page that
/// reader cannot answer for, and finds the same where both can.
fn scan_skipping(html: &str, skip: &[&str]) -> Page {
    let mut from = 0;
    let mut pieces = Vec::with_capacity(skip.len() + 1);
    for text in skip.iter().filter(|t| !t.is_empty()) {
        if let Some(at) = find(&html[from..], text) {
            pieces.push(from..from + at);
            from += at + text.len();
        }
    }
    pieces.push(from..html.len());
    let plain = scan_plain(html, &pieces);
    // Every test that builds a site checks the two readers against each other on
    // each page that the plain reader answers for.
    #[cfg(debug_assertions)]
    if let Some(page) = &plain {
        assert_eq!(
            *page,
            scan_tokenized(html, &pieces),
            "the plain reader and the tokenizer differ on a page"
        );
    }
    plain.unwrap_or_else(|| scan_tokenized(html, &pieces))
}

/// Reads the `pieces` of `html` with [`plain`], or `None` when it cannot answer.
fn scan_plain(html: &str, pieces: &[Range<usize>]) -> Option<Page> {
    let mut collector = Collector::new(Lines::Counted {
        text: html.as_bytes(),
        upto: 0,
        line: 1,
    });
    plain::read(html, pieces, &mut |anchor, name, value, at| {
        collector.attribute(tag_of(anchor), name, &value, at);
    })?;
    Some(collector.page)
}

/// Reads the `pieces` of `html` with the HTML tokenizer.
fn scan_tokenized(html: &str, pieces: &[Range<usize>]) -> Page {
    let mut collector = Collector::new(Lines::Index(LineIndex::new(html)));
    for piece in pieces {
        let offset = piece.start;
        let mut emitter = CallbackEmitter::new(
            |event: CallbackEvent<'_>, span: Span<usize>| -> Option<Infallible> {
                collector.take(event, offset + span.start);
                None
            },
        );
        // Without a tree builder the tokenizer must be told which elements hold raw
        // text, or a `<a href>` written inside a script or a style would count.
        emitter.naively_switch_states(true);
        // Reading a string cannot fail.
        let Ok(()) = Tokenizer::new_with_emitter(&html[piece.clone()], emitter).finish();
        collector.tag = None;
    }
    collector.page
}

fn tag_of(anchor: bool) -> Tag {
    if anchor { Tag::Anchor } else { Tag::Other }
}

/// Where `text` first occurs in `haystack`. A drawing is tens of kilobytes, and a
/// substring search prepares a table as long as what it looks for, so this looks for
/// the drawing's start and compares the rest where it is found.
fn find(haystack: &str, text: &str) -> Option<usize> {
    let mut probe = text.len().min(64);
    while !text.is_char_boundary(probe) {
        probe -= 1;
    }
    let mut from = 0;
    while let Some(at) = haystack[from..].find(&text[..probe]) {
        let start = from + at;
        if haystack[start..].starts_with(text) {
            return Some(start);
        }
        from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The line of an offset in a page: from an index of its lines for the tokenizer,
/// which may report offsets in any order, or by counting line breaks as the plain
/// reader goes, whose offsets only grow and whose pages hold no `\r`.
enum Lines<'h> {
    Index(LineIndex<'h>),
    Counted {
        text: &'h [u8],
        upto: usize,
        line: usize,
    },
}

impl Lines<'_> {
    fn line_at(&mut self, at: usize) -> usize {
        match self {
            Lines::Index(index) => index.line_at(at),
            Lines::Counted { text, upto, line } => {
                let at = at.min(text.len());
                if at > *upto {
                    *line += memchr::memchr_iter(b'\n', &text[*upto..at]).count();
                    *upto = at;
                }
                *line
            }
        }
    }
}

/// Gathers a page's ids and addresses from the tokenizer's events.
struct Collector<'h> {
    page: Page,
    /// The start tag being read, if any: attributes written in an end tag do not count.
    tag: Option<Tag>,
    attribute: Vec<u8>,
    /// The values of the `id` attributes read so far. An `<a name>` is only counted as
    /// an id, since `<a id="x" name="x">` is one element.
    id_attributes: HashSet<String>,
    lines: Lines<'h>,
}

/// What the checker needs to know of a start tag: whether its `name` is an id.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Anchor,
    Other,
}

impl<'h> Collector<'h> {
    fn new(lines: Lines<'h>) -> Collector<'h> {
        Collector {
            page: Page::default(),
            tag: None,
            attribute: Vec::new(),
            id_attributes: HashSet::new(),
            lines,
        }
    }

    fn take(&mut self, event: CallbackEvent<'_>, at: usize) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag = Some(if name == b"a" {
                    Tag::Anchor
                } else {
                    Tag::Other
                });
            }
            CallbackEvent::AttributeName { name } => {
                self.attribute.clear();
                self.attribute.extend_from_slice(name);
            }
            CallbackEvent::AttributeValue { value } => {
                let Some(tag) = self.tag else {
                    return;
                };
                let name = std::mem::take(&mut self.attribute);
                self.attribute(tag, &name, value, at);
                self.attribute = name;
            }
            _ => self.tag = None,
        }
    }

    /// Takes one attribute, `name` in any letter case, of a start tag.
    fn attribute(&mut self, tag: Tag, name: &[u8], value: &[u8], at: usize) {
        let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        let id = is("id");
        if id || (tag == Tag::Anchor && is("name")) {
            let value = String::from_utf8_lossy(value).into_owned();
            if id && !self.id_attributes.insert(value.clone()) {
                let line = self.lines.line_at(at);
                self.page.duplicate_ids.push((line, value.clone()));
            }
            self.page.ids.insert(value);
        } else if URL_ATTRIBUTES.iter().any(|a| is(a)) {
            let line = self.lines.line_at(at);
            let value = String::from_utf8_lossy(value).into_owned();
            self.page.references.push((line, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    fn broken(files: &[OutputFile], base: &str) -> Vec<String> {
        check(files, base, &[], &mut Scans::default())
            .iter()
            .map(|d| format!("{}:{} {}", d.file.display(), d.line.unwrap_or(0), d.message))
            .collect()
    }

    #[test]
    fn a_kept_check_finds_what_a_fresh_one_does_when_a_target_changes() {
        let base = "https://www.example.gov.uk/";
        let (mut scans, mut followed) = (Scans::default(), Followed::default());
        let mut kept_and_fresh = |files: &[OutputFile]| {
            scans.update(files);
            let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
            let kept: Vec<String> = check_scanned(&paths, &scans, base, &[], &mut followed)
                .iter()
                .map(|d| format!("{}:{} {}", d.file.display(), d.line.unwrap_or(0), d.message))
                .collect();
            (kept, broken(files, base))
        };
        let linking = file("a.html", "<a href=\"b.html#x\">b</a><link href=\"c.css\">");
        let (b, css) = (file("b.html", "<h2 id=\"x\">X</h2>"), file("c.css", "p{}"));
        let (kept, fresh) = kept_and_fresh(&[linking.clone(), b.clone(), css.clone()]);
        assert!(kept.is_empty() && fresh.is_empty(), "{kept:?}");
        // The linking page is the same each time: what changes is where it leads.
        let renamed = file("b.html", "<h2 id=\"y\">X</h2>");
        let (kept, fresh) = kept_and_fresh(&[linking.clone(), renamed, css.clone()]);
        assert!(kept.len() == 1 && kept == fresh, "{kept:?} {fresh:?}");
        let (kept, fresh) = kept_and_fresh(&[linking.clone(), b.clone()]);
        assert!(kept.len() == 1 && kept == fresh, "{kept:?} {fresh:?}");
        let (kept, fresh) = kept_and_fresh(&[linking.clone(), b.clone(), css.clone()]);
        assert!(kept.is_empty() && fresh.is_empty(), "{kept:?}");
        // A changed page is checked again while the others are kept.
        let elsewhere = file("a.html", "<a href=\"d.html\">d</a><link href=\"c.css\">");
        let (kept, fresh) = kept_and_fresh(&[elsewhere, b, css]);
        assert!(kept.len() == 1 && kept == fresh, "{kept:?} {fresh:?}");
    }

    #[test]
    fn scans_ids_and_addresses_as_a_browser_would() {
        let page = scan(
            "<p id=\"a\">x</p>\n<a href=\"b/?x=1&amp;y=2\">b</a><!-- <a href=\"gone/\"> -->\n\
             <script>var s = '<a href=\"nope\">';</script><svg><a xlink:href=\"#a\"/></svg>\
             <a name=\"old\"></a><img src=\"c.png\">",
        );
        assert_eq!(
            page.ids,
            ["a", "old"].iter().map(|s| s.to_string()).collect()
        );
        assert_eq!(
            page.references,
            vec![
                (2, "b/?x=1&y=2".to_string()),
                (3, "#a".to_string()),
                (3, "c.png".to_string())
            ]
        );
    }

    #[test]
    fn raw_text_end_tags_and_letter_case_are_read_as_a_browser_would() {
        let page = scan(
            "<title><a href=\"t\"></title><style>a[href=\"s\"]{}</style>\n\
             <textarea><img src=\"x\"></textarea></a href=\"end\">\n\
             <A HREF=\"upper/\" ID=\"Up\">u</A><a href=\"\">self</a>",
        );
        assert_eq!(page.references, vec![(3, "upper/".to_string())]);
        assert_eq!(page.ids, ["Up".to_string()].into_iter().collect());
    }

    #[test]
    fn resolves_relative_absolute_and_full_addresses_under_a_sub_path() {
        let base = "https://www.example.gov.uk/performance/childrens/";
        let files = [
            file(
                "index.html",
                "<a href=\"2015-12/\">x</a><a href=\"2015-12/#s\">x</a>\
                 <a href=\"/performance/childrens/2015-12/\">x</a>\
                 <link rel=\"canonical\" href=\"https://www.example.gov.uk/performance/childrens/\">\
                 <a href=\"https://elsewhere.example/\">x</a><a href=\"data:text/plain,x\">x</a>\
                 <a href=\"#\">top</a><a href=\"static/style.css\">x</a>",
            ),
            file(
                "2015-12/index.html",
                "<h2 id=\"s\">S</h2><a href=\"../\">up</a>",
            ),
            file("static/style.css", "body{}"),
        ];
        assert_eq!(broken(&files, base), Vec::<String>::new());
        // The same site at the domain root: the absolute path now leads outside it.
        assert_eq!(
            broken(&files, "https://www.example.gov.uk/"),
            vec![
                "index.html:1 broken link `/performance/childrens/2015-12/` on page \
                 `index.html`: the site has no file `performance/childrens/2015-12/index.html`"
                    .to_string(),
                "index.html:1 broken link `https://www.example.gov.uk/performance/childrens/` \
                 on page `index.html`: the site has no file `performance/childrens/index.html`"
                    .to_string(),
            ]
        );
    }

    #[test]
    fn reports_missing_pages_files_folders_and_anchors() {
        let files = [
            file(
                "2015-12/referrals/index.html",
                "<a href=\"../../2015-11/\">a</a>\n<a href=\"#i-9-9\">b</a>\n\
                 <a href=\"../report.csv\">c</a>\n<a href=\"../../about\">d</a>\n\
                 <a href=\"/outside/\">e</a>\n<a href=\"../#summary\">f</a>",
            ),
            file("2015-12/index.html", "<h2 id=\"summary\">Summary</h2>"),
            file("about/index.html", ""),
        ];
        assert_eq!(
            broken(&files, "https://example.org/reports/"),
            vec![
                "2015-12/referrals/index.html:1 broken link `../../2015-11/` on page \
                 `2015-12/referrals/index.html`: the site has no file `2015-11/index.html`",
                "2015-12/referrals/index.html:2 broken link `#i-9-9` on page \
                 `2015-12/referrals/index.html`: `2015-12/referrals/index.html` has no \
                 element with the id `i-9-9`",
                "2015-12/referrals/index.html:3 broken link `../report.csv` on page \
                 `2015-12/referrals/index.html`: the site has no file `2015-12/report.csv`",
                "2015-12/referrals/index.html:4 broken link `../../about` on page \
                 `2015-12/referrals/index.html`: `about` is a folder; end the address with `/`",
                "2015-12/referrals/index.html:5 broken link `/outside/` on page \
                 `2015-12/referrals/index.html`: it leads outside the site, whose pages are \
                 all under `/reports/`",
            ]
        );
    }

    #[test]
    fn reports_an_id_used_twice_on_a_page_with_its_line() {
        let files = [file(
            "2015-12/print/index.html",
            "<h2 id=\"i-2-1\">a</h2><a id=\"old\" name=\"old\"></a>\n<h3 id=\"i-2-1\">b</h3>\n<p id=\"old\"></p>",
        )];
        assert_eq!(
            broken(&files, "https://example.org/"),
            vec![
                "2015-12/print/index.html:2 the id `i-2-1` is used twice on page \
                 `2015-12/print/index.html`: a link to it would only reach the first",
                "2015-12/print/index.html:3 the id `old` is used twice on page \
                 `2015-12/print/index.html`: a link to it would only reach the first",
            ]
        );
    }

    #[test]
    fn a_reused_scan_gives_what_a_fresh_one_would() {
        let base = "https://example.org/";
        let mut scans = Scans::default();
        let site = |about: &str, other: Option<&str>| {
            let mut files = vec![file("index.html", about)];
            files.extend(other.map(|html| file("other/index.html", html)));
            files
        };
        let linked = site("<a href=\"other/#x\">o</a>", Some("<p id=\"x\"></p>"));
        assert!(check(&linked, base, &[], &mut scans).is_empty());
        // The target page changes: the anchor it lost is found although the linking
        // page, scanned before, is not rescanned.
        let lost = site("<a href=\"other/#x\">o</a>", Some("<p id=\"y\"></p>"));
        assert_eq!(check(&lost, base, &[], &mut scans).error_count(), 1);
        // The page goes: its scan is forgotten with it.
        let gone = site("<a href=\"other/#x\">o</a>", None);
        assert_eq!(
            broken(&gone, base),
            vec![
                "index.html:1 broken link `other/#x` on page `index.html`: the site has no \
                  file `other/index.html`"
            ]
        );
        assert_eq!(check(&gone, base, &[], &mut scans).error_count(), 1);
        assert_eq!(scans.pages.len(), 1);
        assert!(check(&linked, base, &[], &mut scans).is_empty());
    }

    #[test]
    fn skipping_a_charts_drawing_finds_what_a_full_scan_finds() {
        let chart = "<svg role=\"img\"><title id=\"c-1-title\">T</title>\
                     <desc id=\"c-1-desc\">D</desc><text x=\"1\">1,041</text>\n<line/></svg>\n";
        let html = format!(
            "<a href=\"a/\">a</a>\n<div>{chart}</div>\n<a href=\"#c-1-title\">b</a>{chart}<p id=\"e\">"
        );
        let skipped = Scans::default().scan("p.html", &html, &[chart, chart], false);
        assert_eq!(*skipped.page, scan(&html));
        assert_eq!(chart::drawing(chart), "<text x=\"1\">1,041</text>\n<line/>");
    }

    /// Each text, read by the plain reader and by the tokenizer: the plain reader must
    /// answer for the first `answered` and find what the tokenizer finds wherever it
    /// answers.
    fn compare(texts: &[&str], answered: usize) {
        for (k, html) in texts.iter().enumerate() {
            let whole = 0..html.len();
            let pieces = std::slice::from_ref(&whole);
            let plain = scan_plain(html, pieces);
            if k < answered {
                assert!(plain.is_some(), "the plain reader gave up on {html:?}");
            }
            if let Some(page) = plain {
                assert_eq!(page, scan_tokenized(html, pieces), "{html:?}");
            }
        }
    }

    #[test]
    fn the_plain_reader_finds_what_the_tokenizer_finds() {
        compare(
            &[
                "<!DOCTYPE html>\n<html lang=\"en\"><head><title>A <a href=\"t\"> &amp; b</title>\n\
                 <link rel=stylesheet href=../static/brand.css>\n<meta name=\"x\" content='a \"b\"'>\
                 </head><body><a href=\"#main\" class=\"skip\">Skip</a>\n<h2 id=\"i-2-1\">x</h2>",
                "<a\nhref=\"\nfirst-line-break/\"\nid = 'spaced' name=n>x</a><p hidden id=\"p\"/>\
                 <A HREF=\"Upper/\" ID=\"U\">u</A><a href=\"\">self</a><a href=x/y/ id=z>z</a>",
                "<a href=\"&#x2F;x&#x2F;?a=1&amp;b=2&#39;&lt;&gt;&quot;&apos;&nbsp;\">e</a>\
                 <img src=\"c.png\" alt=\"Costs & more, £ – €\"><br/>",
                "<!-- <a href=\"gone/\"> --><!-- a -- b --->x<a href=\"y\"></a><?php x ?>\
                 <a href=after-bogus></a></a href=\"end\"></ p><a href=\"after-end\">",
                "<style>a[href=\"s\"]{}</style><script>var a = '<a href=\"no\">';</script>\
                 <textarea><img src=\"x\"></textarea ><a href=\"in-body\">\
                 <svg><title id=\"t\">T</title><a xlink:href=\"#t\"/></svg>",
                "<title/><a href=\"not-a-link\"></title><a href=\"a\">",
                "<p>1 < 2 and 3 <= 4</p><a href=\"x\">",
                "<script>/* <!-- */ <a href=\"x\"></script><a href=\"y\">",
                "<a href=\"x\"id=\"y\">",
                "<a href=\"?a=1&b=2\">",
                "<a href=\"&#128;\">",
                "<a href=\"x\" / id=\"y\">",
                "<a href=\"x\"",
                "<!DOCTYPE html PUBLIC \"-//W3C//DTD>\"><a href=\"y\">",
                "<a href=\"a\rb\">",
                "<link href=../x.css?v=1>",
                "<a title=\"\u{1}\" href=\"x\">",
                "<a href=x\"y>",
                "<![CDATA[<a href=\"c\">]]>",
                "<!--><a href=\"d\">",
            ],
            7,
        );
    }

    #[test]
    fn a_bare_path_base_url_is_a_sub_path_of_any_host() {
        let files = [
            file("index.html", "<a href=\"/perf/about/\">a</a>"),
            file("about/index.html", ""),
        ];
        assert!(broken(&files, "/perf/").is_empty());
        assert_eq!(broken(&files, "/").len(), 1);
    }
}
