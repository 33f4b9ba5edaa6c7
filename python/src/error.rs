//! The Python exception for broken rule files.
//!
//! `RuleError` is a `ValueError` whose message is the library's own
//! report (`path:line:column: message`, the source line and a caret under
//! the column, for every problem found), with the problems also as data:
//! `diagnostics`, a list of dicts, and `file`, `line`, `column` and
//! `message` of the first one, so a caller can point at the place without
//! parsing the text.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

create_exception!(
    narrative_metrics,
    RuleError,
    PyValueError,
    "A rule file or folder could not be loaded.\n\n\
     ``str(err)`` lists every problem as ``file:line:column: message`` with \
     the source line; ``err.diagnostics`` holds them as dicts (``file``, \
     ``line``, ``column``, ``message``, ``rule``; line and column are \
     1-based, or None for a problem with no position, such as a missing \
     file), and ``err.file``, ``err.line``, ``err.column`` and \
     ``err.message`` are those of the first."
);

/// The Python `RuleError` for `err`.
pub fn to_python(py: Python<'_>, err: &narrative_metrics::RuleError) -> PyErr {
    let exc = RuleError::new_err(err.to_string());
    if let Err(e) = fill(py, &exc, err) {
        // Only an out-of-memory error gets here; the message still says
        // everything.
        return e;
    }
    exc
}

fn fill(
    py: Python<'_>,
    exc: &PyErr,
    err: &narrative_metrics::RuleError,
) -> PyResult<()> {
    let value = exc.value(py);
    let mut list = Vec::new();
    for d in err.diagnostics() {
        let item = PyDict::new(py);
        item.set_item("file", d.source_name())?;
        item.set_item("line", d.position().map(|p| p.line))?;
        item.set_item("column", d.position().map(|p| p.column))?;
        item.set_item("message", d.message())?;
        item.set_item("rule", d.rule())?;
        list.push(item);
    }
    let first = list.first().cloned();
    for key in ["file", "line", "column", "message"] {
        let v = match &first {
            Some(d) => d.get_item(key)?.map(Bound::unbind),
            None => None,
        };
        value.setattr(key, v)?;
    }
    value.setattr("diagnostics", list)?;
    Ok(())
}
