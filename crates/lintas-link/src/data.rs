//! Input records held column-wise, with values interned per column so that exact comparisons,
//! blocking and term frequencies work on small integer ids instead of strings.

use rustc_hash::FxHashMap;

use crate::error::{LinkError, Result};

/// Id used for a missing (null or blank) value.
pub const NULL_ID: u32 = u32::MAX;

/// One column: an id per record pointing into a dictionary of distinct normalised values.
#[derive(Debug, Clone, Default)]
pub struct Column {
    /// Column name as in the input header.
    pub name: String,
    /// Per record: index into `dict`, or [`NULL_ID`].
    pub ids: Vec<u32>,
    /// Distinct normalised values.
    pub dict: Vec<Box<str>>,
    /// How many records hold each dictionary value.
    pub counts: Vec<u32>,
    lookup: FxHashMap<Box<str>, u32>,
}

impl Column {
    fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            ..Self::default()
        }
    }

    fn push(&mut self, raw: Option<&str>) {
        let id = match raw.map(normalise) {
            Some(v) if !v.is_empty() => match self.lookup.get(v.as_str()) {
                Some(&id) => {
                    if let Some(c) = self.counts.get_mut(id as usize) {
                        *c += 1;
                    }
                    id
                }
                None => {
                    let id = u32::try_from(self.dict.len()).unwrap_or(NULL_ID - 1);
                    let boxed: Box<str> = v.into_boxed_str();
                    self.lookup.insert(boxed.clone(), id);
                    self.dict.push(boxed);
                    self.counts.push(1);
                    id
                }
            },
            _ => NULL_ID,
        };
        self.ids.push(id);
    }

    /// The normalised value of record `row`, if present.
    pub fn value(&self, row: usize) -> Option<&str> {
        let id = *self.ids.get(row)?;
        self.dict.get(id as usize).map(|s| &**s)
    }

    /// The dictionary id of an already-normalised value, if it occurs in this column.
    pub fn id_of(&self, normalised: &str) -> Option<u32> {
        self.lookup.get(normalised).copied()
    }

    /// Number of non-null values.
    pub fn non_null(&self) -> u64 {
        self.counts.iter().map(|&c| u64::from(c)).sum()
    }
}

/// Normalisation applied to every value: Unicode lower case, trimmed, inner whitespace collapsed.
pub fn normalise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for ch in word.chars() {
            out.extend(ch.to_lowercase());
        }
    }
    out
}

/// A set of records from one or more sources (input tables), stored column-wise.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    columns: Vec<Column>,
    ids: Vec<Box<str>>,
    sources: Vec<u16>,
    source_names: Vec<String>,
}

impl Dataset {
    /// An empty dataset with the given column names (the id column excluded).
    pub fn new<S: AsRef<str>>(columns: &[S]) -> Self {
        Self {
            columns: columns.iter().map(|c| Column::new(c.as_ref())).collect(),
            ..Self::default()
        }
    }

    /// Registers a new source (input table) and returns its index.
    pub fn add_source(&mut self, name: &str) -> Result<u16> {
        let idx = u16::try_from(self.source_names.len())
            .map_err(|_| LinkError::InvalidInput("more than 65535 input tables".into()))?;
        self.source_names.push(name.to_string());
        Ok(idx)
    }

    /// Appends one record. `values` must have one entry per column (`None` = missing).
    pub fn push(&mut self, source: u16, id: &str, values: &[Option<&str>]) -> Result<()> {
        if values.len() != self.columns.len() {
            return Err(LinkError::InvalidInput(format!(
                "record `{id}` has {} values, expected {}",
                values.len(),
                self.columns.len()
            )));
        }
        if usize::from(source) >= self.source_names.len() {
            return Err(LinkError::InvalidInput(format!(
                "record `{id}` refers to unknown source {source}"
            )));
        }
        if self.ids.len() >= (NULL_ID - 1) as usize {
            return Err(LinkError::InvalidInput("too many records".into()));
        }
        for (col, v) in self.columns.iter_mut().zip(values) {
            col.push(*v);
        }
        self.ids.push(id.into());
        self.sources.push(source);
        Ok(())
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Record identifiers, in insertion order.
    pub fn ids(&self) -> &[Box<str>] {
        &self.ids
    }

    /// Source index of each record.
    pub fn sources(&self) -> &[u16] {
        &self.sources
    }

    /// Names of the sources, by index.
    pub fn source_names(&self) -> &[String] {
        &self.source_names
    }

    /// All columns.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Column names, in order.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// Index of a column by name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// A column by name, or an error naming who needed it.
    pub fn column(&self, name: &str, used_by: &str) -> Result<&Column> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| LinkError::MissingColumn {
                column: name.to_string(),
                used_by: used_by.to_string(),
                available: self.column_names().join(", "),
            })
    }

    /// Number of records per source.
    pub fn source_sizes(&self) -> Vec<u64> {
        let mut sizes = vec![0u64; self.source_names.len()];
        for &s in &self.sources {
            if let Some(x) = sizes.get_mut(usize::from(s)) {
                *x += 1;
            }
        }
        sizes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_normalised_values_and_counts_them() {
        let mut d = Dataset::new(&["surname"]);
        let s = d.add_source("a").unwrap();
        d.push(s, "1", &[Some(" Nguyen ")]).unwrap();
        d.push(s, "2", &[Some("NGUYEN")]).unwrap();
        d.push(s, "3", &[Some("  ")]).unwrap();
        d.push(s, "4", &[None]).unwrap();
        let c = &d.columns()[0];
        assert_eq!(c.dict.len(), 1);
        assert_eq!(c.counts, vec![2]);
        assert_eq!(c.ids[2], NULL_ID);
        assert_eq!(c.value(1), Some("nguyen"));
        assert!(d.push(s, "5", &[]).is_err());
    }
}
