//! Our tables as the mirror of the cloud: every effective change is written with its audit
//! entry (system actor) in one transaction, and only if it is not made yet, so the log shows
//! what really happened (e.g. that a job run twice after a crash suspended a project once).

use crate::audit::{self, Actor, Change};
use crate::entities::{image, instance, network, port, project, router, ssh_key, volume};
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DatabaseTransaction};

pub(super) async fn record(
    txn: &DatabaseTransaction,
    project: &project::Model,
    action: &str,
    extra: serde_json::Value,
) -> Result<(), DbErr> {
    let mut changes =
        serde_json::json!({ "project": project.name, "openstack_id": project.openstack_id });
    if let (Some(map), serde_json::Value::Object(more)) = (changes.as_object_mut(), extra) {
        map.extend(more);
    }
    audit::record(
        txn,
        &Actor::system(),
        Change {
            action,
            entity: "project",
            entity_id: Some(project.id),
            client_id: Some(project.client_id),
            changes,
        },
    )
    .await
}

/// Marks the project disabled (or enabled) unless it is already.
pub async fn set_disabled(
    db: &DatabaseConnection,
    project: &project::Model,
    disabled: bool,
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let changed = project::Entity::update_many()
        .col_expr(project::Column::Disabled, Expr::value(disabled))
        .filter(project::Column::Id.eq(project.id))
        .filter(project::Column::Disabled.eq(!disabled))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 1 {
        let action = if disabled {
            "project.suspended"
        } else {
            "project.resumed"
        };
        record(&txn, project, action, serde_json::json!({})).await?;
    }
    txn.commit().await
}

/// Removes the project's row (its resources cascade) unless it is gone already.
pub async fn delete_project(
    db: &DatabaseConnection,
    project: &project::Model,
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let deleted = project::Entity::delete_by_id(project.id)
        .exec(&txn)
        .await?
        .rows_affected;
    if deleted == 1 {
        record(&txn, project, "project.deleted", serde_json::json!({})).await?;
    }
    txn.commit().await
}

/// The project exists in the cloud now, under `openstack_id`.
pub async fn created(
    db: &DatabaseConnection,
    project: &project::Model,
    openstack_id: &str,
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let changed = project::Entity::update_many()
        .col_expr(project::Column::OpenstackId, Expr::value(openstack_id))
        .filter(project::Column::Id.eq(project.id))
        .filter(project::Column::OpenstackId.eq(project.openstack_id.clone()))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 1 {
        record(
            &txn,
            project,
            "project.created",
            serde_json::json!({ "openstack_id": openstack_id }),
        )
        .await?;
    }
    txn.commit().await
}

/// A resource the cloud no longer has (we deleted it): its mirror row goes. Ssh keys are
/// named by their name (Nova keypairs have no id).
pub async fn forget<C: ConnectionTrait>(
    conn: &C,
    kind: Kind,
    project_id: i32,
    openstack_id: &str,
) -> Result<(), DbErr> {
    macro_rules! by_id {
        ($entity:ident) => {
            $entity::Entity::delete_many()
                .filter($entity::Column::ProjectId.eq(project_id))
                .filter($entity::Column::OpenstackId.eq(openstack_id))
                .exec(conn)
                .await?
        };
    }
    match kind {
        Kind::Server => by_id!(instance),
        Kind::Volume => by_id!(volume),
        Kind::Network => by_id!(network),
        Kind::Router => by_id!(router),
        Kind::Port => by_id!(port),
        Kind::Image => by_id!(image),
        Kind::Keypair => {
            ssh_key::Entity::delete_many()
                .filter(ssh_key::Column::ProjectId.eq(project_id))
                .filter(ssh_key::Column::Name.eq(openstack_id))
                .exec(conn)
                .await?
        }
    };
    Ok(())
}

/// An instance's state as the cloud reports it after our action.
pub async fn instance_status<C: ConnectionTrait>(
    conn: &C,
    project_id: i32,
    openstack_id: &str,
    status: &str,
) -> Result<(), DbErr> {
    instance::Entity::update_many()
        .col_expr(instance::Column::Status, Expr::value(status))
        .filter(instance::Column::ProjectId.eq(project_id))
        .filter(instance::Column::OpenstackId.eq(openstack_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The kinds of cloud resource a project holds, in the order deletion removes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Server,
    Port,
    Router,
    Network,
    Volume,
    Image,
    Keypair,
}

impl Kind {
    pub const DELETION_ORDER: [Kind; 7] = [
        Kind::Server,
        Kind::Port,
        Kind::Router,
        Kind::Network,
        Kind::Volume,
        Kind::Image,
        Kind::Keypair,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Server => "server",
            Kind::Port => "port",
            Kind::Router => "router",
            Kind::Network => "network",
            Kind::Volume => "volume",
            Kind::Image => "image",
            Kind::Keypair => "keypair",
        }
    }
}
