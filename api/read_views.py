"""/api/v1/ reads besides the register: search (the search page's results and ranking), the gazette and
备案目录 (public, as their pages), published cleanup results (public), and a document's 修改对照表."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from catalogues import selectors as catalogue_selectors
from cleanup import selectors as cleanup_selectors
from cleanup.models import Campaign, Outcome
from filings.compare import versions_compared
from filings.selectors import documents_visible_to
from review import selectors as review_selectors
from review.models import Filing
from search import selectors as search_selectors

from . import read_serializers as s
from .base import PROBLEM, ApiView, Pages, PublicView

SEARCH_PER_PAGE = 20  # as the search page


class Search(ApiView, APIView):
    @extend_schema(
        summary="全文检索（与检索页的结果和排序相同）",
        description="原文（短语、标题、文号）优先；match=words 时按分词检索。只检索调用者可见的文件。",
        parameters=[s.SearchQuery], responses={200: s.SearchPageSerializer, 400: PROBLEM, 401: PROBLEM, 429: PROBLEM},
    )  # fmt: skip
    def get(self, request):
        query = s.SearchQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = search_selectors.SearchFilters(
            level=data["level"], status=data["status"], issuer=data["issuer"],
            date_from=str(data["date_from"] or ""), date_to=str(data["date_to"] or ""),
        )  # fmt: skip
        page = search_selectors.search_page(request.user, data["q"], filters=filters, page=data["page"],
                                            per_page=SEARCH_PER_PAGE, words=data["match"] == "words")  # fmt: skip
        return Response(s.SearchPageSerializer(page).data)


class GazetteList(PublicView, generics.ListAPIView):
    serializer_class = s.GazetteRowSerializer
    pagination_class = Pages

    @extend_schema(
        summary="统一公布的现行有效文件（无需账号）", parameters=[s.GazetteQuery],
        responses={200: s.GazetteRowSerializer(many=True), 400: PROBLEM, 429: PROBLEM},
    )  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = s.GazetteQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return review_selectors.gazette_documents(q=data["q"].strip(), jurisdiction=data["jurisdiction"])


class Catalogue(PublicView, APIView):
    @extend_schema(
        summary="备案审查机关某月的备案登记目录（无需账号）", parameters=[s.CatalogueQuery],
        responses={200: s.CatalogueSerializer, 400: PROBLEM, 429: PROBLEM},
    )  # fmt: skip
    def get(self, request):
        query = s.CatalogueQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        body, year, month = (query.validated_data[k] for k in ("body", "year", "month"))
        received = Filing.objects.filter(reviewer_unit=body).select_related("document")
        filings = catalogue_selectors.catalogue(received, year, month)
        return Response(s.CatalogueSerializer({"body": body.issuer, "year": year, "month": month,
                                               "filings": filings}).data)  # fmt: skip


def _published_campaigns():
    return Campaign.objects.filter(state=Campaign.State.PUBLISHED).order_by("-published_at", "-pk")


class CleanupResultList(PublicView, generics.ListAPIView):
    serializer_class = s.CampaignRowSerializer
    pagination_class = Pages
    queryset = Campaign.objects.none()

    @extend_schema(
        summary="已公布的清理结果（无需账号）",
        responses={200: s.CampaignRowSerializer(many=True), 400: PROBLEM, 429: PROBLEM},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _published_campaigns()


class CleanupResultDetail(PublicView, APIView):
    @extend_schema(summary="一次清理的结果，按结论分列（无需账号）",
                   responses={200: s.CleanupResultsSerializer, 404: PROBLEM, 429: PROBLEM})  # fmt: skip
    def get(self, request, pk: int):
        campaign = get_object_or_404(_published_campaigns(), pk=pk)
        # results_by_outcome lists the outcomes in Outcome's order.
        grouped = cleanup_selectors.results_by_outcome(campaign)
        campaign.groups = [
            {"outcome": value, "label": label, "items": items}
            for value, (label, items) in zip(Outcome.values, grouped, strict=True)
        ]
        return Response(s.CleanupResultsSerializer(campaign).data)


class Compare(ApiView, APIView):
    @extend_schema(summary="两个版本的修改对照表（旧版本为公布在前者）",
                   responses={200: s.CompareSerializer, 401: PROBLEM, 404: PROBLEM, 429: PROBLEM})  # fmt: skip
    def get(self, request, pk: int, other_pk: int):
        visible = documents_visible_to(request.user)
        first, second = get_object_or_404(visible, pk=other_pk), get_object_or_404(visible, pk=pk)
        return Response(s.CompareSerializer(versions_compared(first, second)).data)
