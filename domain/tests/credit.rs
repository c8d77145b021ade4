//! Credit adjustments, both engines: staff preview adding or withdrawing credit (balances
//! before and after, what changes), then apply it: journal entry, balances and audit entry in
//! one go. Bad input is refused with a field message and changes nothing.

mod support;

use chrono::{Duration, TimeZone, Utc};
use domain::entities::client;
use domain::services::credit;
use model::credit::{CreditEffect, CreditInput, Direction};
use model::{AppError, ClientStatus, JournalAccount};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use support::credit::{books, dec, set_configuration, set_credit};
use support::*;

fn input(direction: Direction, amount: &str, reason: &str) -> CreditInput {
    CreditInput {
        direction,
        amount: amount.into(),
        currency: "EUR".into(),
        reason: reason.into(),
    }
}

fn add(amount: &str) -> CreditInput {
    input(Direction::Add, amount, "Goodwill for the outage")
}

fn withdraw(amount: &str) -> CreditInput {
    input(Direction::Withdraw, amount, "Refunded by bank transfer")
}

test_support::db_test!(preview_shows_before_and_after_and_writes_nothing, |db| {
    catalogue(db).await;
    let id = new_client(db, "Preview Ltd").await;
    set_configuration(db, id, "Default").await;
    // 10 EUR of credit, 6 EUR of usage not invoiced yet.
    set_credit(db, id, "10", "4", None).await;
    let before = books(db, id).await;

    let p = credit::preview(db, id, withdraw("8")).await.unwrap();
    assert_eq!(p.currency, "EUR");
    assert_eq!(p.amount, dec("8"));
    assert_eq!((p.credit_before, p.credit_after), (dec("10"), dec("2")));
    assert_eq!((p.uptodate_before, p.uptodate_after), (dec("4"), dec("-4")));
    assert_eq!(p.out_of_credit_since_before, None);
    assert_eq!(p.out_of_credit_since_after, Some(p.at));
    assert_eq!(
        p.effects,
        [
            CreditEffect::BecomesOutOfCredit,
            CreditEffect::SuspensionDue {
                configuration: "Default".into(),
                after_days: 7,
                due: p.at + Duration::days(7),
            }
        ]
    );
    assert!(p.effects[1].message(p.at).starts_with(
        "Would be suspended by configuration \u{201c}Default\u{201d}'s rules after 7 days"
    ));

    let p = credit::preview(db, id, add("2.50")).await.unwrap();
    assert_eq!(
        (p.credit_after, p.uptodate_after),
        (dec("12.5"), dec("6.5"))
    );
    assert!(p.effects.is_empty());

    // A configuration that never suspends says so.
    set_configuration(db, id, "Enterprise (net 30)").await;
    let p = credit::preview(db, id, withdraw("10")).await.unwrap();
    assert_eq!(
        p.effects[1],
        CreditEffect::NeverSuspended {
            configuration: "Enterprise (net 30)".into()
        }
    );
    set_configuration(db, id, "Default").await;
    assert_eq!(books(db, id).await, before, "a preview writes nothing");
});

test_support::db_test!(apply_writes_journal_balances_and_audit_together, |db| {
    catalogue(db).await;
    let id = new_client(db, "Apply GmbH").await;
    set_configuration(db, id, "Default").await;
    set_credit(db, id, "10", "4", None).await;
    let before = books(db, id).await;

    let o = credit::apply(db, &staff(), id, add("25.50")).await.unwrap();
    assert_eq!(
        (o.credit_balance, o.uptodate_credit),
        (dec("35.5"), dec("29.5"))
    );
    assert_eq!(o.out_of_credit_since, None);

    let after = books(db, id).await;
    assert_eq!(after.client.credit_balance.get(), dec("35.5"));
    assert_eq!(after.client.uptodate_credit.get(), dec("29.5"));
    assert_eq!(after.journal.len(), before.journal.len() + 1);
    let j = after.journal.last().unwrap();
    assert_eq!(
        (j.source, j.destination),
        (JournalAccount::Staff, JournalAccount::Credit)
    );
    assert_eq!((j.amount.get(), j.currency.as_str()), (dec("25.5"), "EUR"));
    assert_eq!(j.description, "Goodwill for the outage");
    assert_eq!((j.invoice_id, j.gateway.as_deref()), (None, None));
    assert_eq!(after.audit.len(), before.audit.len() + 1);
    let a = after.audit.last().unwrap();
    assert_eq!(
        (a.action.as_str(), a.entity_id),
        ("credit.adjust", Some(j.id))
    );
    assert_eq!(a.actor_email, "staff@test");
    let changes: serde_json::Value = serde_json::from_str(&a.changes).unwrap();
    assert_eq!(changes["direction"], "add");
    assert_eq!(changes["amount"], "25.5");
    assert_eq!(changes["currency"], "EUR");
    assert_eq!(changes["reason"], "Goodwill for the outage");
    assert_eq!(
        changes["credit_balance"],
        serde_json::json!({ "from": "10", "to": "35.5" })
    );
    assert_eq!(
        changes["uptodate_credit"],
        serde_json::json!({ "from": "4", "to": "29.5" })
    );

    // Withdrawing the whole balance is allowed (usage then makes it out of credit).
    let o = credit::apply(db, &staff(), id, withdraw("35.50"))
        .await
        .unwrap();
    assert_eq!((o.credit_balance, o.uptodate_credit), (dec("0"), dec("-6")));
    let since = o.out_of_credit_since.expect("now out of credit");
    let j = books(db, id).await.journal.pop().unwrap();
    assert_eq!(
        (j.source, j.destination),
        (JournalAccount::Credit, JournalAccount::Staff)
    );
    assert_eq!(j.amount.get(), dec("35.5"));
    assert_eq!(j.entry_date, since);
});

