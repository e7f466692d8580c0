from django.urls import path

from cloudmove.catalog.views import criteria as views_criteria
from cloudmove.catalog.views import prices as views_prices
from cloudmove.core.imports import views as flow_views
from cloudmove.core.urls_generic import generic_urlpatterns

app_name = 'catalog'

urlpatterns = [
    *generic_urlpatterns('catalog'),
    path('prices/', views_prices.prices_page, name='prices'),
    path('prices/upload/', views_prices.prices_upload, name='prices_upload'),
    path('prices/jobs/<int:pk>/', flow_views.result, {'page': views_prices.PAGE}, name='prices_result'),
    path('prices/jobs/<int:pk>/apply/', flow_views.apply, {'page': views_prices.PAGE}, name='prices_apply'),
    path('prices/<int:pk>/download/', views_prices.prices_download, name='prices_download'),
    # Criteria evaluation (views_criteria).
    path('criteria-sets/<int:pk>/new-version/', views_criteria.new_version, name='criteria_new_version'),
    path('criteria-sets/<int:pk>/publish/', views_criteria.publish, name='criteria_publish'),
    path('criteria-sets/<int:pk>/evaluate/', views_criteria.start_evaluation, name='criteria_start_evaluation'),
    path('criteria-sets/<int:pk>/export/<str:fmt>/', views_criteria.export_set, name='criteria_export'),
    path('criteria-sets/<int:pk>/matrix.xlsx', views_criteria.compare_xlsx, name='criteria_matrix_xlsx'),
    path('criteria-import/', views_criteria.import_set, name='criteria_import'),
    path('comparison/', views_criteria.compare, name='criteria_compare'),
    path('evaluations/<int:pk>/sheet/', views_criteria.evaluation_sheet, name='evaluation_sheet'),
    path('answers/<int:pk>/evidence/', views_criteria.evidence_file, name='answer_evidence'),
]
