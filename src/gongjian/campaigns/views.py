from django.views import View


class HomeView(View):
    pass
