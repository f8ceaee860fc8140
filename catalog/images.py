"""Product images uploaded by staff: verified, stripped of metadata, resized once, kept in default storage.

That storage is the media bucket on S3 (MEDIA_BUCKET, served by CloudFront) or MEDIA_ROOT on local
disk; either way the product keeps URLs only, so both shop backends store images the same way.

An upload is decoded by Pillow, never trusted by its name or Content-Type: only PNG, JPEG, WebP and
GIF are accepted, and an image that claims more than MAX_PIXELS (a "decompression bomb": a small
file that would expand to gigabytes) is refused before it is decoded. Every stored file is
re-encoded from the pixels, so EXIF (camera, GPS position) and other metadata never reach shoppers;
the EXIF orientation is applied first so the picture stays upright. Renditions are made once, at
upload: for listings ("card") and the product page ("detail"), each at 1x and 2x width, as WebP
plus a JPEG fallback (PNG when the image has transparency), never upscaled.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from catalog.domain import ImageRendition
from core.errors import ValidationError
from core.ids import new_id

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 x 5000: larger photos are refused, not decoded
ACCEPTED = {"PNG", "JPEG", "WEBP", "GIF"}
# Rendition widths per purpose (1x, 2x); the CSS shows cards about 240 px wide, the detail image 480 px.
WIDTHS = {"card": (240, 480), "detail": (480, 960)}
MASTER_MAX_WIDTH = 2000  # the stored "original": big enough for any zoom, small enough to serve
CONTENT_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True)
class StoredImage:
    url: str  # the master: metadata-free, at most MASTER_MAX_WIDTH wide
    renditions: tuple[ImageRendition, ...]


def open_image(upload: UploadedFile) -> Image.Image:
    """The decoded upload, upright; ValidationError for anything but an accepted, sane image."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(f"Images may be at most {MAX_IMAGE_BYTES // (1024 * 1024)} MB.", field="image")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:  # reads the header only
                _check_header(probe)
                probe.verify()  # structure and checksums, without decoding the pixels
            image = Image.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError("Upload a PNG, JPEG, WebP or GIF image.", field="image") from None
    if getattr(image, "is_animated", False):
        image.seek(0)  # the first frame stands for an animated GIF or WebP
    return ImageOps.exif_transpose(image)


def _check_header(probe: Image.Image) -> None:
    if probe.format not in ACCEPTED:
        raise ValidationError("Upload a PNG, JPEG, WebP or GIF image.", field="image")
    width, height = probe.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()
    if width < 1 or height < 1:
        raise ValidationError("Upload a PNG, JPEG, WebP or GIF image.", field="image")


def _too_many_pixels() -> ValidationError:
    return ValidationError(f"Images may have at most {MAX_PIXELS // 1_000_000} million pixels; "
                           "scale the image down first.", field="image")


def image_check(upload: UploadedFile) -> None:
    """For forms: refuses what product_image_store would refuse, storing nothing."""
    open_image(upload).close()


def product_image_store(*, upload: UploadedFile) -> StoredImage:
    """Stores the cleaned master and its renditions under a new folder (never overwriting an image in use)."""
    image = open_image(upload)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    fallback = "png" if has_alpha else "jpeg"
    folder = f"products/{new_id()}"
    master = _save(_resized(image, MASTER_MAX_WIDTH), f"{folder}/original", fallback)
    renditions = []
    for purpose, widths in WIDTHS.items():
        for width in widths:
            sized = _resized(image, width)
            for kind in ("webp", fallback):
                url = _save(sized, f"{folder}/{purpose}-{width}", kind)
                renditions.append(ImageRendition(url=url, width=sized.width, height=sized.height, format=kind,
                                                 purpose=purpose))
    return StoredImage(url=master, renditions=tuple(renditions))


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _save(image: Image.Image, stem: str, kind: str) -> str:
    """Encodes the pixels only (no EXIF, XMP or comments) and returns the stored file's URL."""
    buffer = io.BytesIO()
    if kind == "jpeg":
        image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    elif kind == "webp":
        image.save(buffer, "WEBP", quality=80, method=4)
    else:
        image.save(buffer, "PNG", optimize=True)
    content = ContentFile(buffer.getvalue())
    content.content_type = CONTENT_TYPES[kind]  # S3 serves the type we encoded, not a browser's guess
    name = default_storage.save(f"{stem}.{EXTENSIONS[kind]}", content)
    return default_storage.url(name)
