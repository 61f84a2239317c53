# syntax=docker/dockerfile:1
# One image for every role of ml-connector (api, worker, web dashboard, sandbox); the role is chosen by ROLE / command.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY libs/mapping/package.json libs/mapping/
COPY libs/connectors/package.json libs/connectors/
COPY apps/sandbox/package.json apps/sandbox/
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
RUN npm ci --no-audit --no-fund
COPY libs libs
COPY apps apps
COPY scripts scripts
RUN npm run build && node scripts/web-build.js && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
