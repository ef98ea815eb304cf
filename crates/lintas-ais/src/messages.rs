//! Decoded AIS messages. Fields keep the raw on-air integers (gpsd's "unscaled" view);
//! accessor methods give degrees, knots and metres. Plain `Copy`-friendly structs so a
//! store can persist them column by column.

use serde::{Deserialize, Serialize};

use crate::text::AisText;

/// Longitude/latitude unit of class A/B reports: 1/10 000 minute.
pub const LATLON_DIV: f64 = 600_000.0;

/// A decoded AIS message: common header plus the type-specific body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AisMessage {
    /// Message type 1–27.
    pub msg_type: u8,
    /// Repeat indicator 0–3.
    pub repeat: u8,
    /// Source MMSI.
    pub mmsi: u32,
    /// Type-specific content.
    pub body: Body,
}

/// Type-specific content of an AIS message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Body {
    /// Types 1, 2, 3: class A position report.
    Position(PositionReport),
    /// Types 4 and 11: base station report / UTC date response.
    BaseStation(BaseStationReport),
    /// Type 5: static and voyage related data.
    StaticVoyage(Box<StaticVoyage>),
    /// Type 6: addressed binary message.
    AddressedBinary(Box<AddressedBinary>),
    /// Types 7 and 13: binary / safety acknowledge.
    Acknowledge(Acknowledge),
    /// Type 8: binary broadcast message.
    BroadcastBinary(Box<BroadcastBinary>),
    /// Type 9: SAR aircraft position report.
    SarAircraft(SarAircraft),
    /// Type 10: UTC/date inquiry.
    UtcInquiry {
        /// Destination MMSI.
        dest_mmsi: u32,
    },
    /// Type 12: addressed safety-related message.
    SafetyAddressed(Box<SafetyAddressed>),
    /// Type 14: safety-related broadcast.
    SafetyBroadcast {
        /// Free text.
        text: String,
    },
    /// Type 15: interrogation.
    Interrogation(Interrogation),
    /// Type 16: assigned mode command.
    AssignedMode(AssignedMode),
    /// Type 17: DGNSS broadcast binary message.
    Dgnss(Box<Dgnss>),
    /// Type 18: standard class B position report.
    ClassB(ClassBPosition),
    /// Type 19: extended class B position report.
    ClassBExtended(Box<ClassBExtended>),
    /// Type 20: data link management.
    DataLink(DataLink),
    /// Type 21: aid-to-navigation report.
    AidToNavigation(Box<AidToNavigation>),
    /// Type 22: channel management.
    ChannelManagement(ChannelManagement),
    /// Type 23: group assignment command.
    GroupAssignment(GroupAssignment),
    /// Type 24: static data report (part A, part B, or both merged).
    StaticData(Box<StaticData>),
    /// Types 25 and 26: single/multiple slot binary message.
    SlotBinary(Box<SlotBinary>),
    /// Type 27: long-range broadcast.
    LongRange(LongRange),
}

/// Class A position report (types 1–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionReport {
    /// Navigational status 0–15.
    pub status: u8,
    /// Rate of turn, raw ROT_AIS (−128 = not available).
    pub turn: i8,
    /// Speed over ground in 1/10 knot (1023 = n/a).
    pub speed: u16,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in 1/10 000 min (181° = n/a).
    pub lon: i32,
    /// Latitude in 1/10 000 min (91° = n/a).
    pub lat: i32,
    /// Course over ground in 1/10 degree (3600 = n/a).
    pub course: u16,
    /// True heading in degrees (511 = n/a).
    pub heading: u16,
    /// UTC second of the report.
    pub second: u8,
    /// Manoeuvre indicator.
    pub maneuver: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status (SOTDMA/ITDMA state).
    pub radio: u32,
}

