//! Every closed set of values the product stores. Each is declared once here, and is both a
//! serde type shared with the browser and (with `ssr`) a sea-orm string column.

/// Declares a string-backed enum: `Variant => ("db_value", "Label")`.
macro_rules! db_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($db:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))"))]
        pub enum $name {
            $(
                #[serde(rename = $db)]
                #[cfg_attr(feature = "db", sea_orm(string_value = $db))]
                $variant,
            )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and URL form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $db),+ }
            }

            /// What a person reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($db => Ok($name::$variant),)+
                    _ => Err(crate::UnknownValue { kind: stringify!($name), value: s.to_owned() }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

#[cfg(feature = "db")]
use sea_orm::sea_query::StringLen;

db_enum! {
    /// A client's state. Active/Inactive follow from its services; the other three are
    /// lifecycle states set by staff actions (see `model::status`).
    ClientStatus {
        Active => ("active", "Active"),
        Inactive => ("inactive", "Inactive"),
        Suspending => ("suspending", "Suspending"),
        Suspended => ("suspended", "Suspended"),
        Deleting => ("deleting", "Deleting"),
    }
}

db_enum! {
    ServiceStatus {
        Pending => ("pending", "Pending"),
        Active => ("active", "Active"),
        Suspended => ("suspended", "Suspended"),
        Terminated => ("terminated", "Terminated"),
        Cancelled => ("cancelled", "Cancelled"),
    }
}

db_enum! {
    ProductType {
        Openstack => ("openstack", "OpenStack"),
        Domain => ("domain", "Domain"),
        Hosting => ("hosting", "Hosting"),
        Generic => ("generic", "Generic"),
    }
}

db_enum! {
    BillingCycle {
        Monthly => ("monthly", "Monthly"),
        Quarterly => ("quarterly", "Quarterly"),
        Annually => ("annually", "Annually"),
        OneTime => ("one_time", "One time"),
    }
}

db_enum! {
    InvoiceStatus {
        Unpaid => ("unpaid", "Unpaid"),
        Paid => ("paid", "Paid"),
        Cancelled => ("cancelled", "Cancelled"),
        Refunded => ("refunded", "Refunded"),
    }
}

db_enum! {
    /// Where money comes from or goes to in a journal entry.
    JournalAccount {
        Credit => ("credit", "Client credit"),
        Gateway => ("gateway", "Payment gateway"),
        Staff => ("staff", "Staff"),
        Invoice => ("invoice", "Invoice"),
    }
}

db_enum! {
    DomainStatus {
        Pending => ("pending", "Pending"),
        Active => ("active", "Active"),
        Expired => ("expired", "Expired"),
        Cancelled => ("cancelled", "Cancelled"),
    }
}

db_enum! {
    TicketStatus {
        Open => ("open", "Open"),
        InProgress => ("in_progress", "In progress"),
        Answered => ("answered", "Answered"),
        CustomerReply => ("customer_reply", "Customer reply"),
        OnHold => ("on_hold", "On hold"),
        Done => ("done", "Done"),
    }
}

db_enum! {
    TicketDepartment {
        Sales => ("sales", "Sales"),
        Billing => ("billing", "Billing"),
        Technical => ("technical", "Technical support"),
    }
}

db_enum! {
    TicketPriority {
        Low => ("low", "Low"),
        Medium => ("medium", "Medium"),
        High => ("high", "High"),
    }
}

db_enum! {
    /// A user's role on a client account.
    Role {
        Owner => ("owner", "Owner"),
        Member => ("member", "Member"),
        Billing => ("billing", "Billing"),
        Technical => ("technical", "Technical"),
    }
}

db_enum! {
    /// A staff member's role. Every staff account has exactly one.
    StaffRole {
        Administrator => ("administrator", "Administrator"),
        Billing => ("billing", "Billing"),
        Support => ("support", "Support"),
        ReadOnly => ("read_only", "Read-only"),
    }
}
