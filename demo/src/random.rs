//! Small helpers over `fastrand::Rng`: weighted picks, patterns and identifiers.

use chrono::{DateTime, Duration, Utc};

pub(super) trait Dice {
    /// True with `percent` % probability.
    fn chance(&mut self, percent: u32) -> bool;
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T;
    /// The index of an item drawn with probability proportional to its weight.
    fn weighted_index(&mut self, weights: impl Iterator<Item = u32> + Clone) -> usize;
    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T;
    /// Expands `#` to a digit and `@` to a capital letter.
    fn pattern(&mut self, pattern: &str) -> String;
    /// A uniformly drawn instant in `[from, to)` (or `from` when the range is empty).
    fn between(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc>;
}

impl Dice for fastrand::Rng {
    fn chance(&mut self, percent: u32) -> bool {
        self.u32(0..100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.usize(0..items.len())]
    }

    fn weighted_index(&mut self, weights: impl Iterator<Item = u32> + Clone) -> usize {
        let total: u32 = weights.clone().sum();
        let mut x = self.u32(0..total.max(1));
        for (i, w) in weights.enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        0
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        items[self.weighted_index(items.iter().map(|i| i.1))].0
    }

    fn pattern(&mut self, pattern: &str) -> String {
        pattern
            .chars()
            .map(|c| match c {
                '#' => self.digit(10),
                '@' => self.char('A'..='Z'),
                c => c,
            })
            .collect()
    }

    fn between(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
        let span = (to - from).num_seconds();
        if span <= 0 {
            return from;
        }
        from + Duration::seconds(self.i64(0..span))
    }
}

/// 32 lowercase hex digits, like a Keystone id.
pub(super) fn hex32(rng: &mut fastrand::Rng) -> String {
    format!("{:016x}{:016x}", rng.u64(..), rng.u64(..))
}

/// 32 hex digits that are unique per `n` (the second half is a bijection of it).
pub(super) fn unique_hex32(rng: &mut fastrand::Rng, n: u64) -> String {
    format!("{:016x}{:016x}", rng.u64(..), scramble(n))
}

/// A random version-4 UUID.
pub(super) fn uuid(rng: &mut fastrand::Rng) -> String {
    let (a, b) = (rng.u64(..), rng.u64(..));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

/// A bijection on u64 that looks random (the splitmix64 finaliser: every step is invertible).
pub(super) fn scramble(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a: a stable hash (std's hasher is randomly keyed per process).
pub(super) fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// ASCII lowercase letters and digits only, transliterating the accents our names use.
/// `german` spells umlauts the German way (Müller -> mueller, not muller).
pub(super) fn ascii_lower(s: &str, german: bool, out: &mut String) {
    for c in s.chars() {
        let t: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            'A'..='Z' => {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            'ä' | 'Ä' if german => "ae",
            'ö' | 'Ö' if german => "oe",
            'ü' | 'Ü' if german => "ue",
            'ä' | 'Ä' => "a",
            'ö' | 'Ö' => "o",
            'ü' | 'Ü' => "u",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'å' | 'ą' | 'ă' | 'Á' | 'À' | 'Å' => "a",
            'ç' | 'ć' | 'Ć' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'É' | 'È' => "e",
            'í' | 'î' | 'ï' | 'ì' | 'Í' => "i",
            'ł' | 'Ł' => "l",
            'ñ' | 'ń' => "n",
            'ó' | 'ô' | 'ò' | 'Ó' => "o",
            'ś' | 'ș' | 'ş' | 'Ś' | 'Ș' => "s",
            'ț' | 'ţ' | 'Ț' => "t",
            'ú' | 'ù' | 'û' | 'Ú' => "u",
            'ź' | 'ż' | 'Ż' | 'Ź' => "z",
            _ => "",
        };
        out.push_str(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scramble_is_injective_on_a_range() {
        let mut seen: Vec<u64> = (0..10_000).map(scramble).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 10_000);
    }

    #[test]
    fn transliterates() {
        let mut s = String::new();
        ascii_lower("Müller-Lüdenscheidt Ștefan Łukasz", true, &mut s);
        assert_eq!(s, "muellerluedenscheidtstefanlukasz");
        s.clear();
        ascii_lower("Bergström", false, &mut s);
        assert_eq!(s, "bergstrom");
    }

    #[test]
    fn uuids_look_like_uuids() {
        let u = uuid(&mut fastrand::Rng::with_seed(1));
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