/// Base station report / UTC response (types 4, 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseStationReport {
    /// Year (0 = n/a).
    pub year: u16,
    /// Month (0 = n/a).
    pub month: u8,
    /// Day (0 = n/a).
    pub day: u8,
    /// Hour (24 = n/a).
    pub hour: u8,
    /// Minute (60 = n/a).
    pub minute: u8,
    /// Second (60 = n/a).
    pub second: u8,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in 1/10 000 min.
    pub lon: i32,
    /// Latitude in 1/10 000 min.
    pub lat: i32,
    /// Type of position fixing device.
    pub epfd: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status.
    pub radio: u32,
}

/// Static and voyage related data (type 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaticVoyage {
    /// AIS version indicator.
    pub ais_version: u8,
    /// IMO number (0 = n/a).
    pub imo: u32,
    /// Call sign.
    pub callsign: AisText,
    /// Vessel name.
    pub shipname: AisText,
    /// Ship and cargo type.
    pub shiptype: u8,
    /// Dimensions.
    pub dim: Dimensions,
    /// Type of position fixing device.
    pub epfd: u8,
    /// ETA month.
    pub month: u8,
    /// ETA day.
    pub day: u8,
    /// ETA hour.
    pub hour: u8,
    /// ETA minute.
    pub minute: u8,
    /// Draught in 1/10 m.
    pub draught: u8,
    /// Destination.
    pub destination: AisText,
    /// Data terminal equipment flag (0 = ready).
    pub dte: u8,
}

/// Ship dimensions relative to the position reference point, in metres.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimensions {
    /// Distance to bow.
    pub to_bow: u16,
    /// Distance to stern.
    pub to_stern: u16,
    /// Distance to port.
    pub to_port: u8,
    /// Distance to starboard.
    pub to_starboard: u8,
}

impl Dimensions {
    /// Overall length in metres (0 when unknown).
    pub fn length(&self) -> u32 {
        u32::from(self.to_bow) + u32::from(self.to_stern)
    }
    /// Overall beam in metres (0 when unknown).
    pub fn beam(&self) -> u32 {
        u32::from(self.to_port) + u32::from(self.to_starboard)
    }
}

/// Binary payload left undecoded: bit count and left-aligned bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawBits {
    /// Number of meaningful bits.
    pub bit_count: usize,
    /// The bits, MSB first, last byte zero-padded.
    pub bytes: Vec<u8>,
}

/// Type 6: addressed binary message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressedBinary {
    /// Sequence number.
    pub seqno: u8,
    /// Destination MMSI.
    pub dest_mmsi: u32,
    /// Retransmit flag.
    pub retransmit: bool,
    /// Designated area code.
    pub dac: u16,
    /// Function id.
    pub fid: u8,
    /// Decoded application content (or raw bits).
    pub app: App6,
}

