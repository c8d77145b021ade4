//! The URL <-> `ClientQuery` link for the page, and the remembered view (a cookie read on the
//! server from the request and in the browser from `document.cookie`, so both agree).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use model::client_query::{ClientQuery, View};

/// The dashboard's state, read from the URL query.
pub fn use_client_query() -> Memo<ClientQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        let pairs = crate::components::list::url_pairs(&query.read());
        ClientQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    })
}

/// The view chosen on an earlier visit, if any.
pub fn remembered_view() -> Option<View> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(axum::http::header::COOKIE)
                    .and_then(|h| h.to_str().ok())
                    .map(str::to_owned)
            })
            .and_then(|h| View::from_cookie_header(&h))
    }
    #[cfg(not(feature = "ssr"))]
    {
        cookie_header().and_then(|h| View::from_cookie_header(&h))
    }
}

#[cfg(not(feature = "ssr"))]
fn cookie_header() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::web_sys::js_sys::Reflect;
        Reflect::get(&document(), &"cookie".into())
            .ok()
            .and_then(|v| v.as_string())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Remembers `view` for the next visit: a response header on the server, `document.cookie`
/// in the browser.
pub fn remember_view(view: View) {
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        View::COOKIE,
        view.as_str()
    );
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&cookie),
    ) {
        res.append_header(axum::http::header::SET_COOKIE, value);
    }
    #[cfg(feature = "hydrate")]
    {
        use leptos::web_sys::js_sys::Reflect;
        let _ = Reflect::set(&document(), &"cookie".into(), &cookie.into());
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let _ = cookie;
}
