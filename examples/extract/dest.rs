//! Where the output goes, opened so that a run never harms what it reads
//! or what it wrote before (SPEC, "Batch tool"):
//!
//! - `-o` naming an input, or a file inside an input folder, is refused
//!   before anything is opened for writing ([`check_inputs`]);
//! - a regular file is written through a hidden temporary file in the same
//!   folder, renamed over the target only once complete ([`Dest::commit`]);
//!   a failed or interrupted run leaves the previous output as it was (the
//!   temporary file of a killed run is removed by the next run that
//!   writes the same output);
//! - a closed standard output is an error at once ([`Dest::stdout`]);
//! - a special file (a device such as `/dev/null`, a pipe) is written
//!   directly: it has no previous content to keep, and it cannot be
//!   renamed over.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use crate::cli::Input;

/// A file's identity on its file system, to recognise it under any name
/// (a hard link, a symbolic link, a path through another folder).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    pub fn of(meta: &fs::Metadata) -> FileId {
        FileId { dev: meta.dev(), ino: meta.ino() }
    }
}

/// The opened output; writes go to its file.
#[derive(Debug)]
pub struct Dest {
    file: File,
    /// The output's name for messages: its path, or `<stdout>`.
    pub name: String,
    /// For a regular file: the temporary file and the target it replaces.
    rename: Option<(PathBuf, PathBuf)>,
    /// The files the input walk must leave out: the temporary file and the
    /// previous output (read back, it would feed the run its own records).
    pub avoid: Vec<FileId>,
}

impl Dest {
    /// Standard output, through a duplicate of its descriptor. Fails when
    /// standard output is closed.
    ///
    /// Before `main`, Rust's runtime opens `/dev/null` read-write in place
    /// of a closed standard descriptor, and `Stdout` drops writes to a
    /// closed one: either way records would vanish and the run succeed.
    /// A shell's `> /dev/null` opens it write-only, so `/dev/null` open
    /// for reading and writing is taken for the runtime's stand-in.
    pub fn stdout() -> io::Result<Dest> {
        let fd = io::stdout().as_fd().try_clone_to_owned()?;
        let file = File::from(fd);
        if is_runtime_null(&file) {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "standard output is closed (to discard the records, use \
                 -o /dev/null)",
            ));
        }
        // A regular file behind standard output (`> out.jsonl`) is still
        // an output: reading it back would feed the run its own records.
        let avoid = match file.metadata() {
            Ok(meta) if meta.is_file() => vec![FileId::of(&meta)],
            _ => Vec::new(),
        };
        Ok(Dest { file, name: "<stdout>".to_owned(), rename: None, avoid })
    }

    /// The file at `path`: a new temporary file beside it for a regular
    /// (or not yet existing) file, the file itself for a special one.
    pub fn file(path: &Path) -> io::Result<Dest> {
        let name = path.display().to_string();
        // A symbolic link stays a link: the file it points to is replaced.
        let target = match fs::canonicalize(path) {
            Ok(real) => real,
            Err(_) => path.to_owned(),
        };
        let previous = fs::metadata(&target).ok();
        if let Some(meta) = previous.as_ref().filter(|m| !m.is_file()) {
            if meta.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "is a directory",
                ));
            }
            let file = OpenOptions::new().write(true).open(&target)?;
            return Ok(Dest { file, name, rename: None, avoid: Vec::new() });
        }
        if previous.as_ref().is_some_and(|m| m.permissions().readonly()) {
            // Renaming over it would get round the protection.
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only",
            ));
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let base = target.file_name().unwrap_or(target.as_os_str());
        // Hidden, so the tool's own walk (and most others) skip it; named
        // for the process, so two runs never share one.
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(base);
        prefix.push(".extract-");
        remove_stale(&folder, prefix.as_encoded_bytes());
        let mut tmp_name = prefix;
        tmp_name.push(format!("{}.tmp", std::process::id()));
        let tmp = folder.join(tmp_name);
        let file =
            OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        let mut avoid = Vec::new();
        if let Ok(meta) = file.metadata() {
            avoid.push(FileId::of(&meta));
        }
        if let Some(meta) = &previous {
            avoid.push(FileId::of(meta));
            // The new output keeps the old one's permissions.
            let _ = file.set_permissions(meta.permissions());
        }
        Ok(Dest { file, name, rename: Some((tmp, target)), avoid })
    }

    /// Makes the output final: for a file written through a temporary
    /// one, syncs it to disk and renames it over the target.
    pub fn commit(&mut self) -> io::Result<()> {
        self.file.flush()?;
        let Some((tmp, target)) = self.rename.take() else {
            return Ok(());
        };
        let done =
            self.file.sync_all().and_then(|()| fs::rename(&tmp, target));
        if done.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        done
    }

    /// Gives up: removes the temporary file, leaving the previous output
    /// as it was.
    pub fn abandon(&mut self) {
        if let Some((tmp, _)) = self.rename.take() {
            let _ = fs::remove_file(tmp);
        }
    }
}

impl Write for Dest {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Removes the temporary files that runs killed before their end (a
/// signal, a power cut) left in `folder` for the same output: those whose
/// process is gone. One of a live process (another run writing the same
/// file) is left alone.
fn remove_stale(folder: &Path, prefix: &[u8]) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .as_encoded_bytes()
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(b".tmp"))
            .and_then(|pid| std::str::from_utf8(pid).ok())
            .filter(|pid| pid.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether standard output is `/dev/null` opened read-write, as Rust's
/// runtime opens it for a closed descriptor (see [`Dest::stdout`]).
fn is_runtime_null(stdout: &File) -> bool {
    let (Ok(meta), Ok(null)) = (stdout.metadata(), fs::metadata("/dev/null"))
    else {
        return false;
    };
    if !meta.file_type().is_char_device() || meta.rdev() != null.rdev() {
        return false;
    }
    // The open flags of descriptor 1, in octal; the low two bits are the
    // access mode, 2 for read-write.
    let Ok(info) = fs::read_to_string("/proc/self/fdinfo/1") else {
        return false;
    };
    info.lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        .is_some_and(|flags| flags & 3 == 2)
}

/// Refuses an output path that is one of the inputs or lies inside an
/// input folder: the run would read its own output back (and grow without
/// end), or erase an input before reading it. Returns the message.
pub fn check_inputs(output: &Path, inputs: &[Input]) -> Result<(), String> {
    let out_meta = fs::metadata(output).ok();
    if out_meta.as_ref().is_some_and(|m| !m.is_file() && !m.is_dir()) {
        // A device or a pipe (`-o /dev/null`) is never read as an input.
        return Ok(());
    }
    let Some(out_real) = real_path(output) else { return Ok(()) };
    for input in inputs {
        let Input::Path(path) = input else { continue };
        let Some(in_real) = real_path(path) else { continue };
        let same_file = match (&out_meta, fs::metadata(path)) {
            (Some(o), Ok(i)) => FileId::of(o) == FileId::of(&i),
            _ => false,
        };
        let why = if same_file || out_real == in_real {
            "it is the input"
        } else if out_real.starts_with(&in_real) && in_real.is_dir() {
            "it lies inside the input folder"
        } else {
            continue;
        };
        return Err(format!(
            "refusing to write {}: {why} {} (the run would read its own \
             output); write it elsewhere",
            output.display(),
            path.display()
        ));
    }
    Ok(())
}

/// The canonical form of `path`, also for a file that does not exist yet:
/// its folder's canonical form joined with its name.
fn real_path(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = fs::canonicalize(path) {
        return Some(real);
    }
    let name = path.file_name()?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(folder).ok()?.join(name))
}
