//! The report's domain model: plain data, loaded once, never touching the filesystem.

pub mod address;
mod brand;
mod columns;
pub mod fingerprint;
mod indicator;
mod month;
pub mod shortcode;
mod site;
mod text;

pub use address::indicator_anchor;
pub use brand::{Brand, Colour, Logo, WHITE};
pub use columns::{
    BenchmarkKey, ChangeSettings, LifecycleSettings, MonthlyWindow, SummaryColumn, SummarySettings,
    Words,
};
pub use indicator::{
    AppliesTo, Benchmarks, Good, Indicator, Marker, Observation, Polarity, RangeSides, Renumbering,
    Rule, Series, Target, Unit, YtdMethod,
};
pub use month::{FinancialYear, Month, is_date};
pub use site::{
    ArrowShows, Commentary, DirectionSettings, Edition, ExtraFigure, Labels, NoChange, Page,
    Section, Settings, Site,
};
pub use text::{control_name, is_stray_control};
