//! Bit-level decoding of AIS messages 1–27, with gpsd's field layouts and length checks.

use crate::bits::BitBuf;
use crate::messages::*;
use crate::text::{AisText, SIXBIT_ASCII};

/// Why a payload was rejected (the caller adds the line number).
pub type Reject = &'static str;

fn text(b: &BitBuf, start: usize, chars: usize) -> AisText {
    let mut t = AisText::default();
    for i in 0..chars {
        let c = SIXBIT_ASCII[b.u(start + 6 * i, 6) as usize & 63];
        if c == b'@' {
            break;
        }
        t.push(c);
    }
    t.trim_end();
    t
}

/// Text running to the end of the payload (types 12, 14, app texts).
fn end_text(b: &BitBuf, start: usize) -> String {
    let len = b.bit_len();
    if len <= start {
        return String::new();
    }
    let chars = (len - start) / 6;
    let mut s = String::with_capacity(chars);
    for i in 0..chars {
        let c = SIXBIT_ASCII[b.u(start + 6 * i, 6) as usize & 63];
        if c == b'@' {
            break;
        }
        s.push(char::from(c));
    }
    let trimmed = s.trim_end_matches([' ', '@']).len();
    s.truncate(trimmed);
    s
}

fn dims(b: &BitBuf, at: usize) -> Dimensions {
    Dimensions {
        to_bow: b.u(at, 9) as u16,
        to_stern: b.u(at + 9, 9) as u16,
        to_port: b.u(at + 18, 6) as u8,
        to_starboard: b.u(at + 24, 6) as u8,
    }
}

fn raw(b: &BitBuf, start: usize) -> RawBits {
    let bit_count = b.bit_len().saturating_sub(start);
    RawBits {
        bit_count,
        bytes: b.bits_to_bytes(start, bit_count),
    }
}

fn range(len: usize, min: usize, max: usize) -> Result<(), Reject> {
    if len < min {
        Err("payload too short")
    } else if len > max {
        Err("payload too long")
    } else {
        Ok(())
    }
}

fn at_least(len: usize, min: usize) -> Result<(), Reject> {
    if len < min {
        Err("payload too short")
    } else {
        Ok(())
    }
}

