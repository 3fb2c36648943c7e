//! Commentary Markdown to safe HTML: the only users of pulldown-cmark and ammonia.

use std::borrow::Cow;
use std::sync::LazyLock;

use ammonia::{UrlRelative, UrlRelativeEvaluate};

use crate::model::is_stray_control;
use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// The sanitiser, built once: it is immutable configuration, not state.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(cleaner);

fn cleaner() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    // Heading anchors and footnotes need ids and classes, and table alignment is a
    // class (see `align_with_classes`). No `style` attribute is kept, so the pages
    // satisfy a Content-Security-Policy without 'unsafe-inline'.
    builder
        .add_generic_attributes(["id", "class"])
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect());
    builder
}

/// Renders commentary Markdown to HTML with scripts, event handlers, `javascript:`
/// links and frames removed. Raw HTML in the Markdown is kept only where it is safe.
pub fn to_html(markdown: &str) -> String {
    CLEANER.clean(&unsanitised(markdown)).to_string()
}

/// Renders like [`to_html`] for commentary shown away from its own page, such as the
/// latest summary on the home page or a summary in the feed: every relative address
/// is put under `prefix` (`2015-12/`, or the edition's full address), so the links
/// still lead where they did on the edition's page.
pub fn to_html_under(markdown: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return to_html(markdown);
    }
    let mut builder = cleaner();
    builder.url_relative(UrlRelative::Custom(Box::new(UnderPrefix(prefix.into()))));
    builder.clean(&unsanitised(markdown)).to_string()
}

struct UnderPrefix(String);

impl<'a> UrlRelativeEvaluate<'a> for UnderPrefix {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        // A fragment stays on the page showing it; a path from the domain root is
        // the same wherever it is shown.
        if url.starts_with('#') || url.starts_with('/') {
            Some(Cow::Borrowed(url))
        } else {
            Some(Cow::Owned(format!("{}{url}", self.0)))
        }
    }
}

/// The address of every link and image in `markdown`, as the rendered page has it,
/// with the byte offset where the link is written: for pointing a broken link at the
/// line of the Markdown that made it.
pub fn link_destinations(markdown: &str) -> Vec<(String, usize)> {
    Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

/// The Markdown extensions commentary may use.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// Renders like [`to_html`], with every heading moved so that the first becomes
/// `<h{top}>` and the rest keep their depth below it: for a passage of commentary
/// shown inside an indicator's panel, under the panel's own heading.
pub fn to_html_from_level(markdown: &str, top: u8) -> String {
    let first = Parser::new_ext(markdown, OPTIONS).find_map(|event| match event {
        Event::Start(Tag::Heading { level, .. }) => Some(level as i32),
        _ => None,
    });
    let shift = first.map_or(0, |first| i32::from(top) - first);
    CLEANER.clean(&render(markdown, shift)).to_string()
}

/// A passage of a section's commentary attached to indicators: a heading whose text
/// ends in their ids in braces, `### Referrals {2.2 2.3}`, and everything after it up
/// to the next heading as high or higher, or the next marked heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage<'a> {
    /// The indicator ids in the braces, as written.
    pub ids: Vec<&'a str>,
    /// The byte offset of the opening brace in the Markdown, for a message.
    pub marker_at: usize,
    /// The passage's Markdown, its heading without the braces.
    pub text: String,
}

/// A section's commentary split into what stays at the top of the page and the
/// passages attached to indicators ([`Passage`]), each in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split<'a> {
    pub general: String,
    pub passages: Vec<Passage<'a>>,
}

/// Splits commentary at its marked headings. Parsing the Markdown, not scanning its
/// lines, keeps a `{` in a code block or a shortcode's `{{ }}` from reading as a marker.
pub fn split_passages(markdown: &str) -> Split<'_> {
    // Each heading: its level, its range, and its marker's ids and offset.
    let mut headings = Vec::new();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        if let Event::Start(Tag::Heading { level, .. }) = event {
            let marker = heading_marker(markdown, range.clone());
            headings.push((level as u8, range, marker));
        }
    }
    let mut split = Split::default();
    let mut general_from = 0;
    let mut k = 0;
    while k < headings.len() {
        let (level, range, marker) = &headings[k];
        let Some((ids, brace)) = marker else {
            k += 1;
            continue;
        };
        split.general.push_str(&markdown[general_from..range.start]);
        let end_k = headings[k + 1..]
            .iter()
            .position(|(l, _, m)| l <= level || m.is_some())
            .map(|n| k + 1 + n);
        let end = end_k.map_or(markdown.len(), |n| headings[n].1.start);
        let mut text = markdown[range.start..*brace].trim_end().to_string();
        let line_end = markdown[*brace..range.end]
            .find('\n')
            .map_or(range.end, |n| brace + n);
        text.push_str(&markdown[line_end..end]);
        split.passages.push(Passage {
            ids: ids.clone(),
            marker_at: *brace,
            text,
        });
        general_from = end;
        k = end_k.unwrap_or(headings.len());
    }
    split.general.push_str(&markdown[general_from..]);
    split
}

