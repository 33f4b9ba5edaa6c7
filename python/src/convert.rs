//! Records and quantities to Python dictionaries, through their serde
//! serialization.
//!
//! A record's `Serialize` implementation is the one place the library
//! writes its shape (the batch tool's JSON comes from it too), so the
//! dictionaries built here follow it: a field the library adds to its
//! records reaches Python with no change here. Four things are decided by
//! field name, the names SPEC fixes:
//!
//! - decimal strings (`value`, `from`, `to`, `range_end`) become
//!   `decimal.Decimal`, built from the exact string, never from a float,
//!   once per distinct string in a call;
//! - `span` becomes a tuple of byte offsets and is followed by
//!   `char_span`, the same bounds as Python string indices (the same
//!   tuple when they are equal);
//! - `doc` is the caller's own id object (any Python value);
//! - `text` is a new string, while every other string field (kind, unit,
//!   qualifier, rule, period, section, subject, …) takes its value from a
//!   per-call table of shared `str` objects: those fields repeat from
//!   record to record, and a million records then hold a few thousand
//!   strings, not millions.
//!
//! Building the dicts is the part of a call that holds the GIL, so it is
//! kept lean: see the `PERF` notes on `untrack`, `TABLE_MAX`, `WordHash` and
//! `serialize_struct`, and `many::GcPause`.

use std::collections::HashMap;
use std::fmt::{self, Display, Write as _};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple, PyType,
};
use serde::ser::{self, Serialize};

/// What a field's value becomes, decided by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    /// A new `str` for each string.
    Plain,
    /// A `str` shared through the builder's table.
    Shared,
    /// `decimal.Decimal` from the decimal string.
    Decimal,
    /// A tuple (a span's `[start, end]`).
    Tuple,
}

fn field(name: &str) -> Field {
    match name {
        "value" | "from" | "to" | "range_end" => Field::Decimal,
        "span" => Field::Tuple,
        "text" => Field::Plain,
        _ => Field::Shared,
    }
}

/// Builds Python objects for one call; holds what its records share.
pub struct Builder<'py> {
    py: Python<'py>,
    decimal: Bound<'py, PyAny>,
    /// Field names as Python strings, in the order first met.
    keys: Vec<(&'static str, Bound<'py, PyString>)>,
    /// Where in `keys` the next field's name is expected.
    next_key: usize,
    /// Values of the [`Field::Shared`] fields.
    shared: HashMap<Box<str>, Bound<'py, PyString>, WordHash>,
    /// Decimals by their string, made once per call: `Decimal` is
    /// immutable, so records may share one, as Python shares its small
    /// ints.
    decimals: HashMap<Box<str>, Bound<'py, PyAny>, WordHash>,
    /// Per top-level struct name, a dict of its keys (values None) that
    /// each new record's dict starts as a copy of.
    templates: Vec<Template<'py>>,
    /// The text of a value written with `collect_str`.
    buf: String,
}

/// A top-level struct's first dict, every value None, and its fields.
struct Template<'py> {
    name: &'static str,
    dict: Bound<'py, PyDict>,
    /// The field names and their keys, in the order they were written.
    fields: Vec<(&'static str, Bound<'py, PyString>)>,
}

/// The `decimal.Decimal` type, imported once per process.
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Each of the tables [`Builder::shared`] and [`Builder::decimals`]
/// stops growing past this many entries, which bounds a call's extra
/// memory however varied its texts; a value not kept is still made, just
/// not shared.
// PERF: `Decimal(str)` costs about as much as three dict insertions
// (`python -m timeit`: 110 to 295 ns as the machine's load varies), a
// lookup a tenth of that. Values repeat within a corpus (round figures,
// small counts and percentages), and so do subjects ("people",
// "women"): sharing them also saves the memory, and the page faults,
// of one object per record.
const TABLE_MAX: usize = 1 << 16;

impl<'py> Builder<'py> {
    /// A builder for one call.
    ///
    /// # Errors
    ///
    /// When the `decimal` module cannot be imported.
    pub fn new(py: Python<'py>) -> PyResult<Builder<'py>> {
        let decimal = DECIMAL.import(py, "decimal", "Decimal")?.clone();
        Ok(Builder {
            py,
            decimal: decimal.into_any(),
            keys: Vec::new(),
            next_key: 0,
            shared: HashMap::default(),
            decimals: HashMap::default(),
            templates: Vec::new(),
            buf: String::new(),
        })
    }

    /// The dictionary of one record or quantity of `text`: its fields,
    /// with `doc` set to `doc` when the record has one, and `char_span`
    /// after `span`.
    ///
    /// # Errors
    ///
    /// When Python cannot build an object (out of memory), or for a field
    /// shape that has no Python form here (an enum variant with data).
    pub fn dict(
        &mut self,
        value: &impl Serialize,
        doc: &Bound<'py, PyAny>,
        text: &str,
        chars: &mut Chars,
    ) -> PyResult<Bound<'py, PyAny>> {
        let top = Top { doc, text, chars };
        value
            .serialize(Value { b: self, field: Field::Plain, top: Some(top) })
            .map_err(|e| e.0)
    }

