//! The Typst world a report is compiled in: one baked-in template, the report's data as a
//! virtual JSON file, its charts as virtual SVG files, and the loaded fonts. There is no file
//! system, no package download and no clock (`today` is none), so the same data always makes
//! the same document.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::error::{Error, Result};
use crate::fonts::Fonts;

pub(crate) const MAIN: &str = "/main.typ";

pub(crate) struct ReportWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a Fonts,
    main: FileId,
    source: Source,
    files: HashMap<String, Bytes>,
}

pub(crate) fn file_id(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| Error::Typeset(format!("{path}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl<'a> ReportWorld<'a> {
    /// `files` maps absolute virtual paths (`/data.json`) to their bytes.
    pub(crate) fn new(
        fonts: &'a Fonts,
        template: &str,
        files: HashMap<String, Bytes>,
    ) -> Result<Self> {
        let main = file_id(MAIN)?;
        Ok(ReportWorld {
            library: LazyHash::new(Library::default()),
            fonts,
            main,
            source: Source::new(main, template.to_owned()),
            files,
        })
    }

    fn lookup(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let path = id.vpath().get_with_slash();
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| FileError::NotFound(path.into()))
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            return Ok(Bytes::from_string(self.source.text().to_owned()));
        }
        self.lookup(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
