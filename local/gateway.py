"""The local gateway: API Gateway REST semantics over the same Lambda handlers.

Each HTTP request is matched against the route table, turned into an API Gateway
REST proxy event (path and multi-value query parameters, headers, base64 bodies)
and passed to the group's `lambda_handler`. `user` and `admin` routes go through
the TOKEN authorizer first, as in AWS: no header is a 401 without calling it, an
`Unauthorized` from it is a 401, a Deny for the method is a 403, and its answer is
cached per token for the authorizer TTL. Unknown routes get a JSON 404 and never
reach a function. Everything else is served from `web/`.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from courtside.routes import ROUTES, Route
from local.functions import LambdaContext, LambdaHandler, load_handler

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = ROOT / "web"
STAGE = "local"
API_ID = "courtside"
REGION = "local"
ACCOUNT = "000000000000"
TEXT_TYPES = ("application/json", "text/", "application/x-www-form-urlencoded", "application/xml")

HandlerLoader = Callable[[str], LambdaHandler]


def _werkzeug_rule(route: Route) -> str:
    return route.path.replace("{", "<").replace("}", ">")


def method_arn(method: str, path: str) -> str:
    return f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/{STAGE}/{method}{path}"


def policy_allows(policy: dict[str, Any], arn: str) -> bool:
    """IAM evaluation of an authorizer policy for one method ARN: an explicit Deny wins."""
    allowed = False
    for statement in policy.get("Statement", []):
        actions = _as_list(statement.get("Action"))
        if not any(fnmatch.fnmatchcase("execute-api:Invoke", a) for a in actions):
            continue
        if not any(fnmatch.fnmatchcase(arn, r) for r in _as_list(statement.get("Resource"))):
            continue
        if statement.get("Effect") == "Deny":
            return False
        if statement.get("Effect") == "Allow":
            allowed = True
    return allowed


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _context_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_response(status: int, code: str, message: str) -> Response:
    body = json.dumps({"error": {"code": code, "message": message, "details": None}})
    return Response(body, status=status, content_type="application/json")


def _method_not_allowed(methods: Iterable[str]) -> Response:
    response = _json_response(405, "method_not_allowed", "method not allowed on this route")
    response.headers["Allow"] = ", ".join(sorted(set(methods) - {"HEAD"}))
    return response


class AuthorizerCache:
    """Authorizer answers per token, kept for the authorizer TTL as API Gateway does."""

    def __init__(self, ttl_seconds: int) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: dict[str, tuple[float, dict[str, Any] | None]] = {}
        self._lock = threading.Lock()

    def get(self, token: str) -> tuple[bool, dict[str, Any] | None]:
        with self._lock:
            entry = self._entries.get(token)
            if entry is None or entry[0] < time.monotonic():
                return False, None
            return True, entry[1]

    def put(self, token: str, answer: dict[str, Any] | None) -> None:
        if self.ttl_seconds <= 0:
            return
        with self._lock:
            self._entries[token] = (time.monotonic() + self.ttl_seconds, answer)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class Gateway:
    """A WSGI application that plays API Gateway (and the S3 site) locally."""

    def __init__(
        self,
        *,
        loader: HandlerLoader = load_handler,
        authorizer_ttl_seconds: int = 300,
        web_dir: Path = WEB_DIR,
    ) -> None:
        self.loader = loader
        self.web_dir = web_dir
        self.authorizer_cache = AuthorizerCache(authorizer_ttl_seconds)
        self.url_map = Map(
            [Rule(_werkzeug_rule(r), methods=[r.method], endpoint=r) for r in ROUTES],
            strict_slashes=False,
            merge_slashes=False,
        )
        # Like a Lambda container, each function serves one request at a time: a
        # Powertools resolver keeps the current event on itself.
        self._function_locks = {
            group: threading.Lock() for group in {r.group for r in ROUTES} | {"authorizer"}
        }

    def invoke(self, group: str, event: dict[str, Any], request_id: str) -> Any:
        """Call a group's function with one event, as its only request in flight."""
        with self._function_locks[group]:
            return self.loader(group)(event, LambdaContext(group, request_id))

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        if request.path == "/v1" or request.path.startswith("/v1/"):
            return self._api(request)
        return self._static(request)

    # ------------------------------------------------------------------ API

    def _api(self, request: Request) -> Response:
        adapter = self.url_map.bind("localhost")
        try:
            route, path_params = adapter.match(request.path, method=request.method)
        except MethodNotAllowed:
            return _method_not_allowed(adapter.allowed_methods(request.path))
        except NotFound:
            return _json_response(404, "route_not_found", "no such route")
        except Exception:  # noqa: BLE001 - redirects and the like: treat as unknown
            return _json_response(404, "route_not_found", "no such route")

        if request.method == "HEAD":  # werkzeug matches HEAD to GET rules; the API has none
            return _method_not_allowed(adapter.allowed_methods(request.path))

        request_id = str(uuid.uuid4())
        authorizer_context: dict[str, Any] | None = None
        if route.access != "public":
            outcome = self._authorize(request, route)
            if isinstance(outcome, Response):
                return outcome
            authorizer_context = outcome

        event = build_event(request, route, dict(path_params), request_id, authorizer_context)
        result = self.invoke(route.group, event, request_id)
        return proxy_response(result)

    def _authorize(self, request: Request, route: Route) -> dict[str, Any] | Response:
        header = request.headers.get("Authorization")
        if not header:
            return _json_response(401, "unauthorized", "Unauthorized")

        found, answer = self.authorizer_cache.get(header)
        if not found:
            try:
                answer = self._call_authorizer(header, method_arn(route.method, request.path))
            except Exception:  # noqa: BLE001 - API Gateway answers any authorizer failure so
                return _json_response(500, "authorizer_error", "the authorizer failed")
            self.authorizer_cache.put(header, answer)
        if answer is None:
            return _json_response(401, "unauthorized", "Unauthorized")

        if not policy_allows(
            answer.get("policyDocument", {}), method_arn(route.method, request.path)
        ):
            return _json_response(
                403, "access_denied", "User is not authorized to access this resource"
            )
        # API Gateway hands the context to the integration with every value as a string.
        context: dict[str, Any] = {
            key: _context_value(value) for key, value in (answer.get("context") or {}).items()
        }
        context["principalId"] = answer.get("principalId")
        return context

    def _call_authorizer(self, header: str, arn: str) -> dict[str, Any] | None:
        """The authorizer's answer for the method ARN of the actual request; None for a 401."""
        event = {"type": "TOKEN", "authorizationToken": header, "methodArn": arn}
        try:
            answer: dict[str, Any] = self.invoke("authorizer", event, str(uuid.uuid4()))
        except Exception as exc:
            if str(exc) == "Unauthorized":
                return None
            raise
        return answer

    # --------------------------------------------------------------- static

    def _static(self, request: Request) -> Response:
        relative = request.path.lstrip("/") or "index.html"
        target = (self.web_dir / relative).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.web_dir.resolve()) or not target.is_file():
            target = self.web_dir / "index.html"
            if not target.is_file():
                return Response("not found", status=404, content_type="text/plain")
        from werkzeug.utils import send_file

        return send_file(target, environ=request.environ, max_age=60)


