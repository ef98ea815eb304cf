//! Fonts are read from files on this machine, never fetched: Debian's Noto packages
//! (`fonts-noto-core`, and `fonts-noto-cjk` where installed) cover the region's scripts.
//! Noto is under the SIL Open Font License, which allows embedding the subsets Typst writes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::error::{Error, Result};

/// Where `fonts-noto-core` installs its files.
pub const DEFAULT_FONT_DIR: &str = "/usr/share/fonts/truetype/noto";

/// Where `fonts-noto-cjk` installs its collections (optional).
pub const DEFAULT_CJK_DIR: &str = "/usr/share/fonts/opentype/noto";

/// The family body text and charts are set in; the others are fallbacks by script.
pub const BODY_FAMILY: &str = "Noto Sans";

/// Required: Latin, Greek and Cyrillic text in four styles.
const REQUIRED: [&str; 4] = [
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSans-Italic.ttf",
    "NotoSans-BoldItalic.ttf",
];

/// Scripts of the Bali Process members beyond Latin (names of places and agencies in
/// their own script), regular and bold where the package has both.
const SCRIPTS: [&str; 13] = [
    "Thai",
    "Khmer",
    "Lao",
    "Myanmar",
    "Arabic",
    "Bengali",
    "Devanagari",
    "Sinhala",
    "Tamil",
    "Georgian",
    "Mongolian",
    "Gurmukhi",
    "Armenian",
];

/// Chinese, Japanese and Korean, when `fonts-noto-cjk` is installed.
const CJK: [&str; 2] = ["NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"];

/// The fonts a report may use, loaded once and shared by every report.
pub struct Fonts {
    pub(crate) fonts: Vec<Font>,
    pub(crate) book: LazyHash<FontBook>,
    /// The body family for charts' text, which becomes outlines before Typst sees it.
    pub(crate) chart_db: Arc<usvg::fontdb::Database>,
    /// The files read, for the methods note and diagnostics.
    pub files: Vec<PathBuf>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").field("files", &self.files).finish()
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        Error::Fonts(format!(
            "{}: {e} (install Debian's fonts-noto-core or pass a font directory)",
            path.display()
        ))
    })
}

impl Fonts {
    /// Reads the Noto fonts from `dir` (the required Noto Sans files must be there; the
    /// script fonts are used when present) and the CJK collections from `cjk_dir` if any.
    pub fn load(dir: &Path, cjk_dir: Option<&Path>) -> Result<Self> {
        let mut paths: Vec<PathBuf> = REQUIRED.iter().map(|f| dir.join(f)).collect();
        for script in SCRIPTS {
            for style in ["Regular", "Bold"] {
                let p = dir.join(format!("NotoSans{script}-{style}.ttf"));
                if p.is_file() {
                    paths.push(p);
                }
            }
        }
        if let Some(cjk) = cjk_dir {
            paths.extend(CJK.iter().map(|f| cjk.join(f)).filter(|p| p.is_file()));
        }
        let mut fonts = Vec::new();
        let mut chart_db = usvg::fontdb::Database::new();
        for (i, path) in paths.iter().enumerate() {
            let data = read(path)?;
            if i < 2 {
                chart_db.load_font_data(data.clone());
            }
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(data)));
            if fonts.len() == before {
                return Err(Error::Fonts(format!("{}: not a font", path.display())));
            }
        }
        chart_db.set_sans_serif_family(BODY_FAMILY);
        let book = FontBook::from_fonts(fonts.iter());
        Ok(Fonts {
            fonts,
            book: LazyHash::new(book),
            chart_db: Arc::new(chart_db),
            files: paths,
        })
    }

    /// The Debian locations.
    pub fn system() -> Result<Self> {
        Self::load(
            Path::new(DEFAULT_FONT_DIR),
            Some(Path::new(DEFAULT_CJK_DIR)),
        )
    }
}
