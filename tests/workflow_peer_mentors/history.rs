//! Availability history, matching, jobs and concurrency of the peer mentor lifecycle.

use super::*;

#[tokio::test]
async fn every_status_change_writes_peer_mentor_availability() {
    let app = TestApp::spawn().await;
    let ola = profile("nhf-ola");
    let mentor = app.token(OLA).await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    let resume_at = app.now() + Duration::days(14);
    let body = app
        .gql(
            Some(&mentor),
            PAUSE,
            json!({ "i": { "profileId": ola, "pauseReason": "Ferie", "resumeAt": resume_at } }),
        )
        .await;
    ok(&body);
    ok(&app
        .gql(Some(&coordinator), RESUME, json!({ "id": ola }))
        .await);
    ok(&app
        .gql(
            Some(&coordinator),
            DEACTIVATE,
            json!({ "i": { "profileId": ola, "reason": "Flyttet" } }),
        )
        .await);
    use availability::PeerMentorAvailabilitySource as Src;
    use profiles::PeerMentorStatus as S;
    let rows = history(&app, ola).await;
    let changes: Vec<_> = rows[1..]
        .iter()
        .map(|r| (r.previous_status, r.status, r.source, r.reason.clone()))
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                Some(S::Active),
                S::Paused,
                Src::Mentor,
                Some("Ferie".into())
            ),
            (Some(S::Paused), S::Active, Src::Coordinator, None),
            (
                Some(S::Active),
                S::Inactive,
                Src::Coordinator,
                Some("Flyttet".into())
            ),
        ]
    );
    assert_eq!(
        rows[1].effective_until.map(|t| t.timestamp()),
        Some(resume_at.timestamp())
    );
    assert_eq!(rows[1].created_by_id, Some(user(OLA)));
    assert_eq!(rows[1].organization_id, demo_id("org", "nhf"));
}

#[tokio::test]
async fn match_peer_mentors_in_scope_nearest_first() {
    let app = TestApp::spawn().await;
    place_ingrid(&app).await;
    edit(&app, profile("nhf-ingrid"), |p| {
        p.status = Set(profiles::PeerMentorStatus::Active);
    })
    .await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    let oslo = json!({ "lat": 59.9139, "lng": 10.7522 });
    let near = |radius: f64| {
        let mut n = oslo.clone();
        n["radiusKm"] = json!(radius);
        n
    };

    let body = app
        .gql(
            Some(&coordinator),
            MATCH,
            json!({ "f": { "near": near(30.0) } }),
        )
        .await;
    ok(&body);
    let found = body["data"]["matchPeerMentors"].as_array().unwrap();
    assert_eq!(found.len(), 2, "{body}");
    assert_eq!(found[0]["profile"]["id"], json!(profile("nhf-ola")));
    assert_eq!(found[1]["profile"]["id"], json!(profile("nhf-ingrid")));
    let (d0, d1) = (
        found[0]["distanceKm"].as_f64().unwrap(),
        found[1]["distanceKm"].as_f64().unwrap(),
    );
    assert!(d0 < 2.0 && (10.0..16.0).contains(&d1), "{d0} {d1}");

    let body = app
        .gql(
            Some(&coordinator),
            MATCH,
            json!({ "f": { "near": near(5.0) } }),
        )
        .await;
    assert_eq!(
        body["data"]["matchPeerMentors"].as_array().unwrap().len(),
        1
    );
    let body = app
        .gql(
            Some(&coordinator),
            MATCH,
            json!({ "f": { "specializations": ["mobility_impairment"], "near": near(30.0) } }),
        )
        .await;
    let found = body["data"]["matchPeerMentors"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{body}");
    assert_eq!(found[0]["profile"]["id"], json!(profile("nhf-ingrid")));
    assert_eq!(
        found[0]["matchedSpecializations"],
        json!(["mobility_impairment"])
    );

    // Scope: the Bergen coordinator sees neither; the org admin sees both; other orgs none.
    let bergen = app.token(NHF_BERGEN_COORDINATOR).await;
    let body = app.gql(Some(&bergen), MATCH, json!({})).await;
    assert_eq!(body["data"]["matchPeerMentors"], json!([]), "{body}");
    let admin = app.token(NHF_ADMIN).await;
    let body = app.gql(Some(&admin), MATCH, json!({})).await;
    assert_eq!(
        body["data"]["matchPeerMentors"].as_array().unwrap().len(),
        2
    );
    let blind = app.token("blind.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&blind),
            MATCH,
            json!({ "f": { "near": near(1000.0) } }),
        )
        .await;
    let ids: Vec<_> = body["data"]["matchPeerMentors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["profile"]["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(profile("blind-anne"))], "{body}");

    // Mentors do not match mentors; nonsense radii are refused.
    let mentor = app.token(OLA).await;
    let body = app.gql(Some(&mentor), MATCH, json!({})).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&coordinator),
            MATCH,
            json!({ "f": { "near": near(-1.0) } }),
        )
        .await;
    assert_eq!(rule(&body), ("near.radiusKm", "radius_range"), "{body}");
}

