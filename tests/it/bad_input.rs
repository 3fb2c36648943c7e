//! The bad-input corpus: one small mutation of the small fixture site per row, each the
//! kind of mistake an officer makes editing the files by hand. Every row asserts the
//! exit code, that the message points at the file and line to change, and that a site
//! built before the mistake is left byte for byte as it was.

// The corpus runs in the `bad_input` test target, not in this one, where only the
// tests at the end of this file use it.
#![cfg_attr(test, allow(dead_code))]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{OnceLock, mpsc};
use std::time::{Duration, Instant};

use libtest_mimic::{Failed, Trial};
use scorecard::BuildOptions;

use crate::{TestSite, copy_tree, tree};

/// One edit to the fixture site.
enum Change {
    /// Replaces the first occurrence of a text in a file, which must contain it.
    Replace(&'static str, &'static str, &'static str),
    /// Writes (or overwrites) a file.
    Write(&'static str, &'static str),
    /// Writes raw bytes, for files that are not UTF-8.
    Bytes(&'static str, &'static [u8]),
    /// Deletes a file.
    Remove(&'static str),
    /// Gives a file Windows line endings, as Excel and Notepad save it.
    Crlf(&'static str),
    /// Gives a file carriage returns alone for line endings, as old Mac editors save it.
    LoneCr(&'static str),
    /// Saves a file as UTF-16 without a byte-order mark, as some Windows tools do.
    Utf16(&'static str),
    /// Writes a file whose text is made by a function, for content too large to write
    /// out, such as a Markdown file nested thousands deep.
    Generate(&'static str, fn() -> String),
    /// Writes a file whose bytes are made by a function: an `.xlsx` workbook.
    Workbook(&'static str, fn() -> Vec<u8>),
}

use Change::{Bytes, Crlf, Generate, LoneCr, Remove, Replace, Utf16, Workbook, Write};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Fails `check` and `build`.
    Error,
    /// Printed by `check` and `build`, which succeed, unless `--strict`.
    Warning,
}

struct Case {
    name: &'static str,
    changes: &'static [Change],
    kind: Kind,
    /// `file:line`, or `file` alone for a problem with a whole file, as the report must
    /// point at it.
    at: &'static str,
    /// Words the message or its hint must contain.
    says: &'static str,
}

const SECTIONS: &str = "data/sections/01-referrals.yaml";
const CSV: &str = "data/monthly/2015-16.csv";
const COVER: &str = "content/editions/2015-12/index.md";
const ANALYSIS: &str = "content/editions/2015-12/referrals.md";
const ABOUT: &str = "content/pages/about.md";

const fn error(
    name: &'static str,
    changes: &'static [Change],
    at: &'static str,
    says: &'static str,
) -> Case {
    Case {
        name,
        changes,
        kind: Kind::Error,
        at,
        says,
    }
}

const fn warning(
    name: &'static str,
    changes: &'static [Change],
    at: &'static str,
    says: &'static str,
) -> Case {
    Case {
        name,
        changes,
        kind: Kind::Warning,
        at,
        says,
    }
}

const CASES: &[Case] = &[
    // site.yaml
    error(
        "settings: broken YAML",
        &[Replace("site.yaml", "title: Small", "title: [Small")],
        "site.yaml:1",
        "expected text here",
    ),
    error(
        "settings: misspelt field",
        &[Replace("site.yaml", "title:", "titel:")],
        "site.yaml:1",
        "did you mean `title`?",
    ),
    error(
        "settings: unknown field",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\ncolour: blue\n",
        )],
        "site.yaml:3",
        "unknown field `colour`",
    ),
    error(
        "settings: missing title",
        &[Write("site.yaml", "organisation: O\nbase_url: /\n")],
        "site.yaml:2",
        "missing field `title`",
    ),
    error(
        "settings: financial year starts in month 13",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nfinancial_year_start: 13\n",
        )],
        "site.yaml:3",
        "1 to 12",
    ),
    error(
        "settings: financial year start in words",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nfinancial_year_start: april\n",
        )],
        "site.yaml:3",
        "expected a whole number",
    ),
    error(
        "settings: theme folder missing",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\ntheme: council\n",
        )],
        "site.yaml:3",
        "the theme `council` does not exist",
    ),
    error(
        "settings: theme name climbs out of themes/",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\ntheme: ../x\n",
        )],
        "site.yaml:3",
        "is not a folder name",
    ),
    error(
        "settings: javascript base_url",
        &[Replace(
            "site.yaml",
            "https://performance.example.gov.uk/",
            "javascript:alert(1)//",
        )],
        "site.yaml:3",
        "must start with https://",
    ),
    error(
        "settings: yes is not a boolean",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nshow_fractions: yes\n",
        )],
        "site.yaml:3",
        "expected `true` or `false`",
    ),
    error(
        "settings: unknown arrow setting",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\ndirection:\n  shows: sideways\n",
        )],
        "site.yaml:4",
        "write one of: judgement, raw",
    ),
    error(
        "settings: misspelt label",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nlabels:\n  amber: Yellow\n  gren: Green\n",
        )],
        "site.yaml:5",
        "did you mean `green`?",
    ),
    error(
        "settings: no-change tolerance over 1",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\ndirection:\n  no_change: { relative: 10 }\n",
        )],
        "site.yaml",
        "expected a fraction from 0 to 1",
    ),
    error(
        "settings: file missing",
        &[Remove("site.yaml")],
        "site.yaml",
        "the site has no settings file",
    ),
    error(
        "settings: saved as Latin-1",
        &[Bytes(
            "site.yaml",
            b"title: Small\norganisation: Caf\xe9 Council\n",
        )],
        "site.yaml:2",
        "not valid UTF-8",
    ),
    // Section files.
    error(
        "section: unclosed quote",
        &[Replace(
            SECTIONS,
            "\"% of referrals going onto assessment\"",
            "\"% of referrals going onto assessment",
        )],
        "data/sections/01-referrals.yaml:15",
        "this quote is not closed on its line",
    ),
    error(
        "section: tab indentation",
        &[Replace(SECTIONS, "    polarity: info", "\tpolarity: info")],
        "data/sections/01-referrals.yaml:10",
        "indent with spaces",
    ),
    error(
        "section: key indented too far",
        &[Replace(SECTIONS, "order: 1", " order: 1")],
        "data/sections/01-referrals.yaml:3",
        "line the keys up",
    ),
    error(
        "section: colon in an unquoted title",
        &[Replace(
            SECTIONS,
            "title: Re-referral rate",
            "title: Re-referrals: rate",
        )],
        "data/sections/01-referrals.yaml:29",
        "double quotes",
    ),
    error(
        "section: misspelt indicator field",
        &[Replace(
            SECTIONS,
            "    data_note: In month",
            "    datanote: In month",
        )],
        "data/sections/01-referrals.yaml:12",
        "did you mean `data_note`?",
    ),
    error(
        "section: unknown section field",
        &[Replace(SECTIONS, "order: 1", "order: 1\ncolour: red")],
        "data/sections/01-referrals.yaml:4",
        "unknown field `colour`",
    ),
    error(
        "section: indicator without polarity",
        &[Replace(SECTIONS, "    polarity: info\n", "")],
        // Reported at the indicator it is missing from: `polarity` is optional for a
        // qualitative measure, so it is checked after reading, not by the parser.
        "data/sections/01-referrals.yaml:7",
        "indicator 1.1 has no `polarity`",
    ),
    error(
        "section: misspelt polarity",
        &[Replace(SECTIONS, "polarity: high", "polarity: hihg")],
        "data/sections/01-referrals.yaml:17",
        "did you mean `high`?",
    ),
    error(
        "section: percent sign as unit",
        &[Replace(SECTIONS, "unit: percentage", "unit: \"%\"")],
        "data/sections/01-referrals.yaml:18",
        "write one of: count, percentage",
    ),
    error(
        "section: unknown year-to-date method",
        &[Replace(SECTIONS, "ytd: sum", "ytd: total")],
        "data/sections/01-referrals.yaml:13",
        "write one of: sum, ratio",
    ),
    error(
        "section: too many decimals",
        &[Replace(
            SECTIONS,
            "    unit: count",
            "    unit: count\n    decimals: 9",
        )],
        "data/sections/01-referrals.yaml:7",
        "expected 0 to 6",
    ),
    error(
        "section: decimals in words",
        &[Replace(
            SECTIONS,
            "    unit: count",
            "    unit: count\n    decimals: two",
        )],
        "data/sections/01-referrals.yaml:12",
        "expected a whole number",
    ),
    error(
        "section: a key given twice",
        &[Replace(
            SECTIONS,
            "    unit: count",
            "    unit: count\n    unit: days",
        )],
        "data/sections/01-referrals.yaml:12",
        "`unit` is given twice",
    ),
    error(
        "section: indicator id used twice",
        &[Replace(SECTIONS, "id: \"1.3\"", "id: \"1.2\"")],
        "data/sections/01-referrals.yaml:28",
        "indicator id `1.2` is used twice",
    ),
    error(
        "section: section id with capitals and a space",
        &[Replace(SECTIONS, "id: referrals", "id: Contact Referral")],
        "data/sections/01-referrals.yaml:1",
        "cannot be used in a web address",
    ),
    error(
        "section: reserved section id",
        &[Replace(SECTIONS, "id: referrals", "id: exceptions")],
        "data/sections/01-referrals.yaml:1",
        "is reserved",
    ),
    error(
        "section: indicator id with a slash",
        &[Replace(SECTIONS, "id: \"1.3\"", "id: \"1/3\"")],
        "data/sections/01-referrals.yaml:28",
        "cannot be used in a web address",
    ),
    error(
        "section: indicator id climbing out",
        &[Replace(SECTIONS, "id: \"1.3\"", "id: \"../1.3\"")],
        "data/sections/01-referrals.yaml:28",
        "cannot be used in a web address",
    ),
    error(
        "section: indicator id with markup",
        &[Replace(SECTIONS, "id: \"1.3\"", "id: \"<b>1.3\"")],
        "data/sections/01-referrals.yaml:28",
        "cannot be used in a web address",
    ),
    error(
        "section: second file reuses the section id",
        &[Write(
            "data/sections/02-more.yaml",
            "id: referrals\ntitle: More\norder: 2\nindicators: []\n",
        )],
        "data/sections/02-more.yaml:1",
        "section id `referrals` is used twice",
    ),
    error(
        "section: second file reuses an indicator id",
        &[Write(
            "data/sections/02-more.yaml",
            "id: more\ntitle: More\norder: 2\nindicators:\n  - id: \"1.1\"\n    title: Again\n    polarity: info\n    unit: count\n",
        )],
        "data/sections/02-more.yaml:5",
        "indicator id `1.1` is used twice",
    ),
    error(
        "section: file is not UTF-8",
        &[Bytes(
            "data/sections/02-more.yaml",
            b"id: more\ntitle: Caf\xe9\norder: 2\nindicators: []\n",
        )],
        "data/sections/02-more.yaml:2",
        "not valid UTF-8",
    ),
    error(
        "section: no section files",
        &[Remove(SECTIONS)],
        "data/sections",
        "no section files found",
    ),
    error(
        "section: indicators is not a list",
        &[Write(
            "data/sections/02-more.yaml",
            "id: more\ntitle: More\norder: 2\nindicators: none\n",
        )],
        "data/sections/02-more.yaml:4",
        "expected",
    ),
    // Targets.
    error(
        "target: year written with a dash",
        &[Replace(SECTIONS, "- year: 2015/16", "- year: 2015-16")],
        "data/sections/01-referrals.yaml:21",
        "not a financial year",
    ),
    error(
        "target: high-is-good bands overlap",
        &[Replace(
            SECTIONS,
            "green: 86, amber: 83",
            "green: 80, amber: 83",
        )],
        "data/sections/01-referrals.yaml:21",
        "the bands overlap",
    ),
    error(
        "target: low-is-good bands overlap",
        &[Replace(
            SECTIONS,
            "green: 23, amber: 26",
            "green: 27, amber: 26",
        )],
        "data/sections/01-referrals.yaml:35",
        "the bands overlap",
    ),
    error(
        "target: two forms in one rule",
        &[Replace(
            SECTIONS,
            "threshold: { good: high, green: 86, amber: 83 }",
            "threshold: { good: high, green: 86, amber: 83 }\n        band: { centre: 85, green: 1, amber: 2 }",
        )],
        "data/sections/01-referrals.yaml:21",
        "needs exactly one of",
    ),
    error(
        "target: no form at all",
        &[Replace(
            SECTIONS,
            "        threshold: { good: high, green: 86, amber: 83 }\n",
            "",
        )],
        "data/sections/01-referrals.yaml:21",
        "needs exactly one of",
    ),
    error(
        "target: band wider in green than amber",
        &[Replace(
            SECTIONS,
            "threshold: { good: high, green: 86, amber: 83 }",
            "band: { centre: 85, green: 10, amber: 5 }",
        )],
        "data/sections/01-referrals.yaml:21",
        "no wider than its amber width",
    ),
    error(
        "target: range upside down",
        &[Replace(
            SECTIONS,
            "threshold: { good: high, green: 86, amber: 83 }",
            "range: { min: 20, max: 14 }",
        )],
        "data/sections/01-referrals.yaml:21",
        "cannot be evaluated",
    ),
    error(
        "target: threshold without amber",
        &[Replace(SECTIONS, "green: 86, amber: 83", "green: 86")],
        "data/sections/01-referrals.yaml:22",
        "missing field `amber`",
    ),
    error(
        "target: amber in words",
        &[Replace(SECTIONS, "amber: 83", "amber: eighty")],
        "data/sections/01-referrals.yaml:22",
        "expected a number",
    ),
    error(
        "target: green is not a number",
        &[Replace(SECTIONS, "green: 86", "green: .nan")],
        "data/sections/01-referrals.yaml:21",
        "cannot be evaluated",
    ),
    error(
        "target: year-to-date rule on an indicator without one",
        &[Replace(
            SECTIONS,
            "threshold: { good: low, green: 23, amber: 26 }",
            "applies_to: ytd\n        threshold: { good: low, green: 23, amber: 26 }",
        )],
        "data/sections/01-referrals.yaml:35",
        "can never be evaluated",
    ),
    error(
        "target: two rules in force for one year",
        &[Replace(
            SECTIONS,
            "threshold: { good: high, green: 86, amber: 83 }",
            "threshold: { good: high, green: 86, amber: 83 }\n      - year: 2015/16\n        threshold: { good: high, green: 90, amber: 80 }",
        )],
        "data/sections/01-referrals.yaml:23",
        "second 2015/16 target",
    ),
    error(
        "target: unknown applies_to",
        &[Replace(
            SECTIONS,
            "- year: 2015/16\n        threshold: { good: high",
            "- year: 2015/16\n        applies_to: quarter\n        threshold: { good: high",
        )],
        "data/sections/01-referrals.yaml:22",
        "write one of: month, ytd",
    ),
    error(
        "outturn year written with a dash",
        &[Replace(SECTIONS, "2014/15: 69.6", "2014-15: 69.6")],
        "data/sections/01-referrals.yaml:14",
        "outturns",
    ),
    error(
        "benchmark year not a year",
        &[Replace(SECTIONS, "year: 2014/15", "year: last year")],
        "data/sections/01-referrals.yaml:14",
        "benchmarks.year",
    ),
    error(
        "starts is not a month",
        &[Replace(
            SECTIONS,
            "    ytd: none",
            "    ytd: none\n    starts: 2015-13",
        )],
        "data/sections/01-referrals.yaml:34",
        "write the month as YYYY-MM",
    ),
    error(
        "ends before it starts",
        &[Replace(
            SECTIONS,
            "    ytd: none",
            "    ytd: none\n    starts: 2015-10\n    ends: 2015-06",
        )],
        "data/sections/01-referrals.yaml:28",
        "is before `starts`",
    ),
    error(
        "renumbered until is not a month",
        &[Replace(
            SECTIONS,
            "    ytd: none",
            "    ytd: none\n    renumbered:\n      - { number: \"2.2\", until: December }",
        )],
        "data/sections/01-referrals.yaml:35",
        "renumbered",
    ),
    // Monthly CSV.
    error(
        "csv: month without a leading zero",
        &[Replace(CSV, "1.1,2015-11,", "1.1,2015-1,")],
        "data/monthly/2015-16.csv:3",
        "expected YYYY-MM",
    ),
    error(
        "csv: bad month in a file with Windows line endings",
        &[Replace(CSV, "1.1,2015-11,", "1.1,2015-1,"), Crlf(CSV)],
        "data/monthly/2015-16.csv:3",
        "expected YYYY-MM",
    ),
    error(
        "csv: text in a number cell with Windows line endings",
        &[
            Replace(CSV, "1.3,2015-12,22.0", "1.3,2015-12,high"),
            Crlf(CSV),
        ],
        "data/monthly/2015-16.csv:10",
        "`high` in the value column is not a number",
    ),
    error(
        "section: misspelt value with Windows line endings",
        &[
            Replace(SECTIONS, "polarity: high", "polarity: hihg"),
            Crlf(SECTIONS),
        ],
        "data/sections/01-referrals.yaml:17",
        "did you mean `high`?",
    ),
    error(
        "cover: misspelt field with Windows line endings",
        &[Replace(COVER, "author:", "auther:"), Crlf(COVER)],
        "content/editions/2015-12/index.md:4",
        "did you mean `author`?",
    ),
    error(
        "csv: month 13",
        &[Replace(CSV, "1.2,2015-11,", "1.2,2015-13,")],
        "data/monthly/2015-16.csv:6",
        "expected YYYY-MM",
    ),
    error(
        "csv: month as Excel writes it",
        &[Replace(CSV, "1.3,2015-12,", "1.3,Dec-15,")],
        "data/monthly/2015-16.csv:10",
        "expected YYYY-MM",
    ),
    // The value cell reads the wide form's words (`n/a`, `tbc`, "New measure from
    // Aug 16"): a warning that quotes them, never a zero.
    warning(
        "csv: n/a in the value column",
        &[Replace(CSV, "1.1,2015-10,374", "1.1,2015-10,n/a")],
        "data/monthly/2015-16.csv:2",
        "indicator 1.1 has no figure for October 2015: the cell says `n/a`",
    ),
    warning(
        "csv: a new measure in the value column with no `starts`",
        &[Replace(
            CSV,
            "1.1,2015-10,374",
            "1.1,2015-10,New measure from Oct 15",
        )],
        "data/monthly/2015-16.csv:2",
        "add `starts: 2015-10` to indicator 1.1",
    ),
    error(
        "csv: words in the value column scorecard does not know",
        &[Replace(CSV, "1.1,2015-10,374", "1.1,2015-10,see note")],
        "data/monthly/2015-16.csv:2",
        "or the cell says n/a, tbc or - for a missing figure",
    ),
    error(
        "csv: a new measure from a month that is not one",
        &[Replace(
            CSV,
            "1.1,2015-10,374",
            "1.1,2015-10,New measure from Agu 16",
        )],
        "data/monthly/2015-16.csv:2",
        "`Agu 16` is not a month",
    ),
    error(
        "csv: n/a in the numerator, which holds numbers only",
        &[Replace(CSV, "74.7,280,", "n/a,n/a,")],
        "data/monthly/2015-16.csv:5",
        "`n/a` in the numerator column is not a number",
    ),
    error(
        "csv: a judgement in both the value and the judgement column",
        &[Write(
            "data/monthly/judgements.csv",
            "indicator,month,value,judgement\n1.3,2015-12,positive,similar\n",
        )],
        "data/monthly/judgements.csv:2",
        "`positive` in the value column is a judgement, and the judgement column gives one too",
    ),
    error(
        "csv: percent sign",
        &[Replace(CSV, "87.2,", "87.2%,")],
        "data/monthly/2015-16.csv:7",
        "without the % sign",
    ),
    error(
        "csv: thousands separator",
        &[Replace(CSV, "1.1,2015-12,485", "1.1,2015-12,\"1,485\"")],
        "data/monthly/2015-16.csv:4",
        "without thousands separators",
    ),
    error(
        "csv: text in the numerator",
        &[Replace(CSV, "74.7,280,", "74.7,two hundred and eighty,")],
        "data/monthly/2015-16.csv:5",
        "in the numerator column is not a number",
    ),
    error(
        "csv: infinite value",
        &[Replace(CSV, "1.3,2015-11,31.4", "1.3,2015-11,inf")],
        "data/monthly/2015-16.csv:9",
        "is not a number",
    ),
    error(
        "csv: unknown indicator",
        &[Replace(CSV, "1.3,2015-10,", "9.9,2015-10,")],
        "data/monthly/2015-16.csv:8",
        "no indicator has the id `9.9`",
    ),
    error(
        "csv: id whose zero a spreadsheet dropped",
        &[Replace(CSV, "1.1,2015-10,", "1.10,2015-10,")],
        "data/monthly/2015-16.csv:2",
        "did you mean `1.1`?",
    ),
    error(
        "csv: id in the wrong case",
        &[
            Replace(SECTIONS, "id: \"1.3\"", "id: \"M1-NI\""),
            Replace(CSV, "1.3,2015-10,", "m1-ni,2015-10,"),
        ],
        "data/monthly/2015-16.csv:8",
        "did you mean `M1-NI`?",
    ),
    error(
        "csv: the same indicator and month twice in one file",
        &[Replace(
            CSV,
            "1.1,2015-12,485,,,,\n",
            "1.1,2015-12,485,,,,\n1.1,2015-12,486,,,,\n",
        )],
        "data/monthly/2015-16.csv:5",
        "has a second row for 2015-12",
    ),
    error(
        "csv: the same indicator and month in two files",
        &[Write(
            "data/monthly/2016-extra.csv",
            "indicator,month,value\n1.2,2015-12,87.2\n",
        )],
        "data/monthly/2016-extra.csv:2",
        "has a second row for 2015-12",
    ),
    error(
        "csv: row with too few cells",
        &[Replace(CSV, "1.3,2015-10,30.6,,,,", "1.3,2015-10,30.6")],
        "data/monthly/2015-16.csv:8",
        "the row has 3 cells but the header has 7",
    ),
    error(
        "csv: unclosed quote",
        &[Replace(CSV, "1.3,2015-10,30.6", "\"1.3,2015-10,30.6")],
        "data/monthly/2015-16.csv:8",
        "never closed",
    ),
    error(
        "csv: unknown column",
        &[Replace(
            CSV,
            "indicator,month,value,",
            "indicator,month,value2,",
        )],
        "data/monthly/2015-16.csv:1",
        "unknown column `value2`",
    ),
    error(
        "csv: no value column",
        &[Write(
            "data/monthly/2016-extra.csv",
            "indicator,month\n1.1,2016-01\n",
        )],
        "data/monthly/2016-extra.csv:1",
        "the header has no `value` column",
    ),
    error(
        "csv: saved as Latin-1",
        &[Bytes(
            "data/monthly/2016-extra.csv",
            b"indicator,month,value,note\n1.1,2016-01,3,\n1.1,2016-02,4,\xa3 figures\n",
        )],
        "data/monthly/2016-extra.csv:3",
        "CSV UTF-8",
    ),
    error(
        "csv: empty file",
        &[Write("data/monthly/2016-extra.csv", "")],
        "data/monthly/2016-extra.csv:1",
        "the file is empty",
    ),
    // Commentary.
    error(
        "cover: no front matter",
        &[Write(COVER, "## Key points\n")],
        "content/editions/2015-12/index.md:1",
        "does not start with front matter",
    ),
    error(
        "cover: front matter not closed",
        &[Write(COVER, "---\nstatus: Final\n## Key points\n")],
        "content/editions/2015-12/index.md:1",
        "the front matter is not closed",
    ),
    error(
        "cover: misspelt field",
        &[Replace(COVER, "author:", "auther:")],
        "content/editions/2015-12/index.md:4",
        "did you mean `author`?",
    ),
    error(
        "cover: no status",
        &[Replace(COVER, "status: Final\n", "")],
        "content/editions/2015-12/index.md:3",
        "missing field `status`",
    ),
    error(
        "cover: broken YAML",
        &[Replace(COVER, "status: Final", "status: [Final")],
        "content/editions/2015-12/index.md:2",
        "expected text here",
    ),
    error(
        "commentary for an unknown section",
        &[Write("content/editions/2015-12/referals.md", "Text.\n")],
        "content/editions/2015-12/referals.md",
        "commentary for an unknown section `referals`",
    ),
    error(
        "commentary for an edition that is not a month",
        &[Write(
            "content/editions/December/index.md",
            "---\nstatus: Final\n---\n",
        )],
        "content/editions/December/index.md",
        "folder named after its edition's month",
    ),
    error(
        "edition with no cover",
        &[Write("content/editions/2015-11/referrals.md", "Text.\n")],
        "content/editions/2015-11/index.md",
        "has no cover",
    ),
    error(
        "edition month with no data at all",
        &[Write(
            "content/editions/2016-06/index.md",
            "---\nstatus: Draft\n---\n",
        )],
        "content/editions/2016-06/index.md",
        "has no data at all",
    ),
    error(
        "section commentary takes no front matter fields",
        &[Write(ANALYSIS, "---\ntitle: Referrals\n---\nText.\n")],
        "content/editions/2015-12/referrals.md:2",
        "this front matter takes no fields",
    ),
    error(
        "shortcode: unknown indicator",
        &[Replace(ANALYSIS, "{{ value 1.2 }}", "{{ value 1.9 }}")],
        "content/editions/2015-12/referrals.md:3",
        "no indicator has the id `1.9`",
    ),
    error(
        "shortcode: unknown figure",
        &[Replace(ANALYSIS, "{{ rag 1.2 }}", "{{ colour 1.2 }}")],
        "content/editions/2015-12/referrals.md:3",
        "is not a figure a shortcode can show",
    ),
    error(
        "shortcode: a later month",
        &[Replace(
            ANALYSIS,
            "{{ value 1.2 2015-11 }}",
            "{{ value 1.2 2016-01 }}",
        )],
        "content/editions/2015-12/referrals.md:3",
        "a later month",
    ),
    error(
        "shortcode: a month with no figure, below front matter",
        &[Replace(
            COVER,
            "1. Referrals fell in December.",
            "1. Referrals fell to {{ value 1.1 2015-06 }}.",
        )],
        "content/editions/2015-12/index.md:8",
        "has no figure for 2015-06",
    ),
    error(
        "shortcode: year to date of an indicator without one",
        &[Replace(ANALYSIS, "{{ rag 1.2 }}", "{{ ytd 1.3 }}")],
        "content/editions/2015-12/referrals.md:3",
        "has no year to date",
    ),
    error(
        "shortcode: a rating of a qualitative measure",
        &[
            Replace(SECTIONS, "    polarity: info\n    unit: count\n", ""),
            Replace(SECTIONS, "    ytd: sum\n", "    kind: qualitative\n"),
            Replace(CSV, "1.1,2015-10,374", "1.1,2015-10,Positive"),
            Replace(CSV, "1.1,2015-11,509", "1.1,2015-11,Similar"),
            Replace(CSV, "1.1,2015-12,485", "1.1,2015-12,Negative"),
            Replace(ANALYSIS, "{{ rag 1.2 }}", "{{ rag 1.1 }}"),
        ],
        "content/editions/2015-12/referrals.md:3",
        "indicator 1.1 is qualitative, judged in words, so `rag` has nothing to show",
    ),
    error(
        "shortcode: a month a qualitative measure was not judged",
        &[
            Replace(SECTIONS, "    polarity: info\n    unit: count\n", ""),
            Replace(SECTIONS, "    ytd: sum\n", "    kind: qualitative\n"),
            Replace(CSV, "1.1,2015-10,374", "1.1,2015-10,Positive"),
            Replace(CSV, "1.1,2015-11,509", "1.1,2015-11,Similar"),
            Replace(CSV, "1.1,2015-12,485", "1.1,2015-12,Negative"),
            Replace(ANALYSIS, "{{ rag 1.2 }}", "{{ value 1.1 2015-09 }}"),
        ],
        "content/editions/2015-12/referrals.md:3",
        "indicator 1.1 has no judgement for 2015-09",
    ),
    error(
        "shortcode: not closed",
        &[Write(ANALYSIS, "First line.\n\nRose to {{ value 1.1\n")],
        "content/editions/2015-12/referrals.md:3",
        "is not closed",
    ),
    error(
        "page: no title",
        &[Replace(ABOUT, "title: About this report", "name: About")],
        "content/pages/about.md:2",
        "unknown field `name`",
    ),
    error(
        "page: no front matter",
        &[Write(ABOUT, "About this report.\n")],
        "content/pages/about.md:1",
        "does not start with front matter",
    ),
    error(
        "page: file name with a space",
        &[Write(
            "content/pages/About Us.md",
            "---\ntitle: About us\n---\n",
        )],
        "content/pages/About Us.md",
        "cannot be used in a web address",
    ),
    // Themes and templates.
    error(
        "template: syntax error",
        &[Write(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ title }</h1>\n{% endblock content %}\n",
        )],
        "themes/default/templates/page.html:3",
        "template `page.html`",
    ),
    error(
        "template: unknown variable",
        &[Write(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ title }}</h1>\n<p>{{ subtitle }}</p>\n{% endblock content %}\n",
        )],
        "themes/default/templates/page.html:4",
        "`subtitle` is not defined",
    ),
    error(
        "template: includes a missing template",
        &[Write(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{% include \"sidebar.html\" %}\n{% endblock content %}\n",
        )],
        "themes/default/templates/page.html:3",
        "Unknown template `sidebar.html`",
    ),
    error(
        "template: unknown filter",
        &[Write(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n\n{{ title | shout }}\n{% endblock content %}\n",
        )],
        "themes/default/templates/page.html:4",
        "Unknown filter `shout`",
    ),
    error(
        "template: extends a missing template",
        &[Write(
            "themes/default/templates/page.html",
            "{% extends \"layout.html\" %}\n{% block content %}{{ title }}{% endblock content %}\n",
        )],
        "themes/default/templates/page.html:1",
        "extends `layout.html`, which is not a template",
    ),
    error(
        "theme: a required template missing",
        &[
            Write("site.yaml", "title: T\norganisation: O\ntheme: council\n"),
            Write(
                "themes/council/templates/base.html",
                "<html>{% block content %}{% endblock content %}</html>",
            ),
        ],
        "themes/council/templates/landing.html",
        "the theme `council` has no template `landing.html`",
    ),
    // Warnings: printed, and failing the build only with --strict.
    warning(
        "warning: a percentage over 100",
        &[Replace(CSV, "1.3,2015-11,31.4", "1.3,2015-11,314")],
        "data/monthly/2015-16.csv:9",
        "is over 100 for a percentage",
    ),
    warning(
        "warning: a year to date over 100",
        &[Replace(
            CSV,
            "1.2,2015-12,87.2,423,485,,",
            "1.2,2015-12,87.2,423,485,872,",
        )],
        "data/monthly/2015-16.csv:7",
        "the ytd for 2015-12, 872, is over 100",
    ),
    warning(
        "warning: numerator larger than denominator",
        &[Replace(CSV, "74.7,280,375", "74.7,375,280")],
        "data/monthly/2015-16.csv:5",
        "larger than the denominator",
    ),
    warning(
        "warning: a percentage over 100 with Windows line endings",
        &[
            Replace(CSV, "1.3,2015-11,31.4", "1.3,2015-11,314"),
            Crlf(CSV),
        ],
        "data/monthly/2015-16.csv:9",
        "is over 100 for a percentage",
    ),
    warning(
        "warning: no figure for the edition's month",
        &[Replace(CSV, "1.1,2015-12,485,,,,\n", "")],
        "data/sections/01-referrals.yaml:7",
        "indicator 1.1 has no figure for December 2015",
    ),
    warning(
        "warning: a blank figure for the edition's month",
        &[Replace(CSV, "1.3,2015-12,22.0", "1.3,2015-12,")],
        "data/sections/01-referrals.yaml:28",
        "indicator 1.3 has no figure for December 2015",
    ),
    // Issue 11: output safety, links and addresses
    error(
        "addresses: indicator ids differing only in punctuation",
        &[Replace(
            SECTIONS,
            "green: 23, amber: 26 }",
            "green: 23, amber: 26 }\n  - id: \"1-1\"\n    title: Other\n    polarity: info\n    unit: count",
        )],
        "data/sections/01-referrals.yaml:37",
        "indicator ids `1-1` and `1.1` both become the address `i-1-1`",
    ),
    error(
        "addresses: indicator ids differing only in letter case",
        &[Replace(
            SECTIONS,
            "green: 23, amber: 26 }",
            "green: 23, amber: 26 }\n  - id: R1\n    title: One\n    polarity: info\n    unit: count\n  - id: r1\n    title: Two\n    polarity: info\n    unit: count",
        )],
        "data/sections/01-referrals.yaml:41",
        "`r1` and `R1` both become the address `i-r1`",
    ),
    error(
        "addresses: two blocks of commentary give the same id",
        &[Write(
            ANALYSIS,
            "<p id=\"note\">One.</p>\n\n<p id=\"note\">Two.</p>\n",
        )],
        "2015-12/referrals/index.html",
        "the id `note` is used twice on page `2015-12/referrals/index.html`",
    ),
    error(
        "addresses: a commentary heading takes an indicator's anchor",
        &[Write(ANALYSIS, "<h3 id=\"i-1-2\">Assessments</h3>\n")],
        "2015-12/referrals/index.html",
        "the id `i-1-2` is used twice",
    ),
    error(
        "addresses: a free page named as an edition month",
        &[Write(
            "content/pages/2015-12.md",
            "---\ntitle: December\n---\nText.\n",
        )],
        "content/pages/2015-12.md",
        "would take the address of the December 2015 edition's report, `2015-12/`",
    ),
    error(
        "addresses: a free page named as a section",
        &[Write(
            "content/pages/referrals.md",
            "---\ntitle: Referrals\n---\nText.\n",
        )],
        "content/pages/referrals.md",
        "would take the address of the section `referrals`",
    ),
    error(
        "addresses: a free page named as a folder scorecard makes",
        &[Write(
            "content/pages/static.md",
            "---\ntitle: Static\n---\nText.\n",
        )],
        "content/pages/static.md",
        "would take the address of the folder of the theme's static files",
    ),
    // Issue 11: diagnostics
    error(
        "diagnostics: a month Excel reformatted as a date",
        &[Replace(CSV, "1.1,2015-10", "1.1,Oct-15")],
        "data/monthly/2015-16.csv:2",
        "Excel reformatted it — format the column as Text",
    ),
    error(
        "diagnostics: a month Excel reformatted as a day",
        &[Replace(CSV, "1.1,2015-11", "1.1,01/11/2015")],
        "data/monthly/2015-16.csv:3",
        "the month column must be YYYY-MM",
    ),
    error(
        "diagnostics: an unquoted thousands separator",
        &[Replace(CSV, "1.1,2015-10,374,", "1.1,2015-10,1,374,")],
        "data/monthly/2015-16.csv:2",
        "if `1,374` is one number, its thousands separator splits it into two cells: write 1374",
    ),
    error(
        "diagnostics: a field indented less than its block",
        &[Replace(SECTIONS, "    unit: count", "   unit: count")],
        "data/sections/01-referrals.yaml:11",
        "`unit:` is indented by 3 spaces, unlike the lines of its block",
    ),
    error(
        "diagnostics: a cover saved as UTF-16 without a byte-order mark",
        &[Utf16(COVER)],
        COVER,
        "the file is UTF-16 text, not UTF-8",
    ),
    error(
        "diagnostics: commentary that is not UTF-8 gets an editor's hint",
        &[Bytes(COVER, b"---\nstatus: Final\n---\n\xa3 note\n")],
        "content/editions/2015-12/index.md:4",
        "choose the encoding \"UTF-8\"",
    ),
    error(
        "diagnostics: commentary with lone carriage returns is read, at the right line",
        &[
            Replace(ANALYSIS, "{{ rag 1.2 }}", "{{ rag 9.9 }}"),
            LoneCr(ANALYSIS),
        ],
        "content/editions/2015-12/referrals.md:3",
        "no indicator has the id `9.9`",
    ),
    warning(
        "diagnostics: a percentage over 100 with lone carriage returns",
        &[
            Replace(CSV, "1.3,2015-11,31.4", "1.3,2015-11,314"),
            LoneCr(CSV),
        ],
        "data/monthly/2015-16.csv:9",
        "is over 100 for a percentage",
    ),
    error(
        "diagnostics: a section id Windows reserves",
        &[Replace(SECTIONS, "id: referrals", "id: con")],
        "data/sections/01-referrals.yaml:1",
        "section id `con` is a name Windows reserves",
    ),
    error(
        "diagnostics: a page name Windows reserves",
        &[Write(
            "content/pages/com1.md",
            "---\ntitle: Ports\n---\nText.\n",
        )],
        "content/pages/com1.md",
        "page name `com1` is a name Windows reserves",
    ),
    error(
        "diagnostics: an invisible character in a figure is shown escaped",
        &[Replace(CSV, "1.1,2015-10,374", "1.1,2015-10,374\u{200b}")],
        "data/monthly/2015-16.csv:2",
        "`374\\u{200b}` in the value column is not a number",
    ),
    error(
        "diagnostics: a broken link is reported at the Markdown line that made it",
        &[Replace(
            ANALYSIS,
            "Referral numbers fell",
            "Referral numbers [fell](../../2015-11/referrals/)",
        )],
        "content/editions/2015-12/referrals.md:1",
        "broken link `../../2015-11/referrals/`",
    ),
    error(
        "diagnostics: a field indented more than its block",
        &[Replace(SECTIONS, "    unit: count", "      unit: count")],
        "data/sections/01-referrals.yaml:11",
        "`unit:` is indented by 6 spaces, more than the line above",
    ),
    // Issue 11: limits and escaping
    error(
        "limits: a value too large for a chart's axis",
        &[Replace(CSV, "1.1,2015-11,509", "1.1,2015-11,1.7e308")],
        "data/monthly/2015-16.csv:3",
        "`1.7e308` in the value column is too large",
    ),
    error(
        "limits: values whose range overflows",
        &[
            Replace(CSV, "1.1,2015-10,374", "1.1,2015-10,-9e307"),
            Replace(CSV, "1.1,2015-11,509", "1.1,2015-11,9e307"),
        ],
        "data/monthly/2015-16.csv:2",
        "between -1,000,000,000,000 and 1,000,000,000,000",
    ),
    error(
        "limits: a denominator beyond floating point",
        &[Replace(CSV, "87.2,423,485", "87.2,423,1e400")],
        "data/monthly/2015-16.csv:7",
        "`1e400` in the denominator column is too large",
    ),
    error(
        "limits: a target too large",
        &[Replace(
            SECTIONS,
            "green: 86, amber: 83",
            "green: 1e308, amber: 83",
        )],
        "data/sections/01-referrals.yaml:21",
        "the 2015/16 target has the figure 1e308, which is too large",
    ),
    error(
        "limits: a benchmark too large",
        &[Replace(
            SECTIONS,
            "national_avg: 87.1",
            "national_avg: -9e307",
        )],
        "data/sections/01-referrals.yaml:14",
        "the benchmark -9e307 is too large",
    ),
    error(
        "limits: an outturn too large",
        &[Replace(SECTIONS, "2014/15: 69.6", "2014/15: 2e12")],
        "data/sections/01-referrals.yaml:14",
        "the 2014/15 outturn, 2e12, is too large",
    ),
    error(
        "limits: block quotes nested 5,000 deep",
        &[Generate(ANALYSIS, quotes_5000_deep)],
        "content/editions/2015-12/referrals.md:3",
        "the Markdown nests more than 32 deep here",
    ),
    error(
        "limits: 100 KB of nested lists",
        &[Generate(ABOUT, lists_100_kb)],
        "content/pages/about.md:20",
        "flatten them",
    ),
    error(
        "limits: divs opened 10,000 deep",
        &[Generate(COVER, divs_10000_deep)],
        "content/editions/2015-12/index.md:6",
        "the Markdown nests more than 32 deep here",
    ),
    error(
        "limits: a section definition nested 300 deep",
        &[Generate(SECTIONS, definition_300_deep)],
        "data/sections/01-referrals.yaml:1",
        "section referrals: the `definition` is larger than 128 KB or nests more than 32 deep",
    ),
    error(
        "limits: a Markdown file over 128 KB",
        &[Generate(ABOUT, page_300_kb)],
        "content/pages/about.md",
        "the file is 293 KB; a Markdown file may be at most 128 KB",
    ),
    error(
        "limits: a vertical tab pasted into a section title",
        &[Replace(
            SECTIONS,
            "title: Referrals\n",
            "title: Refer\u{b}rals\n",
        )],
        "data/sections/01-referrals.yaml:2",
        "the text holds a vertical tab (U+000B)",
    ),
    error(
        "limits: a NUL written as a YAML escape in the site title",
        &[Replace(
            "site.yaml",
            "title: Small Test Report",
            "title: \"Small\\0Report\"",
        )],
        "site.yaml:1",
        "the text holds a NUL character (U+0000)",
    ),
    error(
        "limits: a form feed in the site title",
        &[Replace(
            "site.yaml",
            "title: Small Test Report",
            "title: \"Small\\f\\\"; } html{display:none} x{\"",
        )],
        "site.yaml:1",
        "the text holds a form feed (U+000C)",
    ),
    error(
        "limits: an escape sequence in a CSV note",
        &[Replace(
            CSV,
            "1.1,2015-10,374,,,,",
            "1.1,2015-10,374,,,,\u{1b}]0;title\u{7}",
        )],
        "data/monthly/2015-16.csv:2",
        "the row holds an escape character (U+001B)",
    ),
    warning(
        "limits: a vertical tab in commentary is removed",
        &[Replace(ANALYSIS, "fell, as", "fell,\u{b} as")],
        "content/editions/2015-12/referrals.md:1",
        "a vertical tab (U+000B) was removed from the commentary",
    ),
    warning(
        "limits: a C1 control in a page is removed",
        &[Replace(
            ABOUT,
            "published monthly",
            "published\u{85} monthly",
        )],
        "content/pages/about.md:4",
        "a next-line character (U+0085) was removed",
    ),
    error(
        "limits: the year 0000 in a month",
        &[Replace(CSV, "1.1,2015-10,374", "1.1,0000-10,374")],
        "data/monthly/2015-16.csv:2",
        "the year 0 is not between 1900 and 2200",
    ),
    error(
        "limits: a target for the year 9999",
        &[Replace(
            SECTIONS,
            "- year: 2015/16\n        threshold: { good: high",
            "- year: 9999/00\n        threshold: { good: high",
        )],
        "data/sections/01-referrals.yaml:21",
        "the year 9999 is not between 1900 and 2200",
    ),
    error(
        "limits: a negative count",
        &[Replace(CSV, "1.1,2015-11,509", "1.1,2015-11,-509")],
        "data/monthly/2015-16.csv:3",
        "indicator 1.1: the value for 2015-11, -509, is below zero",
    ),
    error(
        "limits: a negative denominator",
        &[Replace(CSV, "76.0,387,509", "76.0,387,-509")],
        "data/monthly/2015-16.csv:6",
        "the denominator for 2015-11, -509, is below zero",
    ),
    warning(
        "limits: a negative percentage",
        &[Replace(CSV, "1.3,2015-11,31.4", "1.3,2015-11,-31.4")],
        "data/monthly/2015-16.csv:9",
        "indicator 1.3: the value for 2015-11, -31.4, is below zero",
    ),
    // Section pages (issue 14, "detail"): commentary attached to indicators, and the
    // extra figures a site asks for.
    error(
        "detail: a passage attached to an unknown indicator",
        &[Write(
            ANALYSIS,
            "Referrals fell.\n\n### Re-referrals {1.1 9.9}\n\nFewer came back.\n",
        )],
        "content/editions/2015-12/referrals.md:3",
        "the passage is attached to `9.9`, but no indicator has that id",
    ),
    error(
        "detail: a heading whose braces name no indicator",
        &[Write(
            ANALYSIS,
            "Referrals fell.\n\n### Referrals {}\n\nText.\n",
        )],
        "content/editions/2015-12/referrals.md:3",
        "the braces ending this heading name no indicator",
    ),
    error(
        "detail: show lists a figure scorecard cannot show",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nshow:\n  - change\n  - median\n",
        )],
        "site.yaml:5",
        "`show` lists `median`, which is not a figure scorecard can show",
    ),
    // wide: monthly data as councils keep it, one column per month, in CSV or a workbook.
    error(
        "wide: workbook sheet name misspelt",
        &[
            Remove(CSV),
            Workbook(XLSX, council_workbook),
            Write("site.yaml", COUNCIL_SETTINGS_MISSPELT),
        ],
        XLSX,
        "the workbook has no sheet named `Scorcard`",
    ),
    error(
        "wide: CSV with the same month twice",
        &[Write(
            CSV,
            "indicator,Oct 15,Nov 15,Nov-15\n1.1,374,509,485\n",
        )],
        "data/monthly/2015-16.csv:1",
        "a second column is headed November 2015",
    ),
    error(
        "wide: CSV month heading that is not a month",
        &[Write(
            CSV,
            "indicator,Oct 15,Novmber 15,Dec 15\n1.1,374,509,485\n",
        )],
        "data/monthly/2015-16.csv:1",
        "the column heading `Novmber 15` is not a month",
    ),
    error(
        "wide: CSV with text in a month's cell",
        &[Write(
            CSV,
            "indicator,Oct 15,Nov 15,Dec 15\n1.1,374,about 500,485\n",
        )],
        "data/monthly/2015-16.csv:2",
        "`about 500` in the November 2015 column of indicator 1.1 is not a figure",
    ),
    error(
        "wide: workbook with text in a month's cell",
        &[
            Remove(CSV),
            Workbook(XLSX, council_workbook_with_text),
            Write("site.yaml", COUNCIL_SETTINGS),
        ],
        "data/monthly/scorecard.xlsx:6",
        "sheet `Scorecard`, cell F6: `see note` in the November 2015 column of indicator 1.2 is not a figure",
    ),
    error(
        "wide: workbook with merged month headings",
        &[
            Remove(CSV),
            Workbook(XLSX, council_workbook_merged),
            Write("site.yaml", COUNCIL_SETTINGS),
        ],
        "data/monthly/scorecard.xlsx:3",
        "sheet `Scorecard`, cell F3: column F has no heading, but holds cells below it",
    ),
    warning(
        "wide: CSV month headings as Excel day numbers",
        &[Write(
            CSV,
            "indicator,42278,42309,42339\n1.1,374,509,485\n1.2,74.7,76.0,87.2\n1.3,30.6,31.4,22.0\n",
        )],
        "data/monthly/2015-16.csv:1",
        "the heading `42278` is a number, read as Excel's day number for a date in October 2015",
    ),
    warning(
        "wide: workbook month heading that Excel made a day of this year",
        &[
            Remove(CSV),
            Workbook(XLSX, council_workbook_day_heading),
            Write("site.yaml", COUNCIL_SETTINGS),
        ],
        "data/monthly/scorecard.xlsx:3",
        "the heading is the date 15 December 2015",
    ),
    error(
        "wide: workbook id that Excel turned into a number",
        &[
            Remove(CSV),
            Replace(SECTIONS, "id: \"1.3\"", "id: \"1.30\""),
            Workbook(XLSX, council_workbook_mangled_id),
            Write("site.yaml", COUNCIL_SETTINGS),
        ],
        "data/monthly/scorecard.xlsx:7",
        "did you mean `1.30`?",
    ),
    error(
        "wide: workbook row with figures but no id",
        &[
            Remove(CSV),
            Workbook(XLSX, council_workbook_no_id),
            Write("site.yaml", COUNCIL_SETTINGS),
        ],
        "data/monthly/scorecard.xlsx:7",
        "the row has a figure for October 2015 but no indicator id",
    ),
    error(
        "wide: workbook without the key column",
        &[
            Remove(CSV),
            Workbook(XLSX, council_workbook),
            Write("site.yaml", COUNCIL_SETTINGS_WRONG_KEY),
        ],
        XLSX,
        "no column is headed `Reference`",
    ),
    error(
        "wide: data names a file that is not there",
        &[Write("site.yaml", COUNCIL_SETTINGS)],
        "site.yaml:4",
        "`data` names `data/monthly/scorecard.xlsx`, which does not exist",
    ),
    error(
        "wide: data gives a sheet for a CSV file",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\ndata:\n  - file: data/monthly/2015-16.csv\n    sheet: Scorecard\n",
        )],
        "site.yaml:5",
        "`sheet` is given for `data/monthly/2015-16.csv`, which is not a workbook",
    ),
    error(
        "wide: data names a file outside data/monthly",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\ndata:\n  - file: ../secrets.xlsx\n",
        )],
        "site.yaml:4",
        "which is not a data file under data/monthly/",
    ),
    // columns: what the tables show (summary columns, monthly window, change words, lifecycle)
    error(
        "columns: unknown summary column",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nsummary:\n  columns: [reference, indicatr, ytd]\n",
        )],
        "site.yaml:4",
        "did you mean `indicator`?",
    ),
    error(
        "columns: negative number of months",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nsummary:\n  columns:\n    - reference\n    - last_months: -3\n",
        )],
        "site.yaml:6",
        "expected a number of months from 1 to 24",
    ),
    error(
        "columns: a word column given a value",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nsummary:\n  columns:\n    - ytd: 3\n",
        )],
        "site.yaml:5",
        "`ytd` takes no value",
    ),
    error(
        "columns: unknown benchmark",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nsummary:\n  benchmark_columns:\n    - benchmark: regional_average\n",
        )],
        "site.yaml:5",
        "name one of the site's benchmark columns (`benchmarks:`): stat_neighbour_avg, best_stat_neighbour, national_avg, national_top_quartile",
    ),
    error(
        "columns: unknown monthly window",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nmonthly_window: thirteen_months\n",
        )],
        "site.yaml:3",
        "last_13_months",
    ),
    error(
        "columns: negative change threshold",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nchange_threshold: -0.1\n",
        )],
        "site.yaml:3",
        "such as 0.10 for 10%",
    ),
    error(
        "columns: negative months for an old measure",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nlifecycle:\n  old_measure_months: -1\n",
        )],
        "site.yaml:4",
        "from 0 to 120",
    ),
    error(
        "columns: misspelt word setting",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nwords:\n  simlar: Similar\n",
        )],
        "site.yaml:4",
        "did you mean `similar`?",
    ),
    warning(
        "columns: data row after the measure ended",
        &[Replace(
            SECTIONS,
            "    data_note: In month\n",
            "    data_note: In month\n    ends: 2015-11\n",
        )],
        "data/monthly/2015-16.csv:4",
        "outside the measure's life",
    ),
    // fields: the indicator definition (ref and id, roles, units, benchmarks, qualitative measures)
    error(
        "fields: a unit scorecard does not know",
        &[Replace(SECTIONS, "unit: count", "unit: litres")],
        "data/sections/01-referrals.yaml:11",
        "litres",
    ),
    error(
        "fields: a rate per 7",
        &[Replace(SECTIONS, "unit: count", "unit: rate\n    per: 7")],
        "data/sections/01-referrals.yaml:12",
        "expected 1000, 10000 or 100000",
    ),
    error(
        "fields: a qualitative measure given a number",
        &[Replace(
            SECTIONS,
            "    ytd: sum\n",
            "    kind: qualitative\n",
        )],
        "data/monthly/2015-16.csv:2",
        "is qualitative, but its row for 2015-10 gives the value 374",
    ),
    error(
        "fields: a judgement word scorecard does not know",
        &[Write(
            "data/monthly/judgements.csv",
            "indicator,month,value,judgement\n1.3,2015-12,,splendid\n",
        )],
        "data/monthly/judgements.csv:2",
        "`splendid` in the judgement column is not a judgement",
    ),
    error(
        "fields: two references that make the same id",
        &[
            Replace(SECTIONS, "  - id: \"1.2\"", "  - ref: \"R1 (%)\""),
            Replace(SECTIONS, "  - id: \"1.3\"", "  - ref: \"R1 %\""),
        ],
        "data/sections/01-referrals.yaml:28",
        "the id `R1` made from reference `R1 %` is used twice",
    ),
    error(
        "fields: an owner given as an e-mail address",
        &[Replace(
            SECTIONS,
            "    data_note: In month\n",
            "    data_note: In month\n    owner: jo.bloggs@example.gov.uk\n",
        )],
        "data/sections/01-referrals.yaml:13",
        "looks like an e-mail address",
    ),
    error(
        "fields: a benchmark the site has no column for",
        &[Replace(
            SECTIONS,
            "      national_avg: 87.1",
            "      regional_avg: 87.1",
        )],
        "data/sections/01-referrals.yaml:14",
        "`regional_avg`, which is not a benchmark column of the site",
    ),
    // Statistical process control (issue 17, docs/spc.md).
    error(
        "spc: a shift of one month",
        &[Write(
            "site.yaml",
            "title: T\norganisation: O\nspc:\n  shift: 1\n",
        )],
        "site.yaml:4",
        "`spc.shift` is 1; expected a number of months from 2 to 60",
    ),
    error(
        "spc: a baseline that ends before it starts",
        &[Replace(
            SECTIONS,
            "    short: Referrals\n",
            "    short: Referrals\n    spc: { from: 2015-10, fixed_to: 2015-06 }\n",
        )],
        "data/sections/01-referrals.yaml:10",
        "indicator 1.1: `spc.fixed_to` (2015-06) is before `spc.from` (2015-10)",
    ),
    error(
        "spc: a baseline month that is not a month",
        &[Replace(
            SECTIONS,
            "    short: Referrals\n",
            "    short: Referrals\n    spc: { from: 2015-13 }\n",
        )],
        "data/sections/01-referrals.yaml:10",
        "indicator 1.1: `spc.from`",
    ),
    // breakdowns
    error(
        "breakdowns: a member row naming a member not declared",
        &[
            Replace("site.yaml", "base_url:", BREAKDOWNS),
            Replace(
                SECTIONS,
                "    short: Referrals\n",
                "    short: Referrals\n    breakdown: team\n",
            ),
            Write(
                "data/monthly/teams.csv",
                "indicator,month,team,value\n1.1,2015-10,north,200\n1.1,2015-10,nrth,174\n",
            ),
        ],
        "data/monthly/teams.csv:3",
        "the members of `team` are north, south",
    ),
    error(
        "breakdowns: member rows for an indicator that is not broken down",
        &[
            Replace("site.yaml", "base_url:", BREAKDOWNS),
            Write(
                "data/monthly/teams.csv",
                "indicator,month,team,value\n1.1,2015-10,north,200\n",
            ),
        ],
        "data/monthly/teams.csv:2",
        "indicator 1.1 is not broken down",
    ),
    error(
        "breakdowns: an indicator broken down by a dimension the site does not declare",
        &[
            Replace("site.yaml", "base_url:", BREAKDOWNS),
            Replace(
                SECTIONS,
                "    short: Referrals\n",
                "    short: Referrals\n    breakdown: area\n",
            ),
        ],
        "data/sections/01-referrals.yaml:10",
        "`breakdown` names `area`, which is not a dimension of the site",
    ),
    error(
        "breakdowns: a shortcode naming a member not declared",
        &[
            Replace("site.yaml", "base_url:", BREAKDOWNS),
            Replace(
                SECTIONS,
                "    short: Referrals\n",
                "    short: Referrals\n    breakdown: team\n",
            ),
            Replace(
                ANALYSIS,
                "Referral numbers fell",
                "{{ value 1.1 team=nrth }} Referral numbers fell",
            ),
        ],
        ANALYSIS,
        "`nrth` is not a member of the dimension `team`",
    ),
    warning(
        "breakdowns: a total that is not the sum of its members",
        &[
            Replace("site.yaml", "base_url:", BREAKDOWNS),
            Replace(
                SECTIONS,
                "    short: Referrals\n",
                "    short: Referrals\n    breakdown: team\n",
            ),
            Write(
                "data/monthly/teams.csv",
                "indicator,month,team,value\n1.1,2015-10,north,300\n1.1,2015-10,south,70\n",
            ),
        ],
        "data/monthly/2015-16.csv:2",
        "for October 2015, the total is 374 but the teams' figures add up to 370",
    ),
];

