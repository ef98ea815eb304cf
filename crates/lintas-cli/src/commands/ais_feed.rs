//! Live AIS feeds: an NMEA-over-TCP client that reconnects with backoff, and a UDP listener.
//! Positions are written at least once a second, and everything buffered is written on exit.

use std::net::SocketAddr;
use std::time::Duration;

use lintas_app::maritime::Ingest;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::{TcpStream, UdpSocket};
use tokio::time::{Instant, MissedTickBehavior, interval, sleep_until};

use super::ais_ingest::{LineSink, now};

const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// When the run stops: after `duration`, or on Ctrl-C.
fn deadline(duration: Option<u64>) -> Instant {
    Instant::now() + Duration::from_secs(duration.unwrap_or(100 * 365 * 86_400))
}

/// Reads an NMEA feed from `addr` until the deadline, Ctrl-C or `max_reconnects` lost
/// connections; returns the number of lines read.
pub async fn tcp(
    ingest: &mut Ingest<'_>,
    addr: &str,
    duration: Option<u64>,
    max_reconnects: Option<u32>,
) -> anyhow::Result<u64> {
    let end = deadline(duration);
    let mut lines = 0;
    let mut lost = 0u32;
    let mut backoff = FIRST_BACKOFF;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        let connected = tokio::select! {
            c = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)) => c,
            _ = sleep_until(end) => break,
            _ = &mut ctrl_c => break,
        };
        match connected {
            Ok(Ok(stream)) => {
                eprintln!("lintas ais ingest: connected to {addr}");
                let (read, got_data, stop) =
                    read_tcp(ingest, stream, addr, end, &mut ctrl_c).await?;
                lines += read;
                if got_data {
                    backoff = FIRST_BACKOFF;
                }
                if stop {
                    break;
                }
                eprintln!("lintas ais ingest: {addr}: connection closed");
            }
            Ok(Err(e)) => eprintln!("lintas ais ingest: connecting to {addr}: {e}"),
            Err(_) => eprintln!("lintas ais ingest: connecting to {addr}: timed out"),
        }
        ingest.flush().await?;
        if max_reconnects.is_some_and(|m| lost >= m) {
            break;
        }
        lost += 1;
        eprintln!(
            "lintas ais ingest: reconnecting to {addr} in {:.1} s",
            backoff.as_secs_f64()
        );
        tokio::select! {
            _ = tokio::time::sleep(backoff) => {}
            _ = sleep_until(end) => break,
            _ = &mut ctrl_c => break,
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
    ingest.flush().await?;
    Ok(lines)
}

/// One connection: (lines read, whether any arrived, whether to stop).
async fn read_tcp<F: std::future::Future>(
    ingest: &mut Ingest<'_>,
    stream: TcpStream,
    addr: &str,
    end: Instant,
    ctrl_c: &mut std::pin::Pin<&mut F>,
) -> anyhow::Result<(u64, bool, bool)> {
    let mut reader = BufReader::new(stream);
    let mut sink = LineSink::new(ingest, format!("tcp {addr}"));
    let mut tick = interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut line = Vec::with_capacity(256);
    let stop = loop {
        // `read_until` may be interrupted by another branch after reading part of a line;
        // the part stays in `line`, so it is cleared only once a whole line was handled.
        tokio::select! {
            read = reader.read_until(b'\n', &mut line) => match read {
                Ok(0) => break false,
                Ok(_) => {
                    let full = sink.push(&line, now());
                    line.clear();
                    if full {
                        sink.ingest.flush().await?;
                    }
                }
                Err(e) => {
                    eprintln!("lintas ais ingest: tcp {addr}: {e}");
                    break false;
                }
            },
            _ = tick.tick() => sink.ingest.flush().await?,
            _ = sleep_until(end) => break true,
            _ = ctrl_c.as_mut() => break true,
        }
    };
    sink.decoder.finish();
    Ok((sink.lines, sink.lines > 0, stop))
}

/// Listens for datagrams of NMEA lines on `addr` until the deadline or Ctrl-C; returns the
/// number of lines read.
pub async fn udp(
    ingest: &mut Ingest<'_>,
    addr: SocketAddr,
    duration: Option<u64>,
) -> anyhow::Result<u64> {
    let socket = UdpSocket::bind(addr).await?;
    // Tests and operators binding port 0 need the port actually chosen.
    eprintln!(
        "lintas ais ingest: listening on udp {}",
        socket.local_addr()?
    );
    let end = deadline(duration);
    let mut sink = LineSink::new(ingest, format!("udp {addr}"));
    let mut tick = interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut buf = vec![0u8; 65_536];
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            got = socket.recv_from(&mut buf) => {
                let (n, _) = got?;
                let arrival = now();
                let mut full = false;
                for line in buf[..n].split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)) {
                    full |= sink.push(line, arrival);
                }
                if full {
                    sink.ingest.flush().await?;
                }
            }
            _ = tick.tick() => sink.ingest.flush().await?,
            _ = sleep_until(end) => break,
            _ = &mut ctrl_c => break,
        }
    }
    sink.decoder.finish();
    let lines = sink.lines;
    ingest.flush().await?;
    Ok(lines)
}
