import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access';
import { GatewayMetrics } from './gateway-metrics';
import { HealthReport, HealthService } from './health.service';

class HealthView implements HealthReport {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ description: 'Kafka answers a metadata request' })
  kafka!: boolean;

  @ApiProperty({ description: 'Postgres answers SELECT 1' })
  postgres!: boolean;

  @ApiProperty({ description: 'every Kafka consumer of the gateway has joined its group' })
  consumers!: boolean;
}

@ApiTags('operations')
@Public()
@Controller()
export class OpsController {
  constructor(
    private readonly health: HealthService,
    private readonly metrics: GatewayMetrics,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Readiness: 200 when Kafka, Postgres and the consumers are up, else 503' })
  @ApiResponse({ status: 200, type: HealthView })
  @ApiResponse({ status: 503, type: HealthView })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthView> {
    const report = await this.health.check();
    reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  @Get('metrics')
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): string {
    return this.metrics.render();
  }
}
