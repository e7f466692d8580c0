"""The readiness rules: a registry of declarations, each tested over every machine (or system) at once.

A rule's test takes the Facts of the run and returns a boolean mask, and optionally per-row evidence
beyond the columns it names. Messages and remedies are kept in both languages with {placeholders}
filled from the evidence when a page shows them, so a stored hit is only (rule id, evidence).
"""

from dataclasses import dataclass

import numpy as np

BLOCKER, CONDITION, INFORMATION = 'blocker', 'condition', 'information'
SEVERITIES = (BLOCKER, CONDITION, INFORMATION)
CATEGORIES = ('os', 'compute', 'storage', 'network', 'licensing', 'security', 'data', 'dependency',
              'completeness')
READY, CONDITIONAL, NOT_READY, UNKNOWN = 'ready', 'conditional', 'not_ready', 'unknown'
READINESS = (READY, CONDITIONAL, UNKNOWN, NOT_READY)   # from best to worst
MACHINE, SYSTEM = 'machine', 'system'


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    level: str
    message: dict            # {'en': ..., 'vi': ...} with {evidence} placeholders
    remedy: dict
    evidence: tuple          # Facts columns recorded for each hit
    test: object             # Facts -> mask, or (mask, {name: per-row values})
    unknown: bool = False    # a completeness gap: the result is Unknown unless something blocks

    def text(self, which, language, evidence):
        template = getattr(self, which).get(language) or getattr(self, which)['en']
        return template.format_map(_Blank({k: _term(v, language) for k, v in (evidence or {}).items()}))


# Words the engine puts in evidence, as each language writes them.
TERMS = {
    'vCPU': {'vi': 'số vCPU'}, 'memory': {'vi': 'bộ nhớ'}, 'disk size': {'vi': 'dung lượng ổ đĩa'},
    'power state': {'vi': 'trạng thái nguồn'}, 'personal data': {'vi': 'dữ liệu cá nhân'},
    'state-secret data': {'vi': 'dữ liệu bí mật nhà nước'}, 'not_running': {'vi': 'không chạy', 'en': 'not running'},
    'not_installed': {'vi': 'chưa cài đặt', 'en': 'not installed'}, 'off': {'vi': 'tắt', 'en': 'powered off'},
    'suspended': {'vi': 'tạm dừng'}, 'private': {'vi': 'đám mây riêng', 'en': 'private cloud'},
    'community': {'vi': 'đám mây cộng đồng', 'en': 'community cloud'},
    'public': {'vi': 'đám mây công cộng', 'en': 'public cloud'}, 'hybrid': {'vi': 'đám mây lai', 'en': 'hybrid cloud'},
    'unlimited': {'vi': 'không giới hạn'},
}


def _term(value, language):
    if not isinstance(value, str) or not value:
        return '?' if value is None else value
    if ' | ' in value:
        return ' | '.join(_term(piece, language) for piece in value.split(' | '))
    parts = []
    for part in value.split(', '):
        code, _, tail = part.partition(': ')   # "NCC-C: deployment-model guide"
        if tail in GUIDE_REFUSAL:
            part = f'{code}: {GUIDE_REFUSAL[tail].get(language, tail)}'
        elif ' ' in part and part.rsplit(' ', 1)[1] in TERMS:     # "NCC-A unlimited"
            head, word = part.rsplit(' ', 1)
            part = f'{head} {TERMS[word].get(language, word)}'
        else:
            part = TERMS.get(part, {}).get(language, part)
        parts.append(part)
    return ', '.join(parts)


GUIDE_REFUSAL = {'deployment-model guide': {'vi': 'mô hình triển khai bị hướng dẫn loại trừ',
                                            'en': 'its deployment model is ruled out by the guide'}}


class _Blank(dict):
    def __missing__(self, key):
        return '?'


RULES = {}


def rule(id, category, severity, level, en, vi, remedy_en, remedy_vi, evidence=(), unknown=False):
    def decorator(test):
        assert category in CATEGORIES and severity in SEVERITIES, id
        RULES[id] = Rule(id, category, severity, level, {'en': en, 'vi': vi}, {'en': remedy_en, 'vi': remedy_vi},
                         tuple(evidence), test, unknown)
        return test
    return decorator


