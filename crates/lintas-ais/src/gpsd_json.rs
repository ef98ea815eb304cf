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

struct W<'a> {
    out: &'a mut Vec<u8>,
}

impl W<'_> {
    #[inline]
    fn raw(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }
    #[inline]
    fn key(&mut self, k: &str) {
        self.out.push(b',');
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out.extend_from_slice(b"\":");
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
    #[allow(clippy::too_many_arguments)]
    fn sf(&mut self, scaled: bool, k: &str, raw: i64, div: f64, prec: usize) {
        if scaled {
            self.f(k, raw as f64 / div, prec);
        } else {
            self.u(k, raw);
        }
    }
}

/// JSON string escaping as gpsd's `json_stringify` does it.
pub fn escape_into(out: &mut Vec<u8>, s: &str) {
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
        w.s("device", dev);
    }
    w.u("type", m.msg_type);
    w.u("repeat", m.repeat);
    w.u("mmsi", m.mmsi);
    w.b("scaled", sc);
    match &m.body {
        Body::Position(p) => {
            w.u("status", p.status);
            w.s("status_text", nav_status(p.status));
            if sc {
                w.key("turn");
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
                w.u("turn", p.turn);
                w.u("speed", p.speed);
            }
            w.b("accuracy", p.accuracy);
            w.sf(sc, "lon", p.lon.into(), LATLON_DIV, 7);
            w.sf(sc, "lat", p.lat.into(), LATLON_DIV, 7);
            w.sf(sc, "course", p.course.into(), 10.0, 1);
            w.u("heading", p.heading);
            w.u("second", p.second);
            w.u("maneuver", p.maneuver);
            w.b("raim", p.raim);
            w.u("radio", p.radio);
        }
        Body::BaseStation(p) => {
            w.key("timestamp");
            let _ = write!(
                w.out,
                "\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z\"",
                p.year, p.month, p.day, p.hour, p.minute, p.second
            );
            w.b("accuracy", p.accuracy);
            w.sf(sc, "lon", p.lon.into(), LATLON_DIV, 7);
            w.sf(sc, "lat", p.lat.into(), LATLON_DIV, 7);
            w.u("epfd", p.epfd);
            w.s("epfd_text", &epfd(p.epfd));
            w.b("raim", p.raim);
            w.u("radio", p.radio);
        }
        Body::StaticVoyage(p) => {
            w.u("imo", p.imo);
            w.u("ais_version", p.ais_version);
            w.s("callsign", p.callsign.as_str());
            w.s("shipname", p.shipname.as_str());
            w.u("shiptype", p.shiptype);
            w.s("shiptype_text", ship_type(p.shiptype.into()));
            dims(&mut w, &p.dim);
            w.u("epfd", p.epfd);
            w.s("epfd_text", &epfd(p.epfd));
            mdhm(&mut w, "eta", p.month, p.day, p.hour, p.minute);
            w.sf(sc, "draught", p.draught.into(), 10.0, 1);
            w.s("destination", p.destination.as_str());
            w.u("dte", p.dte);
        }
        Body::AddressedBinary(p) => {
            w.u("seqno", p.seqno);
            w.u("dest_mmsi", p.dest_mmsi);
            w.b("retransmit", p.retransmit);
            w.u("dac", p.dac);
            w.u("fid", p.fid);
            app6(&mut w, &p.app, sc);
        }
        Body::Acknowledge(a) => {
            for (k, name) in ["mmsi1", "mmsi2", "mmsi3", "mmsi4"].iter().enumerate() {
                w.u(name, a.mmsi[k]);
            }
        }
        Body::BroadcastBinary(p) => {
            w.u("dac", p.dac);
            w.u("fid", p.fid);
            app8(&mut w, &p.app, sc);
        }
        Body::SarAircraft(p) => {
            w.u("alt", p.alt);
            w.u("speed", p.speed);
            w.b("accuracy", p.accuracy);
            w.sf(sc, "lon", p.lon.into(), LATLON_DIV, 7);
            w.sf(sc, "lat", p.lat.into(), LATLON_DIV, 7);
            w.sf(sc, "course", p.course.into(), 10.0, 1);
            w.u("second", p.second);
            w.u("regional", p.regional);
            w.u("dte", p.dte);
            w.b("raim", p.raim);
            w.u("radio", p.radio);
        }
        Body::UtcInquiry { dest_mmsi } => w.u("dest_mmsi", *dest_mmsi),
        Body::SafetyAddressed(p) => {
            w.u("seqno", p.seqno);
            w.u("dest_mmsi", p.dest_mmsi);
            w.b("retransmit", p.retransmit);
            w.s("text", &p.text);
        }
        Body::SafetyBroadcast { text } => w.s("text", text),
        Body::Interrogation(q) => {
            w.u("mmsi1", q.mmsi1);
            w.u("type1_1", q.type1_1);
            w.u("offset1_1", q.offset1_1);
            w.u("type1_2", q.type1_2);
            w.u("offset1_2", q.offset1_2);
            w.u("mmsi2", q.mmsi2);
            w.u("type2_1", q.type2_1);
            w.u("offset2_1", q.offset2_1);
        }
        Body::AssignedMode(a) => {
            w.u("mmsi1", a.mmsi1);
            w.u("offset1", a.offset1);
            w.u("increment1", a.increment1);
            w.u("mmsi2", a.mmsi2);
            w.u("offset2", a.offset2);
            w.u("increment2", a.increment2);
        }
        Body::Dgnss(d) => {
            w.sf(sc, "lon", d.lon.into(), 600.0, 1);
            w.sf(sc, "lat", d.lat.into(), 600.0, 1);
            data(&mut w, "data", &d.data);
        }
        Body::ClassB(p) => {
            w.u("reserved", p.reserved);
            if sc {
                w.f("speed", f64::from(p.speed) / 10.0, 1);
            } else {
                w.u("speed", p.speed);
            }
            w.b("accuracy", p.accuracy);
            w.sf(sc, "lon", p.lon.into(), LATLON_DIV, 7);
            w.sf(sc, "lat", p.lat.into(), LATLON_DIV, 7);
            w.sf(sc, "course", p.course.into(), 10.0, 1);
            w.u("heading", p.heading);
            w.u("second", p.second);
            w.u("regional", p.regional);
            w.b("cs", p.cs);
            w.b("display", p.display);
            w.b("dsc", p.dsc);
            w.b("band", p.band);
            w.b("msg22", p.msg22);
            w.b("raim", p.raim);
            w.u("radio", p.radio);
        }
        Body::ClassBExtended(p) => {
            w.u("reserved", p.reserved);
            w.sf(sc, "speed", p.speed.into(), 10.0, 1);
            w.b("accuracy", p.accuracy);
            w.sf(sc, "lon", p.lon.into(), LATLON_DIV, 7);
            w.sf(sc, "lat", p.lat.into(), LATLON_DIV, 7);
            w.sf(sc, "course", p.course.into(), 10.0, 1);
            w.u("heading", p.heading);
            w.u("second", p.second);
            w.u("regional", p.regional);
            w.s("shipname", p.shipname.as_str());
            w.u("shiptype", p.shiptype);
            w.s("shiptype_text", ship_type(p.shiptype.into()));
            dims(&mut w, &p.dim);
            w.u("epfd", p.epfd);
            w.s("epfd_text", &epfd(p.epfd));
            w.b("raim", p.raim);
            w.u("dte", p.dte);
            w.b("assigned", p.assigned);
        }
        Body::DataLink(d) => {
            for k in 0..4 {
                let n = k + 1;
                w.u(&format!("offset{n}"), d.offset[k]);
                w.u(&format!("number{n}"), d.number[k]);
                w.u(&format!("timeout{n}"), d.timeout[k]);
                w.u(&format!("increment{n}"), d.increment[k]);
            }
        }
        Body::AidToNavigation(p) => {
            w.u("aid_type", p.aid_type);
            w.s("aid_type_text", navaid_type(p.aid_type));
            w.s("name", p.name.as_str());
            if sc {
                w.f("lon", f64::from(p.lon) / LATLON_DIV, 7);
                w.f("lat", f64::from(p.lat) / LATLON_DIV, 7);
                w.b("accuracy", p.accuracy);
            } else {
                w.b("accuracy", p.accuracy);
                w.u("lon", p.lon);
                w.u("lat", p.lat);
            }
            dims(&mut w, &p.dim);
            w.u("epfd", p.epfd);
            w.s("epfd_text", &epfd(p.epfd));
            w.u("second", p.second);
            w.u("regional", p.regional);
            w.b("off_position", p.off_position);
            w.b("raim", p.raim);
            w.b("virtual_aid", p.virtual_aid);
        }
        Body::ChannelManagement(c) => {
            w.u("channel_a", c.channel_a);
            w.u("channel_b", c.channel_b);
            w.u("txrx", c.txrx);
            w.b("power", c.power);
            if c.addressed {
                w.u("dest1", c.ne_lon_or_dest1 as u32);
                w.u("dest2", c.sw_lon_or_dest2 as u32);
            } else {
                area(
                    &mut w,
                    sc,
                    [c.ne_lon_or_dest1, c.ne_lat, c.sw_lon_or_dest2, c.sw_lat],
                );
            }
            w.b("addressed", c.addressed);
            w.b("band_a", c.band_a);
            w.b("band_b", c.band_b);
            w.u("zonesize", c.zonesize);
        }
        Body::GroupAssignment(g) => {
            area(&mut w, sc, [g.ne_lon, g.ne_lat, g.sw_lon, g.sw_lat]);
            w.u("stationtype", g.stationtype);
            w.s("stationtype_text", station_type(g.stationtype));
            w.u("shiptype", g.shiptype);
            w.s("shiptype_text", ship_type(g.shiptype.into()));
            w.u("interval", g.interval);
            w.u("quiet", g.quiet);
        }
        Body::StaticData(sd) => {
            if let Some(name) = &sd.shipname {
                w.s("shipname", name.as_str());
            }
            if let Some(b) = &sd.part_b {
                w.u("shiptype", b.shiptype);
                w.s("shiptype_text", ship_type(b.shiptype.into()));
                w.s("vendorid", b.vendorid.as_str());
                w.u("model", b.model);
                w.u("serial", b.serial);
                w.s("callsign", b.callsign.as_str());
                match b.mothership_mmsi {
                    Some(ms) => w.u("mothership_mmsi", ms),
                    None => dims(&mut w, &b.dim),
                }
            }
        }
        Body::SlotBinary(s) => {
            w.b("addressed", s.addressed);
            w.b("structured", s.structured);
            w.u("dest_mmsi", s.dest_mmsi);
            w.u("app_id", s.app_id);
            data(&mut w, "data", &s.data);
            if m.msg_type == 26 {
                w.u("radio", s.radio);
            }
        }
        Body::LongRange(p) => {
            w.u("status", p.status);
            if sc {
                w.s("status_text", nav_status(p.status));
            }
            w.b("accuracy", p.accuracy);
            w.sf(sc, "lon", p.lon.into(), 600.0, 4);
            w.sf(sc, "lat", p.lat.into(), 600.0, 4);
            w.u("speed", p.speed);
            w.u("course", p.course);
            w.b("raim", p.raim);
            w.b("gnss", p.gnss);
        }
    }
    w.raw("}\n");
}

