"""What people type for a field or a table, and the name the account file gives it.

An account team fills the file in its own words: a Chinese team writes ``职务`` for ``title``
and ``备注`` for ``notes``, a CRM export has ``phone``. The file keeps one set of names (the
contract in docs/account-format.md), so a field that is not one of them is still refused, but
the message names the field meant: "unknown field '职务'; did you mean 'title'? (职务 is
called title in the account file)". A field the file has no place for says so, instead of a
"did you mean" that only looks alike (``phone`` is not ``power``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import N_, say
from .integrity import suggest

__all__ = ["FIELD_WORDS", "TABLE_WORDS", "field_hint", "table_hint"]

# A word people use -> the field of the account file, in any table that has that field.
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "编号": ("id",), "代码": ("id",), "标识": ("id",),
    "姓名": ("name",), "名字": ("name",), "名称": ("name",),
    "职务": ("title",), "职位": ("title",), "头衔": ("title",), "岗位": ("title",), "职称": ("title",),
    "job_title": ("title",), "position": ("title",),
    "部门": ("department",), "所属部门": ("department",), "dept": ("department",),
    "上级": ("reports_to",), "直属上级": ("reports_to",), "汇报给": ("reports_to",), "汇报对象": ("reports_to",),
    "manager": ("reports_to",), "boss": ("reports_to",), "reports": ("reports_to",),
    "角色": ("roles", "role"), "采购角色": ("roles",), "role": ("roles",), "roles": ("role",),
    "态度": ("stance",), "立场": ("stance",), "倾向": ("stance",), "attitude": ("stance",),
    "权力": ("power",), "隐藏权力": ("power",), "powers": ("power",),
    "派系": ("faction",), "阵营": ("faction",),
    "圈子": ("circle",), "圈层": ("circle",),
    "状态": ("status",), "在职状态": ("status",),
    "竞争对手": ("close_to_competitor", "competitors"), "competitor": ("close_to_competitor", "competitors"),
    "备注": ("notes",), "说明": ("notes",), "注释": ("notes",), "note": ("notes",), "comment": ("notes",),
    "comments": ("notes",),
    "等级": ("grade",), "客户等级": ("grade",), "阶段": ("stage",), "销售阶段": ("stage",),
    "文化": ("culture",), "团队文化": ("culture",), "日期": ("as_of",), "date": ("as_of", "last_contact"),
    "类型": ("type", "kind"), "类别": ("kind",), "上级部门": ("parent",), "带头人": ("leader",),
    "领头人": ("leader",), "来源": ("source",), "目标": ("target",), "权重": ("weight",),
    "网络": ("network",), "成员": ("member",), "我方成员": ("member",), "关键人": ("stakeholder",),
    "联系人": ("stakeholder",), "强度": ("strength",), "亲密度": ("strength",), "关系强度": ("strength",),
    "最近联系": ("last_contact",), "上次联系": ("last_contact",), "最后联系": ("last_contact",),
    "渠道": ("channel",),
}
# Words for what the account file does not record, and what to do instead.
_NOT_RECORDED = {
    word: N_("; the account file keeps no contact details (phone, e-mail): they stay in your CRM, or in notes")
    for word in ("phone", "mobile", "tel", "telephone", "email", "e-mail", "mail", "wechat", "address",
                 "电话", "手机", "邮箱", "电子邮件", "微信", "地址")
}
TABLE_WORDS: dict[str, str] = {
    "客户": "account", "账户": "account", "项目": "account", "团队": "team", "我方团队": "team",
    "部门": "departments", "派系": "factions", "阵营": "factions", "关键人": "stakeholders",
    "干系人": "stakeholders", "人员": "stakeholders", "人物": "stakeholders", "people": "stakeholders",
    "contacts_of_team": "contacts", "关系": "relations", "联系": "contacts", "联系记录": "contacts",
}


def _normal(word: str) -> str:
    return word.strip().lower()


def _meant(name: str, meant: str) -> str:
    if name.isascii():
        return say("; did you mean {name}?", name=repr(meant))
    return say("; did you mean {name}? ({word} is called {field} in the account file)", name=repr(meant), word=name,
               field=meant)


def field_hint(name: str, allowed: Iterable[str]) -> str:
    """What to write instead of the unknown field ``name`` ('' when nothing fits), for a
    table whose fields are ``allowed``."""
    allowed = list(allowed)
    if "：" in name:
        key, _, value = name.partition("：")
        return say("; a full-width colon '：' follows {key}: write {field}: {value} (an ASCII colon and a space)",
                   key=repr(key.strip()), field=key.strip(), value=value.strip())
    word = _normal(name)
    meant = [field for field in FIELD_WORDS.get(word, ()) if field in allowed]
    if meant:
        return _meant(name, meant[0])
    if word in _NOT_RECORDED:
        return say(_NOT_RECORDED[word])
    return suggest(name, allowed)


def table_hint(name: str, tables: Iterable[str]) -> str:
    """What to write instead of the unknown table ``name`` ('' when nothing fits)."""
    tables = list(tables)
    meant = TABLE_WORDS.get(_normal(name))
    if meant in tables:
        return _meant(name, meant)
    return suggest(name, tables)
