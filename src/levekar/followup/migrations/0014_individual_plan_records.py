# The individuell plan and the barnekoordinator become records (issue 11, item 2). Three
# steps so PostgreSQL never alters a table it has written to in the same transaction:
# 0014 creates the table, 0015 moves the old assessments, 0016 drops the old fields.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0013_merge_meetings_bti_break_glass'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='IndividualPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('assessing', 'Being assessed'), ('in_progress', 'In progress'), ('adopted', 'Adopted'), ('ended', 'Ended')], default='assessing', max_length=12, verbose_name='status')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='work started')),
                ('adopted_on', models.DateField(blank=True, null=True, verbose_name='adopted')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='ended')),
                ('coordinator_appointed_on', models.DateField(blank=True, null=True, verbose_name='child coordinator appointed')),
                ('coordinator_ended_on', models.DateField(blank=True, null=True, verbose_name='child coordinator ended')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='individual_plans', to='followup.case')),
                ('child_coordinator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='followup.participant', verbose_name='child coordinator')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='individual_plans', to='followup.casemember', verbose_name='child')),
                ('responsible', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='followup.participant', verbose_name='responsible for the plan')),
            ],
            options={
                'verbose_name': 'individual plan',
                'verbose_name_plural': 'individual plans',
                'ordering': ['case', '-created_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('adopted_on__isnull', True), ('started_on__isnull', True), ('adopted_on__gte', models.F('started_on')), _connector='OR'), name='individual_plan_adopted_after_start'), models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), ('started_on__isnull', True), ('ended_on__gte', models.F('started_on')), _connector='OR'), name='individual_plan_ended_after_start'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'ended'), _negated=True), ('ended_on__isnull', False), _connector='OR'), name='individual_plan_ended_has_date'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'adopted'), _negated=True), ('adopted_on__isnull', False), _connector='OR'), name='individual_plan_adopted_has_date'), models.CheckConstraint(condition=models.Q(('coordinator_ended_on__isnull', True), ('coordinator_appointed_on__isnull', True), ('coordinator_ended_on__gte', models.F('coordinator_appointed_on')), _connector='OR'), name='individual_plan_coordinator_ended_after_appointed')],
            },
        ),
    ]
