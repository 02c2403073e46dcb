"""What a filing body reads of the filings it receives, and what its two actions take."""

from rest_framework import serializers

from review.models import Filing


class FilingSerializer(serializers.ModelSerializer):
    document_id = serializers.IntegerField(source="document.pk", help_text="登记簿文件编号")
    title = serializers.CharField(source="document.title", help_text="文件标题")
    doc_number = serializers.CharField(source="document.doc_number", help_text="文号")
    issuer = serializers.CharField(source="document.issuer", help_text="制定机关")
    status_label = serializers.CharField(source="get_status_display", help_text="备案状态（中文）")
    outcome_label = serializers.CharField(source="get_outcome_display", help_text="审查结果（中文）")

    class Meta:
        model = Filing
        fields = ["id", "document_id", "title", "doc_number", "issuer", "body_name", "basis", "status",
                  "status_label", "due", "submitted_at", "report_number", "report", "registered_at",
                  "deferred_count", "correction_due", "registration_note", "forwarded_to", "review_due",
                  "outcome", "outcome_label", "outcome_note", "opinion_number", "closed_at"]  # fmt: skip


class RegisterSerializer(serializers.Serializer):
    """Described for the schema; the task page's form (review.forms.FilingRegisterForm) checks the call."""

    decision = serializers.ChoiceField(
        [(s.value, s.label) for s in (Filing.Status.REGISTERED, Filing.Status.DEFERRED, Filing.Status.REFUSED)],
        help_text="登记结果：registered 登记，deferred 暂缓登记（限期补正），refused 不予登记",
    )
    note = serializers.CharField(required=False, help_text="意见（暂缓登记写明须补正的内容；不予登记说明理由）")
    correction_due = serializers.DateField(required=False, help_text="补正期限（不填即为法定最短期限）")
    forwarded_to = serializers.CharField(required=False, max_length=100, help_text="转送有权审查的机关")


class OutcomeSerializer(serializers.Serializer):
    """Described for the schema; the task page's form (review.forms.FilingReviewForm) checks the call."""

    outcome = serializers.ChoiceField(Filing.Outcome.choices, help_text="审查结果")
    note = serializers.CharField(required=False, help_text="审查意见（未发现问题以外的，须填写）")
