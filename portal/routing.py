from django.urls import path
from wagtail import hooks

from portal.consumers import NotificationConsumer
from portal.hooks import WEBSOCKET_URLS_HOOK

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    *(pattern for urls in hooks.get_hooks(WEBSOCKET_URLS_HOOK) for pattern in urls()),
]
