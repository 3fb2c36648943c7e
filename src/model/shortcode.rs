//! Shortcodes: figures written into the commentary by reference, so the narrative
//! and the tables cannot disagree.
//!
//! `{{ value 2.1 }}` is indicator 2.1's figure for the edition's month;
//! `{{ value 2.1 2015-11 }}` names another month. The other figures are `ytd`,
//! `previous`, `change` (from the month before, as a percentage), `change_year`
//! (from the same month a year before), `rag`, `dot` and `fraction` ("67 of 542").
//! `{{ value 3.1 team=south }}` is the figure of one member of the indicator's
//! breakdown (a team, a locality), by the dimension's key and the member's key or label.
//! A shortcode in a code span (`` `{{ value 2.1 }}` ``) is text, left as written.
//! Of a qualitative measure, `value` and `previous` quote a judgement in words
//! ("Positive"); loading refuses the other figures ([`Figure::quotes_a_judgement`]).

use std::ops::Range;

use super::Month;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Value,
    Ytd,
    Previous,
    Change,
    ChangeYear,
    Rag,
    Dot,
    Fraction,
}

const FIGURES: [(&str, Figure); 8] = [
    ("value", Figure::Value),
    ("ytd", Figure::Ytd),
    ("previous", Figure::Previous),
    ("change", Figure::Change),
    ("change_year", Figure::ChangeYear),
    ("rag", Figure::Rag),
    ("dot", Figure::Dot),
    ("fraction", Figure::Fraction),
];

impl Figure {
    /// The figure's name, as a shortcode writes it: `value`, `change_year`.
    pub fn name(self) -> &'static str {
        FIGURES
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("value", |f| f.0)
    }

    /// Whether the figure has a meaning for a qualitative measure, which is judged in
    /// words and has no number: `value` quotes the month's judgement and `previous`
    /// the month before's, as the panel's row of judgements shows them. The others are
    /// a sum or a change of numbers, a rating against a target, a direction of travel
    /// or a count, none of which a judgement has (docs/format.md, "Qualitative
    /// measures").
    pub fn quotes_a_judgement(self) -> bool {
        matches!(self, Figure::Value | Figure::Previous)
    }
}

/// One shortcode found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    pub figure: Figure,
    pub indicator: String,
    pub month: Option<Month>,
    /// The member of the indicator's breakdown it names: the dimension's key and the
    /// member as written (`team=south`).
    pub member: Option<(String, String)>,
    /// Byte range of the whole `{{ … }}` in the text.
    pub range: Range<usize>,
    /// One-based line and column in the text.
    pub line: usize,
    pub column: usize,
}

/// A shortcode that could not be read, with where it is and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Finds every shortcode in `text`.
pub fn scan(text: &str) -> Vec<Result<Shortcode, ShortcodeError>> {
    let mut found = Vec::new();
    let mut from = 0;
    // The line and column of the last shortcode, counted forward from it rather than
    // from the top, so that a text full of shortcodes takes linear time.
    let (mut line, mut column, mut counted) = (1, 1, 0);
    loop {
        // A shortcode in a code span is shown as written, so a page can explain them.
        let mut next = None;
        // Byte by byte: both are ASCII, so never inside a character, and a search for
        // either of two characters would decode every character of the commentary.
        let bytes = text.as_bytes();
        while let Some(i) = bytes[from..]
            .iter()
            .position(|&b| b == b'{' || b == b'`')
            .map(|i| i + from)
        {
            if bytes[i..].starts_with(b"{{") {
                next = Some(i);
                break;
            }
            from = match text.as_bytes()[i] {
                b'`' => after_code_span(text, i),
                _ => i + 1,
            };
        }
        let Some(start) = next else {
            break;
        };
        for (at, &b) in bytes.iter().enumerate().take(start).skip(counted) {
            let lone_cr = b == b'\r' && bytes.get(at + 1) != Some(&b'\n');
            if b == b'\n' || lone_cr {
                line += 1;
                column = 1;
            } else if b & 0xc0 != 0x80 {
                // A column is a character: the first byte of each, not what follows.
                column += 1;
            }
        }
        counted = start;
        let Some(end) = text[start..].find("}}").map(|i| i + start + 2) else {
            found.push(Err(ShortcodeError {
                line,
                column,
                message: "`{{` is not closed by `}}`".into(),
            }));
            break;
        };
        from = end;
        let inner = &text[start + 2..end - 2];
        let words: Vec<&str> = inner.split_whitespace().collect();
        let error = |message: String| {
            Err(ShortcodeError {
                line,
                column,
                message,
            })
        };
        let result = match words.as_slice() {
            [figure, indicator, rest @ ..] if rest.len() <= 2 => {
                // After the indicator: a month, a member (`team=south`), or both.
                let member = rest
                    .iter()
                    .filter_map(|w| w.split_once('='))
                    .map(|(d, m)| (d.to_string(), m.to_string()))
                    .collect::<Vec<_>>();
                let months: Vec<&str> = rest.iter().filter(|w| !w.contains('=')).copied().collect();
                match FIGURES.iter().find(|(name, _)| name == figure) {
                    None => error(format!(
                        "`{figure}` is not a figure a shortcode can show; use one of {}",
                        FIGURES.map(|f| f.0).join(", ")
                    )),
                    Some(_) if member.len() > 1 || months.len() > 1 => error(format!(
                        "`{{{{{inner}}}}}` names more than one month or member: write {{{{ value 3.1 2015-11 team=south }}}}"
                    )),
                    Some(_) if member.iter().any(|(d, m)| d.is_empty() || m.is_empty()) => {
                        error(format!(
                            "`{{{{{inner}}}}}` names a member without its dimension or key: write team=south"
                        ))
                    }
                    Some(&(_, figure)) => match months.first().map(|m| m.parse::<Month>()) {
                        // `team=Front door`: a label with a space splits in two.
                        Some(Err(_)) if !member.is_empty() => error(format!(
                            "`{{{{{inner}}}}}`: `{}` is neither a month nor a member; name a member by its key, which has no spaces (team=front-door)",
                            months[0]
                        )),
                        Some(Err(e)) => error(e),
                        month => Ok(Shortcode {
                            figure,
                            indicator: indicator.to_string(),
                            month: month.and_then(Result::ok),
                            member: member.into_iter().next(),
                            range: start..end,
                            line,
                            column,
                        }),
                    },
                }
            }
            _ => error(format!(
                "`{{{{{inner}}}}}` is not a shortcode: write {{{{ value 2.1 }}}} or {{{{ value 2.1 2015-11 }}}}"
            )),
        };
        found.push(result);
    }
    found
}

