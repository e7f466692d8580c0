"""The rule set the guide starts with, each rule with its legal basis (see docs/research on the regulation).

Texts are data (stored in the rule rows and editable by programme admins), not interface strings: both
languages are kept here side by side, as the rule rows keep them.
"""

from cloudmove.guidance.engine.deployment import COMMUNITY, EXCLUDE, HYBRID, PREFER, PRIVATE, PUBLIC, REQUIRE

# The laws change: ND 13/2023 gives way to Law 91/2025/QH15 (1 January 2026) and the 2018 Cybersecurity Law
# to Law 116/2025/QH15 (1 July 2026). The explanations cite both where it matters.
DEFAULT_RULES = [
    dict(
        code='DM-L45-PRIVATE', order=10, min_security_level=4, effect=REQUIRE, models=[PRIVATE],
        name='Cấp độ 4–5: chỉ đám mây riêng',
        name_en='Levels 4–5: private cloud only',
        explanation_vi=(
            'Hệ thống cấp độ 4 hoặc 5 theo Nghị định 85/2016/NĐ-CP (Điều 10, 11: hệ thống Chính phủ điện tử '
            'cấp quốc gia vận hành 24/7, hoặc sự cố gây tổn hại nghiêm trọng, đặc biệt nghiêm trọng) được Bộ '
            'TT&TT (nay là Bộ KH&CN) thẩm định cùng Bộ Công an và Bộ Quốc phòng, phải kiểm tra, đánh giá an '
            'toàn hằng năm (cấp độ 5: 6 tháng một lần, Điều 20). Hạ tầng phải do cơ quan kiểm soát riêng: giữ '
            'tại trung tâm dữ liệu của tỉnh hoặc dùng đám mây riêng dành riêng cho hệ thống, không dùng chung.'),
        explanation_en=(
            'A level 4 or 5 system under Decree 85/2016/ND-CP (Arts. 10–11: a national e-Government system '
            'running 24/7, or one whose failure causes serious or especially serious harm) is appraised by the '
            'Ministry (now MOST) with Public Security and Defence, and inspected every year (level 5: every '
            '6 months, Art. 20). Its infrastructure must be under the agency\'s sole control: keep it in the '
            'provincial data centre or on a dedicated private cloud, never on shared infrastructure.'),
    ),
    dict(
        code='DM-SECRET-PRIVATE', order=20, data_classifications=['state_secret'], effect=REQUIRE,
        models=[PRIVATE],
        name='Bí mật nhà nước: chỉ đám mây riêng',
        name_en='State secrets: private cloud only',
        explanation_vi=(
            'Hệ thống xử lý bí mật nhà nước được xếp từ cấp độ 3 trở lên (Nghị định 85/2016/NĐ-CP, Điều 6 '
            'và Điều 9: tổn hại đến quốc phòng, an ninh quốc gia). Dữ liệu này không đưa lên hạ tầng dùng '
            'chung hay thuê của doanh nghiệp; chỉ đặt trên hạ tầng riêng do cơ quan kiểm soát.'),
        explanation_en=(
            'A system processing state secrets is at level 3 or above (Decree 85/2016/ND-CP, Arts. 6 and 9: '
            'harm to defence and national security). Such data does not go onto shared or leased commercial '
            'infrastructure; only onto private infrastructure the agency controls.'),
    ),
    dict(
        code='DM-L3-NO-PUBLIC', order=30, min_security_level=3, effect=EXCLUDE, models=[PUBLIC],
        name='Cấp độ 3 trở lên: không dùng đám mây công cộng',
        name_en='Level 3 and above: no public cloud',
        explanation_vi=(
            'Hệ thống cấp độ 3 trở lên (Nghị định 85/2016/NĐ-CP, Điều 9: dịch vụ công trực tuyến mức 3 trở '
            'lên, dữ liệu cá nhân của từ 10.000 người, hạ tầng dùng chung của tỉnh) phải được tổ chức có đủ '
            'điều kiện kiểm tra, đánh giá an toàn hằng năm (Điều 20) và báo cáo hằng năm. Không đặt trên đám '
            'mây công cộng thương mại; dùng đám mây Chính phủ/đám mây dùng chung của tỉnh hoặc đám mây riêng, '
            'máy chủ đặt tại Việt Nam (Thông tư 40/2020/TT-BTTTT, Điều 9).'),
        explanation_en=(
            'A system at level 3 or above (Decree 85/2016/ND-CP, Art. 9: online public services at level 3 or '
            'higher, personal data of 10,000 people or more, a province\'s shared infrastructure) must be '
            'inspected every year by a qualified organisation (Art. 20) and reported yearly. It does not go on '
            'a commercial public cloud: use the government / provincial shared cloud or a private cloud, with '
            'servers in Vietnam (Circular 40/2020/TT-BTTTT, Art. 9).'),
    ),
    dict(
        code='DM-PD10K-NO-PUBLIC', order=40, personal_data='yes', min_data_subjects=10000, effect=EXCLUDE,
        models=[PUBLIC],
        name='Dữ liệu cá nhân của từ 10.000 người: không dùng đám mây công cộng',
        name_en='Personal data of 10,000 people or more: no public cloud',
        explanation_vi=(
            'Hệ thống lưu dữ liệu cá nhân của từ 10.000 người trở lên thuộc cấp độ 3 (Nghị định 85/2016/NĐ-CP, '
            'Điều 9). Nghị định 13/2023/NĐ-CP (từ 01/01/2026 là Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15) '
            'yêu cầu đánh giá tác động xử lý dữ liệu cá nhân gửi Bộ Công an (A05) trong 60 ngày (Điều 24) và '
            'đánh giá tác động khi chuyển dữ liệu ra nước ngoài (Điều 25); Luật An ninh mạng 2018 (Điều 26 '
            'khoản 3) và Nghị định 53/2022/NĐ-CP yêu cầu lưu trữ dữ liệu tại Việt Nam. Không dùng đám mây công '
            'cộng; dùng đám mây Chính phủ/của tỉnh hoặc đám mây riêng trong nước.'),
        explanation_en=(
            'A system holding personal data of 10,000 people or more is at level 3 (Decree 85/2016/ND-CP, '
            'Art. 9). Decree 13/2023/ND-CP (from 1 January 2026, Personal Data Protection Law 91/2025/QH15) '
            'requires a processing impact assessment sent to Public Security (A05) within 60 days (Art. 24) and '
            'a transfer impact assessment for any transfer abroad (Art. 25); the 2018 Cybersecurity Law '
            '(Art. 26(3)) and Decree 53/2022/ND-CP require the data to be stored in Vietnam. No public cloud: '
            'use the government / provincial cloud or a domestic private cloud.'),
    ),
    dict(
        code='DM-PD-COMMUNITY', order=50, personal_data='yes', effect=PREFER, models=[COMMUNITY], weight=2,
        name='Dữ liệu cá nhân: ưu tiên đám mây Chính phủ/của tỉnh',
        name_en='Personal data: prefer the government / provincial cloud',
        explanation_vi=(
            'Hệ thống xử lý dữ liệu cá nhân phải bảo vệ dữ liệu theo Nghị định 13/2023/NĐ-CP (từ 01/01/2026 '
            'là Luật 91/2025/QH15) và lưu dữ liệu tại Việt Nam (Luật An ninh mạng 2018, Điều 26 khoản 3; từ '
            '01/07/2026 là Luật An ninh mạng số 116/2025/QH15). Ưu tiên đám mây Chính phủ/đám mây dùng chung '
            'của tỉnh, do nhà cung cấp trong nước vận hành dưới sự quản lý của cơ quan nhà nước.'),
        explanation_en=(
            'A system processing personal data must protect it under Decree 13/2023/ND-CP (from 1 January 2026, '
            'Law 91/2025/QH15) and store it in Vietnam (2018 Cybersecurity Law, Art. 26(3); from 1 July 2026, '
            'Cybersecurity Law 116/2025/QH15). Prefer the government / provincial shared cloud, run by domestic '
            'providers under the state agencies\' management.'),
    ),
    dict(
        code='DM-LEVEL-UNKNOWN', order=60, level_determined='no', effect=EXCLUDE, models=[PUBLIC],
        name='Chưa xác định cấp độ: chưa chọn đám mây công cộng',
        name_en='Level not determined: no public cloud yet',
        explanation_vi=(
            'Hệ thống chưa được xác định cấp độ an toàn. Theo Nghị định 85/2016/NĐ-CP (Điều 13 khoản 2), đề '
            'xuất cấp độ phải có trong kế hoạch thuê dịch vụ; khi chưa biết cấp độ thì chưa chọn đám mây công '
            'cộng. Hãy lập hồ sơ đề xuất cấp độ (Điều 15) rồi xem lại khuyến nghị.'),
        explanation_en=(
            'The system\'s security level has not been determined. Under Decree 85/2016/ND-CP (Art. 13(2)) the '
            'proposed level goes into the service rental plan; until the level is known, a public cloud is not '
            'chosen. Prepare the level proposal dossier (Art. 15), then review the recommendation.'),
    ),
    dict(
        code='DM-PUBLIC-INFO', order=70, max_security_level=2, personal_data='no',
        data_classifications=['public'], effect=PREFER, models=[PUBLIC], weight=3,
        name='Thông tin công cộng, cấp độ 1–2: đám mây công cộng',
        name_en='Public information, levels 1–2: public cloud',
        explanation_vi=(
            'Hệ thống cấp độ 1–2 chỉ xử lý thông tin công cộng, không có dữ liệu cá nhân (Nghị định '
            '85/2016/NĐ-CP, Điều 7). Có thể dùng đám mây công cộng để tiết kiệm chi phí, theo hướng ưu tiên '
            'điện toán đám mây (Quyết định 1121/QĐ-TTg năm 2025) và thuê dịch vụ của doanh nghiệp trong nước '
            '(Nghị định 73/2019/NĐ-CP, Điều 4), với điều kiện máy chủ đặt tại Việt Nam và nền tảng đáp ứng bộ '
            'tiêu chí của Bộ TT&TT (Thông tư 40/2020/TT-BTTTT, Điều 9; Công văn 1145/BTTTT-CATTT năm 2020).'),
        explanation_en=(
            'A level 1–2 system processing public information only, with no personal data (Decree '
            '85/2016/ND-CP, Art. 7). A public cloud is acceptable and cheaper, in line with cloud first '
            '(Decision 1121/QD-TTg of 2025) and leasing from domestic providers (Decree 73/2019/ND-CP, Art. 4), '
            'provided the servers are in Vietnam and the platform meets the Ministry\'s criteria (Circular '
            '40/2020/TT-BTTTT, Art. 9; Official Letter 1145/BTTTT-CATTT of 2020).'),
    ),
    dict(
        code='DM-INTERNAL-COMMUNITY', order=80, max_security_level=2, data_classifications=['internal', 'private'],
        effect=PREFER, models=[COMMUNITY], weight=2,
        name='Thông tin nội bộ/riêng, cấp độ 1–2: đám mây dùng chung của tỉnh',
        name_en='Internal or private information, levels 1–2: provincial shared cloud',
        explanation_vi=(
            'Hệ thống cấp độ 1–2 xử lý thông tin nội bộ hoặc thông tin riêng (Nghị định 85/2016/NĐ-CP, Điều 7, '
            '8). Ưu tiên đám mây dùng chung của tỉnh, kết nối với nền tảng điện toán đám mây Chính phủ (Quyết '
            'định 2294/QĐ-BTTTT năm 2023), thuê tập trung cho nhiều đơn vị (Nghị định 73/2019/NĐ-CP, Điều 50).'),
        explanation_en=(
            'A level 1–2 system processing internal or private information (Decree 85/2016/ND-CP, Arts. 7–8). '
            'Prefer the provincial shared cloud, connected to the Government cloud platform (Decision '
            '2294/QD-BTTTT of 2023) and leased centrally for many units (Decree 73/2019/ND-CP, Art. 50).'),
    ),
    dict(
        code='DM-CITIZEN-INTEGRATION', order=90, internet_facing='yes', national_platform='yes', effect=PREFER,
        models=[HYBRID], weight=3,
        name='Dịch vụ cho người dân kết nối nền tảng quốc gia: đám mây lai',
        name_en='Citizen services linked to national platforms: hybrid cloud',
        explanation_vi=(
            'Hệ thống phục vụ người dân trên Internet và kết nối với nền tảng quốc gia (NDXP, LGSP, cơ sở dữ '
            'liệu quốc gia). Nghị định 47/2020/NĐ-CP (Điều 46) yêu cầu kết nối, chia sẻ dữ liệu qua nền tảng '
            'trung gian NDXP/LGSP trước. Mô hình lai: phần giao tiếp với người dân đặt nơi tiếp cận Internet '
            'thuận lợi, phần dữ liệu và tích hợp đặt trong đám mây Chính phủ/của tỉnh, gần LGSP.'),
        explanation_en=(
            'A citizen-facing system on the Internet that connects to national platforms (NDXP, LGSP, national '
            'databases). Decree 47/2020/ND-CP (Art. 46) requires data to be exchanged through the NDXP/LGSP '
            'intermediary platforms first. Hybrid: the citizen-facing part where the Internet reaches it best, '
            'the data and integration part in the government / provincial cloud, next to the LGSP.'),
    ),
    dict(
        code='DM-ONPREM-LATENCY', order=100, onprem_latency='yes', effect=PREFER, models=[HYBRID], weight=3,
        name='Liên kết nhạy độ trễ với thành phần ở lại tại chỗ: đám mây lai',
        name_en='Latency-sensitive links to on-premises components: hybrid cloud',
        explanation_vi=(
            'Hệ thống có liên kết nhạy cảm với độ trễ tới máy chủ vật lý hoặc hệ thống sắp dừng, là những thành '
            'phần ở lại tại chỗ. Đưa riêng hệ thống này lên đám mây sẽ kéo dài đường truyền; dùng mô hình lai '
            '(kết nối riêng giữa đám mây và trung tâm dữ liệu) hoặc chuyển các thành phần đó cùng một đợt.'),
        explanation_en=(
            'The system has latency-sensitive links to physical servers or to systems being retired, which stay '
            'on premises. Moving it alone would lengthen those paths: use a hybrid model (a private link between '
            'the cloud and the data centre) or move those components in the same wave.'),
    ),
]
