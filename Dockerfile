# syntax=docker/dockerfile:1
# Vigil's container image: built with the toolchain better-sqlite3 may need, run on a slim Node LTS image as the
# unprivileged `node` user, with the SQLite database on the /data volume.
#
#   docker build -t vigil .
#   docker run --rm -p 3978:3978 -e VIGIL_HOST=0.0.0.0 -v vigil-data:/data vigil   # the demo tenant, no Azure needed
#
# Without MicrosoftAppId, Bot Framework authentication is off and Vigil binds to loopback unless VIGIL_HOST says
# otherwise; with it (as infra/main.bicep deploys it), Vigil listens on all interfaces.

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary matches this Node; so does the detector's loop.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make gcc g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so a source change reuses this layer. Scripts are skipped here because the project's own
# `prepare` (the build) needs the sources; the two dependencies with install scripts are rebuilt explicitly.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
  && npm rebuild better-sqlite3 botbuilder-dialogs
COPY . .
RUN npm run build \
  && npm run build:native \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    PORT=3978 \
    VIGIL_DB=/data/vigil.db
WORKDIR /app
# Code and dependencies stay owned by root: the service can read them, not change them.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/posture/native/build/Release/anomaly_kernel.node ./posture/native/build/Release/anomaly_kernel.node
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3978
# No curl in the slim image: Node's own fetch asks /healthz (200 while the process runs).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node runs as PID 1 and handles SIGTERM itself: Vigil drains in-flight turns, stops the scheduler, closes the store.
CMD ["node", "dist/cli/vigil.js", "start"]
