//! A cap on CPU-heavy requests (person checks of many names) per principal: one key or user runs at most
//! [`PER_PRINCIPAL`] of them at a time and its further requests wait their turn, so a single
//! client cannot take every core from the others however many connections it opens.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// CPU-heavy requests one principal runs at once.
pub(crate) const PER_PRINCIPAL: usize = 1;

/// Idle principals are forgotten past this many entries.
const MAX_TRACKED: usize = 10_000;

#[derive(Default)]
pub(crate) struct PerPrincipal {
    slots: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl PerPrincipal {
    /// Waits for one of `who`'s slots; the slot is free again when the permit is dropped.
    pub(crate) async fn acquire(&self, who: &str) -> Option<OwnedSemaphorePermit> {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            if slots.len() > MAX_TRACKED {
                slots.retain(|_, s| Arc::strong_count(s) > 1);
            }
            slots
                .entry(who.to_string())
                .or_insert_with(|| Arc::new(Semaphore::new(PER_PRINCIPAL)))
                .clone()
        };
        slot.acquire_owned().await.ok()
    }
}
