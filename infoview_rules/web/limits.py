"""Request size limits, enforced before a route reads the body."""

from starlette.responses import JSONResponse

from ..reading import MAX_FILE_BYTES

MAX_BODY_BYTES = MAX_FILE_BYTES  # one answers object, a form or an uploaded answers file
MAX_BATCH_BYTES = 16 << 20  # a batch of answers objects
MAX_BATCH_ITEMS = 10_000


class BodyTooLarge(Exception):
    pass


def limit_for(path: str) -> int:
    return MAX_BATCH_BYTES if path.endswith("/batch") else MAX_BODY_BYTES


class SizeLimit:
    """ASGI middleware: a 413 with a JSON error for a body over the limit of its path.

    Checks Content-Length first, then counts the bytes as they arrive (a chunked
    body has no length), so no route ever holds more than the limit in memory.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = limit_for(scope["path"])
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await too_large(send, limit)
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        async def tracked_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await too_large(send, limit)


async def too_large(send, limit):
    # drawn as every other JSON error of the API is (api.error_response): the same bytes, {"error":"..."}
    response = JSONResponse({"error": f"too large (more than {limit} bytes)"}, status_code=413,
                            headers={"connection": "close"})
    await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})
