//! Line-by-line decoding: sentence parsing, multi-fragment reassembly keyed by channel
//! and sequential message id, and gpsd-style pairing of type 24 parts.

use crate::bits::BitBuf;
use crate::decode::decode_bits;
use crate::error::AisError;
use crate::messages::{AisMessage, Body, StaticData};
use crate::nmea::{Sentence, bad_payload, is_armour, parse_at, parse_pghp};
use crate::text::AisText;

/// Decoder settings.
#[derive(Debug, Clone, Copy)]
pub struct DecoderConfig {
    /// Merge type 24 part A and B as gpsd does (a part A is held until a part B from
    /// the same MMSI arrives; unmatched parts are not emitted). When
    /// `false`, every part is emitted as it arrives.
    pub pair_type24: bool,
    /// How many incomplete multi-fragment messages are kept at once.
    pub max_pending: usize,
    /// A fragment group still incomplete this many lines after its first fragment is dropped.
    pub max_age_lines: u64,
}

impl Default for DecoderConfig {
    fn default() -> Self {
        DecoderConfig {
            pair_type24: true,
            max_pending: 32,
            max_age_lines: 100,
        }
    }
}

/// Why fragments were dropped without producing a message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct OrphanCounts {
    /// A new fragment 1 (or a repeated fragment number) arrived for a group still open.
    pub duplicate_fragment: u64,
    /// A fragment announced a different fragment count than its group.
    pub inconsistent_count: u64,
    /// The group stayed incomplete for longer than `max_age_lines`.
    pub expired: u64,
    /// The group was evicted because too many groups were open.
    pub evicted: u64,
    /// The group was still incomplete at the end of the input.
    pub unfinished_at_end: u64,
    /// The reassembled payload was longer than the bit buffer.
    pub too_long: u64,
}

/// Running counters of a decoder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DecodeStats {
    /// Lines seen.
    pub lines: u64,
    /// Lines with no AIS sentence (comments, other NMEA, blank).
    pub skipped: u64,
    /// AIS sentences parsed.
    pub sentences: u64,
    /// Messages produced.
    pub messages: u64,
    /// Sentences or messages rejected with an error.
    pub errors: u64,
    /// Fragment groups dropped, by reason (counted once per group).
    pub orphans: OrphanCounts,
    /// Type 24 parts held or discarded by gpsd-style pairing.
    pub type24_unpaired: u64,
}

/// A decoded message with where and when it was received.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// 1-based line of the sentence that completed the message.
    pub line: u64,
    /// Receive time (Unix seconds) from a tag block, trailer or Gatehouse line.
    pub received_at: Option<i64>,
    /// Radio channel of the sentence (`A`, `B`, … or 0).
    pub channel: u8,
    /// `true` when the sentence was `VDO` (own ship).
    pub own_ship: bool,
    /// The message.
    pub message: AisMessage,
}

/// Result of feeding one line.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A complete message.
    Message(Decoded),
    /// A fragment was stored, or a type 24 part is held for pairing.
    Pending,
    /// The line holds no AIS sentence.
    Skipped,
    /// The line or the message it completed is invalid.
    Error(AisError),
}

struct Group {
    channel: u8,
    seq: Option<u8>,
    total: u8,
    have: u16,
    first_line: u64,
    received_at: Option<i64>,
    /// (start, len, fill bits) of each fragment's payload in `data`, by fragment number - 1.
    spans: [(u32, u32, u8); 9],
    data: Vec<u8>,
}

/// Streaming AIS decoder. Feed it lines in order with [`Decoder::push`].
pub struct Decoder {
    cfg: DecoderConfig,
    line: u64,
    bits: BitBuf,
    groups: Vec<Group>,
    spare: Vec<Vec<u8>>,
    type24: Vec<(u32, AisText)>,
    type24_next: usize,
    pending_time: Option<i64>,
    stats: DecodeStats,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new(DecoderConfig::default())
    }
}

impl Decoder {
    /// A decoder with the given settings.
    pub fn new(cfg: DecoderConfig) -> Self {
        Decoder {
            cfg,
            line: 0,
            bits: BitBuf::new(),
            groups: Vec::new(),
            spare: Vec::new(),
            type24: Vec::new(),
            type24_next: 0,
            pending_time: None,
            stats: DecodeStats::default(),
        }
    }

