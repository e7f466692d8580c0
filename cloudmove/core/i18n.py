"""Message extraction and catalogue checks without GNU gettext.

`extract()` finds every translatable string in the project's Python code (gettext calls) and
templates ({% translate %}, {% blocktranslate %}, _("...") in tags); the i18n command merges them
into locale/vi/LC_MESSAGES/django.po and compiles the .mo; the test suite uses the same extractor
to prove that the Vietnamese catalogue is complete.
"""

import ast
import re
from pathlib import Path

import polib
from django.template.base import Lexer, TokenType
from django.utils.text import smart_split

PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = PACKAGE / 'locale'
GETTEXT_NAMES = {'_', 'gettext', 'gettext_lazy', 'gettext_noop', 'ngettext', 'ngettext_lazy',
                 'pgettext', 'pgettext_lazy', 'npgettext', 'npgettext_lazy'}
UNDERSCORE_RE = re.compile(r'''_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)''')


def _python_files():
    for path in sorted(PACKAGE.rglob('*.py')):
        parts = set(path.relative_to(PACKAGE).parts)
        if 'migrations' in parts or 'tests' in parts:
            continue
        yield path


def _template_files():
    yield from sorted(PACKAGE.rglob('templates/**/*.html'))


def _str(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def extract_python(path):
    tree = ast.parse(path.read_text(encoding='utf-8'), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name not in GETTEXT_NAMES or not node.args:
            continue
        args = [_str(a) for a in node.args]
        context = None
        if name.startswith(('pgettext', 'npgettext')):
            context, args = args[0], args[1:]
        if not args or args[0] is None:
            continue
        plural = args[1] if name.startswith(('ngettext', 'npgettext')) and len(args) > 1 else None
        out.append((context, args[0], plural, f'{path.relative_to(PACKAGE.parent)}:{node.lineno}'))
    return out


def _unquote(bit):
    if len(bit) >= 2 and bit[0] == bit[-1] and bit[0] in '"\'':
        return bit[1:-1]
    return None


def extract_template(path):
    source = path.read_text(encoding='utf-8')
    tokens = Lexer(source).tokenize()
    out, where = [], str(path.relative_to(PACKAGE.parent))
    i = 0
    while i < len(tokens):
        token = tokens[i]
        content = token.contents
        if token.token_type in (TokenType.BLOCK, TokenType.VAR):
            for m in UNDERSCORE_RE.finditer(content):
                out.append((None, m.group(1) if m.group(1) is not None else m.group(2), None,
                            f'{where}:{token.lineno}'))
        if token.token_type == TokenType.BLOCK:
            bits = list(smart_split(content))
            if bits and bits[0] in ('translate', 'trans') and len(bits) > 1:
                msg = _unquote(bits[1])
                context = None
                if 'context' in bits:
                    context = _unquote(bits[bits.index('context') + 1])
                if msg is not None:
                    out.append((context, msg, None, f'{where}:{token.lineno}'))
            elif bits and bits[0] in ('blocktranslate', 'blocktrans'):
                trimmed = 'trimmed' in bits
                context = _unquote(bits[bits.index('context') + 1]) if 'context' in bits else None
                singular, plural, current = [], None, None
                current = singular
                i += 1
                while i < len(tokens):
                    t = tokens[i]
                    if t.token_type == TokenType.BLOCK and t.contents.split()[0] in ('endblocktranslate',
                                                                                      'endblocktrans'):
                        break
                    if t.token_type == TokenType.BLOCK and t.contents.strip() == 'plural':
                        plural = []
                        current = plural
                    elif t.token_type == TokenType.TEXT:
                        current.append(t.contents.replace('%', '%%'))
                    elif t.token_type == TokenType.VAR:
                        current.append(f'%({t.contents.strip()})s')
                    i += 1

                def join(parts, trimmed=trimmed):
                    text = ''.join(parts)
                    if trimmed:
                        text = ' '.join(line.strip() for line in text.strip().splitlines() if line.strip())
                    return text

                out.append((context, join(singular), join(plural) if plural is not None else None,
                            f'{where}:{token.lineno}'))
        i += 1
    return out


def extract():
    """{(context, msgid): (plural, [places])} for the whole package."""
    found = {}
    for path in _python_files():
        for context, msgid, plural, place in extract_python(path):
            if msgid:
                entry = found.setdefault((context, msgid), [plural, []])
                entry[1].append(place)
    for path in _template_files():
        for context, msgid, plural, place in extract_template(path):
            if msgid:
                entry = found.setdefault((context, msgid), [plural, []])
                entry[1].append(place)
    return found


def po_path(lang):
    return LOCALE / lang / 'LC_MESSAGES' / 'django.po'


def load(lang):
    path = po_path(lang)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        'Project-Id-Version': 'CloudMove', 'Language': lang, 'MIME-Version': '1.0',
        'Content-Type': 'text/plain; charset=UTF-8', 'Content-Transfer-Encoding': '8bit',
        'Plural-Forms': 'nplurals=1; plural=0;' if lang == 'vi' else 'nplurals=2; plural=(n != 1);',
    }
    return po


def update(lang='vi'):
    """Merge the extracted strings into the catalogue; drop strings no longer used. Returns (added, removed)."""
    found = extract()
    po = load(lang)
    existing = {(e.msgctxt, e.msgid): e for e in po}
    added = 0
    for (context, msgid), (plural, places) in sorted(found.items(), key=lambda kv: kv[0][1]):
        entry = existing.get((context, msgid))
        if entry is None:
            entry = polib.POEntry(msgctxt=context, msgid=msgid, msgstr='')
            if plural:
                entry.msgid_plural = plural
                entry.msgstr_plural = {0: ''}
                entry.msgstr = ''
            po.append(entry)
            added += 1
        entry.occurrences = [(p.rsplit(':', 1)[0], p.rsplit(':', 1)[1]) for p in places[:3]]
    removed = [e for e in po if (e.msgctxt, e.msgid) not in found and not e.obsolete]
    for e in removed:
        po.remove(e)
    po_path(lang).parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path(lang)))
    return added, len(removed)


def compile(lang='vi'):
    po = load(lang)
    po.save_as_mofile(str(po_path(lang).with_suffix('.mo')))


def missing(lang='vi'):
    """Strings used in the code or templates with no translation (or a fuzzy one) in the catalogue."""
    po = load(lang)
    translated = {}
    for e in po:
        ok = 'fuzzy' not in e.flags and (all(e.msgstr_plural.values()) if e.msgid_plural else bool(e.msgstr))
        translated[(e.msgctxt, e.msgid)] = ok
    return sorted(
        (msgid, places[0]) for (context, msgid), (_p, places) in extract().items()
        if not translated.get((context, msgid))
    )
