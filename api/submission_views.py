"""/api/v1/submissions/: a drafting unit submits a draft (.docx or title and text) into the review flow, with
the submit page's form, checks and messages (review.submission)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from review import forms as review_forms
from review import submission
from review.pages import review_flow

from .base import PROBLEM, ApiView, form_data
from .public_views import refused


class SubmissionSerializer(serializers.Serializer):
    """Described for the schema; the submit page's form (review.forms.SubmitForm) checks the call."""

    title = serializers.CharField(required=False, max_length=500, help_text="标题（上传 .docx 时取自文件）")
    text = serializers.CharField(required=False, help_text="正文（上传 .docx 时取自文件）")
    level = serializers.ChoiceField(review_forms.LEVEL_CHOICES, help_text="效力层级")
    issuer_unit = serializers.IntegerField(help_text="制定机关：本单位，或本级人民政府（单位编号）")
    explanation = serializers.CharField(help_text="起草说明")
    legal_bases = serializers.CharField(help_text="制定依据")
    procedure_note = serializers.CharField(required=False, help_text="程序说明")
    major_decision = serializers.BooleanField(required=False, help_text="重大行政决策")
    technical = serializers.BooleanField(required=False, help_text="专业性、技术性较强")
    touches_enterprises = serializers.BooleanField(required=False, help_text="涉及企业或特定群体")
    touches_market = serializers.BooleanField(required=False, help_text="涉及市场主体经济活动（公平竞争审查）")
    hearing_planned = serializers.BooleanField(required=False, help_text="举行听证")
    secret = serializers.BooleanField(required=False, help_text="依法不公开征求意见")
    secret_reason = serializers.CharField(required=False, max_length=300, help_text="不公开的依据和理由")
    comment_days = serializers.IntegerField(required=False, min_value=1, max_value=365, help_text="征求意见期（天）")
    comment_short_reason = serializers.CharField(required=False, max_length=300, help_text="少于 30 日的理由")
    amends = serializers.IntegerField(required=False, help_text="修改的现行文件（登记簿编号）")
    interpretation = serializers.CharField(required=False, help_text="政策解读")


class SubmissionUploadSerializer(SubmissionSerializer):
    file = serializers.FileField(required=False, help_text="草稿 Word 文件（.docx）")


class SubmittedSerializer(serializers.Serializer):
    process_id = serializers.IntegerField(help_text="审核流程编号")
    document_id = serializers.IntegerField(help_text="草稿在登记簿中的编号")
    title = serializers.CharField()
    articles = serializers.IntegerField(help_text="识别出的条数")
    comment_closes = serializers.DateTimeField(allow_null=True, help_text="征求意见截止（不公开征求意见的为空）")


class SubmissionCreate(ApiView, APIView):
    @extend_schema(
        summary="提交草稿，进入审核流程（起草单位）",
        request={"application/json": SubmissionSerializer, "multipart/form-data": SubmissionUploadSerializer},
        responses={201: SubmittedSerializer, 400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 429: PROBLEM},
    )
    def post(self, request):
        activation = submission.start_activation(review_flow(), request)
        data = form_data(request)
        draft = review_forms.draft_read(
            request.FILES.get("file"), str(data.get("title", "")), str(data.get("text", ""))
        )
        form = review_forms.SubmitForm(data, preparsed=draft, user=request.user)
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        try:
            process = submission.draft_submit(activation=activation, actor=request.user, form=form)
        except DjangoValidationError as exc:
            raise refused(exc) from None
        articles = sum(1 for a in form.cleaned_data["structure"].articles if a.kind == "article")
        body = {"process_id": process.pk, "document_id": process.document_id, "title": process.document.title,
                "articles": articles, "comment_closes": process.comment_closes}  # fmt: skip
        return Response(SubmittedSerializer(body).data, status=status.HTTP_201_CREATED)