/// Application content of a type 6 message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "app", rename_all = "snake_case")]
pub enum App6 {
    /// Not a DAC/FID we decode: the raw application bits.
    Raw(RawBits),
    /// DAC 235/250 FID 10: GLA AtoN monitoring data.
    AtonMonitoring {
        /// Analogue internal (0.05 V units).
        ana_int: u16,
        /// Analogue external 1.
        ana_ext1: u16,
        /// Analogue external 2.
        ana_ext2: u16,
        /// RACON status.
        racon: u8,
        /// Light status.
        light: u8,
        /// Alarm flag.
        alarm: bool,
        /// Extended status bits.
        stat_ext: u8,
        /// Off-position flag.
        off_pos: bool,
    },
    /// DAC 1 FID 12: IMO236 dangerous cargo indication.
    DangerousCargo(Box<DangerousCargo>),
    /// DAC 1 FID 14 (IMO236) or FID 32 (IMO289): tidal window.
    TidalWindow {
        /// Month.
        month: u8,
        /// Day.
        day: u8,
        /// Tidal entries.
        tidals: Vec<Tidal>,
    },
    /// DAC 1 FID 18: clearance time to enter port.
    ClearanceTime {
        /// Message linkage id.
        linkage: u16,
        /// Month.
        month: u8,
        /// Day.
        day: u8,
        /// Hour.
        hour: u8,
        /// Minute.
        minute: u8,
        /// Port name.
        portname: AisText,
        /// Destination.
        destination: AisText,
        /// Longitude, 1/1000 min.
        lon: i32,
        /// Latitude, 1/1000 min.
        lat: i32,
    },
    /// DAC 1 FID 30: text description (addressed).
    Text {
        /// Message linkage id.
        linkage: u16,
        /// Text.
        text: String,
    },
    /// DAC 1 FID 15: air draught (IMO236). gpsd reads it at bit 56, inside the header,
    /// and so do we, to print the same value.
    AirDraught {
        /// Air draught, raw.
        airdraught: u16,
    },
    /// DAC 1 FID 16: number of persons on board.
    Persons {
        /// Persons.
        persons: u16,
    },
    /// DAC 1 FID 28: route information (addressed).
    Route(Box<Route>),
    /// DAC 200 FID 55: persons on board (inland).
    PersonsOnBoard {
        /// Crew.
        crew: u8,
        /// Passengers.
        passengers: u16,
        /// Shipboard personnel.
        personnel: u8,
    },
}

/// IMO236 dangerous cargo indication (type 6, DAC 1, FID 12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DangerousCargo {
    /// Last port of call.
    pub lastport: AisText,
    /// Departure month, day, hour, minute.
    pub departure: [u8; 4],
    /// Next port of call.
    pub nextport: AisText,
    /// ETA month, day, hour, minute.
    pub eta: [u8; 4],
    /// Main dangerous good.
    pub dangerous: AisText,
    /// IMD category.
    pub imdcat: AisText,
    /// UN number.
    pub unid: u16,
    /// Amount of cargo.
    pub amount: u16,
    /// Unit of quantity.
    pub unit: u8,
}

/// One tidal-window entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tidal {
    /// Longitude, 1/1000 min.
    pub lon: i32,
    /// Latitude, 1/1000 min.
    pub lat: i32,
    /// From hour.
    pub from_hour: u8,
    /// From minute.
    pub from_min: u8,
    /// To hour.
    pub to_hour: u8,
    /// To minute.
    pub to_min: u8,
    /// Current direction.
    pub cdir: u16,
    /// Current speed, 1/10 knot.
    pub cspeed: u8,
}

/// Types 7 and 13: acknowledgements of up to four MMSIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledge {
    /// Acknowledged MMSIs (0 = absent).
    pub mmsi: [u32; 4],
    /// Their sequence numbers.
    pub seqno: [u8; 4],
}

/// Type 8: binary broadcast message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BroadcastBinary {
    /// Designated area code.
    pub dac: u16,
    /// Function id.
    pub fid: u8,
    /// Decoded application content (or raw bits).
    pub app: App8,
}

