//! Property tests on the rules: arrows, ratings and the YAML form of targets.

use proptest::prelude::*;
use scorecard::compute::{Arrow, direction_of_travel, rag_for};
use scorecard::model::{
    AppliesTo, ArrowShows, DirectionSettings, FinancialYear, Good, Indicator, NoChange, Polarity,
    RangeSides, Rule, Series, Target, Unit, YtdMethod,
};

use crate::TestSite;

fn indicator(polarity: Polarity, targets: Vec<Target>) -> Indicator {
    Indicator {
        id: "1.1".into(),
        title: "Test".into(),
        short: "Test".into(),
        section: "s".into(),
        polarity,
        unit: Unit::Percentage,
        decimals: 1,
        data_note: None,
        ytd: YtdMethod::None,
        targets,
        outturns: Default::default(),
        benchmarks: None,
        notes: vec![],
        starts: None,
        ends: None,
        renumbered: vec![],
        series: Series::new(),
        revisions: Default::default(),
        spc: None,
        ..Indicator::placeholder("1.1")
    }
}

const FY: fn() -> FinancialYear = || FinancialYear::new(2015, 4);

fn settings(no_change: NoChange) -> DirectionSettings {
    DirectionSettings {
        no_change,
        shows: ArrowShows::Judgement,
    }
}

fn value() -> impl Strategy<Value = f64> {
    // Figures as published: up to two decimals, as data files hold them.
    (-100_000i64..100_000).prop_map(|n| n as f64 / 100.0)
}

fn rule() -> impl Strategy<Value = Rule> {
    let threshold = (any::<bool>(), value(), 0i64..5_000).prop_map(|(high, green, gap)| {
        let gap = gap as f64 / 100.0;
        if high {
            Rule::Threshold {
                good: Good::High,
                green,
                amber: green - gap,
            }
        } else {
            Rule::Threshold {
                good: Good::Low,
                green,
                amber: green + gap,
            }
        }
    });
    let band = (value(), 0i64..5_000, 0i64..5_000).prop_map(|(centre, g, extra)| Rule::Band {
        centre,
        green: g as f64 / 100.0,
        amber: (g + extra) as f64 / 100.0,
    });
    let range =
        (0i64..5_000, 0i64..5_000, 0i64..50, 0u8..3).prop_map(|(min, width, margin, sides)| {
            Rule::Range {
                min: min as f64 / 100.0,
                max: (min + width) as f64 / 100.0,
                amber_margin_pct: margin as f64,
                sides: [RangeSides::Above, RangeSides::Below, RangeSides::Both][sides as usize],
            }
        });
    prop_oneof![threshold, band, range]
}

/// How far a value is from the good side of a rule: 0 inside green, growing outward.
fn distance(rule: &Rule, v: f64) -> f64 {
    match *rule {
        Rule::Threshold {
            good: Good::High,
            green,
            ..
        } => (green - v).max(0.0),
        Rule::Threshold {
            good: Good::Low,
            green,
            ..
        } => (v - green).max(0.0),
        Rule::Band { centre, green, .. } => ((v - centre).abs() - green).max(0.0),
        Rule::Range {
            min, max, sides, ..
        } => {
            let above = if sides == RangeSides::Below {
                0.0
            } else {
                (v - max).max(0.0)
            };
            let below = if sides == RangeSides::Above {
                0.0
            } else {
                (min - v).max(0.0)
            };
            above + below
        }
    }
}