#[tokio::test]
async fn certification_drives_profile_a_renewed_certification_lets_the_auto_paused_mentor_resume() {
    let app = TestApp::spawn().await;
    let ola = profile("nhf-ola");
    expire_certification(&app, ola, app.now() - Duration::hours(1)).await;
    jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(
        load(&app, ola).await.status,
        profiles::PeerMentorStatus::AutoPaused
    );

    // The coordinator records the renewed certification: the profile follows it, and Ola can
    // resume.
    let admin = app.token(NHF_ADMIN).await;
    let today = app.now().date_naive();
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateCertificationInput!) { createCertification(input: $i) { id } }",
            json!({ "i": {
                "userId": user(OLA),
                "name": "Likepersonsertifisering (fornyet)",
                "issuedOn": today,
                "expiresOn": today + Duration::days(730),
            } }),
        )
        .await;
    ok(&body);
    let mentor = app.token(OLA).await;
    let body = app.gql(Some(&mentor), RESUME, json!({ "id": ola })).await;
    ok(&body);
    assert_eq!(
        body["data"]["resumePeerMentor"]["profile"]["status"],
        "ACTIVE"
    );
    let p = load(&app, ola).await;
    assert_eq!(
        p.certification_status,
        profiles::PeerMentorCertificationStatus::Valid
    );
    // Valid until the end of the certificate's last day, where the organization is.
    let last_day = p.certification_expiry_date.map(|d| {
        (d - Duration::seconds(1))
            .with_timezone(&chrono_tz::Europe::Oslo)
            .date_naive()
    });
    assert_eq!(last_day, Some(today + Duration::days(730)));

    // A renewal recorded before the job runs keeps the mentor from being paused at all.
    let ingrid = profile("nhf-ingrid");
    edit(&app, ingrid, |p| {
        p.status = Set(profiles::PeerMentorStatus::Active);
        p.certification_status = Set(profiles::PeerMentorCertificationStatus::Valid);
        p.certification_expiry_date = Set(Some(app.now() - Duration::minutes(1)));
    })
    .await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateCertificationInput!) { createCertification(input: $i) { id } }",
            json!({ "i": {
                "userId": user(INGRID),
                "name": "Likepersonsertifisering",
                "issuedOn": today,
                "expiresOn": today + Duration::days(365),
            } }),
        )
        .await;
    ok(&body);
    let run = jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(run.auto_paused, 0, "{run}");
    let p = load(&app, ingrid).await;
    assert_eq!(p.status, profiles::PeerMentorStatus::Active);
    assert!(p.certification_expiry_date > Some(app.now()));
}

#[tokio::test]
async fn jobs_run_command_is_idempotent() {
    let app = TestApp::spawn().await;
    expire_certification(&app, profile("nhf-ola"), app.now() - Duration::hours(2)).await;
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_meander-gateway"))
            .args([
                "--database-url",
                app.settings.database.url.expose(),
                "jobs",
                "run",
            ])
            .env("MEANDER_PROFILE", "test")
            .output()
            .expect("run meander-gateway jobs run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run();
    assert!(first.contains("auto-paused 1,"), "{first}");
    assert_eq!(
        load(&app, profile("nhf-ola")).await.status,
        profiles::PeerMentorStatus::AutoPaused
    );
    let second = run();
    assert_eq!(
        second.trim(),
        "auto-paused 0, auto-resumed 0, counting periods reset 0, certifications expiring soon 0, certification reminders sent 0"
    );
    assert_eq!(history(&app, profile("nhf-ola")).await.len(), 2);
}

#[tokio::test]
async fn scheduled_jobs_run_inside_the_server() {
    let app = TestApp::spawn_with(|s| {
        s.jobs.enabled = true;
        s.jobs.interval_seconds = 1;
    })
    .await;
    let ingrid = profile("nhf-ingrid");
    // A scheduled resume that is due, and an expired certification.
    edit(&app, ingrid, |p| {
        p.resume_at = Set(Some(app.now() - Duration::minutes(1)));
    })
    .await;
    expire_certification(&app, profile("nhf-ola"), app.now() - Duration::minutes(1)).await;
    let mut done = false;
    for _ in 0..100 {
        let ola = load(&app, profile("nhf-ola")).await.status;
        let ing = load(&app, ingrid).await.status;
        if ola == profiles::PeerMentorStatus::AutoPaused
            && ing == profiles::PeerMentorStatus::Active
        {
            done = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(done, "the scheduled task did not run the jobs");
    let last = history(&app, ingrid).await.pop().unwrap();
    assert_eq!(
        last.source,
        availability::PeerMentorAvailabilitySource::ScheduledResume
    );
    // Later ticks change nothing more.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(history(&app, ingrid).await.len(), 3);
    assert_eq!(history(&app, profile("nhf-ola")).await.len(), 2);
}

#[tokio::test]
async fn concurrent_pauses_change_the_status_exactly_once() {
    let app = TestApp::spawn().await;
    let ola = profile("nhf-ola");
    let tokens = [
        app.token(OLA).await,
        app.token(NHF_COORDINATOR).await,
        app.token(NHF_ADMIN).await,
    ];
    let bodies = futures_join(
        (0..6)
            .map(|i| pause(&app, &tokens[i % 3], ola, Some("Samtidig")))
            .collect(),
    )
    .await;
    let ok_count = bodies.iter().filter(|b| b["errors"].is_null()).count();
    assert_eq!(ok_count, 1, "{bodies:#?}");
    for b in bodies.iter().filter(|b| !b["errors"].is_null()) {
        assert_eq!(rule(b), ("status", "status_transition_guard"), "{b}");
    }
    let paused = history(&app, ola)
        .await
        .into_iter()
        .filter(|r| r.status == profiles::PeerMentorStatus::Paused)
        .count();
    assert_eq!(paused, 1);
    assert_eq!(
        notifications_of(&app, user(NHF_COORDINATOR), ola)
            .await
            .len(),
        1
    );
}

/// Polls all futures concurrently (like `futures::future::join_all`, without the dependency).
async fn futures_join<F: std::future::Future<Output = Value>>(futs: Vec<F>) -> Vec<Value> {
    let handles: Vec<_> = futs.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<Value>> = vec![None; handles.len()];
    let mut handles: Vec<_> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, slot) in handles.iter_mut().enumerate() {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        results[i] = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.into_iter().map(Option::unwrap).collect()
}
