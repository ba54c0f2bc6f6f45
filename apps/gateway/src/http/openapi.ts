import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SCHEME, ErrorBodyView } from './api-docs';

const DESCRIPTION = `REST edge of the exchange.

* **Authentication**: \`Authorization: Bearer <keyId>.<secret>\`. Missing credentials give 401
  \`UNAUTHENTICATED\`, an unknown, revoked or wrong key 401 \`INVALID_API_KEY\`, a trader key on a
  staff route 403 \`FORBIDDEN\`.
* **Decimals** (prices, sizes, amounts) travel as strings such as \`"50000.5"\`; prices must be a
  multiple of the market's tick size and sizes of its lot size.
* **Errors** always have the body \`{ "code": "STABLE_CODE", "message": "...", "details"?: {...} }\`.
* **Times** in requests (\`expiresAt\`) are RFC 3339 with a zone, e.g. \`"2025-01-01T00:05:00Z"\`;
  answers carry gateway in/out times in microseconds since the epoch.
* **Order types**: \`limit\` or \`market\`, made conditional (stop / take-profit) by \`triggerPrice\`,
  \`triggerKind\` and \`triggerBy\` (mark or last price, default last); times in force GTC, IOC, FOK,
  GTD; post-only (reject or reprice), reduce-only, self-trade prevention (default cancel_maker).
* **Rate limits**: order entry and amends per API key (token bucket), reported in \`X-RateLimit-*\`
  headers; 429 \`RATE_LIMITED\` with \`Retry-After\` on excess. Cancels (by id, by client order id,
  all) are never limited.
* **Market data** streams over WebSocket at \`/v1/ws\`: \`{"op":"subscribe","channel":"book"|"trades","market":"BTC-PERP"}\`.
* **Account stream** on the same socket: authenticate once with \`{"op":"auth","key":"<keyId>.<secret>"}\`
  (answered \`{"op":"authenticated","accountId":...}\` or an error such as \`INVALID_API_KEY\`), then
  \`{"op":"subscribe","channel":"account"}\` pushes the account's latest margin state and every new one as
  \`{"channel":"account","type":"margin","accountId":...,"margin":{...}}\` (the \`margin\` of GET /v1/account).
  Subscribing before authenticating is refused with \`UNAUTHENTICATED\`.`;

/** Serves the OpenAPI document at /docs-json and its UI at /docs. */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Exchange gateway')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: '<keyId>.<secret>' }, API_KEY_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBodyView] });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
