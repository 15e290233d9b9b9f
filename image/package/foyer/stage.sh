#!/bin/sh
# stage.sh SRC DEST: builds Foyer from the source tree SRC and installs what the box runs
# into DEST (the future /usr/lib/foyer). foyer.mk runs it with Buildroot's cross-compiling
# environment; test/image/stage.test.ts runs it for this machine, so a broken recipe fails
# in `npm test` rather than in an image build.
#
# SRC must hold node_modules from `npm ci --ignore-scripts` (every tarball checked against
# package-lock.json's sha512 integrity); nothing is downloaded here.
#
# Environment:
#   npm_config_nodedir     where include/node/ of the TARGET's Node.js lives (Buildroot:
#                          $(STAGING_DIR)/usr); default: the prefix of the node running this
#   npm_config_arch        node-gyp's target arch (arm64 on the box); default: this node's
#   CC, CXX, LD, PATH      the compilers node-gyp uses (Buildroot's cross toolchain), and a
#                          pkg-config that answers for the target's libexpat
#   FOYER_JOBS             parallel compile jobs (default 1)
#   FOYER_NATIVE_CACHE     optional folder where compiled addons are kept, keyed by their
#                          sources, this recipe, target arch and ABI (the tests use it;
#                          Buildroot does not)
set -eu

[ $# -eq 2 ] || { echo "usage: stage.sh SRC DEST" >&2; exit 2; }
src=$(cd "$1" && pwd)
mkdir -p "$2"
dest=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
cd "$src"

say() { echo "stage: $*"; }

[ -f node_modules/.package-lock.json ] ||
	{ echo "stage: $src/node_modules is missing: run 'npm ci --ignore-scripts' there first" >&2; exit 1; }

if [ -z "${npm_config_nodedir:-}" ]; then
	npm_config_nodedir=$(node -p 'require("path").resolve(process.execPath, "../..")')
	export npm_config_nodedir
fi
node_version_h="$npm_config_nodedir/include/node/node_version.h"
[ -f "$node_version_h" ] || { echo "stage: no Node.js headers at $node_version_h" >&2; exit 1; }
arch=${npm_config_arch:-$(node -p process.arch)}
abi=$(sed -n 's/^#define NODE_MODULE_VERSION \([0-9][0-9]*\).*/\1/p' "$node_version_h")
say "target linux-$arch, Node.js ABI $abi, headers from $npm_config_nodedir"

# 1. The project's own build, on the build machine (`npm run build`): TypeScript to plain
#    JavaScript, the web app's assets in dist/web, and the daemon bundled into the one file
#    the box runs (dist/src/daemon/foyer-daemon.js).
rm -rf dist
npm run --silent build

# 2. Native addons, compiled for the target with node-gyp (arch, headers and compilers
#    come from the environment). A cache hit reuses an addon built from the same sources.
build_addon() { # dir name source-paths...
	dir=$1 name=$2
	shift 2
	# The key covers the addon's sources and this recipe, so any change to either compiles.
	key=$( (cat "$here/stage.sh" && cd "$dir" && find binding.gyp package.json "$@" -type f 2>/dev/null |
		LC_ALL=C sort | xargs cat) | sha256sum | cut -c1-16)
	cached="${FOYER_NATIVE_CACHE:-}/$name-linux-$arch-$abi-$key"
	if [ -n "${FOYER_NATIVE_CACHE:-}" ] && [ -d "$cached" ]; then
		say "$name: cached build $key"
		rm -rf "$dir/build" && mkdir -p "$dir/build" && cp -R "$cached" "$dir/build/Release"
		return
	fi
	say "$name: compiling"
	(cd "$dir" && node "$src/node_modules/node-gyp/bin/node-gyp.js" rebuild --jobs "${FOYER_JOBS:-1}" --loglevel=warn)
	if [ -n "${FOYER_NATIVE_CACHE:-}" ]; then
		mkdir -p "$FOYER_NATIVE_CACHE"
		rm -rf "$cached.tmp" && mkdir "$cached.tmp"
		cp "$dir"/build/Release/*.node "$cached.tmp/" && mv "$cached.tmp" "$cached"
	fi
}
rm -rf build
if [ -f binding.gyp ]; then
	build_addon . expat-stream native
else
	say "no binding.gyp at the project root yet: the parser addon is not built"
fi
build_addon node_modules/lmdb lmdb src dependencies

# 3. The install tree: the app, its addons, its run-time packages.
say "installing into $dest"
rm -rf "$dest/dist" "$dest/web" "$dest/build" "$dest/node_modules"
cp package.json package-lock.json "$dest/"
(cd dist && find . -type f ! -name '*.map' ! -name '*.test.js' ! -path './test/*' ! -path './bench/*') |
	while read -r file; do
		mkdir -p "$dest/dist/$(dirname "$file")"
		cp "dist/$file" "$dest/dist/$file"
	done
if [ -d build/Release ]; then
	mkdir -p "$dest/build/Release"
	cp build/Release/*.node "$dest/build/Release/"
fi
node "$here/copy-runtime-modules.mjs" "$src" "$dest" "$arch" "$abi" | sed 's/^/stage: addon /'
if [ -d "$dest/build/Release" ]; then
	(cd "$dest" && find build/Release -name '*.node' | sed 's/^/stage: addon /')
fi
say "$(du -sk "$dest" | cut -f1) KiB in $dest"
