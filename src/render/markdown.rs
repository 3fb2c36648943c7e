//! Commentary Markdown to safe HTML: the only users of pulldown-cmark and ammonia.

use std::borrow::Cow;
use std::sync::LazyLock;

use ammonia::{UrlRelative, UrlRelativeEvaluate};

use crate::model::is_stray_control;
use pulldown_cmark::{Alignment, CowStr, Event, Options, Parser, Tag, TagEnd, html};

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

fn unsanitised(markdown: &str) -> String {
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
    let mut unsafe_html = String::new();
    html::push_html(
        &mut unsafe_html,
        align_with_classes(Parser::new_ext(markdown, OPTIONS)),
    );
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
