"""The programme plan: the provincial plan's six work items as phases, tasks with lead and coordinating
units, the Gantt rows, overdue and upcoming tasks, and the budget rolled up by unit, phase and funding
source (aggregate queries) with its workbook for the finance department."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from cloudmove.core import scoping
from cloudmove.core.models import Unit
from cloudmove.planning import choices as c
from cloudmove.planning.models import Phase, Task

MONEY = ('estimate_vnd', 'approved_vnd', 'committed_vnd', 'spent_vnd')
CLOSED = (c.TaskStatus.DONE, c.TaskStatus.CANCELLED)

# The plan's work items (seed II.1–II.6) with their periods and the content of each.
SEED_PHASES = [
    (1, 'Hướng dẫn, tuyên truyền', 'Guidance and awareness', date(2022, 1, 1), date(2023, 3, 31),
     'Các sở, ban, ngành cấp tỉnh, địa phương các cấp',
     ['Tuyên truyền, nâng cao nhận thức về dịch chuyển lên nền tảng điện toán đám mây',
      'Ban hành văn bản chỉ đạo, hướng dẫn; hướng dẫn mô hình triển khai và bộ tiêu chí']),
    (2, 'Khảo sát hiện trạng, xác định nhu cầu dịch chuyển', 'Survey and migration needs',
     date(2023, 4, 1), date(2023, 6, 30), 'Các sở, ban, ngành cấp tỉnh, địa phương các cấp',
     ['Lập nhiệm vụ khảo sát', 'Khảo sát hệ thống công nghệ thông tin cần dịch chuyển',
      'Phân tích, đánh giá nhu cầu, thứ tự ưu tiên, khả năng dịch chuyển và lợi ích']),
    (3, 'Phân tích, thiết kế phương án dịch chuyển', 'Analysis and design of the migration',
     date(2023, 7, 1), date(2023, 9, 30), 'Văn phòng UBND tỉnh, các sở, ban, ngành cấp tỉnh, địa phương các cấp',
     ['Khảo sát bổ sung, đánh giá các thay đổi', 'Lựa chọn mô hình triển khai và mô hình dịch chuyển',
      'Lựa chọn phương án kỹ thuật, công nghệ', 'Thiết kế hệ thống phục vụ chuyển đổi']),
    (4, 'Thực hiện dịch chuyển', 'Migration', date(2024, 1, 1), date(2024, 12, 31),
     'Văn phòng UBND tỉnh, các sở, ban, ngành cấp tỉnh, địa phương các cấp',
     ['Lập kế hoạch triển khai dịch chuyển', 'Xây dựng tài liệu kỹ thuật chi tiết',
      'Thiết lập hạ tầng điện toán đám mây và hạ tầng trung gian', 'Chỉnh sửa, cập nhật hệ thống thông tin',
      'Dịch chuyển và kiểm tra hệ thống sau dịch chuyển', 'Tích hợp, kết nối các hệ thống',
      'Kiểm thử, vận hành thử', 'Đào tạo, chuyển giao công nghệ', 'Giám sát công tác triển khai']),
    (5, 'Kết thúc dịch chuyển', 'Completing the migration', date(2025, 1, 1), date(2025, 12, 31),
     'Văn phòng UBND tỉnh, các sở, ban, ngành cấp tỉnh, địa phương các cấp',
     ['Đưa hệ thống vào vận hành chính thức', 'Theo dõi, giám sát tình trạng và an toàn thông tin',
      'Đánh giá, tối ưu hóa hệ thống', 'Cắt chuyển, ngừng hoạt động hệ thống cũ']),
    (6, 'Kết nối với nền tảng điện toán đám mây Chính phủ', 'Connecting to the Government cloud platform',
     date(2023, 1, 1), date(2025, 12, 31), 'Cục Chuyển đổi số Quốc gia - Bộ Thông tin và Truyền thông',
     ['Kết nối nền tảng điện toán đám mây của tỉnh với nền tảng của Chính phủ']),
]


@transaction.atomic
def load_seed_phases(lead_unit=None, with_tasks=False):
    """The six work items as phases (those missing); with_tasks: their content as tasks led by `lead_unit`,
    the last of each phase a milestone. Returns (phases created, tasks created)."""
    made = tasks = 0
    for number, name, name_en, start, end, coordinating, items in SEED_PHASES:
        phase, created = Phase.objects.get_or_create(number=number, defaults={
            'name': name, 'name_en': name_en, 'start': start, 'end': end, 'lead_unit': lead_unit,
            'coordinating': coordinating, 'description': '\n'.join(f'- {i}' for i in items)})
        made += created
        if not (with_tasks and lead_unit is not None and created):
            continue
        span = (end - start).days + 1
        previous = None
        for k, title in enumerate(items):
            first = start + timedelta(days=span * k // len(items))
            last = start + timedelta(days=span * (k + 1) // len(items) - 1)
            task = Task.objects.create(phase=phase, code=f'{number}.{k + 1}', title=title, lead_unit=lead_unit,
                                       start=first, end=last, milestone=k == len(items) - 1,
                                       expected_result=_('Completed: %(title)s') % {'title': title})
            if previous is not None:
                task.depends_on.add(previous)
            previous = task
            tasks += 1
    return made, tasks


def tasks_for(user, unit=None):
    """The tasks a user may see; for `unit`, those it leads or coordinates (its own plan)."""
    qs = scoping.trusted_or_scoped(Task.objects.all(), user)
    if unit is not None:
        qs = qs.filter(Q(lead_unit__path__startswith=unit.path) | Q(coordinating_units__path__startswith=unit.path))
    return qs.distinct()


def gantt(user, unit=None, today=None):
    """Rows for the Gantt chart: each phase, then its tasks; dependencies by id; late tasks marked."""
    today = today or date.today()
    tasks = list(tasks_for(user, unit).select_related('lead_unit').prefetch_related('depends_on')
                 .order_by('phase__number', 'start', 'code'))
    by_phase = {}
    for task in tasks:
        by_phase.setdefault(task.phase_id, []).append(task)
    rows = []
    for phase in Phase.objects.order_by('number'):
        rows.append({'id': f'p{phase.pk}', 'name': str(phase), 'start': phase.start.isoformat(),
                     'end': phase.end.isoformat(), 'progress': _phase_progress(by_phase.get(phase.pk, [])),
                     'custom_class': 'cm-phase'})
        for task in by_phase.get(phase.pk, []):
            late = task.end < today and task.status not in CLOSED
            rows.append({'id': f't{task.pk}', 'name': f'{task.code} {task.title} ({task.lead_unit.code})',
                         'start': task.start.isoformat(), 'end': task.end.isoformat(), 'progress': task.progress,
                         'dependencies': ', '.join(f't{d.pk}' for d in task.depends_on.all()),
                         'custom_class': 'cm-late' if late else ('cm-milestone' if task.milestone else 'cm-task')})
    return rows


def _phase_progress(tasks):
    weights = [max(1, (t.end - t.start).days) for t in tasks]
    if not tasks:
        return 0
    return round(sum(t.progress * w for t, w in zip(tasks, weights, strict=True)) / sum(weights))


def overdue(user, today=None, unit=None):
    today = today or date.today()
    return tasks_for(user, unit).filter(end__lt=today).exclude(status__in=CLOSED).select_related('lead_unit') \
        .order_by('end')


def upcoming(user, today=None, days=30, unit=None):
    today = today or date.today()
    return tasks_for(user, unit).filter(start__gte=today, start__lte=today + timedelta(days=days)) \
        .exclude(status__in=CLOSED).select_related('lead_unit').order_by('start')


def budget(user, unit=None):
    """Roll-ups of the tasks' money by lead unit, by phase and by funding source, and the total: each one
    aggregate query."""
    qs = Task.objects.filter(pk__in=tasks_for(user, unit).values('pk'))
    sums = {f: Sum(f) for f in MONEY}
    total = qs.aggregate(tasks=Count('pk'), **sums)
    sources = dict(c.FundingSource.choices)
    return {
        'total': {k: total[k] or 0 for k in ('tasks', *MONEY)},
        'by_unit': [dict(r, label=f"{r['lead_unit__code']} · {r['lead_unit__name_vi']}") for r in
                    qs.values('lead_unit__code', 'lead_unit__name_vi').annotate(tasks=Count('pk'), **sums)
                    .order_by('lead_unit__code')],
        'by_phase': [dict(r, label=f"{r['phase__number']}. {r['phase__name']}") for r in
                     qs.values('phase__number', 'phase__name').annotate(tasks=Count('pk'), **sums)
                     .order_by('phase__number')],
        'by_source': [dict(r, label=str(sources.get(r['funding_source'], r['funding_source']))) for r in
                      qs.values('funding_source').annotate(tasks=Count('pk'), **sums).order_by('funding_source')],
    }


def budget_sheets(user, unit=None):
    """The budget workbook: every task with its money, then the three roll-ups."""
    header = [_('Code'), _('Task'), _('Phase'), _('Lead unit'), _('Funding source'), _('Start'), _('End'),
              _('Status'), _('Estimate (VND)'), _('Approved (VND)'), _('Committed (VND)'), _('Spent (VND)')]
    statuses, sources = dict(c.TaskStatus.choices), dict(c.FundingSource.choices)
    rows = ((t.code, t.title, t.phase.number, t.lead_unit.code, str(sources[t.funding_source]), t.start, t.end,
             str(statuses[t.status]), *(getattr(t, f) for f in MONEY))
            for t in tasks_for(user, unit).select_related('phase', 'lead_unit').order_by('phase__number', 'code'))
    data = budget(user, unit)
    roll = [_('Group'), _('Tasks'), _('Estimate (VND)'), _('Approved (VND)'), _('Committed (VND)'), _('Spent (VND)')]

    def lines(items):
        return [(r['label'], r['tasks'], *(r[f] or 0 for f in MONEY)) for r in items] + \
            [(_('Total'), data['total']['tasks'], *(data['total'][f] for f in MONEY))]

    return [(_('Tasks'), header, rows), (_('By unit'), roll, lines(data['by_unit'])),
            (_('By phase'), roll, lines(data['by_phase'])), (_('By funding source'), roll, lines(data['by_source']))]


def lead_unit_default():
    """The unit that leads the programme in the demo (the science and technology department, which took
    over information and communications)."""
    return Unit.objects.filter(code='SKHCN').first()


def phase_summary(user, today=None):
    """Per work item (phase): its tasks, how many are done and late, in the user's scope (one query)."""
    today = today or date.today()
    counts = {row['phase_id']: row for row in scoping.trusted_or_scoped(Task.objects.all(), user).order_by().values(
        'phase_id').annotate(tasks=Count('pk'), done=Count('pk', filter=Q(status=c.TaskStatus.DONE)),
                             late=Count('pk', filter=Q(end__lt=today) & ~Q(status__in=CLOSED)))}
    lang_en = (translation.get_language() or 'vi').startswith('en')
    return [{'number': p.number, 'name': (p.name_en if lang_en and p.name_en else p.name), 'start': p.start,
             'end': p.end, **{k: counts.get(p.pk, {}).get(k, 0) for k in ('tasks', 'done', 'late')}}
            for p in Phase.objects.order_by('number')]
