import re, json, pytest
pytestmark = pytest.mark.django_db
from django.urls import reverse
from tests.permissions import targets as T
from tests.permissions.surface import page_patterns, api_operations, Row, Target
from tests.permissions.checks import request_as
from tests.permissions.world import PERSONAS

def tname(t):
    for k, v in vars(T).items():
        if v is t: return k

def page_target(p):
    kw = frozenset(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", p.route) and [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", p.route)])
    n = p.name
    m = {
        frozenset(): T.NOTHING, frozenset({"slug"}): T.PROGRAM, frozenset({"slug","step"}): T.ONBOARDING_STEP,
        frozenset({"notification_id"}): T.NOTIFICATION, frozenset({"slug","import_id"}): T.IMPORT,
        frozenset({"uidb64","token"}): T.INVITATION, frozenset({"pk"}): T.REQUEST, frozenset({"relationship_id"}): T.RELATIONSHIP,
        frozenset({"relationship_id","goal_id"}): T.GOAL, frozenset({"relationship_id","item_id"}): T.ACTION_ITEM,
        frozenset({"relationship_id","meeting_id"}): T.MEETING, frozenset({"slug","concern_id"}): T.CONCERN,
        frozenset({"user_id"}): T.PARTNER, frozenset({"circle_id"}): T.CIRCLE, frozenset({"circle_id","membership_id"}): T.CIRCLE_MEMBERSHIP,
        frozenset({"circle_id","session_id"}): T.CIRCLE_SESSION, frozenset({"introduction_id"}): T.INTRODUCTION,
        frozenset({"note_id"}): T.THANKS, frozenset({"slug","mentor_id"}): T.MENTOR, frozenset({"job_id"}): T.JOB,
        frozenset({"slug","suggestion_id"}): T.SUGGESTION, frozenset({"slug","model_id"}): T.RANKER_MODEL,
        frozenset({"slug","run_id"}): T.MATCH_RUN, frozenset({"slug","run_id","pair_id"}): T.MATCH_PAIR,
        frozenset({"slug","report"}): T.REPORT, frozenset({"slug","report","table"}): T.REPORT_TABLE,
        frozenset({"key"}): T.EMAIL_KEY, frozenset({"uidb36","key"}): T.RESET_KEY,
    }
    if kw == {"slug","membership_id"}: return T.JOIN_REQUEST if n.startswith("join_request") else T.MENTEE_MEMBERSHIP
    if kw == {"token"}: return T.UNSUBSCRIBE if "unsub" in n else T.CALENDAR
    if kw == {"slug","job_id"}: return T.SUGGESTIONS_JOB if "suggest" in n else T.TRAINING_JOB
    return m[kw]

def api_target(path):
    kw = frozenset(re.findall(r"\{(\w+)\}", path))
    if kw == {"id"}:
        for pre, t in (("notifications", T.NOTIFICATION_ID), ("requests", T.REQUEST_ID), ("introductions", T.INTRODUCTION_ID), ("thank-you-notes", T.THANKS_ID), ("jobs", T.JOB_ID)):
            if f"/{pre}/" in path: return t
    if kw == {"slug","id"}:
        for pre, t in (("match-runs", T.MATCH_RUN_ID), ("mentors", T.MENTOR_ID), ("ranker-models", T.RANKER_MODEL_ID), ("suggestions", T.SUGGESTION_ID)):
            if f"/{pre}/" in path: return t
    if kw == {"slug","id","pair_id"}: return T.MATCH_PAIR_ID
    if kw == {"slug","membership_id"}: return T.JOIN_REQUEST
    m = {frozenset(): T.NOTHING, frozenset({"slug"}): T.PROGRAM, frozenset({"slug","mentor_id"}): T.MENTOR,
        frozenset({"relationship_id"}): T.RELATIONSHIP,
        frozenset({"relationship_id","goal_id"}): T.GOAL, frozenset({"relationship_id","item_id"}): T.ACTION_ITEM,
        frozenset({"relationship_id","meeting_id"}): T.MEETING, frozenset({"user_id"}): T.PARTNER,
        frozenset({"circle_id"}): T.CIRCLE, frozenset({"circle_id","membership_id"}): T.CIRCLE_MEMBERSHIP,
        frozenset({"circle_id","session_id"}): T.CIRCLE_SESSION}
    return m[kw]

def test_probe(world, session_keys):
    out = []
    for p in page_patterns():
        t = page_target(p)
        for meth in p.methods:
            row = Row("page", p.name, meth, t, {})
            sts = []
            for persona in PERSONAS:
                r = request_as(row, persona, world, session_keys)
                s = r.status_code
                if s == 302 and persona == "visitor" and "/accounts/login/" not in r.get("Location", ""):
                    s = -302
                sts.append(s)
            out.append(("page", p.name, meth, tname(t), sts))
    for (meth, path), opid in sorted(api_operations().items(), key=lambda x: (x[0][1], x[0][0])):
        t = api_target(path)
        row = Row("api", path, meth, t, {})
        sts = [request_as(row, persona, world, session_keys).status_code for persona in PERSONAS]
        out.append(("api", path, meth, tname(t), sts))
    json.dump(out, open("/tmp/h9_probe.json", "w"))