def by_level(level):
    return [r for r in RULES.values() if r.level == level]


# ------------------------------------------------------------------ machine rules: operating system

@rule('OS-ENDED', 'os', CONDITION, MACHINE,
      '{os} is out of every support, paid or not, since {ended}.',
      '{os} đã hết mọi hình thức hỗ trợ (kể cả trả phí) từ {ended}.',
      'Upgrade the operating system before or during migration (replatform), or isolate the machine.',
      'Nâng cấp hệ điều hành trước hoặc trong khi chuyển đổi (replatform), hoặc cô lập máy.',
      ('os', 'ended'))
def _os_ended(f):
    return f.os_status == 'ended'


@rule('OS-PAID-ONLY', 'os', CONDITION, MACHINE,
      '{os}: free vendor support ended on {free_end}; only a paid extension runs until {ended}.',
      '{os}: hỗ trợ miễn phí của hãng đã kết thúc ngày {free_end}; chỉ còn gói gia hạn trả phí đến {ended}.',
      'Plan the upgrade; budget the paid extension until it is done.',
      'Lập kế hoạch nâng cấp; dự trù kinh phí gói gia hạn trong thời gian chờ.',
      ('os', 'free_end', 'ended'))
def _os_paid(f):
    return f.os_status == 'paid'


@rule('OS-ENDING', 'os', INFORMATION, MACHINE,
      '{os}: vendor support ends on {free_end}, in {days_left} days.',
      '{os}: hãng ngừng hỗ trợ vào ngày {free_end}, còn {days_left} ngày.',
      'Upgrade as part of the migration rather than after it.',
      'Nâng cấp cùng lúc với chuyển đổi thay vì sau đó.',
      ('os', 'free_end', 'days_left'))
def _os_ending(f):
    return np.isin(f.os_status, ('supported', 'extended')) & (f.days_left >= 0) & (f.days_left <= 365)


@rule('OS-UNSUPPORTED', 'os', BLOCKER, MACHINE,
      '{os} is not an operating system the cloud platforms run.',
      '{os} không phải hệ điều hành mà các nền tảng điện toán đám mây hỗ trợ.',
      'Rebuild the application on a supported operating system (refactor or replatform), or keep it on '
      'premises.',
      'Xây dựng lại ứng dụng trên hệ điều hành được hỗ trợ (refactor hoặc replatform), hoặc giữ lại tại chỗ.',
      ('os',))
def _os_unsupported(f):
    return f.os_unsupported


@rule('OS-DESKTOP', 'os', CONDITION, MACHINE,
      '{os} is a desktop operating system, not offered as a cloud server image.',
      '{os} là hệ điều hành máy trạm, không có sẵn dưới dạng máy chủ trên đám mây.',
      'Move the workload to a server operating system.',
      'Chuyển ứng dụng sang hệ điều hành máy chủ.',
      ('os',))
def _os_desktop(f):
    return f.os_desktop


@rule('OS-32BIT', 'os', CONDITION, MACHINE,
      '{os} is a 32-bit system; cloud images are 64-bit.',
      '{os} là hệ 32-bit; ảnh máy chủ trên đám mây là 64-bit.',
      'Reinstall on a 64-bit edition and test the application.',
      'Cài lại trên phiên bản 64-bit và kiểm thử ứng dụng.',
      ('os',))
def _os_32(f):
    return f.os_bits == 32


@rule('OS-UNKNOWN', 'completeness', CONDITION, MACHINE,
      'The operating system is not recorded.',
      'Chưa ghi nhận hệ điều hành.',
      'Record the operating system and version (from the guest tools or the unit).',
      'Bổ sung hệ điều hành và phiên bản (từ công cụ khách hoặc đơn vị).',
      (), unknown=True)
def _os_unknown(f):
    return ~f.os_known


