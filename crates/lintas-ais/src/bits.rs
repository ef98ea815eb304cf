//! Six-bit de-armouring into a fixed stack buffer and a big-endian bit reader over it.

/// Largest payload we accept, in bytes (2 048 bits: five full fragments plus slack).
pub const MAX_BYTES: usize = 256;
/// Readers may peek this far past the payload; the slack is kept zeroed, as in gpsd,
/// so fields beyond a short message read as zero instead of stale data.
const SLACK: usize = 8;

/// A de-armoured AIS payload: bits packed MSB-first into a zero-padded stack buffer.
#[derive(Clone)]
pub struct BitBuf {
    bytes: [u8; MAX_BYTES + SLACK],
    bit_len: usize,
}

impl Default for BitBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for BitBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BitBuf({} bits)", self.bit_len)
    }
}

/// Six-bit value of each armour character; 0xFF marks bytes outside the alphabet.
pub(crate) static SIXBIT: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let mut c = 0usize;
    while c < 256 {
        if (c >= 48 && c <= 87) || (c >= 96 && c <= 119) {
            let v = c - 48;
            t[c] = if v > 40 { (v - 8) as u8 } else { v as u8 };
        }
        c += 1;
    }
    t
};

/// Six-bit value of an armour character (caller has checked it with `is_armour`).
#[inline(always)]
fn sixbit(c: u8) -> u32 {
    u32::from(SIXBIT[usize::from(c)] & 0x3f)
}

impl BitBuf {
    /// An empty buffer.
    pub fn new() -> Self {
        BitBuf {
            bytes: [0; MAX_BYTES + SLACK],
            bit_len: 0,
        }
    }

    /// Number of payload bits (after fill bits are removed).
    #[inline]
    pub fn bit_len(&self) -> usize {
        self.bit_len
    }

    /// Clears the buffer for a new message.
    #[inline]
    pub fn clear(&mut self) {
        let used = self.bit_len.div_ceil(8).min(MAX_BYTES);
        self.bytes[..used + SLACK].fill(0);
        self.bit_len = 0;
    }

    /// Appends armoured characters; returns `false` when the buffer would overflow or a
    /// character is outside the armour alphabet (the buffer content is then unspecified).
    pub fn push_armoured(&mut self, payload: &[u8]) -> bool {
        if self.bit_len + payload.len() * 6 > MAX_BYTES * 8 {
            return false;
        }
        let mut bad = 0u8;
        let mut chunks = payload.chunks_exact(4);
        if self.bit_len.is_multiple_of(8) {
            // Fast path: four characters are exactly three bytes.
            let mut at = self.bit_len / 8;
            for ch in &mut chunks {
                let (a, b, c, d) = (
                    SIXBIT[usize::from(ch[0])],
                    SIXBIT[usize::from(ch[1])],
                    SIXBIT[usize::from(ch[2])],
                    SIXBIT[usize::from(ch[3])],
                );
                bad |= a | b | c | d;
                let w = u32::from(a & 63) << 18
                    | u32::from(b & 63) << 12
                    | u32::from(c & 63) << 6
                    | u32::from(d & 63);
                if let Some(dst) = self.bytes.get_mut(at..at + 3) {
                    dst.copy_from_slice(&w.to_be_bytes()[1..]);
                }
                at += 3;
            }
            self.bit_len = at * 8;
            for &c in chunks.remainder() {
                bad |= SIXBIT[usize::from(c)];
                self.push6(sixbit(c));
            }
        } else {
            for &c in payload {
                bad |= SIXBIT[usize::from(c)];
                self.push6(sixbit(c));
            }
        }
        // Valid six-bit values never set the top two bits; 0xFF (invalid) does.
        bad & 0xC0 == 0
    }

    #[inline]
    fn push6(&mut self, v: u32) {
        let at = self.bit_len / 8;
        let off = self.bit_len % 8;
        // Six bits land in at most two bytes.
        let w = (v << (10 - off)) as u16;
        self.bytes[at] |= (w >> 8) as u8;
        self.bytes[at + 1] |= w as u8;
        self.bit_len += 6;
    }

