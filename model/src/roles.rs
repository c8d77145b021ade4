//! A user's set of roles on a client, stored as a comma-separated list.

use super::{Role, UnknownValue};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roles(Vec<Role>);

impl Roles {
    /// Sorted and without duplicates, so equal sets compare and store equally.
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Self {
        let mut v: Vec<Role> = roles.into_iter().collect();
        v.sort();
        v.dedup();
        Roles(v)
    }

    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    pub fn to_db(&self) -> String {
        self.0
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn from_db(s: &str) -> Result<Self, UnknownValue> {
        s.split(',')
            .filter(|p| !p.is_empty())
            .map(str::parse)
            .collect::<Result<Vec<Role>, _>>()
            .map(Roles::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_sorted_and_deduplicated() {
        let r = Roles::new([Role::Member, Role::Owner, Role::Member]);
        assert_eq!(r.to_db(), "owner,member");
        assert_eq!(Roles::from_db("owner,member").unwrap(), r);
        assert_eq!(Roles::from_db("").unwrap(), Roles::default());
        assert!(Roles::from_db("owner,root").is_err());
    }
}
