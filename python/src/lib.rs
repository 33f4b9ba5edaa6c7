//! The native module of the Python package `narrative_metrics`
//! (`narrative_metrics._native`), a thin layer over the library.
//!
//! It owns no extraction logic: it turns Python arguments into the
//! library's calls, the library's records into dictionaries (`convert`),
//! runs many texts on every core with the GIL let go (`many`), and turns
//! a `narrative_metrics::RuleError` into the Python exception `RuleError`
//! (`error`). The package's pure-Python side (`narrative_metrics/`) adds
//! `to_pandas` and re-exports what is here.

mod convert;
mod error;
mod many;

use std::path::PathBuf;

use narrative_metrics::{Extractor, RuleSet};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::convert::{Builder, Chars};
use crate::error::RuleError;

/// The languages whose rule sets this build embeds, the first the default.
const LANGS: &[&str] = &["en", "fr"];

/// The extractor for `lang`: that language's embedded rule set, or, for
/// None, every embedded one with each text's language detected from the
/// text, as the batch tool does.
fn embedded(lang: Option<&str>) -> PyResult<Extractor> {
    let mut builder = Extractor::builder();
    match lang {
        None => {
            builder
                .languages(LANGS.iter().filter_map(|l| RuleSet::embedded(l)));
        }
        Some(l) => match RuleSet::embedded(l) {
            Some(set) => {
                builder.rules(set);
            }
            None => {
                return Err(PyValueError::new_err(format!(
                    "no rule set for language {l:?}: this build has {}",
                    LANGS.join(", ")
                )))
            }
        },
    }
    Ok(builder.build())
}

/// Extracts indicator records and quantities from text.
///
/// ``Extractor()`` uses every embedded rule set (English and French) and
/// reads each text with the language detected from it, as the batch tool
/// does; ``Extractor(rules=path)``
/// loads a rule file (which extends or overrides the English set) or a
/// folder (a complete rule set), and raises ``RuleError`` naming file,
/// line and column if it is broken. ``lang`` picks one embedded rule set
/// instead (``"en"`` or ``"fr"``). One extractor serves every thread: build it once
/// and reuse it, since building a rule set takes milliseconds.
///
/// >>> ex = Extractor()
/// >>> [r["kind"] for r in ex.extract("We trained 40 midwives.")]
/// ['beneficiaries']
#[pyclass(frozen, module = "narrative_metrics", name = "Extractor")]
struct PyExtractor {
    inner: Extractor,
    /// How `repr` shows where the rules came from.
    origin: String,
}

#[pymethods]
impl PyExtractor {
    #[new]
    #[pyo3(signature = (rules=None, lang=None))]
    fn new(
        py: Python<'_>,
        rules: Option<PathBuf>,
        lang: Option<&str>,
    ) -> PyResult<PyExtractor> {
        let (inner, origin) = match (rules, lang) {
            (Some(_), Some(_)) => {
                return Err(PyValueError::new_err(
                    "give either rules or lang, not both",
                ))
            }
            (Some(path), None) => {
                let loaded = py.detach(|| RuleSet::load(&path));
                let set = loaded.map_err(|e| error::to_python(py, &e))?;
                let ex = Extractor::builder().rules(set).build();
                (ex, format!("rules={:?}", path.display().to_string()))
            }
            (None, lang) => {
                let origin = match lang {
                    Some(l) => format!("lang={l:?}"),
                    None => format!("lang=None ({})", LANGS.join(", ")),
                };
                (embedded(lang)?, origin)
            }
        };
        Ok(PyExtractor { inner, origin })
    }

