# Step 2 of 3: each case's old assessment of individuell plan and barnekoordinator becomes
# a record. "Individual plan started" → a plan under work, started on the assessment day;
# "plan and barnekoordinator in place" → an adopted plan (adopted on the assessment day);
# the barnekoordinator was never named, which the note says. "Not needed" and "not
# assessed" leave no record. Going back gives each case the assessment of its newest plan.
from django.db import migrations
from django.utils import timezone

NOTE_PLAN = "Overført fra tidligere vurdering: individuell plan startet."
NOTE_BOTH = ("Overført fra tidligere vurdering: individuell plan og barnekoordinator på "
             "plass. Barnekoordinatoren var ikke navngitt.")


def _day(case):
    if case.individual_plan_assessed_at is not None:
        return timezone.localdate(case.individual_plan_assessed_at)
    return case.start_date


def forwards(apps, schema_editor):
    Case = apps.get_model("followup", "Case")
    IndividualPlan = apps.get_model("followup", "IndividualPlan")
    for case in Case.objects.filter(individual_plan__in=["plan", "plan_and_coordinator"]) \
            .order_by("pk").iterator():
        day = _day(case)
        if case.individual_plan == "plan":
            IndividualPlan.objects.create(case_id=case.pk, status="in_progress",
                                          started_on=day, note=NOTE_PLAN,
                                          created_by_id=case.coordinator_id)
        else:
            IndividualPlan.objects.create(case_id=case.pk, status="adopted", started_on=day,
                                          adopted_on=day, note=NOTE_BOTH,
                                          created_by_id=case.coordinator_id)


def backwards(apps, schema_editor):
    Case = apps.get_model("followup", "Case")
    IndividualPlan = apps.get_model("followup", "IndividualPlan")
    newest = {}
    for plan in IndividualPlan.objects.order_by("case_id", "created_at", "pk"):
        newest[plan.case_id] = plan
    for case_id, plan in newest.items():
        if plan.status == "ended":
            value = "not_needed"
        elif plan.status == "adopted" or plan.child_coordinator_id is not None:
            value = "plan_and_coordinator"
        else:
            value = "plan"
        Case.objects.filter(pk=case_id).update(individual_plan=value,
                                               individual_plan_assessed_at=plan.created_at)
    IndividualPlan.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0014_individual_plan_records"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
