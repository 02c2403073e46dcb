"""Nobody grants themselves (or anyone) more than they hold."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    """A 管理员 who is not a superuser."""
    return UserFactory(username="office-admin", role=Role.ADMINISTRATOR, is_staff=True)


def _change_data(client, user):
    form = client.get(reverse("admin:accounts_user_change", args=[user.pk])).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if name == "groups":
            data[name] = [g.pk for g in value] if value else []
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif hasattr(value, "hour"):  # split date and time widgets
            data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.strftime("%H:%M:%S")
        elif value is not None:
            data[name] = value
    data.pop("password", None)
    return data


def test_an_administrator_cannot_make_itself_a_superuser(client, administrator):
    client.force_login(administrator)
    data = {**_change_data(client, administrator), "is_superuser": "on"}
    client.post(reverse("admin:accounts_user_change", args=[administrator.pk]), data)
    administrator.refresh_from_db()
    assert not administrator.is_superuser


def test_an_administrator_cannot_give_a_role_with_permissions_it_lacks(client, administrator, unit):
    target = UserFactory(username="plain", unit=unit)
    client.force_login(administrator)
    archivists = Group.objects.get(name=Role.ARCHIVIST)  # may edit title aliases, which 管理员 may not
    data = {**_change_data(client, target), "groups": [archivists.pk]}
    response = client.post(reverse("admin:accounts_user_change", args=[target.pk]), data)
    assert response.status_code == 200  # the form comes back: not a valid choice
    assert not User.objects.get(pk=target.pk).groups.filter(name=Role.ARCHIVIST).exists()


def test_an_administrator_cannot_edit_an_account_holding_more_than_it_does(client, administrator, drafter):
    client.force_login(administrator)
    data = {"username": "drafter", "is_active": "", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    assert client.post(reverse("admin:accounts_user_change", args=[drafter.pk]), data).status_code == 403
    assert User.objects.get(pk=drafter.pk).is_active


def test_an_administrator_gives_only_roles_within_its_own_permissions(client, administrator, unit):
    target = UserFactory(username="new-expert", unit=unit)
    client.force_login(administrator)
    form = client.get(reverse("admin:accounts_user_change", args=[target.pk])).context["adminform"].form
    offered = {g.name for g in form.fields["groups"].queryset}
    assert Role.EXPERT in offered and Role.ADMINISTRATOR in offered
    assert Role.ARCHIVIST not in offered and Role.DRAFTER not in offered  # they hold what 管理员 does not
    experts = Group.objects.get(name=Role.EXPERT)
    data = {**_change_data(client, target), "groups": [experts.pk]}
    response = client.post(reverse("admin:accounts_user_change", args=[target.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert target.groups.filter(name=Role.EXPERT).exists()


def test_an_administrator_cannot_edit_or_reset_a_superuser(client, administrator):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(administrator)
    data = {"username": "root", "is_superuser": "on", "is_staff": "on", "is_active": "on"}
    assert client.post(reverse("admin:accounts_user_change", args=[root.pk]), data).status_code == 403
    password = f"/admin/accounts/user/{root.pk}/password/"
    response = client.post(password, {"password1": "Takeover-2026!", "password2": "Takeover-2026!"})
    assert response.status_code in (302, 403, 404)
    root.refresh_from_db()
    assert not root.check_password("Takeover-2026!")


def test_roles_are_changed_by_superusers_only(client, administrator):
    client.force_login(administrator)
    group = Group.objects.get(name=Role.ADMINISTRATOR)
    assert client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code in (302, 403)
