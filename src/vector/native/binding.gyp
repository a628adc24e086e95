# vecsql_ann: our N-API addon over the usearch headers shipped in the pinned
# npm package (see ann_index.cpp). Built by `npm run build:native`
# (src/vector/build-native.mjs); output: src/vector/native/build/Release/vecsql_ann.node.
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
        "-Wno-unknown-pragmas",
        "-Wno-maybe-uninitialized",
      ],
    }
  ]
}
