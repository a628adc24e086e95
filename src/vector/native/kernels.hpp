// Distance kernels for f32 and f16 vectors, with runtime CPU dispatch.
//
// Why not usearch's own SIMD (NumKong)? Compiling NumKong's 25 dispatch files
// took 4.5 min on this project's busy 2-core build machine (2.5 min quiet,
// engine.md §2) for a 4 MB addon, and its probe step writes a header into
// node_modules. Without it (USEARCH_USE_NUMKONG=0) usearch falls back to
// portable C++ loops: fine for i8 and bit vectors, slow for f32 (GCC will not
// vectorise a float reduction unless reassociation is allowed: binding.gyp
// allows it) and very slow for f16 (a branchy software conversion per
// element). So for f32 and f16 with l2sq/ip/cos we supply AVX2+FMA+F16C
// kernels, chosen once by cpuid; other CPUs (pre-2013 x86, arm64) keep
// usearch's loops, vectorised for the baseline ISA. The kernels plug into
// usearch as "stateless" metrics and compute usearch's formulas exactly:
// l2sq = Σ(a-b)², ip = 1 - Σab, cos = 1 - Σab/(|a||b|) (0 if both norms are
// 0, 1 if one is). VECSQL_ANN_ISA=portable forces usearch's loops.
//
// Measured 2026-11-25 on a 2-core AMD EPYC with AVX2 (no AVX-512), shared with
// other jobs (load 3-6, so ±30 %): 20k x 128 random vectors, ns per distance
// in an exact scan (scan overhead included) / µs per HNSW search at ef=64,
// best of 7 rounds:
//
//   build                                  l2sq f32   cos f32    l2sq f16   cos i8     build time
//   usearch loops, -O3                     120 / 467  154 / 654  388 / 883  62 / 174   16 s
//   usearch loops, + reassociation          46 / 325   69 / 371  279 / 750  61 / 195   17-25 s
//   same, whole addon -march=x86-64-v3      39 / 198   46 / 387  190 / 459  55 / 209   17 s, AVX2-only binary
//   NumKong dynamic dispatch                56 / 244   72 / 333   33 / 160  36 / 147   270 s
//   this file + reassociated usearch loops  33 / 181   46 / 271   24 / 115  61 / 205   15-21 s  <- shipped
//
// Recall is a property of the graph, not of the kernels: the same in every
// build (20k clustered: 0.997 at ef=40, 1.000 at ef=64; 100k: see
// ann_index.cpp). Only cos/i8 is slower than NumKong (1.8x), and i8 is a
// niche choice (it is only allowed with cos and loses recall, engine.md §1).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define VECSQL_X86 1
#else
#define VECSQL_X86 0
#endif

