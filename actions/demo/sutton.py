"""The Sutton demo statement, as plain data (no database code: see loader.py).

Drawn from the sources in the design's `seeds/`: the joint Ofsted and CQC inspection
of SEND services in Sutton (report letter published 23 March 2018), its three
significant weaknesses, the written statement of action submitted on 3 July 2018,
and Ofsted's letter of 19 July 2018 judging it fit for purpose.

The weaknesses quote the inspectors' words as the seeds report them. Everything
else (the people, their actions, the updates and the figures) is invented for the
demo. Owners are roles with fictional names: no real person named in the sources
appears here, and nothing here is said or done by any of them.

Dates are `datetime.date`; the loader turns update dates into aware datetimes.
Organisations are `workstreams.Owner.Organisation` values; statuses, phases and
confidences are `actions.Action` choice values.
"""

from datetime import date

DEMO_NOTE = (
    "This is demonstration data. The three weaknesses come from the published "
    "inspection findings; the people, actions, progress updates and figures are invented."
)

STATEMENT = {
    "local_area": "Sutton",
    "slug": "sutton-2018",
    "title": "Sutton SEND written statement of action 2018",
    "summary": (
        "In early 2018 Ofsted and the Care Quality Commission (CQC) inspected how well the "
        "council, the NHS and schools in Sutton work together for children and young people "
        "with special educational needs and disabilities (SEND). The inspectors found three "
        "significant weaknesses. This written statement of action is the plan to put them "
        "right: what has already been done, what will be done next, who is responsible, by "
        "when, and how we will know that children and families are better off. Parents and "
        "carers helped to write it and sit on all four groups that carry it out. Ofsted and "
        "the CQC judged the plan fit for purpose on 19 July 2018.\n\n" + DEMO_NOTE
    ),
    "inspection_published_on": date(2018, 3, 23),
    "submitted_on": date(2018, 7, 3),
    "evaluated_on": date(2018, 7, 19),
    "evaluation_outcome": "Fit for purpose",
    # The plan was drafted from the week after the report letter, and published
    # on local websites the day after Ofsted's evaluation letter.
    "drafted_on": date(2018, 3, 26),
    "published_on": date(2018, 7, 20),
}

WEAKNESSES = [
    {
        "number": 1,
        "title": "Families could not get independent advice and support when they needed it",
        "finding": (
            'Inspectors found a "serious decline" in the availability of an effective '
            "independent information, advice and support service in the area, which has led "
            'to an "inequality of opportunity for families".'
        ),
        "response": (
            "We are rebuilding a free information, advice and support service (IASS) that is "
            "independent of the council, so that any family can get impartial advice quickly, "
            "in person, by phone or online, whatever their circumstances. We are also "
            "rewriting the Local Offer website with parents so that information is easy to "
            "find and understand."
        ),
    },
    {
        "number": 2,
        "title": "Services and schools did not work together or communicate well with families",
        "finding": (
            'Inspectors found "a lack of coherence" and joint working between local area '
            'leaders, agencies and schools, resulting in "poor communication, inconsistent '
            'opportunities for social inclusion". Providers and parents "remain concerned" '
            "about the quality of communication by leaders and the oversight of the reforms."
        ),
        "response": (
            "The council, the NHS, Cognus, schools and the parent carer forum now work to one "
            "plan with one partnership board, and everyone can see who is responsible for "
            "what. Health, education and social care advice for EHC needs assessments must "
            "arrive on time, and every EHC plan is checked for quality by a panel that "
            "includes the designated medical officer and a parent representative. We tell "
            "families what we are doing every term, and ask them what it is like."
        ),
    },
    {
        "number": 3,
        "title": "Too many children, especially in primary schools, were excluded",
        "finding": (
            'Inspectors found that the lack of joint working resulted in "a high number of '
            'exclusions", particularly at primary school level.'
        ),
        "response": (
            "We are helping schools to keep children with SEND in school and included. An "
            "inclusion panel looks at every child at risk of permanent exclusion, schools get "
            "specialist outreach support and training, and there are alternatives to "
            "exclusion such as managed moves. We have set precise targets to reduce "
            "fixed-term and permanent exclusions in primary schools by August 2020."
        ),
    },
]

# Owners are roles: the public pages show the job title and organisation only. An
# organisation outside Owner.Organisation's list is "other", with its own name.
OWNERS = {
    "programme_manager": {
        "name": "Helen Marsh",
        "job_title": "SEND Improvement Programme Manager",
        "organisation": "council",
        "email": "helen.marsh@example.org",
    },
    "commissioning_manager": {
        "name": "Owen Pritchard",
        "job_title": "Children's Commissioning Manager",
        "organisation": "council",
        "email": "owen.pritchard@example.org",
    },
    "inclusion_lead": {
        "name": "Rachel Nwosu",
        "job_title": "Strategic Lead for Inclusion",
        "organisation": "council",
        "email": "rachel.nwosu@example.org",
    },
    "local_offer_officer": {
        "name": "Kate Brennan",
        "job_title": "Local Offer and Communications Officer",
        "organisation": "council",
        "email": "kate.brennan@example.org",
    },
    "social_care_manager": {
        "name": "Joseph Okoro",
        "job_title": "Service Manager, Children with Disabilities Team",
        "organisation": "council",
        "email": "joseph.okoro@example.org",
    },
    "joint_commissioning_head": {
        "name": "Martin Kowalski",
        "job_title": "Head of Children's Joint Commissioning",
        "organisation": "ccg",
        "email": "martin.kowalski@example.org",
    },
    "dmo": {
        "name": "Dr Anjali Mehta",
        "job_title": "Designated Medical Officer for SEND",
        "organisation": "health",
        "email": "anjali.mehta@example.org",
    },
    "casework_manager": {
        "name": "Daniel Mercer",
        "job_title": "EHC Casework Team Manager",
        "organisation": "cognus",
        "email": "daniel.mercer@example.org",
    },
    "quality_manager": {
        "name": "Claire Fenwick",
        "job_title": "SEN Quality Assurance Manager",
        "organisation": "cognus",
        "email": "claire.fenwick@example.org",
    },
    "principal_ep": {
        "name": "Nadia Rahman",
        "job_title": "Principal Educational Psychologist",
        "organisation": "cognus",
        "email": "nadia.rahman@example.org",
    },
    "iass_manager": {
        "name": "Grace Adeyemi",
        "job_title": "Information, Advice and Support Service Manager",
        "organisation": "other",
        "organisation_name": "Sutton Information, Advice and Support Service",
        "email": "grace.adeyemi@example.org",
    },
    "headteacher_rep": {
        "name": "Paul Adebayo",
        "job_title": "Primary Headteachers' Representative",
        "organisation": "schools",
        "email": "paul.adebayo@example.org",
    },
    "senco_network_lead": {
        "name": "Sarah Whitfield",
        "job_title": "SENCO Network Lead",
        "organisation": "schools",
        "email": "sarah.whitfield@example.org",
    },
    "forum_cochair": {
        "name": "Louise Hartley",
        "job_title": "Co-chair",
        "organisation": "pcf",
        "email": "louise.hartley@example.org",
    },
}

# Demo accounts. `login` accounts get the demo password; the others have none
# (they exist so that every workstream has a parent/carer representative).
# `group` names a constant in actions/roles.py.
ACCOUNTS = [
    {
        "username": "manager",
        "role": "Programme manager",
        "group": "PROGRAMME_MANAGERS",
        "first_name": "Helen",
        "last_name": "Marsh",
        "email": "helen.marsh@example.org",
        "is_staff": True,
        "owner": "programme_manager",
        "workstreams": [],
        "login": True,
    },
    {
        "username": "officer",
        "role": "Officer: owns EHC casework actions",
        "group": "OFFICERS",
        "first_name": "Daniel",
        "last_name": "Mercer",
        "email": "daniel.mercer@example.org",
        "is_staff": False,
        "owner": "casework_manager",
        "workstreams": [],
        "login": True,
    },
    {
        "username": "lead",
        "role": "Officer: leads workstream 3",
        "group": "OFFICERS",
        "first_name": "Rachel",
        "last_name": "Nwosu",
        "email": "rachel.nwosu@example.org",
        "is_staff": False,
        "owner": "inclusion_lead",
        "workstreams": [],
        "login": True,
    },
    {
        "username": "parent",
        "role": "Parent representative on workstreams 1 and 3",
        "group": "PARENT_REPRESENTATIVES",
        "first_name": "Joanna",
        "last_name": "Pike",
        "email": "joanna.pike@example.org",
        "is_staff": False,
        "owner": None,
        "workstreams": [1, 3],
        "login": True,
    },
    {
        "username": "parent2",
        "role": "Parent representative on workstreams 2 and 4",
        "group": "PARENT_REPRESENTATIVES",
        "first_name": "Femi",
        "last_name": "Oduya",
        "email": "femi.oduya@example.org",
        "is_staff": False,
        "owner": None,
        "workstreams": [2, 4],
        "login": False,
    },
    {
        "username": "parent3",
        "role": "Parent representative on workstreams 3 and 4",
        "group": "PARENT_REPRESENTATIVES",
        "first_name": "Megan",
        "last_name": "Doyle",
        "email": "megan.doyle@example.org",
        "is_staff": False,
        "owner": None,
        "workstreams": [4, 3],
        "login": False,
    },
]

