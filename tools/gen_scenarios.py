#!/usr/bin/env python3
"""Generate the three bundled reference exercises of drillsim.

    python3 tools/gen_scenarios.py

writes, for each exercise, its terrain and layers as ESRI ASCII grids (.asc), the
scenario RON and the two orders files (a prompt team and a slow team) into
scenarios/<kind>/:

    scenarios/flood/riverside.ron          Qinghe/Shahe confluence, levee breach at Dongwan
    scenarios/forest_fire/hills.ron        power-line ignition in the western hills, wind shift
    scenarios/chemical_leak/park.ron       chlorine tank leak in the industrial park
    scenarios/cascade/cascade.ron          the flood breaches into the park, the plant leaks chlorine

Deterministic: standard library only, every random draw from a seeded
random.Random, fixed number formats; running it again rewrites the same bytes.

Structure: one function per exercise (`flood()`, `forest_fire()`, `chemical_leak()`)
builds its layers, the scenario as S(...)/V(...)/lists (the RON helpers below: S is a
struct, V an enum variant) and its orders, and writes them; `write_ron()` turns the
values into text. Adding a section is adding a key in `scenario()` (objectives and plan
are already there). The optional Chinese texts sit next to the English ones:
`description_zh` in each meta, `text_zh=` / `exp_zh=` of `inject()`, `tasks_zh=` of
`objective()` (written as text_zh / expected_action_zh / critical_tasks_zh).

This supersedes tools/gen_riverside.py (the old 200 x 150 riverside terrain): running
that one would overwrite scenarios/flood/riverside_*.asc with grids that no longer
match riverside.ron.
"""
import math
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "scenarios"


# ---------------------------------------------------------------------------
# RON writer
# ---------------------------------------------------------------------------
class V:
    """An enum variant: `V("Asc", "dem.asc")` -> `Asc("dem.asc")`; `V("Village")` -> `Village`;
    `V("Dispatch", unit="u", to="p")` -> `Dispatch(unit: "u", to: "p")`."""

    def __init__(self, name, *args, **fields):
        self.name, self.args, self.fields = name, args, fields


class S(dict):
    """A struct written as `(field: value, ...)` keeping insertion order. Keys whose
    value is None are left out (optional fields)."""


def _scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        s = repr(round(v, 6))
        return s if ("." in s or "e" in s) else s + ".0"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return None


def ron(v, level=0, prefix=0, width=200):
    """Format a value as RON at nesting `level`; `prefix` is the length of the text before it
    on its line. Short values stay on one line, long ones are broken up."""
    flat = _ron_flat(v)
    if len(flat) + level * 4 + prefix <= width:
        return flat
    pad, pad1 = "    " * level, "    " * (level + 1)
    if isinstance(v, S):
        items = [f"{k}: {ron(x, level + 1, len(k) + 2, width)}" for k, x in v.items() if x is not None]
        return "(\n" + "".join(f"{pad1}{i},\n" for i in items) + pad + ")"
    if isinstance(v, list):
        items = [ron(x, level + 1, 0, width) for x in v]
        return "[\n" + "".join(f"{pad1}{i},\n" for i in items) + pad + "]"
    if isinstance(v, V):
        if v.fields:
            return v.name + ron(S(v.fields), level, prefix + len(v.name), width)
        if len(v.args) == 1:
            return v.name + "(" + ron(v.args[0], level, prefix + len(v.name) + 1, width) + ")"
    return flat


def _ron_flat(v):
    s = _scalar(v)
    if s is not None:
        return s
    if isinstance(v, S):
        return "(" + ", ".join(f"{k}: {_ron_flat(x)}" for k, x in v.items() if x is not None) + ")"
    if isinstance(v, dict):
        raise TypeError("use S() for structs")
    if isinstance(v, list):
        return "[" + ", ".join(_ron_flat(x) for x in v) + "]"
    if isinstance(v, tuple):
        return "(" + ", ".join(_ron_flat(x) for x in v) + ")"
    if isinstance(v, V):
        if v.fields:
            return v.name + "(" + ", ".join(f"{k}: {_ron_flat(x)}" for k, x in v.fields.items() if x is not None) + ")"
        if v.args:
            return v.name + "(" + ", ".join(_ron_flat(x) for x in v.args) + ")"
        return v.name
    raise TypeError(f"cannot write {v!r}")


def write_ron(path, header, value, name=None):
    """Write a RON file: `// header` lines, then the value (optionally named, `Scenario(...)`)."""
    text = "".join(f"// {line}\n" if line else "//\n" for line in header.strip("\n").split("\n"))
    body = ron(value, 0, len(name or ""))
    if name:
        body = name + body
    path.write_text(text + body + "\n", encoding="utf-8")


def write_asc(path, grid, width, height, cell_m, origin, fmt):
    lines = [f"ncols {width}", f"nrows {height}", f"xllcorner {origin[0]:.0f}",
             f"yllcorner {origin[1]:.0f}", f"cellsize {cell_m:g}", "NODATA_value -9999"]
    for r in range(height):
        lines.append(" ".join(fmt % grid[r * width + c] for c in range(width)))
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
class Waves:
    """Smooth deterministic noise: a sum of random plane waves, roughly in -1..1."""

    def __init__(self, rng, n, k_lo, k_hi):
        self.w = []
        for _ in range(n):
            k = rng.uniform(k_lo, k_hi)
            a = rng.uniform(0.0, math.tau)
            self.w.append((k * math.cos(a), k * math.sin(a), rng.uniform(0.0, math.tau)))
        self.norm = 1.0 / math.sqrt(n / 2.0)

    def __call__(self, c, r):
        return self.norm * sum(math.sin(fx * c + fy * r + ph) for fx, fy, ph in self.w)


