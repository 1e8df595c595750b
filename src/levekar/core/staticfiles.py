"""The static-file finder for the npm packages, without the parts no page ever loads."""

from django.contrib.staticfiles.finders import FileSystemFinder

# TypeScript declarations and their maps, JSON schemas and the unminified bundles.
# ``levekar serve`` collects and compresses static files at every start; these made up
# most of the 48 MB and most of a minute of CPU (whitenoise compresses each file twice,
# as gzip and brotli).
UNUSED = ["*.d.ts", "*.d.ts.map", "*-schema.json", "vega.js", "vega-core.js",
          "vega-core.min.js", "vega.module.js", "htmx.js", "htmx.amd.js", "htmx.cjs.js",
          "htmx.esm.js", "htmx.esm.d.ts", "embed.js", "*.md", "*.gz"]


class VendorFinder(FileSystemFinder):
    """``STATICFILES_DIRS`` (the npm packages) as collectstatic lists them, minus
    ``UNUSED``. (An ignore list on the staticfiles app config would do the same, but
    pytest-django's live server only serves through the finders when the app is named
    ``django.contrib.staticfiles``.)"""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *UNUSED])