@rule('OS-LIFECYCLE-UNKNOWN', 'os', INFORMATION, MACHINE,
      '{os} is not in the support lifecycle table; its end of support is not checked.',
      '{os} không có trong bảng vòng đời hỗ trợ; chưa kiểm tra được ngày hết hỗ trợ.',
      'Check the vendor\'s lifecycle page and record the version precisely.',
      'Tra cứu trang vòng đời của hãng và ghi chính xác phiên bản.',
      ('os',))
def _os_lifecycle_unknown(f):
    return f.os_known & (f.os_status == 'unknown') & ~f.os_unsupported


# ------------------------------------------------------------------ machine rules: compute and storage

@rule('COMPUTE-NO-FIT', 'compute', BLOCKER, MACHINE,
      'No eligible provider has a flavour with {vcpus} vCPU and {memory_mib} MiB (largest: {largest}).',
      'Không nhà cung cấp đủ điều kiện nào có cấu hình {vcpus} vCPU và {memory_mib} MiB (lớn nhất: {largest}).',
      'Split the workload or agree a dedicated host with a provider.',
      'Chia nhỏ ứng dụng hoặc thỏa thuận máy chủ riêng với nhà cung cấp.',
      ('vcpus', 'memory_mib'))
def _compute_no_fit(f):
    return (f.compute_fits_any == 0) & f.compute_known & (f.eligible_count > 0), {'largest': f.largest_flavours}


@rule('COMPUTE-SOME-NO-FIT', 'compute', CONDITION, MACHINE,
      '{vcpus} vCPU and {memory_mib} MiB exceed the largest flavour of {providers}.',
      '{vcpus} vCPU và {memory_mib} MiB vượt cấu hình lớn nhất của {providers}.',
      'Choose a provider whose flavours fit, or reduce the allocation after checking its use.',
      'Chọn nhà cung cấp có cấu hình phù hợp, hoặc giảm cấu hình sau khi kiểm tra mức sử dụng.',
      ('vcpus', 'memory_mib'))
def _compute_some(f):
    return (f.compute_fits_any > 0) & (f.compute_misses != ''), {'providers': f.compute_misses}


@rule('STORAGE-NO-FIT', 'storage', BLOCKER, MACHINE,
      'A disk of {disk_gib} GiB fits no storage tier of any eligible provider (largest: {largest}).',
      'Ổ đĩa {disk_gib} GiB không vừa bất kỳ lớp lưu trữ nào của nhà cung cấp đủ điều kiện (lớn nhất: {largest}).',
      'Split the volume across several disks, or move the data to file or object storage.',
      'Chia dữ liệu ra nhiều ổ đĩa, hoặc chuyển dữ liệu sang lưu trữ tệp hoặc đối tượng.',
      ('disk_gib',))
def _storage_no_fit(f):
    return (f.storage_fits_any == 0) & ~f.m.storage_unknown & (f.eligible_count > 0), {'largest': f.largest_disks}


@rule('STORAGE-SOME-NO-FIT', 'storage', CONDITION, MACHINE,
      'A disk of {disk_gib} GiB fits no storage tier of {providers}.',
      'Ổ đĩa {disk_gib} GiB không vừa lớp lưu trữ nào của {providers}.',
      'Choose a provider whose tiers fit, or split the volume.',
      'Chọn nhà cung cấp có lớp lưu trữ phù hợp, hoặc chia nhỏ ổ đĩa.',
      ('disk_gib',))
def _storage_some(f):
    return (f.storage_fits_any > 0) & (f.storage_misses != ''), {'providers': f.storage_misses}


@rule('STORAGE-MANY-DISKS', 'storage', CONDITION, MACHINE,
      '{disks} disks: more than the {max_disks} a cloud VM takes.',
      '{disks} ổ đĩa: nhiều hơn mức {max_disks} ổ mà một máy ảo trên đám mây cho phép.',
      'Consolidate volumes before migrating.',
      'Gộp các ổ đĩa trước khi chuyển đổi.',
      ('disks', 'max_disks'))
def _many_disks(f):
    return f.m.disks > f.p.max_disks


