from django.http import HttpResponse
from django.urls import path


def floor(request):
    """A small page, as the smallest real page would be."""
    return HttpResponse("<!DOCTYPE html><html lang=cs><title>ok</title><p>ok</p></html>")


urlpatterns = [path("", floor)]
