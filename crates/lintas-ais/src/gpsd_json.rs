//! gpsd-compatible AIS JSON (`gpsdecode -j`, and `-j -u` for unscaled): same field
//! names, order, value formats and legends, written straight into a byte buffer.

use std::io::Write;

use crate::messages::*;

mod legends;
pub use legends::*;

/// Output options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonOptions<'a> {
    /// Scaled values (degrees, knots) as `gpsdecode -j`; raw integers as `-j -u` when false.
    pub scaled: bool,
    /// The `device` field (`gpsdecode` writes `"stdin"`); omitted when `None`.
    pub device: Option<&'a str>,
}

/// A JSON key with its leading comma, quotes and colon, built at compile time.
macro_rules! k {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}

struct W<'a> {
    out: &'a mut Vec<u8>,
}

impl W<'_> {
    #[inline]
    fn raw(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }
    /// Writes a key produced by `k!` (`,"name":`).
    #[inline]
    fn key(&mut self, k: &str) {
        self.out.extend_from_slice(k.as_bytes());
    }
    #[inline]
    fn u(&mut self, k: &str, v: impl itoa::Integer) {
        self.key(k);
        let mut b = itoa::Buffer::new();
        self.out.extend_from_slice(b.format(v).as_bytes());
    }
    #[inline]
    fn b(&mut self, k: &str, v: bool) {
        self.key(k);
        self.raw(if v { "true" } else { "false" });
    }
    fn s(&mut self, k: &str, v: &str) {
        self.key(k);
        self.out.push(b'"');
        escape_into(self.out, v);
        self.out.push(b'"');
    }
    /// A string known to need no escaping (gpsd's fixed legends).
    #[inline]
    fn lit(&mut self, k: &str, v: &str) {
        self.key(k);
        self.out.push(b'"');
        self.out.extend_from_slice(v.as_bytes());
        self.out.push(b'"');
    }
    /// Fixed-point float with `prec` decimals, printf `%.Nf` style.
    fn f(&mut self, k: &str, v: f64, prec: usize) {
        self.key(k);
        let _ = write!(self.out, "{v:.prec$}");
    }
    /// Quoted fixed-point float.
    fn fq(&mut self, k: &str, v: f64, prec: usize) {
        self.key(k);
        let _ = write!(self.out, "\"{v:.prec$}\"");
    }
    /// Scaled or raw, depending on the mode.
    fn sf(&mut self, scaled: bool, k: &str, raw: i64, div: f64, prec: usize) {
        if scaled {
            self.f(k, raw as f64 / div, prec);
        } else {
            self.u(k, raw);
        }
    }
    /// Scaled (`raw / div` printed with `prec` decimals) by integer arithmetic, or raw.
    /// Used where `raw * 10^prec / div` reduces to `n / d` with `d` in {1, 3}: such a
    /// quotient is never within a rounding tie, so rounding the exact rational gives the
    /// same digits as printf on the nearest double.
    fn sfx(&mut self, scaled: bool, k: &str, raw: i64, mul: i64, den: i64, prec: u32) {
        if !scaled {
            self.u(k, raw);
            return;
        }
        self.key(k);
        fixed(self.out, raw * mul, den, prec);
    }
}

/// JSON string escaping as gpsd's `json_stringify` does it.
pub fn escape_into(out: &mut Vec<u8>, s: &str) {
    if s.bytes()
        .all(|c| c >= 0x20 && c != b'"' && c != b'\\' && c != 0x7f)
    {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    for &c in s.as_bytes() {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            c if c < 0x20 || c == 0x7f => {
                let _ = write!(out, "\\u{c:04x}");
            }
            c => out.push(c),
        }
    }
}

/// Writes `round(n / den) / 10^prec` with exactly `prec` decimals (`den` 1 or 3).
fn fixed(out: &mut Vec<u8>, n: i64, den: i64, prec: u32) {
    // For den 3 the remainder is 0, 1/3 or 2/3 of a unit: rounding is never a tie.
    let q = if den == 1 { n } else { (n + 1).div_euclid(den) };
    if q < 0 {
        out.push(b'-');
    }
    let q = q.unsigned_abs();
    let scale = 10u64.pow(prec);
    let mut b = itoa::Buffer::new();
    out.extend_from_slice(b.format(q / scale).as_bytes());
    if prec > 0 {
        out.push(b'.');
        let frac = q % scale;
        let digits = b.format(frac);
        for _ in digits.len()..prec as usize {
            out.push(b'0');
        }
        out.extend_from_slice(digits.as_bytes());
    }
}

fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(H[usize::from(b >> 4)]));
        s.push(char::from(H[usize::from(b & 15)]));
    }
    s
}

fn data(w: &mut W<'_>, k: &str, r: &RawBits) {
    // `k` comes from `k!`.
    w.key(k);
    let _ = write!(w.out, "\"{}:{}\"", r.bit_count, hex(&r.bytes));
}

fn pair2(out: &mut Vec<u8>, v: u32) {
    if v < 10 {
        out.push(b'0');
    }
    let mut b = itoa::Buffer::new();
    out.extend_from_slice(b.format(v).as_bytes());
}

/// `"MM-DDTHH:MMZ"` partial dates as gpsd prints them.
fn mdhm(w: &mut W<'_>, k: &str, m: u8, d: u8, h: u8, mi: u8) {
    w.key(k);
    w.out.push(b'"');
    pair2(w.out, u32::from(m));
    w.out.push(b'-');
    pair2(w.out, u32::from(d));
    w.out.push(b'T');
    pair2(w.out, u32::from(h));
    w.out.push(b':');
    pair2(w.out, u32::from(mi));
    w.raw("Z\"");
}

/// Appends one gpsd JSON line (terminated by `\n`) for `m`.
pub fn write_message(out: &mut Vec<u8>, m: &AisMessage, opts: JsonOptions<'_>) {
    let sc = opts.scaled;
    let mut w = W { out };
    w.raw("{\"class\":\"AIS\"");
    if let Some(dev) = opts.device {
        w.s(k!("device"), dev);
    }
    w.u(k!("type"), m.msg_type);
    w.u(k!("repeat"), m.repeat);
    w.u(k!("mmsi"), m.mmsi);
    w.b(k!("scaled"), sc);
    match &m.body {
        Body::Position(p) => {
            w.u(k!("status"), p.status);
            w.lit(k!("status_text"), nav_status(p.status));
            if sc {
                w.key(k!("turn"));
                match p.turn {
                    -128 => w.raw("\"n/a\""),
                    -127 => w.raw("\"fastleft\""),
                    127 => w.raw("\"fastright\""),
                    t => {
                        let r = f64::from(t) / 4.733;
                        let _ = write!(w.out, "\"{:.2}\"", r * r * f64::from(t.signum()));
                    }
                }
                speed_knots(&mut w, p.speed);
            } else {
                w.u(k!("turn"), p.turn);
                w.u(k!("speed"), p.speed);
            }
            w.b(k!("accuracy"), p.accuracy);
            w.sfx(sc, k!("lon"), p.lon.into(), 50, 3, 7);
            w.sfx(sc, k!("lat"), p.lat.into(), 50, 3, 7);
            w.sfx(sc, k!("course"), p.course.into(), 1, 1, 1);
            w.u(k!("heading"), p.heading);
            w.u(k!("second"), p.second);
            w.u(k!("maneuver"), p.maneuver);
            w.b(k!("raim"), p.raim);
            w.u(k!("radio"), p.radio);
        }
        Body::BaseStation(p) => {
            w.key(k!("timestamp"));
            w.out.push(b'"');
            let mut yb = itoa::Buffer::new();
            let y = yb.format(p.year);
            for _ in y.len()..4 {
                w.out.push(b'0');
            }
            w.out.extend_from_slice(y.as_bytes());
            for (sep, v) in [
                (b'-', p.month),
                (b'-', p.day),
                (b'T', p.hour),
                (b':', p.minute),
                (b':', p.second),
            ] {
                w.out.push(sep);
                pair2(w.out, u32::from(v));
            }
            w.raw("Z\"");
            w.b(k!("accuracy"), p.accuracy);
            w.sfx(sc, k!("lon"), p.lon.into(), 50, 3, 7);
            w.sfx(sc, k!("lat"), p.lat.into(), 50, 3, 7);
            w.u(k!("epfd"), p.epfd);
            w.s(k!("epfd_text"), &epfd(p.epfd));
            w.b(k!("raim"), p.raim);
            w.u(k!("radio"), p.radio);
        }
        Body::StaticVoyage(p) => {
            w.u(k!("imo"), p.imo);
            w.u(k!("ais_version"), p.ais_version);
            w.s(k!("callsign"), p.callsign.as_str());
            w.s(k!("shipname"), p.shipname.as_str());
            w.u(k!("shiptype"), p.shiptype);
            w.lit(k!("shiptype_text"), ship_type(p.shiptype.into()));
            dims(&mut w, &p.dim);
            w.u(k!("epfd"), p.epfd);
            w.s(k!("epfd_text"), &epfd(p.epfd));
            mdhm(&mut w, k!("eta"), p.month, p.day, p.hour, p.minute);
            w.sfx(sc, k!("draught"), p.draught.into(), 1, 1, 1);
            w.s(k!("destination"), p.destination.as_str());
            w.u(k!("dte"), p.dte);
        }
        Body::AddressedBinary(p) => {
            w.u(k!("seqno"), p.seqno);
            w.u(k!("dest_mmsi"), p.dest_mmsi);
            w.b(k!("retransmit"), p.retransmit);
            w.u(k!("dac"), p.dac);
            w.u(k!("fid"), p.fid);
            app6(&mut w, &p.app, sc);
        }
        Body::Acknowledge(a) => {
            for (k, name) in [k!("mmsi1"), k!("mmsi2"), k!("mmsi3"), k!("mmsi4")]
                .iter()
                .enumerate()
            {
                w.u(name, a.mmsi[k]);
            }
        }
        Body::BroadcastBinary(p) => {
            w.u(k!("dac"), p.dac);
            w.u(k!("fid"), p.fid);
            app8(&mut w, &p.app, sc);
        }
        Body::SarAircraft(p) => {
            w.u(k!("alt"), p.alt);
            w.u(k!("speed"), p.speed);
            w.b(k!("accuracy"), p.accuracy);
            w.sfx(sc, k!("lon"), p.lon.into(), 50, 3, 7);
            w.sfx(sc, k!("lat"), p.lat.into(), 50, 3, 7);
            w.sfx(sc, k!("course"), p.course.into(), 1, 1, 1);
            w.u(k!("second"), p.second);
            w.u(k!("regional"), p.regional);
            w.u(k!("dte"), p.dte);
            w.b(k!("raim"), p.raim);
            w.u(k!("radio"), p.radio);
        }
        Body::UtcInquiry { dest_mmsi } => w.u(k!("dest_mmsi"), *dest_mmsi),
        Body::SafetyAddressed(p) => {
            w.u(k!("seqno"), p.seqno);
            w.u(k!("dest_mmsi"), p.dest_mmsi);
            w.b(k!("retransmit"), p.retransmit);
            w.s(k!("text"), &p.text);
        }
        Body::SafetyBroadcast { text } => w.s(k!("text"), text),
        Body::Interrogation(q) => {
            w.u(k!("mmsi1"), q.mmsi1);
            w.u(k!("type1_1"), q.type1_1);
            w.u(k!("offset1_1"), q.offset1_1);
            w.u(k!("type1_2"), q.type1_2);
            w.u(k!("offset1_2"), q.offset1_2);
            w.u(k!("mmsi2"), q.mmsi2);
            w.u(k!("type2_1"), q.type2_1);
            w.u(k!("offset2_1"), q.offset2_1);
        }
        Body::AssignedMode(a) => {
            w.u(k!("mmsi1"), a.mmsi1);
            w.u(k!("offset1"), a.offset1);
            w.u(k!("increment1"), a.increment1);
            w.u(k!("mmsi2"), a.mmsi2);
            w.u(k!("offset2"), a.offset2);
            w.u(k!("increment2"), a.increment2);
        }
        Body::Dgnss(d) => {
            w.sf(sc, k!("lon"), d.lon.into(), 600.0, 1);
            w.sf(sc, k!("lat"), d.lat.into(), 600.0, 1);
            data(&mut w, k!("data"), &d.data);
        }
        Body::ClassB(p) => {
            w.u(k!("reserved"), p.reserved);
            w.sfx(sc, k!("speed"), p.speed.into(), 1, 1, 1);
            w.b(k!("accuracy"), p.accuracy);
            w.sfx(sc, k!("lon"), p.lon.into(), 50, 3, 7);
            w.sfx(sc, k!("lat"), p.lat.into(), 50, 3, 7);
            w.sfx(sc, k!("course"), p.course.into(), 1, 1, 1);
            w.u(k!("heading"), p.heading);
            w.u(k!("second"), p.second);
            w.u(k!("regional"), p.regional);
            w.b(k!("cs"), p.cs);
            w.b(k!("display"), p.display);
            w.b(k!("dsc"), p.dsc);
            w.b(k!("band"), p.band);
            w.b(k!("msg22"), p.msg22);
            w.b(k!("raim"), p.raim);
            w.u(k!("radio"), p.radio);
        }
        Body::ClassBExtended(p) => {
            w.u(k!("reserved"), p.reserved);
            w.sfx(sc, k!("speed"), p.speed.into(), 1, 1, 1);
            w.b(k!("accuracy"), p.accuracy);
            w.sfx(sc, k!("lon"), p.lon.into(), 50, 3, 7);
            w.sfx(sc, k!("lat"), p.lat.into(), 50, 3, 7);
            w.sfx(sc, k!("course"), p.course.into(), 1, 1, 1);
            w.u(k!("heading"), p.heading);
            w.u(k!("second"), p.second);
            w.u(k!("regional"), p.regional);
            w.s(k!("shipname"), p.shipname.as_str());
            w.u(k!("shiptype"), p.shiptype);
            w.lit(k!("shiptype_text"), ship_type(p.shiptype.into()));
            dims(&mut w, &p.dim);
            w.u(k!("epfd"), p.epfd);
            w.s(k!("epfd_text"), &epfd(p.epfd));
            w.b(k!("raim"), p.raim);
            w.u(k!("dte"), p.dte);
            w.b(k!("assigned"), p.assigned);
        }
        Body::DataLink(d) => {
            for k in 0..4 {
                let n = k + 1;
                w.u(&format!(",\"offset{n}\":"), d.offset[k]);
                w.u(&format!(",\"number{n}\":"), d.number[k]);
                w.u(&format!(",\"timeout{n}\":"), d.timeout[k]);
                w.u(&format!(",\"increment{n}\":"), d.increment[k]);
            }
        }
        Body::AidToNavigation(p) => {
            w.u(k!("aid_type"), p.aid_type);
            w.lit(k!("aid_type_text"), navaid_type(p.aid_type));
            w.s(k!("name"), p.name.as_str());
            if sc {
                w.sfx(sc, k!("lon"), p.lon.into(), 50, 3, 7);
                w.sfx(sc, k!("lat"), p.lat.into(), 50, 3, 7);
                w.b(k!("accuracy"), p.accuracy);
            } else {
                w.b(k!("accuracy"), p.accuracy);
                w.u(k!("lon"), p.lon);
                w.u(k!("lat"), p.lat);
            }
            dims(&mut w, &p.dim);
            w.u(k!("epfd"), p.epfd);
            w.s(k!("epfd_text"), &epfd(p.epfd));
            w.u(k!("second"), p.second);
            w.u(k!("regional"), p.regional);
            w.b(k!("off_position"), p.off_position);
            w.b(k!("raim"), p.raim);
            w.b(k!("virtual_aid"), p.virtual_aid);
        }
        Body::ChannelManagement(c) => {
            w.u(k!("channel_a"), c.channel_a);
            w.u(k!("channel_b"), c.channel_b);
            w.u(k!("txrx"), c.txrx);
            w.b(k!("power"), c.power);
            if c.addressed {
                w.u(k!("dest1"), c.ne_lon_or_dest1 as u32);
                w.u(k!("dest2"), c.sw_lon_or_dest2 as u32);
            } else {
                area(
                    &mut w,
                    sc,
                    [c.ne_lon_or_dest1, c.ne_lat, c.sw_lon_or_dest2, c.sw_lat],
                );
            }
            w.b(k!("addressed"), c.addressed);
            w.b(k!("band_a"), c.band_a);
            w.b(k!("band_b"), c.band_b);
            w.u(k!("zonesize"), c.zonesize);
        }
        Body::GroupAssignment(g) => {
            area(&mut w, sc, [g.ne_lon, g.ne_lat, g.sw_lon, g.sw_lat]);
            w.u(k!("stationtype"), g.stationtype);
            w.lit(k!("stationtype_text"), station_type(g.stationtype));
            w.u(k!("shiptype"), g.shiptype);
            w.lit(k!("shiptype_text"), ship_type(g.shiptype.into()));
            w.u(k!("interval"), g.interval);
            w.u(k!("quiet"), g.quiet);
        }
        Body::StaticData(sd) => {
            if let Some(name) = &sd.shipname {
                w.s(k!("shipname"), name.as_str());
            }
            if let Some(b) = &sd.part_b {
                w.u(k!("shiptype"), b.shiptype);
                w.lit(k!("shiptype_text"), ship_type(b.shiptype.into()));
                w.s(k!("vendorid"), b.vendorid.as_str());
                w.u(k!("model"), b.model);
                w.u(k!("serial"), b.serial);
                w.s(k!("callsign"), b.callsign.as_str());
                match b.mothership_mmsi {
                    Some(ms) => w.u(k!("mothership_mmsi"), ms),
                    None => dims(&mut w, &b.dim),
                }
            }
        }
        Body::SlotBinary(s) => {
            w.b(k!("addressed"), s.addressed);
            w.b(k!("structured"), s.structured);
            w.u(k!("dest_mmsi"), s.dest_mmsi);
            w.u(k!("app_id"), s.app_id);
            data(&mut w, k!("data"), &s.data);
            if m.msg_type == 26 {
                w.u(k!("radio"), s.radio);
            }
        }
        Body::LongRange(p) => {
            w.u(k!("status"), p.status);
            if sc {
                w.lit(k!("status_text"), nav_status(p.status));
            }
            w.b(k!("accuracy"), p.accuracy);
            w.sfx(sc, k!("lon"), p.lon.into(), 50, 3, 4);
            w.sfx(sc, k!("lat"), p.lat.into(), 50, 3, 4);
            w.u(k!("speed"), p.speed);
            w.u(k!("course"), p.course);
            w.b(k!("raim"), p.raim);
            w.b(k!("gnss"), p.gnss);
        }
    }
    w.raw("}\n");
}

