"""Small inline SVG charts drawn on the server (no JavaScript, no CDN, readable when printed).

Every chart carries ``role="img"``, an ``aria-label`` and a ``<title>`` per bar; the numbers
are also in the tables beside them.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.status import COUNTED, Ageing, Status

COLORS = {
    Status.DONE_ON_TIME: "#2e7d32",
    Status.DONE_LATE: "#f9a825",
    Status.OPEN_WITHIN: "#1565c0",
    Status.OPEN_OVERDUE: "#c62828",
    Status.NO_DEADLINE: "#757575",
    Status.CANCELLED: "#bdbdbd",
}
AGEING_COLORS = {
    Ageing.DAYS_1_7: "#ef9a9a",
    Ageing.DAYS_8_30: "#e57373",
    Ageing.DAYS_31_90: "#d32f2f",
    Ageing.OVER_90: "#8e0000",
}
FONT = 'font-family="Roboto, DejaVu Sans, sans-serif" font-size="12"'


def _svg(width: int, height: int, label: str, body: list[str]) -> SafeString:
    return mark_safe(  # every text in body is escaped
        f'<svg class="cd-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>"
    )


def horizontal_bars(
    items: list[tuple[str, int, str]], *, label: str, width: int = 560
) -> SafeString:
    """One bar per ``(label, value, color)``."""
    label_width, bar_height, gap = 210, 20, 8
    top = 8
    height = top + len(items) * (bar_height + gap) + 4
    largest = max([value for _l, value, _c in items] + [1])
    room = width - label_width - 50
    body = []
    for index, (text, value, color) in enumerate(items):
        y = top + index * (bar_height + gap)
        bar = round(room * value / largest) if value else 0
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" {FONT}>'
            f"{escape(text)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{bar_height}" '
            f'fill="{color}"><title>{escape(text)}: {value}</title></rect>'
            f'<text x="{label_width + bar + 6}" y="{y + 15}" {FONT}>{value}</text>'
        )
    return _svg(width, height, label, body)


def status_chart(counts) -> SafeString:
    items = [(str(s.label), counts[s], COLORS[s]) for s in (*COUNTED, Status.CANCELLED)]
    return horizontal_bars(items, label=_("Số nhiệm vụ theo trạng thái"))


def ageing_chart(ageing: list[tuple[Ageing, int]]) -> SafeString:
    items = [(str(bucket.label), n, AGEING_COLORS[bucket]) for bucket, n in ageing]
    return horizontal_bars(items, label=_("Việc quá hạn chưa hoàn thành theo số ngày quá hạn"))


def stacked_bars(groups, *, label: str, width: int = 720, limit: int = 30) -> SafeString:
    """One stacked bar per group (``.label`` and ``.counts``), split by status (the page
    prints the colour legend)."""
    groups = list(groups)[:limit]
    label_width, bar_height, gap = 250, 18, 6
    top = 4
    height = top + len(groups) * (bar_height + gap) + 4
    largest = max([g.counts.counted + g.counts.cancelled for g in groups] + [1])
    room = width - label_width - 50
    body = []
    for index, group in enumerate(groups):
        y = top + index * (bar_height + gap)
        text = group.label if len(group.label) <= 38 else group.label[:37] + "…"
        body.append(
            f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end" {FONT}>'
            f"<title>{escape(group.label)}</title>{escape(text)}</text>"
        )
        offset = label_width
        total = 0
        for status in (*COUNTED, Status.CANCELLED):
            value = group.counts[status]
            if not value:
                continue
            total += value
            bar = room * value / largest
            body.append(
                f'<rect x="{offset:.1f}" y="{y}" width="{bar:.1f}" height="{bar_height}" '
                f'fill="{COLORS[status]}"><title>{escape(group.label)} — '
                f"{escape(status.label)}: {value}</title></rect>"
            )
            offset += bar
        body.append(f'<text x="{offset + 6:.1f}" y="{y + 13}" {FONT}>{total}</text>')
    return _svg(width, height, label, body)


def trend_chart(points, *, width: int = 720) -> SafeString:
    """Per month: processes falling due vs completed (on time part darker)."""
    label = _("Số nhiệm vụ đến hạn và hoàn thành theo tháng")
    if not points:
        empty = escape(_("Chưa có số liệu."))
        return _svg(width, 40, label, [f'<text x="8" y="24" {FONT}>{empty}</text>'])
    left, bottom, top = 36, 46, 30
    height = 240
    plot_h = height - bottom - top
    slot = (width - left - 8) / len(points)
    bar = max(3.0, min(18.0, slot / 2 - 3))
    largest = max([max(p.due, p.done) for p in points] + [1])
    body = [
        f'<rect x="{left}" y="6" width="10" height="10" fill="#90a4ae"/>'
        f'<text x="{left + 14}" y="15" {FONT} font-size="10">{escape(_("Đến hạn"))}</text>'
        f'<rect x="{left + 80}" y="6" width="10" height="10" fill="{COLORS[Status.DONE_LATE]}"/>'
        f'<text x="{left + 94}" y="15" {FONT} font-size="10">'
        f"{escape(_('Hoàn thành quá hạn'))}</text>"
        f'<rect x="{left + 220}" y="6" width="10" height="10" '
        f'fill="{COLORS[Status.DONE_ON_TIME]}"/>'
        f'<text x="{left + 234}" y="15" {FONT} font-size="10">'
        f"{escape(_('Hoàn thành đúng hạn'))}</text>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" '
        f'stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" {FONT} font-size="10">'
        f"{largest}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" {FONT} font-size="10">0</text>',
    ]
    step = max(1, len(points) // 12)
    for index, point in enumerate(points):
        x = left + index * slot + slot / 2
        due_h = plot_h * point.due / largest
        done_h = plot_h * point.done / largest
        on_time_h = plot_h * point.done_on_time / largest
        base = top + plot_h
        body.append(
            f'<rect x="{x - bar - 1:.1f}" y="{base - due_h:.1f}" width="{bar:.1f}" '
            f'height="{due_h:.1f}" fill="#90a4ae"><title>{point.label} — '
            f"{escape(_('Đến hạn'))}: {point.due}</title></rect>"
            f'<rect x="{x + 1:.1f}" y="{base - done_h:.1f}" width="{bar:.1f}" '
            f'height="{done_h:.1f}" fill="{COLORS[Status.DONE_LATE]}"><title>{point.label} — '
            f"{escape(_('Hoàn thành'))}: {point.done}</title></rect>"
            f'<rect x="{x + 1:.1f}" y="{base - on_time_h:.1f}" width="{bar:.1f}" '
            f'height="{on_time_h:.1f}" fill="{COLORS[Status.DONE_ON_TIME]}"><title>'
            f"{point.label} — {escape(_('Hoàn thành đúng hạn'))}: {point.done_on_time}"
            f"</title></rect>"
        )
        if index % step == 0:
            body.append(
                f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle" {FONT} '
                f'font-size="10">{point.label}</text>'
            )
    return _svg(width, height, label, body)
