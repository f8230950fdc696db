//! GraphQL subscriptions over WebSocket (issue 6): `notificationAdded` at `/graphql/ws` with the
//! graphql-transport-ws protocol, authenticated by the access token in `connection_init`, fed by
//! notifications that other requests (over HTTP) write.

use crate::common;

use std::time::Duration;

use async_graphql::futures_util::{SinkExt, StreamExt};
use chrono::Utc;
use common::{TestApp, demo_id};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream,
    tungstenite::{Message, client::IntoClientRequest, http::HeaderValue},
};
use uuid::Uuid;

pub(crate) type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const NHF_COORDINATOR: &str = "nhf.coordinator@meander.dev"; // Oslo, Bærum
const MENTOR: &str = "nhf.mentor@meander.dev"; // Oslo (also HLF)
const MENTOR2: &str = "nhf.mentor2@meander.dev"; // Oslo
const BLIND_COORDINATOR: &str = "blind.coordinator@meander.dev";
const BLIND_MENTOR: &str = "blind.mentor@meander.dev"; // Trondheim

const NOTIFICATION_ADDED: &str = "subscription($c: NotificationCategory) { notificationAdded(category: $c) { id userId category title body relatedEntityType relatedEntityId } }";
const REGISTER: &str = "mutation($i: RegisterActivityInput!) { registerActivity(input: $i) { activity { id status } } }";
pub(crate) const APPROVE: &str =
    "mutation($id: UUID!) { approveActivity(id: $id) { activity { id status } } }";
const REJECT: &str = "mutation($id: UUID!) { rejectActivity(id: $id) { id status } }";
const DISPATCH: &str = "mutation($i: DispatchAssignmentInput!) { dispatchAssignment(input: $i) { assignment { id } } }";

/// Long enough for a loaded CI machine, short of hanging the suite.
const WAIT: Duration = Duration::from_secs(10);

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

pub(crate) async fn login(app: &TestApp, email: &str, org: &str) -> String {
    app.login_payload(email, Some(demo_id("org", org))).await["accessToken"]
        .as_str()
        .unwrap()
        .to_string()
}

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

/// Opens `/graphql/ws` offering graphql-transport-ws.
pub(crate) async fn connect(app: &TestApp) -> Ws {
    let url = format!("{}/graphql/ws", app.base.replacen("http://", "ws://", 1));
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (ws, response) = tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket upgrade");
    assert_eq!(
        response.headers()["sec-websocket-protocol"],
        "graphql-transport-ws"
    );
    ws
}

/// The next text or close message (pings and pongs skipped), failing after [`WAIT`].
async fn next(ws: &mut Ws) -> Message {
    loop {
        let msg = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("no message in time")
            .expect("socket ended")
            .expect("socket error");
        if matches!(msg, Message::Text(_) | Message::Close(_)) {
            return msg;
        }
    }
}

pub(crate) async fn next_json(ws: &mut Ws) -> Value {
    match next(ws).await {
        Message::Text(t) => serde_json::from_str(t.as_str()).unwrap(),
        other => panic!("expected a text message, got {other:?}"),
    }
}

pub(crate) async fn send(ws: &mut Ws, msg: Value) {
    ws.send(Message::Text(msg.to_string().into()))
        .await
        .unwrap();
}