    fn key(&mut self, name: &'static str) -> Bound<'py, PyString> {
        // Records write their fields in the same order every time, so the
        // key after the last one found is nearly always the one asked for.
        let same = |k: &&'static str| {
            std::ptr::eq(k.as_ptr(), name.as_ptr()) && k.len() == name.len()
        };
        if let Some((k, key)) = self.keys.get(self.next_key) {
            if same(k) {
                self.next_key += 1;
                return key.clone();
            }
        }
        let found = self
            .keys
            .iter()
            .position(|(k, _)| same(k))
            .or_else(|| self.keys.iter().position(|(k, _)| *k == name));
        if let Some(i) = found {
            self.next_key = i + 1;
            return self.keys[i].1.clone();
        }
        let key = PyString::intern(self.py, name);
        self.keys.push((name, key.clone()));
        self.next_key = self.keys.len();
        key
    }

    fn string(
        &mut self,
        field: Field,
        s: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        match field {
            Field::Decimal => {
                if let Some(v) = self.decimals.get(s) {
                    return Ok(v.clone());
                }
                let v = self.decimal.call1((s,))?;
                if self.decimals.len() < TABLE_MAX {
                    self.decimals.insert(s.into(), v.clone());
                }
                Ok(v)
            }
            Field::Shared => {
                if let Some(v) = self.shared.get(s) {
                    return Ok(v.clone().into_any());
                }
                let v = PyString::new(self.py, s);
                if self.shared.len() < TABLE_MAX {
                    self.shared.insert(s.into(), v.clone());
                }
                Ok(v.into_any())
            }
            Field::Plain | Field::Tuple => {
                Ok(PyString::new(self.py, s).into_any())
            }
        }
    }
}

/// A multiply-and-rotate hash taking eight bytes a step (FxHash's), for
/// the short strings of [`Builder::shared`] and [`Builder::decimals`]:
/// SipHash's protection against chosen keys is not needed for a call's
/// own values, and costs more than the lookup.
// PERF: a byte a step (FNV) made the lookups the largest item of the
// calling thread's own code under `perf`.
#[derive(Clone, Copy, Debug, Default)]
struct WordHash(u64);

impl WordHash {
    fn add(&mut self, word: u64) {
        self.0 =
            (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::BuildHasher for WordHash {
    type Hasher = WordHash;
    fn build_hasher(&self) -> WordHash {
        WordHash(0)
    }
}

impl std::hash::Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, mut bytes: &[u8]) {
        while let Some((word, rest)) = bytes.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*word));
            bytes = rest;
        }
        if !bytes.is_empty() {
            let mut last = [0; 8];
            last[..bytes.len()].copy_from_slice(bytes);
            // The length in the top byte: "a" and "a\0" differ.
            self.add(u64::from_le_bytes(last) | (bytes.len() as u64) << 56);
        }
    }
}

/// Byte offsets to Python string indices (code points), for the records
/// of one text: they come in span order, so each conversion counts only
/// the bytes since the previous one.
#[derive(Clone, Copy, Debug, Default)]
pub struct Chars {
    byte: usize,
    char: usize,
}

impl Chars {
    /// The code-point index of byte offset `at` of `text`.
    pub fn index(&mut self, text: &str, at: usize) -> usize {
        let bytes = text.as_bytes();
        let at = at.min(bytes.len());
        let (from, base) =
            if at >= self.byte { (self.byte, self.char) } else { (0, 0) };
        // Every byte that does not continue a UTF-8 sequence starts a
        // code point (a plain loop the compiler vectorizes).
        let n =
            bytes[from..at].iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = at;
        self.char = base + n;
        self.char
    }
}

/// What the top-level struct adds to its fields.
struct Top<'a, 'py> {
    doc: &'a Bound<'py, PyAny>,
    text: &'a str,
    chars: &'a mut Chars,
}

/// A Python exception carried through serde.
#[derive(Debug)]
pub struct Error(PyErr);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Error {
        Error(PyTypeError::new_err(msg.to_string()))
    }
}

impl From<std::convert::Infallible> for Error {
    fn from(never: std::convert::Infallible) -> Error {
        match never {}
    }
}

impl From<PyErr> for Error {
    fn from(err: PyErr) -> Error {
        Error(err)
    }
}

/// The serializer of one value, knowing which field it fills.
struct Value<'b, 'py> {
    b: &'b mut Builder<'py>,
    field: Field,
    /// Set for the record itself, not for the values inside it.
    top: Option<Top<'b, 'py>>,
}

