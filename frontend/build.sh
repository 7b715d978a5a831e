#!/usr/bin/env bash
# Build the front-end assets into static/ (committed), so running the Django
# app never needs Node. Run from anywhere:  bash frontend/build.sh
#
#   static/css/sutton.css          <- frontend/src/sutton.scss (GOV.UK Frontend + app- styles)
#   static/js/govuk-frontend.min.js <- govuk-frontend/dist/govuk/govuk-frontend.min.js
#   static/assets/images/govuk-crest.svg (only because the CSS names it)
#
# Deliberately NOT copied: assets/fonts (GDS Transport is for GOV.UK only).
# static/js/app.js is hand-written and committed; this script does not touch it.
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${FRONTEND_DIR}/.." && pwd)"
STATIC_DIR="${REPO_ROOT}/static"
GOVUK_DIST="${FRONTEND_DIR}/node_modules/govuk-frontend/dist/govuk"

cd "${FRONTEND_DIR}"

echo "==> npm ci"
npm ci --no-audit --no-fund --ignore-scripts

echo "==> sass src/sutton.scss -> static/css/sutton.css"
mkdir -p "${STATIC_DIR}/css"
npx --no-install sass \
  --pkg-importer=node \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --no-error-css \
  src/sutton.scss "${STATIC_DIR}/css/sutton.css"

echo "==> GOV.UK Frontend JS -> static/js/govuk-frontend.min.js"
mkdir -p "${STATIC_DIR}/js"
cp "${GOVUK_DIST}/govuk-frontend.min.js" "${STATIC_DIR}/js/govuk-frontend.min.js"
# The bundle ends with a "//# sourceMappingURL=..." comment; the .map is not
# shipped, so drop the comment (ManifestStaticFilesStorage would otherwise
# look for the missing file).
sed -i -E 's@//# sourceMappingURL=[^[:space:]]*[[:space:]]*$@@' "${STATIC_DIR}/js/govuk-frontend.min.js"

# This is a council service, not GOV.UK: no crown icons, favicons or fonts.
# The compiled CSS still names the crest (footer copyright logo, unused here),
# and the manifest storage needs every url() to exist, so only that file is copied.
echo "==> GOV.UK Frontend crest (referenced by the CSS only) -> static/assets/images/"
rm -rf "${STATIC_DIR}/assets"
mkdir -p "${STATIC_DIR}/assets/images"
cp "${GOVUK_DIST}/assets/images/govuk-crest.svg" "${STATIC_DIR}/assets/images/"

echo "==> done"
ls -l "${STATIC_DIR}/css/sutton.css" "${STATIC_DIR}/js/govuk-frontend.min.js"
