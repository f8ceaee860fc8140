"""Product images uploaded by staff: checked, then kept in Django's default storage.

That storage is the media bucket on S3 (MEDIA_BUCKET, served by CloudFront) or MEDIA_ROOT on local
disk; either way the product keeps only the URL, so both shop backends store images the same way.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from core.errors import ValidationError
from core.ids import new_id

MAX_IMAGE_BYTES = 5 * 1024 * 1024

# Raster formats only, recognised by their first bytes rather than the file name: an SVG (which
# can carry script) or a renamed text file is refused.
SIGNATURES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"GIF87a": ".gif", b"GIF89a": ".gif"}
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}


def image_extension(upload: UploadedFile) -> str:
    """The file's real type as an extension; ValidationError if it is not an image we accept."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(f"Images may be at most {MAX_IMAGE_BYTES // (1024 * 1024)} MB.", field="image")
    head = upload.read(12)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    for signature, extension in SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise ValidationError("Upload a PNG, JPEG, WebP or GIF image.", field="image")


def product_image_store(*, upload: UploadedFile) -> str:
    """Stores the image under a new name (never overwriting one in use) and returns its URL."""
    extension = image_extension(upload)
    # The browser's Content-Type is not trusted: S3 serves the type the bytes proved.
    upload.content_type = CONTENT_TYPES[extension]
    name = default_storage.save(f"products/{new_id()}{extension}", upload)
    return default_storage.url(name)
