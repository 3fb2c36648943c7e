//! Feeds arbitrary text to the monthly CSV loader: it must report, never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The loader only ever sees UTF-8: the file reader reports anything else.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let diagnostics = scorecard::load::fuzz::monthly_csv(text);
    let lines = text.matches('\n').count() + 1;
    for d in diagnostics.iter() {
        // Every CSV problem points at a line that exists, and prints.
        let line = d.line.expect("a CSV diagnostic has a line");
        assert!(line >= 1 && line <= lines, "line {line} of {lines}: {d}");
        let _ = d.to_string();
    }
});
