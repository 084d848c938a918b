# syntax=docker/dockerfile:1

# ---- build: compile TypeScript and the native SQLite binding ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
COPY bin ./bin
# --ignore-scripts keeps `prepare` (the build) from running before the sources are here;
# better-sqlite3's own build is then run explicitly.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

# ---- runtime: only what the portal needs, as a non-root user ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DEMO=false \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/bin ./bin
COPY --chown=root:root views ./views
COPY --chown=root:root src/demo/seed ./src/demo/seed
# The import worker is plain ESM run in a worker thread; tsc does not copy it into dist/.
COPY --chown=root:root src/drafts/import/*.mjs ./src/drafts/import/
RUN mkdir -p /data && chown node:node /data \
  && ln -s /app/bin/gopy.js /usr/local/bin/gopy
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/server.js"]
