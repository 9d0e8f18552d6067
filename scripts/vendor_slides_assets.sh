#!/usr/bin/env bash
# Refresh the JavaScript that lecture-mode slide decks load from disk (reveal.js and KaTeX) from
# the npm registry, at pinned versions, into nnlessons/course/_vendor/. Only maintainers run this; the
# files it writes are committed, so decks build and open with no network.
#
#     bash scripts/vendor_slides_assets.sh
set -euo pipefail
REVEAL_VERSION=6.0.2
KATEX_VERSION=0.16.47
cd "$(dirname "$0")/.."
dest=nnlessons/course/_vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "fetching reveal.js@$REVEAL_VERSION and katex@$KATEX_VERSION with npm pack"
(cd "$tmp" && npm pack --silent "reveal.js@$REVEAL_VERSION" "katex@$KATEX_VERSION" >/dev/null)
mkdir -p "$tmp/reveal" "$tmp/katex"
tar xzf "$tmp/reveal.js-$REVEAL_VERSION.tgz" -C "$tmp/reveal"
tar xzf "$tmp/katex-$KATEX_VERSION.tgz" -C "$tmp/katex"

rm -rf "$dest/reveal.js" "$dest/katex" "$dest/VERSIONS"
# reveal.js's dist/ files go to _vendor/reveal.js/ itself: a folder named dist is gitignored here.
# nnlessons.slides copies them back into reveal.js/dist/ beside each deck.
r="$tmp/reveal/package"
mkdir -p "$dest/reveal.js/theme" "$dest/reveal.js/plugin"
cp "$r/LICENSE" "$dest/reveal.js/LICENSE"
cp "$r/dist/reveal.js" "$r/dist/reveal.css" "$dest/reveal.js/"
cp "$r/dist/theme/white.css" "$dest/reveal.js/theme/"      # fonts embedded, no @import
cp "$r/dist/plugin/notes.js" "$dest/reveal.js/plugin/"     # speaker view (press S)

k="$tmp/katex/package"
mkdir -p "$dest/katex/contrib" "$dest/katex/fonts"
cp "$k/LICENSE" "$dest/katex/LICENSE"
cp "$k/dist/katex.min.js" "$k/dist/katex.min.css" "$dest/katex/"
cp "$k/dist/contrib/auto-render.min.js" "$dest/katex/contrib/"
cp "$k/dist/fonts/"*.woff2 "$dest/katex/fonts/"                 # every current browser takes woff2

cat > "$dest/README.md" <<EOT
# Vendored front-end files for lecture-mode slide decks

Written by \`scripts/vendor_slides_assets.sh\` from the npm registry; do not edit by hand.

| folder | package | licence |
| --- | --- | --- |
| reveal.js/ | reveal.js $REVEAL_VERSION (its dist/ files: reveal.js, reveal.css, theme/white.css, plugin/notes.js) | MIT, reveal.js/LICENSE |
| katex/ | katex $KATEX_VERSION (katex.min.js, katex.min.css, contrib/auto-render.min.js, fonts/*.woff2) | MIT, katex/LICENSE |

\`nnlessons.slides\` copies them beside each deck (reveal.js/ as reveal.js/dist/), so decks open with no network.
EOT
du -sh "$dest/reveal.js" "$dest/katex"
echo "done: $dest"
