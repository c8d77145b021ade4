//! Tax rates are data staff keep: a client is taxed at its region's rate, else its country's;
//! a client whose country has no rate is shown as such and cannot be invoiced until billing
//! staff set one (never a silent 0 %). Both engines.

mod support;

use domain::entities::{audit_entry, client};
use domain::services::{client_detail, invoices, tax};
use model::billing::{NewInvoice, NewInvoiceItem};
use model::AppError;
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use std::str::FromStr;
use support::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A client living in `country` (and `state`), tax exempt or not.
async fn client_in(
    db: &DatabaseConnection,
    name: &str,
    country: &str,
    state: &str,
    exempt: bool,
) -> i32 {
    let id = new_client(db, name).await;
    client::ActiveModel {
        id: Set(id),
        country: Set(country.into()),
        state: Set(state.into()),
        tax_exempt: Set(exempt),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();
    id
}

async fn invoice(db: &DatabaseConnection, client: i32) -> Result<i32, AppError> {
    invoices::create(
        db,
        &staff(),
        client,
        NewInvoice {
            items: vec![NewInvoiceItem {
                description: "Hosting".into(),
                quantity: "1".into(),
                unit_price: "100".into(),
            }],
            due_date: String::new(),
        },
    )
    .await
}

test_support::db_test!(
    a_client_where_no_rate_is_known_is_not_invoiced_until_one_is_set,
    |db| {
        catalogue(db).await;
        let tokyo = client_in(db, "Tokyo Compute", "JP", "", false).await;
        assert_eq!(
            client_detail::overview(db, tokyo).await.unwrap().tax_rate,
            None
        );
        let refused = invoice(db, tokyo).await.unwrap_err();
        assert!(
            matches!(&refused, AppError::Conflict(m) if m.starts_with("No tax rate is set for JP")),
            "{refused:?}"
        );

        // A tax-exempt client there pays none, rate or not.
        let exempt = client_in(db, "Osaka Research", "JP", "", true).await;
        let id = invoice(db, exempt).await.unwrap();
        assert_eq!(
            invoices::get(db, id).await.unwrap().tax_total,
            Decimal::ZERO
        );

        let billing = staff_member(db, "Bill Ing").await;
        tax::save(db, &billing, "jp", "", "10").await.unwrap();
        assert_eq!(
            client_detail::overview(db, tokyo).await.unwrap().tax_rate,
            Some(d("10"))
        );
        let id = invoice(db, tokyo).await.unwrap();
        assert_eq!(invoices::get(db, id).await.unwrap().tax_total, d("10.00"));
        let audited = audit_entry::Entity::find()
            .filter(audit_entry::Column::Action.eq("tax_rate.save"))
            .one(db)
            .await
            .unwrap()
            .expect("setting a rate is audited");
        assert_eq!(audited.actor_email, billing.email);

        // Removing it makes the country unknown again.
        tax::delete(db, &billing, "JP", "").await.unwrap();
        assert!(matches!(
            invoice(db, tokyo).await,
            Err(AppError::Conflict(_))
        ));
        assert!(matches!(
            tax::delete(db, &billing, "JP", "").await,
            Err(AppError::NotFound(_))
        ));
    }
);

test_support::db_test!(a_region_s_own_rate_comes_before_its_country_s, |db| {
    catalogue(db).await;
    let ny = client_in(db, "Empire Hosting", "US", "NY", false).await;
    let or = client_in(db, "Portland Hosting", "US", "OR", false).await;
    assert_eq!(
        client_detail::overview(db, ny).await.unwrap().tax_rate,
        Some(d("4"))
    );
    assert_eq!(
        client_detail::overview(db, or).await.unwrap().tax_rate,
        Some(d("0"))
    );

    tax::save(db, &staff(), "US", "ny", "8.875").await.unwrap();
    let id = invoice(db, ny).await.unwrap();
    // 100 × 8.875 % = 8.875 -> 8.88
    assert_eq!(invoices::get(db, id).await.unwrap().tax_total, d("8.88"));
    let listed = tax::list(db).await.unwrap();
    assert!(listed
        .iter()
        .any(|r| (r.country.as_str(), r.region.as_str(), r.rate) == ("US", "NY", d("8.875"))));
});

test_support::db_test!(a_rate_that_makes_no_sense_is_refused_field_by_field, |db| {
    catalogue(db).await;
    let before = tax::list(db).await.unwrap();
    let e = tax::save(db, &staff(), "Japan", "", "250")
        .await
        .unwrap_err();
    let AppError::Invalid(fields) = e else {
        panic!("{e:?}");
    };
    let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(named, vec!["country", "rate"]);
    assert_eq!(tax::list(db).await.unwrap(), before, "nothing changed");
});