/// The ids in braces at the end of the heading written at `range`, with the offset of
/// the brace: `### Referrals {2.2, 2.3}`. A `{{` is a shortcode's, never a marker.
fn heading_marker(markdown: &str, range: std::ops::Range<usize>) -> Option<(Vec<&str>, usize)> {
    let source = &markdown[range.clone()];
    let line = source.lines().next()?;
    let trimmed = line.trim_end().trim_end_matches('#').trim_end();
    let inner_end = trimmed.strip_suffix('}')?;
    let open = inner_end.rfind('{')?;
    if inner_end[..open].ends_with('{') || inner_end[open + 1..].contains('}') {
        return None;
    }
    let ids: Vec<&str> = inner_end[open + 1..]
        .split([',', ' '])
        .filter(|id| !id.is_empty())
        .collect();
    Some((ids, range.start + open))
}

fn unsanitised(markdown: &str) -> String {
    render(markdown, 0)
}

/// Markdown to HTML, unsanitised, with each heading `shift` levels deeper (kept
/// within `<h1>` to `<h6>`).
fn render(markdown: &str, shift: i32) -> String {
    // The loader removes stray control characters from commentary; any that reach here
    // are replaced, so that none is ever published.
    let cleaned: String;
    let markdown = if markdown.contains(is_stray_control) {
        cleaned = markdown
            .chars()
            .map(|c| if is_stray_control(c) { '\u{FFFD}' } else { c })
            .collect();
        cleaned.as_str()
    } else {
        markdown
    };
    let moved = |level: HeadingLevel| {
        let to = (level as i32 + shift).clamp(1, 6);
        HeadingLevel::try_from(to as usize).unwrap_or(level)
    };
    let events = align_with_classes(Parser::new_ext(markdown, OPTIONS)).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) if shift != 0 => Event::Start(Tag::Heading {
            level: moved(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) if shift != 0 => {
            Event::End(TagEnd::Heading(moved(level)))
        }
        other => other,
    });
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, events);
    unsafe_html
}

/// Where Markdown first nests deeper than `limit`, as a byte offset into it, counting
/// both Markdown's own nesting (block quotes, lists, emphasis, links) and the HTML
/// elements written in it. The sanitiser takes time in the square of the depth of
/// what it is given, so the loader refuses a file that nests deeper than any report
/// needs. It takes one pass of the Markdown parser, which is linear in practice.
pub fn too_deep(markdown: &str, limit: usize) -> Option<usize> {
    let mut depth: usize = 0;
    let mut html = HtmlDepth::default();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        // The deepest the HTML went in this event.
        let deepest = match event {
            Event::Start(_) => {
                depth += 1;
                html.depth
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                html.depth
            }
            Event::Html(text) | Event::InlineHtml(text) => html.read(&text),
            _ => html.depth,
        };
        if depth + deepest > limit {
            return Some(range.start);
        }
    }
    None
}

/// The depth of the HTML elements written in Markdown, read one piece of HTML after
/// another: an opening tag goes one deeper and a closing tag one shallower.
#[derive(Default)]
struct HtmlDepth {
    depth: usize,
    /// The element whose content is text until its closing tag, such as `style`,
    /// while inside one: tags there are not elements, for the sanitiser as for us.
    raw_text: Option<String>,
}

