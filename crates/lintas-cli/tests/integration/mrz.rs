//! `lintas mrz` end to end: the ICAO specimens and their 34 negative mutations from the
//! shared data, piped through the real binary.

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/mrz/icao9303_specimens_layouts_negatives.json"
);

const CONTRACT: [&str; 14] = [
    "format",
    "valid",
    "document_code",
    "issuing_state",
    "surname",
    "given_names",
    "document_number",
    "nationality",
    "birth_date",
    "sex",
    "expiry_date",
    "optional_data",
    "errors",
    "line",
];

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    crate::support::run(args, stdin.as_bytes())
}

#[test]
fn specimens_and_mutations_as_json_lines() -> anyhow::Result<()> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(DATA)?)?;
    let mut input = String::new();
    // (expected valid, failing fields) per record, in input order.
    let mut expected: Vec<(bool, Vec<String>)> = Vec::new();
    for (i, s) in v["specimens"]
        .as_array()
        .expect("specimens")
        .iter()
        .enumerate()
    {
        let mut records = vec![(s["mrz"].clone(), Vec::new())];
        for m in s["negative_mutations"].as_array().expect("mutations") {
            let fields = m["expected_failing_checks"]
                .as_array()
                .expect("checks")
                .iter()
                .map(|c| match c.as_str().unwrap_or("") {
                    "composite_cd" => "composite".to_owned(),
                    "personal_number_cd" => "optional_data".to_owned(),
                    other => other.trim_end_matches("_cd").to_owned(),
                })
                .collect();
            records.push((m["mrz"].clone(), fields));
        }
        for (mrz, mut fields) in records {
            for line in mrz.as_array().expect("lines") {
                input.push_str(line.as_str().unwrap_or(""));
                // Windows line endings on some records must not matter.
                input.push_str(if i % 2 == 0 { "\n" } else { "\r\n" });
            }
            // One or more blank lines (some with spaces) separate records.
            input.push_str(if i % 2 == 0 { "\n" } else { "  \n\n\n" });
            fields.sort();
            expected.push((fields.is_empty(), fields));
        }
    }
    let (code, stdout, _) = run(&["mrz", "--today", "2026-11-23"], &input);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 39, "5 specimens + 34 mutations");
    for (line, (valid, fields)) in lines.iter().zip(&expected) {
        let o: serde_json::Value = serde_json::from_str(line)?;
        for key in CONTRACT {
            assert!(o.get(key).is_some(), "missing {key} in {line}");
        }
        assert_eq!(o["valid"].as_bool(), Some(*valid), "{line}");
        let mut failed: Vec<String> = o["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter(|e| e["code"] == "check_digit")
            .map(|e| e["field"].as_str().unwrap_or("").to_owned())
            .collect();
        failed.sort();
        assert_eq!(&failed, fields, "{line}");
        assert_eq!(o["issuing_state"], "UTO");
        assert_eq!(o["surname"], "ERIKSSON");
        assert_eq!(o["given_names"], "ANNA MARIA");
    }
    let first: serde_json::Value = serde_json::from_str(lines[0])?;
    assert_eq!(first["format"], "TD3");
    assert_eq!(first["document_code"], "P");
    assert_eq!(first["birth_date"], "1974-08-12");
    assert_eq!(first["expiry_date"], "2012-04-15");
    assert_eq!(first["sex"], "F");
    assert_eq!(first["optional_data"], "ZE184226B");
    Ok(())
}

#[test]
fn bad_records_are_output_lines_not_failures() -> anyhow::Result<()> {
    let input = "GARBAGE\n\nP<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0\n\nTOO<SHORT\nLINES\n";
    let (code, stdout, _) = run(&["mrz", "--today", "2026-11-23", "--indicators"], input);
    assert_eq!(code, 0);
    let out: Vec<serde_json::Value> = stdout
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["format"], serde_json::Value::Null);
    assert_eq!(out[0]["errors"][0]["code"], "wrong_line_count");
    assert_eq!(out[1]["valid"], true);
    assert_eq!(out[1]["issuing_state"], "D");
    assert_eq!(out[1]["nationality"], "D");
    assert!(
        out[1]["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .any(|i| i["code"] == "specimen_name")
    );
    assert_eq!(out[2]["errors"][0]["code"], "wrong_length");
    assert_eq!(out[2]["line"], 6);
    Ok(())
}

#[test]
fn ocr_suggestion_is_reported() -> anyhow::Result<()> {
    let input = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UT07408122F1204159ZE184226B<<<<<10\n";
    let (code, stdout, _) = run(&["mrz", "--today", "2026-11-23"], input);
    assert_eq!(code, 0);
    let o: serde_json::Value = serde_json::from_str(stdout.trim())?;
    assert_eq!(o["valid"], false);
    assert_eq!(o["nationality"], serde_json::Value::Null);
    assert_eq!(o["suggestion"]["changes"][0]["to"], "O");
    assert_eq!(
        o["suggestion"]["mrz"][1],
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
    );
    Ok(())
}

#[test]
fn usage_and_io_errors() {
    let (code, _, _) = run(&["mrz", "--today", "yesterday"], "");
    assert_eq!(code, 2);
    let (code, _, stderr) = run(&["mrz", "/nonexistent/mrz.txt"], "");
    assert_eq!(code, 1);
    assert!(stderr.contains("/nonexistent/mrz.txt"));
}
