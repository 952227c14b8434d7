"""How much the newsroom publishes on each topic: visible articles per topic and month
over the last year, and the geometry of its chart, drawn as server-side SVG (no script,
no library); the page gives the same figures as a table."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from news.models import NewsPage, Topic

MONTHS = 12


def last_months(today: datetime.date, count: int = MONTHS) -> list[datetime.date]:
    """The first days of the `count` months ending with today's, oldest first."""
    months = [today.replace(day=1)]
    while len(months) < count:
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return months[::-1]


@dataclass
class Column:
    """One month of one topic, with its geometry in the chart's SVG units."""

    month: datetime.date
    count: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class TopicTrend:
    """A topic (None for the articles with no topic) and its articles per month."""

    topic: Topic | None
    columns: list[Column]
    # Where the row sits in the chart.
    top: float = 0
    baseline: float = 0
    label_y: float = 0

    @property
    def total(self) -> int:
        return sum(column.count for column in self.columns)


@dataclass
class Trends:
    months: list[datetime.date]
    rows: list[TopicTrend] = field(default_factory=list)
    width: float = 0
    height: float = 0
    axis_y: float = 0
    largest: int = 0

    # The chart: one row of monthly columns per topic, all on the same scale so that
    # the rows compare; the topic's name on the left, its total on the right.
    LABEL_WIDTH = 220
    COLUMN = 34
    BAR_AREA = 40
    ROW = 58
    TOTAL_WIDTH = 56
    AXIS = 34

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    @property
    def label_x(self) -> float:
        return self.LABEL_WIDTH - 12

    @property
    def plot_right(self) -> float:
        return self.LABEL_WIDTH + len(self.months) * self.COLUMN

    @property
    def total_x(self) -> float:
        return self.plot_right + 10

    @property
    def axis_labels(self) -> list[dict]:
        """Under each column: the month, and the year under January and the first month."""
        return [
            {
                "month": month,
                "x": self.LABEL_WIDTH + index * self.COLUMN + self.COLUMN / 2,
                "with_year": index == 0 or month.month == 1,
            }
            for index, month in enumerate(self.months)
        ]

    def layout(self) -> Trends:
        self.largest = max((c.count for row in self.rows for c in row.columns), default=0)
        scale = self.BAR_AREA / (self.largest or 1)
        for index, row in enumerate(self.rows):
            row.top = index * self.ROW + 8
            row.baseline = row.top + self.BAR_AREA
            row.label_y = row.baseline - self.BAR_AREA / 2 + 5
            for position, column in enumerate(row.columns):
                column.height = round(column.count * scale, 1)
                column.width = self.COLUMN - 10
                column.x = self.LABEL_WIDTH + position * self.COLUMN + 5
                column.y = row.baseline - column.height
        self.axis_y = max(len(self.rows), 1) * self.ROW + 8
        self.width = self.plot_right + self.TOTAL_WIDTH
        self.height = self.axis_y + self.AXIS
        return self


def topic_trends(articles: QuerySet | None = None, today: datetime.date | None = None) -> Trends:
    """Articles per topic and month over the last MONTHS months, every topic shown even
    when it has none. Two queries (the topics, the counts), and the view restrictions'
    one when `articles` is left to the default, the visible articles."""
    today = today or timezone.localdate()
    months = last_months(today)
    if articles is None:
        articles = NewsPage.objects.visible()
    counts = defaultdict(dict)
    for topic_id, month, count in (
        articles.filter(date__gte=months[0], date__lte=today)
        .order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("topics", "month")
        .annotate(count=Count("pk", distinct=True))
    ):
        counts[topic_id][month] = count
    topics = [*Topic.objects.all(), *([None] if None in counts else [])]
    rows = [
        TopicTrend(
            topic,
            [Column(month, counts[topic.pk if topic else None].get(month, 0)) for month in months],
        )
        for topic in topics
    ]
    return Trends(months, rows).layout()
