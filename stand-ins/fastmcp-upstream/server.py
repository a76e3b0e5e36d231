"""
An upstream-style ToolBridge MCP proxy for the verification suite's tests: a FastMCP server over the legacy
HTTP+SSE transport with the upstream tool surface and behaviour as contract/toolbridge-api.md §15 describes them,
defects included (no authentication on the MCP endpoint, the JWT decoded without verification, a new Go session per
call, delete_* failing after the delete, update_comment/update_chat_message dropping parent links, uids pasted
into URLs, Go error bodies discarded, health_check disclosing the tenant id and the Go URL).

It is a test target, not a product: it lives with the stand-ins and never in the image. The tools are generated
from the contract's entity table, handed over as JSON (TBV_TOOL_TABLE) by stand-ins/fastmcp-upstream/start.ts.
"""
import hashlib
import hmac
import inspect
import json
import os
import time
from typing import Annotated, Any, Callable

import httpx
import jwt
from fastmcp import FastMCP
from fastmcp.server.dependencies import get_http_headers
from pydantic import BaseModel, Field, create_model

TENANT_ID = os.environ["TOOLBRIDGE_TENANT_ID"]
TENANT_SECRET = os.environ["TOOLBRIDGE_TENANT_HEADER_SECRET"]
GO_API = os.environ.get("TOOLBRIDGE_GO_API_BASE_URL", "http://localhost:8081")
SHARED_TOKEN = os.environ.get("TOOLBRIDGE_JWT_TOKEN") or None
HOST = os.environ.get("TOOLBRIDGE_HOST", "0.0.0.0")
PORT = int(os.environ.get("TOOLBRIDGE_PORT", "8001"))
with open(os.environ["TBV_TOOL_TABLE"], encoding="utf-8") as table_file:
    TOOL_TABLE: list[dict[str, Any]] = json.load(table_file)

mcp = FastMCP("ToolBridge")