/// A dimension for the breakdown cases, put before the settings' `base_url`.
const BREAKDOWNS: &str = "breakdowns:\n  team:\n    members:\n      - { key: north, label: North }\n      - { key: south, label: South }\nbase_url:";

/// The workbook of the `wide:` cases.
const XLSX: &str = "data/monthly/scorecard.xlsx";

/// The small fixture's settings, reading [`XLSX`] as a council lays it out.
const COUNCIL_SETTINGS: &str = "title: Small Test Report
organisation: Example Borough Council
data:
  - file: data/monthly/scorecard.xlsx
    sheet: Scorecard
    key: Ref
    ignore: [Area, Description, Owner, \"% change from last month\", \"12 month average\", Commentary]
";

const COUNCIL_SETTINGS_MISSPELT: &str = "title: Small Test Report
organisation: Example Borough Council
data:
  - file: data/monthly/scorecard.xlsx
    sheet: Scorcard
    key: Ref
";

const COUNCIL_SETTINGS_WRONG_KEY: &str = "title: Small Test Report
organisation: Example Borough Council
data:
  - file: data/monthly/scorecard.xlsx
    sheet: Scorecard
    key: Reference
";

fn council_workbook() -> Vec<u8> {
    crate::workbook::xlsx("Scorecard", &crate::workbook::council_sheet(), &[])
}

/// The council's sheet with one cell changed: row and column as Excel numbers them.
fn council_with(
    row: usize,
    column: usize,
    cell: crate::workbook::Cell,
) -> Vec<Vec<crate::workbook::Cell>> {
    let mut rows = crate::workbook::council_sheet();
    rows[row - 1][column] = cell;
    rows
}

fn council_workbook_with_text() -> Vec<u8> {
    let rows = council_with(6, 5, crate::workbook::S("see note"));
    crate::workbook::xlsx("Scorecard", &rows, &[])
}

/// Months headed by one merged cell across columns E to G.
fn council_workbook_merged() -> Vec<u8> {
    let rows = council_with(3, 4, crate::workbook::S("Monthly figures"));
    crate::workbook::xlsx("Scorecard", &rows, &[(2, 4, 2, 6)])
}

fn council_workbook_day_heading() -> Vec<u8> {
    let rows = council_with(3, 6, crate::workbook::D(2015, 12, 15));
    crate::workbook::xlsx("Scorecard", &rows, &[])
}

fn council_workbook_mangled_id() -> Vec<u8> {
    let rows = council_with(7, 0, crate::workbook::N(1.30));
    crate::workbook::xlsx("Scorecard", &rows, &[])
}

fn council_workbook_no_id() -> Vec<u8> {
    let rows = council_with(7, 0, crate::workbook::B);
    crate::workbook::xlsx("Scorecard", &rows, &[])
}

fn quotes_5000_deep() -> String {
    format!("Referral numbers fell.\n\n{}deep\n", "> ".repeat(5000))
}

fn lists_100_kb() -> String {
    let mut text = String::from("---\ntitle: About\n---\n");
    for depth in 0.. {
        if text.len() > 100_000 {
            break;
        }
        text.push_str(&format!("{}- item\n", "  ".repeat(depth)));
    }
    text
}

fn definition_300_deep() -> String {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/small")
            .join(SECTIONS),
    )
    .unwrap();
    let deep = format!("definition: \"{}deep\"\n", "> ".repeat(300));
    text.replacen(
        "definition: |\n  A referral is a request for services.\n",
        &deep,
        1,
    )
}