/// Application content of a type 8 message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "app", rename_all = "snake_case")]
pub enum App8 {
    /// Not a DAC/FID we decode: the raw application bits.
    Raw(RawBits),
    /// DAC 1 FID 11 (IMO236) or FID 31 (IMO289): meteorological and hydrological data.
    MetHydro(Box<MetHydro>),
    /// DAC 1 FID 13: fairway closed (IMO236).
    FairwayClosed(Box<FairwayClosed>),
    /// DAC 1 FID 15: air draught (IMO236).
    AirDraught {
        /// Air draught.
        airdraught: u16,
    },
    /// DAC 1 FID 16: number of persons on board (IMO289, 136 bits; IMO236, 72 bits).
    Persons {
        /// Persons.
        persons: u16,
    },
    /// DAC 1 FID 29: text description (broadcast).
    Text {
        /// Message linkage id.
        linkage: u16,
        /// Text.
        text: String,
    },
    /// DAC 1 FID 27: route information (broadcast).
    Route(Box<Route>),
    /// DAC 200 FID 24: inland water levels.
    WaterLevels {
        /// Country code.
        country: AisText,
        /// (gauge id, level in cm) pairs.
        gauges: Vec<(u16, i16)>,
    },
    /// DAC 200 FID 40: inland signal status.
    SignalStatus {
        /// Longitude, 1/10 000 min.
        lon: i32,
        /// Latitude, 1/10 000 min.
        lat: i32,
        /// Signal form.
        form: u8,
        /// Orientation.
        facing: u16,
        /// Direction of impact.
        direction: u8,
        /// Light status bits.
        status: u32,
    },
    /// DAC 200 FID 10: inland ship static and voyage data.
    InlandStatic {
        /// European vessel id.
        vin: AisText,
        /// Length, 1/10 m.
        length: u16,
        /// Beam, 1/10 m.
        beam: u16,
        /// ERI ship type.
        shiptype: u16,
        /// Hazardous cargo.
        hazard: u8,
        /// Draught, 1/100 m.
        draught: u16,
        /// Loaded/unloaded.
        loaded: u8,
        /// Speed quality.
        speed_q: bool,
        /// Course quality.
        course_q: bool,
        /// Heading quality.
        heading_q: bool,
    },
}

/// IMO289 route information (type 6 FID 28 / type 8 FID 27).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// Message linkage id.
    pub linkage: u16,
    /// Sender class.
    pub sender: u8,
    /// Route type.
    pub rtype: u8,
    /// Start month, day, hour, minute.
    pub start: [u8; 4],
    /// Duration in minutes.
    pub duration: u32,
    /// Waypoints as (lon, lat) in 1/10 000 min.
    pub waypoints: Vec<(i32, i32)>,
}

/// IMO236 fairway closed (type 8, DAC 1, FID 13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairwayClosed {
    /// Reason for closing.
    pub reason: AisText,
    /// Location of closing from.
    pub closefrom: AisText,
    /// Location of closing to.
    pub closeto: AisText,
    /// Radius extension.
    pub radius: u16,
    /// Unit of extension.
    pub extunit: u8,
    /// From month, day, hour, minute.
    pub from: [u8; 4],
    /// To month, day, hour, minute.
    pub to: [u8; 4],
}

/// Meteorological/hydrological report (IMO236 FID 11 when `imo289` is false, IMO289 FID 31 otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetHydro {
    /// `true` for the IMO289 (FID 31) layout.
    pub imo289: bool,
    /// Latitude, 1/1000 min.
    pub lat: i32,
    /// Longitude, 1/1000 min.
    pub lon: i32,
    /// Position accuracy (FID 31 only).
    pub accuracy: bool,
    /// Day.
    pub day: u8,
    /// Hour.
    pub hour: u8,
    /// Minute.
    pub minute: u8,
    /// Wind speed, knots.
    pub wspeed: u8,
    /// Gust speed, knots.
    pub wgust: u8,
    /// Wind direction.
    pub wdir: u16,
    /// Gust direction.
    pub wgustdir: u16,
    /// Air temperature (raw; FID 11 offset, FID 31 signed).
    pub airtemp: i32,
    /// Relative humidity.
    pub humidity: u8,
    /// Dew point (raw).
    pub dewpoint: i32,
    /// Air pressure (raw).
    pub pressure: u16,
    /// Pressure tendency.
    pub pressuretend: u8,
    /// Visibility greater than (FID 31 only).
    pub visgreater: bool,
    /// Visibility (raw).
    pub visibility: u8,
    /// Water level (raw).
    pub waterlevel: i32,
    /// Water level trend.
    pub leveltrend: u8,
    /// Surface current speed.
    pub cspeed: u8,
    /// Surface current direction.
    pub cdir: u16,
    /// Current 2 speed.
    pub cspeed2: u8,
    /// Current 2 direction.
    pub cdir2: u16,
    /// Current 2 depth.
    pub cdepth2: u8,
    /// Current 3 speed.
    pub cspeed3: u8,
    /// Current 3 direction.
    pub cdir3: u16,
    /// Current 3 depth.
    pub cdepth3: u8,
    /// Wave height.
    pub waveheight: u8,
    /// Wave period.
    pub waveperiod: u8,
    /// Wave direction.
    pub wavedir: u16,
    /// Swell height.
    pub swellheight: u8,
    /// Swell period.
    pub swellperiod: u8,
    /// Swell direction.
    pub swelldir: u16,
    /// Sea state (Beaufort).
    pub seastate: u8,
    /// Water temperature (raw).
    pub watertemp: i32,
    /// Precipitation type.
    pub preciptype: u8,
    /// Salinity (raw).
    pub salinity: u16,
    /// Ice.
    pub ice: u8,
}

