# syntax=docker/dockerfile:1
FROM node:20-slim AS build
WORKDIR /app
# The native HNSW addon is compiled by node-gyp.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src/vector/native/build/Release/vecsql_ann.node ./src/vector/native/build/Release/vecsql_ann.node
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 5432
ENV VECSQL_HOST=0.0.0.0 VECSQL_DATA_DIR=/data
CMD ["node", "dist/src/main.js"]
