//! Stylesheets written from the model: the brand from site.yaml, and each edition's
//! running header for printing.
//!
//! They are files of their own, not inline `<style>`, so that the site can be served
//! with a Content-Security-Policy that forbids inline styles.

use crate::model::Brand;

/// How much darker the header's bottom border and hovered links are than the brand.
const DARKER: f64 = 0.35;

/// The stylesheet's text. With no brand settings it holds only its comment, so that
/// every page can link it and the theme's own values apply.
pub fn css(brand: &Brand) -> String {
    let mut css = String::from(
        "/* Written by scorecard from `brand` in site.yaml: change the settings, not this\n   \
         file. It loads after style.css and overrides its custom properties. */\n",
    );
    let mut properties = Vec::new();
    if let Some(colour) = brand.colour {
        properties.push(format!("--brand: {colour};"));
        properties.push(format!("--brand-dark: {};", colour.darken(DARKER)));
        properties.push(format!("--link: {colour};"));
    }
    if let Some(font) = &brand.font {
        properties.push(format!("--font: {font};"));
    }
    if !properties.is_empty() {
        css.push_str(":root {\n");
        for p in properties {
            css.push_str("  ");
            css.push_str(&p);
            css.push('\n');
        }
        css.push_str("}\n");
    }
    css
}

/// The running header of an edition's printed pages: the report, the edition and the
/// page number on every A4 page, as a committee paper has them.
pub fn edition_css(report: &str, edition: &str) -> String {
    format!(
        "@charset \"utf-8\";\n\
         /* Written by scorecard: the running header when this edition is printed. */\n\
         @page {{\n  \
         @top-left {{ content: {}; }}\n  \
         @top-right {{ content: {} \", page \" counter(page) \" of \" counter(pages); }}\n\
         }}\n",
        css_string(report),
        css_string(edition)
    )
}

/// Quotes text as a CSS string that no title can end early. Letters, digits, spaces
/// and common punctuation are written as they are; every other character, control
/// characters, quotes, backslashes and `<` included, is written as a CSS escape: a
/// backslash, its code point in hexadecimal and a space, which ends the escape.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        let plain = c.is_ascii_alphanumeric()
            || matches!(
                c,
                ' ' | '.'
                    | ','
                    | ':'
                    | ';'
                    | '!'
                    | '?'
                    | '-'
                    | '_'
                    | '('
                    | ')'
                    | '\''
                    | '&'
                    | '%'
                    | '+'
            )
            || (!c.is_ascii() && c.is_alphanumeric());
        match c {
            _ if plain => out.push(c),
            // A line break cannot stand in a one-line running header.
            '\n' | '\r' => out.push(' '),
            // CSS reads an escaped NUL as U+FFFD, so that is what is written.
            '\0' => out.push_str("\\FFFD "),
            _ => out.push_str(&format!("\\{:X} ", c as u32)),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_settings_given_are_written() {
        assert!(!css(&Brand::default()).contains(":root"));
        let brand = Brand {
            colour: Some("#005eb8".parse().unwrap()),
            font: Some("Arial, sans-serif".into()),
            logo: None,
        };
        let text = css(&brand);
        assert!(text.contains("  --brand: #005eb8;\n"));
        assert!(text.contains("  --brand-dark: #003d78;\n"));
        assert!(text.contains("  --font: Arial, sans-serif;\n"));
    }

    #[test]
    fn header_text_cannot_escape_its_string() {
        let css = edition_css("A \"quoted\" report\\", "December 2015");
        assert!(css.contains(r#"@top-left { content: "A \22 quoted\22  report\5C "; }"#));
        assert!(css.contains(r#"@top-right { content: "December 2015" ", page ""#));
        // A form feed once ended the string and hid every printed page.
        let css = edition_css("T\u{c}\"; } html{display:none} x{", "December 2015");
        assert!(!css.contains("html{display"), "{css}");
        assert_eq!(css.matches('{').count(), 3, "{css}");
    }

    /// Reads a CSS string token back as the CSS Syntax specification does (4.3.5,
    /// "consume a string token"): the text it stands for, and what follows it. A line
    /// break inside the string makes a bad string, returned as `None`.
    fn read_css_string(css: &str) -> Option<(String, &str)> {
        let mut chars = css.strip_prefix('"')?.char_indices().peekable();
        let mut text = String::new();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((text, &css[i + 2..])),
                '\n' | '\r' | '\u{c}' => return None,
                '\\' => {
                    let mut hex = String::new();
                    while hex.len() < 6
                        && let Some(&(_, h)) = chars.peek()
                        && h.is_ascii_hexdigit()
                    {
                        hex.push(h);
                        chars.next();
                    }
                    if hex.is_empty() {
                        text.push(chars.next()?.1);
                        continue;
                    }
                    if chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                        chars.next();
                    }
                    let code = u32::from_str_radix(&hex, 16).ok()?;
                    text.push(match code {
                        0 => '\u{FFFD}',
                        code => char::from_u32(code).unwrap_or('\u{FFFD}'),
                    });
                }
                c => text.push(c),
            }
        }
        None
    }

    #[test]
    fn every_kind_of_character_reads_back_from_a_css_string() {
        let classes = [
            "plain words, 46.6% (Dec)",
            "\u{0}\u{1}\u{7}\u{8}\t\u{b}\u{c}\u{e}\u{1b}\u{1f}\u{7f}\u{80}\u{85}\u{9f}",
            "\"'`\\",
            "</style><script>alert(1)</script>",
            "} html { display: none } /* */ @import url(x);",
            "\u{2028}\u{2029}\u{feff}\u{200b}\u{202e}\u{fffe}\u{ffff}",
            "Café naïve Ŵales 日本 \u{1F600}\u{10FFFF}",
            "\\A \\0 \\FFFFFF 1F600",
        ];
        for text in classes {
            let css = css_string(text);
            let (back, rest) = read_css_string(&css).unwrap_or_else(|| panic!("{css}"));
            assert_eq!(rest, "", "{css}");
            let expected: String = text
                .chars()
                .map(|c| match c {
                    '\0' => '\u{FFFD}',
                    '\n' | '\r' => ' ',
                    c => c,
                })
                .collect();
            assert_eq!(back, expected, "{css}");
            assert!(
                css.chars()
                    .all(|c| c == ' ' || !(c.is_control() || c.is_whitespace())),
                "{css:?}"
            );
        }
    }
}
