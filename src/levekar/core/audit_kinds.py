"""What an audit event is about: one kind per domain event, named ``<domain>.<verb>``;
why it was written (``AuditPurpose``) and how a case was reached (``AccessVia``).

The kind says *what* happened (the verb of ``audit_text``'s sentence); the object and the
persons say to what and to whom; ``changes`` carries the old and new values of the fields
that changed; ``purpose`` says *why* (a declared ``AuditPurpose``: which page was read,
which form was shown), ``via`` how access to a case was given, and ``detail`` the facts
that vary (a reason someone typed, a count, a file name). Rows written
before kinds existed have a blank kind (``LEGACY``) and are told from their action and
purpose.

Every kind's label is a verb phrase that follows the actor's name ("Kari Hansen
*changed an action in Familiens plan*"), English msgid with the Norwegian in
``core/locale/nb``. ``ACTION_OF`` gives the coarse action (view, create, …) each kind
implies, so callers pass only ``kind=``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    LEGACY = "", _("did something (older entry)")

    # core: accounts, refusals, the audit log, jobs
    ACCOUNT_LOGIN = "account.login", _("logged in")
    ACCOUNT_LOGOUT = "account.logout", _("logged out")
    ACCOUNT_LOGOUT_PROVIDER = "account.logout.provider",\
        _("was logged out by logging out of the municipality's login")
    ACCOUNT_LOGIN_DENIED = "account.login.denied", _("was refused login")
    ACCOUNT_LOGIN_SSO_REQUIRED = "account.login.sso_required",\
        _("was refused password login: the role must use the municipality's login")
    ACCOUNT_LOGIN_NO_SECOND_FACTOR = "account.login.no_second_factor",\
        _("was refused login: the municipality's login gave no second factor")
    ACCOUNT_PASSWORD_CHANGE = "account.password.change", _("changed their own password")
    ACCOUNT_ACCESS_CHANGE = "account.access.change", _("changed a user's access")
    PAGE_DENIED = "page.denied", _("was refused a page")
    AUDIT_SEARCH_READ = "audit.search.read", _("searched the audit log")
    JOB_RERUN = "job.rerun", _("ran a job again")
    # followup: the case and its household
    CASE_READ = "case.read", _("read the family's case")
    CASE_LIST_READ = "case.list.read", _("read a list of families")
    CASE_DENIED = "case.denied", _("was refused access to a family's case")
    CASE_CREATE = "case.create", _("opened a family case")
    CASE_STATUS_CHANGE = "case.status.change", _("changed the status of the family case")
    CASE_HANDOVER = "case.handover", _("handed the family case over to another coordinator")
    CASE_PURGE = "case.purge", _("anonymised the family case")
    CASE_MEMBER_ADD = "case.member.add", _("added a family member")
    CASE_MEMBER_CORRECT = "case.member.correct", _("corrected a family member")
    CASE_MEMBER_LEAVE = "case.member.leave", _("recorded that a family member left")
    CASE_PARTICIPANT_ADD = "case.participant.add", _("added a participant to the family case")
    # followup: consent
    CONSENT_CREATE = "consent.create", _("recorded a consent")
    CONSENT_CHANGE = "consent.change", _("changed a consent")
    # followup: BTI
    BTI_LEVEL_CHANGE = "bti.level.change", _("changed the BTI level")
    BTI_INDIVIDUAL_PLAN = "bti.individual_plan.record",\
        _("assessed individual plan and child coordinator")
    BTI_INDIVIDUAL_PLAN_CREATE = "bti.individual_plan.create",\
        _("recorded an individual plan and child coordinator")
    BTI_INDIVIDUAL_PLAN_CHANGE = "bti.individual_plan.change",\
        _("changed an individual plan or its child coordinator")
    BTI_INDIVIDUAL_PLAN_DENIED = "bti.individual_plan.denied",\
        _("was refused a change of an individual plan")
    BREAK_GLASS_OPEN = "break_glass.open", _("opened emergency access")
    BREAK_GLASS_LIST_READ = "break_glass.list.read", _("read the list of emergency accesses")
    BREAK_GLASS_UNJUSTIFIED = "break_glass.unjustified",\
        _("marked an emergency access as unjustified")
    BREAK_GLASS_REVIEW_READ = "break_glass.review.read",\
        _("opened an emergency access for review")
    # followup: Familiens plan
    PLAN_WISHES_UPDATE = "plan.wishes.update", _("changed the family's wishes in Familiens plan")
    PLAN_GOAL_CREATE = "plan.goal.create", _("added a goal to Familiens plan")
    PLAN_GOAL_UPDATE = "plan.goal.update", _("changed a goal in Familiens plan")
    PLAN_GOAL_NOTE_CREATE = "plan.goal.note.create", _("wrote a note on a goal in Familiens plan")
    PLAN_ACTION_CREATE = "plan.action.create", _("added an action to Familiens plan")
    PLAN_ACTION_UPDATE = "plan.action.update", _("changed an action in Familiens plan")
    PLAN_ACTION_APPLICATION = "plan.action.application",\
        _("followed up an application for an entitlement")
    PLAN_ACTIONS_READ = "plan.actions.read", _("read their own actions (Mine tiltak)")
    PLAN_CHILD_VOICE_CREATE = "plan.child_voice.create", _("recorded the child's voice")
    PLAN_WRITE_DENIED = "plan.write.denied", _("was refused a change in Familiens plan")
    # followup: mapping, meetings, offers
    MAPPING_CREATE = "mapping.create", _("recorded a mapping")
    MAPPING_UPDATE = "mapping.update", _("corrected a mapping")
    MEETING_CREATE = "meeting.create", _("recorded a contact or meeting")
    MEETING_UPDATE = "meeting.update", _("changed a contact or meeting")
    TASK_CREATE = "task.create", _("added a follow-up task")
    TASK_UPDATE = "task.update", _("changed a follow-up task")
    FEEDBACK_RECORD = "feedback.record", _("recorded feedback after a conversation")
    OFFERS_UPDATE = "offers.update", _("changed the catalogue of offers")
    # followup: the privacy room
    PERSON_EXPORT = "person.export", _("exported everything about a person (subject access)")
    # people: persons and households
    PERSON_CREATE = "person.create", _("registered a person")
    PERSON_UPDATE = "person.update", _("corrected a person's details")
    PERSON_DEATH = "person.death.record", _("recorded a death")
    PERSON_LOOKUP = "person.lookup", _("looked up a person by national identity number")
    PARENTAL_RESPONSIBILITY_CREATE = "person.parent.create", _("recorded parental responsibility")
    HOUSEHOLD_CREATE = "household.create", _("registered a household")
    HOUSEHOLD_MOVE = "household.move", _("recorded that the household moved")
    HOUSEHOLD_PROTECTION_CHANGE = "household.protection.change",\
        _("changed the household's address protection")
    # lending: borrowers, loans and reservations at the equipment library
    BORROWER_READ = "borrower.read", _("read borrower details at the equipment library")
    BORROWER_CREATE = "borrower.create", _("registered a borrower")
    BORROWER_CO_BORROWER_ADD = "borrower.co_borrower.add", _("added a co-borrower")
    BORROWER_UPDATE = "borrower.update", _("changed a borrower's details")
    BORROWER_ERASE = "borrower.erase", _("erased a borrower's personal details")
    BORROWER_NOTIFY = "borrower.notify", _("sent a message to a borrower")
    LOAN_CREATE = "loan.create", _("lent out equipment")
    LOAN_RETURN = "loan.return", _("received returned equipment")
    LOAN_RENEW = "loan.renew", _("renewed a loan")
    RESERVATION_CREATE = "reservation.create", _("reserved equipment")
    RESERVATION_CANCEL = "reservation.cancel", _("cancelled a reservation")
    RESERVATION_MOVE = "reservation.move", _("moved a reservation back in the queue")
    # passes: activity cards, clubs, refunds, letters and holiday offers
    PASS_LIST_READ = "pass.list.read", _("read a list of activity cards")
    PASS_CARD_READ = "pass.card.read", _("read an activity card")
    PASS_CARD_ISSUE = "pass.card.issue", _("issued an activity card by hand")
    PASS_CARD_REPLACE = "pass.card.replace", _("blocked and replaced an activity card")
    PASS_ISSUANCE = "pass.issuance.run", _("issued activity cards automatically")
    PASS_HOUSEHOLD_IMPORT = "pass.household.import", _("imported households for activity cards")
    PASS_LETTERS_EXPORT = "pass.letters.export", _("made letters about activity cards")
    PASS_REMINDER_RUN = "pass.reminder.run", _("sent reminders about unused activity cards")
    PASS_USE_RECORD = "pass.use.record", _("registered use of an activity card")
    PASS_REFUND_DECIDE = "pass.refund.decide", _("decided refund claims")
    PASS_REFUND_EXPORT = "pass.refund.export", _("exported refunds for payment")
    PASS_APPLICATION_CREATE = "pass.application.create",\
        _("registered an application for an activity card")
    PASS_APPLICATION_READ = "pass.application.read", _("read an application for an activity card")
    PASS_APPLICATION_DECIDE = "pass.application.decide",\
        _("decided an application for an activity card")
    HOLIDAY_LOOKUP_READ = "holiday.lookup.read", _("looked up a household to nominate")
    HOLIDAY_NOMINATIONS_READ = "holiday.nominations.read",\
        _("read nominations to a holiday offer")
    HOLIDAY_NOMINATE = "holiday.nominate", _("nominated a family to a holiday offer")
    HOLIDAY_ALLOCATE = "holiday.allocate", _("allocated places in a holiday offer")
    HOLIDAY_ACCEPT = "holiday.accept", _("recorded that a family accepted a holiday place")
    HOLIDAY_DECLINE = "holiday.decline", _("recorded that a family declined a holiday place")
    HOLIDAY_WAITLIST_MOVE = "holiday.waitlist.move", _("moved a family on the waiting list")
    HOLIDAY_LIST_EXPORT = "holiday.list.export", _("made a list for the organiser")
    HOLIDAY_NOTICE = "holiday.notice", _("told families about their holiday places")
    HOLIDAY_CONTACT_WITHDRAW = "holiday.contact.withdraw",\
        _("recorded that a family withdrew its consent to share contact details with the "
          "organiser")
    # minside: the citizen's own pages
    MINSIDE_LOGIN = "minside.login", _("logged in on Min side")
    MINSIDE_LOGIN_DENIED = "minside.login.denied", _("was refused login on Min side")
    MINSIDE_LOGOUT_PROVIDER = "minside.logout.provider",\
        _("was logged out of Min side by logging out of ID-porten")
    MINSIDE_DENIED = "minside.denied", _("was refused a page on Min side")
    MINSIDE_OVERVIEW_READ = "minside.overview.read", _("read their own overview on Min side")
    MINSIDE_PERSON_READ = "minside.person.read", _("read an activity card on Min side")
    MINSIDE_ACCESS_LOG_READ = "minside.access_log.read", _("read the access log on Min side")
    MINSIDE_PLAN_READ = "minside.plan.read", _("read Familiens plan on Min side")
    MINSIDE_PLAN_PRINT = "minside.plan.print", _("printed Familiens plan on Min side")
    MINSIDE_CONSENTS_READ = "minside.consents.read", _("read the consents on Min side")
    # evaluation and stats
    EVALUATION_DESIGN_UPDATE = "evaluation.design.update", _("changed an evaluation design")
    EVALUATION_DESIGN_DELETE = "evaluation.design.delete", _("deleted an evaluation design")
    EVALUATION_REPORT_EXPORT = "evaluation.report.export",\
        _("downloaded the yearly evaluation report")
    PRACTICE_ASSESSMENT_UPDATE = "evaluation.practice.update", _("assessed a promising practice")
    PROGRAMME_CREATE = "programme.create", _("created a group programme")
    PROGRAMME_COURSE_CREATE = "programme.course.create", _("created a group course")
    PROGRAMME_PARTICIPANT_ADD = "programme.participant.add",\
        _("registered a course participant with consent")
    PROGRAMME_ATTENDANCE_RECORD = "programme.attendance.record",\
        _("recorded attendance at a course session")
    PROGRAMME_QUESTIONNAIRE_RECORD = "programme.questionnaire.record",\
        _("recorded a course questionnaire")
    PROGRAMME_COURSE_READ = "programme.course.read",\
        _("read a course's participants and attendance")
    SJUMIL_ASSESSMENT_UPDATE = "sjumil.assessment.update",\
        _("updated the Sjumilssteget self-assessment")
    SJUMIL_ACTION_CREATE = "sjumil.action.create", _("added a Sjumilssteget follow-up action")
    SJUMIL_MEETING_CREATE = "sjumil.meeting.create",\
        _("recorded a Sjumilssteget interdisciplinary meeting")
    STATS_RESULT_RENAME = "stats.result.rename", _("renamed a result set")
    STATS_RESULT_DEFAULT = "stats.result.default", _("made a result set the default")
    STATS_RESULT_DELETE = "stats.result.delete", _("deleted a result set")
    STATS_COMPUTATION_START = "stats.computation.start", _("started a statistics computation")
    STATS_RESULT_IMPORT = "stats.result.import", _("loaded computed living-conditions figures")
    STATS_TABLE_IMPORT = "stats.table.import", _("imported a published statistics table")
    STATS_SURVEY_IMPORT = "stats.survey.import", _("imported survey figures")
    STATS_BOUNDARIES_UPLOAD = "stats.boundaries.upload", _("uploaded zone boundaries")

    # actionplan: the municipality's action plan (the plans app)
    ACTIONPLAN_MEASURE_MOVE = "actionplan.measure.move",\
        _("moved a measure to another goal in the action plan")
    ACTIONPLAN_GOAL_MOVE = "actionplan.goal.move",\
        _("moved a goal to another focus area in the action plan")
    ACTIONPLAN_REPORT_EXPORT = "actionplan.report.export",\
        _("downloaded the annual status report of the action plan")


class AuditPurpose(models.TextChoices):
    """Why a row was written, or which page was read: every purpose an audit call
    names is one of these (``audit_record`` refuses any other). The Norwegian words are
    the translations in ``core/locale/nb``; they are the very words rows carried as
    free text before the purposes were declared, so an old row and a new one read
    alike. Facts that vary (a reason someone typed, a count, a file name) go in the
    event's ``detail``, never in the purpose. Old rows keep their free text in
    ``purpose``: ``audit_why`` shows a value that is not a code as it stands."""

    NONE = "", _("no stated purpose")

    ACCOUNT_LOCKED = "account.locked", _("locked after repeated failed logins")
    PASSWORD_LOGIN_SSO_ONLY = "account.password_refused",\
        _("password login refused: the role must use the municipality's login")
    TOTP_ACCEPTED = "account.totp.accepted", _("second factor (TOTP) accepted")
    TOTP_WRONG = "account.totp.wrong", _("wrong one-time code (TOTP)")
    CSRF_FAILED = "page.csrf_failed", _("CSRF check failed")
    SSO_LOGOUT = "account.sso_logout", _("logged out of the municipality's login")
    PROGRAMME_PARTICIPANT = "programme.participant",\
        _("group course: participant registered with consent")
    PROGRAMME_ATTENDANCE = "programme.attendance", _("group course: attendance at a session")
    PROGRAMME_COURSE_PAGE = "programme.course_page", _("group course: participants and attendance")
    SJUMIL_SELF_ASSESSMENT = "sjumil.self_assessment", _("Sjumilssteget: self-assessment")
    SJUMIL_MEETING = "sjumil.meeting", _("Sjumilssteget: interdisciplinary meeting")
    CASE_NO_ACCESS = "case.no_access", _("no access to the family case")
    INDIVIDUAL_PLAN_WRITE_REFUSED = "case.write_refused.individual_plan",\
        _("write refused: individual plan")
    NEW_CASE = "case.new", _("new family case")
    NEW_MEMBER = "case.new_member", _("new family member")
    PERSON_CORRECTION = "person.correction", _("correcting a person")
    CASE_REOPENED = "case.reopened", _("the family case reopened")
    MEMBER_DIED = "case.member_died", _("a death in the family")
    MEMBER_MOVED_OUT = "case.member_moved_out", _("a family member moved out")
    CASE_OVERVIEW = "case.page.overview", _("saw the family case")
    CASE_FORM_NEW_MEMBER = "case.form.new_member", _("form: new family member")
    CASE_FORM_STATUS = "case.form.status", _("form: status of the family case")
    WORKLIST = "case.page.worklist", _("saw their own work list")
    BTI_PAGE = "case.page.bti", _("saw the BTI level and its history")
    INDIVIDUAL_PLAN_PAGE = "case.page.individual_plan",\
        _("saw the individual plan and child coordinator")
    INDIVIDUAL_PLAN_FORM_NEW = "case.form.individual_plan_new", _("form: new individual plan")
    INDIVIDUAL_PLAN_FORM_EDIT = "case.form.individual_plan_edit", _("form: change individual plan")
    BREAK_GLASS_REVIEW = "break_glass.review", _("reviewed an emergency access")
    BTI_LEADER_ALLOCATION = "bti.allocation", _("allocated cases as BTI leader")
    CONSENTS_PAGE = "case.page.consents", _("saw the consents")
    CONSENT_FORM_NEW = "case.form.consent_new", _("form: new consent")
    CONSENT_FORM_WITHDRAW = "case.form.consent_withdraw", _("form: withdraw consent")
    MEMBER_FORM_CORRECT = "case.form.member_correct", _("form: correct family member")
    MEMBER_FORM_LEAVE = "case.form.member_leave", _("form: family member leaves the household")
    HOUSEHOLD_FORM_MOVE = "case.form.move", _("form: moving")
    CASE_FORM_HANDOVER = "case.form.handover", _("form: hand the family case over")
    HOUSEHOLD_FORM_PROTECTION = "case.form.protection", _("form: address protection")
    MAPPINGS_PAGE = "case.page.mappings", _("saw mappings and change since the start")
    MAPPING_FORM_NEW = "case.form.mapping_new", _("form: new mapping")
    MAPPING_FORM_CORRECT = "case.form.mapping_correct", _("form: correct mapping")
    MAPPING_PAGE = "case.page.mapping", _("saw a mapping")
    ENTITLEMENTS_PAGE = "case.page.entitlements", _("saw possible entitlements")
    MEETINGS_PAGE = "case.page.meetings", _("saw contacts and meetings")
    MEETING_FORM_NEW = "case.form.meeting_new", _("form: new contact")
    MEETING_FORM_EDIT = "case.form.meeting_edit", _("form: change contact")
    MEETING_PAGE = "case.page.meeting", _("saw a meeting")
    TASK_FORM_NEW = "case.form.task_new", _("form: new task")
    FEEDBACK_FORM = "case.form.feedback", _("form: feedback")
    FEEDBACK_PAGE = "case.page.feedback", _("saw feedback (FIT)")
    PLAN_PAGE = "case.page.plan", _("saw Familiens plan")
    PLAN_FORM_WISHES = "case.form.wishes", _("form: the family's wishes")
    GOAL_FORM_NEW = "case.form.goal_new", _("form: new goal")
    GOAL_FORM_EDIT = "case.form.goal_edit", _("form: change goal")
    ACTION_FORM_NEW = "case.form.action_new", _("form: new action")
    ACTION_FORM_UPDATE = "case.form.action_update", _("form: update action")
    GOAL_FORM_NOTE = "case.form.goal_note", _("form: note on a goal")
    PARTICIPANTS_PAGE = "case.page.participants", _("saw the participants of the family case")
    CHILD_VOICE_FORM = "case.form.child_voice", _("form: the child's voice")
    PLAN_PRINT = "case.page.plan_print", _("printed Familiens plan (PDF)")
    ACCESS_LOG_PAGE = "case.page.access_log", _("saw the access log")
    EXPORT_JSON = "person.export.json", _("subject access: export as JSON")
    EXPORT_PDF = "person.export.pdf", _("subject access: export as PDF")
    BORROWER_ERASED_ON_REQUEST = "borrower.erased_on_request",\
        _("personal details erased on request; loan history kept anonymously")
    OVERDUE_LIST = "lending.page.overdue", _("list of overdue loans")
    RESERVATIONS_PAGE = "lending.page.reservations", _("reservations and pick-up shelf")
    BORROWER_PAGE = "lending.page.borrower", _("borrower page at the desk")
    BORROWER_ERASE_FORM = "lending.form.erase", _("erasure on request")
    PHONE_TAKEN = "lending.phone_taken", _("the mobile number is already registered")
    BORROWER_EDIT_FORM = "lending.form.borrower_edit", _("change borrower")
    DESK_RETURN = "lending.page.return", _("return at the desk")
    MINSIDE_OVERVIEW = "minside.overview",\
        _("Min side: own overview (activity cards, loans, holiday places)")
    MINSIDE_PLAN_PRINTED = "minside.plan_printed", _("Min side: Familiens plan printed (PDF)")
    MINSIDE_APPLICATION_FORM = "minside.application_form",\
        _("Min side: application for an activity card (form)")
    MINSIDE_APPLICATION = "minside.application", _("Min side: application for an activity card")
    MINSIDE_IDPORTEN_LOGOUT = "minside.idporten_logout", _("Min side: logged out of ID-porten")
    REFUND_REFUSED = "pass.refund_refused", _("refund refused")
    PASS_APPLICATION = "pass.application", _("application for an activity card")
    PASS_APPLICATION_DOCUMENTS = "pass.application_documents", _("documents of an application")
    PASS_APPLICATION_QUEUE = "pass.application_queue", _("application queue")
    PASS_CARD_PAGE = "pass.card_page", _("card page")
    PASS_CARD_SEARCH = "pass.card_search", _("search for cards")
    PASS_CARD_ISSUED_BY_HAND = "pass.card_issued_by_hand", _("card issued by hand")
    HOLIDAY_NOMINATIONS_LIST = "holiday.nominations", _("nominated families")
    HOLIDAY_OWN_NOMINATIONS = "holiday.own_nominations", _("own nominations to holiday offers")
    PASS_REMINDED_HOUSEHOLDS = "pass.reminded_households", _("households sent a reminder")
    PASS_UNUSED_LIST = "pass.unused_cards", _("list of unused cards")


class AccessVia(models.TextChoices):
    """How a reader was given access to a family's case (``followup.access``), kept on
    each read of a case (``AuditEvent.via``)."""

    NONE = "", _("no access route")

    COORDINATOR = "coordinator", _("as family coordinator")
    CONSENT = "consent", _("with the family's consent")
    BREAK_GLASS = "break_glass", _("emergency access")



_VIEW, _CREATE, _UPDATE, _DELETE, _EXPORT, _DENIED = (
    "view", "create", "update", "delete", "export", "denied")
K = AuditKind

#: The coarse action (``AuditEvent.Action``) of each kind.
ACTION_OF: dict[str, str] = {
    K.LEGACY: "",
    K.ACCOUNT_LOGIN: "login", K.ACCOUNT_LOGOUT: "logout", K.ACCOUNT_LOGIN_DENIED: _DENIED,
    K.ACCOUNT_LOGOUT_PROVIDER: "logout",
    K.ACCOUNT_LOGIN_SSO_REQUIRED: _DENIED, K.ACCOUNT_LOGIN_NO_SECOND_FACTOR: _DENIED,
    K.ACCOUNT_PASSWORD_CHANGE: _UPDATE, K.ACCOUNT_ACCESS_CHANGE: _UPDATE, K.PAGE_DENIED: _DENIED,
    K.AUDIT_SEARCH_READ: _VIEW, K.JOB_RERUN: _CREATE,
    K.CASE_READ: _VIEW, K.CASE_LIST_READ: _VIEW, K.CASE_DENIED: _DENIED,
    K.CASE_CREATE: _CREATE, K.CASE_STATUS_CHANGE: _UPDATE, K.CASE_HANDOVER: _UPDATE,
    K.CASE_PURGE: _DELETE, K.CASE_MEMBER_ADD: _UPDATE, K.CASE_MEMBER_CORRECT: _UPDATE,
    K.CASE_MEMBER_LEAVE: _UPDATE, K.CASE_PARTICIPANT_ADD: _CREATE,
    K.CONSENT_CREATE: _CREATE, K.CONSENT_CHANGE: _UPDATE,
    K.BTI_LEVEL_CHANGE: _UPDATE, K.BTI_INDIVIDUAL_PLAN: _UPDATE,
    K.BTI_INDIVIDUAL_PLAN_CREATE: _CREATE, K.BTI_INDIVIDUAL_PLAN_CHANGE: _UPDATE,
    K.BTI_INDIVIDUAL_PLAN_DENIED: _DENIED, K.BREAK_GLASS_OPEN: _CREATE,
    K.BREAK_GLASS_LIST_READ: _VIEW, K.BREAK_GLASS_UNJUSTIFIED: _UPDATE,
    K.BREAK_GLASS_REVIEW_READ: _VIEW,
    K.PLAN_WISHES_UPDATE: _UPDATE, K.PLAN_GOAL_CREATE: _CREATE, K.PLAN_GOAL_UPDATE: _UPDATE,
    K.PLAN_GOAL_NOTE_CREATE: _CREATE, K.PLAN_ACTION_CREATE: _CREATE,
    K.PLAN_ACTION_UPDATE: _UPDATE, K.PLAN_ACTION_APPLICATION: _UPDATE,
    K.PLAN_ACTIONS_READ: _VIEW, K.PLAN_CHILD_VOICE_CREATE: _CREATE,
    K.PLAN_WRITE_DENIED: _DENIED,
    K.MAPPING_CREATE: _CREATE, K.MAPPING_UPDATE: _UPDATE, K.MEETING_CREATE: _CREATE,
    K.MEETING_UPDATE: _UPDATE, K.TASK_CREATE: _CREATE, K.TASK_UPDATE: _UPDATE,
    K.FEEDBACK_RECORD: _UPDATE, K.OFFERS_UPDATE: _UPDATE,
    K.PERSON_EXPORT: _EXPORT,
    K.PERSON_CREATE: _CREATE, K.PERSON_UPDATE: _UPDATE, K.PERSON_DEATH: _UPDATE,
    K.PERSON_LOOKUP: _VIEW,
    K.PARENTAL_RESPONSIBILITY_CREATE: _CREATE, K.HOUSEHOLD_CREATE: _CREATE,
    K.HOUSEHOLD_MOVE: _UPDATE, K.HOUSEHOLD_PROTECTION_CHANGE: _UPDATE,
    K.BORROWER_READ: _VIEW, K.BORROWER_CREATE: _CREATE, K.BORROWER_CO_BORROWER_ADD: _UPDATE,
    K.BORROWER_UPDATE: _UPDATE, K.BORROWER_ERASE: _DELETE, K.BORROWER_NOTIFY: _EXPORT,
    K.LOAN_CREATE: _CREATE, K.LOAN_RETURN: _UPDATE, K.LOAN_RENEW: _UPDATE,
    K.RESERVATION_CREATE: _CREATE, K.RESERVATION_CANCEL: _UPDATE, K.RESERVATION_MOVE: _UPDATE,
    K.PASS_LIST_READ: _VIEW, K.PASS_CARD_READ: _VIEW, K.PASS_CARD_ISSUE: _CREATE,
    K.PASS_CARD_REPLACE: _UPDATE, K.PASS_ISSUANCE: _CREATE, K.PASS_HOUSEHOLD_IMPORT: _CREATE,
    K.PASS_LETTERS_EXPORT: _EXPORT, K.PASS_REMINDER_RUN: _CREATE, K.PASS_USE_RECORD: _CREATE,
    K.PASS_REFUND_DECIDE: _UPDATE, K.PASS_REFUND_EXPORT: _EXPORT,
    K.PASS_APPLICATION_CREATE: _CREATE, K.PASS_APPLICATION_READ: _VIEW,
    K.PASS_APPLICATION_DECIDE: _UPDATE,
    K.HOLIDAY_LOOKUP_READ: _VIEW, K.HOLIDAY_NOMINATIONS_READ: _VIEW, K.HOLIDAY_NOMINATE: _CREATE,
    K.HOLIDAY_ALLOCATE: _UPDATE, K.HOLIDAY_ACCEPT: _UPDATE, K.HOLIDAY_DECLINE: _UPDATE,
    K.HOLIDAY_WAITLIST_MOVE: _UPDATE, K.HOLIDAY_LIST_EXPORT: _EXPORT,
    K.HOLIDAY_NOTICE: _EXPORT, K.HOLIDAY_CONTACT_WITHDRAW: _UPDATE,
    K.MINSIDE_LOGIN: "login", K.MINSIDE_LOGIN_DENIED: _DENIED, K.MINSIDE_DENIED: _DENIED,
    K.MINSIDE_LOGOUT_PROVIDER: "logout",
    K.MINSIDE_OVERVIEW_READ: _VIEW, K.MINSIDE_PERSON_READ: _VIEW,
    K.MINSIDE_ACCESS_LOG_READ: _VIEW, K.MINSIDE_PLAN_READ: _VIEW, K.MINSIDE_PLAN_PRINT: _EXPORT,
    K.MINSIDE_CONSENTS_READ: _VIEW,
    K.EVALUATION_DESIGN_UPDATE: _UPDATE,
    K.EVALUATION_DESIGN_DELETE: _DELETE,
    K.EVALUATION_REPORT_EXPORT: _EXPORT,
    K.PRACTICE_ASSESSMENT_UPDATE: _UPDATE,
    K.PROGRAMME_CREATE: _CREATE,
    K.PROGRAMME_COURSE_CREATE: _CREATE,
    K.PROGRAMME_PARTICIPANT_ADD: _CREATE,
    K.PROGRAMME_ATTENDANCE_RECORD: _UPDATE,
    K.PROGRAMME_QUESTIONNAIRE_RECORD: _UPDATE,
    K.PROGRAMME_COURSE_READ: _VIEW,
    K.SJUMIL_ASSESSMENT_UPDATE: _UPDATE,
    K.SJUMIL_ACTION_CREATE: _CREATE,
    K.SJUMIL_MEETING_CREATE: _CREATE,
    K.STATS_RESULT_RENAME: _UPDATE,
    K.STATS_RESULT_DEFAULT: _UPDATE,
    K.STATS_RESULT_DELETE: _DELETE,
    K.STATS_COMPUTATION_START: _CREATE,
    K.STATS_RESULT_IMPORT: _CREATE,
    K.STATS_TABLE_IMPORT: _CREATE,
    K.STATS_SURVEY_IMPORT: _CREATE,
    K.STATS_BOUNDARIES_UPLOAD: _UPDATE,
    K.ACTIONPLAN_MEASURE_MOVE: _UPDATE,
    K.ACTIONPLAN_GOAL_MOVE: _UPDATE,
    K.ACTIONPLAN_REPORT_EXPORT: _EXPORT,
}
