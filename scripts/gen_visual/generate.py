#!/usr/bin/env python3
"""Generate data/visual/neighbors.tsv: visual look-alike neighbours of CJK ideographs and kana.

Every CJK ideograph of GB2312 (both levels), Big5 level 1 and JIS X 0208 is
rendered in one face of the Noto Sans CJK collection (Debian package
fonts-noto-cjk) and described by directional stroke features (gradient
orientation in 4 channels, blurred, 16x16 each) of several frames: the whole
glyph, the parts on either side of a clean seam, fixed layout boxes (halves,
larger sides of thirds) and an enclosure with its contents. A pair is scored
by four kinds of resemblance (data/visual/README.md has the details and the
numbers):

* glyph: the whole glyphs correlate (global), or both split at a clean seam
  and part-by-part correlate (split), so that one stroke or one component
  apart is close (兔/免, 洽/治);
* has / in: a large part of one (a seam part or a half box) against the whole
  of the other (鸭 has 鸟, 泉 has 水);
* shares: the same layout box of both, cropped, or their enclosures with
  contents, correlate: a large part in common, the rest different (哈/恰 share
  合, 奥/粤 share 米 in a frame).

Each term is calibrated to [0, 1] on random pairs (median -> 0, 99th
percentile -> 0.5, 99.9th -> 0.7, identical -> 1); the part kinds are weighted
0.85; a pair's score is the best kind. Each character keeps its 8 best glyph
neighbours, 4 best shared-part neighbours and 3 best parts (scores >= 0.60);
a pair is listed if either character keeps it, so the table is symmetric.

Kana (hiragana U+3041-3096, katakana U+30A1-30FA, ー) are a separate group:
compared with kana only, by the whole-glyph term only, calibrated on random
kana pairs of two different letters (kana_calibration_pairs says why). The
ideograph rows do not depend on the kana, so --kana-only recomputes the kana
rows in seconds and merges them into the table on disk: the bytes are those
of a full run.

Usage:  python3 generate.py [--out DIR] [--font PATH] [--face N] [--report] [--kana-only]

Deterministic: two runs on the same machine write identical bytes.
Runtime about 4 minutes of CPU (8-10 minutes wall clock on 2 busy cores),
peak memory about 4 GB.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import time
import unicodedata

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

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
# Layout boxes, as fractions (x0, y0, x1, y1) of the grown ink box: either side
# of a left/right or top/bottom split at 1/2, and the larger side of a split at
# 1/3. Each box is cropped and its own ink box stretched to a frame.
BOXES = {
    "l50": (0.0, 0.0, 0.5, 1.0), "l65": (0.0, 0.0, 0.65, 1.0),
    "r50": (0.5, 0.0, 1.0, 1.0), "r35": (0.35, 0.0, 1.0, 1.0),
    "t50": (0.0, 0.0, 1.0, 0.5), "t65": (0.0, 0.0, 1.0, 0.65),
    "b50": (0.0, 0.5, 1.0, 1.0), "b35": (0.0, 0.35, 1.0, 1.0),
}
CONTAIN_BOXES = ("l50", "r50", "t50", "b50")  # crops compared with whole glyphs
ENC_MIN_FILL = 0.25  # an enclosure's contents fill at least this share of its box
# Calibration anchors (percentile of a term's raw value over random pairs,
# calibrated score), followed implicitly by (raw 1.0, score 1.0).
ANCHORS = ((50, 0.0), (99, 0.5), (99.9, 0.7))
CONTAIN_WEIGHT = 0.85  # containment is a weaker resemblance than a whole-glyph match
SHARED_WEIGHT = 0.85  # so is a shared large part with the rest different
CAL_RANDOM = 200_000  # random pairs for calibration
CAL_SEED = 20240611
KEEP = 8  # whole-glyph neighbours each character keeps
SHARED_KEEP = 4  # shared-part neighbours each character keeps
CONTAIN_KEEP = 3  # parts each character keeps (鸭: 鸟)
THRESHOLD = 0.60  # minimum calibrated score to list a neighbour
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


def kana_charset():
    """Hiragana U+3041-3096, katakana U+30A1-30FA and the prolonged sound mark ー.

    Kana are compared only with kana (a separate group with its own
    calibration): their shapes are simpler and smaller than ideographs, and a
    kana beside an ideograph is a different script, not a look-alike.
    """
    out = [chr(c) for c in range(0x3041, 0x3097)] + [chr(c) for c in range(0x30A1, 0x30FB)]
    return sorted(out + ["\u30fc"])


def is_kana(c):
    return len(c) == 1 and (0x3041 <= ord(c) <= 0x3096 or 0x30A1 <= ord(c) <= 0x30FA or c == "\u30fc")


def render(chars, font_path, face):
    font = ImageFont.truetype(font_path, HI, index=face)
    imgs = np.zeros((len(chars), HI, HI), np.uint8)
    baseline = round(0.88 * HI)  # ideographic em box: 880/1000 above the baseline
    for i, c in enumerate(chars):
        im = Image.new("L", (HI, HI), 0)
        ImageDraw.Draw(im).text((0, baseline), c, font=font, fill=255, anchor="ls")
        imgs[i] = np.asarray(im)
    return imgs


def grow(lo, hi, min_frac):
    """The span lo..hi widened about its centre to at least min_frac of an em."""
    m = min_frac * HI
    if hi - lo < m:
        c = (lo + hi) / 2
        lo, hi = c - m / 2, c + m / 2
    return float(lo), float(hi)


def ink_box(a):
    """Ink bounding box grown to at least MIN_BOX of an em on each axis."""
    ys = np.nonzero(a.max(1) > 0)[0]
    xs = np.nonzero(a.max(0) > 0)[0]
    if len(ys) == 0:
        return (0.0, 0.0, float(HI), float(HI))

    x0, x1 = grow(xs[0], xs[-1] + 1, MIN_BOX)
    y0, y1 = grow(ys[0], ys[-1] + 1, MIN_BOX)
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

    px0, px1 = grow(xs[0], xs[-1] + 1, PART_MIN_BOX)
    py0, py1 = grow(ys[0], ys[-1] + 1, PART_MIN_BOX)
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


def box_crops(a, box):
    """The BOXES crops of glyph `a` with grown ink box `box`, as frames.

    The ink outside the box is masked out (a straight cut, unlike a seam) and
    the remaining ink's own box, grown to at least PART_MIN_BOX of an em, is
    stretched to a frame, as for seam parts. A box without ink is left out.
    """
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    out = {}
    for k, (fx0, fy0, fx1, fy1) in BOXES.items():
        cx0, cx1 = int(round(x0 + fx0 * w)), int(round(x0 + fx1 * w))
        cy0, cy1 = int(round(y0 + fy0 * h)), int(round(y0 + fy1 * h))
        p = np.zeros_like(a)
        p[max(cy0, 0):max(cy1, 0), max(cx0, 0):max(cx1, 0)] = a[
            max(cy0, 0):max(cy1, 0), max(cx0, 0):max(cx1, 0)
        ]
        pb = part_box(p)
        if pb is not None:
            out[k] = frame(Image.fromarray(np.pad(p, PAD)), pb)
    return out


def enclosure(a):
    """The enclosure of glyph `a` and what it encloses, as two frames, or None.

    Connected components of the ink (8-connected, ink > 127) are found; the
    enclosure is the component with the largest box that strictly holds the
    boxes of other components, which together fill at least ENC_MIN_FILL of
    it (囗 in 国, 冂 in the top of 奥; not the roof of 釒 over its dots), ties
    to the first in scan order. Returns (frame of all ink inside the
    enclosure's box, frame of the enclosed components alone), or None.
    """
    lab, count = ndimage.label(a > 127, structure=np.ones((3, 3), int))
    if count < 2:
        return None
    boxes = ndimage.find_objects(lab)
    best = None
    for i, (ys, xs) in enumerate(boxes):
        inner = [
            j + 1
            for j, (ty, tx) in enumerate(boxes)
            if j != i and ty.start > ys.start and ty.stop < ys.stop and tx.start > xs.start and tx.stop < xs.stop
        ]
        if not inner:
            continue
        area = (ys.stop - ys.start) * (xs.stop - xs.start)
        held = [boxes[j - 1] for j in inner]
        fill_y = max(t.stop for t, _ in held) - min(t.start for t, _ in held)
        fill_x = max(t.stop for _, t in held) - min(t.start for _, t in held)
        if fill_y * fill_x >= ENC_MIN_FILL * area and (best is None or area > best[0]):
            best = (area, ys, xs, inner)
    if best is None:
        return None
    _, ys, xs, inner = best
    whole = np.zeros_like(a)
    whole[ys, xs] = a[ys, xs]
    held = np.where(np.isin(lab, inner), a, 0).astype(a.dtype)
    out = []
    for p in (whole, held):
        out.append(frame(Image.fromarray(np.pad(p, PAD)), part_box(p)))
    return out


FRAMES = ("em", "bb", "L", "R", "T", "B") + tuple(BOXES) + ("enc", "ins")


def features(imgs):
    """Unit-norm, mean-centred directional features per frame, and cut fractions.

    Frames: em (whole em box), bb (grown ink box), L/R (the parts left and
    right of the clean top-to-bottom seam), T/B (above and below the clean
    left-to-right seam), one per layout box (BOXES), enc/ins (an enclosure
    with its contents, and the contents alone). A part is masked out of the
    glyph and its own ink box stretched to a full frame, so a component is
    compared at the same size wherever it sits. A missing seam or enclosure
    leaves zero vectors; the Scorer marks terms that need it as undefined.
    """
    n = len(imgs)
    keys = FRAMES
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
            for k, crop in box_crops(a, box).items():
                fr[k][r] = crop
            enc = enclosure(a)
            if enc is not None:
                fr["enc"][r], fr["ins"][r] = enc
        for k in keys:
            feats[k][i0:i1] = directional(fr[k])
    for v in feats.values():
        v -= v.mean(1, keepdims=True)
        norm = np.linalg.norm(v, axis=1, keepdims=True)
        norm[norm == 0] = 1
        v /= norm  # rows of absent parts are zero and stay zero
    return feats, cutx, cuty


TERMS = ("global", "split", "contain", "shared", "enclosure")
# Kinds of a listed pair, from the row's point of view; the table writes no
# suffix for "glyph" (whole shapes alike) and ":has", ":in", ":shares" for the rest.
KINDS = ("glyph", "shares", "has", "in")
# A character chooses the parts it contains ("has"), not the characters that
# contain it: those see it through their own choice (every 鸟 character keeps
# 鸟), so "in" pairs come only from the other side.
KEEP_BY_KIND = {"glyph": KEEP, "shares": SHARED_KEEP, "has": CONTAIN_KEEP, "in": 0}


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
    `score_and_kind` the calibrated score, the maximum over the weighted
    calibrated terms, and which kind of resemblance produced it.
    """

    def __init__(self, feats, cutx, cuty):
        self.f = feats
        self.cutx = np.nan_to_num(cutx, nan=-1.0)
        self.cuty = np.nan_to_num(cuty, nan=-1.0)
        self.hasx = ~np.isnan(cutx)
        self.hasy = ~np.isnan(cuty)
        self.hasenc = np.any(feats["enc"] != 0, axis=1)
        self.cal = None
        self.box_cal = None

    def _sim(self, I, J, pairwise):
        f = self.f

        def sim(a, b):
            A, B = f[a][I], f[b][J]
            return (A * B).sum(1) if pairwise else A @ B.T

        return sim

    def _outer(self, I, J, pairwise):
        def outer(x, op):
            return op(x[I], x[J]) if pairwise else op(x[I][:, None], x[J][None, :])

        return outer

    def box_terms(self, I, J, pairwise=False):
        """Raw shared-part value per box: the same box of both, cropped.

        For `enc` the mean of the enclosures' (with their contents) and the
        contents' correlations, -1 unless both glyphs have an enclosure.
        """
        sim, outer = self._sim(I, J, pairwise), self._outer(I, J, pairwise)
        out = {k: sim(k, k) for k in BOXES}
        both = outer(self.hasenc, np.logical_and)
        out["enc"] = np.where(both, (sim("enc", "enc") + sim("ins", "ins")) / 2, -1)
        return out

    def terms(self, I, J, pairwise=False):
        """Raw terms, each of shape (len(I), len(J)), or (len(I),) if pairwise.

        `has`/`in`: a part of I against the whole of J / the whole of I
        against a part of J; `contain` is their maximum. `shared` is the best
        per-box calibrated value (so boxes with different spreads compare).
        """
        sim, outer = self._sim(I, J, pairwise), self._outer(I, J, pairwise)
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
        # containment: a large seam part or a half-box crop of one against the whole other
        big = {
            "L": self.hasx & (self.cutx >= CONT_MIN_PART),
            "R": self.hasx & (1 - self.cutx >= CONT_MIN_PART),
            "T": self.hasy & (self.cuty >= CONT_MIN_PART),
            "B": self.hasy & (1 - self.cuty >= CONT_MIN_PART),
        }
        has = isin = None
        for p in "LRTB":
            ok_i, ok_j = big[p][I], big[p][J]
            if not pairwise:
                ok_i, ok_j = ok_i[:, None], ok_j[None, :]
            h = np.where(ok_i, sim(p, "bb"), -1)
            n = np.where(ok_j, sim("bb", p), -1)
            has = h if has is None else np.maximum(has, h)
            isin = n if isin is None else np.maximum(isin, n)
        for k in CONTAIN_BOXES:
            has = np.maximum(has, sim(k, "bb"))
            isin = np.maximum(isin, sim("bb", k))
        out = {"global": glob, "split": split, "has": has, "in": isin, "contain": np.maximum(has, isin)}
        if self.box_cal is not None:
            bt = self.box_terms(I, J, pairwise)
            shared = None
            for k in BOXES:
                c = self.box_cal[k](bt[k])
                shared = c if shared is None else np.maximum(shared, c)
            out["shared"] = shared
            out["enclosure"] = bt["enc"]
        return out

    def fit(self, pairs):
        """Calibrate every box and every term on random pairs (k, 2)."""
        I, J = pairs[:, 0], pairs[:, 1]
        self.box_cal = None
        bt = self.box_terms(I, J, pairwise=True)
        self.box_cal = {k: Calibration(bt[k]) for k in BOXES}
        t = self.terms(I, J, pairwise=True)
        self.cal = {k: Calibration(t[k]) for k in TERMS}
        # Only about 1 % of random pairs both have an enclosure, and among
        # those the frame itself is common (囗): the enclosure with its
        # contents is put on the whole-glyph scale instead of its own.
        self.cal["enclosure"] = self.cal["global"]

    def calibrated(self, t):
        """Weighted calibrated terms: glyph (global or split), shares, has, in."""
        return {
            "glyph": np.maximum(self.cal["global"](t["global"]), self.cal["split"](t["split"])),
            "shares": SHARED_WEIGHT
            * np.maximum(self.cal["shared"](t["shared"]), self.cal["enclosure"](t["enclosure"])),
            "has": CONTAIN_WEIGHT * self.cal["contain"](t["has"]),
            "in": CONTAIN_WEIGHT * self.cal["contain"](t["in"]),
        }

    def by_kind(self, I, J, pairwise=False):
        """Weighted calibrated scores, stacked in KINDS order."""
        c = self.calibrated(self.terms(I, J, pairwise))
        return np.stack([c[k] for k in KINDS])

    def score_and_kind(self, I, J, pairwise=False):
        """Scores and kinds (index into KINDS; the first of equal terms wins)."""
        stack = self.by_kind(I, J, pairwise)
        return stack.max(0), stack.argmax(0)

    def score(self, I, J, pairwise=False):
        return self.score_and_kind(I, J, pairwise)[0]


def random_pairs(n, k, seed):
    rng = np.random.default_rng(seed)
    p = rng.integers(0, n, (k, 2))
    return p[p[:, 0] != p[:, 1]]


def quantized(s):
    """Scores as integer hundredths; the table and the selection both use these."""
    return np.floor(s * 100 + 0.5).astype(np.int64)


FLIP = {0: 0, 1: 1, 2: 3, 3: 2}  # kind seen from the other character


def select(scorer, n):
    """Edges {(a, b): (hundredths, kind seen from a)} with a < b.

    Every character keeps, for each kind, its KEEP_BY_KIND best pairs by that
    kind's score, if it is >= THRESHOLD (best first, then lower index). A
    shared part counts only where it is the best kind of the pair and neither
    character contains the other with a score >= THRESHOLD (懊 shares the top
    of 奥 because it contains all of 奥). A pair is listed if either of
    its characters keeps it, with its score (the best over kinds) and the
    kind of that score. The table is symmetric by
    construction and has at most n * sum(KEEP_BY_KIND) pairs, though one
    character may be kept by many others (鸟, a part of every 鸟 character).
    Where both characters keep a pair, the first computation wins (rows in
    index order), so the result is deterministic.
    """
    edges = {}
    thr = int(round(THRESHOLD * 100))
    J = np.arange(n)
    for i0 in range(0, n, CHUNK):
        I = np.arange(i0, min(n, i0 + CHUNK))
        qk = quantized(scorer.by_kind(I, J))
        qk[:, np.arange(len(I)), I] = -1
        q, kind = qk.max(0), qk.argmax(0)
        # a shared part counts where it is the best kind and neither contains the other
        contains = np.maximum(qk[KINDS.index("has")], qk[KINDS.index("in")]) >= thr
        shares_best = kind == KINDS.index("shares")
        for r, i in enumerate(I):
            row = q[r]
            for k, name in enumerate(KINDS):
                own = qk[k, r]
                ok = own >= thr
                if name == "shares":
                    ok &= shares_best[r] & ~contains[r]
                js = np.nonzero(ok)[0]
                js = js[np.lexsort((js, -own[js]))[: KEEP_BY_KIND[name]]]
                for j in js:
                    j, best = int(j), int(kind[r, j])
                    key, kd = ((i, j), best) if i < j else ((j, i), FLIP[best])
                    if key not in edges:
                        edges[key] = (int(row[j]), kd)
        print(f"  rows {I[-1] + 1}/{n}", file=sys.stderr, flush=True)
    lists = {}
    for (a, b), (s, k) in edges.items():
        lists.setdefault(a, []).append((b, s, k))
        lists.setdefault(b, []).append((a, s, FLIP[k]))
    return edges, lists


def whole_features(imgs):
    """Unit-norm, mean-centred directional features of the em and bb frames only.

    The kana group uses the whole-glyph channel alone: no seams, layout boxes
    or enclosures (a kana has too few strokes for its parts to mean much).
    """
    n = len(imgs)
    fr = {k: np.zeros((n, MID, MID), np.float32) for k in ("em", "bb")}
    for i, a in enumerate(imgs):
        im = Image.fromarray(np.pad(a, PAD))
        fr["em"][i] = frame(im, (0.0, 0.0, float(HI), float(HI)))
        fr["bb"][i] = frame(im, ink_box(a))
    feats = {}
    for k, v in fr.items():
        v = directional(v)
        v -= v.mean(1, keepdims=True)
        norm = np.linalg.norm(v, axis=1, keepdims=True)
        norm[norm == 0] = 1
        feats[k] = v / norm
    return feats


class WholeScorer:
    """Whole-glyph similarity within one group (the kana): `global` only.

    global = max(corr(em_a, em_b), corr(bb_a, bb_b)), calibrated like the
    ideographs' terms (Calibration) but on random pairs of the group itself,
    so a kana score says how unusual the resemblance is among kana.
    """

    def __init__(self, feats):
        self.f = feats
        self.cal = None

    def raw(self, I, J, pairwise=False):
        f = self.f
        if pairwise:
            return np.maximum((f["em"][I] * f["em"][J]).sum(1), (f["bb"][I] * f["bb"][J]).sum(1))
        return np.maximum(f["em"][I] @ f["em"][J].T, f["bb"][I] @ f["bb"][J].T)

    def fit(self, pairs):
        self.cal = Calibration(self.raw(pairs[:, 0], pairs[:, 1], pairwise=True))

    def score(self, I, J, pairwise=False):
        return self.cal(self.raw(I, J, pairwise))


def select_whole(scorer, n):
    """Edges and symmetric lists like `select`, for a WholeScorer: glyph pairs only.

    Every character keeps its KEEP best pairs with a score >= THRESHOLD (best
    first, then lower index); a pair is listed if either character keeps it.
    """
    edges = {}
    thr = int(round(THRESHOLD * 100))
    I = np.arange(n)
    q = quantized(scorer.score(I, I))
    q[I, I] = -1
    for i in range(n):
        js = np.nonzero(q[i] >= thr)[0]
        js = js[np.lexsort((js, -q[i, js]))[:KEEP]]
        for j in js:
            j = int(j)
            key = (i, j) if i < j else (j, i)
            edges.setdefault(key, (int(q[i, j]), 0))
    lists = {}
    for (a, b), (s, k) in edges.items():
        lists.setdefault(a, []).append((b, s, k))
        lists.setdefault(b, []).append((a, s, k))
    return edges, lists


def kana_letter(c):
    """The letter a kana is a form of: its Unicode name without script, size and voicing.

    ぁ, あ, ア, ァ are forms of A; か, が, カ, ガ, ゕ, ヵ of KA (the voicing mark
    is removed by canonical decomposition first).
    """
    n = unicodedata.name(unicodedata.normalize("NFD", c)[0])
    for w in ("HIRAGANA-KATAKANA ", "HIRAGANA ", "KATAKANA ", "LETTER ", "SMALL "):
        n = n.replace(w, "")
    return n


def kana_calibration_pairs(kana):
    """Random kana pairs (CAL_RANDOM draws, CAL_SEED) of two different letters.

    Two forms of one letter (small and normal size, with and without a voicing
    mark, hiragana and katakana of one sound: ぁ/あ, か/が, へ/ヘ) are drawn
    nearly alike by design; with 177 characters they are 1.8 % of all pairs
    and would make the 99.9th percentile the raw value of an identical shape
    (0.99), so that nothing else could reach the listing threshold. They are
    scored and listed like any pair, only left out of the anchors.
    """
    letters = np.array([kana_letter(c) for c in kana])
    p = random_pairs(len(kana), CAL_RANDOM, CAL_SEED)
    return p[letters[p[:, 0]] != letters[p[:, 1]]]


def kana_group(font, face):
    """The kana characters, their scorer (calibrated) and neighbour lists."""
    kana = kana_charset()
    scorer = WholeScorer(whole_features(render(kana, font, face)))
    scorer.fit(kana_calibration_pairs(kana))
    edges, lists = select_whole(scorer, len(kana))
    return kana, scorer, edges, lists


def kana_report(kana, scorer, lists):
    """Print the kana calibration and score distribution (markdown)."""
    n = len(kana)
    c = scorer.cal
    print("\n#### Kana (whole glyph only, calibrated on random kana pairs)\n")
    head = " | ".join(f"p{q} -> {s:.2f}" for q, s in ANCHORS)
    print(f"| term | random pairs | {head} |")
    print("|---|---|" + "---|" * len(ANCHORS))
    print(f"| kana global | {c.defined} | " + " | ".join(f"{x:.3f}" for x in c.xs[:-1]) + " |")
    I, J = np.triu_indices(n, 1)
    s = scorer.score(I, J, pairwise=True)
    letters = np.array([kana_letter(c) for c in kana])
    same = letters[I] == letters[J]
    thr = round(THRESHOLD * 100)
    print(f"\n| kana pairs | pairs | p50 | p90 | p99 | p99.9 | max | share >= {THRESHOLD:.2f} |")
    print("|---|---|---|---|---|---|---|---|")
    for name, m in (("all", np.ones_like(same)), ("two letters", ~same), ("one letter, two forms", same)):
        v = s[m]
        q = np.percentile(v, [50, 90, 99, 99.9])
        print(f"| {name} | {len(v)} | {q[0]:.2f} | {q[1]:.2f} | {q[2]:.2f} | {q[3]:.2f} | {v.max():.2f} "
              f"| {np.mean(quantized(v) >= thr):.4f} |")
    top = [k for k in np.argsort(-s, kind="stable") if not same[k]][:16]
    print("highest pairs of two letters: " + ", ".join(f"{kana[I[k]]}/{kana[J[k]]} {s[k]:.2f}" for k in top))
    lens = np.array([len(v) for v in lists.values()])
    print(f"kana rows {len(lists)}; pairs {int(lens.sum()) // 2}; neighbours per row: median "
          f"{int(np.median(lens))}, max {lens.max()}; kana without neighbours: {n - len(lists)}")


def table_rows(chars, lists):
    """Table lines `char<TAB>items` (without the newline) by character, unsorted."""
    rows = []
    for i, nb in lists.items():
        nb = sorted(nb, key=lambda t: (-t[1], chars[t[0]]))
        items = []
        for j, s, k in nb:
            suffix = "" if k == 0 else f":{KINDS[k]}"
            items.append(f"{chars[j]}:{s / 100:.2f}{suffix}")
        rows.append((chars[i], " ".join(items)))
    return rows


def font_version():
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "fonts-noto-cjk"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def header(source):
    return (
        f"# markwatch-table visual-neighbors v2; source: {source}; "
        "licence: derived from glyph shapes of Noto Sans CJK, SIL Open Font License 1.1\n"
    )


def write_table(path, rows, source):
    """Write the header and `rows` [(char, items)] sorted by character; returns the bytes."""
    lines = [header(source)]
    rows = sorted(rows)
    lines += [f"{c}\t{r}\n" for c, r in rows]
    data = "".join(lines).encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    return data


def report(scorer, chars, idx, lists):
    """Print the calibration tables (markdown) quoted in data/visual/README.md."""
    n = len(chars)
    P0 = random_pairs(n, CAL_RANDOM, CAL_SEED)  # the calibration pairs

    def pair_scores(pairs):
        I = np.array([idx[a] for a, _ in pairs])
        J = np.array([idx[b] for _, b in pairs])
        t = scorer.terms(I, J, pairwise=True)
        s, k = scorer.score_and_kind(I, J, pairwise=True)
        return t, s, k

    def fmt(x):
        return "–" if x < -0.5 else f"{x:.2f}"

    print("\n#### Calibration anchors (raw value of random pairs)\n")
    head = " | ".join(f"p{q} -> {s:.2f}" for q, s in ANCHORS)
    print(f"| term | random pairs where defined | {head} |")
    print("|---|---|" + "---|" * len(ANCHORS))
    rows = [(k, scorer.cal[k]) for k in TERMS if k != "enclosure"]
    for name, c in rows + [(f"box {k}", scorer.box_cal[k]) for k in BOXES]:
        print(f"| {name} | {c.defined} | " + " | ".join(f"{x:.3f}" for x in c.xs[:-1]) + " |")
    print("\n(enclosure: on the global scale; both glyphs have an enclosure in "
          f"{int(np.sum(scorer.hasenc[P0[:, 0]] & scorer.hasenc[P0[:, 1]]))} of the random pairs)")

    print("\n#### Probe pairs (one stroke or one component apart)\n")
    print("| pair | global raw | split raw | contain raw | shared (box-calibrated) | enclosure raw | score | kind | listed |")
    print("|---|---|---|---|---|---|---|---|---|")
    pairs = [(p[0], p[1]) for p in PROBE_PAIRS]
    t, sc, kd = pair_scores(pairs)
    for k, (a, b) in enumerate(pairs):
        listed = any(chars[j] == b for j, _, _ in lists.get(idx[a], []))
        print(
            f"| {a} {b} | {fmt(t['global'][k])} | {fmt(t['split'][k])} | {fmt(t['contain'][k])} "
            f"| {fmt(t['shared'][k])} | {fmt(t['enclosure'][k])} | {sc[k]:.2f} | {KINDS[kd[k]]} "
            f"| {'yes' if listed else 'no'} |"
        )
    rad = [(g[i], g[j]) for g in RADICAL_GROUPS for i in range(len(g)) for j in range(i + 1, len(g))]
    _, rsc, _ = pair_scores(rad)
    P = random_pairs(n, CAL_RANDOM, CAL_SEED + 1)  # held out from the calibration
    rr, rk = scorer.score_and_kind(P[:, 0], P[:, 1], pairwise=True)
    print("\n#### Distribution of the final score\n")
    print(f"| set | pairs | p50 | p90 | p99 | p99.9 | max | share >= {THRESHOLD:.2f} |")
    print("|---|---|---|---|---|---|---|---|")
    for name, v in (("probe pairs", sc), ("shared radical only", rsc), ("random pairs (held out)", rr)):
        q = np.percentile(v, [50, 90, 99, 99.9])
        print(
            f"| {name} | {len(v)} | {q[0]:.2f} | {q[1]:.2f} | {q[2]:.2f} | {q[3]:.2f} "
            f"| {v.max():.2f} | {np.mean(quantized(v) >= round(THRESHOLD * 100)):.4f} |"
        )
    hit = quantized(rr) >= round(THRESHOLD * 100)
    print("\nrandom pairs >= threshold by kind: " + ", ".join(f"{k} {int(np.sum(hit & (rk == i)))}" for i, k in enumerate(KINDS)))
    top = np.argsort(-rr, kind="stable")[:8]
    print("highest held-out random pairs: " + ", ".join(f"{chars[P[i, 0]]}/{chars[P[i, 1]]} {rr[i]:.2f} {KINDS[rk[i]]}" for i in top))
    lens = np.array([len(v) for v in lists.values()])
    by_kind = np.bincount([k for v in lists.values() for _, _, k in v], minlength=len(KINDS))
    print(
        f"\nrows {len(lists)}; pairs {int(lens.sum()) // 2} "
        f"(glyph {by_kind[0] // 2}, shares {by_kind[1] // 2}, has/in {by_kind[2]}); "
        f"neighbours per row: median {int(np.median(lens))}, p99 {int(np.percentile(lens, 99))}, max {lens.max()}; "
        f"characters without neighbours: {n - len(lists)}"
    )



def write_and_report(path, rows, source, t0):
    """Writes the table and prints its size, sha256 and the run time so far on stderr."""
    data = write_table(path, rows, source)
    print(
        f"wrote {path}: {len(rows)} rows, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}; "
        f"total {time.time() - t0:.1f}s",
        file=sys.stderr,
    )

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "data", "visual"))
    ap.add_argument("--font", default=FONT)
    ap.add_argument("--face", type=int, default=FACE)
    ap.add_argument("--report", action="store_true", help="print calibration tables")
    ap.add_argument("--cache", help="features .npz to reuse (written if missing); for development")
    ap.add_argument(
        "--kana-only",
        action="store_true",
        help="recompute only the kana rows and merge them into the existing table (same bytes as a full run)",
    )
    args = ap.parse_args()
    if not os.path.exists(args.font):
        sys.exit(f"font not found: {args.font} (run install.sh)")

    t0 = time.time()
    face = ImageFont.truetype(args.font, HI, index=args.face).getname()
    source = f"fonts-noto-cjk {font_version()}, {face[0]} {face[1]} (NotoSansCJK-Regular.ttc index {args.face})"
    path = os.path.join(args.out, "neighbors.tsv")
    kana, kscorer, kedges, klists = kana_group(args.font, args.face)
    print(f"{len(kana)} kana: {len(kedges)} pairs; {time.time() - t0:.1f}s", file=sys.stderr)
    rows = table_rows(kana, klists)
    if args.kana_only:
        # The ideograph rows do not depend on the kana (separate groups, separate
        # calibration), so the existing ideograph rows are kept as they are.
        with open(path, "rb") as fh:
            old = fh.read().decode("utf-8").split("\n")
        if old[0] + "\n" != header(source):
            sys.exit(f"{path}:1: header differs from this font's; run without --kana-only")
        for no, line in enumerate(old[1:-1], start=2):
            c, sep, items = line.partition("\t")
            if not sep or len(c) != 1:
                sys.exit(f"{path}:{no}: expected 'char<TAB>neighbours'")
            if not is_kana(c):
                rows.append((c, items))
        write_and_report(path, rows, source, t0)
        if args.report:
            kana_report(kana, kscorer, klists)
        return

    chars = charset()
    idx = {c: i for i, c in enumerate(chars)}
    n = len(chars)
    print(f"{n} characters; face {face[0]} {face[1]}", file=sys.stderr)
    if args.cache and os.path.exists(args.cache):
        z = np.load(args.cache)
        feats = {k: z[k] for k in FRAMES}
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
    edges, lists = select(scorer, n)
    print(f"all pairs {time.time() - t0:.1f}s; {len(edges)} pairs", file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    rows += table_rows(chars, lists)
    write_and_report(path, rows, source, t0)
    if args.report:
        report(scorer, chars, idx, lists)
        kana_report(kana, kscorer, klists)


if __name__ == "__main__":
    main()
