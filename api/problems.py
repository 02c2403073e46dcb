"""Errors as problem details (RFC 9457), in Chinese like the pages: type, title, status, detail and, for a
request the form rules refuse, the field errors."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.views import exception_handler

PROBLEM_TYPE = "/api/v1/docs/#problems"
TITLES = {
    400: "请求有误",
    401: "需要登录或提供令牌",
    403: "没有权限",
    404: "未找到",
    405: "不支持该请求方法",
    406: "不支持所请求的格式",
    409: "与当前状态冲突",
    413: "内容过大",
    415: "不支持的内容类型",
    429: "请求过于频繁",
}
DETAILS = {
    exceptions.NotAuthenticated: "请先登录，或在请求头 Authorization 中提供凭据。",
    exceptions.AuthenticationFailed: "凭据无效。",
    exceptions.PermissionDenied: "您没有执行此操作的权限。",
    exceptions.NotFound: "没有找到该资源，或您无权查看。",
    exceptions.MethodNotAllowed: "该地址不支持此请求方法。",
    exceptions.NotAcceptable: "无法提供所请求的格式。",
    exceptions.UnsupportedMediaType: "不支持该请求内容类型。",
}


def problem_handler(exc, context):
    """DRF's handler, its body reshaped as a problem; Django's Http404 and PermissionDenied included."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    body = {"type": PROBLEM_TYPE, "title": TITLES.get(status, "请求失败"), "status": status}
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = "请求的参数或内容不符合要求，请按 errors 逐项改正。"
        body["errors"] = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
    elif isinstance(exc, exceptions.Throttled):
        body["detail"] = f"请求过于频繁，请 {exc.wait or 1:.0f} 秒后再试。"
    else:
        body["detail"] = next((text for kind, text in DETAILS.items() if isinstance(exc, kind)), str(exc.detail))
    response.data = body
    response.content_type = "application/problem+json"
    return response


@csrf_exempt  # nothing is written; a POST to a wrong address is told so, not refused for its missing token
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a 404 problem (the site's 404 is a page, for people)."""
    body = {
        "type": PROBLEM_TYPE,
        "title": TITLES[404],
        "status": 404,
        "detail": "没有这个接口地址，请查看 /api/v1/docs/。",
    }
    return JsonResponse(
        body, status=404, content_type="application/problem+json", json_dumps_params={"ensure_ascii": False}
    )
