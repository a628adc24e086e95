// Distance kernels for f32 and f16 vectors, with runtime CPU dispatch.
//
// Why not usearch's own SIMD (NumKong)? Measured on this project's 2-core
// build machine (see the table at the end of this comment), compiling NumKong's
// 25 dispatch files took 4.5 min (2.5 min on a quiet machine) for a 4 MB
// addon; this file plus usearch's portable loops build in ~20 s. usearch's
// portable loops (USEARCH_USE_NUMKONG=0) are fine for i8 and bit vectors but
// slow for f32 (a float reduction GCC will not vectorise) and very slow for f16
// (a branchy software conversion per element). So we supply those two
// ourselves: loops with 16 independent accumulators, which GCC vectorises
// without -ffast-math, compiled twice, for the baseline ISA (SSE2 on x86-64,
// NEON on arm64) and for AVX2+FMA+F16C, picked once at startup by cpuid.
// They plug into usearch as ordinary "stateless" metrics and compute exactly
// usearch's formulas: l2sq = Σ(a-b)², ip = 1 - Σab, cos = 1 - Σab/(|a||b|)
// (0 if both norms are 0, 1 if one is).
//
// Measured 2026-11-25, 20k x 128 random vectors, ns per distance in an exact
// scan (scan overhead included) / µs per HNSW search at ef=64, best of 7 on a
// busy 2-core AMD EPYC with AVX2 (numbers move ±30 %):
//
//   build                                 l2sq f32     cos f32      l2sq f16      cos i8     build time
//   usearch loops, -O3                    120 / 467    154 / 654    388 / 883     62 / 174   16 s
//   usearch loops, -O3 -fassociative-math  46 / 325     69 / 371    279 / 750     61 / 195   17-25 s
//   same, whole addon -march=x86-64-v3     39 / 198     46 / 387    190 / 459     55 / 209   17 s (not portable)
//   NumKong dynamic dispatch               56 / 244     73 / 333     33 / 160     36 / 147   270 s
//   these kernels (AVX2 path)             see KERNELS_MEASURED in ann_index.cpp
//
// Recall is a property of the graph, not of the kernels: identical in all
// builds (20k: 0.997 at ef=40, 1.000 at ef=64).
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

/// IEEE half -> float, for the portable path and the tails.
inline float half_to_float(std::uint16_t h) noexcept {
    std::uint32_t sign = std::uint32_t(h >> 15) << 31;
    std::uint32_t exponent = (h >> 10) & 0x1f;
    std::uint32_t mantissa = h & 0x3ff;
    std::uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0)
            bits = sign;
        else { // subnormal: normalise
            int shift = 0;
            while (!(mantissa & 0x400))
                mantissa <<= 1, ++shift;
            mantissa &= 0x3ff;
            bits = sign | (std::uint32_t(113 - shift) << 23) | (mantissa << 13);
        }
    } else if (exponent == 31)
        bits = sign | 0x7f800000u | (mantissa << 13);
    else
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

inline float cos_from(float ab, float a2, float b2) noexcept {
    if (a2 == 0 && b2 == 0)
        return 0;
    if (a2 == 0 || b2 == 0)
        return 1;
    return 1 - ab / (std::sqrt(a2) * std::sqrt(b2));
}

constexpr std::size_t lanes = 16;

// The kernels, written once over a block loader, then instantiated per target
// below. load_block(p, buffer) returns `lanes` floats: p itself for f32 (no
// copy: a copy through the stack costs a store-forwarding stall per block),
// the converted buffer for f16.

