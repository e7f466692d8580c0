"""Per system: the 7R strategy by rules kept as data, the effort, the impact of the move and its priority."""

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

STRATEGIES = ('retire', 'retain', 'rehost', 'relocate', 'replatform', 'repurchase', 'refactor')
QUADRANTS = ('quick_win', 'major_project', 'fill_in', 'reconsider')

# Where a national or provincial shared platform already does the system's job, buying into it beats
# moving a local copy. Keywords are matched on the system's name without diacritics.
NATIONAL_PLATFORMS = (
    (('mot cua', 'dich vu cong', 'one-stop', 'public service portal'), 'national_portal'),
    (('quan ly van ban', 'van ban dieu hanh', 'e-office', 'document management'), 'eoffice'),
    (('thu dien tu', 'e-mail', 'email', 'mail server'), 'mail'),
    (('hoi nghi truyen hinh', 'video conference'), 'video'),
)
LEGACY_STACKS = ('visual basic 6', 'vb6', 'foxpro', 'delphi', 'powerbuilder', 'classic asp', 'asp classic',
                 'coldfusion', 'silverlight', 'flash', 'cobol', 'clipper', 'access 2003')

# Person-days: a base per system plus a share per machine.
EFFORT = {'retire': (2, 0.2), 'retain': (0, 0), 'rehost': (3, 0.5), 'relocate': (2, 0.25),
          'replatform': (10, 1.5), 'repurchase': (20, 0.5), 'refactor': (40, 3.0)}
# Strategies whose cut-over copies all the data at once rather than a last replication delta.
FULL_COPY = frozenset({'replatform', 'repurchase', 'refactor'})
CRITICALITY = {'low': 0.25, 'medium': 0.5, 'high': 0.75, 'critical': 1.0}
READINESS_COMPLEXITY = {'ready': 0.0, 'conditional': 0.35, 'unknown': 0.6, 'not_ready': 1.0}


def plain(text):
    """Lower case without Vietnamese diacritics, so keywords match however a name was typed."""
    text = unicodedata.normalize('NFD', (text or '').lower().replace('đ', 'd'))
    return ''.join(ch for ch in text if not unicodedata.combining(ch))


@dataclass(frozen=True)
class StrategyRule:
    id: str
    strategy: str
    when: str         # a condition of CONDITIONS
    en: str
    vi: str


# First match wins; every rule that holds is listed with the recommendation.
STRATEGY_RULES = (
    StrategyRule('7R-RETIRED', 'retire', 'retiring', 'The system is being retired.', 'Hệ thống đang được loại bỏ.'),
    StrategyRule('7R-IDLE', 'retire', 'idle', 'Every machine is idle over the measured window.',
                 'Mọi máy đều gần như không hoạt động trong kỳ đo.'),
    StrategyRule('7R-DUPLICATE', 'retire', 'duplicate', 'A shared platform of the province does the same job.',
                 'Nền tảng dùng chung của tỉnh đã thực hiện cùng chức năng.'),
    StrategyRule('7R-NO-PROVIDER', 'retain', 'no_provider',
                 'No provider may host it under its security level or data.',
                 'Không nhà cung cấp nào được phép lưu trữ theo cấp độ an toàn hoặc loại dữ liệu.'),
    StrategyRule('7R-BLOCKED', 'retain', 'blocked', 'A machine cannot move (device or size).',
                 'Có máy không thể chuyển (thiết bị gắn trực tiếp hoặc kích thước).'),
    StrategyRule('7R-NATIONAL', 'repurchase', 'national',
                 'A national or provincial shared platform exists for its function.',
                 'Đã có nền tảng dùng chung quốc gia hoặc của tỉnh cho chức năng này.'),
    StrategyRule('7R-UNSUPPORTED-OS', 'refactor', 'unsupported_os',
                 'It runs on an operating system no cloud runs.',
                 'Hệ thống chạy trên hệ điều hành mà đám mây không hỗ trợ.'),
    StrategyRule('7R-LEGACY', 'refactor', 'legacy', 'It is built on a discontinued technology.',
                 'Hệ thống xây dựng trên công nghệ đã ngừng phát triển.'),
    StrategyRule('7R-EOL', 'replatform', 'eol', 'An operating system is out of vendor support.',
                 'Có hệ điều hành đã hết hỗ trợ của hãng.'),
    StrategyRule('7R-LEASED', 'relocate', 'leased',
                 'It already runs at a service provider: move the machines as they are.',
                 'Hệ thống đang thuê hạ tầng của nhà cung cấp: chuyển nguyên trạng các máy.'),
    StrategyRule('7R-DEFAULT', 'rehost', 'always', 'Nothing calls for more than moving the machines as they are.',
                 'Không có yếu tố nào đòi hỏi hơn việc chuyển nguyên trạng các máy.'),
)
RULES_BY_ID = {r.id: r for r in STRATEGY_RULES}


