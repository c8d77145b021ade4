//! The audit log: every staff mutation, with who, when, what and the changed values.
//! Written in the same transaction as the change it records.

use crate::entities::audit_entry;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde_json::Value;

/// Who did it: a signed-in user (kept by email too, so the log outlives the account).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i32>,
    pub email: String,
    /// The bulk run this change is part of: recorded with every change it makes.
    pub bulk_run: Option<i32>,
}

impl Actor {
    /// Work done by the system itself (start-up, background jobs).
    pub fn system() -> Self {
        Actor {
            user_id: None,
            email: "system".to_owned(),
            bulk_run: None,
        }
    }
}

/// What changed, on which entity, and of which client.
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i32>,
    pub client_id: Option<i32>,
    pub changes: Value,
}

/// The fields that differ between two serialised versions of a thing:
/// `{"field": {"from": old, "to": new}}`.
pub fn diff(before: &Value, after: &Value) -> Value {
    let (Value::Object(b), Value::Object(a)) = (before, after) else {
        return serde_json::json!({ "from": before, "to": after });
    };
    let changed: serde_json::Map<String, Value> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, v)| {
            let from = b.get(k).cloned().unwrap_or(Value::Null);
            (k.clone(), serde_json::json!({ "from": from, "to": v }))
        })
        .collect();
    Value::Object(changed)
}

pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    change: Change<'_>,
) -> Result<(), DbErr> {
    let mut changes = change.changes;
    if let (Some(run), Value::Object(fields)) = (actor.bulk_run, &mut changes) {
        fields.insert("bulk_run".to_owned(), Value::from(run));
    }
    audit_entry::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor.user_id),
        actor_email: Set(actor.email.clone()),
        action: Set(change.action.to_owned()),
        entity: Set(change.entity.to_owned()),
        entity_id: Set(change.entity_id),
        client_id: Set(change.client_id),
        changes: Set(changes.to_string()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_only_changed_fields() {
        let before = json!({"company": "A", "city": "Oslo", "tax_exempt": false});
        let after = json!({"company": "B", "city": "Oslo", "tax_exempt": true});
        assert_eq!(
            diff(&before, &after),
            json!({"company": {"from": "A", "to": "B"}, "tax_exempt": {"from": false, "to": true}})
        );
    }
}
