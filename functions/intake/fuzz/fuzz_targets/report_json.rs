//! The report parser on JSON bodies.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    csirt_intake_fuzz::submit("application/json", data);
});
