from django.urls import path, re_path

from openprovince.cases import views_office as cases
from openprovince.dossiers import views_office as dossiers
from openprovince.news import views_office as news
from openprovince.questions import views_office as questions
from openprovince.reports import views_office as reports
from openprovince.shops import views_office as shops
from openprovince.tuition import views_office as tuition

from . import views, views_audit, views_auth, views_people

app_name = "office"
urlpatterns = [
    path("", cases.inbox, name="home"),
    path("cases/assign/", cases.inbox_assign, name="cases_assign"),
    path("cases/<uuid:public_id>/", cases.case_detail, name="case"),
    path("cases/<uuid:public_id>/files/<uuid:file_id>", cases.case_file, name="case_file"),
    path("reports/<uuid:public_id>/", reports.report_page, name="report"),
    path("dossiers/stats/", dossiers.stats, name="dossier_stats"),
    path("dossiers/<uuid:public_id>/", dossiers.dossier_page, name="dossier"),
    path("dossiers/<uuid:public_id>/slips/<slug:kind>", dossiers.slip, name="dossier_slip"),
    path("questions/stats/", questions.stats, name="question_stats"),
    path("questions/<uuid:public_id>/", questions.question_page, name="question"),
    path("shops/", shops.index, name="shops"),
    path("shops/export.csv", shops.export, name="shops_export"),
    path("news/", news.index, name="news"),
    path("news/new", news.new, name="news_new"),
    path("news/settings", news.approval_settings, name="news_settings"),
    path("news/<str:public_id>/", news.edit, name="news_edit"),
    path("news/<str:public_id>/do/<slug:name>", news.action, name="news_action"),
    path("news/<str:public_id>/<slug:kind>", news.media_add, name="news_media_add"),
    path(
        "news/<str:public_id>/<slug:kind>/<str:item_id>/remove",
        news.media_remove,
        name="news_media_remove",
    ),
    path("tuition/", tuition.index, name="tuition"),
    path("tuition/<str:code>/import", tuition.import_bills, name="tuition_import"),
    path("tuition/<str:code>/export.csv", tuition.export_bills, name="tuition_export"),
    path("tuition/<str:code>/remind", tuition.remind, name="tuition_remind"),
    path("login/", views_auth.login_password, name="login"),
    path("login/2fa/", views_auth.login_second_factor, name="login_2fa"),
    path("2fa/setup/", views_auth.second_factor_setup, name="2fa_setup"),
    path("2fa/codes/", views_auth.second_factor_codes, name="2fa_codes"),
    path("logout/", views_auth.logout_view, name="logout"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/import/", views.agencies_import_view, name="agencies_import"),
    re_path(
        r"^agencies/export\.(?P<fmt>csv|json)$", views.agencies_export_view, name="agencies_export"
    ),
    path("roles/", views_people.roles, name="roles"),
    path("roles/<int:pk>/remove/", views_people.role_remove, name="role_remove"),
    path("businesses/", views_people.businesses, name="businesses"),
    path("audit/", views_audit.audit_log, name="audit"),
    path("audit/export.csv", views_audit.audit_export, name="audit_export"),
]
