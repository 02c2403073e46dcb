"""/api/v1/ without an account, as the public pages: drafts open for comment and their comments (the same
size, rate and flood limits, the picture challenge after a few from one address), 审查建议 and their status
by number and code."""

from captcha.fields import CaptchaField
from captcha.models import CaptchaStore
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.client import client_address
from filings.models import Document
from review import selectors as review_selectors
from review import services as review_services
from review.models import ReviewProcess
from review_requests import services as request_services
from review_requests.forms import RequestForm

from . import public_serializers as s
from .base import PROBLEM, Pages, PublicView, form_data


def refused(exc: DjangoValidationError) -> ValidationError:
    """A service's refusal (Django's ValidationError) as the API's 400, with the same messages."""
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {field: [m for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
        )
    return ValidationError({"non_field_errors": exc.messages})


def open_drafts():
    now = timezone.now()
    return ReviewProcess.objects.filter(comment_opens__lte=now, comment_closes__gt=now).select_related("document")


class DraftList(PublicView, generics.ListAPIView):
    serializer_class = s.DraftSerializer
    pagination_class = Pages

    @extend_schema(
        summary="正在公开征求意见的草案", responses={200: s.DraftSerializer(many=True), 400: PROBLEM, 429: PROBLEM}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return open_drafts().order_by("comment_closes", "pk")


class DraftDetail(PublicView, APIView):
    @extend_schema(
        summary="征求意见稿（公开时的文本）及其条文",
        responses={200: s.DraftDetailSerializer, 404: PROBLEM, 429: PROBLEM},
    )
    def get(self, request, pk: int):
        process = get_object_or_404(open_drafts(), pk=pk)
        snapshot = review_selectors.comment_text(process)
        return Response(
            s.DraftDetailSerializer(
                {
                    "process": process,
                    "title": snapshot.title if snapshot else process.document.title,
                    "text": snapshot.text if snapshot else process.document.text,
                    "articles": review_selectors.comment_articles(process),
                    "challenge_needed": review_services.comment_challenge_needed(
                        process=process, sender=client_address(request)
                    ),
                }
            ).data
        )


class _Challenge(forms.Form):
    """The page's picture challenge (django-simple-captcha), checked the same way."""

    captcha = CaptchaField(error_messages={"invalid": "验证码不正确，请重新获取并输入。"})


class CommentCreate(PublicView, APIView):
    @extend_schema(
        summary="对草案提出意见（无需账号）",
        description=(
            "同一地址对同一草案提交几条之后，须先 POST /api/v1/captcha/ 取得验证码图片，"
            "再随意见提交 captcha_key 和 captcha_answer。"
        ),
        request=s.CommentSerializer,
        responses={201: s.CommentReceivedSerializer, 400: PROBLEM, 404: PROBLEM, 429: PROBLEM},
    )
    def post(self, request, pk: int):
        process = get_object_or_404(
            ReviewProcess.objects.select_related("document"), pk=pk, comment_opens__isnull=False
        )
        body = s.CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        key, answer = data.pop("captcha_key"), data.pop("captcha_answer")
        sender = client_address(request)
        if review_services.comment_challenge_needed(process=process, sender=sender):
            challenge = _Challenge({"captcha_0": key, "captcha_1": answer})
            if not challenge.is_valid():
                message = (
                    "请先 POST /api/v1/captcha/ 取得验证码，并填写 captcha_key 和 captcha_answer。"
                    if not key
                    else challenge.errors["captcha"][0]
                )
                raise ValidationError({"captcha_answer": [message]})
        try:
            comment = review_services.comment_add(process=process, sender=sender, **data)
        except DjangoValidationError as exc:
            raise refused(exc) from None
        received = s.CommentReceivedSerializer({"received": comment.created_at, "detail": "感谢您的意见，已收到。"})
        return Response(received.data, status=status.HTTP_201_CREATED)


class CaptchaCreate(PublicView, APIView):
    @extend_schema(
        summary="取得验证码（图片中的字符随意见提交）", request=None, responses={201: s.CaptchaSerializer, 429: PROBLEM}
    )
    def post(self, request):
        key = CaptchaStore.generate_key()
        return Response(
            {"captcha_key": key, "image_url": request.build_absolute_uri(reverse("captcha-image", args=[key]))},
            status=status.HTTP_201_CREATED,
        )


class ReviewRequestCreate(PublicView, APIView):
    @extend_schema(
        summary="对已公布的文件提出审查建议（无需账号）",
        description=(
            "查询码只在此返回一次，请提出人妥善保存；凭编号和查询码查询办理情况。"
            "附件可用 multipart/form-data 上传（PDF、JPG、PNG 或 .docx）。"
        ),
        request={"application/json": s.ReviewRequestSerializer, "multipart/form-data": s.ReviewRequestUploadSerializer},
        responses={201: s.ReviewRequestMadeSerializer, 400: PROBLEM, 404: PROBLEM, 429: PROBLEM},
    )
    def post(self, request, pk: int):
        document = get_object_or_404(Document, pk=pk, stage=Document.Stage.PUBLISHED)
        form = RequestForm(form_data(request), request.FILES or None)
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        try:
            made, code = request_services.request_submit(
                document=document,
                fields=form.fields_for_service(),
                upload=form.cleaned_data["attachment_file"],
                sender=client_address(request),
            )
        except DjangoValidationError as exc:
            raise refused(exc) from None
        return Response(
            s.ReviewRequestMadeSerializer(
                {"number": made.number, "code": code, "body": made.body.issuer, "register_due": made.register_due}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class ReviewRequestStatus(PublicView, APIView):
    @extend_schema(
        summary="凭编号和查询码查询审查建议的办理情况",
        request=s.FollowSerializer,
        responses={200: s.ReviewRequestStatusSerializer, 400: PROBLEM, 429: PROBLEM},
    )
    def post(self, request):
        body = s.FollowSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        found = request_services.request_follow(**body.validated_data)
        if found is None:
            raise serializers.ValidationError({"non_field_errors": ["编号或查询码不正确。"]})
        return Response(s.ReviewRequestStatusSerializer(found).data)