    /// Removes `n` fill bits from the end (and zeroes them).
    pub fn drop_fill(&mut self, n: usize) {
        let n = n.min(self.bit_len);
        let new_len = self.bit_len - n;
        for bit in new_len..self.bit_len {
            self.bytes[bit / 8] &= !(0x80u8 >> (bit % 8));
        }
        self.bit_len = new_len;
    }

    /// Unsigned field of `len` ≤ 32 bits at bit `start`; zero past the end of the buffer.
    #[inline(always)]
    pub fn u(&self, start: usize, len: usize) -> u32 {
        if len == 0 || len > 32 || start + len > MAX_BYTES * 8 {
            return 0;
        }
        let at = start / 8;
        let Some(window) = self.bytes.get(at..at + 8) else {
            return 0;
        };
        let mut w = [0u8; 8];
        w.copy_from_slice(window);
        let v = u64::from_be_bytes(w);
        ((v << (start % 8)) >> (64 - len)) as u32
    }

    /// Signed (two's complement) field of `len` ≤ 32 bits at bit `start`.
    #[inline(always)]
    pub fn i(&self, start: usize, len: usize) -> i32 {
        if len == 0 || len > 32 {
            return 0;
        }
        let raw = self.u(start, len);
        let shift = 32 - len as u32;
        ((raw << shift) as i32) >> shift
    }

    /// Flag bit at `start`.
    #[inline(always)]
    pub fn b(&self, start: usize) -> bool {
        self.u(start, 1) != 0
    }

    /// Unsigned field of up to 64 bits.
    pub fn u64(&self, start: usize, len: usize) -> u64 {
        if len <= 32 {
            return u64::from(self.u(start, len));
        }
        let hi = len - 32;
        (u64::from(self.u(start, hi)) << 32) | u64::from(self.u(start + hi, 32))
    }

    /// Copies `bit_count` bits starting at `start` into a byte vector, left-aligned,
    /// with the unused low bits of the last byte cleared (as gpsd prints them).
    pub fn bits_to_bytes(&self, start: usize, bit_count: usize) -> Vec<u8> {
        let n = bit_count.div_ceil(8);
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let take = (bit_count - i * 8).min(8);
            out.push((self.u(start + i * 8, take) << (8 - take)) as u8);
        }
        out
    }

    /// The raw packed bytes (for tests and fuzzing).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.bit_len.div_ceil(8)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slow_bits(payload: &[u8]) -> Vec<bool> {
        payload
            .iter()
            .flat_map(|&c| {
                let v = sixbit(c);
                (0..6).rev().map(move |i| v >> i & 1 == 1)
            })
            .collect()
    }

    proptest! {
        #[test]
        fn reader_matches_bitwise_reference(
            payload in proptest::collection::vec(prop_oneof![48u8..=87, 96u8..=119], 0..120),
            start in 0usize..700, len in 1usize..=32,
        ) {
            let mut b = BitBuf::new();
            prop_assert!(b.push_armoured(&payload));
            let bits = slow_bits(&payload);
            let mut want: u32 = 0;
            for k in 0..len {
                want = want << 1 | u32::from(*bits.get(start + k).unwrap_or(&false));
            }
            prop_assert_eq!(b.u(start, len), want);
        }

        #[test]
        fn split_pushes_equal_one_push(
            a in proptest::collection::vec(prop_oneof![48u8..=87, 96u8..=119], 0..60),
            c in proptest::collection::vec(prop_oneof![48u8..=87, 96u8..=119], 0..60),
        ) {
            let mut one = BitBuf::new();
            let mut all = a.clone();
            all.extend_from_slice(&c);
            one.push_armoured(&all);
            let mut two = BitBuf::new();
            two.push_armoured(&a);
            two.push_armoured(&c);
            prop_assert_eq!(one.as_bytes(), two.as_bytes());
        }
    }

    #[test]
    fn signed_fields_sign_extend() {
        let mut b = BitBuf::new();
        b.push_armoured(b"w"); // 111111
        assert_eq!(b.i(0, 6), -1);
        assert_eq!(b.u(0, 6), 63);
    }
}
