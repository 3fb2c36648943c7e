//! Answering requests from the current snapshot and telling open pages when to reload: the only user of the HTTP and WebSocket crates.
//!
//! Files are looked up by name in the snapshot's map, never on disk, so no request
//! path can reach a file outside the built site, and a folder without an `index.html`
//! is simply not found: there are no listings.

use std::io;
use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::header::{
    ALLOW, CACHE_CONTROL, CONTENT_TYPE, HOST, HeaderValue, LOCATION, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mime_guess::mime;
use tokio::sync::watch;

use super::snapshot::{Files, Snapshot};

/// The live-reload script. The `/__scorecard/` prefix cannot clash with a page: page
/// paths are built from ids of lower-case letters, digits and dashes.
pub(super) const SCRIPT_PATH: &str = "/__scorecard/live-reload.js";
/// The WebSocket that tells pages a new build is ready.
const LIVE_RELOAD_PATH: &str = "/__scorecard/live-reload";
const SCRIPT: &str = include_str!("live-reload.js");

/// What every request handler shares.
struct Shared {
    /// The current snapshot, and the means to wait for the next one.
    snapshots: Arc<watch::Sender<Arc<Snapshot>>>,
    /// Set when listening on a loopback address: then only requests addressed to this
    /// computer by a local name are answered (see [`is_local_host`]).
    loopback_only: bool,
}

/// Serves until the process ends.
pub(super) async fn serve(
    listener: std::net::TcpListener,
    snapshots: Arc<watch::Sender<Arc<Snapshot>>>,
    loopback_only: bool,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let shared = Arc::new(Shared {
        snapshots,
        loopback_only,
    });
    axum::serve(listener, router(shared)).await
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(LIVE_RELOAD_PATH, get(live_reload))
        .route(SCRIPT_PATH, get(script))
        .fallback(site_file)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            check_host,
        ))
        .with_state(shared)
}

/// Refuses requests for other host names while listening on loopback. Otherwise a web
/// page from anywhere could point its own domain name at 127.0.0.1 (DNS rebinding)
/// and read the draft report, which may be under embargo.
async fn check_host(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(HOST).and_then(|h| h.to_str().ok());
    if shared.loopback_only && !host.is_some_and(is_local_host) {
        return (
            StatusCode::FORBIDDEN,
            "scorecard serve answers only requests for localhost or a loopback address\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// Whether a `Host` header names this computer: `localhost` (or a name under it, which
/// browsers never look up elsewhere) or a loopback address, with any port.
fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Upgrades to a WebSocket that names the current build on connection and after
/// every build. A page compares the name with its own and reloads if they differ, so
/// one that missed builds while disconnected catches up as soon as it reconnects.
///
/// A WebSocket rather than server-sent events: browsers keep at most six HTTP/1.1
/// connections to one server, and with one event stream held open per tab, a seventh
/// tab would wait forever to load. WebSockets do not count towards that limit.
async fn live_reload(State(shared): State<Arc<Shared>>, upgrade: WebSocketUpgrade) -> Response {
    let builds = shared.snapshots.subscribe();
    upgrade.on_upgrade(move |socket| announce_builds(socket, builds))
}

async fn announce_builds(mut socket: WebSocket, mut builds: watch::Receiver<Arc<Snapshot>>) {
    builds.mark_changed();
    loop {
        tokio::select! {
            // Builds that finish while a message is being sent collapse into the latest.
            changed = builds.changed() => {
                if changed.is_err() {
                    return;
                }
                let version = builds.borrow_and_update().version.clone();
                if socket.send(Message::Text(version.into())).await.is_err() {
                    return;
                }
            }
            // The page sends nothing; this notices it closing or going away.
            message = socket.recv() => {
                if matches!(message, None | Some(Err(_)) | Some(Ok(Message::Close(_)))) {
                    return;
                }
            }
        }
    }
}

async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        SCRIPT,
    )
        .into_response()
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(ALLOW, "GET, HEAD")]).into_response();
    }
    // Clone the `Arc` and let go of the lock at once: a build must never wait for a
    // slow client.
    let snapshot = Arc::clone(&shared.snapshots.borrow());
    respond(&snapshot, &uri)
}

/// What a request path names in the site.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    /// A file, by its path in the site.
    File(String),
    /// A folder named without its trailing slash: the browser must add it, or the
    /// page's relative links would point one level too high.
    AddSlash,
    NotFound,
}

