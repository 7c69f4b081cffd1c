"""Generic vocabulary of Vietnamese administrative texts used to recognise bodies.

Nothing here names a particular agency: these are the genre's abbreviations, the everyday
phrases for the registry's groups, the bodies that issue texts, person titles and the
levels of local government. Agencies themselves come from the registry (names, aliases).
"""

from __future__ import annotations

# (long form, short form): applied in both directions when generating variants.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("ủy ban nhân dân", "ubnd"),
    ("hội đồng nhân dân", "hđnd"),
    ("ban cán sự đảng", "bcs đảng"),
    ("ban cán sự đảng", "bcsđ"),
    ("liên đoàn lao động", "lđlđ"),
    ("mặt trận tổ quốc việt nam", "mặt trận tổ quốc"),
    ("ủy ban mặt trận tổ quốc", "mặt trận tổ quốc"),
    ("mặt trận tổ quốc", "mttq"),
    ("ủy ban mttq", "ubmttq"),
    ("mttq việt nam", "mttqvn"),
    ("khu công nghiệp", "kcn"),
    ("ban quản lý", "bql"),
    ("đảng ủy khối", "đuk"),
    ("đảng ủy", "đu"),
    ("văn phòng tỉnh ủy", "vptu"),
    ("tỉnh ủy", "tu"),
    ("ban thường vụ", "btv"),
    ("đảng đoàn", "đđ"),
    ("hội liên hiệp phụ nữ", "hội lhpn"),
    ("hội liên hiệp phụ nữ", "hội phụ nữ"),
    ("cựu chiến binh", "ccb"),
    ("thông tin và truyền thông", "tt&tt"),
    ("lao động - thương binh và xã hội", "lđ-tb&xh"),
    ("kế hoạch và đầu tư", "kh&đt"),
)

# A short head stands for the one registry agency whose name starts with it.
UNIQUE_SHORT_HEADS: tuple[str, ...] = ("đảng ủy khối",)


# Everyday phrases for the registry groups (group codes are fixed vocabulary of the genre).
GROUP_PHRASES: dict[str, tuple[str, ...]] = {
    "CAP_UY_HUYEN": (
        "cấp ủy huyện (tương đương)",
        "cấp ủy huyện và tương đương",
        "cấp ủy cấp huyện (tương đương)",
        "cấp ủy cấp huyện và tương đương",
        "cấp ủy cấp huyện",
        "cấp ủy huyện",
        "cấp ủy huyện, thị, thành (tương đương)",
        "cấp ủy huyện, thị, thành",
        "cấp ủy các huyện, thị xã, thành phố",
        "các huyện ủy, thị ủy, thành ủy và đảng ủy trực thuộc tỉnh ủy",
        "các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc tỉnh ủy",
        "các huyện ủy, thị ủy, thành ủy và đảng ủy trực thuộc",
        "các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc",
        "các huyện ủy, thị ủy, thành ủy",
        "các huyện, thị, thành ủy và đảng ủy trực thuộc tỉnh ủy",
        "các huyện, thị, thành ủy và đảng ủy trực thuộc",
        "các huyện, thị, thành ủy, đảng ủy trực thuộc tỉnh ủy",
        "các huyện, thị, thành ủy",
    ),
    "CAC_CAP_UY": ("các cấp ủy", "cấp ủy các cấp", "các cấp ủy đảng", "cấp ủy đảng các cấp"),
    "BCS_DANG_DOAN": (
        "các ban cán sự đảng, đảng đoàn",
        "các ban cán sự đảng và đảng đoàn",
        "các đảng đoàn, ban cán sự đảng",
        "các ban cán sự đảng",
        "các đảng đoàn",
    ),
    "CO_QUAN_THAM_MUU": (
        "các cơ quan tham mưu của tỉnh ủy",
        "các cơ quan tham mưu, giúp việc tỉnh ủy",
        "các cơ quan tham mưu, giúp việc của tỉnh ủy",
        "các cơ quan tham mưu giúp việc tỉnh ủy",
        "các cơ quan tham mưu, giúp việc",
        "các cơ quan tham mưu",
        "các ban đảng tỉnh ủy",
        "các ban đảng",
        "các ban xây dựng đảng tỉnh ủy",
        "các ban xây dựng đảng",
    ),
    "DOAN_THE_TINH": (
        "ủy ban mặt trận tổ quốc và các đoàn thể tỉnh",
        "ủy ban mặt trận tổ quốc việt nam và các đoàn thể chính trị - xã hội tỉnh",
        "ủy ban mặt trận tổ quốc và các đoàn thể chính trị - xã hội tỉnh",
        "ủy ban mặt trận tổ quốc, các đoàn thể tỉnh",
        "mặt trận và các đoàn thể tỉnh",
        "các đoàn thể chính trị - xã hội tỉnh",
        "các đoàn thể tỉnh",
    ),
}

# Bodies that are named in notices but never receive an assignment (the issuer and the centre).
BODY_PHRASES: tuple[str, ...] = (
    "tỉnh ủy",
    "ban thường vụ tỉnh ủy",
    "tập thể ban thường vụ tỉnh ủy",
    "btv tỉnh ủy",
    "thường trực tỉnh ủy",
    "ban chấp hành đảng bộ tỉnh",
    "ban chấp hành đảng bộ",
    "bch đảng bộ tỉnh",
    "đảng bộ tỉnh",
    "ban chấp hành trung ương",
    "ban chấp hành trung ương đảng",
    "trung ương",
    "trung ương đảng",
    "bộ chính trị",
    "ban bí thư",
    "quốc hội",
    "chính phủ",
    "thủ tướng chính phủ",
)

# Person titles: "Giám đốc Công an tỉnh" acts for Công an tỉnh.
PERSON_TITLES: tuple[tuple[str, ...], ...] = tuple(
    tuple(title.split())
    for title in (
        "phó giám đốc", "giám đốc", "phó chủ tịch", "chủ tịch", "thủ trưởng", "phó chánh",
        "chánh", "phó trưởng", "trưởng", "phó bí thư", "bí thư", "chủ nhiệm", "người đứng đầu",
        "tổng giám đốc", "viện trưởng", "hiệu trưởng",
    )
)  # fmt: skip

# Head words after which a name's field may be written by its initials ("Sở NN&PTNT").
FIELD_HEADS: tuple[str, ...] = ("chi cục", "trung tâm", "sở", "bộ", "ban", "cục", "viện")
# Scope words that end a name and stay as they are when the field is abbreviated.
SCOPE_SUFFIXES: tuple[str, ...] = ("tỉnh ủy", "tỉnh", "trung ương")
# Names that are also everyday verbs: without their "tỉnh" they are the activity, not the body
# ("Thanh tra, kiểm tra, xử lý …" is no mention of "Thanh tra tỉnh").
SCOPE_KEPT: tuple[str, ...] = ("thanh tra",)

# Province level → the same level of a centrally-run city ("Hội LHPN Thành phố", "Thành Đoàn").
CITY_LEVEL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tỉnh ủy", ("thành ủy",)),
    ("tỉnh đoàn", ("thành đoàn",)),
    ("tỉnh", ("thành phố", "tp")),
)
# Centrally-run cities: a city-level name followed by one of these is the city's own body.
CENTRAL_CITIES: tuple[str, ...] = (
    "hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế",
)  # fmt: skip

# Levels of local government (no registry code: "UBND các huyện, thành phố").
LOCAL_LEVELS: tuple[str, ...] = (
    "thị trấn", "thị xã", "thành phố", "quận", "huyện", "xã", "phường", "tp",
)  # fmt: skip