/// Connects and sends `connection_init` with `payload`; returns the server's answer.
pub(crate) async fn init(app: &TestApp, payload: Value) -> (Ws, Message) {
    let mut ws = connect(app).await;
    send(
        &mut ws,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    let answer = next(&mut ws).await;
    (ws, answer)
}

/// A signed-in connection (acknowledged) with one `notificationAdded` subscription, id "1".
pub(crate) async fn subscribed(app: &TestApp, token: &str, category: Option<&str>) -> Ws {
    let (mut ws, answer) = init(app, json!({ "authorization": format!("Bearer {token}") })).await;
    match answer {
        Message::Text(t) => assert_eq!(
            serde_json::from_str::<Value>(t.as_str()).unwrap()["type"],
            "connection_ack"
        ),
        other => panic!("connection_init refused: {other:?}"),
    }
    send(
        &mut ws,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": NOTIFICATION_ADDED, "variables": { "c": category } } }),
    )
    .await;
    ws
}

/// The next `notificationAdded` of subscription "1".
pub(crate) async fn next_notification(ws: &mut Ws) -> Value {
    let msg = next_json(ws).await;
    assert_eq!(msg["type"], "next", "{msg}");
    assert_eq!(msg["id"], "1", "{msg}");
    assert!(msg["payload"]["errors"].is_null(), "{msg}");
    msg["payload"]["data"]["notificationAdded"].clone()
}

/// `mentor` registers an administrative activity of NHF (pending review); returns its id.
pub(crate) async fn pending_activity(app: &TestApp, mentor_token: &str) -> String {
    let body = app
        .gql(
            Some(mentor_token),
            REGISTER,
            json!({ "i": {
                "activityTypeId": demo_id("activity_type", "nhf:admin_work"),
                "activityDate": (app.now() - chrono::Duration::hours(2)).to_rfc3339(),
            } }),
        )
        .await;
    let activity = &ok(&body)["registerActivity"]["activity"];
    assert_eq!(activity["status"], "PENDING_REVIEW", "{body}");
    activity["id"].as_str().unwrap().to_string()
}

/// The token's claims, re-signed with the test secret after `change`.
fn resigned(app: &TestApp, token: &str, change: impl FnOnce(&mut Value)) -> String {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    let mut claims: Value = serde_json::from_slice(&bytes).unwrap();
    change(&mut claims);
    let key =
        jsonwebtoken::EncodingKey::from_secret(app.settings.auth.jwt_secret.expose().as_bytes());
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &key,
    )
    .unwrap()
}

fn acked(msg: &Message) -> bool {
    matches!(msg, Message::Text(t) if t.as_str().contains("connection_ack"))
}

fn close_code(msg: &Message) -> (u16, String) {
    match msg {
        Message::Close(Some(frame)) => (u16::from(frame.code), frame.reason.to_string()),
        other => panic!("expected a close frame, got {other:?}"),
    }
}

#[tokio::test]
async fn an_approval_made_over_http_reaches_the_mentors_subscription_at_once() {
    // A poll longer than the wait: only the same-instance wake-up can deliver in time.
    let app = TestApp::spawn_with(|s| s.subscriptions.poll_interval_ms = 600_000).await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let approved = pending_activity(&app, &mentor).await;
    let rejected = pending_activity(&app, &mentor).await;
    let mut ws = subscribed(&app, &mentor, None).await;

    ok(&app
        .gql(Some(&coordinator), APPROVE, json!({ "id": approved }))
        .await);
    let n = next_notification(&mut ws).await;
    assert_eq!(n["userId"], json!(user(MENTOR)));
    assert_eq!(n["category"], "ACTIVITY");
    // NHF's own template for decisions (`notification_templates.rs`).
    assert_eq!(n["title"], "Aktiviteten din er behandlet");
    assert!(n["body"].as_str().unwrap().ends_with("er godkjent."), "{n}");
    assert_eq!(n["relatedEntityType"], "activities");
    assert_eq!(n["relatedEntityId"], json!(approved));

    ok(&app
        .gql(Some(&coordinator), REJECT, json!({ "id": rejected }))
        .await);
    let n = next_notification(&mut ws).await;
    assert!(n["body"].as_str().unwrap().ends_with("er avvist."), "{n}");
    assert_eq!(n["relatedEntityId"], json!(rejected));

    // Each decision wrote exactly one row for the mentor, in the decision's transaction.
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    for id in [&approved, &rejected] {
        let rows = entity::notifications::Entity::find()
            .filter(entity::notifications::Column::UserId.eq(user(MENTOR)))
            .filter(entity::notifications::Column::RelatedEntityId.eq(id.parse::<Uuid>().unwrap()))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }
}

