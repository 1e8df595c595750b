from levekar.core.lib.progress import Reporter


def load(*, reporter: Reporter) -> None:
    return None
