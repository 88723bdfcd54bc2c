#!/usr/bin/env python3
"""Generate the terrain of the bundled flood exercise (scenarios/flood/riverside_*.asc).

Deterministic (seeded, standard library only): running it again rewrites the same files.
Grid 200 x 150 cells of 20 m (4 km x 3 km), row 0 north. The Qinghe runs west to east
through rows 72-78 in a channel about 3 m below the north plain, falling 1.5 m over the
4 km; levees (14 m) on both banks guard the plains; the south floodplain lies low (9 m).
"""
import math
import random
from pathlib import Path

W, H, CELL = 200, 150, 20.0
OUT = Path(__file__).resolve().parent.parent / "scenarios" / "flood"
rng = random.Random(20260721)

# smooth noise: a few random sine waves
waves = [(rng.uniform(0.01, 0.05), rng.uniform(0.01, 0.05), rng.uniform(0, 6.28), rng.uniform(0.1, 0.35)) for _ in range(6)]


def noise(c, r):
    return sum(a * math.sin(fx * c + fy * r + ph) for fx, fy, ph, a in waves)


elev, cover = [], []
for r in range(H):
    for c in range(W):
        bed = 9.4 - 1.5 * c / (W - 1)  # channel bed falls downstream
        if 72 <= r <= 78:
            z, lc = bed, 98  # river channel, open water
        elif r in (70, 71, 79, 80):
            z, lc = 14.0, 1  # levee crest, grass
        elif r < 72:
            z, lc = 12.5 + 0.012 * (72 - r) + noise(c, r), 93  # north plain, farmland
        else:
            z, lc = 9.0 + 0.01 * (r - 80) + noise(c, r) * 0.5, 93  # low south floodplain
            # Dongwan sits in an old meander hollow right behind the levee
            d = math.hypot(c - 150, r - 92)
            if d < 20:
                z -= 0.6 * (1 - d / 20)
        elev.append(z)
        cover.append(lc)

# villages are built up (urban land cover) around their centres
for (c0, r0) in [(30, 110), (150, 95), (100, 130), (170, 120), (100, 60)]:
    for r in range(r0 - 3, r0 + 4):
        for c in range(c0 - 3, c0 + 4):
            if 0 <= r < H and 0 <= c < W and cover[r * W + c] == 93:
                cover[r * W + c] = 91


def write(name, values, fmt):
    lines = [f"ncols {W}", f"nrows {H}", "xllcorner 500000", "yllcorner 3500000", f"cellsize {CELL:g}", "NODATA_value -9999"]
    for r in range(H):
        lines.append(" ".join(fmt % v for v in values[r * W:(r + 1) * W]))
    (OUT / name).write_text("\n".join(lines) + "\n")


write("riverside_dem.asc", elev, "%.2f")
write("riverside_landcover.asc", cover, "%d")
print("wrote", OUT / "riverside_dem.asc", OUT / "riverside_landcover.asc")
