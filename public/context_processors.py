from django.conf import settings


def site(request):
    return {
        "local_area_name": settings.LOCAL_AREA_NAME,
        "service_name": settings.SERVICE_NAME,
        "contact": {
            "url": settings.CONTACT_URL,
            "email": settings.CONTACT_EMAIL,
            "phone": settings.CONTACT_PHONE,
        },
    }