def strategy_conditions(sf):
    """Each condition of STRATEGY_RULES as a per-system mask over the system facts `sf` (a dict)."""
    return {
        'retiring': np.isin(sf['lifecycle'], ('retiring', 'retired')),
        'idle': (sf['machines'] > 0) & (sf['idle'] == sf['machines']),
        'duplicate': sf['duplicate'],
        'no_provider': sf['eligible'] == 0,
        'blocked': sf['hard_blocked'] > 0,
        'national': sf['national'] != '',
        'unsupported_os': sf['unsupported_os'] > 0,
        'legacy': sf['legacy'] != '',
        'eol': sf['eol'] > 0,
        'leased': np.asarray([h == 'leased' for h in sf['hosting']], dtype=bool),
        'always': np.ones(len(sf['lifecycle']), dtype=bool),
    }


def recommend(sf, rules=STRATEGY_RULES):
    """(strategy per system, [fired rule ids] per system)."""
    conds = strategy_conditions(sf)
    n = len(sf['lifecycle'])
    strategy = np.full(n, '', dtype=object)
    fired = [[] for _ in range(n)]
    for r in rules:
        mask = np.asarray(conds[r.when], dtype=bool)
        strategy = np.where((strategy == '') & mask, r.strategy, strategy)
        for i in np.flatnonzero(mask).tolist():
            fired[i].append(r.id)
    return strategy, fired


def national_match(names, platforms=None):
    """The national platform each system's name points to ('' for none): `platforms` [(keywords, code)]
    from the catalogue's national services, else the built-in list."""
    table = [(tuple(plain(k) for k in keys), code) for keys, code in (platforms or NATIONAL_PLATFORMS)]
    out = []
    for name in names:
        text = plain(name)
        out.append(next((platform for keys, platform in table if any(k and k in text for k in keys)), ''))
    return out


_LEGACY = re.compile('|'.join(rf'(?<![a-z]){re.escape(k)}(?![a-z])' for k in LEGACY_STACKS))


def legacy_match(frameworks):
    """The first discontinued technology each framework text names ('' for none)."""
    out = []
    for text in frameworks:
        found = _LEGACY.search((text or '').lower()) if text else None
        out.append(found.group(0) if found else '')
    return out


def effort(strategy, machines):
    base = np.array([EFFORT[s][0] for s in strategy], dtype=float)
    per = np.array([EFFORT[s][1] for s in strategy], dtype=float)
    return np.round(base + per * machines, 1)


def impact(strategy, data_gib, rto_hours, params):
    """Transfer time of all the data, and the downtime window the cut-over needs."""
    rate_gib_h = params.bandwidth_mbps * params.link_efficiency * 3600 / 8 / 1024
    transfer = data_gib / rate_gib_h if rate_gib_h > 0 else np.full(len(data_gib), np.inf)
    full = np.isin(strategy, tuple(FULL_COPY))
    moving = ~np.isin(strategy, ('retire', 'retain'))
    downtime = np.where(full, transfer, transfer * params.delta_share) + params.cutover_hours
    downtime = np.where(moving, downtime, 0.0)
    with np.errstate(invalid='ignore'):
        exceeds = moving & ~np.isnan(rto_hours) & (downtime > rto_hours)
    return np.round(transfer, 2), np.round(downtime, 2), exceeds


def priority(v, c, params):
    """Value and complexity (0–1, weighted means of their parts) and the score 0–100: high value and low
    complexity first. `v` and `c` are dicts of per-system arrays in 0–1."""
    wv = {'users': params.w_users, 'criticality': params.w_criticality, 'saving': params.w_saving,
          'mandate': params.w_mandate, 'urgency': params.w_urgency}
    wc = {'readiness': params.w_readiness, 'dependencies': params.w_dependencies, 'effort': params.w_effort,
          'security': params.w_security}
    value = sum(wv[k] * v[k] for k in wv) / max(sum(wv.values()), 1e-9)
    complexity = sum(wc[k] * c[k] for k in wc) / max(sum(wc.values()), 1e-9)
    score = np.round(100 * (value + (1 - complexity)) / 2).astype(int)
    quadrant = np.where(value >= 0.5, np.where(complexity < 0.5, 'quick_win', 'major_project'),
                        np.where(complexity < 0.5, 'fill_in', 'reconsider'))
    return np.round(value, 3), np.round(complexity, 3), score, quadrant


def stars(share):
    """1–5 stars from the share of data points present: 0–20 % one star ... 81–100 % five."""
    return np.clip(np.ceil(np.asarray(share) * 100 / 20 - 1e-9), 1, 5).astype(int)