/// Where the code span opening with the backticks at `at` ends: after the next run
/// of as many backticks, as Markdown has it. Backticks with no such run are text.
fn after_code_span(text: &str, at: usize) -> usize {
    let run = |i: usize| text[i..].bytes().take_while(|&b| b == b'`').count();
    let opening = run(at);
    let mut i = at + opening;
    while let Some(next) = text[i..].find('`').map(|n| n + i) {
        let closing = run(next);
        if closing == opening {
            return next + closing;
        }
        i = next + closing;
    }
    at + opening
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shortcodes_with_their_lines() {
        let text = "Contacts were {{ value 2.1 }}.\nIn November {{ value 2.1 2015-11 }}, {{ ytd 6.2a }} so far.";
        let found: Vec<Shortcode> = scan(text).into_iter().map(Result::unwrap).collect();
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].indicator, "2.1");
        assert_eq!((found[0].line, found[0].column), (1, 15));
        assert_eq!(found[1].month, Some("2015-11".parse().unwrap()));
        assert_eq!(found[2].figure, Figure::Ytd);
        assert_eq!(found[2].line, 2);
        assert_eq!(&text[found[0].range.clone()], "{{ value 2.1 }}");
    }

    #[test]
    fn shortcodes_in_code_spans_are_left_as_written() {
        let text = "Write `{{ value 2.1 }}` or ``{{ ytd 2.1 }} ` {{ x }}`` for {{ value 1.1 }}.\n```\n{{ rag 2.1 }}\n```\nA lone ` and {{ dot 1.2 }}.";
        let found: Vec<Shortcode> = scan(text).into_iter().map(Result::unwrap).collect();
        let ids: Vec<&str> = found.iter().map(|c| c.indicator.as_str()).collect();
        assert_eq!(ids, ["1.1", "1.2"]);
        assert_eq!((found[1].line, found[1].column), (5, 14));
    }

    #[test]
    fn lines_are_counted_after_lone_carriage_returns() {
        let found = scan("a\rb\r\n{{ value 2.1 }}");
        assert_eq!(found[0].as_ref().unwrap().line, 3);
        // Columns count characters, not bytes.
        let found = scan("£5 – {{ value 2.1 }}");
        assert_eq!(found[0].as_ref().unwrap().column, 6);
    }

    #[test]
    fn a_shortcode_may_name_a_member() {
        let found = scan("{{ value 3.1 team=south }} and {{ fraction 3.1 2015-11 team=Front }}");
        let found: Vec<Shortcode> = found.into_iter().map(Result::unwrap).collect();
        assert_eq!(found[0].member, Some(("team".into(), "south".into())));
        assert_eq!(found[0].month, None);
        assert_eq!(found[1].member, Some(("team".into(), "Front".into())));
        assert_eq!(found[1].month, Some("2015-11".parse().unwrap()));
    }

    #[test]
    fn figures_are_named_as_written_and_a_judgement_is_quoted_by_value_or_previous() {
        for (name, figure) in FIGURES {
            assert_eq!(figure.name(), name);
            assert_eq!(
                figure.quotes_a_judgement(),
                matches!(name, "value" | "previous"),
                "{name}"
            );
        }
    }

    #[test]
    fn reports_bad_shortcodes() {
        for bad in [
            "{{ valu 2.1 }}",
            "{{ value }}",
            "{{ value 2.1 Nov-15 }}",
            "{{ value 2.1",
            "{{ value 2.1 team=north team=south }}",
            "{{ value 2.1 =south }}",
            "{{ value 2.1 2015-11 2015-12 }}",
        ] {
            assert!(scan(bad)[0].is_err(), "{bad}");
        }
    }
}