fn resolve(files: &Files, request_path: &str) -> Resolved {
    let Ok(decoded) = percent_encoding::percent_decode_str(request_path).decode_utf8() else {
        return Resolved::NotFound;
    };
    let Some(path) = decoded.strip_prefix('/') else {
        return Resolved::NotFound;
    };
    // A lookup in the map could not escape the site anyway; refusing these outright
    // keeps it so even if files were ever served from disk.
    if path
        .split('/')
        .any(|segment| segment == ".." || segment == "." || segment.contains(['\\', '\0']))
    {
        return Resolved::NotFound;
    }
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return match files.contains_key(&index) {
            true => Resolved::File(index),
            false => Resolved::NotFound,
        };
    }
    if files.contains_key(path) {
        Resolved::File(path.to_string())
    } else if files.contains_key(&format!("{path}/index.html")) {
        Resolved::AddSlash
    } else {
        Resolved::NotFound
    }
}

fn respond(snapshot: &Snapshot, uri: &Uri) -> Response {
    let (status, path) = match resolve(&snapshot.files, uri.path()) {
        Resolved::AddSlash => {
            let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            let to = format!("{}/{query}", uri.path());
            return (StatusCode::TEMPORARY_REDIRECT, [(LOCATION, to)]).into_response();
        }
        Resolved::File(path) => (StatusCode::OK, path),
        Resolved::NotFound => (StatusCode::NOT_FOUND, "404.html".to_string()),
    };
    let content_type = content_type(&path);
    // While the input is broken every page shows the problems instead; styles, charts
    // and data files of the last good build are still served.
    if let Some(page) = &snapshot.error_page
        && (content_type.starts_with("text/html") || status == StatusCode::NOT_FOUND)
    {
        return file_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/html; charset=utf-8",
            page.clone(),
        );
    }
    match snapshot.file(&path) {
        Some(bytes) => file_response(status, &content_type, bytes),
        // A theme without a 404 page.
        None => file_response(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"Not found\n"),
        ),
    }
}

fn file_response(status: StatusCode, content_type: &str, bytes: Bytes) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(CONTENT_TYPE, value);
    }
    // The preview must always show the latest build, never a cached one.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// The content type for a file name; text is always UTF-8 in a built site.
fn content_type(path: &str) -> String {
    let guess = mime_guess::from_path(path).first_or_octet_stream();
    let is_text = guess.type_() == mime::TEXT
        || guess.subtype() == mime::JAVASCRIPT
        || guess.subtype() == mime::JSON;
    if is_text {
        format!("{}; charset=utf-8", guess.essence_str())
    } else {
        guess.essence_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        [
            "index.html",
            "404.html",
            "2015-12/index.html",
            "2015-12/report.json",
            "static/style.css",
        ]
        .into_iter()
        .map(|p| (p.to_string(), Bytes::new()))
        .collect()
    }

    #[test]
    fn paths_resolve_to_files_and_folders_to_their_index() {
        let files = files();
        let file = |p: &str| Resolved::File(p.to_string());
        assert_eq!(resolve(&files, "/"), file("index.html"));
        assert_eq!(resolve(&files, "/2015-12/"), file("2015-12/index.html"));
        assert_eq!(resolve(&files, "/2015-12"), Resolved::AddSlash);
        assert_eq!(
            resolve(&files, "/2015%2D12/report.json"),
            file("2015-12/report.json")
        );
        assert_eq!(resolve(&files, "/static/"), Resolved::NotFound);
        assert_eq!(resolve(&files, "/nothing"), Resolved::NotFound);
    }

    #[test]
    fn no_path_leaves_the_site() {
        let files = files();
        for path in [
            "/../index.html",
            "/2015-12/../index.html",
            "/%2e%2e/index.html",
            "/..%2findex.html",
            "/.%2e/%2e%2e/etc/passwd",
            "/static/..%5c..%5cindex.html",
            "//index.html",
            "/./index.html",
            "/index.html%00",
            "index.html",
            "/%ff",
        ] {
            assert_eq!(resolve(&files, path), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn only_local_host_names_count_as_local() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "report.localhost:1111",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "attacker.example:1111",
            "localhost.attacker.example",
            "192.168.1.10:1111",
            "[::2]:1111",
            "",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("a/report.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("a/report.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("static/logo.svg"), "image/svg+xml");
        assert_eq!(content_type("static/logo.png"), "image/png");
        assert_eq!(content_type("static/font"), "application/octet-stream");
    }
}
