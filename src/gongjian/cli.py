"""The ``gongjian`` console script: the project's management commands (``gongjian migrate``, ``load_demo``…)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv if argv is not None else sys.argv)
    except ImproperlyConfigured as exc:
        # A configuration mistake is the operator's to fix: say what is wrong, without a traceback.
        print(f"gongjian: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
