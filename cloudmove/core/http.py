"""HTTP helpers every app uses for downloads."""

import re
import unicodedata
from urllib.parse import quote


def _ascii_fallback(filename):
    text = filename.replace('đ', 'd').replace('Đ', 'D')
    text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode('ascii')
    text = re.sub(r'[^A-Za-z0-9._ ()-]', '_', text).strip(' .')
    return text or 'attachment'


def content_disposition(filename):
    """`attachment` with an ASCII name for old clients and the exact UTF-8 name (RFC 5987/6266)."""
    fallback = _ascii_fallback(filename)
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header
