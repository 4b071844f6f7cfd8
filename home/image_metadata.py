"""Drop what a camera, phone or photo editor writes into an image file (GPS position, owner, camera, XMP, IPTC,
comments) and keep what shows the picture as taken: its pixels, colour profile, transparency and animation.

Metadata is cut out of the file's own structure, so the pixels are not encoded again and nothing is lost. Only
a photo that shows upright through its EXIF orientation is turned for good and re-encoded first: dropping the
tag alone would tip it over.
"""

import io

from PIL import ExifTags, ImageOps, JpegImagePlugin
from PIL import Image as PILImage


class UnsupportedImage(ValueError):
    """The bytes are not a well-formed JPEG, PNG, WebP or GIF file."""


def strip_metadata(content: bytes) -> bytes:
    """The same image without metadata. A file with nothing to drop comes back byte for byte, so cleaning
    twice changes nothing and a clean file keeps its hash."""
    if not _kind(content):
        raise UnsupportedImage("geen JPEG, PNG, WebP of GIF")
    try:
        content = _turned_upright(content)
        return _STRIPPERS[_kind(content)](content)
    except UnsupportedImage:
        raise
    except Exception as error:  # Pillow, and reading past the end of a cut-off file, raise many kinds
        raise UnsupportedImage("beschadigd bestand") from error


def _kind(content: bytes) -> str:
    if content.startswith(b"\xff\xd8"):
        return "jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return ""


# --- Orientation -------------------------------------------------------------------------------------
def _turned_upright(content: bytes) -> bytes:
    if _kind(content) == "gif":
        return content  # GIF has no EXIF
    with PILImage.open(io.BytesIO(content)) as picture:
        try:
            orientation = picture.getexif().get(ExifTags.Base.Orientation, 1)
        except Exception:  # noqa: BLE001 - a damaged EXIF block gives no orientation; it is cut out below
            orientation = 1
        # An animation would lose all but its first frame; browsers do not turn those anyway.
        if orientation not in range(2, 9) or getattr(picture, "is_animated", False):
            return content
        options = _encoder_options(picture, content)
        upright = ImageOps.exif_transpose(picture)
    # exif_transpose copies EXIF and XMP (minus the orientation) into `info`, and Pillow writes some of `info`.
    upright.info = {}
    buffer = io.BytesIO()
    upright.save(buffer, **options)
    return buffer.getvalue()


def _encoder_options(picture: PILImage.Image, content: bytes) -> dict:
    """Encode as close to the source as Pillow allows: a JPEG keeps its quantisation tables and chroma
    subsampling (so its quality), a lossless WebP stays lossless."""
    kept = {key: picture.info[key] for key in ("icc_profile", "dpi", "transparency") if key in picture.info}
    if _kind(content) == "jpeg":
        options = {"format": "JPEG", "qtables": picture.quantization, "progressive": "progressive" in picture.info}
        subsampling = JpegImagePlugin.get_sampling(picture)
        return {**kept, **options, **({"subsampling": subsampling} if subsampling != -1 else {})}
    if _kind(content) == "webp":
        lossless = b"VP8L" in content[12:64]
        return {**kept, "format": "WEBP", "lossless": lossless, "quality": 100 if lossless else 90, "exact": True}
    return {**kept, "format": "PNG"}


# --- JPEG: segments before the image data, and anything after its end -------------------------------------
# The APPn segments a decoder needs: JFIF, the ICC profile, and Adobe's colour transform for CMYK files.
JPEG_KEPT_APP = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
JPEG_EOI, JPEG_SOS, JPEG_COM = 0xD9, 0xDA, 0xFE


def _strip_jpeg(data: bytes) -> bytes:
    kept, pos = [data[:2]], 2
    while True:
        if data[pos] != 0xFF:
            raise UnsupportedImage("JPEG-segment verwacht")
        while data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        marker, pos = data[pos], pos + 1
        if marker == JPEG_EOI:
            # Whatever follows goes too: an MPO's second picture, a phone's trailer, an appended file.
            return b"".join([*kept, b"\xff\xd9"])
        end = pos + int.from_bytes(data[pos : pos + 2], "big")
        if end > len(data):
            raise UnsupportedImage("afgebroken JPEG-segment")
        if _keep_jpeg_segment(marker, data[pos + 2 : end]):
            kept.append(bytes((0xFF, marker)) + data[pos:end])
        pos = end
        if marker == JPEG_SOS:
            scan_end = _jpeg_scan_end(data, pos)
            kept.append(data[pos:scan_end])
            pos = scan_end


