"""JSON bodies cleaned like the pages' forms (config.middleware cleans form and query values): control
characters, lone surrogates and non-characters never reach a service from the API either."""

from rest_framework.parsers import JSONParser

from filings.text import text_clean


def _clean(value):
    if isinstance(value, str):
        return text_clean(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {text_clean(k) if isinstance(k, str) else k: _clean(v) for k, v in value.items()}
    return value


class CleanJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _clean(super().parse(stream, media_type, parser_context))
