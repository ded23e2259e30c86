"""Demo data (filled below)."""


def load_demo(ctx):
    return ""
