"""What the public endpoints take and give: drafts open for comment, comments, 审查建议 and their status."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from review_requests.models import ReviewRequest


class DraftSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="征求意见编号（即审核流程编号）")
    title = serializers.CharField(source="document.title", help_text="草案标题")
    drafting_unit = serializers.CharField(source="drafting_unit.name", default="", help_text="起草单位")
    comment_opens = serializers.DateTimeField(help_text="征求意见开始")
    comment_closes = serializers.DateTimeField(help_text="征求意见截止")


class DraftArticleSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="结构层级：part 编、chapter 章、section 节、article 条")
    label = serializers.CharField(help_text="如 第十二条")
    anchor = serializers.CharField(help_text="条文锚点，提意见时作 article_anchor")
    text = serializers.CharField(help_text="条文")


class DraftDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="process.pk")
    title = serializers.CharField(help_text="征求意见稿标题")
    text = serializers.CharField(help_text="征求意见稿全文（公开时的文本）")
    comment_closes = serializers.DateTimeField(source="process.comment_closes", help_text="征求意见截止")
    articles = DraftArticleSerializer(many=True)
    challenge_needed = serializers.BooleanField(help_text="本地址再提意见是否须附验证码")


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=100_000, trim_whitespace=False,
        help_text=f"意见（上限 {settings.COMMENT_MAX_CHARS} 字，超出的整条退回而非截断）",
    )  # fmt: skip
    article_anchor = serializers.CharField(required=False, default="", allow_blank=True, max_length=20,
                                           help_text="针对的条文锚点（空：全文）")  # fmt: skip
    name = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=50, help_text="姓名（可不填）"
    )
    contact = serializers.CharField(required=False, default="", allow_blank=True, max_length=100,
                                    help_text="联系方式（可不填）")  # fmt: skip
    captcha_key = serializers.CharField(required=False, default="", allow_blank=True, max_length=40,
                                        help_text="验证码编号（须附验证码时）")  # fmt: skip
    captcha_answer = serializers.CharField(required=False, default="", allow_blank=True, max_length=20,
                                           help_text="验证码图片中的字符")  # fmt: skip


class CommentReceivedSerializer(serializers.Serializer):
    received = serializers.DateTimeField(help_text="收到时间")
    detail = serializers.CharField()


class CaptchaSerializer(serializers.Serializer):
    captcha_key = serializers.CharField(help_text="验证码编号")
    image_url = serializers.URLField(help_text="验证码图片地址")


class ReviewRequestSerializer(serializers.Serializer):
    """Described for the schema; the page's form (review_requests.forms.RequestForm) checks the call."""

    requester_kind = serializers.ChoiceField(ReviewRequest.Kind.choices, help_text="提出人类别")
    requester_name = serializers.CharField(max_length=100, help_text="提出人")
    organisation = serializers.CharField(max_length=200, required=False, help_text="单位或组织")
    contact = serializers.CharField(max_length=200, help_text="电话、电子邮箱或通信地址，用于告知处理结果")
    articles = serializers.CharField(
        max_length=200, required=False, help_text="建议审查的条款，如：第五条、第八条第二款"
    )
    reasons = serializers.CharField(max_length=5000, help_text="理由（上限 5000 字）")


class ReviewRequestUploadSerializer(ReviewRequestSerializer):
    attachment_file = serializers.FileField(required=False, help_text="附件（PDF、JPG、PNG 或 Word .docx）")


class ReviewRequestMadeSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="审查建议编号")
    code = serializers.CharField(help_text="查询码（只显示这一次）")
    body = serializers.CharField(help_text="受理机关")
    register_due = serializers.DateField(help_text="登记期限")


class FollowSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=30, help_text="审查建议编号")
    code = serializers.CharField(max_length=20, help_text="查询码")


class RequestEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="时间")
    what = serializers.CharField(help_text="事项")


class ReviewRequestStatusSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="document.title", help_text="建议审查的文件")
    body = serializers.CharField(source="body.issuer", help_text="受理机关")
    status_label = serializers.CharField(source="get_status_display", help_text="办理状态（中文）")
    answer = serializers.SerializerMethodField(help_text="答复（已答复时）")
    events = serializers.SerializerMethodField(help_text="公开的办理记录")

    class Meta:
        model = ReviewRequest
        fields = ["number", "document", "body", "status", "status_label", "received_at", "register_due",
                  "answer_due", "forwarded_to", "answer", "answered_at", "events"]  # fmt: skip

    def get_answer(self, request) -> str:
        return request.answer if request.status == ReviewRequest.Status.ANSWERED else ""

    @extend_schema_field(RequestEventSerializer(many=True))
    def get_events(self, request):
        return RequestEventSerializer(request.events.filter(public=True).order_by("at", "pk"), many=True).data
