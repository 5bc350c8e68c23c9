"""Respondent agencies carry where and to whom documents and notices are served (issue 9, Admin): an address, a
contact person, a phone (and an e-mail for the digest), through the API as through the admin pages."""


def test_the_api_records_and_shows_an_agencys_service_contact(api, make, office_team, db):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    as_admin = api(admin)
    made = as_admin.post("/api/v1/agencies", json={
        "name": "江州市东城区城市管理局", "level": "county", "field": "urban_management",
        "address": "东城区人民路8号", "contact_person": "王科长", "phone": "0571-87001234", "email": "cg@example.cn"})
    assert made.status_code == 201, made.json
    listed = {a["name"]: a for a in api(office_team["clerk"]).get("/api/v1/agencies").json}
    agency = listed["江州市东城区城市管理局"]
    assert (agency["address"], agency["contact_person"], agency["phone"], agency["email"]) == (
        "东城区人民路8号", "王科长", "0571-87001234", "cg@example.cn")


def test_a_bad_phone_is_refused_by_field(api, make, office_team, db):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    refused = api(admin).post("/api/v1/agencies", json={"name": "某区某局", "level": "county", "field": "other",
                                                        "phone": "12"})
    assert refused.status_code == 422 and "phone" in refused.json["errors"]["json"]