class TenantHeaders(httpx.AsyncBaseTransport):
    """Overwrites the signed tenant headers on every outgoing request (session and main)."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timestamp = str(int(time.time() * 1000))
        signature = hmac.new(TENANT_SECRET.encode(), f"{TENANT_ID}:{timestamp}".encode(), hashlib.sha256).hexdigest()
        request.headers["X-TB-Tenant-ID"] = TENANT_ID
        request.headers["X-TB-Timestamp"] = timestamp
        request.headers["X-TB-Signature"] = signature
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def caller_authorization() -> str:
    if SHARED_TOKEN:
        return f"Bearer {SHARED_TOKEN}"
    authorization = get_http_headers(include_all=True).get("authorization")
    if not authorization:
        raise ValueError("Missing Authorization header. MCP client must provide JWT token or configure TOOLBRIDGE_JWT_TOKEN.")
    return authorization


def unverified_subject(authorization: str) -> str:
    if not authorization.startswith("Bearer "):
        raise ValueError("Invalid JWT token: Authorization header must start with 'Bearer '")
    try:
        claims = jwt.decode(authorization[7:], options={"verify_signature": False, "verify_exp": False, "verify_aud": False, "verify_iss": False})
    except jwt.PyJWTError as error:
        raise ValueError(f"Invalid JWT token: {error}") from error
    subject = claims.get("sub")
    if not subject:
        raise ValueError("Failed to extract user ID from JWT: token has no sub claim")
    return subject


async def go(method: str, path: str, *, body: Any = None, params: dict[str, Any] | None = None, if_match: int | None = None) -> Any:
    authorization = caller_authorization()
    subject = unverified_subject(authorization)
    async with httpx.AsyncClient(base_url=GO_API, timeout=30.0, transport=TenantHeaders()) as client:
        try:
            session = await client.post("/v1/sync/sessions", headers={"Authorization": authorization, "X-Debug-Sub": subject})
            session.raise_for_status()
        except httpx.HTTPError as error:
            raise RuntimeError(f"Session creation failed: {error}") from error
        opened = session.json()
        headers = {"Authorization": authorization, "X-Sync-Session": opened["id"], "X-Sync-Epoch": str(opened["epoch"])}
        if if_match is not None:
            headers["If-Match"] = str(if_match)
        response = await client.request(method, path, json=body, params=params, headers=headers)
        response.raise_for_status()  # Go's error body and correlation id are lost here
        return response.json()


def truthy(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value}


def register(name: str, description: str, parameters: list[inspect.Parameter], returns: type, run: Callable[..., Any]) -> None:
    async def tool(**arguments: Any) -> Any:
        return await run(**arguments)

    tool.__name__ = name
    tool.__doc__ = description
    tool.__signature__ = inspect.Signature(parameters, return_annotation=returns)  # type: ignore[attr-defined]
    tool.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": returns}
    mcp.tool(name=name, description=description)(tool)


def param(name: str, annotation: Any, default: Any = inspect.Parameter.empty) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


FIELD_TYPES = {"string": str, "uuid": str, "string[]": list[str], "boolean": bool}


def field_params(fields: list[dict[str, Any]]) -> list[inspect.Parameter]:
    out = []
    for field in fields:
        kind = FIELD_TYPES[field["type"]]
        described = Annotated[kind if field["required"] or "default" in field else kind | None, Field(description=field["description"])]
        if field["required"]:
            out.append(param(field["param"], described))
        else:
            out.append(param(field["param"], described, field.get("default")))
    return out


def body_of(fields: list[dict[str, Any]], arguments: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for field in fields:
        value = arguments.get(field["param"])
        if field["required"] or "default" in field or value:
            body[field["key"]] = value
    return body


def entity_tools(entity: dict[str, Any]) -> None:
    path = f"/v1/{entity['path']}"
    one, many = entity["toolSingular"], entity["toolPlural"]
    Item = create_model(entity["model"], __doc__=f"One {entity['singular']}: its version, times and payload.", uid=(str, ...), version=(int, ...), updatedAt=(str, ...), deletedAt=(str | None, None), payload=(dict[str, Any], ...))
    Page = create_model(f"{entity['model']}List", __doc__=f"A page of {entity['plural']}.", items=(list[Item], ...), nextCursor=(str | None, None))  # type: ignore[valid-type]
    uid = param("uid", Annotated[str, Field(description=f"uid of the {entity['singular']}")])
    if_match = param("if_match", Annotated[int | None, Field(description="version the item must have (optimistic locking)")], None)
    extra = param("additional_fields", Annotated[dict[str, Any] | None, Field(description="more payload keys, merged last")], None)

    async def list_items(limit: int, cursor: str | None, include_deleted: bool) -> Any:
        query: dict[str, Any] = {"limit": limit}
        if cursor:
            query["cursor"] = cursor
        if include_deleted:
            query["includeDeleted"] = "true"
        return Page.model_validate(await go("GET", path, params=query))

    register(
        f"list_{many}",
        f"List {entity['plural']}, a page at a time.",
        [
            param("limit", Annotated[int, Field(ge=1, le=1000, description="page size")], 100),
            param("cursor", Annotated[str | None, Field(description="cursor from the previous page")], None),
            param("include_deleted", Annotated[bool, Field(description="include deleted items")], False),
        ],
        Page,
        list_items,
    )

    async def get_item(uid: str, include_deleted: bool) -> Any:
        return Item.model_validate(await go("GET", f"{path}/{uid}", params={"includeDeleted": "true"} if include_deleted else None))

    register(f"get_{one}", f"Get one {entity['singular']}.", [uid, param("include_deleted", Annotated[bool, Field(description="also return it when deleted")], False)], Item, get_item)

    async def create_item(**arguments: Any) -> Any:
        body = body_of(entity["createFields"], arguments) | (arguments.get("additional_fields") or {})
        return Item.model_validate(await go("POST", path, body=body))

    register(f"create_{one}", f"Create a {entity['singular']}.", [*field_params(entity["createFields"]), extra], Item, create_item)

    async def update_item(uid: str, if_match: int | None = None, additional_fields: dict[str, Any] | None = None, **fields: Any) -> Any:
        body = {"uid": uid} | body_of(entity["updateFields"], fields) | (additional_fields or {})
        return Item.model_validate(await go("PUT", f"{path}/{uid}", body=body, if_match=if_match))

    register(f"update_{one}", f"Replace a {entity['singular']} (full update).", [uid, *field_params(entity["updateFields"]), if_match, extra], Item, update_item)

    async def patch_item(uid: str, updates: dict[str, Any]) -> Any:
        return Item.model_validate(await go("PATCH", f"{path}/{uid}", body=updates))

    register(f"patch_{one}", f"Change some fields of a {entity['singular']}.", [uid, param("updates", Annotated[dict[str, Any], Field(description="fields to change")])], Item, patch_item)

    async def delete_item(uid: str) -> Any:
        # Go answers a summary without payload, which this model requires: the tool fails after the delete
        return Item.model_validate(await go("DELETE", f"{path}/{uid}"))

    register(f"delete_{one}", f"Delete a {entity['singular']}.", [uid], Item, delete_item)

    async def archive_item(uid: str) -> Any:
        return Item.model_validate(await go("POST", f"{path}/{uid}/archive", body={}))

    register(f"archive_{one}", f"Archive a {entity['singular']}.", [uid], Item, archive_item)

    async def process_item(uid: str, action: str, metadata: dict[str, Any] | None) -> Any:
        body: dict[str, Any] = {"action": action}
        if metadata:
            body["metadata"] = metadata
        return Item.model_validate(await go("POST", f"{path}/{uid}/process", body=body))

    register(
        f"process_{one}",
        f"Apply an action to a {entity['singular']}: {', '.join(entity['actions'])}.",
        [uid, param("action", Annotated[str, Field(description="the action")]), param("metadata", Annotated[dict[str, Any] | None, Field(description="extra data")], None)],
        Item,
        process_item,
    )


for entity_row in TOOL_TABLE:
    entity_tools(entity_row)


@mcp.tool(description="Report the proxy's health and configuration.")
async def health_check() -> dict[str, Any]:
    return {"status": "healthy", "tenant_id": TENANT_ID, "go_api_base_url": GO_API}


if __name__ == "__main__":
    mcp.run(transport="sse", host=HOST, port=PORT)
