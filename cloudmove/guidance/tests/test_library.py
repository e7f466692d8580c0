"""The guidance library: a document published to 10 units shows who has acknowledged it and who has not,
reminds the others, asks again for a new version; drafts are the issuer's alone; announcements and what to
read wait on the home page; everything audited."""

import pytest
from django.utils import translation

from cloudmove.conftest import make_user
from cloudmove.core.choices import Role
from cloudmove.core.models import AuditRecord, Notification, Unit
from cloudmove.core.services import objects
from cloudmove.guidance.models import GuidanceDocument
from cloudmove.guidance.services import library


@pytest.fixture(autouse=True)
def english():
    with translation.override('en'):
        yield


@pytest.fixture
def ten(tree, users):
    units = [Unit.objects.create(code=f'XA-{k}', name_vi=f'UBND xã {k}', kind=tree['kind'], parent=tree['root'])
             for k in range(10)]
    officers = [make_user(f'cb.xa{k}', Role.UNIT_OFFICER, u) for k, u in enumerate(units)]
    document = objects.create_object(users['admin'], GuidanceDocument, {
        'issuer': tree['root'], 'title': 'Hướng dẫn chuyển đổi lên đám mây', 'category': 'guide',
        'units': units, 'summary': 'Các bước chuẩn bị'})
    return {'units': units, 'officers': officers, 'document': document}


def test_published_to_ten_units_shows_who_has_and_has_not_acknowledged(ten, users, tree):
    document, officers = ten['document'], ten['officers']
    # a draft is the issuer's alone
    assert not GuidanceDocument.objects.visible_to(officers[0]).exists()
    document = library.publish(users['admin'], document)
    assert (document.version, document.state) == (1, 'published')
    assert Notification.objects.filter(title__startswith='New guidance').count() == 10
    assert GuidanceDocument.objects.visible_to(officers[0]).get() == document
    assert not GuidanceDocument.objects.visible_to(users['officer_b']).exists()   # not published to DEP-B

    for officer in officers[:4]:
        library.acknowledge(officer, document)
    library.acknowledge(officers[0], document)   # once per version
    seen = library.readers(document)
    assert [u.code for u in seen['acknowledged']] == ['XA-0', 'XA-1', 'XA-2', 'XA-3']
    assert [u.code for u in seen['waiting']] == [f'XA-{k}' for k in range(4, 10)] and seen['people'] == 4
    assert AuditRecord.objects.filter(object_type='guidance.acknowledgement', action='create').count() == 4

    told = library.remind(users['admin'], document)
    assert told == 6
    reminded = set(Notification.objects.filter(title__startswith='Reminder').values_list('user__username', flat=True))
    assert reminded == {f'cb.xa{k}' for k in range(4, 10)}

    # the home page of a unit that has not read it lists it; of one that has, not
    assert library.pending(officers[5])['to_read'] == [document] and library.pending(officers[1])['to_read'] == []
    # a new version asks everyone again
    document = library.publish(users['admin'], document)
    assert document.version == 2 and library.readers(document)['acknowledged'] == []
    assert library.pending(officers[1])['to_read'] == [document]


def test_the_page_lists_readers_for_the_issuer_and_the_button_for_readers(ten, users, web):
    document = library.publish(users['admin'], ten['document'])
    client = web('admin')
    page = client.get(f'/guidance/library/{document.pk}/').content.decode()
    assert page.count('data-read="no"') == 10
    web.user = ten['officers'][2]
    reader = client
    reader.force_login(ten['officers'][2])
    text = reader.get(f'/guidance/library/{document.pk}/').content.decode()
    assert 'data-acknowledge' in text and 'data-readers' not in text
    assert reader.post(f'/guidance/library/{document.pk}/acknowledge/').status_code == 302
    assert 'data-acknowledged' in reader.get(f'/guidance/library/{document.pk}/').content.decode()
    assert reader.post(f'/guidance/library/{document.pk}/publish/').status_code == 403
    client.force_login(users['admin'])
    page = client.get(f'/guidance/library/{document.pk}/').content.decode()
    assert page.count('data-read="no"') == 9 and 'data-reader-unit="XA-2" data-read="yes"' in page
    # an announcement for every unit shows on the home page
    news = objects.create_object(users['admin'], GuidanceDocument, {
        'issuer': users['admin'].unit or ten['units'][0].parent, 'title': 'Lịch đào tạo tháng 12',
        'category': 'announcement', 'all_units': True, 'requires_ack': False})
    library.publish(users['admin'], news)
    client.force_login(users['officer_b'])
    home = client.get('/').content.decode()
    assert 'data-announcement' in home and 'Lịch đào tạo tháng 12' in home
