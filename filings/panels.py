"""Panels that other apps add to the document page (search adds its check findings), so that the
register shows them without importing those apps. Each panel is a callable (request, document) -> HTML."""

from collections.abc import Callable

from django.utils.safestring import SafeString

Panel = Callable[..., SafeString | str]
_panels: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render(request, document) -> list[SafeString | str]:
    return [html for html in (panel(request, document) for panel in _panels) if html]