fn divs_10000_deep() -> String {
    format!(
        "---\nstatus: Final\ncreated: 2016-01-18\n---\n\n{}deep\n",
        "<div>".repeat(10_000)
    )
}

fn page_300_kb() -> String {
    format!("---\ntitle: About\n---\n{}\n", "word ".repeat(60_000))
}

fn apply(site: &TestSite, change: &Change) {
    match *change {
        Replace(file, from, to) => {
            let path = site.root().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} does not contain {from:?}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        }
        Write(file, text) => {
            site.write(file, text);
        }
        Bytes(file, bytes) => {
            let path = site.root().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        Remove(file) => std::fs::remove_file(site.root().join(file)).unwrap(),
        Crlf(file) => {
            let path = site.root().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
        }
        LoneCr(file) => {
            let path = site.root().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace('\n', "\r")).unwrap();
        }
        Utf16(file) => {
            let path = site.root().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            std::fs::write(&path, bytes).unwrap();
        }
        Generate(file, make) => {
            site.write(file, &make());
        }
        Workbook(file, make) => {
            let path = site.root().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, make()).unwrap();
        }
    }
}

/// Whether `stderr` has a diagnostic of `kind` pointing at `at` (followed by a column,
/// or by the end of the line when `at` names a whole file) that says `says`.
fn reported(stderr: &str, kind: Kind, at: &str, says: &str) -> bool {
    let label = match kind {
        Kind::Error => "error: ",
        Kind::Warning => "warning: ",
    };
    // Each diagnostic starts with its label at the start of a line.
    stderr
        .split("\n\n")
        .filter(|block| block.trim_start().starts_with(label))
        .any(|block| {
            let located = block.lines().any(|line| {
                line.trim_start()
                    .strip_prefix("--> ")
                    .and_then(|rest| rest.strip_prefix(at))
                    .is_some_and(|after| after.is_empty() || after.starts_with(':'))
            });
            located && block.contains(says)
        })
}