def build_event(
    request: Request,
    route: Route,
    path_params: dict[str, str],
    request_id: str,
    authorizer_context: dict[str, Any] | None,
) -> dict[str, Any]:
    """An API Gateway REST proxy (v1) event for one HTTP request."""
    body_bytes = request.get_data(cache=True)
    content_type = request.headers.get("Content-Type", "")
    is_text = not body_bytes or content_type.startswith(TEXT_TYPES)
    if is_text:
        body: str | None = body_bytes.decode("utf-8", errors="replace") if body_bytes else None
    else:
        body = base64.b64encode(body_bytes).decode("ascii")

    multi_headers: dict[str, list[str]] = {}
    for name, value in request.headers.items():
        multi_headers.setdefault(name, []).append(value)
    multi_query = {key: request.args.getlist(key) for key in request.args}
    now = datetime.now(UTC)

    return {
        "resource": route.path,
        "path": request.path,
        "httpMethod": request.method,
        "headers": {name: values[-1] for name, values in multi_headers.items()} or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": dict(path_params) or None,
        "stageVariables": None,
        "body": body,
        "isBase64Encoded": not is_text,
        "requestContext": {
            "resourceId": "local",
            "resourcePath": route.path,
            "httpMethod": request.method,
            "path": request.path,
            "stage": STAGE,
            "requestId": request_id,
            "extendedRequestId": request_id,
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "requestTimeEpoch": int(now.timestamp() * 1000),
            "protocol": request.environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
            "accountId": ACCOUNT,
            "apiId": API_ID,
            "domainName": request.host,
            "identity": {
                "sourceIp": request.remote_addr or "127.0.0.1",
                "userAgent": request.headers.get("User-Agent"),
            },
            "authorizer": authorizer_context,
        },
    }


def proxy_response(result: dict[str, Any]) -> Response:
    """A Lambda proxy integration result as an HTTP response."""
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode("utf-8")
    response = Response(data, status=int(result.get("statusCode", 200)))
    response.headers.clear()
    for name, value in (result.get("headers") or {}).items():
        response.headers[name] = value
    for name, values in (result.get("multiValueHeaders") or {}).items():
        if name in (result.get("headers") or {}):
            continue
        for value in values:
            response.headers.add(name, value)
    return response
