//! Credit adjustments ("add or withdraw credit") and the rules of a client's credit: when it
//! is out of credit and since when, when its configuration would suspend it, and how far a
//! withdrawal may go. The one home of these rules (the demo data follows them too).

use super::ClientStatus;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The largest single adjustment, in whole units of the client's currency: far beyond any
/// real top-up, and well inside what the database stores (`domain::money`).
pub const MAX_ADJUSTMENT: i64 = 1_000_000_000;

/// The longest reason, in characters.
pub const MAX_REASON: usize = 500;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Add,
    Withdraw,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Add, Direction::Withdraw];

    pub fn label(self) -> &'static str {
        match self {
            Direction::Add => "Add",
            Direction::Withdraw => "Withdraw",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Direction::Add => "add",
            Direction::Withdraw => "withdraw",
        }
    }

    /// The change `amount` (positive) makes to the balances.
    pub fn signed(self, amount: Decimal) -> Decimal {
        match self {
            Direction::Add => amount,
            Direction::Withdraw => -amount,
        }
    }
}

/// What the form sends; the server checks the texts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditInput {
    pub direction: Direction,
    pub amount: String,
    pub currency: String,
    /// Required to apply; the preview ignores it.
    pub reason: String,
}

/// Out of credit: the up-to-date credit (the balance less usage not yet invoiced) is below
/// zero.
pub fn is_out_of_credit(uptodate_credit: Decimal) -> bool {
    uptodate_credit < Decimal::ZERO
}

/// Since when a client whose up-to-date credit is now `uptodate_credit` is out of credit:
/// the moment it went below zero stays, `now` if it just did, none once it is not.
pub fn out_of_credit_since(
    current: Option<DateTime<Utc>>,
    uptodate_credit: Decimal,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    is_out_of_credit(uptodate_credit).then(|| current.unwrap_or(now))
}

/// A withdrawal may not take the credit balance below zero: nothing lets the balance go
/// negative (credit pays an invoice only in full; the configuration's credit limit is not a
/// rule over the balance anywhere).
pub fn may_withdraw(balance: Decimal, amount: Decimal) -> bool {
    amount <= balance
}

/// A configuration's automatic suspension of clients out of credit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuspensionRule {
    pub configuration: String,
    pub auto_suspend: bool,
    pub suspend_after_days: i32,
}

impl SuspensionRule {
    /// When a client out of credit since `since` is due for suspension; `None`: never.
    pub fn due_at(&self, since: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.auto_suspend
            .then(|| since + Duration::days(i64::from(self.suspend_after_days.max(0))))
    }
}

/// What an adjustment changes beyond the numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CreditEffect {
    LeavesOutOfCredit {
        since: DateTime<Utc>,
    },
    BecomesOutOfCredit,
    StaysOutOfCredit {
        since: DateTime<Utc>,
    },
    /// The configuration suspends a client `after_days` days out of credit: at `due`.
    SuspensionDue {
        configuration: String,
        after_days: i32,
        due: DateTime<Utc>,
    },
    NeverSuspended {
        configuration: String,
    },
    /// Leaving out of credit does not resume a suspended client: staff do.
    StaysSuspended,
}

impl CreditEffect {
    pub fn message(&self, now: DateTime<Utc>) -> String {
        let day = |at: &DateTime<Utc>| at.format("%Y-%m-%d").to_string();
        match self {
            CreditEffect::LeavesOutOfCredit { since } => {
                format!("Leaves out of credit (out of credit since {}).", day(since))
            }
            CreditEffect::BecomesOutOfCredit => "Becomes out of credit.".to_owned(),
            CreditEffect::StaysOutOfCredit { since } => {
                format!("Stays out of credit (since {}).", day(since))
            }
            CreditEffect::SuspensionDue {
                configuration,
                after_days,
                due,
            } => {
                let when = if *due <= now {
                    "now".to_owned()
                } else {
                    format!("on {}", day(due))
                };
                format!(
                    "Would be suspended by configuration \u{201c}{configuration}\u{201d}'s rules \
                     after {after_days} days out of credit: {when}."
                )
            }
            CreditEffect::NeverSuspended { configuration } => format!(
                "Configuration \u{201c}{configuration}\u{201d} never suspends automatically."
            ),
            CreditEffect::StaysSuspended => {
                "The client stays suspended until staff resume it.".to_owned()
            }
        }
    }
}

