//! The report written as CSV and JSON, and no row carrying personal data or tracking codes.

use super::*;

#[test]
fn csv_has_a_header_and_one_line_per_row() {
    let cases = only_cases(&tegal_cases());
    let december = Some((day(2026, 12, 1), day(2026, 12, 31)));
    let rows = cases_by_period(&cases, Period::Month, december, wib_offset(), tegal_now());
    let mut out = Vec::new();
    write_csv(&rows, &mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "period,first_day,last_day,incident_class,incident_class_label_id,incident_class_label_en,\
         received,valid,invalid,closed,open_at_end"
    );
    assert_eq!(lines.len(), 1 + 11);
    assert!(
        lines.contains(
            &"2026-12,2026-12-01,2026-12-31,availability,Ketersediaan,Availability,1,0,0,0,1"
        ),
        "{csv}"
    );

    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let steps = step_times(&profile, &calendar, &tegal_cases(), tegal_now());
    let mut out = Vec::new();
    write_csv(&steps, &mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "step,title_id,title_en,state,standard,deadline_working_minutes,deadline,cases,passes,completed,\
         still_open,median_working_minutes,p90_working_minutes,max_working_minutes,median,p90,max,overdue"
    );
    let verify = lines.find(|l| l.starts_with("3,")).unwrap();
    assert!(
        verify
            .ends_with(",verifying,30 menit,30,30 menit,4,4,3,1,20,120,120,20 menit,2 jam,2 jam,2"),
        "{verify}"
    );
}

#[test]
fn json_carries_what_the_report_covers_and_the_same_rows() {
    let cases = tegal_cases();
    let rows = cases_by_period(
        &only_cases(&cases),
        Period::Month,
        None,
        wib_offset(),
        tegal_now(),
    );
    let report = ManagementReport {
        profile: "tegal",
        generated_at: tegal_now(),
        utc_offset: "+07:00".into(),
        period: Some(Period::Month),
        range: None,
        rows: &rows,
    };
    let mut out = Vec::new();
    write_json(&report, &mut out).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["profile"], "tegal");
    assert_eq!(json["generated_at"], "2026-12-01T02:00:00Z");
    assert_eq!(json["utc_offset"], "+07:00");
    assert_eq!(json["period"], "month");
    assert!(json["range"].is_null());
    let json_rows = json["rows"].as_array().unwrap();
    assert_eq!(json_rows.len(), rows.len());
    let availability = json_rows
        .iter()
        .find(|r| r["period"] == "2026-12" && r["incident_class"] == "availability")
        .unwrap();
    assert_eq!(
        *availability,
        serde_json::json!({
            "period": "2026-12", "first_day": "2026-12-01", "last_day": "2026-12-31",
            "incident_class": "availability", "incident_class_label_id": "Ketersediaan",
            "incident_class_label_en": "Availability",
            "received": 1, "valid": 0, "invalid": 0, "closed": 0, "open_at_end": 1
        })
    );
}

#[test]
fn no_row_carries_personal_data_or_tracking_codes() {
    let cases = tegal_cases();
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let by_period = cases_by_period(
        &only_cases(&cases),
        Period::Month,
        None,
        wib_offset(),
        tegal_now(),
    );
    let steps = step_times(&profile, &calendar, &cases, tegal_now());
    let mut written = Vec::new();
    write_csv(&by_period, &mut written).unwrap();
    write_csv(&steps, &mut written).unwrap();
    written.extend(serde_json::to_vec(&by_period).unwrap());
    written.extend(serde_json::to_vec(&steps).unwrap());
    let written = String::from_utf8(written).unwrap();
    let mut secrets = vec![
        REPORTER_EMAIL.to_owned(),
        REPORTER_NAME.to_owned(),
        DESCRIPTION.to_owned(),
    ];
    for (case, _) in &cases {
        secrets.push(case.code.to_string());
        secrets.push(case.code.key().to_string());
    }
    for secret in secrets {
        assert!(!written.contains(&secret), "{secret} leaked");
    }
}
