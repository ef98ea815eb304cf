//! Library throughput probe used by `bench/ais_peer.sh`: reads FILE once, then decodes it
//! `--repeat N` times in memory (optionally writing gpsd JSON to a buffer) and prints
//! `messages=<n>` for the harness, which measures this process's CPU time.
//!
//! `decode_rate FILE [--repeat N] [--json scaled|unscaled]`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lintas_ais::gpsd_json::{JsonOptions, write_message};
use lintas_ais::{Decoder, Outcome};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or_else(|| {
        anyhow::anyhow!("usage: decode_rate FILE [--repeat N] [--json scaled|unscaled]")
    })?;
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let repeat: usize = opt("--repeat").map_or(Ok(1), |v| v.parse())?;
    let json = opt("--json").map(String::as_str);
    let input = std::fs::read(path)?;
    let mut out = Vec::with_capacity(1 << 20);
    let mut n = 0u64;
    let start = std::time::Instant::now();
    for _ in 0..repeat {
        let mut dec = Decoder::default();
        let mut from = 0;
        let ends = memchr::memchr_iter(b'\n', &input).chain(std::iter::once(input.len()));
        for end in ends {
            let line = &input[from..end];
            from = end + 1;
            if let Outcome::Message(m) = dec.push(line) {
                n += 1;
                if let Some(j) = json {
                    write_message(
                        &mut out,
                        &m.message,
                        JsonOptions {
                            scaled: j == "scaled",
                            device: Some("stdin"),
                        },
                    );
                    if out.len() > 1 << 20 {
                        out.clear();
                    }
                }
            }
        }
        dec.finish();
    }
    let wall = start.elapsed().as_secs_f64();
    println!("messages={n} wall_s={wall:.3}");
    Ok(())
}
