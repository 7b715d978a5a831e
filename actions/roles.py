"""The three roles, as Django groups with model permissions.

Object rules (who may update *which* action) are in `actions/rules.py` and
`workstreams/rules.py`; these groups give each role its capabilities.
"""

PROGRAMME_MANAGERS = "Programme managers"
OFFICERS = "Officers"
PARENT_REPRESENTATIVES = "Parent representatives"

PLAN_MODELS = {
    "workstreams": [
        "statement",
        "weakness",
        "workstream",
        "workstreammembership",
        "owner",
        "successmeasure",
        "milestone",
        "measurement",
        "glossaryterm",
    ],
    "actions": ["action"],
}
RECORD_MODELS = {"actions": ["progressupdate", "comment"]}


def _crud(models, verbs):
    return [
        (app, f"{verb}_{model}")
        for app, names in models.items()
        for model in names
        for verb in verbs
    ]


def _view_all():
    return _crud(PLAN_MODELS, ["view"]) + _crud(RECORD_MODELS, ["view"])


ROLE_PERMISSIONS = {
    PROGRAMME_MANAGERS: _crud(PLAN_MODELS, ["add", "change", "view"])
    + _crud(RECORD_MODELS, ["view"])
    + [
        ("workstreams", "manage_plan"),
        ("workstreams", "record_measurement"),
        ("actions", "record_progress"),
        ("actions", "view_internal"),
        ("actions", "add_comment"),
        ("actions", "moderate_comment"),
    ],
    OFFICERS: [
        *_view_all(),
        ("workstreams", "record_measurement"),
        ("actions", "record_progress"),
        ("actions", "view_internal"),
        ("actions", "add_comment"),
    ],
    PARENT_REPRESENTATIVES: [
        *_view_all(),
        ("actions", "view_internal"),
        ("actions", "add_comment"),
    ],
}


def create_role_groups(group_model, permission_model):
    """Make each role's group with exactly its permissions (no change if already so).

    Takes the models as arguments so a migration can pass its historical ones.
    """
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(
            [
                permission_model.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in perms
            ]
        )
