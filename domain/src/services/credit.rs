//! "Add or withdraw credit" on a client: the read-only preview and the adjustment, which
//! writes exactly what the preview computes (rules in `model::credit`).

use super::client_detail::{lock_client, overview, require_client};
use crate::audit::{self, Actor, Change};
use crate::entities::{client, configuration, journal_entry};
use crate::money::Amount;
use chrono::{DateTime, Utc};
use model::client_detail::ClientOverview;
use model::client_form::currency_decimals;
use model::credit::{self, CreditInput, CreditPreview, SuspensionRule, MAX_ADJUSTMENT, MAX_REASON};
use model::format;
use model::status::NewWork;
use model::{AppError, FieldError, JournalAccount};
use rust_decimal::Decimal;
use sea_orm::prelude::*;
use sea_orm::{ConnectionTrait, Set};
use std::str::FromStr;

/// Digits with at most one decimal point, and a sign: no exponent or digit separators,
/// which `Decimal` would read but staff would not mean.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
}

/// The amount (positive, in the client's currency) of a checked adjustment.
fn check(c: &client::Model, input: &CreditInput, apply: bool) -> Result<Decimal, AppError> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.to_owned(),
            message,
        })
    };
    let currency = input.currency.trim().to_uppercase();
    if currency != c.currency {
        bad(
            "currency",
            format!(
                "This client's credit is kept in {}; adjust it in {}.",
                c.currency, c.currency
            ),
        );
    }
    let decimals = currency_decimals(&c.currency).unwrap_or(2);
    let text = input.amount.trim();
    let amount = match Decimal::from_str(text) {
        _ if text.is_empty() => Err("Enter an amount.".to_owned()),
        Err(_) => Err("Enter a number, e.g. 25.00.".to_owned()),
        _ if !is_plain_number(text) => Err("Enter a number, e.g. 25.00.".to_owned()),
        Ok(a) if a <= Decimal::ZERO => Err("Enter an amount above zero.".to_owned()),
        Ok(a) if a.normalize().scale() > decimals => Err(format!(
            "{} amounts have at most {decimals} decimals.",
            c.currency
        )),
        Ok(a) if a > Decimal::from(MAX_ADJUSTMENT) => Err(format!(
            "At most {} at a time.",
            format::money(Decimal::from(MAX_ADJUSTMENT), &c.currency)
        )),
        Ok(a) => {
            let balance = c.credit_balance.get();
            if input.direction == credit::Direction::Withdraw && !credit::may_withdraw(balance, a) {
                Err(format!(
                    "The client has {} of credit; a withdrawal cannot take it below zero.",
                    format::money(balance, &c.currency)
                ))
            } else {
                Ok(a.normalize())
            }
        }
    };
    if let Err(m) = &amount {
        bad("amount", m.clone());
    }
    if apply {
        let reason = input.reason.trim();
        if reason.is_empty() {
            bad("reason", "Give a reason.".to_owned());
        } else if reason.chars().count() > MAX_REASON {
            bad(
                "reason",
                format!("Keep the reason to {MAX_REASON} characters."),
            );
        }
    }
    match amount {
        Ok(a) if errors.is_empty() => Ok(a),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// The client's configuration's suspension rule.
async fn rule_of<C: ConnectionTrait>(
    conn: &C,
    c: &client::Model,
) -> Result<SuspensionRule, AppError> {
    let cfg = configuration::Entity::find_by_id(c.configuration_id)
        .one(conn)
        .await?
        .ok_or(AppError::Internal)?;
    Ok(SuspensionRule {
        configuration: cfg.name,
        auto_suspend: cfg.auto_suspend,
        suspend_after_days: cfg.suspend_after_days,
    })
}

/// Both balances move by the amount (usage not yet invoiced stays what it is).
fn compute(
    c: &client::Model,
    input: &CreditInput,
    amount: Decimal,
    rule: &SuspensionRule,
    now: DateTime<Utc>,
) -> CreditPreview {
    let delta = input.direction.signed(amount);
    let (credit_before, uptodate_before) = (c.credit_balance.get(), c.uptodate_credit.get());
    let uptodate_after = uptodate_before + delta;
    let since_after = credit::out_of_credit_since(c.out_of_credit_since, uptodate_after, now);
    CreditPreview {
        direction: input.direction,
        amount,
        currency: c.currency.clone(),
        credit_before,
        credit_after: credit_before + delta,
        uptodate_before,
        uptodate_after,
        out_of_credit_since_before: c.out_of_credit_since,
        out_of_credit_since_after: since_after,
        effects: credit::effects(c.status, c.out_of_credit_since, since_after, rule),
        at: now,
    }
}

/// Checks everything `apply` checks but the reason, and computes the outcome.
async fn prepare<C: ConnectionTrait>(
    conn: &C,
    c: &client::Model,
    input: &CreditInput,
    apply: bool,
) -> Result<CreditPreview, AppError> {
    if let Some(refusal) = c.status.refuses(NewWork::Credit) {
        return Err(AppError::Conflict(refusal));
    }
    let amount = check(c, input, apply)?;
    let p = compute(c, input, amount, &rule_of(conn, c).await?, Utc::now());
    // Near the storage's limit a balance could overflow it: refused like a bad amount.
    if Amount::new(p.credit_after).is_err() || Amount::new(p.uptodate_after).is_err() {
        return Err(AppError::invalid(
            "amount",
            "The new balance would be too large.",
        ));
    }
    Ok(p)
}

/// What the adjustment would do; writes nothing.
pub async fn preview(
    db: &DatabaseConnection,
    client_id: i32,
    input: CreditInput,
) -> Result<CreditPreview, AppError> {
    let c = require_client(db, client_id).await?;
    prepare(db, &c, &input, false).await
}

fn from_to<T: serde::Serialize>(from: &T, to: &T) -> serde_json::Value {
    serde_json::json!({ "from": from, "to": to })
}

fn stored(d: Decimal) -> Result<Amount, AppError> {
    Amount::new(d).map_err(|_| AppError::Internal)
}

/// Adds or withdraws credit: the journal entry, the new balances and the audit entry in one
/// transaction, on the locked client row. Returns the updated overview.
pub async fn apply(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    input: CreditInput,
) -> Result<ClientOverview, AppError> {
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let c = lock_client(txn, client_id).await?;
            let p = prepare(txn, &c, &input, true).await?;
            let reason = input.reason.trim().to_owned();
            let (source, destination) = match p.direction {
                credit::Direction::Add => (JournalAccount::Staff, JournalAccount::Credit),
                credit::Direction::Withdraw => (JournalAccount::Credit, JournalAccount::Staff),
            };
            let now = p.at;
            let entry = journal_entry::ActiveModel {
                client_id: Set(Some(client_id)),
                invoice_id: Set(None),
                entry_date: Set(now),
                source: Set(source),
                destination: Set(destination),
                gateway: Set(None),
                amount: Set(stored(p.amount)?),
                currency: Set(p.currency.clone()),
                description: Set(reason.clone()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            client::Entity::update_many()
                .col_expr(
                    client::Column::CreditBalance,
                    Expr::value(stored(p.credit_after)?),
                )
                .col_expr(
                    client::Column::UptodateCredit,
                    Expr::value(stored(p.uptodate_after)?),
                )
                .col_expr(
                    client::Column::OutOfCreditSince,
                    Expr::value(p.out_of_credit_since_after),
                )
                .col_expr(client::Column::UpdatedAt, Expr::value(now))
                .filter(client::Column::Id.eq(client_id))
                .exec(txn)
                .await?;
            audit::record(
                txn,
                &actor,
                Change {
                    action: "credit.adjust",
                    entity: "journal_entry",
                    entity_id: Some(entry.id),
                    client_id: Some(client_id),
                    changes: serde_json::json!({
                        "direction": p.direction.slug(),
                        "amount": p.amount,
                        "currency": p.currency,
                        "reason": reason,
                        "credit_balance": from_to(&p.credit_before, &p.credit_after),
                        "uptodate_credit": from_to(&p.uptodate_before, &p.uptodate_after),
                        "out_of_credit_since": from_to(&p.out_of_credit_since_before, &p.out_of_credit_since_after),
                    }),
                },
            )
            .await?;
            Ok(())
        })
    })
    .await?;
    overview(db, client_id).await
}