# Parent representatives joined their groups when action 2.3 was done.
MEMBERSHIPS_JOINED_ON = date(2018, 6, 12)

WORKSTREAMS = [
    {
        "number": 1,
        "name": "Information, advice and support",
        "lead": "commissioning_manager",
        "weaknesses": [1, 2],
        "purpose": (
            "Make sure every family of a child or young person with SEND can get free, "
            "impartial information, advice and support quickly, from a service that is "
            "independent of the council, and can easily find out what help is available in "
            "Sutton."
        ),
        "monitoring_arrangements": (
            "The group meets every month. Before each meeting the owner of each action sends "
            "a short written report: what has been done, evidence, and the effect on measures "
            "M6 and M7 (waiting times and families supported by the IASS). At the meeting the "
            "group agrees each action's status and delivery confidence, and the programme "
            "manager records that decision and the evidence as a progress update on the "
            "action the same week. An action is marked complete only when the group has seen "
            "evidence of the outcome, not just that the task was done. Every quarter the "
            "parent carer forum representatives review the IASS figures and families' "
            "feedback before they go to the SEND Partnership Board."
        ),
    },
    {
        "number": 2,
        "name": "Joint working, leadership and communication",
        "lead": "joint_commissioning_head",
        "weaknesses": [2],
        "purpose": (
            "Get the council, the NHS, Cognus, schools and parents working to one plan, with "
            "clear responsibilities, shared information and regular, honest communication "
            "with families."
        ),
        "monitoring_arrangements": (
            "The group meets every six weeks and reports to the SEND Partnership Board. Each "
            "action owner sends a one-page highlight report a week before the meeting. The "
            "group's decision for each action (complete, on track, at risk or off track) and "
            "the evidence it saw are recorded here as a progress update within five working "
            "days. Twice a year the parent carer forum runs a 'you said, we did' check with "
            "families, and its findings are recorded against the actions they concern and "
            "reported to the board."
        ),
    },
    {
        "number": 3,
        "name": "Inclusion and reducing exclusions",
        "lead": "inclusion_lead",
        "weaknesses": [3, 2],
        "purpose": (
            "Help schools keep children with SEND in school and included, so that fewer "
            "children, especially in primary schools, are excluded for a fixed period or "
            "permanently."
        ),
        "monitoring_arrangements": (
            "The group meets twice each half term. Exclusions for every school are reported "
            "to it each half term, and every exclusion of a child with an EHC plan or at SEN "
            "support is looked at by the inclusion panel within five school days. For each "
            "action the owner reports progress and the effect on measures M1 and M2 "
            "(fixed-term and permanent exclusions at primary); the group's decision and the "
            "evidence are recorded as a progress update after each meeting. Termly figures "
            "go to headteachers, to the SEND Partnership Board and to the parent carer "
            "forum."
        ),
    },
    {
        "number": 4,
        "name": "Quality of EHC needs assessments and plans",
        "lead": "quality_manager",
        "weaknesses": [2, 1],
        "purpose": (
            "Make sure requests for EHC needs assessments are decided fairly and on time, and "
            "that EHC plans are written with families, include good health and social care "
            "advice, and lead to better outcomes for children and young people. The "
            "designated medical officer (DMO) is a member of this group and leads its work "
            "on the quality of health advice and on training."
        ),
        "monitoring_arrangements": (
            "The group meets monthly. A multi-agency audit panel (education, the designated "
            "medical officer for health, social care and a parent carer forum "
            "representative) audits at least ten new EHC plans a month, chosen at random, "
            "against the agreed quality standard; the results are recorded against measure "
            "M5 and each action they concern. Refusal rates (M3), plans issued within 20 "
            "weeks (M4) and health advice returned within six weeks (M8) are reported "
            "monthly from the casework system. The group records its decision on each "
            "action as a progress update, with the audit summary as evidence. To link the "
            "quality of plans to outcomes, the panel also checks at annual reviews whether "
            "the outcomes in each audited plan were achieved."
        ),
    },
]

