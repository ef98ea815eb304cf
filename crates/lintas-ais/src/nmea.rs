//! Zero-copy parsing of one NMEA 0183 AIS sentence (`!AIVDM`, `!BSVDO`, …) with its
//! optional NMEA 4.0 tag block and the receive-time wrappers seen in real feeds.

use crate::error::AisError;

/// One parsed `!xxVDM`/`!xxVDO` sentence. Borrows the payload from the input line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// Two-letter talker id (`AI`, `BS`, `AB`, …).
    pub talker: [u8; 2],
    /// `true` for `VDO` (own-ship) sentences.
    pub own_ship: bool,
    /// Number of fragments in the message (1–9).
    pub fragment_count: u8,
    /// This fragment's number (1-based).
    pub fragment_number: u8,
    /// Sequential message id linking fragments (0–9), if present.
    pub sequence_id: Option<u8>,
    /// Radio channel (`A`, `B`, `1`, `2`) or 0 when empty.
    pub channel: u8,
    /// The armoured six-bit payload.
    pub payload: &'a [u8],
    /// Number of fill bits at the end of the payload (0–5).
    pub fill_bits: u8,
}

/// Receive-time and source metadata carried around the sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Meta<'a> {
    /// Receive time as Unix seconds (tag block `c:`, USCG trailer, or a `$PGHP` line).
    pub received_at: Option<i64>,
    /// Source station (tag block `s:`).
    pub station: Option<&'a str>,
    /// Tag block group (`g:` sentence-group-total-id), used to link multi-sentence tag groups.
    pub group: Option<(u8, u8, u32)>,
}

fn malformed(line: u64, field: &'static str, reason: &'static str) -> AisError {
    AisError::Malformed {
        line,
        field,
        reason,
    }
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

fn parse_hex2(s: &[u8]) -> Option<u8> {
    match s {
        [a, b, ..] => Some(hex_val(*a)? << 4 | hex_val(*b)?),
        _ => None,
    }
}

fn xor(bytes: &[u8]) -> u8 {
    // Word-at-a-time XOR; the byte lanes are folded at the end.
    let mut chunks = bytes.chunks_exact(8);
    let mut acc = 0u64;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        acc ^= u64::from_ne_bytes(w);
    }
    let mut x = acc.to_ne_bytes().iter().fold(0u8, |a, b| a ^ b);
    for &b in chunks.remainder() {
        x ^= b;
    }
    x
}

fn parse_u64(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    let mut v: u64 = 0;
    for &b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(b - b'0');
    }
    Some(v)
}

/// Unix seconds from a tag-block `c:` value, which some sources give in milliseconds.
fn unix_from_c(v: u64) -> Option<i64> {
    let secs = if v > 100_000_000_000 { v / 1000 } else { v };
    i64::try_from(secs).ok()
}

