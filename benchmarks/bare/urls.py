from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("Hello, world.")


urlpatterns = [path("", hello), path("healthz", hello)]  # healthz: how the benchmark sees it has started