@rule('NETWORK-MANY-NICS', 'network', CONDITION, MACHINE,
      '{nics} network adapters: more than the {max_nics} a cloud VM takes.',
      '{nics} card mạng: nhiều hơn mức {max_nics} mà một máy ảo trên đám mây cho phép.',
      'Merge networks or use routing instead of one adapter per network.',
      'Gộp mạng hoặc dùng định tuyến thay cho mỗi mạng một card.',
      ('nics', 'max_nics'))
def _many_nics(f):
    return f.m.nics > f.p.max_nics


@rule('STORAGE-RDM', 'storage', CONDITION, MACHINE,
      'Raw device mapping (RDM) disks cannot be replicated as they are.',
      'Ổ đĩa ánh xạ thiết bị thô (RDM) không thể sao chép nguyên trạng.',
      'Convert the RDM to a virtual disk, or copy its data at the application level.',
      'Chuyển RDM thành ổ đĩa ảo, hoặc sao chép dữ liệu ở mức ứng dụng.',
      ())
def _rdm(f):
    return f.m.rdm


@rule('STORAGE-SHARED', 'storage', CONDITION, MACHINE,
      'A shared (multi-writer) disk serves a cluster; cloud block disks are attached to one VM.',
      'Ổ đĩa dùng chung (nhiều máy ghi) phục vụ cụm máy; ổ đĩa khối trên đám mây chỉ gắn vào một máy.',
      'Redesign the cluster (shared file storage or the application\'s own replication).',
      'Thiết kế lại cụm (lưu trữ tệp dùng chung hoặc cơ chế nhân bản của ứng dụng).',
      ())
def _shared(f):
    return f.m.shared_disk


@rule('STORAGE-INDEPENDENT', 'storage', CONDITION, MACHINE,
      'Independent disks are skipped by snapshot-based replication.',
      'Ổ đĩa độc lập (independent) bị bỏ qua khi sao chép dựa trên snapshot.',
      'Switch the disks to dependent mode or copy them separately.',
      'Chuyển ổ đĩa sang chế độ phụ thuộc hoặc sao chép riêng.',
      ())
def _independent(f):
    return f.m.independent_disk


@rule('DEVICE-PASSTHROUGH', 'compute', BLOCKER, MACHINE,
      'The machine uses a host device ({device}): passthrough, USB or SR-IOV devices do not move.',
      'Máy dùng thiết bị của máy chủ vật lý ({device}): thiết bị passthrough, USB hoặc SR-IOV không chuyển được.',
      'Replace the device with a network service or keep the machine on premises.',
      'Thay thiết bị bằng dịch vụ qua mạng hoặc giữ máy tại chỗ.',
      ('device',))
def _passthrough(f):
    return f.device != ''


@rule('SNAPSHOTS', 'storage', CONDITION, MACHINE,
      '{snapshots} snapshot(s) present.',
      'Đang có {snapshots} bản chụp (snapshot).',
      'Consolidate or delete snapshots before replication.',
      'Hợp nhất hoặc xoá snapshot trước khi sao chép.',
      ('snapshots',))
def _snapshots(f):
    return f.m.snapshots > 0


@rule('TOOLS-NOT-RUNNING', 'compute', CONDITION, MACHINE,
      'Guest tools are {tools}: the migration cannot quiesce or inspect the guest.',
      'Công cụ khách đang ở trạng thái {tools}: không thể làm tĩnh hay kiểm tra máy khách khi chuyển đổi.',
      'Install and start the guest tools.',
      'Cài đặt và khởi động công cụ khách.',
      ('tools',))
def _tools(f):
    return np.isin(f.tools, ('not_running', 'not_installed'))


@rule('TOOLS-UNKNOWN', 'completeness', INFORMATION, MACHINE,
      'The state of the guest tools is unknown.',
      'Chưa rõ trạng thái công cụ khách.',
      'Check the guest tools in the hypervisor.',
      'Kiểm tra công cụ khách trên nền tảng ảo hoá.',
      ())
def _tools_unknown(f):
    return np.isin(f.tools, ('unknown', ''))


@rule('TOOLS-OLD', 'compute', INFORMATION, MACHINE,
      'Guest tools are out of date.',
      'Công cụ khách đã cũ.',
      'Update the guest tools before replication.',
      'Cập nhật công cụ khách trước khi sao chép.',
      ())
