//! The one way these tests run `lintas`: the binary cargo built for them, with arguments and
//! standard input, returning exit code, stdout and stderr.

use std::io::Write;
use std::process::{Command, Stdio};

/// The built `lintas` binary, ready for arguments.
pub fn lintas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lintas"))
}

/// Runs `lintas ARGS` with `stdin`; (exit code, stdout, stderr).
pub fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = lintas()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lintas");
    let mut input = child.stdin.take().expect("stdin");
    // A command may exit before reading all its input (usage errors): that is its answer.
    let _ = input.write_all(stdin);
    drop(input);
    let out = child.wait_with_output().expect("wait for lintas");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