def line_cells(a, b):
    """Cells of a straight segment a -> b (Bresenham, inclusive)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err, out = dx + dy, []
    while True:
        out.append((x0, y0))
        if (x0, y0) == (x1, y1):
            return out
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x0 += sx
        if e2 <= dx:
            err += dx
            y0 += sy


def node(i, cell):
    return S(id=i, cell=cell)


def edge(a, b, cls=None, bridge=None, speed=None):
    return S(**{"from": a}, to=b, **{"class": V(cls) if cls else None},
             speed_km_h=speed, bridge=True if bridge else None)


def place(i, name, kind, cell, pop=None, bld=None, cap=None, road=None, gauge=None):
    return S(id=i, name=name, kind=V(kind), cell=cell, population=pop, buildings=bld,
             capacity=cap, road_node=road, gauge=gauge)


def post(i, name, level, parent=None, place_=None, resp=None, covers=None):
    return S(id=i, name=name, level=V(level), parent=parent, place=place_,
             responsible=resp, covers=covers)


def unit(i, name, kind, cmd, home, crew, **kw):
    d = S(id=i, name=name, kind=V(kind), commander=cmd, home=home, crew=crew)
    for k, v in kw.items():
        d[k] = v
    return d


def link(a, b, ch, lat, one_way=None):
    return S(**{"from": a}, to=b, channel=V(ch), latency=lat, one_way=one_way)


def inject(i, t, frm, to, ch, text, exp, text_zh=None, exp_zh=None):
    """An inject; `text_zh` / `exp_zh` are the optional Chinese text and expected action."""
    return S(id=i, time=t, **{"from": frm}, to=to, channel=V(ch), text=text, text_zh=text_zh,
             expected_action=exp, expected_action_zh=exp_zh)


def order(at, seat, o):
    return S(at=at, seat=seat, order=o)


def dispatch(u, to, task):
    return V("Dispatch", unit=u, to=to, task=V(task))


def msg(to, text):
    return V("Message", to=to, text=text)


def ack(item):
    return V("Acknowledge", item=item)


def warn(places, level, ch):
    return V("Warn", places=places, level=V(level), channel=V(ch))


def objective(i, title, cap, target, tasks=None, points=None, tasks_zh=None):
    """An objective; `tasks_zh` are the critical tasks in Chinese (optional)."""
    return S(id=i, title=title, capability=cap, critical_tasks=tasks, critical_tasks_zh=tasks_zh,
             points=points, target=target)


def rule(i, seat, when, then):
    return S(id=i, seat=seat, when=when, then=then)


def delay(seat, a, b, c):
    return S(seat=seat, min=a, mode=b, max=c)


def as_clock(d):
    """A duration written "2h30m" as the exercise clock reads it: "02:30"."""
    import re
    m = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?", d)
    return "%02d:%02d" % (int(m.group(1) or 0), int(m.group(2) or 0))


def hhmm(s):
    return "%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60)


def scenario(meta, grid, layers, roads, places, org, weather, hazards, injects, objectives, plan):
    return S(meta=meta, map=S(grid=grid, layers=layers, roads=roads, places=places),
             organisation=org, weather=weather, hazards=hazards, injects=injects,
             objectives=objectives, plan=plan)


# ---------------------------------------------------------------------------
# 1. Flood: the Qinghe and the Shahe meet in a plain-city development zone
# ---------------------------------------------------------------------------
def flood():
    W, H, CELL = 250, 200, 20.0
    ORIGIN = (500000.0, 3500000.0)
    rng = random.Random(20260721)
    noise = Waves(rng, 10, 0.02, 0.09)
    MAIN_HALF, TRIB_HALF = 2, 1          # main channel 5 cells (100 m), tributary 3 cells (60 m)

    def rc(c):                           # main river centreline row (west -> east)
        return 100.0 + 5.0 * math.sin(math.tau * c / 170.0 + 0.6)

    def ct(r):                           # tributary centreline column (north -> south)
        return 120.0 + 4.0 * math.sin(math.tau * r / 110.0)

    R_CONF = rc(120)

    def plain0(c):                       # plain level at the river bank, falls 2 m downstream
        return 13.0 - 2.0 * c / (W - 1)

    def bed_main(c):                     # channel bed 4 m below the bank
        return plain0(c) - 4.0

    def bed_trib(r):                     # tributary bed: joins the main bed, 1.2 m higher upstream
        return bed_main(120) + 1.2 * max(0.0, (R_CONF - r) / R_CONF)

    DONGWAN, HEDONG = (176, 116), (222, 152)
    elev, cover = [0.0] * (W * H), [93] * (W * H)
    chan = [0] * (W * H)                 # 1 main channel, 2 tributary, 3 levee
    for r in range(H):
        for c in range(W):
            i = r * W + c
            dm = r - rc(c)
            in_trib_reach = r < rc(ct(r)) - MAIN_HALF + 0.5
            dt = c - ct(r) if in_trib_reach else 99.0
            z = plain0(c) + 0.22 * noise(c, r)
            if dm < 0:
                z += min(0.6, 0.006 * -dm)                 # north plain rises gently
            else:
                z -= 0.004 * dm + 0.002 * max(0, c - 150)  # south floodplain falls away south-east
            for (c0, r0), depth, rad in ((DONGWAN, 0.9, 15.0), (HEDONG, 0.4, 14.0)):
                d = math.hypot(c - c0, r - r0)             # old meander hollows
                if d < rad:
                    z -= depth * (1 - (d / rad) ** 2)
            lc = 93
            if abs(dm) <= MAIN_HALF + 0.5:
                z, lc, chan[i] = bed_main(c) + 0.05 * noise(c * 3, r * 3), 98, 1
            elif abs(dt) <= TRIB_HALF + 0.5:
                z, lc, chan[i] = bed_trib(r) + 0.05 * noise(c * 3, r * 3), 98, 2
            elif abs(dm) <= MAIN_HALF + 2.5 or (abs(dt) <= TRIB_HALF + 2.5 and r < R_CONF):
                z, lc, chan[i] = plain0(c) + 2.6, 1, 3     # levee crest, grassed
            elev[i], cover[i] = z, lc

    # villages are built up; the plain is farmland; grass on the levees
    villages = {
        "xiwan": (40, 136), "dongwan": DONGWAN, "nanzhuang": (128, 170), "hedong": HEDONG,
        "beiqiao": (88, 62), "shahe": (160, 42),
    }
    for (c0, r0) in list(villages.values()) + [(202, 18), (30, 18), (60, 30)]:
        for r in range(r0 - 4, r0 + 5):
            for c in range(c0 - 4, c0 + 5):
                if 0 <= r < H and 0 <= c < W and cover[r * W + c] == 93 and math.hypot(c - c0, r - r0) <= 4.6:
                    cover[r * W + c] = 91

    # channel cells per column / row
    def main_rows(c):
        return [r for r in range(H) if chan[r * W + c] == 1]

    def trib_cols(r):
        return [c for c in range(W) if chan[r * W + c] == 2]

    inflow_main = [(0, r) for r in main_rows(0)]
    inflow_trib = [(c, 0) for c in trib_cols(0)]
    outflow = [(W - 1, r) for r in main_rows(W - 1)]
    # field drains leave the floodplain at the south and east edges (pluvial runoff)
    drains = [(c, H - 1) for c in range(0, W, 2)] + [(W - 1, r) for r in range(int(rc(W - 1)) + 8, H - 1, 2)]
    # initial water: 1.6 m deep base flow, in 10-cell reaches
    pools = []
    for c0 in range(0, W, 10):
        rows = [r for c in range(c0, min(W, c0 + 10)) for r in main_rows(c)]
        lvl = bed_main(c0 + 5) + 1.6
        pools.append(S(**{"from": (c0, min(rows))}, to=(min(W, c0 + 10) - 1, max(rows)), level_m=round(lvl, 2)))
    for r0 in range(0, int(R_CONF) - MAIN_HALF - 1, 10):
        r1 = min(int(R_CONF) - MAIN_HALF - 2, r0 + 9)
        cols = [c for r in range(r0, r1 + 1) for c in trib_cols(r)]
        lvl = bed_trib((r0 + r1) / 2) + 1.3
        pools.append(S(**{"from": (min(cols), r0)}, to=(max(cols), r1), level_m=round(lvl, 2)))

    # breach: 8 columns of the south levee right north of Dongwan
    bc = DONGWAN[0]
    breach = [(c, r) for c in range(bc - 4, bc + 4) for r in range(H) if chan[r * W + c] == 3 and r > rc(c)]
    breach_bed = round(plain0(bc) - 0.6, 2)

    gauge_c = 150
    gauge_cell = (gauge_c, int(round(rc(gauge_c))))

    write_asc(ROOT / "flood" / "riverside_dem.asc", elev, W, H, CELL, ORIGIN, "%.2f")
    write_asc(ROOT / "flood" / "riverside_landcover.asc", cover, W, H, CELL, ORIGIN, "%d")

    def south(c, off):
        return (c, int(round(rc(c))) + MAIN_HALF + off)

    def north(c, off):
        return (c, int(round(rc(c))) - MAIN_HALF - off)

    nodes = [
        node("hq", (30, 18)), node("depot", (60, 30)), node("j_trib_w", (114, 22)),
        node("j_trib_e", (127, 22)), node("j_north", (150, 22)), node("shelter", (202, 18)),
        node("j_east", (238, 22)), node("v_shahe", (160, 42)), node("v_beiqiao", (88, 62)),
        node("bridge_n", north(150, 4)), node("bridge_s", south(150, 4)),
        node("j_levee", south(176, 5)), node("v_dong", DONGWAN), node("j_south", (150, 168)),
        node("v_nanzhuang", (128, 170)), node("school", (133, 176)), node("j_sw", (80, 150)),
        node("v_xiwan", (40, 136)), node("v_hedong", HEDONG), node("bridge_e_n", north(238, 4)),
        node("bridge_e_s", south(238, 4)),
    ]
    edges = [
        edge("hq", "depot", "Primary"), edge("depot", "j_trib_w", "Primary"),
        edge("j_trib_w", "j_trib_e", "Primary", bridge=True), edge("j_trib_e", "j_north", "Primary"),
        edge("j_north", "shelter", "Primary"), edge("shelter", "j_east", "Primary"),
        edge("j_trib_e", "v_shahe", "Secondary"), edge("j_trib_w", "v_beiqiao", "Secondary"),
        edge("j_north", "bridge_n", "Secondary"),
        edge("bridge_n", "bridge_s", "Secondary", bridge=True, speed=30.0),
        edge("bridge_s", "j_levee", "Path"), edge("j_levee", "v_dong", "Track"),
        edge("bridge_s", "v_dong", "Track"), edge("bridge_s", "j_south", "Secondary"),
        edge("j_south", "v_nanzhuang", "Secondary"), edge("v_nanzhuang", "school", "Track"),
        edge("v_nanzhuang", "j_sw", "Track"), edge("j_sw", "v_xiwan", "Track"),
        edge("j_south", "v_hedong", "Track"), edge("v_dong", "v_hedong", "Track"),
        edge("j_east", "bridge_e_n", "Secondary"),
        edge("bridge_e_n", "bridge_e_s", "Secondary", bridge=True, speed=30.0),
        edge("bridge_e_s", "v_hedong", "Track"),
    ]
    g_warn, g_danger = FLOOD_GAUGE
    places = [
        place("hq_building", "区防汛抗旱指挥部 District flood-control HQ", "CommandPost", (30, 18), road="hq"),
        place("depot_a", "防汛物资仓库 Flood-control depot", "Depot", (60, 30), road="depot"),
        place("shelter_school", "第二中学避险安置点 No. 2 Middle School shelter", "Shelter", (202, 18), cap=2500, road="shelter"),
        place("xiwan", "西湾村 Xiwan village", "Village", villages["xiwan"], 640, 180, road="v_xiwan"),
        place("dongwan", "东湾村 Dongwan village", "Village", DONGWAN, 820, 230, road="v_dong"),
        place("nanzhuang", "南庄村 Nanzhuang village", "Village", villages["nanzhuang"], 510, 150, road="v_nanzhuang"),
        place("hedong", "河东村 Hedong village", "Village", HEDONG, 430, 120, road="v_hedong"),
        place("beiqiao", "北桥村 Beiqiao village", "Village", villages["beiqiao"], 390, 110, road="v_beiqiao"),
        place("shahe", "沙河村 Shahe village", "Village", villages["shahe"], 560, 160, road="v_shahe"),
        place("school_s", "南庄小学 Nanzhuang primary school", "School", (133, 176), 320, 4, road="school"),
        place("levee_pump", "东湾排涝站 Dongwan levee pump house", "Landmark", south(176, 4), road="j_levee"),
        place("gauge_qh", "清河大桥水位站 Qinghe bridge gauge", "RiverGauge", gauge_cell, road="bridge_n",
              gauge=S(warning_m=g_warn, danger_m=g_danger)),
    ]
    nodes_org = [
        post("district_hq", "区防汛抗旱指挥部 District flood-control HQ", "District", place_="hq_building", resp="Duty director Wang 王主任"),
        post("town_n", "北桥镇 Beiqiao township", "Township", "district_hq", resp="Township head Sun 孙镇长", covers=["beiqiao", "shahe"]),
        post("town_s", "南庄镇 Nanzhuang township", "Township", "district_hq", resp="Township head Zhou 周镇长", covers=["nanzhuang", "school_s"]),
        post("v_xiwan", "西湾村委会 Xiwan village committee", "Village", "town_s", resp="Village head Li 李村长", covers=["xiwan"]),
        post("v_dongwan", "东湾村委会 Dongwan village committee", "Village", "town_s", resp="Village head Zhao 赵村长", covers=["dongwan"]),
        post("v_hedong", "河东村委会 Hedong village committee", "Village", "town_s", resp="Grid member Chen 陈网格员", covers=["hedong"]),
    ]
    units = [
        unit("boat_1", "Rescue boat team 1 冲锋舟一队", "RescueBoatTeam", "district_hq", "depot_a", 6),
        unit("boat_2", "Rescue boat team 2 冲锋舟二队", "RescueBoatTeam", "town_s", "depot_a", 6),
        unit("eng_1", "Engineering team (sandbags) 抢险队", "EngineeringTeam", "district_hq", "depot_a", 12),
        unit("pump_1", "Mobile pump team 移动泵车", "EngineeringTeam", "town_s", "depot_a", 5),
        unit("police_1", "Police patrol 1 交警", "Police", "district_hq", "hq_building", 2),
        unit("police_2", "Police patrol 2 (Nanzhuang station) 南庄派出所巡逻车", "Police", "town_s", "nanzhuang", 2),
        unit("amb_1", "Ambulance 120 120急救车", "Ambulance", "district_hq", "hq_building", 3),
        unit("bus_1", "Evacuation bus 转移大巴", "Transport", "town_s", "shelter_school", 1),
        unit("boat_aid", "Neighbouring county boat team 邻县冲锋舟", "RescueBoatTeam", "district_hq", "depot_a", 6, mutual_aid="1h30m"),
    ]
    links = [
        link("district_hq", "town_n", "Phone", "1m"),
        link("district_hq", "town_s", "Phone", "2m"),
        link("district_hq", "town_s", "Radio", "4m"),
        link("town_s", "v_xiwan", "Phone", "3m"),
        link("town_s", "v_dongwan", "Phone", "3m"),
        link("town_s", "v_hedong", "Messenger", "12m"),
        link("v_dongwan", "v_hedong", "Radio", "2m"),
    ]
    hazards = [V("Flood", S(
        inflows=[
            S(name="Qinghe upstream 清河上游", cells=inflow_main,
              hydrograph=[("0s", 95.0), ("1h", 140.0), ("2h", 300.0), ("3h30m", 420.0), ("6h", 200.0)]),
            S(name="Shahe upstream 沙河上游", cells=inflow_trib,
              hydrograph=[("0s", 30.0), ("1h", 60.0), ("2h", 160.0), ("3h", 200.0), ("6h", 90.0)]),
        ],
        rain_mm_h=[("0s", 5.0), ("1h", 20.0), ("3h", 20.0), ("4h", 5.0), ("5h", 0.0)],
        initial_water=pools,
        breaches=[S(name="Dongwan levee, by the pump house 东湾堤段管涌溃口", at="2h30m", cells=breach, bed_m=breach_bed)],
        outflow_cells=outflow + drains,
    ))]
    injects = [
        inject("I01", "00:00:00", "Meteorological bureau 气象局", "district_hq", "Phone",
               "Red rainstorm warning 暴雨红色预警: 80–120 mm in the next 6 hours over the Qinghe and Shahe basins.",
               "Raise response to level III; warn the townships and the villages south of the river (叫应 to village heads).",
               text_zh="暴雨红色预警：预计未来 6 小时清河、沙河流域降雨量 80–120 mm。",
               exp_zh="启动Ⅲ级应急响应；向各镇和清河南岸各村发布预警（叫应到村负责人）。"),
        inject("I02", "00:20:00", "Qinghe gauge keeper 水位站", "town_s", "Phone",
               "Qinghe at the bridge gauge rising about 0.3 m per hour; Shahe turbid and rising fast.",
               "Report to district HQ; pre-position boats south of the river.",
               text_zh="清河大桥水位站水位每小时上涨约 0.3 m；沙河河水浑浊，水位快速上涨。",
               exp_zh="向区防汛抗旱指挥部报告；在清河南岸前置冲锋舟。"),
        inject("I03", "01:00:00", "Dongwan villager 东湾村民", "v_dongwan", "Phone",
               "Seepage at the foot of the Dongwan levee near the pump house.",
               "Report up; send the engineering team with sandbags to Dongwan.",
               text_zh="东湾排涝站附近东湾堤段堤脚出现渗水。",
               exp_zh="向上级报告；派抢险队携带沙袋赶赴东湾村。"),
        inject("I04", "01:30:00", "Hydrology bureau 水文局", "district_hq", "Phone",
               "Flood peaks of about 420 m³/s (Qinghe) and 200 m³/s (Shahe) expected at the district boundary between 03:00 and 03:30.",
               "Order evacuation of Dongwan and Hedong; request mutual-aid boats.",
               text_zh="预计清河约 420 m³/s、沙河约 200 m³/s 的洪峰将于 03:00 至 03:30 间抵达区界。",
               exp_zh="下令转移东湾村、河东村群众；请求邻县冲锋舟支援。"),
        inject("I05", "01:45:00", "Shahe village head 沙河村", "town_n", "Phone",
               "Shahe water 1 m below the levee crest at the village; fields flooded by rain.",
               "Report to district HQ; warn Shahe and Beiqiao households.",
               text_zh="沙河村段沙河水位距堤顶仅 1 m；农田因降雨受淹。",
               exp_zh="向区防汛抗旱指挥部报告；向沙河村、北桥村住户发布预警。"),
        inject("I06", "02:00:00", "Hedong grid member 河东网格员", "v_hedong", "Messenger",
               "Elderly and disabled residents in Hedong refuse to leave without transport.",
               "Send the evacuation bus; report to the township.",
               text_zh="河东村部分老人和残疾人表示没有车辆接送就不撤离。",
               exp_zh="派转移大巴接送；向南庄镇报告。"),
        inject("I07", "02:10:00", "Power supply company 供电公司", "town_s", "Phone",
               "Dongwan drainage pump house lost power; the station cannot pump the village out.",
               "Send the mobile pump team; report to district HQ.",
               text_zh="东湾排涝站停电，无法为村内排涝。",
               exp_zh="派移动泵车赶赴现场；向区防汛抗旱指挥部报告。"),
        inject("I08", "02:20:00", "Levee patrol 巡堤队", "town_s", "Radio",
               "Sand boils behind the Dongwan levee; the crest is saturated over 100 m.",
               "Warn Dongwan Red; complete the evacuation; keep the engineers off the crest.",
               text_zh="东湾堤段背水侧出现管涌，堤顶 100 m 范围土体饱和。",
               exp_zh="向东湾村发布红色预警；完成群众转移；抢险队人员撤离堤顶，不得上堤作业。"),
        inject("I09", "02:35:00", "Levee patrol 巡堤队", "district_hq", "Radio",
               "The Dongwan levee has breached over 150 m; water is pouring onto the south floodplain.",
               "Raise to level II; boats to Dongwan and Hedong; close the floodplain roads.",
               text_zh="东湾堤段发生溃决，溃口长 150 m，洪水正涌入南岸洪泛区。",
               exp_zh="提升至Ⅱ级应急响应；冲锋舟赶赴东湾村、河东村；封闭洪泛区道路。"),
        inject("I10", "02:50:00", "Traffic police 交警", "district_hq", "Radio",
               "Cars still driving onto the Dongwan levee road to watch the breach.",
               "Close the roads from the south bridgehead to Dongwan (police cordon).",
               text_zh="仍有车辆驶上东湾堤顶道路围观溃口。",
               exp_zh="封闭清河大桥南桥头至东湾村的道路（交警设卡警戒）。"),
        inject("I11", "03:00:00", "Nanzhuang primary school 南庄小学", "town_s", "Phone",
               "320 pupils and staff kept at school after the storm; parents cannot get through.",
               "Evacuate the school by bus before the road floods, or shelter upstairs.",
               text_zh="暴雨过后 320 名师生滞留学校，家长无法前往接送。",
               exp_zh="在道路被淹前用大巴转移学校师生，或组织师生到楼上就地避险。"),
        inject("I12", "03:15:00", "Dongwan villager 东湾村民", "v_dongwan", "Phone",
               "Family of four on a roof at the east end of Dongwan; water at the eaves.",
               "Boat rescue to Dongwan; report to township.",
               text_zh="东湾村东头一家四口被困屋顶，水已淹至屋檐。",
               exp_zh="派冲锋舟赶赴东湾村救援；向南庄镇报告。"),
        inject("I13", "03:30:00", "Power supply company 供电公司", "district_hq", "Phone",
               "Power cut to the south floodplain substation; village loudspeakers 大喇叭 on battery.",
               "Use door-to-door warning and the gong; check village broadcast.",
               text_zh="南岸洪泛区变电站停电；村内大喇叭改用蓄电池供电。",
               exp_zh="逐户上门通知并鸣锣示警；检查村广播是否正常。"),
        inject("I14", "03:45:00", "Hospital 区人民医院", "district_hq", "Phone",
               "Two hypothermia casualties brought from Dongwan by boat need an ambulance at the bridge.",
               "Send the ambulance to Dongwan / the bridge.",
               text_zh="冲锋舟从东湾村救出两名失温伤员，需救护车到桥头接应。",
               exp_zh="派救护车前往东湾村/桥头。"),
        inject("I15", "04:30:00", "Shelter manager 安置点", "town_n", "Phone",
               "No. 2 Middle School shelter at 1 600 people; water and blankets running short.",
               "Report needs to district HQ; request supplies.",
               text_zh="第二中学避险安置点已安置 1 600 人，饮用水和棉被短缺。",
               exp_zh="向区防汛抗旱指挥部报告物资需求；申请调拨物资。"),
        inject("I16", "05:00:00", "Media 记者", "district_hq", "Phone",
               "A reporter asks for casualty figures and whether the Qinghe bridge is safe.",
               "Give a press line through the information officer; do not speculate.",
               text_zh="记者询问伤亡人数以及清河大桥是否安全。",
               exp_zh="由新闻发言人统一口径对外回应；不作猜测。"),
    ]
    objectives = [
        objective("O1", "Warn the villages south of the river before the water arrives",
                  "Public Information and Warning",
                  V("WarningLead", places=["dongwan", "hedong", "nanzhuang"], lead="30m"),
                  ["District HQ issues the warning", "Village heads acknowledge and warn households"],
                  tasks_zh=["区防汛抗旱指挥部发布预警", "村负责人确认收到并向住户发布预警"]),
        objective("O2", "Village posts acknowledge warnings within 10 minutes", "Operational Communications",
                  V("AcknowledgeWithin", within="10m", seats=["v_dongwan", "v_hedong", "v_xiwan"])),
        objective("O3", "Dongwan evacuated before the water arrives", "Mass Care Services",
                  V("EvacuatedBeforeArrival", places=["dongwan"])),
        objective("O4", "Response level III within 20 minutes of the red rainstorm warning", "Operational Coordination",
                  V("ResponseLevelWithin", level=V("III"), within="20m", after="I01")),
        objective("O5", "Engineers at the Dongwan levee within 45 minutes of the seepage report", "Infrastructure Systems",
                  V("FirstOnScene", place="dongwan", within="45m", after="I03")),
        objective("O6", "At most 100 people in the water", "Mass Search and Rescue Operations",
                  V("PeopleExposedAtMost", max=100)),
    ]
    plan = S(
        delays=[delay("district_hq", "2m", "5m", "15m"), delay("town_s", "2m", "6m", "20m"),
                delay("town_n", "1m", "4m", "12m"),
                delay("v_dongwan", "1m", "4m", "15m"), delay("v_hedong", "2m", "8m", "25m"),
                delay("v_xiwan", "1m", "4m", "15m")],
        rules=[
            rule("R1", "district_hq", V("InjectReceived", "I01"), [
                V("SetLevel", level=V("III")),
                warn(["dongwan", "hedong", "xiwan", "nanzhuang", "school_s", "beiqiao", "shahe"], "Yellow", "Phone")]),
            rule("R2", "district_hq", V("GaugeAbove", gauge="gauge_qh", level=V("Warning")), [
                warn(["dongwan", "hedong"], "Orange", "Phone"),
                dispatch("eng_1", "dongwan", "Sandbag")]),
            rule("R3", "district_hq", V("GaugeAbove", gauge="gauge_qh", level=V("Danger")), [
                V("SetLevel", level=V("II")),
                V("Evacuate", place="dongwan", to="shelter_school"),
                dispatch("boat_1", "dongwan", "Rescue")]),
            rule("R4", "town_s", V("HazardWithin", place="hedong", distance_m=600.0), [
                V("Evacuate", place="hedong", to="shelter_school"),
                dispatch("boat_2", "hedong", "Rescue")]),
        ],
    )
    sc = scenario(
        S(name="Riverside flood 清河沙河汛情", description=(
            "A summer rainstorm raises the Qinghe and its tributary the Shahe above their confluence; "
            "the south levee at Dongwan breaches at 02:30. Trains call-and-respond warnings down to the "
            "village heads, warning lead time, evacuation before the water arrives, raising the response "
            "level, sandbagging and boat rescue."),
          description_zh=(
            "夏季暴雨致清河及其支流沙河交汇口以上河段水位上涨；东湾村段南岸堤防于 02:30 发生溃口。"
            "演练科目：将预警逐级叫应到村负责人、预警提前量、洪水到达前转移群众、提升应急响应级别、沙袋封堵和冲锋舟救援。"),
          hazard_kinds=[V("Flood")], start="2026-07-21T14:00", duration="6h", tick="10s", seed=42),
        S(width=W, height=H, cell_m=CELL, origin=ORIGIN),
        S(elevation=V("Asc", "riverside_dem.asc"), land_cover=V("Asc", "riverside_landcover.asc")),
        V("Inline", S(nodes=nodes, edges=edges)), places,
        S(nodes=nodes_org, units=units, links=links),
        S(wind_m_s=6.0, wind_from_deg=135.0, cloud_octas=8), hazards, injects, objectives, plan)
    header = f"""
