# The last step of 0011_bti_per_child: the case-level stafettholder columns go, and the
# child's level gets its range constraint.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0011_bti_per_child'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='btilevelchange',
            name='stafettholder',
        ),
        migrations.RemoveField(
            model_name='case',
            name='stafettholder',
        ),
        migrations.AddConstraint(
            model_name='casemember',
            constraint=models.CheckConstraint(condition=models.Q(('bti_level__gte', 0), ('bti_level__lte', 3)), name='case_member_bti_level_0_3'),
        ),
    ]
