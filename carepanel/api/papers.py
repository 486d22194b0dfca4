"""Papers: attaching one to a referral, and downloading one.

A download is served only to someone who can see the referral, under a generic name
(`paper-12.pdf`): the uploader's file name may name the child. Every download is audited.
"""

from __future__ import annotations

from typing import Annotated

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Status, UploadedFile
from ninja.params import FormEx, P

from carepanel.api.auth import actor_of
from carepanel.api.referral_schemas import PaperOut
from carepanel.api.schemas import ERRORS, IsoDate, ObjectId, Text, stated_values
from carepanel.policy import PAPER_TYPES
from carepanel.referrals import services as referral_services
from carepanel.referrals.services import paper_add

router = Router(tags=["papers"])

# The service refuses a type not listed, in its own words.
PaperType = Annotated[Text, stated_values(PAPER_TYPES)]


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
    paper_type: FormEx[PaperType, P(alias="type")],
    dated: Form[IsoDate | None] = None,
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
    paper = referral_services.paper_download(actor=actor_of(request), paper_id=paper_id)
    return FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=referral_services.paper_file_name(paper),
        content_type=paper.content_type,
    )
