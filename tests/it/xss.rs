//! The payload corpus: cross-site scripting payloads written into every field of the
//! small fixture site that reaches a page (commentary and page Markdown, front matter,
//! indicator and section YAML, CSV notes, settings), then every output file is checked
//! for markup that could run script, load from elsewhere or restyle the page.

use std::borrow::Cow;
use std::path::Path;

use quick_xml::events::Event;

use crate::{TestSite, tree};

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\"//",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"jav&#x61;script:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"#\" onclick=\"alert(1)\">x</a>",
    "<body onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</p>",
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"//evil.example/\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\">",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "</textarea><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "\"><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "<https://example.com/\" onmouseover=\"alert(1)>",
    "=HYPERLINK(\"https://evil.example\",\"x\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
];

/// Quotes text as a YAML double-quoted scalar.
fn yaml(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Quotes text as a CSV cell.
fn csv(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Writes `payload` into every field of the small site that reaches a page.
fn site_with(payload: &str) -> TestSite {
    let site = TestSite::fixture("small");
    let p = yaml(payload);
    site.write(
        "site.yaml",
        &format!(
            "title: {p}\norganisation: {p}\nbase_url: https://performance.example.gov.uk/\nlabels:\n  green: {p}\n  none: {p}\n"
        ),
    );
    site.write(
        "data/sections/01-referrals.yaml",
        &format!(
            r#"id: referrals
title: {p}
order: 1
definition: {p}
indicators:
  - id: "1.1"
    title: {p}
    short: {p}
    polarity: info
    unit: count
    data_note: {p}
    ytd: sum
    notes: [{p}]
    renumbered: [{{ number: {p}, until: 2015-12 }}]
  - id: "1.2"
    title: {p}
    polarity: high
    unit: percentage
    ytd: ratio
    targets:
      - year: 2015/16
        threshold: {{ good: high, green: 86, amber: 83 }}
  - id: "1.3"
    title: {p}
    polarity: low
    unit: percentage
    notes: [{p}]
"#
        ),
    );
    let mut data = std::fs::read_to_string(site.root().join("data/monthly/2015-16.csv")).unwrap();
    data = data.replace(
        "1.1,2015-12,485,,,,",
        &format!("1.1,2015-12,485,,,,{}", csv(payload)),
    );
    site.write("data/monthly/2015-16.csv", &data);
    let markdown = format!(
        "{payload}\n\nIn a paragraph: {payload}\n\n[link]({payload}) ![image]({payload}) [ref][r]\n\n[r]: {payload}\n\n| a | b |\n|---|---|\n| {payload} | x |\n"
    );
    site.write(
        "content/editions/2015-12/index.md",
        &format!("---\nstatus: {p}\nauthor: {p}\ncreated: {p}\n---\n{markdown}"),
    );
    site.write("content/editions/2015-12/referrals.md", &markdown);
    site.write(
        "content/pages/about.md",
        &format!("---\ntitle: {p}\n---\n{markdown}"),
    );
    site
}

/// Elements that must never come from content. The theme and charts use the counted
/// ones, so their number per page must match a clean build's instead.
const FORBIDDEN: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "base", "form", "frame", "frameset", "applet",
    "input", "button", "textarea", "noscript", "math", "video", "audio", "source",
];
const COUNTED: &[&str] = &["link", "meta", "svg", "html", "head", "body"];
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "background",
    "poster",
    "srcset",
    "cite",
    "lowsrc",
    "dynsrc",
];

/// Resolves the named character references a payload may use to hide a URL scheme.
fn entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "colon" => ":",
        "Tab" => "\t",
        "NewLine" => "\n",
        "nbsp" => "\u{a0}",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// Every problem with the markup of one HTML page, and how many of each counted element
/// it has.
fn inspect(html: &str) -> (Vec<String>, Vec<(String, usize)>) {
    let mut problems = Vec::new();
    let mut counts: Vec<(String, usize)> = COUNTED.iter().map(|c| (c.to_string(), 0)).collect();
    let mut reader = quick_xml::Reader::from_str(html);
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    loop {
        let element = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => e,
            Ok(Event::Comment(c)) => {
                problems.push(format!(
                    "a comment survived: {:?}",
                    String::from_utf8_lossy(&c)
                ));
                continue;
            }
            Ok(_) => continue,
            Err(e) => {
                problems.push(format!(
                    "unreadable markup at {}: {e}",
                    reader.buffer_position()
                ));
                break;
            }
        };
        let name = String::from_utf8_lossy(element.name().as_ref()).to_ascii_lowercase();
        if FORBIDDEN.contains(&name.as_str()) {
            problems.push(format!("a <{name}> element"));
        }
        if let Some(count) = counts.iter_mut().find(|(n, _)| *n == name) {
            count.1 += 1;
        }
        for attribute in element.html_attributes() {
            let Ok(attribute) = attribute else {
                problems.push(format!("an unreadable attribute on <{name}>"));
                continue;
            };
            let key = String::from_utf8_lossy(attribute.key.as_ref()).to_ascii_lowercase();
            let raw = String::from_utf8_lossy(&attribute.value).into_owned();
            let value: Cow<str> = attribute
                .unescape_value_with(entity)
                .unwrap_or(Cow::Owned(raw.clone()));
            if key.starts_with("on") {
                problems.push(format!("an event handler {key}={raw:?} on <{name}>"));
            }
            if key == "style"
                && !(matches!(name.as_str(), "th" | "td")
                    && matches!(
                        value.trim(),
                        "text-align: left" | "text-align: center" | "text-align: right"
                    ))
            {
                problems.push(format!("style={raw:?} on <{name}>"));
            }
            if key == "srcdoc" || key == "http-equiv" {
                problems.push(format!("{key}={raw:?} on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&key.as_str()) {
                // Browsers ignore whitespace and control characters inside a scheme.
                let squeezed: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    if squeezed.starts_with(scheme) {
                        problems.push(format!("{key}={raw:?} on <{name}>"));
                    }
                }
                // Only an absolute address can load from elsewhere; `=HYPERLINK("https://…`
                // written as a link target is a path on this site.
                let scheme = squeezed.split_once(':').is_some_and(|(s, _)| {
                    s.starts_with(|c: char| c.is_ascii_alphabetic())
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                });
                let absolute = squeezed.starts_with("//") || scheme;
                if absolute && squeezed.contains("evil.example") {
                    problems.push(format!(
                        "a resource from elsewhere: {key}={raw:?} on <{name}>"
                    ));
                }
            }
        }
    }
    (problems, counts)
}

