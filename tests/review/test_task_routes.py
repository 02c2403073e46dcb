"""The flow's task routes: only start and execute exist, and each execute route checks that the task is of
the node and the process in its URL and that the user's role and unit fit the task."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from viewflow.workflow.status import STATUS

from filings.models import Document
from review.flows import DocumentReviewFlow
from review.models import Deliberation, ReviewEvent
from review.urls import flow_urls

from .conftest import LAWFUL, do, open_task, submit, take, task_url

pytestmark = pytest.mark.django_db

HUMAN_NODES = sorted(n.name for n in DocumentReviewFlow.instance.nodes() if n.task_type == "HUMAN")


def at_legality_review(client, drafter):
    return submit(client, drafter, secret="on", secret_reason="涉及国家秘密")


def at_deliberation(client, drafter, reviewer):
    process = at_legality_review(client, drafter)
    data = {**LAWFUL, "material_comment_handling": ""}
    assert do(client, reviewer, process, "legality_review", data, take_first=True).status_code == 302
    return process


def _route_names(patterns, prefix=""):
    for entry in patterns:
        if hasattr(entry, "url_patterns"):
            yield from _route_names(entry.url_patterns, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        else:
            yield f"{prefix}{entry.name}"


def test_only_the_start_and_execute_routes_are_mounted():
    names = set(_route_names(flow_urls[0]))
    assert names == {f"{n}:execute" for n in HUMAN_NODES if n != "start"} | {"start:execute"}
    task = DocumentReviewFlow.legality_review
    for action in ["assign", "unassign", "cancel", "revive", "undo", "detail", "index"]:
        with pytest.raises(NoReverseMatch):
            task.reverse(action, args=[1, 1])


def test_viewflows_unassign_and_detail_routes_answer_404(client, drafter, other_drafter):
    process = at_legality_review(client, drafter)
    task = open_task(process, "legality_review")
    base = f"/review/flow/{process.pk}/legality_review/{task.pk}/"
    for user in (drafter, other_drafter):
        client.force_login(user)
        for action in ["unassign/?back=/review/", "assign/", "cancel/", "revive/", "undo/", "detail/", ""]:
            assert client.post(base + action).status_code == 404, action
            assert client.get(base + action).status_code == 404, action


def test_a_task_posted_to_another_nodes_route_is_404_and_nothing_is_published(client, drafter, reviewer):
    # The reported hole: the drafter's own 补充材料 task posted to the publication route.
    process = at_legality_review(client, drafter)
    incomplete = {**LAWFUL, "material_comment_handling": "", "material_procedure": "", "conclusion": "supplement"}
    assert do(client, reviewer, process, "legality_review", incomplete, take_first=True).status_code == 302
    own = open_task(process, "supplement")
    assert own.owner == drafter
    client.force_login(drafter)
    today = timezone.localdate().isoformat()
    url = DocumentReviewFlow.publish.reverse("execute", args=[process.pk, own.pk])
    assert client.post(url, {"promulgated": today, "effective": today, "early_reason": "急"}).status_code == 404
    document = Document.objects.get(pk=process.document.pk)
    assert document.is_draft and not document.doc_number and document.register_number is None
    assert client.get(reverse("gazette")).content.decode().count(document.title) == 0


@pytest.mark.parametrize("node", [n for n in HUMAN_NODES if n not in ("start", "legality_review")])
def test_every_execute_route_refuses_a_task_of_another_node(client, drafter, reviewer, node):
    process = at_legality_review(client, drafter)
    task = open_task(process, "legality_review")
    take(client, reviewer, task)
    url = getattr(DocumentReviewFlow, node).reverse("execute", args=[process.pk, task.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, LAWFUL).status_code == 404
    assert process.legality_reviews.count() == 0


def test_a_task_under_another_processs_id_is_404_and_nothing_is_recorded_twice(client, drafter, reviewer, archivist):
    first = at_deliberation(client, drafter, reviewer)
    second = at_deliberation(client, drafter, reviewer)
    task = open_task(second, "deliberate")
    take(client, archivist, task)
    data = {"meeting": "常务会议", "held_on": timezone.localdate().isoformat(), "decision": "adopted"}
    client.force_login(archivist)
    wrong = DocumentReviewFlow.deliberate.reverse("execute", args=[first.pk, task.pk])
    assert client.post(wrong, data).status_code == 404
    assert Deliberation.objects.count() == 0
    assert client.post(task_url(task), data).status_code == 302
    assert Deliberation.objects.count() == 1
    assert client.post(task_url(task), data).status_code == 403  # done: not again
    assert Deliberation.objects.count() == 1


def test_another_units_user_gets_404_on_every_drafting_unit_task(client, drafter, other_drafter):
    process = submit(client, drafter)
    from .conftest import close_comment_window

    close_comment_window(process)
    task = open_task(process, "handle_comments")
    client.force_login(other_drafter)
    assert client.get(task_url(task)).status_code == 404
    assert client.post(task_url(task), {}).status_code == 404
    assert client.post(reverse("review:task_take", args=[task.pk])).status_code == 404


def test_a_submitter_who_left_the_unit_can_no_longer_act_on_its_tasks(client, drafter, other_unit):
    process = submit(client, drafter)
    from .conftest import close_comment_window

    close_comment_window(process)
    task = open_task(process, "handle_comments")
    drafter.unit = other_unit
    drafter.save()
    client.force_login(drafter)
    assert client.get(task_url(task)).status_code in (403, 404)
    assert open_task(process, "handle_comments").status == STATUS.ASSIGNED


@pytest.mark.parametrize("role_user", ["drafter", "other_drafter", "filer", "expert_user"])
def test_wrong_roles_can_neither_take_nor_execute_the_legality_review(client, drafter, request, role_user):
    process = at_legality_review(client, drafter)
    task = open_task(process, "legality_review")
    user = request.getfixturevalue(role_user)
    take(client, user, task)
    task.refresh_from_db()
    assert task.owner is None
    client.force_login(user)
    assert client.post(task_url(task), LAWFUL).status_code in (403, 404)
    assert process.legality_reviews.count() == 0


def test_a_reviewer_whose_permission_was_withdrawn_cannot_finish_a_taken_task(client, drafter, reviewer):
    process = at_legality_review(client, drafter)
    task = open_task(process, "legality_review")
    take(client, reviewer, task)
    reviewer.groups.clear()
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    client.force_login(reviewer)
    assert client.post(task_url(task), {**LAWFUL, "material_comment_handling": ""}).status_code in (403, 404)
    assert process.legality_reviews.count() == 0


def test_taking_a_task_is_in_the_history(client, drafter, reviewer):
    process = at_legality_review(client, drafter)
    take(client, reviewer, open_task(process, "legality_review"))
    event = ReviewEvent.objects.filter(process=process, what__startswith="领取任务").get()
    assert event.actor == reviewer and "合法性审核" in event.what
    page = client.get(reverse("review:process_detail", args=[process.pk])).content.decode()
    assert "领取任务：合法性审核" in page


def test_an_expert_cannot_execute_another_experts_task(client, drafter, expert_user, expert_user2):
    process = submit(client, drafter, secret="on", secret_reason="涉密", technical="on")
    assert do(client, drafter, process, "pick_experts", {"experts": [expert_user.expert.pk]}).status_code == 302
    task = open_task(process, "expert_opinion")
    client.force_login(expert_user2)
    assert client.post(task_url(task), {"opinion": "冒签", "signature": "x"}).status_code in (403, 404)
    assert not process.expert_opinions.filter(signed_at__isnull=False).exists()


def test_publication_refuses_without_a_lawful_review_and_an_adopting_deliberation(client, drafter, reviewer, archivist):
    from django.core.exceptions import ValidationError

    from review import services

    process = at_deliberation(client, drafter, reviewer)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="集体审议"):
        services.review_publish(process=process, actor=archivist, promulgated=today,
                                effective=today + datetime.timedelta(days=30), early_reason="")  # fmt: skip
    assert Document.objects.get(pk=process.document.pk).is_draft


@pytest.mark.parametrize("node", [n for n in HUMAN_NODES if n != "start"])
def test_every_execute_route_refuses_another_units_user_and_wrong_roles(client, drafter, other_drafter, filer, node):
    """A task of each node, assigned as the flow would assign it, opened by everyone who must not."""
    from viewflow.workflow.models import Task

    from review.access import DRAFTER_TASKS

    process = at_legality_review(client, drafter)
    flow_task = getattr(DocumentReviewFlow, node)
    owner = drafter if node in DRAFTER_TASKS else None
    task = Task.objects.create(process=process, flow_task=flow_task, flow_task_type="HUMAN", owner=owner,
                               status=STATUS.ASSIGNED if owner else STATUS.NEW,
                               owner_permission=flow_task._owner_permission if not owner else None)  # fmt: skip
    url = task_url(task)
    client.force_login(other_drafter)  # another unit: the process is not disclosed
    assert client.get(url).status_code == 404 and client.post(url, {}).status_code == 404
    client.force_login(filer)  # nothing is filed with the filer's unit yet: the process is not disclosed either
    assert client.get(url).status_code == 404 and client.post(url, {}).status_code == 404


@pytest.mark.parametrize("node", [n for n in HUMAN_NODES if n != "start"])
def test_every_execute_route_refuses_a_task_under_another_processs_id(client, drafter, node):
    """A task of each node, owned by the user, posted under the id of another process the user also sees."""
    from viewflow.workflow.models import Task

    own, other = at_legality_review(client, drafter), at_legality_review(client, drafter)
    task = Task.objects.create(process=own, flow_task=getattr(DocumentReviewFlow, node), flow_task_type="HUMAN",
                               owner=drafter, status=STATUS.ASSIGNED)  # fmt: skip
    client.force_login(drafter)
    url = getattr(DocumentReviewFlow, node).reverse("execute", args=[other.pk, task.pk])
    assert client.get(url).status_code == 404 and client.post(url, {}).status_code == 404
