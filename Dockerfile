# syntax=docker/dockerfile:1
# The product's image, for every live role (api, worker, web dashboard); the role is chosen by ROLE / command.
# It holds no simulator and no demo: apps/sandbox and apps/demo are built for the compile step only and removed
# before the runtime stage, so a deployed API can never start a sandbox or expose its fault-injection API.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY libs/mapping/package.json libs/mapping/
COPY libs/connectors/package.json libs/connectors/
COPY apps/sandbox/package.json apps/sandbox/
COPY apps/api/package.json apps/api/
COPY apps/demo/package.json apps/demo/
COPY apps/web/package.json apps/web/
RUN npm ci --no-audit --no-fund
COPY libs libs
COPY apps apps
COPY scripts scripts
RUN npm run build && node scripts/web-build.js && npm prune --omit=dev \
 && rm -rf apps/sandbox apps/demo node_modules/@mlc/sandbox node_modules/@mlc/demo \
 && node -e "require('/app/apps/api/dist/bootstrap.js')"

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