# Measures of success: mostly impact. Values are invented demo figures.
MEASURES = [
    {
        "reference": "M1",
        "title": "Fixed-term exclusions in primary schools",
        "description": (
            "The number of fixed-term exclusions given to pupils in Sutton primary schools "
            "in the school year (September to August)."
        ),
        "kind": "impact",
        "unit": "count",
        "direction": "lower",
        "baseline_value": 214,
        "baseline_date": date(2017, 8, 31),
        "target_value": 120,
        "target_date": date(2020, 8, 31),
        "data_source": "School exclusions returns to the council, by school year",
        "owner": "inclusion_lead",
        "weakness": 3,
        "milestones": [(date(2018, 8, 31), 185), (date(2019, 8, 31), 150)],
        "measurements": [
            (date(2018, 8, 31), 191, ""),
            (date(2019, 8, 31), 143, ""),
            (
                date(2020, 8, 31),
                97,
                "Schools were closed to most pupils from March to June 2020 because of "
                "coronavirus, so this year's figure is not comparable with earlier years.",
            ),
        ],
    },
    {
        "reference": "M2",
        "title": "Permanent exclusions in primary schools",
        "description": (
            "The number of pupils permanently excluded from Sutton primary schools in the "
            "school year (September to August)."
        ),
        "kind": "impact",
        "unit": "count",
        "direction": "lower",
        "baseline_value": 11,
        "baseline_date": date(2017, 8, 31),
        "target_value": 3,
        "target_date": date(2020, 8, 31),
        "data_source": "School exclusions returns to the council, by school year",
        "owner": "inclusion_lead",
        "weakness": 3,
        "milestones": [(date(2018, 8, 31), 8), (date(2019, 8, 31), 5)],
        "measurements": [
            (date(2018, 8, 31), 9, ""),
            (date(2019, 8, 31), 4, ""),
            (
                date(2020, 8, 31),
                2,
                "Schools were closed to most pupils from March to June 2020.",
            ),
        ],
    },
    {
        "reference": "M3",
        "title": "Requests for an EHC needs assessment that are refused",
        "description": (
            "Of the requests for an education, health and care (EHC) needs assessment "
            "decided in the quarter, the percentage that were refused."
        ),
        "kind": "impact",
        "unit": "percentage",
        "direction": "lower",
        "baseline_value": 48,
        "baseline_date": date(2017, 12, 31),
        "target_value": 25,
        "target_date": date(2019, 12, 31),
        "data_source": "EHC casework system, decisions made in the quarter",
        "owner": "casework_manager",
        "weakness": 2,
        "milestones": [(date(2018, 12, 31), 38), (date(2019, 6, 30), 30)],
        "measurements": [
            (date(2018, 6, 30), 45, ""),
            (date(2018, 9, 30), 39, ""),
            (date(2018, 12, 31), 33, ""),
            (date(2019, 3, 31), 29, ""),
            (date(2019, 6, 30), 27, ""),
            (date(2019, 9, 30), 26, ""),
            (date(2019, 12, 31), 24, ""),
        ],
    },
    {
        "reference": "M4",
        "title": "New EHC plans issued within 20 weeks",
        "description": (
            "Of the new EHC plans issued in the quarter, the percentage issued within the "
            "legal time limit of 20 weeks from the request for assessment."
        ),
        "kind": "impact",
        "unit": "percentage",
        "direction": "higher",
        "baseline_value": 41,
        "baseline_date": date(2017, 12, 31),
        "target_value": 85,
        "target_date": date(2019, 12, 31),
        "data_source": "EHC casework system, plans issued in the quarter",
        "owner": "casework_manager",
        "weakness": 2,
        "milestones": [(date(2018, 12, 31), 60), (date(2019, 6, 30), 70)],
        "measurements": [
            (date(2018, 6, 30), 44, ""),
            (date(2018, 9, 30), 50, ""),
            (date(2018, 12, 31), 57, ""),
            (date(2019, 3, 31), 63, ""),
            (
                date(2019, 6, 30),
                60,
                "Dipped while new EHC coordinators were recruited and trained (action 4.8).",
            ),
            (date(2019, 9, 30), 72, ""),
            (date(2019, 12, 31), 78, ""),
            (date(2020, 3, 31), 81, ""),
        ],
    },
    {
        "reference": "M5",
        "title": "EHC plans rated good or better in the multi-agency audit",
        "description": (
            "Of the new EHC plans audited by the multi-agency panel in the quarter, the "
            "percentage rated good or better against the quality standard agreed with "
            "parents (action 4.7)."
        ),
        "kind": "impact",
        "unit": "percentage",
        "direction": "higher",
        "baseline_value": 20,
        "baseline_date": date(2018, 6, 30),
        "target_value": 75,
        "target_date": date(2020, 3, 31),
        "data_source": "Monthly multi-agency EHC plan audit",
        "owner": "quality_manager",
        "weakness": 2,
        "milestones": [
            (date(2018, 12, 31), 35),
            (date(2019, 6, 30), 50),
            (date(2019, 12, 31), 65),
        ],
        "measurements": [
            (date(2018, 9, 30), 24, ""),
            (date(2018, 12, 31), 33, ""),
            (date(2019, 3, 31), 41, ""),
            (date(2019, 6, 30), 52, ""),
            (date(2019, 9, 30), 58, ""),
            (date(2019, 12, 31), 66, ""),
        ],
    },
    {
        "reference": "M6",
        "title": "Working days a family waits for first advice from the IASS",
        "description": (
            "The median number of working days between a family first contacting the "
            "information, advice and support service and speaking to an adviser."
        ),
        "kind": "impact",
        "unit": "days",
        "direction": "lower",
        "baseline_value": 32,
        "baseline_date": date(2018, 3, 31),
        "target_value": 5,
        "target_date": date(2019, 3, 31),
        "data_source": "IASS case records, quarterly",
        "owner": "iass_manager",
        "weakness": 1,
        "milestones": [(date(2018, 9, 30), 15)],
        "measurements": [
            (date(2018, 6, 30), 18, ""),
            (date(2018, 9, 30), 11, ""),
            (date(2018, 12, 31), 7, ""),
            (date(2019, 3, 31), 5, ""),
            (date(2019, 6, 30), 4, ""),
        ],
    },
    {
        "reference": "M7",
        "title": "Families supported by the IASS each quarter",
        "description": (
            "The number of families who received advice or support from the information, "
            "advice and support service in the quarter."
        ),
        "kind": "impact",
        "unit": "count",
        "direction": "higher",
        "baseline_value": 64,
        "baseline_date": date(2018, 3, 31),
        "target_value": 180,
        "target_date": date(2019, 12, 31),
        "data_source": "IASS case records, quarterly",
        "owner": "iass_manager",
        "weakness": 1,
        "milestones": [(date(2018, 12, 31), 120)],
        "measurements": [
            (date(2018, 6, 30), 88, ""),
            (date(2018, 9, 30), 117, ""),
            (date(2018, 12, 31), 142, ""),
            (date(2019, 3, 31), 155, ""),
            (date(2019, 6, 30), 171, ""),
            (date(2019, 9, 30), 168, ""),
            (date(2019, 12, 31), 186, ""),
        ],
    },
    {
        "reference": "M8",
        "title": "Health advice for EHC needs assessments given within six weeks",
        "description": (
            "Of the requests for health advice for an EHC needs assessment due in the "
            "quarter, the percentage answered within six weeks, as the law requires."
        ),
        "kind": "process",
        "unit": "percentage",
        "direction": "higher",
        "baseline_value": 52,
        "baseline_date": date(2018, 3, 31),
        "target_value": 95,
        "target_date": date(2019, 9, 30),
        "data_source": "Designated medical officer's tracker of health advice requests",
        "owner": "dmo",
        "weakness": 2,
        "milestones": [],
        "measurements": [
            (date(2018, 9, 30), 68, ""),
            (date(2018, 12, 31), 79, ""),
            (date(2019, 3, 31), 88, ""),
            (date(2019, 6, 30), 91, ""),
            (date(2019, 9, 30), 94, ""),
        ],
    },
    {
        "reference": "M9",
        "title": "Parents and carers who feel informed and involved",
        "description": (
            "The percentage of parents and carers responding to the local area's SEND survey "
            "who agree that they get clear information and are involved in decisions about "
            "their child's support. The follow-up survey planned for spring 2020 has not yet "
            "run, so there is no new figure yet."
        ),
        "kind": "impact",
        "unit": "percentage",
        "direction": "higher",
        "baseline_value": 31,
        "baseline_date": date(2018, 5, 31),
        "target_value": 60,
        "target_date": date(2020, 5, 31),
        "data_source": "Local area SEND survey of parents and carers, run with the forum",
        "owner": "programme_manager",
        "weakness": 2,
        "milestones": [],
        "measurements": [],
    },
]


def _update(day, status, public_summary, narrative, **extra):
    """One progress update: the status it leaves the action in, and what it says."""
    return {
        "on": day,
        "status": status,
        "public_summary": public_summary,
        "narrative": narrative,
        **extra,
    }