def _keep_jpeg_segment(marker: int, payload: bytes) -> bool:
    if marker == JPEG_COM:
        return False
    if 0xE0 <= marker <= 0xEF:
        return marker in JPEG_KEPT_APP and payload.startswith(JPEG_KEPT_APP[marker])
    return True


def _jpeg_scan_end(data: bytes, pos: int) -> int:
    """Compressed data runs up to the next marker: an 0xFF not followed by a stuffed 0x00, a restart
    marker or another fill byte."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0:
            raise UnsupportedImage("JPEG zonder einde")
        following = data[pos + 1]
        if following != 0x00 and not 0xD0 <= following <= 0xD7 and following != 0xFF:
            return pos
        pos += 1


# --- PNG: chunks -------------------------------------------------------------------------------------------
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Image data, transparency, colour (profile, gamma, HDR), pixel size and animation. Everything else goes:
# text (tEXt, zTXt, iTXt: authors, XMP), eXIf, tIME and chunks we do not know.
PNG_KEPT = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV",
    b"cLLI", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip


def _strip_png(data: bytes) -> bytes:
    kept, pos = [PNG_SIGNATURE], len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        kind, end = data[pos + 4 : pos + 8], pos + 12 + int.from_bytes(data[pos : pos + 4], "big")
        if end > len(data):
            raise UnsupportedImage("afgebroken PNG-chunk")
        if kind in PNG_KEPT:
            kept.append(data[pos:end])
        if kind == b"IEND":
            return b"".join(kept)
        pos = end
    raise UnsupportedImage("PNG zonder einde")


# --- WebP: RIFF chunks ----------------------------------------------------------------------------------
WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
WEBP_EXIF_AND_XMP_FLAGS = 0x08 | 0x04  # in the VP8X header: "has an EXIF chunk", "has an XMP chunk"


def _strip_webp(data: bytes) -> bytes:
    kept, pos, riff_end = [], 12, min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while pos + 8 <= riff_end:
        kind, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        end = pos + 8 + size + (size & 1)  # chunks are padded to an even length
        chunk = data[pos:end]
        if kind == b"VP8X":
            chunk = chunk[:8] + bytes((chunk[8] & ~WEBP_EXIF_AND_XMP_FLAGS,)) + chunk[9:]
        if kind in WEBP_KEPT:
            kept.append(chunk)
        pos = end
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


# --- GIF: blocks -------------------------------------------------------------------------------------------
# Application extensions that play the animation or colour it; others (XMP among them) go, as do comments.
GIF_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")
GIF_IMAGE, GIF_EXTENSION, GIF_TRAILER = 0x2C, 0x21, 0x3B
GIF_COMMENT, GIF_APPLICATION = 0xFE, 0xFF


def _strip_gif(data: bytes) -> bytes:
    pos = 13 + _gif_colour_table_size(data[10])
    kept = [data[:pos]]
    while True:
        block = data[pos]
        if block == GIF_TRAILER:
            return b"".join([*kept, b";"])
        if block == GIF_IMAGE:
            end = _gif_sub_blocks_end(data, pos + 10 + _gif_colour_table_size(data[pos + 9]) + 1)
            kept.append(data[pos:end])
        elif block == GIF_EXTENSION:
            label, end = data[pos + 1], _gif_sub_blocks_end(data, pos + 2)
            if label != GIF_COMMENT and (label != GIF_APPLICATION or data[pos + 3 : pos + 14] in GIF_KEPT_APPLICATIONS):
                kept.append(data[pos:end])
        else:
            raise UnsupportedImage("onbekend GIF-blok")
        pos = end


def _gif_colour_table_size(flags: int) -> int:
    return 3 << ((flags & 0x07) + 1) if flags & 0x80 else 0


def _gif_sub_blocks_end(data: bytes, pos: int) -> int:
    while data[pos]:
        pos += 1 + data[pos]
    return pos + 1


_STRIPPERS = {"jpeg": _strip_jpeg, "png": _strip_png, "webp": _strip_webp, "gif": _strip_gif}