/// Parses an NMEA 4.0 tag block body (between the backslashes), verifying its checksum.
fn parse_tag_block<'a>(body: &'a [u8], line: u64, meta: &mut Meta<'a>) -> Result<(), AisError> {
    let star = body
        .iter()
        .rposition(|&b| b == b'*')
        .ok_or_else(|| malformed(line, "tag_block", "missing checksum"))?;
    let (fields, cks) = (&body[..star], &body[star + 1..]);
    let expected =
        parse_hex2(cks).ok_or_else(|| malformed(line, "tag_block", "bad checksum digits"))?;
    let computed = xor(fields);
    if expected != computed {
        return Err(AisError::Checksum {
            line,
            expected,
            computed,
        });
    }
    for field in fields.split(|&b| b == b',') {
        match field {
            [b'c', b':', v @ ..] => meta.received_at = parse_u64(v).and_then(unix_from_c),
            [b's', b':', v @ ..] => meta.station = std::str::from_utf8(v).ok(),
            [b'g', b':', v @ ..] => {
                let mut parts = v.split(|&b| b == b'-');
                let n = parts.next().and_then(parse_u64);
                let t = parts.next().and_then(parse_u64);
                let id = parts.next().and_then(parse_u64);
                if let (Some(n), Some(t), Some(id)) = (n, t, id) {
                    meta.group = Some((
                        u8::try_from(n).unwrap_or(0),
                        u8::try_from(t).unwrap_or(0),
                        u32::try_from(id).unwrap_or(0),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Reads a trailing USCG-style receive timestamp: the last comma field after the
/// checksum when it is a plausible Unix time (e.g. `…,0*70,b003669794,1272412827`).
fn trailer_time(trailer: &[u8]) -> Option<i64> {
    let trimmed = trailer
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(&trailer[..0], |p| &trailer[..=p]);
    let last = trimmed.rsplit(|&b| b == b',').next()?;
    let v = parse_u64(last)?;
    // 2001-09-09 .. 2100: anything else is not a receive time.
    (1_000_000_000..4_102_444_800)
        .contains(&v)
        .then_some(v as i64)
}

/// Parses one input line into a sentence and its metadata. The line may carry a tag
/// block (`\s:…,c:…*hh\`), any other prefix before the `!`, and trailing fields after
/// the checksum. `line` is the 1-based line number used in errors.
pub fn parse_line(input: &[u8], line: u64) -> Result<(Sentence<'_>, Meta<'_>), AisError> {
    let bang = memchr_bang(input).ok_or(AisError::NotAis { line })?;
    let (s, meta) = parse_at(input, bang, line)?;
    if !s.payload.iter().all(|&c| is_armour(c)) {
        return Err(bad_payload(line));
    }
    Ok((s, meta))
}

pub(crate) fn bad_payload(line: u64) -> AisError {
    malformed(
        line,
        "payload",
        "character outside the six-bit armour alphabet",
    )
}

/// Parses the sentence starting at `input[bang] == b'!'`. The payload alphabet is not
/// checked here: the decoder checks it while de-armouring, in the same pass.
pub(crate) fn parse_at(
    input: &[u8],
    bang: usize,
    line: u64,
) -> Result<(Sentence<'_>, Meta<'_>), AisError> {
    let mut meta = Meta::default();
    let prefix = &input[..bang];
    if let Some(first) = prefix.iter().position(|&b| b == b'\\') {
        let rest = &prefix[first + 1..];
        if let Some(end) = rest.iter().position(|&b| b == b'\\') {
            parse_tag_block(&rest[..end], line, &mut meta)?;
        }
    }
    let body = &input[bang + 1..];
    // One pass: checksum and field boundaries together.
    let star =
        memchr::memchr(b'*', body).ok_or_else(|| malformed(line, "checksum", "missing '*'"))?;
    let sentence = &body[..star];
    let cks = xor(sentence);
    // The five header commas sit in the first few bytes and the last comma precedes the
    // fill-bit digit, so two short scans find all six without walking the payload twice.
    let mut commas = [0usize; 7];
    let mut ncommas = 0;
    for (i, &b) in sentence.iter().enumerate() {
        if b == b',' {
            commas[ncommas] = i;
            ncommas += 1;
            if ncommas == 5 {
                break;
            }
        }
    }
    if ncommas == 5 {
        match sentence.iter().rposition(|&b| b == b',') {
            Some(last) if last > commas[4] => {
                // A stray comma inside the payload is caught by the armour check.
                commas[5] = last;
                ncommas = 6;
            }
            _ => {}
        }
    }
    let after = &body[star + 1..];
    let expected =
        parse_hex2(after).ok_or_else(|| malformed(line, "checksum", "not two hex digits"))?;
    if expected != cks {
        return Err(AisError::Checksum {
            line,
            expected,
            computed: cks,
        });
    }
    if meta.received_at.is_none() && after.len() > 2 {
        meta.received_at = trailer_time(&after[2..]);
    }
    if ncommas == 6 {
        return Ok((fields_at(sentence, &commas, line)?, meta));
    }
    Ok((parse_fields(sentence, line)?, meta))
}

fn memchr_bang(input: &[u8]) -> Option<usize> {
    memchr::memchr(b'!', input)
}

/// Builds a sentence from the six comma positions found while checksumming.
fn fields_at<'a>(s: &'a [u8], c: &[usize; 7], line: u64) -> Result<Sentence<'a>, AisError> {
    let f = |k: usize| -> &'a [u8] {
        let start = if k == 0 { 0 } else { c[k - 1] + 1 };
        let end = if k < 6 { c[k] } else { s.len() };
        s.get(start..end).unwrap_or(&[])
    };
    let (talker, own_ship) = match f(0) {
        [a, b, b'V', b'D', b'M'] => ([*a, *b], false),
        [a, b, b'V', b'D', b'O'] => ([*a, *b], true),
        _ => return Err(AisError::NotAis { line }),
    };
    let fragment_count = single_digit(f(1), line, "fragment_count")?;
    let fragment_number = single_digit(f(2), line, "fragment_number")?;
    let sequence_id = match f(3) {
        [] => None,
        seq => Some(single_digit(seq, line, "sequence_id")?),
    };
    let channel = match f(4) {
        [] => 0,
        [c] => *c,
        _ => return Err(malformed(line, "channel", "more than one character")),
    };
    let payload = f(5);
    // The standard allows 0-5 fill bits; gpsd also accepts larger digits (seen on the
    // wire as `,6*`) and simply drops that many bits, so do we.
    let fill_bits = single_digit(f(6), line, "fill_bits")?;
    check_numbers(fragment_count, fragment_number, line)?;
    Ok(Sentence {
        talker,
        own_ship,
        fragment_count,
        fragment_number,
        sequence_id,
        channel,
        payload,
        fill_bits,
    })
}

fn check_numbers(count: u8, number: u8, line: u64) -> Result<(), AisError> {
    if count == 0 || number == 0 || number > count {
        return Err(malformed(
            line,
            "fragment_number",
            "fragment number outside 1..=count",
        ));
    }
    Ok(())
}

fn single_digit(f: &[u8], line: u64, field: &'static str) -> Result<u8, AisError> {
    match f {
        [d @ b'0'..=b'9'] => Ok(d - b'0'),
        _ => Err(malformed(line, field, "not a single digit")),
    }
}

fn parse_fields(s: &[u8], line: u64) -> Result<Sentence<'_>, AisError> {
    let mut it = s.split(|&b| b == b',');
    let addr = it.next().unwrap_or(&[]);
    let (talker, own_ship) = match addr {
        [a, b, b'V', b'D', b'M'] => ([*a, *b], false),
        [a, b, b'V', b'D', b'O'] => ([*a, *b], true),
        _ => return Err(AisError::NotAis { line }),
    };
    let mut next = |field: &'static str| it.next().ok_or_else(|| malformed(line, field, "missing"));
    let fragment_count = single_digit(next("fragment_count")?, line, "fragment_count")?;
    let fragment_number = single_digit(next("fragment_number")?, line, "fragment_number")?;
    let seq = next("sequence_id")?;
    let sequence_id = if seq.is_empty() {
        None
    } else {
        Some(single_digit(seq, line, "sequence_id")?)
    };
    let channel = match next("channel")? {
        [] => 0,
        [c] => *c,
        _ => return Err(malformed(line, "channel", "more than one character")),
    };
    let payload = next("payload")?;
    let fill_bits = single_digit(next("fill_bits")?, line, "fill_bits")?;
    check_numbers(fragment_count, fragment_number, line)?;
    Ok(Sentence {
        talker,
        own_ship,
        fragment_count,
        fragment_number,
        sequence_id,
        channel,
        payload,
        fill_bits,
    })
}

/// Whether `c` belongs to the AIS six-bit armouring alphabet (`0`–`W`, `` ` ``–`w`).
#[inline]
pub fn is_armour(c: u8) -> bool {
    crate::bits::SIXBIT[usize::from(c)] != 0xFF
}

/// Parses a Gatehouse `$PGHP,1,yyyy,m,d,h,min,s,ms,…` line into Unix seconds; the
/// Gatehouse wrapper gives the receive time of the sentence that follows it.
pub fn parse_pghp(input: &[u8]) -> Option<i64> {
    let start = input.windows(6).position(|w| w == b"$PGHP,")?;
    let mut f = input[start + 6..].split(|&b| b == b',');
    if f.next()? != b"1" {
        return None;
    }
    let mut num = || f.next().and_then(parse_u64);
    let (y, mo, d, h, mi, s) = (num()?, num()?, num()?, num()?, num()?, num()?);
    crate::time::unix_from_civil(y as i64, mo as u32, d as u32, h as u32, mi as u32, s as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_sentence() {
        let (s, m) = parse_line(b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A", 1).unwrap();
        assert_eq!(&s.talker, b"AI");
        assert_eq!(s.channel, b'A');
        assert_eq!(s.fragment_count, 1);
        assert_eq!(s.payload.len(), 28);
        assert_eq!(m.received_at, None);
    }

    #[test]
    fn rejects_bad_checksum_with_line() {
        let e = parse_line(b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B", 7).unwrap_err();
        assert_eq!(e.line(), Some(7));
        assert!(matches!(e, AisError::Checksum { expected: 0x4B, .. }));
    }

    #[test]
    fn reads_tag_block_time_and_station() {
        let line = br"\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78";
        let (s, m) = parse_line(line, 1).unwrap();
        assert_eq!(m.received_at, Some(1_418_172_113));
        assert_eq!(m.station, Some("rORBCOMM104"));
        assert_eq!(s.channel, b'B');
    }

    #[test]
    fn reads_uscg_trailer_time() {
        let line = b"!AIVDM,1,1,,A,15B4FT5000JRP>PE6E68Nbkl0PS5,0*70,b003669794,1272412827";
        let (_, m) = parse_line(line, 1).unwrap();
        assert_eq!(m.received_at, Some(1_272_412_827));
    }

    #[test]
    fn reads_gatehouse_time() {
        assert_eq!(
            parse_pghp(b"$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17"),
            Some(1_210_291_200)
        );
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn with_checksum(body: &str) -> String {
        let c = body.bytes().fold(0u8, |a, b| a ^ b);
        format!("!{body}*{c:02X}")
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic_and_errors_name_the_line(
            data in proptest::collection::vec(any::<u8>(), 0..200), line in 1u64..1_000_000,
        ) {
            if let Err(e) = parse_line(&data, line) {
                prop_assert_eq!(e.line(), Some(line));
            }
        }

        #[test]
        fn well_formed_sentences_parse_back(
            talker in "[A-Z]{2}", own in any::<bool>(), count in 1u8..=9, seq in proptest::option::of(0u8..=9),
            channel in prop_oneof![Just(""), Just("A"), Just("B"), Just("1"), Just("2")],
            payload in "[0-9:;<=>?@A-W`a-w]{0,82}", fill in 0u8..=5, tag_time in proptest::option::of(1_000_000_000u64..2_000_000_000),
        ) {
            let number = count; // last fragment
            let seq_s = seq.map(|s| s.to_string()).unwrap_or_default();
            let kind = if own { "VDO" } else { "VDM" };
            let body = format!("{talker}{kind},{count},{number},{seq_s},{channel},{payload},{fill}");
            let mut line = with_checksum(&body);
            if let Some(t) = tag_time {
                let f = format!("c:{t}");
                let c = f.bytes().fold(0u8, |a, b| a ^ b);
                line = format!("\\{f}*{c:02X}\\{line}");
            }
            let (s, m) = parse_line(line.as_bytes(), 3).unwrap();
            prop_assert_eq!(&s.talker, talker.as_bytes());
            prop_assert_eq!(s.own_ship, own);
            prop_assert_eq!((s.fragment_count, s.fragment_number, s.sequence_id), (count, number, seq));
            prop_assert_eq!(s.channel, channel.bytes().next().unwrap_or(0));
            prop_assert_eq!(s.payload, payload.as_bytes());
            prop_assert_eq!(s.fill_bits, fill);
            prop_assert_eq!(m.received_at, tag_time.map(|t| t as i64));
        }

        #[test]
        fn any_single_byte_change_is_caught(idx in 1usize..40, byte in any::<u8>()) {
            let good = b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A".to_vec();
            let mut bad = good.clone();
            let i = idx.min(bad.len() - 4);
            prop_assume!(bad[i] != byte && byte != b'*' && byte != b'!');
            bad[i] = byte;
            prop_assert!(parse_line(&bad, 1).is_err());
        }
    }
}