/// How long one run of `check` or `build` may take before it counts as hung: the
/// small fixture builds in well under a second, even on a loaded two-core machine.
const TIMEOUT: Duration = Duration::from_secs(5);

/// The corpus as one named test per case, run by the `bad_input` test target
/// (tests/bad_input/main.rs), so that one case runs alone with
/// `cargo test --test bad_input -- "settings: broken YAML"`.
pub fn trials() -> Vec<Trial> {
    let mut trials = vec![Trial::test("the corpus has at least 60 cases", || {
        if CASES.len() >= 60 {
            Ok(())
        } else {
            Err(format!("the corpus has only {} cases", CASES.len()).into())
        }
    })];
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    let duplicates: Vec<&str> = names
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    trials.push(Trial::test("case names are unique", move || {
        if duplicates.is_empty() {
            Ok(())
        } else {
            Err(format!("more than one case is named {duplicates:?}").into())
        }
    }));
    trials.extend(CASES.iter().enumerate().map(|(index, case)| {
        let runner = runner(index);
        // The cases that run the binary say so in the list of tests.
        Trial::test(case.name, move || run(case, runner).map_err(Failed::from)).with_kind(
            if runner == Runner::Binary {
                "binary"
            } else {
                ""
            },
        )
    }));
    trials
}

