//! `lintas ais`: AIS NMEA decoding to gpsd-compatible JSON, and behaviour detection.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use lintas_ais::coast::Coastline;
use lintas_ais::detect::{Anchorage, DetectorConfig, detect_all, parse_corridors};
use lintas_ais::gpsd_json::{JsonOptions, write_message};
use lintas_ais::{Decoder, Outcome, Tracks};

/// AIS (ship transponder) tools.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: AisCommand,
}

#[derive(Subcommand)]
enum AisCommand {
    /// Decode NMEA 0183 AIVDM/AIVDO sentences to JSON Lines identical to `gpsdecode -j`.
    Decode(DecodeArgs),
    /// Detect AIS gaps, encounters, loitering and corridor entries; one JSON event per line.
    /// From NMEA files, or with `--db` over stored positions (events are then stored too).
    Detect(DetectArgs),
    /// Store AIS positions and vessel static data from files, a TCP feed or UDP datagrams.
    /// Prints a JSON summary on stdout.
    Ingest(super::ais_ingest::IngestArgs),
    /// Watched corridors (GeoJSON polygons) stored for a member.
    Corridors(super::ais_store::CorridorArgs),
}

#[derive(clap::Args)]
struct DetectArgs {
    /// NMEA input with receive times (tag blocks `c:`, USCG trailers or Gatehouse lines); stdin when none.
    files: Vec<PathBuf>,
    /// GeoJSON Polygon/MultiPolygon features to watch for small or unidentified vessels.
    #[arg(long)]
    corridors: Option<PathBuf>,
    /// CSV of anchorages (`lat,lon` per line, header optional); encounters within 10 km are ignored.
    #[arg(long)]
    anchorages: Option<PathBuf>,
    /// Detector parameters as JSON (same shape as the `params` in events); defaults are
    /// Global Fishing Watch's published definitions.
    #[arg(long)]
    config: Option<PathBuf>,
    #[command(flatten)]
    stored: super::ais_store::StoredDetectArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum JsonFlavour {
    /// Scaled values (degrees, knots), as `gpsdecode -j`.
    Gpsd,
    /// Raw integers, as `gpsdecode -j -u`.
    GpsdUnscaled,
}

#[derive(clap::Args)]
struct DecodeArgs {
    /// Input files (NMEA, optionally with tag blocks or receive-time wrappers); stdin when none.
    files: Vec<PathBuf>,
    /// JSON flavour.
    #[arg(long, value_enum, default_value = "gpsd")]
    json: JsonFlavour,
    /// Value of the `device` field (gpsdecode writes "stdin"); empty to omit it.
    #[arg(long, default_value = "stdin")]
    device: String,
    /// Decode only, write nothing (for measuring the library's decode rate).
    #[arg(long, hide = true)]
    decode_only: bool,
}

/// Runs `lintas ais …`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        AisCommand::Decode(a) => decode(a),
        AisCommand::Detect(a) => detect(a),
        AisCommand::Ingest(a) => super::ais_ingest::run(a),
        AisCommand::Corridors(a) => super::ais_store::corridors(a),
    }
}

