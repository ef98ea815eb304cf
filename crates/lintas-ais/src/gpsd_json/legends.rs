//! gpsd's human-readable legends for coded AIS fields.

/// Navigational status text for types 1–3 and 27.
pub fn nav_status(s: u8) -> &'static str {
    const T: [&str; 16] = [
        "Under way using engine",
        "At anchor",
        "Not under command",
        "Restricted maneuverability",
        "Constrained by her draught",
        "Moored",
        "Aground",
        "Engaged in fishing",
        "Under way sailing",
        "Reserved for HSC",
        "Reserved for WIG",
        "Power-driven vessel towing astern",
        "Power-driven vessel pushing ahead or towing alongside",
        "Reserved",
        "AIS-SART is active",
        "Not defined",
    ];
    T.get(usize::from(s)).copied().unwrap_or("Not defined")
}

/// Electronic position fixing device text.
pub fn epfd(e: u8) -> std::borrow::Cow<'static, str> {
    const T: [&str; 9] = [
        "Undefined",
        "GPS",
        "GLONASS",
        "Combined GPS/GLONASS",
        "Loran-C",
        "Chayka",
        "Integrated navigation system",
        "Surveyed",
        "Galileo",
    ];
    match e {
        0..=8 => T[usize::from(e)].into(),
        15 => "Internal GNSS".into(),
        n => format!("Reserved ({n})").into(),
    }
}

/// Ship and cargo type text (ITU-R M.1371 table 53), as gpsd spells it.
pub fn ship_type(t: u32) -> &'static str {
    const T: [&str; 100] = [
        "Not available",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Reserved for future use",
        "Wing in ground (WIG) - all ships of this type",
        "Wing in ground (WIG) - Hazardous category A",
        "Wing in ground (WIG) - Hazardous category B",
        "Wing in ground (WIG) - Hazardous category C",
        "Wing in ground (WIG) - Hazardous category D",
        "Wing in ground (WIG) - Reserved for future use",
        "Wing in ground (WIG) - Reserved for future use",
        "Wing in ground (WIG) - Reserved for future use",
        "Wing in ground (WIG) - Reserved for future use",
        "Wing in ground (WIG) - No additional information",
        "Fishing",
        "Towing",
        "Towing: length exceeds 200m or breadth exceeds 25m",
        "Dredging or underwater ops",
        "Diving ops",
        "Military ops",
        "Sailing",
        "Pleasure Craft",
        "Reserved",
        "Reserved",
        "High speed craft (HSC) - all ships of this type",
        "High speed craft (HSC) - Hazardous category A",
        "High speed craft (HSC) - Hazardous category B",
        "High speed craft (HSC) - Hazardous category C",
        "High speed craft (HSC) - Hazardous category D",
        "High speed craft (HSC) - Reserved for future use",
        "High speed craft (HSC) - Reserved for future use",
        "High speed craft (HSC) - Reserved for future use",
        "High speed craft (HSC) - Reserved for future use",
        "High speed craft (HSC) - No additional information",
        "Pilot Vessel",
        "Search and Rescue vessel",
        "Tug",
        "Port Tender",
        "Anti-pollution equipment",
        "Law Enforcement",
        "Spare - Local Vessel",
        "Spare - Local Vessel",
        "Medical Transport",
        "Ship according to RR Resolution No. 18",
        "Passenger - all ships of this type",
        "Passenger - Hazardous category A",
        "Passenger - Hazardous category B",
        "Passenger - Hazardous category C",
        "Passenger - Hazardous category D",
        "Passenger - Reserved for future use",
        "Passenger - Reserved for future use",
        "Passenger - Reserved for future use",
        "Passenger - Reserved for future use",
        "Passenger - No additional information",
        "Cargo - all ships of this type",
        "Cargo - Hazardous category A",
        "Cargo - Hazardous category B",
        "Cargo - Hazardous category C",
        "Cargo - Hazardous category D",
        "Cargo - Reserved for future use",
        "Cargo - Reserved for future use",
        "Cargo - Reserved for future use",
        "Cargo - Reserved for future use",
        "Cargo - No additional information",
        "Tanker - all ships of this type",
        "Tanker - Hazardous category A",
        "Tanker - Hazardous category B",
        "Tanker - Hazardous category C",
        "Tanker - Hazardous category D",
        "Tanker - Reserved for future use",
        "Tanker - Reserved for future use",
        "Tanker - Reserved for future use",
        "Tanker - Reserved for future use",
        "Tanker - No additional information",
        "Other Type - all ships of this type",
        "Other Type - Hazardous category A",
        "Other Type - Hazardous category B",
        "Other Type - Hazardous category C",
        "Other Type - Hazardous category D",
        "Other Type - Reserved for future use",
        "Other Type - Reserved for future use",
        "Other Type - Reserved for future use",
        "Other Type - Reserved for future use",
        "Other Type - no additional information",
    ];
    T.get(t as usize).copied().unwrap_or("INVALID SHIP TYPE")
}

