//! Declarations and NDAs, referral links and recruitments.

use super::*;

#[tokio::test]
async fn declarations_and_ndas_are_signed_by_mentors_and_registered_by_coordinators() {
    let app = TestApp::spawn().await;
    let ingrid = app.token(INGRID).await;
    let declared = ok(
        &app,
        &ingrid,
        "mutation($i: CreateDriverConfidentialityDeclarationInput!) { createDriverConfidentialityDeclaration(input: $i) { id declarationVersion signatureMethod user { firstName } } }",
        json!({ "i": { "userId": user(INGRID), "declarationVersion": "2025-01", "signedAt": "2025-11-01T10:00:00Z", "signatureMethod": "IN_APP" } }),
    )
    .await;
    assert_eq!(
        declared["createDriverConfidentialityDeclaration"]["user"]["firstName"],
        "Ingrid"
    );
    let kari = app.token(KARI).await;
    let refused = app
        .gql(
            Some(&kari),
            "mutation($i: CreateDriverConfidentialityDeclarationInput!) { createDriverConfidentialityDeclaration(input: $i) { id } }",
            json!({ "i": { "userId": user(LARS), "declarationVersion": "2025-01", "signedAt": "2025-11-01T10:00:00Z", "signatureMethod": "PAPER" } }),
        )
        .await;
    assert_eq!(rule(&refused).2, "reference_in_scope");

    // Kari sends Ingrid an NDA; Ingrid signs it.
    let nda = ok(
        &app,
        &kari,
        "mutation($i: CreateNdaAgreementInput!) { createNdaAgreement(input: $i) { id status } }",
        json!({ "i": { "userId": user(INGRID), "documentTitle": "Taushetserklæring for likepersoner", "documentVersion": "2025" } }),
    )
    .await;
    assert_eq!(nda["createNdaAgreement"]["status"], "PENDING");
    let nda_id = nda["createNdaAgreement"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let signed = ok(
        &app,
        &ingrid,
        "mutation($id: UUID!) { updateNdaAgreement(id: $id, input: { status: SIGNED, signedAt: \"2020-11-02T18:30:00Z\", signatureMethod: BANKID }) { status signatureMethod } }",
        json!({ "id": nda_id }),
    )
    .await;
    assert_eq!(signed["updateNdaAgreement"]["signatureMethod"], "BANKID");
    let bad = app
        .gql(
            Some(&kari),
            "mutation($id: UUID!) { updateNdaAgreement(id: $id, input: { documentVersion: \" \" }) { id } }",
            json!({ "id": nda_id }),
        )
        .await;
    assert_eq!(
        rule(&bad),
        (
            "BAD_USER_INPUT".into(),
            "documentVersion".into(),
            "required_fields".into()
        )
    );
    let signed_in_oslo = walk_both_ways(
        &app,
        &kari,
        "ndaAgreements",
        ("NdaAgreementFilter", "NdaAgreementOrderBy"),
        json!({ "status": { "eq": "SIGNED" } }),
        json!({ "field": "SIGNED_AT", "direction": "DESC" }),
    )
    .await;
    assert_eq!(
        signed_in_oslo,
        vec![
            demo_id("nda_agreement", "nhf-ola").to_string(),
            nda_id.clone()
        ]
    );
    let admin = app.token(ADMIN).await;
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteNdaAgreement(id: $id) { id } }",
        json!({ "id": nda_id }),
    )
    .await;
    let gone = ok(
        &app,
        &ingrid,
        "query($id: UUID!) { ndaAgreement(id: $id) { id } }",
        json!({ "id": nda_id }),
    )
    .await;
    assert!(gone["ndaAgreement"].is_null());
}

