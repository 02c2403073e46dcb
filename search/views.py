from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .forms import SearchForm

PER_PAGE = 20


def _run(request, form: SearchForm) -> tuple[selectors.SearchPage | None, list[str]]:
    """Valid parts of the form are used; invalid ones are dropped and reported, never an error page."""
    form.is_valid()
    data = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    problems = [f"{form.fields[name].label if name in form.fields else ''}：{e}".lstrip("：")
                for name, errors in form.errors.items() for e in errors]  # fmt: skip
    raw = request.GET.get("q", "")
    if not raw.strip():
        return None, problems
    filters = selectors.SearchFilters(
        level=data.get("level") or "",
        status=data.get("status") or "",
        issuer=data.get("issuer") or "",
        date_from=str(data["date_from"]) if data.get("date_from") else "",
        date_to=str(data["date_to"]) if data.get("date_to") else "",
    )
    page = selectors.search_page(
        request.user, raw, filters=filters, page=data.get("page") or 1, per_page=PER_PAGE,
        words=data.get("match") == "words",
    )  # fmt: skip
    return page, problems


@login_required
def search(request):
    form = SearchForm(request.GET)
    page, problems = _run(request, form)
    query = request.GET.copy()
    query.pop("page", None)
    words = query.copy()
    words["match"] = "words"
    verbatim = query.copy()
    verbatim.pop("match", None)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "result": page,
            "problems": problems,
            "page_prefix": f"?{query.urlencode()}&",
            "words_url": f"?{words.urlencode()}",
            "verbatim_url": f"?{verbatim.urlencode()}",
            "facet_groups": [
                (label, name, page.facets.get(name, []) if page else [])
                for name, label in [("level", "效力层级"), ("status", "时效性"), ("issuer", "制定机关")]
            ],
        },
    )


class SearchAPI(APIView):
    """GET /api/search?q=…&level=…&status=…&issuer=…&date_from=…&date_to=…&page=…"""

    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        form = SearchForm(request.query_params)
        page, problems = _run(request, form)
        if page is None:
            return Response({"query": request.query_params.get("q", ""), "total": 0, "results": [],
                             "facets": {}, "problems": problems or ["请输入检索词"]})  # fmt: skip
        return Response(
            {
                "query": page.query.raw,
                "total": page.total,
                "page": page.page,
                "pages": page.pages,
                "truncated": page.query.truncated,
                "verbatim": bool(page.verbatim),
                "problems": problems,
                "results": [
                    {
                        "id": r.document.pk,
                        "external_id": r.document.external_id,
                        "title": r.document.title,
                        "doc_number": r.document.doc_number,
                        "issuer": r.document.issuer,
                        "level": r.document.get_level_display(),
                        "status": r.document.get_status_display() or "未知",
                        "promulgated": r.document.promulgated,
                        "url": request.build_absolute_uri(reverse("filings:document_detail", args=[r.document.pk])),
                        "title_html": r.title_html,
                        "snippet_html": r.snippet_html,
                    }
                    for r in page.results
                ],
                "facets": {
                    name: [{"value": f.value, "label": f.label, "count": f.count} for f in facets]
                    for name, facets in page.facets.items()
                },
            }
        )