/// Aid-to-navigation type text.
pub fn navaid_type(t: u8) -> &'static str {
    const T: [&str; 32] = [
        "Unspecified",
        "Reference point",
        "RACON",
        "Fixed offshore structure",
        "Spare, Reserved for future use.",
        "Light, without sectors",
        "Light, with sectors",
        "Leading Light Front",
        "Leading Light Rear",
        "Beacon, Cardinal N",
        "Beacon, Cardinal E",
        "Beacon, Cardinal S",
        "Beacon, Cardinal W",
        "Beacon, Port hand",
        "Beacon, Starboard hand",
        "Beacon, Preferred Channel port hand",
        "Beacon, Preferred Channel starboard hand",
        "Beacon, Isolated danger",
        "Beacon, Safe water",
        "Beacon, Special mark",
        "Cardinal Mark N",
        "Cardinal Mark E",
        "Cardinal Mark S",
        "Cardinal Mark W",
        "Port hand Mark",
        "Starboard hand Mark",
        "Preferred Channel Port hand",
        "Preferred Channel Starboard hand",
        "Isolated danger",
        "Safe Water",
        "Special Mark",
        "Light Vessel / LANBY / Rigs",
    ];
    T.get(usize::from(t))
        .copied()
        .unwrap_or("INVALID NAVAID TYPE")
}

/// Station type text (type 23).
pub fn station_type(t: u8) -> &'static str {
    match t {
        0 => "All types of mobiles",
        2 => "All types of Class B mobile stations",
        3 => "SAR airborne mobile station",
        4 => "Aid to Navigation station",
        5 => "Class B shipborne mobile station",
        6..=9 => "Regional use and inland waterways",
        _ => "Reserved for future use",
    }
}

/// RACON status legends (DAC 235 FID 10).
pub const RACON_STATUS: [&str; 4] = [
    "No RACON installed",
    "RACON not monitored",
    "RACON operational",
    "RACON ERROR",
];
/// Light status legends (DAC 235 FID 10).
pub const LIGHT_STATUS: [&str; 4] = [
    "No light or no monitoring",
    "Light ON",
    "Light OFF",
    "Light ERROR",
];
/// Trend legends (met/hydro).
pub const TRENDS: [&str; 4] = ["steady", "increasing", "decreasing", "N/A"];
/// Precipitation types (WMO 306 table 4.201).
pub const PRECIP_TYPES: [&str; 8] = [
    "reserved",
    "rain",
    "thunderstorm",
    "freezing rain",
    "mixed/ice",
    "snow",
    "reserved",
    "N/A",
];
/// Ice legends.
pub const ICE: [&str; 4] = ["no", "yes", "reserved", "N/A"];

