"""Django's staticfiles app, without the parts of the npm packages no page ever loads."""

from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    """TypeScript declarations and their maps, JSON schemas and the unminified bundles are
    left out. ``levekar serve`` collects and compresses static files at every start; these
    made up most of the 48 MB and most of a minute of CPU (whitenoise compresses each file
    twice, as gzip and brotli)."""

    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns,
                       "*.d.ts", "*.d.ts.map", "*-schema.json", "vega.js", "vega-core.js",
                       "vega-core.min.js", "vega.module.js", "htmx.js", "htmx.amd.js",
                       "htmx.cjs.js", "htmx.esm.js", "htmx.esm.d.ts", "embed.js", "*.md", "*.gz"]