ACTIONS = [
    # Workstream 1: information, advice and support.
    {
        "reference": "1.1",
        "workstream": 1,
        "weaknesses": [1],
        "phase": "taken",
        "owner": "commissioning_manager",
        "title": "Fund two more IASS advisers straight away",
        "description": (
            "Agree emergency funding with the council and the CCG for two additional "
            "full-time advisers in the information, advice and support service (IASS), "
            "recruited on fixed-term contracts until the service is recommissioned."
        ),
        "summary": (
            "We paid for two more advisers in the independent advice service, so families "
            "wait less to speak to someone."
        ),
        "intended_outcome": "Families wait no more than 15 working days for first advice by "
        "September 2018.",
        "monitoring": (
            "The commissioning manager reports posts filled and the waiting time (M6) to "
            "workstream 1 each month; recorded here after each meeting."
        ),
        "start_date": date(2018, 4, 3),
        "due_date": date(2018, 5, 31),
        "measures": ["M6", "M7"],
        "updates": [
            _update(
                date(2018, 4, 16),
                "in_progress",
                "Money for two extra advisers has been agreed. We are recruiting now.",
                "Funding agreed by the council and CCG finance leads on 12 April; posts "
                "advertised 16 April.",
                confidence="on_track",
            ),
            _update(
                date(2018, 5, 21),
                "complete",
                "Both new advisers have started work.",
                "Both advisers in post from 21 May; induction completed with the IASS manager.",
                completed_on=date(2018, 5, 21),
            ),
        ],
    },
    {
        "reference": "1.2",
        "workstream": 1,
        "weaknesses": [1],
        "phase": "taken",
        "owner": "iass_manager",
        "title": "Clear the backlog of families waiting for IASS advice",
        "description": (
            "Contact every family on the IASS waiting list, give urgent cases (tribunal "
            "deadlines, exclusions) an adviser within five working days, and agree a date "
            "with everyone else."
        ),
        "summary": (
            "We contacted every family waiting for advice and saw the most urgent cases first."
        ),
        "intended_outcome": "No family waits for advice without a date, and urgent cases are "
        "seen within five working days.",
        "monitoring": (
            "The IASS manager reports the waiting list weekly to the commissioning manager "
            "and monthly to workstream 1; the group records the result."
        ),
        "start_date": date(2018, 4, 16),
        "due_date": date(2018, 6, 29),
        "measures": ["M6"],
        "updates": [
            _update(
                date(2018, 5, 4),
                "in_progress",
                "We have phoned every family on the waiting list.",
                "All 74 families on the list contacted; 19 urgent cases allocated an adviser.",
                confidence="on_track",
            ),
            _update(
                date(2018, 6, 27),
                "complete",
                "The waiting list has been cleared. Every family has an adviser or a date.",
                "Waiting list cleared; weekly triage of new contacts now routine.",
                completed_on=date(2018, 6, 27),
            ),
        ],
    },
    {
        "reference": "1.3",
        "workstream": 1,
        "weaknesses": [1],
        "phase": "planned",
        "owner": "commissioning_manager",
        "title": "Recommission the IASS as a service independent of the council",
        "description": (
            "Write a new specification for the information, advice and support service with "
            "the parent carer forum, run an open tender, and award a three-year contract to "
            "an independent provider meeting the national minimum standards."
        ),
        "summary": (
            "We will choose an independent organisation to run the advice service for three "
            "years, with parents helping to decide."
        ),
        "intended_outcome": "An independent IASS with enough advisers to meet demand, running "
        "from April 2019.",
        "monitoring": (
            "Tender milestones are reported to workstream 1 monthly; a parent representative "
            "sits on the evaluation panel. After award, contract performance (M6, M7) is "
            "reviewed quarterly and recorded here."
        ),
        "start_date": date(2018, 7, 23),
        "due_date": date(2019, 3, 31),
        "measures": ["M6", "M7"],
        "updates": [
            _update(
                date(2018, 9, 14),
                "in_progress",
                "Parents helped write what the new service must do. The tender is now open.",
                "Specification signed off by workstream 1 including forum representatives; "
                "tender published 14 September.",
                confidence="on_track",
            ),
            _update(
                date(2019, 1, 18),
                "in_progress",
                "Choosing the new provider is taking longer than planned, but we still "
                "expect the service to start in April.",
                "Only two compliant bids; clarification round added, evaluation extended by "
                "three weeks.",
                confidence="at_risk",
            ),
            _update(
                date(2019, 3, 29),
                "complete",
                "The new independent advice service has been chosen and starts on 1 April.",
                "Contract awarded and signed; mobilisation plan agreed with the provider.",
                completed_on=date(2019, 3, 29),
            ),
        ],
    },
    {
        "reference": "1.4",
        "workstream": 1,
        "weaknesses": [1],
        "phase": "planned",
        "owner": "iass_manager",
        "title": "Run IASS drop-ins in family centres and libraries across the borough",
        "description": (
            "Hold a fortnightly IASS drop-in session in each of the borough's three family "
            "centres and in two libraries, including one evening and one Saturday session, "
            "so that working families and those without internet access can get advice."
        ),
        "summary": "You can now get advice face to face near where you live, including in the "
        "evening and on Saturdays.",
        "intended_outcome": "More families, from every part of the borough, get advice (M7).",
        "monitoring": (
            "Attendance by venue and postcode area is reported quarterly to workstream 1 and "
            "recorded here."
        ),
        "start_date": date(2018, 9, 3),
        "due_date": date(2018, 12, 21),
        "measures": ["M7"],
        "updates": [
            _update(
                date(2018, 10, 12),
                "in_progress",
                "Drop-ins have started at two family centres.",
                "Two venues live; library sessions need room bookings confirmed.",
                confidence="on_track",
            ),
            _update(
                date(2018, 12, 14),
                "complete",
                "Drop-ins now run at all five places, including evenings and Saturdays.",
                "All five venues running; timetable on the Local Offer.",
                completed_on=date(2018, 12, 14),
                evidence_link="https://www.example.org/local-offer/iass-drop-ins",
            ),
        ],
    },
    {
        "reference": "1.5",
        "workstream": 1,
        "weaknesses": [1, 2],
        "phase": "planned",
        "owner": "local_offer_officer",
        "title": "Rewrite the Local Offer website with parents and young people",
        "description": (
            "Rebuild the Local Offer website so that it works well on a phone, is written in "
            "plain English, and is organised around the questions families ask. Parents and "
            "young people review every section before it goes live."
        ),
        "summary": (
            "We are rewriting the website that explains SEND services in Sutton, with "
            "parents, so it is easier to use and understand."
        ),
        "intended_outcome": "Families can find the information they need; more say they feel "
        "informed (M9).",
        "monitoring": (
            "Parent testing sessions and website usage are reported to workstream 1 monthly "
            "and recorded here; the forum signs off each section."
        ),
        "start_date": date(2018, 9, 3),
        "due_date": date(2019, 3, 29),
        "measures": ["M9"],
        "updates": [
            _update(
                date(2018, 11, 9),
                "in_progress",
                "Parents have told us what they look for first. We are rewriting those pages now.",
                "Three workshops held with the forum; top 20 questions agreed.",
                confidence="on_track",
            ),
            _update(
                date(2019, 3, 15),
                "in_progress",
                "The new website will open in July, not March. Parents testing it found "
                "problems on phones, and we want to fix them before it goes live.",
                "Council web platform migration delayed; forum asked for a second round of "
                "phone testing before launch.",
                confidence="at_risk",
                revised_due_date=date(2019, 7, 31),
                revision_reason=(
                    "The council's new website platform was delayed, and parents testing the "
                    "pages asked for problems on phones to be fixed before launch."
                ),
            ),
            _update(
                date(2019, 7, 24),
                "complete",
                "The new Local Offer website is live.",
                "Launched 24 July after forum sign-off; usage to be reported monthly.",
                completed_on=date(2019, 7, 24),
                evidence_link="https://www.example.org/local-offer",
            ),
        ],
    },
    {
        "reference": "1.6",
        "workstream": 1,
        "weaknesses": [1],
        "phase": "planned",
        "owner": "iass_manager",
        "title": "Publish a yearly report on who uses the IASS and what families think of it",
        "description": (
            "Survey families who used the service in the year, with the parent carer forum, "
            "and publish a report on who used it (by area, age and need), how long they "
            "waited and how satisfied they were."
        ),
        "summary": "We will ask families what they think of the advice service and publish "
        "what they tell us every year.",
        "intended_outcome": "The service improves from families' feedback, and gaps in who "
        "uses it are found and closed.",
        "monitoring": (
            "Survey design and results are presented to workstream 1 and to the forum; the "
            "published report is recorded here as evidence."
        ),
        "start_date": date(2019, 4, 1),
        "due_date": date(2020, 3, 31),
        "measures": ["M7", "M9"],
        "updates": [
            _update(
                date(2019, 5, 10),
                "in_progress",
                "Parents from the forum have helped us write the survey.",
                "Survey questions agreed with forum; to run in March 2020.",
                confidence="on_track",
            ),
            _update(
                date(2020, 3, 27),
                "in_progress",
                "We have paused the survey because of coronavirus. We will run it when "
                "families are less stretched.",
                "Survey paused at lockdown; revised date agreed by workstream 1.",
                confidence="at_risk",
                revised_due_date=date(2020, 12, 18),
                revision_reason=(
                    "The survey was paused in March 2020 because of coronavirus and "
                    "school closures."
                ),
            ),
        ],
    },
    # Workstream 2: joint working, leadership and communication.
    {
        "reference": "2.1",
        "workstream": 2,
        "weaknesses": [2],
        "phase": "taken",
        "owner": "joint_commissioning_head",
        "title": "Set up one SEND Partnership Board for the council, NHS, Cognus, schools and "
        "parents",
        "description": (
            "Replace the separate SEND meetings with one partnership board with agreed terms "
            "of reference, jointly chaired by the council and the CCG, with headteachers, "
            "Cognus and the parent carer forum as full members."
        ),
        "summary": "Leaders from every service and parents now meet as one board to run SEND "
        "services together.",
        "intended_outcome": "Clear, shared leadership of SEND across the area, with parents at "
        "the table.",
        "monitoring": (
            "Board minutes and attendance are reviewed by workstream 2 each meeting and "
            "recorded here."
        ),
        "start_date": date(2018, 3, 26),
        "due_date": date(2018, 4, 30),
        "measures": [],
        "updates": [
            _update(
                date(2018, 4, 25),
                "complete",
                "The new SEND Partnership Board met for the first time.",
                "Terms of reference agreed at first meeting; all partners represented.",
                completed_on=date(2018, 4, 25),
            ),
        ],
    },
    {
        "reference": "2.2",
        "workstream": 2,
        "weaknesses": [2],
        "phase": "taken",
        "owner": "programme_manager",
        "title": "Publish who is responsible for each part of SEND services",
        "description": (
            "Publish a chart showing which organisation and which role is responsible for "
            "each part of SEND services and of this plan, and keep it up to date."
        ),
        "summary": "You can now see who is in charge of each part of SEND services and of "
        "this plan.",
        "intended_outcome": "Leaders can be held to account, and families know who to ask.",
        "monitoring": "Reviewed by workstream 2 every quarter and after any change of role.",
        "start_date": date(2018, 4, 9),
        "due_date": date(2018, 5, 31),
        "measures": [],
        "updates": [
            _update(
                date(2018, 5, 30),
                "complete",
                "The chart of who is responsible for what is on the Local Offer website.",
                "Chart approved by the board and published.",
                completed_on=date(2018, 5, 30),
            ),
        ],
    },
    {
        "reference": "2.3",
        "workstream": 2,
        "weaknesses": [2],
        "phase": "taken",
        "owner": "forum_cochair",
        "title": "Put parent and carer representatives on every workstream group",
        "description": (
            "The parent carer forum recruits and supports at least one parent or carer "
            "representative for each of the four workstream groups, with training and paid "
            "expenses."
        ),
        "summary": "Parents and carers sit on all four groups that carry out this plan.",
        "intended_outcome": "Every decision about the plan is made with parents in the room.",
        "monitoring": "Attendance of representatives is recorded at each workstream meeting "
        "and reviewed by workstream 2 quarterly.",
        "start_date": date(2018, 4, 16),
        "due_date": date(2018, 6, 15),
        "measures": ["M9"],
        "updates": [
            _update(
                date(2018, 5, 18),
                "in_progress",
                "The parent carer forum is recruiting representatives.",
                "Role description agreed; nine expressions of interest.",
                confidence="on_track",
            ),
            _update(
                date(2018, 6, 12),
                "complete",
                "Every workstream group now has parent and carer representatives.",
                "Representatives appointed to all four groups; induction held 11 June.",
                completed_on=date(2018, 6, 12),
            ),
        ],
    },
    {
        "reference": "2.4",
        "workstream": 2,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "local_offer_officer",
        "title": "Send a termly SEND newsletter to families and schools",
        "description": (
            "Write a termly newsletter with the parent carer forum about progress on this "
            "plan and changes to services, sent to every family of a child with an EHC plan, "
            "every school and every setting, by email and on paper on request."
        ),
        "summary": "Every term we will tell you what has changed and what is coming next.",
        "intended_outcome": "Families and schools hear about changes from us first (M9).",
        "monitoring": "Each issue and readers' feedback are reviewed by workstream 2 and "
        "recorded here.",
        "start_date": date(2018, 9, 3),
        "due_date": date(2018, 10, 31),
        "measures": ["M9"],
        "updates": [
            _update(
                date(2018, 10, 26),
                "complete",
                "The first SEND newsletter has gone to families and schools.",
                "Issue 1 sent; dates for the next three issues agreed with the forum.",
                completed_on=date(2018, 10, 26),
            ),
        ],
    },
    {
        "reference": "2.5",
        "workstream": 2,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "joint_commissioning_head",
        "title": "Agree a joint commissioning plan for SEND between the council and the CCG",
        "description": (
            "Agree which services for children with SEND the council and the CCG buy "
            "together, including therapies and the designated medical officer role, with a "
            "pooled budget where it makes sense."
        ),
        "summary": (
            "The council and the NHS will plan and pay for SEND services together instead of "
            "separately."
        ),
        "intended_outcome": "Gaps between education, health and care services close; health "
        "advice arrives on time (M8).",
        "monitoring": "Progress is reported to workstream 2 and the partnership board; the "
        "signed plan is recorded here.",
        "start_date": date(2018, 9, 3),
        "due_date": date(2019, 3, 31),
        "measures": ["M4", "M8"],
        "updates": [
            _update(
                date(2018, 11, 23),
                "in_progress",
                "The council and the NHS have agreed which services to plan together.",
                "Scope agreed: therapies, DMO, short breaks health element.",
                confidence="on_track",
            ),
            _update(
                date(2019, 2, 22),
                "in_progress",
                "The joint plan will be agreed in September, to line up with the NHS budget "
                "for the year.",
                "CCG commissioning cycle moved; board agreed to align with 2019-20 budget.",
                confidence="on_track",
                revised_due_date=date(2019, 9, 30),
                revision_reason=(
                    "The CCG's planning cycle changed, and the board agreed to agree the "
                    "plan alongside the 2019 to 2020 NHS budget."
                ),
            ),
            _update(
                date(2019, 9, 26),
                "complete",
                "The joint commissioning plan has been signed by the council and the NHS.",
                "Plan signed by both organisations; pooled budget for therapies from April 2020.",
                completed_on=date(2019, 9, 26),
            ),
        ],
    },
    {
        "reference": "2.6",
        "workstream": 2,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "joint_commissioning_head",
        "title": "Agree one way to share information between education, health and care",
        "description": (
            "Agree an information-sharing agreement and a single consent form for families, "
            "so that families tell their story once and professionals can see the advice "
            "others have given."
        ),
        "summary": "You should only have to tell your story once. We are agreeing how "
        "services share information, with your consent.",
        "intended_outcome": "Fewer delays in EHC needs assessments caused by missing "
        "information (M4).",
        "monitoring": "Reported to workstream 2 each meeting; the signed agreement and consent "
        "form are recorded here.",
        "start_date": date(2019, 1, 7),
        "due_date": date(2019, 9, 30),
        "measures": ["M4", "M8"],
        "updates": [
            _update(
                date(2019, 2, 15),
                "in_progress",
                "Parents are helping us write a single consent form.",
                "Draft consent form with the forum; data protection officers engaged.",
                confidence="on_track",
            ),
            _update(
                date(2019, 7, 12),
                "in_progress",
                "This is taking longer than planned because each organisation's legal team "
                "must agree it.",
                "Data protection impact assessment needed by all three organisations; "
                "deadline at risk.",
                confidence="at_risk",
            ),
        ],
    },
    {
        "reference": "2.7",
        "workstream": 2,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "programme_manager",
        "title": "Write a SEND strategy for 2020 to 2023 with families",
        "description": (
            "Co-produce the area's next SEND strategy with parents, carers, children and "
            "young people, building on this plan."
        ),
        "summary": "We will write the next three-year plan for SEND services with families.",
        "intended_outcome": "A shared strategy that keeps the improvements going after this "
        "plan ends.",
        "monitoring": "Engagement events and drafts are reported to workstream 2 and recorded "
        "here.",
        "start_date": date(2020, 3, 2),
        "due_date": date(2020, 9, 30),
        "measures": ["M9"],
        "updates": [
            _update(
                date(2020, 4, 24),
                "not_started",
                "We have not been able to start this yet because of coronavirus. We will "
                "tell you when the work begins.",
                "Engagement events cancelled at lockdown; start to be re-planned by the board.",
            ),
        ],
    },
    # Workstream 3: inclusion and reducing exclusions.
    {
        "reference": "3.1",
        "workstream": 3,
        "weaknesses": [3],
        "phase": "taken",
        "owner": "inclusion_lead",
        "title": "Review every primary exclusion of a child with SEND since September 2017",
        "description": (
            "Look at every fixed-term and permanent exclusion of a primary pupil with SEND "
            "since September 2017 with the school, to find what support was missing and "
            "what would have prevented it."
        ),
        "summary": "We looked at every exclusion of a primary school child with SEND this "
        "school year to learn what went wrong.",
        "intended_outcome": "The reasons for exclusions are understood, and the rest of this "
        "workstream targets them.",
        "monitoring": "Findings reported to workstream 3 and the partnership board; the "
        "review report is recorded here.",
        "start_date": date(2018, 4, 9),
        "due_date": date(2018, 6, 29),
        "measures": ["M1", "M2"],
        "updates": [
            _update(
                date(2018, 5, 11),
                "in_progress",
                "We are going through each exclusion with the schools involved.",
                "Half of cases reviewed; common themes: unmet speech and language and social, "
                "emotional and mental health needs.",
                confidence="on_track",
            ),
            _update(
                date(2018, 6, 22),
                "complete",
                "The review is finished. Most exclusions followed needs that were not met "
                "early enough.",
                "Report to board; recommendations feed actions 3.2 to 3.7.",
                completed_on=date(2018, 6, 22),
            ),
        ],
    },
    {
        "reference": "3.2",
        "workstream": 3,
        "weaknesses": [3],
        "phase": "taken",
        "owner": "inclusion_lead",
        "title": "Set up an inclusion panel for every child at risk of permanent exclusion",
        "description": (
            "A weekly multi-agency panel (education, educational psychology, health, social "
            "care) that any school must bring a child with SEND to before considering a "
            "permanent exclusion."
        ),
        "summary": "Before a school thinks about permanently excluding a child with SEND, "
        "a panel of experts now looks for other ways to help.",
        "intended_outcome": "Fewer permanent exclusions at primary (M2).",
        "monitoring": "Panel cases and outcomes are reported to workstream 3 each half term "
        "and recorded here.",
        "start_date": date(2018, 5, 8),
        "due_date": date(2018, 6, 29),
        "measures": ["M2"],
        "updates": [
            _update(
                date(2018, 6, 28),
                "complete",
                "The inclusion panel now meets every week.",
                "First panel held 28 June; terms of reference agreed with headteachers.",
                completed_on=date(2018, 6, 28),
            ),
        ],
    },
    {
        "reference": "3.3",
        "workstream": 3,
        "weaknesses": [3, 2],
        "phase": "planned",
        "owner": "headteacher_rep",
        "title": "Agree a Sutton inclusion charter with all primary headteachers",
        "description": (
            "Agree a charter setting out what every primary school will do to include "
            "children with SEND, including reasonable adjustments before any exclusion."
        ),
        "summary": "Primary schools will sign up to the same promises on including children "
        "with SEND.",
        "intended_outcome": "Consistent opportunities for inclusion in every primary school.",
        "monitoring": "Signatures and school self-reviews are reported to workstream 3 and "
        "recorded here.",
        "start_date": date(2018, 9, 3),
        "due_date": date(2018, 12, 14),
        "measures": ["M1", "M2"],
        "updates": [
            _update(
                date(2018, 10, 19),
                "in_progress",
                "Headteachers and parents are writing the charter together.",
                "Draft charter shared with all primary heads and the forum.",
                confidence="on_track",
            ),
            _update(
                date(2018, 12, 7),
                "complete",
                "Every primary school has signed the inclusion charter.",
                "All primary schools signed; charter published on the Local Offer.",
                completed_on=date(2018, 12, 7),
            ),
        ],
    },
    {
        "reference": "3.4",
        "workstream": 3,
        "weaknesses": [3],
        "phase": "planned",
        "owner": "principal_ep",
        "title": "Give primary schools specialist outreach for children with social, "
        "emotional and mental health needs",
        "description": (
            "A team of specialist teachers and an educational psychologist works in primary "
            "schools with children at risk of exclusion, and coaches staff."
        ),
        "summary": "Specialist teachers will work in primary schools to help children who are "
        "struggling, before things go wrong.",
        "intended_outcome": "Fewer fixed-term exclusions at primary (M1).",
        "monitoring": "Referrals, children supported and their exclusions are reported to "
        "workstream 3 each half term and recorded here.",
        "start_date": date(2018, 9, 3),
        "due_date": date(2019, 7, 19),
        "measures": ["M1", "M2"],
        "updates": [
            _update(
                date(2018, 11, 2),
                "in_progress",
                "The outreach team is working in its first 12 schools.",
                "Team recruited; 12 schools in the first phase.",
                confidence="on_track",
            ),
            _update(
                date(2019, 7, 19),
                "complete",
                "The outreach team now works with every primary school.",
                "All primary schools covered; 143 children supported this year.",
                completed_on=date(2019, 7, 19),
            ),
        ],
    },
    {
        "reference": "3.5",
        "workstream": 3,
        "weaknesses": [3],
        "phase": "planned",
        "owner": "inclusion_lead",
        "title": "Offer managed moves and respite placements instead of permanent exclusion",
        "description": (
            "Agree a protocol with headteachers for managed moves between schools and "
            "short-term respite placements, with a support plan for every child."
        ),
        "summary": "Schools can offer a planned move or a short placement elsewhere instead of "
        "excluding a child.",
        "intended_outcome": "Fewer permanent exclusions at primary (M2).",
        "monitoring": "Each move and its outcome after a term are reviewed by the inclusion "
        "panel and reported to workstream 3.",
        "start_date": date(2018, 10, 1),
        "due_date": date(2019, 4, 12),
        "measures": ["M2"],
        "updates": [
            _update(
                date(2018, 12, 14),
                "in_progress",
                "Headteachers have agreed how planned moves between schools will work.",
                "Protocol agreed; respite places being commissioned.",
                confidence="on_track",
            ),
            _update(
                date(2019, 4, 5),
                "complete",
                "Planned moves and short respite placements are now available to all "
                "primary schools.",
                "Six respite places commissioned; four managed moves so far, all holding.",
                completed_on=date(2019, 4, 5),
            ),
        ],
    },
    {
        "reference": "3.6",
        "workstream": 3,
        "weaknesses": [3, 2],
        "phase": "planned",
        "owner": "senco_network_lead",
        "title": "Train SENCOs and school staff to understand behaviour as communication",
        "description": (
            "A training programme for SENCOs, teachers and teaching assistants in every "
            "primary school on understanding and responding to behaviour linked to SEND."
        ),
        "summary": "School staff will be trained to understand what a child's behaviour is "
        "telling them.",
        "intended_outcome": "Staff in every primary school trained; fewer fixed-term "
        "exclusions (M1).",
        "monitoring": "Attendance by school and staff feedback are reported to workstream 3 "
        "termly and recorded here.",
        "start_date": date(2018, 11, 5),
        "due_date": date(2019, 7, 19),
        "measures": ["M1"],
        "updates": [
            _update(
                date(2019, 2, 8),
                "in_progress",
                "The training has started. Staff from 20 schools have taken part so far.",
                "Cohorts 1 and 2 done; strong feedback.",
                confidence="on_track",
            ),
            _update(
                date(2019, 7, 10),
                "complete",
                "Staff from every primary school have been trained.",
                "All primary schools attended; 312 staff trained.",
                completed_on=date(2019, 7, 10),
            ),
        ],
    },
    {
        "reference": "3.7",
        "workstream": 3,
        "weaknesses": [3],
        "phase": "planned",
        "owner": "principal_ep",
        "title": "Open nurture groups in the six primary schools with the most exclusions",
        "description": (
            "Fund and train staff to run a nurture group in each of the six primary schools "
            "with the highest exclusion rates."
        ),
        "summary": "Six primary schools will open small nurture groups for children who need "
        "extra support to settle and learn.",
        "intended_outcome": "Fewer exclusions in the six schools (M1, M2).",
        "monitoring": "Groups open, children attending and exclusions in the six schools are "
        "reported to workstream 3 each half term and recorded here.",
        "start_date": date(2019, 1, 7),
        "due_date": date(2019, 12, 20),
        "measures": ["M1", "M2"],
        "updates": [
            _update(
                date(2019, 4, 5),
                "in_progress",
                "The first two nurture groups have opened.",
                "Two groups open; staff training booked for the others.",
                confidence="on_track",
            ),
            _update(
                date(2019, 11, 8),
                "in_progress",
                "Four of the six nurture groups are open. Two schools are still recruiting staff.",
                "Recruitment difficulties in two schools; December date at risk.",
                confidence="at_risk",
            ),
        ],
    },
    {
        "reference": "3.8",
        "workstream": 3,
        "weaknesses": [3, 2],
        "phase": "planned",
        "owner": "headteacher_rep",
        "title": "Support children with SEND moving from primary to secondary school",
        "description": (
            "Extend the inclusion work to the move from Year 6 to Year 7, with transition "
            "plans for every child with SEND at risk of exclusion."
        ),
        "summary": "Children with SEND will get planned support when they move to secondary "
        "school.",
        "intended_outcome": "Children with SEND settle well in Year 7.",
        "monitoring": "Transition plans completed are reported to workstream 3 and recorded here.",
        "start_date": date(2020, 1, 6),
        "due_date": date(2020, 7, 17),
        "measures": [],
        "updates": [],
    },
    # Workstream 4: quality of EHC needs assessments and plans.
    {
        "reference": "4.1",
        "workstream": 4,
        "weaknesses": [2],
        "phase": "taken",
        "owner": "joint_commissioning_head",
        "title": "Fund more time for the designated medical officer (DMO)",
        "description": (
            "The CCG funds two more sessions a week for the designated medical officer for "
            "SEND, so the DMO can take part in quality assurance of EHC plans and train "
            "health professionals."
        ),
        "summary": "The NHS is paying for more of the designated medical officer's time, so "
        "health advice in EHC plans gets better.",
        "intended_outcome": "The DMO has time for audit and training (actions 4.4 to 4.6).",
        "monitoring": "DMO sessions worked are reported to workstream 4 quarterly and "
        "recorded here.",
        "start_date": date(2018, 4, 3),
        "due_date": date(2018, 6, 29),
        "measures": ["M8"],
        "updates": [
            _update(
                date(2018, 6, 1),
                "complete",
                "The designated medical officer now has two more sessions a week for SEND.",
                "Additional sessions funded and job plan changed from 1 June.",
                completed_on=date(2018, 6, 1),
            ),
        ],
    },
    {
        "reference": "4.2",
        "workstream": 4,
        "weaknesses": [2, 1],
        "phase": "taken",
        "owner": "casework_manager",
        "title": "Look again at every refused request for an EHC needs assessment from the "
        "last 12 months",
        "description": (
            "A panel including an educational psychologist and a health adviser re-checks "
            "every refused request from the last 12 months against the legal test, and "
            "writes to each family with the outcome and how to ask again."
        ),
        "summary": "We are checking again every request for an EHC needs assessment we turned "
        "down in the last year, and writing to each family.",
        "intended_outcome": "Every family whose request was wrongly refused gets an "
        "assessment; fewer refusals in future (M3).",
        "monitoring": "Cases reviewed and decisions changed are reported to workstream 4 "
        "monthly and recorded here.",
        "start_date": date(2018, 5, 1),
        "due_date": date(2018, 9, 28),
        "measures": ["M3"],
        "updates": [
            _update(
                date(2018, 6, 15),
                "in_progress",
                "We have started checking refused requests again.",
                "Re-check panel running weekly; first decisions changed.",
                confidence="on_track",
            ),
            _update(
                date(2018, 9, 21),
                "complete",
                "Every refused request has been checked again and each family has had a letter.",
                "All cases re-checked; families written to; themes fed into action 4.3.",
                completed_on=date(2018, 9, 21),
            ),
        ],
    },
    {
        "reference": "4.3",
        "workstream": 4,
        "weaknesses": [2, 1],
        "phase": "planned",
        "owner": "casework_manager",
        "title": "Publish clear guidance on when an EHC needs assessment is agreed",
        "description": (
            "Write guidance with parents and SENCOs explaining the legal test for an EHC "
            "needs assessment and how decisions are made, and publish it with the decision "
            "panel's membership."
        ),
        "summary": "We will explain clearly, with parents, how we decide whether to carry out "
        "an EHC needs assessment.",
        "intended_outcome": "Decisions are lawful, consistent and understood; fewer refusals (M3).",
        "monitoring": "Decisions are sampled monthly by workstream 4 against the guidance and "
        "the result recorded here.",
        "start_date": date(2018, 7, 23),
        "due_date": date(2018, 10, 31),
        "measures": ["M3"],
        "updates": [
            _update(
                date(2018, 10, 26),
                "complete",
                "The guidance on EHC needs assessment decisions is published.",
                "Guidance agreed with the forum and SENCO network; on the Local Offer.",
                completed_on=date(2018, 10, 26),
            ),
        ],
    },
    {
        "reference": "4.4",
        "workstream": 4,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "dmo",
        "title": "The DMO audits the health parts of EHC plans every month",
        "description": (
            "The designated medical officer sits on the monthly multi-agency audit panel, "
            "audits the health advice and health sections of every sampled plan, and gives "
            "written feedback to the health professionals who wrote them."
        ),
        "summary": "A senior doctor checks the health parts of EHC plans every month and tells "
        "the people who wrote them how to make them better.",
        "intended_outcome": "Better health sections in EHC plans (M5) and health advice on time "
        "(M8).",
        "monitoring": "The DMO's audit findings are presented to workstream 4 each month and "
        "recorded against M5 and here.",
        "start_date": date(2018, 9, 3),
        "due_date": date(2019, 7, 31),
        "measures": ["M5", "M8"],
        "updates": [
            _update(
                date(2018, 9, 28),
                "in_progress",
                "The first monthly audit with the designated medical officer has taken place.",
                "First audit: 10 plans; health outcomes often vague.",
                confidence="on_track",
            ),
            _update(
                date(2019, 7, 26),
                "complete",
                "The designated medical officer has audited plans every month for a year. "
                "This now continues as normal work.",
                "Eleven audits done; feedback to every author; built into the audit cycle.",
                completed_on=date(2019, 7, 26),
            ),
        ],
    },
    {
        "reference": "4.5",
        "workstream": 4,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "dmo",
        "title": "The DMO trains health professionals to write clear health advice",
        "description": (
            "The designated medical officer runs training for paediatricians, therapists, "
            "nurses and CAMHS staff on writing health advice for EHC needs assessments: "
            "specific, measurable outcomes and provision, on time."
        ),
        "summary": "Health staff are being trained by the designated medical officer to write "
        "clearer advice for EHC plans.",
        "intended_outcome": "Health advice is specific and arrives within six weeks (M8).",
        "monitoring": "Staff trained by team and the quality of their advice in audits are "
        "reported to workstream 4 and recorded here.",
        "start_date": date(2018, 10, 1),
        "due_date": date(2019, 3, 29),
        "measures": ["M8", "M5"],
        "updates": [
            _update(
                date(2018, 12, 7),
                "in_progress",
                "The first training sessions for health staff have taken place.",
                "Paediatrics and therapies trained; CAMHS booked.",
                confidence="on_track",
            ),
            _update(
                date(2019, 3, 22),
                "complete",
                "Health staff from every team have been trained.",
                "86 health staff trained; audit shows clearer outcomes.",
                completed_on=date(2019, 3, 22),
            ),
        ],
    },
    {
        "reference": "4.6",
        "workstream": 4,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "dmo",
        "title": "The DMO trains SENCOs on health needs in EHC plans",
        "description": (
            "The designated medical officer and the SEN casework team run termly training "
            "for SENCOs on health needs, how to ask for health advice, and how health "
            "provision in a plan is delivered in school."
        ),
        "summary": "The designated medical officer is training school SENCOs so that health "
        "needs are understood and met in school.",
        "intended_outcome": "Health provision in plans is delivered in schools; better plans (M5).",
        "monitoring": "Attendance by school and follow-up audit findings are reported to "
        "workstream 4 termly and recorded here.",
        "start_date": date(2019, 1, 7),
        "due_date": date(2019, 7, 19),
        "measures": ["M5"],
        "updates": [
            _update(
                date(2019, 7, 5),
                "complete",
                "SENCOs from all schools have had training from the designated medical officer.",
                "Three termly sessions; every school represented.",
                completed_on=date(2019, 7, 5),
            ),
        ],
    },
    {
        "reference": "4.7",
        "workstream": 4,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "quality_manager",
        "title": "Agree an EHC plan quality standard with parents and every agency",
        "description": (
            "Agree what a good EHC plan looks like, with the parent carer forum, schools, "
            "health and social care, and use it for every audit and for training."
        ),
        "summary": "Parents and professionals are agreeing what a good EHC plan looks like, "
        "so every plan can be checked against it.",
        "intended_outcome": "One shared standard used for all audits (M5).",
        "monitoring": "The agreed standard is recorded here; its use is checked at each audit "
        "panel.",
        "start_date": date(2018, 7, 23),
        "due_date": date(2018, 10, 31),
        "measures": ["M5"],
        "updates": [
            _update(
                date(2018, 10, 19),
                "complete",
                "The EHC plan quality standard has been agreed with parents.",
                "Standard signed off by workstream 4 including parent representatives.",
                completed_on=date(2018, 10, 19),
            ),
        ],
    },
    {
        "reference": "4.8",
        "workstream": 4,
        "weaknesses": [2, 1],
        "phase": "planned",
        "owner": "casework_manager",
        "title": "Recruit and train more EHC coordinators",
        "description": (
            "Recruit three more EHC coordinators so each has a manageable caseload, and "
            "train the whole team in person-centred planning with families."
        ),
        "summary": "We are employing more EHC coordinators, so plans are written on time and "
        "with families.",
        "intended_outcome": "85% of new plans issued within 20 weeks by December 2019 (M4).",
        "monitoring": "Posts filled, caseloads and timeliness (M4) are reported to workstream "
        "4 monthly and recorded here.",
        "start_date": date(2018, 9, 3),
        "due_date": date(2019, 3, 29),
        "measures": ["M4"],
        "updates": [
            _update(
                date(2018, 11, 16),
                "in_progress",
                "One new EHC coordinator has started. We are recruiting the other two.",
                "One post filled; two re-advertised.",
                confidence="on_track",
            ),
            _update(
                date(2019, 3, 1),
                "in_progress",
                "Two posts have been hard to fill. We now expect all three coordinators in "
                "post by the end of June.",
                "Second advert unsuccessful; agency cover in place.",
                confidence="at_risk",
                revised_due_date=date(2019, 6, 28),
                revision_reason=(
                    "Two of the three posts were hard to fill and had to be advertised again."
                ),
            ),
            _update(
                date(2019, 6, 21),
                "complete",
                "All three new EHC coordinators are in post and trained.",
                "All posts filled; person-centred planning training done.",
                completed_on=date(2019, 6, 21),
            ),
        ],
    },
    {
        "reference": "4.9",
        "workstream": 4,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "quality_manager",
        "title": "Check at each annual review whether the outcomes in the EHC plan were achieved",
        "description": (
            "For every plan in the audit sample, check at the annual review whether the "
            "outcomes were achieved, and report the results alongside the audit, so the "
            "quality of plans can be linked to better outcomes for children."
        ),
        "summary": "We will check whether good EHC plans actually make a difference for "
        "children, by looking at what they achieved a year later.",
        "intended_outcome": "Evidence that better plans lead to better outcomes, used to "
        "improve training.",
        "monitoring": "Outcome findings are reported to workstream 4 each quarter with the "
        "audit results and recorded here.",
        "start_date": date(2019, 4, 1),
        "due_date": date(2020, 3, 31),
        "measures": ["M5"],
        "updates": [
            _update(
                date(2019, 6, 14),
                "in_progress",
                "We have started checking outcomes at annual reviews.",
                "Annual review template updated; first 15 reviews checked.",
                confidence="on_track",
            ),
            _update(
                date(2020, 3, 27),
                "in_progress",
                "Some annual reviews have been postponed because of coronavirus, so this "
                "work will take longer.",
                "Reviews moving online; outcome report delayed.",
                confidence="at_risk",
            ),
        ],
    },
    {
        "reference": "4.10",
        "workstream": 4,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "social_care_manager",
        "title": "Make sure social care advice for EHC needs assessments arrives within six weeks",
        "description": (
            "Name a social care adviser for EHC needs assessments, track every request, and "
            "escalate any that are late."
        ),
        "summary": "Social care advice for EHC needs assessments will arrive on time.",
        "intended_outcome": "Social care advice is on time, so plans are issued within 20 "
        "weeks (M4).",
        "monitoring": "Requests and timeliness are reported to workstream 4 monthly and "
        "recorded here.",
        "start_date": date(2018, 9, 3),
        "due_date": date(2019, 3, 29),
        "measures": ["M4"],
        "updates": [
            _update(
                date(2018, 10, 12),
                "in_progress",
                "A named social care adviser now handles all requests.",
                "Tracker in place; 70% on time in September.",
                confidence="on_track",
            ),
            _update(
                date(2019, 3, 15),
                "in_progress",
                "Most social care advice is now on time, but not yet all of it.",
                "84% on time; adviser on long-term leave, cover arranged.",
                confidence="at_risk",
            ),
        ],
    },
    {
        "reference": "4.11",
        "workstream": 4,
        "weaknesses": [2],
        "phase": "planned",
        "owner": "casework_manager",
        "title": "Move EHC plans to an online system families can see",
        "description": (
            "Buy and set up an online system where families can see their child's EHC "
            "needs assessment progress and contribute to their plan."
        ),
        "summary": "You will be able to follow your child's EHC needs assessment online and "
        "add your views.",
        "intended_outcome": "Families can see where things are, and plans are issued on time (M4).",
        "monitoring": "Procurement milestones are reported to workstream 4 and recorded here.",
        "start_date": date(2020, 4, 1),
        "due_date": date(2020, 12, 18),
        "measures": ["M4"],
        "updates": [],
    },
]

