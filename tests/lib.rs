//! The one integration test binary: every module below builds once.

mod adversarial;
mod api;
mod cli;
mod data;
mod errors;
mod gold;
mod props;
mod regression;
mod rules;
