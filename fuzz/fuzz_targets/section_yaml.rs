//! Feeds arbitrary text to the section YAML loader: it must report, never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let diagnostics = scorecard::load::fuzz::section_yaml(text);
    for d in diagnostics.iter() {
        let _ = d.to_string();
    }
});
