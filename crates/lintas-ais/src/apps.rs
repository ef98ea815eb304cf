//! Application-specific payloads of types 6 and 8 (DAC/FID), decoded where gpsd
//! decodes them; anything else is kept as raw bits.

use crate::bits::BitBuf;
use crate::messages::*;
use crate::text::{AisText, SIXBIT_ASCII};

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

fn end_text(b: &BitBuf, start: usize) -> String {
    let len = b.bit_len();
    if len <= start {
        return String::new();
    }
    let mut s = String::new();
    for i in 0..(len - start) / 6 {
        let c = SIXBIT_ASCII[b.u(start + 6 * i, 6) as usize & 63];
        if c == b'@' {
            break;
        }
        s.push(char::from(c));
    }
    let keep = s.trim_end_matches([' ', '@']).len();
    s.truncate(keep);
    s
}

fn raw(b: &BitBuf, start: usize) -> RawBits {
    let bit_count = b.bit_len().saturating_sub(start);
    RawBits {
        bit_count,
        bytes: b.bits_to_bytes(start, bit_count),
    }
}

/// Decodes the application part of a type 6 message.
pub fn decode_app6(b: &BitBuf, dac: u16, fid: u8) -> App6 {
    let len = b.bit_len();
    match (dac, fid) {
        (200, 55) if len == 168 => App6::PersonsOnBoard {
            crew: b.u(88, 8) as u8,
            passengers: b.u(96, 13) as u16,
            personnel: b.u(109, 8) as u8,
        },
        (235 | 250, 10) if len == 136 => App6::AtonMonitoring {
            ana_int: b.u(88, 10) as u16,
            ana_ext1: b.u(98, 10) as u16,
            ana_ext2: b.u(108, 10) as u16,
            racon: b.u(118, 2) as u8,
            light: b.u(120, 2) as u8,
            alarm: b.b(122),
            stat_ext: b.u(123, 8) as u8,
            off_pos: b.b(131),
        },
        (1, 12) => App6::DangerousCargo(Box::new(DangerousCargo {
            lastport: text(b, 88, 5),
            departure: [
                b.u(118, 4) as u8,
                b.u(122, 5) as u8,
                b.u(127, 5) as u8,
                b.u(132, 6) as u8,
            ],
            nextport: text(b, 138, 5),
            eta: [
                b.u(168, 4) as u8,
                b.u(172, 5) as u8,
                b.u(177, 5) as u8,
                b.u(182, 6) as u8,
            ],
            dangerous: text(b, 188, 20),
            imdcat: text(b, 308, 4),
            unid: b.u(332, 13) as u16,
            amount: b.u(345, 10) as u16,
            unit: b.u(355, 2) as u8,
        })),
        (1, 14) => tidal_window(b, 93, |b, a| Tidal {
            lat: b.i(a, 27),
            lon: b.i(a + 27, 28),
            from_hour: b.u(a + 55, 5) as u8,
            from_min: b.u(a + 60, 6) as u8,
            to_hour: b.u(a + 66, 5) as u8,
            to_min: b.u(a + 71, 6) as u8,
            cdir: b.u(a + 77, 9) as u16,
            cspeed: b.u(a + 86, 7) as u8,
        }),
        (1, 32) => tidal_window(b, 88, |b, a| Tidal {
            lon: b.i(a, 25),
            lat: b.i(a + 25, 24),
            from_hour: b.u(a + 49, 5) as u8,
            from_min: b.u(a + 54, 6) as u8,
            to_hour: b.u(a + 60, 5) as u8,
            to_min: b.u(a + 65, 6) as u8,
            cdir: b.u(a + 71, 9) as u16,
            cspeed: b.u(a + 80, 8) as u8,
        }),
        (1, 18) => App6::ClearanceTime {
            linkage: b.u(88, 10) as u16,
            month: b.u(98, 4) as u8,
            day: b.u(102, 5) as u8,
            hour: b.u(107, 5) as u8,
            minute: b.u(112, 6) as u8,
            portname: text(b, 118, 20),
            destination: text(b, 238, 5),
            lon: b.i(268, 25),
            lat: b.i(293, 24),
        },
        (1, 15) => App6::AirDraught {
            airdraught: b.u(56, 11) as u16,
        },
        (1, 16) => App6::Persons {
            persons: if len.saturating_sub(88) == 136 {
                b.u(88, 13) as u16
            } else {
                b.u(55, 13) as u16
            },
        },
        (1, 28) => App6::Route(Box::new(route(b, 88))),
        (1, 30) => App6::Text {
            linkage: b.u(88, 10) as u16,
            text: end_text(b, 98),
        },
        _ => App6::Raw(raw(b, 88)),
    }
}

