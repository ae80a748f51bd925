"""Scanned copies: a PDF printed to page images, degraded the way a scanner degrades paper (a
slight rotation, blur, noise, a grey background), saved as an image-only PDF with no text layer.

Tests and the OCR benchmark scan generated reports and the real samples with it; the figures on
the page are the report's, only the pixels change.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ScanStyle:
    """How rough the scan is."""

    dpi: int = 150
    max_rotation: float = 0.6  # degrees, either way
    blur: float = 0.6  # Gaussian radius in pixels (0: none)
    noise: float = 10.0  # standard deviation of the added grey noise (0-255 scale)
    background: int = 238  # paper grey (255: white)


def scan_pdf(src: Path, dst: Path, rng: random.Random, style: ScanStyle | None = None) -> Path:
    """Render every page of ``src`` to an image, degrade it, write an image-only PDF ``dst``."""
    import pypdfium2 as pdfium

    style = style or ScanStyle()
    pages = []
    pdf = pdfium.PdfDocument(str(src))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            image = page.render(scale=style.dpi / 72, grayscale=True).to_pil()
            page.close()
            pages.append(degrade(image, rng, style))
    finally:
        pdf.close()
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    pages[0].save(
        buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(style.dpi), quality=80
    )
    dst.write_bytes(buf.getvalue())
    return dst


def scan_pages(
    src: Path, dst: Path, pages: Sequence[int], rng: random.Random, style: ScanStyle | None = None
) -> Path:
    """``src`` with only ``pages`` (1-based) scanned, the others keeping their text layer: a
    report whose OCR takes seconds, not minutes (and a mixed PDF, as some offices publish)."""
    import pypdfium2 as pdfium

    dst = Path(dst)
    scanned = scan_pdf(src, dst.with_name(dst.stem + ".all-scanned.pdf"), rng, style)
    text, image = pdfium.PdfDocument(str(src)), pdfium.PdfDocument(str(scanned))
    out = pdfium.PdfDocument.new()
    try:
        for i in range(len(text)):
            out.import_pages(image if i + 1 in pages else text, [i])
        buf = io.BytesIO()
        out.save(buf)
    finally:
        out.close()
        image.close()
        text.close()
        scanned.unlink()
    dst.write_bytes(buf.getvalue())
    return dst


def degrade(image, rng: random.Random, style: ScanStyle):
    """One page as a scanner would give it back: rotated, softened, noisy, on grey paper."""
    import numpy as np
    from PIL import Image, ImageFilter

    gray = image.convert("L")
    angle = rng.uniform(-style.max_rotation, style.max_rotation)
    if angle:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if style.blur:
        gray = gray.filter(ImageFilter.GaussianBlur(style.blur))
    arr = np.asarray(gray, dtype=np.float64)
    arr = arr * (style.background / 255.0)
    if style.noise:
        seed = rng.randrange(2**32)
        arr = arr + np.random.default_rng(seed).normal(0.0, style.noise, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