namespace vecsql {
namespace kernels {

using uptr_t = std::size_t;
using distance_fn_t = float (*)(uptr_t, uptr_t, uptr_t);

inline float cos_from(float ab, float a2, float b2) noexcept {
    if (a2 == 0 && b2 == 0)
        return 0;
    if (a2 == 0 || b2 == 0)
        return 1;
    return 1 - ab / (std::sqrt(a2) * std::sqrt(b2));
}

// ---- AVX2 + FMA + F16C ------------------------------------------------------
// Written with intrinsics: left to itself GCC vectorised the three-sum cosine
// loop across outer iterations with permutes and ran 4x slower than l2sq.

#if VECSQL_X86 && defined(__GNUC__)
#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c")
namespace avx2 {
inline __m256 load8(float const* p) noexcept { return _mm256_loadu_ps(p); }
inline __m256 load8(std::uint16_t const* p) noexcept {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<__m128i const*>(p)));
}
inline float hsum(__m256 v) noexcept {
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    x = _mm_add_ss(x, _mm_movehdup_ps(x));
    return _mm_cvtss_f32(x);
}
inline float one(float x) noexcept { return x; }
inline float one(std::uint16_t x) noexcept { return _cvtsh_ss(x); }

template <typename scalar_t> float l2sq(uptr_t pa, uptr_t pb, uptr_t n) noexcept {
    auto a = reinterpret_cast<scalar_t const*>(pa);
    auto b = reinterpret_cast<scalar_t const*>(pb);
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 d0 = _mm256_sub_ps(load8(a + i), load8(b + i));
        __m256 d1 = _mm256_sub_ps(load8(a + i + 8), load8(b + i + 8));
        s0 = _mm256_fmadd_ps(d0, d0, s0);
        s1 = _mm256_fmadd_ps(d1, d1, s1);
    }
    float s = hsum(_mm256_add_ps(s0, s1));
    for (; i < n; ++i) {
        float d = one(a[i]) - one(b[i]);
        s += d * d;
    }
    return s;
}
template <typename scalar_t> float ip(uptr_t pa, uptr_t pb, uptr_t n) noexcept {
    auto a = reinterpret_cast<scalar_t const*>(pa);
    auto b = reinterpret_cast<scalar_t const*>(pb);
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(load8(a + i), load8(b + i), s0);
        s1 = _mm256_fmadd_ps(load8(a + i + 8), load8(b + i + 8), s1);
    }
    float s = hsum(_mm256_add_ps(s0, s1));
    for (; i < n; ++i)
        s += one(a[i]) * one(b[i]);
    return 1 - s;
}
template <typename scalar_t> float cos(uptr_t pa, uptr_t pb, uptr_t n) noexcept {
    auto a = reinterpret_cast<scalar_t const*>(pa);
    auto b = reinterpret_cast<scalar_t const*>(pb);
    __m256 ab = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = load8(a + i), y = load8(b + i);
        ab = _mm256_fmadd_ps(x, y, ab);
        a2 = _mm256_fmadd_ps(x, x, a2);
        b2 = _mm256_fmadd_ps(y, y, b2);
    }
    float sab = hsum(ab), sa2 = hsum(a2), sb2 = hsum(b2);
    for (; i < n; ++i) {
        float x = one(a[i]), y = one(b[i]);
        sab += x * y, sa2 += x * x, sb2 += y * y;
    }
    return cos_from(sab, sa2, sb2);
}
} // namespace avx2
#pragma GCC pop_options
#define VECSQL_HAVE_AVX2 1
#else
#define VECSQL_HAVE_AVX2 0
#endif

enum class kind_t { l2sq, ip, cos };

/// AVX2 kernels run when the CPU has AVX2, FMA and F16C, unless the
/// environment says VECSQL_ANN_ISA=portable (for tests and comparisons).
inline bool cpu_has_avx2() noexcept {
#if VECSQL_HAVE_AVX2
    static bool const has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                            __builtin_cpu_supports("f16c") &&
                            !(std::getenv("VECSQL_ANN_ISA") && std::strcmp(std::getenv("VECSQL_ANN_ISA"), "portable") == 0);
    return has;
#else
    return false;
#endif
}

/// The ISA of the f32/f16 kernels on this CPU: ours, or usearch's portable loops.
inline char const* isa() noexcept { return cpu_has_avx2() ? "avx2" : "serial"; }

/// Our kernel for (kind, f32|f16), or nullptr to keep usearch's own loops.
inline distance_fn_t find(kind_t kind, bool half) noexcept {
#if VECSQL_HAVE_AVX2
    if (cpu_has_avx2()) {
        using h = std::uint16_t;
        if (half)
            return kind == kind_t::l2sq ? avx2::l2sq<h> : kind == kind_t::ip ? avx2::ip<h> : avx2::cos<h>;
        return kind == kind_t::l2sq ? avx2::l2sq<float> : kind == kind_t::ip ? avx2::ip<float> : avx2::cos<float>;
    }
#endif
    (void)kind, (void)half;
    return nullptr;
}

} // namespace kernels
} // namespace vecsql
