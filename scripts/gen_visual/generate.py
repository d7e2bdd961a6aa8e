#!/usr/bin/env python3
"""Generate data/visual/neighbors.tsv: visual look-alike neighbours of CJK ideographs.

Every CJK ideograph of GB2312 (both levels), Big5 level 1 and JIS X 0208 is
rendered in one face of the Noto Sans CJK collection (Debian package
fonts-noto-cjk) and described by directional stroke features (gradient
orientation in 4 channels, blurred, 16x16 each). A pair is compared by three
terms (data/visual/README.md has the details and the numbers):

* global: correlation of the whole glyphs, in the em box and in the ink box;
* split: where both glyphs have a clean seam (a path of almost no ink
  through the middle) in the same direction, part-by-part correlation
  weighted by area, or the larger matching part alone, so that a changed
  radical or phonetic scores partially;
* contain: a large part of one glyph against the whole of the other
  (鸭 contains 鸟, 泉 contains 水).

Each term is calibrated to [0, 1] on random pairs (median -> 0, 99th
percentile -> 0.5, 99.9th -> 0.7, identical -> 1); containment is weighted
0.85; the score is the maximum. Each character keeps at most 8 neighbours
scoring >= 0.60 (at most 3 of them by containment); edges are accepted
greedily from the best down, so the lists are symmetric.

Usage:  python3 generate.py [--out DIR] [--font PATH] [--face N] [--report]

Deterministic: two runs on the same machine write identical bytes.
Runtime about 3-6 minutes on 2 cores, peak memory about 3 GB.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE = 2  # Noto Sans CJK SC in the Debian .ttc: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
HI = 128  # render size in pixels (one em)
PAD = 40  # margin so that grown boxes never leave the canvas
MID = 64  # size of the resampled frame
OUT = 16  # size of each directional channel after blur and averaging
DIRECTIONS = 4  # stroke orientation channels (0, 45, 90, 135 degrees)
BLUR = 4.0  # Gaussian sigma in MID pixels
MIN_BOX = 0.6  # the ink box is grown to at least this fraction of an em
CUT_RANGE = (0.3, 0.7)  # where a seam may run, as a fraction of the box
CUT_MAX_INK = 0.12  # a seam is clean if the ink it crosses is at most this share of its length
PART_MIN_BOX = 0.3  # a part's ink box is grown to at least this fraction of an em
CONT_MIN_PART = 0.45  # containment uses only parts covering this share of the box
# Calibration anchors (percentile of a term's raw value over random pairs,
# calibrated score), followed implicitly by (raw 1.0, score 1.0).
ANCHORS = ((50, 0.0), (99, 0.5), (99.9, 0.7))
CONTAIN_WEIGHT = 0.85  # containment is a weaker resemblance than a whole-glyph match
CAL_RANDOM = 200_000  # random pairs for calibration
CAL_SEED = 20240611
KEEP = 8  # neighbours per character
CONTAIN_KEEP = 3  # of which at most this many may come from the containment term
THRESHOLD = 0.60  # minimum calibrated score to list a neighbour
CANDIDATES = 48  # per-row candidates passed to the symmetric selection
CHUNK = 1024

# Pairs that differ by one stroke or one component. Used only to *report*
# their scores; nothing in the computation depends on them.
PROBE_PAIRS = (
    "兔免 师帅 雪雷 洽治 牛午 奥粤 阪坂 阪板 坂板 泉水 吉古 鸭鸟 哈恰 "
    "大太 大犬 太犬 己已 己巳 已巳 未末 土士 日曰 人入 王玉 天夫"
).split()
# Groups of characters sharing only a radical (the other part differs).
RADICAL_GROUPS = (
    "河海湖洋江湾没油波", "打把找投扶抱拉推提", "林村样桥机极树杨",
    "吃听吗叫吧唱呢喝", "你他们住体作使伯", "语说话请认识读谁",
    "花草茶苦英药荣", "家室安定宝客宫害", "红线组织纸结给绿",
    "钱银铁针钟错锅镜",
)


def is_ideograph(c):
    return len(c) == 1 and 0x4E00 <= ord(c) <= 0x9FFF


def charset():
    """CJK unified ideographs of GB2312, Big5 level 1 and JIS X 0208."""
    out = set()
    for codec, rows in (("gb2312", range(0xA1, 0xF8)), ("euc_jp", range(0xA1, 0xFF))):
        for a in rows:
            for b in range(0xA1, 0xFF):
                try:
                    c = bytes([a, b]).decode(codec)
                except UnicodeDecodeError:
                    continue
                if is_ideograph(c):
                    out.add(c)
    for code in range(0xA440, 0xC67F):  # Big5 level 1 (frequent characters)
        try:
            c = code.to_bytes(2, "big").decode("big5")
        except UnicodeDecodeError:
            continue
        if is_ideograph(c):
            out.add(c)
    return sorted(out)


def render(chars, font_path, face):
    font = ImageFont.truetype(font_path, HI, index=face)
    imgs = np.zeros((len(chars), HI, HI), np.uint8)
    baseline = round(0.88 * HI)  # ideographic em box: 880/1000 above the baseline
    for i, c in enumerate(chars):
        im = Image.new("L", (HI, HI), 0)
        ImageDraw.Draw(im).text((0, baseline), c, font=font, fill=255, anchor="ls")
        imgs[i] = np.asarray(im)
    return imgs


def ink_box(a):
    """Ink bounding box grown to at least MIN_BOX of an em on each axis."""
    ys = np.nonzero(a.max(1) > 0)[0]
    xs = np.nonzero(a.max(0) > 0)[0]
    if len(ys) == 0:
        return (0.0, 0.0, float(HI), float(HI))

    def grow(lo, hi):
        m = MIN_BOX * HI
        if hi - lo < m:
            c = (lo + hi) / 2
            lo, hi = c - m / 2, c + m / 2
        return float(lo), float(hi)

    x0, x1 = grow(xs[0], xs[-1] + 1)
    y0, y1 = grow(ys[0], ys[-1] + 1)
    return (x0, y0, x1, y1)


def seam_cut(a, box, axis):
    """The cleanest seam splitting the glyph in two along `axis`, or None.

    axis 1: a top-to-bottom path (left/right parts); axis 0: a left-to-right
    path (top/bottom parts). The path moves at most one pixel sideways per
    step and stays within CUT_RANGE of the box; dynamic programming finds the
    one crossing the least ink (ties: leftmost/topmost end). It is clean if
    the ink it crosses is at most CUT_MAX_INK of its length. Returns
    (fraction, first, second): the mean seam position as a fraction of the
    box, and the two parts as images of the glyph's size.
    """
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0 = max(x0, 0), max(y0, 0)
    x1, y1 = min(x1, HI), min(y1, HI)
    g = a if axis == 1 else a.T
    if axis == 1:
        r0, r1, c0, c1 = y0, y1, x0, x1
    else:
        r0, r1, c0, c1 = x0, x1, y0, y1
    ink = (g[r0:r1, c0:c1] > 127).astype(np.int64)
    h, w = ink.shape
    lo, hi = int(np.ceil(CUT_RANGE[0] * w)), int(np.floor(CUT_RANGE[1] * w))
    if hi <= lo:
        return None
    band = ink[:, lo:hi + 1]
    big = 1 << 40
    m = band[0].copy()
    back = np.zeros(band.shape, np.int64)
    steps = np.array([-1, 0, 1])
    for y in range(1, h):
        left = np.concatenate(([big], m[:-1]))
        right = np.concatenate((m[1:], [big]))
        cand = np.stack([left, m, right])
        k = np.argmin(cand, 0)
        back[y] = steps[k]
        m = cand[k, np.arange(len(m))] + band[y]
    end = int(np.argmin(m))
    if m[end] > CUT_MAX_INK * h:
        return None
    path = np.zeros(h, np.int64)
    path[-1] = end
    for y in range(h - 1, 0, -1):
        path[y - 1] = path[y] + back[y, path[y]]
    cols = path + lo + c0  # seam column per row, in glyph coordinates
    grid = np.arange(g.shape[1])[None, :]
    first = np.zeros_like(g)
    second = np.zeros_like(g)
    rows = slice(r0, r1)
    first[rows] = np.where(grid < cols[:, None], g[rows], 0)
    second[rows] = np.where(grid > cols[:, None], g[rows], 0)
    if axis == 0:
        first, second = first.T, second.T
    return (float(path.mean() + lo) / w, first, second)


def part_box(p):
    """Ink box of a part, grown to at least PART_MIN_BOX of an em on each axis."""
    ys = np.nonzero(p.max(1) > 0)[0]
    xs = np.nonzero(p.max(0) > 0)[0]
    if len(ys) == 0:
        return None

    def grow(lo, hi):
        m = PART_MIN_BOX * HI
        if hi - lo < m:
            c = (lo + hi) / 2
            lo, hi = c - m / 2, c + m / 2
        return float(lo), float(hi)

    px0, px1 = grow(xs[0], xs[-1] + 1)
    py0, py1 = grow(ys[0], ys[-1] + 1)
    return (px0, py0, px1, py1)


def frame(im, box):
    """The `box` region of a padded glyph resampled to MID x MID, ink in [0, 1]."""
    box = tuple(v + PAD for v in box)
    p = im.resize((MID, MID), Image.BILINEAR, box=box)
    return np.asarray(p, np.float32) / 255


def gaussian(x, sigma):
    """Separable Gaussian blur of a batch (n, h, w), zero padding."""
    r = int(3 * sigma)
    k = np.exp(-(np.arange(-r, r + 1) ** 2) / (2 * sigma * sigma))
    k = (k / k.sum()).astype(np.float32)
    n, h, w = x.shape
    p = np.pad(x, ((0, 0), (r, r), (0, 0)))
    y = sum(k[i] * p[:, i : i + h, :] for i in range(2 * r + 1))
    p = np.pad(y, ((0, 0), (0, 0), (r, r)))
    return sum(k[i] * p[:, :, i : i + w] for i in range(2 * r + 1))


def directional(x):
    """Directional stroke features of a batch of MID x MID frames.

    The gradient magnitude is split by orientation (mod 180 degrees) into
    DIRECTIONS channels with linear soft assignment, each channel is blurred
    and averaged down to OUT x OUT; a pixel counts only towards strokes of the
    same direction, the usual feature of handwritten-CJK recognisers.
    Returns (n, DIRECTIONS * OUT * OUT), not yet normalised.
    """
    gy, gx = np.gradient(x, axis=(1, 2))
    mag = np.hypot(gx, gy)
    pos = np.mod(np.arctan2(gy, gx), np.pi) / np.pi * DIRECTIONS
    lo = np.floor(pos).astype(np.int64) % DIRECTIONS
    w = (pos - np.floor(pos)).astype(np.float32)
    f = MID // OUT
    chans = []
    for b in range(DIRECTIONS):
        c = mag * ((lo == b) * (1 - w) + ((lo + 1) % DIRECTIONS == b) * w)
        c = gaussian(c.astype(np.float32), BLUR)
        chans.append(c.reshape(len(x), OUT, f, OUT, f).mean((2, 4)).reshape(len(x), -1))
    return np.concatenate(chans, 1)


def features(imgs):
    """Unit-norm, mean-centred directional features per frame, and cut fractions.

    Frames: em (whole em box), bb (grown ink box), L/R (the parts left and
    right of the clean top-to-bottom seam), T/B (above and below the clean
    left-to-right seam). A part is masked out of the glyph and its own ink box
    stretched to a full frame, so a component is compared at the same size
    wherever it sits. A missing seam leaves zero vectors; the Scorer marks
    terms that need it as undefined.
    """
    n = len(imgs)
    keys = ("em", "bb", "L", "R", "T", "B")
    dim = DIRECTIONS * OUT * OUT
    feats = {k: np.zeros((n, dim), np.float32) for k in keys}
    cutx = np.full(n, np.nan)
    cuty = np.full(n, np.nan)
    batch = 512
    for i0 in range(0, n, batch):
        i1 = min(n, i0 + batch)
        fr = {k: np.zeros((i1 - i0, MID, MID), np.float32) for k in keys}
        for i in range(i0, i1):
            a = imgs[i]
            im = Image.fromarray(np.pad(a, PAD))
            box = ink_box(a)
            x0, y0, x1, y1 = box
            r = i - i0
            fr["em"][r] = frame(im, (0.0, 0.0, float(HI), float(HI)))
            fr["bb"][r] = frame(im, box)
            for axis, first, second, cut in ((1, "L", "R", cutx), (0, "T", "B", cuty)):
                seam = seam_cut(a, box, axis)
                if seam is None:
                    continue
                frac, p1, p2 = seam
                b1, b2 = part_box(p1), part_box(p2)
                if b1 is None or b2 is None:
                    continue
                fr[first][r] = frame(Image.fromarray(np.pad(p1, PAD)), b1)
                fr[second][r] = frame(Image.fromarray(np.pad(p2, PAD)), b2)
                cut[i] = frac
        for k in keys:
            feats[k][i0:i1] = directional(fr[k])
    for v in feats.values():
        v -= v.mean(1, keepdims=True)
        norm = np.linalg.norm(v, axis=1, keepdims=True)
        norm[norm == 0] = 1
        v /= norm  # rows of absent parts are zero and stay zero
    return feats, cutx, cuty


TERMS = ("global", "split", "contain")


class Calibration:
    """Piecewise-linear map of one term's raw value to [0, 1].

    Anchored on random pairs for which the term is defined (ANCHORS): their
    median maps to 0.0, their 99th percentile to 0.5, their 99.9th percentile
    to 0.7, and a raw value of 1.0 (identical features) to 1.0. A raw value
    of -1 (term not defined for the pair) maps to 0.0.
    """

    def __init__(self, random_raw):
        v = random_raw[random_raw > -0.5]
        self.defined = len(v)
        self.xs = np.array([float(np.percentile(v, q)) for q, _ in ANCHORS] + [1.0])
        self.ys = np.array([s for _, s in ANCHORS] + [1.0])

    def __call__(self, raw):
        return np.where(raw > -0.5, np.clip(np.interp(raw, self.xs, self.ys), 0.0, 1.0), 0.0)


class Scorer:
    """Similarity of characters I against J (index arrays).

    `terms` gives the raw value of each term (-1 where it is not defined);
    `score` the calibrated score, the maximum over the calibrated terms.
    """

    def __init__(self, feats, cutx, cuty):
        self.f = feats
        self.cutx = np.nan_to_num(cutx, nan=-1.0)
        self.cuty = np.nan_to_num(cuty, nan=-1.0)
        self.hasx = ~np.isnan(cutx)
        self.hasy = ~np.isnan(cuty)
        self.cal = None

    def terms(self, I, J, pairwise=False):
        """Raw terms, each of shape (len(I), len(J)), or (len(I),) if pairwise."""
        f = self.f

        def sim(a, b):
            A, B = f[a][I], f[b][J]
            return (A * B).sum(1) if pairwise else A @ B.T

        def outer(x, op):
            return op(x[I], x[J]) if pairwise else op(x[I][:, None], x[J][None, :])

        glob = np.maximum(sim("em", "em"), sim("bb", "bb"))
        # split: area-weighted part-by-part similarity where both have the cut
        wx = outer(self.cutx, lambda a, b: (a + b) / 2)
        wy = outer(self.cuty, lambda a, b: (a + b) / 2)
        def part_split(w, s1, s2):
            avg = w * s1 + (1 - w) * s2
            # a large part that is the same counts even if the other differs
            wc = np.clip(w, 0.0, 1.0)
            one = np.maximum(s1 * np.sqrt(wc), s2 * np.sqrt(1 - wc))
            return np.maximum(avg, one)

        sx = np.where(outer(self.hasx, np.logical_and), part_split(wx, sim("L", "L"), sim("R", "R")), -1)
        sy = np.where(outer(self.hasy, np.logical_and), part_split(wy, sim("T", "T"), sim("B", "B")), -1)
        split = np.maximum(sx, sy)
        # containment: a large part of one against the whole of the other
        big = {
            "L": self.hasx & (self.cutx >= CONT_MIN_PART),
            "R": self.hasx & (1 - self.cutx >= CONT_MIN_PART),
            "T": self.hasy & (self.cuty >= CONT_MIN_PART),
            "B": self.hasy & (1 - self.cuty >= CONT_MIN_PART),
        }
        cont = None
        for p in "LRTB":
            ok_i, ok_j = big[p][I], big[p][J]
            if not pairwise:
                ok_i, ok_j = ok_i[:, None], ok_j[None, :]
            c = np.maximum(np.where(ok_i, sim(p, "bb"), -1), np.where(ok_j, sim("bb", p), -1))
            cont = c if cont is None else np.maximum(cont, c)
        return {"global": glob, "split": split, "contain": cont}

    def fit(self, pairs):
        """Calibrate every term on random pairs (k, 2)."""
        t = self.terms(pairs[:, 0], pairs[:, 1], pairwise=True)
        self.cal = {k: Calibration(t[k]) for k in TERMS}

    def calibrated(self, t):
        c = {k: self.cal[k](t[k]) for k in TERMS}
        c["contain"] = CONTAIN_WEIGHT * c["contain"]
        return c

    def score(self, I, J, pairwise=False):
        c = self.calibrated(self.terms(I, J, pairwise))
        return np.maximum(np.maximum(c["global"], c["split"]), c["contain"])

    def score_and_kind(self, I, J):
        """Scores (len(I), len(J)) and whether containment alone produced each."""
        c = self.calibrated(self.terms(I, J))
        whole = np.maximum(c["global"], c["split"])
        return np.maximum(whole, c["contain"]), c["contain"] > whole


def random_pairs(n, k, seed):
    rng = np.random.default_rng(seed)
    p = rng.integers(0, n, (k, 2))
    return p[p[:, 0] != p[:, 1]]


def quantized(s):
    """Scores as integer hundredths; the table and the selection both use these."""
    return np.floor(s * 100 + 0.5).astype(np.int64)


def candidates(scorer, n):
    """Edges {(a, b): (hundredths, by_containment)} with a < b and score >= THRESHOLD.

    Each row contributes at most CANDIDATES edges (best score first, then
    lower index), which is far more than KEEP and keeps memory small.
    """
    edges = {}
    thr = int(round(THRESHOLD * 100))
    J = np.arange(n)
    for i0 in range(0, n, CHUNK):
        I = np.arange(i0, min(n, i0 + CHUNK))
        s, kind = scorer.score_and_kind(I, J)
        q = quantized(s)
        q[np.arange(len(I)), I] = -1
        for r, i in enumerate(I):
            row = q[r]
            js = np.nonzero(row >= thr)[0]
            if len(js) > CANDIDATES:
                js = js[np.lexsort((js, -row[js]))[:CANDIDATES]]
            for j in js:
                key = (i, int(j)) if i < j else (int(j), i)
                if key not in edges:  # first computation wins: deterministic
                    edges[key] = (int(row[j]), bool(kind[r, j]))
        print(f"  rows {I[-1] + 1}/{n}", file=sys.stderr, flush=True)
    return edges


def select(edges, chars):
    """Greedy symmetric selection of neighbour lists.

    Edges are taken best score first (ties by the two characters); an edge is
    accepted while both ends have fewer than KEEP neighbours and, for an edge
    due to containment, fewer than CONTAIN_KEEP such neighbours, so that a
    common component (古 in 估 咕 姑 ...) does not crowd out one-stroke
    look-alikes. The result is symmetric with equal scores by construction.
    """
    order = sorted(edges.items(), key=lambda e: (-e[1][0], chars[e[0][0]], chars[e[0][1]]))
    deg = {}
    cdeg = {}
    lists = {}
    for (a, b), (s, by_contain) in order:
        if deg.get(a, 0) >= KEEP or deg.get(b, 0) >= KEEP:
            continue
        if by_contain:
            if cdeg.get(a, 0) >= CONTAIN_KEEP or cdeg.get(b, 0) >= CONTAIN_KEEP:
                continue
            cdeg[a] = cdeg.get(a, 0) + 1
            cdeg[b] = cdeg.get(b, 0) + 1
        deg[a] = deg.get(a, 0) + 1
        deg[b] = deg.get(b, 0) + 1
        lists.setdefault(a, []).append((b, s))
        lists.setdefault(b, []).append((a, s))
    return lists


def font_version():
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "fonts-noto-cjk"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_table(path, chars, lists, source):
    lines = [
        f"# markwatch-table visual-neighbors v1; source: {source}; "
        "licence: derived from glyph shapes of Noto Sans CJK, SIL Open Font License 1.1\n"
    ]
    rows = []
    for i, nb in lists.items():
        nb = sorted(nb, key=lambda t: (-t[1], chars[t[0]]))
        rows.append((chars[i], " ".join(f"{chars[j]}:{s / 100:.2f}" for j, s in nb)))
    rows.sort()
    lines += [f"{c}\t{r}\n" for c, r in rows]
    data = "".join(lines).encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    return data


def report(scorer, chars, idx, lists):
    """Print the calibration tables (markdown) quoted in data/visual/README.md."""
    n = len(chars)

    def pair_scores(pairs):
        I = np.array([idx[a] for a, _ in pairs])
        J = np.array([idx[b] for _, b in pairs])
        t = scorer.terms(I, J, pairwise=True)
        c = scorer.calibrated(t)
        return t, np.maximum(np.maximum(c["global"], c["split"]), c["contain"])

    def fmt(x):
        return "–" if x < -0.5 else f"{x:.2f}"

    print("\n### Calibration anchors (raw value of random pairs)\n")
    head = " | ".join(f"p{q} -> {s:.2f}" for q, s in ANCHORS)
    print(f"| term | random pairs where defined | {head} |")
    print("|---|---|" + "---|" * len(ANCHORS))
    for k in TERMS:
        c = scorer.cal[k]
        print(f"| {k} | {c.defined} | " + " | ".join(f"{x:.3f}" for x in c.xs[:-1]) + " |")

    print("\n### Probe pairs (one stroke or one component apart)\n")
    print("| pair | global raw | split raw | contain raw | score | listed |")
    print("|---|---|---|---|---|---|")
    pairs = [(p[0], p[1]) for p in PROBE_PAIRS]
    t, sc = pair_scores(pairs)
    for k, (a, b) in enumerate(pairs):
        listed = any(chars[j] == b for j, _ in lists.get(idx[a], []))
        print(
            f"| {a} {b} | {fmt(t['global'][k])} | {fmt(t['split'][k])} | {fmt(t['contain'][k])} "
            f"| {sc[k]:.2f} | {'yes' if listed else 'no'} |"
        )
    rad = [(g[i], g[j]) for g in RADICAL_GROUPS for i in range(len(g)) for j in range(i + 1, len(g))]
    _, rsc = pair_scores(rad)
    P = random_pairs(n, CAL_RANDOM, CAL_SEED + 1)  # held out from the calibration
    rr = scorer.score(P[:, 0], P[:, 1], pairwise=True)
    print("\n### Distribution of the final score\n")
    print(f"| set | pairs | p50 | p90 | p99 | p99.9 | max | share >= {THRESHOLD:.2f} |")
    print("|---|---|---|---|---|---|---|---|")
    for name, v in (("probe pairs", sc), ("shared radical only", rsc), ("random pairs (held out)", rr)):
        q = np.percentile(v, [50, 90, 99, 99.9])
        print(
            f"| {name} | {len(v)} | {q[0]:.2f} | {q[1]:.2f} | {q[2]:.2f} | {q[3]:.2f} "
            f"| {v.max():.2f} | {np.mean(quantized(v) >= round(THRESHOLD * 100)):.4f} |"
        )
    sizes = np.bincount([len(v) for v in lists.values()], minlength=KEEP + 1)
    print(f"\nneighbours per listed character (0..{KEEP}): {sizes.tolist()}; characters without neighbours: {n - len(lists)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "data", "visual"))
    ap.add_argument("--font", default=FONT)
    ap.add_argument("--face", type=int, default=FACE)
    ap.add_argument("--report", action="store_true", help="print calibration tables")
    ap.add_argument("--cache", help="features .npz to reuse (written if missing); for development")
    args = ap.parse_args()
    if not os.path.exists(args.font):
        sys.exit(f"font not found: {args.font} (run install.sh)")

    t0 = time.time()
    chars = charset()
    idx = {c: i for i, c in enumerate(chars)}
    n = len(chars)
    face = ImageFont.truetype(args.font, HI, index=args.face).getname()
    print(f"{n} characters; face {face[0]} {face[1]}", file=sys.stderr)
    if args.cache and os.path.exists(args.cache):
        z = np.load(args.cache)
        feats = {k: z[k] for k in ("em", "bb", "L", "R", "T", "B")}
        cutx, cuty = z["cutx"], z["cuty"]
    else:
        imgs = render(chars, args.font, args.face)
        feats, cutx, cuty = features(imgs)
        if args.cache:
            np.savez(args.cache, cutx=cutx, cuty=cuty, **feats)
    print(
        f"features {time.time() - t0:.1f}s; vertical cuts {np.sum(~np.isnan(cutx))}, "
        f"horizontal cuts {np.sum(~np.isnan(cuty))}",
        file=sys.stderr,
    )
    scorer = Scorer(feats, cutx, cuty)
    P = random_pairs(n, CAL_RANDOM, CAL_SEED)
    scorer.fit(P)
    edges = candidates(scorer, n)
    lists = select(edges, chars)
    print(f"all pairs {time.time() - t0:.1f}s; {len(edges)} candidate edges", file=sys.stderr)

    source = f"fonts-noto-cjk {font_version()}, {face[0]} {face[1]} (NotoSansCJK-Regular.ttc index {args.face})"
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "neighbors.tsv")
    data = write_table(path, chars, lists, source)
    print(
        f"wrote {path}: {len(lists)} rows, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}; "
        f"total {time.time() - t0:.1f}s",
        file=sys.stderr,
    )
    if args.report:
        report(scorer, chars, idx, lists)


if __name__ == "__main__":
    main()