Riverside: a summer rainstorm on the Qinghe (清河) and the Shahe (沙河).
Fictional plain-city development zone. Grid {W} x {H} cells of {CELL:g} m ({W * CELL / 1000:g} km x {H * CELL / 1000:g} km);
row 0 is the north edge. The Qinghe meanders west to east around row 100 in a 100-m channel 4 m
below the plain, its bed falling 2 m over the map; the Shahe comes in from the north edge at
column ~120 and joins it at row ~{R_CONF:.0f}. Levees 2.6 m above the plain line both rivers. The south
floodplain lies lower, Dongwan and Hedong in old meander hollows behind the south levee.
Terrain, land cover and this file: tools/gen_scenarios.py (do not edit by hand; regenerate).
Trains: call-and-respond warnings (叫应) down to the village heads, warning lead time,
evacuation before the water arrives, raising the response level, sandbagging the breach,
boat rescue and road closures.
Seats to staff: district_hq (duty director), town_s and town_n (township heads), v_xiwan,
v_dongwan, v_hedong (village heads); the plan plays any seat nobody holds.
"""
    write_ron(ROOT / "flood" / "riverside.ron", header, sc, "Scenario")

    prompt = [
        order("00:03:00", "district_hq", V("SetLevel", level=V("III"))),
        order("00:04:00", "district_hq", warn(["dongwan", "hedong", "xiwan", "nanzhuang", "school_s"], "Orange", "Phone")),
        order("00:05:00", "district_hq", dispatch("boat_1", "dongwan", "Rescue")),
        order("00:06:00", "district_hq", dispatch("eng_1", "dongwan", "Sandbag")),
        order("00:09:00", "town_s", ack("all")),
        order("00:10:00", "v_dongwan", ack("warning")),
        order("00:12:00", "v_hedong", ack("warning")),
        order("00:21:00", "town_s", ack("I02")),
        order("00:22:00", "town_s", msg("district_hq", "Qinghe rising 0.3 m/h at the bridge; boat team 2 going to Hedong, pump team standing by.")),
        order("00:25:00", "town_s", dispatch("boat_2", "hedong", "Rescue")),
        order("01:02:00", "v_dongwan", ack("I03")),
        order("01:03:00", "v_dongwan", msg("town_s", "Seepage at the Dongwan levee foot by the pump house; engineers already on the levee.")),
        order("00:35:00", "district_hq", V("Evacuate", place="dongwan", to="shelter_school")),
        order("01:06:00", "town_s", V("Evacuate", place="hedong", to="shelter_school")),
        order("00:42:00", "v_dongwan", ack("evacuate")),
        order("01:14:00", "v_hedong", ack("evacuate")),
        order("01:15:00", "town_s", dispatch("bus_1", "hedong", "Transport")),
        order("01:16:00", "town_s", dispatch("pump_1", "dongwan", "Pump")),
        order("01:35:00", "district_hq", V("RequestMutualAid", units=["boat_aid"])),
        order("02:03:00", "v_hedong", ack("I06")),
        order("02:12:00", "town_s", ack("I07")),
        order("02:22:00", "town_s", ack("I08")),
        order("02:23:00", "district_hq", V("SetLevel", level=V("II"))),
        order("02:40:00", "district_hq", dispatch("police_1", "dongwan", "Cordon")),
        order("02:41:00", "district_hq", V("CloseRoad", a="bridge_s", b="j_levee")),
        order("03:02:00", "town_s", ack("I11")),
        order("03:03:00", "town_s", V("Evacuate", place="school_s", to="shelter_school")),
        order("03:04:00", "town_s", ack("evacuate")),
        order("03:05:00", "town_s", dispatch("police_2", "school_s", "Cordon")),
        order("03:17:00", "v_dongwan", ack("I12")),
        order("03:18:00", "v_dongwan", msg("town_s", "Family of four on a roof at the east end of Dongwan; boat team 1 is on it.")),
        order("03:47:00", "district_hq", dispatch("amb_1", "shelter_school", "TreatCasualties")),
    ]
    slow = [
        order("00:40:00", "district_hq", V("SetLevel", level=V("IV"))),
        order("01:40:00", "district_hq", V("SetLevel", level=V("III"))),
        order("01:45:00", "district_hq", dispatch("boat_1", "beiqiao", "Rescue")),
        order("02:10:00", "district_hq", dispatch("eng_1", "dongwan", "Sandbag")),
        order("02:30:00", "district_hq", warn(["dongwan", "hedong"], "Orange", "Phone")),
        order("02:58:00", "v_dongwan", ack("warning")),
        order("03:10:00", "v_hedong", ack("warning")),
        order("03:15:00", "district_hq", V("Evacuate", place="dongwan", to="shelter_school")),
        order("03:40:00", "v_dongwan", ack("evacuate")),
        order("03:45:00", "district_hq", dispatch("boat_1", "dongwan", "Rescue")),
    ]
    write_ron(ROOT / "flood" / "orders_prompt.ron", """
Riverside, a prompt team: level III at once, Orange warning to every village south of the
river on the red rainstorm warning, engineers and a boat at Dongwan in the first 10 minutes,
Dongwan and Hedong evacuated from 01:04 (well before the 02:30 breach), pump team to the
dead pump house, police cordon on the levee road, the school evacuated.
Seats held: district_hq, town_s, v_dongwan, v_hedong.
""", prompt)
    write_ron(ROOT / "flood" / "orders_slow.ron", """