impl HtmlDepth {
    /// Elements that are never closed (`<br>`, `<img>`), or whose end the browser
    /// supplies (`<p>`, `<li>`, `<td>`), are not counted, so that ordinary HTML is never
    /// mistaken for deep nesting.
    const FLAT: [&str; 27] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody",
        "thead", "tfoot", "rt", "rp",
    ];
    /// Elements whose content is text, not elements, up to their closing tag.
    const RAW_TEXT: [&str; 8] = [
        "style", "script", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    ];

    /// Reads `html`, returning the deepest it went.
    fn read(&mut self, html: &str) -> usize {
        let mut deepest = self.depth;
        for (i, _) in html.match_indices('<') {
            let rest = &html[i + 1..];
            let (closing, rest) = match rest.strip_prefix('/') {
                Some(rest) => (true, rest),
                None => (false, rest),
            };
            let name: String = rest
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if let Some(raw) = &self.raw_text {
                if closing && &name == raw {
                    self.raw_text = None;
                }
                continue;
            }
            if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let self_closing = rest.find('>').is_some_and(|end| rest[..end].ends_with('/'));
            if Self::RAW_TEXT.contains(&name.as_str()) && !closing && !self_closing {
                self.raw_text = Some(name);
                continue;
            }
            if Self::FLAT.contains(&name.as_str()) || self_closing {
                continue;
            }
            self.depth = if closing {
                self.depth.saturating_sub(1)
            } else {
                self.depth + 1
            };
            deepest = deepest.max(self.depth);
        }
        deepest
    }
}

