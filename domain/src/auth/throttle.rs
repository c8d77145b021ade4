//! Slowing down password guessing, in the database (so every server process sees it).
//!
//! Every sign-in first *reserves* its attempt: it writes one row per key (the account and
//! address together, the address alone, the account alone) and only then counts. An attempt is
//! verified only if its own row is within the key's limit, so a burst of concurrent guesses
//! gets at most the limit of real verifications (each row's count includes every row written
//! before it). A failure leaves its rows; a success or a refused attempt takes its rows back.
//!
//! - account + address: 5 failures in 15 minutes block that address for that account;
//! - address (IPv6 grouped by /64): 20 failures block the address for every account;
//! - account alone is never blocked (anyone could lock a real user out), but failures from
//!   other addresses slow every further try of it, up to `MAX_DELAY_SECS` each.

use crate::audit::{self, Actor, Change};
use crate::entities::login_failure;
use chrono::{DateTime, Duration, Utc};
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set};
use std::net::IpAddr;

pub const WINDOW_MINUTES: i64 = 15;
pub const MAX_PER_ACCOUNT_AND_ADDRESS: u64 = 5;
pub const MAX_PER_ADDRESS: u64 = 20;
/// Failures of an account from elsewhere before its tries slow down, and the cap of the delay.
pub const FREE_FAILURES_PER_ACCOUNT: u64 = 5;
pub const MAX_DELAY_SECS: u64 = 10;

/// The address a throttle counts: IPv4 as it is, IPv6 by its /64 (one subscriber's network),
/// IPv4-mapped IPv6 as IPv4.
pub fn address_group(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.to_owned(),
    }
}

/// The keys one attempt is counted under.
#[derive(Clone, Debug)]
pub struct Keys {
    pub pair: String,
    pub address: String,
    pub account: String,
}

impl Keys {
    pub fn new(email: &str, ip: &str) -> Keys {
        let (email, group) = (email.trim().to_lowercase(), address_group(ip));
        Keys {
            pair: format!("pair:{email}|{group}"),
            address: format!("ip:{group}"),
            account: format!("email:{email}"),
        }
    }
}

/// Why an attempt may not be verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub until: DateTime<Utc>,
    pub by_address: bool,
}

/// An attempt's reserved rows, and what counting them found.
pub struct Reservation {
    ids: Vec<i32>,
    keys: Keys,
    /// The attempt's rank in the pair's and the address's window (1 = the first).
    pair_rank: u64,
    address_rank: u64,
    /// Failures of this account from other addresses in the window.
    elsewhere: u64,
}

/// Rows per key in the window, for the given keys, in one statement (so all three counts see
/// the same moment).
async fn counts(
    db: &DatabaseConnection,
    keys: [&str; 3],
    since: DateTime<Utc>,
) -> Result<[u64; 3], DbErr> {
    let rows: Vec<(String, i64)> = login_failure::Entity::find()
        .select_only()
        .column(login_failure::Column::Key)
        .column_as(login_failure::Column::Id.count(), "n")
        .filter(login_failure::Column::Key.is_in(keys))
        .filter(login_failure::Column::At.gt(since))
        .group_by(login_failure::Column::Key)
        .into_tuple()
        .all(db)
        .await?;
    Ok(keys.map(|k| {
        rows.iter()
            .find(|(key, _)| key == k)
            .map_or(0, |(_, n)| u64::try_from(*n).unwrap_or(0))
    }))
}

