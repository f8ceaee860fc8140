"""Product images: verified on upload, stripped of metadata, resized once into renditions kept where
the media go (MEDIA_ROOT or the S3 media bucket), stored on the product on both backends, served with
srcset, sizes, lazy loading and width/height."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from catalog.domain import ImageRendition, ProductQuery
from catalog.images import MAX_PIXELS
from catalog.selectors import product_get, product_list
from catalog.services import product_update

PRODUCTS = "/admin/catalog/productrecord/"


def encoded(size=(1600, 1200), fmt="JPEG", mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 90, 40) if mode == "RGB" else 0).save(buffer, fmt, **save)
    return buffer.getvalue()


def photo_with_gps() -> bytes:
    """A camera photo: EXIF with a GPS position, the camera model, and 'rotate 90°' (orientation 6)."""
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera 3000"  # Model
    exif[0x0112] = 6  # Orientation: the pixels are stored sideways
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo
    return encoded((1200, 800), exif=exif)


@pytest.fixture
def staff(backend, staff_client) -> Client:
    return staff_client("staff")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(staff, category, content: bytes, name: str = "photo.jpg"):
    data = {"name": "Cast iron pan", "slug": "", "category": category.id, "description": "", "image_url": "",
            "price": "39.90", "original_price": "", "stock": "7", "active": "on", "rating": "4.5",
            "image": SimpleUploadedFile(name, content)}
    return staff.post(f"{PRODUCTS}add/", data)


def stored(media, url: str) -> Image.Image:
    return Image.open(media / url.removeprefix("/media/"))


def only_product():
    [product] = product_list(query=ProductQuery(active=None), limit=10).items
    return product


def test_a_big_photo_becomes_right_sized_renditions_without_its_metadata(staff, category, media):
    assert upload(staff, category, photo_with_gps()).status_code == 302
    product = only_product()  # read back from storage: the renditions are kept on both backends

    by_key = {(r.purpose, r.format, r.width): r for r in product.image_renditions}
    # Orientation applied: the 1200x800 sideways photo is 800 wide and 1200 high; never upscaled past 800.
    assert sorted(by_key) == sorted((purpose, fmt, width) for purpose, width in
                                    (("card", 240), ("card", 480), ("detail", 480), ("detail", 800))
                                    for fmt in ("webp", "jpeg"))
    card = by_key[("card", "jpeg", 240)]
    assert (card.width, card.height) == (240, 360)
    for rendition in [*product.image_renditions]:
        image = stored(media, rendition.url)
        assert image.size == (rendition.width, rendition.height)
        assert image.format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]
        assert not image.getexif() and "exif" not in image.info
    master = stored(media, product.image_url)
    assert master.size == (800, 1200) and not master.getexif()
    assert b"Secret Camera" not in (media / product.image_url.removeprefix("/media/")).read_bytes()


def test_a_transparent_png_falls_back_to_png(staff, category, media):
    assert upload(staff, category, encoded((300, 300), "PNG", mode="RGBA"), "logo.png").status_code == 302
    formats = {r.format for r in only_product().image_renditions}
    assert formats == {"webp", "png"}


@pytest.mark.parametrize(("content", "message"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "Upload a PNG, JPEG, WebP or GIF image."),
    (b"just some text", "Upload a PNG, JPEG, WebP or GIF image."),
    (encoded((64, 64))[:300], "Upload a PNG, JPEG, WebP or GIF image."),  # truncated
    (encoded((64, 64), "BMP"), "Upload a PNG, JPEG, WebP or GIF image."),  # a real image, not accepted
    # A decompression bomb: 10 000 x 10 000 one-bit pixels compress to a few KB but would decode to 100 MP.
    (encoded((10_000, 10_000), "PNG", mode="1"), f"at most {MAX_PIXELS // 1_000_000} million pixels"),
    (b"\xff\xd8\xff" + b"\0" * (5 * 1024 * 1024), "Images may be at most 5 MB."),  # over the byte limit
])
def test_what_is_not_a_sane_image_is_refused_and_nothing_is_stored(staff, category, media, content, message):
    response = upload(staff, category, content, "upload.png")
    assert response.status_code == 200 and message in response.content.decode()
    assert product_list(query=ProductQuery(active=None), limit=10).items == []
    assert list(media.iterdir()) == []


def test_pages_serve_the_renditions_with_srcset_sizes_and_dimensions(staff, category, media, client):
    upload(staff, category, encoded((1600, 1200)))
    product = only_product()
    home_listing = client.get("/products/").content.decode()
    picture = re.search(r"<picture.*?</picture>", home_listing, re.S).group(0)
    assert 'type="image/webp"' in picture and "240w" in picture and "480w" in picture
    assert 'sizes="(max-width: 600px) 50vw, 240px"' in picture
    assert 'width="240" height="180"' in picture and 'loading="lazy"' in picture

    detail = client.get(f"/products/{product.slug}/").content.decode()
    picture = re.search(r"<picture.*?</picture>", detail, re.S).group(0)
    assert "960w" in picture and 'width="480" height="360"' in picture and 'loading="lazy"' not in picture
    served = client.get(product.image_renditions[0].url)
    assert served.status_code == 200


def test_typing_a_new_image_url_drops_the_old_renditions(backend, make_product):
    rendition = ImageRendition(url="/media/products/x/card-240.jpg", width=240, height=180, format="jpeg",
                               purpose="card")
    product = make_product(image_url="/media/products/x/original.jpg", image_renditions=(rendition,))
    assert product_get(product_id=product.id).image_renditions == (rendition,)
    product_update(product_id=product.id, price=Decimal("12.00"))
    assert product_get(product_id=product.id).image_renditions == (rendition,)
    product_update(product_id=product.id, image_url="https://cdn.example.com/other.jpg")
    assert product_get(product_id=product.id).image_renditions == ()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_with_a_media_bucket_images_go_to_s3_behind_the_cdn(staff, category, settings, moto_server):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="shop-media-test")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": "shop-media-test", "location": "media", "custom_domain": "cdn.example.com",
        "querystring_auth": False,
    }}}
    try:
        assert upload(staff, category, encoded((600, 400))).status_code == 302
        product = only_product()
        for url, content_type in [(product.image_url, "image/jpeg"),
                                  *((r.url, f"image/{r.format}") for r in product.image_renditions)]:
            key = url.removeprefix("https://cdn.example.com/")
            assert key.startswith("media/products/")
            found = s3.get_object(Bucket="shop-media-test", Key=key)
            assert found["ContentType"] == content_type
            assert Image.open(io.BytesIO(found["Body"].read())).format == content_type.split("/")[1].upper()
    finally:
        for item in s3.list_objects_v2(Bucket="shop-media-test").get("Contents", []):
            s3.delete_object(Bucket="shop-media-test", Key=item["Key"])
        s3.delete_bucket(Bucket="shop-media-test")