Riverside, a slow team: the same seats, late on every decision and with a wrong first
choice (level IV, the first boat sent to Beiqiao on the high north bank). The warning goes
out only as the levee breaks, the village heads take their time, and Dongwan is ordered
out after the water is there. Seats held: district_hq, v_dongwan, v_hedong.
""", slow)

# ---------------------------------------------------------------------------
# 2. Forest fire: a power line across the western hills
# ---------------------------------------------------------------------------
def forest_fire():
    W, H, CELL = 240, 200, 25.0
    ORIGIN = (512000.0, 3506000.0)
    rng = random.Random(20260415)
    hills = Waves(rng, 12, 0.03, 0.10)
    fine = Waves(rng, 12, 0.15, 0.35)
    pick = Waves(rng, 10, 0.15, 0.45)

    # the hills rise to the north-west; the forest edge runs along c + r ~ 265
    def z_at(c, r):
        t = (265.0 - (c + r)) / 140.0                  # 0 at the forest edge, ~1.8 at the NW corner
        base = 175.0 + 110.0 * max(0.0, min(1.6, t)) + 20.0 * max(-1.0, min(0.0, t))
        ridges = (15.0 + 40.0 * max(0.0, min(1.0, t))) * hills(c, r)
        return base + ridges + 4.0 * fine(c, r)

    elev = [z_at(c, r) for r in range(H) for c in range(W)]
    cover = [93] * (W * H)
    for r in range(H):
        for c in range(W):
            i = r * W + c
            z = elev[i]
            # aspect from central differences (downslope direction), degrees from north
            zx = z_at(c + 1, r) - z_at(c - 1, r)
            zy = z_at(c, r - 1) - z_at(c, r + 1)          # northward gradient
            aspect = math.degrees(math.atan2(-zx, -zy)) % 360.0
            sunny = math.cos(math.radians(aspect - 200.0))  # +1 on SSW-facing slopes
            u = 0.5 + 0.35 * pick(c, r) + 0.3 * (rng.random() - 0.5)   # mosaic, 0..1
            e = c + r
            if e > 275:
                lc = 93 if u < 0.6 else 102                 # valley farmland, grassy field margins
            elif e > 258:
                lc = 102 if u < 0.35 else (122 if u < 0.7 else 142)   # forest edge: GR2, GS2, SH2
            elif sunny > 0.25:                              # dry sunny slopes: brush and grass
                lc = 145 if u < 0.4 else (104 if u < 0.65 else (147 if u < 0.85 else 122))
            elif sunny < -0.3:                              # shaded slopes: pine with shrub understorey, litter
                lc = 145 if u < 0.35 else (165 if u < 0.7 else (188 if u < 0.85 else 122))
            else:
                lc = 145 if u < 0.4 else (165 if u < 0.7 else (122 if u < 0.9 else 104))
            cover[i] = lc

    # the 220-kV power line crosses the hills NW -> SE, in a cleared corridor regrown with grass (GR2)
    PYLONS = [(8, 30), (56, 50), (110, 74), (150, 90), (190, 108), (232, 126)]
    for a, b in zip(PYLONS, PYLONS[1:]):
        for (c, r) in line_cells(a, b):
            for dr in (0, 1):
                if 0 <= r + dr < H and cover[(r + dr) * W + c] not in (93,):
                    cover[(r + dr) * W + c] = 102

    # villages at the forest edge (houses with yards and orchards), the school by Songling
    V_ = {"songling": (138, 134), "shanxia": (168, 104), "linjia": (84, 186), "dongpo": (200, 82),
          "hq_town": (214, 176)}
    for name, (c0, r0) in V_.items():
        for r in range(r0 - 4, r0 + 5):
            for c in range(c0 - 4, c0 + 5):
                if 0 <= r < H and 0 <= c < W and math.hypot(c - c0, r - r0) <= 4.3:
                    # blocks of houses (2 x 2 cells) between lanes and yards with grass and orchards
                    houses = c % 3 != 0 and r % 3 != 0
                    cover[r * W + c] = 91 if houses or name == "hq_town" else 102

    nodes = [
        node("hq", (214, 176)), node("station", (204, 166)), node("j_valley_e", (196, 150)),
        node("j_dongpo", (200, 92)), node("v_dongpo", (200, 82)), node("v_shanxia", (168, 104)),
        node("j_mid", (160, 124)), node("v_songling", (138, 134)), node("school", (143, 140)),
        node("j_sw", (104, 166)), node("v_linjia", (84, 186)), node("helipad", (226, 186)),
        node("f_gate", (156, 100)), node("f_pylon4", (150, 90)), node("f_pylon3", (110, 74)),
        node("f_ridge", (66, 96)), node("f_pylon2", (56, 50)), node("reservoir", (110, 110)),
    ]
    edges = [
        edge("hq", "station", "Primary"), edge("station", "j_valley_e", "Primary"),
        edge("hq", "helipad", "Secondary"),
        edge("j_valley_e", "j_mid", "Secondary"), edge("j_mid", "v_songling", "Secondary"),
        edge("v_songling", "school", "Track"), edge("v_songling", "j_sw", "Secondary"),
        edge("j_sw", "v_linjia", "Secondary"), edge("j_valley_e", "j_dongpo", "Secondary"),
        edge("j_dongpo", "v_dongpo", "Track"), edge("j_dongpo", "v_shanxia", "Track"),
        edge("v_shanxia", "j_mid", "Track"),
        edge("v_shanxia", "f_gate", "Path"), edge("f_gate", "f_pylon4", "Path"),
        edge("f_pylon4", "f_pylon3", "Path"), edge("f_pylon3", "f_pylon2", "Path"),
        edge("f_gate", "reservoir", "Path"), edge("reservoir", "f_ridge", "Path"),
        edge("f_ridge", "f_pylon3", "Path"), edge("reservoir", "v_songling", "Path"),
    ]
    nid = {n["id"]: n["cell"] for n in nodes}
    for e in edges:                                     # paved roads are non-burnable (forest tracks
        if e["class"].name not in ("Primary", "Secondary"):   # and paths stay in their fuel)
            continue
        for (c, r) in line_cells(nid[e["from"]], nid[e["to"]]):
            if any(math.hypot(c - c0, r - r0) <= 4.3 for (c0, r0) in V_.values()):
                continue                                # inside a village the lanes are part of its pattern
            cover[r * W + c] = 91
    # a small reservoir in the hills (water)
    for r in range(104, 117):
        for c in range(98, 110):
            if math.hypot((c - 103.5) / 6.0, (r - 110.0) / 5.5) <= 1.0:
                cover[r * W + c] = 98
                elev[r * W + c] = min(elev[r * W + c], 230.0)

    write_asc(ROOT / "forest_fire" / "hills_dem.asc", elev, W, H, CELL, ORIGIN, "%.1f")
    write_asc(ROOT / "forest_fire" / "hills_fuel.asc", cover, W, H, CELL, ORIGIN, "%d")

    # canopy layers (LANDFIRE's CC %, CH m, CBH m, CBD kg/m3), from their own random stream so
    # the terrain and fuels above do not change: pine stands over the timber understorey and
    # litter (TU5, TL8) inside the forest; brush (SH5, SH7), grass and fields have no trees.
    # Most stands have high crowns (base 6.5-9.5 m) and stay on the surface; on the ridge between the reservoir and Shanxia the crowns come down to 2-3 m
    # and are dense (0.17-0.21 kg/m3): the fire reaches it after the front brings NW 9 m/s at
    # 01:30, torches and crowns there, and its firebrands land ahead of it (docs/scenarios.md).
    crng = random.Random(20260416)
    stand = Waves(crng, 10, 0.04, 0.12)
    cc, ch, cbh, cbd = ([0.0] * (W * H) for _ in range(4))
    for r in range(H):
        for c in range(W):
            i = r * W + c
            lc, e = cover[i], c + r
            if e > 258 or lc not in (165, 188):
                continue
            v = 0.5 + 0.5 * max(-1.0, min(1.0, stand(c, r)))        # 0..1, smooth
            k = max(0.0, min(1.0, 1.6 * (1.0 - math.hypot(c - 150.0, r - 100.0) / 26.0)))   # ridge
            cc[i], ch[i] = 55.0 + 20.0 * v, 16.0 + 6.0 * v
            cbh[i] = (6.5 + 3.0 * v) * (1.0 - k) + (1.8 + 0.6 * v) * k
            cbd[i] = (0.08 + 0.06 * v) * (1.0 - k) + (0.17 + 0.04 * v) * k
    write_asc(ROOT / "forest_fire" / "hills_canopy_cover.asc", cc, W, H, CELL, ORIGIN, "%.0f")
    write_asc(ROOT / "forest_fire" / "hills_canopy_height.asc", ch, W, H, CELL, ORIGIN, "%.1f")
    write_asc(ROOT / "forest_fire" / "hills_canopy_base_height.asc", cbh, W, H, CELL, ORIGIN, "%.1f")
    write_asc(ROOT / "forest_fire" / "hills_canopy_bulk_density.asc", cbd, W, H, CELL, ORIGIN, "%.2f")
    FIRE_CELL = FIRE_IGNITION

    places = [
        place("hq_building", "区森林防灭火指挥部 District forest fire HQ", "CommandPost", (214, 176), road="hq"),
        place("fire_station", "森林消防大队 Forest firefighting brigade station", "FireStation", (204, 166), road="station"),
        place("helipad", "航空护林直升机临时起降点 Helipad", "Depot", (226, 186), road="helipad"),
        place("songling", "松岭村 Songling village", "Village", V_["songling"], 680, 190, road="v_songling"),
        place("shanxia", "山下村 Shanxia village", "Village", V_["shanxia"], 420, 120, road="v_shanxia"),
        place("linjia", "林家庄 Linjia village", "Village", V_["linjia"], 350, 95, road="v_linjia"),
        place("dongpo", "东坡村 Dongpo village", "Village", V_["dongpo"], 300, 85, road="v_dongpo"),
        place("school_sl", "松岭小学 Songling primary school", "School", (143, 140), 260, 3, road="school"),
        place("shelter_town", "镇中学避险安置点 Town middle school shelter", "Shelter", (210, 172), cap=2000, road="hq"),
        place("pylon_17", "220千伏线路17号塔 Pylon 17, 220-kV line", "Landmark", FIRE_CELL, road="f_pylon3"),
        place("pylon_19", "220千伏线路19号塔 Pylon 19", "Landmark", (150, 90), road="f_pylon4"),
        place("reservoir", "松岭水库 Songling reservoir", "Landmark", (110, 110), road="reservoir"),
    ]
    org = S(
        nodes=[
            post("district_hq", "区森林防灭火指挥部 District forest fire HQ", "District", place_="hq_building", resp="Deputy district head Liu 刘副区长"),
            post("fcp", "前线指挥部 Forward command post", "Field", "district_hq", resp="Brigade commander Ma 马大队长"),
            post("town", "松岭镇 Songling township", "Township", "district_hq", resp="Township head Gao 高镇长", covers=["linjia", "dongpo"]),
            post("v_songling", "松岭村委会 Songling village committee", "Village", "town", resp="Village head Wu 吴村长", covers=["songling", "school_sl"]),
            post("v_shanxia", "山下村委会 Shanxia village committee", "Village", "town", resp="Grid member Tang 唐网格员", covers=["shanxia"]),
        ],
        units=[
            unit("crew_1", "Forest fire crew 1 森林消防一中队", "ForestFireCrew", "fcp", "fire_station", 20),
            unit("crew_2", "Forest fire crew 2 森林消防二中队", "ForestFireCrew", "fcp", "fire_station", 20),
            unit("crew_3", "Township semi-professional crew 镇半专业扑火队", "ForestFireCrew", "town", "shelter_town", 15),
            unit("tanker_1", "Water tanker 1 水罐车", "WaterTanker", "fcp", "fire_station", 4),
            unit("tanker_2", "Water tanker 2 水罐车", "WaterTanker", "district_hq", "fire_station", 4),
            unit("heli_1", "Fire helicopter (bucket) 吊桶直升机", "AerialDrop", "district_hq", "helipad", 3),
            unit("police_1", "Police patrol 1 公安", "Police", "district_hq", "hq_building", 2),
            unit("police_2", "Police patrol 2 公安", "Police", "town", "shelter_town", 2),
            unit("amb_1", "Ambulance 120 120急救车", "Ambulance", "district_hq", "hq_building", 3),
            unit("bus_1", "Evacuation bus 转移大巴", "Transport", "town", "shelter_town", 1),
            unit("drone_1", "Recon drone 无人机", "Drone", "fcp", "fire_station", 2),
            unit("crew_aid", "City forest fire detachment 市森林消防支队", "ForestFireCrew", "district_hq", "fire_station", 30, mutual_aid="1h15m"),
        ],
        links=[
            link("district_hq", "fcp", "Radio", "1m"),
            link("district_hq", "town", "Phone", "2m"),
            link("town", "v_songling", "Phone", "3m"),
            link("town", "v_shanxia", "Phone", "4m"),
            link("fcp", "town", "Radio", "3m"),
        ],
    )
    hazards = [V("ForestFire", S(
        ignitions=[S(cell=FIRE_CELL, at="10m")],
        moisture_pct=S(one_h=4.0, ten_h=5.0, hundred_h=7.0, herb=40.0, woody=75.0),
        wind_adjustment=0.45,
        burnout="15m",
    ))]
    injects = [
        inject("I01", "00:00:00", "Meteorological bureau 气象局", "district_hq", "Phone",
               "High fire danger (level 4 森林火险橙色预警): relative humidity 18 %, SW wind 6–8 m/s, a cold front brings NW gusts this afternoon.",
               "Raise readiness; brief crews; remind townships of the no-burning order.",
               text_zh="森林火险等级高（4 级，森林火险橙色预警）：相对湿度 18 %，西南风 6–8 m/s，今天下午受冷锋影响将出现西北阵风。",
               exp_zh="提高战备等级；向扑火队伍通报情况；提醒各镇严格执行禁止野外用火规定。"),
        inject("I02", "00:12:00", "Power supply company 供电公司", "district_hq", "Phone",
               "Line trip on the 220-kV line near pylon 17; protection reclosed once and failed. Possible conductor fault in the hills.",
               "Send recon (drone) to pylon 17; ask the grid company to keep the line de-energised.",
               text_zh="220 kV 线路17号塔附近发生跳闸，保护重合闸一次未成功，山区段可能存在导线故障。",
               exp_zh="派无人机前往17号塔侦察；要求供电公司保持线路停电状态。"),
        inject("I03", "00:18:00", "Fire lookout tower 瞭望塔", "fcp", "Radio",
               "Smoke column rising near pylon 17, west of the reservoir; flame visible in brush.",
               "Dispatch crews to the fire; set up the forward command post; request the helicopter.",
               text_zh="松岭水库以西17号塔附近有烟柱升起，灌木丛中可见明火。",
               exp_zh="调派扑火队伍赶赴火场；开设前线指挥部；申请吊桶直升机支援。"),
        inject("I04", "00:25:00", "Songling villager 松岭村民", "v_songling", "Phone",
               "Smoke over the ridge west of the village; ash falling in the school yard.",
               "Report to the township; prepare the school for evacuation.",
               text_zh="村西山脊上空有烟，松岭小学操场有灰烬飘落。",
               exp_zh="向松岭镇报告；做好松岭小学转移准备。"),
        inject("I05", "00:40:00", "Crew 1 leader 森林消防一中队队长", "fcp", "Radio",
               "Fire about 10 ha, running NE upslope in brush; flame lengths 2–3 m; direct attack not possible at the head.",
               "Anchor and flank; fire line on the heel; aerial drops on the head.",
               text_zh="过火面积约 10 公顷，火势在灌木丛中向东北方向沿坡上行蔓延；火焰长度 2–3 m；火头处无法直接扑打。",
               exp_zh="选择依托点突破，沿两翼推进扑打；在火尾开设防火隔离带；对火头实施航空洒水。"),
        inject("I06", "01:00:00", "Meteorological bureau 气象局", "district_hq", "Phone",
               "Cold front passage expected around 15:30: wind veering to NW 8–10 m/s with gusts of 15 m/s.",
               "Anticipate the fire turning SE towards Songling and Shanxia; pre-position crews at the villages; warn villages.",
               text_zh="预计 15:30 前后冷锋过境：风向转为西北风，风速 8–10 m/s，阵风 15 m/s。",
               exp_zh="预判火势将转向东南，威胁松岭村和山下村；提前在村庄部署扑火队伍；向各村发布预警。"),
        inject("I07", "01:20:00", "Township 镇政府", "district_hq", "Phone",
               "Tourists and tea pickers reported on the reservoir path.",
               "Police to close the forest roads; sweep the reservoir path.",
               text_zh="有报告称松岭水库小路上有游客和采茶人员。",
               exp_zh="公安封闭林区道路；对水库小路进行清查劝离。"),
        inject("I08", "01:30:00", "Fire lookout tower 瞭望塔", "fcp", "Radio",
               "Wind has swung NW; the whole east flank is now a head fire running downslope to the SE.",
               "FireLine crews at Shanxia and Songling; evacuate the school and the exposed villages.",
               text_zh="风向已转为西北风；整条东翼火线已变为火头，正沿坡向东南方向下山蔓延。",
               exp_zh="扑火队伍在山下村和松岭村开设防火隔离带；转移松岭小学和受威胁村庄群众。"),
        inject("I09", "01:45:00", "Shanxia grid member 网格员", "v_shanxia", "Phone",
               "Elderly couple at the top of the village will not leave; smoke very thick.",
               "Evacuate with transport; report up.",
               text_zh="村子最高处一对老年夫妇不肯撤离；烟雾很浓。",
               exp_zh="派车辆转移；向上级报告。"),
        inject("I10", "02:00:00", "Songling primary school 松岭小学", "v_songling", "Phone",
               "260 pupils in class; buses from the town are 20 minutes away.",
               "Evacuate the school first; send the bus.",
               text_zh="260 名学生正在上课；从镇上调来的大巴还需 20 分钟才能到达。",
               exp_zh="优先转移学校师生；派出转移大巴。"),
        inject("I11", "02:15:00", "Crew 2 leader 森林消防二中队队长", "fcp", "Radio",
               "Spot fire across the forest road north of Shanxia.",
               "Tanker / helicopter to the spot fire; hold the line.",
               text_zh="山下村以北林区道路另一侧出现飞火。",
               exp_zh="派水罐车/吊桶直升机扑救飞火；守住防线。"),
        inject("I12", "02:30:00", "Power supply company 供电公司", "district_hq", "Phone",
               "Requesting access to pylons 17–19 to inspect the line; the 10-kV feeder to Songling is also threatened.",
               "Keep them out until the area is safe; coordinate through the FCP.",
               text_zh="请求进入17–19号塔区域巡视线路；通往松岭村的 10 kV 配电线路也受到威胁。",
               exp_zh="区域安全前不准进入；通过前线指挥部统一协调。"),
        inject("I13", "02:45:00", "Traffic police 交警", "district_hq", "Radio",
               "Onlookers' cars blocking the Songling road at the valley junction.",
               "Police cordon at the valley road; keep the fire-service route open.",
               text_zh="围观车辆堵塞了山谷路口通往松岭村的道路。",
               exp_zh="公安在山谷道路设卡警戒；保障消防救援通道畅通。"),
        inject("I14", "03:00:00", "Hospital 卫生院", "district_hq", "Phone",
               "Two crew members with smoke inhalation and a burn to the hand brought to the township clinic.",
               "Send the ambulance; rotate crews.",
               text_zh="两名扑火队员吸入烟雾、手部烧伤，已送至镇卫生院。",
               exp_zh="派救护车；扑火队伍轮换休整。"),
        inject("I15", "03:30:00", "Meteorological bureau 气象局", "district_hq", "Phone",
               "Wind easing to 4 m/s from the N by 18:00; humidity rising.",
               "Plan the night shift: mop-up, hold lines.",
               text_zh="至 18:00 风力减弱，转为北风 4 m/s；湿度回升。",
               exp_zh="部署夜间扑火：清理余火，守住防线。"),
        inject("I16", "04:00:00", "Media 记者", "district_hq", "Phone",
               "A reporter asks whether the power line started the fire and how many hectares have burnt.",
               "Press line through the information officer; cause under investigation.",
               text_zh="记者询问山火是否由输电线路引发，以及过火面积有多少公顷。",
               exp_zh="由新闻发言人统一口径回应；起火原因正在调查中。"),
    ]
    objectives = [
        objective("O1", "Keep the fire out of Songling and Shanxia", "Fire Management and Suppression",
                  V("FireKeptFrom", places=["songling", "shanxia", "school_sl"]),
                  ["Fire line around the threatened villages before the head arrives"],
                  tasks_zh=["在火头到达前在受威胁村庄周围开设防火隔离带"]),
        objective("O2", "Warn the forest-edge villages 30 minutes before the fire arrives", "Public Information and Warning",
                  V("WarningLead", places=["songling", "shanxia", "school_sl"], lead="30m")),
        objective("O3", "School evacuated before the fire arrives", "Mass Care Services",
                  V("EvacuatedBeforeArrival", places=["school_sl"])),
        objective("O4", "First crew at the fire within 40 minutes of the lookout report", "Fire Management and Suppression",
                  V("FirstOnScene", place="pylon_17", within="40m", after="I03")),
        objective("O5", "Village posts acknowledge warnings within 10 minutes", "Operational Communications",
                  V("AcknowledgeWithin", within="10m", seats=["v_songling", "v_shanxia"]), points=5.0),
    ]
    plan = S(
        delays=[delay("district_hq", "2m", "5m", "15m"), delay("fcp", "1m", "3m", "10m"),
                delay("town", "2m", "6m", "20m"), delay("v_songling", "1m", "5m", "15m"),
                delay("v_shanxia", "2m", "8m", "25m")],
        rules=[
            rule("R1", "fcp", V("InjectReceived", "I03"), [
                dispatch("crew_1", "pylon_17", "FireLine"), dispatch("tanker_1", "pylon_17", "Suppress")]),
            rule("R2", "district_hq", V("InjectReceived", "I02"), [
                V("SetLevel", level=V("III")), dispatch("heli_1", "pylon_17", "WaterDrop")]),
            rule("R3", "district_hq", V("HazardWithin", place="shanxia", distance_m=1500.0), [
                warn(["shanxia", "songling", "school_sl"], "Orange", "Phone"),
                dispatch("crew_2", "shanxia", "FireLine")]),
            rule("R4", "district_hq", V("HazardWithin", place="songling", distance_m=1000.0), [
                V("Evacuate", place="school_sl", to="shelter_town"),
                V("Evacuate", place="songling", to="shelter_town")]),
        ],
    )
    sc = scenario(
        S(name="Hills forest fire 松岭山火", description=(
            "A conductor fault on the 220-kV line starts a brush fire near pylon 17 on a dry, windy "
            "spring afternoon. The fire runs NE upslope; at 01:30 a cold front swings the wind to NW and "
            "the east flank becomes a head fire running SE towards Shanxia, Songling and its school at the "
            "forest edge. Trains dispatch of crews with the right tasks, structure protection by fire line, "
            "warning and evacuation at the forest edge, aerial support and road closures."),
          description_zh=(
            "春季一个干燥大风的午后，220 kV 线路导线故障引燃17号塔附近的灌木丛。"
            "火势向东北方向沿坡上行蔓延；"
            "01:30 冷锋过境，风向转为西北风，东翼火线变为火头，向东南方向林缘的山下村、松岭村和松岭小学蔓延。"
            "演练科目：按正确任务调派扑火队伍、开设防火隔离带保护村庄房屋、林缘村庄预警和转移、航空灭火支援以及道路封控。"),
          hazard_kinds=[V("ForestFire")], start="2026-04-15T14:00", duration="5h", tick="10s", seed=7),
        S(width=W, height=H, cell_m=CELL, origin=ORIGIN),
        S(elevation=V("Asc", "hills_dem.asc"), land_cover=V("Asc", "hills_fuel.asc"),
          canopy_cover_pct=V("Asc", "hills_canopy_cover.asc"),
          canopy_height_m=V("Asc", "hills_canopy_height.asc"),
          canopy_base_height_m=V("Asc", "hills_canopy_base_height.asc"),
          canopy_bulk_density_kg_m3=V("Asc", "hills_canopy_bulk_density.asc")),
        V("Inline", S(nodes=nodes, edges=edges)), places, org,
        S(wind_m_s=7.0, wind_from_deg=225.0, cloud_octas=1,
          changes=[S(at="1h30m", wind_m_s=9.0, wind_from_deg=315.0),
                   S(at="4h", wind_m_s=4.0, wind_from_deg=0.0)]),
        hazards, injects, objectives, plan)
    header = f"""
Hills: a power-line forest fire in the western hills (松岭).
Fictional district. Grid {W} x {H} cells of {CELL:g} m ({W * CELL / 1000:g} km x {H * CELL / 1000:g} km); row 0 is the north edge.
The hills rise 150-250 m to the north-west above a farmed valley; the forest edge runs SW-NE
along c + r ~ 265 and the villages Linjia, Songling (with its school), Shanxia and Dongpo lie
on it. Fuels (Scott & Burgan): SH2/SH5/SH7 brush and GR4 on sunny slopes, TL3/TL6/TL8 litter
and TU2/TU5 timber understorey on shaded slopes, GR2/GS2/SH2 at the forest edge; roads and
houses 91, fields 93, the reservoir 98, the cleared power-line corridor GR2.
A 220-kV line fault ignites grass under pylon 17 at 00:10; dry (1-h fuel 4 %) SW wind
7 m/s; at 01:30 a front veers the wind to NW 9 m/s (the fire turns SE onto the villages);
at 04:00 it eases to N 4 m/s.
Terrain, fuels and this file: tools/gen_scenarios.py (do not edit by hand; regenerate).
Trains: dispatching crews with the right tasks (fire line at the threatened village, not
at the head), warning and evacuating the forest edge, aerial support, road closures.
Seats to staff: district_hq (forest fire HQ), fcp (forward command post), town (Songling
township), v_songling, v_shanxia (village heads); the plan plays any seat nobody holds.
"""
    write_ron(ROOT / "forest_fire" / "hills.ron", header, sc, "Scenario")
    prompt = FIRE_PROMPT
    slow = FIRE_SLOW
    write_ron(ROOT / "forest_fire" / "orders_prompt.ron", """
