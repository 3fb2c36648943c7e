//! Statistical process control on the sample site (docs/spc.md): the figures against
//! an independent working, and the XmR charts, icons and exceptions on the pages.
//!
//! The expected figures below were worked by hand, with a short Python script written
//! apart from the Rust code, from `data/monthly/*.csv` as each edition saw it (a row
//! with `from_edition` replaces the base row from that edition on):
//!
//! - mean = the sum of the baseline's values / their number;
//! - moving ranges |x(i) - x(i-1)|; their mean; any range of 3.267 × that mean or more
//!   left out and the mean taken again (none is left out in these three);
//! - limits = mean ± 2.66 × the average moving range; two sigma = mean ± 1.7733 ×;
//! - a point outside the limits; 7 in a row on one side of the mean; 7 in a row each
//!   higher (or lower) than the last; 2 of 3 in a row beyond two sigma, all three on
//!   one side of the mean;
//! - variation from the latest point; assurance from the target against the limits.

use std::path::Path;

use scorecard::compute::{Assurance, EditionFigures, FirstPublished, Variation, Xmr};
use scorecard::model::{Month, Site};

use crate::TestSite;

fn sample_site() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut diagnostics = scorecard::diagnostics::Diagnostics::new();
    let input = scorecard::load::site(root, &mut diagnostics)
        .input
        .filter(|_| !diagnostics.has_errors());
    input
        .unwrap_or_else(|| panic!("the sample site does not load:\n{diagnostics}"))
        .site
}

/// The analysis of indicator `id` in the edition of `month`.
fn xmr(site: &Site, month: &str, id: &str) -> Xmr {
    let month: Month = month.parse().unwrap();
    let edition = site.editions.iter().find(|e| e.month == month).unwrap();
    let snapshot = site.as_of(month);
    let figures = EditionFigures::compute(&snapshot, edition, &FirstPublished::of(site));
    let shown = figures.indicator(id).unwrap();
    shown.spc.as_ref().unwrap().xmr().unwrap().clone()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 5e-4
}

/// The months where a rule fires, each with its rules, as `2016-01 outside`.
fn signals(x: &Xmr) -> Vec<String> {
    x.special_causes()
        .map(|p| {
            let s = p.signals;
            let rules: Vec<&str> = [
                (s.outside, "outside"),
                (s.shift, "shift"),
                (s.trend, "trend"),
                (s.two_of_three, "two_of_three"),
            ]
            .into_iter()
            .filter_map(|(on, r)| on.then_some(r))
            .collect();
            format!("{} {}", p.month, rules.join("+"))
        })
        .collect()
}

