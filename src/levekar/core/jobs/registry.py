"""Which tasks exist: filled by ``@jobs.task`` when an app's ``tasks.py`` is imported."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from croniter import croniter
from django.utils import timezone


@dataclass(frozen=True)
class TaskSpec:
    name: str
    func: Callable[..., object]
    schedule: str | None
    label: str
    max_attempts: int
    backoff_seconds: int

    def last_slot(self, now: datetime) -> datetime | None:
        """The most recent cron time at or before ``now`` (local time), or None."""
        if not self.schedule:
            return None
        local = timezone.localtime(now)
        it = croniter(self.schedule, local)
        if croniter.match(self.schedule, local.replace(second=0, microsecond=0)):
            return local.replace(second=0, microsecond=0)
        return it.get_prev(datetime)

    def next_slot(self, now: datetime) -> datetime | None:
        if not self.schedule:
            return None
        return croniter(self.schedule, timezone.localtime(now)).get_next(datetime)


_TASKS: dict[str, TaskSpec] = {}


def task(name: str, *, schedule: str | None = None, label=None, max_attempts: int = 3,
         backoff_seconds: int = 60):
    """Register ``func`` as the task ``name``.

    ``schedule`` is a five-field cron expression in Europe/Oslo time (None: on demand
    only). A failed run is tried again after ``backoff_seconds``, doubling each time,
    until ``max_attempts`` runs have failed. The function takes keyword arguments only
    and returns a JSON-serialisable value (a dict with ``message`` is shown to people).
    """
    if schedule is not None and not croniter.is_valid(schedule):
        raise ValueError(f"Ugyldig cron-uttrykk for {name}: {schedule!r}")
    if max_attempts < 1:
        raise ValueError("max_attempts må være minst 1")

    def decorator(func):
        existing = _TASKS.get(name)
        if existing is not None and existing.func is not func and (
            existing.func.__module__, existing.func.__qualname__
        ) != (func.__module__, func.__qualname__):
            raise ValueError(f"Oppgaven {name} er registrert to ganger.")
        _TASKS[name] = TaskSpec(name=name, func=func, schedule=schedule,
                                label=label or name, max_attempts=max_attempts,
                                backoff_seconds=backoff_seconds)
        func.job_name = name
        return func

    return decorator


def get_task(name: str) -> TaskSpec:
    try:
        return _TASKS[name]
    except KeyError:
        raise LookupError(f"Ukjent oppgave: {name}") from None


def registered_tasks() -> list[TaskSpec]:
    return sorted(_TASKS.values(), key=lambda s: s.name)


def unregister(name: str) -> None:
    """For tests that register a task of their own."""
    _TASKS.pop(name, None)