/// The credit before and after an adjustment, and what it changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditPreview {
    pub direction: Direction,
    /// Positive; `direction` says which way.
    pub amount: Decimal,
    pub currency: String,
    pub credit_before: Decimal,
    pub credit_after: Decimal,
    pub uptodate_before: Decimal,
    pub uptodate_after: Decimal,
    pub out_of_credit_since_before: Option<DateTime<Utc>>,
    pub out_of_credit_since_after: Option<DateTime<Utc>>,
    pub effects: Vec<CreditEffect>,
    /// When it was computed (the browser words the effects relative to it).
    pub at: DateTime<Utc>,
}

/// What moving a client in `status` from `since_before` to `since_after` (out of credit or
/// not) means under `rule`.
pub fn effects(
    status: ClientStatus,
    since_before: Option<DateTime<Utc>>,
    since_after: Option<DateTime<Utc>>,
    rule: &SuspensionRule,
) -> Vec<CreditEffect> {
    let mut out = Vec::new();
    match (since_before, since_after) {
        (None, None) => return out,
        (Some(since), None) => {
            out.push(CreditEffect::LeavesOutOfCredit { since });
            if status == ClientStatus::Suspended {
                out.push(CreditEffect::StaysSuspended);
            }
            return out;
        }
        (None, Some(_)) => out.push(CreditEffect::BecomesOutOfCredit),
        (Some(since), Some(_)) => out.push(CreditEffect::StaysOutOfCredit { since }),
    }
    // Only a client whose status follows its services can still be suspended.
    if let (true, Some(since)) = (status.is_derived(), since_after) {
        out.push(match rule.due_at(since) {
            Some(due) => CreditEffect::SuspensionDue {
                configuration: rule.configuration.clone(),
                after_days: rule.suspend_after_days,
                due,
            },
            None => CreditEffect::NeverSuspended {
                configuration: rule.configuration.clone(),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
    }

    fn rule(auto: bool, days: i32) -> SuspensionRule {
        SuspensionRule {
            configuration: "Default".into(),
            auto_suspend: auto,
            suspend_after_days: days,
        }
    }

    #[test]
    fn out_of_credit_below_zero_since_it_first_went_there() {
        let d = Decimal::from;
        assert_eq!(out_of_credit_since(None, d(0), at(5)), None);
        assert_eq!(out_of_credit_since(None, d(-1), at(5)), Some(at(5)));
        assert_eq!(out_of_credit_since(Some(at(1)), d(-1), at(5)), Some(at(1)));
        assert_eq!(out_of_credit_since(Some(at(1)), d(3), at(5)), None);
        assert!(may_withdraw(d(10), d(10)) && !may_withdraw(d(10), d(11)));
    }

    #[test]
    fn effects_follow_the_configuration() {
        use ClientStatus::*;
        assert_eq!(effects(Active, None, None, &rule(true, 7)), []);
        assert_eq!(
            effects(Active, None, Some(at(5)), &rule(true, 7)),
            [
                CreditEffect::BecomesOutOfCredit,
                CreditEffect::SuspensionDue {
                    configuration: "Default".into(),
                    after_days: 7,
                    due: at(12)
                }
            ]
        );
        assert_eq!(
            effects(Inactive, Some(at(1)), Some(at(1)), &rule(false, 0))[1],
            CreditEffect::NeverSuspended {
                configuration: "Default".into()
            }
        );
        assert_eq!(
            effects(Suspended, Some(at(1)), None, &rule(true, 0)),
            [
                CreditEffect::LeavesOutOfCredit { since: at(1) },
                CreditEffect::StaysSuspended
            ]
        );
        assert_eq!(
            effects(Suspended, None, Some(at(2)), &rule(true, 0)),
            [CreditEffect::BecomesOutOfCredit]
        );
        let due = CreditEffect::SuspensionDue {
            configuration: "Default".into(),
            after_days: 7,
            due: at(12),
        };
        assert!(due.message(at(5)).ends_with("on 2026-11-12."));
        assert!(due.message(at(20)).ends_with(": now."));
    }
}