#[tokio::test]
async fn a_dispatched_assignment_reaches_its_recipients_subscription() {
    let app = TestApp::spawn_with(|s| s.subscriptions.poll_interval_ms = 600_000).await;
    let mentor = login(&app, BLIND_MENTOR, "blindeforbundet").await;
    let coordinator = app.token(BLIND_COORDINATOR).await;
    // Filtered on assignments: nothing else is sent to this subscription.
    let mut ws = subscribed(&app, &mentor, Some("ASSIGNMENT")).await;
    let body = app
        .gql(
            Some(&coordinator),
            DISPATCH,
            json!({ "i": {
                "localAssociationId": demo_id("la", "trondheim"),
                "peerMentorId": user(BLIND_MENTOR),
                "title": "Hjemmebesøk, Lademoen",
                "ciphertext": "q2F0YWxvZy1vZi1jaXBoZXJ0ZXh0LW9ubHk=",
                "keyReference": "mentor-key:blind.mentor@meander.dev:v1",
                "encryptionScheme": "x25519-xsalsa20-poly1305",
                "priority": "HIGH",
            } }),
        )
        .await;
    let assignment = ok(&body)["dispatchAssignment"]["assignment"]["id"].clone();
    let n = next_notification(&mut ws).await;
    assert_eq!(n["category"], "ASSIGNMENT");
    // Blindeforbundet's template, naming the coordinator and never the assignment.
    assert_eq!(n["title"], "Du har fått et nytt oppdrag");
    assert!(!n["body"].as_str().unwrap().contains("Lademoen"), "{n}");
    assert_eq!(n["relatedEntityId"], assignment);
    assert_eq!(n["userId"], json!(user(BLIND_MENTOR)));
}

