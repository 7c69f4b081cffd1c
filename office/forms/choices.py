"""Choices of agencies and groups, in Vietnamese order, with what the picker filters on."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from project.text import vietnamese_sort_key
from tasks_app.models import Agency, AgencyGroup


def sorted_choices(items) -> list[tuple[str, str]]:
    return sorted(items, key=lambda item: vietnamese_sort_key(item[1]))


def active_agencies() -> list[Agency]:
    return list(
        Agency.objects.filter(is_active=True).only("code", "name", "abbreviation", "aliases")
    )


def agency_choices(agencies=None) -> list[tuple[str, str]]:
    agencies = active_agencies() if agencies is None else agencies
    return sorted_choices((a.code, a.name) for a in agencies)


def agency_search_text(agencies) -> dict[str, str]:
    """What the picker's filter matches for each agency: name, abbreviation, aliases, code."""
    return {
        a.code: " ".join([a.name, a.abbreviation or "", *(a.aliases or []), a.code]).strip()
        for a in agencies
    }


def lead_choices(agencies=None) -> list:
    groups = sorted_choices(
        (g.code, gettext("%(name)s (nhóm)") % {"name": g.name}) for g in AgencyGroup.objects.all()
    )
    return [("", "—"), (_("Cơ quan"), agency_choices(agencies)), (_("Nhóm cơ quan"), groups)]