/// Type 9: SAR aircraft position report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SarAircraft {
    /// Altitude in metres (4095 = n/a).
    pub alt: u16,
    /// Speed over ground in knots (1023 = n/a).
    pub speed: u16,
    /// Position accuracy.
    pub accuracy: bool,
    /// Longitude in 1/10 000 min.
    pub lon: i32,
    /// Latitude in 1/10 000 min.
    pub lat: i32,
    /// Course in 1/10 degree.
    pub course: u16,
    /// UTC second.
    pub second: u8,
    /// Regional reserved.
    pub regional: u8,
    /// DTE flag.
    pub dte: u8,
    /// Assigned mode flag.
    pub assigned: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status.
    pub radio: u32,
}

/// Type 12: addressed safety-related message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyAddressed {
    /// Sequence number.
    pub seqno: u8,
    /// Destination MMSI.
    pub dest_mmsi: u32,
    /// Retransmit flag.
    pub retransmit: bool,
    /// Free text.
    pub text: String,
}

/// Type 15: interrogation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interrogation {
    /// First interrogated MMSI.
    pub mmsi1: u32,
    /// First requested message type.
    pub type1_1: u8,
    /// Its slot offset.
    pub offset1_1: u16,
    /// Second requested type.
    pub type1_2: u8,
    /// Its slot offset.
    pub offset1_2: u16,
    /// Second interrogated MMSI.
    pub mmsi2: u32,
    /// Type requested from it.
    pub type2_1: u8,
    /// Its slot offset.
    pub offset2_1: u16,
}

/// Type 16: assigned mode command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedMode {
    /// First destination.
    pub mmsi1: u32,
    /// Offset.
    pub offset1: u16,
    /// Increment.
    pub increment1: u16,
    /// Second destination.
    pub mmsi2: u32,
    /// Offset.
    pub offset2: u16,
    /// Increment.
    pub increment2: u16,
}

/// Type 17: DGNSS corrections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dgnss {
    /// Longitude in 1/10 min.
    pub lon: i32,
    /// Latitude in 1/10 min.
    pub lat: i32,
    /// Correction payload.
    pub data: RawBits,
}

/// Type 18: class B position report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassBPosition {
    /// Regional reserved.
    pub reserved: u8,
    /// Speed in 1/10 knot.
    pub speed: u16,
    /// Position accuracy.
    pub accuracy: bool,
    /// Longitude in 1/10 000 min.
    pub lon: i32,
    /// Latitude in 1/10 000 min.
    pub lat: i32,
    /// Course in 1/10 degree.
    pub course: u16,
    /// True heading.
    pub heading: u16,
    /// UTC second.
    pub second: u8,
    /// Regional reserved.
    pub regional: u8,
    /// CS unit flag.
    pub cs: bool,
    /// Display flag.
    pub display: bool,
    /// DSC flag.
    pub dsc: bool,
    /// Band flag.
    pub band: bool,
    /// Message 22 flag.
    pub msg22: bool,
    /// Assigned flag.
    pub assigned: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status.
    pub radio: u32,
}

