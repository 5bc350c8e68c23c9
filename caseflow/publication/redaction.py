"""Redaction of a decision's text before publication (libraries.md §6, §9.1). Pure: no Flask, no database, so the
`caseflow redact` command and the publication review run exactly this code.

Three layers, in order:
1. the case's own structured data (every party, agent and representative) and the variants a text uses, matched
   exactly with an Aho–Corasick automaton (pyahocorasick): names → surname + 某 (法释〔2016〕19号 Arts. 8–9; two
   people sharing a surname become 张某甲/张某乙), ID numbers, phones, addresses below county level → masked;
2. validated detectors for what free text contains: resident ID (ISO 7064 checksum, python-stdnum), bank cards
   (Luhn), mobiles (with +86, spaces, dashes), landlines, e-mails, plates, addresses behind a label word;
3. candidate person names (jieba's name tagging seeded with the case's names, and a name right after a role word
   such as 证人, 执法人员): `certain: False`, offered to the reviewer, never kept silently.
Organisations, agencies and the names given in `keep` (an agency's legal representative, the office) stay.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import ahocorasick
from stdnum import luhn
from stdnum.cn import ric

COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                     "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "澹台", "百里", "东郭", "第五")
ORDINALS = "甲乙丙丁戊己庚辛壬癸"
MASK = "*"

ID18 = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
                  r"(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![\d+])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}[- ]?)\d{7,8}(?:-\d{1,4})?(?!\d)")
BANK = re.compile(r"(?<!\d)\d{4}(?:[ -]?\d{4}){2}[ -]?\d{4}(?:[ -]?\d{1,3})?(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PLATE = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-HJ-NP-Z][·• ]?"
                   r"[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]")
# A label, then an address; the part below county level is masked (住所地 is how an agency's seat is written: kept).
ADDRESS = re.compile(r"(?:住址|住所(?!地)|地址|现住|户籍地|家住|居住于|住在)[：:]?\s*(?P<addr>[^，。；;,\s）)]{4,60})")
COUNTY = re.compile(r"^(?:.{2,9}?(?:省|自治区))?(?:.{2,9}?(?:市|自治州|州|盟))?(?:.{1,9}?(?:区|县|旗|市))?")
ROLE_WORDS = ("证人", "执法人员", "执法人", "工作人员", "经办人", "之妻", "之夫", "之子", "之女", "经营者", "监护人",
              "法定代理人", "委托代理人", "代理人", "邻居", "证明人", "被害人", "当事人")
ROLE_NAME = re.compile(rf"(?:{'|'.join(ROLE_WORDS)})[：:]?(?P<name>[\u4e00-\u9fa5]{{2,4}}?)(?=[，。、；：:（(\s和与等称说作到出证陈表在向于当均也及未没不已曾亦并拒系为是]|$)")
# The common surnames (百家姓, the first few hundred by frequency): a tagged word not starting with one is no name.
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
               "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
               "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
               "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
               "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆"
               "乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平"
               "计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈"
               "湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由")
NOT_NAMES = {"申请人", "被申请人", "第三人", "本机关", "陈述", "认为", "经查", "复议", "行政", "某某", "提供", "证明",
             "出具", "签字", "银行", "银行卡", "金额", "高度", "文件", "武装", "明确", "常规", "于是", "向其", "未到", "到场", "在场", "表示", "称其", "均称", "作证", "证实"}


@dataclass
class Finding:
    kind: str  # name, id_number, phone, landline, address, bank_card, email, plate, marked, name_candidate
    original: str
    start: int
    end: int
    replacement: str
    certain: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Result:
    text: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def candidates(self) -> list[Finding]:
        return [f for f in self.findings if not f.certain]

    def as_dict(self) -> dict:
        return {"text": self.text, "findings": [f.as_dict() for f in self.findings]}


def surname(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]


def pseudonyms(names: list[str]) -> dict[str, str]:
    """Surname + 某; where two different people would both be 张某: 张某甲, 张某乙 in the order given."""
    unique = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    by_surname: dict[str, list[str]] = {}
    for name in unique:
        by_surname.setdefault(surname(name), []).append(name)
    out = {}
    for sur, group in by_surname.items():
        for i, name in enumerate(group):
            out[name] = f"{sur}某" + (ORDINALS[i % len(ORDINALS)] if len(group) > 1 else "")
    return out


def _phone_variants(phone: str) -> set[str]:
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    variants = {phone}
    if len(digits) == 11 and digits.startswith("1"):
        a, b, c = digits[:3], digits[3:7], digits[7:]
        for sep in ("", " ", "-"):
            core = f"{a}{sep}{b}{sep}{c}"
            variants |= {core, f"+86{core}", f"+86 {core}", f"+86-{core}", f"86{core}", f"86-{core}",
                         f"(+86){core}", f"（+86）{core}"}
    elif digits.startswith("0") and len(digits) >= 10:
        for area in (3, 4):
            head, tail = digits[:area], digits[area:]
            variants |= {digits, f"{head}-{tail}", f"{head} {tail}", f"({head}){tail}", f"（{head}）{tail}"}
    return {v for v in variants if len(re.sub(r"\D", "", v)) >= 7}


def split_address(address: str) -> tuple[str, str]:
    """(the part down to county level, which stays; the rest, which goes)."""
    head = COUNTY.match(address).group(0)
    return head, address[len(head):]


def _address_variants(address: str) -> dict[str, str]:
    """Each way a text may write the address → its replacement (the county-level prefix kept)."""
    head, detail = split_address(address)
    if len(detail) < 2:
        return {}
    out = {address: head + MASK * 3}
    # the same address written without its province or city: 东城区和平路12号, 和平路12号
    parts = re.findall(r".+?(?:省|自治区|市|自治州|州|盟|区|县|旗)", head)
    for i in range(1, len(parts) + 1):
        shorter = "".join(parts[i:]) + detail
        if len(shorter) >= 4:
            out.setdefault(shorter, "".join(parts[i:]) + MASK * 3)
    return out


def _structured(parties: list[dict], names: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Every exact string to replace → (kind, replacement)."""
    table: dict[str, tuple[str, str]] = {}
    for party in parties:
        natural = party.get("kind", "natural_person") != "organisation"
        if natural and party.get("name"):
            table[party["name"].strip()] = ("name", names[party["name"].strip()])
        for extra in party.get("aliases") or []:
            table.setdefault(extra, ("name", names.get(party.get("name", ""), surname(extra) + "某")))
        if party.get("id_number"):
            number = party["id_number"].strip()
            for v in {number, number.upper(), number.lower()}:
                table[v] = ("id_number", MASK * len(v))
        for key in ("bank_account",):
            if party.get(key):
                digits = re.sub(r"\D", "", party[key])
                for v in {party[key], digits, " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))}:
                    table[v] = ("bank_card", MASK * len(v))
        if natural and party.get("phone"):
            for v in _phone_variants(party["phone"]):
                table[v] = ("phone", MASK * 3)
        if natural and party.get("address"):
            for v, replacement in _address_variants(party["address"].strip()).items():
                table.setdefault(v, ("address", replacement))
        if natural and party.get("email"):
            table[party["email"]] = ("email", MASK * 3)
    return table


def _automaton(table: dict[str, tuple[str, str]]):
    automaton = ahocorasick.Automaton()
    for key, (kind, replacement) in table.items():
        if key:
            automaton.add_word(key, (key, kind, replacement))
    automaton.make_automaton()
    return automaton


def _take(findings: list[Finding], new: Finding) -> bool:
    """Add `new` unless it overlaps one already taken (earlier layers win)."""
    if any(new.start < f.end and f.start < new.end for f in findings):
        return False
    findings.append(new)
    return True


def _detectors(text: str, findings: list[Finding], kept: list[tuple[int, int]]) -> None:
    def add(kind, start, end, replacement):
        if any(start < b and a < end for a, b in kept):
            return
        _take(findings, Finding(kind, text[start:end], start, end, replacement))

    for m in ID18.finditer(text):
        if ric.is_valid(m.group(0).upper()):
            add("id_number", m.start(), m.end(), MASK * len(m.group(0)))
    for m in BANK.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 16 <= len(digits) <= 19 and luhn.is_valid(digits):
            add("bank_card", m.start(), m.end(), MASK * 4)
    for m in MOBILE.finditer(text):
        add("phone", m.start(), m.end(), MASK * 3)
    for m in LANDLINE.finditer(text):
        add("landline", m.start(), m.end(), MASK * 3)
    for m in EMAIL.finditer(text):
        add("email", m.start(), m.end(), MASK * 3)
    for m in PLATE.finditer(text):
        add("plate", m.start(), m.end(), m.group(0)[0] + MASK * 3)
    for m in ADDRESS.finditer(text):
        head, detail = split_address(m.group("addr"))
        if detail:
            add("address", m.start("addr") + len(head), m.end("addr"), MASK * 3)


_JIEBA = None


def _jieba():
    global _JIEBA
    if _JIEBA is None:
        import logging
        import tempfile

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        jieba.dt.tmp_dir = tempfile.gettempdir()
        jieba.initialize()
        _JIEBA = jieba
    return _JIEBA


def _candidates(text: str, findings: list[Finding], kept_names: set[str], names: dict[str, str],
                seed: list[str]) -> list[Finding]:
    jieba = _jieba()
    for name in seed:
        jieba.add_word(name, freq=2000, tag="nr")
    spans: dict[tuple[int, int], str] = {}
    position = 0
    for word, flag in jieba.posseg.cut(text):
        start = text.find(word, position)
        position = start + len(word) if start >= 0 else position
        if flag == "nr" and 2 <= len(word) <= 4 and start >= 0:
            spans[(start, start + len(word))] = word
    for m in ROLE_NAME.finditer(text):  # after a role word the name is surer than jieba's cut: the longer wins
        spans[(m.start("name"), m.end("name"))] = m.group("name")
    out = []
    for (start, end), word in sorted(spans.items(), key=lambda s: (s[0][0], s[0][0] - s[0][1])):
        if surname(word) not in SURNAMES and word[:1] not in SURNAMES:
            continue
        if word in NOT_NAMES or word in kept_names or any(word in k for k in kept_names) or "某" in word:
            continue
        if any(start < f.end and f.start < end for f in [*findings, *out]):
            continue
        names.setdefault(word, pseudonyms([*names, word]).get(word, surname(word) + "某"))
        out.append(Finding("name_candidate", word, start, end, names[word], certain=False))
    return out


def _spans_of(text: str, values: list[str]) -> list[tuple[int, int]]:
    spans = []
    for value in values:
        if value:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(value), text)]
    return spans


