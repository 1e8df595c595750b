# BTI follows each child (issue 11, item 3), in three steps so that no transaction both
# writes rows and alters their tables (PostgreSQL refuses that under deferred foreign
# keys): 0010 adds the child's columns, 0011_bti_per_child moves the data, 0012 drops the
# case-level stafettholder.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0009_plan_partners'),
        ('people', '0003_household_history_protection'),
    ]

    operations = [
        migrations.AddField(
            model_name='btilevelchange',
            name='holder',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='followup.participant', verbose_name='stafettholder'),
        ),
        migrations.AddField(
            model_name='btilevelchange',
            name='member',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='bti_changes', to='followup.casemember', verbose_name='child'),
        ),
        migrations.AddField(
            model_name='casemember',
            name='bti_level',
            field=models.PositiveSmallIntegerField(choices=[(0, 'Level 0 – a concern being clarified'), (1, "Level 1 – measures in one's own service"), (2, 'Level 2 – cooperation between services'), (3, 'Level 3 – extensive cooperation')], default=0, verbose_name='BTI level'),
        ),
        migrations.AddField(
            model_name='casemember',
            name='stafettholder',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='held_children', to='followup.participant', verbose_name='stafettholder'),
        ),
    ]
