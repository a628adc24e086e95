# vecsql_ann: our N-API addon over the usearch headers shipped in the pinned
# npm package (see ann_index.cpp). Built by `npm run build:native`
# (src/vector/build-native.mjs). usearch's NumKong SIMD library is NOT
# compiled (USEARCH_USE_NUMKONG=0): it took 2.5-4.5 min here; kernels.hpp
# explains what replaces it and the measurements.
{
  "targets": [
    {
      "target_name": "vecsql_ann",
      "sources": ["ann_index.cpp"],
      "include_dirs": [
        "<!(node paths.cjs napi)",
        "<!(node paths.cjs usearch)/include",
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NDEBUG",
        "USEARCH_USE_OPENMP=0",
        "USEARCH_USE_NUMKONG=0",
      ],
      "cflags!": ["-fno-exceptions", "-O2", "-O3"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": [
        "-std=c++17",
        "-fexceptions",
        "-frtti",
        "-O3",
        # Let GCC vectorise usearch's portable float loops (the fallback when
        # the CPU lacks AVX2, and the i8/bit metrics): reassociating sums is
        # all these allow; NaN and infinity semantics are kept.
        "-fno-math-errno",
        "-fno-trapping-math",
        "-fno-signed-zeros",
        "-fassociative-math",
        "-Wno-unknown-pragmas",
        "-Wno-maybe-uninitialized",
      ],
    }
  ]
}
