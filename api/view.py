"""POST /graphql: graphene-django's view with AppSync's auth modes, errors, caching and limits.

GET serves GraphiQL when DEBUG is on; queries are only executed from POST. For monitoring, every
request gets `graphql_operations` (root field names), `graphql_error_types` and `graphql_cache`.

HTTP status as AppSync answers it: anything that is a GraphQL request gets 200, with `data: null` and
typed errors when the document fails validation or its variables are bad (Amplify turns any other
status into "Unknown error" and loses the errorType). Only a request that is not GraphQL at all
(empty or unparseable body, no query, a query that does not parse) is a 400
`MalformedHttpRequestException`.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    OperationType,
    execute,
    parse,
    specified_rules,
    validate,
)

from api import cache
from api.auth import authenticate
from api.errors import GENERIC_MESSAGE, format_graphql_error, format_request_error
from api.limits import LIMIT_RULES, MAX_JSON_DEPTH, body_too_large, json_depth
from api.schema import schema as shop_schema

logger = logging.getLogger("shop.graphql")

DOCUMENTS_KEPT = 256  # parsed and validated query texts per process (api.view.checked_document)
SUBSCRIPTIONS_OVER_WEBSOCKET = ("Subscriptions are served over WebSocket at /graphql/realtime (the AppSync "
                                "real-time protocol), not by POST /graphql.")


class Unparsed(ExecutionResult):
    """A query that is not GraphQL at all (a syntax error): the one GraphQL failure that is HTTP 400."""


@method_decorator(csrf_exempt, name="dispatch")  # token callers need none; auth.py checks session callers
class ShopGraphQLView(GraphQLView):
    # GraphiQL from our own static files (static/vendor/), so it works offline and under a CSP.
    graphiql_template = "api/graphiql.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.graphql_operations, request.graphql_error_types, request.graphql_cache = [], [], None
        if request.method not in ("GET", "POST") or (
            request.method == "GET" and not (self.graphiql and self.request_wants_html(request))
        ):
            response = self._refuse(request, 405, "Send GraphQL requests with POST.")
            response["Allow"] = "POST"
            return response
        if request.method == "POST" and body_too_large(request):
            return self._refuse(
                request, 413, f"The request body is larger than {settings.GRAPHQL_MAX_BODY_BYTES} bytes.",
                "ValidationError",
            )
        try:
            request.graphql_caller = authenticate(request)
            if request.method == "GET":  # GraphiQL, whose own requests need the CSRF cookie
                response = super().dispatch(request, *args, **kwargs)
            else:  # graphene-django's dispatch without its ensure_csrf_cookie: API answers set no cookie
                response = GraphQLView.dispatch.__wrapped__(self, request, *args, **kwargs)
        except Exception:
            logger.exception("unhandled error in the GraphQL view")
            return self._refuse(request, 500, GENERIC_MESSAGE, "InternalFailure")
        if response.status_code >= 400 and not request.graphql_error_types:
            request.graphql_error_types.append("MalformedHttpRequestException")
        response["x-amzn-RequestId"] = getattr(request, "request_id", "")  # AppSync's header name
        return response

    @staticmethod
    def _refuse(request: HttpRequest, status: int, message: str,
                error_type: str = "MalformedHttpRequestException") -> JsonResponse:
        request.graphql_error_types.append(error_type)
        return JsonResponse({"data": None, "errors": [format_request_error(message, error_type)]}, status=status)

    @staticmethod
    def format_error(error: Exception) -> dict:
        """Only for graphene-django's HttpError (bad JSON, no query, ...): a 4xx about the request."""
        return format_request_error(str(getattr(error, "message", "")) or "Malformed request.")

    def parse_body(self, request: HttpRequest) -> dict:
        try:
            data = super().parse_body(request)
        except RecursionError:  # json.loads on a small but absurdly nested body (Python 3.11)
            data = None
        if data is None or json_depth(data) > MAX_JSON_DEPTH:
            raise HttpError(HttpResponseBadRequest("The request body is nested too deeply."))
        return data

    @staticmethod
    def get_graphql_params(request: HttpRequest, data: dict):
        query, variables, operation_name, id_ = GraphQLView.get_graphql_params(request, data)
        variables = variables or None
        for name, value, kind, label in (("query", query, str, "string"), ("variables", variables, dict, "object"),
                                         ("operationName", operation_name, str, "string")):
            if value is not None and not isinstance(value, kind):
                raise HttpError(HttpResponseBadRequest(f"{name} must be a JSON {label}."))
        return query, variables, operation_name, id_

    def get_response(self, request: HttpRequest, data: dict, show_graphiql: bool = False):
        query, variables, operation_name, _id = self.get_graphql_params(request, data)
        if request.method == "POST" and isinstance(query, str):
            # A cached public read is answered from its text: no parsing, validation or execution.
            request.graphql_cache_key = cache.cache_key(query, variables, operation_name,
                                                        request.graphql_caller.kind)
            if (cached := cache.get(request.graphql_cache_key)) is not None:
                request.graphql_operations = list(cached["operations"])
                cache.record(request, "hit")
                return cached["body"], 200
        result = self.execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)
        if result is None:
            return None, 200
        if result.errors and isinstance(result, Unparsed):
            message = "; ".join(error.message for error in result.errors)
            request.graphql_error_types.append("MalformedHttpRequestException")
            return self.json_encode(request, {"data": None, "errors": [format_request_error(message)]}), 400
        # Errors outside any field (validation, variables) mean nothing was executed: data is null.
        body: dict = {"data": result.data}
        if result.errors:
            body["errors"] = [format_graphql_error(error) for error in result.errors]
            request.graphql_error_types.extend(error["errorType"] for error in body["errors"])
        encoded = self.json_encode(request, body, pretty=show_graphiql)
        if getattr(request, "graphql_cacheable", False) and not result.errors:
            cache.put(request.graphql_cache_key, encoded, request.graphql_operations)
        return encoded, 200

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        if request.method != "POST":
            return None  # GraphiQL page; it sends its queries with POST
        document, errors = checked_document(query)
        if isinstance(document, GraphQLError):
            return Unparsed(errors=[document])
        operation, roots = cache.root_fields(document, operation_name)
        request.graphql_operations = [node.name.value for node in roots]
        if operation is not None and operation.operation is OperationType.SUBSCRIPTION:
            return ExecutionResult(errors=[GraphQLError(SUBSCRIPTIONS_OVER_WEBSOCKET, operation)])
        if errors:
            return ExecutionResult(errors=errors)
        result = execute(shop_schema.graphql_schema, document, context_value=request, variable_values=variables,
                         operation_name=operation_name, middleware=self.get_middleware(request))
        if cache.is_cacheable(document, operation_name):
            cache.record(request, "miss")
            request.graphql_cacheable = True  # stored by get_response, once encoded, if it has no errors
        return result


@lru_cache(maxsize=DOCUMENTS_KEPT)
def checked_document(query: str) -> tuple[DocumentNode | GraphQLError, list[GraphQLError]]:
    """The parsed document (or its syntax error) and its validation errors, once per query text per
    process: clients send the same few documents over and over, and both depend on the text alone."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return error, []
    schema = shop_schema.graphql_schema
    errors = validate(schema, document, specified_rules, graphene_settings.MAX_VALIDATION_ERRORS) or validate(
        schema, document, LIMIT_RULES, graphene_settings.MAX_VALIDATION_ERRORS)
    return document, errors
