from trainings.plan_urls import urlpatterns as plan_patterns
from trainings.training_urls import urlpatterns as training_patterns

app_name = "trainings"

urlpatterns = training_patterns + plan_patterns