/// The small fixture, built once: every case starts from a copy of it and its output.
fn built_fixture() -> &'static TestSite {
    static BUILT: OnceLock<TestSite> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = TestSite::fixture("small");
        scorecard::build(&options(&site, false)).expect("the small fixture builds");
        site
    })
}

fn options(site: &TestSite, strict: bool) -> BuildOptions {
    BuildOptions {
        site: site.root().to_path_buf(),
        out: site.out(),
        base_url: None,
        strict,
        timings: false,
    }
}

/// What one run of `check` or `build` ended with.
struct Outcome {
    code: i32,
    stderr: String,
}

/// Runs `f` on a thread of its own and waits at most [`TIMEOUT`] for its outcome; a run
/// that hangs fails the case (its thread is left behind; the test process ends with the
/// suite).
fn in_process(f: impl FnOnce() -> Outcome + Send + 'static) -> Result<Outcome, String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(f());
    });
    receiver
        .recv_timeout(TIMEOUT)
        .map_err(|_| format!("timed out after {} s", TIMEOUT.as_secs()))
}

/// Runs `check` in this process: it writes nothing, and the binary would only print
/// the same diagnostics.
fn check(site: &TestSite, strict: bool) -> Result<Outcome, String> {
    let options = options(site, strict);
    in_process(move || {
        let diagnostics = scorecard::check(&options);
        Outcome {
            code: i32::from(diagnostics.fail(strict)),
            stderr: diagnostics.to_string(),
        }
    })
}

