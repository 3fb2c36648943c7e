//! Code shared by the benchmark examples `serve_bench` and `site_bench`.

pub mod reload;