Hills, a prompt team: recon on the line trip, crews and a tanker at the fire on the lookout
report, the helicopter on the head, and - ahead of the forecast wind shift - fire line round
Shanxia and Songling, the forest-edge villages warned and the school evacuated; police close
the forest road. Seats held: district_hq, fcp, town, v_songling, v_shanxia.
""", prompt)
    write_ron(ROOT / "forest_fire" / "orders_slow.ron", """
Hills, a slow team: waits for the lookout, sends everything to the head of the fire
(where crews cannot hold it), no fire line at the villages until the fire is at Shanxia,
the school evacuated late. Seats held: district_hq, fcp, town, v_songling, v_shanxia.
""", slow)


FIRE_IGNITION = (110, 75)
FIRE_PROMPT = [
    order("00:02:00", "district_hq", ack("I01")),
    order("00:03:00", "district_hq", msg("fcp", "Orange fire danger, front due this afternoon: crews on 10-minute readiness.")),
    order("00:13:00", "district_hq", ack("I02")),
    order("00:14:00", "district_hq", V("SetLevel", level=V("IV"))),
    order("00:14:00", "fcp", dispatch("drone_1", "pylon_17", "Reconnoitre")),
    order("00:19:00", "fcp", ack("I03")),
    order("00:20:00", "fcp", dispatch("crew_1", "pylon_17", "FireLine")),
    order("00:20:00", "fcp", dispatch("tanker_1", "pylon_17", "Suppress")),
    order("00:21:00", "district_hq", V("SetLevel", level=V("III"))),
    order("00:22:00", "district_hq", dispatch("heli_1", "pylon_17", "WaterDrop")),
    order("00:23:00", "district_hq", warn(["songling", "shanxia", "school_sl", "dongpo", "linjia"], "Yellow", "Phone")),
    # the forest road to the pylon is burning: crews go to the villages the front will turn onto
    order("00:24:00", "fcp", dispatch("crew_1", "songling", "FireLine")),
    order("00:25:00", "fcp", dispatch("crew_2", "shanxia", "FireLine")),
    order("00:26:00", "fcp", dispatch("tanker_1", "shanxia", "Suppress")),
    order("00:26:00", "v_songling", ack("I04")),
    order("00:27:00", "v_songling", msg("town", "Smoke and ash at Songling; school asks whether to keep pupils in.")),
    order("00:27:00", "town", ack("all")),
    order("00:28:00", "town", dispatch("crew_3", "songling", "FireLine")),
    order("00:29:00", "v_songling", ack("all")),
    order("00:31:00", "v_shanxia", ack("all")),
    order("00:35:00", "district_hq", V("RequestMutualAid", units=["crew_aid"])),
    order("00:41:00", "fcp", ack("I05")),
    order("00:42:00", "fcp", msg("district_hq", "Fire 10 ha running NE in brush; road to pylon 17 burning; crews 1-3 building line at Songling and Shanxia.")),
    order("01:02:00", "district_hq", ack("I06")),
    order("01:05:00", "district_hq", warn(["songling", "shanxia", "school_sl", "dongpo"], "Orange", "Phone")),
    order("01:06:00", "district_hq", V("Evacuate", place="school_sl", to="shelter_town")),
    order("01:07:00", "town", dispatch("bus_1", "school_sl", "Transport")),
    order("01:08:00", "town", ack("all")),
    order("01:14:00", "v_songling", ack("all")),
    order("01:16:00", "v_shanxia", ack("all")),
    order("01:22:00", "district_hq", ack("I07")),
    order("01:23:00", "district_hq", dispatch("police_1", "reservoir", "Cordon")),
    order("01:24:00", "district_hq", V("CloseRoad", a="f_gate", b="reservoir")),
    order("01:32:00", "fcp", ack("I08")),
    order("01:33:00", "district_hq", V("Evacuate", place="shanxia", to="shelter_town")),
    order("01:34:00", "district_hq", dispatch("heli_1", "shanxia", "WaterDrop")),
    order("01:40:00", "v_shanxia", ack("all")),
    order("01:47:00", "v_shanxia", ack("I09")),
    order("01:48:00", "town", dispatch("police_2", "shanxia", "Cordon")),
    order("01:52:00", "district_hq", dispatch("crew_aid", "dongpo", "FireLine")),
    order("02:02:00", "v_songling", ack("I10")),
    order("02:17:00", "fcp", ack("I11")),
    order("02:32:00", "district_hq", ack("I12")),
    order("02:46:00", "district_hq", ack("I13")),
    order("02:47:00", "town", dispatch("police_2", "songling", "Cordon")),
    order("03:02:00", "district_hq", ack("I14")),
    order("03:03:00", "district_hq", dispatch("amb_1", "shelter_town", "TreatCasualties")),
]
FIRE_SLOW = [
    order("00:35:00", "fcp", dispatch("crew_1", "pylon_17", "Suppress")),
    order("00:40:00", "district_hq", dispatch("tanker_2", "pylon_17", "Suppress")),
    order("00:50:00", "fcp", dispatch("crew_2", "pylon_19", "Suppress")),
    order("01:10:00", "district_hq", dispatch("heli_1", "pylon_19", "WaterDrop")),
    order("01:30:00", "district_hq", V("SetLevel", level=V("IV"))),
    order("02:10:00", "district_hq", warn(["shanxia", "songling"], "Orange", "Phone")),
    order("02:12:00", "town", msg("district_hq", "Songling township: what do we tell the villages?")),
    order("02:25:00", "v_shanxia", ack("all")),
    order("02:30:00", "v_songling", ack("all")),
    order("02:35:00", "fcp", dispatch("crew_2", "shanxia", "FireLine")),
    order("02:40:00", "district_hq", V("Evacuate", place="school_sl", to="shelter_town")),
    order("02:55:00", "v_songling", ack("all")),
    order("03:00:00", "district_hq", V("SetLevel", level=V("III"))),
]

# ---------------------------------------------------------------------------
# 3. Chemical leak: chlorine from a tank at the chlor-alkali plant
# ---------------------------------------------------------------------------
def chemical_leak():
    W, H, CELL = 240, 200, 20.0
    ORIGIN = (506000.0, 3498000.0)
    rng = random.Random(20260915)
    noise = Waves(rng, 8, 0.02, 0.08)
    PLANT = (80, 100)
    areas = {                                           # built-up areas: (c0, r0, c1, r1)
        "park": (30, 62, 108, 138), "xinhe": (136, 84, 166, 110), "liuzhuang": (192, 112, 208, 128),
        "school": (82, 164, 96, 176), "town": (190, 12, 236, 52), "station": (124, 32, 136, 44),
    }
    elev, cover = [0.0] * (W * H), [93] * (W * H)
    for r in range(H):
        for c in range(W):
            i = r * W + c
            elev[i] = 42.0 + 0.004 * (H - r) * CELL / 20.0 + 0.8 * noise(c, r)
            if any(c0 <= c <= c1 and r0 <= r <= r1 for (c0, r0, c1, r1) in areas.values()):
                cover[i] = 91
            elif abs(c - (122 + 6.0 * math.sin(r / 25.0))) <= 1.5:   # the Xinhe drainage canal
                cover[i] = 98
                elev[i] -= 2.5
            elif rng.random() < 0.04:
                cover[i] = 1                             # grassy field margins
    write_asc(ROOT / "chemical_leak" / "park_dem.asc", elev, W, H, CELL, ORIGIN, "%.2f")
    write_asc(ROOT / "chemical_leak" / "park_landcover.asc", cover, W, H, CELL, ORIGIN, "%d")

    nodes = [
        node("hq", (214, 20)), node("j_ne", (130, 50)), node("station", (130, 38)),
        node("j_nw", (80, 50)), node("park_gate", (80, 62)), node("plant", PLANT),
        node("park_station", (40, 76)), node("j_park_s", (80, 140)), node("j_cw", (130, 100)),
        node("xinhe", (150, 96)), node("j_ce", (180, 100)), node("liuzhuang", (200, 120)),
        node("j_s", (130, 150)), node("school", (88, 170)), node("j_sw", (88, 150)),
        node("hospital", (200, 40)), node("shelter", (226, 44)), node("j_se", (200, 150)),
    ]
    edges = [
        edge("hq", "hospital", "Primary"), edge("hospital", "j_ne", "Primary"), edge("j_ne", "station", "Secondary"),
        edge("j_ne", "j_nw", "Primary"), edge("j_nw", "park_gate", "Secondary"),
        edge("park_gate", "plant", "Secondary"), edge("park_gate", "park_station", "Track"),
        edge("plant", "j_park_s", "Secondary"), edge("j_ne", "j_cw", "Primary", bridge=True),
        edge("j_cw", "plant", "Secondary"), edge("j_cw", "xinhe", "Secondary"),
        edge("xinhe", "j_ce", "Secondary"), edge("j_ce", "liuzhuang", "Track"),
        edge("j_cw", "j_s", "Primary"), edge("j_s", "j_sw", "Secondary"), edge("j_sw", "school", "Track"),
        edge("j_park_s", "j_sw", "Secondary"), edge("j_s", "j_se", "Secondary"),
        edge("j_se", "liuzhuang", "Track"), edge("hq", "shelter", "Secondary"), edge("j_ce", "hospital", "Secondary"),
    ]
    places = [
        place("hq_building", "区应急管理局指挥中心 District emergency command centre", "CommandPost", (214, 20), road="hq"),
        place("plant", "华源氯碱化工厂 Huayuan chlor-alkali plant", "Plant", PLANT, 120, 12, road="plant"),
        place("hazmat_station", "区消防救援大队特勤站 Fire and rescue special service station", "FireStation", (130, 38), road="station"),
        place("park_station", "园区专职消防队 Park fire brigade", "FireStation", (40, 76), road="park_station"),
        place("xinhe", "新河社区 Xinhe residential community", "Village", (150, 96), 2400, 420, road="xinhe"),
        place("liuzhuang", "柳庄村 Liuzhuang village", "Village", (200, 120), 650, 180, road="liuzhuang"),
        place("school_hm", "惠民小学 Huimin primary school", "School", (88, 170), 780, 5, road="school"),
        place("hospital", "区人民医院 District people's hospital", "Hospital", (200, 40), 300, 6, road="hospital"),
        place("shelter_gym", "区体育中心避险点 District sports centre shelter", "Shelter", (226, 44), cap=5000, road="shelter"),
        place("gate_w", "园区北门 Park north gate", "Landmark", (80, 62), road="park_gate"),
        place("bridge_canal", "新河桥 Xinhe canal bridge", "Landmark", (130, 100), road="j_cw"),
    ]
    org = S(
        nodes=[
            post("district_hq", "区应急指挥部 District emergency HQ", "District", place_="hq_building", resp="Duty director Qian 钱局长"),
            post("fcp", "现场指挥部 On-scene command post", "Field", "district_hq", resp="Fire brigade commander Yang 杨大队长"),
            post("park", "化工园区管委会 Chemical park administration", "Township", "district_hq", resp="Park safety chief He 何主任", covers=["plant"]),
            post("plant_ert", "华源厂应急办 Plant emergency team", "Facility", "park", resp="Shift supervisor Guo 郭值长"),
            post("street", "新河街道办 Xinhe sub-district office", "Township", "district_hq", resp="Sub-district head Lin 林主任", covers=["school_hm", "liuzhuang"]),
            post("c_xinhe", "新河社区居委会 Xinhe community committee", "Village", "street", resp="Community secretary Feng 冯书记", covers=["xinhe"]),
        ],
        units=[
            unit("hazmat_1", "Hazmat team (special service station) 特勤站化学救援队", "HazmatTeam", "fcp", "hazmat_station", 8),
            unit("engine_1", "Fire engine 1 (water curtain) 水罐消防车", "FireEngine", "fcp", "hazmat_station", 6),
            unit("engine_p", "Park fire brigade engine 园区专职消防车", "FireEngine", "plant_ert", "park_station", 5),
            unit("police_1", "Police patrol 1 公安", "Police", "district_hq", "hq_building", 2),
            unit("police_2", "Police patrol 2 交警", "Police", "street", "xinhe", 2),
            unit("amb_1", "Ambulance 1 120急救1号车", "Ambulance", "district_hq", "hospital", 3),
            unit("amb_2", "Ambulance 2 120急救2号车", "Ambulance", "district_hq", "hospital", 3),
            unit("bus_1", "Evacuation bus 转移大巴", "Transport", "street", "shelter_gym", 1),
            unit("drone_1", "Gas-detection drone 侦检无人机", "Drone", "fcp", "hazmat_station", 2),
            unit("hazmat_aid", "City chemical rescue detachment 市危化品救援支队", "HazmatTeam", "district_hq", "hazmat_station", 12, mutual_aid="1h"),
        ],
        links=[
            link("district_hq", "fcp", "Radio", "1m"),
            link("district_hq", "park", "Phone", "2m"),
            link("park", "plant_ert", "Phone", "1m"),
            link("district_hq", "street", "Phone", "2m"),
            link("street", "c_xinhe", "Phone", "3m"),
            link("fcp", "plant_ert", "Radio", "1m"),
        ],
    )
    hazards = [V("ChemicalLeak", S(
        source="plant", substance="chlorine",
        release_kg_s=[("0s", 1.0), ("30m", 2.0), ("1h", 5.0), ("3h", 5.0)],
        source_height_m=2.0, terrain=V("Urban"), contained_fraction=0.02, containment_setup="15m",
    ))]
    injects = [
        inject("I01", "00:00:00", "Plant DCS operator 中控室", "plant_ert", "Phone",
               "Chlorine detector alarm at liquid-chlorine tank T-102; yellow-green haze at the outlet flange; pressure falling.",
               "Activate the plant plan; isolate the tank if safe; report to the park and district at once.",
               text_zh="液氯储罐 T-102 氯气检测报警仪报警；出口法兰处有黄绿色烟雾；罐内压力下降。",
               exp_zh="启动企业应急预案；在确保安全的前提下隔离储罐；立即向化工园区管委会和区里报告。"),
        inject("I02", "00:06:00", "Xinhe resident (110 call) 新河居民(110报警)", "district_hq", "Phone",
               "Strong bleach smell in Xinhe community, people coughing in the street.",
               "Send hazmat to the plant (ContainLeak); order shelter-in-place for Xinhe; police cordon.",
               text_zh="新河社区有强烈的漂白水气味，街上有人咳嗽。",
               exp_zh="派危化品救援队赶赴工厂（堵漏）；下令新河社区就地避险；公安设卡警戒。"),
        inject("I03", "00:10:00", "Park monitoring centre 园区监测", "park", "Phone",
               "Fence-line monitor east of Huayuan reads 12 ppm chlorine; wind W 3 m/s.",
               "Report up; close the park roads; warn Xinhe.",
               text_zh="华源氯碱化工厂东侧厂界监测点氯气浓度读数为 12 ppm；西风 3 m/s。",
               exp_zh="向上级报告；封闭园区道路；向新河社区发布预警。"),
        inject("I04", "00:15:00", "Plant shift supervisor 值长", "plant_ert", "Radio",
               "Two operators overcome by gas near T-102, carried out; remote shut-off valve failed to close.",
               "Ambulance to the plant; hazmat in SCBA to close the manual valve.",
               text_zh="两名操作工在 T-102 附近中毒晕倒，已被抬出；远程紧急切断阀未能关闭。",
               exp_zh="派救护车赶赴工厂；危化品救援队佩戴正压式空气呼吸器关闭手动阀门。"),
        inject("I05", "00:25:00", "Meteorological bureau 气象局", "district_hq", "Phone",
               "Wind backing to N 3-4 m/s around 10:15 (in about 20 minutes).",
               "Shelter-in-place the school south of the plant before the shift; move the cordon.",
               text_zh="约 10:15（约 20 分钟后）风向转为北风，风速 3-4 m/s。",
               exp_zh="在风向转变前组织工厂以南的惠民小学就地避险；调整警戒范围。"),
        inject("I06", "00:35:00", "Huimin primary school 惠民小学", "street", "Phone",
               "780 pupils in class; head teacher asks whether to keep them inside or send them home.",
               "Shelter in place now (windows shut, ventilation off) or evacuate upwind by bus; do not send them home.",
               text_zh="780 名学生正在上课；校长请示是让学生留在室内还是放学回家。",
               exp_zh="立即就地避险（关闭门窗、关停通风）或用大巴向上风方向转移；不得放学让学生自行回家。"),
        inject("I07", "00:45:00", "Plant shift supervisor 值长", "plant_ert", "Radio",
               "Flange gasket blown out; leak rate rising; the cloud is drifting towards the canal.",
               "Hazmat to stop the leak; water curtain downwind; expand the hazard zone.",
               text_zh="法兰垫片被冲开，泄漏速率上升；毒气云正向排水渠方向飘移。",
               exp_zh="危化品救援队实施堵漏；在下风方向设置水幕；扩大危险区范围。"),
        inject("I08", "00:55:00", "Traffic police 交警", "district_hq", "Radio",
               "Cars queuing on the canal road into the cloud; drivers ignoring the officers.",
               "Close the roads from the Xinhe canal bridge to the plant and the canal road; divert traffic.",
               text_zh="渠边道路上车辆排队驶入毒气云区域；司机不听民警劝阻。",
               exp_zh="封闭新河桥至工厂的道路和渠边道路；分流疏导交通。"),
        inject("I09", "01:05:00", "Xinhe community committee 新河社区居委会", "c_xinhe", "Phone",
               "Elderly residents on upper floors with breathing difficulty; 15 people asking for help.",
               "Ambulances to Xinhe; keep the others sheltered.",
               text_zh="住在楼上的老人出现呼吸困难；15 人求助。",
               exp_zh="派救护车赶赴新河社区；其余居民继续就地避险。"),
        inject("I10", "01:15:00", "Hospital 区人民医院", "district_hq", "Phone",
               "18 patients with chlorine exposure in the emergency room; beds filling.",
               "Alert other hospitals; decontamination before the ER.",
               text_zh="急诊室已收治 18 名氯气接触患者；床位趋于饱和。",
               exp_zh="通知其他医院做好接收准备；伤员进入急诊前先行洗消。"),
        inject("I11", "01:30:00", "Liuzhuang village head 柳庄村长", "street", "Phone",
               "Smell reaching Liuzhuang; villagers want to leave by car.",
               "Advise shelter-in-place until the cloud passes; controlled evacuation upwind.",
               text_zh="柳庄村已能闻到气味；村民想开车离开。",
               exp_zh="建议就地避险直至毒气云过境；有组织地向上风方向转移。"),
        inject("I12", "01:45:00", "Media 记者", "district_hq", "Phone",
               "Video of the yellow cloud trending online; reporters at the park gate.",
               "Press statement: what, where, protective actions, hotline.",
               text_zh="黄色毒气云视频在网上热传；记者已到园区门口。",
               exp_zh="发布新闻通稿：发生了什么、在哪里、防护措施、咨询热线。"),
        inject("I13", "02:00:00", "Environmental monitoring 生态环境局", "district_hq", "Phone",
               "Canal water pH 4 downstream of the park: contaminated fire-fighting water.",
               "Contain run-off; block the canal outfall.",
               text_zh="园区下游渠水 pH 值为 4，系受污染的消防废水。",
               exp_zh="截留消防废水；封堵排水渠排放口。"),
        inject("I14", "02:20:00", "Plant shift supervisor 值长", "plant_ert", "Radio",
               "Tank pressure at zero; residual chlorine in the pipework.",
               "Keep containment; monitor; plan the all-clear.",
               text_zh="储罐压力已降至零；管道内仍有残余氯气。",
               exp_zh="继续保持堵漏控制；持续监测；研究制定解除警报方案。"),
        inject("I15", "02:40:00", "Xinhe community committee 新河社区居委会", "c_xinhe", "Phone",
               "Residents ask when they can open the windows.",
               "All-clear only on measurements below AEGL-1; ventilate in stages.",
               text_zh="居民询问何时可以开窗。",
               exp_zh="监测浓度低于 AEGL-1 后方可解除警报；分阶段开窗通风。"),
    ]
    objectives = [
        objective("O1", "Leak contained within 45 minutes", "Environmental Response/Health and Safety",
                  V("LeakContainedWithin", within="45m"), ["Hazmat in SCBA closes the manual valve"],
                  tasks_zh=["危化品救援队佩戴正压式空气呼吸器关闭手动阀门"]),
        objective("O2", "First unit on scene at the plant within 20 minutes of the resident's call", "Operational Coordination",
                  V("FirstOnScene", place="plant", within="20m", after="I02")),
        objective("O3", "At most 300 people exposed", "Public Health, Healthcare, and Emergency Medical Services",
                  V("PeopleExposedAtMost", max=300)),
        objective("O4", "No untreated casualties", "Public Health, Healthcare, and Emergency Medical Services",
                  V("CasualtiesAtMost", max=0)),
        objective("O5", "Level III within 15 minutes of the plant's alarm", "Operational Coordination",
                  V("ResponseLevelWithin", level=V("III"), within="15m"), points=5.0),
    ]
    plan = S(
        delays=[delay("district_hq", "2m", "5m", "15m"), delay("fcp", "1m", "3m", "10m"),
                delay("park", "1m", "4m", "12m"), delay("plant_ert", "1m", "3m", "10m"),
                delay("street", "2m", "6m", "20m"), delay("c_xinhe", "2m", "6m", "20m")],
        rules=[
            rule("R1", "district_hq", V("InjectReceived", "I02"), [
                V("SetLevel", level=V("III")), dispatch("hazmat_1", "plant", "ContainLeak"),
                dispatch("police_1", "gate_w", "Cordon")]),
            rule("R2", "district_hq", V("ConcentrationAbove", place="xinhe", ppm=2.0), [
                V("ShelterInPlace", place="xinhe"), dispatch("amb_1", "xinhe", "TreatCasualties")]),
            rule("R3", "street", V("InjectReceived", "I06"), [V("ShelterInPlace", place="school_hm")]),
        ],
    )
    sc = scenario(
        S(name="Park chlorine leak 华源氯碱厂液氯泄漏", description=(
            "A flange on liquid-chlorine tank T-102 at the Huayuan chlor-alkali plant in the chemical "
            "park leaks from 09:30 at 1 kg/s, growing to 5 kg/s by 10:30 when the gasket blows out. "
            "A W wind carries the cloud over the canal to Xinhe community; at 10:15 it backs N and "
            "turns the cloud onto Huimin primary school. Trains getting the hazmat team to the source "
            "quickly, shelter-in-place versus evacuation, police cordons and casualty care."),
          description_zh=(
            "化工园区华源氯碱化工厂液氯储罐 T-102 法兰自 09:30 起以 1 kg/s 的速率泄漏，10:30 垫片被冲开后泄漏速率增至 5 kg/s。"
            "西风将毒气云吹过排水渠飘向新河社区；10:15 风向转为北风，毒气云转向惠民小学。"
            "演练科目：危化品救援队快速抵达泄漏源、就地避险与疏散转移的抉择、公安警戒管控和伤员救治。"),
          hazard_kinds=[V("ChemicalLeak")], start="2026-09-15T09:30", duration="3h", tick="10s", seed=11),
        S(width=W, height=H, cell_m=CELL, origin=ORIGIN),
        S(elevation=V("Asc", "park_dem.asc"), land_cover=V("Asc", "park_landcover.asc")),
        V("Inline", S(nodes=nodes, edges=edges)), places, org,
        S(wind_m_s=3.0, wind_from_deg=270.0, cloud_octas=8,
          changes=[S(at="45m", wind_m_s=3.5, wind_from_deg=350.0)]),
        hazards, injects, objectives, plan)
    header = f"""
