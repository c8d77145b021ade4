//! Which clients a staff member has selected on the dashboard: some picked one by one, or
//! every client a filter matches (the filter itself, not a list of ids, so it holds for
//! 400,000 clients), less the ones unticked since. What bulk work runs on.

use super::client_query::ClientQuery;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The most clients picked one by one (or unticked from "all matching"): past that, select
/// all that match a filter instead. It keeps an export URL within what servers accept.
pub const MAX_PICKED: usize = 1000;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Selection {
    #[default]
    Nothing,
    /// Clients picked one by one, on any page and under any filter.
    Picked(BTreeSet<i32>),
    /// Every client `query` matches (its data key: no page or display state), `total` of them
    /// when selected, less `except`.
    /// (Boxed: a query is large, and a selection is mostly nothing or a few ids.)
    Matching {
        query: Box<ClientQuery>,
        total: u64,
        except: BTreeSet<i32>,
    },
}

impl Selection {
    /// How many clients are selected (for "all matching", as counted when selected).
    pub fn count(&self) -> u64 {
        match self {
            Selection::Nothing => 0,
            Selection::Picked(ids) => ids.len() as u64,
            Selection::Matching { total, except, .. } => total.saturating_sub(except.len() as u64),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// Whether the client `id`, shown under `query`, is selected.
    pub fn contains(&self, id: i32, query: &ClientQuery) -> bool {
        match self {
            Selection::Nothing => false,
            Selection::Picked(ids) => ids.contains(&id),
            Selection::Matching {
                query: q, except, ..
            } => **q == Self::filter_of(query) && !except.contains(&id),
        }
    }

    /// Ticks (`on`) or unticks the clients `ids` shown under `query`. `Err` when picking
    /// one by one would pass `MAX_PICKED`.
    pub fn set(&mut self, ids: &[i32], on: bool, query: &ClientQuery) -> Result<(), String> {
        let too_many = || {
            format!(
                "At most {MAX_PICKED} clients can be picked one by one: select all that match a filter instead."
            )
        };
        match self {
            Selection::Matching {
                query: q, except, ..
            } if **q == Self::filter_of(query) => {
                for id in ids {
                    if on {
                        except.remove(id);
                    } else {
                        except.insert(*id);
                    }
                }
                if except.len() > MAX_PICKED {
                    return Err(too_many());
                }
            }
            Selection::Picked(picked) => {
                for id in ids {
                    if on {
                        picked.insert(*id);
                    } else {
                        picked.remove(id);
                    }
                }
                if picked.len() > MAX_PICKED {
                    for id in ids {
                        picked.remove(id);
                    }
                    return Err(too_many());
                }
            }
            // Nothing yet, or "all matching" another filter: start picking afresh.
            _ => {
                if !on {
                    return Ok(());
                }
                let picked: BTreeSet<i32> = ids.iter().copied().collect();
                if picked.len() > MAX_PICKED {
                    return Err(too_many());
                }
                *self = Selection::Picked(picked);
            }
        }
        if self.is_empty() {
            *self = Selection::Nothing;
        }
        Ok(())
    }

    /// What "all matching" keeps of a dashboard query: the filters, search and sort, not the
    /// page, its size or how it is shown.
    pub fn filter_of(query: &ClientQuery) -> ClientQuery {
        ClientQuery {
            page: 1,
            per_page: ClientQuery::default().per_page,
            ..query.data_key()
        }
    }

    /// Every client `query` matches, `total` of them.
    pub fn all_matching(query: &ClientQuery, total: u64) -> Selection {
        Selection::Matching {
            query: Box::new(Self::filter_of(query)),
            total,
            except: BTreeSet::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClientStatus;

    fn suspended() -> ClientQuery {
        ClientQuery {
            statuses: vec![ClientStatus::Suspended],
            ..ClientQuery::default()
        }
    }

    #[test]
    fn picking_survives_paging_and_filters() {
        let mut s = Selection::Nothing;
        s.set(&[3, 5], true, &ClientQuery::default()).unwrap();
        s.set(&[9], true, &suspended().with_page(4)).unwrap();
        assert_eq!(s.count(), 3);
        assert!(s.contains(9, &ClientQuery::default()));
        s.set(&[3, 5, 9], false, &suspended()).unwrap();
        assert_eq!(s, Selection::Nothing);
    }

    #[test]
    fn all_matching_is_the_filter_less_what_is_unticked() {
        let mut s = Selection::all_matching(&suspended().with_page(3), 400_000);
        assert_eq!(s.count(), 400_000);
        // Another page (or page size) of the same filter: still selected.
        assert!(s.contains(12, &suspended().with_page(7)));
        let bigger = ClientQuery {
            per_page: 96,
            ..suspended()
        };
        assert!(s.contains(12, &bigger));
        // The same clients under another filter are not what was selected.
        assert!(!s.contains(12, &ClientQuery::default()));
        s.set(&[12], false, &suspended().with_page(7)).unwrap();
        assert_eq!(s.count(), 399_999);
        assert!(!s.contains(12, &suspended()));
        // Ticking under another filter starts picking afresh.
        s.set(&[1], true, &ClientQuery::default()).unwrap();
        assert_eq!(s, Selection::Picked(BTreeSet::from([1])));
    }

    #[test]
    fn picking_one_by_one_is_bounded() {
        let mut s = Selection::Nothing;
        let page: Vec<i32> = (0..96).collect();
        for p in 0..10 {
            let ids: Vec<i32> = page.iter().map(|i| i + p * 96).collect();
            s.set(&ids, true, &ClientQuery::default()).unwrap();
        }
        let next: Vec<i32> = (960..1056).collect();
        let e = s.set(&next, true, &ClientQuery::default()).unwrap_err();
        assert!(e.contains("select all that match"), "{e}");
        assert_eq!(s.count(), 960, "nothing changed");
    }
}
