//! The only file-system I/O of the library: reading a rule file or a
//! folder of rule files into `(name, text)` sources.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, IoCause, RuleError};

/// The deepest folder nesting `read` walks: rule folders are shallow.
/// Links are followed, but each folder and file is read once (see
/// [`walk`]), so a link loop ends without this bound.
const MAX_DEPTH: usize = 16;

/// The largest rule file `read` accepts: the English set is under 64 KiB,
/// and the bound keeps a stray data file named `.toml` from being read
/// into memory and parsed whole.
pub(crate) const MAX_FILE_BYTES: u64 = 16 << 20;

/// The `.toml` files of `path`: the file itself, or every `.toml` file
/// under the folder (recursively, hidden entries left out), sorted by
/// path. Each comes back as `(displayed path, text)`.
pub(crate) fn read(path: &Path) -> Result<Vec<(String, String)>, RuleError> {
    let meta = fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if !meta.is_dir() {
        let text = read_file(path)?;
        return Ok(vec![(path.display().to_string(), text)]);
    }
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    walk(path, 0, &mut seen, &mut files)?;
    files.sort();
    if files.is_empty() {
        let name = path.display().to_string();
        return Err(RuleError::new(vec![Diagnostic::new(
            &name,
            "",
            None,
            "no .toml rule file in this folder",
        )]));
    }
    files
        .into_iter()
        .map(|f| Ok((f.display().to_string(), read_file(&f)?)))
        .collect()
}

/// Collects the `.toml` files under `dir`. `seen` holds the canonical
/// paths of the folders and files met so far: a folder or file reached
/// again through a link (a loop such as `ln -s . x`, or two links to one
/// place) is not read twice. Hidden entries (a name starting with `.`)
/// are left out: editors keep lock and backup files there (Emacs's
/// `.#rules.toml` is a dangling link while the file is open).
fn walk(
    dir: &Path,
    depth: usize,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<(), RuleError> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let real = fs::canonicalize(dir).map_err(|e| io_error(dir, &e))?;
    if !seen.insert(real) {
        return Ok(());
    }
    let mut entries = fs::read_dir(dir)
        .map_err(|e| io_error(dir, &e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| io_error(dir, &e))?;
    // In name order, so that of two paths to one file the same one is
    // kept whatever order the file system lists them in.
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| io_error(&path, &e))?;
        if kind.is_dir() || (kind.is_symlink() && path.is_dir()) {
            walk(&path, depth + 1, seen, out)?;
        } else if path.extension().is_some_and(|x| x == "toml") {
            // A dangling link keeps its own path, so that reading it
            // reports the name the user sees.
            let real =
                fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if seen.insert(real) {
                out.push(path);
            }
        }
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<String, RuleError> {
    let size = fs::metadata(path).map_err(|e| io_error(path, &e))?.len();
    if size > MAX_FILE_BYTES {
        let name = path.display().to_string();
        return Err(RuleError::new(vec![Diagnostic::new(
            &name,
            "",
            None,
            format!(
                "rule file too large: expected at most {} bytes, found {}",
                MAX_FILE_BYTES, size
            ),
        )]));
    }
    let bytes = fs::read(path).map_err(|e| io_error(path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let name = path.display().to_string();
        let offset = e.utf8_error().valid_up_to();
        // The position is computed on the valid prefix, which holds every
        // line up to the bad byte.
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]);
        RuleError::new(vec![Diagnostic::new(
            &name,
            &valid,
            Some(offset),
            "invalid UTF-8: a rule file must be UTF-8 text",
        )])
    })
}

#[cold]
#[inline(never)]
fn io_error(path: &Path, err: &std::io::Error) -> RuleError {
    let name = path.display().to_string();
    let d = Diagnostic::new(&name, "", None, format!("cannot read: {}", err));
    RuleError::with_source(d, IoCause::new(err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_folder_is_read_once_through_links_and_hidden_entries_are_skipped() {
        // Issue 19: two `ln -s . x` links made 2^17 walks, and an editor's
        // dangling lock file `.#kinds.toml` aborted the load.
        let dir = std::env::temp_dir()
            .join(format!("nm-load-loops-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("kinds.toml"), "[[kind]]\nid = \"a\"\n").unwrap();
        fs::write(dir.join("sub/more.toml"), "").unwrap();
        let link = std::os::unix::fs::symlink;
        link(".", dir.join("x")).unwrap();
        link(".", dir.join("y")).unwrap();
        link("..", dir.join("sub/up")).unwrap();
        link("kinds.toml", dir.join("same.toml")).unwrap();
        link("user@host.1:1", dir.join(".#kinds.toml")).unwrap();
        let files = read(&dir);
        fs::remove_dir_all(&dir).unwrap();
        let names: Vec<String> = files
            .unwrap()
            .into_iter()
            .map(|(name, _)| {
                let name = Path::new(&name).strip_prefix(&dir).unwrap();
                name.display().to_string()
            })
            .collect();
        assert_eq!(names, ["kinds.toml", "sub/more.toml"]);
    }
}