    /// Counters so far.
    pub fn stats(&self) -> &DecodeStats {
        &self.stats
    }

    /// Call at end of input: counts still-open fragment groups as orphans.
    pub fn finish(&mut self) {
        self.stats.orphans.unfinished_at_end += self.groups.len() as u64;
        while let Some(g) = self.groups.pop() {
            self.recycle(g);
        }
    }

    fn recycle(&mut self, mut g: Group) {
        g.data.clear();
        self.spare.push(g.data);
    }

    /// Feeds one input line (without or with its line terminator).
    pub fn push(&mut self, raw: &[u8]) -> Outcome {
        self.line += 1;
        self.stats.lines += 1;
        let line = self.line;
        // `#` starts a comment line (gpsd's test files quote sentences in comments).
        let is_comment = raw.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'#');
        let bang = if is_comment {
            None
        } else {
            memchr::memchr(b'!', raw)
        };
        let Some(bang) = bang else {
            if let Some(t) = parse_pghp(raw) {
                self.pending_time = Some(t);
            }
            self.stats.skipped += 1;
            return Outcome::Skipped;
        };
        let (s, meta) = match parse_at(raw, bang, line) {
            Ok(v) => v,
            Err(AisError::NotAis { .. }) => {
                self.stats.skipped += 1;
                return Outcome::Skipped;
            }
            Err(e) => {
                self.stats.errors += 1;
                return Outcome::Error(e);
            }
        };
        self.stats.sentences += 1;
        if s.fragment_count > 1 && !s.payload.iter().all(|&c| is_armour(c)) {
            self.stats.errors += 1;
            return Outcome::Error(bad_payload(line));
        }
        let received_at = meta.received_at.or(self.pending_time.take());
        if s.fragment_count == 1 {
            self.bits.clear();
            if !self.bits.push_armoured(s.payload) {
                self.stats.errors += 1;
                return Outcome::Error(if s.payload.iter().all(|&c| is_armour(c)) {
                    AisError::Malformed {
                        line,
                        field: "payload",
                        reason: "payload longer than 2048 bits",
                    }
                } else {
                    bad_payload(line)
                });
            }
            self.bits.drop_fill(usize::from(s.fill_bits));
            return self.finish_message(&s, line, received_at);
        }
        self.push_fragment(&s, line, received_at)
    }

    fn push_fragment(&mut self, s: &Sentence<'_>, line: u64, received_at: Option<i64>) -> Outcome {
        // Expire stale groups first.
        let max_age = self.cfg.max_age_lines;
        let mut i = 0;
        while i < self.groups.len() {
            if line.saturating_sub(self.groups[i].first_line) > max_age {
                let g = self.groups.swap_remove(i);
                self.stats.orphans.expired += 1;
                self.recycle(g);
            } else {
                i += 1;
            }
        }
        let bit = 1u16 << (s.fragment_number - 1);
        let pos = self
            .groups
            .iter()
            .position(|g| g.channel == s.channel && g.seq == s.sequence_id);
        let idx = match pos {
            Some(p) if self.groups[p].total != s.fragment_count => {
                let g = self.groups.swap_remove(p);
                self.stats.orphans.inconsistent_count += 1;
                self.recycle(g);
                None
            }
            Some(p) if self.groups[p].have & bit != 0 => {
                let g = self.groups.swap_remove(p);
                self.stats.orphans.duplicate_fragment += 1;
                self.recycle(g);
                None
            }
            other => other,
        };
        let idx = match idx {
            Some(p) => p,
            None => {
                if self.groups.len() >= self.cfg.max_pending.max(1) {
                    // Evict the oldest open group.
                    if let Some((oldest, _)) = self
                        .groups
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, g)| g.first_line)
                    {
                        let g = self.groups.swap_remove(oldest);
                        self.stats.orphans.evicted += 1;
                        self.recycle(g);
                    }
                }
                let data = self.spare.pop().unwrap_or_default();
                self.groups.push(Group {
                    channel: s.channel,
                    seq: s.sequence_id,
                    total: s.fragment_count,
                    have: 0,
                    first_line: line,
                    received_at: None,
                    spans: [(0, 0, 0); 9],
                    data,
                });
                self.groups.len() - 1
            }
        };
        let Some(g) = self.groups.get_mut(idx) else {
            return Outcome::Pending;
        };
        let start = g.data.len() as u32;
        g.data.extend_from_slice(s.payload);
        if let Some(span) = g.spans.get_mut(usize::from(s.fragment_number - 1)) {
            *span = (start, s.payload.len() as u32, s.fill_bits);
        }
        g.have |= bit;
        if g.received_at.is_none() {
            g.received_at = received_at;
        }
        let full = (1u16 << g.total) - 1;
        if g.have != full {
            return Outcome::Pending;
        }
        let g = self.groups.swap_remove(idx);
        self.bits.clear();
        let mut ok = true;
        // Like gpsd, drop each fragment's own fill bits (some senders pad every fragment).
        for &(st, ln, fill) in g.spans.iter().take(usize::from(g.total)) {
            let chunk = g
                .data
                .get(st as usize..(st + ln) as usize)
                .unwrap_or_default();
            ok &= self.bits.push_armoured(chunk);
            self.bits.drop_fill(usize::from(fill));
        }
        let received = g.received_at;
        self.recycle(g);
        if !ok {
            self.stats.orphans.too_long += 1;
            self.stats.errors += 1;
            return Outcome::Error(AisError::Malformed {
                line,
                field: "payload",
                reason: "reassembled payload longer than 2048 bits",
            });
        }
        self.finish_message(s, line, received)
    }

    fn finish_message(&mut self, s: &Sentence<'_>, line: u64, received_at: Option<i64>) -> Outcome {
        let message = match decode_bits(&self.bits) {
            Ok(m) => m,
            Err(reason) => {
                self.stats.errors += 1;
                return Outcome::Error(AisError::Message {
                    line,
                    msg_type: self.bits.u(0, 6) as u8,
                    reason,
                });
            }
        };
        let message = if self.cfg.pair_type24 {
            match self.pair24(message) {
                Some(m) => m,
                None => {
                    self.stats.type24_unpaired += 1;
                    return Outcome::Pending;
                }
            }
        } else {
            message
        };
        self.stats.messages += 1;
        Outcome::Message(Decoded {
            line,
            received_at,
            channel: s.channel,
            own_ship: s.own_ship,
            message,
        })
    }

    /// gpsd keeps the last [`TYPE24_QUEUE`] part-A names in a circular queue; a part B
    /// is emitted, merged with the name, only when its MMSI is found there.
    fn pair24(&mut self, mut m: AisMessage) -> Option<AisMessage> {
        let Body::StaticData(sd) = &mut m.body else {
            return Some(m);
        };
        if let Some(name) = sd.shipname {
            if self.type24.len() < TYPE24_QUEUE {
                self.type24.push((m.mmsi, name));
            } else if let Some(slot) = self.type24.get_mut(self.type24_next) {
                *slot = (m.mmsi, name);
            }
            self.type24_next = (self.type24_next + 1) % TYPE24_QUEUE;
            return None;
        }
        let slot = self.type24.iter_mut().find(|(mmsi, _)| *mmsi == m.mmsi)?;
        let name = slot.1;
        // Forget the match so a repeated part B is not merged twice.
        slot.0 = 0;
        **sd = StaticData {
            shipname: Some(name),
            part_b: sd.part_b,
        };
        Some(m)
    }
}

/// Number of type 24 part A names remembered for pairing (gpsd's `MAX_TYPE24_INTERLEAVE`).
pub const TYPE24_QUEUE: usize = 8;

/// Decodes every line of `input`, returning messages and errors in input order.
pub fn decode_all(input: &[u8]) -> (Vec<Decoded>, Vec<AisError>) {
    let mut d = Decoder::default();
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for line in input.split(|&b| b == b'\n') {
        match d.push(line) {
            Outcome::Message(m) => out.push(m),
            Outcome::Error(e) => errs.push(e),
            Outcome::Pending | Outcome::Skipped => {}
        }
    }
    d.finish();
    (out, errs)
}