#[test]
fn no_payload_survives_in_any_output_file() {
    assert!(PAYLOADS.len() >= 30);
    let clean = TestSite::fixture("small");
    clean.build();
    let baseline = tree(&clean.out());
    let mut failures = Vec::new();
    for payload in PAYLOADS {
        let site = site_with(payload);
        let run = site.run("build", &[]);
        if run.code() != 0 {
            // A payload whose sanitised remains point at a file that does not exist
            // (`<img src=x>`) is refused by the link checker: nothing is published,
            // which is safe. Any other failure is a problem.
            let stderr = run.stderr();
            let only_links = stderr
                .lines()
                .filter(|l| l.starts_with("error:"))
                .all(|l| l.contains("broken link"));
            if !only_links {
                failures.push(format!("{payload:?}: the build failed\n{stderr}"));
            }
            continue;
        }
        let files = tree(&site.out());
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            baseline.keys().collect::<Vec<_>>(),
            "{payload:?}: content changed which files are written"
        );
        for (path, bytes) in &files {
            let text = String::from_utf8_lossy(bytes);
            let mut problems = Vec::new();
            match path.extension().and_then(|e| e.to_str()) {
                Some("html") => {
                    let (found, counts) = inspect(&text);
                    problems.extend(found);
                    let (_, expected) = inspect(&String::from_utf8_lossy(&baseline[path]));
                    if counts != expected {
                        problems.push(format!("element counts {counts:?}, clean {expected:?}"));
                    }
                    if payload.contains('<') && text.contains(payload) {
                        problems.push("the payload is in the page unescaped".to_string());
                    }
                    // Escaped payloads are text; a raw `<script` anywhere is not.
                    if text.to_ascii_lowercase().contains("<script") {
                        problems.push("a raw <script".to_string());
                    }
                }
                Some("json") => {
                    if text.contains(['<', '>']) {
                        problems.push("a raw < or > in JSON".to_string());
                    }
                }
                Some("csv") => {
                    let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
                    for record in reader.records() {
                        let record = record.unwrap();
                        for cell in record.iter() {
                            if cell.starts_with(['=', '+', '@', '\t', '\r']) {
                                problems.push(format!("a formula cell {cell:?}"));
                            }
                        }
                    }
                }
                Some("xml") => {
                    // The feed and sitemap carry titles as escaped text: the file must
                    // stay well-formed and hold no raw element from the payload.
                    let mut reader = quick_xml::Reader::from_str(&text);
                    loop {
                        match reader.read_event() {
                            Ok(quick_xml::events::Event::Eof) => break,
                            Ok(_) => {}
                            Err(e) => {
                                problems.push(format!("not well-formed XML: {e}"));
                                break;
                            }
                        }
                    }
                    if text.to_ascii_lowercase().contains("<script") {
                        problems.push("a raw <script".to_string());
                    }
                }
                Some("css") => {
                    // An edition's print header quotes the site title in a CSS string:
                    // the payload may change what is inside strings, nothing else.
                    if without_css_strings(&text)
                        != without_css_strings(&String::from_utf8_lossy(&baseline[path]))
                    {
                        problems
                            .push("the payload changed the CSS outside its strings".to_string());
                    }
                }
                // The build's marker holds the record of the inputs' fingerprints,
                // which differ with the payload: it must not hold the payload itself.
                _ if path.file_name().and_then(|n| n.to_str())
                    == Some(scorecard::write::MARKER) =>
                {
                    if text.contains(payload) {
                        problems.push("the payload is in the build's marker".to_string());
                    }
                }
                _ => {
                    if bytes != &baseline[path] {
                        problems.push("a static file changed".to_string());
                    }
                }
            }
            for problem in problems {
                failures.push(format!("{payload:?} in {}: {problem}", path.display()));
            }
        }
        check_the_payload_reached_the_pages(&site.out(), payload);
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Guards the test itself: the payload's text must reach the pages as text, or the
/// corpus would pass by never rendering it.
fn check_the_payload_reached_the_pages(out: &Path, payload: &str) {
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    let section = std::fs::read_to_string(out.join("2015-12/referrals/index.html")).unwrap();
    let escaped = payload
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let visible = |page: &str| {
        page.contains(payload)
            || page.contains(&escaped)
            || page.contains(&escaped.replace('"', "&quot;"))
            || page.contains(&escaped.replace('"', "&quot;").replace('\'', "&#x27;"))
            || page.contains(&escaped.replace('"', "&quot;").replace('\'', "&#39;"))
    };
    assert!(
        visible(&about) && visible(&section),
        "{payload:?} does not reach the pages as text"
    );
}

/// CSS with the contents of every double-quoted string removed, escapes included.
fn without_css_strings(css: &str) -> String {
    let mut out = String::new();
    let mut chars = css.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => {
                        out.push('"');
                        break;
                    }
                    _ => {}
                }
            }
        }
    }
    out
}