#[tokio::test]
async fn mentors_manage_their_referral_links_and_read_their_recruitments() {
    let app = TestApp::spawn().await;
    let ingrid = app.token(INGRID).await;
    let created = ok(
        &app,
        &ingrid,
        "mutation($i: CreateReferralLinkInput!) { createReferralLink(input: $i) { id code channel isActive clickCount registrationCount user { firstName } } }",
        json!({ "i": { "code": "INGRID-OSL", "channel": "QR_CODE", "campaign": "Julemarked", "localAssociationId": demo_id("la", "oslo") } }),
    )
    .await;
    let row = &created["createReferralLink"];
    assert_eq!(row["user"]["firstName"], "Ingrid");
    assert_eq!(row["clickCount"], 0);
    let id = row["id"].as_str().unwrap().to_string();
    let bad = app
        .gql(
            Some(&ingrid),
            "mutation($i: CreateReferralLinkInput!) { createReferralLink(input: $i) { id } }",
            json!({ "i": { "code": "ingrid oslo" } }),
        )
        .await;
    assert_eq!(
        rule(&bad),
        (
            "BAD_USER_INPUT".into(),
            "code".into(),
            "referral_code_format".into()
        )
    );
    ok(
        &app,
        &ingrid,
        "mutation($id: UUID!) { updateReferralLink(id: $id, input: { isActive: false }) { isActive } }",
        json!({ "id": id }),
    )
    .await;
    let mine = ok(
        &app,
        &ingrid,
        "{ referralLinks { nodes { id } } }",
        json!({}),
    )
    .await;
    assert_eq!(ids(&mine["referralLinks"]), vec![id.clone()]);
    ok(
        &app,
        &ingrid,
        "mutation($id: UUID!) { deleteReferralLink(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &ingrid,
        "query($id: UUID!) { referralLink(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["referralLink"].is_null());

    // Ola's link and the referrals it brought; recruitments are read-only for mentors.
    let ola = app.token(OLA).await;
    let d = ok(
        &app,
        &ola,
        "query($id: UUID!) { referralLink(id: $id) { code recruitments { totalCount nodes { status recruitedUser { firstName } } } } }",
        json!({ "id": demo_id("referral_link", "OLA-NHF-2025") }),
    )
    .await;
    assert_eq!(d["referralLink"]["recruitments"]["totalCount"], 2, "{d}");
    let denied = app
        .gql(
            Some(&ola),
            "mutation($i: CreateMemberRecruitmentInput!) { createMemberRecruitment(input: $i) { id } }",
            json!({ "i": { "userId": user(OLA), "clickedAt": "2025-11-01T10:00:00Z" } }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
    let ingrid_sees = ok(
        &app,
        &ingrid,
        "{ memberRecruitments { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(ingrid_sees["memberRecruitments"]["totalCount"], 0);

    let admin = app.token(ADMIN).await;
    let rec = ok(
        &app,
        &admin,
        "mutation($i: CreateMemberRecruitmentInput!) { createMemberRecruitment(input: $i) { id status user { firstName } } }",
        json!({ "i": { "userId": user(LARS), "clickedAt": "2025-11-01T10:00:00Z", "channel": "SMS" } }),
    )
    .await;
    let rec_id = rec["createMemberRecruitment"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let clicks = walk_both_ways(
        &app,
        &admin,
        "memberRecruitments",
        ("MemberRecruitmentFilter", "MemberRecruitmentOrderBy"),
        json!({ "status": { "eq": "CLICKED" } }),
        json!({ "field": "CLICKED_AT" }),
    )
    .await;
    assert_eq!(
        sorted(clicks),
        sorted(vec![
            rec_id.clone(),
            demo_id("member_recruitment", "nhf-click").to_string()
        ])
    );
    let kari = app.token(KARI).await;
    let d = ok(
        &app,
        &kari,
        "{ memberRecruitments { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(
        d["memberRecruitments"]["totalCount"], 2,
        "Ola's two, not Lars's"
    );
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteMemberRecruitment(id: $id) { id } }",
        json!({ "id": rec_id }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { memberRecruitment(id: $id) { id } }",
        json!({ "id": rec_id }),
    )
    .await;
    assert!(gone["memberRecruitment"].is_null());
}