/// How a case runs `build`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Runner {
    /// The library's `build`, in this process, as `scorecard build` calls it: the
    /// library is what reports the problems and leaves the previous site alone; the
    /// binary only prints its result and turns it into an exit code.
    InProcess,
    /// The real binary, for its exit code and what it prints, on a few cases of every
    /// area (see [`runner`]).
    Binary,
}

/// Which cases build with the real binary: the first error and the first warning of
/// each area (the part of a case's name before its colon), so that every kind of input
/// file has a mistake reported through `scorecard build` end to end, exit code and all.
/// Starting the binary is most of a case's time (a debug build is over 100 MB), and
/// the others build in this process.
fn runner(index: usize) -> Runner {
    let area = |case: &Case| case.name.split(':').next().unwrap_or_default();
    let case = &CASES[index];
    let earlier = CASES[..index]
        .iter()
        .any(|c| area(c) == area(case) && c.kind == case.kind);
    if earlier {
        Runner::InProcess
    } else {
        Runner::Binary
    }
}

/// Runs `build` (with `--strict` if `strict`), in this process or with the binary.
fn build(site: &TestSite, strict: bool, runner: Runner) -> Result<Outcome, String> {
    match runner {
        Runner::InProcess => {
            let options = options(site, strict);
            in_process(move || match scorecard::build(&options) {
                // As the binary prints them: the warnings of a build that succeeded,
                // or every problem of one that failed.
                Ok(summary) => Outcome {
                    code: 0,
                    stderr: summary.warnings.to_string(),
                },
                Err(diagnostics) => Outcome {
                    code: 1,
                    stderr: diagnostics.to_string(),
                },
            })
        }
        Runner::Binary => build_with_binary(site, if strict { &["--strict"] } else { &[] }),
    }
}