Park: a liquid-chlorine leak at the Huayuan chlor-alkali plant (华源氯碱厂) in the chemical park.
Fictional development zone. Grid {W} x {H} cells of {CELL:g} m ({W * CELL / 1000:g} km x {H * CELL / 1000:g} km); row 0 is the north edge.
Flat plain (about 45 m), farmland; the chemical park in the west, the Xinhe drainage canal
north-south at column ~122, Xinhe residential community 1.4 km east of the plant, Liuzhuang
village beyond it, Huimin primary school 1.4 km S, the town with the hospital and the
district command centre in the north-east.
Release: 1 kg/s from 00:00, 2 kg/s at 00:30, 5 kg/s from 01:00 unless contained (a hazmat team
on scene with ContainLeak for 15 min cuts it to 2 %). Overcast with drizzle, W wind 3 m/s (class D); at
00:45 the wind backs to N 3.5 m/s and the cloud turns onto the school.
Terrain, land cover and this file: tools/gen_scenarios.py (do not edit by hand; regenerate).
Trains: hazmat to the source fast (containment), protective actions (shelter-in-place vs
evacuation) for the community and the school ahead of the wind shift, police cordons,
casualty care, information up the chain from the plant.
Seats to staff: district_hq, fcp (on-scene command), park (park administration), plant_ert
(plant shift supervisor), street (sub-district office), c_xinhe (community committee); the
plan plays any seat nobody holds.
"""
    write_ron(ROOT / "chemical_leak" / "park.ron", header, sc, "Scenario")
    write_ron(ROOT / "chemical_leak" / "orders_prompt.ron", """
Park, a prompt team: the plant reports at once, the district raises level III and sends the
hazmat team to the source with ContainLeak (contained about 30 min in), Xinhe shelters in
place, police close the park and canal roads, the school shelters before the wind shift,
ambulances to the plant and Xinhe. Seats held: district_hq, fcp, park, plant_ert, street, c_xinhe.
""", CHEM_PROMPT)
    write_ron(ROOT / "chemical_leak" / "orders_slow.ron", """
