from drf_spectacular.extensions import OpenApiAuthenticationExtension


def only_v1(endpoints):
    """The schema describes /api/v1/ only (the older /api/search is the search page's own)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "api.tokens.BearerAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "管理员在“接口令牌”页为本单位账号创建的令牌：Authorization: Bearer gfk_…"}  # fmt: skip
