"""Start Django on a throw-away SQLite database (or DATABASE_URL) for one benchmark process."""

import os
import sys
import tempfile
from pathlib import Path


def setup():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if 'CLOUDMOVE_VAR_DIR' not in os.environ:
        os.environ['CLOUDMOVE_VAR_DIR'] = tempfile.mkdtemp(prefix='cloudmove-bench-')
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cloudmove.settings')
    import django

    django.setup()
    from django.core.management import call_command

    call_command('migrate', verbosity=0, interactive=False)