fn speed_knots(w: &mut W<'_>, speed: u16) {
    w.key("speed");
    match speed {
        1023 => w.raw("\"nan\""),
        1022 => w.raw("\"fast\""),
        s => {
            let _ = write!(w.out, "{:.1}", f64::from(s) / 10.0);
        }
    }
}

fn dims(w: &mut W<'_>, d: &Dimensions) {
    w.u("to_bow", d.to_bow);
    w.u("to_stern", d.to_stern);
    w.u("to_port", d.to_port);
    w.u("to_starboard", d.to_starboard);
}

fn area(w: &mut W<'_>, sc: bool, v: [i32; 4]) {
    for (k, name) in ["ne_lon", "ne_lat", "sw_lon", "sw_lat"].iter().enumerate() {
        if sc {
            w.fq(name, f64::from(v[k]) / 600.0, 6);
        } else {
            w.u(name, v[k]);
        }
    }
}

fn app6(w: &mut W<'_>, app: &App6, sc: bool) {
    match app {
        App6::Raw(r) => data(w, "data", r),
        App6::PersonsOnBoard {
            crew,
            passengers,
            personnel,
        } => {
            w.u("crew", *crew);
            w.u("passengers", *passengers);
            w.u("personnel", *personnel);
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
            w.b("off_pos", *off_pos);
            w.b("alarm", *alarm);
            w.u("stat_ext", *stat_ext);
            for (k, v) in [
                ("ana_int", ana_int),
                ("ana_ext1", ana_ext1),
                ("ana_ext2", ana_ext2),
            ] {
                if sc && *v != 0 {
                    w.f(k, f64::from(*v) * 0.05, 2);
                } else {
                    w.u(k, *v);
                }
            }
            w.u("racon", *racon);
            w.s("racon_text", RACON_STATUS[usize::from(*racon & 3)]);
            w.u("light", *light);
            w.s("light_text", LIGHT_STATUS[usize::from(*light & 3)]);
        }
        App6::DangerousCargo(c) => {
            w.s("lastport", c.lastport.as_str());
            let [m, d, h, mi] = c.departure;
            mdhm(w, "departure", m, d, h, mi);
            w.s("nextport", c.nextport.as_str());
            let [m, d, h, mi] = c.eta;
            mdhm(w, "eta", m, d, h, mi);
            w.s("dangerous", c.dangerous.as_str());
            w.s("imdcat", c.imdcat.as_str());
            w.u("unid", c.unid);
            w.u("amount", c.amount);
            w.u("unit", c.unit);
        }
        App6::TidalWindow { month, day, tidals } => {
            w.u("month", *month);
            w.u("day", *day);
            w.raw(",\"tidals\":[");
            for (i, t) in tidals.iter().enumerate() {
                if i > 0 {
                    w.out.push(b',');
                }
                w.out.push(b'{');
                let mark = w.out.len();
                w.sf(sc, "lon", t.lon.into(), 60_000.0, 6);
                w.sf(sc, "lat", t.lat.into(), 60_000.0, 6);
                w.u("from_hour", t.from_hour);
                w.u("from_min", t.from_min);
                w.u("to_hour", t.to_hour);
                w.u("to_min", t.to_min);
                w.u("cdir", t.cdir);
                w.sf(sc, "cspeed", t.cspeed.into(), 10.0, 1);
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
            w.u("linkage", *linkage);
            mdhm(w, "arrival", *month, *day, *hour, *minute);
            w.s("portname", portname.as_str());
            w.s("destination", destination.as_str());
            w.sf(sc, "lon", (*lon).into(), 60_000.0, 6);
            w.sf(sc, "lat", (*lat).into(), 60_000.0, 6);
        }
        App6::Text { linkage, text } => {
            w.u("linkage", *linkage);
            w.s("text", text);
        }
    }
}

fn app8(w: &mut W<'_>, app: &App8, sc: bool) {
    match app {
        App8::Raw(r) => data(w, "data", r),
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
            w.s("vin", vin.as_str());
            w.u("length", *length);
            w.u("beam", *beam);
            w.u("shiptype", *shiptype);
            w.s("shiptype_text", inland_ship_type(*shiptype));
            w.u("hazard", *hazard);
            w.s("hazard_text", hazard_type(*hazard));
            w.u("draught", *draught);
            w.u("loaded", *loaded);
            w.s("loaded_text", load_status(*loaded));
            w.b("speed_q", *speed_q);
            w.b("course_q", *course_q);
            w.b("heading_q", *heading_q);
        }
        App8::MetHydro(m) => met_hydro(w, m, sc),
    }
}