def _tools_old(f):
    return f.tools == 'old'


@rule('FIRMWARE-UEFI', 'compute', INFORMATION, MACHINE,
      'Boots with UEFI: choose a UEFI (generation 2) image; check secure boot with the provider.',
      'Khởi động bằng UEFI: chọn ảnh UEFI (thế hệ 2); kiểm tra secure boot với nhà cung cấp.',
      'Confirm the target supports UEFI boot, and secure boot if the guest uses it.',
      'Xác nhận đích hỗ trợ khởi động UEFI, và secure boot nếu máy khách dùng.',
      ('firmware',))
def _uefi(f):
    return f.firmware == 'efi'


@rule('FIRMWARE-UNKNOWN', 'completeness', INFORMATION, MACHINE,
      'The boot firmware (BIOS or UEFI) is not recorded.',
      'Chưa ghi nhận kiểu khởi động (BIOS hay UEFI).',
      'Record the firmware so the right image type is chosen.',
      'Bổ sung kiểu khởi động để chọn đúng loại ảnh.',
      ())
def _firmware_unknown(f):
    return f.firmware == ''


@rule('PERF-NONE', 'completeness', INFORMATION, MACHINE,
      'No CPU or memory samples: sized as allocated.',
      'Không có số liệu đo CPU hoặc bộ nhớ: tính theo cấu hình hiện cấp.',
      'Import performance data (vCenter, RVTools vCPU/vMemory, monitoring) for right-sizing.',
      'Nhập số liệu hiệu năng (vCenter, RVTools, hệ thống giám sát) để tính đúng cấu hình.',
      ())
def _perf_none(f):
    return f.performance & ~(f.need.cpu_basis | f.need.memory_basis)


@rule('VALUES-UNKNOWN', 'completeness', CONDITION, MACHINE,
      'Unknown after import: {missing}.',
      'Chưa rõ sau khi nhập: {missing}.',
      'Fill in the missing values in the unit workbook or re-export from the source.',
      'Bổ sung giá trị còn thiếu trong sổ kê khai hoặc xuất lại từ nguồn.',
      (), unknown=True)
def _values_unknown(f):
    return f.missing != '', {'missing': f.missing}


@rule('POWERED-OFF', 'compute', INFORMATION, MACHINE,
      'The machine is {power}: confirm it is still needed.',
      'Máy đang ở trạng thái {power}: xác nhận còn cần dùng.',
      'Retire it if nobody needs it; otherwise start it for a test run.',
      'Loại bỏ nếu không còn dùng; nếu còn, bật máy để chạy thử.',
      ('power',))
def _powered_off(f):
    return np.isin(f.power, ('off', 'suspended'))


@rule('TEMPLATE', 'compute', INFORMATION, MACHINE,
      'A template, not a running machine.',
      'Đây là mẫu máy ảo, không phải máy đang chạy.',
      'Rebuild it as an image in the target cloud instead of migrating it.',
      'Tạo lại thành ảnh trên đám mây đích thay vì chuyển đổi.',
      ())
def _template(f):
    return f.m.template


@rule('IP-DUPLICATE', 'network', CONDITION, MACHINE,
      'Address {ip} is also recorded on another machine.',
      'Địa chỉ {ip} cũng được ghi nhận trên máy khác.',
      'Resolve the conflict and plan re-addressing in the target network.',
      'Xử lý xung đột và lập kế hoạch đổi địa chỉ trong mạng đích.',
      ())
def _ip_duplicate(f):
    return f.dup_ip != '', {'ip': f.dup_ip}


@rule('PREFIX-OVERLAP', 'network', CONDITION, MACHINE,
      'Its network {prefix} overlaps another unit\'s: re-addressing is needed in a shared cloud network.',
      'Dải mạng {prefix} trùng với dải của đơn vị khác: cần đổi địa chỉ khi dùng chung mạng trên đám mây.',
      'Allocate a new prefix from the provincial address plan and re-address.',
      'Cấp dải mới theo quy hoạch địa chỉ của tỉnh và đổi địa chỉ.',
      ())
def _overlap(f):
    return f.overlap != '', {'prefix': f.overlap}


