"""Vietnamese UI: the catalogue covers every string in code and templates, templates hold no bare
text, models are labelled in Vietnamese, and rendered pages show no English interface text."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.apps import apps
from django.template.base import Lexer, TokenType
from django.urls import reverse
from django.utils import translation

from cloudmove.core import i18n, registry

# Words that read the same in both languages (names, formats, units).
SAME_IN_BOTH = {'CloudMove', 'API', 'CSV', 'XLSX', 'TOTP', 'QR', 'dd/mm/yyyy', 'OpenAPI', 'Token', 'VLAN'}
TRANSLATED_ATTRIBUTES = ('title', 'placeholder', 'aria-label', 'alt', 'data-empty-message')


def test_catalogue_translates_every_string_in_code_and_templates():
    assert i18n.missing('vi') == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(i18n.po_path('vi')))
    mo = polib.mofile(str(i18n.po_path('vi').with_suffix('.mo')))
    def text(e):  # None until every form is translated (the compiler leaves such entries out)
        if e.msgid_plural:
            forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural))
            return forms if all(forms) else None
        return e.msgstr

    translated = {(e.msgctxt, e.msgid): text(e) for e in po if text(e)}
    compiled = {(e.msgctxt, e.msgid): text(e) for e in mo if e.msgid}
    assert compiled == translated, 'run `make messages` (cloudmove i18n compile)'


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ('script', 'style'):
            self._skip += 1
        for name, value in attrs:
            if name in TRANSLATED_ATTRIBUTES and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in ('script', 'style'):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)


def _bare_words(text):
    collector = _TextCollector()
    collector.feed(text)
    words = re.findall(r'[A-Za-zÀ-ỹ][A-Za-zÀ-ỹ/.\-]*', ' '.join(collector.chunks))
    return [w for w in words if w not in SAME_IN_BOTH]


@pytest.mark.parametrize('path', list(i18n._template_files()), ids=lambda p: p.name)
def test_templates_hold_no_untranslated_text(path):
    """Literal text outside {% translate %} / {% blocktranslate %} would show in English."""
    tokens = Lexer(path.read_text(encoding='utf-8')).tokenize()
    literal, inside_block = [], False
    for token in tokens:
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in ('blocktranslate', 'blocktrans'):
                inside_block = True
            elif name in ('endblocktranslate', 'endblocktrans'):
                inside_block = False
        elif token.token_type == TokenType.TEXT and not inside_block:
            literal.append(token.contents)
    assert _bare_words(''.join(literal)) == []


def test_models_fields_and_choices_are_labelled_in_vietnamese():
    untranslated = []
    with translation.override('vi'):
        for model in apps.get_app_config('core').get_models():
            meta = model._meta
            for label in (meta.verbose_name, meta.verbose_name_plural):
                with translation.override('en'):
                    english = str(label)
                if str(label) == english and english not in SAME_IN_BOTH:
                    untranslated.append(f'{meta.label}: {english}')
            for field in meta.get_fields():
                # Each label as the field gives it in either language (choices may be computed per language).
                with translation.override('en'):
                    english = {value: str(label) for value, label in (getattr(field, 'choices', None) or [])}
                names = [(getattr(field, 'verbose_name', None), None)]
                names += [(label, english[value]) for value, label in (getattr(field, 'choices', None) or [])]
                for label, in_english in names:
                    if not label:
                        continue
                    if in_english is None:
                        with translation.override('en'):
                            in_english = str(label)
                    if (str(label) == in_english and in_english.lower() not in {'id', 'api'}
                            and in_english not in SAME_IN_BOTH):
                        untranslated.append(f'{meta.label}.{field.name}: {in_english}')
    assert untranslated == []


def _english_phrases():
    po = polib.pofile(str(i18n.po_path('vi')))
    return [e.msgid for e in po if ' ' in e.msgid and '%' not in e.msgid and e.msgstr != e.msgid]


def test_rendered_pages_show_no_english_interface_text(web, tree):
    client = web('admin')
    urls = [reverse('core:home'), reverse('core:tokens')]
    for config in registry.configs():
        urls.append(reverse(config.url_name('list')))
        obj = config.model._default_manager.first()
        if obj is not None:
            urls.append(reverse(config.url_name('detail'), args=[obj.pk]))
            if config.editable:
                urls.append(reverse(config.url_name('edit'), args=[obj.pk]))
        if config.editable:
            urls.append(reverse(config.url_name('add')))
    phrases = _english_phrases()
    third_party = {'Unknown', 'Submit', 'Choose', 'Filters', 'Search', 'Required'}
    for url in urls:
        html = client.get(url).content.decode()
        collector = _TextCollector()
        collector.feed(html)
        text = ' '.join(' '.join(collector.chunks).split())
        leaks = [p for p in phrases if p in text] + [w for w in third_party if re.search(rf'\b{w}\b', text)]
        assert leaks == [], f'{url}: {leaks}'


def test_labels_keep_words_written_with_a_small_first_letter(web, tree):
    from cloudmove.core.text import capfirst

    assert (capfirst('vCPU'), capfirst('iSCSI target'), capfirst('máy ảo'), capfirst('')) == (
        'vCPU', 'iSCSI target', 'Máy ảo', '')
    page = web('admin').get('/inventory/vms/').content.decode()
    assert '>vCPU' in page and 'VCPU' not in page
    form = web('admin').get('/inventory/vms/add/').content.decode()
    assert 'VCPU' not in form
