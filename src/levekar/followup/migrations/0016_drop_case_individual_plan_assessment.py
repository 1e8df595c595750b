# Step 3 of 3: the case's old three-way assessment is gone; the records replace it.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0015_individual_plan_from_assessment"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='case',
            name='individual_plan',
        ),
        migrations.RemoveField(
            model_name='case',
            name='individual_plan_assessed_at',
        ),
    ]
