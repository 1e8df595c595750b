"""A loan's lending point (filled in 0005) is required, and indexed with the day it was
lent for the statistics. On SQLite this rebuilds ``lending_loan``; ``lending_item`` and its
FTS5 triggers (migration 0004) are not touched.

The table is analysed again at the end: with statistics for every index but the new one,
SQLite took the new index for the use per item too and sorted a year of loans (≈ 150 ms)
instead of reading ``lending_loan_item_use`` in its order (≈ 20 ms)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lending', '0005_loan_lent_from'),
    ]

    operations = [
        migrations.AlterField(
            model_name='loan',
            name='lent_from',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='lending.lendingpoint',
                                    verbose_name='lent from'),
        ),
        migrations.AddIndex(
            model_name='loan',
            index=models.Index(fields=['lent_on', 'lent_from'], name='lending_loan_day_point'),
        ),
        migrations.RunSQL("ANALYZE lending_loan", migrations.RunSQL.noop, elidable=False),
    ]