fn met_hydro(w: &mut W<'_>, m: &MetHydro, sc: bool) {
    w.sf(sc, "lat", m.lat.into(), 60_000.0, 6);
    w.sf(sc, "lon", m.lon.into(), 60_000.0, 6);
    if m.imo289 {
        w.b("accuracy", m.accuracy);
    }
    w.key("timestamp");
    let _ = write!(w.out, "\"{:02}T{:02}:{:02}Z\"", m.day, m.hour, m.minute);
    w.u("wspeed", m.wspeed);
    w.u("wgust", m.wgust);
    w.u("wdir", m.wdir);
    w.u("wgustdir", m.wgustdir);
    w.u("humidity", m.humidity);
    let trend = |v: u8| TRENDS[usize::from(v & 3)];
    if !sc {
        w.u("airtemp", m.airtemp);
        w.u("dewpoint", m.dewpoint);
        w.u("pressure", m.pressure);
        w.u("pressuretend", m.pressuretend);
        if m.imo289 {
            w.b("visgreater", m.visgreater);
        }
        w.u("visibility", m.visibility);
        w.u("waterlevel", m.waterlevel);
        w.u("leveltrend", m.leveltrend);
    } else if m.imo289 {
        w.f("airtemp", f64::from(m.airtemp) / 10.0, 1);
        w.f("dewpoint", f64::from(m.dewpoint) / 10.0, 1);
        w.u("pressure", i32::from(m.pressure) + 799);
        w.s("pressuretend", trend(m.pressuretend));
        w.b("visgreater", m.visgreater);
        w.f("visibility", f64::from(m.visibility) / 10.0, 1);
        w.f("waterlevel", f64::from(m.waterlevel - 1000) / 100.0, 1);
        w.s("leveltrend", trend(m.leveltrend));
    } else {
        w.f("airtemp", f64::from(m.airtemp - 600) / 10.0, 1);
        w.f("dewpoint", f64::from(m.dewpoint - 200) / 10.0, 1);
        w.u("pressure", i32::from(m.pressure) + 800);
        w.s("pressuretend", trend(m.pressuretend));
        w.f("visibility", f64::from(m.visibility) / 10.0, 1);
        w.f("waterlevel", f64::from(m.waterlevel - 100) / 10.0, 1);
        w.s("leveltrend", trend(m.leveltrend));
    }
    w.sf(sc, "cspeed", m.cspeed.into(), 10.0, 1);
    w.u("cdir", m.cdir);
    w.sf(sc, "cspeed2", m.cspeed2.into(), 10.0, 1);
    w.u("cdir2", m.cdir2);
    w.u("cdepth2", m.cdepth2);
    w.sf(sc, "cspeed3", m.cspeed3.into(), 10.0, 1);
    w.u("cdir3", m.cdir3);
    w.u("cdepth3", m.cdepth3);
    w.sf(sc, "waveheight", m.waveheight.into(), 10.0, 1);
    w.u("waveperiod", m.waveperiod);
    w.u("wavedir", m.wavedir);
    w.sf(sc, "swellheight", m.swellheight.into(), 10.0, 1);
    w.u("swellperiod", m.swellperiod);
    w.u("swelldir", m.swelldir);
    w.u("seastate", m.seastate);
    let precip = PRECIP_TYPES[usize::from(m.preciptype & 7)];
    let ice = ICE[usize::from(m.ice & 3)];
    if !sc {
        w.u("watertemp", m.watertemp);
        w.u("preciptype", m.preciptype);
        if !m.imo289 {
            w.s("preciptype_text", precip);
        }
        w.u("salinity", m.salinity);
        w.u("ice", m.ice);
        if !m.imo289 {
            w.s("ice_text", ice);
        }
    } else if m.imo289 {
        w.f("watertemp", f64::from(m.watertemp) / 10.0, 1);
        w.s("preciptype", precip);
        w.f("salinity", f64::from(m.salinity) / 10.0, 1);
        w.s("ice", ice);
    } else {
        w.f("watertemp", f64::from(m.watertemp - 100) / 10.0, 1);
        w.u("preciptype", m.preciptype);
        w.s("preciptype_text", precip);
        w.f("salinity", f64::from(m.salinity) / 10.0, 1);
        w.u("ice", m.ice);
        w.s("ice_text", ice);
    }
}