#define VECSQL_KERNEL_BODIES(load_block, load_one, scalar_t)                                                           \
    inline float l2sq(uptr_t pa, uptr_t pb, uptr_t n) noexcept {                                                       \
        auto a = reinterpret_cast<scalar_t const*>(pa);                                                                \
        auto b = reinterpret_cast<scalar_t const*>(pb);                                                                \
        float acc[lanes] = {}, ba[lanes], bb[lanes];                                                                   \
        std::size_t i = 0;                                                                                             \
        for (; i + lanes <= n; i += lanes) {                                                                           \
            float const* fa = load_block(a + i, ba);                                                                   \
            float const* fb = load_block(b + i, bb);                                                                   \
            for (std::size_t j = 0; j != lanes; ++j) {                                                                 \
                float d = fa[j] - fb[j];                                                                               \
                acc[j] += d * d;                                                                                       \
            }                                                                                                          \
        }                                                                                                              \
        float s = 0;                                                                                                   \
        for (std::size_t j = 0; j != lanes; ++j)                                                                       \
            s += acc[j];                                                                                               \
        for (; i < n; ++i) {                                                                                           \
            float d = load_one(a[i]) - load_one(b[i]);                                                                 \
            s += d * d;                                                                                                \
        }                                                                                                              \
        return s;                                                                                                      \
    }                                                                                                                  \
    inline float ip(uptr_t pa, uptr_t pb, uptr_t n) noexcept {                                                         \
        auto a = reinterpret_cast<scalar_t const*>(pa);                                                                \
        auto b = reinterpret_cast<scalar_t const*>(pb);                                                                \
        float acc[lanes] = {}, ba[lanes], bb[lanes];                                                                   \
        std::size_t i = 0;                                                                                             \
        for (; i + lanes <= n; i += lanes) {                                                                           \
            float const* fa = load_block(a + i, ba);                                                                   \
            float const* fb = load_block(b + i, bb);                                                                   \
            for (std::size_t j = 0; j != lanes; ++j)                                                                   \
                acc[j] += fa[j] * fb[j];                                                                               \
        }                                                                                                              \
        float s = 0;                                                                                                   \
        for (std::size_t j = 0; j != lanes; ++j)                                                                       \
            s += acc[j];                                                                                               \
        for (; i < n; ++i)                                                                                             \
            s += load_one(a[i]) * load_one(b[i]);                                                                      \
        return 1 - s;                                                                                                  \
    }                                                                                                                  \
    inline float cos(uptr_t pa, uptr_t pb, uptr_t n) noexcept {                                                        \
        auto a = reinterpret_cast<scalar_t const*>(pa);                                                                \
        auto b = reinterpret_cast<scalar_t const*>(pb);                                                                \
        float ab[lanes] = {}, a2[lanes] = {}, b2[lanes] = {}, ba[lanes], bb[lanes];                                    \
        std::size_t i = 0;                                                                                             \
        for (; i + lanes <= n; i += lanes) {                                                                           \
            float const* fa = load_block(a + i, ba);                                                                   \
            float const* fb = load_block(b + i, bb);                                                                   \
            for (std::size_t j = 0; j != lanes; ++j) {                                                                 \
                ab[j] += fa[j] * fb[j];                                                                                \
                a2[j] += fa[j] * fa[j];                                                                                \
                b2[j] += fb[j] * fb[j];                                                                                \
            }                                                                                                          \
        }                                                                                                              \
        float sab = 0, sa2 = 0, sb2 = 0;                                                                               \
        for (std::size_t j = 0; j != lanes; ++j)                                                                       \
            sab += ab[j], sa2 += a2[j], sb2 += b2[j];                                                                  \
        for (; i < n; ++i) {                                                                                           \
            float x = load_one(a[i]), y = load_one(b[i]);                                                              \
            sab += x * y, sa2 += x * x, sb2 += y * y;                                                                  \
        }                                                                                                              \
        return cos_from(sab, sa2, sb2);                                                                                \
    }

inline float f32_one(float x) noexcept { return x; }
inline float f16_one(std::uint16_t x) noexcept { return half_to_float(x); }

// ---- baseline ISA -----------------------------------------------------------

namespace portable {
inline float const* f32_block(float const* p, float*) noexcept { return p; }
inline float const* f16_block(std::uint16_t const* p, float* out) noexcept {
    for (std::size_t j = 0; j != lanes; ++j)
        out[j] = half_to_float(p[j]);
    return out;
}
namespace f32 {
VECSQL_KERNEL_BODIES(f32_block, f32_one, float)
}
namespace f16 {
VECSQL_KERNEL_BODIES(f16_block, f16_one, std::uint16_t)
}
} // namespace portable

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

#undef VECSQL_KERNEL_BODIES

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

/// The ISA the kernels below will use on this CPU.
inline char const* isa() noexcept { return cpu_has_avx2() ? "avx2" : "portable"; }

/// Our kernel for (kind, f32|f16), or nullptr to keep usearch's own.
inline distance_fn_t find(kind_t kind, bool half) noexcept {
#if VECSQL_HAVE_AVX2
    if (cpu_has_avx2()) {
        using h = std::uint16_t;
        if (half)
            return kind == kind_t::l2sq ? avx2::l2sq<h> : kind == kind_t::ip ? avx2::ip<h> : avx2::cos<h>;
        return kind == kind_t::l2sq ? avx2::l2sq<float> : kind == kind_t::ip ? avx2::ip<float> : avx2::cos<float>;
    }
#endif
    if (half)
        return kind == kind_t::l2sq ? portable::f16::l2sq : kind == kind_t::ip ? portable::f16::ip : portable::f16::cos;
    return kind == kind_t::l2sq ? portable::f32::l2sq : kind == kind_t::ip ? portable::f32::ip : portable::f32::cos;
}

} // namespace kernels
} // namespace vecsql
