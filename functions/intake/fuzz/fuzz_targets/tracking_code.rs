//! The tracking-code parser: any text, and a code that parses prints as text that parses to the same code.
#![no_main]

use csirt_domain::tracking::TrackingCode;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(code) = TrackingCode::parse(text) {
        let printed = code.to_string();
        let again = TrackingCode::parse(&printed).expect("a printed code parses");
        assert_eq!(again, code, "{printed}");
    }
});
