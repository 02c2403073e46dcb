"""The route of a draft from submission to filing review (DOMAIN.md stages 1–7), as one viewflow flow.

Drafting-unit tasks are assigned to the submitter, so no other unit ever sees them; each expert's
task is assigned to that expert; review, deliberation, publication and filing tasks wait in the
queue of everyone holding the permission, and one of them takes it (the flow lock makes that
first-come, first-served).
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from . import branches, notices, selectors, services, views
from .models import Deliberation, Filing, LegalityReview, ReviewProcess
from .nodes import SplitEach


def _title(text: str):
    return {"title": _(text)}


def concluded(conclusion):
    """Switch condition: the latest legality review reached this conclusion."""

    def condition(activation):
        review = selectors.latest_review(activation.process)
        return review is not None and review.conclusion == conclusion

    return condition


def filing_is(status):
    """Switch condition on the branch's own filing (each filing body registers and reviews on its own)."""
    return lambda activation: branches.task_filing(activation.task).status == status


def outcome_is(outcome):
    return lambda activation: branches.task_filing(activation.task).outcome == outcome


class DocumentReviewFlow(flow.Flow):
    """规范性文件审核流程

    起草、征求意见、专家论证、合法性审核、集体审议、统一公布、备案及备案审查。
    """

    process_class = ReviewProcess
    lock_impl = lock.select_for_update_lock

    start = (
        flow.Start(views.SubmitView.as_view())
        .Annotation(**_title("提交草稿"))
        .Permission("review.submit_draft")
        .Next(this.check_secret)
    )
    check_secret = (
        flow.If(this.is_secret)
        .Annotation(**_title("是否公开征求意见"))
        .Then(this.check_experts)
        .Else(this.open_comment)
    )
    open_comment = flow.Function(this.comment_open).Annotation(**_title("发布征求意见稿")).Next(this.comment_window)
    comment_window = (
        flow.Timer(this.comment_closes_at).Annotation(**_title("公开征求意见期")).Next(this.handle_comments)
    )
    handle_comments = (
        flow.View(views.HandleCommentsView.as_view())
        .Annotation(**_title("处理公众意见"))
        .Assign(this.submitter)
        .onCreate(this.task_created)
        .Next(this.check_experts)
    )
    check_experts = (
        flow.If(this.needs_experts)
        .Annotation(**_title("是否需要专家论证"))
        .Then(this.pick_experts)
        .Else(this.legality_review)
    )
    pick_experts = (
        flow.View(views.PickExpertsView.as_view())
        .Annotation(**_title("选定论证专家"))
        .Assign(this.submitter)
        .onCreate(this.task_created)
        .Next(this.expert_split)
    )
    expert_split = (
        SplitEach()
        .Annotation(**_title("专家论证"))
        .Next(this.expert_opinion, data_source=this.expert_items)
        .Next(this.expert_deadline)
    )
    expert_opinion = (
        flow.View(views.ExpertOpinionView.as_view())
        .Annotation(**_title("专家论证意见"))
        .Assign(this.expert_owner)
        .onCreate(this.task_created)
        .Next(this.expert_join)
    )
    expert_deadline = flow.Timer(this.expert_due_at).Annotation(**_title("论证期限")).Next(this.expert_join)
    expert_join = (
        flow.Join(continue_on_condition=this.experts_finished).Annotation(**_title("论证结束")).Next(this.close_experts)
    )
    close_experts = flow.Function(this.experts_close).Annotation(**_title("记录论证结果")).Next(this.legality_review)
    legality_review = (
        flow.View(views.LegalityReviewView.as_view())
        .Annotation(**_title("合法性审核"))
        .Permission("review.legality_review")
        .Assign(this.returning_reviewer)
        .onCreate(this.task_created)
        .Next(this.route_conclusion)
    )
    route_conclusion = (
        flow.Switch()
        .Annotation(**_title("审核结论"))
        .Case(this.deliberate, concluded(LegalityReview.Conclusion.LAWFUL))
        .Case(this.supplement, concluded(LegalityReview.Conclusion.SUPPLEMENT))
        .Case(this.amend, concluded(LegalityReview.Conclusion.AMEND))
        .Case(this.complete_procedure, concluded(LegalityReview.Conclusion.PROCEDURE))
        .Default(this.unlawful)
    )
    supplement = (
        flow.View(views.SupplementView.as_view())
        .Annotation(**_title("补充材料"))
        .Assign(this.submitter)
        .onCreate(this.task_created)
        .Next(this.legality_review)
    )
    amend = (
        flow.View(views.AmendView.as_view())
        .Annotation(**_title("按审核意见修改"))
        .Assign(this.submitter)
        .onCreate(this.task_created)
        .Next(this.legality_review)
    )
    complete_procedure = (
        flow.View(views.CompleteProcedureView.as_view())
        .Annotation(**_title("补正程序"))
        .Assign(this.submitter)
        .onCreate(this.task_created)
        .Next(this.check_secret)
    )
    deliberate = (
        flow.View(views.DeliberationView.as_view())
        .Annotation(**_title("集体审议"))
        .Permission("review.deliberate")
        .onCreate(this.task_created)
        .Next(this.check_adopted)
    )
    check_adopted = flow.If(this.is_adopted).Annotation(**_title("是否通过")).Then(this.publish).Else(this.not_adopted)
    publish = (
        flow.View(views.PublishView.as_view())
        .Annotation(**_title("统一登记、编号、公布"))
        .Permission("filings.publish_document")
        .onCreate(this.task_created)
        .Next(this.submit_filing)
    )
    submit_filing = (
        flow.View(views.FilingSubmitView.as_view())
        .Annotation(**_title("报送备案"))
        .Assign(this.submitter)
        .onCreate(this.task_created)
        .Next(this.check_filings)
    )
    check_filings = (
        flow.If(this.has_platform_filings)
        .Annotation(**_title("是否有平台内备案机关"))
        .Then(this.filing_split)
        .Else(this.end)
    )
    # One branch per filing body on the platform: each registers, reviews and concludes on its own.
    filing_split = (
        SplitEach().Annotation(**_title("分别备案")).Next(this.register_filing, data_source=this.filing_items)
    )
    register_filing = (
        flow.View(views.FilingRegisterView.as_view())
        .Annotation(**_title("备案登记"))
        .Permission("review.filing_review")
        .onCreate(this.task_created)
        .Next(this.route_registration)
    )
    route_registration = (
        flow.Switch()
        .Annotation(**_title("登记结果"))
        .Case(this.filing_review, filing_is(Filing.Status.REGISTERED))
        .Case(this.correct_filing, filing_is(Filing.Status.DEFERRED))
        .Default(this.filings_join)
    )
    correct_filing = (
        flow.View(views.FilingCorrectView.as_view())
        .Annotation(**_title("补正备案材料"))
        .Assign(this.submitter)
        .onCreate(this.task_created)
        .Next(this.register_filing)
    )
    filing_review = (
        flow.View(views.FilingReviewView.as_view())
        .Annotation(**_title("备案审查"))
        .Permission("review.filing_review")
        .onCreate(this.task_created)
        .Next(this.route_outcome)
    )
    route_outcome = (
        flow.Switch()
        .Annotation(**_title("审查结果"))
        .Case(this.explain, outcome_is(Filing.Outcome.EXPLANATION))
        .Case(this.report_back, outcome_is(Filing.Outcome.SELF_CORRECTION))
        .Default(this.filings_join)
    )
    explain = (
        flow.View(views.FilingAnswerView.as_view())
        .Annotation(**_title("书面说明"))
        .Assign(this.submitter)
        .onCreate(this.task_created)
        .Next(this.filing_review)
    )
    report_back = (
        flow.View(views.ReportBackView.as_view())
        .Annotation(**_title("报告纠正情况"))
        .Assign(this.submitter)
        .onCreate(this.task_created)
        .Next(this.assess_report)
    )
    assess_report = (
        flow.View(views.ReportAssessView.as_view())
        .Annotation(**_title("审核纠正情况"))
        .Permission("review.filing_review")
        .onCreate(this.task_created)
        .Next(this.route_assessment)
    )
    route_assessment = (
        flow.Switch()
        .Annotation(**_title("是否认可"))
        .Case(this.authority_decide, lambda activation: branches.task_filing(activation.task).report_accepted is False)
        .Default(this.filings_join)
    )
    # Not corrected: the competent authority decides on the 处理意见; only it may revoke (立法法 art. 108).
    authority_decide = (
        flow.View(views.AuthorityDecisionView.as_view())
        .Annotation(**_title("有权机关决定"))
        .Permission("review.decide_disposal")
        .onCreate(this.task_created)
        .Next(this.filings_join)
    )
    filings_join = flow.Join().Annotation(**_title("各备案结束")).Next(this.end)
    end = flow.End().Annotation(**_title("完成"))
    unlawful = flow.End().Annotation(**_title("审核不合法，终止"))
    not_adopted = flow.End().Annotation(**_title("审议未通过，终止"))

    # ------------------------------------------------------------ conditions

    def is_secret(self, activation):
        return activation.process.secret

    def needs_experts(self, activation):
        return activation.process.needs_experts

    def is_adopted(self, activation):
        deliberation = getattr(activation.process, "deliberation", None)
        return deliberation is not None and deliberation.decision != Deliberation.Decision.NOT_ADOPTED

    def has_platform_filings(self, activation):
        return activation.process.filings.filter(external=False).exists()

    def experts_finished(self, activation, active_tasks):
        """All experts answered (only the deadline timer is left), or the deadline fired."""
        return (
            not active_tasks.filter(flow_task_type="HUMAN").exists()
            or not active_tasks.filter(flow_task_type="TIMER").exists()
        )

    # ------------------------------------------------------------ owners, dates, side effects

    def submitter(self, activation):
        return activation.process.submitter

    def returning_reviewer(self, activation):
        """A draft back from 修改后合法 or 材料不全 goes to the reviewer who sent it back (while still a
        reviewer); a first review, or one whose reviewer left, waits in the queue."""
        return selectors.returning_reviewer(activation.process)

    def expert_items(self, activation):
        return [{"opinion": o.pk} for o in activation.process.expert_opinions.filter(signed_at__isnull=True)]

    def filing_items(self, activation):
        return [{"filing": pk} for pk in activation.process.filings.filter(external=False).values_list("pk", flat=True)]

    def expert_owner(self, activation):
        return activation.process.expert_opinions.get(pk=activation.task.data["opinion"]).expert.user

    def comment_closes_at(self, activation):
        return activation.process.comment_closes

    def expert_due_at(self, activation):
        return activation.process.expert_due

    def comment_open(self, activation):
        services.comment_window_open(process=activation.process)

    def experts_close(self, activation):
        services.experts_close(process=activation.process)

    def task_created(self, activation):
        branches.branch_data_inherit(activation.task)
        services.task_deadline_set(task=activation.task, process=activation.process)
        notices.task_arrived(task=activation.task, process=activation.process)