    /// The indicator records of one text, as a list of dicts in text order.
    ///
    /// Each dict has the record fields of the project's SPEC (``doc``,
    /// ``section``, ``kind``, ``value``, ``unit``, ``qualifier``,
    /// ``subject``, ``change``, ``period``, ``span``, ``text``, ``rule``,
    /// and any the library adds), with ``value`` (and a change's ``from``
    /// and ``to``) as ``decimal.Decimal``, ``span`` as byte offsets into
    /// the UTF-8 text, and ``char_span`` as the same bounds in Python
    /// string indices: ``text[slice(*r["char_span"])] == r["text"]``.
    /// ``doc`` is the given id, any object, or None.
    #[pyo3(signature = (text, doc=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: String,
        doc: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        records(py, &self.inner, &text, doc)
    }

    /// The records of many texts, on several threads, as one flat list.
    ///
    /// The records come in input order, each text's in text order, equal
    /// to what ``extract`` gives for each text; ``doc`` is ``ids[i]`` for
    /// the ``i``-th text, or ``i`` when ``ids`` is None. ``texts`` and
    /// ``ids`` may be any iterables (lists, pandas Series) of the same
    /// length; every text must be a ``str``. Extraction runs without the
    /// GIL on ``threads`` threads (default: every core) while the calling
    /// thread builds the dicts.
    #[pyo3(signature = (texts, ids=None, threads=None))]
    fn extract_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = strings(texts)?;
        let ids = match ids {
            None => None,
            Some(ids) => {
                let ids: Vec<Bound<'py, PyAny>> =
                    ids.try_iter()?.collect::<PyResult<_>>()?;
                if ids.len() != texts.len() {
                    return Err(PyValueError::new_err(format!(
                        "{} ids for {} texts",
                        ids.len(),
                        texts.len()
                    )));
                }
                Some(ids)
            }
        };
        let threads = match threads {
            Some(0) => {
                return Err(PyValueError::new_err(
                    "threads must be at least 1",
                ))
            }
            Some(n) => n,
            None => {
                std::thread::available_parallelism().map_or(1, |n| n.get())
            }
        };
        many::extract_many(py, &self.inner, &texts, ids.as_deref(), threads)
    }

    /// Layer 1 with this extractor's language data: every number, money
    /// amount and percentage of ``text``, as dicts (``value``, ``unit``,
    /// ``qualifier``, ``range_end``, ``span``, ``char_span``, ``text``).
    fn quantities<'py>(
        &self,
        py: Python<'py>,
        text: String,
    ) -> PyResult<Bound<'py, PyList>> {
        let found: Vec<_> =
            py.detach(|| self.inner.quantities(&text).collect());
        dicts(py, &found, &text, None)
    }

    /// The kind ids of the rule set, in definition order.
    #[getter]
    fn kinds(&self) -> Vec<String> {
        self.inner.rules().kinds().map(str::to_owned).collect()
    }

    fn __repr__(&self) -> String {
        format!("Extractor({})", self.origin)
    }
}

/// The strings of an iterable, copied (the extraction runs without the
/// GIL, so it cannot borrow Python's).
fn strings(texts: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyValueError::new_err(
            "texts must be an iterable of str, not one str",
        ));
    }
    let mut out = Vec::new();
    for (i, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        let Ok(s) = item.cast::<PyString>() else {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "texts[{i}] is {}, not str",
                item.get_type().name()?
            )));
        };
        out.push(s.to_cow()?.into_owned());
    }
    Ok(out)
}

/// The records of one text as dicts; extraction runs without the GIL.
fn records<'py>(
    py: Python<'py>,
    ex: &Extractor,
    text: &str,
    doc: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let found = py.detach(|| ex.extract("", text));
    let doc = doc.unwrap_or_else(|| py.None().into_bound(py));
    dicts(py, &found, text, Some(&doc))
}

/// Dicts of records or quantities of `text`, with `doc` set when given.
fn dicts<'py, T: serde::Serialize>(
    py: Python<'py>,
    items: &[T],
    text: &str,
    doc: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let mut b = Builder::new(py)?;
    let none = py.None().into_bound(py);
    let doc = doc.unwrap_or(&none);
    let mut chars = Chars::default();
    let out = PyList::empty(py);
    for item in items {
        out.append(b.dict(item, doc, text, &mut chars)?)?;
    }
    Ok(out)
}

/// The indicator records of ``text`` with an embedded rule set.
///
/// ``doc`` is the document's id, copied to each record (any object, or
/// None); ``lang`` picks the rule set (``"en"`` or ``"fr"``; None detects
/// the text's language). See ``Extractor.extract`` for the record
/// fields.
///
/// >>> r = extract("The grant, worth 640,000 euros, reached over 2,000 women.")[1]
/// >>> r["value"], r["qualifier"], r["subject"]
/// (Decimal('2000'), 'more_than', 'women')
#[pyfunction]
#[pyo3(signature = (text, doc=None, lang=None))]
fn extract<'py>(
    py: Python<'py>,
    text: String,
    doc: Option<Bound<'py, PyAny>>,
    lang: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let ex = embedded(lang)?;
    records(py, &ex, &text, doc)
}

/// Every number, money amount and percentage of ``text`` (layer 1, the
/// embedded English language data), as dicts with ``value`` and
/// ``range_end`` as ``decimal.Decimal``, ``unit`` (ISO 4217 code, ``%``,
/// ``pp`` or ``number``), ``qualifier``, ``span`` (bytes), ``char_span``
/// (string indices) and ``text``.
///
/// >>> [str(q["value"]) for q in quantities("about 1.6 billion views, 45%")]
/// ['1600000000', '45']
#[pyfunction]
fn quantities<'py>(
    py: Python<'py>,
    text: String,
) -> PyResult<Bound<'py, PyList>> {
    let found: Vec<_> =
        py.detach(|| narrative_metrics::quantities(&text).collect());
    dicts(py, &found, &text, None)
}

/// The native part of ``narrative_metrics``; import the package instead.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyExtractor>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(quantities, m)?)?;
    m.add("RuleError", m.py().get_type::<RuleError>())?;
    m.add("LANGS", LANGS.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
