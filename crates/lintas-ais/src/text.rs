//! Inline text for six-bit AIS strings (names, call signs, destinations): no heap
//! allocation, so static-data messages stay cheap to decode and copy.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Capacity of [`AisText`]: enough for a type 21 name with its 14-character extension.
pub const TEXT_CAP: usize = 36;

/// A short ASCII string decoded from six-bit characters (at most [`TEXT_CAP`] bytes).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AisText {
    len: u8,
    buf: [u8; TEXT_CAP],
}

impl Default for AisText {
    fn default() -> Self {
        AisText {
            len: 0,
            buf: [0; TEXT_CAP],
        }
    }
}

impl AisText {
    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        // Only ASCII from the six-bit table (or `from_str` input cut at a char boundary) is stored.
        std::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or("")
    }

    /// Builds a text from a string, truncated to the capacity at a character boundary.
    pub fn from_text(s: &str) -> Self {
        let mut t = AisText::default();
        let mut end = s.len().min(TEXT_CAP);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        t.buf[..end].copy_from_slice(&s.as_bytes()[..end]);
        t.len = end as u8;
        t
    }

    /// Appends one byte; ignored when full.
    pub(crate) fn push(&mut self, b: u8) {
        if usize::from(self.len) < TEXT_CAP {
            self.buf[usize::from(self.len)] = b;
            self.len += 1;
        }
    }

    /// Removes trailing spaces and `@` padding, as gpsd does.
    pub(crate) fn trim_end(&mut self) {
        while self.len > 0 && matches!(self.buf[usize::from(self.len) - 1], b' ' | b'@') {
            self.len -= 1;
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl std::fmt::Debug for AisText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl std::fmt::Display for AisText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AisText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AisText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(AisText::from_text(&s))
    }
}

/// The AIS six-bit character table.
pub(crate) const SIXBIT_ASCII: &[u8; 64] =
    b"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";
