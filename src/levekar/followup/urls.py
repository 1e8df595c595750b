"""URLs of follow-up, under /familier/ (namespace ``followup``). Every URL of one case
starts with ``<case_pk>/`` and its view goes through ``access.case_view``."""

from django.urls import path

from levekar.followup.views import (
    bti,
    case,
    consent,
    household,
    mapping,
    meetings,
    offers,
    plan,
    privacy,
)

app_name = "followup"

urlpatterns = [
    path("", case.case_list, name="case_list"),
    path("ny/", case.case_create, name="case_create"),
    path("arbeidsliste/", case.worklist, name="worklist"),
    path("mine-tiltak/", plan.my_actions_page, name="my_actions"),
    path("bti/", bti.bti_overview, name="bti_overview"),
    path("bti/paminn/<int:user_pk>/", bti.coordinator_remind, name="coordinator_remind"),
    path("bti/paminn/tema/<slug:topic>/", bti.coordinators_remind_topic,
         name="coordinators_remind_topic"),
    path("bti/fordel/<int:user_pk>/", bti.caseload_reassign, name="caseload_reassign"),
    path("bti/nodtilganger/", bti.break_glass_list, name="break_glass_list"),
    path("bti/nodtilganger/<int:access_pk>/uberettiget/", bti.break_glass_review,
         name="break_glass_review"),
    # Tiltaksoversikten (the offers catalogue)
    path("tilbud/", offers.offer_list, name="offer_list"),
    path("tilbud/endre/", offers.offer_edit, name="offer_edit"),
    path("personer/<int:person_pk>/innsyn.json", privacy.person_export_json,
         name="person_export_json"),
    path("personer/<int:person_pk>/innsyn.pdf", privacy.person_export_pdf,
         name="person_export_pdf"),
    # The case and its household
    path("<int:case_pk>/", case.case_detail, name="case_detail"),
    path("<int:case_pk>/status/", case.case_status, name="case_status"),
    path("<int:case_pk>/husstand/ny/", case.member_add, name="member_add"),
    # The case over the years
    path("<int:case_pk>/husstand/<int:member_pk>/endre/", household.member_edit,
         name="member_edit"),
    path("<int:case_pk>/husstand/<int:member_pk>/ut/", household.member_leave,
         name="member_leave"),
    path("<int:case_pk>/flytting/", household.household_move, name="household_move"),
    path("<int:case_pk>/adressebeskyttelse/", household.address_protection,
         name="address_protection"),
    path("<int:case_pk>/overfor/", household.case_handover, name="case_handover"),
    # Consent
    path("<int:case_pk>/samtykke/", consent.consent_list, name="consent_list"),
    path("<int:case_pk>/samtykke/ny/", consent.consent_create, name="consent_create"),
    path("<int:case_pk>/samtykke/<int:consent_pk>/trekk-tilbake/", consent.consent_withdraw,
         name="consent_withdraw"),
    # BTI level, individual plan, break the glass
    path("<int:case_pk>/bti/", bti.bti_level, name="bti_level"),
    path("<int:case_pk>/individuell-plan/", bti.individual_plan, name="individual_plan"),
    path("<int:case_pk>/individuell-plan/ny/", bti.individual_plan_create,
         name="individual_plan_create"),
    path("<int:case_pk>/individuell-plan/<int:plan_pk>/endre/", bti.individual_plan_edit,
         name="individual_plan_edit"),
    path("<int:case_pk>/nodtilgang/", bti.break_glass, name="break_glass"),
    # Familiens plan
    path("<int:case_pk>/plan/", plan.plan, name="plan"),
    path("<int:case_pk>/plan/onsker/", plan.plan_wishes, name="plan_wishes"),
    path("<int:case_pk>/plan/utskrift.pdf", plan.plan_print, name="plan_print"),
    path("<int:case_pk>/plan/mal/nytt/", plan.goal_create, name="goal_create"),
    path("<int:case_pk>/plan/mal/<int:goal_pk>/endre/", plan.goal_edit, name="goal_edit"),
    path("<int:case_pk>/plan/mal/<int:goal_pk>/tiltak/nytt/", plan.action_create,
         name="action_create"),
    path("<int:case_pk>/plan/tiltak/<int:action_pk>/status/", plan.action_status,
         name="action_status"),
    path("<int:case_pk>/plan/tiltak/<int:action_pk>/oppdater/", plan.action_update,
         name="action_update"),
    path("<int:case_pk>/plan/mal/<int:goal_pk>/notat/", plan.goal_note_create,
         name="goal_note_create"),
    path("<int:case_pk>/deltakere/", plan.participants, name="participants"),
    path("<int:case_pk>/plan/mal/<int:goal_pk>/barnets-stemme/", plan.child_voice_create,
         name="child_voice_create"),
    # Kartlegging and mulige rettigheter
    path("<int:case_pk>/kartlegging/", mapping.mapping_list, name="mapping_list"),
    path("<int:case_pk>/kartlegging/ny/", mapping.mapping_create, name="mapping_create"),
    path("<int:case_pk>/kartlegging/<int:pk>/", mapping.mapping_detail, name="mapping_detail"),
    path("<int:case_pk>/kartlegging/<int:pk>/endre/", mapping.mapping_edit, name="mapping_edit"),
    path("<int:case_pk>/rettigheter/", mapping.entitlements, name="entitlements"),
    path("<int:case_pk>/rettigheter/<slug:scheme_id>/tiltak/", mapping.entitlement_action,
         name="entitlement_action"),
    path("<int:case_pk>/plan/tiltak/<int:action_pk>/soknad/", mapping.action_application,
         name="action_application"),
    # Kontakter og møter, oppgaver, tilbakemeldinger
    path("<int:case_pk>/moter/", meetings.meeting_list, name="meeting_list"),
    path("<int:case_pk>/moter/nytt/", meetings.meeting_create, name="meeting_create"),
    path("<int:case_pk>/moter/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:case_pk>/moter/<int:pk>/endre/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:case_pk>/moter/<int:pk>/tilbakemelding/", meetings.feedback_record,
         name="feedback_record"),
    path("<int:case_pk>/oppgaver/ny/", meetings.task_create, name="task_create"),
    path("<int:case_pk>/oppgaver/<int:pk>/gjort/", meetings.task_toggle, name="task_toggle"),
    path("<int:case_pk>/tilbakemeldinger/", meetings.feedback, name="feedback"),
    # Privacy
    path("<int:case_pk>/innsynslogg/", privacy.access_log, name="access_log"),
]
