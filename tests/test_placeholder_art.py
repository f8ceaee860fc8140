"""The generated placeholder art never puts its decoration over the product's initials."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from catalog.views import TEXT_BAND


@pytest.mark.parametrize("slug", ["cast-iron-pan", "w", "wm-wide-words", *[uuid.uuid4().hex[:8] for _ in range(60)]])
def test_the_circle_stays_clear_of_the_initials(slug):
    response = Client().get(f"/images/placeholder/{slug}.svg")
    svg = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    cx, cy, r = (int(v) for v in re.search(r'<circle cx="(\d+)" cy="(\d+)" r="(\d+)"', svg).groups())
    text = re.search(r'<text x="200" y="200" dominant-baseline="central"[^>]*font-size="(\d+)"[^>]*>(\w+|\?)</text>',
                     svg.replace("\\\n", ""))
    size, initials = int(text.group(1)), text.group(2)
    # The glyphs: centred on y=200, at most a font size tall, inside the reserved band.
    assert TEXT_BAND[0] <= 200 - size / 2 and 200 + size / 2 <= TEXT_BAND[1]
    assert cy + r <= TEXT_BAND[0] or cy - r >= TEXT_BAND[1], (cx, cy, r)
    assert cx - r >= 0 and cx + r <= 400 and cy - r >= 0 and cy + r <= 400  # whole circle in the picture
    assert initials == ("".join(w[0] for w in slug.split("-")[:2]).upper())
    fills = re.findall(r'fill="(#[0-9a-f]{6})"', svg)
    assert fills[0] != fills[1]  # the circle is never the background's colour