fn speed_knots(w: &mut W<'_>, speed: u16) {
    w.key(k!("speed"));
    match speed {
        1023 => w.raw("\"nan\""),
        1022 => w.raw("\"fast\""),
        s => fixed(w.out, i64::from(s), 1, 1),
    }
}

fn dims(w: &mut W<'_>, d: &Dimensions) {
    w.u(k!("to_bow"), d.to_bow);
    w.u(k!("to_stern"), d.to_stern);
    w.u(k!("to_port"), d.to_port);
    w.u(k!("to_starboard"), d.to_starboard);
}

fn area(w: &mut W<'_>, sc: bool, v: [i32; 4]) {
    for (k, name) in [k!("ne_lon"), k!("ne_lat"), k!("sw_lon"), k!("sw_lat")]
        .iter()
        .enumerate()
    {
        if sc {
            w.fq(name, f64::from(v[k]) / 600.0, 6);
        } else {
            w.u(name, v[k]);
        }
    }
}

fn app6(w: &mut W<'_>, app: &App6, sc: bool) {
    match app {
        App6::Raw(r) => data(w, k!("data"), r),
        App6::PersonsOnBoard {
            crew,
            passengers,
            personnel,
        } => {
            w.u(k!("crew"), *crew);
            w.u(k!("passengers"), *passengers);
            w.u(k!("personnel"), *personnel);
        }
        App6::AtonMonitoring {
            ana_int,
            ana_ext1,
            ana_ext2,
            racon,
            light,
            alarm,
            stat_ext,
            off_pos,
        } => {
            w.b(k!("off_pos"), *off_pos);
            w.b(k!("alarm"), *alarm);
            w.u(k!("stat_ext"), *stat_ext);
            for (k, v) in [
                (k!("ana_int"), ana_int),
                (k!("ana_ext1"), ana_ext1),
                (k!("ana_ext2"), ana_ext2),
            ] {
                if sc && *v != 0 {
                    w.f(k, f64::from(*v) * 0.05, 2);
                } else {
                    w.u(k, *v);
                }
            }
            w.u(k!("racon"), *racon);
            w.lit(k!("racon_text"), RACON_STATUS[usize::from(*racon & 3)]);
            w.u(k!("light"), *light);
            w.lit(k!("light_text"), LIGHT_STATUS[usize::from(*light & 3)]);
        }
        App6::DangerousCargo(c) => {
            w.s(k!("lastport"), c.lastport.as_str());
            let [m, d, h, mi] = c.departure;
            mdhm(w, k!("departure"), m, d, h, mi);
            w.s(k!("nextport"), c.nextport.as_str());
            let [m, d, h, mi] = c.eta;
            mdhm(w, k!("eta"), m, d, h, mi);
            w.s(k!("dangerous"), c.dangerous.as_str());
            w.s(k!("imdcat"), c.imdcat.as_str());
            w.u(k!("unid"), c.unid);
            w.u(k!("amount"), c.amount);
            w.u(k!("unit"), c.unit);
        }
        App6::TidalWindow { month, day, tidals } => {
            w.u(k!("month"), *month);
            w.u(k!("day"), *day);
            w.raw(",\"tidals\":[");
            for (i, t) in tidals.iter().enumerate() {
                if i > 0 {
                    w.out.push(b',');
                }
                w.out.push(b'{');
                let mark = w.out.len();
                w.sf(sc, k!("lon"), t.lon.into(), 60_000.0, 6);
                w.sf(sc, k!("lat"), t.lat.into(), 60_000.0, 6);
                w.u(k!("from_hour"), t.from_hour);
                w.u(k!("from_min"), t.from_min);
                w.u(k!("to_hour"), t.to_hour);
                w.u(k!("to_min"), t.to_min);
                w.u(k!("cdir"), t.cdir);
                w.sf(sc, k!("cspeed"), t.cspeed.into(), 10.0, 1);
                // The first key was written with a leading comma; drop it.
                w.out.remove(mark);
                w.out.push(b'}');
            }
            w.out.push(b']');
        }
        App6::ClearanceTime {
            linkage,
            month,
            day,
            hour,
            minute,
            portname,
            destination,
            lon,
            lat,
        } => {
            w.u(k!("linkage"), *linkage);
            mdhm(w, k!("arrival"), *month, *day, *hour, *minute);
            w.s(k!("portname"), portname.as_str());
            w.s(k!("destination"), destination.as_str());
            w.sf(sc, k!("lon"), (*lon).into(), 60_000.0, 6);
            w.sf(sc, k!("lat"), (*lat).into(), 60_000.0, 6);
        }
        App6::AirDraught { airdraught } => w.u(k!("airdraught"), *airdraught),
        App6::Persons { persons } => w.u(k!("persons"), *persons),
        App6::Route(r) => route(w, r, sc),
        App6::Text { linkage, text } => {
            w.u(k!("linkage"), *linkage);
            w.s(k!("text"), text);
        }
    }
}

