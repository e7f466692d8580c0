"""The demo's migrations (once): the approved-design system waits in *planned* for a walk through the whole
lifecycle; the next systems of the assessment's priority order stand at each later state, with their
history, runbooks, tests, risks, a live system's 30 days of checks, training, inspections and the
decommissioning of the closed one's old servers. States are set as if reached: this is illustrative data."""

import random
from datetime import timedelta

from django.utils import timezone

from cloudmove.core.models import Unit
from cloudmove.core.services import demo
from cloudmove.execution import choices as c
from cloudmove.execution import work_templates
from cloudmove.execution.engine import lifecycle as lc
from cloudmove.execution.models import (
    AcceptanceTest,
    DecommissionRecord,
    Incident,
    Inspection,
    Migration,
    Probe,
    ProbeResult,
    Risk,
    RunbookStep,
    SecurityFinding,
    StateChange,
    TrainingSession,
)

# The state each demo system stands at, after the first (which stays planned).
STATES = (lc.PREPARING, lc.MIGRATING, lc.VERIFYING, lc.TRIAL_RUN, lc.LIVE, lc.LIVE, lc.DECOMMISSIONING, lc.CLOSED,
          lc.BLOCKED, lc.ROLLED_BACK, lc.PLANNED, lc.PLANNED)


