"""Version chains and citation resolution, as the document page shows them."""

import datetime

import pytest
from django.urls import reverse

from filings import selectors
from filings.models import Level, Status

from ..factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company_law_versions():
    """Three versions of one law, the way the register holds 公司法."""
    versions = []
    for year, status in [(2005, Status.AMENDED), (2018, Status.AMENDED), (2023, Status.IN_FORCE)]:
        versions.append(
            DocumentFactory(
                title="中华人民共和国公司法",
                issuer="全国人民代表大会常务委员会",
                level=Level.LAW,
                promulgated=datetime.date(year, 10, 26),
                effective=datetime.date(year + 1, 1, 1),
                status=status,
                text=f"中华人民共和国公司法\n第一条　{year}年文本。\n第十六条　公司章程。",
            )
        )
    return versions


def test_same_title_and_issuer_form_one_chain_in_date_order(company_law_versions):
    DocumentFactory(title="中华人民共和国公司法", issuer="别的机关")  # another issuer: another chain
    chain = selectors.document_versions(company_law_versions[1])
    assert chain == company_law_versions


@pytest.mark.parametrize(
    ("on", "expected_year"),
    [("2006-06-01", 2005), ("2019-01-01", 2018), ("2023-12-31", 2018), ("2024-01-01", 2023)],
)
def test_the_version_in_force_on_a_date(company_law_versions, on, expected_year):
    chain = selectors.document_versions(company_law_versions[0])
    version = selectors.version_in_force_on(chain, datetime.date.fromisoformat(on))
    assert version.promulgated.year == expected_year


def test_no_version_before_the_first_took_effect(company_law_versions):
    chain = selectors.document_versions(company_law_versions[0])
    assert selectors.version_in_force_on(chain, datetime.date(2000, 1, 1)) is None


def test_the_document_page_answers_which_version_was_in_force(client, drafter, company_law_versions):
    client.force_login(drafter)
    response = client.get(reverse("filings:document_detail", args=[company_law_versions[2].pk]), {"on": "2019-05-01"})
    assert response.context["in_force_on"] == company_law_versions[1]
    assert "2018年10月26日版本</a>已施行" in response.content.decode()


def test_an_impossible_date_on_the_page_is_a_message_not_an_error(client, drafter, company_law_versions):
    client.force_login(drafter)
    response = client.get(reverse("filings:document_detail", args=[company_law_versions[0].pk]), {"on": "2019-02-30"})
    assert response.status_code == 200
    assert "日期无效" in response.content.decode()


def test_citations_resolve_by_full_or_short_title_to_the_version_in_force_on_the_citing_date(
    client, drafter, company_law_versions
):
    citing = DocumentFactory(
        title="某市公司登记办法",
        promulgated=datetime.date(2020, 3, 1),
        text="某市公司登记办法\n第一条　根据《中华人民共和国公司法》第十六条制定。\n第二条　参照《公司法》执行。"
        "\n第三条　依照《某不存在的条例》办理。",
    )
    resolved = selectors.citations_resolved(citing, drafter)
    targets = {(r.citation.cited_title, r.citation.article_number): r.target for r in resolved}
    assert targets[("中华人民共和国公司法", 16)] == company_law_versions[1]  # in force in March 2020
    assert targets[("公司法", None)] == company_law_versions[1]
    assert targets[("某不存在的条例", None)] is None

    client.force_login(drafter)
    page = client.get(reverse("filings:document_detail", args=[citing.pk])).content.decode()
    target_url = reverse("filings:document_detail", args=[company_law_versions[1].pk])
    assert f'href="{target_url}#a16"' in page
    assert '《某不存在的条例》 <span class="badge" title="登记簿中没有这份文件">未匹配' in page
    assert '<span class="badge status-amended">已修改</span>' in page  # the cited version's status


def test_an_undated_citing_document_resolves_to_the_latest_version(drafter, company_law_versions):
    citing = DocumentFactory(title="无日期文件", promulgated=None, text="无日期文件\n第一条　依照《公司法》。")
    [resolved] = selectors.citations_resolved(citing, drafter)
    assert resolved.target == company_law_versions[2]


def test_an_alias_resolves_a_common_short_form(drafter):
    target = DocumentFactory(
        title="最高人民法院关于适用《中华人民共和国民事诉讼法》的解释", level=Level.JUDICIAL_INTERPRETATION
    )
    citing = DocumentFactory(title="某规定", text="某规定\n第一条　依照《民诉法解释》第五条。")
    [resolved] = selectors.citations_resolved(citing, drafter)
    assert resolved.target == target


def test_the_cited_document_lists_who_cites_it(client, drafter, company_law_versions):
    citing = DocumentFactory(title="引用者", text="引用者\n第一条　依照《公司法》。")
    client.force_login(drafter)
    response = client.get(reverse("filings:document_detail", args=[company_law_versions[0].pk]))
    assert list(response.context["cited_by"]) == [citing]


def test_a_decision_cited_without_its_issuer_prefix_resolves_both_ways(client, drafter):
    decision = DocumentFactory(
        title="全国人民代表大会常务委员会关于修改《中华人民共和国公司法》的决定",
        issuer="全国人民代表大会常务委员会",
        level=Level.AMEND_REPEAL_DECISION,
    )
    citing = DocumentFactory(title="某法", text="某法\n第一条　根据《关于修改〈中华人民共和国公司法〉的决定》修正。")
    [resolved] = selectors.citations_resolved(citing, drafter)
    assert resolved.target == decision
    assert list(selectors.documents_citing(decision, drafter)) == [citing]


def test_the_page_shows_the_articles_as_they_are_after_an_edit(client, drafter):
    """The articles block is kept rendered between visits; an edit of the text shows at once."""
    from filings import services

    document = DocumentFactory(title="某市养犬管理规定", text="某市养犬管理规定\n第一条　原来的条文。")
    client.force_login(drafter)
    url = reverse("filings:document_detail", args=[document.pk])
    assert "原来的条文" in client.get(url).content.decode()
    document.text = "某市养犬管理规定\n第一条　改过的条文。\n第二条　新增的条文。"
    services.document_structure_refresh(document=document, actor=None, detail="更正")
    page = client.get(url).content.decode()
    assert "改过的条文" in page and "新增的条文" in page and "原来的条文" not in page
