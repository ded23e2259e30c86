def register(router):
    """Filled in by the API work."""
