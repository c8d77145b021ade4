//! Support tickets as the client tab and the ticket page show them.

use super::{TicketDepartment, TicketPriority, TicketStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketRow {
    pub id: i32,
    pub title: String,
    pub status: TicketStatus,
    pub department: TicketDepartment,
    pub priority: TicketPriority,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketMessageView {
    pub author_name: String,
    pub is_staff: bool,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub row: TicketRow,
    pub client: (i32, String),
    pub updated_at: DateTime<Utc>,
    pub messages: Vec<TicketMessageView>,
}
