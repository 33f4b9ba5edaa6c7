//! The one integration test binary: every module below builds once.

mod api;
mod errors;
mod gold;
mod rules;
