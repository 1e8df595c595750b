# Joins three lines of work that each started from 0009: partner meetings, BTI per child
# (three steps, so PostgreSQL can alter the tables it has just written to) and the review
# of emergency accesses.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0010_break_glass_review"),
        ("followup", "0010_partner_meetings"),
        ("followup", "0012_bti_per_child_drop_case_holder"),
    ]

    operations = []
