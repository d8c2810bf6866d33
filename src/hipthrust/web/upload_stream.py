"""Reading an uploaded video from a multipart request without holding it anywhere else.

A script (or the upload page's script) sends the CSRF token in the ``X-CSRF-Token`` header, so
the body is untouched when the route starts: it is parsed here as it arrives, the file part's
bytes going straight into ``IncomingVideo.write`` (which refuses past the size limit at once),
the small text fields kept in memory (``MAX_FIELD_BYTES`` each). A plain form post carries the
token in the body, which the CSRF check has already parsed (Starlette spools the file to a
temporary file it deletes afterwards); then the parsed file is copied in chunks the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import UploadFile
from starlette.requests import Request

from hipthrust.service.uploads import CHUNK_BYTES, FieldError, IncomingVideo
from hipthrust.web.security import CSRF_HEADER

__all__ = [
    "FILE_FIELD",
    "MAX_FIELD_BYTES",
    "ReceivedForm",
    "close_form",
    "form_values",
    "receive_form",
]

FILE_FIELD = "video"
MAX_FIELD_BYTES = 1000
_TEXT_FIELDS = ("exercise", "load", "side", "csrf_token")


@dataclass
class ReceivedForm:
    filename: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class _Part:
    header_name: bytearray = field(default_factory=bytearray)
    header_value: bytearray = field(default_factory=bytearray)
    disposition: bytes = b""
    name: str | None = None
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)


def _no_file() -> FieldError:
    return FieldError("video", "choose the video of your set")


class _Reader:
    """The callbacks of python-multipart's streaming parser."""

    def __init__(self, incoming: IncomingVideo) -> None:
        self.incoming = incoming
        self.form = ReceivedForm()
        self.part = _Part()

    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.part.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.part.header_value += data[start:end]

    def on_header_end(self) -> None:
        if bytes(self.part.header_name).strip().lower() == b"content-disposition":
            self.part.disposition = bytes(self.part.header_value)
        self.part.header_name, self.part.header_value = bytearray(), bytearray()

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.part.disposition)
        name = options.get(b"name")
        self.part.name = name.decode("utf-8", "replace") if name is not None else None
        filename = options.get(b"filename")
        if filename is not None:
            self.part.filename = filename.decode("utf-8", "replace")
        if self.part.name == FILE_FIELD and self.form.filename is not None:
            raise FieldError("video", "send one video at a time")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.part.name == FILE_FIELD:
            self.incoming.write(data[start:end])
        elif self.part.name in _TEXT_FIELDS:
            self.part.data += data[start:end]
            if len(self.part.data) > MAX_FIELD_BYTES:
                raise FieldError(self.part.name or "video", f"the {self.part.name} is too long")

    def on_part_end(self) -> None:
        if self.part.name == FILE_FIELD:
            self.form.filename = self.part.filename or "video"
        elif self.part.name in _TEXT_FIELDS:
            self.form.fields[self.part.name] = bytes(self.part.data).decode("utf-8", "replace")


async def _streamed(request: Request, incoming: IncomingVideo) -> ReceivedForm:
    kind, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise FieldError("video", "send the video as multipart/form-data, in a field named video")
    reader = _Reader(incoming)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": reader.on_part_begin,
            "on_header_field": reader.on_header_field,
            "on_header_value": reader.on_header_value,
            "on_header_end": reader.on_header_end,
            "on_headers_finished": reader.on_headers_finished,
            "on_part_data": reader.on_part_data,
            "on_part_end": reader.on_part_end,
        },
    )
    async for chunk in request.stream():
        parser.write(chunk)
    parser.finalize()
    return reader.form


async def _parsed(request: Request, incoming: IncomingVideo) -> ReceivedForm:
    form = await request.form()  # parsed already by the CSRF check (cached)
    received = ReceivedForm()
    for name in _TEXT_FIELDS:
        value = form.get(name)
        if isinstance(value, str):
            received.fields[name] = value[:MAX_FIELD_BYTES]
    upload = form.get(FILE_FIELD)
    if isinstance(upload, UploadFile):
        while chunk := await upload.read(CHUNK_BYTES):
            incoming.write(chunk)
        received.filename = upload.filename or "video"
    return received


async def receive_form(request: Request, incoming: IncomingVideo) -> ReceivedForm:
    """The upload form's fields, the video's bytes written into ``incoming`` (discarded, and
    FieldError raised, when anything is wrong: too large, no file, a malformed body)."""
    try:
        if request.headers.get(CSRF_HEADER) is not None:
            received = await _streamed(request, incoming)
        else:
            received = await _parsed(request, incoming)
        if received.filename is None:
            raise _no_file()
    except BaseException as error:
        incoming.discard()
        if isinstance(error, FieldError):
            raise
        if isinstance(error, ValueError):  # the multipart parser's complaints
            raise FieldError("video", "the upload arrived damaged: send it again") from None
        raise
    return received


def _parsed_already(request: Request) -> bool:
    """Whether the CSRF check parsed the body (a form post with the token inside)."""
    return request.headers.get(CSRF_HEADER) is None and request.headers.get(
        "content-type", ""
    ).startswith(("multipart/form-data", "application/x-www-form-urlencoded"))


async def form_values(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The text fields of a form post the CSRF check parsed (empty for a streamed upload)."""
    if not _parsed_already(request):
        return {}
    form = await request.form()
    return {
        name: str(value)[:MAX_FIELD_BYTES]
        for name in names
        if isinstance(value := form.get(name), str)
    }


async def close_form(request: Request) -> None:
    """Close (and so delete) the temporary files of a form post the CSRF check parsed."""
    if _parsed_already(request):
        await (await request.form()).close()
