//! `lintas ais`: AIS NMEA decoding to gpsd-compatible JSON, and behaviour detection.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use lintas_ais::gpsd_json::{JsonOptions, write_message};
use lintas_ais::{Decoder, Outcome};

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