fn tidal_window(b: &BitBuf, element: usize, read: impl Fn(&BitBuf, usize) -> Tidal) -> App6 {
    const BASE: usize = 97;
    let mut tidals = Vec::new();
    let mut u = 0;
    // gpsd reads an element whenever its start lies within the payload, and holds at most 3.
    while BASE + element * u <= b.bit_len() && u < 3 {
        tidals.push(read(b, BASE + element * u));
        u += 1;
    }
    App6::TidalWindow {
        month: b.u(88, 4) as u8,
        day: b.u(92, 5) as u8,
        tidals,
    }
}

/// IMO289 route information starting at bit `at` (the linkage field).
fn route(b: &BitBuf, at: usize) -> Route {
    let waycount = b.u(at + 56, 5) as usize;
    Route {
        linkage: b.u(at, 10) as u16,
        sender: b.u(at + 10, 3) as u8,
        rtype: b.u(at + 13, 5) as u8,
        start: [
            b.u(at + 18, 4) as u8,
            b.u(at + 22, 5) as u8,
            b.u(at + 27, 5) as u8,
            b.u(at + 32, 6) as u8,
        ],
        duration: b.u(at + 38, 18),
        waypoints: (0..waycount)
            .map(|i| {
                let a = at + 61 + 55 * i;
                (b.i(a, 28), b.i(a + 28, 27))
            })
            .collect(),
    }
}

