//! The symbols of a tracking code: Crockford's base32 alphabet, and the check symbol computed over GF(2⁵).

/// Crockford's base32 alphabet: digits and letters without I, L, O and U.
pub(super) const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols drawn at random.
pub(super) const RANDOM_SYMBOLS: usize = 11;
/// Random symbols plus the check symbol.
pub const SYMBOLS: usize = RANDOM_SYMBOLS + 1;
/// Random bits in a code.
pub const RANDOM_BITS: u32 = 5 * RANDOM_SYMBOLS as u32;
const _: () = assert!(
    RANDOM_BITS >= 50,
    "a tracking code needs at least 50 random bits"
);

/// Multiplies in GF(2⁵) modulo the primitive polynomial x⁵ + x² + 1.
fn gf32_mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0;
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0x20 != 0 {
            a ^= 0x25;
        }
    }
    product
}

/// αⁱ for the generator α = x.
fn alpha_pow(i: usize) -> u8 {
    (0..i % 31).fold(1, |acc, _| gf32_mul(acc, 2))
}

/// Σ αⁱ·sᵢ over the given symbol values.
pub(super) fn weighted_sum(symbols: &[u8]) -> u8 {
    symbols
        .iter()
        .enumerate()
        .fold(0, |acc, (i, &s)| acc ^ gf32_mul(alpha_pow(i), s))
}

/// The check symbol that makes the weighted sum of all twelve symbols zero.
pub(super) fn check_symbol(random: &[u8; RANDOM_SYMBOLS]) -> u8 {
    // s₁₁ = α⁻¹¹ · Σ αⁱ·sᵢ, and α⁻¹¹ = α²⁰ because α³¹ = 1.
    gf32_mul(alpha_pow(31 - RANDOM_SYMBOLS), weighted_sum(random))
}

/// Reads one symbol, with Crockford's aliases.
pub(super) fn symbol_value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u8)
}
