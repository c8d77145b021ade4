//! Page numbers, bounded in one place. They come from URLs and server function arguments, so
//! any `u64` can arrive; an unbounded one overflowed the offset (`page * per_page`) or the
//! database driver's `i64` and panicked mid-request.

/// The last page anyone can ask for: far beyond any real list (a million pages), and small
/// enough that `MAX_PAGE * per_page` fits an `i64` offset for every page size we allow.
pub const MAX_PAGE: u64 = 1_000_000;

/// The largest page size any list accepts, whatever the caller asks.
pub const MAX_PER_PAGE: u64 = 200;

/// A page number in `1..=MAX_PAGE`: 0 is page 1, anything larger is the last allowed page.
pub fn clamp(page: u64) -> u64 {
    page.clamp(1, MAX_PAGE)
}

/// The `page` parameter of a URL: digits give that page (clamped, however many digits),
/// anything else page 1.
pub fn parse(s: &str) -> u64 {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return 1;
    }
    clamp(s.parse::<u64>().unwrap_or(MAX_PAGE))
}

/// Rows to skip for `page` of `per_page` rows; always fits an `i64`.
pub fn offset(page: u64, per_page: u64) -> u64 {
    (clamp(page) - 1) * per_page.clamp(1, MAX_PER_PAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_every_input() {
        assert_eq!(parse("3"), 3);
        assert_eq!(parse(" 0 "), 1);
        assert_eq!(parse("-1"), 1);
        assert_eq!(parse("1e3"), 1);
        assert_eq!(parse("18446744073709551615"), MAX_PAGE);
        assert_eq!(parse("99999999999999999999999"), MAX_PAGE);
        assert_eq!(offset(u64::MAX, u64::MAX), (MAX_PAGE - 1) * MAX_PER_PAGE);
        assert!(i64::try_from(offset(u64::MAX, u64::MAX)).is_ok());
        assert_eq!(offset(0, 20), 0);
        assert_eq!(offset(2, 20), 20);
    }
}