/// Type 19: extended class B report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassBExtended {
    /// Regional reserved.
    pub reserved: u8,
    /// Speed in 1/10 knot.
    pub speed: u16,
    /// Position accuracy.
    pub accuracy: bool,
    /// Longitude in 1/10 000 min.
    pub lon: i32,
    /// Latitude in 1/10 000 min.
    pub lat: i32,
    /// Course in 1/10 degree.
    pub course: u16,
    /// True heading.
    pub heading: u16,
    /// UTC second.
    pub second: u8,
    /// Regional reserved.
    pub regional: u8,
    /// Vessel name.
    pub shipname: AisText,
    /// Ship type.
    pub shiptype: u8,
    /// Dimensions.
    pub dim: Dimensions,
    /// EPFD type.
    pub epfd: u8,
    /// RAIM flag.
    pub raim: bool,
    /// DTE flag.
    pub dte: u8,
    /// Assigned flag.
    pub assigned: bool,
}

/// Type 20: data link management (four slot reservations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataLink {
    /// Offsets.
    pub offset: [u16; 4],
    /// Numbers of slots.
    pub number: [u8; 4],
    /// Timeouts.
    pub timeout: [u8; 4],
    /// Increments.
    pub increment: [u16; 4],
}

/// Type 21: aid-to-navigation report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AidToNavigation {
    /// Aid type.
    pub aid_type: u8,
    /// Name including the extension.
    pub name: AisText,
    /// Position accuracy.
    pub accuracy: bool,
    /// Longitude in 1/10 000 min.
    pub lon: i32,
    /// Latitude in 1/10 000 min.
    pub lat: i32,
    /// Dimensions.
    pub dim: Dimensions,
    /// EPFD type.
    pub epfd: u8,
    /// UTC second.
    pub second: u8,
    /// Off-position flag.
    pub off_position: bool,
    /// Regional reserved.
    pub regional: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Virtual aid flag.
    pub virtual_aid: bool,
    /// Assigned mode flag.
    pub assigned: bool,
}

/// Type 22: channel management.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelManagement {
    /// Channel A number.
    pub channel_a: u16,
    /// Channel B number.
    pub channel_b: u16,
    /// Tx/Rx mode.
    pub txrx: u8,
    /// Power flag.
    pub power: bool,
    /// Addressed (two MMSIs) rather than an area.
    pub addressed: bool,
    /// NE longitude (1/10 min) or first MMSI when addressed.
    pub ne_lon_or_dest1: i32,
    /// NE latitude (1/10 min).
    pub ne_lat: i32,
    /// SW longitude (1/10 min) or second MMSI when addressed.
    pub sw_lon_or_dest2: i32,
    /// SW latitude (1/10 min).
    pub sw_lat: i32,
    /// Channel A bandwidth.
    pub band_a: bool,
    /// Channel B bandwidth.
    pub band_b: bool,
    /// Transitional zone size.
    pub zonesize: u8,
}

/// Type 23: group assignment command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAssignment {
    /// NE longitude, 1/10 min.
    pub ne_lon: i32,
    /// NE latitude.
    pub ne_lat: i32,
    /// SW longitude.
    pub sw_lon: i32,
    /// SW latitude.
    pub sw_lat: i32,
    /// Station type.
    pub stationtype: u8,
    /// Ship type.
    pub shiptype: u8,
    /// Tx/Rx mode.
    pub txrx: u8,
    /// Reporting interval.
    pub interval: u8,
    /// Quiet time.
    pub quiet: u8,
}

/// Type 24 part B content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaticDataB {
    /// Ship type.
    pub shiptype: u8,
    /// Vendor id.
    pub vendorid: AisText,
    /// Unit model code.
    pub model: u8,
    /// Serial number.
    pub serial: u32,
    /// Call sign.
    pub callsign: AisText,
    /// Dimensions (absent for auxiliary craft, which carry a mother ship).
    pub dim: Dimensions,
    /// Mother ship MMSI for auxiliary craft (MMSI 98xxxxxxx).
    pub mothership_mmsi: Option<u32>,
}