proptest! {
    #[test]
    fn swapping_high_and_low_swaps_the_arrow(previous in value(), current in value(), relative in prop::bool::ANY) {
        let no_change = if relative { NoChange::Relative(0.1) } else { NoChange::Precision };
        let high = direction_of_travel(&indicator(Polarity::High, vec![]), FY(), previous, current, None, &settings(no_change));
        let low = direction_of_travel(&indicator(Polarity::Low, vec![]), FY(), previous, current, None, &settings(no_change));
        let swapped = match high.arrow { Arrow::Up => Arrow::Down, Arrow::Down => Arrow::Up, Arrow::Same => Arrow::Same };
        prop_assert_eq!(low.arrow, swapped);
    }

    #[test]
    fn info_arrows_follow_the_number(previous in value(), current in value()) {
        let dot = direction_of_travel(&indicator(Polarity::Info, vec![]), FY(), previous, current, None, &settings(NoChange::Precision));
        let expected = if (previous * 10.0).round() == (current * 10.0).round() { Arrow::Same } else if current > previous { Arrow::Up } else { Arrow::Down };
        prop_assert_eq!(dot.arrow, expected);
    }

    #[test]
    fn nearer_the_target_never_rates_worse(rule in rule(), a in value(), b in value()) {
        let (near, far) = if distance(&rule, a) <= distance(&rule, b) { (a, b) } else { (b, a) };
        // The band and range rules are symmetric only in distance, so compare on the
        // same side of the centre; thresholds are monotone everywhere.
        let same_side = match rule {
            Rule::Band { centre, .. } => (near - centre).signum() == (far - centre).signum(),
            Rule::Range { min, max, .. } => {
                let mid = (min + max) / 2.0;
                (near - mid).signum() == (far - mid).signum()
            }
            Rule::Threshold { .. } => true,
        };
        prop_assume!(same_side);
        prop_assert!(rag_for(&rule, near) >= rag_for(&rule, far), "{rule:?}: {near} rated below {far}");
    }

    #[test]
    fn values_inside_green_are_green(rule in rule(), v in value()) {
        prop_assume!(distance(&rule, v) == 0.0);
        prop_assert_eq!(rag_for(&rule, v), scorecard::compute::Rag::Green);
    }
}

/// The YAML form of a rule, as docs/format.md documents it.
fn yaml(rule: &Rule) -> String {
    match *rule {
        Rule::Threshold { good, green, amber } => {
            let good = if good == Good::High { "high" } else { "low" };
            format!("threshold: {{ good: {good}, green: {green:?}, amber: {amber:?} }}")
        }
        Rule::Band {
            centre,
            green,
            amber,
        } => format!("band: {{ centre: {centre:?}, green: {green:?}, amber: {amber:?} }}"),
        Rule::Range {
            min,
            max,
            amber_margin_pct,
            sides,
        } => {
            let sides = match sides {
                RangeSides::Above => "above",
                RangeSides::Below => "below",
                RangeSides::Both => "both",
            };
            format!(
                "range: {{ min: {min:?}, max: {max:?}, amber_margin_pct: {amber_margin_pct:?}, sides: {sides} }}"
            )
        }
    }
}

proptest! {
    // Each case builds a real site folder, so a few dozen cases are plenty.
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn rules_round_trip_through_yaml(rule in rule(), ytd in any::<bool>()) {
        let site = TestSite::fixture("small");
        let applies = if ytd { "ytd" } else { "month" };
        site.write(
            "data/sections/01-referrals.yaml",
            &format!(
                "id: referrals\ntitle: Referrals\norder: 1\nindicators:\n  - id: \"1.1\"\n    title: T\n    polarity: high\n    unit: count\n    ytd: sum\n    targets:\n      - year: 2015/16\n        applies_to: {applies}\n        {}\n",
                yaml(&rule)
            ),
        );
        site.write("data/monthly/2015-16.csv", "indicator,month,value\n1.1,2015-12,10\n");
        site.write("content/editions/2015-12/referrals.md", "Text.\n");
        let mut diagnostics = scorecard::diagnostics::Diagnostics::new();
        let input = scorecard::load::site(site.root(), &mut diagnostics).input.filter(|_| !diagnostics.has_errors());
        prop_assert!(input.is_some(), "{}", diagnostics);
        let input = input.unwrap();
        let target = &input.site.sections[0].indicators[0].targets[0];
        prop_assert_eq!(&target.rule, &rule);
        prop_assert_eq!(target.applies_to, if ytd { AppliesTo::Ytd } else { AppliesTo::Month });
    }
}
