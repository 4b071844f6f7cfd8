"""Image files built in the test: photos with the metadata a camera or phone writes, and broken files.

`leaks()` lists every trace of that metadata it finds in stored bytes, so a test can assert it is empty.
"""

import html
import io
import json
import struct

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection

from PIL import ExifTags, ImageCms, PngImagePlugin
from PIL import Image as PILImage

ARTIST = "Jan Fotograaf"
CAMERA = "Fotocam"
ICC_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
RED, BLUE = (220, 20, 20), (20, 20, 220)
# Stored 60 wide and 40 high; orientation 6 means "turn 90° clockwise to show it", so it shows 40 x 60.
STORED_SIZE, SHOWN_SIZE = (60, 40), (40, 60)
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{ARTIST}</dc:creator>'
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def camera_exif(orientation: int = 6) -> PILImage.Exif:
    """What a phone writes: owner, camera, where the photo was taken, and which way is up."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Artist] = ARTIST
    exif[ExifTags.Base.Make] = CAMERA
    exif[ExifTags.Base.Model] = "X100"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 5.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (3.0, 42.0, 10.0)
    return exif


def stored_picture() -> PILImage.Image:
    """Red on the left, blue on the right: once turned upright, red is on top."""
    picture = PILImage.new("RGB", STORED_SIZE, BLUE)
    picture.paste(RED, (0, 0, STORED_SIZE[0] // 2, STORED_SIZE[1]))
    return picture


def _iptc_segment() -> bytes:
    """An APP13 Photoshop/IPTC block with a by-line (IPTC 2:80), as news agencies send them."""
    dataset = b"\x1c\x02\x50" + struct.pack(">H", len(ARTIST)) + ARTIST.encode()
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(dataset)) + dataset
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_metadata(orientation: int = 6) -> bytes:
    buffer = io.BytesIO()
    stored_picture().save(
        buffer,
        format="JPEG",
        quality=95,
        exif=camera_exif(orientation),
        icc_profile=ICC_PROFILE,
        xmp=XMP.encode(),
        comment=ARTIST.encode(),
    )
    data = buffer.getvalue()
    return data[:2] + _iptc_segment() + data[2:]


def png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", ARTIST)
    info.add_itxt("XML:com.adobe.xmp", XMP)
    buffer = io.BytesIO()
    stored_picture().save(buffer, format="PNG", exif=camera_exif(), icc_profile=ICC_PROFILE, pnginfo=info)
    return buffer.getvalue()


def webp_with_metadata() -> bytes:
    buffer = io.BytesIO()
    stored_picture().save(
        buffer, format="WEBP", quality=95, exif=camera_exif(), icc_profile=ICC_PROFILE, xmp=XMP.encode()
    )
    return buffer.getvalue()


def animated_gif(durations=(100, 200, 300), comment: str = ARTIST) -> bytes:
    frames = [PILImage.new("P", (30, 20), index) for index in range(len(durations))]
    for index, frame in enumerate(frames):
        frame.putpalette([channel for colour in (RED, BLUE, (20, 200, 20)) for channel in colour])
        frame.paste(index, (0, 0, 30, 20))
    buffer = io.BytesIO()
    frames[0].save(
        buffer, format="GIF", save_all=True, append_images=frames[1:], duration=list(durations), loop=0, comment=comment
    )
    return buffer.getvalue()


def many_frame_gif(frames: int, size: tuple[int, int] = (400, 400)) -> bytes:
    """A small file that decodes to `frames` full-size frames: each frame repaints one pixel."""
    width, height = size
    header = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    # One pixel of colour 1 at (0, 0), LZW-coded with a 2-bit minimum code size: clear, 1, end.
    frame = (
        b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x4c\x01\x00"
    )
    return header + loop + frame * frames + b"\x3b"


def gif_header_only() -> bytes:
    """Starts like a GIF, then carries something else: Pillow cannot even read its header."""
    return b"GIF89a" + struct.pack("<HHBBB", 64, 48, 0x80, 0, 0) + b"\x00" * 6 + b"<?php echo 'hallo'; ?>" * 20


def gif_broken_after_header() -> bytes:
    """A real GIF header and palette followed by a ZIP: Pillow reads the size, then fails on the pixels."""
    buffer = io.BytesIO()
    PILImage.new("L", (64, 48), 128).save(buffer, format="GIF")
    return buffer.getvalue()[:40] + b"PK\x03\x04" + b"x" * 200


def leaks(data: bytes) -> list[str]:
    """Every trace of personal or camera metadata in an image file; an empty list means clean."""
    found = []
    for marker in (ARTIST.encode(), CAMERA.encode(), b"Photoshop 3.0", b"adobe:ns:meta"):
        if marker in data:
            found.append(f"bytes {marker!r}")
    with PILImage.open(io.BytesIO(data)) as picture:
        exif = picture.getexif()
        if exif.get_ifd(ExifTags.IFD.GPSInfo):
            found.append("EXIF GPS")
        found += [f"EXIF {tag.name}" for tag in (ExifTags.Base.Artist, ExifTags.Base.Make) if tag in exif]
        keys = ("xmp", "XML:com.adobe.xmp", "comment", "photoshop", "Author")
        found += [f"info {key}" for key in keys if key in picture.info]
    return found


def decoded(data: bytes) -> PILImage.Image:
    with PILImage.open(io.BytesIO(data)) as picture:
        picture.load()
        return picture.convert("RGB")


def is_reddish(pixel) -> bool:
    red, _green, blue = pixel[:3]
    return red > 150 and blue < 100


# --- Uploading through the admin, as an editor does ------------------------------------------------
UPLOAD_VIEWS = ("add", "add_multiple", "chooser")


def admin_upload(client, view: str, name: str, data: bytes):
    """Post one file to Wagtail's single upload, multiple upload or the chooser's upload tab."""
    root = Collection.get_first_root_node().pk
    upload = SimpleUploadedFile(name, data)
    if view == "add":
        return client.post(reverse("wagtailimages:add"), {"title": name, "file": upload, "collection": root})
    if view == "add_multiple":
        return client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload, "collection": root})
    prefix = "image-chooser-upload"
    return client.post(
        reverse("wagtailimages_chooser:create"),
        {f"{prefix}-title": name, f"{prefix}-file": upload, f"{prefix}-collection": root},
    )


def response_text(response) -> str:
    """What the editor reads: the page, or the JSON the upload dialogs render."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return html.unescape(response.content.decode())


def stored_original(image) -> bytes:
    with image.file.open("rb") as file:
        return file.read()


def rendition_bytes(image, spec: str) -> bytes:
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as file:
        return file.read()
