//! `lintas audit verify` and `lintas user add` as an operator uses them: a clean log verifies
//! (exit 0 with size and root), a changed byte or a restored older copy of the database fails
//! (exit 1 naming the first bad event).

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use crate::support::lintas;

fn run(args: &[&str], db: &str) -> Output {
    lintas().args(args).args(["--db", db]).output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "stdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn add_user(db: &str, name: &str, password: &str) -> Output {
    let mut child = lintas()
        .args([
            "user", "add", name, "--state", "IDN", "--role", "admin", "--db", db,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

fn import(db: &str, dir: &Path, name: &str, rows: usize) {
    let file = dir.join(name);
    let mut csv = String::from("external_ref,kind,occurred_on,place_country\n");
    for n in 0..rows {
        csv.push_str(&format!(
            "{name}-{n},smuggling,2025-01-{:02},IDN\n",
            n % 28 + 1
        ));
    }
    std::fs::write(&file, csv).unwrap();
    let out = lintas()
        .args([
            "import",
            "incidents",
            file.to_str().unwrap(),
            "--state",
            "IDN",
            "--db",
            db,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn verify_passes_on_a_clean_log_and_fails_on_a_changed_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("l.db");
    let db = format!("sqlite://{}", file.display());

    let weak = add_user(&db, "siti.admin", "password");
    assert_eq!(weak.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));
    let ok = add_user(&db, "siti.admin", "sebuah kalimat yang panjang");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // The key file sits beside the database and is private to its owner.
    assert!(dir.path().join("l.db.audit-key").exists());

    import(&db, dir.path(), "A", 30);
    let out = run(&["audit", "verify"], &db);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["ok"], true);
    assert_eq!(v["size"], 31); // the user, then 30 incidents
    assert_eq!(v["root"].as_str().unwrap().len(), 64);

    // Change one byte of one stored event (its request/actor text), behind the store's back.
    let conn = sqlite_exec(
        &file,
        "UPDATE audit_events SET event = CAST(replace(CAST(event AS TEXT), 'cli:import', 'cli:imporT') AS BLOB) WHERE seq = 7",
    );
    assert_eq!(conn, 1);
    let out = run(&["audit", "verify"], &db);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["ok"], false);
    assert_eq!(v["first_bad_event"], 7);
    assert!(String::from_utf8_lossy(&out.stderr).contains("FAILED"));
}

#[test]
fn verify_with_an_exported_checkpoint_finds_a_restored_older_database() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("l.db");
    let db = format!("sqlite://{}", file.display());
    import(&db, dir.path(), "A", 10);
    // Back up the database (with its WAL checkpointed by the closed process).
    let backup = dir.path().join("backup.db");
    std::fs::copy(&file, &backup).unwrap();
    import(&db, dir.path(), "B", 5);
    let exported = dir.path().join("checkpoint.txt");
    let out = run(
        &["audit", "checkpoint", "--out", exported.to_str().unwrap()],
        &db,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\n15\n"));
    // Restore the older copy.
    std::fs::copy(&backup, &file).unwrap();
    let _ = std::fs::remove_file(dir.path().join("l.db-wal"));
    let _ = std::fs::remove_file(dir.path().join("l.db-shm"));
    // Without any exported checkpoint: the one kept beside the audit key (outside the database
    // and its backups) already says the log was longer.
    assert!(dir.path().join("l.db.audit-key.checkpoint").exists());
    let plain = run(&["audit", "verify"], &db);
    assert_eq!(
        plain.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    assert!(
        json(&plain)["error"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("roll"),
        "{}",
        String::from_utf8_lossy(&plain.stdout)
    );
    // Opening the rolled-back database (here, to add to it) leaves that evidence in place.
    import(&db, dir.path(), "C", 2);
    assert!(run(&["audit", "verify"], &db).status.code() == Some(1));
    let out = run(
        &[
            "audit",
            "verify",
            "--checkpoint",
            exported.to_str().unwrap(),
        ],
        &db,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        json(&out)["error"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("roll"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Runs one statement on an SQLite file with the sqlite3 library the store links; returns the
/// number of changed rows.
fn sqlite_exec(file: &Path, sql: &str) -> u64 {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut c)
            .await
            .unwrap()
            .rows_affected()
    })
}