fn app8(w: &mut W<'_>, app: &App8, sc: bool) {
    match app {
        App8::Raw(r) => data(w, k!("data"), r),
        App8::InlandStatic {
            vin,
            length,
            beam,
            shiptype,
            hazard,
            draught,
            loaded,
            speed_q,
            course_q,
            heading_q,
        } => {
            w.s(k!("vin"), vin.as_str());
            w.u(k!("length"), *length);
            w.u(k!("beam"), *beam);
            w.u(k!("shiptype"), *shiptype);
            w.lit(k!("shiptype_text"), inland_ship_type(*shiptype));
            w.u(k!("hazard"), *hazard);
            w.lit(k!("hazard_text"), hazard_type(*hazard));
            w.u(k!("draught"), *draught);
            w.u(k!("loaded"), *loaded);
            w.lit(k!("loaded_text"), load_status(*loaded));
            w.b(k!("speed_q"), *speed_q);
            w.b(k!("course_q"), *course_q);
            w.b(k!("heading_q"), *heading_q);
        }
        App8::MetHydro(m) => met_hydro(w, m, sc),
        App8::AirDraught { airdraught } => w.u(k!("airdraught"), *airdraught),
        App8::Route(r) => route(w, r, sc),
        App8::WaterLevels { country, gauges } => {
            w.s(k!("country"), country.as_str());
            w.raw(",\"gauges\":[");
            for (i, (id, level)) in gauges.iter().enumerate() {
                if i > 0 {
                    w.out.push(b',');
                }
                let _ = write!(w.out, "{{\"id\":{id},\"level\":{level}}}");
            }
            w.out.push(b']');
        }
        App8::SignalStatus {
            lon,
            lat,
            form,
            facing,
            direction,
            status,
        } => {
            w.sfx(sc, k!("lon"), (*lon).into(), 5, 3, 6);
            w.sfx(sc, k!("lat"), (*lat).into(), 5, 3, 6);
            w.u(k!("form"), *form);
            w.u(k!("facing"), *facing);
            w.u(k!("direction"), *direction);
            w.lit(k!("direction_text"), signal_direction(*direction));
            w.u(k!("status"), *status);
            w.lit(k!("status_text"), signal_status(*status));
        }
        App8::Persons { persons } => w.u(k!("persons"), *persons),
        App8::Text { linkage, text } => {
            w.u(k!("linkage"), *linkage);
            w.s(k!("text"), text);
        }
        App8::FairwayClosed(f) => {
            w.s(k!("reason"), f.reason.as_str());
            w.s(k!("closefrom"), f.closefrom.as_str());
            w.s(k!("closeto"), f.closeto.as_str());
            w.u(k!("radius"), f.radius);
            w.u(k!("extunit"), f.extunit);
            for (key, [m, d, h, mi]) in [(k!("from"), f.from), (k!("to"), f.to)] {
                w.key(key);
                w.out.push(b'"');
                pair2(w.out, u32::from(m));
                w.out.push(b'-');
                pair2(w.out, u32::from(d));
                w.out.push(b'T');
                pair2(w.out, u32::from(h));
                w.out.push(b':');
                pair2(w.out, u32::from(mi));
                w.out.push(b'"');
            }
        }
    }
}

