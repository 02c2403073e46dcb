"""Pages anyone may open without an account: drafts open for comment (the frozen 征求意见稿, then how the
comments were handled) and the gazette (统一公布)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.client import client_address
from decisions import selectors as decision_selectors
from filings.models import Document
from filings.services import RULE_LEVELS
from filings.views import docx_response
from jurisdictions.models import Jurisdiction

from . import docx_out, forms, selectors, services
from .models import ReviewProcess


def public_drafts(request):
    now = timezone.now()
    drafts = ReviewProcess.objects.filter(comment_opens__lte=now, comment_closes__gt=now).select_related("document")
    page = Paginator(drafts.order_by("comment_closes"), settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "review/public_drafts.html", {"page": page})


def public_draft(request, pk: int):
    """The 征求意见稿 as it was put out for comment (never a later internal text); once the window has
    closed, how the comments were handled (采纳情况反馈, 《优化营商环境条例》 art. 62)."""
    now = timezone.now()
    process = get_object_or_404(
        ReviewProcess.objects.select_related("document"), pk=pk, comment_opens__lte=now, comment_opens__isnull=False
    )
    is_open = process.comment_closes > now
    snapshot = selectors.comment_text(process)
    articles = selectors.comment_articles(process)
    sender = client_address(request)
    challenge = is_open and services.comment_challenge_needed(process=process, sender=sender)
    form = forms.CommentForm(
        request.POST or None,
        articles=[a for a in articles if a.kind == "article"],
        challenge=challenge,
        initial={"article_anchor": request.GET.get("article", "")},
    )
    if request.method == "POST":
        if not is_open:
            messages.error(request, "征求意见期已结束，不再接收意见。")
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "captcha"}
            try:
                services.comment_add(process=process, sender=sender, **data)
            except ValidationError as exc:
                forms.errors_attach(form, exc)
            else:
                messages.success(request, "感谢您的意见，已收到。")
                return redirect("public_draft", pk=process.pk)
    labels = {a.anchor: a.label for a in articles}
    feedback = (
        list(process.comment_groups.exclude(handling="").order_by("article_anchor", "-size")) if not is_open else []
    )
    for group in feedback:
        group.label = labels.get(group.article_anchor, group.article_anchor) if group.article_anchor else "全文"
    return render(
        request,
        "review/public_draft.html",
        {"process": process, "title": snapshot.title if snapshot else process.document.title,
         "text": snapshot.text if snapshot else process.document.text, "articles": articles, "form": form,
         "is_open": is_open, "max_chars": settings.COMMENT_MAX_CHARS, "feedback": feedback,
         "handled_all": not is_open and not process.comment_groups.filter(handling="").exists()},
    )  # fmt: skip


def gazette(request):
    """统一公布: the documents published through the register, in force, searchable without an account."""
    q = request.GET.get("q", "").strip()[:100]
    wanted = request.GET.get("jurisdiction", "")
    jurisdiction = Jurisdiction.objects.filter(pk=wanted).first() if wanted.isdigit() else None
    documents = selectors.gazette_documents(q=q, jurisdiction=jurisdiction)
    page = Paginator(documents, settings.DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "review/gazette.html", {"page": page, "q": q, "jurisdiction": jurisdiction,
                                                   "jurisdictions": Jurisdiction.objects.all()})  # fmt: skip


def gazette_document(request, pk: int):
    document = get_object_or_404(Document, pk=pk, stage=Document.Stage.PUBLISHED, register_number__isnull=False)
    process = document.reviews.order_by("-pk").first()
    interpretation = decision_selectors.interpretation(process) if process else None
    context = {"document": document, "articles": document.articles.all(), "interpretation": interpretation}
    return render(request, "review/gazette_document.html", context)


def rule_order_docx(request, pk: int):
    """The 令 that published a 规章 (a normative document has none: 404)."""
    document = get_object_or_404(
        Document, pk=pk, stage=Document.Stage.PUBLISHED, register_number__isnull=False, level__in=RULE_LEVELS
    )
    return docx_response(docx_out.rule_order(document), document.doc_number)
