"""A deployment for another local area still naming Sutton's organisations or website."""

from django.conf import settings
from django.core.checks import Warning, register

DEMO_AREA = "Sutton"


@register()
def another_area_keeps_suttons_names(app_configs, **kwargs):
    area = settings.LOCAL_AREA_NAME.strip()
    if DEMO_AREA.casefold() in area.casefold():
        return []
    from .models import Owner

    warnings = []
    left = [
        f"{code} ({name})"
        for code, name in Owner.offered_organisations()
        if DEMO_AREA.casefold() in name.casefold()
    ]
    if left:
        warnings.append(
            Warning(
                f"LOCAL_AREA_NAME is {area!r}, but owners would be shown as working for "
                f"{', '.join(left)}.",
                hint="Set ORGANISATION_NAMES to this area's own names, such as "
                f"'council={area} Council,ccg=NHS {area},cognus=' (empty: not offered).",
                id="workstreams.W001",
            )
        )
    if DEMO_AREA.casefold() in settings.CONTACT_URL.casefold():
        warnings.append(
            Warning(
                f"LOCAL_AREA_NAME is {area!r}, but the accessibility statement sends "
                f"people to {settings.CONTACT_URL}.",
                hint="Set CONTACT_URL to this area's council website.",
                id="workstreams.W002",
            )
        )
    return warnings
