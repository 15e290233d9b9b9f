# Builds native/expat-stream (the XMPP stream parser) against the system libexpat, found
# with pkg-config (Debian libexpat1-dev, Buildroot's expat on the image). `npm ci` runs
# this through the package's "install" script (node-gyp rebuild).
{
  "targets": [
    {
      "target_name": "expat_stream",
      "sources": [
        "native/expat-stream/src/addon.cc",
        "native/expat-stream/src/stream_core.cc",
        "native/expat-stream/src/namespace_scope.cc",
        "native/expat-stream/src/name_table.cc",
        "native/expat-stream/src/utf8_validator.cc",
        "native/expat-stream/src/utf8_blocks.cc",
        "native/expat-stream/src/utf16_transcoder.cc"
      ],
      # C++ exceptions on (node_addon_api_except): node-addon-api then turns a failed N-API
      # call or a TypeError thrown in a method into a JS exception without error-code
      # plumbing, and std::bad_alloc from the core's buffers is catchable. Exceptions never
      # cross expat's C frames: the core's handlers catch and call XML_StopParser instead.
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"
      ],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-fvisibility=hidden", "<!@(pkg-config --cflags expat)"],
      "cflags_cc": ["-std=c++17", "-fvisibility=hidden", "-Wall", "-Wextra", "<!@(pkg-config --cflags expat)"],
      "libraries": ["<!@(pkg-config --libs expat)"],
      "xcode_settings": {
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "OTHER_CFLAGS": ["<!@(pkg-config --cflags expat)"]
      }
    }
  ]
}
