//! The one integration test binary: every module below builds once.

mod api;
mod data;
mod props;
mod regression;
