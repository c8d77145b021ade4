//! A staff member downloads the clients a filter matches: the file holds each of them once, in
//! the dashboard's order, with exact amounts and ISO dates, nothing a spreadsheet would run as
//! a formula, and the audit log says who exported what. (That the export follows every filter
//! and sort of the dashboard is checked with the dashboard's own cases in dashboard_query.rs.)

mod support;

use domain::entities::audit_entry;
use domain::services::client_export::{self, ClientExport};
use domain::services::clients;
use model::client_export::{ClientColumn, ExportFormat, ExportRequest};
use model::client_query::{ClientQuery, Dir, SortKey};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use support::credit::set_credit;

/// The whole file, as the server streams it.
async fn download(db: &DatabaseConnection, url: &str, chunk: u64) -> (String, u64) {
    let request = ExportRequest::from_pairs(url.split('&').filter_map(|kv| kv.split_once('=')))
        .expect("a valid export");
    let mut export = ClientExport::begin(db, &support::staff(), &request)
        .await
        .unwrap()
        .chunked(chunk);
    let mut file = client_export::header(request.format, &request.columns);
    let mut chunks = 0;
    while let Some(rows) = export.next_chunk(db).await.unwrap() {
        assert!(rows.len() as u64 <= chunk);
        chunks += 1;
        for row in &rows {
            client_export::write_row(request.format, &request.columns, row, &mut file);
        }
    }
    (file, chunks)
}

test_support::db_test!(a_filtered_export_is_the_dashboard_list_as_a_file, |db| {
    support::catalogue(db).await;
    let formula =
        support::new_client_reached_at(db, "=HYPERLINK(\"http://x\")", "formula@example.test")
            .await;
    let comma = support::new_client_reached_at(db, "Acme, Inc.", "acme@example.test").await;
    let plain = support::new_client(db, "Plain Hosting").await;
    set_credit(db, comma, "1234.5", "-0.0042", None).await;
    set_credit(db, plain, "10", "99.99", None).await;

    // Sorted by credit, highest first, three rows a chunk apart.
    let url = "sort=credit&dir=desc&column=id&column=company&column=uptodate_credit&column=created&column=phone";
    let (file, chunks) = download(db, url, 1).await;
    assert_eq!(chunks, 3);
    let lines: Vec<&str> = file.split("\r\n").collect();
    assert_eq!(
        lines[0], "id,company,uptodate_credit,currency,created,phone",
        "the currency joins the amount"
    );
    let ids: Vec<i32> = lines[1..4]
        .iter()
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids, vec![plain, formula, comma]);
    let dashboard: Vec<i32> = clients::list(
        db,
        &ClientQuery {
            sort: SortKey::Credit,
            dir: Dir::Desc,
            ..ClientQuery::default()
        },
    )
    .await
    .unwrap()
    .clients
    .iter()
    .map(|c| c.id)
    .collect();
    assert_eq!(ids, dashboard, "the dashboard's order");
    assert!(lines[1].starts_with(&format!("{plain},Plain Hosting,99.99,EUR,20")));
    assert!(lines[1].ends_with(",'+49 30 1234567"), "{}", lines[1]);
    assert!(
        lines[2].starts_with(&format!(
            "{formula},\"'=HYPERLINK(\"\"http://x\"\")\",0.00,EUR,"
        )),
        "a formula is quoted and defused: {}",
        lines[2]
    );
    assert!(
        lines[3].starts_with(&format!("{comma},\"Acme, Inc.\",-0.0042,EUR,")),
        "every digit of the amount: {}",
        lines[3]
    );
    let created = lines[3].split(',').nth(5).unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok() && created.ends_with('Z'),
        "ISO 8601 in UTC: {created}"
    );
    assert_eq!(lines[4], "", "the file ends with its last line");

    // Who exported what is in the audit log.
    let entry = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("clients.export"))
        .one(db)
        .await
        .unwrap()
        .expect("the export is audited");
    assert_eq!(entry.actor_email, support::staff().email);
    let changes: serde_json::Value = serde_json::from_str(&entry.changes).unwrap();
    assert_eq!(changes["filter"], "/staff/clients?sort=credit&dir=desc");
    assert_eq!(changes["format"], "csv");
    assert_eq!(changes["clients"], 3);
    assert_eq!(changes["columns"][2], "uptodate_credit");
});

test_support::db_test!(
    json_lines_keep_types_and_an_empty_match_is_an_empty_file,
    |db| {
        support::catalogue(db).await;
        let id = support::new_client(db, "Json Ltd").await;
        set_credit(db, id, "5", "7.5", None).await;

        let (file, _) = download(db, "format=jsonl&q=json", 500).await;
        let lines: Vec<&str> = file.lines().collect();
        assert_eq!(lines.len(), 1);
        let row: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys.len(),
            ClientColumn::ALL.len(),
            "every column: {keys:?}"
        );
        assert_eq!(row["id"], id);
        assert_eq!(
            row["uptodate_credit"], "7.50",
            "an amount is an exact string"
        );
        assert_eq!(row["current_credit"], "5.00");
        assert_eq!(row["currency"], "EUR");
        assert_eq!(row["tax_exempt"], false);
        assert_eq!(row["vat_id"], serde_json::Value::Null);
        assert_eq!(row["status"], "inactive");

        let (csv, chunks) = download(db, "q=nobody-matches-this", 500).await;
        assert_eq!(chunks, 0);
        assert_eq!(csv.lines().count(), 1, "only the header row: {csv}");
        assert_eq!(
            ExportRequest::href(&ClientQuery::default(), ExportFormat::JsonLines, &[]),
            "/staff/clients/export?format=jsonl"
        );
    }
);

test_support::db_test!(
    a_selection_exports_what_was_selected_in_the_current_sort,
    |db| {
        support::catalogue(db).await;
        let a = support::new_client(db, "Alpha Hosting").await;
        let b = support::new_client(db, "Bravo Cloud").await;
        let c = support::new_client(db, "Charlie Net").await;
        set_credit(db, a, "0", "1", None).await;
        set_credit(db, b, "0", "2", None).await;
        set_credit(db, c, "0", "3", None).await;
        let ids = |file: &str| -> Vec<i32> {
            file.lines()
                .skip(1)
                .map(|l| l.split(',').next().unwrap().parse().unwrap())
                .collect()
        };

        // Picked one by one (here under no filter), exported by credit, highest first.
        let (file, _) = download(
            db,
            &format!("sort=credit&dir=desc&column=id&client={a}&client={c}"),
            500,
        )
        .await;
        assert_eq!(ids(&file), vec![c, a]);

        // Every client matching a search, less one unticked.
        let (file, _) = download(db, &format!("sort=company&column=id&except={b}"), 1).await;
        assert_eq!(ids(&file), vec![a, c]);
        let entry = audit_entry::Entity::find()
            .filter(audit_entry::Column::Action.eq("clients.export"))
            .all(db)
            .await
            .unwrap()
            .pop()
            .unwrap();
        let changes: serde_json::Value = serde_json::from_str(&entry.changes).unwrap();
        assert_eq!(changes["clients"], 2);
        assert_eq!(changes["except"][0], b);
    }
);
