"""Papers: attaching one to a referral, and downloading one.

A download is served only to someone who can see the referral, under a generic name
(`paper-12.pdf`): the uploader's file name may name the child. Every download is audited.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Status, UploadedFile
from ninja.params import FormEx, P

from carepanel.api.auth import actor_of
from carepanel.api.referral_schemas import PaperOut
from carepanel.api.schemas import ERRORS, ObjectId
from carepanel.audit.services import audit_record
from carepanel.core.errors import NotFound
from carepanel.referrals.models import Paper
from carepanel.referrals.queries import referrals_visible_to
from carepanel.referrals.services import paper_add

router = Router(tags=["papers"])

NO_PAPER = "No paper with that id."


@router.post(
    "/referrals/{referral_id}/papers",
    response={201: PaperOut, **ERRORS},
    summary="Attach a paper to a referral (multipart form: file, type, dated)",
    description="PDF, Word (DOCX), PNG or JPEG; `dated` is the paper's own date, like an "
    "assessment's completion date.",
)
def paper_upload(
    request: HttpRequest,
    referral_id: ObjectId,
    file: File[UploadedFile],
    paper_type: FormEx[str, P(alias="type")],
    dated: Form[dt.date | None] = None,
) -> Status[PaperOut]:
    paper = paper_add(
        actor=actor_of(request),
        referral_id=referral_id,
        paper_type=paper_type,
        upload=file,
        dated=dated,
    )
    return Status(201, PaperOut.of(paper))


@router.get(
    "/papers/{paper_id}/file",
    response={200: None, **ERRORS},
    summary="Download a paper",
    openapi_extra={
        "responses": {
            200: {
                "description": "The paper, under a generic file name",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def paper_download(request: HttpRequest, paper_id: ObjectId) -> FileResponse:
    actor = actor_of(request)
    papers = Paper.objects.filter(
        authority_id=actor.authority_id, referral__in=referrals_visible_to(actor).values("pk")
    )
    try:
        paper = papers.get(pk=paper_id)
    except Paper.DoesNotExist:
        raise NotFound(NO_PAPER) from None
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="paper.downloaded",
        obj=paper,
        referral_id=paper.referral_id,
    )
    suffix = PurePath(paper.file.name or "").suffix.lower()
    return FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=f"paper-{paper.pk}{suffix}",
        content_type=paper.content_type,
    )
