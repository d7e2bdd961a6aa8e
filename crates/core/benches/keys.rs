//! Key computation throughput: 1M synthetic mixed-script marks from a fixed seed.
//!
//! Run with `cargo bench -p markwatch-core --bench keys` (set `MARKS=n` for fewer marks).
//! Prints start-up time and marks per second on one core.

use std::hint::black_box;
use std::time::Instant;

use markwatch_core::normalize::Normalizer;

/// xorshift64*: a small deterministic generator, so every run sees the same marks.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const HANZI: &str = "福岡冈宮宫崎長长野京都東东北海道茅台龍龙井普洱祁門门榨菜烏乌特斯拉盤盘錦锦大米喬乔丹體体育王老吉六個个核桃威猛先生星巴克同仁堂狗不理少林寺花賀贺茂鶴鹤櫻樱正宗信陽阳毛尖安白茶紅红香梨哈密瓜";
const KANA: &[&str] = &[
    "マ", "オ", "タ", "イ", "ロ", "ン", "ジ", "キ", "ー", "ス", "ラ", "テ", "ク", "モ", "あ", "き",
    "た", "こ", "ま", "ち", "ひ", "と", "め", "ぼ", "れ", "ウ", "ザ", "サ", "プ", "ア", "ル", "ッ",
];
const LATIN: &[&str] = &[
    "ka", "o", "te", "sla", "star", "bucks", "kee", "mun", "tong", "ren", "tang", "fu", "ku",
    "kyo", "to", "ma", "mon", "shao", "lin", "jor", "dan", "pen", "folds",
];
const GENERIC: &[&str] = &[
    "抹茶",
    "大米",
    "牛",
    "春雨",
    "有限公司",
    "株式会社",
    " BEEF",
    " TEA",
    " Co., Ltd.",
    "紅茶",
];

fn mark(rng: &mut Rng, hanzi: &[char]) -> String {
    let mut s = String::new();
    match rng.next() % 4 {
        0 => (0..2 + rng.next() % 3).for_each(|_| s.push(rng.pick(hanzi))),
        1 => (0..3 + rng.next() % 4).for_each(|_| s.push_str(rng.pick(KANA))),
        2 => {
            for w in 0..1 + rng.next() % 2 {
                if w > 0 {
                    s.push(' ');
                }
                (0..1 + rng.next() % 3).for_each(|_| s.push_str(rng.pick(LATIN)));
            }
            s.make_ascii_uppercase();
        }
        _ => {
            (0..2).for_each(|_| s.push(rng.pick(hanzi)));
            (0..2).for_each(|_| s.push_str(rng.pick(KANA)));
        }
    }
    if rng.next().is_multiple_of(3) {
        s.push_str(rng.pick(GENERIC));
    }
    s
}

/// Nanoseconds this thread has run on a CPU (Linux), to report throughput that does not
/// depend on how busy the machine is; None elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let n: usize = std::env::var("MARKS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let t = Instant::now();
    let norm = Normalizer::new();
    let startup = t.elapsed();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let hanzi: Vec<char> = HANZI.chars().collect();
    let marks: Vec<String> = (0..n).map(|_| mark(&mut rng, &hanzi)).collect();
    black_box(norm.keys("茅台マオタイ"));
    let cpu0 = thread_cpu_ns();
    let t = Instant::now();
    let mut total = 0usize;
    for m in &marks {
        let k = norm.keys(black_box(m));
        total += k.phonetic.len() + k.folded.len();
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = thread_cpu_ns().zip(cpu0).map(|(b, a)| (b - a) as f64 / 1e9);
    black_box(total);
    println!(
        "Normalizer::new: {:.0} ms; keys: {n} marks in {secs:.2} s = {:.0} marks/s (1 thread, wall clock)",
        startup.as_secs_f64() * 1e3,
        n as f64 / secs
    );
    if let Some(cpu) = cpu {
        println!(
            "keys: {cpu:.2} s on CPU = {:.0} marks per CPU-second",
            n as f64 / cpu
        );
    }
}
