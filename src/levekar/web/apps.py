from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "levekar.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from levekar.plans.evidence import register_measure_evidence
        from levekar.web.plan_evidence import universal_measure_evidence

        register_measure_evidence(universal_measure_evidence)

        # A partner's holiday nomination on the basis of a follow-up consent is checked
        # against follow-up's consents (passes may not import followup).
        from levekar.followup.selectors import partner_consent_covers_household
        from levekar.passes.bases import register_followup_consent_check

        register_followup_consent_check(partner_consent_covers_household)

        # Follow-up's "mulige rettigheter" reads the activity pass's own rule set (one rule,
        # one place; followup may not import passes).
        from levekar.followup.pass_rule import register_activity_pass_rule
        from levekar.web.activity_pass_rule import activity_pass_rule

        register_activity_pass_rule(activity_pass_rule)
