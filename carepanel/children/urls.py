from django.urls import path

from carepanel.children import views

app_name = "children"

urlpatterns = [
    path("children/<int:child_id>/", views.child_detail, name="detail"),
]