Park, a slow team: the plant tries to handle it alone for half an hour, the hazmat team is
first sent to Xinhe to reconnoitre instead of to the source, the park engine is set to
decontaminate, the school is told only after the cloud has turned. Seats held: district_hq,
fcp, park, plant_ert, street, c_xinhe.
""", CHEM_SLOW)


CHEM_PROMPT = [
    order("00:01:00", "plant_ert", ack("I01")),
    order("00:02:00", "plant_ert", msg("park", "Chlorine leak at tank T-102 outlet flange, about 1 kg/s; plant plan activated; need hazmat.")),
    order("00:02:00", "plant_ert", dispatch("engine_p", "plant", "Suppress")),
    order("00:04:00", "park", msg("district_hq", "Huayuan: chlorine leak at T-102; request hazmat team and police; wind W 3 m/s towards Xinhe.")),
    order("00:06:00", "district_hq", V("SetLevel", level=V("III"))),
    order("00:07:00", "district_hq", ack("I02")),
    order("00:07:00", "district_hq", msg("fcp", "Hazmat team to Huayuan T-102, contain the leak; set up the on-scene command post at the west gate.")),
    order("00:08:00", "fcp", dispatch("hazmat_1", "plant", "ContainLeak")),
    order("00:08:00", "fcp", dispatch("engine_1", "plant", "Decontaminate")),
    order("00:09:00", "district_hq", V("ShelterInPlace", place="xinhe")),
    order("00:09:00", "district_hq", dispatch("police_1", "bridge_canal", "Cordon")),
    order("00:10:00", "district_hq", V("CloseRoad", a="j_cw", b="plant")),
    order("00:10:00", "district_hq", warn(["xinhe", "liuzhuang", "school_hm"], "Orange", "Phone")),
    order("00:11:00", "park", ack("I03")),
    order("00:13:00", "street", ack("all")),
    order("00:16:00", "c_xinhe", ack("all")),
    order("00:16:00", "plant_ert", ack("I04")),
    order("00:16:00", "plant_ert", msg("fcp", "Two operators down by T-102, carried to the gate; remote valve failed, manual valve needs SCBA.")),
    order("00:17:00", "district_hq", dispatch("amb_1", "plant", "TreatCasualties")),
    order("00:26:00", "district_hq", ack("I05")),
    order("00:27:00", "district_hq", V("ShelterInPlace", place="school_hm")),
    order("00:28:00", "district_hq", msg("street", "Wind turning N at 10:15: Huimin school shelter in place now, windows shut, ventilation off.")),
    order("00:30:00", "street", dispatch("police_2", "school_hm", "Cordon")),
    order("00:36:00", "street", ack("I06")),
    order("00:46:00", "plant_ert", ack("I07")),
    order("00:56:00", "district_hq", ack("I08")),
    order("00:57:00", "district_hq", V("CloseRoad", a="j_cw", b="xinhe")),
    order("01:06:00", "c_xinhe", ack("I09")),
    order("01:07:00", "c_xinhe", msg("street", "15 residents with breathing difficulty in Xinhe, blocks 3 and 7.")),
    order("01:08:00", "district_hq", dispatch("amb_2", "xinhe", "TreatCasualties")),
    order("01:16:00", "district_hq", ack("I10")),
    order("01:31:00", "street", ack("I11")),
    order("01:32:00", "street", V("ShelterInPlace", place="liuzhuang")),
    order("01:46:00", "district_hq", ack("I12")),
    order("02:01:00", "district_hq", ack("I13")),
    order("02:21:00", "plant_ert", ack("I14")),
    order("02:41:00", "c_xinhe", ack("I15")),
]
CHEM_SLOW = [
    order("00:10:00", "plant_ert", ack("I01")),
    order("00:12:00", "plant_ert", dispatch("engine_p", "plant", "Decontaminate")),
    order("00:20:00", "district_hq", ack("I02")),
    order("00:25:00", "fcp", dispatch("hazmat_1", "xinhe", "Reconnoitre")),
    order("00:30:00", "plant_ert", msg("park", "We have a chlorine leak at T-102; trying to isolate it ourselves.")),
    order("00:35:00", "park", msg("district_hq", "Huayuan reports a chlorine leak.")),
    order("00:40:00", "district_hq", V("SetLevel", level=V("IV"))),
    order("00:55:00", "district_hq", dispatch("police_1", "xinhe", "Cordon")),
    order("01:00:00", "district_hq", V("ShelterInPlace", place="xinhe")),
    order("01:05:00", "fcp", dispatch("hazmat_1", "plant", "ContainLeak")),
    order("01:10:00", "district_hq", V("SetLevel", level=V("III"))),
    order("01:15:00", "street", ack("all")),
    order("01:20:00", "street", V("ShelterInPlace", place="school_hm")),
    order("01:30:00", "c_xinhe", ack("all")),
    order("01:35:00", "district_hq", dispatch("amb_1", "xinhe", "TreatCasualties")),
]


FLOOD_GAUGE = (10.0, 10.8)   # the gauge reading (3x3 wet mean, stilling well): ~9.2 m at the start, 10.0 at ~01:57, peak ~11.0 at 04:00


# ---------------------------------------------------------------------------
# 4. Cascade: the flood reaches the chlorine plant in the industrial park
# ---------------------------------------------------------------------------
def cascade():
    W, H, CELL = 240, 180, 20.0
    ORIGIN = (520000.0, 3490000.0)
    rng = random.Random(20260805)
    noise = Waves(rng, 10, 0.02, 0.09)
    HALF = 2                              # channel 5 cells (100 m)

    def rc(c):                            # river centreline row (west -> east)
        return 48.0 + 4.0 * math.sin(math.tau * c / 160.0 + 0.3)

    def plain0(c):                        # plain level at the bank, falls 2 m downstream
        return 14.0 - 2.0 * c / (W - 1)

    PLANT, NANWAN, SCHOOL, LIJIA, BEIAN, XINCUN = (112, 78), (150, 112), (128, 126), (50, 104), (96, 18), (200, 90)
    elev, cover, chan = [0.0] * (W * H), [93] * (W * H), [0] * (W * H)
    for r in range(H):
        for c in range(W):
            i = r * W + c
            dm = r - rc(c)
            z = plain0(c) + 0.2 * noise(c, r)
            if dm < 0:
                z += min(0.6, 0.006 * -dm)
            elif dm > HALF + 2.5:                          # south floodplain 2 m below the bank,
                z -= 2.0 + 0.008 * dm + 0.002 * max(0, c - 100)  # falling away south-east
            for (c0, r0), depth, rad in ((CASCADE_HOLLOW, 1.0, 22.0), (NANWAN, 0.3, 14.0)):
                d = math.hypot(c - c0, r - r0)     # old meander hollows
                if d < rad:
                    z -= depth * (1 - (d / rad) ** 2)
            if abs(dm) <= HALF + 0.5:
                z, cover[i], chan[i] = plain0(c) - 4.0 + 0.05 * noise(c * 3, r * 3), 98, 1
            elif abs(dm) <= HALF + 2.5:
                z, cover[i], chan[i] = plain0(c) + 2.6, 1, 3
            elev[i] = z
    built = {"park": (100, 66, 124, 88), "nanwan": NANWAN, "school": SCHOOL, "lijia": LIJIA,
             "beian": BEIAN, "xincun": XINCUN, "hq": (30, 12), "shelter": (210, 20)}
    for k, v in built.items():
        if len(v) == 4:
            for r in range(v[1], v[3] + 1):
                for c in range(v[0], v[2] + 1):
                    cover[r * W + c] = 91
        else:
            c0, r0 = v
            for r in range(r0 - 5, r0 + 6):
                for c in range(c0 - 5, c0 + 6):
                    if 0 <= r < H and 0 <= c < W and chan[r * W + c] == 0 and math.hypot(c - c0, r - r0) <= 5.2:
                        cover[r * W + c] = 91

    def main_rows(c):
        return [r for r in range(H) if chan[r * W + c] == 1]

    inflow = [(0, r) for r in main_rows(0)]
    outflow = [(W - 1, r) for r in main_rows(W - 1)]
    drains = [(c, H - 1) for c in range(0, W, 2)] + [(W - 1, r) for r in range(int(rc(W - 1)) + 8, H - 1, 2)]
    pools = []
    for c0 in range(0, W, 10):
        rows = [r for c in range(c0, min(W, c0 + 10)) for r in main_rows(c)]
        pools.append(S(**{"from": (c0, min(rows))}, to=(min(W, c0 + 10) - 1, max(rows)),
                       level_m=round(plain0(c0 + 5) - 4.0 + 1.6, 2)))
    bc = CASCADE_BREACH_COL
    breach = [(c, r) for c in range(bc - 4, bc + 4) for r in range(H) if chan[r * W + c] == 3 and r > rc(c)]
    breach_bed = round(plain0(bc) - 2.0, 2)     # scoured down to the floodplain
    gauge_cell = (70, int(round(rc(70))))

    write_asc(ROOT / "cascade" / "cascade_dem.asc", elev, W, H, CELL, ORIGIN, "%.2f")
    write_asc(ROOT / "cascade" / "cascade_landcover.asc", cover, W, H, CELL, ORIGIN, "%d")

    def south(c, off):
        return (c, int(round(rc(c))) + HALF + off)

    def north(c, off):
        return (c, int(round(rc(c))) - HALF - off)

    nodes = [
        node("hq", (30, 12)), node("depot", (60, 14)), node("v_beian", BEIAN), node("j_north", (150, 16)),
        node("shelter", (210, 20)), node("bridge_n", north(150, 4)), node("bridge_s", south(150, 4)),
        node("j_levee", south(bc, 5)), node("park_gate", (112, 64)), node("plant", PLANT),
        node("park_station", (102, 88)), node("v_nanwan", NANWAN), node("school", SCHOOL),
        node("j_sw", (80, 110)), node("v_lijia", LIJIA), node("v_xincun", XINCUN), node("j_se", (180, 112)),
        node("hospital", (180, 14)),
    ]
    edges = [
        edge("hq", "depot", "Primary"), edge("depot", "v_beian", "Secondary"), edge("v_beian", "j_north", "Primary"),
        edge("j_north", "hospital", "Primary"), edge("hospital", "shelter", "Primary"),
        edge("j_north", "bridge_n", "Secondary"),
        edge("bridge_n", "bridge_s", "Secondary", bridge=True, speed=30.0),
        edge("bridge_s", "j_levee", "Secondary"), edge("j_levee", "park_gate", "Secondary"),
        edge("park_gate", "plant", "Secondary"), edge("plant", "park_station", "Track"),
        edge("bridge_s", "v_xincun", "Secondary"), edge("bridge_s", "v_nanwan", "Secondary"),
        edge("v_nanwan", "j_se", "Track"), edge("j_se", "v_xincun", "Track"),
        edge("v_nanwan", "school", "Track"), edge("school", "j_sw", "Track"), edge("j_sw", "v_lijia", "Track"),
        edge("park_station", "j_sw", "Track"),
    ]
    g_warn, g_danger = CASCADE_GAUGE
    places = [
        place("hq_building", "区防汛抗旱指挥部 District flood-control HQ", "CommandPost", (30, 12), road="hq"),
        place("depot_a", "防汛物资仓库 Flood-control depot", "Depot", (60, 14), road="depot"),
        place("hospital", "区人民医院 District people's hospital", "Hospital", (180, 14), 300, 6, road="hospital"),
        place("shelter_gym", "区体育中心避险点 District sports centre shelter", "Shelter", (210, 20), cap=5000, road="shelter"),
        place("plant", "恒达氯碱厂 Hengda chlor-alkali plant", "Plant", PLANT, 150, 14, road="plant"),
        place("park_station", "园区专职消防队 Park fire brigade", "FireStation", (102, 88), road="park_station"),
        place("nanwan", "南湾村 Nanwan village", "Village", NANWAN, 900, 260, road="v_nanwan"),
        place("lijia", "李家村 Lijia village", "Village", LIJIA, 520, 150, road="v_lijia"),
        place("xincun", "新村社区 Xincun community", "Village", XINCUN, 1500, 300, road="v_xincun"),
        place("beian", "北岸村 Beian village", "Village", BEIAN, 480, 140, road="v_beian"),
        place("school_nw", "南湾小学 Nanwan primary school", "School", SCHOOL, 420, 4, road="school"),
        place("levee_gate", "园区段堤防 Park levee section", "Landmark", south(bc, 4), road="j_levee"),
        place("gauge_qh", "清河园区水位站 Qinghe park gauge", "RiverGauge", gauge_cell, road="bridge_n",
              gauge=S(warning_m=g_warn, danger_m=g_danger)),
    ]
    org = S(
        nodes=[
            post("district_hq", "区防汛抗旱指挥部 District flood-control HQ", "District", place_="hq_building", resp="Duty director Wang 王主任"),
            post("town", "南湾镇 Nanwan township", "Township", "district_hq", resp="Township head Zhou 周镇长", covers=["school_nw", "beian"]),
            post("park", "化工园区管委会 Chemical park administration", "Township", "district_hq", resp="Park safety chief He 何主任", covers=["plant"]),
            post("plant_ert", "恒达厂应急办 Plant emergency team", "Facility", "park", resp="Shift supervisor Guo 郭值长"),
            post("v_nanwan", "南湾村委会 Nanwan village grid member", "Village", "town", resp="Grid member Chen 陈网格员", covers=["nanwan"]),
            post("v_lijia", "李家村委会 Lijia village grid member", "Village", "town", resp="Grid member Li 李网格员", covers=["lijia"]),
            post("c_xincun", "新村社区居委会 Xincun community committee", "Village", "town", resp="Community secretary Feng 冯书记", covers=["xincun"]),
        ],
        units=[
            unit("boat_1", "Rescue boat team 1 冲锋舟一队", "RescueBoatTeam", "district_hq", "depot_a", 6),
            unit("boat_2", "Rescue boat team 2 冲锋舟二队", "RescueBoatTeam", "town", "depot_a", 6),
            unit("eng_1", "Engineering team (sandbags) 抢险队", "EngineeringTeam", "district_hq", "depot_a", 12),
            unit("eng_2", "Engineering team (pumps) 排涝队", "EngineeringTeam", "park", "depot_a", 8),
            unit("hazmat_1", "Hazmat team 特勤站化学救援队", "HazmatTeam", "district_hq", "depot_a", 8),
            unit("engine_p", "Park fire engine 园区专职消防车", "FireEngine", "plant_ert", "park_station", 5),
            unit("engine_1", "Fire engine (water curtain) 水罐消防车", "FireEngine", "district_hq", "hq_building", 6),
            unit("police_1", "Police patrol 1 交警", "Police", "district_hq", "hq_building", 2),
            unit("police_2", "Police patrol 2 派出所", "Police", "town", "nanwan", 2),
            unit("amb_1", "Ambulance 1 120急救1号车", "Ambulance", "district_hq", "hospital", 3),
            unit("amb_2", "Ambulance 2 120急救2号车", "Ambulance", "district_hq", "hospital", 3),
            unit("bus_1", "Evacuation bus 转移大巴", "Transport", "town", "shelter_gym", 1),
        ],
        links=[
            link("district_hq", "town", "Phone", "2m"),
            link("district_hq", "town", "Radio", "4m"),
            link("district_hq", "park", "Phone", "2m"),
            link("park", "plant_ert", "Phone", "1m"),
            link("town", "v_nanwan", "Phone", "3m"),
            link("town", "v_lijia", "Messenger", "12m"),
            link("town", "c_xincun", "Phone", "3m"),
            link("v_nanwan", "v_lijia", "Radio", "2m"),
        ],
    )
    hazards = [
        V("Flood", S(
            inflows=[S(name="Qinghe upstream 清河上游", cells=inflow,
                       hydrograph=[("0s", 110.0), ("1h", 160.0), ("2h", 320.0), ("3h30m", 460.0), ("6h", 220.0)])],
            rain_mm_h=[("0s", 5.0), ("1h", 15.0), ("3h", 15.0), ("4h", 5.0), ("5h", 0.0)],
            initial_water=pools,
            breaches=[S(name="Park levee section 园区段堤防溃口", at=CASCADE_BREACH_AT, cells=breach, bed_m=breach_bed)],
            outflow_cells=outflow + drains,
        )),
        V("ChemicalLeak", S(
            source="plant", substance="chlorine",
            release_kg_s=[("0s", 1.0), ("20m", 3.0), ("40m", 5.0), ("3h", 5.0)],
            source_height_m=2.0, terrain=V("Urban"), contained_fraction=0.02, containment_setup="15m",
            start=V("WhenFlooded", place="plant", depth_m=CASCADE_TRIGGER_M),
        )),
    ]
    injects = CASCADE_INJECTS
    objectives = [
        objective("O1", "Warn Nanwan, Lijia, Xincun and the school before the water or the gas arrives",
                  "Public Information and Warning",
                  V("WarningLead", places=["nanwan", "lijia", "xincun", "school_nw"], lead="30m"),
                  ["District HQ issues the warning", "Grid members acknowledge and warn households"],
                  tasks_zh=["区防汛抗旱指挥部发布预警", "网格员确认收到并向住户发布预警"]),
        objective("O2", "Grid members and the park acknowledge warnings within 10 minutes", "Operational Communications",
                  V("AcknowledgeWithin", within="10m", seats=["v_nanwan", "v_lijia", "c_xincun", "park"])),
        objective("O3", "Nanwan evacuated and the plant shut down and cleared before the water arrives", "Mass Care Services",
                  V("EvacuatedBeforeArrival", places=["nanwan", "plant"])),
        objective("O4", "Hazmat pre-positioned at the plant within 60 minutes of the seepage report", "Environmental Response/Health and Safety",
                  V("FirstOnScene", place="plant", within="1h", after="I04")),
        objective("O5", "Chlorine leak contained within 30 minutes of its start", "Environmental Response/Health and Safety",
                  V("LeakContainedWithin", within="30m"), ["Hazmat in SCBA closes the tank valves in the flooded plant"],
                  tasks_zh=["危化品救援队佩戴正压式空气呼吸器，在被淹厂区内关闭储罐阀门"]),
        objective("O6", "The school sheltered or evacuated before the water or the gas arrives", "Mass Care Services",
                  V("ProtectedBeforeArrival", places=["school_nw"])),
        objective("O7", "Response level III within 20 minutes of the red rainstorm warning", "Operational Coordination",
                  V("ResponseLevelWithin", level=V("III"), within="20m", after="I01"), points=5.0),
        objective("O8", "At most 300 people exposed to water or gas", "Public Health, Healthcare, and Emergency Medical Services",
                  V("PeopleExposedAtMost", max=300)),
        objective("O9", "No untreated casualties", "Public Health, Healthcare, and Emergency Medical Services",
                  V("CasualtiesAtMost", max=0)),
    ]
    plan = S(
        delays=[delay("district_hq", "2m", "5m", "15m"), delay("town", "2m", "6m", "20m"),
                delay("park", "1m", "4m", "12m"), delay("plant_ert", "1m", "3m", "10m"),
                delay("v_nanwan", "1m", "4m", "15m"), delay("v_lijia", "2m", "8m", "25m"),
                delay("c_xincun", "2m", "6m", "20m")],
        rules=CASCADE_RULES,
    )
    sc = scenario(
        S(name="Cascade: the flood reaches the chlorine plant 洪水殃及氯碱厂", description=(
            "A summer rainstorm raises the Qinghe; the south levee by the chemical park breaches at "
            + as_clock(CASCADE_BREACH_AT) + ". The water runs into the old meander hollow where the Hengda "
            "chlor-alkali plant stands; when it is " + str(CASCADE_TRIGGER_M) + " m deep at the plant, a flooded "
            "liquid-chlorine tank line fails and chlorine drifts south-east with the NW wind towards Nanwan "
            "village and its primary school. Trains call-and-respond warnings, evacuation before the water, "
            "shutting the plant down and pre-positioning hazmat before the water arrives, containment in a "
            "flooded plant, and shelter versus evacuation for a school facing both water and gas."),
          description_zh=(
            "夏季暴雨致清河水位上涨；化工园区旁南岸堤防于 " + as_clock(CASCADE_BREACH_AT) + " 发生溃口。"
            "洪水涌入恒达氯碱厂所在的古河道洼地；"
            "厂区水深达 " + str(CASCADE_TRIGGER_M) + " m 时，被淹的液氯储罐管线破裂，氯气随西北风向东南飘散，逼近南湾村和南湾小学。"
            "演练科目：预警叫应、洪水到达前转移群众、洪水到达前工厂停车和危化品救援力量前置、被淹厂区内堵漏，以及学校同时面临洪水和毒气威胁时就地避险与转移的抉择。"),
          hazard_kinds=[V("Flood"), V("ChemicalLeak")], start="2026-08-05T13:00", duration="6h", tick="10s", seed=7),
        S(width=W, height=H, cell_m=CELL, origin=ORIGIN),
        S(elevation=V("Asc", "cascade_dem.asc"), land_cover=V("Asc", "cascade_landcover.asc")),
        V("Inline", S(nodes=nodes, edges=edges)), places, org,
        S(wind_m_s=3.0, wind_from_deg=315.0, cloud_octas=8,
          changes=[S(at="4h", wind_m_s=3.5, wind_from_deg=340.0)]),
        hazards, injects, objectives, plan)
    header = f"""
Cascade: the flood reaches the Hengda chlor-alkali plant (恒达氯碱厂).
Fictional plain-city development zone. Grid {W} x {H} cells of {CELL:g} m ({W * CELL / 1000:g} km x {H * CELL / 1000:g} km);
row 0 is the north edge. The Qinghe runs west to east around row 48 in a 100-m channel 4 m below
the plain, between levees 2.6 m high; the district HQ, depot, hospital and shelter lie on the
higher north bank. South of the river the floodplain falls away south-east; the chemical park
and the plant stand in an old meander hollow 600 m behind the levee, Nanwan village and its
primary school south-east of it, Lijia village to the south-west, Xincun community to the east.
Flood: inflow hydrograph peaking at 460 m³/s at 03:30 and rain to 25 mm/h; the park levee section
breaches at {CASCADE_BREACH_AT}. Leak: `start: WhenFlooded(place: "plant", depth_m: {CASCADE_TRIGGER_M})` — when the water
at the plant is that deep, chlorine is released at 1 kg/s, 3 kg/s after 20 min, 5 kg/s after 40 min,
unless a hazmat team on scene contains it (15 min set-up; cut to 2 %). A hazmat team already on
scene when the release begins contains it 15 min after it is on scene, at the earliest at the start.
NW wind 3 m/s (class D, overcast) carries the gas towards Nanwan; at 04:00 it veers to NNW and
turns the cloud onto the school.
Terrain, land cover and this file: tools/gen_scenarios.py (do not edit by hand; regenerate).
Seats to staff: district_hq (flood-control HQ), town (township), park (park management),
plant_ert (plant shift supervisor), v_nanwan, v_lijia, c_xincun (grid members); the plan plays
any seat nobody holds.
"""
    write_ron(ROOT / "cascade" / "cascade.ron", header, sc, "Scenario")
    write_ron(ROOT / "cascade" / "orders_prompt.ron", """