#[tokio::test]
async fn another_users_notification_is_not_sent_to_this_subscriber() {
    let app = TestApp::spawn_with(|s| s.subscriptions.poll_interval_ms = 200).await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let mentor2 = login(&app, MENTOR2, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let theirs = pending_activity(&app, &mentor2).await;
    let mine = pending_activity(&app, &mentor).await;
    let mut ws = subscribed(&app, &mentor, None).await;
    let mut ws2 = subscribed(&app, &mentor2, None).await;

    ok(&app
        .gql(Some(&coordinator), APPROVE, json!({ "id": theirs }))
        .await);
    // The other mentor's subscription has it: it was written and delivered.
    let n = next_notification(&mut ws2).await;
    assert_eq!(n["relatedEntityId"], json!(theirs));
    // Several polls pass before this subscriber's own notification is written.
    tokio::time::sleep(Duration::from_millis(600)).await;
    ok(&app
        .gql(Some(&coordinator), APPROVE, json!({ "id": mine }))
        .await);
    let n = next_notification(&mut ws).await;
    assert_eq!(n["relatedEntityId"], json!(mine));
    assert_eq!(n["userId"], json!(user(MENTOR)));
}

#[tokio::test]
async fn rows_written_by_another_instance_arrive_by_polling() {
    let app = TestApp::spawn_with(|s| s.subscriptions.poll_interval_ms = 200).await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let mut ws = subscribed(&app, &mentor, None).await;
    // Written straight to the database, as another replica would: no wake-up on this instance.
    let now = app.now();
    let id = Uuid::now_v7();
    entity::notifications::ActiveModel {
        id: Set(id),
        organization_id: Set(demo_id("org", "nhf")),
        user_id: Set(user(MENTOR)),
        scenario_id: Set(None),
        channel: Set(entity::notifications::NotificationChannel::InApp),
        category: Set(entity::notifications::NotificationCategory::System),
        title: Set("From another replica".into()),
        body: Set("Written elsewhere".into()),
        related_entity_type: Set(None),
        related_entity_id: Set(None),
        data: Set(json!({})),
        status: Set(entity::notifications::NotificationStatus::Pending),
        sent_at: Set(None),
        delivered_at: Set(None),
        read_at: Set(None),
        failure_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        created_by_id: Set(None),
        updated_by_id: Set(None),
        deleted_at: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let n = next_notification(&mut ws).await;
    assert_eq!(n["id"], json!(id));
    assert_eq!(n["title"], "From another replica");
}

#[tokio::test]
async fn subscribing_without_a_token_answers_unauthenticated_and_no_data() {
    let app = TestApp::spawn().await;
    let (mut ws, answer) = init(&app, json!({})).await;
    match answer {
        Message::Text(t) => assert!(t.as_str().contains("connection_ack"), "{t}"),
        other => panic!("{other:?}"),
    }
    send(
        &mut ws,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": NOTIFICATION_ADDED } }),
    )
    .await;
    let msg = next_json(&mut ws).await;
    assert_eq!(msg["type"], "next", "{msg}");
    assert!(msg["payload"]["data"].is_null(), "{msg}");
    assert_eq!(
        msg["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{msg}"
    );
    let msg = next_json(&mut ws).await;
    assert_eq!(msg, json!({ "type": "complete", "id": "1" }));
}

#[tokio::test]
async fn bad_expired_or_revoked_tokens_are_refused_at_connection_init() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    // Tampered signature.
    let mut forged = mentor.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    // The same claims re-signed are accepted (the helper makes valid tokens) ...
    let copy = resigned(&app, &mentor, |_| {});
    assert!(acked(&init(&app, json!({ "token": copy })).await.1));
    // ... and refused once expired (beyond the leeway).
    let expired = resigned(&app, &mentor, |c| {
        c["exp"] = json!(Utc::now().timestamp() - 3600);
        c["iat"] = json!(Utc::now().timestamp() - 7200);
        c["nbf"] = json!(Utc::now().timestamp() - 7200);
    });
    for payload in [
        json!({ "authorization": "Bearer not-a-token" }),
        json!({ "token": forged }),
        json!({ "authorization": format!("Bearer {expired}") }),
    ] {
        let (_, answer) = init(&app, payload.clone()).await;
        let (code, reason) = close_code(&answer);
        assert_eq!(code, 4403, "{payload}");
        assert!(reason.starts_with("UNAUTHENTICATED"), "{reason}");
    }
    // Revoked session: the same token that worked before logout is refused afterwards.
    let (_, answer) = init(&app, json!({ "token": mentor })).await;
    assert!(acked(&answer));
    let body = app
        .gql(Some(&mentor), "mutation { logout }", json!({}))
        .await;
    ok(&body);
    let (_, answer) = init(&app, json!({ "authorization": format!("Bearer {mentor}") })).await;
    let (code, reason) = close_code(&answer);
    assert_eq!(code, 4403);
    assert!(reason.starts_with("UNAUTHENTICATED"), "{reason}");
}

#[tokio::test]
async fn queries_and_mutations_are_refused_over_the_websocket() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let (mut ws, _) = init(&app, json!({ "token": mentor })).await;
    for (id, query) in [
        ("q", "{ viewer { id } }"),
        (
            "m",
            "mutation { login(input: { email: \"nhf.mentor@meander.dev\", password: \"x\" }) { accessToken } }",
        ),
    ] {
        send(
            &mut ws,
            json!({ "id": id, "type": "subscribe", "payload": { "query": query } }),
        )
        .await;
        let msg = next_json(&mut ws).await;
        assert_eq!(msg["id"], id, "{msg}");
        assert!(msg["payload"]["data"].is_null(), "{msg}");
        assert_eq!(
            msg["payload"]["errors"][0]["extensions"]["code"], "BAD_REQUEST",
            "{msg}"
        );
        assert_eq!(next_json(&mut ws).await["type"], "complete");
    }
}

#[tokio::test]
async fn only_the_graphql_transport_ws_protocol_is_spoken() {
    let app = TestApp::spawn().await;
    let url = format!("{}/graphql/ws", app.base.replacen("http://", "ws://", 1));
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("graphql-ws"),
    );
    let err = tokio_tungstenite::connect_async(request)
        .await
        .expect_err("the legacy protocol is refused");
    match err {
        tokio_tungstenite::tungstenite::Error::Http(resp) => {
            assert_eq!(resp.status(), 400)
        }
        other => panic!("{other:?}"),
    }
}
