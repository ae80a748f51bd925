"""A page of a PDF as the OCR saw it, for the source viewer: rendered by pypdfium2 at the OCR's
resolution (``ingest.loaders.ocr.DPI``) and straightened the same way (``ocr_grid.deskew``), so
the boxes the OCR recorded (pixels of that image) fall on the text they were read from. The
composition root hands ``render_page`` to the web layer, which does not import this package.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportqa.errors import IngestError


@dataclass(frozen=True)
class PageImage:
    png: bytes
    width: int  # pixels: the coordinates of the page's OCR boxes
    height: int


def render_page(path: Path, page: int) -> PageImage | None:
    """Page ``page`` (1-based) of the PDF at ``path`` as a grey PNG, or None when the PDF has no
    such page; raises IngestError when the file cannot be read as a PDF."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    from ingest.loaders import ocr_grid
    from ingest.loaders.ocr import DPI, pdfium_lock
    from ingest.loaders.pdf import CORRUPT

    with pdfium_lock:  # the upload's OCR renders in other threads
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as e:
            raise IngestError(str(path), CORRUPT) from e
        try:
            if not 1 <= page <= len(pdf):
                return None
            sheet = pdf[page - 1]
            try:
                bitmap = sheet.render(scale=DPI / 72, grayscale=True)
                gray = np.asarray(bitmap.to_pil().convert("L"))
            finally:
                sheet.close()
        finally:
            pdf.close()
    image = Image.fromarray(ocr_grid.deskew(gray), "L")
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return PageImage(buf.getvalue(), image.width, image.height)