type Out<'py> = Result<Bound<'py, PyAny>, Error>;

impl<'b, 'py> ser::Serializer for Value<'b, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'b, 'py>;
    type SerializeTuple = Seq<'b, 'py>;
    type SerializeTupleStruct = Seq<'b, 'py>;
    type SerializeTupleVariant = ser::Impossible<Bound<'py, PyAny>, Error>;
    type SerializeMap = Map<'b, 'py>;
    type SerializeStruct = Struct<'b, 'py>;
    type SerializeStructVariant = ser::Impossible<Bound<'py, PyAny>, Error>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        Ok(PyBool::new(self.b.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        Ok(v.into_pyobject(self.b.py)?.into_any())
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        Ok(v.into_pyobject(self.b.py)?.into_any())
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        Ok(v.into_pyobject(self.b.py)?.into_any())
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        let mut buf = [0; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        Ok(self.b.string(self.field, v)?)
    }
    fn collect_str<T: Display + ?Sized>(self, v: &T) -> Out<'py> {
        // One buffer for the call: a decimal value is formatted without a
        // `String` of its own.
        let mut buf = std::mem::take(&mut self.b.buf);
        buf.clear();
        let _ = write!(buf, "{v}");
        let out = self.b.string(self.field, &buf);
        self.b.buf = buf;
        Ok(out?)
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        Ok(PyBytes::new(self.b.py, v).into_any())
    }
    fn serialize_none(self) -> Out<'py> {
        Ok(self.b.py.None().into_bound(self.b.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Out<'py> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Out<'py> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Out<'py> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Out<'py> {
        // As serde_json writes it: `{variant: value}`.
        let dict = PyDict::new(self.b.py);
        let key = self.b.key(variant);
        let field = self.field;
        let value =
            v.serialize(Value { b: &mut *self.b, field, top: None })?;
        dict.set_item(key, value)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'b, 'py>, Error> {
        let tuple = self.field == Field::Tuple;
        Ok(Seq {
            b: self.b,
            items: Vec::with_capacity(len.unwrap_or(0)),
            tuple,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'b, 'py>, Error> {
        Ok(Seq { b: self.b, items: Vec::with_capacity(len), tuple: true })
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Seq<'b, 'py>, Error> {
        self.serialize_tuple(len)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported(name, variant))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'b, 'py>, Error> {
        Ok(Map { dict: PyDict::new(self.b.py), b: self.b, key: None })
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<Struct<'b, 'py>, Error> {
        // PERF: a copy of a dict that has every key already takes each
        // value in place, where a new dict grows (and rehashes) twice on
        // its way to a dozen keys; see `Struct::end`.
        let template = match self.top {
            Some(_) => self.b.templates.iter().position(|t| t.name == name),
            None => None,
        };
        let dict = match template {
            Some(i) => self.b.templates[i].dict.copy()?,
            None => PyDict::new(self.b.py),
        };
        Ok(Struct {
            dict,
            b: self.b,
            top: self.top,
            name,
            template,
            at: 0,
            fields: Vec::new(),
        })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported(name, variant))
    }
}

#[cold]
fn unsupported(name: &str, variant: &str) -> Error {
    Error(PyTypeError::new_err(format!(
        "no Python form for the enum variant {name}::{variant}"
    )))
}

/// Takes a tuple of ints off the garbage collector's lists.
///
/// A tuple holding only ints can never be part of a reference cycle, and
/// CPython itself untracks such a tuple in the first collection it
/// survives; doing it at once means that building a million records
/// triggers no collection pass over them. With the span tuples untracked,
/// a record's dict holds no tracked object, so CPython leaves the dict
/// untracked too (a dict is tracked only once it holds a value that may
/// be), unless it holds a change (a nested dict). Measured on 483,840
/// records (`bench/bench.py`'s corpus, `time.thread_time` around
/// `extract_many`): the calling thread's time fell from 6.4 to 1.9 µs a
/// record.
// PERF: see above.
fn untrack(tuple: &Bound<'_, PyTuple>) {
    // SAFETY: `tuple` is a live tuple (a GC object) that we hold a
    // reference to, with the GIL held; `PyObject_GC_UnTrack` may be
    // called on a tracked or untracked object alike. Only its items make
    // a tuple need tracking, and ints are not containers.
    unsafe { pyo3::ffi::PyObject_GC_UnTrack(tuple.as_ptr().cast()) }
}

/// A sequence: a list, or a tuple for spans and tuples.
struct Seq<'b, 'py> {
    b: &'b mut Builder<'py>,
    items: Vec<Bound<'py, PyAny>>,
    tuple: bool,
}

impl<'py> Seq<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        let item = v.serialize(Value {
            b: &mut *self.b,
            field: Field::Plain,
            top: None,
        })?;
        self.items.push(item);
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let py = self.b.py;
        if !self.tuple {
            return Ok(PyList::new(py, self.items)?.into_any());
        }
        let atomic = self.items.iter().all(|i| i.is_instance_of::<PyInt>());
        let tuple = PyTuple::new(py, self.items)?;
        if atomic {
            untrack(&tuple);
        }
        Ok(tuple.into_any())
    }
}

impl<'py> ser::SerializeSeq for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        v: &T,
    ) -> Result<(), Error> {
        self.push(v)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        v: &T,
    ) -> Result<(), Error> {
        self.push(v)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        v: &T,
    ) -> Result<(), Error> {
        self.push(v)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

/// A map with string keys.
struct Map<'b, 'py> {
    b: &'b mut Builder<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(
        &mut self,
        k: &T,
    ) -> Result<(), Error> {
        self.key = Some(k.serialize(Value {
            b: &mut *self.b,
            field: Field::Shared,
            top: None,
        })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(
        &mut self,
        v: &T,
    ) -> Result<(), Error> {
        let value = v.serialize(Value {
            b: &mut *self.b,
            field: Field::Plain,
            top: None,
        })?;
        match self.key.take() {
            Some(key) => Ok(self.dict.set_item(key, value)?),
            None => Err(ser::Error::custom("a map value without its key")),
        }
    }
    fn end(self) -> Out<'py> {
        Ok(self.dict.into_any())
    }
}

/// A struct, as a dictionary in field order.
struct Struct<'b, 'py> {
    b: &'b mut Builder<'py>,
    dict: Bound<'py, PyDict>,
    top: Option<Top<'b, 'py>>,
    name: &'static str,
    /// The template `dict` is a copy of, by its place in the builder's.
    template: Option<usize>,
    /// How many fields were written so far.
    at: usize,
    /// Without a template, the fields written so far: the template this
    /// dict will become.
    fields: Vec<(&'static str, Bound<'py, PyString>)>,
}

impl<'py> Struct<'_, 'py> {
    /// The key of `name` if the dict already holds it with the value
    /// None: a copy of a template whose next field is `name`, as it is
    /// for every field of a struct that always writes the same ones.
    fn in_template(&self, name: &'static str) -> Option<Bound<'py, PyString>> {
        let t = &self.b.templates[self.template?];
        match t.fields.get(self.at) {
            Some((f, key)) if std::ptr::eq(*f, name) => Some(key.clone()),
            _ => None,
        }
    }
}

impl<'py> ser::SerializeStruct for Struct<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        let known = self.in_template(name);
        self.at += 1;
        let none_already = known.is_some();
        let key = match known {
            Some(key) => key,
            None => self.b.key(name),
        };
        if self.template.is_none() {
            self.fields.push((name, key.clone()));
        }
        if let (Some(top), "doc") = (&self.top, name) {
            self.dict.set_item(key, top.doc)?;
            return Ok(());
        }
        let field = field(name);
        let value =
            v.serialize(Value { b: &mut *self.b, field, top: None })?;
        if none_already && value.is_none() {
            // PERF: a record has about two None fields (of section,
            // subject, change, period) on the bench corpus: two dict
            // updates, an eighth of its total.
            return Ok(());
        }
        if let (Some(top), "span") = (&mut self.top, name) {
            // Offsets into the record's own document: its char span.
            let (start, end): (usize, usize) = value.extract()?;
            let a = top.chars.index(top.text, start);
            let z = top.chars.index(top.text, end);
            self.dict.set_item(key, &value)?;
            let key = self.b.key("char_span");
            if (a, z) == (start, end) {
                // No multi-byte character before the end (ASCII text):
                // the same bounds, so the same tuple, as tuples are
                // immutable.
                // PERF: one tuple and up to two ints fewer a record.
                self.dict.set_item(key, value)?;
                return Ok(());
            }
            let chars = PyTuple::new(self.b.py, [a, z])?;
            untrack(&chars);
            self.dict.set_item(key, chars)?;
            return Ok(());
        }
        self.dict.set_item(key, value)?;
        Ok(())
    }

    fn end(self) -> Out<'py> {
        let known = self.b.templates.iter().any(|t| t.name == self.name);
        if self.top.is_some() && !known {
            // A new dict, not a copy: a copy is tracked by the garbage
            // collector if its original is (one holding a change), and
            // so would be every record copied from it.
            let template = PyDict::new(self.b.py);
            let none = self.b.py.None();
            for key in self.dict.keys() {
                template.set_item(key, &none)?;
            }
            self.b.templates.push(Template {
                name: self.name,
                dict: template,
                fields: self.fields,
            });
        }
        Ok(self.dict.into_any())
    }
}
