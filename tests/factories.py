import datetime

import factory
from django.contrib.auth.models import Group

from accounts.models import Unit, User
from accounts.roles import Role
from filings import services
from filings.models import Document, Level


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试单位{n}")
    issuer_name = factory.LazyAttribute(lambda o: f"某市{o.name}")
    doc_number_prefix = factory.Sequence(lambda n: f"测规{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("pw-for-tests-2026")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=Role(extracted)))


class DocumentFactory(factory.django.DjangoModelFactory):
    """A published register document; its keys, articles and citations are derived as in the app."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"测试管理办法{n}")
    issuer = "某市人民政府"
    level = Level.NORMATIVE_DOCUMENT
    promulgated = datetime.date(2020, 1, 1)
    text = factory.LazyAttribute(
        lambda o: f"{o.title}\n第一条　为了测试，制定本办法。\n第二条　本办法自公布之日起施行。"
    )

    @factory.post_generation
    def structure(self, create, extracted, **kwargs):
        if create:
            services.document_structure_refresh(document=self, actor=None)
