use sea_orm::entity::prelude::*;

/// A named setting, e.g. `licence_limit`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub value: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Stores `value` under `key` unless the key has a value already.
pub async fn insert_missing<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    value: String,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::OnConflict;
    Entity::insert(ActiveModel {
        key: sea_orm::Set(key.to_owned()),
        value: sea_orm::Set(value),
    })
    .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
