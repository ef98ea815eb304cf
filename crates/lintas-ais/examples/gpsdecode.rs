//! Decodes NMEA from stdin to gpsd JSON on stdout: `-u` for unscaled, `-n` to decode
//! without writing JSON (library-only timing), `-d` to omit the device field.

use std::io::{BufRead, Read, Write};

use lintas_ais::gpsd_json::{JsonOptions, write_message};
use lintas_ais::{Decoder, Outcome};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let scaled = !args.iter().any(|a| a == "-u");
    let decode_only = args.iter().any(|a| a == "-n");
    let device = (!args.iter().any(|a| a == "-d")).then_some("stdin");
    let mut input = Vec::new();
    std::io::stdin().lock().read_to_end(&mut input)?;
    let mut dec = Decoder::default();
    let mut out = Vec::with_capacity(1 << 20);
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    let start = std::time::Instant::now();
    let mut n = 0u64;
    let mut from = 0;
    let ends = memchr::memchr_iter(b'\n', &input).chain(std::iter::once(input.len()));
    for end in ends {
        let line = &input[from..end];
        from = end + 1;
        let outcome = dec.push(line);
        if let Outcome::Error(e) = &outcome {
            if args.iter().any(|a| a == "-e") {
                eprintln!("{e}");
            }
        }
        if let Outcome::Message(m) = outcome {
            n += 1;
            if !decode_only {
                write_message(&mut out, &m.message, JsonOptions { scaled, device });
                if out.len() > 1 << 20 {
                    stdout.write_all(&out)?;
                    out.clear();
                }
            }
        }
    }
    dec.finish();
    stdout.write_all(&out)?;
    let el = start.elapsed().as_secs_f64();
    eprintln!(
        "{n} messages in {el:.3}s = {:.0} msg/s; {:?}",
        n as f64 / el,
        dec.stats()
    );
    let _ = std::io::stdin().lock().lines();
    Ok(())
}
