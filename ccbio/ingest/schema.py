"""The three ledgers a planner fills in: their columns, the headers each column accepts, its type.

A header matches a column when, after normalising (NFKC, so full-width brackets become ASCII;
spaces, quotes, invisible characters and case dropped), it equals the internal name or one of the
Chinese / English aliases. An amount column also accepts its header in 万元; its values are then
divided by 10 000 (the data is in 亿元).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


# kind: text | id | park | sector | stage | build | project_status | firm_status | money | count
# | flag | month -- each kind has one parser (ccbio/ingest/kinds.py).
@dataclass(frozen=True)
class Column:
    name: str
    header_zh: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    note_zh: str = ""
    note_en: str = ""


PROJECT_COLUMNS = (
    Column(
        "project_id",
        "项目编号",
        "id",
        aliases=("项目ID", "项目id", "编号", "id"),
        note_zh="已有项目填编号（如 P0123）；新项目留空，写入时自动编号",
        note_en="existing project: its id (e.g. P0123); new project: leave blank",
    ),
    Column("name_zh", "项目名称", "text", True, ("名称", "name", "project_name")),
    Column("name_en", "英文名称", "text", aliases=("项目英文名称", "name_en")),
    Column("sponsor_zh", "投资主体", "text", aliases=("建设单位", "投资方", "sponsor")),
    Column(
        "park_id",
        "所属园区",
        "park",
        True,
        ("园区", "park", "park_name"),
        "园区名称或编号",
        "park name or id",
    ),
    Column(
        "sector_id",
        "产业领域",
        "sector",
        True,
        ("领域", "所属领域", "sector"),
        "八大工程领域名称或编号",
        "sector name or id",
    ),
    Column(
        "stage",
        "所处阶段",
        "stage",
        True,
        ("阶段", "项目阶段"),
        "谋划/洽谈/建设/投产/达产",
        "planned/negotiating/construction/commissioning/full_capacity",
    ),
    Column(
        "investment_yi",
        "计划总投资(亿元)",
        "money",
        True,
        ("总投资(亿元)", "投资额(亿元)", "计划投资(亿元)", "investment"),
    ),
    Column(
        "build_type",
        "新建/续建",
        "build",
        aliases=("建设性质", "build_type"),
        note_zh="建设及以后阶段填写；留空则按开工年份推定",
        note_en="from construction on; blank = derived from the start year",
    ),
    Column(
        "status",
        "状态",
        "project_status",
        aliases=("项目状态",),
        note_zh="留空=在库；终止/退出/完成 表示移出储备",
        note_en="blank = in the pipeline; terminated/withdrawn/completed removes it",
    ),
    Column(
        "reason",
        "变动原因",
        "text",
        aliases=("原因", "备注", "reason"),
        note_zh="阶段倒退或移出时必填",
        note_en="required for a backward stage move or a removal",
    ),
    Column(
        "is_major",
        "重大项目",
        "flag",
        aliases=("重大项目清单", "是否重大项目", "is_major"),
        note_zh=f"是/否；留空：新项目计划总投资 ≥ {10:g} 亿元即列入，已有项目沿用",
        note_en="yes/no; blank: a new project of 10 亿元 or more is listed, an existing one keeps its flag",
    ),
    # Optional (issue 13): stored under these names when a ledger or the snapshot carries them.
    Column("responsible_unit", "责任单位", "text", aliases=("责任部门", "responsible_unit")),
    Column(
        "planned_construction_start",
        "计划开工年月",
        "month",
        aliases=("计划开工时间", "计划开工", "planned_construction_start"),
    ),
    Column(
        "planned_commissioning",
        "计划投产年月",
        "month",
        aliases=("计划投产时间", "计划投产", "planned_commissioning"),
    ),
    Column(
        "planned_full_capacity",
        "计划达产年月",
        "month",
        aliases=("计划达产时间", "计划达产", "planned_full_capacity"),
    ),
    Column(
        "sponsor_enterprise_id",
        "投资主体企业编号",
        "id",
        aliases=("投资主体编号", "投资企业编号", "sponsor_enterprise_id"),
        note_zh="投资主体在企业台账中的编号（如 E0123）；不在本市企业统计中则留空",
        note_en="the sponsor's id in the firms ledger (e.g. E0123); blank if not a firm of the city's statistics",
    ),
)
# Columns a snapshot may lack: written only when the snapshot or a ledger carries them.
OPTIONAL_PROJECT_COLUMNS = (
    "responsible_unit",
    "planned_construction_start",
    "planned_commissioning",
    "planned_full_capacity",
    "sponsor_enterprise_id",
)
# The documented rule for the 重大项目清单 when a ledger leaves 重大项目 blank for a new project.
MAJOR_PROJECT_MIN_YI = 10.0

ENTERPRISE_COLUMNS = (
    Column(
        "enterprise_id",
        "企业编号",
        "id",
        aliases=("企业ID", "企业id", "enterprise_id"),
        note_zh="已有企业填编号（如 E0123）；新企业留空",
        note_en="existing firm: its id; new firm: leave blank",
    ),
    Column("name_zh", "企业名称", "text", True, ("name",)),
    Column("name_en", "英文名称", "text", aliases=("企业英文名称", "name_en")),
    Column("park_id", "所属园区", "park", True, ("园区", "park")),
    Column("sector_id", "产业领域", "sector", True, ("领域", "所属领域", "sector")),
    Column(
        "is_chain_leader", "链主企业", "flag", aliases=("链主",), note_zh="是/否", note_en="yes/no"
    ),
    Column(
        "is_chain_leader_new", "新引进链主", "flag", aliases=("新引进链主企业", "新引进“链主”企业")
    ),
    Column("is_listed", "上市企业", "flag", aliases=("上市",)),
    Column("is_above_scale", "规上企业", "flag", aliases=("规模以上企业", "规上")),
    Column("is_srdi", "专精特新", "flag", aliases=("专精特新企业", "“专精特新”企业")),
    Column("is_leading", "龙头企业", "flag", aliases=("龙头",)),
    Column(
        "output_value_yi",
        "近12个月产值(亿元)",
        "money",
        aliases=("产值(亿元)", "年产值(亿元)", "output_value"),
    ),
    Column("entered_month", "入库月份", "month", aliases=("入库时间",)),
    Column(
        "status",
        "状态",
        "firm_status",
        aliases=("企业状态",),
        note_zh="留空=在库；迁出/注销 表示移出",
        note_en="blank = active; moved away/closed removes it",
    ),
    Column("reason", "变动原因", "text", aliases=("原因", "备注", "reason")),
)

# Indicators come in a wide table: one row per month, park and sector, one column per indicator.
INDICATOR_KEY_COLUMNS = (
    Column("month", "月份", "month", True, ("统计月份", "期间", "period")),
    Column("park_id", "所属园区", "park", True, ("园区", "park")),
    Column("sector_id", "产业领域", "sector", True, ("领域", "所属领域", "sector")),
)
# (code, zh header, unit kind): the three money indicators are what a monthly ledger carries;
# count columns are optional (by default they are counted from the enterprises of the snapshot).
INDICATOR_COLUMNS = (
    Column("pharma_industrial_output", "医药工业产值(亿元)", "money", aliases=("医药工业产值",)),
    Column("medical_service_revenue", "医疗服务收入(亿元)", "money", aliases=("医疗服务收入",)),
    Column("pharma_distribution_revenue", "医药流通收入(亿元)", "money", aliases=("医药流通收入",)),
    Column("enterprises", "企业数量(户)", "count", aliases=("企业数量",)),
    Column("above_scale", "规模以上企业(户)", "count", aliases=("规模以上企业", "规上企业(户)")),
    Column("srdi", "专精特新企业(户)", "count", aliases=("专精特新企业", "“专精特新”企业")),
    Column("listed", "上市企业(户)", "count", aliases=("上市企业",)),
    Column(
        "chain_leaders_new",
        "新引进链主企业(户)",
        "count",
        aliases=("新引进“链主”企业", "新引进链主企业"),
    ),
)
TEMPLATE_INDICATORS = 3  # the template shows the money columns; counts may be added by hand

LEDGERS = {
    "projects": PROJECT_COLUMNS,
    "enterprises": ENTERPRISE_COLUMNS,
    "indicators": INDICATOR_KEY_COLUMNS + INDICATOR_COLUMNS,
}
SHEET_NAMES = {"projects": "项目台账", "enterprises": "企业台账", "indicators": "指标台账"}
CSV_NAMES = {
    "projects": "projects_ledger.csv",
    "enterprises": "enterprises_ledger.csv",
    "indicators": "indicators_ledger.csv",
}
SHEET_ALIASES = {
    "projects": ("项目台账", "项目", "projects", "五个一批"),
    "enterprises": ("企业台账", "企业", "enterprises", "firms"),
    "indicators": ("指标台账", "指标", "月度指标", "indicators", "监测指标"),
}
SKIP_SHEETS = ("说明", "填表说明", "选项", "readme", "instructions", "options")
# Words that say which ledger a headerless guess is about (the column that only it has).
KEY_HEADERS = {"projects": "项目名称", "enterprises": "企业名称", "indicators": "月份"}

# Values accepted in the status column and what they do.
PROJECT_STATUS = {
    "": None,
    "在库": None,
    "正常": None,
    "active": None,
    "终止": "terminated",
    "terminated": "terminated",
    "退出": "withdrawn",
    "withdrawn": "withdrawn",
    "完成": "completed",
    "转常规统计": "completed",
    "completed": "completed",
}
ENTERPRISE_STATUS = {
    "": None,
    "在库": None,
    "正常": None,
    "active": None,
    "迁出": "moved_away",
    "moved_away": "moved_away",
    "注销": "closed",
    "closed": "closed",
    "退出": "closed",
}
STATUS_EN = {
    "terminated": "terminated",
    "withdrawn": "withdrawn",
    "completed": "completed",
    "moved_away": "moved away",
    "closed": "closed",
}
BUILD_TYPES = {"新建": "new", "new": "new", "续建": "continued", "continued": "continued"}
FLAGS = {
    "是": True,
    "否": False,
    "y": True,
    "n": False,
    "yes": True,
    "no": False,
    "1": True,
    "0": False,
    "true": True,
    "false": False,
    "√": True,
    "✓": True,
    "×": False,
    "": None,
}

# Plausible ranges: anything outside is an error (most often a unit mix-up: 万元 typed as 亿元).
MAX_PROJECT_INVESTMENT_YI = 1000.0
MAX_FIRM_OUTPUT_YI = 1000.0
MAX_MONTHLY_MONEY_YI = 200.0
MAX_COUNT = 5000
# Below this a planned investment is not a pipeline project: most often 亿元 typed under 万元.
MIN_PROJECT_INVESTMENT_YI = 0.05


# Characters people paste without seeing them: zero-width spaces and joiners, BOMs, soft hyphens.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"))


def normalise(header: object) -> str:
    """Return a name reduced for matching: NFKC (full-width to ASCII), no spaces, quotes or
    invisible characters, lower case."""
    text = unicodedata.normalize("NFKC", str(header or "")).translate(INVISIBLE).lower()
    text = text.replace("“", "").replace("”", "").replace('"', "").replace("‘", "").replace("’", "")
    return re.sub(r"\s+", "", text)


def header_index(ledger: str) -> dict[str, tuple[Column, str | None]]:
    """Return normalised header -> (column, unit the header states: 亿元, 万元 or None)."""
    index: dict[str, tuple[Column, str | None]] = {}
    for col in LEDGERS[ledger]:
        for name in (col.name, col.header_zh, *col.aliases):
            key = normalise(name)
            unit = "亿元" if "(亿元)" in key else None
            index.setdefault(key, (col, unit))
            if col.kind == "money" and unit:
                index.setdefault(key.replace("(亿元)", "(万元)"), (col, "万元"))
    return index
