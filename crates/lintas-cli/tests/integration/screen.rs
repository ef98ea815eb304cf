//! `lintas screen` end to end on the real UN list.

const UN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/watchlists/un_sc_consolidated_2024-09-26.xml"
);
const FTM: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/watchlists/opensanctions_ftm_sample_zala.ftm.jsonl"
);

fn lintas(args: &[&str], stdin: &[u8]) -> anyhow::Result<(i32, Vec<serde_json::Value>, String)> {
    let (code, stdout, stderr) = crate::support::run(args, stdin);
    let lines = stdout
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<Vec<serde_json::Value>, _>>()?;
    Ok((code, lines, stderr))
}

#[test]
fn names_against_un_list_in_input_order() -> anyhow::Result<()> {
    let (code, lines, _) = lintas(
        &[
            "screen",
            "--list",
            UN,
            "Mohammad Tahir Anwari",
            "محمد طاهر أنوري",
            "Jane Q Nobody",
        ],
        b"",
    )?;
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["query"], "Mohammad Tahir Anwari");
    assert_eq!(lines[0]["matches"][0]["id"], "TAi.005");
    assert_eq!(lines[1]["matches"][0]["id"], "TAi.005");
    let score = lines[0]["matches"][0]["score"].as_f64().unwrap_or(0.0);
    assert!((0.7..=1.0).contains(&score), "{score}");
    assert!(
        lines[0]["matches"][0]["reasons"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    assert_eq!(lines[2]["matches"].as_array().map(Vec::len), Some(0));
    // Scores are sorted best first.
    let scores: Vec<f64> = lines[0]["matches"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["score"].as_f64())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    Ok(())
}

#[test]
fn queries_file_threshold_and_format() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lintas-screen-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let q = dir.join("queries.txt");
    std::fs::write(&q, b"SALEK, ABDULHAI\n\nMaria Osetrova\n\xff\xfe\n")?;
    let qs = q.to_string_lossy().into_owned();
    let (code, lines, err) = lintas(
        &[
            "screen",
            "--list",
            FTM,
            "--format",
            "ftm",
            "--threshold",
            "0.8",
            "--queries",
            &qs,
        ],
        b"",
    )?;
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        lines.len(),
        2,
        "blank line skipped, invalid UTF-8 line reported on stderr"
    );
    assert!(err.contains("line 4"), "{err}");
    assert_eq!(lines[1]["matches"][0]["id"], "NK-2Tbri3s6GgNtAwsSXh4qpL");
    assert!(
        lines
            .iter()
            .flat_map(|l| l["matches"].as_array().cloned().unwrap_or_default())
            .all(|m| m["score"].as_f64().unwrap_or(0.0) >= 0.8)
    );
    // Names from stdin when neither names nor --queries are given.
    let (code, lines, _) = lintas(&["screen", "--list", UN], "ABDUL HAI SALEK\n".as_bytes())?;
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 1);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn usage_and_failure_exit_codes() -> anyhow::Result<()> {
    let (code, _, _) = lintas(&["screen", "--list", UN, "--threshold", "1.5", "x"], b"")?;
    assert_eq!(code, 2);
    let (code, _, err) = lintas(&["screen", "--list", "/nonexistent/list.xml", "x"], b"")?;
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/list.xml"));
    let dir = std::env::temp_dir().join(format!("lintas-screen-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "id,name\nA,Ali\n,Nobody\n")?;
    let (code, _, err) = lintas(&["screen", "--list", &bad.to_string_lossy(), "x"], b"")?;
    assert_eq!(code, 1);
    assert!(err.contains("line 3"), "{err}");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