@demo.add_loader(inventory=True)
def _demo_execution(progress=None):
    from cloudmove.assessment.services import results
    from cloudmove.inventory.models import InformationSystem
    from cloudmove.planning.models import MigrationDesign

    run = results.latest_province_run()
    if run is None or Migration.objects.exists():
        return {'migrations': (0, 0)}
    designed = list(MigrationDesign.objects.filter(state='approved').values_list('system__code', flat=True))
    drafts = list(MigrationDesign.objects.filter(state='draft').values_list('system__code', flat=True))
    rows = sorted(results.planning_rows(run), key=lambda r: -r[5])
    codes = [*designed, *drafts]
    wanted = len(STATES) + 1 - len(codes)
    codes += [r[1] for r in rows if r[3] not in ('retire', 'retain') and r[1] not in codes][:wanted]
    systems = {s.code: s for s in InformationSystem.objects.filter(code__in=codes).select_related('unit')}
    rng = random.Random(7)
    now = timezone.now()
    made = 0
    for k, code in enumerate(codes):
        system = systems[code]
        state = lc.PLANNED if k == 0 else STATES[k - 1]
        m = Migration.objects.create(system=system, wave=1 + k // 4, coordinator=f'Cán bộ CNTT {system.unit.code}',
                                     planned_start=(now + timedelta(days=14 * (k // 4) - 60)).date(),
                                     planned_end=(now + timedelta(days=14 * (k // 4) - 47)).date())
        _walk(m, state, now - timedelta(days=70 - 3 * k))
        _records(m, state, rng, now)
        made += 1
    _training(now)
    return {'migrations': (made, 0)}


def _walk(m, state, start):
    """The history up to `state` along the main line (blocked and rolled back leave it midway)."""
    line = lc.MAIN_LINE
    stop = {lc.BLOCKED: lc.MIGRATING, lc.ROLLED_BACK: lc.VERIFYING}.get(state, state)
    at, previous = start, lc.PLANNED
    for target in line[1:line.index(stop) + 1]:
        at += timedelta(days=3)
        StateChange.objects.create(migration=m, source=previous, target=target, at=at,
                                   comment='Theo kế hoạch' if target != lc.LIVE else 'Vận hành chính thức')
        if target == lc.LIVE:
            m.live_since = at.date() - timedelta(days=35)   # live long enough for the decommissioning guard
        previous = target
    if state == lc.BLOCKED:
        at += timedelta(days=1)
        StateChange.objects.create(migration=m, source=previous, target=lc.BLOCKED, at=at,
                                   comment='Nhà cung cấp chưa cấp đủ tài nguyên mạng')
        m.blocked_from = previous
    elif state == lc.ROLLED_BACK:
        at += timedelta(days=1)
        StateChange.objects.create(migration=m, source=previous, target=lc.ROLLED_BACK, at=at,
                                   comment='Sai lệch dữ liệu sau đồng bộ lần cuối',
                                   details={'fallback': {'trigger': 'Sai lệch dữ liệu', 'steps': 'Trỏ tên miền về '
                                                         'máy chủ cũ; khôi phục dữ liệu phát sinh',
                                                         'decider': 'Thủ trưởng đơn vị', 'keep_days': 30}})
    if state in (lc.LIVE, lc.DECOMMISSIONING, lc.CLOSED):
        m.golive_approver, m.golive_reference = 'Giám đốc Sở KH&CN', f'{20 + m.pk}/QĐ-SKHCN'
        m.golive_approved_on = m.live_since
    m.state, m.state_since = state, at
    m.save()


def _records(m, state, rng, now):
    system = m.system
    reached = lc.MAIN_LINE.index(state) if state in lc.MAIN_LINE else 2
    if reached >= 1:   # preparing or later: risks, runbook, tests
        risks = [('Gián đoạn dịch vụ công trực tuyến khi chuyển đổi', c.RiskCategory.SCHEDULE, 3, 4),
                 ('Sai lệch dữ liệu khi đồng bộ lần cuối', c.RiskCategory.DATA, 2, 5),
                 ('Cấu hình tường lửa chưa đủ cho kết nối LGSP', c.RiskCategory.SECURITY, 3, 3)]
        for n, (title, category, lk, im) in enumerate(risks):
            reviewed = reached >= 2 or n == 0
            Risk.objects.create(system=system, title=title, category=category, likelihood=lk, impact=im,
                                status=c.RiskStatus.MITIGATING if reviewed else c.RiskStatus.IDENTIFIED,
                                mitigation='Thực hiện ngoài giờ hành chính; sao lưu trước khi chuyển' if reviewed
                                else '', owner=m.coordinator, review_on=(now + timedelta(days=14)).date())
        for n, (title, party, minutes) in enumerate(work_templates.runbook('rehost'), start=1):
            done = reached >= 3 or (reached == 2 and n <= 5)
            RunbookStep.objects.create(migration=m, number=n, title=str(title), party=party, expected_minutes=minutes,
                                       status=c.StepStatus.DONE if done else c.StepStatus.TODO,
                                       minutes_taken=int(minutes * rng.uniform(0.7, 1.5)) if done else None)
    if reached >= 3:
        for kind, title, criteria in work_templates.acceptance(system.internet_facing):
            passed = reached >= 5 or (reached == 4 and kind in (c.TestKind.FUNCTIONAL, c.TestKind.FEATURES))
            AcceptanceTest.objects.create(
                migration=m, kind=kind, title=str(title), criteria=str(criteria),
                result=c.TestResult.PASSED if passed else c.TestResult.PENDING,
                tested_on=(now - timedelta(days=40)).date() if passed else None,
                tester='Tổ kiểm thử Sở KH&CN' if passed else '', signed_by='Trưởng phòng CNTT' if passed else '')
    if reached >= 5:
        _probe(m, rng, now)
        SecurityFinding.objects.create(system=system, source=c.FindingSource.SCAN,
                                       title='Phiên bản TLS 1.0 còn bật',
                                       severity=c.Severity.MEDIUM, found_on=(now - timedelta(days=30)).date(),
                                       fix='Tắt TLS 1.0/1.1 trên cân bằng tải',
                                       fixed_on=(now - timedelta(days=25)).date(),
                                       retested_on=(now - timedelta(days=24)).date(), status=c.FindingStatus.VERIFIED)
    if reached >= 6:
        closed = state == lc.CLOSED
        for n in range(2 if closed else 1):
            DecommissionRecord.objects.create(
                system=system, item=f'Máy chủ cũ {system.code}-{n + 1}', old_data=c.OldData.ARCHIVED,
                decommissioned_on=(now - timedelta(days=5)).date() if closed else None,
                sanitisation=c.Sanitisation.PURGE if closed else '', disposal=c.Disposal.REUSE if closed else '',
                sanitisation_evidence='Biên bản xoá dữ liệu an toàn' if closed else '',
                licences_ended='Bản quyền hệ điều hành máy chủ', power_w=450, rack_units=2)
    if reached in (2, 3):
        Inspection.objects.create(system=system, inspector='Đoàn giám sát Sở KH&CN', inspected_on=now.date(),
                                  findings='Chưa có biên bản sao lưu trước chuyển đổi', follow_up='Bổ sung biên bản',
                                  due_on=(now + timedelta(days=7)).date())
        Incident.objects.create(system=system, kind=c.IncidentKind.MIGRATION, severity=c.Severity.MEDIUM,
                                title='Đồng bộ bản sao chậm hơn dự kiến', opened_at=now - timedelta(days=2))


def _probe(m, rng, now):
    """A disabled probe (the demo's addresses do not exist) with 30 days of checks every 30 minutes and one
    outage a week ago that opened and closed an incident."""
    system = m.system
    host = f'{system.code.lower()}.demo.gov.vn'
    if host not in (system.urls or ''):
        system.urls = f'{system.urls}\nhttps://{host}/'.strip()
        system.save()
    probe = Probe.objects.create(system=system, name=f'Cổng {system.code}', target=f'https://{host}/',
                                 interval_seconds=1800, enabled=False)
    outage = (now - timedelta(days=7), now - timedelta(days=7) + timedelta(hours=2))
    results, t = [], now - timedelta(days=30)
    while t < now:
        ok = not (outage[0] <= t < outage[1])
        results.append(ProbeResult(probe=probe, at=t, ok=ok, status_code=200 if ok else None,
                                   ms=round(rng.uniform(80, 260), 1) if ok else None,
                                   error='' if ok else 'timed out'))
        t += timedelta(minutes=30)
    ProbeResult.objects.bulk_create(results, batch_size=1000)
    Incident.objects.create(system=system, probe=probe, kind=c.IncidentKind.HEALTH, severity=c.Severity.HIGH,
                            title=f'{probe.name} không phản hồi', opened_at=outage[0] + timedelta(hours=1),
                            closed_at=outage[1], resolution='Khởi động lại dịch vụ web')
    Probe.objects.filter(pk=probe.pk).update(last_checked_at=results[-1].at, last_ok=True)


def _training(now):
    office = Unit.objects.filter(is_programme_office=True).first() or Unit.objects.order_by('pk').first()
    units = list(Unit.objects.filter(is_active=True).exclude(pk=office.pk).order_by('code')[:8])
    topics = (('Vận hành máy ảo và sao lưu trên nền tảng điện toán đám mây', False, 8, units[:5]),
              ('Chuyển giao công nghệ: giám sát an toàn thông tin trên đám mây', True, 16, units[:3]),
              ('Quản trị người dùng và phân quyền trên nền tảng', False, 4, units[3:8]))
    for n, (topic, transfer, hours, attending) in enumerate(topics):
        session = TrainingSession.objects.create(unit=office, topic=topic, transfer=transfer, hours=hours,
                                                 held_on=(now - timedelta(days=30 - 10 * n)).date(),
                                                 trainer='Nhà cung cấp dịch vụ đám mây', attendees=6 * len(attending))
        session.units.set(attending)