/// Decodes the application part of a type 8 message.
pub fn decode_app8(b: &BitBuf, dac: u16, fid: u8) -> App8 {
    let len = b.bit_len();
    match (dac, fid) {
        (1, 11) => App8::MetHydro(Box::new(MetHydro {
            imo289: false,
            lat: b.i(56, 24),
            lon: b.i(80, 25),
            accuracy: false,
            day: b.u(105, 5) as u8,
            hour: b.u(110, 5) as u8,
            minute: b.u(115, 6) as u8,
            wspeed: b.u(121, 7) as u8,
            wgust: b.u(128, 7) as u8,
            wdir: b.u(135, 9) as u16,
            wgustdir: b.u(144, 9) as u16,
            airtemp: b.u(153, 11) as i32,
            humidity: b.u(164, 7) as u8,
            dewpoint: b.u(171, 10) as i32,
            pressure: b.u(181, 9) as u16,
            pressuretend: b.u(190, 2) as u8,
            visgreater: false,
            visibility: b.u(192, 8) as u8,
            waterlevel: b.u(200, 9) as i32,
            leveltrend: b.u(209, 2) as u8,
            cspeed: b.u(211, 8) as u8,
            cdir: b.u(219, 9) as u16,
            cspeed2: b.u(228, 8) as u8,
            cdir2: b.u(236, 9) as u16,
            cdepth2: b.u(245, 5) as u8,
            cspeed3: b.u(250, 8) as u8,
            cdir3: b.u(258, 9) as u16,
            cdepth3: b.u(267, 5) as u8,
            waveheight: b.u(272, 8) as u8,
            waveperiod: b.u(280, 6) as u8,
            wavedir: b.u(286, 9) as u16,
            swellheight: b.u(295, 8) as u8,
            swellperiod: b.u(303, 6) as u8,
            swelldir: b.u(309, 9) as u16,
            seastate: b.u(318, 4) as u8,
            watertemp: b.u(322, 10) as i32,
            preciptype: b.u(332, 3) as u8,
            salinity: b.u(335, 9) as u16,
            ice: b.u(344, 2) as u8,
        })),
        (1, 31) => App8::MetHydro(Box::new(MetHydro {
            imo289: true,
            lon: b.i(56, 25),
            lat: b.i(81, 24),
            accuracy: b.b(105),
            day: b.u(106, 5) as u8,
            hour: b.u(111, 5) as u8,
            minute: b.u(116, 6) as u8,
            wspeed: b.u(122, 7) as u8,
            wgust: b.u(129, 7) as u8,
            wdir: b.u(136, 9) as u16,
            wgustdir: b.u(145, 9) as u16,
            airtemp: b.i(154, 11),
            humidity: b.u(165, 7) as u8,
            dewpoint: b.i(172, 10),
            pressure: b.u(182, 9) as u16,
            pressuretend: b.u(191, 2) as u8,
            visgreater: b.b(193),
            visibility: b.u(194, 7) as u8,
            waterlevel: b.u(201, 12) as i32,
            leveltrend: b.u(213, 2) as u8,
            cspeed: b.u(215, 8) as u8,
            cdir: b.u(223, 9) as u16,
            cspeed2: b.u(232, 8) as u8,
            cdir2: b.u(240, 9) as u16,
            cdepth2: b.u(249, 5) as u8,
            cspeed3: b.u(254, 8) as u8,
            cdir3: b.u(262, 9) as u16,
            cdepth3: b.u(271, 5) as u8,
            waveheight: b.u(276, 8) as u8,
            waveperiod: b.u(284, 6) as u8,
            wavedir: b.u(290, 9) as u16,
            swellheight: b.u(299, 8) as u8,
            swellperiod: b.u(307, 6) as u8,
            swelldir: b.u(313, 9) as u16,
            seastate: b.u(322, 4) as u8,
            watertemp: b.i(326, 10),
            preciptype: b.u(336, 3) as u8,
            salinity: b.u(339, 9) as u16,
            ice: b.u(348, 2) as u8,
        })),
        (1, 13) => App8::FairwayClosed(Box::new(FairwayClosed {
            reason: text(b, 56, 20),
            closefrom: text(b, 176, 20),
            closeto: text(b, 296, 20),
            radius: b.u(416, 10) as u16,
            extunit: b.u(426, 2) as u8,
            from: [
                b.u(433, 4) as u8,
                b.u(428, 5) as u8,
                b.u(437, 5) as u8,
                b.u(442, 6) as u8,
            ],
            to: [
                b.u(453, 4) as u8,
                b.u(448, 5) as u8,
                b.u(457, 5) as u8,
                b.u(462, 6) as u8,
            ],
        })),
        (1, 15) => App8::AirDraught {
            airdraught: b.u(56, 11) as u16,
        },
        (1, 16) if len.saturating_sub(56) == 136 => App8::Persons {
            persons: b.u(88, 13) as u16,
        },
        (1, 16) if len.saturating_sub(56) == 72 => App8::Persons {
            persons: b.u(55, 13) as u16,
        },
        (1, 27) => App8::Route(Box::new(route(b, 56))),
        (200, 24) if len == 168 => App8::WaterLevels {
            country: text(b, 56, 2),
            gauges: (0..)
                .map(|i| 68 + 25 * i)
                .take_while(|&a| a < len)
                .map(|a| (b.u(a, 11) as u16, b.i(a + 11, 14) as i16))
                .collect(),
        },
        (200, 40) if len == 168 => App8::SignalStatus {
            lon: b.i(56, 28),
            lat: b.i(84, 27),
            form: b.u(111, 4) as u8,
            facing: b.u(115, 9) as u16,
            direction: b.u(124, 3) as u8,
            status: b.u(127, 30),
        },
        (1, 29) => App8::Text {
            linkage: b.u(56, 10) as u16,
            text: end_text(b, 66),
        },
        (200, 10) if len == 168 => {
            let vin = text(b, 56, 8);
            let hazard = b.u(141, 3) as u8;
            // gpsd's guard against false matches: hazard code must be known.
            if hazard > 5 {
                return App8::Raw(raw(b, 56));
            }
            App8::InlandStatic {
                vin,
                length: b.u(104, 13) as u16,
                beam: b.u(117, 10) as u16,
                shiptype: b.u(127, 14) as u16,
                hazard,
                draught: b.u(144, 11) as u16,
                loaded: b.u(155, 2) as u8,
                speed_q: b.b(157),
                course_q: b.b(158),
                heading_q: b.b(159),
            }
        }
        _ => App8::Raw(raw(b, 56)),
    }
}