/// Inland (ERI) ship type text, matched on the ERI code or its AIS equivalent as gpsd does.
pub fn inland_ship_type(code: u16) -> &'static str {
    const T: [(u16, u16, &str); 42] = [
        (8000, 99, "Vessel, type unknown"),
        (8010, 79, "Motor freighter"),
        (8020, 89, "Motor tanker"),
        (8021, 80, "Motor tanker, liquid cargo, type N"),
        (8022, 80, "Motor tanker, liquid cargo, type C"),
        (
            8023,
            89,
            "Motor tanker, dry cargo as if liquid (e.g. cement)",
        ),
        (8030, 79, "Container vessel"),
        (8040, 80, "Gas tanker"),
        (8050, 79, "Motor freighter, tug"),
        (8060, 89, "Motor tanker, tug"),
        (8070, 79, "Motor freighter with one or more ships alongside"),
        (8080, 89, "Motor freighter with tanker"),
        (8090, 79, "Motor freighter pushing one or more freighters"),
        (8100, 89, "Motor freighter pushing at least one tank-ship"),
        (8110, 79, "Tug, freighter"),
        (8120, 89, "Tug, tanker"),
        (8130, 31, "Tug freighter, coupled"),
        (8140, 31, "Tug, freighter/tanker, coupled"),
        (8150, 99, "Freightbarge"),
        (8160, 99, "Tankbarge"),
        (8161, 90, "Tankbarge, liquid cargo, type N"),
        (8162, 90, "Tankbarge, liquid cargo, type C"),
        (8163, 99, "Tankbarge, dry cargo as if liquid (e.g. cement)"),
        (8170, 99, "Freightbarge with containers"),
        (8180, 90, "Tankbarge, gas"),
        (8210, 79, "Pushtow, one cargo barge"),
        (8220, 79, "Pushtow, two cargo barges"),
        (8230, 79, "Pushtow, three cargo barges"),
        (8240, 79, "Pushtow, four cargo barges"),
        (8250, 79, "Pushtow, five cargo barges"),
        (8260, 79, "Pushtow, six cargo barges"),
        (8270, 79, "Pushtow, seven cargo barges"),
        (8280, 79, "Pushtow, eigth cargo barges"),
        (8290, 79, "Pushtow, nine or more barges"),
        (8310, 80, "Pushtow, one tank/gas barge"),
        (
            8320,
            80,
            "Pushtow, two barges at least one tanker or gas barge",
        ),
        (
            8330,
            80,
            "Pushtow, three barges at least one tanker or gas barge",
        ),
        (
            8340,
            80,
            "Pushtow, four barges at least one tanker or gas barge",
        ),
        (
            8350,
            80,
            "Pushtow, five barges at least one tanker or gas barge",
        ),
        (
            8360,
            80,
            "Pushtow, six barges at least one tanker or gas barge",
        ),
        (
            8370,
            80,
            "Pushtow, seven barges at least one tanker or gas barg",
        ),
        (0, 0, "Illegal ship type value."),
    ];
    T.iter()
        .find(|(c, a, _)| *c == code || *a == code || *c == 0)
        .map_or("Illegal ship type value.", |(_, _, s)| s)
}

/// Hazard legends (DAC 200 FID 10).
pub fn hazard_type(h: u8) -> &'static str {
    const T: [&str; 6] = [
        "0 blue cones/lights",
        "1 blue cone/light",
        "2 blue cones/lights",
        "3 blue cones/lights",
        "4 B-Flag",
        "Unknown",
    ];
    T.get(usize::from(h))
        .copied()
        .unwrap_or("INVALID HAZARD TYPE")
}

/// Load status legends (DAC 200 FID 10).
pub fn load_status(l: u8) -> &'static str {
    const T: [&str; 3] = ["N/A (default)", "Unloaded", "Loaded"];
    T.get(usize::from(l))
        .copied()
        .unwrap_or("INVALID LOAD STATUS")
}

/// Route type legends (IMO289 route information).
pub fn route_type(t: u8) -> &'static str {
    match t {
        0 => "Undefined (default)",
        1 => "Mandatory",
        2 => "Recommended",
        3 => "Alternative",
        4 => "Recommended route through ice",
        5 => "Ship route plan",
        31 => "Cancel route identified by message linkage",
        _ => "Reserved for future use.",
    }
}

/// Direction of impact legends (DAC 200 FID 40).
pub fn signal_direction(d: u8) -> &'static str {
    const T: [&str; 5] = [
        "Unknown",
        "Upstream",
        "Downstream",
        "To left bank",
        "To right bank",
    ];
    T.get(usize::from(d))
        .copied()
        .unwrap_or("INVALID DIRECTION")
}

/// Light status legends (DAC 200 FID 40).
pub fn signal_status(s: u32) -> &'static str {
    const T: [&str; 8] = [
        "Unknown",
        "No light",
        "White",
        "Yellow",
        "Green",
        "Red",
        "White flashing",
        "Yellow flashing.",
    ];
    T.get(s as usize).copied().unwrap_or("INVALID STATUS")
}
