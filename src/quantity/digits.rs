//! Digit numerals.
