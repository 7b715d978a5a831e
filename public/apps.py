from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public pages"

    def ready(self):
        from sutton_send import versioned_cache

        # Now, not on the first request: the sources this process runs, not whatever
        # a deploy has since put on disk.
        versioned_cache.release()
