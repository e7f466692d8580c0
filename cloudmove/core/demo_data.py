"""The demo province: a synthetic province shaped like Thanh Hóa after the 2025 reform (two-tier local
government, merged departments). Names follow real patterns; everything here is illustrative."""

# The kinds of unit of a province's administration; a new database gets them from migration core 0009.
UNIT_KINDS = [
    # code, name_vi, name_en, level, order
    ('ubnd-tinh', 'Ủy ban nhân dân tỉnh', "Provincial People's Committee", 1, 10),
    ('van-phong', 'Văn phòng', 'Office', 2, 20),
    ('so', 'Sở', 'Department', 2, 30),
    ('ban', 'Ban', 'Board', 2, 40),
    ('don-vi-su-nghiep', 'Đơn vị sự nghiệp', 'Public-service unit', 3, 50),
    ('phuong', 'Phường', 'Ward', 3, 60),
    ('xa', 'Xã', 'Commune', 3, 70),
    ('huyen', 'Huyện (trước 2025)', 'District (before 2025)', 2, 80),
]

ROOT = ('UBND', 'Ủy ban nhân dân tỉnh Thanh Hóa (minh họa)', "Thanh Hoa Provincial People's Committee (demo)",
        'ubnd-tinh', None)

# code, name_vi, name_en, kind, parent
UNITS = [
    ('VP-UBND', 'Văn phòng Ủy ban nhân dân tỉnh', "Office of the Provincial People's Committee", 'van-phong', 'UBND'),
    ('SKHCN', 'Sở Khoa học và Công nghệ', 'Department of Science and Technology', 'so', 'UBND'),
    ('SNV', 'Sở Nội vụ', 'Department of Home Affairs', 'so', 'UBND'),
    ('STC', 'Sở Tài chính', 'Department of Finance', 'so', 'UBND'),
    ('STP', 'Sở Tư pháp', 'Department of Justice', 'so', 'UBND'),
    ('SCT', 'Sở Công Thương', 'Department of Industry and Trade', 'so', 'UBND'),
    ('SNNMT', 'Sở Nông nghiệp và Môi trường', 'Department of Agriculture and Environment', 'so', 'UBND'),
    ('SXD', 'Sở Xây dựng', 'Department of Construction', 'so', 'UBND'),
    ('SGDDT', 'Sở Giáo dục và Đào tạo', 'Department of Education and Training', 'so', 'UBND'),
    ('SYT', 'Sở Y tế', 'Department of Health', 'so', 'UBND'),
    ('SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', 'Department of Culture, Sports and Tourism', 'so', 'UBND'),
    ('SDTTG', 'Sở Dân tộc và Tôn giáo', 'Department of Ethnic and Religious Affairs', 'so', 'UBND'),
    ('TTRA', 'Thanh tra tỉnh', 'Provincial Inspectorate', 'so', 'UBND'),
    ('BQLKKT', 'Ban Quản lý Khu kinh tế Nghi Sơn và các Khu công nghiệp',
     'Management Board of Nghi Son Economic Zone and Industrial Parks', 'ban', 'UBND'),
    ('BQLDA-DDCN', 'Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp',
     'Project Management Board for Civil and Industrial Works', 'ban', 'UBND'),
    ('BQLDA-GT', 'Ban Quản lý dự án đầu tư xây dựng các công trình giao thông',
     'Project Management Board for Transport Works', 'ban', 'UBND'),
    ('BQLDA-NN', 'Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn',
     'Project Management Board for Agriculture and Rural Development Works', 'ban', 'UBND'),
    ('BQL-LAMKINH', 'Ban Quản lý Khu di tích lịch sử Lam Kinh', 'Lam Kinh Historical Site Management Board', 'ban',
     'UBND'),
    ('BQL-TNH', 'Ban Quản lý Di sản văn hóa Thành Nhà Hồ', 'Ho Citadel Heritage Management Board', 'ban', 'UBND'),
    ('TCT', 'Trường Chính trị tỉnh', 'Provincial Political School', 'don-vi-su-nghiep', 'UBND'),
    ('DPTTH', 'Đài Phát thanh và Truyền hình tỉnh', 'Provincial Radio and Television', 'don-vi-su-nghiep', 'UBND'),
    ('TTPVHCC', 'Trung tâm Phục vụ hành chính công tỉnh', 'Provincial Public Administration Service Centre',
     'don-vi-su-nghiep', 'VP-UBND'),
    ('TTCNTT', 'Trung tâm Công nghệ thông tin và Truyền thông', 'Information Technology and Communications Centre',
     'don-vi-su-nghiep', 'SKHCN'),
    ('BVDK', 'Bệnh viện Đa khoa tỉnh', 'Provincial General Hospital', 'don-vi-su-nghiep', 'SYT'),
    ('CDC', 'Trung tâm Kiểm soát bệnh tật tỉnh', 'Provincial Centre for Disease Control', 'don-vi-su-nghiep', 'SYT'),
    ('VPDKDD', 'Văn phòng Đăng ký đất đai', 'Land Registration Office', 'don-vi-su-nghiep', 'SNNMT'),
    ('TTLTLS', 'Trung tâm Lưu trữ lịch sử', 'Historical Archives Centre', 'don-vi-su-nghiep', 'SNV'),
]

WARDS = [
    'Hạc Thành', 'Quảng Phú', 'Đông Quang', 'Đông Sơn', 'Đông Tiến', 'Hàm Rồng', 'Nguyệt Viên', 'Sầm Sơn',
    'Nam Sầm Sơn', 'Bỉm Sơn', 'Quang Trung', 'Ngọc Sơn', 'Tân Dân', 'Hải Lĩnh', 'Tĩnh Gia', 'Đào Duy Từ',
    'Hải Bình', 'Trúc Lâm', 'Nghi Sơn',
]

COMMUNES = [
    'Thọ Xuân', 'Triệu Sơn', 'Nông Cống', 'Yên Định', 'Vĩnh Lộc', 'Thiệu Hóa', 'Hoằng Hóa', 'Hậu Lộc', 'Nga Sơn',
    'Hà Trung', 'Thạch Thành', 'Cẩm Thủy', 'Ngọc Lặc', 'Lang Chánh', 'Bá Thước', 'Quan Hóa', 'Quan Sơn',
    'Mường Lát', 'Thường Xuân', 'Như Xuân', 'Như Thanh',
]

PROGRAMME_OFFICE = 'SKHCN'


def ascii_code(name):
    import unicodedata

    text = unicodedata.normalize('NFD', name.replace('Đ', 'D').replace('đ', 'd'))
    text = ''.join(c for c in text if unicodedata.category(c) != 'Mn')
    return ''.join(c for c in text.upper() if c.isalnum())


def english(name):
    return ' '.join(ascii_code(word).title() for word in name.split())


def all_units():
    """(code, name_vi, name_en, kind, parent) in parent-first order."""
    rows = [ROOT, *UNITS]
    rows += [(f'P-{ascii_code(n)}', f'Phường {n}', f'{english(n)} Ward', 'phuong', 'UBND') for n in WARDS]
    rows += [(f'X-{ascii_code(n)}', f'Xã {n}', f'{english(n)} Commune', 'xa', 'UBND') for n in COMMUNES]
    return rows
