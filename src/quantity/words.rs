//! Word numerals.