#[test]
fn the_sample_sites_xmr_figures_agree_with_an_independent_working() {
    let site = sample_site();

    // 7.1 Looked after children, March 2016: 18 months, October 2014 to March 2016.
    // Sum 7465, mean 414.7222; moving ranges sum 88 over 17, 5.1765; limits
    // 414.7222 ± 13.7694 = 400.9528 to 428.4916. January (430) and March 2016 (432)
    // are above the upper limit: a volume, so a special cause that is neither better
    // nor worse, high. No target, so no assurance.
    let x = xmr(&site, "2016-03", "7.1");
    assert_eq!(x.baseline_points, 18);
    assert!(close(x.mean, 414.7222) && close(x.mr_bar, 5.1765), "{x:?}");
    assert!(
        close(x.lower, 400.9528) && close(x.upper, 428.4916),
        "{x:?}"
    );
    assert_eq!(signals(&x), ["2016-01 outside", "2016-03 outside"]);
    assert_eq!(x.variation, Variation::NeitherHigh);
    assert_eq!(x.assurance, None);

    // 6.5 Child protection plan rate per 10,000, March 2016: 15 months from January
    // 2015. Mean 71.7867, average moving range 3.1286, limits 63.4647 to 80.1087, two
    // sigma 66.2387 to 77.3347. August and September 2015 (77.5, 78.0) are beyond
    // two sigma above the mean: lower is better, so a concern; November and December
    // 2015, January and March 2016 (65.8, 64.2, 65.3, 65.4) beyond it below: an
    // improvement, and March is the latest point. The target is the band 52.3 ± 5,
    // green from 47.3 to 57.3: the lower limit 63.46 is above it, so the process will
    // consistently fail it.
    let x = xmr(&site, "2016-03", "6.5");
    assert_eq!(x.baseline_points, 15);
    assert!(close(x.mean, 71.7867) && close(x.mr_bar, 3.1286), "{x:?}");
    assert!(close(x.lower, 63.4647) && close(x.upper, 80.1087), "{x:?}");
    assert_eq!(
        signals(&x),
        [
            "2015-08 two_of_three",
            "2015-09 two_of_three",
            "2015-11 two_of_three",
            "2015-12 two_of_three",
            "2016-01 two_of_three",
            "2016-03 two_of_three"
        ]
    );
    assert_eq!(x.variation, Variation::ImprovementLow);
    assert_eq!(x.assurance, Some(Assurance::Fail));

    // 9.1 Long-term placement stability, December 2015: 15 months from October 2014
    // (January 2015 as first published, 71.0). Mean 72.74, average moving range 0.70,
    // limits 70.878 to 74.602, two sigma 71.4987 to 73.9813. October 2014 to June
    // 2015, nine months, are all below the mean: a shift, a concern for a measure
    // where higher is better, with November 2014, January, May and June 2015 also two
    // of three beyond two sigma. August, October, November and December 2015 are
    // above the upper limit: improvements, December the latest. The target, 70% or
    // more, is below the lower limit: it will consistently be met.
    let x = xmr(&site, "2015-12", "9.1");
    assert_eq!(x.baseline_points, 15);
    assert!(close(x.mean, 72.74) && close(x.mr_bar, 0.7), "{x:?}");
    assert!(close(x.lower, 70.878) && close(x.upper, 74.602), "{x:?}");
    assert_eq!(
        signals(&x),
        [
            "2014-10 shift",
            "2014-11 shift+two_of_three",
            "2014-12 shift",
            "2015-01 shift+two_of_three",
            "2015-02 shift",
            "2015-03 shift",
            "2015-04 shift",
            "2015-05 shift+two_of_three",
            "2015-06 shift+two_of_three",
            "2015-08 outside",
            "2015-10 outside",
            "2015-11 outside",
            "2015-12 outside"
        ]
    );
    assert_eq!(x.variation, Variation::ImprovementHigh);
    assert_eq!(x.assurance, Some(Assurance::Pass));

    // 9.2 3+ placements, March 2016: mean 10.8389, limits 8.9925 to 12.6852; eight
    // months below the mean from March to October 2015 (lower is better: an
    // improvement), but March 2016 is common cause. The target, 10% or less, lies
    // between the limits: hit and miss.
    let x = xmr(&site, "2016-03", "9.2");
    assert!(close(x.mean, 10.8389) && close(x.lower, 8.9925) && close(x.upper, 12.6852));
    assert_eq!(x.variation, Variation::CommonCause);
    assert_eq!(x.assurance, Some(Assurance::HitAndMiss));
}

#[test]
fn the_sample_site_shows_spc_where_it_asks_for_it() {
    // Only read: the sample as built once for every test that reads it.
    let site = TestSite::built_sample();
    // March 2016: the XmR charts of 6.x, with their words and marks.
    let page = site.output("2016-03/child-protection/index.html");
    let xmr: Vec<&str> = crate::svgs(&page)
        .into_iter()
        .filter(|svg| svg.contains("aria-labelledby=\"spc-"))
        .collect();
    assert_eq!(xmr.len(), 3, "6.1, 6.3 and 6.5 have XmR charts");
    for svg in &xmr {
        crate::assert_well_formed(svg);
        assert!(svg.contains("XmR chart of"), "{svg}");
    }
    assert!(page.contains("Will consistently fail the target"));
    assert!(page.contains("class=\"special-cause\""));
    // December 2015: 6.x has 12 months, too few, and says so.
    let december = site.output("2015-12/child-protection/index.html");
    assert!(december.contains("No SPC analysis: 12 months of data; limits need at least 15"));
    // The summary table has the column, the overview the counts, and the exceptions
    // page lists 6.5, which will consistently fail its target.
    let edition = site.output("2016-03/index.html");
    assert!(edition.contains("Variation and assurance (SPC)"));
    assert!(edition.contains("By statistical process control"));
    let exceptions = site.output("2016-03/exceptions/index.html");
    let fail = exceptions
        .split("Will consistently fail the target (SPC)")
        .nth(1)
        .unwrap();
    assert!(
        fail.contains("6.5 Number of children with a CP plan"),
        "{fail}"
    );
}