fn for_each_input(
    files: &[PathBuf],
    mut f: impl FnMut(&str, Box<dyn BufRead>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if files.is_empty() {
        return f(
            "-",
            Box::new(BufReader::with_capacity(1 << 20, std::io::stdin())),
        );
    }
    for path in files {
        let file =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        f(
            &path.display().to_string(),
            Box::new(BufReader::with_capacity(1 << 20, file)) as Box<dyn BufRead>,
        )?;
    }
    Ok(())
}

fn decode(a: DecodeArgs) -> anyhow::Result<ExitCode> {
    let opts = JsonOptions {
        scaled: matches!(a.json, JsonFlavour::Gpsd),
        device: (!a.device.is_empty()).then_some(a.device.as_str()),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    let mut line = Vec::with_capacity(256);
    let mut messages = 0u64;
    let mut errors = 0u64;
    for_each_input(&a.files, |name, mut reader| {
        let mut dec = Decoder::default();
        loop {
            line.clear();
            let n = reader
                .read_until(b'\n', &mut line)
                .with_context(|| format!("reading {name}"))?;
            if n == 0 {
                break;
            }
            match dec.push(&line) {
                Outcome::Message(m) => {
                    messages += 1;
                    if !a.decode_only {
                        write_message(&mut buf, &m.message, opts);
                        if buf.len() >= 1 << 20 {
                            out.write_all(&buf)?;
                            buf.clear();
                        }
                    }
                }
                Outcome::Error(e) => {
                    errors += 1;
                    eprintln!("lintas ais: {name}: {e}");
                }
                Outcome::Pending | Outcome::Skipped => {}
            }
        }
        dec.finish();
        let s = dec.stats();
        let o = s.orphans;
        let dropped = o.duplicate_fragment
            + o.inconsistent_count
            + o.expired
            + o.evicted
            + o.unfinished_at_end
            + o.too_long;
        if dropped > 0 {
            eprintln!(
                "lintas ais: {name}: dropped {dropped} incomplete fragment groups {}",
                serde_json::to_string(&o).unwrap_or_default()
            );
        }
        Ok(())
    })?;
    out.write_all(&buf)?;
    out.flush()?;
    if a.decode_only {
        eprintln!("lintas ais: decoded {messages} messages, {errors} errors");
    }
    Ok(ExitCode::SUCCESS)
}

fn read_anchorages(path: &PathBuf) -> anyhow::Result<Vec<Anchorage>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split(',').map(str::trim);
        match (
            f.next().map(str::parse::<f64>),
            f.next().map(str::parse::<f64>),
        ) {
            (Some(Ok(lat)), Some(Ok(lon))) if lat.abs() <= 90.0 && lon.abs() <= 180.0 => {
                out.push(Anchorage { lat, lon });
            }
            _ if i == 0 => {} // header
            _ => anyhow::bail!("{}:{}: expected `lat,lon`", path.display(), i + 1),
        }
    }
    Ok(out)
}

fn detect(a: DetectArgs) -> anyhow::Result<ExitCode> {
    let cfg: DetectorConfig = match &a.config {
        Some(p) => serde_json::from_str(
            &std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        )
        .with_context(|| format!("{}: detector config", p.display()))?,
        None => DetectorConfig::default(),
    };
    let corridors = match &a.corridors {
        Some(p) => parse_corridors(
            &std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        )
        .with_context(|| format!("{}", p.display()))?,
        None => Vec::new(),
    };
    let anchorages = match &a.anchorages {
        Some(p) => read_anchorages(p)?,
        None => Vec::new(),
    };
    if a.stored.db.is_some() {
        if !a.files.is_empty() {
            eprintln!("lintas ais detect: give NMEA files or --db, not both");
            return Ok(ExitCode::from(2));
        }
        return super::ais_store::detect(&a.stored, cfg, corridors, anchorages);
    }
    let mut tracks = Tracks::default();
    let mut line = Vec::with_capacity(256);
    for_each_input(&a.files, |name, mut reader| {
        let mut dec = Decoder::default();
        loop {
            line.clear();
            if reader
                .read_until(b'\n', &mut line)
                .with_context(|| format!("reading {name}"))?
                == 0
            {
                break;
            }
            match dec.push(&line) {
                Outcome::Message(m) => tracks.add(&m),
                Outcome::Error(e) => eprintln!("lintas ais: {name}: {e}"),
                Outcome::Pending | Outcome::Skipped => {}
            }
        }
        Ok(())
    })?;
    if tracks.untimed > 0 {
        eprintln!(
            "lintas ais: {} positions had no receive time and were not used",
            tracks.untimed
        );
    }
    tracks.finish();
    let coast = Coastline::bundled()?;
    let events = detect_all(&tracks, coast, &cfg, &anchorages, &corridors);
    super::ais_store::write_events(&events, |m| {
        tracks
            .info
            .get(&m)
            .and_then(|i| i.name)
            .map(|n| n.as_str().to_string())
    })?;
    Ok(ExitCode::SUCCESS)
}
