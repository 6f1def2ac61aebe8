"""Agency access in Wagtail's user screens (Settings > Users): granted and taken away with the
user's other details, each change audited; a user manager who is not a superuser grants only
their own agencies and never touches the others'."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from tests.conftest import DEMO_PASSWORD
from tests.factories import UserFactory, demo_site, make_agency
from website.models import AgencyMembership, AuditEvent

pytestmark = pytest.mark.django_db
USERS = "/admin/users/"
User = get_user_model()


@pytest.fixture
def north():
    return make_agency()


@pytest.fixture
def admin(client):
    user = UserFactory(username="chief", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def user_manager(*agencies):
    """Not a superuser: may add and change users (Wagtail's user permissions), of ``agencies``."""
    user = UserFactory(agencies=list(agencies))
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__in=["add_user", "change_user"]),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    return user


def new_user_data(**extra):
    return {
        "username": "new-officer",
        "email": "new-officer@police.example",
        "first_name": "Noor",
        "last_name": "Officer",
        "password1": DEMO_PASSWORD,
        "password2": DEMO_PASSWORD,
        "groups": [Group.objects.get(name="Reviewers").pk],
        **extra,
    }


def edit_data(user, **extra):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
        **extra,
    }


def agencies_of(user):
    return set(AgencyMembership.objects.filter(user=user).values_list("site", flat=True))


def membership_events(user):
    return list(
        AuditEvent.objects.about(user)
        .filter(action__in=[AuditEvent.Action.MEMBERSHIP_ADDED, AuditEvent.Action.MEMBERSHIP_REMOVED])
        .values_list("action", "site", "user", "detail")
    )


def test_a_new_user_is_given_their_agency_and_role(client, admin, north):
    form = client.get(f"{USERS}new/").context["form"]
    assert set(form.fields["agencies"].queryset) >= {demo_site(), north}
    response = client.post(f"{USERS}new/", new_user_data(agencies=[north.pk]))
    assert response.status_code == 302
    officer = User.objects.get(username="new-officer")
    assert agencies_of(officer) == {north.pk}
    assert officer.has_perm("workflows.review_report")
    assert membership_events(officer) == [
        ("member_added", north.pk, admin.pk, f"new-officer now works for {north.site_name}")
    ]


def test_the_edit_form_ticks_the_users_agencies_and_saves_a_change(client, admin, north):
    officer = UserFactory(role="reviewer", agencies=[demo_site()])
    form = client.get(f"{USERS}edit/{officer.pk}/").context["form"]
    assert list(form["agencies"].initial) == [demo_site().pk]
    response = client.post(f"{USERS}edit/{officer.pk}/", edit_data(officer, agencies=[north.pk]))
    assert response.status_code == 302
    assert agencies_of(officer) == {north.pk}
    demo_name = demo_site().site_name
    assert sorted(membership_events(officer)) == [
        ("member_added", north.pk, admin.pk, f"{officer.username} now works for {north.site_name}"),
        ("member_removed", demo_site().pk, admin.pk, f"{officer.username} no longer works for {demo_name}"),
    ]


def test_saving_without_a_change_records_nothing(client, admin):
    officer = UserFactory(role="reviewer", agencies=[demo_site()])
    client.post(f"{USERS}edit/{officer.pk}/", edit_data(officer, agencies=[demo_site().pk]))
    assert agencies_of(officer) == {demo_site().pk}
    assert membership_events(officer) == []


def test_a_user_manager_grants_only_their_own_agencies(client, north):
    manager = user_manager(north)
    client.force_login(manager)
    form = client.get(f"{USERS}new/").context["form"]
    assert list(form.fields["agencies"].queryset) == [north]
    response = client.post(f"{USERS}new/", new_user_data(agencies=[demo_site().pk]))
    assert response.status_code == 200  # not a valid choice: the form says so
    assert "agencies" in response.context["form"].errors
    assert not User.objects.filter(username="new-officer").exists()


def test_a_user_manager_leaves_other_agencies_memberships_alone(client, north):
    officer = UserFactory(role="reviewer", agencies=[demo_site(), north])
    manager = user_manager(north)
    client.force_login(manager)
    form = client.get(f"{USERS}edit/{officer.pk}/").context["form"]
    assert list(form["agencies"].initial) == [north.pk]  # the demo agency is not theirs to show
    response = client.post(f"{USERS}edit/{officer.pk}/", edit_data(officer, agencies=[]))
    assert response.status_code == 302
    assert agencies_of(officer) == {demo_site().pk}  # only north was theirs to take away
    assert [(action, site) for action, site, *_ in membership_events(officer)] == [("member_removed", north.pk)]


def test_the_user_listing_shows_each_users_agencies(client, admin, north):
    UserFactory(username="two-agencies", agencies=[demo_site(), north])
    response = client.get(USERS, {"q": "two-agencies"})
    html = response.content.decode()
    assert north.site_name in html and demo_site().site_name in html


def test_a_user_manager_lists_and_changes_only_their_agencies_staff(client, north):
    south = demo_site()
    manager = user_manager(south)
    manager.user_permissions.add(
        Permission.objects.get(content_type__app_label="auth", codename="delete_user"),
    )
    mine = UserFactory(username="south_officer", role="reviewer", agencies=[south])
    theirs = UserFactory(username="north_officer", role="reviewer", agencies=[north])
    newcomer = UserFactory(username="no_agency_yet")
    chief = UserFactory(username="the_chief", is_superuser=True)
    client.force_login(manager)
    listing = client.get(USERS).content.decode()
    assert "south_officer" in listing and "no_agency_yet" in listing
    assert "north_officer" not in listing and "the_chief" not in listing
    for account in (theirs, chief):
        for view in ("edit", "delete", "history"):
            url = f"{USERS}{view}/{account.pk}/"
            assert client.get(url).status_code == 404, url
        assert client.post(f"{USERS}delete/{account.pk}/").status_code == 404
        assert client.post(f"{USERS}edit/{account.pk}/", {"username": "taken_over"}).status_code == 404
    assert User.objects.filter(pk__in=[theirs.pk, chief.pk]).count() == 2
    assert not User.objects.filter(username="taken_over").exists()
    for account in (mine, newcomer):
        for view in ("edit", "delete", "history"):
            assert client.get(f"{USERS}{view}/{account.pk}/").status_code == 200, (view, account)


def test_bulk_actions_on_users_only_for_accounts_one_manages(client, north):
    south = demo_site()
    manager = user_manager(south)
    theirs = UserFactory(username="north_officer", role="reviewer", agencies=[north])
    mine = UserFactory(username="south_officer", role="reviewer", agencies=[south])
    client.force_login(manager)
    url = "/admin/bulk/auth/user/set_active_state/"
    response = client.post(f"{url}?id={theirs.pk}&id={mine.pk}", {"mark_as_active": "False"}, follow=True)
    assert "Sorry, you do not have permission" in response.content.decode()
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.is_active and mine.is_active
    response = client.post(f"{url}?id={mine.pk}", {"mark_as_active": "False"})
    mine.refresh_from_db()
    assert not mine.is_active