/// Type 24: static data report. Parts arrive separately; gpsd-style pairing merges them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaticData {
    /// Vessel name from part A.
    pub shipname: Option<AisText>,
    /// Part B content.
    pub part_b: Option<StaticDataB>,
}

/// Types 25 and 26: binary messages in one or several slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotBinary {
    /// Addressed flag.
    pub addressed: bool,
    /// Structured flag (carries an application id).
    pub structured: bool,
    /// Destination MMSI (0 when broadcast).
    pub dest_mmsi: u32,
    /// Application id (0 when unstructured).
    pub app_id: u16,
    /// Payload.
    pub data: RawBits,
    /// Radio status (type 26 only).
    pub radio: u32,
}

/// Type 27: long-range position report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LongRange {
    /// Position accuracy.
    pub accuracy: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Navigational status.
    pub status: u8,
    /// Longitude in 1/10 min.
    pub lon: i32,
    /// Latitude in 1/10 min.
    pub lat: i32,
    /// Speed in knots (63 = n/a).
    pub speed: u8,
    /// Course in degrees (511 = n/a).
    pub course: u16,
    /// GNSS position latency flag (true = current).
    pub gnss: bool,
}

/// A position extracted from any position-bearing message, in conventional units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Speed over ground in knots, if available.
    pub sog_knots: Option<f32>,
    /// Course over ground in degrees, if available.
    pub cog_deg: Option<f32>,
    /// True heading in degrees, if available.
    pub heading_deg: Option<u16>,
    /// Navigational status, if the message carries one.
    pub status: Option<u8>,
}

fn valid_pos(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

fn speed10(v: u16) -> Option<f32> {
    (v < 1023).then(|| f32::from(v) / 10.0)
}

fn course10(v: u16) -> Option<f32> {
    (v < 3600).then(|| f32::from(v) / 10.0)
}

impl AisMessage {
    /// The vessel position carried by this message, if it is a position report with
    /// a valid position (types 1–3, 4/11, 9, 18, 19, 21, 27).
    pub fn fix(&self) -> Option<Fix> {
        let (lat, lon, sog, cog, hdg, status) = match &self.body {
            Body::Position(p) => (
                f64::from(p.lat) / LATLON_DIV,
                f64::from(p.lon) / LATLON_DIV,
                speed10(p.speed),
                course10(p.course),
                Some(p.heading),
                Some(p.status),
            ),
            Body::ClassB(p) => (
                f64::from(p.lat) / LATLON_DIV,
                f64::from(p.lon) / LATLON_DIV,
                speed10(p.speed),
                course10(p.course),
                Some(p.heading),
                None,
            ),
            Body::ClassBExtended(p) => (
                f64::from(p.lat) / LATLON_DIV,
                f64::from(p.lon) / LATLON_DIV,
                speed10(p.speed),
                course10(p.course),
                Some(p.heading),
                None,
            ),
            Body::SarAircraft(p) => (
                f64::from(p.lat) / LATLON_DIV,
                f64::from(p.lon) / LATLON_DIV,
                (p.speed < 1023).then(|| f32::from(p.speed)),
                course10(p.course),
                None,
                None,
            ),
            Body::LongRange(p) => (
                f64::from(p.lat) / 600.0,
                f64::from(p.lon) / 600.0,
                (p.speed < 63).then(|| f32::from(p.speed)),
                (p.course < 360).then(|| f32::from(p.course)),
                None,
                Some(p.status),
            ),
            _ => return None,
        };
        if !valid_pos(lat, lon) {
            return None;
        }
        Some(Fix {
            lat,
            lon,
            sog_knots: sog,
            cog_deg: cog,
            heading_deg: hdg.filter(|h| *h < 360),
            status,
        })
    }
}