@rule('IDLE', 'compute', INFORMATION, MACHINE,
      'Idle over the window: CPU {cpu_pct} %, memory {memory_pct} %, network {net_mbitps} Mbit/s.',
      'Gần như không hoạt động trong kỳ đo: CPU {cpu_pct} %, bộ nhớ {memory_pct} %, mạng {net_mbitps} Mbit/s.',
      'Confirm with the owner and retire it instead of migrating.',
      'Xác nhận với đơn vị sở hữu và loại bỏ thay vì chuyển đổi.',
      ('cpu_pct', 'memory_pct', 'net_mbitps'))
def _idle(f):
    return f.idle


@rule('LICENCE-NOT-PORTABLE', 'licensing', INFORMATION, MACHINE,
      '{product} licences on premises are not portable: the cloud price includes new per-core licences.',
      'Giấy phép {product} tại chỗ không chuyển được: giá trên đám mây đã gồm giấy phép tính theo lõi.',
      'Check for licence mobility (Software Assurance); otherwise budget the provider\'s licences.',
      'Kiểm tra quyền chuyển giấy phép (Software Assurance); nếu không có, dự trù giấy phép của nhà cung cấp.',
      ())
def _licence(f):
    return f.licensed != '', {'product': f.licensed}


# ------------------------------------------------------------------ system rules

@rule('SEC-NO-PROVIDER', 'security', BLOCKER, SYSTEM,
      'No provider may host it: {reasons}',
      'Không nhà cung cấp nào được phép lưu trữ hệ thống: {reasons}',
      'Keep it on premises or in the government cloud until a provider qualifies.',
      'Giữ tại chỗ hoặc trên đám mây Chính phủ cho tới khi có nhà cung cấp đáp ứng.',
      ('security_level',))
def _sec_none(f):
    return f.s_eligible == 0, {'reasons': f.s_refusals}


@rule('SEC-PROVIDERS-LEFT-OUT', 'security', INFORMATION, SYSTEM,
      'Left out for this system: {reasons}',
      'Bị loại đối với hệ thống này: {reasons}',
      'Only the remaining providers are sized and priced.',
      'Chỉ các nhà cung cấp còn lại được tính cấu hình và chi phí.',
      ('security_level',))
def _sec_some(f):
    return (f.s_eligible > 0) & (f.s_refusals != ''), {'reasons': f.s_refusals}


@rule('DATA-GUIDE-RULES-OUT', 'data', CONDITION, SYSTEM,
      'It holds {data}; the deployment-model guide allows only {models}, so {providers} may not host it.',
      'Hệ thống có {data}; hướng dẫn mô hình triển khai chỉ cho phép {models}, nên {providers} không được lưu trữ.',
      'Place it only with a provider of an allowed model.',
      'Chỉ đặt hệ thống tại nhà cung cấp thuộc mô hình được phép.',
      ('data', 'models'))
def _guide(f):
    return f.s_guide_out != '', {'providers': f.s_guide_out}


@rule('DATA-GUIDE-CONFLICT', 'data', CONDITION, SYSTEM,
      'The deployment-model guide finds conflicting requirements for it.',
      'Hướng dẫn mô hình triển khai phát hiện yêu cầu mâu thuẫn đối với hệ thống.',
      'Resolve the conflict on the guide page before choosing a provider.',
      'Xử lý mâu thuẫn trên trang hướng dẫn trước khi chọn nhà cung cấp.',
      ())
def _guide_conflict(f):
    return f.s_guide_conflict


@rule('DEP-HARD-STAYS', 'dependency', CONDITION, SYSTEM,
      'Hard dependency on {targets}, which stays on premises or is not ready to move.',
      'Phụ thuộc chặt vào {targets}, là hệ thống ở lại tại chỗ hoặc chưa sẵn sàng chuyển.',
      'Move them in the same wave, or provide a low-latency link back to the data centre.',
      'Chuyển cùng đợt, hoặc bố trí kết nối độ trễ thấp về trung tâm dữ liệu.',
      ())
def _dep(f):
    return f.s_dep_stays != '', {'targets': f.s_dep_stays}