Cascade, a prompt team: level III and warnings on the red rainstorm warning, engineers to the
park levee, the park shuts the plant down and clears it, the hazmat team pre-positioned at the
plant before the breach, Nanwan and the school evacuated north over the bridge before the water,
police close the floodplain roads, ambulances ready.
Seats held: district_hq, town, park, plant_ert, v_nanwan, v_lijia, c_xincun.
""", CASCADE_PROMPT)
    write_ron(ROOT / "cascade" / "orders_slow.ron", """
Cascade, a slow team: level IV at first, the warning only when the levee breaks, the plant keeps
running and nobody thinks of the chlorine until the gas is out; the hazmat team is sent to the
plant only after the release began, Nanwan is ordered out late and the school is told to stay
put. Seats held: district_hq, town, park, plant_ert, v_nanwan.
""", CASCADE_SLOW)


CASCADE_HOLLOW = (112, 80)
CASCADE_BREACH_COL = 104
CASCADE_BREACH_AT = "2h30m"
CASCADE_TRIGGER_M = 0.5
CASCADE_GAUGE = (11.4, 11.8)   # gauge reading ~11.0 m at the start, rising ~0.4 m/h from 01:00
CASCADE_INJECTS = [
    inject("I01", "00:00:00", "Meteorological bureau 气象局", "district_hq", "Phone",
           "Red rainstorm warning 暴雨红色预警: 100–150 mm in the next 6 hours over the Qinghe basin.",
           "Raise response to level III; warn the township, the park and the villages south of the river (叫应 to grid members).",
           text_zh="暴雨红色预警：预计未来 6 小时清河流域降雨量 100–150 mm。",
           exp_zh="启动Ⅲ级应急响应；向南湾镇、化工园区和清河南岸各村发布预警（叫应到网格员）。"),
    inject("I02", "00:20:00", "Qinghe gauge keeper 水位站", "town", "Phone",
           "Qinghe at the park gauge rising about 0.4 m per hour.",
           "Report to district HQ; pre-position boats south of the river.",
           text_zh="清河园区水位站水位每小时上涨约 0.4 m。",
           exp_zh="向区防汛抗旱指挥部报告；在清河南岸前置冲锋舟。"),
    inject("I03", "00:30:00", "Park monitoring centre 园区监测中心", "park", "Phone",
           "Hengda plant holds 40 t of liquid chlorine in ground-level tanks inside the flood hollow.",
           "Tell the plant to prepare a controlled shutdown; ask district HQ for a hazmat team on standby.",
           text_zh="恒达氯碱厂位于易淹洼地内，地面储罐存有液氯 40 t。",
           exp_zh="通知工厂做好有序停车准备；请求区防汛抗旱指挥部安排危化品救援队待命。"),
    inject("I04", "01:00:00", "Levee patrol 巡堤队", "district_hq", "Radio",
           "Seepage and a small boil at the foot of the park levee section, 600 m north of Hengda.",
           "Engineers with sandbags to the park levee; hazmat team to the plant before the water; warn the park.",
           text_zh="恒达氯碱厂以北 600 m 处园区段堤防堤脚出现渗水和小管涌。",
           exp_zh="抢险队携带沙袋赶赴园区段堤防；危化品救援队在洪水到达前进驻工厂；向化工园区发布预警。"),
    inject("I05", "01:15:00", "Hydrology bureau 水文局", "district_hq", "Phone",
           "Qinghe peak of about 460 m³/s expected at the park between 03:00 and 03:30.",
           "Order evacuation of Nanwan and the plant staff; raise to level II.",
           text_zh="预计清河约 460 m³/s 的洪峰将于 03:00 至 03:30 间抵达园区河段。",
           exp_zh="下令转移南湾村群众和工厂人员；提升至Ⅱ级应急响应。"),
    inject("I06", "01:25:00", "Plant shift supervisor 值长", "plant_ert", "Phone",
           "Chlorine production still running; operators ask whether to shut down and empty the transfer lines.",
           "Shut the plant down now, close the tank valves, clear the staff; report to the park.",
           text_zh="氯气生产装置仍在运行；操作人员请示是否停车并清空输送管线。",
           exp_zh="立即停车，关闭储罐阀门，撤出厂内人员；向化工园区管委会报告。"),
    inject("I07", "01:45:00", "Levee patrol 巡堤队", "town", "Radio",
           "Sand boils behind the park levee; the crest is saturated over 150 m.",
           "Warn Nanwan Red; complete the evacuation; keep the engineers off the crest.",
           text_zh="园区段堤防背水侧出现管涌，堤顶 150 m 范围土体饱和。",
           exp_zh="向南湾村发布红色预警；完成群众转移；抢险队人员撤离堤顶，不得上堤作业。"),
    inject("I08", "02:05:00", "Levee patrol 巡堤队", "district_hq", "Radio",
           "The park levee section has breached over 160 m; water is pouring towards the chemical park.",
           "Raise to level II; boats to Nanwan; close the floodplain roads; hazmat at the plant in SCBA.",
           text_zh="园区段堤防发生溃决，溃口长 160 m，洪水正涌向化工园区。",
           exp_zh="提升至Ⅱ级应急响应；冲锋舟赶赴南湾村；封闭洪泛区道路；危化品救援队佩戴正压式空气呼吸器进驻工厂。"),
    inject("I09", "02:15:00", "Plant shift supervisor 值长", "plant_ert", "Radio",
           "Water at the plant fence and rising; the chlorine tank farm is in the lowest corner.",
           "Everyone out of the plant; hazmat ready to close the valves if a line fails.",
           text_zh="洪水已到厂区围墙且仍在上涨；液氯罐区位于厂区最低处。",
           exp_zh="厂内人员全部撤离；危化品救援队做好准备，一旦管线破裂立即关阀堵漏。"),
    inject("I10", "02:25:00", "Nanwan primary school 南湾小学", "town", "Phone",
           "420 pupils and staff in school; parents cannot get through; head teacher asks what to do.",
           "Evacuate the school north over the bridge by bus before the water; shelter upstairs only if too late.",
           text_zh="420 名师生在校；家长无法前往接送；校长请示如何处置。",
           exp_zh="在洪水到达前用大巴经大桥向北转移学校师生；只有来不及转移时才到楼上就地避险。"),
    inject("I11", "02:45:00", "Traffic police 交警", "district_hq", "Radio",
           "Cars still driving down the bridge road into the floodplain to fetch children.",
           "Close the roads at the south bridgehead (police cordon); divert traffic.",
           text_zh="仍有车辆沿桥头道路驶入洪泛区接孩子。",
           exp_zh="封闭清河大桥南桥头道路（交警设卡警戒）；分流疏导交通。"),
    inject("I12", "03:05:00", "Xincun resident (110 call) 新村居民(110报警)", "c_xincun", "Phone",
           "Strong bleach smell in Xincun; people coughing on the stairs.",
           "Shelter in place (windows shut, ventilation off); report up; ambulances.",
           text_zh="新村社区有强烈的漂白水气味，楼道里有人咳嗽。",
           exp_zh="就地避险（关闭门窗、关停通风）；向上级报告；派救护车。"),
    inject("I13", "03:20:00", "Hospital 区人民医院", "district_hq", "Phone",
           "Patients with chlorine exposure and two with hypothermia arriving; decontamination needed at the door.",
           "Ambulances to the floodplain edge; decontamination before the ER.",
           text_zh="氯气接触患者和两名失温患者正陆续送达；需在医院门口进行洗消。",
           exp_zh="救护车赶赴洪泛区边缘接应；伤员进入急诊前先行洗消。"),
    inject("I14", "03:45:00", "Meteorological bureau 气象局", "district_hq", "Phone",
           "Wind veering NNW 3–4 m/s around 17:00 (in about 15 minutes).",
           "Shelter or evacuate the school and Lijia before the cloud turns; move the cordon.",
           text_zh="约 17:00（约 15 分钟后）风向转为北西北风，风速 3–4 m/s。",
           exp_zh="在毒气云转向前，组织南湾小学和李家村就地避险或转移；调整警戒范围。"),
    inject("I15", "04:15:00", "Lijia grid member 李家网格员", "v_lijia", "Messenger",
           "Elderly residents in Lijia on upper floors, water in the lanes, smell of gas.",
           "Boat rescue; shelter upstairs; report to township.",
           text_zh="李家村老人被困楼上，巷道积水，能闻到毒气气味。",
           exp_zh="派冲锋舟救援；楼上就地避险；向南湾镇报告。"),
    inject("I16", "04:45:00", "Environmental monitoring 生态环境局", "district_hq", "Phone",
           "Floodwater downstream of the park shows chlorine and low pH.",
           "Warn rescue crews; keep people out of the water; sample at the outfall.",
           text_zh="园区下游洪水检出氯，pH 值偏低。",
           exp_zh="提醒救援人员注意防护；禁止人员涉水；在排放口采样监测。"),
    inject("I17", "05:15:00", "Media 记者", "district_hq", "Phone",
           "Drone video of the flooded chemical park and a yellow haze is trending online.",
           "Press statement: what, where, protective actions, hotline; no speculation.",
           text_zh="化工园区被淹、上空弥漫黄色烟雾的无人机视频在网上热传。",
           exp_zh="发布新闻通稿：发生了什么、在哪里、防护措施、咨询热线；不作猜测。"),
]
CASCADE_RULES = [
    rule("R1", "district_hq", V("InjectReceived", "I01"), [
        V("SetLevel", level=V("III")),
        warn(["nanwan", "lijia", "xincun", "school_nw", "plant"], "Yellow", "Phone")]),
    rule("R2", "district_hq", V("InjectReceived", "I04"), [
        dispatch("eng_1", "levee_gate", "Sandbag"),
        dispatch("hazmat_1", "plant", "ContainLeak")]),
    rule("R3", "district_hq", V("GaugeAbove", gauge="gauge_qh", level=V("Warning")), [
        warn(["nanwan", "lijia", "xincun", "school_nw", "plant"], "Orange", "Phone")]),
    rule("R4", "district_hq", V("GaugeAbove", gauge="gauge_qh", level=V("Danger")), [
        V("SetLevel", level=V("II")),
        V("Evacuate", place="nanwan", to="shelter_gym"),
        dispatch("boat_1", "nanwan", "Rescue")]),
    rule("R5", "park", V("InjectReceived", "I03"), [V("Evacuate", place="plant", to="shelter_gym")]),
    rule("R6", "town", V("InjectReceived", "I10"), [V("Evacuate", place="school_nw", to="shelter_gym")]),
    rule("R7", "district_hq", V("ConcentrationAbove", place="xincun", ppm=2.0), [
        V("ShelterInPlace", place="xincun"), dispatch("amb_1", "xincun", "TreatCasualties")]),
    rule("R8", "town", V("HazardWithin", place="lijia", distance_m=600.0), [
        V("Evacuate", place="lijia", to="shelter_gym"), dispatch("boat_2", "lijia", "Rescue")]),
]
CASCADE_PROMPT = [
    order("00:03:00", "district_hq", V("SetLevel", level=V("III"))),
    order("00:04:00", "district_hq", warn(["nanwan", "lijia", "xincun", "school_nw", "plant"], "Orange", "Phone")),
    order("00:06:00", "park", ack("warning")),
    order("00:10:00", "v_nanwan", ack("warning")),
    order("00:10:00", "town", ack("all")),
    order("00:12:00", "c_xincun", ack("warning")),
    order("00:19:00", "v_lijia", ack("warning")),
    order("00:15:00", "district_hq", dispatch("eng_1", "levee_gate", "Sandbag")),
    order("00:21:00", "town", ack("I02")),
    order("00:22:00", "town", msg("district_hq", "Qinghe rising 0.4 m/h at the park gauge; boat team 2 going to Nanwan.")),
    order("00:23:00", "town", dispatch("boat_2", "nanwan", "Rescue")),
    order("00:31:00", "park", ack("I03")),
    order("00:32:00", "park", msg("district_hq", "Hengda: 40 t liquid chlorine in the hollow; shutting down; request hazmat at the plant now.")),
    order("00:33:00", "park", V("Evacuate", place="plant", to="shelter_gym")),
    order("00:34:00", "park", ack("evacuate")),
    order("00:35:00", "district_hq", dispatch("hazmat_1", "plant", "ContainLeak")),
    order("00:36:00", "district_hq", V("Evacuate", place="nanwan", to="shelter_gym")),
    order("00:37:00", "district_hq", dispatch("amb_1", "shelter_gym", "TreatCasualties")),
    order("00:42:00", "v_nanwan", ack("evacuate")),
    order("00:45:00", "town", V("Evacuate", place="school_nw", to="shelter_gym")),
    order("00:46:00", "town", dispatch("bus_1", "school_nw", "Transport")),
    order("00:47:00", "town", ack("evacuate")),
    order("01:02:00", "district_hq", ack("I04")),
    order("01:16:00", "district_hq", ack("I05")),
    order("01:17:00", "district_hq", V("SetLevel", level=V("II"))),
    order("01:18:00", "town", V("Evacuate", place="lijia", to="shelter_gym")),
    order("01:32:00", "v_lijia", ack("evacuate")),
    order("01:26:00", "plant_ert", ack("I06")),
    order("01:27:00", "plant_ert", msg("park", "Plant shut down, tank valves closed, staff out; hazmat on site.")),
    order("01:46:00", "town", ack("I07")),
    order("02:06:00", "district_hq", ack("I08")),
    order("02:07:00", "district_hq", dispatch("boat_1", "nanwan", "Rescue")),
    order("02:08:00", "district_hq", dispatch("police_1", "levee_gate", "Cordon")),
    order("02:09:00", "district_hq", V("CloseRoad", a="bridge_s", b="j_levee")),
    order("02:16:00", "plant_ert", ack("I09")),
    order("02:26:00", "town", ack("I10")),
    order("02:46:00", "district_hq", ack("I11")),
    order("02:47:00", "town", dispatch("police_2", "school_nw", "Cordon")),
    order("03:06:00", "c_xincun", ack("I12")),
    order("03:07:00", "district_hq", V("ShelterInPlace", place="xincun")),
    order("03:08:00", "district_hq", dispatch("amb_2", "xincun", "TreatCasualties")),
    order("03:21:00", "district_hq", ack("I13")),
    order("03:46:00", "district_hq", ack("I14")),
    order("04:16:00", "v_lijia", ack("I15")),
    order("04:46:00", "district_hq", ack("I16")),
    order("05:16:00", "district_hq", ack("I17")),
]
CASCADE_SLOW = [
    order("00:40:00", "district_hq", V("SetLevel", level=V("IV"))),
    order("01:30:00", "district_hq", V("SetLevel", level=V("III"))),
    order("01:40:00", "district_hq", dispatch("eng_1", "levee_gate", "Sandbag")),
    order("02:10:00", "district_hq", warn(["nanwan", "school_nw"], "Orange", "Phone")),
    order("02:30:00", "v_nanwan", ack("warning")),
    order("02:40:00", "district_hq", V("Evacuate", place="nanwan", to="shelter_gym")),
    order("02:45:00", "town", ack("all")),
    order("02:50:00", "park", ack("all")),
    order("03:00:00", "v_nanwan", ack("evacuate")),
    order("03:10:00", "park", V("Evacuate", place="plant", to="shelter_gym")),
    order("03:20:00", "plant_ert", ack("all")),
    order("03:30:00", "district_hq", dispatch("hazmat_1", "plant", "ContainLeak")),
    order("03:40:00", "town", V("ShelterInPlace", place="school_nw")),
    order("03:50:00", "district_hq", dispatch("amb_1", "nanwan", "TreatCasualties")),
]


def main():
    for d in ("flood", "forest_fire", "chemical_leak", "cascade"):
        (ROOT / d).mkdir(parents=True, exist_ok=True)
    flood()
    forest_fire()
    chemical_leak()
    cascade()


if __name__ == "__main__":
    main()
