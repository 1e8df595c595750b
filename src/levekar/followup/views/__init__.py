"""The pages of follow-up, one module per topic. Each view: access checked → validate →
one service → render. ``urls.py`` names each view by its module."""

