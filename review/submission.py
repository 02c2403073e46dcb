"""Stage 1 as one transaction: the drafting unit's draft stored, the flow's start executed, the history and
the 解读 recorded. The submit page and the API both end here (the draft already read, outside it)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from decisions import services as decision_services

from . import events, services
from .models import ReviewProcess


def draft_submit(*, activation, actor: User, form) -> ReviewProcess:
    """`form` is a valid SubmitForm; `activation` the flow's start activation, already started."""
    data = form.cleaned_data
    with transaction.atomic():
        services.submission_prepare(
            process=activation.process, actor=actor, title=data["title"].strip(), text=data["text"],
            level=data["level"], issuer_unit=data["issuer_unit"], fields=form.process_fields(),
            structure=data["structure"],
        )  # fmt: skip
        activation.execute()
        process = activation.process
        how = "依法不公开征求意见" if process.secret else f"征求意见 {process.comment_days} 日"
        events.event_add(process=process, actor=actor, what=f"提交草稿（{how}）")
        if data["interpretation"].strip():
            decision_services.interpretation_record(process=process, actor=actor, text=data["interpretation"])
    return process


def start_activation(flow_class, request):
    """The start node's activation for the request's user, as the submit route makes it (refused without
    the role); viewflow's start reads the owner from `request.user`."""
    node = flow_class.start
    activation = node.activation_class.create(node, None, None)
    if not node.can_execute(request.user, activation.task):
        raise PermissionDenied("只有起草单位的起草人员可以提交草稿。")
    activation.start(request)
    return activation