/// Writes table cells with an `align-left`, `align-center` or `align-right` class
/// where pulldown-cmark would write an inline `style`, which a strict
/// Content-Security-Policy blocks.
fn align_with_classes<'a>(events: Parser<'a>) -> impl Iterator<Item = Event<'a>> {
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    events.map(move |event| match event {
        Event::Start(Tag::Table(a)) => {
            alignments = a.clone();
            Event::Start(Tag::Table(a))
        }
        Event::Start(Tag::TableHead) => {
            in_head = true;
            column = 0;
            event
        }
        Event::End(TagEnd::TableHead) => {
            in_head = false;
            event
        }
        Event::Start(Tag::TableRow) => {
            column = 0;
            event
        }
        Event::Start(Tag::TableCell) => {
            let class = match alignments.get(column) {
                Some(Alignment::Left) => " class=\"align-left\"",
                Some(Alignment::Center) => " class=\"align-center\"",
                Some(Alignment::Right) => " class=\"align-right\"",
                _ => "",
            };
            column += 1;
            let cell = if in_head { "th" } else { "td" };
            Event::Html(CowStr::from(format!("<{cell}{class}>")))
        }
        Event::End(TagEnd::TableCell) => {
            Event::Html(CowStr::from(if in_head { "</th>" } else { "</td>" }))
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_headings_split_the_commentary_into_passages() {
        let text = "Intro.\n\n### Contacts {2.1}\n\nAbout contacts.\n\n#### Detail\n\nMore.\n\n### Referrals {2.2, 2.3} ###\n\nAbout referrals.\n\n## Outlook\n\nNext year {{ value 2.1 }}.\n\n```\n### not {2.9}\n```\n";
        let split = split_passages(text);
        assert_eq!(split.passages.len(), 2);
        assert_eq!(split.passages[0].ids, ["2.1"]);
        assert_eq!(
            split.passages[0].text,
            "### Contacts\n\nAbout contacts.\n\n#### Detail\n\nMore.\n\n"
        );
        assert_eq!(split.passages[1].ids, ["2.2", "2.3"]);
        assert_eq!(
            split.passages[1].text,
            "### Referrals\n\nAbout referrals.\n\n"
        );
        assert_eq!(&text[split.passages[1].marker_at..][..5], "{2.2,");
        assert!(split.general.starts_with("Intro.\n\n## Outlook"));
        assert!(split.general.contains("### not {2.9}"));
        let html = to_html_from_level(&split.passages[0].text, 4);
        assert!(
            html.starts_with("<h4>Contacts</h4>") && html.contains("<h5>Detail</h5>"),
            "{html}"
        );
    }

    #[test]
    fn a_shortcode_ending_a_heading_is_no_marker() {
        let split = split_passages("### Referrals were {{ value 2.1 }}\n\nText.\n");
        assert!(split.passages.is_empty());
    }

    #[test]
    fn renders_and_sanitises() {
        let html = to_html(
            "## Key points\n\n1. Contacts rose\n\n<script>alert(1)</script>[x](javascript:alert(1))",
        );
        assert!(html.contains("<h2>Key points</h2>"));
        assert!(html.contains("<li>Contacts rose</li>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn relative_links_move_under_a_prefix_and_others_do_not() {
        let text =
            "[a](referrals/#i-1-3) [b](../2015-11/) [c](#summary) [d](/x/) [e](https://e.example/)";
        let html = to_html_under(text, "2015-12/");
        assert!(html.contains("href=\"2015-12/referrals/#i-1-3\""), "{html}");
        assert!(html.contains("href=\"2015-12/../2015-11/\""), "{html}");
        assert!(html.contains("href=\"#summary\""), "{html}");
        assert!(html.contains("href=\"/x/\""), "{html}");
        assert!(html.contains("href=\"https://e.example/\""), "{html}");
        assert_eq!(to_html_under(text, ""), to_html(text));
    }

    #[test]
    fn table_alignment_is_a_class_and_no_style_survives() {
        let html =
            to_html("| Month | Value |\n|:--|--:|\n| Dec | 485 |\n\n<p style=\"color:red\">x</p>");
        assert!(
            html.contains("<th class=\"align-left\">Month</th>"),
            "{html}"
        );
        assert!(
            html.contains("<th class=\"align-right\">Value</th>"),
            "{html}"
        );
        assert!(
            html.contains("<td class=\"align-right\">485</td>"),
            "{html}"
        );
        assert!(!html.contains("style"), "{html}");
    }

    /// About `size` bytes of flat paragraphs, then of Markdown nested `depth` deep in
    /// each of the ways people nest it.
    fn nested(depth: usize, size: usize) -> Vec<(&'static str, String)> {
        let repeat = |unit: String| unit.repeat((size / unit.len()).max(1));
        vec![
            ("paragraphs", repeat("word\n\n".to_string())),
            ("quotes", repeat(format!("{}deep\n\n", "> ".repeat(depth)))),
            (
                "lists",
                repeat(
                    (0..depth)
                        .map(|k| format!("{}- item\n", "  ".repeat(k)))
                        .collect::<String>()
                        + "\n",
                ),
            ),
            (
                "list markers",
                repeat(format!("{}deep\n\n", "- ".repeat(depth))),
            ),
            (
                "divs",
                repeat(format!(
                    "{}x{}\n\n",
                    "<div>".repeat(depth),
                    "</div>".repeat(depth)
                )),
            ),
            ("unclosed divs", repeat("<div>".repeat(depth) + "\n\n")),
            (
                "emphasis",
                repeat(format!(
                    "{}x{}\n\n",
                    "*a ".repeat(depth),
                    " b*".repeat(depth)
                )),
            ),
        ]
    }

    #[test]
    fn nesting_is_measured_in_markdown_and_html() {
        assert_eq!(too_deep("## Key points\n\n1. Contacts rose\n", 3), None);
        assert_eq!(too_deep("> > > deep", 3), Some(6));
        assert_eq!(
            too_deep("<div><div><div><div>x</div></div></div></div>", 3),
            Some(0)
        );
        assert_eq!(too_deep("<p>a<p>b<p>c<br><br><img src=x /><hr/>", 3), None);
        // Inside `<style>` tags are text, up to `</style>`.
        let styled = "<style><div><div><div><div></style>";
        assert_eq!(too_deep(&styled.repeat(10), 3), None);
        assert!(too_deep(&format!("<style></style>{}", "<div>".repeat(4)), 3).is_some());
        let line = "- ".repeat(40) + "x";
        let at = too_deep(&format!("fine\n\n{line}\n"), 32).unwrap();
        assert!(at >= 6, "{at}");
        for (kind, text) in nested(200, 20_000).into_iter().skip(1) {
            assert!(too_deep(&text, 64).is_some(), "{kind}");
        }
    }

    /// Prints how long the deepest Markdown takes to check and to render: run with
    /// `cargo test --lib markdown_timings -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints timings; not a pass or fail"]
    fn markdown_timings() {
        for (depth, size) in [(4, 128_000), (15, 128_000), (31, 128_000), (5_000, 200_000)] {
            for (kind, text) in nested(depth, size) {
                let started = std::time::Instant::now();
                let deep = too_deep(&text, 32);
                let checked = started.elapsed().as_secs_f64();
                let rendered = if deep.is_none() {
                    let started = std::time::Instant::now();
                    let _ = to_html(&text);
                    format!("{:.3} s", started.elapsed().as_secs_f64())
                } else {
                    "not rendered".to_string()
                };
                println!(
                    "depth {depth:>6}, {:>7} bytes, {kind:>13}: check {checked:.3} s ({}), render {rendered}",
                    text.len(),
                    deep.map_or("within limit".to_string(), |at| format!(
                        "too deep at byte {at}"
                    ))
                );
            }
        }
    }
}
