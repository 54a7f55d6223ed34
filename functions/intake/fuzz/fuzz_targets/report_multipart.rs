//! The report parser on multipart/form-data bodies (text fields and evidence files).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let content_type = format!(
        "multipart/form-data; boundary={}",
        csirt_intake_fuzz::BOUNDARY
    );
    csirt_intake_fuzz::submit(&content_type, data);
});
