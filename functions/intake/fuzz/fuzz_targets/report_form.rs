//! The report parser on form-urlencoded bodies.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    csirt_intake_fuzz::submit("application/x-www-form-urlencoded", data);
});