test_support::db_test!(leaving_out_of_credit_clears_since, |db| {
    catalogue(db).await;
    let id = new_client(db, "Overdrawn SA").await;
    set_configuration(db, id, "Prepaid cloud").await;
    let since = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
    set_credit(db, id, "2", "-5", Some(since)).await;

    // Still short: stays out of credit since the same moment; Prepaid suspends at once.
    let p = credit::preview(db, id, add("4.99")).await.unwrap();
    assert_eq!(p.out_of_credit_since_after, Some(since));
    assert_eq!(p.effects[0], CreditEffect::StaysOutOfCredit { since });
    assert!(matches!(
        &p.effects[1],
        CreditEffect::SuspensionDue { after_days: 0, due, .. } if *due == since
    ));
    let o = credit::apply(db, &staff(), id, add("4.99")).await.unwrap();
    assert_eq!(o.out_of_credit_since, Some(since));

    // Up to zero: no longer out of credit.
    let p = credit::preview(db, id, add("0.01")).await.unwrap();
    assert_eq!(p.uptodate_after, dec("0"));
    assert_eq!(p.effects, [CreditEffect::LeavesOutOfCredit { since }]);
    let o = credit::apply(db, &staff(), id, add("0.01")).await.unwrap();
    assert_eq!((o.uptodate_credit, o.out_of_credit_since), (dec("0"), None));
    assert_eq!(books(db, id).await.client.out_of_credit_since, None);

    // A suspended client leaves out of credit but stays suspended.
    set_credit(db, id, "0", "-1", Some(since)).await;
    client::Entity::update_many()
        .col_expr(client::Column::Status, Expr::value(ClientStatus::Suspended))
        .filter(client::Column::Id.eq(id))
        .exec(db)
        .await
        .unwrap();
    let p = credit::preview(db, id, add("1")).await.unwrap();
    assert_eq!(
        p.effects,
        [
            CreditEffect::LeavesOutOfCredit { since },
            CreditEffect::StaysSuspended
        ]
    );
});

test_support::db_test!(bad_input_is_refused_and_changes_nothing, |db| {
    catalogue(db).await;
    let id = new_client(db, "Careful BV").await;
    set_credit(db, id, "10", "10", None).await;
    let before = books(db, id).await;
    let long = "x".repeat(501);
    let cases = [
        (add("abc"), "amount", "Enter a number, e.g. 25.00."),
        (add(""), "amount", "Enter an amount."),
        (add("0"), "amount", "Enter an amount above zero."),
        (add("-5"), "amount", "Enter an amount above zero."),
        (
            add("1.234"),
            "amount",
            "EUR amounts have at most 2 decimals.",
        ),
        (add("1e3"), "amount", "Enter a number, e.g. 25.00."),
        (add("1_000"), "amount", "Enter a number, e.g. 25.00."),
        (add("NaN"), "amount", "Enter a number, e.g. 25.00."),
        (
            add("1000000000.01"),
            "amount",
            "At most 1,000,000,000.00 EUR at a time.",
        ),
        (
            add("99999999999999999999999"),
            "amount",
            "At most 1,000,000,000.00 EUR at a time.",
        ),
        (
            withdraw("10.01"),
            "amount",
            "The client has 10.00 EUR of credit; a withdrawal cannot take it below zero.",
        ),
        (
            CreditInput {
                currency: "USD".into(),
                ..add("5")
            },
            "currency",
            "This client's credit is kept in EUR; adjust it in EUR.",
        ),
        (
            CreditInput {
                currency: "XYZ".into(),
                ..add("5")
            },
            "currency",
            "This client's credit is kept in EUR; adjust it in EUR.",
        ),
        (input(Direction::Add, "5", "  "), "reason", "Give a reason."),
        (
            input(Direction::Add, "5", &long),
            "reason",
            "Keep the reason to 500 characters.",
        ),
    ];
    for (bad, field, message) in cases {
        let what = format!("{bad:?}");
        let e = credit::apply(db, &staff(), id, bad.clone())
            .await
            .expect_err(&what);
        assert_eq!(e.field(field).as_deref(), Some(message), "{what}: {e:?}");
        assert_eq!(e.status(), 422);
        if field != "reason" {
            let e = credit::preview(db, id, bad).await.expect_err(&what);
            assert_eq!(e.field(field).as_deref(), Some(message), "{what}");
        }
    }
    // A currency in another case is the same currency; trailing zeros are no extra decimals.
    let ok = CreditInput {
        currency: " eur ".into(),
        ..add("1.2500")
    };
    assert_eq!(
        credit::preview(db, id, ok).await.unwrap().amount,
        dec("1.25")
    );
    // Several problems at once are all reported.
    let e = credit::apply(db, &staff(), id, input(Direction::Add, "x", ""))
        .await
        .unwrap_err();
    assert!(e.field("amount").is_some() && e.field("reason").is_some());

    // A client being deleted takes no money changes; an unknown client is a 404.
    client::Entity::update_many()
        .col_expr(client::Column::Status, Expr::value(ClientStatus::Deleting))
        .filter(client::Column::Id.eq(id))
        .exec(db)
        .await
        .unwrap();
    let e = credit::apply(db, &staff(), id, add("5")).await.unwrap_err();
    assert_eq!(
        e,
        AppError::Conflict("Cannot adjust the credit of a client that is deleting.".into())
    );
    assert!(matches!(
        credit::preview(db, id, add("5")).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        credit::apply(db, &staff(), 999_999, add("5")).await,
        Err(AppError::NotFound(_))
    ));
    let mut after = books(db, id).await;
    assert_eq!(after.client.status, ClientStatus::Deleting);
    after.client.status = before.client.status;
    assert_eq!(after, before, "refused adjustments change nothing");
});