fn route(w: &mut W<'_>, r: &Route, sc: bool) {
    w.u(k!("linkage"), r.linkage);
    w.u(k!("sender"), r.sender);
    w.u(k!("rtype"), r.rtype);
    w.lit(k!("rtype_text"), route_type(r.rtype));
    let [m, d, h, mi] = r.start;
    mdhm(w, k!("start"), m, d, h, mi);
    w.u(k!("duration"), r.duration);
    w.raw(",\"waypoints\":[");
    for (i, &(lon, lat)) in r.waypoints.iter().enumerate() {
        if i > 0 {
            w.out.push(b',');
        }
        w.out.push(b'{');
        let mark = w.out.len();
        w.sfx(sc, k!("lon"), lon.into(), 5, 3, 6);
        w.sfx(sc, k!("lat"), lat.into(), 5, 3, 6);
        // Both keys were written with a leading comma; the first must not have one.
        w.out.remove(mark);
        w.out.push(b'}');
    }
    w.out.push(b']');
}

fn met_hydro(w: &mut W<'_>, m: &MetHydro, sc: bool) {
    w.sf(sc, k!("lat"), m.lat.into(), 60_000.0, 6);
    w.sf(sc, k!("lon"), m.lon.into(), 60_000.0, 6);
    if m.imo289 {
        w.b(k!("accuracy"), m.accuracy);
    }
    w.key(k!("timestamp"));
    let _ = write!(w.out, "\"{:02}T{:02}:{:02}Z\"", m.day, m.hour, m.minute);
    w.u(k!("wspeed"), m.wspeed);
    w.u(k!("wgust"), m.wgust);
    w.u(k!("wdir"), m.wdir);
    w.u(k!("wgustdir"), m.wgustdir);
    w.u(k!("humidity"), m.humidity);
    let trend = |v: u8| TRENDS[usize::from(v & 3)];
    if !sc {
        w.u(k!("airtemp"), m.airtemp);
        w.u(k!("dewpoint"), m.dewpoint);
        w.u(k!("pressure"), m.pressure);
        w.u(k!("pressuretend"), m.pressuretend);
        if m.imo289 {
            w.b(k!("visgreater"), m.visgreater);
        }
        w.u(k!("visibility"), m.visibility);
        w.u(k!("waterlevel"), m.waterlevel);
        w.u(k!("leveltrend"), m.leveltrend);
    } else if m.imo289 {
        w.f(k!("airtemp"), f64::from(m.airtemp) / 10.0, 1);
        w.f(k!("dewpoint"), f64::from(m.dewpoint) / 10.0, 1);
        w.u(k!("pressure"), i32::from(m.pressure) + 799);
        w.s(k!("pressuretend"), trend(m.pressuretend));
        w.b(k!("visgreater"), m.visgreater);
        w.f(k!("visibility"), f64::from(m.visibility) / 10.0, 1);
        w.f(k!("waterlevel"), f64::from(m.waterlevel - 1000) / 100.0, 1);
        w.s(k!("leveltrend"), trend(m.leveltrend));
    } else {
        w.f(k!("airtemp"), f64::from(m.airtemp - 600) / 10.0, 1);
        w.f(k!("dewpoint"), f64::from(m.dewpoint - 200) / 10.0, 1);
        w.u(k!("pressure"), i32::from(m.pressure) + 800);
        w.s(k!("pressuretend"), trend(m.pressuretend));
        w.f(k!("visibility"), f64::from(m.visibility) / 10.0, 1);
        w.f(k!("waterlevel"), f64::from(m.waterlevel - 100) / 10.0, 1);
        w.s(k!("leveltrend"), trend(m.leveltrend));
    }
    w.sf(sc, k!("cspeed"), m.cspeed.into(), 10.0, 1);
    w.u(k!("cdir"), m.cdir);
    w.sf(sc, k!("cspeed2"), m.cspeed2.into(), 10.0, 1);
    w.u(k!("cdir2"), m.cdir2);
    w.u(k!("cdepth2"), m.cdepth2);
    w.sf(sc, k!("cspeed3"), m.cspeed3.into(), 10.0, 1);
    w.u(k!("cdir3"), m.cdir3);
    w.u(k!("cdepth3"), m.cdepth3);
    w.sf(sc, k!("waveheight"), m.waveheight.into(), 10.0, 1);
    w.u(k!("waveperiod"), m.waveperiod);
    w.u(k!("wavedir"), m.wavedir);
    w.sf(sc, k!("swellheight"), m.swellheight.into(), 10.0, 1);
    w.u(k!("swellperiod"), m.swellperiod);
    w.u(k!("swelldir"), m.swelldir);
    w.u(k!("seastate"), m.seastate);
    let precip = PRECIP_TYPES[usize::from(m.preciptype & 7)];
    let ice = ICE[usize::from(m.ice & 3)];
    if !sc {
        w.u(k!("watertemp"), m.watertemp);
        w.u(k!("preciptype"), m.preciptype);
        if !m.imo289 {
            w.lit(k!("preciptype_text"), precip);
        }
        w.u(k!("salinity"), m.salinity);
        w.u(k!("ice"), m.ice);
        if !m.imo289 {
            w.lit(k!("ice_text"), ice);
        }
    } else if m.imo289 {
        w.f(k!("watertemp"), f64::from(m.watertemp) / 10.0, 1);
        w.s(k!("preciptype"), precip);
        w.f(k!("salinity"), f64::from(m.salinity) / 10.0, 1);
        w.s(k!("ice"), ice);
    } else {
        w.f(k!("watertemp"), f64::from(m.watertemp - 100) / 10.0, 1);
        w.u(k!("preciptype"), m.preciptype);
        w.lit(k!("preciptype_text"), precip);
        w.f(k!("salinity"), f64::from(m.salinity) / 10.0, 1);
        w.u(k!("ice"), m.ice);
        w.lit(k!("ice_text"), ice);
    }
}
