//! What the create/edit form sends, and the closed lists it is checked against.

use serde::{Deserialize, Serialize};

/// Every field staff can set on a client.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientForm {
    pub company: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub state: String,
    pub city: String,
    pub address1: String,
    pub address2: String,
    pub zip_code: String,
    pub vat_id: String,
    pub tax_exempt: bool,
    pub currency: String,
    pub configuration_id: i32,
    pub group_ids: Vec<i32>,
    pub billing_agreement: bool,
}

/// The billing currencies the catalogue is priced in, with the decimals an amount in each
/// may have (the one currency list; `CURRENCIES` is its codes).
pub const CURRENCY_DECIMALS: &[(&str, u32)] = &[
    ("EUR", 2),
    ("USD", 2),
    ("GBP", 2),
    ("CHF", 2),
    ("SEK", 2),
    ("PLN", 2),
    ("RON", 2),
    ("AUD", 2),
];

/// The billing currencies' codes.
pub const CURRENCIES: &[&str] = &currency_codes();

const fn currency_codes() -> [&'static str; CURRENCY_DECIMALS.len()] {
    let mut codes = [""; CURRENCY_DECIMALS.len()];
    let mut i = 0;
    while i < codes.len() {
        codes[i] = CURRENCY_DECIMALS[i].0;
        i += 1;
    }
    codes
}

/// The decimals an amount in `code` may have; `None` for a currency we do not bill in.
pub fn currency_decimals(code: &str) -> Option<u32> {
    CURRENCY_DECIMALS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, d)| *d)
}

/// ISO 3166-1 alpha-2 country codes.
pub const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH \
BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR \
GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR \
KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV \
MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE \
RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL \
TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

pub fn is_country(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}

/// A plausible address: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_countries_and_emails() {
        assert!(is_country("DE") && is_country("GB") && is_country("US"));
        assert!(!is_country("XX") && !is_country("de") && !is_country("DEU"));
        assert_eq!(COUNTRIES.split(' ').count(), 249);
        assert!(is_email("anna@example.com"));
        for bad in [
            "", "anna", "anna@", "@x.com", "a@b", "a b@c.de", "a@b..de", "a@@b.de",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