/// Runs `scorecard build` with the real binary, which must leave the previous site
/// alone and exit with the documented code; kills it after [`TIMEOUT`].
fn build_with_binary(site: &TestSite, args: &[&str]) -> Result<Outcome, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .arg("build")
        .arg("--site")
        .arg(site.root())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run scorecard: {e}"))?;
    // Read stderr on its own thread, so a full pipe cannot stall the child.
    let mut pipe = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {} s", TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(Outcome {
        code: status.code().unwrap_or(-1),
        stderr: reader.join().unwrap_or_default(),
    })
}

/// Runs one case, returning what went wrong, if anything.
fn run(case: &Case, runner: Runner) -> Result<(), String> {
    let site = TestSite::fixture("small");
    copy_tree(&built_fixture().out(), &site.out());
    let before: BTreeMap<PathBuf, Vec<u8>> = tree(&site.out());
    for change in case.changes {
        apply(&site, change);
    }
    let expect =
        |what: &str, run: Result<Outcome, String>, code: i32, kind: Kind| -> Result<(), String> {
            let run = run.map_err(|e| format!("{what}: {e}"))?;
            if run.code != code {
                return Err(format!(
                    "{what}: exit code {} instead of {code}\n{}",
                    run.code, run.stderr
                ));
            }
            if !reported(&run.stderr, kind, case.at, case.says) {
                return Err(format!(
                    "{what}: no {kind:?} at `{}` saying {:?}\n{}",
                    case.at, case.says, run.stderr
                ));
            }
            Ok(())
        };
    let untouched = |what: &str| -> Result<(), String> {
        if tree(&site.out()) != before {
            return Err(format!("{what}: the previous output was changed"));
        }
        Ok(())
    };
    match case.kind {
        Kind::Error => {
            expect("check", check(&site, false), 1, Kind::Error)?;
            expect("build", build(&site, false, runner), 1, Kind::Error)?;
            untouched("build")?;
        }
        Kind::Warning => {
            expect("check", check(&site, false), 0, Kind::Warning)?;
            expect("check --strict", check(&site, true), 1, Kind::Warning)?;
            expect(
                "build --strict",
                build(&site, true, runner),
                1,
                Kind::Warning,
            )?;
            untouched("build --strict")?;
            expect("build", build(&site, false, runner), 0, Kind::Warning)?;
        }
    }
    Ok(())
}

