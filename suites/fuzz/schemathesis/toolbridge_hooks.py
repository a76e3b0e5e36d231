"""Schemathesis hooks for the ToolBridge Go API, loaded through SCHEMATHESIS_HOOKS by the fuzz suite.

Credentials come from an auth provider, so Schemathesis knows which headers are credentials (ignored_auth strips
them, missing_required_header leaves them alone): a bearer JWT and a freshly signed set of tenant headers on every
request. The API rate-limits per owner, so the harness hands over several users and each operation is always sent
as the same one of them (one user per operation by default), with one live item of each entity its item operations address. Every request that carries a sync session or epoch header gets that user's live session
and current epoch instead of the generated value, unless the case is about that very header (a negative case that
mutated it, or a check that removed it). After a wipe, which ends the owner's sessions and raises the epoch, the
user opens a new session. Everything comes from TB_FUZZ_* variables set by the harness; nothing is printed.

Every request sent is logged to TB_FUZZ_REQUEST_LOG (one line each: operation, status, whether it carried the run's
credentials), so the harness can tell from the API's answers, not from a heuristic, whether the run was let in.
"""
import hashlib
import hmac
import json
import os
import re
import threading
import time
import zlib

import requests
import schemathesis
from schemathesis.generation.meta import negated_parameters

BASE_URL = os.environ["TB_FUZZ_BASE_URL"].rstrip("/")
TENANT_ID = os.environ.get("TB_FUZZ_TENANT_ID", "")
TENANT_SECRET = os.environ.get("TB_FUZZ_TENANT_SECRET", "")
CA_BUNDLE = os.environ.get("TB_FUZZ_CA_BUNDLE") or True
# [{"token": …, "session": …, "epoch": …}, …] and {"GET /v1/notes": index into USERS, …}
USERS = json.loads(os.environ["TB_FUZZ_USERS"])
ASSIGNMENT = json.loads(os.environ["TB_FUZZ_ASSIGNMENT"])
SYNC_HEADERS = ("X-Sync-Session", "X-Sync-Epoch")
REQUEST_LOG = os.environ.get("TB_FUZZ_REQUEST_LOG")

_lock = threading.Lock()


def tenant_headers():
    if not TENANT_SECRET:
        return {}
    ms = str(int(time.time() * 1000))
    signature = hmac.new(TENANT_SECRET.encode(), f"{TENANT_ID}:{ms}".encode(), hashlib.sha256).hexdigest()
    return {"X-TB-Tenant-ID": TENANT_ID, "X-TB-Timestamp": ms, "X-TB-Signature": signature}


def user_for(case):
    index = ASSIGNMENT.get(case.operation.label)
    return USERS[index if index is not None else zlib.crc32(case.operation.label.encode()) % len(USERS)]


def _open_session(user):
    headers = {"Authorization": f"Bearer {user['token']}", **tenant_headers()}
    answer = requests.post(f"{BASE_URL}/v1/sync/sessions", headers=headers, timeout=10, verify=CA_BUNDLE)
    answer.raise_for_status()
    user["session"] = answer.json()["id"]
    user["epoch"] = answer.headers.get("X-Sync-Epoch", user["epoch"])
    user.pop("stale", None)


@schemathesis.auth()
class ToolBridgeAuth:
    def get(self, case, ctx):
        return "per-operation"

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {user_for(case)['token']}"
        case.headers.update(tenant_headers())


ITEM_PATH = re.compile(r"^/v1/([a-z_]+)/\{uid\}")
NIL_UUID = "00000000-0000-0000-0000-000000000000"


@schemathesis.hook
def map_case(ctx, case):
    """Cases of an item operation address the user's own live item (TB_FUZZ_USERS[i]["items"]) instead of a uid
    nothing has: every case with the nil UUID (Hypothesis' simplest uid, most of the coverage phase's cases) and half
    the others, decided by the generated uid so a replayed case is the same case. Cases about the uid itself (a
    negated path parameter) keep theirs."""
    match = ITEM_PATH.match(case.path)
    if not match or not case.path_parameters or "uid" not in case.path_parameters:
        return case
    if "uid" in {name for name, _ in negated_parameters(case._meta)}:
        return case
    item = user_for(case).get("items", {}).get(match.group(1))
    generated = str(case.path_parameters["uid"])
    if item and (generated == NIL_UUID or zlib.crc32(generated.encode()) % 2 == 0):
        case.path_parameters["uid"] = item
    return case


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if not case.headers:
        return
    mutated = {name for name, _ in negated_parameters(case._meta)}
    wanted = [name for name in SYNC_HEADERS if name in case.headers and name not in mutated]
    if not wanted:
        return
    user = user_for(case)
    with _lock:
        if user.get("stale"):
            _open_session(user)
        live = {"X-Sync-Session": user["session"], "X-Sync-Epoch": str(user["epoch"])}
    for name in wanted:
        case.headers[name] = live[name]


def log_request(case, response):
    """A line for the harness: the credentials count only when the request sent the user's token unchanged."""
    if not REQUEST_LOG:
        return
    sent = response.request.headers.get("Authorization") if response.request is not None else None
    credentialed = 1 if sent == f"Bearer {user_for(case)['token']}" else 0
    with _lock, open(REQUEST_LOG, "a", encoding="utf-8") as log:
        log.write(f"{case.operation.label}\t{response.status_code}\t{credentialed}\n")


@schemathesis.hook
def after_call(ctx, case, response):
    log_request(case, response)
    if case.path == "/v1/sync/wipe" and case.method.upper() == "POST" and response.status_code == 200:
        with _lock:
            user_for(case)["stale"] = True
