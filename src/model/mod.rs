//! The report's domain model: plain data, loaded once, never touching the filesystem.

pub mod address;
mod brand;
pub mod fingerprint;
mod indicator;
mod month;
pub mod shortcode;
mod site;
mod spc;
mod text;

pub use address::indicator_anchor;
pub use brand::{Brand, Colour, Logo, WHITE};
pub use indicator::{
    AppliesTo, Benchmarks, Good, Indicator, Observation, Polarity, RangeSides, Renumbering, Rule,
    Series, Target, Unit, YtdMethod,
};
pub use month::{FinancialYear, Month, is_date};
pub use site::{
    ArrowShows, Commentary, DirectionSettings, Edition, ExtraFigure, Labels, NoChange, Page,
    Section, Settings, Site,
};
pub use spc::{SpcChoice, SpcSettings};
pub use text::{control_name, is_stray_control};