@rule('CONTRACT-ENDED', 'licensing', CONDITION, SYSTEM,
      'The vendor contract ended on {contract_end}.',
      'Hợp đồng với nhà cung cấp phần mềm đã hết hạn ngày {contract_end}.',
      'Renew support or agree who carries out the migration of the application.',
      'Gia hạn hỗ trợ hoặc thống nhất đơn vị thực hiện chuyển đổi ứng dụng.',
      ('contract_end',))
def _contract(f):
    return f.s_contract_ended


@rule('LEVEL-UNDETERMINED', 'security', INFORMATION, SYSTEM,
      'Its security level is not determined; providers are checked without it.',
      'Chưa xác định cấp độ an toàn; việc kiểm tra nhà cung cấp chưa tính đến cấp độ.',
      'Determine the security level (Decree 85/2016) before the design.',
      'Xác định cấp độ an toàn (Nghị định 85/2016) trước khi thiết kế.',
      ())
def _level(f):
    return np.isnan(f.s.security_level)


@rule('NO-MACHINES', 'completeness', CONDITION, SYSTEM,
      'No machine is recorded for this system.',
      'Chưa ghi nhận máy nào cho hệ thống này.',
      'Link its virtual machines or servers in the inventory.',
      'Liên kết máy ảo hoặc máy chủ của hệ thống trong danh mục.',
      (), unknown=True)
def _no_machines(f):
    return (f.s_machines == 0) & (f.s_servers == 0)


@rule('PHYSICAL-SERVERS', 'compute', CONDITION, SYSTEM,
      'It runs on {servers} physical server(s), which are converted (P2V) rather than sized here.',
      'Hệ thống chạy trên {servers} máy chủ vật lý, cần chuyển đổi sang máy ảo (P2V) thay vì tính cấu hình tại đây.',
      'Record the servers\' workloads as virtual machines (or import a P2V survey) to size and price them.',
      'Ghi nhận ứng dụng trên máy chủ vật lý thành máy ảo (hoặc nhập kết quả khảo sát P2V) '
      'để tính cấu hình và chi phí.',
      ('servers',), unknown=True)
def _physical(f):
    return f.s_servers > 0


def state_of(blockers, unknowns, conditions):
    """Readiness from rule counts (arrays): any blocker → not ready; a completeness gap → unknown."""
    return np.where(blockers > 0, NOT_READY, np.where(unknowns > 0, UNKNOWN,
                    np.where(conditions > 0, CONDITIONAL, READY)))


def evaluate(rules, facts, size):
    """Run `rules` over `facts`: per row, the list of (rule id, evidence) and the counts that decide
    readiness."""
    hits = [[] for _ in range(size)]
    blockers = np.zeros(size, dtype=np.int32)
    conditions = np.zeros(size, dtype=np.int32)
    information = np.zeros(size, dtype=np.int32)
    unknowns = np.zeros(size, dtype=np.int32)
    for r in rules:
        out = r.test(facts)
        mask, extra = (out if isinstance(out, tuple) else (out, {}))
        rows = np.flatnonzero(mask)
        if not len(rows):
            continue
        cols = {name: facts.column(name) for name in r.evidence}
        cols.update(extra)
        values = {name: col.pick(rows) if hasattr(col, 'pick') else _plain(col[rows]) if isinstance(col, np.ndarray)
                  else [col[i] for i in rows] if isinstance(col, list) else [col] * len(rows)
                  for name, col in cols.items()}
        names = list(values)
        for k, i in enumerate(rows.tolist()):
            hits[i].append((r.id, {name: values[name][k] for name in names}))
        counter = {BLOCKER: blockers, CONDITION: conditions, INFORMATION: information}[r.severity]
        counter[rows] += 1
        if r.unknown:
            unknowns[rows] += 1
    return hits, blockers, conditions, information, unknowns


def _plain(array):
    """JSON-able Python values of a NumPy column (NaN → None, whole floats → int)."""
    if array.dtype.kind == 'f':
        return [None if v != v else (int(v) if float(v).is_integer() else round(float(v), 2)) for v in array.tolist()]
    return array.tolist()