def redact(text: str, parties: list[dict], *, keep: list[str] = (), marks: list[tuple[int, int]] = (),
           decisions: dict[str, bool] | None = None, with_candidates: bool = True) -> Result:
    """Redact `text` given the case's `parties` (dicts: name, role, kind, id_number, phone, address, email,
    bank_account, aliases). `keep`: names and values that stay (agencies, their representatives, the office).
    `marks`: passages the reviewer marked (start, end) → removed. `decisions`: a reviewer's verdict per candidate
    name (True: redact, False: keep); a candidate with no verdict is redacted in the text and reported uncertain."""
    natural = [p["name"].strip() for p in parties if p.get("name") and p.get("kind", "natural_person") != "organisation"]
    names = pseudonyms(natural)
    kept_spans = _spans_of(text, list(keep))
    findings: list[Finding] = []
    for start, end in sorted(marks):
        _take(findings, Finding("marked", text[start:end], start, end, "（略）"))
    table = _structured(parties, names)
    if table:
        matches = [(end - len(key) + 1, end + 1, key, kind, rep)
                   for end, (key, kind, rep) in _automaton(table).iter(text)]
        for start, end, key, kind, rep in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
            if not any(start < b and a < end for a, b in kept_spans) or kind != "name":
                _take(findings, Finding(kind, key, start, end, rep))
    _detectors(text, findings, kept_spans)
    if with_candidates:
        kept_names = {k for k in keep if k} | set(natural)
        for candidate in _candidates(text, findings, kept_names, names, natural):
            verdict = (decisions or {}).get(candidate.original)
            if verdict is False:
                continue
            candidate.certain = verdict is True
            findings.append(candidate)
    findings.sort(key=lambda f: f.start)
    out, last = [], 0
    for f in findings:
        out.append(text[last:f.start])
        out.append(f.replacement)
        last = f.end
    out.append(text[last:])
    return Result("".join(out), findings)
