#!/usr/bin/env bash
# tools/node-bin.sh MAJOR: prints the path of a Node binary of that major version — the machine's
# own `node` when it is one, else npm's `node@MAJOR` package (which ships the binary), installed
# once into ~/.cache/tollgate/node-MAJOR. Nothing but the npm registry is needed.
set -euo pipefail
major="${1:?usage: tools/node-bin.sh MAJOR}"
own="$(command -v node || true)"
if [ -n "$own" ] && [ "$("$own" -p 'process.versions.node.split(".")[0]')" = "$major" ]; then
  echo "$own"
  exit 0
fi
dir="${XDG_CACHE_HOME:-$HOME/.cache}/tollgate/node-$major"
bin="$dir/node_modules/node/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "node@$major" >&2
fi
echo "$bin"