# A few questions from parent representatives, with answers.
COMMENTS = [
    {
        "action": "1.5",
        "author": "parent",
        "on": date(2019, 3, 20),
        "body": (
            "Will the new Local Offer work on a phone? Many parents only look things up on "
            "their phones at the school gate."
        ),
        "replies": [
            {
                "author": "manager",
                "on": date(2019, 3, 22),
                "body": (
                    "Yes. That is why the launch moved to July: parents testing it found "
                    "problems on phones, and they will test it again before it goes live."
                ),
            },
        ],
    },
    {
        "action": "3.7",
        "author": "parent",
        "on": date(2019, 11, 15),
        "body": "Which schools have nurture groups now, and how do parents ask for a place?",
        "replies": [
            {
                "author": "lead",
                "on": date(2019, 11, 19),
                "body": (
                    "Four schools have them now. Places are offered by the school's SENCO; "
                    "the list of schools is on the Local Offer and will be updated when the "
                    "last two open."
                ),
            },
        ],
    },
    {
        "action": "4.9",
        "author": "parent3",
        "on": date(2020, 5, 1),
        "body": (
            "Please make sure annual reviews held online still include the child's own views."
        ),
        "replies": [],
    },
]

GLOSSARY = [
    (
        "CAMHS",
        "Child and Adolescent Mental Health Services",
        "NHS services that assess and treat children and young people with emotional, "
        "behavioural or mental health difficulties.",
    ),
    (
        "CCG",
        "Clinical Commissioning Group",
        "The NHS body that planned and paid for local health services until July 2022, when "
        "integrated care boards (ICBs) took over.",
    ),
    (
        "Cognus",
        "Cognus Limited",
        "A company owned by the council that provides SEND services for schools in Sutton, "
        "such as educational psychology and the team that handles EHC needs assessments.",
    ),
    (
        "CQC",
        "Care Quality Commission",
        "The independent regulator of health and social care in England. It inspects local "
        "areas' SEND services together with Ofsted.",
    ),
    (
        "DMO",
        "Designated Medical Officer",
        "A doctor who makes sure the NHS plays its part for children and young people with "
        "SEND, including good health advice in EHC needs assessments and plans.",
    ),
    (
        "EHC needs assessment",
        "Education, health and care needs assessment",
        "A legal assessment of a child or young person's needs, asked for by a parent, a "
        "young person or a school, which can lead to an EHC plan.",
    ),
    (
        "EHC plan",
        "Education, health and care plan",
        "A legal document that describes a child or young person's needs, the outcomes they "
        "are working towards, and the support they must get to reach them.",
    ),
    (
        "EHCP",
        "Education, health and care plan",
        "Another way of writing EHC plan.",
    ),
    (
        "IASS",
        "Information, Advice and Support Service",
        "A free, confidential and impartial service for children and young people with SEND "
        "and their parents. It must be run at arm's length from the council.",
    ),
    (
        "ICB",
        "Integrated Care Board",
        "The NHS body that has planned and paid for local health services since July 2022, "
        "taking over from clinical commissioning groups (CCGs).",
    ),
    (
        "LA",
        "Local authority",
        "The council. In Sutton, the London Borough of Sutton.",
    ),
    (
        "Local Offer",
        "SEND Local Offer",
        "The information every council must publish about the education, health and care "
        "services available for children and young people with SEND in its area.",
    ),
    (
        "Ofsted",
        "Office for Standards in Education, Children's Services and Skills",
        "The inspector of schools and children's services in England. It inspects local "
        "areas' SEND services together with the CQC.",
    ),
    (
        "SEN",
        "Special educational needs",
        "A learning difficulty or disability that means a child or young person needs "
        "special help to learn.",
    ),
    (
        "SENCO",
        "Special Educational Needs Co-ordinator",
        "The teacher in a school or nursery who organises support for pupils with SEND.",
    ),
    (
        "SEND",
        "Special educational needs and disabilities",
        "Needs that mean a child or young person needs extra help to learn, or a disability "
        "that affects their everyday life.",
    ),
    (
        "WSoA",
        "Written statement of action",
        "The plan a local area must write after an inspection finds significant weaknesses, "
        "saying how it will put them right, by when, and who is responsible.",
    ),
]
