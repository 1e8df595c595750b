"""Each loan keeps the lending point it was lent from (its checkout's), so the statistics
count loans per month and lending point from one index of the loan table (lent_on,
lent_from) instead of joining a year of loans to their checkouts and sorting them.

Added empty and filled from the checkouts in one UPDATE here; made required in 0006 (on
PostgreSQL the UPDATE leaves deferred foreign-key checks pending, and the table cannot be
altered in the same transaction).
"""

import django.db.models.deletion
from django.db import migrations, models

FILL = ("UPDATE lending_loan SET lent_from_id = (SELECT location_id FROM lending_checkout "
        "WHERE lending_checkout.id = lending_loan.checkout_id)")


class Migration(migrations.Migration):

    dependencies = [
        ('lending', '0004_search_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='loan',
            name='lent_from',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='lending.lendingpoint',
                                    verbose_name='lent from'),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
    ]
