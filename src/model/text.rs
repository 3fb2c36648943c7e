//! The characters a report's text may hold.

/// Whether `c` is a control character that no published text may hold: every C0 and
/// C1 control except tab, line feed and carriage return, DEL, and the noncharacters
/// U+FFFE and U+FFFF. XML 1.0 forbids most of them outright (one makes feed.xml
/// ill-formed), HTML reports them as parse errors, and they reach the files invisibly,
/// pasted from word processors or written as YAML escapes such as `"\0"`.
pub fn is_stray_control(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'
    )
}

/// A control character as a person can look for it: its name where it has a common
/// one, and its code point.
pub fn control_name(c: char) -> String {
    let name = match c {
        '\0' => "a NUL character",
        '\u{7}' => "a bell character",
        '\u{8}' => "a backspace",
        '\u{b}' => "a vertical tab",
        '\u{c}' => "a form feed",
        '\u{1b}' => "an escape character",
        '\u{7f}' => "a delete character",
        '\u{85}' => "a next-line character",
        _ => "a control character",
    };
    format!("{name} (U+{:04X})", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tab_and_line_breaks_are_allowed_among_controls() {
        for c in ['\t', '\n', '\r', ' ', 'a', '\u{a0}', '\u{2028}', '\u{fffd}'] {
            assert!(!is_stray_control(c), "{c:?}");
        }
        for c in [
            '\0', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{ffff}',
        ] {
            assert!(is_stray_control(c), "{c:?}");
        }
        assert_eq!(control_name('\u{b}'), "a vertical tab (U+000B)");
    }
}
