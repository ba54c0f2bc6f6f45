# One image for every service; the compose file picks the entry point.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/ libs/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV HOST=0.0.0.0
CMD ["node", "dist/apps/gateway/src/main.js"]