/// When `key`, holding more than `limit` rows, is free again: once its `limit`-th most recent
/// row has left the window.
async fn free_at(
    db: &DatabaseConnection,
    key: &str,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, DbErr> {
    let nth: Option<DateTime<Utc>> = login_failure::Entity::find()
        .select_only()
        .column(login_failure::Column::At)
        .filter(login_failure::Column::Key.eq(key))
        .filter(login_failure::Column::At.gt(now - Duration::minutes(WINDOW_MINUTES)))
        .order_by_desc(login_failure::Column::At)
        .offset(limit - 1)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(nth.unwrap_or(now) + Duration::minutes(WINDOW_MINUTES))
}

/// Writes the attempt's rows, then counts: `Err(Blocked)` when it is over a limit (its rows are
/// taken back, so a blocked guesser does not extend anyone's block).
pub async fn reserve(
    db: &DatabaseConnection,
    keys: Keys,
    now: DateTime<Utc>,
) -> Result<Result<Reservation, Blocked>, DbErr> {
    let mut ids = Vec::with_capacity(3);
    for key in [&keys.pair, &keys.address, &keys.account] {
        let row = login_failure::ActiveModel {
            key: Set(key.clone()),
            at: Set(now),
            ..Default::default()
        };
        ids.push(
            login_failure::Entity::insert(row)
                .exec(db)
                .await?
                .last_insert_id,
        );
    }
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let [pair_rank, address_rank, account] =
        counts(db, [&keys.pair, &keys.address, &keys.account], since).await?;
    let reservation = Reservation {
        ids,
        elsewhere: account.saturating_sub(pair_rank),
        pair_rank,
        address_rank,
        keys,
    };
    let over = if address_rank > MAX_PER_ADDRESS {
        Some((&reservation.keys.address, MAX_PER_ADDRESS, true))
    } else if pair_rank > MAX_PER_ACCOUNT_AND_ADDRESS {
        Some((&reservation.keys.pair, MAX_PER_ACCOUNT_AND_ADDRESS, false))
    } else {
        None
    };
    if let Some((key, limit, by_address)) = over {
        let key = key.clone();
        reservation.release(db).await?;
        let until = free_at(db, &key, limit, now).await?;
        return Ok(Err(Blocked { until, by_address }));
    }
    Ok(Ok(reservation))
}

impl Reservation {
    /// How long to wait before verifying: nothing, unless the account has failed from
    /// elsewhere more than `FREE_FAILURES_PER_ACCOUNT` times (a distributed guesser).
    pub fn delay(&self) -> std::time::Duration {
        let over = self.elsewhere.saturating_sub(FREE_FAILURES_PER_ACCOUNT);
        std::time::Duration::from_secs(over.min(MAX_DELAY_SECS))
    }

    /// The attempt was not a failure (right password, or refused before verifying).
    pub async fn release(self, db: &DatabaseConnection) -> Result<(), DbErr> {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::Id.is_in(self.ids))
            .exec(db)
            .await?;
        Ok(())
    }

    /// The right password: this address's failures for the account are forgiven too.
    pub async fn succeeded(self, db: &DatabaseConnection) -> Result<(), DbErr> {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::Key.eq(self.keys.pair.as_str()))
            .exec(db)
            .await?;
        self.release(db).await
    }

    /// A wrong password: the rows stay as the failure's record. The failure that uses up a
    /// limit writes the lock to the audit log (exactly one does: ranks are unique).
    pub async fn failed(
        self,
        db: &DatabaseConnection,
        email: &str,
        ip: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        for (rank, limit, scope) in [
            (
                self.pair_rank,
                MAX_PER_ACCOUNT_AND_ADDRESS,
                "account_and_address",
            ),
            (self.address_rank, MAX_PER_ADDRESS, "address"),
        ] {
            if rank == limit {
                audit::record(
                    db,
                    &Actor::system(),
                    Change {
                        action: "auth.locked",
                        entity: "sign_in",
                        entity_id: None,
                        client_id: None,
                        changes: serde_json::json!({
                            "scope": scope,
                            "email": email,
                            "address": address_group(ip),
                            "failures": limit,
                            "until": now + Duration::minutes(WINDOW_MINUTES),
                        }),
                    },
                )
                .await?;
            }
        }
        // Old rows are useless: keep the table small.
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::At.lt(now - Duration::minutes(WINDOW_MINUTES)))
            .exec(db)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_addresses() {
        assert_eq!(address_group("203.0.113.7"), "203.0.113.7");
        assert_eq!(
            address_group("2001:db8:1:2:aaaa::1"),
            address_group("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            "one /64"
        );
        assert_eq!(address_group("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_ne!(
            address_group("2001:db8:1:2::1"),
            address_group("2001:db8:1:3::1")
        );
        assert_eq!(address_group("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(address_group("unknown"), "unknown");
    }
}
