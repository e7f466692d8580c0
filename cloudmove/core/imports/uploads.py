"""Uploaded files kept for an import's check and apply steps, and the safe unpacking of a .zip of CSV files.

Uploads live under var/uploads with a random name (the suffix kept: .xlsx, .csv or .zip); a name from a
request is reduced to its last part so it can never point outside that folder.
"""

import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from cloudmove.core.imports import reader

MAX_ZIP_MEMBERS = 200
SUFFIXES = ('.xlsx', '.csv', '.zip')


class ZipRefused(Exception):
    pass


def upload_dir():
    path = Path(settings.VAR_DIR) / 'uploads'
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(uploaded):
    """Keep an uploaded file under var/uploads with a random name; returns that name."""
    lower = uploaded.name.lower()
    suffix = next((s for s in SUFFIXES if lower.endswith(s)), '.xlsx')
    name = f'{uuid.uuid4().hex}{suffix}'
    with open(upload_dir() / name, 'wb') as fh:
        for chunk in uploaded.chunks():
            fh.write(chunk)
    return name


def upload_path(name):
    path = upload_dir() / Path(name).name  # never a path from outside the folder
    return path if path.exists() else None


def annotated_path(name):
    return upload_dir() / f'{Path(name).stem}-errors.xlsx'


def _bomb():
    return _('The archive expands to far more data than its size allows; it was refused as unsafe.')


def unpack_csv_zip(path, target, keep=lambda name: name.lower().endswith('.csv')):
    """Extract the members of a zip that `keep` accepts (by file name) into `target`, flat (names only);
    refuse a zip bomb, whatever the archive declares."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ZipRefused(_('This is not a readable .zip archive.'))
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if (len(infos) > MAX_ZIP_MEMBERS or total > reader.MAX_UNCOMPRESSED
                or total / packed > reader.MAX_EXPANSION_RATIO):
            raise ZipRefused(_bomb())
        budget = min(reader.MAX_UNCOMPRESSED, reader.limit_bytes())
        written = 0
        for info in infos:
            name = Path(info.filename.replace('\\', '/')).name  # never a path from inside the archive
            if not name or not keep(name):
                continue
            try:
                with archive.open(info) as src, open(Path(target) / name, 'wb') as dst:
                    while chunk := src.read(1024 * 1024):
                        written += len(chunk)
                        if written > budget:  # the declared sizes may lie
                            raise ZipRefused(_bomb())
                        dst.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
                raise ZipRefused(_('This is not a readable .zip archive.'))
