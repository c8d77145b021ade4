//! Creating and editing a client: server-side validation with a message per field, then one
//! transaction for the client row and its group memberships.

use crate::audit::{self, Actor, Change};
use crate::entities::{client, client_group, client_group_member, configuration};
use crate::money::Amount;
use chrono::Utc;
use model::client_form::{is_country, is_email, ClientForm, CURRENCIES};
use model::{AppError, ClientStatus, FieldError};
use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};

/// The longest text a field takes (the columns are VARCHAR(255) on PostgreSQL).
const MAX_LEN: usize = 255;

/// The form filled with a client's current values.
pub async fn load(db: &DatabaseConnection, client_id: i32) -> Result<ClientForm, AppError> {
    let c = client::Entity::find_by_id(client_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Client {client_id}")))?;
    let group_ids: Vec<i32> = client_group_member::Entity::find()
        .select_only()
        .column(client_group_member::Column::GroupId)
        .filter(client_group_member::Column::ClientId.eq(client_id))
        .order_by_asc(client_group_member::Column::GroupId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ClientForm {
        company: c.company,
        first_name: c.first_name,
        last_name: c.last_name,
        email: c.email,
        phone: c.phone,
        country: c.country,
        state: c.state,
        city: c.city,
        address1: c.address1,
        address2: c.address2,
        zip_code: c.zip_code,
        vat_id: c.vat_id.unwrap_or_default(),
        tax_exempt: c.tax_exempt,
        currency: c.currency,
        configuration_id: c.configuration_id,
        group_ids,
        billing_agreement: c.billing_agreement,
    })
}

/// Trims every text field and upper-cases the codes, so what is checked is what is stored.
fn normalised(mut f: ClientForm) -> ClientForm {
    for s in [
        &mut f.company,
        &mut f.first_name,
        &mut f.last_name,
        &mut f.email,
        &mut f.phone,
        &mut f.state,
        &mut f.city,
        &mut f.address1,
        &mut f.address2,
        &mut f.zip_code,
        &mut f.vat_id,
    ] {
        *s = s.trim().to_owned();
    }
    f.country = f.country.trim().to_uppercase();
    f.currency = f.currency.trim().to_uppercase();
    f.group_ids.sort_unstable();
    f.group_ids.dedup();
    f
}

/// Every problem with the form, one message per field; the group names when it is fine.
async fn validate(db: &DatabaseConnection, f: &ClientForm) -> Result<Vec<String>, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut bad = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        })
    };
    if f.first_name.is_empty() {
        bad("first_name", "Enter the contact's first name.");
    }
    if f.last_name.is_empty() {
        bad("last_name", "Enter the contact's last name.");
    }
    if f.company.is_empty() && f.first_name.is_empty() && f.last_name.is_empty() {
        bad("company", "Enter a company, or the person's name.");
    }
    if f.email.is_empty() {
        bad("email", "Enter an email address.");
    } else if !is_email(&f.email) {
        bad("email", "This is not a valid email address.");
    }
    if !is_country(&f.country) {
        bad(
            "country",
            "Choose a country (a two-letter ISO code such as DE).",
        );
    }
    if !CURRENCIES.contains(&f.currency.as_str()) {
        bad("currency", "Choose one of the billing currencies.");
    }
    for (name, value) in [
        ("company", &f.company),
        ("first_name", &f.first_name),
        ("last_name", &f.last_name),
        ("email", &f.email),
        ("phone", &f.phone),
        ("state", &f.state),
        ("city", &f.city),
        ("address1", &f.address1),
        ("address2", &f.address2),
        ("zip_code", &f.zip_code),
        ("vat_id", &f.vat_id),
    ] {
        if value.chars().count() > MAX_LEN {
            bad(name, "Keep this under 256 characters.");
        }
    }
    let config = configuration::Entity::find_by_id(f.configuration_id)
        .one(db)
        .await?;
    if config.is_none() {
        bad("configuration_id", "Choose an existing configuration.");
    }
    let groups: Vec<String> = client_group::Entity::find()
        .select_only()
        .column(client_group::Column::Name)
        .filter(client_group::Column::Id.is_in(f.group_ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    if groups.len() != f.group_ids.len() {
        bad("group_ids", "One of the chosen groups does not exist.");
    }
    if errors.is_empty() {
        Ok(groups)
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// Creates (`client_id` None) or updates a client; returns its ID. Nothing is written when
/// any field is invalid.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: Option<i32>,
    form: ClientForm,
) -> Result<i32, AppError> {
    let f = normalised(form);
    let groups = validate(db, &f).await?;
    let before = match client_id {
        Some(id) => serde_json::to_value(load(db, id).await?).unwrap_or_default(),
        None => serde_json::Value::Null,
    };
    let after = serde_json::to_value(&f).unwrap_or_default();
    let actor = actor.clone();
    // The denormalised sort key.
    let first_group_name = super::client_groups::first_group(groups);
    let now = Utc::now();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let mut row = match client_id {
                Some(id) => {
                    let existing = client::Entity::find_by_id(id)
                        .one(txn)
                        .await?
                        .ok_or_else(|| AppError::NotFound(format!("Client {id}")))?;
                    client::ActiveModel {
                        id: Set(existing.id),
                        ..Default::default()
                    }
                }
                None => client::ActiveModel {
                    status: Set(ClientStatus::Inactive),
                    suspension_reason: Set(None),
                    credit_balance: Set(Amount::ZERO),
                    uptodate_credit: Set(Amount::ZERO),
                    out_of_credit_since: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                },
            };
            row.search_key = Set(migration::search_key(
                &f.company,
                &f.first_name,
                &f.last_name,
                &f.email,
                &f.phone,
            ));
            row.company = Set(f.company);
            row.first_name = Set(f.first_name);
            row.last_name = Set(f.last_name);
            row.email = Set(f.email);
            row.phone = Set(f.phone);
            row.country = Set(f.country);
            row.state = Set(f.state);
            row.city = Set(f.city);
            row.address1 = Set(f.address1);
            row.address2 = Set(f.address2);
            row.zip_code = Set(f.zip_code);
            row.vat_id = Set((!f.vat_id.is_empty()).then_some(f.vat_id));
            row.tax_exempt = Set(f.tax_exempt);
            row.currency = Set(f.currency);
            row.configuration_id = Set(f.configuration_id);
            row.billing_agreement = Set(f.billing_agreement);
            row.first_group_name = Set(first_group_name);
            row.updated_at = Set(now);
            let id = match client_id {
                Some(_) => row.update(txn).await?.id,
                None => row.insert(txn).await?.id,
            };
            client_group_member::Entity::delete_many()
                .filter(client_group_member::Column::ClientId.eq(id))
                .exec(txn)
                .await?;
            if !f.group_ids.is_empty() {
                client_group_member::Entity::insert_many(f.group_ids.iter().map(|g| {
                    client_group_member::ActiveModel {
                        client_id: Set(id),
                        group_id: Set(*g),
                    }
                }))
                .exec(txn)
                .await?;
            }
            let (action, changes) = match client_id {
                Some(_) => ("client.update", audit::diff(&before, &after)),
                None => ("client.create", after),
            };
            audit::record(
                txn,
                &actor,
                Change {
                    action,
                    entity: "client",
                    entity_id: Some(id),
                    client_id: Some(id),
                    changes,
                },
            )
            .await?;
            Ok(id)
        })
    })
    .await
}
