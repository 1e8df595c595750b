"""Two desks lend the last free pair of skis at the same moment: exactly one succeeds.

Run on SQLite (transactions take the write lock at BEGIN IMMEDIATE, so the second desk
waits and then sees the loan) and on PostgreSQL (READ COMMITTED: both desks pass the
checks, the partial unique index makes the second insert wait for the first commit and
then fail). The second test forces the PostgreSQL interleaving on any database.
"""

import threading
import time

import pytest
from django.db import connection, connections

from levekar.core.errors import Conflict
from levekar.core.testing import sqlite_file_copy
from levekar.lending import services
from levekar.lending.models import Checkout, Loan
from levekar.lending.services import loans as loan_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def real_database(tmp_path):
    """The database as in production, for threads: on PostgreSQL the test database itself;
    on SQLite a file copy of the in-memory test database (shared-cache memory databases
    report table locks at once instead of waiting like a WAL file with a busy timeout).
    Yields a function a thread calls first, and one that reads the result."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield lambda: None, lambda fn: fn()
        return
    settings_dict = sqlite_file_copy(connection, tmp_path / "race.sqlite3")
    wrapper_class = type(connections["default"])

    def use_file():
        # ``connections`` is per thread: this thread's "default" is the file copy.
        connections["default"] = wrapper_class(settings_dict, alias="default")

    def read(fn):
        result = []
        thread = threading.Thread(target=lambda: (use_file(), result.append(fn()),
                                                  connection.close()))
        thread.start()
        thread.join()
        return result[0]

    yield use_file, read


def _race(work, n=2, setup=lambda: None):
    """Run ``work(i)`` in ``n`` threads released together; return results or errors."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            setup()
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:  # the outcome under test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_desks_lending_the_last_free_copy_at_once_exactly_one_succeeds(
        library, people, lending_desk, real_database, monkeypatch):
    use_real_database, read = real_database
    borrowers = [people.father, people.mother]
    real_waiting_ahead = loan_services.waiting_ahead

    calling: list[int] = []
    both_calling = threading.Event()

    def slow_waiting_ahead(**kwargs):
        # Between the checks and the insert: hold this desk's transaction open until the
        # other desk has called the service too (it then waits for the lock or runs its own
        # checks, depending on the database), so the two transactions really overlap.
        both_calling.wait(timeout=10)
        return real_waiting_ahead(**kwargs)

    monkeypatch.setattr(loan_services, "waiting_ahead", slow_waiting_ahead)
    for _round in range(3):  # a few rounds: the winner may differ, the outcome may not
        spans: list[tuple[float, float]] = []
        calling.clear()
        both_calling.clear()

        def lend(i, spans=spans):
            started = time.monotonic()
            calling.append(i)
            if len(calling) == 2:
                both_calling.set()
            try:
                return services.loans_lend(actor=lending_desk, borrower=borrowers[i],
                                           copy_numbers=[1010], location=library.centre)
            finally:
                spans.append((started, time.monotonic()))

        results = _race(lend, setup=use_real_database)
        # Both desks were inside the service at once: a real race of two transactions.
        assert max(s for s, _ in spans) < min(e for _, e in spans), spans
        wins = [r for r in results if isinstance(r, Checkout)]
        losses = [r for r in results if isinstance(r, Conflict)]
        assert len(wins) == 1 and len(losses) == 1, results
        assert "1010" in losses[0].message
        assert read(lambda: Loan.objects.filter(
            copy__number=1010, returned_at__isnull=True).count()) == 1
        _race(lambda i: services.loans_return(actor=lending_desk, copy_numbers=[1010],
                                              location=library.centre),
              n=1, setup=use_real_database)
    assert read(lambda: Checkout.objects.count()) == 3


def test_when_both_desks_pass_the_checks_the_database_lets_only_one_insert(
        library, people, lending_desk, monkeypatch):
    """The PostgreSQL interleaving, forced: desk B checks while desk A has checked but not
    yet inserted; B's check finds no loan, so only the constraint can stop it."""
    first = services.loans_lend(actor=lending_desk, borrower=people.father,
                                copy_numbers=[1010], location=library.centre)
    real_exists = loan_services.Exists

    def blind_exists(qs, *args, **kwargs):
        # Desk B's view of the world: the loan desk A is committing is not visible yet.
        return real_exists(qs.filter(pk__in=[]), *args, **kwargs)

    monkeypatch.setattr(loan_services, "Exists", blind_exists)
    with pytest.raises(Conflict) as exc:
        services.loans_lend(actor=lending_desk, borrower=people.mother, copy_numbers=[1010],
                            location=library.centre)
    assert exc.value.message == (
        "Eksemplar 1010 (Langrennsski, 130 cm) ble nettopp lånt ut fra en annen skranke. "
        "Ingenting er lånt ut; velg et annet eksemplar.")
    assert list(Loan.objects.filter(returned_at__isnull=True).values_list("checkout", flat=True)) \
        == [first.pk]
    assert Checkout.objects.count() == 1  # desk B's checkout was rolled back with its loan
