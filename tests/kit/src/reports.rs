//! Reports: a valid one as the form sends it (fields, JSON, a multipart body with evidence), the personal data in
//! it that must never leave the store, and reports parsed through the domain's own API.

use chrono::{DateTime, FixedOffset, Utc};
use csirt_domain::report::{ParseContext, Report, ReportInput};

/// A valid report as form fields, with personal data worth looking for in outputs.
pub fn report_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("reporter_name", "Siti Aminah Rahayu"),
        ("reporter_email", "siti.rahayu@contoh.id"),
        ("reporter_phone", "0812-9876-5432"),
        ("reporter_kind", "public"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("title", "Halaman judi online di situs dinas"),
        (
            "description",
            "Rahasia-deskripsi: ada halaman judi online di /wp-content/uploads/.",
        ),
        ("chronology", "08.10 ditemukan; 08.20 dilaporkan."),
        ("impact", "Reputasi pemerintah daerah."),
        (
            "affected_url",
            "https://dinkes.tegalkab.go.id/wp-content/uploads/",
        ),
        ("hall_of_fame_consent", "on"),
        ("hall_of_fame_alias", "siti_r"),
    ]
}

/// The same report as a JSON object.
pub fn report_json() -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for (name, value) in report_fields() {
        object.insert(name.into(), value.into());
    }
    object.insert("hall_of_fame_consent".into(), true.into());
    serde_json::Value::Object(object)
}

/// The personal data in [`report_fields`], which must never leave the store.
pub const PERSONAL_DATA: [&str; 6] = [
    "Siti Aminah",
    "Rahayu",
    "siti.rahayu@contoh.id",
    "9876",
    "Rahasia-deskripsi",
    "08.10 ditemukan",
];

/// A minimal PNG image.
pub fn png() -> Vec<u8> {
    let mut bytes =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde".to_vec();
    bytes.extend_from_slice(
        b"\0\0\0\x0cIDATx\x9cc\xf8\x0f\0\0\x01\x01\x00\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82",
    );
    bytes
}

/// A multipart/form-data body of `pairs` and `files` as (file name, declared type, content) in the form's
/// `evidence` input: its content type and bytes.
pub fn multipart(pairs: &[(&str, &str)], files: &[(&str, &str, Vec<u8>)]) -> (String, Vec<u8>) {
    multipart_with(pairs, "evidence", files)
}

/// A multipart/form-data body of `pairs` and `files` as (file name, declared type, content) in the file input
/// named `file_field`: its content type and bytes.
pub fn multipart_with(
    pairs: &[(&str, &str)],
    file_field: &str,
    files: &[(&str, &str, Vec<u8>)],
) -> (String, Vec<u8>) {
    let boundary = "----csirt-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in pairs {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (file_name, declared, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: {declared}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A report of the form's `input`, parsed as received at `received_at` by a team `offset_hours` east of UTC.
pub fn parse(input: &ReportInput, received_at: DateTime<Utc>, offset_hours: i32) -> Report {
    parse_at_offset(
        input,
        received_at,
        FixedOffset::east_opt(offset_hours * 3600).unwrap(),
    )
}

/// A report of the form's `input`, parsed as received at `received_at` by a team at `local_offset`.
pub fn parse_at_offset(
    input: &ReportInput,
    received_at: DateTime<Utc>,
    local_offset: FixedOffset,
) -> Report {
    let context = ParseContext {
        received_at,
        local_offset,
    };
    Report::parse(input, &context).unwrap()
}
