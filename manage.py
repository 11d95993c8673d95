#!/usr/bin/env python
"""Django's command-line utility for qifu."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
    # Management commands work on a developer's machine without a SECRET_KEY; the web server (wsgi.py)
    # still refuses to start without one unless DEBUG or QIFU_INSECURE_DEV_KEY is set.
    os.environ.setdefault("QIFU_INSECURE_DEV_KEY", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
