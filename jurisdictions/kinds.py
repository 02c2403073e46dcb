"""The choices of the jurisdiction tree, importable by the models of other apps without a cycle."""

from django.db import models


class Level(models.TextChoices):
    REGION = "region", "自治区/省"
    CITY = "city", "盟市/设区的市"
    COUNTY = "county", "旗县/区"
    TOWN = "town", "乡镇/街道"


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    INTERNAL_OFFICE = "internal_office", "内设机构"
    LEGAL_OFFICE = "legal_office", "司法行政机关（法制机构）"
    CONGRESS = "congress", "人大常委会"
    OTHER = "other", "其他"
