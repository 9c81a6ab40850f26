"""Answering a CloudFormation custom resource request: a PUT of the outcome to the request's presigned ResponseURL."""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Literal

logger = logging.getLogger(__name__)

# CloudFormation shows at most this much of the reason, and the whole response must stay under 4 KB.
MAX_REASON = 1000


@dataclass(frozen=True)
class CustomResourceRequest:
    request_type: Literal["Create", "Update", "Delete"]
    response_url: str
    stack_id: str
    request_id: str
    logical_resource_id: str
    physical_resource_id: str | None = None


@dataclass(frozen=True)
class CustomResourceOutcome:
    status: Literal["SUCCESS", "FAILED"]
    reason: str
    physical_resource_id: str
    data: dict[str, Any] = field(default_factory=dict)


def response_body(request: CustomResourceRequest, outcome: CustomResourceOutcome) -> dict[str, Any]:
    return {
        "Status": outcome.status,
        "Reason": outcome.reason[:MAX_REASON],
        "PhysicalResourceId": outcome.physical_resource_id,
        "StackId": request.stack_id,
        "RequestId": request.request_id,
        "LogicalResourceId": request.logical_resource_id,
        "NoEcho": False,
        "Data": outcome.data,
    }


def send_response(request: CustomResourceRequest, outcome: CustomResourceOutcome, timeout_s: float = 15.0) -> None:
    """PUT the outcome to CloudFormation. Without it the stack waits for an hour, so failures are retried once."""
    if not request.response_url.startswith(("https://", "http://")):
        raise ValueError("ResponseURL must be an http(s) URL")
    body = json.dumps(response_body(request, outcome)).encode("utf-8")
    # The URL is presigned without a content type: send an empty one (urllib would add a form type otherwise).
    headers = {"Content-Type": "", "Content-Length": str(len(body))}
    for attempt in (1, 2):
        put = urllib.request.Request(request.response_url, data=body, method="PUT", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(put, timeout=timeout_s) as answer:  # noqa: S310 (scheme checked above)
                answer.read()
            return
        except OSError:
            if attempt == 2:
                raise
            logger.warning("CloudFormation response failed, retrying", exc_info=True)
