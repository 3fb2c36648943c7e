//! The report's domain model: plain data, loaded once, never touching the filesystem.

pub mod address;
mod brand;
mod breakdown;
mod columns;
pub mod decimal;
pub mod fingerprint;
mod indicator;
mod month;
pub mod shortcode;
mod site;
mod spc;
mod text;

pub use address::indicator_anchor;
pub use brand::{Brand, Colour, Logo, WHITE};
pub use breakdown::{
    Breakdown, BreakdownColumn, Dimension, Member, MemberSeries, MembersMake, TotalRule, differs,
    differs_by, ratio_base,
};
pub use columns::{
    ChangeSettings, LifecycleSettings, MonthlyWindow, SummaryColumn, SummarySettings, Words,
};
pub use indicator::{
    AppliesTo, BEST_STAT_NEIGHBOUR, Benchmark, Benchmarks, Good, Indicator, Judgement, Kind,
    Marker, NATIONAL_AVG, NATIONAL_TOP_QUARTILE, Observation, Polarity, RATE_BASES, RangeSides,
    Renumbering, Rule, STAT_NEIGHBOUR_AVG, Series, Target, Unit, YtdMethod,
};
pub use month::{FinancialYear, Month, is_date};
pub use site::{
    ArrowShows, BenchmarkColumn, Commentary, DirectionSettings, Edition, ExtraFigure, Labels,
    NoChange, Page, Section, Settings, Site,
};
pub use spc::{SpcChoice, SpcSettings};
pub use text::{control_name, is_stray_control};
