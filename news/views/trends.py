"""The newsroom's trends at /news/trends/: per topic, the articles published each month
over the last year, as a chart and a table."""

from django.template.response import TemplateResponse

from news.trends import topic_trends


def trends(request):
    return TemplateResponse(request, "news/trends.html", {"trends": topic_trends()})