/// Decodes one reassembled payload. Type 24 parts come back unpaired
/// (`shipname` for part A, `part_b` for part B); pairing is the stream's job.
pub fn decode_bits(b: &BitBuf) -> Result<AisMessage, Reject> {
    let len = b.bit_len();
    if len < 38 {
        return Err("payload shorter than the 38-bit header");
    }
    let msg_type = b.u(0, 6) as u8;
    let repeat = b.u(6, 2) as u8;
    let mmsi = b.u(8, 30);
    let body = match msg_type {
        1..=3 => {
            range(len, 163, 204)?;
            Body::Position(PositionReport {
                status: b.u(38, 4) as u8,
                turn: b.i(42, 8) as i8,
                speed: b.u(50, 10) as u16,
                accuracy: b.b(60),
                lon: b.i(61, 28),
                lat: b.i(89, 27),
                course: b.u(116, 12) as u16,
                heading: b.u(128, 9) as u16,
                second: b.u(137, 6) as u8,
                maneuver: b.u(143, 2) as u8,
                raim: b.b(148),
                radio: if len >= 168 {
                    b.u(149, 19)
                } else {
                    b.u(149, len - 149)
                },
            })
        }
        4 | 11 => {
            at_least(len, 168)?;
            Body::BaseStation(BaseStationReport {
                year: b.u(38, 14) as u16,
                month: b.u(52, 4) as u8,
                day: b.u(56, 5) as u8,
                hour: b.u(61, 5) as u8,
                minute: b.u(66, 6) as u8,
                second: b.u(72, 6) as u8,
                accuracy: b.b(78),
                lon: b.i(79, 28),
                lat: b.i(107, 27),
                epfd: b.u(134, 4) as u8,
                raim: b.b(148),
                radio: b.u(149, 19),
            })
        }
        5 => {
            // Many transmitters send 420 or 422 bits; gpsd accepts those.
            at_least(len, 420)?;
            Body::StaticVoyage(Box::new(StaticVoyage {
                ais_version: b.u(38, 2) as u8,
                imo: b.u(40, 30),
                callsign: text(b, 70, 7),
                shipname: text(b, 112, 20),
                shiptype: b.u(232, 8) as u8,
                dim: dims(b, 240),
                epfd: b.u(270, 4) as u8,
                month: b.u(274, 4) as u8,
                day: b.u(278, 5) as u8,
                hour: b.u(283, 5) as u8,
                minute: b.u(288, 6) as u8,
                draught: b.u(294, 8) as u8,
                destination: text(b, 302, 20),
                dte: if len >= 423 { b.u(422, 1) as u8 } else { 0 },
            }))
        }
        6 => {
            range(len, 88, 1008)?;
            let dac = b.u(72, 10) as u16;
            let fid = b.u(82, 6) as u8;
            Body::AddressedBinary(Box::new(AddressedBinary {
                seqno: b.u(38, 2) as u8,
                dest_mmsi: b.u(40, 30),
                retransmit: b.b(70),
                dac,
                fid,
                app: crate::apps::decode_app6(b, dac, fid),
            }))
        }
        7 | 13 => {
            range(len, 72, 168)?;
            let mut ack = Acknowledge {
                mmsi: [0; 4],
                seqno: [0; 4],
            };
            for k in 0..4 {
                if 40 + 32 * k < len {
                    ack.mmsi[k] = b.u(40 + 32 * k, 30);
                    ack.seqno[k] = b.u(70 + 32 * k, 2) as u8;
                }
            }
            Body::Acknowledge(ack)
        }
        8 => {
            range(len, 56, 1008)?;
            let dac = b.u(40, 10) as u16;
            let fid = b.u(50, 6) as u8;
            Body::BroadcastBinary(Box::new(BroadcastBinary {
                dac,
                fid,
                app: crate::apps::decode_app8(b, dac, fid),
            }))
        }
        9 => {
            at_least(len, 168)?;
            Body::SarAircraft(SarAircraft {
                alt: b.u(38, 12) as u16,
                speed: b.u(50, 10) as u16,
                accuracy: b.b(60),
                lon: b.i(61, 28),
                lat: b.i(89, 27),
                course: b.u(116, 12) as u16,
                second: b.u(128, 6) as u8,
                regional: b.u(134, 8) as u8,
                dte: b.u(142, 1) as u8,
                assigned: b.b(146),
                raim: b.b(147),
                radio: b.u(148, 20),
            })
        }
        10 => {
            at_least(len, 72)?;
            Body::UtcInquiry {
                dest_mmsi: b.u(40, 30),
            }
        }
        12 => {
            range(len, 72, 1008)?;
            Body::SafetyAddressed(Box::new(SafetyAddressed {
                seqno: b.u(38, 2) as u8,
                dest_mmsi: b.u(40, 30),
                retransmit: b.b(70),
                text: end_text(b, 72),
            }))
        }
        14 => {
            range(len, 40, 960)?;
            Body::SafetyBroadcast {
                text: end_text(b, 40),
            }
        }
        15 => {
            range(len, 88, 168)?;
            let mut q = Interrogation {
                mmsi1: b.u(40, 30),
                type1_1: b.u(70, 6) as u8,
                offset1_1: b.u(76, 12) as u16,
                type1_2: 0,
                offset1_2: 0,
                mmsi2: 0,
                type2_1: 0,
                offset2_1: 0,
            };
            if len > 90 {
                q.type1_2 = b.u(90, 6) as u8;
                q.offset1_2 = b.u(96, 12) as u16;
                if len > 110 {
                    q.mmsi2 = b.u(110, 30);
                    q.type2_1 = b.u(140, 6) as u8;
                    q.offset2_1 = b.u(146, 12) as u16;
                }
            }
            Body::Interrogation(q)
        }
        16 => {
            range(len, 96, 168)?;
            let second = len >= 144;
            Body::AssignedMode(AssignedMode {
                mmsi1: b.u(40, 30),
                offset1: b.u(70, 12) as u16,
                increment1: b.u(82, 10) as u16,
                mmsi2: if second { b.u(92, 30) } else { 0 },
                offset2: if second { b.u(122, 12) as u16 } else { 0 },
                increment2: if second { b.u(134, 10) as u16 } else { 0 },
            })
        }
        17 => {
            range(len, 80, 816)?;
            Body::Dgnss(Box::new(Dgnss {
                lon: b.i(40, 18),
                lat: b.i(58, 17),
                data: raw(b, 80),
            }))
        }
        18 => {
            at_least(len, 168)?;
            Body::ClassB(ClassBPosition {
                reserved: b.u(38, 8) as u8,
                speed: b.u(46, 10) as u16,
                accuracy: b.b(56),
                lon: b.i(57, 28),
                lat: b.i(85, 27),
                course: b.u(112, 12) as u16,
                heading: b.u(124, 9) as u16,
                second: b.u(133, 6) as u8,
                regional: b.u(139, 2) as u8,
                cs: b.b(141),
                display: b.b(142),
                dsc: b.b(143),
                band: b.b(144),
                msg22: b.b(145),
                assigned: b.b(146),
                raim: b.b(147),
                radio: b.u(148, 20),
            })
        }
        19 => {
            at_least(len, 312)?;
            Body::ClassBExtended(Box::new(ClassBExtended {
                reserved: b.u(38, 8) as u8,
                speed: b.u(46, 10) as u16,
                accuracy: b.b(56),
                lon: b.i(57, 28),
                lat: b.i(85, 27),
                course: b.u(112, 12) as u16,
                heading: b.u(124, 9) as u16,
                second: b.u(133, 6) as u8,
                regional: b.u(139, 4) as u8,
                shipname: text(b, 143, 20),
                shiptype: b.u(263, 8) as u8,
                dim: dims(b, 271),
                epfd: b.u(301, 4) as u8,
                raim: b.b(305),
                dte: b.u(306, 1) as u8,
                assigned: b.b(307),
            }))
        }
        20 => {
            range(len, 72, 186)?;
            let mut d = DataLink {
                offset: [0; 4],
                number: [0; 4],
                timeout: [0; 4],
                increment: [0; 4],
            };
            for k in 0..4 {
                let at = 40 + 30 * k;
                d.offset[k] = b.u(at, 12) as u16;
                d.number[k] = b.u(at + 12, 4) as u8;
                d.timeout[k] = b.u(at + 16, 3) as u8;
                d.increment[k] = b.u(at + 19, 11) as u16;
            }
            Body::DataLink(d)
        }
        21 => {
            range(len, 272, 368)?;
            // The first 20 characters are not trimmed before the extension is appended.
            let mut name = AisText::default();
            let mut full = true;
            for i in 0..20 {
                let c = SIXBIT_ASCII[b.u(43 + 6 * i, 6) as usize & 63];
                if c == b'@' {
                    full = false;
                    break;
                }
                name.push(c);
            }
            if full && len > 272 {
                for i in 0..(len - 272) / 6 {
                    let c = SIXBIT_ASCII[b.u(272 + 6 * i, 6) as usize & 63];
                    if c == b'@' {
                        break;
                    }
                    name.push(c);
                }
            }
            name.trim_end();
            Body::AidToNavigation(Box::new(AidToNavigation {
                aid_type: b.u(38, 5) as u8,
                name,
                accuracy: b.b(163),
                lon: b.i(164, 28),
                lat: b.i(192, 27),
                dim: dims(b, 219),
                epfd: b.u(249, 4) as u8,
                second: b.u(253, 6) as u8,
                off_position: b.b(259),
                regional: b.u(260, 8) as u8,
                raim: b.b(268),
                virtual_aid: b.b(269),
                assigned: b.b(270),
            }))
        }
        22 => {
            at_least(len, 168)?;
            let addressed = b.b(139);
            Body::ChannelManagement(ChannelManagement {
                channel_a: b.u(40, 12) as u16,
                channel_b: b.u(52, 12) as u16,
                txrx: b.u(64, 4) as u8,
                power: b.b(68),
                addressed,
                ne_lon_or_dest1: if addressed {
                    b.u(69, 30) as i32
                } else {
                    b.i(69, 18)
                },
                ne_lat: if addressed { 0 } else { b.i(87, 17) },
                sw_lon_or_dest2: if addressed {
                    b.u(104, 30) as i32
                } else {
                    b.i(104, 18)
                },
                sw_lat: if addressed { 0 } else { b.i(122, 17) },
                band_a: b.b(140),
                band_b: b.b(141),
                zonesize: b.u(142, 3) as u8,
            })
        }
        23 => {
            at_least(len, 160)?;
            Body::GroupAssignment(GroupAssignment {
                ne_lon: b.i(40, 18),
                ne_lat: b.i(58, 17),
                sw_lon: b.i(75, 18),
                sw_lat: b.i(93, 17),
                stationtype: b.u(110, 4) as u8,
                shiptype: b.u(114, 8) as u8,
                txrx: b.u(144, 4) as u8,
                interval: b.u(146, 4) as u8,
                quiet: b.u(150, 4) as u8,
            })
        }
        24 => match b.u(38, 2) {
            0 => {
                range(len, 160, 168)?;
                Body::StaticData(Box::new(StaticData {
                    shipname: Some(text(b, 40, 20)),
                    part_b: None,
                }))
            }
            1 => {
                at_least(len, 168)?;
                let auxiliary = mmsi / 10_000_000 == 98;
                Body::StaticData(Box::new(StaticData {
                    shipname: None,
                    part_b: Some(StaticDataB {
                        shiptype: b.u(40, 8) as u8,
                        vendorid: text(b, 48, 7),
                        model: b.u(66, 4) as u8,
                        serial: b.u(70, 20),
                        callsign: text(b, 90, 7),
                        dim: if auxiliary {
                            Dimensions::default()
                        } else {
                            dims(b, 132)
                        },
                        mothership_mmsi: auxiliary.then(|| b.u(132, 30)),
                    }),
                }))
            }
            _ => return Err("type 24 part number is neither A nor B"),
        },
        25 => {
            range(len, 40, 168)?;
            let addressed = b.b(38);
            let structured = b.b(39);
            let need = 40 + 16 * usize::from(structured) + 30 * usize::from(addressed);
            at_least(len, need)?;
            Body::SlotBinary(Box::new(SlotBinary {
                addressed,
                structured,
                dest_mmsi: if addressed { b.u(40, 30) } else { 0 },
                app_id: if structured {
                    b.u(40 + 30 * usize::from(addressed), 16) as u16
                } else {
                    0
                },
                data: raw_slot(b, addressed, structured, len),
                radio: 0,
            }))
        }
        26 => {
            range(len, 60, 1004)?;
            let addressed = b.b(38);
            let structured = b.b(39);
            let need = 40 + 16 * usize::from(structured) + 30 * usize::from(addressed) + 20;
            at_least(len, need)?;
            Body::SlotBinary(Box::new(SlotBinary {
                addressed,
                structured,
                dest_mmsi: if addressed { b.u(40, 30) } else { 0 },
                app_id: if structured {
                    b.u(40 + 30 * usize::from(addressed), 16) as u16
                } else {
                    0
                },
                data: raw_slot(b, addressed, structured, len - 20),
                radio: 0,
            }))
        }
        27 => {
            if len != 96 && len != 168 {
                return Err("type 27 must be 96 (or 168) bits");
            }
            Body::LongRange(LongRange {
                accuracy: b.b(38),
                raim: b.b(39),
                status: b.u(40, 4) as u8,
                lon: b.i(44, 18),
                lat: b.i(62, 17),
                speed: b.u(79, 6) as u8,
                course: b.u(85, 9) as u16,
                gnss: b.b(94),
            })
        }
        _ => return Err("unknown message type"),
    };
    Ok(AisMessage {
        msg_type,
        repeat,
        mmsi,
        body,
    })
}

/// Payload of types 25/26 after the addressing and application-id fields.
/// gpsd copies whole bytes from bit 40 (+16 if structured), shifts out the 30-bit
/// destination when addressed, and prints the bytes unmasked: the last byte keeps the
/// bits that follow the payload (type 26's radio field). Reproduced here bit for bit.
fn raw_slot(b: &BitBuf, addressed: bool, structured: bool, end: usize) -> RawBits {
    let copy_start = 40 + 16 * usize::from(structured);
    let copied_bits = end.saturating_sub(copy_start);
    let region_end = copy_start + copied_bits.div_ceil(8) * 8;
    let start = copy_start + 30 * usize::from(addressed);
    let bit_count = end.saturating_sub(start);
    let mut bytes = Vec::with_capacity(bit_count.div_ceil(8));
    for i in 0..bit_count.div_ceil(8) {
        let at = start + 8 * i;
        let valid = region_end.saturating_sub(at).min(8);
        let byte = if valid == 0 {
            0
        } else {
            (b.u(at, valid) << (8 - valid)) as u8
        };
        bytes.push(byte);
    }
    RawBits { bit_count, bytes }
}