#[test]
fn one_run_reports_problems_in_every_kind_of_file() {
    let site = TestSite::fixture("small");
    crate::write_a_problem_in_every_kind_of_file(&site);
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    for (at, says) in [
        ("data/sections/02-more.yaml:2", "quote"),
        ("data/monthly/2016-17.csv:3", "expected YYYY-MM"),
        (
            "content/editions/2015-12/more.md:1",
            "`valeu` is not a figure",
        ),
        (
            "themes/default/templates/page.html:2",
            "template `page.html`",
        ),
    ] {
        assert!(
            reported(&stderr, Kind::Error, at, says),
            "{at}: {says}\n{stderr}"
        );
    }
    // Rows, commentary and shortcodes for the broken file's ids are not reported again.
    assert!(!stderr.contains("`2.1`"), "{stderr}");
    assert!(!stderr.contains("unknown section `more`"), "{stderr}");
    assert!(stderr.ends_with("4 errors, 0 warnings.\n"), "{stderr}");
}

#[test]
fn a_csv_file_that_cannot_be_read_is_the_only_problem_reported() {
    let site = TestSite::fixture("small");
    // Excel's plain "CSV" is Windows-1252, not UTF-8: the month's rows are all unread,
    // which must not also be reported as missing figures and an edition with no data.
    let text = std::fs::read(site.root().join(CSV)).unwrap();
    let mut latin1 = text.clone();
    latin1.extend_from_slice(b"1.1,2015-09,3,,,,\xa3 note\n");
    std::fs::write(site.root().join(CSV), latin1).unwrap();
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(
        reported(
            &stderr,
            Kind::Error,
            "data/monthly/2015-16.csv:11",
            "CSV UTF-8"
        ),
        "{stderr}"
    );
    assert!(stderr.ends_with("1 error, 0 warnings.\n"), "{stderr}");
}

#[test]
fn a_template_that_fails_on_every_page_is_reported_once() {
    let site = TestSite::fixture("small");
    site.write(
        "themes/default/templates/section.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ nothing }}\n{% endblock content %}\n",
    );
    site.write(
        "data/sections/02-more.yaml",
        "id: more\ntitle: More\norder: 2\nindicators: []\n",
    );
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.stderr().matches("`nothing` is not defined").count(),
        1,
        "{}",
        run.stderr()
    );
}

#[test]
fn help_documents_the_exit_codes() {
    for command in ["check", "build"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_scorecard"))
            .args([command, "--help"])
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(help.contains("Exit codes: 0"), "{help}");
        assert!(help.contains("--strict"), "{help}");
    }
}

#[test]
fn an_unsafe_base_url_on_the_command_line_is_an_error() {
    let site = TestSite::fixture("small");
    let run = site.run("check", &["--base-url", "javascript:alert(1)"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("--base-url"), "{}", run.stderr());
}

#[test]
fn a_year_to_date_that_overflows_is_no_figure_in_any_file() {
    let site = TestSite::fixture("small");
    // Denominators this small are allowed, but make the ratio year to date overflow.
    let csv = std::fs::read_to_string(site.root().join(CSV))
        .unwrap()
        .replace("280,375", "280,1e-310")
        .replace("387,509", "387,1e-310")
        .replace("423,485", "423,1e-310");
    site.write(CSV, &csv);
    site.build();
    let report: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    let row = &report["indicators"][1];
    assert_eq!(row["id"], "1.2");
    assert!(row["ytd"].is_null(), "{row}");
    for (path, bytes) in tree(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        let words = text.split(|c: char| !c.is_ascii_alphanumeric());
        for word in words {
            assert!(
                !matches!(word, "inf" | "NaN" | "infinity" | "Infinity"),
                "{} shows `{word}`",
                path.display()
            );
        }
    }
}

#[test]
fn control_characters_in_commentary_never_reach_the_output() {
    let site = TestSite::fixture("small");
    let cover = std::fs::read_to_string(site.root().join(COVER)).unwrap();
    let pasted = "Referrals\u{b} fell\u{0} in\u{c} December\u{1b}[2J.\u{85}";
    site.write(COVER, &cover.replace("Referrals fell in December.", pasted));
    let run = site.build();
    assert!(
        run.stderr().contains("a vertical tab (U+000B) was removed"),
        "{}",
        run.stderr()
    );
    crate::assert_well_formed(&site.output("feed.xml"));
    assert!(
        site.output("feed.xml")
            .contains("Referrals fell in December[2J.")
    );
    for (path, bytes) in tree(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(['\u{0}', '\u{b}', '\u{c}', '\u{1b}', '\u{85}']),
            "{} holds a control character",
            path.display()
        );
    }
}
